//! npm: `package-lock.json` / `npm-shrinkwrap.json` (lockfile v2 and v3 through `packages`,
//! v1 through the nested `dependencies`) and `yarn.lock` (classic v1 and Berry). Lock files
//! list every installed package, transitive ones included, each at its own entry's line.
//! Linked and workspace packages are the project's own code and are not components.

use super::component;
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::components::{Component, Ecosystem};
use crate::parse::{NodeId, ParseError, Tree};
use crate::settings::Settings;
use crate::source::{SourceFile, Span};

/// npm `package-lock.json` / `npm-shrinkwrap.json`.
pub struct PackageLock;

impl FrontEnd for PackageLock {
    fn claims(&self, input: &FileInput) -> bool {
        matches!(
            input.file_name().as_str(),
            "package-lock.json" | "npm-shrinkwrap.json"
        )
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        if let Err(problem) = read_package_lock(input, &mut out.part.components) {
            super::unparsable(input, problem, out);
        }
    }
}

/// `yarn.lock`.
pub struct YarnLock;

impl FrontEnd for YarnLock {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name() == "yarn.lock"
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        read_yarn_lock(&input.file, &mut out.part.components);
    }
}

/// Reads a package lock through the file's parsed JSON tree (shared with other rules).
pub fn read_package_lock(input: &FileInput, out: &mut Vec<Component>) -> Result<(), ParseError> {
    let file = &input.file;
    let Some(tree) = input.structured() else {
        // Parse again only to say where it breaks.
        return Err(
            match crate::parse::parse_structured(&file.text, crate::parse::Limits::default()) {
                Err(error) => error,
                Ok(_) => ParseError::new("not valid JSON", 0),
            },
        );
    };
    let root = tree.root();
    if !tree.is_map(root) {
        return Err(ParseError::new("a package lock is a JSON object", 0));
    }
    let start = out.len();
    if let Some(packages) = tree.get(root, "packages") {
        for entry in tree.entries(packages) {
            let key = &*entry.key;
            // "" is the project itself; entries outside node_modules are workspace members.
            let Some(at) = key.rfind("node_modules/") else {
                continue;
            };
            let value = entry.value;
            if tree.get(value, "link").and_then(|node| tree.bool(node)) == Some(true) {
                continue;
            }
            let name = tree
                .get_str(value, "name")
                .unwrap_or(&key[at + "node_modules/".len()..]);
            push(file, tree, value, entry.key_span, name, out);
        }
    } else if let Some(dependencies) = tree.get(root, "dependencies") {
        // Lockfile v1: nested `dependencies`, walked with an explicit stack.
        let mut stack: Vec<NodeId> = vec![dependencies];
        let mut visited = 0usize;
        while let Some(map) = stack.pop() {
            for entry in tree.entries(map) {
                visited += 1;
                if visited > tree.len() {
                    break;
                }
                push(file, tree, entry.value, entry.key_span, &entry.key, out);
                if let Some(nested) = tree.get(entry.value, "dependencies") {
                    stack.push(nested);
                }
            }
        }
    }
    out[start..].sort_by_key(|c| (c.line, c.column));
    Ok(())
}

fn push(file: &SourceFile, tree: &Tree, value: NodeId, key_span: Span, name: &str, out: &mut Vec<Component>) {
    let version = tree.get_str(value, "version");
    // A version that is a path, URL or git reference is not a registry component.
    if version.is_some_and(|v| v.starts_with("file:") || v.starts_with("link:")) {
        return;
    }
    let mut item = component(file, key_span, Ecosystem::Npm, name, version);
    let flag = |key: &str| tree.get(value, key).and_then(|node| tree.bool(node)) == Some(true);
    item.scope = if flag("dev") {
        Some("dev".into())
    } else if flag("devOptional") {
        Some("dev, optional".into())
    } else if flag("optional") {
        Some("optional".into())
    } else {
        None
    };
    out.push(item);
}

/// Reads `yarn.lock`: each entry's header line (`"name@range", name@range2:`) followed by an
/// indented `version "x"` (v1) or `version: x` (Berry, which also gives the `resolution`).
pub fn read_yarn_lock(file: &SourceFile, out: &mut Vec<Component>) {
    let text = file.text.as_str();
    let mut offset = 0usize;
    let mut current: Option<Entry> = None;
    for line in text.split_inclusive('\n') {
        let line_start = offset;
        offset += line.len();
        let content = line.trim_end_matches(['\n', '\r']);
        if content.trim().is_empty() || content.trim_start().starts_with('#') {
            continue;
        }
        if !content.starts_with([' ', '\t']) {
            if let Some(entry) = current.take() {
                entry.finish(file, out);
            }
            if let Some(header) = content.strip_suffix(':') {
                current = Some(Entry {
                    header: header.to_string(),
                    span: Span::new(line_start, line_start + content.len()),
                    version: None,
                    resolution: None,
                    soft_link: false,
                });
            }
            continue;
        }
        let Some(entry) = current.as_mut() else {
            continue;
        };
        let field = content.trim();
        if let Some(value) = field.strip_prefix("version") {
            let value = value.trim_start_matches(':').trim().trim_matches('"');
            if !value.is_empty() && entry.version.is_none() {
                entry.version = Some(value.to_string());
            }
        } else if let Some(value) = field.strip_prefix("resolution:") {
            entry.resolution = Some(value.trim().trim_matches('"').to_string());
        } else if field.starts_with("linkType:") && field.ends_with("soft") {
            entry.soft_link = true;
        }
    }
    if let Some(entry) = current.take() {
        entry.finish(file, out);
    }
}

struct Entry {
    header: String,
    span: Span,
    version: Option<String>,
    resolution: Option<String>,
    soft_link: bool,
}

impl Entry {
    fn finish(self, file: &SourceFile, out: &mut Vec<Component>) {
        if self.header == "__metadata" || self.soft_link {
            return;
        }
        // Berry's resolution names the package actually installed (aliases included).
        let descriptor = self.resolution.clone().unwrap_or_else(|| {
            self.header
                .split(", ")
                .next()
                .unwrap_or("")
                .trim()
                .trim_matches('"')
                .to_string()
        });
        let Some(name) = package_name(&descriptor) else {
            return;
        };
        out.push(component(
            file,
            self.span,
            Ecosystem::Npm,
            name,
            self.version.as_deref(),
        ));
    }
}

/// The package name of a yarn descriptor: `lodash@^4.17.21`, `@babel/core@npm:7.0.0`,
/// `alias@npm:real@^1.0.0` (the real package); None for workspace, link, patch, file and
/// portal protocols, which are not registry packages.
fn package_name(descriptor: &str) -> Option<String> {
    let split = |d: &str| -> Option<(String, String)> {
        let at = d.get(1..)?.find('@')? + 1;
        Some((d[..at].to_string(), d[at + 1..].to_string()))
    };
    let (name, range) = split(descriptor)?;
    let range = range.trim();
    for protocol in [
        "workspace:",
        "link:",
        "portal:",
        "patch:",
        "file:",
        "exec:",
        "git",
        "http:",
        "https:",
    ] {
        if range.starts_with(protocol) {
            return None;
        }
    }
    if let Some(target) = range.strip_prefix("npm:") {
        // `alias@npm:real@range` installs `real`; `name@npm:range` installs `name`.
        if target.starts_with(|c: char| c.is_ascii_alphabetic() || c == '@') && target.contains('@') {
            if let Some((real, _)) = split(target) {
                return Some(real);
            }
        }
    }
    (!name.is_empty()).then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;
    use std::sync::Arc;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path.into(), path.into(), PathBuf::from(path), text.into())
    }

    #[test]
    fn package_lock_v3_and_v1() {
        let v3 = r#"{
  "name": "app",
  "lockfileVersion": 3,
  "packages": {
    "": { "name": "app", "dependencies": { "lodash": "^4.17.0" } },
    "node_modules/lodash": { "version": "4.17.15" },
    "node_modules/@babel/core": { "version": "7.0.0", "dev": true },
    "node_modules/a/node_modules/minimist": { "version": "1.2.0" },
    "node_modules/local": { "resolved": "packages/local", "link": true },
    "packages/local": { "version": "1.0.0" }
  }
}"#;
        let input = FileInput::new(Arc::new(source("package-lock.json", v3)));
        let mut out = Vec::new();
        read_package_lock(&input, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        let listed: Vec<(&str, Option<&str>, u32)> = out
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("lodash", Some("4.17.15"), 6),
                ("@babel/core", Some("7.0.0"), 7),
                ("minimist", Some("1.2.0"), 8)
            ]
        );
        assert_eq!(out[1].scope.as_deref(), Some("dev"));

        let v1 = r#"{
  "lockfileVersion": 1,
  "dependencies": {
    "lodash": { "version": "4.17.15" },
    "a": { "version": "1.0.0", "dependencies": { "minimist": { "version": "0.0.8" } } }
  }
}"#;
        let input = FileInput::new(Arc::new(source("package-lock.json", v1)));
        let mut out = Vec::new();
        read_package_lock(&input, &mut out).unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(out.len(), 3);
        assert!(out
            .iter()
            .any(|c| c.name == "minimist" && c.version.as_deref() == Some("0.0.8") && c.line == 5));
        let broken = FileInput::new(Arc::new(source("package-lock.json", "{\"packages\": ")));
        assert!(read_package_lock(&broken, &mut out).is_err());
    }

    #[test]
    fn yarn_classic_and_berry() {
        let classic = "# yarn lockfile v1\n\n\n\"@babel/code-frame@^7.0.0\", \"@babel/code-frame@^7.10.4\":\n  version \"7.10.4\"\n  resolved \"https://registry.yarnpkg.com/x\"\n\nlodash@^4.17.11:\n  version \"4.17.15\"\n\nstring-width-cjs@npm:string-width@^4.2.0:\n  version \"4.2.3\"\n";
        let mut out = Vec::new();
        read_yarn_lock(&source("yarn.lock", classic), &mut out);
        let listed: Vec<(&str, Option<&str>, u32)> = out
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("@babel/code-frame", Some("7.10.4"), 4),
                ("lodash", Some("4.17.15"), 8),
                ("string-width", Some("4.2.3"), 11)
            ]
        );
        let berry = "__metadata:\n  version: 6\n\n\"app@workspace:.\":\n  version: 0.0.0-use.local\n  resolution: \"app@workspace:.\"\n  linkType: soft\n\n\"lodash@npm:^4.17.11\":\n  version: 4.17.15\n  resolution: \"lodash@npm:4.17.15\"\n  linkType: hard\n";
        let mut out = Vec::new();
        read_yarn_lock(&source("yarn.lock", berry), &mut out);
        let listed: Vec<(&str, Option<&str>, u32)> = out
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.line))
            .collect();
        assert_eq!(listed, vec![("lodash", Some("4.17.15"), 9)]);
    }
}
