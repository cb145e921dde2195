//! Central log platforms: Elasticsearch ILM policies (the delete phase's `min_age`, counted
//! from rollover or index creation) and data-stream `data_retention`, OpenSearch ISM policies
//! (the `min_index_age` of the transition into a state that deletes), Loki (`retention_period`
//! and `retention_stream`, enforced only with `compactor.retention_enabled`, or the older
//! `table_manager` retention), and journald (`MaxRetentionSec`; without it journal files go
//! only when `SystemMaxUse` is reached).

use super::vars::{self, Syntax};
use super::{file_type, Draft, FileType, Sink};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::logs::duration::{self};
use crate::model::logs::{BoundedBy, Capacity, LogKind, Measure, Text};
use crate::model::Portfolio;
use crate::parse::properties::parse_ini;
use crate::parse::tree::Tree;
use crate::settings::Settings;
use crate::source::Span;

/// Retention policies of log stores: Elasticsearch ILM, OpenSearch ISM, Loki (YAML/JSON files
/// that no Spring or log4j2 reader takes).
pub struct RetentionPolicies;

impl FrontEnd for RetentionPolicies {
    fn claims(&self, input: &FileInput) -> bool {
        super::python::claims_plain_structured(input)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_structured(input, part));
    }
}

/// journald configurations (`journald.conf` and its drop-ins).
pub struct Journald;

impl FrontEnd for Journald {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        let path = input.file.path.to_ascii_lowercase();
        file_type(&name) == FileType::Other
            && !super::logrotate::wants(&path, &name)
            && wants_journald(&path, &name)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_journald(input, part));
    }
}

pub(super) fn extract_structured(input: &FileInput, part: &mut Portfolio) {
    let text = &input.file.text;
    let interesting = text.contains("phases")
        || text.contains("states")
        || text.contains("retention")
        || text.contains("data_retention");
    if !interesting {
        return;
    }
    let Some(tree) = input.structured() else {
        return;
    };
    let mut sink = Sink::new(&input.file, LogKind::ElasticsearchIlm);
    let stem = input
        .file_name()
        .rsplit_once('.')
        .map_or_else(|| input.file_name(), |(s, _)| s.to_string());
    for root in tree.roots() {
        ilm(tree, *root, &stem, &mut sink);
    }
    part.logs.extend(std::mem::take(&mut sink.logs));
    let mut sink = Sink::new(&input.file, LogKind::OpensearchIsm);
    for root in tree.roots() {
        ism(tree, *root, &stem, &mut sink);
    }
    part.logs.extend(std::mem::take(&mut sink.logs));
    let mut sink = Sink::new(&input.file, LogKind::Loki);
    let lower = input.file_name().to_ascii_lowercase();
    for root in tree.roots() {
        let has = |key: &str| tree.get(*root, key).is_some();
        if has("limits_config")
            || has("compactor")
            || has("table_manager")
            || (lower.contains("loki") && has("overrides"))
        {
            loki(tree, *root, &mut sink);
        }
    }
    part.logs.extend(sink.logs);
}

/// The ILM policy objects of a document: `{"policy": {"phases"}}` (the PUT body), a bare
/// `{"phases"}`, or `{"name": {"policy": {"phases"}}}` (GET _ilm/policy output).
fn ilm(tree: &Tree, root: u32, stem: &str, sink: &mut Sink<'_>) {
    let mut policies: Vec<(String, u32, Span)> = Vec::new();
    if let Some(policy) = tree
        .get(root, "policy")
        .filter(|p| tree.get(*p, "phases").is_some())
    {
        policies.push((stem.to_string(), policy, tree.span(policy)));
    } else if tree.get(root, "phases").is_some() {
        policies.push((stem.to_string(), root, tree.span(root)));
    } else {
        for entry in tree.entries(root) {
            if let Some(policy) = tree
                .get(entry.value, "policy")
                .filter(|p| tree.get(*p, "phases").is_some())
            {
                policies.push((entry.key.to_string(), policy, entry.key_span));
            }
        }
    }
    for (name, policy, span) in policies {
        let Some(phases) = tree.get(policy, "phases") else {
            continue;
        };
        let delete = tree.get(phases, "delete");
        let draft = match delete {
            None => Draft::new(
                name,
                span,
                Measure::Unbounded,
                Text::new(
                    "ILM policy without a delete phase: indices are never deleted",
                    "ILM 策略没有 `delete` 阶段：索引不会被删除",
                ),
            ),
            Some(delete) => {
                let entry = tree.entry(delete, "min_age");
                let raw = entry.and_then(|e| tree.str(e.value)).unwrap_or("0ms").to_string();
                let value_span = entry.map_or(tree.span(delete), |e| tree.span(e.value));
                let mut draft = age_draft(
                    name,
                    span,
                    value_span,
                    &raw,
                    "delete phase min_age",
                    "`delete` 阶段 `min_age`",
                    duration::elastic,
                );
                if tree
                    .get(delete, "actions")
                    .and_then(|a| tree.get(a, "delete"))
                    .is_none()
                {
                    draft.measure = Measure::Unbounded;
                    draft.arithmetic = Text::new(
                        "ILM delete phase without a delete action: indices are never deleted",
                        "ILM `delete` 阶段没有 `delete` 动作：索引不会被删除",
                    );
                }
                draft
            }
        };
        sink.push(draft);
    }
    // Data stream lifecycle: `data_retention` in an index template or data stream.
    let lifecycle = tree
        .get(root, "template")
        .and_then(|t| tree.get(t, "lifecycle"))
        .or_else(|| tree.get(root, "lifecycle"));
    if let Some(retention) = lifecycle.and_then(|l| tree.entry(l, "data_retention")) {
        let raw = tree.str(retention.value).unwrap_or("").to_string();
        let name = tree
            .get(root, "index_patterns")
            .map(|p| {
                tree.items(p)
                    .iter()
                    .filter_map(|i| tree.str(*i))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .filter(|n| !n.is_empty())
            .unwrap_or_else(|| stem.to_string());
        sink.push(age_draft(
            name,
            retention.key_span,
            tree.span(retention.value),
            &raw,
            "data stream data_retention",
            "数据流 data_retention",
            duration::elastic,
        ));
    }
}

/// A log deleted at an age written as `raw` (with `${VAR}` possible).
fn age_draft(
    name: String,
    declared: Span,
    decisive: Span,
    raw: &str,
    what: &str,
    what_zh: &str,
    parse: fn(&str) -> Option<u64>,
) -> Draft {
    let value = vars::substitute(raw, Syntax::Shell, &|_| None);
    let (measure, text, variables) = if !value.is_known() {
        let names = value.external.join(", ");
        (
            Measure::unknown_time(),
            Text::new(
                format!("{what} {raw}: the value comes from {names} (environment), not from the file"),
                format!("{what_zh} {raw}：取值来自 {names}（环境变量），配置文件中未给出"),
            ),
            value.external.clone(),
        )
    } else {
        match parse(&value.text) {
            Some(0) if what.contains("retention_period") => (
                Measure::Unbounded,
                Text::new(
                    format!("{what} {raw}: 0 keeps everything"),
                    format!("{what_zh} {raw}：0 表示永久保留"),
                ),
                Vec::new(),
            ),
            Some(seconds) => {
                let (en, zh) = duration::days_text(seconds);
                (
                    Measure::exact(seconds),
                    Text::new(format!("{what} {raw} = {en}"), format!("{what_zh} {raw} = {zh}")),
                    Vec::new(),
                )
            }
            None => (
                Measure::Unknown,
                Text::new(
                    format!("{what} {raw} cannot be read as a duration"),
                    format!("{what_zh} {raw} 无法解读为时长"),
                ),
                Vec::new(),
            ),
        }
    };
    let mut draft = Draft::new(name, declared, measure, text);
    draft.decisive = decisive;
    draft.variables = variables;
    draft.settings.push((what.to_string(), raw.to_string(), decisive));
    draft
}

/// OpenSearch ISM: `policy.states[]` with `actions` and `transitions`.
fn ism(tree: &Tree, root: u32, stem: &str, sink: &mut Sink<'_>) {
    let policy = tree.get(root, "policy").unwrap_or(root);
    let Some(states) = tree.get(policy, "states") else {
        return;
    };
    if !tree.is_seq(states) {
        return;
    }
    let name = tree
        .get_str(policy, "policy_id")
        .map(str::to_string)
        .unwrap_or_else(|| stem.to_string());
    let deleting: Vec<String> = tree
        .items(states)
        .iter()
        .filter(|s| {
            tree.get(**s, "actions").is_some_and(|a| {
                tree.items(a)
                    .iter()
                    .any(|action| tree.get(*action, "delete").is_some())
            })
        })
        .filter_map(|s| tree.get_str(*s, "name").map(str::to_string))
        .collect();
    let declared = tree.span(states);
    if deleting.is_empty() {
        sink.push(Draft::new(
            name,
            declared,
            Measure::Unbounded,
            Text::new(
                "ISM policy without a delete action: indices are never deleted",
                "ISM 策略没有 `delete` 动作：索引不会被删除",
            ),
        ));
        return;
    }
    // The earliest transition into a deleting state.
    let mut best: Option<(u64, Span, String)> = None;
    let mut other: Option<(String, Span)> = None;
    for state in tree.items(states) {
        let Some(transitions) = tree.get(*state, "transitions") else {
            continue;
        };
        for transition in tree.items(transitions) {
            let target = tree.get_str(*transition, "state_name").unwrap_or("");
            if !deleting.iter().any(|d| d == target) {
                continue;
            }
            let conditions = tree.get(*transition, "conditions");
            let age = conditions.and_then(|c| {
                tree.entry(c, "min_index_age")
                    .or_else(|| tree.entry(c, "min_rollover_age"))
            });
            match age {
                Some(entry) => {
                    let raw = tree.str(entry.value).unwrap_or("").to_string();
                    if let Some(seconds) = duration::elastic(&raw) {
                        if best.as_ref().is_none_or(|(b, _, _)| seconds < *b) {
                            best = Some((seconds, tree.span(entry.value), format!("{} {raw}", entry.key)));
                        }
                    } else {
                        other = Some((format!("{} {raw}", entry.key), tree.span(entry.value)));
                    }
                }
                None => {
                    let kind = conditions
                        .and_then(|c| tree.entries(c).first().map(|e| e.key.to_string()))
                        .unwrap_or_else(|| "no condition".into());
                    other = Some((kind, tree.span(*transition)));
                }
            }
        }
    }
    let draft = match (best, other) {
        (Some((seconds, span, words)), None) => {
            let (en, zh) = duration::days_text(seconds);
            let mut draft = Draft::new(
                name,
                declared,
                Measure::exact(seconds),
                Text::new(
                    format!("transition to delete at {words} = {en}"),
                    format!("在 {words} 时转入删除状态 = {zh}"),
                ),
            );
            draft.decisive = span;
            draft
        }
        (_, Some((words, span))) => {
            let mut draft = Draft::new(
                name,
                declared,
                Measure::Capacity {
                    capacity: Capacity::default(),
                    by: BoundedBy::Size,
                },
                Text::new(
                    format!("transition to delete on {words}: not by age, no period"),
                    format!("按 {words} 转入删除状态：不按时长，没有时间周期"),
                ),
            );
            draft.decisive = span;
            draft
        }
        (None, None) => Draft::new(
            name,
            declared,
            Measure::Unbounded,
            Text::new(
                "no transition leads to the delete state",
                "没有转入删除状态的 `transition`",
            ),
        ),
    };
    sink.push(draft);
}

fn loki(tree: &Tree, root: u32, sink: &mut Sink<'_>) {
    let enabled = |value: Option<u32>| value.and_then(|v| tree.bool(v)).unwrap_or(false);
    let compactor = tree.get(root, "compactor");
    let compactor_on = enabled(compactor.and_then(|c| tree.get(c, "retention_enabled")));
    let table_manager = tree.get(root, "table_manager");
    let table_on = enabled(table_manager.and_then(|t| tree.get(t, "retention_deletes_enabled")));
    let limits = tree.get(root, "limits_config");
    let mut any = false;
    let push = |name: String,
                entry_span: Span,
                value: u32,
                what: &str,
                what_zh: &str,
                on: bool,
                sink: &mut Sink<'_>| {
        let raw = tree.scalar_text(value).unwrap_or("").to_string();
        let mut draft = age_draft(
            name,
            entry_span,
            tree.span(value),
            &raw,
            what,
            what_zh,
            duration::prometheus,
        );
        if !on {
            draft.measure = Measure::Unbounded;
            draft.arithmetic = Text::new(
                format!(
                    "{what} {raw} is set but compactor.retention_enabled is not true: Loki deletes nothing"
                ),
                format!(
                    "设置了 {what_zh} {raw}，但 `compactor.retention_enabled` 不为 `true`：Loki 不会删除数据"
                ),
            );
        }
        sink.push(draft);
    };
    if let Some(limits) = limits {
        if let Some(entry) = tree.entry(limits, "retention_period") {
            any = true;
            push(
                "limits_config.retention_period".into(),
                entry.key_span,
                entry.value,
                "retention_period",
                "retention_period",
                compactor_on,
                sink,
            );
        }
        if let Some(streams) = tree.get(limits, "retention_stream") {
            for stream in tree.items(streams) {
                if let Some(period) = tree.entry(*stream, "period") {
                    let selector = tree.get_str(*stream, "selector").unwrap_or("?").to_string();
                    push(
                        format!("retention_stream {selector}"),
                        tree.span(*stream),
                        period.value,
                        "retention_stream period",
                        "retention_stream period",
                        compactor_on,
                        sink,
                    );
                }
            }
        }
    }
    if let Some(overrides) = tree.get(root, "overrides") {
        for tenant in tree.entries(overrides) {
            if let Some(entry) = tree.entry(tenant.value, "retention_period") {
                any = true;
                push(
                    format!("tenant {}", tenant.key),
                    tenant.key_span,
                    entry.value,
                    "retention_period",
                    "retention_period",
                    true,
                    sink,
                );
            }
        }
    }
    if let Some(table) = table_manager {
        if let Some(entry) = tree.entry(table, "retention_period") {
            any = true;
            push(
                "table_manager.retention_period".into(),
                entry.key_span,
                entry.value,
                "table_manager retention_period",
                "table_manager retention_period",
                table_on,
                sink,
            );
        }
    }
    if !any && (compactor_on || table_on) {
        let span = compactor
            .or(table_manager)
            .map_or(Span::default(), |c| tree.span(c));
        sink.push(Draft::new(
            "limits_config.retention_period",
            span,
            Measure::Unbounded,
            Text::new(
                "retention enabled without retention_period: Loki's default 0s keeps everything",
                "启用了留存策略但未设置 `retention_period`：Loki 默认 0s 表示永久保留",
            ),
        ));
    }
}

pub(super) fn wants_journald(path: &str, name: &str) -> bool {
    name == "journald.conf" || (path.contains("journald.conf.d/") && name.ends_with(".conf"))
}

/// `journald.conf`: `[Journal]` `MaxRetentionSec=`, `SystemMaxUse=`, `Storage=`.
pub(super) fn extract_journald(input: &FileInput, part: &mut Portfolio) {
    let props = parse_ini(&input.file.text);
    let get = |key: &str| {
        props
            .iter()
            .rev()
            .find(|p| p.section == "Journal" && p.key == key)
    };
    let mut sink = Sink::new(&input.file, LogKind::Journald);
    let name = "systemd-journald".to_string();
    let declared = props
        .iter()
        .find(|p| p.section == "Journal")
        .map_or(Span::default(), |p| p.key_span);
    let storage = get("Storage").map(|p| p.value.trim().to_ascii_lowercase());
    if storage.as_deref() == Some("none") {
        return;
    }
    let use_key = if storage.as_deref() == Some("volatile") {
        "RuntimeMaxUse"
    } else {
        "SystemMaxUse"
    };
    let cap = get(use_key).and_then(|p| duration::size(&p.value).map(|b| (b, p)));
    let cap_words = cap.map_or_else(
        || {
            (
                format!("{use_key} (default 10% of the file system, at most 4 GB)"),
                format!("{use_key}（默认文件系统的 10%，最多 4 GB）"),
            )
        },
        |(bytes, _)| {
            (
                format!("{use_key} {}", duration::size_text(bytes)),
                format!("{use_key} {}", duration::size_text(bytes)),
            )
        },
    );
    let volatile = storage.as_deref() == Some("volatile");
    let mut draft = match get("MaxRetentionSec") {
        Some(prop) => match duration::systemd(&prop.value) {
            Some(0) | None => size_only(&name, declared, cap, &cap_words, volatile),
            Some(seconds) => {
                let (en, zh) = duration::days_text(seconds);
                let mut draft = Draft::new(
                    name.clone(),
                    declared,
                    Measure::Time {
                        min: seconds,
                        max: Some(seconds),
                        cap: Some(Capacity {
                            total: cap.map(|(b, _)| b),
                            ..Capacity::default()
                        }),
                    },
                    Text::new(
                        format!(
                            "MaxRetentionSec={} = {en} ({} can delete sooner)",
                            prop.value, cap_words.0
                        ),
                        format!(
                            "MaxRetentionSec={} = {zh}（{} 可能提前删除）",
                            prop.value, cap_words.1
                        ),
                    ),
                );
                draft.decisive = prop.value_span;
                draft
                    .settings
                    .push(("MaxRetentionSec".into(), prop.value.clone(), prop.value_span));
                draft
            }
        },
        None => size_only(&name, declared, cap, &cap_words, volatile),
    };
    if let Some((_, prop)) = cap {
        draft
            .settings
            .push((use_key.into(), prop.value.clone(), prop.value_span));
        if draft.decisive == declared {
            draft.decisive = prop.value_span;
        }
    }
    sink.push(draft);
    part.logs.extend(sink.logs);
}

fn size_only(
    name: &str,
    declared: Span,
    cap: Option<(u64, &crate::parse::properties::Prop)>,
    words: &(String, String),
    volatile: bool,
) -> Draft {
    let (extra_en, extra_zh) = if volatile {
        (
            ", kept in memory and lost at reboot",
            "，仅保存在内存中，重启即丢失",
        )
    } else {
        ("", "")
    };
    Draft::new(
        name,
        declared,
        Measure::Capacity {
            capacity: Capacity {
                total: cap.map(|(b, _)| b),
                ..Capacity::default()
            },
            by: BoundedBy::Size,
        },
        Text::new(
            format!(
                "no MaxRetentionSec: journal files are deleted when {} is reached{extra_en}",
                words.0
            ),
            format!(
                "未设置 MaxRetentionSec：达到 {} 时删除日志文件{extra_zh}",
                words.1
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::frontend::logs::read_alone;
    use crate::model::logs::Status;

    #[test]
    fn an_ilm_delete_phase_bounds_the_index_by_its_min_age() {
        let logs = read_alone(
            &RetentionPolicies,
            "es/ilm-gateway-logs.json",
            r#"{"policy": {"phases": {
                 "hot": {"actions": {"rollover": {"max_age": "1d"}}},
                 "delete": {"min_age": "30d", "actions": {"delete": {}}}}}}"#,
        );
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].kind, LogKind::ElasticsearchIlm);
        assert_eq!(logs[0].retention_days, Some(30));
        assert_eq!(logs[0].bounded_by, BoundedBy::Time);
    }

    #[test]
    fn an_ilm_policy_without_a_delete_phase_keeps_indices_for_ever() {
        let logs = read_alone(
            &RetentionPolicies,
            "es/ilm-audit.json",
            r#"{"policy": {"phases": {"hot": {"actions": {"rollover": {"max_age": "1d"}}}}}}"#,
        );
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].status, Status::Unbounded);
    }

    #[test]
    fn loki_retention_counts_only_with_the_compactor_enabled() {
        let enabled = "compactor:\n  retention_enabled: true\nlimits_config:\n  retention_period: 744h\n";
        let logs = read_alone(&RetentionPolicies, "loki/loki-config.yaml", enabled);
        assert_eq!(
            logs.first().and_then(|log| log.retention_days),
            Some(31),
            "{logs:#?}"
        );
        let disabled = "limits_config:\n  retention_period: 744h\n";
        let logs = read_alone(&RetentionPolicies, "loki/loki-config.yaml", disabled);
        assert!(
            logs.iter().all(|log| log.retention_days != Some(31)),
            "retention without the compactor deletes nothing: {logs:#?}"
        );
    }

    #[test]
    fn journald_max_retention_sec_is_the_period() {
        let logs = read_alone(
            &Journald,
            "etc/systemd/journald.conf",
            "[Journal]\nStorage=persistent\nMaxRetentionSec=2week\n",
        );
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].kind, LogKind::Journald);
        assert_eq!(logs[0].retention_days, Some(14));
    }

    #[test]
    fn other_structured_files_are_not_log_policies() {
        let logs = read_alone(
            &RetentionPolicies,
            "config/app.json",
            r#"{"server": {"port": 8080}, "retries": 3}"#,
        );
        assert!(logs.is_empty(), "{logs:#?}");
    }
}
