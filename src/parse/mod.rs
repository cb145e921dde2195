//! Front ends for the structured formats apiaudit reads. This is the only module that names a
//! parser crate: everything downstream sees the position-aware [`Tree`], whatever the format.
//!
//! XML (logging configurations) goes through `quick-xml`; `.properties` and INI files are
//! line-based and read in `properties`.
//!
//! YAML goes through libyaml (the safe port `libyaml-safer`), so apiaudit accepts exactly what
//! libyaml accepts; JSON goes through `jiter`'s pull parser. Both build the same arena tree
//! without recursion, so nesting depth and YAML alias expansion are bounded here, once.

pub mod build_tokens;
pub mod code;
pub mod csv;
pub mod json;
pub mod nginx;
pub mod properties;
pub mod tree;
pub mod xml;
pub mod yaml;

pub use tree::{Entry, Node, NodeId, Text, Tree, Value};

use crate::source::Span;
use std::collections::HashSet;

/// Why a document could not be read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub message: String,
    /// Byte offset of the problem in the text.
    pub offset: u32,
}

impl ParseError {
    pub fn new(message: impl Into<String>, offset: usize) -> Self {
        ParseError {
            message: message.into(),
            offset: u32::try_from(offset).unwrap_or(u32::MAX),
        }
    }
}

/// Bounds that keep hostile input from exhausting the stack or memory.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub max_depth: usize,
    /// Nodes a document may reach once YAML aliases are expanded, as a multiple of the nodes
    /// it actually has (with a floor); beyond this it is an alias bomb.
    pub alias_expansion_factor: u64,
    pub alias_expansion_floor: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 512,
            alias_expansion_factor: 32,
            alias_expansion_floor: 1_000_000,
        }
    }
}

thread_local! {
    /// Set while a parser runs under `guarded`: its panics are expected and not printed.
    static QUIET_PANICS: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Installs a panic hook that stays silent for panics `guarded` turns into parse errors, and
/// prints every other panic as before. Called once by the binary.
pub fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        if !QUIET_PANICS.with(std::cell::Cell::get) {
            previous(info);
        }
    }));
}

/// Runs a third-party parser so that a panic inside it becomes a parse error at `end` (parser
/// bugs surface on malformed input, which must give a finding, not a crash).
pub(crate) fn guarded<T>(end: usize, parse: impl FnOnce() -> Result<T, ParseError>) -> Result<T, ParseError> {
    QUIET_PANICS.with(|quiet| quiet.set(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(parse));
    QUIET_PANICS.with(|quiet| quiet.set(false));
    result.unwrap_or_else(|panic| {
        let detail = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "unknown".into());
        Err(ParseError::new(
            format!("the parser failed on this input ({detail})"),
            end,
        ))
    })
}

/// Whether a text looks like JSON (so the JSON front end reads it first).
pub fn looks_like_json(text: &str) -> bool {
    matches!(text.trim_start().as_bytes().first(), Some(b'{' | b'['))
}

/// Parses YAML or JSON. JSON-looking text is read as JSON first; if that fails and libyaml
/// reads it, the YAML reading wins (YAML flow style looks like JSON), otherwise the JSON
/// error is reported because it is the more precise one.
pub fn parse_structured(text: &str, limits: Limits) -> Result<Tree, ParseError> {
    if looks_like_json(text) {
        match json::parse(text, limits) {
            Ok(tree) => Ok(tree),
            Err(json_error) => yaml::parse(text, limits).map_err(|_| json_error),
        }
    } else {
        yaml::parse(text, limits)
    }
}

/// Builder shared by both front ends: an explicit stack of open containers.
pub(crate) struct Builder {
    nodes: Vec<Node>,
    /// Expanded size of each node (aliases count their target's full size).
    weights: Vec<u64>,
    stack: Vec<Frame>,
    roots: Vec<NodeId>,
    duplicates: Vec<(Text, Span)>,
    limits: Limits,
    interned: HashSet<Text>,
}

/// Texts up to this length are interned; longer ones (descriptions) are rarely repeated.
const INTERN_MAX: usize = 40;

enum Frame {
    Seq {
        start: u32,
        anchor: Option<String>,
        items: Vec<NodeId>,
        weight: u64,
    },
    Map {
        start: u32,
        anchor: Option<String>,
        entries: Vec<Entry>,
        key: Option<(Text, Span)>,
        weight: u64,
        /// The keys seen, once the map is large enough for a linear duplicate check to cost
        /// (a `paths` map of 100,000 entries).
        index: Option<HashSet<Text>>,
    },
}

/// Entries from which a mapping indexes its keys for the duplicate check.
const INDEX_FROM: usize = 32;

/// What the builder hands back when a container closes, so YAML can register its anchor.
pub(crate) struct Closed {
    pub id: NodeId,
    pub anchor: Option<String>,
}

impl Builder {
    pub fn new(limits: Limits) -> Self {
        Builder {
            nodes: Vec::new(),
            weights: Vec::new(),
            stack: Vec::new(),
            roots: Vec::new(),
            duplicates: Vec::new(),
            limits,
            interned: HashSet::new(),
        }
    }

    /// A text for a key or scalar, shared with earlier equal texts when short.
    pub fn text(&mut self, text: &str) -> Text {
        if text.len() > INTERN_MAX {
            return Text::from(text);
        }
        if let Some(existing) = self.interned.get(text) {
            return existing.clone();
        }
        let new = Text::from(text);
        self.interned.insert(new.clone());
        new
    }

    /// True when the next value completed goes to a mapping as its key.
    pub fn expects_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame::Map { key: None, .. }))
    }

    pub fn set_key(&mut self, key: &str, span: Span) {
        let key = self.text(key);
        if let Some(Frame::Map { key: slot, .. }) = self.stack.last_mut() {
            *slot = Some((key, span));
        }
    }

    fn check_depth(&self, offset: u32) -> Result<(), ParseError> {
        if self.stack.len() >= self.limits.max_depth {
            return Err(ParseError {
                message: format!(
                    "nesting deeper than {} levels; the document is not read further",
                    self.limits.max_depth
                ),
                offset,
            });
        }
        Ok(())
    }

    pub fn open_seq(&mut self, start: u32, anchor: Option<String>) -> Result<(), ParseError> {
        self.check_depth(start)?;
        self.stack.push(Frame::Seq {
            start,
            anchor,
            items: Vec::new(),
            weight: 1,
        });
        Ok(())
    }

    pub fn open_map(&mut self, start: u32, anchor: Option<String>) -> Result<(), ParseError> {
        self.check_depth(start)?;
        self.stack.push(Frame::Map {
            start,
            anchor,
            entries: Vec::new(),
            key: None,
            weight: 1,
            index: None,
        });
        Ok(())
    }

    fn push_node(&mut self, node: Node, weight: u64) -> NodeId {
        let id = NodeId::try_from(self.nodes.len()).unwrap_or(NodeId::MAX);
        self.nodes.push(node);
        self.weights.push(weight);
        id
    }

    /// A node that is not attached anywhere (an anchored mapping key).
    pub fn scalar_detached(&mut self, span: Span, value: Value) -> NodeId {
        self.push_node(Node { span, value }, 1)
    }

    pub fn scalar_text(&self, id: NodeId) -> Option<String> {
        match &self.nodes.get(id as usize)?.value {
            Value::Str(text) | Value::Number(text) => Some(text.to_string()),
            Value::Bool(value) => Some(value.to_string()),
            Value::Null => Some(String::new()),
            _ => None,
        }
    }

    pub fn scalar(&mut self, span: Span, value: Value) -> Result<NodeId, ParseError> {
        let id = self.push_node(Node { span, value }, 1);
        self.attach(id)?;
        Ok(id)
    }

    /// Attaches an existing node again (a YAML alias): shared, never copied.
    pub fn alias(&mut self, id: NodeId, offset: u32) -> Result<(), ParseError> {
        let _ = offset;
        self.attach(id)
    }

    pub fn close(&mut self, end: u32) -> Result<Closed, ParseError> {
        let Some(frame) = self.stack.pop() else {
            return Err(ParseError {
                message: "unbalanced end of a collection".into(),
                offset: end,
            });
        };
        let (node, weight, anchor) = match frame {
            Frame::Seq {
                start,
                anchor,
                items,
                weight,
            } => (
                Node {
                    span: Span { start, end },
                    value: Value::Seq(items.into_boxed_slice()),
                },
                weight,
                anchor,
            ),
            Frame::Map {
                start,
                anchor,
                mut entries,
                key,
                weight,
                ..
            } => {
                if let Some((key, key_span)) = key {
                    // A key without a value (`{a}` or a dangling key) maps to null.
                    let null = self.push_node(
                        Node {
                            span: key_span,
                            value: Value::Null,
                        },
                        1,
                    );
                    entries.push(Entry {
                        key,
                        key_span,
                        value: null,
                    });
                }
                self.apply_merge_keys(&mut entries);
                (
                    Node {
                        span: Span { start, end },
                        value: Value::Map(entries.into_boxed_slice()),
                    },
                    weight,
                    anchor,
                )
            }
        };
        let id = self.push_node(node, weight);
        self.attach(id)?;
        Ok(Closed { id, anchor })
    }

    /// YAML merge keys (`<<: *base`): entries of the merged maps that the map does not define.
    fn apply_merge_keys(&mut self, entries: &mut Vec<Entry>) {
        if !entries.iter().any(|entry| &*entry.key == "<<") {
            return;
        }
        let mut merged = Vec::new();
        let mut own = Vec::new();
        for entry in entries.drain(..) {
            if &*entry.key == "<<" {
                merged.push(entry.value);
            } else {
                own.push(entry);
            }
        }
        let mut sources = Vec::new();
        for id in merged {
            match &self.nodes[id as usize].value {
                Value::Map(_) => sources.push(id),
                Value::Seq(items) => sources.extend(items.iter().copied()),
                _ => {}
            }
        }
        // A set, not a search of `own`: merged maps may be large and merged many times.
        let mut defined: HashSet<Text> = own.iter().map(|entry| entry.key.clone()).collect();
        for source in sources {
            if let Value::Map(source_entries) = &self.nodes[source as usize].value {
                for entry in source_entries {
                    if defined.insert(entry.key.clone()) {
                        own.push(entry.clone());
                    }
                }
            }
        }
        *entries = own;
    }

    fn attach(&mut self, id: NodeId) -> Result<(), ParseError> {
        let weight = self.weights.get(id as usize).copied().unwrap_or(1);
        let span = self.nodes.get(id as usize).map(|n| n.span).unwrap_or_default();
        let budget = self.limits.alias_expansion_floor.max(
            self.limits
                .alias_expansion_factor
                .saturating_mul(self.nodes.len() as u64),
        );
        match self.stack.last_mut() {
            None => {
                self.roots.push(id);
                Ok(())
            }
            Some(Frame::Seq { items, weight: w, .. }) => {
                items.push(id);
                *w = w.saturating_add(weight);
                if *w > budget {
                    return Err(alias_bomb(span.start));
                }
                Ok(())
            }
            Some(Frame::Map {
                entries,
                key,
                weight: w,
                index,
                ..
            }) => {
                match key.take() {
                    Some((key, key_span)) => {
                        let duplicate = match index {
                            Some(seen) => !seen.insert(key.clone()),
                            None => {
                                let duplicate = entries.iter().any(|entry| entry.key == key);
                                if entries.len() >= INDEX_FROM {
                                    let seen = entries.iter().map(|entry| entry.key.clone());
                                    *index = Some(seen.chain(std::iter::once(key.clone())).collect());
                                }
                                duplicate
                            }
                        };
                        if duplicate {
                            self.duplicates.push((key.clone(), key_span));
                        }
                        entries.push(Entry {
                            key,
                            key_span,
                            value: id,
                        });
                        *w = w.saturating_add(weight);
                        if *w > budget {
                            return Err(alias_bomb(span.start));
                        }
                    }
                    None => {
                        // A complex (non-scalar) key: keep a readable stand-in.
                        *key = Some((Text::from("<complex key>"), span));
                    }
                }
                Ok(())
            }
        }
    }

    pub fn finish(self, text_len: usize) -> Result<Tree, ParseError> {
        if !self.stack.is_empty() {
            return Err(ParseError::new("unexpected end of document", text_len));
        }
        let mut nodes = self.nodes;
        let roots = if self.roots.is_empty() {
            let id = NodeId::try_from(nodes.len()).unwrap_or(NodeId::MAX);
            nodes.push(Node {
                span: Span::default(),
                value: Value::Null,
            });
            vec![id]
        } else {
            self.roots
        };
        Ok(Tree::new(nodes, roots, self.duplicates))
    }
}

fn alias_bomb(offset: u32) -> ParseError {
    ParseError {
        message: "YAML aliases expand to far more nodes than the document has (an alias bomb); \
                  the document is not read further"
            .into(),
        offset,
    }
}
