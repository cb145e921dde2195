//! log4j2, in its four configuration formats (XML, properties, YAML, JSON), read into one
//! plugin tree and judged the same way.
//!
//! A `RollingFile` keeps what its `Delete` actions leave: a `Delete` removes files under
//! `basePath` (to `maxDepth`, default 1) for which all its conditions hold; `IfLastModified
//! age` deletes by age, `IfAccumulatedFileSize`/`IfAccumulatedFileCount` by total size or
//! count, `IfFileName` selects files (a glob against the path relative to `basePath`), nested
//! conditions must hold too, `IfAll`/`IfAny`/`IfNot` combine. `DefaultRolloverStrategy max`
//! only limits the `%i` counter: with a `%d` in `filePattern` and no `Delete`, dated archives
//! are never deleted; with `%i` alone it keeps `max - min + 1` files (a count). The period
//! (`TimeBasedTriggeringPolicy interval` in units of the pattern's finest date unit, or a
//! `CronTriggeringPolicy`) is shown but does not bound retention by itself.

use super::logback::period_of;
use super::vars::{self, Substituted, Syntax};
use super::{file_type, period_text, Draft, FileType, Sink};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::logs::duration;
use crate::model::logs::{BoundedBy, Capacity, LogKind, Measure, Text};
use crate::model::Portfolio;
use crate::parse::properties::parse_properties;
use crate::parse::tree::{Tree, Value};
use crate::parse::xml::{self, XmlElement};
use crate::settings::Settings;
use crate::source::Span;
use globset::GlobBuilder;
use std::collections::BTreeSet;

/// A log4j2 plugin node: its type, attributes and children, whatever the format.
#[derive(Debug, Clone, Default)]
struct Node {
    kind: String,
    attrs: Vec<(String, String, Span)>,
    children: Vec<Node>,
    span: Span,
    /// Text content (XML `<Property name="X">value</Property>`).
    text: Option<(String, Span)>,
}

impl Node {
    fn is(&self, kind: &str) -> bool {
        self.kind.eq_ignore_ascii_case(kind)
    }

    fn attr(&self, name: &str) -> Option<&(String, String, Span)> {
        self.attrs
            .iter()
            .rev()
            .find(|(k, _, _)| k.eq_ignore_ascii_case(name))
    }

    fn value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|(_, v, _)| v.as_str())
    }

    /// Depth-first, every node below (bounded by the tree, which the parsers bound).
    fn descendants(&self) -> Vec<&Node> {
        let mut out = Vec::new();
        let mut stack: Vec<&Node> = self.children.iter().rev().collect();
        while let Some(node) = stack.pop() {
            out.push(node);
            stack.extend(node.children.iter().rev());
        }
        out
    }
}

/// log4j2 XML configurations that are not logback's.
pub struct Log4j2Xml;

impl FrontEnd for Log4j2Xml {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Xml
            && !super::logback::wants(&name, &input.file.text)
            && wants_xml(&name, &input.file.text)
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_xml(input, part));
    }
}

/// `log4j2*.properties`.
pub struct Log4j2Properties;

impl FrontEnd for Log4j2Properties {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Properties && name.starts_with("log4j2")
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_properties(input, part));
    }
}

/// `log4j2*.{yaml,yml,json}`.
pub struct Log4j2Structured;

impl FrontEnd for Log4j2Structured {
    fn claims(&self, input: &FileInput) -> bool {
        let name = input.file_name();
        file_type(&name) == FileType::Structured && name.starts_with("log4j2")
    }

    fn extract(&self, input: &FileInput, settings: &Settings, out: &mut Extraction) {
        super::read(out, settings, |part| extract_structured(input, part));
    }
}

pub(super) fn wants_xml(name: &str, text: &str) -> bool {
    (name.starts_with("log4j2") || text.contains("<Appenders") || text.contains("<appenders"))
        && xml::root_name(text).is_some_and(|root| root.eq_ignore_ascii_case("configuration"))
}

fn from_xml(element: &XmlElement) -> Node {
    let text = (!element.text.is_empty()).then(|| (element.text.clone(), element.text_span));
    Node {
        kind: element.local_name().to_string(),
        attrs: element
            .attrs
            .iter()
            .map(|a| (a.name.clone(), a.value.clone(), a.span))
            .collect(),
        // Depth is bounded by the XML parser.
        children: element.children.iter().map(from_xml).collect(),
        span: element.span,
        text,
    }
}

pub(super) fn extract_xml(input: &FileInput, part: &mut Portfolio) {
    let mut sink = Sink::new(&input.file, LogKind::Log4j2);
    match xml::parse(&input.file.text) {
        Ok(root) => analyse(&from_xml(&root), &mut sink),
        Err(error) => sink.unparsable("log4j2", &error.message, error.offset),
    }
    part.logs.extend(sink.logs);
}

/// YAML and JSON configurations: keys are plugin types, scalars attributes, lists repeat a
/// type; a `type` key names the plugin (strict syntax).
pub(super) fn extract_structured(input: &FileInput, part: &mut Portfolio) {
    let mut sink = Sink::new(&input.file, LogKind::Log4j2);
    let Some(tree) = input.structured() else {
        let error = crate::parse::parse_structured(&input.file.text, crate::parse::Limits::default()).err();
        let (message, offset) = error.map_or(("not a mapping".to_string(), 0), |e| (e.message, e.offset));
        sink.unparsable("log4j2", &message, offset);
        part.logs.extend(sink.logs);
        return;
    };
    let root = tree.root();
    let Some(config) = tree
        .entries(root)
        .iter()
        .find(|e| e.key.eq_ignore_ascii_case("configuration"))
    else {
        return;
    };
    let node = from_tree(tree, config.value, "Configuration", config.key_span, 0);
    analyse(&node, &mut sink);
    part.logs.extend(sink.logs);
}

const MAX_TREE_DEPTH: usize = 64;

fn from_tree(tree: &Tree, id: u32, kind: &str, span: Span, depth: usize) -> Node {
    let mut node = Node {
        kind: kind.to_string(),
        span,
        ..Node::default()
    };
    if depth > MAX_TREE_DEPTH {
        return node;
    }
    for entry in tree.entries(id) {
        let value = entry.value;
        match &tree.node(value).value {
            Value::Map(_) => {
                let kind = tree.get_str(value, "type").unwrap_or(&entry.key).to_string();
                node.children
                    .push(from_tree(tree, value, &kind, entry.key_span, depth + 1));
            }
            Value::Seq(items) => {
                for item in items {
                    if tree.is_map(*item) {
                        let kind = tree.get_str(*item, "type").unwrap_or(&entry.key).to_string();
                        node.children
                            .push(from_tree(tree, *item, &kind, tree.span(*item), depth + 1));
                    }
                }
            }
            _ => {
                if let Some(text) = tree.scalar_text(value) {
                    node.attrs
                        .push((entry.key.to_string(), text.to_string(), tree.span(value)));
                }
            }
        }
    }
    node
}

/// `log4j2.properties`: dotted keys build the plugin tree; `<prefix>.type` names a node.
pub(super) fn extract_properties(input: &FileInput, part: &mut Portfolio) {
    let mut sink = Sink::new(&input.file, LogKind::Log4j2);
    let props = parse_properties(&input.file.text);
    let mut root = Node {
        kind: "Configuration".into(),
        ..Node::default()
    };
    let mut properties = Node {
        kind: "Properties".into(),
        ..Node::default()
    };
    let mut appenders = Node {
        kind: "Appenders".into(),
        ..Node::default()
    };
    let mut loggers = Node {
        kind: "Loggers".into(),
        ..Node::default()
    };
    for prop in &props {
        let mut parts = prop.key.split('.');
        let head = parts.next().unwrap_or("");
        let rest: Vec<&str> = parts.collect();
        let target = match head {
            "property" if !rest.is_empty() => {
                properties.children.push(Node {
                    kind: "Property".into(),
                    attrs: vec![
                        ("name".into(), rest.join("."), prop.key_span),
                        ("value".into(), prop.value.clone(), prop.value_span),
                    ],
                    span: prop.key_span,
                    ..Node::default()
                });
                continue;
            }
            "appender" => &mut appenders,
            "logger" => &mut loggers,
            "rootLogger" => {
                // `rootLogger.appenderRef.x.ref = NAME`, or the short `rootLogger = INFO, NAME`.
                let mut path = vec!["root"];
                path.extend(rest.iter().copied());
                if rest.is_empty() {
                    let root_node = insert(&mut loggers, &["root"], prop.key_span);
                    root_node.kind = "Root".into();
                    for name in prop.value.split(',').skip(1) {
                        root_node.children.push(Node {
                            kind: "AppenderRef".into(),
                            attrs: vec![("ref".into(), name.trim().to_string(), prop.value_span)],
                            span: prop.key_span,
                            ..Node::default()
                        });
                    }
                    continue;
                }
                let (last, prefix) = path.split_last().map_or(("", &[][..]), |(l, p)| (*l, p));
                let node = insert(&mut loggers, prefix, prop.key_span);
                if prefix.len() == 1 {
                    node.kind = "Root".into();
                }
                set(node, last, prop);
                continue;
            }
            _ => continue,
        };
        let Some((last, prefix)) = rest.split_last() else {
            continue;
        };
        let node = insert(target, prefix, prop.key_span);
        set(node, last, prop);
    }
    root.children.push(properties);
    root.children.push(appenders);
    root.children.push(loggers);
    analyse(&root, &mut sink);
    part.logs.extend(sink.logs);
}

/// The node at a dotted path below `parent`, created on first use (kind = its last id until
/// a `.type` names it).
fn insert<'a>(parent: &'a mut Node, path: &[&str], span: Span) -> &'a mut Node {
    let mut node = parent;
    for id in path {
        let index = match node
            .children
            .iter()
            .position(|c| c.attr("@id").is_some_and(|(_, v, _)| v == id))
        {
            Some(index) => index,
            None => {
                node.children.push(Node {
                    kind: (*id).to_string(),
                    attrs: vec![("@id".into(), (*id).to_string(), span)],
                    span,
                    ..Node::default()
                });
                node.children.len() - 1
            }
        };
        node = &mut node.children[index];
    }
    node
}

fn set(node: &mut Node, key: &str, prop: &crate::parse::properties::Prop) {
    if key == "type" {
        node.kind = prop.value.clone();
        node.span = prop.key_span;
    } else {
        node.attrs
            .push((key.to_string(), prop.value.clone(), prop.value_span));
    }
}

const REMOTE: &[&str] = &[
    "Syslog", "Socket", "Kafka", "Flume", "Http", "JeroMQ", "Gelf", "Loghub", "SMTP",
];
const ROLLING: &[&str] = &["RollingFile", "RollingRandomAccessFile"];
const PLAIN: &[&str] = &["File", "RandomAccessFile", "MemoryMappedFile"];

struct Config<'a> {
    properties: Vec<(String, String)>,
    /// Every `Delete` action of the file, with the appender it is declared in.
    deletes: Vec<&'a Node>,
}

impl Config<'_> {
    fn substitute(&self, text: &str) -> Substituted {
        let lookup = |name: &str| {
            let local = vars::log4j2_local(name)?;
            self.properties
                .iter()
                .rev()
                .find(|(k, _)| k == local)
                .map(|(_, v)| v.clone())
        };
        vars::substitute(text, Syntax::Log4j2, &lookup)
    }
}

fn analyse(root: &Node, sink: &mut Sink<'_>) {
    let mut properties = Vec::new();
    for properties_node in root.children.iter().filter(|c| c.is("Properties")) {
        for property in properties_node.children.iter().filter(|c| c.is("Property")) {
            let name = property.value("name").unwrap_or("").to_string();
            let value = property
                .value("value")
                .map(str::to_string)
                .or_else(|| property.text.as_ref().map(|(t, _)| t.clone()))
                .unwrap_or_default();
            if !name.is_empty() {
                properties.push((name, value));
            }
        }
    }
    let appenders: Vec<&Node> = root
        .children
        .iter()
        .filter(|c| c.is("Appenders"))
        .flat_map(|a| a.descendants())
        .collect();
    let config = Config {
        properties,
        deletes: appenders.iter().copied().filter(|n| n.is("Delete")).collect(),
    };
    // Loggers and the appenders they write to (Async wrappers expanded).
    let async_refs = |name: &str| -> Vec<String> {
        let mut out = vec![name.to_string()];
        for appender in appenders.iter().filter(|a| a.value("name") == Some(name)) {
            for r in appender.children.iter().filter(|c| c.is("AppenderRef")) {
                if let Some(target) = r.value("ref") {
                    out.push(target.to_string());
                }
            }
        }
        out
    };
    let mut loggers: Vec<(String, BTreeSet<String>, bool)> = Vec::new();
    for loggers_node in root.children.iter().filter(|c| c.is("Loggers")) {
        for logger in &loggers_node.children {
            let is_root = logger.is("Root") || logger.is("AsyncRoot");
            let name = if is_root {
                "ROOT".to_string()
            } else {
                logger.value("name").unwrap_or("").to_string()
            };
            let additive = !logger
                .value("additivity")
                .is_some_and(|a| a.trim().eq_ignore_ascii_case("false"));
            let mut set = BTreeSet::new();
            for r in logger.descendants().into_iter().filter(|c| c.is("AppenderRef")) {
                if let Some(target) = r.value("ref") {
                    set.extend(async_refs(target));
                }
            }
            loggers.push((name, set, additive));
        }
    }
    let remote_names: BTreeSet<String> = appenders
        .iter()
        .filter(|a| REMOTE.iter().any(|r| a.is(r)))
        .filter_map(|a| a.value("name").map(str::to_string))
        .collect();
    let root_set: BTreeSet<String> = loggers
        .iter()
        .find(|(n, _, _)| n == "ROOT")
        .map(|(_, s, _)| s.clone())
        .unwrap_or_default();
    for appender in appenders.iter().copied() {
        let rolling = ROLLING.iter().any(|k| appender.is(k));
        let plain = PLAIN.iter().any(|k| appender.is(k));
        if !rolling && !plain {
            continue;
        }
        let name = appender.value("name").unwrap_or("").to_string();
        let mut writers = Vec::new();
        let mut shipped = Vec::new();
        let mut all_shipped = true;
        for (logger, set, additive) in &loggers {
            if !set.contains(&name) {
                continue;
            }
            writers.push(logger.clone());
            let mut reach = set.clone();
            if logger != "ROOT" && *additive {
                reach.extend(root_set.iter().cloned());
            }
            let remotes: Vec<String> = reach.intersection(&remote_names).cloned().collect();
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
        let mut draft = if rolling {
            rolling_file(appender, &config)
        } else {
            let mut draft = Draft::new(
                "",
                appender.span,
                Measure::Unbounded,
                Text::new(
                    format!(
                        "{} appender without rollover: never deleted by log4j2",
                        appender.kind
                    ),
                    format!("{} appender 不滚动：log4j2 不会删除", appender.kind),
                ),
            );
            if let Some((_, value, span)) = appender.attr("fileName") {
                draft.aliases.push(base_name(&config.substitute(value).text));
                draft.settings.push(("fileName".into(), value.clone(), *span));
            }
            draft
        };
        draft.name = name;
        draft.aliases.extend(writers.into_iter().filter(|w| w != "ROOT"));
        draft.shipped_to = shipped;
        sink.push(draft);
    }
}

fn base_name(path: &str) -> String {
    path.rsplit(['/', '\\']).next().unwrap_or(path).to_string()
}

fn dir_name(path: &str) -> &str {
    path.rfind(['/', '\\']).map_or("", |at| &path[..at])
}

/// A file name the pattern produces, for matching `IfFileName`: dates as 2024-01-15 13:45:30,
/// counters as 1.
fn sample(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(at) = rest.find('%') {
        out.push_str(&rest[..at]);
        let after = &rest[at + 1..];
        let token_len = after
            .find(|c: char| !c.is_ascii_alphabetic())
            .unwrap_or(after.len());
        let token = &after[..token_len];
        let mut tail = &after[token_len..];
        let mut options = "";
        if let Some(inner) = tail.strip_prefix('{') {
            if let Some(end) = inner.find('}') {
                options = &inner[..end];
                tail = &inner[end + 1..];
            }
        }
        match token {
            "d" | "date" => out.push_str(&format_date(options.split(',').next().unwrap_or("").trim())),
            "i" => out.push('1'),
            _ => {}
        }
        rest = tail;
    }
    out.push_str(rest);
    out
}

fn format_date(pattern: &str) -> String {
    let pattern = if pattern.is_empty() { "yyyy-MM-dd" } else { pattern };
    let mut out = String::new();
    let chars: Vec<char> = pattern.chars().collect();
    let mut i = 0;
    let mut quoted = false;
    while i < chars.len() {
        let c = chars[i];
        if c == '\'' {
            quoted = !quoted;
            i += 1;
            continue;
        }
        if quoted || !c.is_ascii_alphabetic() {
            out.push(c);
            i += 1;
            continue;
        }
        let run = chars[i..].iter().take_while(|&&x| x == c).count();
        let value: String = match c {
            'y' | 'Y' | 'u' if run == 2 => "24".into(),
            'y' | 'Y' | 'u' => "2024".into(),
            'M' | 'L' => "01".into(),
            'd' => "15".into(),
            'H' | 'k' => "13".into(),
            'h' | 'K' => "01".into(),
            'm' => "45".into(),
            's' => "30".into(),
            'S' => "000".into(),
            'D' => "015".into(),
            'w' | 'W' => "03".into(),
            'E' => "Mon".into(),
            'a' => "PM".into(),
            _ => "0".repeat(run),
        };
        out.push_str(&value);
        i += run;
    }
    out
}

/// When a condition tree lets a file be deleted: `worst` assumes caps (size, count) are hit at
/// once, `time` ignores them; each an interval of seconds (u64::MAX = never), with the node
/// that decides the lower end.
#[derive(Debug, Clone)]
struct Eval {
    worst: (u64, u64),
    time: (u64, u64),
    caps: Vec<(BoundedBy, u64)>,
    variables: Vec<String>,
    decisive: Option<Span>,
    words: Vec<String>,
}

const NEVER: u64 = u64::MAX;

impl Eval {
    fn leaf(worst: (u64, u64), time: (u64, u64), span: Span, words: String) -> Eval {
        Eval {
            worst,
            time,
            caps: Vec::new(),
            variables: Vec::new(),
            decisive: Some(span),
            words: vec![words],
        }
    }

    fn never(words: String) -> Eval {
        Eval {
            worst: (NEVER, NEVER),
            time: (NEVER, NEVER),
            caps: Vec::new(),
            variables: Vec::new(),
            decisive: None,
            words: vec![words],
        }
    }

    fn always() -> Eval {
        Eval {
            worst: (0, 0),
            time: (0, 0),
            caps: Vec::new(),
            variables: Vec::new(),
            decisive: None,
            words: Vec::new(),
        }
    }

    fn combine(parts: Vec<Eval>, all: bool) -> Eval {
        let mut iter = parts.into_iter();
        let Some(mut acc) = iter.next() else {
            return Eval::always();
        };
        for part in iter {
            let pick = |a: (u64, u64), b: (u64, u64)| {
                if all {
                    (a.0.max(b.0), a.1.max(b.1))
                } else {
                    (a.0.min(b.0), a.1.min(b.1))
                }
            };
            // The deciding node: for all-of, the one whose guarantee is longest; for any-of,
            // the earliest by age (a size cap is noted, not the deciding setting).
            let key = |e: &Eval| e.time.0;
            let takes_part = if all {
                part.worst.0 > acc.worst.0
            } else {
                key(&part) < key(&acc)
            };
            if takes_part || acc.decisive.is_none() {
                acc.decisive = part.decisive.or(acc.decisive);
            }
            acc.worst = pick(acc.worst, part.worst);
            acc.time = pick(acc.time, part.time);
            acc.caps.extend(part.caps);
            acc.variables.extend(part.variables);
            acc.words.extend(part.words);
        }
        acc
    }
}

/// Evaluates one condition (with its nested conditions, which must all hold too).
fn condition(node: &Node, config: &Config<'_>, relative: &str, depth: usize) -> Eval {
    if depth > 16 {
        return Eval::leaf((0, NEVER), (0, NEVER), node.span, "…".into());
    }
    let nested: Vec<Eval> = node
        .children
        .iter()
        .filter(|c| c.kind.starts_with("If") || c.kind.starts_with("if"))
        .map(|c| condition(c, config, relative, depth + 1))
        .collect();
    let kind = node.kind.to_ascii_lowercase();
    let own = match kind.as_str() {
        "iffilename" => {
            let glob = node.value("glob").map(|g| config.substitute(g).text);
            let regex = node.value("regex").map(|r| config.substitute(r).text);
            let matches = match (&glob, &regex) {
                (Some(glob), _) => GlobBuilder::new(glob)
                    .literal_separator(true)
                    .build()
                    .map(|g| g.compile_matcher().is_match(relative))
                    .unwrap_or(true),
                (None, Some(regex)) => regex::Regex::new(&format!("^(?:{regex})$"))
                    .map(|r| r.is_match(relative))
                    .unwrap_or(true),
                (None, None) => true,
            };
            let shown = glob
                .map(|g| format!("IfFileName glob={g}"))
                .or_else(|| regex.map(|r| format!("IfFileName regex={r}")))
                .unwrap_or_else(|| "IfFileName".into());
            if matches {
                let mut eval = Eval::always();
                eval.words.push(shown);
                eval
            } else {
                Eval::never(format!("{shown} (does not match {relative})"))
            }
        }
        "iflastmodified" => {
            let raw = node.value("age").unwrap_or("");
            let value = config.substitute(raw);
            let span = node.attr("age").map_or(node.span, |(_, _, s)| *s);
            if !value.is_known() {
                let mut eval = Eval::leaf((0, NEVER), (0, NEVER), span, format!("IfLastModified age={raw}"));
                eval.variables = value.external;
                eval
            } else {
                match duration::log4j2(&value.text) {
                    Some(age) => Eval::leaf(
                        (age, age),
                        (age, age),
                        span,
                        format!("IfLastModified age={}", value.text),
                    ),
                    None => Eval::leaf(
                        (0, NEVER),
                        (0, NEVER),
                        span,
                        format!("IfLastModified age={raw} (unreadable)"),
                    ),
                }
            }
        }
        "ifaccumulatedfilesize" | "ifaccumulatedfilecount" => {
            let raw = node.value("exceeds").unwrap_or("");
            let value = config.substitute(raw);
            let size = kind == "ifaccumulatedfilesize";
            let amount = if size {
                duration::size(&value.text)
            } else {
                value.text.trim().parse().ok()
            };
            let mut eval = Eval::leaf(
                (0, 0),
                (NEVER, NEVER),
                node.span,
                format!("{} exceeds={raw}", node.kind),
            );
            eval.caps.push((
                if size { BoundedBy::Size } else { BoundedBy::Count },
                amount.unwrap_or(0),
            ));
            eval
        }
        "ifall" => return Eval::combine(nested, true),
        "ifany" => return Eval::combine(nested, false),
        "ifnot" => {
            // Only a negated name test has a clear meaning for retention.
            match nested.first() {
                Some(inner) if inner.worst == (0, 0) && inner.caps.is_empty() && inner.decisive.is_none() => {
                    return Eval::never("IfNot (matching files are kept)".into());
                }
                Some(inner) if inner.worst.0 == NEVER => {
                    let mut eval = Eval::always();
                    eval.words.push("IfNot".into());
                    return eval;
                }
                _ => {
                    return Eval::leaf(
                        (0, NEVER),
                        (0, NEVER),
                        node.span,
                        "IfNot (retention unknown)".into(),
                    )
                }
            }
        }
        _ => Eval::leaf(
            (0, NEVER),
            (0, NEVER),
            node.span,
            format!("{} (retention unknown)", node.kind),
        ),
    };
    let mut parts = vec![own];
    parts.extend(nested);
    Eval::combine(parts, true)
}

fn rolling_file(appender: &Node, config: &Config<'_>) -> Draft {
    let mut settings: Vec<(String, String, Span)> = Vec::new();
    let mut aliases = Vec::new();
    if let Some((_, value, span)) = appender.attr("fileName") {
        aliases.push(base_name(&config.substitute(value).text));
        settings.push(("fileName".into(), value.clone(), *span));
    }
    let pattern_raw = appender.attr("filePattern").cloned();
    let Some((_, pattern_raw, pattern_span)) = pattern_raw else {
        return Draft::new(
            "",
            appender.span,
            Measure::Unknown,
            Text::new(
                "RollingFile without filePattern: log4j2 does not start it",
                "RollingFile 缺少 filePattern：log4j2 无法启动该 appender",
            ),
        );
    };
    settings.push(("filePattern".into(), pattern_raw.clone(), pattern_span));
    let pattern = config.substitute(&pattern_raw);
    aliases.push(base_name(&pattern.text));
    let has_date = pattern.text.contains("%d");
    let has_counter = pattern.text.contains("%i");
    // The period, for the wording: the pattern's unit times TimeBasedTriggeringPolicy interval.
    let policies: Vec<&Node> = appender
        .descendants()
        .into_iter()
        .filter(|n| n.kind.ends_with("Policy"))
        .collect();
    let interval = policies
        .iter()
        .find(|p| p.is("TimeBasedTriggeringPolicy"))
        .map(|p| {
            p.value("interval")
                .and_then(|i| i.trim().parse::<u64>().ok())
                .unwrap_or(1)
        });
    let cron = policies
        .iter()
        .find(|p| p.is("CronTriggeringPolicy"))
        .and_then(|p| p.value("schedule"));
    let size_trigger = policies
        .iter()
        .find(|p| p.is("SizeBasedTriggeringPolicy"))
        .map(|p| p.value("size").and_then(duration::size).unwrap_or(10 << 20));
    for policy in &policies {
        settings.push((
            policy.kind.clone(),
            policy
                .attrs
                .iter()
                .map(|(k, v, _)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
            policy.span,
        ));
    }
    let period = period_of(&pattern.text).map(|unit| unit.saturating_mul(interval.unwrap_or(1)));
    let rollover = match (period, cron) {
        (_, Some(schedule)) => Text::new(
            format!("cron \"{schedule}\" rollover"),
            format!("按 cron 表达式 `{schedule}` 滚动"),
        ),
        (Some(seconds), _) => {
            let words = period_text(seconds);
            Text::new(format!("{} rollover", words.en), format!("{}滚动", words.zh))
        }
        (None, _) => Text::new("size rollover", "按大小滚动"),
    };
    // Delete actions that reach this appender's archives: basePath a directory above them,
    // within maxDepth.
    let archive_dir = dir_name(&pattern.text).to_string();
    let file_sample = sample(&pattern.text);
    let mut applicable = Vec::new();
    for delete in &config.deletes {
        let base = config.substitute(delete.value("basePath").unwrap_or("")).text;
        let base = base.trim_end_matches(['/', '\\']);
        let depth = delete
            .value("maxDepth")
            .and_then(|d| d.trim().parse::<usize>().ok())
            .unwrap_or(1);
        let Some(relative) = file_sample
            .strip_prefix(base)
            .map(|r| r.trim_start_matches(['/', '\\']).to_string())
        else {
            continue;
        };
        if base.is_empty() && !archive_dir.is_empty() {
            continue;
        }
        if relative.split(['/', '\\']).count() > depth {
            continue;
        }
        applicable.push((delete, relative));
    }
    if applicable.is_empty() {
        let max = policies
            .iter()
            .chain(appender.descendants().iter())
            .find(|n| n.is("DefaultRolloverStrategy") || n.is("DirectWriteRolloverStrategy"))
            .map(|s| {
                (
                    s.kind.clone(),
                    s.value("max").or_else(|| s.value("maxFiles")).map(str::to_string),
                    s.span,
                )
            });
        if has_counter && !has_date {
            let (kind, max_text, span) =
                max.unwrap_or(("DefaultRolloverStrategy".into(), None, appender.span));
            let files = max_text
                .as_deref()
                .map_or(Some(7), |m| config.substitute(m).text.trim().parse::<u64>().ok());
            let count = files.map_or_else(|| "?".to_string(), |n| n.to_string());
            let size = size_trigger.map_or_else(|| "?".to_string(), duration::size_text);
            let mut draft = Draft::new(
                "",
                appender.span,
                Measure::Capacity {
                    capacity: Capacity {
                        files,
                        file_size: size_trigger,
                        total: None,
                    },
                    by: BoundedBy::Count,
                },
                Text::new(
                    format!("{kind} max {count} files x SizeBasedTriggeringPolicy {size}: bounded by count and size, no period"),
                    format!("{kind} 最多保留 {count} 个文件 × SizeBasedTriggeringPolicy {size}：按份数和大小限制，没有时间周期"),
                ),
            );
            draft.decisive = span;
            draft.settings = settings;
            draft.aliases = aliases;
            return draft;
        }
        let mut draft = Draft::new(
            "",
            appender.span,
            Measure::Unbounded,
            Text::new(
                format!(
                    "{} without a Delete action: dated archives are never deleted (DefaultRolloverStrategy max only limits %i)",
                    rollover.en
                ),
                format!("{}，未配置 `Delete` 动作：带日期的归档不会被删除（`DefaultRolloverStrategy` 的 `max` 只限制 `%i` 计数）", rollover.zh),
            ),
        );
        draft.decisive = pattern_span;
        draft.settings = settings;
        draft.aliases = aliases;
        return draft;
    }
    let mut evals = Vec::new();
    let mut unmatched = Vec::new();
    for (delete, relative) in &applicable {
        let conditions: Vec<Eval> = delete
            .children
            .iter()
            .filter(|c| c.kind.to_ascii_lowercase().starts_with("if") || c.is("ScriptCondition"))
            .map(|c| condition(c, config, relative, 0))
            .collect();
        let mut eval = Eval::combine(conditions, true);
        if eval.decisive.is_none() {
            eval.decisive = Some(delete.span);
        }
        // A Delete whose file test never matches these archives does not bear on them.
        if eval.worst.0 == NEVER {
            unmatched.push(eval);
            continue;
        }
        settings.push((
            "Delete".into(),
            delete
                .attrs
                .iter()
                .map(|(k, v, _)| format!("{k}={v}"))
                .collect::<Vec<_>>()
                .join(" "),
            delete.span,
        ));
        evals.push(eval);
    }
    if evals.is_empty() {
        evals = unmatched;
    }
    let eval = Eval::combine(evals, false);
    let decisive = eval.decisive.unwrap_or(appender.span);
    let conditions = eval.words.join(", ");
    let (measure, text) = judge(&eval, &rollover, &conditions);
    let mut draft = Draft::new("", appender.span, measure, text);
    draft.decisive = decisive;
    draft.settings = settings;
    draft.aliases = aliases;
    draft.variables = eval.variables;
    draft
}

/// Turns the evaluation of the Delete actions into a measure and its arithmetic.
fn judge(eval: &Eval, rollover: &Text, conditions: &str) -> (Measure, Text) {
    let prefix_en = format!("{}, Delete {conditions}", rollover.en);
    let prefix_zh = format!("{}，Delete {conditions}", rollover.zh);
    let caps = || {
        let mut capacity = Capacity::default();
        let mut by = BoundedBy::Size;
        for (kind, amount) in &eval.caps {
            match kind {
                BoundedBy::Count => {
                    capacity.files = Some(*amount);
                    by = BoundedBy::Count;
                }
                _ => capacity.total = Some(*amount),
            }
        }
        if capacity.total.is_some() {
            by = BoundedBy::Size;
        }
        (capacity, by)
    };
    if eval.worst.0 == NEVER {
        return (
            Measure::Unbounded,
            Text::new(
                format!("{prefix_en}: no condition deletes these archives"),
                format!("{prefix_zh}：没有条件会删除这些归档"),
            ),
        );
    }
    let unknown = |min: u64, max: u64| {
        let hi = (max != NEVER).then_some(max);
        let names = eval.variables.join(", ");
        let why_en = if names.is_empty() {
            "a condition's effect cannot be computed".to_string()
        } else {
            format!("the age comes from {names} (environment or system property), not from the file")
        };
        let why_zh = if names.is_empty() {
            "无法计算其中条件的效果".to_string()
        } else {
            format!("期限取自 {names}（环境变量或系统属性），配置文件中未给出")
        };
        let at_least = if min > 0 {
            let (en, zh) = duration::days_text(min);
            (format!(" (at least {en})"), format!("（至少 {zh}）"))
        } else {
            (String::new(), String::new())
        };
        (
            Measure::Time {
                min,
                max: hi,
                cap: None,
            },
            Text::new(
                format!("{prefix_en}: {why_en}{}", at_least.0),
                format!("{prefix_zh}：{why_zh}{}", at_least.1),
            ),
        )
    };
    if eval.time.0 != NEVER {
        if eval.time.0 != eval.time.1 {
            return unknown(eval.time.0, eval.time.1);
        }
        let seconds = eval.time.0;
        let (en, zh) = duration::days_text(seconds);
        let cap = (eval.worst.0 < seconds && !eval.caps.is_empty()).then(|| caps().0);
        let mut text = Text::new(format!("{prefix_en} = {en}"), format!("{prefix_zh} = {zh}"));
        if cap.is_some() {
            text.en
                .push_str(" (a size or count condition can delete sooner under heavy volume)");
            text.zh.push_str("（日志量大时大小或数量条件可能提前删除）");
        }
        return (
            Measure::Time {
                min: seconds,
                max: Some(seconds),
                cap,
            },
            text,
        );
    }
    if eval.worst.0 > 0 || eval.worst.1 > 0 {
        if eval.worst.0 != eval.worst.1 {
            return unknown(eval.worst.0, eval.worst.1);
        }
        let (en, zh) = duration::days_text(eval.worst.0);
        return (
            Measure::exact(eval.worst.0),
            Text::new(
                format!("{prefix_en} = at least {en}"),
                format!("{prefix_zh} = 至少 {zh}"),
            ),
        );
    }
    let (capacity, by) = caps();
    (
        Measure::Capacity { capacity, by },
        Text::new(
            format!("{prefix_en}: bounded by {} only, no period", by.as_str()),
            format!(
                "{prefix_zh}：仅按{}限制，没有时间周期",
                if by == BoundedBy::Count {
                    "数量"
                } else {
                    "大小"
                }
            ),
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn samples_match_globs_and_regexes() {
        assert_eq!(
            sample("/data/logs/batch-%d{yyyy-MM-dd}.log.gz"),
            "/data/logs/batch-2024-01-15.log.gz"
        );
        assert_eq!(
            sample("logs/app-%d{yyyy-MM-dd-HH}-%i.log.gz"),
            "logs/app-2024-01-15-13-1.log.gz"
        );
        assert_eq!(
            sample("logs/${date:yyyy-MM}/app.log"),
            "logs/${date:yyyy-MM}/app.log"
        );
    }
    use crate::frontend::logs::read_alone;
    use crate::model::logs::Status;

    const XML: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Configuration status="WARN">
  <Properties>
    <Property name="dir">/data/logs/pay</Property>
  </Properties>
  <Appenders>
    <RollingFile name="PAY" fileName="${dir}/pay.log" filePattern="${dir}/pay-%d{yyyy-MM-dd}.log.gz">
      <PatternLayout pattern="%d %m%n"/>
      <Policies>
        <TimeBasedTriggeringPolicy interval="1"/>
      </Policies>
      <DefaultRolloverStrategy>
        <Delete basePath="${dir}" maxDepth="1">
          <IfFileName glob="pay-*.log.gz"/>
          <IfLastModified age="90d"/>
        </Delete>
      </DefaultRolloverStrategy>
    </RollingFile>
  </Appenders>
  <Loggers>
    <Root level="info"><AppenderRef ref="PAY"/></Root>
  </Loggers>
</Configuration>
"#;

    #[test]
    fn a_delete_action_bounds_the_log_by_its_age() {
        let logs = read_alone(&Log4j2Xml, "config/log4j2.xml", XML);
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].kind, LogKind::Log4j2);
        assert_eq!(logs[0].name, "PAY");
        assert_eq!(logs[0].retention_days, Some(90));
    }

    #[test]
    fn with_a_dated_pattern_max_limits_only_the_index_and_nothing_is_deleted() {
        let xml = XML
            .replace(
                "<DefaultRolloverStrategy>",
                "<DefaultRolloverStrategy max=\"15\">",
            )
            .replace(
                "        <Delete basePath=\"${dir}\" maxDepth=\"1\">\n          <IfFileName glob=\"pay-*.log.gz\"/>\n          <IfLastModified age=\"90d\"/>\n        </Delete>\n",
                "",
            );
        let logs = read_alone(&Log4j2Xml, "config/log4j2.xml", &xml);
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].retention_days, None, "{logs:#?}");
        assert_eq!(logs[0].status, Status::Unbounded, "{logs:#?}");
    }

    #[test]
    fn the_properties_form_reads_the_same_settings() {
        let text = "property.logDir = /data/logs/recon\n\
appender.rolling.type = RollingFile\n\
appender.rolling.name = RollingFile\n\
appender.rolling.fileName = ${logDir}/recon.log\n\
appender.rolling.filePattern = ${logDir}/recon-%d{yyyy-MM-dd}.log.gz\n\
appender.rolling.policies.type = Policies\n\
appender.rolling.policies.time.type = TimeBasedTriggeringPolicy\n\
appender.rolling.strategy.type = DefaultRolloverStrategy\n\
appender.rolling.strategy.delete.type = Delete\n\
appender.rolling.strategy.delete.basePath = ${logDir}\n\
appender.rolling.strategy.delete.ifLastModified.type = IfLastModified\n\
appender.rolling.strategy.delete.ifLastModified.age = 45d\n";
        let logs = read_alone(&Log4j2Properties, "conf/log4j2.properties", text);
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].retention_days, Some(45));
    }

    #[test]
    fn a_plain_file_appender_is_never_deleted() {
        let xml = r#"<Configuration><Appenders><File name="AUDIT" fileName="/data/logs/audit.log"><PatternLayout pattern="%m%n"/></File></Appenders></Configuration>"#;
        let logs = read_alone(&Log4j2Xml, "log4j2.xml", xml);
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].status, Status::Unbounded);
    }

    #[test]
    fn a_log4j2_file_that_does_not_parse_is_an_entry_of_unknown_retention() {
        let logs = read_alone(
            &Log4j2Xml,
            "log4j2.xml",
            "<Configuration><Appenders><RollingFile name=\"A\"",
        );
        assert_eq!(logs.len(), 1, "{logs:#?}");
        assert_eq!(logs[0].status, Status::Unknown);
    }
}
