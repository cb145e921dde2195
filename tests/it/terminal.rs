//! Terminal manners: text output wrapped to the width asked for (`COLUMNS` through a pipe),
//! never inside a code span or a JSON pointer, and not wrapped at all when piped without one;
//! `--version` names the build; `--help` shows defaults.

use crate::support::*;
use regex::Regex;

const DEMO: &str = "testdata/projects/demo-bank";

fn text_output(lang: &str, columns: Option<usize>) -> String {
    let mut command = apiaudit();
    command.args(["scan", DEMO, "-f", "text", "--no-progress", "--lang", lang]);
    if let Some(columns) = columns {
        command.env("COLUMNS", columns.to_string());
    }
    let output = command.output().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(code(&output), 1, "{}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8(output.stdout).unwrap_or_else(|e| panic!("{e}"))
}

/// The code spans and JSON pointers of a text, sorted.
fn spans(text: &str) -> Vec<String> {
    let span = Regex::new(r"`[^`\n]*`|#/[^\s`，。；：）、]+").unwrap_or_else(|e| panic!("{e}"));
    let mut spans: Vec<String> = span.find_iter(text).map(|m| m.as_str().to_string()).collect();
    spans.sort();
    spans
}

#[test]
fn text_is_wrapped_to_the_width_and_never_inside_a_code_span() {
    for lang in ["en", "zh"] {
        let piped = text_output(lang, None);
        let widest = piped
            .lines()
            .map(textwrap::core::display_width)
            .max()
            .unwrap_or(0);
        assert!(
            widest > 120,
            "{lang}: piped output is not wrapped (widest line {widest})"
        );
        // Unwrapped, every code span and pointer is whole: those of the wrapped output must be
        // the same ones (one broken across lines would be missing, or cut into others).
        let expected = spans(&piped);
        assert!(expected.len() > 50, "{lang}: {}", expected.len());
        for width in [80, 120] {
            let wrapped = text_output(lang, Some(width));
            for line in wrapped.lines() {
                assert!(
                    textwrap::core::display_width(line) <= width,
                    "{lang} at {width}: {} columns: {line}",
                    textwrap::core::display_width(line)
                );
            }
            let found = spans(&wrapped);
            let missing: Vec<&String> = found.iter().filter(|s| !expected.contains(s)).collect();
            assert!(missing.is_empty(), "{lang} at {width}: broken spans {missing:?}");
        }
    }
}

#[test]
fn the_summary_points_to_explain_and_the_docs() {
    let text = text_output("en", None);
    assert!(text.contains("`apiaudit explain CODE`"), "{text}");
    assert!(text.contains("docs/rules/"), "{text}");
}

#[test]
fn version_names_the_commit_and_date() {
    let output = run(&["--version"]);
    let text = String::from_utf8_lossy(&output.stdout);
    let version = Regex::new(r"^apiaudit \d+\.\d+\.\d+ \(([0-9a-f]{7,} )?\d{4}-\d{2}-\d{2}\)\n$")
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(version.is_match(&text), "{text:?}");
}

#[test]
fn help_shows_defaults() {
    let output = run(&["scan", "--help"]);
    let text = String::from_utf8_lossy(&output.stdout);
    for expected in [
        "default: high",
        "default: en",
        "[default: text]",
        "[default: auto]",
    ] {
        assert!(text.contains(expected), "{expected}: {text}");
    }
}
