//! XML front end: `quick-xml`'s pull reader builds a small element tree whose elements,
//! attribute values and text keep their byte spans, for the logging configs apiaudit reads
//! (logback, log4j2). The tree is built with an explicit stack and a depth limit, so hostile
//! nesting cannot overflow the thread's stack; a document that is not well formed is a
//! `ParseError` with the offset quick-xml reports.

use super::ParseError;
use crate::source::Span;
use quick_xml::events::{BytesStart, Event};
use quick_xml::{Reader, XmlVersion};

/// An attribute: its name, its value (entities resolved) and where the raw value is.
#[derive(Debug, Clone)]
pub struct XmlAttr {
    pub name: String,
    pub value: String,
    pub span: Span,
}

/// An element with its attributes, direct text content and children.
#[derive(Debug, Clone, Default)]
pub struct XmlElement {
    pub name: String,
    pub attrs: Vec<XmlAttr>,
    pub children: Vec<XmlElement>,
    /// Text and CDATA directly inside the element, entities resolved, trimmed.
    pub text: String,
    /// Where the (untrimmed) text is; the start tag when the element has no text.
    pub text_span: Span,
    /// The start tag (`<name ...>`).
    pub span: Span,
}

impl XmlElement {
    /// The attribute named `name`, compared without regard to ASCII case (logback and log4j2
    /// both match attribute names that way).
    pub fn attr(&self, name: &str) -> Option<&XmlAttr> {
        self.attrs.iter().find(|a| a.name.eq_ignore_ascii_case(name))
    }

    pub fn attr_value(&self, name: &str) -> Option<&str> {
        self.attr(name).map(|a| a.value.as_str())
    }

    /// The local name (after any `prefix:`).
    pub fn local_name(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or(&self.name)
    }

    pub fn is(&self, name: &str) -> bool {
        self.local_name().eq_ignore_ascii_case(name)
    }

    /// Direct children with a given local name (ASCII case ignored).
    pub fn children_named<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a XmlElement> + 'a {
        self.children.iter().filter(move |c| c.is(name))
    }

    pub fn child(&self, name: &str) -> Option<&XmlElement> {
        self.children.iter().find(|c| c.is(name))
    }

    /// The text of the first child named `name`, when not empty.
    pub fn child_text(&self, name: &str) -> Option<&str> {
        self.child(name)
            .map(|c| c.text.as_str())
            .filter(|text| !text.is_empty())
    }

    /// The element at a path of child names (first match at each step).
    pub fn path(&self, names: &[&str]) -> Option<&XmlElement> {
        names.iter().try_fold(self, |at, name| at.child(name))
    }
}

/// Deeper than any real configuration; beyond it the document is not read further.
pub const MAX_DEPTH: usize = 256;

fn offset_in(text: &str, part: &str) -> usize {
    let base = text.as_ptr() as usize;
    let at = part.as_ptr() as usize;
    if at >= base && at <= base + text.len() {
        at - base
    } else {
        0
    }
}

fn element(
    text: &str,
    start: &BytesStart<'_>,
    tag_start: usize,
    tag_end: usize,
) -> Result<XmlElement, ParseError> {
    let mut attrs = Vec::new();
    for attr in start.attributes() {
        let attr =
            attr.map_err(|error| ParseError::new(format!("malformed attribute: {error}"), tag_start))?;
        let raw = &attr.value;
        let value_start = match raw {
            std::borrow::Cow::Borrowed(slice) => offset_in(text, slice),
            std::borrow::Cow::Owned(_) => tag_start,
        };
        let value = attr
            .normalized_value(XmlVersion::Implicit1_0)
            .map_err(|error| ParseError::new(format!("malformed attribute value: {error}"), value_start))?
            .into_owned();
        attrs.push(XmlAttr {
            name: attr.key.into_inner().to_string(),
            value,
            span: Span::new(value_start, value_start + raw.len()),
        });
    }
    Ok(XmlElement {
        name: start.name().into_inner().to_string(),
        attrs,
        span: Span::new(tag_start, tag_end),
        text_span: Span::new(tag_start, tag_end),
        ..XmlElement::default()
    })
}

fn predefined_entity(name: &str) -> Option<&'static str> {
    Some(match name {
        "lt" => "<",
        "gt" => ">",
        "amp" => "&",
        "apos" => "'",
        "quot" => "\"",
        _ => return None,
    })
}

/// Appends text to the open element, extending its text span.
fn push_text(open: &mut XmlElement, text: &str, from: usize, to: usize, first_text: &mut bool) {
    if *first_text {
        open.text_span = Span::new(from, to);
        *first_text = false;
    } else {
        open.text_span = Span::new(open.text_span.start as usize, to);
    }
    open.text.push_str(text);
}

/// Parses a document into its root element.
pub fn parse(text: &str) -> Result<XmlElement, ParseError> {
    let mut reader = Reader::from_str(text);
    let config = reader.config_mut();
    config.check_end_names = true;
    config.expand_empty_elements = false;
    // Open elements, each with a flag: no text seen yet.
    let mut stack: Vec<(XmlElement, bool)> = Vec::new();
    let mut root: Option<XmlElement> = None;
    loop {
        let before = reader.buffer_position() as usize;
        let event = reader
            .read_event()
            .map_err(|error| ParseError::new(error.to_string(), reader.error_position() as usize))?;
        let after = reader.buffer_position() as usize;
        match event {
            Event::Start(start) => {
                if stack.len() >= MAX_DEPTH {
                    return Err(ParseError::new(
                        format!("nesting deeper than {MAX_DEPTH} levels; the document is not read further"),
                        before,
                    ));
                }
                stack.push((element(text, &start, before, after)?, true));
            }
            Event::Empty(start) => {
                let done = element(text, &start, before, after)?;
                match stack.last_mut() {
                    Some((parent, _)) => parent.children.push(done),
                    None if root.is_none() => root = Some(done),
                    None => {}
                }
            }
            Event::End(_) => {
                let Some((mut done, _)) = stack.pop() else {
                    return Err(ParseError::new("closing tag without an opening tag", before));
                };
                let trimmed = done.text.trim();
                if trimmed.len() != done.text.len() {
                    done.text = trimmed.to_string();
                }
                match stack.last_mut() {
                    Some((parent, _)) => parent.children.push(done),
                    None if root.is_none() => root = Some(done),
                    None => {}
                }
            }
            Event::Text(content) => {
                if let Some((open, first)) = stack.last_mut() {
                    let decoded = content.xml10_content();
                    push_text(open, &decoded, before, after, first);
                }
            }
            Event::CData(content) => {
                if let Some((open, first)) = stack.last_mut() {
                    let raw = content.xml10_content().into_owned();
                    push_text(open, &raw, before, after, first);
                }
            }
            Event::GeneralRef(reference) => {
                if let Some((open, first)) = stack.last_mut() {
                    let resolved = match reference.resolve_char_ref() {
                        Ok(Some(ch)) => ch.to_string(),
                        Ok(None) => predefined_entity(&reference)
                            .map_or_else(|| format!("&{};", &*reference), str::to_string),
                        Err(error) => {
                            return Err(ParseError::new(
                                format!("invalid character reference: {error}"),
                                before,
                            ))
                        }
                    };
                    push_text(open, &resolved, before, after, first);
                }
            }
            Event::Eof => break,
            Event::Comment(_) | Event::Decl(_) | Event::PI(_) | Event::DocType(_) => {}
        }
    }
    if !stack.is_empty() {
        return Err(ParseError::new(
            "unexpected end of document: an element is not closed",
            text.len(),
        ));
    }
    root.ok_or_else(|| ParseError::new("no root element", 0))
}

/// The name of the root element, reading no further than its start tag: a cheap test of what
/// kind of XML document a file is (`pom.xml` vs a logging configuration).
pub fn root_name(text: &str) -> Option<String> {
    let mut reader = Reader::from_str(text);
    loop {
        match reader.read_event().ok()? {
            Event::Start(start) | Event::Empty(start) => return Some(start.name().into_inner().to_string()),
            Event::Eof => return None,
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elements_attributes_and_text_keep_their_spans() {
        let text = "<?xml version=\"1.0\"?>\n<configuration>\n  <appender name=\"A&amp;B\">\n    <maxHistory> 30 </maxHistory>\n  </appender>\n</configuration>\n";
        let root = parse(text).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(root.name, "configuration");
        let appender = root.child("appender").unwrap_or_else(|| panic!("appender"));
        let name = appender.attr("NAME").unwrap_or_else(|| panic!("name"));
        assert_eq!(name.value, "A&B");
        assert_eq!(&text[name.span.start as usize..name.span.end as usize], "A&amp;B");
        let max = appender
            .child("maxhistory")
            .unwrap_or_else(|| panic!("maxHistory"));
        assert_eq!(max.text, "30");
        assert!(text[max.text_span.start as usize..max.text_span.end as usize].contains("30"));
        assert_eq!(
            &text[max.span.start as usize..max.span.end as usize],
            "<maxHistory>"
        );
    }

    #[test]
    fn malformed_documents_are_errors_with_positions() {
        let error = parse("<configuration>\n  <appender>\n</configuration>\n").err();
        assert!(error.is_some());
        assert!(parse("<a><b></a>").is_err());
        assert!(parse("").is_err());
    }

    #[test]
    fn deep_nesting_is_bounded() {
        let text = "<a>".repeat(10_000);
        let error = parse(&text).err().unwrap_or_else(|| panic!("must fail"));
        assert!(error.message.contains("nesting"));
    }

    #[test]
    fn root_name_reads_only_the_first_tag() {
        assert_eq!(
            root_name("<?xml version=\"1.0\"?><!-- x --><project><a/></project>").as_deref(),
            Some("project")
        );
        assert_eq!(root_name("not xml at all").as_deref(), None);
    }
}
