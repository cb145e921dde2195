//! XML as a small element tree with byte positions, read with `quick-xml` (a pull parser that
//! reports the byte offset of every event). Build files such as Maven's `pom.xml` need only
//! elements and their text, so attributes, comments and processing instructions are dropped;
//! what is kept carries its span, so findings point at the exact element.
//!
//! The builder keeps an explicit stack (no recursion) and bounds depth and element count, so a
//! hostile document costs at most linear time and memory.

use super::ParseError;
use crate::source::Span;
use quick_xml::events::Event;
use quick_xml::Reader;

/// Bounds for one document.
const MAX_DEPTH: usize = 256;
const MAX_ELEMENTS: usize = 2_000_000;

#[derive(Debug, Clone)]
pub struct Element {
    /// The local name (namespace prefix removed).
    pub name: String,
    /// From `<` of the start tag to `>` of the end tag.
    pub span: Span,
    /// The element's own text (entities resolved, CDATA included), trimmed.
    pub text: String,
    /// Where the trimmed text is (the start tag's end when there is none).
    pub text_span: Span,
    pub children: Vec<usize>,
}

#[derive(Debug, Default)]
pub struct XmlTree {
    pub elements: Vec<Element>,
}

impl XmlTree {
    /// The document element.
    pub fn root(&self) -> Option<usize> {
        (!self.elements.is_empty()).then_some(0)
    }

    pub fn element(&self, id: usize) -> &Element {
        &self.elements[id]
    }

    /// Child elements named `name`.
    pub fn children<'a>(&'a self, id: usize, name: &'a str) -> impl Iterator<Item = usize> + 'a {
        self.elements[id]
            .children
            .iter()
            .copied()
            .filter(move |&child| self.elements[child].name == name)
    }

    /// The first child element named `name`.
    pub fn child(&self, id: usize, name: &str) -> Option<usize> {
        self.children(id, name).next()
    }

    /// The text of the first child named `name`, when not empty.
    pub fn child_text(&self, id: usize, name: &str) -> Option<&str> {
        self.child(id, name)
            .map(|child| self.elements[child].text.as_str())
            .filter(|text| !text.is_empty())
    }

    /// The element at a path of child names below `id` (first match at each step).
    pub fn path(&self, id: usize, names: &[&str]) -> Option<usize> {
        names.iter().try_fold(id, |at, name| self.child(at, name))
    }
}

/// Text collected for the element on top of the stack.
struct Open {
    id: usize,
    text: String,
    /// First and last byte of non-blank text.
    text_start: Option<usize>,
    text_end: usize,
}

/// Parses an XML document into elements with spans.
pub fn parse_xml(text: &str) -> Result<XmlTree, ParseError> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().trim_text(false);
    let mut tree = XmlTree::default();
    let mut stack: Vec<Open> = Vec::new();
    loop {
        let before = clamp(reader.buffer_position());
        let event = reader.read_event().map_err(|error| {
            ParseError::new(format!("XML error: {error}"), clamp(reader.error_position()))
        })?;
        let after = clamp(reader.buffer_position());
        let empty = matches!(event, Event::Empty(_));
        match event {
            Event::Start(start) | Event::Empty(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::new("XML nested too deeply", before));
                }
                if tree.elements.len() >= MAX_ELEMENTS {
                    return Err(ParseError::new("XML has too many elements", before));
                }
                let name = String::from_utf8_lossy(start.local_name().as_ref()).into_owned();
                let id = tree.elements.len();
                tree.elements.push(Element {
                    name,
                    span: Span::new(before, after),
                    text: String::new(),
                    text_span: Span::new(after, after),
                    children: Vec::new(),
                });
                match stack.last() {
                    Some(parent) => tree.elements[parent.id].children.push(id),
                    None if id != 0 => {
                        return Err(ParseError::new("XML has more than one document element", before))
                    }
                    None => {}
                }
                if !empty {
                    stack.push(Open {
                        id,
                        text: String::new(),
                        text_start: None,
                        text_end: after,
                    });
                }
            }
            Event::End(_) => {
                let Some(open) = stack.pop() else {
                    return Err(ParseError::new("XML end tag without a start tag", before));
                };
                let element = &mut tree.elements[open.id];
                element.span.end = Span::new(before, after).end;
                if let Some(start) = open.text_start {
                    element.text_span = Span::new(start, open.text_end);
                }
                element.text = open.text.trim().to_string();
            }
            Event::Text(content) => {
                if let Some(open) = stack.last_mut() {
                    let decoded = content
                        .xml10_content()
                        .map_err(|error| ParseError::new(format!("XML text: {error}"), before))?;
                    note_text(open, &decoded, text, before, after);
                }
            }
            Event::CData(content) => {
                if let Some(open) = stack.last_mut() {
                    let decoded = content
                        .decode()
                        .map_err(|error| ParseError::new(format!("XML CDATA: {error}"), before))?;
                    let inner_start = (before + "<![CDATA[".len()).min(after);
                    let inner_end = after.saturating_sub("]]>".len()).max(inner_start);
                    note_text(open, &decoded, text, inner_start, inner_end);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some(open) = stack.last_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(c)) => c.to_string(),
                        _ => {
                            let name = reference.decode().unwrap_or_default();
                            quick_xml::escape::resolve_predefined_entity(&name)
                                .map_or_else(|| format!("&{name};"), str::to_string)
                        }
                    };
                    open.text.push_str(&resolved);
                    open.text_start.get_or_insert(before);
                    open.text_end = after;
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if let Some(open) = stack.last() {
        return Err(ParseError::new(
            format!("XML ends before `</{}>`", tree.elements[open.id].name),
            text.len(),
        ));
    }
    if tree.elements.is_empty() {
        return Err(ParseError::new("no XML element", 0));
    }
    Ok(tree)
}

/// Appends text to the open element, tracking where its non-blank part lies in the source.
fn note_text(open: &mut Open, decoded: &str, source: &str, from: usize, to: usize) {
    open.text.push_str(decoded);
    let raw = source.get(from..to).unwrap_or("");
    let leading = raw.len() - raw.trim_start().len();
    let trailing = raw.len() - raw.trim_end().len();
    if raw.trim().is_empty() {
        return;
    }
    open.text_start.get_or_insert(from + leading);
    open.text_end = to - trailing;
}

fn clamp(position: u64) -> usize {
    usize::try_from(position).unwrap_or(usize::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_text_and_spans() {
        let text = "<?xml version=\"1.0\"?>\n<project xmlns=\"x\">\n  <a:version>1.0 &amp; <![CDATA[2]]></a:version>\n  <empty/>\n</project>\n";
        let tree = parse_xml(text).unwrap_or_else(|e| panic!("{e:?}"));
        let root = tree.root().unwrap_or(0);
        assert_eq!(tree.element(root).name, "project");
        let version = tree.child(root, "version").unwrap_or(0);
        assert_eq!(tree.element(version).text, "1.0 & 2");
        let span = tree.element(version).text_span;
        assert_eq!(
            &text[span.start as usize..span.end as usize],
            "1.0 &amp; <![CDATA[2"
        );
        assert!(tree.child(root, "empty").is_some());
        assert_eq!(tree.child_text(root, "empty"), None);
    }

    #[test]
    fn malformed_documents_are_errors_not_panics() {
        for bad in [
            "<a><b></a>",
            "<a>",
            "",
            "text only",
            "<a></a><b></b>",
            "<a>&#xZZ;</a>",
        ] {
            let _ = parse_xml(bad);
        }
        assert!(parse_xml("<a><b></a>").is_err());
        assert!(parse_xml("<a>").is_err());
        let deep = "<a>".repeat(10_000);
        assert!(parse_xml(&deep).is_err());
    }
}
