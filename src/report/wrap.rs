//! Text output at the terminal's width. Lines are broken where Unicode allows (between words,
//! and between Chinese characters), never inside a code span (`` `x-sunset` ``), a JSON
//! pointer (`#/components/...`) or a URL: their characters are joined with WORD JOINERs
//! (U+2060, no break either side) and their spaces made non-breaking while the text is
//! wrapped, and both are taken out again afterwards. Output that is piped is not wrapped.

use textwrap::{Options, WordSeparator, WordSplitter};

const JOINER: char = '\u{2060}';
const NO_BREAK_SPACE: char = '\u{a0}';

/// The width to wrap text output to: the terminal's when standard output is one, else
/// `COLUMNS` when it is set (to ask for a width through a pipe), else none.
pub fn output_width(to_terminal: bool) -> Option<usize> {
    if to_terminal {
        if let Some((terminal_size::Width(width), _)) = terminal_size::terminal_size() {
            return Some(usize::from(width).max(40));
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|columns| columns.trim().parse::<usize>().ok())
        .filter(|&width| width >= 20)
}

/// `text` with its code spans, JSON pointers and URLs made unbreakable (see the module).
pub fn protect(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 2);
    let mut rest = text;
    while let Some(start) = next_protected(rest) {
        out.push_str(&rest[..start]);
        let tail = &rest[start..];
        let len = protected_len(tail);
        join(&tail[..len], &mut out);
        rest = &tail[len..];
    }
    out.push_str(rest);
    out
}

/// The byte ranges of the code spans, JSON pointers and URLs of `text`.
pub fn protected_ranges(text: &str) -> Vec<std::ops::Range<usize>> {
    let mut ranges = Vec::new();
    let mut from = 0;
    while let Some(start) = next_protected(&text[from..]) {
        let start = from + start;
        let end = start + protected_len(&text[start..]);
        ranges.push(start..end);
        from = end;
    }
    ranges
}

/// Undoes `protect` on wrapped text.
pub fn restore(text: &str) -> String {
    text.chars()
        .filter(|&c| c != JOINER)
        .map(|c| if c == NO_BREAK_SPACE { ' ' } else { c })
        .collect()
}

/// Where the next code span (with its closing backtick on the same line), JSON pointer or URL
/// starts.
fn next_protected(text: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let at = from + text[from..].find(['`', '#', 'h'])?;
        let tail = &text[at..];
        let protected = match tail.as_bytes()[0] {
            b'`' => tail[1..]
                .split('\n')
                .next()
                .is_some_and(|line| line.contains('`')),
            b'#' => tail.starts_with("#/"),
            _ => {
                (tail.starts_with("https://") || tail.starts_with("http://"))
                    && !text[..at].ends_with(|c: char| c.is_ascii_alphanumeric())
            }
        };
        if protected {
            return Some(at);
        }
        from = at + 1;
    }
}

/// The length of the protected run at the start of `tail`.
fn protected_len(tail: &str) -> usize {
    if let Some(body) = tail.strip_prefix('`') {
        return body.find('`').map_or(tail.len(), |end| end + 2);
    }
    // A pointer or URL ends at whitespace, or at punctuation that closes the sentence around it.
    tail.find(|c: char| c.is_whitespace() || "，。；：）」、`'\"<>".contains(c) || (c as u32) >= 0x3000)
        .unwrap_or(tail.len())
}

fn join(run: &str, out: &mut String) {
    for (i, c) in run.chars().enumerate() {
        if i > 0 {
            out.push(JOINER);
        }
        out.push(if c == ' ' { NO_BREAK_SPACE } else { c });
    }
}

/// The wrapping options every text output shares.
pub fn options(width: usize) -> Options<'static> {
    Options::new(width)
        .word_separator(WordSeparator::UnicodeBreakProperties)
        .word_splitter(WordSplitter::NoHyphenation)
        .break_words(false)
}

/// `text` wrapped to `width` (each of its lines on its own), or as it is without a width.
pub fn fill(text: &str, width: Option<usize>) -> String {
    fill_indented(text, width, "", "")
}

/// Like `fill`, with the first line after `first` and the others after `rest`.
pub fn fill_indented(text: &str, width: Option<usize>, first: &str, rest: &str) -> String {
    let Some(width) = width else {
        return format!("{first}{text}");
    };
    let protected = protect(text);
    let options = options(width).initial_indent(first).subsequent_indent(rest);
    restore(&textwrap::fill(&protected, options))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_spans_and_pointers_stay_whole() {
        let text = "operation GET /v1/accounts has `x-sunset` in the past and its schema is at \
                    #/components/schemas/AccountBalanceResponse, see https://example.com/a/very/long/path";
        for width in 20..90 {
            let wrapped = fill(text, Some(width));
            assert!(wrapped.contains("`x-sunset`"), "{width}: {wrapped}");
            assert!(
                wrapped.contains("#/components/schemas/AccountBalanceResponse"),
                "{width}"
            );
            assert!(
                wrapped.contains("https://example.com/a/very/long/path"),
                "{width}"
            );
            assert!(!wrapped.contains(JOINER) && !wrapped.contains(NO_BREAK_SPACE));
        }
    }

    #[test]
    fn chinese_wraps_between_characters_and_within_width() {
        let text = "接口 GET /v1/accounts 的路径参数 `idCardNo` 将 C2 类个人金融信息放在 URL 中，应改为在请求体中传递并在日志中脱敏。";
        let wrapped = fill(text, Some(30));
        assert!(wrapped.lines().count() > 2);
        for line in wrapped.lines() {
            assert!(textwrap::core::display_width(line) <= 30, "{line}");
        }
        assert_eq!(wrapped.replace(['\n', ' '], ""), text.replace(' ', ""));
    }

    #[test]
    fn no_width_is_no_wrapping() {
        assert_eq!(fill("a b c", None), "a b c");
    }
}
