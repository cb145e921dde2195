//! Where the estate sets the variables a log's retention depends on.
//!
//! `<maxHistory>${LOG_FILE_MAX_HISTORY:-30}</maxHistory>` keeps what the variable says where the
//! service runs, and the default when nothing sets it. This front end reads the places a bank's
//! estate sets such variables: `.env` files, docker-compose `environment:`, Kubernetes manifests
//! and Helm values (`env:`), systemd units (`Environment=`) and Spring Boot configuration (which
//! publishes `logging.logback.rollingpolicy.max-history` and `logging.file.max-history` to
//! logback as `LOGBACK_ROLLINGPOLICY_MAX_HISTORY` and `LOG_FILE_MAX_HISTORY`, per profile, and
//! gives the values of `<springProperty source=...>`). Once every file is in, each log whose
//! retention one variable decides (`model::logs::Deferred`) is settled: by the values the estate
//! sets, the lowest where several apply, else by the default, naming the variable. The arithmetic
//! says where the value came from.
//!
//! A setting reaches the logs of its part of the tree: its file's directory, cut at the first
//! directory that holds deployment or source files (`deploy`, `k8s`, `helm`, `src`, `config`,
//! ...), so `services/pay/deploy/k8s/app.yaml` reaches `services/pay/**` and a root `.env` the
//! whole estate.

use super::spring;
use super::vars::Substituted;
use super::Pending;
use crate::frontend::{self, Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::logs::duration;
use crate::model::logs::{Deferred, LogPolicy, Measure, Setting, Text};
use crate::model::Portfolio;
use crate::parse::tree::{NodeId, Tree, Value};
use crate::settings::Settings;

/// Where a variable is set.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    DotEnv,
    Compose,
    Kubernetes,
    Helm,
    Systemd,
    Spring,
}

impl Origin {
    fn words(self) -> (&'static str, &'static str) {
        match self {
            Origin::DotEnv => (".env", ".env 文件"),
            Origin::Compose => ("docker-compose environment", "docker-compose environment"),
            Origin::Kubernetes => ("Kubernetes env", "Kubernetes env"),
            Origin::Helm => ("Helm values", "Helm values"),
            Origin::Systemd => ("systemd Environment=", "systemd Environment="),
            Origin::Spring => ("Spring configuration", "Spring 配置"),
        }
    }
}

/// One variable set somewhere in the estate.
#[derive(Debug, Clone)]
pub struct VarSetting {
    /// The variable as set: an environment name, or a Spring key.
    pub name: String,
    pub value: String,
    pub file: String,
    pub line: u32,
    pub origin: Origin,
    /// The Spring profile the setting belongs to.
    pub profile: Option<String>,
    /// The path prefix of the logs the setting reaches (see the module comment).
    pub scope: String,
}

/// Directories below which deployment or source files live: a setting in one reaches the
/// part of the tree above it.
const CUT: &[&str] = &[
    "src",
    "resources",
    "config",
    "conf",
    "deploy",
    "deployment",
    "deployments",
    "k8s",
    "kubernetes",
    "kube",
    "manifests",
    "helm",
    "chart",
    "charts",
    "docker",
    "compose",
    "systemd",
    "env",
    "envs",
    "environments",
    "ops",
    "infra",
];

/// Keys whose value lists or maps environment variables (Kubernetes and Compose `env` /
/// `environment`, the Helm chart conventions `extraEnv`, `envVars`).
const ENV_KEYS: &[&str] = &["env", "environment", "extraenv", "extraenvvars", "envvars"];

/// Spring Boot keys that Spring publishes to logback as system properties.
const SPRING_PUBLISHED: &[(&str, &[&str])] = &[
    (
        "logging.logback.rollingpolicy.maxhistory",
        &["LOGBACK_ROLLINGPOLICY_MAX_HISTORY", "LOG_FILE_MAX_HISTORY"],
    ),
    (
        "logging.file.maxhistory",
        &["LOG_FILE_MAX_HISTORY", "LOGBACK_ROLLINGPOLICY_MAX_HISTORY"],
    ),
];

/// How deep the walk for `env:` lists goes.
const MAX_DEPTH: usize = 24;

/// The longest value kept, and the longest line read for one: a count is a few digits, and a
/// 9 MiB one-line secret in a `.env` must not be copied.
const MAX_VALUE: usize = 256;
const MAX_LINE: usize = 4096;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    DotEnv,
    Systemd,
    Spring,
    /// YAML that may list environment variables (Compose, Kubernetes, Helm values).
    Deployment(Origin),
}

fn kind_of(input: &FileInput) -> Option<Kind> {
    let name = input.file_name();
    if spring::wants(&name) {
        return Some(Kind::Spring);
    }
    if name == ".env" || name.starts_with(".env.") || name.ends_with(".env") {
        return Some(Kind::DotEnv);
    }
    if name.ends_with(".service") {
        return Some(Kind::Systemd);
    }
    if !(name.ends_with(".yml") || name.ends_with(".yaml")) {
        return None;
    }
    let text = &input.file.text;
    if name.starts_with("docker-compose") || name.starts_with("compose.") || name.starts_with("compose-") {
        return Some(Kind::Deployment(Origin::Compose));
    }
    if !text.contains("nv") {
        return None;
    }
    if name.starts_with("values") {
        return Some(Kind::Deployment(Origin::Helm));
    }
    (text.contains("kind:") && text.contains("env:")).then_some(Kind::Deployment(Origin::Kubernetes))
}

/// Reads the variables each file of the estate sets.
pub struct EstateVariables;

impl FrontEnd for EstateVariables {
    fn claims(&self, input: &FileInput) -> bool {
        kind_of(input).is_some()
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        // An OpenAPI document's `env` keys are schema properties, not a deployment's.
        let Some(kind) = kind_of(input).filter(|_| out.spec.is_none()) else {
            return;
        };
        let file = &input.file;
        let scope = scope_of(&file.path, &file.rel);
        let mut settings = Vec::new();
        let mut push = |name: &str, value: &str, offset: u32, origin: Origin, profile: Option<String>| {
            if name.is_empty() || value.len() > MAX_VALUE {
                return;
            }
            settings.push(VarSetting {
                name: name.to_string(),
                value: value.to_string(),
                file: file.path.clone(),
                line: file.pos(offset).line,
                origin,
                profile,
                scope: scope.clone(),
            });
        };
        match kind {
            Kind::DotEnv => {
                for (offset, line) in lines(&file.text) {
                    if let Some((name, value)) = dotenv_line(line) {
                        push(name, &value, offset, Origin::DotEnv, None);
                    }
                }
            }
            Kind::Systemd => {
                for (offset, line) in lines(&file.text) {
                    let Some(rest) = line.trim_start().strip_prefix("Environment=") else {
                        continue;
                    };
                    if rest.len() > MAX_LINE {
                        continue;
                    }
                    for word in unit_words(rest) {
                        if let Some((name, value)) = word.split_once('=') {
                            push(name.trim(), value, offset, Origin::Systemd, None);
                        }
                    }
                }
            }
            Kind::Spring => {
                for (profile, key, value, offset) in spring::settings(input, MAX_LINE) {
                    let norm = key.to_ascii_lowercase().replace(['-', '_'], "");
                    if let Some((_, names)) = SPRING_PUBLISHED.iter().find(|(k, _)| *k == norm) {
                        for name in *names {
                            push(name, &value, offset, Origin::Spring, profile.clone());
                        }
                    }
                    push(&key, &value, offset, Origin::Spring, profile);
                }
            }
            Kind::Deployment(origin) => {
                let Some(tree) = input.structured() else {
                    return;
                };
                let mut found = Vec::new();
                for root in tree.roots() {
                    env_lists(tree, *root, 0, &mut found);
                }
                for (name, value, offset) in found {
                    push(&name, &value, offset, origin, None);
                }
            }
        }
        if !settings.is_empty() {
            out.pending.logs.push(Pending::Variables(settings));
        }
    }

    fn finish(&self, portfolio: &mut Portfolio, pending: &mut frontend::Pending, _settings: &Settings) {
        let mut settings = Vec::new();
        pending.logs.retain_mut(|item| match item {
            Pending::Variables(list) => {
                settings.append(list);
                false
            }
            _ => true,
        });
        settle(&mut portfolio.logs, &settings);
    }
}

/// The deferred retention of a count setting whose whole value is one variable from outside
/// the file (`${LOG_FILE_MAX_HISTORY:-30}`, Spring's `${LOG_DAYS:30}`): `None` when the value
/// mixes text and variables or names several, which stay unknown.
pub(super) fn deferred(
    raw: &str,
    value: &Substituted,
    period: u64,
    setting: String,
    cap: Option<u64>,
) -> Option<Deferred> {
    let raw = raw.trim();
    let [variable] = value.external.as_slice() else {
        return None;
    };
    (raw.starts_with("${") && raw.ends_with('}') && raw[2..].find("${").is_none()).then(|| Deferred {
        variable: variable.clone(),
        default: value.defaulted.then(|| value.text.trim().to_string()),
        period,
        period_words: super::period_text(period),
        setting,
        cap,
    })
}

/// Lines with the byte offset of their start.
fn lines(text: &str) -> impl Iterator<Item = (u32, &str)> {
    let mut offset = 0u32;
    text.split('\n').map(move |line| {
        let at = offset;
        offset = offset.saturating_add(line.len() as u32 + 1);
        (at, line.trim_end_matches('\r'))
    })
}

/// `NAME=value`, `export NAME="value"  # comment`.
fn dotenv_line(line: &str) -> Option<(&str, String)> {
    let line = line.trim();
    if line.starts_with('#') || line.len() > MAX_LINE {
        return None;
    }
    let line = line.strip_prefix("export ").unwrap_or(line);
    let (name, value) = line.split_once('=')?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '.')
    {
        return None;
    }
    let value = value.trim();
    let value = match value.chars().next() {
        Some(quote @ ('"' | '\'')) => value[1..].split(quote).next().unwrap_or("").to_string(),
        _ => value.split(" #").next().unwrap_or("").trim().to_string(),
    };
    Some((name, value))
}

/// The words of a systemd `Environment=` value: space-separated, double or single quotes
/// grouping (`Environment="A=1" B=2`).
fn unit_words(text: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quote = None;
    for c in text.chars() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, c) if c.is_whitespace() => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            _ => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}

/// Every environment variable a YAML tree lists under an `env`-like key: a list of
/// `{name, value}` (Kubernetes, Helm), a list of `NAME=value` (Compose) or a map (Compose, Helm).
fn env_lists(tree: &Tree, id: NodeId, depth: usize, out: &mut Vec<(String, String, u32)>) {
    if depth > MAX_DEPTH {
        return;
    }
    match &tree.node(id).value {
        Value::Map(entries) => {
            for entry in entries.iter() {
                let key = entry.key.to_ascii_lowercase();
                if ENV_KEYS.contains(&key.as_str()) {
                    variables(tree, entry.value, out);
                }
                env_lists(tree, entry.value, depth + 1, out);
            }
        }
        Value::Seq(items) => {
            for item in items.iter() {
                env_lists(tree, *item, depth + 1, out);
            }
        }
        _ => {}
    }
}

fn variables(tree: &Tree, id: NodeId, out: &mut Vec<(String, String, u32)>) {
    match &tree.node(id).value {
        Value::Map(entries) => {
            for entry in entries.iter() {
                if let Some(value) = tree.scalar_text(entry.value) {
                    out.push((entry.key.to_string(), value.to_string(), entry.key_span.start));
                }
            }
        }
        Value::Seq(items) => {
            for item in items.iter() {
                if let Some(text) = tree.scalar_text(*item) {
                    if let Some((name, value)) = text.split_once('=') {
                        out.push((name.trim().to_string(), value.to_string(), tree.span(*item).start));
                    }
                } else if let (Some(name), Some(value)) = (
                    tree.get_str(*item, "name"),
                    tree.get(*item, "value").and_then(|v| tree.scalar_text(v)),
                ) {
                    out.push((name.to_string(), value.to_string(), tree.span(*item).start));
                }
            }
        }
        _ => {}
    }
}

/// The path prefix a setting in `path` reaches: its directory, cut at the first directory of
/// `CUT` below the scan root (`rel` is the path below the root).
fn scope_of(path: &str, rel: &str) -> String {
    let root_len = if path.ends_with(rel) {
        path.len() - rel.len()
    } else {
        0
    };
    let mut end = root_len;
    let mut at = root_len;
    for part in rel.split('/') {
        let next = at + part.len();
        if next >= path.len() {
            // The file name itself.
            break;
        }
        if CUT.contains(&part.to_ascii_lowercase().as_str()) {
            break;
        }
        end = next;
        at = next + 1;
    }
    path[..end].trim_end_matches('/').to_string()
}

fn reaches(setting: &VarSetting, log: &LogPolicy) -> bool {
    setting.scope.is_empty()
        || log
            .file
            .strip_prefix(&setting.scope)
            .is_some_and(|rest| rest.starts_with('/'))
}

/// A name as both sides of a match see it: Spring's relaxed binding (case, `-`, `_` and `.`
/// do not matter), so `LOGGING_RETENTION_DAYS` sets `logging.retention-days`.
fn relaxed(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase()
}

/// Settles every log whose retention one variable decides, adding an entry per Spring profile
/// that sets the variable.
fn settle(logs: &mut Vec<LogPolicy>, settings: &[VarSetting]) {
    let mut added = Vec::new();
    for log in logs.iter_mut() {
        let Some(deferred) = log.deferred.take() else {
            continue;
        };
        let wanted = relaxed(&deferred.variable);
        let applying: Vec<&VarSetting> = settings
            .iter()
            .filter(|s| relaxed(&s.name) == wanted && reaches(s, log))
            .collect();
        let base: Vec<&VarSetting> = applying.iter().copied().filter(|s| s.profile.is_none()).collect();
        let mut profiles: Vec<&String> = applying.iter().filter_map(|s| s.profile.as_ref()).collect();
        profiles.sort();
        profiles.dedup();
        match log.profile.clone() {
            Some(profile) => {
                let own: Vec<&VarSetting> = applying
                    .iter()
                    .copied()
                    .filter(|s| s.profile.as_deref() == Some(profile.as_str()))
                    .collect();
                judge(log, &deferred, if own.is_empty() { &base } else { &own });
            }
            None => {
                for profile in profiles {
                    let own: Vec<&VarSetting> = applying
                        .iter()
                        .copied()
                        .filter(|s| s.profile.as_ref() == Some(profile))
                        .collect();
                    let mut entry = log.clone();
                    entry.profile = Some(profile.clone());
                    judge(&mut entry, &deferred, &own);
                    added.push(entry);
                }
                judge(log, &deferred, &base);
            }
        }
    }
    logs.extend(added);
}

/// Sets a log's measure and arithmetic from the settings that apply (the lowest count wins:
/// it is what may run), else from the default.
fn judge(log: &mut LogPolicy, deferred: &Deferred, applying: &[&VarSetting]) {
    let variable = &deferred.variable;
    let counted: Vec<(u64, &VarSetting)> = applying
        .iter()
        .filter_map(|s| s.value.trim().parse::<u64>().ok().map(|n| (n, *s)))
        .collect();
    let lowest = counted.iter().min_by_key(|(n, s)| (*n, s.file.as_str(), s.line));
    let (count, source) = match (lowest, deferred.default.as_deref()) {
        (Some((count, setting)), _) => {
            let (origin_en, origin_zh) = setting.origin.words();
            let profile = setting
                .profile
                .as_ref()
                .map(|p| (format!(", profile {p}"), format!("，profile {p}")))
                .unwrap_or_default();
            let others: Vec<String> = counted
                .iter()
                .filter(|(_, s)| !std::ptr::eq(*s, *setting))
                .map(|(n, s)| format!("{n} ({}:{})", s.file, s.line))
                .collect();
            let mut en = format!(
                "{variable}={count} in {}:{} ({origin_en}{})",
                setting.file, setting.line, profile.0
            );
            let mut zh = format!(
                "{variable}={count}，见 {}:{}（{origin_zh}{}）",
                setting.file, setting.line, profile.1
            );
            if !others.is_empty() {
                en.push_str(&format!("; also set to {}", others.join(", ")));
                zh.push_str(&format!("；另有取值 {}", others.join("、")));
            }
            log.evidence.settings.push(Setting {
                key: setting.name.clone(),
                value: setting.value.clone(),
                file: setting.file.clone(),
                line: setting.line,
            });
            (*count, Some((en, zh)))
        }
        (None, Some(default)) => match default.trim().parse::<u64>() {
            Ok(count) => (count, None),
            Err(_) => return,
        },
        // Set only to values that are not counts, and no default: unknown as before, with
        // where it is set.
        (None, None) => {
            if let Some(setting) = applying.first() {
                log.evidence.arithmetic.en.push_str(&format!(
                    "; {variable} is set to {} in {}:{}, not a count",
                    setting.value, setting.file, setting.line
                ));
                log.evidence.arithmetic.zh.push_str(&format!(
                    "；{variable} 在 {}:{} 中取值 {}，不是份数",
                    setting.file, setting.line, setting.value
                ));
            }
            return;
        }
    };
    let period = &deferred.period_words;
    let setting = &deferred.setting;
    if count == 0 {
        log.measure = Measure::Unbounded;
        log.evidence.arithmetic = match &source {
            Some((en, zh)) => Text::new(
                format!("{} rollover with {setting} = 0 ({en}): archives are never deleted", period.en),
                format!("{}滚动，{setting} 为 0（{zh}）：归档文件不会被删除", period.zh),
            ),
            None => Text::new(
                format!(
                    "{} rollover with {setting}: 0 when unset, archives are never deleted unless {variable} is set where the service runs",
                    period.en
                ),
                format!(
                    "{}滚动，{setting}：未设置时为 0，除非运行环境设置了 {variable}，归档文件不会被删除",
                    period.zh
                ),
            ),
        };
    } else {
        let seconds = count.saturating_mul(deferred.period);
        let (days_en, days_zh) = duration::days_text(seconds);
        let mut text = match &source {
            Some((en, zh)) => Text::new(
                format!("{} rollover x {setting} = {count} ({en}) = {days_en}", period.en),
                format!("{}滚动 × {setting} = {count}（{zh}）= {days_zh}", period.zh),
            ),
            None => Text::new(
                format!(
                    "{} rollover x {setting} = {count} (its default; nothing in the estate sets {variable}) = {days_en} unless {variable} is set where the service runs",
                    period.en
                ),
                format!(
                    "{}滚动 × {setting} = {count}（默认值；所扫描的配置中没有设置 {variable}）= {days_zh}，除非运行环境设置了 {variable}",
                    period.zh
                ),
            ),
        };
        let cap = deferred
            .cap
            .map(|bytes| super::logback::size_cap(&mut text, bytes));
        log.measure = Measure::Time {
            min: seconds,
            max: Some(seconds),
            cap,
        };
        log.evidence.arithmetic = text;
    }
    log.retention_days = log.measure.days();
    log.bounded_by = log.measure.bounded_by();
    log.status = log.measure.status();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_cut_at_deployment_and_source_directories() {
        assert_eq!(
            scope_of(
                "services/pay/deploy/k8s/app.yaml",
                "services/pay/deploy/k8s/app.yaml"
            ),
            "services/pay"
        );
        assert_eq!(scope_of("/repo/.env", ".env"), "/repo");
        assert_eq!(
            scope_of(
                "/repo/pay/src/main/resources/application.yml",
                "pay/src/main/resources/application.yml"
            ),
            "/repo/pay"
        );
        assert_eq!(scope_of("helm/pay/values.yaml", "helm/pay/values.yaml"), "");
    }

    #[test]
    fn dotenv_and_unit_syntax() {
        assert_eq!(
            dotenv_line("export LOG_DAYS=\"30\" # keep"),
            Some(("LOG_DAYS", "30".to_string()))
        );
        assert_eq!(
            dotenv_line("LOG_DAYS=30 # keep"),
            Some(("LOG_DAYS", "30".to_string()))
        );
        assert_eq!(dotenv_line("# LOG_DAYS=30"), None);
        assert_eq!(unit_words("\"A=1 2\" B=3"), ["A=1 2", "B=3"]);
    }

    #[test]
    fn relaxed_names_match_across_spring_and_the_environment() {
        assert_eq!(
            relaxed("LOGGING_RETENTION_DAYS"),
            relaxed("logging.retention-days")
        );
        assert_ne!(
            relaxed("LOG_FILE_MAX_HISTORY"),
            relaxed("logging.file.max-history")
        );
    }
}
