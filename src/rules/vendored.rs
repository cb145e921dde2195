//! Third-party code copied into a repository: a library under `static/`, a `vendor/` folder, a
//! minified bundle. It is read like any file, but what it logs is the library's business, not
//! the bank's (LOG004 skips it; the dependency rules judge libraries). Recognised by the
//! `[scan] vendor` globs, by path conventions, by a minified-file heuristic and, for
//! JavaScript, by the licence banner libraries keep at the top of their files.

use crate::rules::{Ctx, FileInput};

/// Folders that hold other people's code.
const VENDOR_DIRS: &[&str] = &[
    "vendor",
    "vendors",
    "third_party",
    "third-party",
    "thirdparty",
    "3rdparty",
    "3rd-party",
    "node_modules",
    "bower_components",
    "jspm_packages",
    "webjars",
];

/// Folders that serve static web files; a library folder below one of them is third-party.
const STATIC_DIRS: &[&str] = &["static", "public", "assets", "webapp", "wwwroot", "www"];

/// Library folders under a static folder (`static/ajax/libs/`, `static/plugins/pdfjs/`).
const STATIC_LIBRARY_DIRS: &[&str] = &[
    "lib",
    "libs",
    "plugin",
    "plugins",
    "pdfjs",
    "pdf.js",
    "pdfjs-dist",
];

/// File names of minified or bundled code.
const MINIFIED_SUFFIXES: &[&str] = &[
    ".min.js",
    "-min.js",
    ".min.mjs",
    ".bundle.js",
    ".chunk.js",
    ".pack.js",
];

/// Banners libraries keep at the top of their files (`/*! jQuery v3.7.1 | (c) OpenJS
/// Foundation`, PDF.js' `@licstart`), which a bank's own sources do not carry.
const LICENCE_BANNERS: &[&str] = &["@licstart", "@license", "/*!"];

/// Whether `input` is third-party code copied into the repository.
pub fn is_vendored(input: &FileInput, ctx: &Ctx<'_>) -> bool {
    let rel = input.file.rel.as_str();
    if ctx.settings.vendor_paths.is_match(rel) {
        return true;
    }
    let lower = rel.to_ascii_lowercase();
    let segments: Vec<&str> = lower.split('/').collect();
    let (dirs, name) = segments.split_at(segments.len().saturating_sub(1));
    if dirs.iter().any(|d| VENDOR_DIRS.contains(d)) {
        return true;
    }
    if let Some(at) = dirs.iter().position(|d| STATIC_DIRS.contains(d)) {
        if dirs[at + 1..].iter().any(|d| STATIC_LIBRARY_DIRS.contains(d)) {
            return true;
        }
    }
    let name = name.first().copied().unwrap_or("");
    let is_js = [".js", ".mjs", ".cjs"].iter().any(|ext| name.ends_with(ext));
    if !is_js {
        return false;
    }
    if MINIFIED_SUFFIXES.iter().any(|suffix| name.ends_with(suffix)) {
        return true;
    }
    let text = input.file.text.as_str();
    let head = &text[..floor_char_boundary(text, 1024)];
    if LICENCE_BANNERS.iter().any(|banner| head.contains(banner)) {
        return true;
    }
    looks_minified(text)
}

/// Minified code: long lines and little else. The first 64 KiB are judged: an average line
/// over 250 bytes, or a line over 5,000 bytes among few lines.
fn looks_minified(text: &str) -> bool {
    let sample = &text.as_bytes()[..text.len().min(64 * 1024)];
    if sample.len() < 2048 {
        return false;
    }
    let lines = memchr::memchr_iter(b'\n', sample).count() + 1;
    if sample.len() / lines > 250 {
        return true;
    }
    let longest = sample.split(|&b| b == b'\n').map(<[u8]>::len).max().unwrap_or(0);
    longest > 5000 && lines < 20
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    at = at.min(text.len());
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minified_code_is_told_from_source() {
        let minified = format!("!function(e,t){{{}}}(this);\n", "var a=1,b=2;".repeat(400));
        assert!(looks_minified(&minified));
        let source = "function add(a, b) {\n  return a + b;\n}\n".repeat(200);
        assert!(!looks_minified(&source));
    }
}
