//! Markdown for a terminal (`explain` on a terminal): headings set off (bold when colored,
//! underlined with rules otherwise), paragraphs and list items wrapped to the width without
//! breaking a code span, code blocks indented and left as they are. Parsed with pulldown-cmark.

use crate::report::wrap;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

const BOLD: &str = "\u{1b}[1m";
const DIM: &str = "\u{1b}[2m";
const RESET: &str = "\u{1b}[0m";

/// `markdown` as terminal text, wrapped to `width` when given.
pub fn render(markdown: &str, width: Option<usize>, color: bool) -> String {
    let mut out = String::new();
    // The inline text of the block being read (a paragraph, heading or list item).
    let mut inline = String::new();
    let mut heading: Option<HeadingLevel> = None;
    let mut in_item = false;
    let mut code_block: Option<String> = None;
    let mut link: Option<String> = None;
    for event in Parser::new(markdown) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => heading = Some(level),
            Event::End(TagEnd::Heading(_)) => {
                let level = heading.take().unwrap_or(HeadingLevel::H1);
                push_heading(&mut out, &inline, level, width, color);
                inline.clear();
            }
            Event::Start(Tag::Item) => in_item = true,
            Event::End(TagEnd::Item) => {
                out.push_str(&wrap::fill_indented(inline.trim(), width, "  • ", "    "));
                out.push('\n');
                inline.clear();
                in_item = false;
            }
            Event::End(TagEnd::List(_)) => out.push('\n'),
            Event::End(TagEnd::Paragraph) if !in_item => {
                out.push_str(&wrap::fill(inline.trim(), width));
                out.push_str("\n\n");
                inline.clear();
            }
            Event::Start(Tag::CodeBlock(_)) => code_block = Some(String::new()),
            Event::End(TagEnd::CodeBlock) => {
                for line in code_block.take().unwrap_or_default().lines() {
                    match color {
                        true => out.push_str(&format!("    {DIM}{line}{RESET}\n")),
                        false => out.push_str(&format!("    {line}\n")),
                    }
                }
                out.push('\n');
            }
            Event::Start(Tag::Link { dest_url, .. }) => link = Some(dest_url.to_string()),
            Event::End(TagEnd::Link) => {
                if let Some(url) = link.take() {
                    inline.push_str(&format!(" ({url})"));
                }
            }
            Event::Text(text) => match code_block.as_mut() {
                Some(code) => code.push_str(&text),
                None => inline.push_str(&text),
            },
            Event::Code(code) => {
                inline.push('`');
                inline.push_str(&code);
                inline.push('`');
            }
            Event::SoftBreak => inline.push(' '),
            Event::HardBreak => inline.push('\n'),
            _ => {}
        }
    }
    if !inline.trim().is_empty() {
        out.push_str(&wrap::fill(inline.trim(), width));
        out.push('\n');
    }
    while out.ends_with("\n\n") {
        out.pop();
    }
    out
}

fn push_heading(out: &mut String, text: &str, level: HeadingLevel, width: Option<usize>, color: bool) {
    let text = wrap::fill(text.trim(), width);
    if color {
        out.push_str(&format!("{BOLD}{text}{RESET}\n\n"));
        return;
    }
    let rule = if level == HeadingLevel::H1 { '=' } else { '-' };
    let widest = text.lines().map(textwrap::core::display_width).max().unwrap_or(0);
    out.push_str(&format!("{text}\n{}\n\n", rule.to_string().repeat(widest)));
}

#[cfg(test)]
mod tests {
    use super::render;

    #[test]
    fn headings_lists_and_code_are_rendered_within_the_width() {
        let markdown = "# ID002 malformed-interface-id: the ID is malformed\n\n- Basis: standard (annex B)\n- Default severity: high\n\n## What it finds\n\nAn operation whose `x-api-id` does not follow annex B, with a long sentence that has to be wrapped at the width.\n\n```yaml\nx-api-id: OP1234\n```\n";
        let text = render(markdown, Some(40), false);
        assert!(
            text.starts_with("ID002 malformed-interface-id: the ID is\nmalformed\n========"),
            "{text}"
        );
        assert!(text.contains("  • Basis: standard (annex B)\n"), "{text}");
        assert!(text.contains("What it finds\n-------------\n"), "{text}");
        assert!(text.contains("    x-api-id: OP1234\n"), "{text}");
        assert!(text.contains("`x-api-id`"), "{text}");
        assert!(!text.contains("```") && !text.contains("## "), "{text}");
        for line in text.lines() {
            assert!(textwrap::core::display_width(line) <= 40, "{line}");
        }
    }
}
