//! logback (`logback.xml`, `logback-spring.xml`, `<included>` files).
//!
//! `TimeBasedRollingPolicy` and `SizeAndTimeBasedRollingPolicy` keep `maxHistory` rollover
//! periods, the period being the finest unit of the primary `%d{...}` of `fileNamePattern`
//! (daily for `yyyy-MM-dd`, hourly for `yyyy-MM-dd_HH`); without `maxHistory` nothing is
//! deleted; `totalSizeCap` can delete sooner. `FixedWindowRollingPolicy` with a size trigger
//! keeps `maxIndex - minIndex + 1` files (at most 21: logback narrows wider windows) of
//! `maxFileSize` each: a count, no period. `<property>`/`<variable>` values are substituted
//! (`${VAR:-default}`), names the file does not define come from the environment;
//! `<springProfile>` blocks are read per profile; `<include>` files are read with the
//! includer's properties.

use super::vars::{self, Substituted, Syntax};
use super::{file_type, period_text, Draft, FileType, Sink};
use crate::discover::{Content, Disk, FileSource};
use crate::frontend::{Extraction, FrontEnd, Pending};
use crate::input::FileInput;
use crate::model::logs::duration::{self, DAY, HOUR, MINUTE, MONTH, WEEK, YEAR};
use crate::model::logs::{Capacity, LogKind, Measure, Text};
use crate::model::Portfolio;
use crate::parse::xml::{self, XmlElement};
use crate::settings::Settings;
use crate::source::{join_display, SourceFile, Span};
use regex::Regex;
use std::collections::BTreeSet;
use std::sync::{Arc, LazyLock};

/// Whether a file is a logback configuration (root `<configuration>` or `<included>`).
/// logback configurations (`logback*.xml` and XML files with a logback root).
pub struct Logback;

impl FrontEnd for Logback {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Xml && wants(&name, &input.file.text)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract(input, part));
    }

    /// An included file scanned on its own repeats what its includer reported (with fewer
    /// properties known): the includer's reading is kept.
    fn finish(&self, portfolio: &mut Portfolio, _pending: &mut Pending, _settings: &Settings) {
        let logs = &mut portfolio.logs;
        let included: Vec<(String, u32, String)> = logs
            .iter()
            .filter(|log| log.evidence.settings.iter().any(|s| s.key == "<include>"))
            .map(|log| (log.file.clone(), log.line, log.name.clone()))
            .collect();
        if included.is_empty() {
            return;
        }
        logs.retain(|log| {
            let alone = !log.evidence.settings.iter().any(|s| s.key == "<include>");
            !(alone
                && log.kind == LogKind::Logback
                && included
                    .iter()
                    .any(|(file, line, name)| *file == log.file && *line == log.line && *name == log.name))
        });
    }
}

pub(super) fn wants(name: &str, text: &str) -> bool {
    let likely = name.starts_with("logback") || text.contains("<appender") || text.contains("<included");
    likely
        && matches!(
            xml::root_name(text).as_deref(),
            Some("configuration") | Some("included")
        )
        && !text.contains("<Appenders") // a log4j2 file with a lower-case root
}

/// Remote appenders: a log also written to one of these is shipped to a central platform.
const REMOTE_CLASSES: &[&str] = &[
    "SyslogAppender",
    "SocketAppender",
    "SSLSocketAppender",
    "LogstashTcpSocketAppender",
    "LogstashUdpSocketAppender",
    "LogstashAccessTcpSocketAppender",
    "KafkaAppender",
    "LoghubAppender",
    "GelfAppender",
    "GelfUdpAppender",
    "GelfTcpAppender",
    "FluencyAppender",
    "FluentLogbackAppender",
    "HttpAppender",
];

/// Spring Boot's own logback files: their file appender is configured by the
/// `logging.logback.rollingpolicy.*` keys and reported from `application*.yml`.
const SPRING_RESOURCES: &[&str] = &["org/springframework/boot/logging/logback/"];

const MAX_INCLUDE_DEPTH: usize = 4;
const MAX_INCLUDE_SIZE: u64 = 1024 * 1024;

struct Property {
    name: String,
    value: String,
    profile: Option<String>,
}

struct Appender {
    element: XmlElement,
    file: Arc<SourceFile>,
    profile: Option<String>,
    /// Properties defined before the appender (logback reads the file in order).
    visible: usize,
    included: bool,
}

#[derive(Default)]
struct State {
    /// Where included files are read from (None: the disk).
    files: Option<Arc<dyn FileSource>>,
    properties: Vec<Property>,
    appenders: Vec<Appender>,
    /// (logger, appender, additive) for every `<appender-ref>`; `ROOT` for the root logger.
    refs: Vec<(String, String, bool)>,
}

pub(super) fn extract(input: &FileInput, part: &mut Portfolio) {
    let mut sink = Sink::new(&input.file, LogKind::Logback);
    let root = match xml::parse(&input.file.text) {
        Ok(root) => root,
        Err(error) => {
            sink.unparsable("logback", &error.message, error.offset);
            part.logs.extend(sink.logs);
            return;
        }
    };
    let mut state = State {
        files: input.files.clone(),
        ..State::default()
    };
    walk(&root, &input.file, None, false, 0, &mut state, &mut sink);
    report(&state, &mut sink);
    part.logs.extend(sink.logs);
}

fn walk(
    element: &XmlElement,
    file: &Arc<SourceFile>,
    profile: Option<&str>,
    included: bool,
    depth: usize,
    state: &mut State,
    sink: &mut Sink<'_>,
) {
    for child in &element.children {
        match child.local_name().to_ascii_lowercase().as_str() {
            "property" | "variable" => {
                let name = child.attr_value("name").unwrap_or("").to_string();
                let value = child
                    .attr_value("value")
                    .map(str::to_string)
                    .unwrap_or_else(|| child.text.clone());
                if !name.is_empty() {
                    state.properties.push(Property {
                        name,
                        value,
                        profile: profile.map(str::to_string),
                    });
                }
            }
            "springproperty" => {
                // The value comes from the Spring environment (application*.yml, the
                // environment, a config server): external, with its default if given.
                let name = child.attr_value("name").unwrap_or("").to_string();
                let source = child.attr_value("source").unwrap_or(&name).to_string();
                let value = match child.attr_value("defaultValue") {
                    Some(default) => format!("${{{source}:-{default}}}"),
                    None => format!("${{{source}}}"),
                };
                if !name.is_empty() && name != source {
                    state.properties.push(Property {
                        name,
                        value,
                        profile: profile.map(str::to_string),
                    });
                }
            }
            "appender" => state.appenders.push(Appender {
                element: child.clone(),
                file: file.clone(),
                profile: profile.map(str::to_string),
                visible: state.properties.len(),
                included,
            }),
            "logger" | "root" => {
                let logger = if child.is("root") {
                    "ROOT".to_string()
                } else {
                    child.attr_value("name").unwrap_or("").to_string()
                };
                let additive = !child
                    .attr_value("additivity")
                    .is_some_and(|a| a.trim().eq_ignore_ascii_case("false"));
                for reference in child.children_named("appender-ref") {
                    if let Some(target) = reference.attr_value("ref") {
                        state.refs.push((logger.clone(), target.to_string(), additive));
                    }
                }
            }
            "springprofile" => {
                let name = child.attr_value("name").unwrap_or("").trim().to_string();
                walk(child, file, Some(&name), included, depth, state, sink);
            }
            // Janino conditions: both branches may apply.
            "if" => {
                for branch in child.children.iter().filter(|c| c.is("then") || c.is("else")) {
                    walk(branch, file, profile, included, depth, state, sink);
                }
            }
            "include" => include(child, file, profile, depth, state, sink),
            _ => {}
        }
    }
}

/// Reads an `<include file|resource>` next to the including file (a classpath resource is
/// looked for under the includer's resources directory).
fn include(
    element: &XmlElement,
    file: &Arc<SourceFile>,
    profile: Option<&str>,
    depth: usize,
    state: &mut State,
    sink: &mut Sink<'_>,
) {
    let Some(target) = element
        .attr_value("file")
        .or_else(|| element.attr_value("resource"))
        .map(str::trim)
    else {
        return;
    };
    if depth >= MAX_INCLUDE_DEPTH || SPRING_RESOURCES.iter().any(|p| target.starts_with(p)) {
        return;
    }
    let relative = target.trim_start_matches("classpath:");
    let Some(dir) = file.fs_path.parent() else {
        return;
    };
    // An absolute path names the deployment's layout: look for the file beside the includer.
    let relative = if relative.starts_with('/') {
        relative.rsplit('/').next().unwrap_or(relative)
    } else {
        relative
    };
    let fs_path = dir.join(relative);
    let files: &dyn FileSource = state.files.as_deref().unwrap_or(&Disk);
    let Content::Text { text, encoding } = files.read(&fs_path, MAX_INCLUDE_SIZE) else {
        return;
    };
    let included = Arc::new(SourceFile::decoded(
        join_display(&file.path, relative),
        join_display(&file.rel, relative),
        fs_path,
        text,
        encoding,
    ));
    match xml::parse(&included.text) {
        Ok(root) => walk(&root, &included, profile, true, depth + 1, state, sink),
        Err(error) => {
            let mut inner = Sink::new(&included, LogKind::Logback);
            inner.unparsable("logback", &error.message, error.offset);
            sink.logs.extend(inner.logs);
        }
    }
}

fn class_of(element: &XmlElement) -> &str {
    element.attr_value("class").unwrap_or("").trim()
}

fn short_class(class: &str) -> &str {
    class.rsplit('.').next().unwrap_or(class)
}

fn is_remote(class: &str) -> bool {
    REMOTE_CLASSES.contains(&short_class(class))
}

/// Child element by name, ASCII case ignored (Joran matches property names that way).
fn setting<'a>(element: &'a XmlElement, name: &str) -> Option<&'a XmlElement> {
    element.child(name)
}

fn report(state: &State, sink: &mut Sink<'_>) {
    let classes: Vec<(&str, &str)> = state
        .appenders
        .iter()
        .map(|a| (a.element.attr_value("name").unwrap_or(""), class_of(&a.element)))
        .collect();
    // Appenders each appender stands for: an AsyncAppender passes to its refs.
    let expand = |name: &str| -> Vec<String> {
        let mut out = vec![name.to_string()];
        if let Some(appender) = state
            .appenders
            .iter()
            .find(|a| a.element.attr_value("name") == Some(name))
        {
            for reference in appender.element.children_named("appender-ref") {
                if let Some(target) = reference.attr_value("ref") {
                    out.push(target.to_string());
                }
            }
        }
        out
    };
    let mut loggers: Vec<(String, BTreeSet<String>, bool)> = Vec::new();
    for (logger, target, additive) in &state.refs {
        let entry = match loggers.iter_mut().position(|(l, _, _)| l == logger) {
            Some(index) => &mut loggers[index],
            None => {
                loggers.push((logger.clone(), BTreeSet::new(), *additive));
                let last = loggers.len() - 1;
                &mut loggers[last]
            }
        };
        entry.1.extend(expand(target));
    }
    let root: BTreeSet<String> = loggers
        .iter()
        .find(|(l, _, _)| l == "ROOT")
        .map(|(_, set, _)| set.clone())
        .unwrap_or_default();
    let remote = |set: &BTreeSet<String>| -> Vec<String> {
        set.iter()
            .filter(|n| classes.iter().any(|(name, class)| name == n && is_remote(class)))
            .cloned()
            .collect()
    };
    for appender in &state.appenders {
        let element = &appender.element;
        let name = element.attr_value("name").unwrap_or("").to_string();
        let class = class_of(element);
        let rolling = setting(element, "rollingPolicy");
        if short_class(class) == "SiftingAppender" {
            if let Some(inner) = element.child("sift").and_then(|s| s.child("appender")) {
                let nested = Appender {
                    element: inner.clone(),
                    file: appender.file.clone(),
                    profile: appender.profile.clone(),
                    visible: appender.visible,
                    included: appender.included,
                };
                analyse(
                    state,
                    &nested,
                    &format!("{name}/sift"),
                    Vec::new(),
                    Vec::new(),
                    sink,
                );
            }
            continue;
        }
        let file_like = class.ends_with("FileAppender") || rolling.is_some();
        if !file_like {
            continue;
        }
        // Loggers that write to this appender, directly or through an async wrapper.
        let mut writers = Vec::new();
        let mut shipped: Vec<String> = Vec::new();
        let mut all_shipped = true;
        for (logger, set, additive) in &loggers {
            if !set.contains(&name) {
                continue;
            }
            writers.push(logger.clone());
            let mut reach = set.clone();
            if logger != "ROOT" && *additive {
                reach.extend(root.iter().cloned());
            }
            let remotes = remote(&reach);
            if remotes.is_empty() {
                all_shipped = false;
            }
            shipped.extend(remotes);
        }
        if writers.is_empty() || !all_shipped {
            shipped.clear();
        }
        shipped.sort();
        shipped.dedup();
        let aliases = writers.into_iter().filter(|w| w != "ROOT").collect();
        analyse(state, appender, &name, aliases, shipped, sink);
    }
}

/// Looks a property up as logback would for an appender: the latest definition before it,
/// in its profile or outside any profile.
fn lookup<'a>(
    state: &'a State,
    visible: usize,
    profile: Option<&'a str>,
) -> impl Fn(&str) -> Option<String> + 'a {
    move |name: &str| {
        state.properties[..visible.min(state.properties.len())]
            .iter()
            .rev()
            .find(|p| p.name == name && (p.profile.is_none() || p.profile.as_deref() == profile))
            .map(|p| p.value.clone())
    }
}

/// Reads one appender, once per profile when its values depend on the profile.
fn analyse(
    state: &State,
    appender: &Appender,
    name: &str,
    aliases: Vec<String>,
    shipped: Vec<String>,
    sink: &mut Sink<'_>,
) {
    let mut profiles: Vec<Option<String>> = vec![appender.profile.clone()];
    if appender.profile.is_none() {
        let first = read(state, appender, None);
        let defined_in: BTreeSet<String> = state.properties[..appender.visible.min(state.properties.len())]
            .iter()
            .filter(|p| p.profile.is_some() && first.variables.contains(&p.name))
            .filter_map(|p| p.profile.clone())
            .collect();
        if !defined_in.is_empty() {
            profiles = defined_in.into_iter().map(Some).collect();
        }
    }
    for profile in profiles {
        let mut draft = read(state, appender, profile.as_deref());
        draft.name = name.to_string();
        draft.profile = profile;
        draft.aliases.extend(aliases.iter().cloned());
        draft.shipped_to = shipped.clone();
        if appender.included {
            draft.settings.insert(
                0,
                (
                    "<include>".into(),
                    appender.file.path.clone(),
                    appender.element.span,
                ),
            );
        }
        sink.push_in(&appender.file, draft);
    }
}

struct Value {
    text: Substituted,
    raw: String,
    span: Span,
}

fn value_of(state: &State, appender: &Appender, profile: Option<&str>, element: &XmlElement) -> Value {
    let look = lookup(state, appender.visible, profile);
    Value {
        text: vars::substitute(&element.text, Syntax::Shell, &look),
        raw: element.text.clone(),
        span: element.text_span,
    }
}

fn base_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

static DATE_TOKEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"%(?:d|date)(?:\{([^}]*)\})?").expect("constant regex"));

/// The rollover period of a `fileNamePattern`: the finest unit of its primary `%d{...}`.
pub(super) fn period_of(pattern: &str) -> Option<u64> {
    for captures in DATE_TOKEN.captures_iter(pattern) {
        let options = captures.get(1).map_or("", |m| m.as_str());
        let mut parts = options.split(',').map(str::trim);
        let date = parts.next().unwrap_or("");
        if parts.any(|p| p.eq_ignore_ascii_case("aux")) {
            continue;
        }
        let date = if date.is_empty() { "yyyy-MM-dd" } else { date };
        return finest_unit(date);
    }
    None
}

/// The finest calendar unit a `SimpleDateFormat` pattern shows (quoted text skipped).
pub(super) fn finest_unit(pattern: &str) -> Option<u64> {
    let mut finest: Option<u64> = None;
    let mut quoted = false;
    for c in pattern.chars() {
        if c == '\'' {
            quoted = !quoted;
            continue;
        }
        if quoted {
            continue;
        }
        let unit = match c {
            's' => 1,
            'm' => MINUTE,
            'H' | 'k' | 'K' | 'h' => HOUR,
            'a' => 12 * HOUR,
            'd' | 'D' | 'E' | 'F' | 'u' => DAY,
            'w' | 'W' => WEEK,
            'M' | 'L' => MONTH,
            'y' | 'Y' => YEAR,
            _ => continue,
        };
        finest = Some(finest.map_or(unit, |f: u64| f.min(unit)));
    }
    finest
}

fn unknown_text(what: &str, what_zh: &str, value: &Value) -> Text {
    let names = value.text.external.join(", ");
    let default = value
        .text
        .defaulted
        .then(|| value.text.text.clone())
        .map(|d| (format!(" ({d} when unset)"), format!("（未设置时为 {d}）")))
        .unwrap_or_default();
    Text::new(
        format!(
            "{what} {}: the value comes from {names} (environment, system property or Spring configuration), not from the file{}",
            value.raw, default.0
        ),
        format!(
            "{what_zh} {}：取值来自 {names}（环境变量、系统属性或 Spring 配置），配置文件中未给出{}",
            value.raw, default.1
        ),
    )
}

/// Reads an appender's rolling policy into a draft (name and profile are set by the caller).
fn read(state: &State, appender: &Appender, profile: Option<&str>) -> Draft {
    let element = &appender.element;
    let declared = element.span;
    let mut settings: Vec<(String, String, Span)> = Vec::new();
    let mut aliases = Vec::new();
    if let Some(file) = setting(element, "file") {
        let value = value_of(state, appender, profile, file);
        aliases.push(base_name(&value.text.text));
        settings.push(("file".into(), value.raw, file.span));
    }
    let finish = |mut draft: Draft, settings: Vec<(String, String, Span)>, aliases: Vec<String>| {
        draft.settings = settings;
        draft.aliases = aliases;
        draft
    };
    let Some(policy) = setting(element, "rollingPolicy") else {
        let text = Text::new(
            "plain file appender without a rolling policy: never deleted by logback",
            "普通文件 appender，未配置滚动策略：logback 不会删除",
        );
        return finish(
            Draft::new("", declared, Measure::Unbounded, text),
            settings,
            aliases,
        );
    };
    let class = short_class(class_of(policy)).to_string();
    settings.push(("rollingPolicy".into(), class.clone(), policy.span));
    if class == "FixedWindowRollingPolicy" {
        return fixed_window(state, appender, profile, policy, declared, settings, aliases);
    }
    let time_based = class.contains("TimeBased")
        || setting(policy, "fileNamePattern").is_some_and(|p| p.text.contains("%d"));
    if !time_based {
        let text = Text::new(
            format!("rolling policy {class} is not one logback ships: retention unknown"),
            format!("滚动策略 {class} 不是 logback 自带的策略：留存期限未知"),
        );
        let mut draft = Draft::new("", declared, Measure::Unknown, text);
        draft.decisive = policy.span;
        return finish(draft, settings, aliases);
    }
    let Some(pattern_element) = setting(policy, "fileNamePattern") else {
        let text = Text::new(
            "time-based rolling policy without fileNamePattern: logback does not start it",
            "按时间滚动的策略缺少 fileNamePattern：logback 无法启动该策略",
        );
        let mut draft = Draft::new("", declared, Measure::Unknown, text);
        draft.decisive = policy.span;
        return finish(draft, settings, aliases);
    };
    let pattern = value_of(state, appender, profile, pattern_element);
    settings.push((
        "fileNamePattern".into(),
        pattern.raw.clone(),
        pattern_element.span,
    ));
    aliases.push(base_name(&pattern.text.text));
    let Some(period) = period_of(&pattern.text.text) else {
        let (measure, text) = if pattern.text.is_known() {
            (
                Measure::Unknown,
                Text::new(
                    format!(
                        "fileNamePattern {} has no %d date token: no rollover period",
                        pattern.raw
                    ),
                    format!(
                        "fileNamePattern {} 中没有 %d 日期占位符：无法确定滚动周期",
                        pattern.raw
                    ),
                ),
            )
        } else {
            (
                Measure::unknown_time(),
                unknown_text("fileNamePattern", "fileNamePattern", &pattern),
            )
        };
        let mut draft = Draft::new("", declared, measure, text);
        draft.decisive = pattern_element.text_span;
        draft.variables = pattern.text.external.clone();
        return finish(draft, settings, aliases);
    };
    let period_words = period_text(period);
    let cap = setting(policy, "totalSizeCap").map(|e| (e, value_of(state, appender, profile, e)));
    if let Some((element, value)) = &cap {
        settings.push(("totalSizeCap".into(), value.raw.clone(), element.span));
    }
    if let Some(size) = setting(policy, "maxFileSize") {
        settings.push(("maxFileSize".into(), size.text.clone(), size.span));
    }
    let cap_bytes = cap
        .as_ref()
        .and_then(|(_, v)| v.text.is_known().then(|| duration::size(&v.text.text)).flatten())
        .filter(|b| *b > 0);
    let Some(history_element) = setting(policy, "maxHistory") else {
        if let Some(bytes) = cap_bytes {
            // logback before 1.3 ignores totalSizeCap without maxHistory; later versions
            // apply it: the log is then bounded by size only.
            let (element, _) = cap.as_ref().map_or((policy, ()), |(e, _)| (*e, ()));
            let mut draft = Draft::new(
                "",
                declared,
                Measure::Capacity {
                    capacity: Capacity {
                        total: Some(bytes),
                        ..Capacity::default()
                    },
                    by: crate::model::logs::BoundedBy::Size,
                },
                Text::new(
                    format!(
                        "{} rollover without maxHistory; totalSizeCap {} bounds the archives by size only",
                        period_words.en,
                        duration::size_text(bytes)
                    ),
                    format!(
                        "{}滚动，未设置 maxHistory；仅由 totalSizeCap {} 按总大小限制归档",
                        period_words.zh,
                        duration::size_text(bytes)
                    ),
                ),
            );
            draft.decisive = element.text_span;
            return finish(draft, settings, aliases);
        }
        let text = Text::new(
            format!(
                "{} rollover without maxHistory: archives are never deleted",
                period_words.en
            ),
            format!("{}滚动，未设置 maxHistory：归档文件不会被删除", period_words.zh),
        );
        let mut draft = Draft::new("", declared, Measure::Unbounded, text);
        draft.decisive = policy.span;
        return finish(draft, settings, aliases);
    };
    let history = value_of(state, appender, profile, history_element);
    settings.push(("maxHistory".into(), history.raw.clone(), history_element.span));
    let mut variables = pattern.text.external.clone();
    variables.extend(history.text.external.iter().cloned());
    let (measure, text) = if !history.text.is_known() {
        (
            Measure::unknown_time(),
            unknown_text(
                &format!("{} rollover x maxHistory", period_words.en),
                &format!("{}滚动 × maxHistory", period_words.zh),
                &history,
            ),
        )
    } else {
        match history.text.text.trim().parse::<u64>() {
            Ok(0) => (
                Measure::Unbounded,
                Text::new(
                    format!(
                        "{} rollover with maxHistory 0: archives are never deleted",
                        period_words.en
                    ),
                    format!("{}滚动，maxHistory 为 0：归档文件不会被删除", period_words.zh),
                ),
            ),
            Ok(count) => {
                let seconds = count.saturating_mul(period);
                let (days_en, days_zh) = duration::days_text(seconds);
                let mut text = Text::new(
                    format!("{} rollover x maxHistory {count} = {days_en}", period_words.en),
                    format!("{}滚动 × maxHistory {count} = {days_zh}", period_words.zh),
                );
                let capacity = cap_bytes.map(|bytes| size_cap(&mut text, bytes));
                (
                    Measure::Time {
                        min: seconds,
                        max: Some(seconds),
                        cap: capacity,
                    },
                    text,
                )
            }
            Err(_) => (
                Measure::Unknown,
                Text::new(
                    format!("maxHistory {} is not a number", history.raw),
                    format!("maxHistory {} 不是数字", history.raw),
                ),
            ),
        }
    };
    let mut draft = Draft::new("", declared, measure, text);
    draft.decisive = history_element.text_span;
    draft.variables = variables;
    if pattern.text.is_known() {
        draft.deferred = super::estate::deferred(
            &history.raw,
            &history.text,
            period,
            format!("maxHistory {}", history.raw.trim()),
            cap_bytes,
        );
    }
    finish(draft, settings, aliases)
}

fn fixed_window(
    state: &State,
    appender: &Appender,
    profile: Option<&str>,
    policy: &XmlElement,
    declared: Span,
    mut settings: Vec<(String, String, Span)>,
    mut aliases: Vec<String>,
) -> Draft {
    let number = |name: &str, default: u64| -> (Option<u64>, Option<Value>) {
        match setting(policy, name) {
            Some(element) => {
                let value = value_of(state, appender, profile, element);
                let parsed = value
                    .text
                    .is_known()
                    .then(|| value.text.text.trim().parse().ok())
                    .flatten();
                (parsed, Some(value))
            }
            None => (Some(default), None),
        }
    };
    if let Some(pattern) = setting(policy, "fileNamePattern") {
        let value = value_of(state, appender, profile, pattern);
        aliases.push(base_name(&value.text.text));
        settings.push(("fileNamePattern".into(), value.raw, pattern.span));
    }
    let (min, min_value) = number("minIndex", 1);
    let (max, max_value) = number("maxIndex", 7);
    let mut variables = Vec::new();
    for value in [&min_value, &max_value].into_iter().flatten() {
        settings.push(("index".into(), value.raw.clone(), value.span));
        variables.extend(value.text.external.iter().cloned());
    }
    let trigger = appender.element.child("triggeringPolicy");
    let file_size = trigger.map(|t| {
        setting(t, "maxFileSize")
            .map(|e| {
                settings.push(("maxFileSize".into(), e.text.clone(), e.span));
                let value = value_of(state, appender, profile, e);
                variables.extend(value.text.external.iter().cloned());
                duration::size(&value.text.text)
            })
            .unwrap_or(Some(10 << 20)) // SizeBasedTriggeringPolicy's default 10MB
    });
    let files = min.zip(max).map(|(lo, hi)| {
        // logback narrows a window wider than 20 to minIndex + 20.
        hi.saturating_sub(lo).min(20) + 1
    });
    let measure = Measure::Capacity {
        capacity: Capacity {
            files,
            file_size: file_size.flatten(),
            total: None,
        },
        by: crate::model::logs::BoundedBy::Count,
    };
    let count = files.map_or_else(|| "?".to_string(), |n| n.to_string());
    let size = file_size
        .flatten()
        .map_or_else(|| "?".to_string(), duration::size_text);
    let text = if trigger.is_some() {
        Text::new(
            format!("FixedWindowRollingPolicy keeps {count} files x maxFileSize {size}: bounded by count and size, no period"),
            format!("FixedWindowRollingPolicy 保留 {count} 个文件 × maxFileSize {size}：按份数和大小限制，没有时间周期"),
        )
    } else {
        Text::new(
            format!("FixedWindowRollingPolicy keeps {count} files, without a triggering policy"),
            format!("FixedWindowRollingPolicy 保留 {count} 个文件，未配置触发策略"),
        )
    };
    let mut draft = Draft::new("", declared, measure, text);
    draft.decisive = policy.span;
    draft.settings = settings;
    draft.aliases = aliases;
    draft.variables = variables;
    draft
}

/// A `totalSizeCap` beside a time-based policy: the caveat it adds to the retention text and the
/// capacity it sets.
pub(super) fn size_cap(text: &mut Text, bytes: u64) -> Capacity {
    text.en.push_str(&format!(
        " (totalSizeCap {} can delete sooner under heavy volume)",
        duration::size_text(bytes)
    ));
    text.zh.push_str(&format!(
        "（日志量大时 totalSizeCap {} 可能提前删除）",
        duration::size_text(bytes)
    ));
    Capacity {
        total: Some(bytes),
        ..Capacity::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_come_from_the_primary_date_token() {
        assert_eq!(period_of("app.%d{yyyy-MM-dd}.log.gz"), Some(DAY));
        assert_eq!(period_of("app.%d.log"), Some(DAY));
        assert_eq!(period_of("app.%d{yyyy-MM-dd_HH}.log"), Some(HOUR));
        assert_eq!(period_of("app.%d{yyyy-MM}.log"), Some(MONTH));
        assert_eq!(period_of("app.%d{yyyy-ww}.log"), Some(WEEK));
        assert_eq!(
            period_of("%d{yyyy/MM, aux}/app.%d{yyyy-MM-dd'T'HH}.log"),
            Some(HOUR)
        );
        assert_eq!(period_of("app.%d{yyyy-MM-dd, UTC}.%i.log"), Some(DAY));
        assert_eq!(period_of("app.%i.log"), None);
    }
}
