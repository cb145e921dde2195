//! Embeds the rule catalogue (`checks/`) in the binary: every `*.toml` under `checks/` becomes an
//! entry of a generated `CATALOGUE_FILES` slice, so the binary needs no files at run time and a
//! change to the catalogue rebuilds it. The rule codes of the catalogue become the `RuleCode`
//! enum, so a code is a type, never a string, everywhere past the command line and config.
//! Each file is also embedded as JSON (`CATALOGUE_JSON`), parsed from the TOML here: reading
//! 370 KB of TOML took 40% of a one-file scan, and JSON reads several times faster.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|ext| ext == "toml") {
            out.push(path);
        }
    }
}

fn main() {
    let root = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let checks = root.join("checks");
    println!("cargo:rerun-if-changed=checks");
    let mut files = Vec::new();
    collect(&checks, &mut files);
    files.sort();
    let mut code = String::from("/// Every catalogue file under `checks/`, as (path relative to `checks/`, text).\npub static CATALOGUE_FILES: &[(&str, &str)] = &[\n");
    for file in &files {
        println!("cargo:rerun-if-changed={}", file.display());
        let rel = file.strip_prefix(&checks).expect("collected under checks/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            file.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    code.push_str(&catalogue_json(&checks, &files, &out_dir));
    std::fs::write(out_dir.join("catalogue_files.rs"), code).expect("write generated catalogue list");
    std::fs::write(out_dir.join("rule_codes.rs"), rule_codes(&checks, &files))
        .expect("write generated rule codes");
    println!("cargo:rustc-env=APIAUDIT_VERSION_LINE={}", version_line(&root));
}

/// Every catalogue file as JSON, written under `OUT_DIR/json/`, and the `CATALOGUE_JSON` slice
/// that embeds them (in the order of `CATALOGUE_FILES`). A file that is not valid TOML stops the
/// build, naming it.
fn catalogue_json(checks: &Path, files: &[PathBuf], out_dir: &Path) -> String {
    let mut code = String::from(
        "/// Every catalogue file under `checks/` as JSON, as (path relative to `checks/`, JSON).\npub static CATALOGUE_JSON: &[(&str, &str)] = &[\n",
    );
    for (index, file) in files.iter().enumerate() {
        let rel = file.strip_prefix(checks).expect("collected under checks/");
        let rel = rel.to_string_lossy().replace('\\', "/");
        let text = std::fs::read_to_string(file).expect("read catalogue file");
        let value: serde_json::Value =
            toml::from_str(&text).unwrap_or_else(|error| panic!("checks/{rel}: {error}"));
        let json = out_dir.join(format!("catalogue-{index}.json"));
        std::fs::write(&json, serde_json::to_string(&value).expect("serialise JSON"))
            .expect("write catalogue JSON");
        writeln!(
            code,
            "    ({rel:?}, include_str!({:?})),",
            json.display().to_string()
        )
        .expect("write to String");
    }
    code.push_str("];\n");
    code
}

/// The `code = "..."` of every rule file (the data directories hold no rules), sorted, as the
/// `RuleCode` enum: declared in string order, so the derived order is the codes' text order.
fn rule_codes(checks: &Path, files: &[PathBuf]) -> String {
    let mut codes: Vec<String> = Vec::new();
    for file in files {
        let rel = file.strip_prefix(checks).expect("collected under checks/");
        if rel.starts_with("vocabulary") || rel.starts_with("secrets") {
            continue;
        }
        let text = std::fs::read_to_string(file).expect("read catalogue file");
        let code = text
            .lines()
            .find_map(|line| line.strip_prefix("code = \""))
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{} has no `code = \"...\"` line", file.display()));
        assert!(
            !code.is_empty() && code.chars().all(|c| c.is_ascii_uppercase() || c.is_ascii_digit()),
            "{}: rule code `{code}` is not of the form FAMILY000",
            file.display()
        );
        codes.push(code.to_string());
    }
    codes.sort();
    let before = codes.len();
    codes.dedup();
    assert_eq!(
        before,
        codes.len(),
        "two catalogue files declare the same rule code"
    );
    let mut out = String::new();
    out.push_str("/// Every rule code of the catalogue, generated from `checks/` by build.rs.\n");
    out.push_str("#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]\n");
    out.push_str("#[allow(clippy::upper_case_acronyms)]\npub enum RuleCode {\n");
    for code in &codes {
        writeln!(out, "    {code},").expect("write to String");
    }
    out.push_str("}\n\nimpl RuleCode {\n    /// Every code, in text order.\n    pub const ALL: &'static [RuleCode] = &[\n");
    for code in &codes {
        writeln!(out, "        RuleCode::{code},").expect("write to String");
    }
    out.push_str("    ];\n\n    /// The code as written.\n    pub fn as_str(self) -> &'static str {\n        match self {\n");
    for code in &codes {
        writeln!(out, "            RuleCode::{code} => {code:?},").expect("write to String");
    }
    out.push_str("        }\n    }\n}\n");
    out
}

/// `--version`: the package version, the commit and the date of the build, read from the local
/// `git` (never the network). Outside a git checkout (a crate tarball) only the version is shown.
fn version_line(root: &Path) -> String {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .current_dir(root)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .and_then(|out| String::from_utf8(out.stdout).ok())
            .map(|text| text.trim().to_string())
            .filter(|text| !text.is_empty())
    };
    // Rebuild when HEAD moves (a commit, a checkout): its file and the ref it names. A path
    // that does not exist would make cargo rerun this script on every build, so only real ones.
    let mut watched = vec!["HEAD".to_string(), "packed-refs".to_string()];
    watched.extend(git(&["symbolic-ref", "-q", "HEAD"]));
    for name in watched {
        if let Some(file) = git(&["rev-parse", "--git-path", &name]) {
            let file = root.join(file);
            if file.exists() {
                println!("cargo:rerun-if-changed={}", file.display());
            }
        }
    }
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    let version = std::env::var("CARGO_PKG_VERSION").unwrap_or_default();
    let date = build_date();
    match git(&["rev-parse", "--short=10", "HEAD"]) {
        Some(commit) => format!("{version} ({commit} {date})"),
        None => format!("{version} ({date})"),
    }
}

/// The build date (UTC, YYYY-MM-DD), or SOURCE_DATE_EPOCH's for reproducible builds.
fn build_date() -> String {
    let secs = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs() as i64)
        });
    // Days since 1970-01-01 to a civil date (Howard Hinnant's days_from_civil, inverted).
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
