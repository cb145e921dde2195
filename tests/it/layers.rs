//! The layers of docs/architecture.md are the law of the house: a module imports only from its
//! own layer or lower ones. This test reads every `crate::` path under src/ (comments and unit
//! test modules aside: a unit test may build its fixtures with a higher layer) and fails on any
//! that goes up the list.

use crate::support::*;

/// The layers, lowest first. Modules on one line are one layer.
const LAYERS: &[&[&str]] = &[
    &["error", "progress"],
    &["source"],
    &["parse"],
    &["catalogue"],
    &["findings"],
    &["secrets"],
    &["settings"],
    &["discover"],
    &["input"],
    &["model"],
    &["frontend"],
    &["rules"],
    &["policy"],
    &["report"],
    &["history"],
    // `fix` reads specs through the front ends, as `audit` does, and edits them.
    &["audit", "fix"],
    &["review"],
    &["cli"],
    &["facade"],
];

/// Imports that go up, each with its reason. Keep it short.
const ALLOWED: &[(&str, &str, &str)] = &[];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The code of a file without comments and without its unit-test module.
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or("");
    text.lines()
        .map(|line| match line.find("//") {
            // `//` inside a string literal is rare in import positions; a whole comment line, or a
            // trailing comment, is dropped.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn no_module_imports_a_higher_layer() {
    let src = root().join("src");
    let mut violations = Vec::new();
    let mut checked = 0;
    for path in walk(&src) {
        if path.extension().is_none_or(|ext| ext != "rs") {
            continue;
        }
        let rel = path
            .strip_prefix(&src)
            .unwrap_or(&path)
            .to_string_lossy()
            .replace('\\', "/");
        let top = rel.split('/').next().unwrap_or("").trim_end_matches(".rs");
        if top == "lib" || top == "main" {
            continue;
        }
        let Some(own) = layer_of(top) else {
            violations.push(format!("{rel}: module `{top}` is in no layer of LAYERS"));
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&path).unwrap_or_default());
        let depth = rel.matches('/').count();
        // `super::` chains that climb out of the top module reach the crate root.
        let climbs = "super::".repeat(depth + usize::from(!rel.ends_with("mod.rs")));
        if depth > 0 && code.contains(&climbs) {
            violations.push(format!(
                "{rel}: `{climbs}` reaches the crate root; write `crate::` paths"
            ));
        }
        let mut rest = code.as_str();
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            let module: String = after
                .chars()
                .take_while(|c| c.is_ascii_lowercase() || *c == '_')
                .collect();
            rest = after;
            if module.is_empty() || module == top {
                continue;
            }
            checked += 1;
            match layer_of(&module) {
                Some(layer) if layer > own => {
                    if !ALLOWED.iter().any(|(file, to, _)| *file == rel && *to == module) {
                        violations.push(format!(
                            "{rel}: `{top}` imports `crate::{module}`, a higher layer"
                        ));
                    }
                }
                Some(_) => {}
                None => violations.push(format!("{rel}: `crate::{module}` is in no layer of LAYERS")),
            }
        }
    }
    violations.sort();
    violations.dedup();
    assert!(
        checked > 100,
        "too few imports seen ({checked}): is the walk broken?"
    );
    assert!(
        violations.is_empty(),
        "layering violations:\n{}",
        violations.join("\n")
    );
}

#[test]
fn the_allow_list_gives_reasons() {
    for (file, to, reason) in ALLOWED {
        assert!(reason.len() > 20, "{file} -> {to}: give the exception a reason");
    }
}
