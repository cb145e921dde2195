//! Broken input gives a finding with file and position, never a panic or a hang. Inputs are
//! generated at run time.

use crate::support::*;
use std::time::{Duration, Instant};

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn broken_specs_give_positioned_findings() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    write(
        d,
        "truncated.json",
        br#"{"openapi": "3.0.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": "#,
    );
    write(
        d,
        "indent.yaml",
        b"openapi: 3.0.0\ninfo:\n  title: t\n   version: 1\npaths: {}\n",
    );
    let mut bomb = String::from("openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let prev = level - 1;
        bomb.push_str(&format!(
            "x-a{level}: &a{level} [*a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}, *a{prev}]\n"
        ));
    }
    write(d, "bomb.yaml", bomb.as_bytes());
    let deep = format!(
        "{{\"openapi\": \"3.0.0\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"x-deep\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    write(d, "deep.json", deep.as_bytes());
    let deep_yaml = format!(
        "openapi: 3.0.0\ninfo: {{title: t, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    write(d, "deep.yaml", deep_yaml.as_bytes());
    write(
        d,
        "loop.yaml",
        b"openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n",
    );
    let mut utf8 = b"openapi: 3.0.0\ninfo:\n  title: caf".to_vec();
    utf8.extend_from_slice(&[0xff, 0xfe]);
    utf8.extend_from_slice(b"\n  version: '1'\npaths: {}\n");
    write(d, "utf8.yaml", &utf8);

    let started = Instant::now();
    let (report, _) = scan_json(&[d.to_str().unwrap_or("")]);
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
    let by_file = |name: &str, rule: &str| {
        findings(&report)
            .into_iter()
            .find(|f| f["path"].as_str().unwrap_or("").ends_with(name) && f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule} on {name}: {}", listing(&report, "")))
    };
    let truncated = by_file("truncated.json", "SPEC001");
    assert_eq!(truncated["line"], 1);
    let indent = by_file("indent.yaml", "SPEC001");
    assert_eq!(indent["line"], 4);
    let bomb = by_file("bomb.yaml", "SPEC001");
    assert!(bomb["message"].as_str().unwrap_or("").contains("alias"), "{bomb}");
    assert!(by_file("deep.json", "SPEC001")["message"]
        .as_str()
        .unwrap_or("")
        .contains("nesting"));
    assert!(by_file("deep.yaml", "SPEC001")["message"]
        .as_str()
        .unwrap_or("")
        .contains("nesting"));
    assert_eq!(by_file("loop.yaml", "SPEC003")["line"], 7);
    let utf8 = by_file("utf8.yaml", "SPEC001");
    assert_eq!(
        (utf8["line"].as_u64(), utf8["column"].as_u64()),
        (Some(3), Some(13))
    );
}

#[cfg(unix)]
#[test]
fn symlink_loops_and_dangling_links_are_counted_not_fatal() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let d = dir.path();
    std::fs::create_dir(d.join("sub")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(d, d.join("sub/loop")).unwrap_or_else(|e| panic!("{e}"));
    std::os::unix::fs::symlink(d.join("missing"), d.join("dangling.yaml")).unwrap_or_else(|e| panic!("{e}"));
    write(d, "ok.yaml", b"a: 1\n");
    let (report, _) = scan_json(&[d.to_str().unwrap_or("")]);
    assert_eq!(
        report["summary"]["skipped"]["symlink_loops"], 1,
        "{}",
        report["summary"]
    );
    assert!(findings(&report).iter().any(|f| f["rule"] == "META001"));
}
