//! logrotate (`/etc/logrotate.conf`, `/etc/logrotate.d/*`).
//!
//! A block (`path... { ... }`) keeps `rotate N` rotated files; rotated by time (`hourly`,
//! `daily`, `weekly`, `monthly`, `yearly`) that is N periods, and `maxage D` removes rotated
//! files older than D days, whichever comes first. `size` (the last of `size` and the interval
//! words wins, as logrotate reads them) rotates by size only: N files of that size, no period.
//! `rotate 0` deletes rotated files at once; `rotate -1` never deletes (except by `maxage`).
//! Directives before the first block are defaults for the blocks after them, and the defaults
//! of `logrotate.conf` apply to the files it `include`s.

use super::{file_type, period_text, Draft, FileType, Pending, Sink};
use crate::frontend::{self, Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::logs::duration::{self, DAY, HOUR, MONTH, WEEK, YEAR};
use crate::model::logs::{BoundedBy, Capacity, LogKind, LogPolicy, Measure, Text};
use crate::model::Portfolio;
use crate::source::{SourceFile, Span};
use std::sync::Arc;

/// logrotate configurations (`/etc/logrotate.conf` and `/etc/logrotate.d/*`-style files);
/// blocks inherit the defaults of a `logrotate.conf` of the run in `finish`.
pub struct Logrotate;

impl FrontEnd for Logrotate {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Other && wants(&input.file.path.to_ascii_lowercase(), &name)
    }

    fn extract(&self, input: &FileInput, settings: &crate::settings::Settings, out: &mut Extraction) {
        let before = out.part.logs.len();
        extract(input, &mut out.part, &mut out.pending.logs);
        if out.part.logs.len() > before {
            super::mark_transactions_with(&mut out.part.logs[before..], &settings.vocabulary);
        }
        for item in out.pending.logs.iter_mut() {
            if let Pending::LogrotateBlock(log, _) = item {
                super::mark_transactions_with(std::slice::from_mut(log.as_mut()), &settings.vocabulary);
            }
        }
    }

    fn finish(
        &self,
        portfolio: &mut Portfolio,
        pending: &mut frontend::Pending,
        _settings: &crate::settings::Settings,
    ) {
        let (mine, others): (Vec<Pending>, Vec<Pending>) = std::mem::take(&mut pending.logs)
            .into_iter()
            .partition(|item| matches!(item, Pending::LogrotateDefaults(_) | Pending::LogrotateBlock(..)));
        pending.logs = others;
        inherit(mine, &mut portfolio.logs);
    }
}

pub(super) fn wants(path: &str, name: &str) -> bool {
    name == "logrotate.conf"
        || name.ends_with(".logrotate")
        || path.contains("/logrotate.d/")
        || path.starts_with("logrotate.d/")
}

/// A block being read: its paths, settings and where it starts.
type OpenBlock = (Vec<(String, Span)>, Settings, Span);

/// A directive and where it is.
#[derive(Debug, Clone)]
struct Directive {
    value: String,
    span: Span,
    file: Arc<SourceFile>,
}

/// What decides retention in one scope (the defaults, or a block).
#[derive(Debug, Clone, Default)]
pub(crate) struct Settings {
    /// `daily`/`weekly`/... or `size N`, whichever came last.
    criterion: Option<(Criterion, Directive)>,
    rotate: Option<Directive>,
    maxage: Option<Directive>,
    maxsize: Option<Directive>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Criterion {
    Period(u64),
    Size(u64),
}

impl Settings {
    fn over(&self, defaults: &Settings) -> Settings {
        Settings {
            criterion: self.criterion.clone().or_else(|| defaults.criterion.clone()),
            rotate: self.rotate.clone().or_else(|| defaults.rotate.clone()),
            maxage: self.maxage.clone().or_else(|| defaults.maxage.clone()),
            maxsize: self.maxsize.clone().or_else(|| defaults.maxsize.clone()),
        }
    }
}

/// A block still missing settings that a `logrotate.conf` elsewhere in the run may give.
#[derive(Debug, Clone)]
pub struct Block {
    settings: Settings,
    /// The directory of the file (`etc/logrotate.d`).
    dir: String,
}

/// The defaults a `logrotate.conf` sets before its `include`s, and the directories it includes.
#[derive(Debug, Clone)]
pub struct Defaults {
    settings: Settings,
    includes: Vec<String>,
    dir: String,
}

fn dir_of(path: &str) -> String {
    path.rfind('/').map_or(String::new(), |at| path[..at].to_string())
}

/// Tokens of a line with their offsets, `#` comments dropped, quotes kept together.
fn words(line: &str, base: usize) -> Vec<(String, Span)> {
    let mut out = Vec::new();
    let mut chars = line.char_indices().peekable();
    while let Some(&(start, c)) = chars.peek() {
        if c == '#' {
            break;
        }
        if c.is_whitespace() {
            chars.next();
            continue;
        }
        if c == '{' || c == '}' {
            chars.next();
            out.push((c.to_string(), Span::new(base + start, base + start + 1)));
            continue;
        }
        let quote = (c == '"' || c == '\'').then_some(c);
        if quote.is_some() {
            chars.next();
        }
        let mut end = start + c.len_utf8();
        let mut word = String::new();
        if quote.is_none() {
            word.push(c);
            chars.next();
        }
        while let Some(&(at, next)) = chars.peek() {
            if Some(next) == quote {
                chars.next();
                end = at + 1;
                break;
            }
            if quote.is_none() && (next.is_whitespace() || next == '{' || next == '}') {
                break;
            }
            word.push(next);
            end = at + next.len_utf8();
            chars.next();
        }
        out.push((word, Span::new(base + start, base + end)));
    }
    out
}

pub(super) fn extract(input: &FileInput, part: &mut Portfolio, pending: &mut Vec<Pending>) {
    let file = &input.file;
    let mut sink = Sink::new(file, LogKind::Logrotate);
    let mut defaults = Settings::default();
    let mut includes = Vec::new();
    let mut block: Option<OpenBlock> = None;
    let mut pending_paths: Vec<(String, Span)> = Vec::new();
    let mut in_script = false;
    let mut blocks: Vec<OpenBlock> = Vec::new();
    let mut offset = 0;
    for raw in file.text.split_inclusive('\n') {
        let base = offset;
        offset += raw.len();
        let line = raw.trim_end_matches(['\n', '\r']);
        let tokens = words(line, base);
        let Some((first, _)) = tokens.first() else {
            continue;
        };
        if in_script {
            if first == "endscript" {
                in_script = false;
            }
            continue;
        }
        if matches!(
            first.as_str(),
            "postrotate" | "prerotate" | "firstaction" | "lastaction" | "preremove"
        ) {
            in_script = true;
            continue;
        }
        if block.is_none() && (first.starts_with('/') || first.starts_with('~') || first.contains('*')) {
            // Paths of a block, possibly followed by `{` on the same line.
            for (word, span) in &tokens {
                if word == "{" {
                    let start = pending_paths.first().map_or(*span, |(_, s)| *s);
                    block = Some((std::mem::take(&mut pending_paths), Settings::default(), start));
                } else {
                    pending_paths.push((word.clone(), *span));
                }
            }
            continue;
        }
        if first == "{" && block.is_none() {
            let start = pending_paths.first().map_or(tokens[0].1, |(_, s)| *s);
            block = Some((std::mem::take(&mut pending_paths), Settings::default(), start));
            continue;
        }
        if first == "}" {
            if let Some(done) = block.take() {
                blocks.push(done);
            }
            continue;
        }
        let scope = match &mut block {
            Some((_, settings, _)) => settings,
            None => {
                if first == "include" {
                    if let Some((dir, _)) = tokens.get(1) {
                        includes.push(dir.clone());
                    }
                    continue;
                }
                &mut defaults
            }
        };
        let argument = tokens.get(1);
        let directive = |span: Span, value: String| Directive {
            value,
            span,
            file: file.clone(),
        };
        let line_span = Span::new(base, base + line.len());
        match first.as_str() {
            "hourly" | "daily" | "weekly" | "monthly" | "yearly" => {
                let period = match first.as_str() {
                    "hourly" => HOUR,
                    "daily" => DAY,
                    "weekly" => WEEK,
                    "monthly" => MONTH,
                    _ => YEAR,
                };
                scope.criterion = Some((Criterion::Period(period), directive(line_span, first.clone())));
            }
            "size" => {
                if let Some((value, _)) = argument {
                    let bytes = duration::size(value.trim_start_matches('+')).unwrap_or(0);
                    scope.criterion = Some((Criterion::Size(bytes), directive(line_span, value.clone())));
                }
            }
            "rotate" => {
                if let Some((value, _)) = argument {
                    scope.rotate = Some(directive(line_span, value.clone()));
                }
            }
            "maxage" => {
                if let Some((value, _)) = argument {
                    scope.maxage = Some(directive(line_span, value.clone()));
                }
            }
            "maxsize" => {
                if let Some((value, _)) = argument {
                    scope.maxsize = Some(directive(line_span, value.clone()));
                }
            }
            _ => {}
        }
    }
    if let Some(done) = block.take() {
        blocks.push(done);
    }
    let dir = dir_of(&file.path);
    let is_main = input.file_name() == "logrotate.conf";
    for (paths, settings, start) in blocks {
        let name = paths
            .iter()
            .map(|(p, _)| p.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let settings = settings.over(&defaults);
        let mut draft = judge(&settings, start, is_main);
        draft.name = name;
        draft.aliases = paths
            .iter()
            .map(|(p, _)| p.rsplit('/').next().unwrap_or(p).to_string())
            .collect();
        let incomplete = settings.rotate.is_none() || settings.criterion.is_none();
        sink.push(draft);
        if incomplete && !is_main {
            if let Some(log) = sink.logs.pop() {
                pending.push(Pending::LogrotateBlock(
                    Box::new(log),
                    Block {
                        settings,
                        dir: dir.clone(),
                    },
                ));
            }
        }
    }
    if is_main {
        pending.push(Pending::LogrotateDefaults(Defaults {
            settings: defaults,
            includes,
            dir,
        }));
    }
    part.logs.extend(sink.logs);
}

/// Applies the defaults of a `logrotate.conf` of the run to the blocks of the files it
/// includes, then drops the defaults' placeholders.
fn inherit(pending: Vec<Pending>, logs: &mut Vec<LogPolicy>) {
    let mut defaults: Vec<Defaults> = Vec::new();
    let mut blocks: Vec<(LogPolicy, Block)> = Vec::new();
    for item in pending {
        match item {
            Pending::LogrotateDefaults(found) => defaults.push(found),
            Pending::LogrotateBlock(log, block) => blocks.push((*log, block)),
            Pending::Spring(_) | Pending::Variables(_) => {}
        }
    }
    for (mut log, block) in blocks {
        apply_defaults(&mut log, block, &defaults);
        logs.push(log);
    }
}

/// Completes an incomplete block with the defaults of the `logrotate.conf` that includes its
/// directory, when the run has one.
fn apply_defaults(log: &mut LogPolicy, block: Block, defaults: &[Defaults]) {
    // The logrotate.conf whose `include` names this directory (`/etc/logrotate.d` for
    // `etc/logrotate.d/app`), or one in the parent directory.
    let parent = dir_of(&block.dir);
    let last = block.dir.rsplit('/').next().unwrap_or(&block.dir).to_string();
    let found = defaults.iter().find(|d| {
        d.includes
            .iter()
            .any(|inc| inc.trim_end_matches('/').rsplit('/').next() == Some(last.as_str()))
            && (d.dir == parent || d.dir.is_empty() || parent.ends_with(&d.dir))
    });
    let Some(found) = found else {
        return;
    };
    let settings = block.settings.over(&found.settings);
    let draft = judge(&settings, Span::default(), false);
    let (en, zh) = (draft.arithmetic.en.clone(), draft.arithmetic.zh.clone());
    log.measure = draft.measure;
    log.retention_days = draft.measure.days();
    log.bounded_by = draft.measure.bounded_by();
    log.status = draft.measure.status();
    log.evidence.arithmetic = Text::new(
        format!("{en} (with defaults from {})", found_file(found)),
        format!("{zh}（含 {} 中的默认设置）", found_file(found)),
    );
    // Point at the deciding directive, wherever it is.
    if let Some(directive) = settings
        .rotate
        .as_ref()
        .or(settings.criterion.as_ref().map(|(_, d)| d))
    {
        let pos = directive.file.pos(directive.span.start);
        log.evidence.file = directive.file.path.clone();
        log.evidence.line = pos.line;
        log.evidence.column = pos.col;
        log.rel = directive.file.rel.clone();
        log.anchor = Some(crate::model::logs::Anchor {
            file: directive.file.clone(),
            span: directive.span,
        });
    }
    for directive in [
        settings.rotate.as_ref(),
        settings.criterion.as_ref().map(|(_, d)| d),
        settings.maxage.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        let line = directive.file.pos(directive.span.start).line;
        if !log
            .evidence
            .settings
            .iter()
            .any(|s| s.line == line && s.file == directive.file.path)
        {
            log.evidence.settings.push(crate::model::logs::Setting {
                key: "directive".into(),
                value: directive.file.line_text(line).trim().to_string(),
                file: directive.file.path.clone(),
                line,
            });
        }
    }
}

fn found_file(defaults: &Defaults) -> String {
    if defaults.dir.is_empty() {
        "logrotate.conf".into()
    } else {
        format!("{}/logrotate.conf", defaults.dir)
    }
}

/// The retention of a block from its (merged) settings.
fn judge(settings: &Settings, declared: Span, is_main: bool) -> Draft {
    let mut draft_settings = Vec::new();
    for directive in [
        settings.criterion.as_ref().map(|(_, d)| d),
        settings.rotate.as_ref(),
        settings.maxage.as_ref(),
        settings.maxsize.as_ref(),
    ]
    .into_iter()
    .flatten()
    {
        let line = directive.file.pos(directive.span.start).line;
        draft_settings.push((
            "directive".to_string(),
            directive.file.line_text(line).trim().to_string(),
            directive.span,
        ));
    }
    let host = if is_main {
        ""
    } else {
        " (from the host's /etc/logrotate.conf, not in the scan)"
    };
    let host_zh = if is_main {
        ""
    } else {
        "（取自主机的 /etc/logrotate.conf，不在扫描范围内）"
    };
    let rotate: Option<i64> = settings.rotate.as_ref().and_then(|d| d.value.trim().parse().ok());
    let maxage: Option<u64> = settings.maxage.as_ref().and_then(|d| d.value.trim().parse().ok());
    let maxage_seconds = maxage.map(|d| d.saturating_mul(DAY));
    let decisive = settings
        .rotate
        .as_ref()
        .or(settings.criterion.as_ref().map(|(_, d)| d))
        .map_or(declared, |d| d.span);
    let mut draft = match (&settings.criterion, rotate) {
        (_, None) if settings.rotate.is_some() => Draft::new(
            "",
            declared,
            Measure::Unknown,
            Text::new("rotate count cannot be read", "rotate 份数无法解读"),
        ),
        (_, None) => Draft::new(
            "",
            declared,
            Measure::Unknown,
            Text::new(
                format!("no rotate count in this block or its defaults: inherited{host}"),
                format!("本块及其默认设置中没有 rotate 份数：继承{host_zh}"),
            ),
        ),
        (None, Some(_)) => Draft::new(
            "",
            declared,
            maxage_seconds.map_or_else(Measure::unknown_time, |s| Measure::Time {
                min: 0,
                max: Some(s),
                cap: None,
            }),
            Text::new(
                format!("rotation interval not set in this block or its defaults: inherited{host}"),
                format!("本块及其默认设置中未设置轮转周期：继承{host_zh}"),
            ),
        ),
        (Some((Criterion::Size(bytes), _)), Some(count)) => {
            let files = u64::try_from(count).ok();
            let measure = match (files, maxage_seconds) {
                (_, Some(age)) => Measure::Time {
                    min: 0,
                    max: Some(age),
                    cap: None,
                },
                (Some(files), None) => Measure::Capacity {
                    capacity: Capacity {
                        files: Some(files),
                        file_size: Some(*bytes),
                        total: None,
                    },
                    by: BoundedBy::Count,
                },
                (None, None) => Measure::Unbounded,
            };
            Draft::new(
                "",
                declared,
                measure,
                Text::new(
                    format!(
                        "size {} rotation x rotate {count}: bounded by count and size, no period",
                        duration::size_text(*bytes)
                    ),
                    format!(
                        "按大小 {} 轮转 × rotate {count}：按份数和大小限制，没有时间周期",
                        duration::size_text(*bytes)
                    ),
                ),
            )
        }
        (Some((Criterion::Period(period), _)), Some(count)) => {
            let words = period_text(*period);
            if count < 0 {
                match maxage_seconds {
                    Some(age) => {
                        let (en, zh) = duration::days_text(age);
                        Draft::new(
                            "",
                            declared,
                            Measure::exact(age),
                            Text::new(
                                format!("rotate {count} keeps all; maxage {} = {en}", maxage.unwrap_or(0)),
                                format!("rotate {count} 全部保留；maxage {} = {zh}", maxage.unwrap_or(0)),
                            ),
                        )
                    }
                    None => Draft::new(
                        "",
                        declared,
                        Measure::Unbounded,
                        Text::new(
                            format!(
                                "{} rotation, rotate {count}: rotated logs are never removed",
                                words.en
                            ),
                            format!("{}轮转，rotate {count}：轮转后的日志不会被删除", words.zh),
                        ),
                    ),
                }
            } else {
                let by_count = (count as u64).saturating_mul(*period);
                let seconds = maxage_seconds.map_or(by_count, |age| age.min(by_count));
                let (en, zh) = duration::days_text(seconds);
                let mut text = Text::new(
                    format!(
                        "{} rotation x rotate {count} = {}",
                        words.en,
                        duration::days_text(by_count).0
                    ),
                    format!(
                        "{}轮转 × rotate {count} = {}",
                        words.zh,
                        duration::days_text(by_count).1
                    ),
                );
                if let (Some(age), Some(days)) = (maxage_seconds, maxage) {
                    if age < by_count {
                        text = Text::new(
                            format!("{}; maxage {days} removes them sooner = {en}", text.en),
                            format!("{}；maxage {days} 提前删除 = {zh}", text.zh),
                        );
                    }
                }
                let cap = settings
                    .maxsize
                    .as_ref()
                    .and_then(|d| duration::size(&d.value))
                    .map(|bytes| Capacity {
                        files: Some(count as u64),
                        file_size: Some(bytes),
                        total: None,
                    });
                if let Some(capacity) = &cap {
                    text.en.push_str(&format!(
                        " (maxsize {} can rotate sooner under heavy volume)",
                        capacity.file_size.map_or_else(String::new, duration::size_text)
                    ));
                    text.zh.push_str(&format!(
                        "（日志量大时 maxsize {} 可能提前轮转）",
                        capacity.file_size.map_or_else(String::new, duration::size_text)
                    ));
                }
                let mut draft = Draft::new(
                    "",
                    declared,
                    Measure::Time {
                        min: seconds,
                        max: Some(seconds),
                        cap,
                    },
                    text,
                );
                if maxage_seconds.is_some_and(|age| age < by_count) {
                    if let Some(d) = &settings.maxage {
                        draft.decisive = d.span;
                    }
                }
                draft.settings = draft_settings.clone();
                if draft.decisive == declared {
                    draft.decisive = decisive;
                }
                return draft;
            }
        }
    };
    draft.decisive = decisive;
    draft.settings = draft_settings;
    draft
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_split_lines_and_drop_comments() {
        let found: Vec<String> = words("/var/log/a.log \"/var/log/b c.log\" { # x", 0)
            .into_iter()
            .map(|(w, _)| w)
            .collect();
        assert_eq!(found, ["/var/log/a.log", "/var/log/b c.log", "{"]);
    }
}
