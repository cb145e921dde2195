//! Context paths from configuration: Spring Boot (`server.servlet.context-path`, Boot 1.x
//! `server.context-path`, `spring.mvc.servlet.path`, `spring.webflux.base-path`,
//! `spring.jersey.application-path`, per profile) and Dropwizard (`server.rootPath`,
//! `server.applicationContextPath`, the simple server's `/application` default). Which
//! settings apply to which code is decided in `finish` (same module, the default profile or the
//! one the default activates).

use super::facts::{ContextSetting, Property};
use crate::frontend::logs::spring::{file_profile, normalise};
use crate::input::FileInput;
use crate::parse::properties::parse_properties;
use crate::parse::tree::{Tree, Value};

/// Spring Boot configuration files.
pub fn is_spring_config(name: &str) -> bool {
    (name.starts_with("application") || name.starts_with("bootstrap"))
        && [".yml", ".yaml", ".properties"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// A `${VAR:default}` placeholder gives its default; one without a default is unknown.
fn resolve_placeholder(value: &str) -> Option<String> {
    let value = value.trim().trim_matches('"').trim_matches('\'');
    if let Some(inner) = value.strip_prefix("${").and_then(|v| v.strip_suffix('}')) {
        return inner.split_once(':').map(|(_, default)| default.to_string());
    }
    (!value.contains("${")).then(|| value.to_string())
}

fn scope_of(norm: &str) -> Option<&'static str> {
    Some(match norm {
        "server.servlet.contextpath" | "server.contextpath" => "servlet",
        "spring.mvc.servlet.path" => "dispatcher",
        "spring.webflux.basepath" => "webflux",
        "spring.jersey.applicationpath" => "jersey",
        _ => return None,
    })
}

/// A property value a mapping path may use: one short word or path, no space.
fn property_value(value: &str) -> Option<String> {
    let value = value.trim();
    (value.len() <= 256 && !value.chars().any(char::is_whitespace)).then(|| value.to_string())
}

/// Context-path settings and the properties of a Spring Boot configuration file.
pub fn read_spring(input: &FileInput, out: &mut Vec<ContextSetting>, properties: &mut Vec<Property>) {
    let name = input.file_name();
    let file = &input.file;
    if name.ends_with(".properties") {
        let mut document = Vec::new();
        let mut activates = Vec::new();
        for prop in parse_properties(&file.text) {
            let norm = normalise(&prop.key);
            if norm == "spring.profiles.active" {
                activates = split_list(&prop.value);
            }
            if let Some(value) = property_value(&prop.value) {
                properties.push(Property {
                    key: norm.clone(),
                    value,
                    profile: file_profile(&name),
                });
            }
            if let (Some(scope), Some(path)) = (scope_of(&norm), resolve_placeholder(&prop.value)) {
                document.push(ContextSetting {
                    scope,
                    path,
                    profile: file_profile(&name),
                    activates: Vec::new(),
                    line: file.pos(prop.value_span.start).line,
                });
            }
        }
        push_document(document, activates, file_profile(&name), file.pos(0).line, out);
        return;
    }
    let Some(tree) = input.structured() else {
        return;
    };
    for root in tree.roots() {
        let mut keys = Vec::new();
        flatten(tree, *root, String::new(), &mut keys, 0);
        let profile = keys
            .iter()
            .find(|(k, _, _)| {
                normalise(k) == "spring.config.activate.onprofile" || normalise(k) == "spring.profiles"
            })
            .map(|(_, v, _)| v.clone())
            .or_else(|| file_profile(&name));
        let activates = keys
            .iter()
            .find(|(k, _, _)| normalise(k) == "spring.profiles.active")
            .map(|(_, v, _)| split_list(v))
            .unwrap_or_default();
        let mut document = Vec::new();
        for (key, value, offset) in &keys {
            if let Some(value) = property_value(value) {
                properties.push(Property {
                    key: normalise(key),
                    value,
                    profile: profile.clone(),
                });
            }
            if let (Some(scope), Some(path)) = (scope_of(&normalise(key)), resolve_placeholder(value)) {
                document.push(ContextSetting {
                    scope,
                    path,
                    profile: profile.clone(),
                    activates: Vec::new(),
                    line: file.pos(*offset).line,
                });
            }
        }
        push_document(
            document,
            activates,
            profile,
            file.pos(tree.span(*root).start).line,
            out,
        );
    }
}

/// Adds a document's settings; a document that activates profiles is recorded even without
/// a context path of its own.
fn push_document(
    document: Vec<ContextSetting>,
    activates: Vec<String>,
    profile: Option<String>,
    line: u32,
    out: &mut Vec<ContextSetting>,
) {
    if !activates.is_empty() {
        out.push(ContextSetting {
            scope: "profiles",
            path: String::new(),
            profile,
            activates,
            line,
        });
    }
    out.extend(document);
}

fn split_list(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(|v| v.trim().to_string())
        .filter(|v| !v.is_empty() && !v.contains("${"))
        .collect()
}

fn flatten(tree: &Tree, id: u32, prefix: String, out: &mut Vec<(String, String, u32)>, depth: usize) {
    if depth > 32 {
        return;
    }
    match &tree.node(id).value {
        Value::Map(entries) => {
            for entry in entries {
                let key = if prefix.is_empty() {
                    entry.key.to_string()
                } else {
                    format!("{prefix}.{}", entry.key)
                };
                flatten(tree, entry.value, key, out, depth + 1);
            }
        }
        Value::Seq(items) => {
            // `spring.profiles.active: [a, b]`
            let texts: Vec<&str> = items.iter().filter_map(|i| tree.scalar_text(*i)).collect();
            if !texts.is_empty() {
                out.push((prefix, texts.join(","), tree.span(id).start));
            }
        }
        _ => {
            if let Some(text) = tree.scalar_text(id) {
                out.push((prefix, text.to_string(), tree.span(id).start));
            }
        }
    }
}

/// Dropwizard's server settings in a YAML configuration (any name): `server.rootPath` (the
/// Jersey root, `/*` by default), `server.applicationContextPath` (`/` by default,
/// `/application` for `type: simple`).
pub fn read_dropwizard(input: &FileInput, out: &mut Vec<ContextSetting>) {
    let text = &input.file.text;
    if !(text.contains("rootPath")
        || text.contains("applicationContextPath")
        || text.contains("type: simple"))
    {
        return;
    }
    let Some(tree) = input.structured() else {
        return;
    };
    let root = tree.root();
    let Some(server) = tree.get(root, "server") else {
        return;
    };
    if !tree.is_map(server) {
        return;
    }
    let line_of = |id: u32| input.file.pos(tree.span(id).start).line;
    let simple = tree.get_str(server, "type") == Some("simple");
    let mut context = tree.get(server, "applicationContextPath").and_then(|id| {
        tree.scalar_text(id)
            .and_then(resolve_placeholder)
            .map(|p| (p, line_of(id)))
    });
    if context.is_none() && simple {
        context = Some(("/application".to_string(), line_of(server)));
    }
    if let Some((path, line)) = context {
        out.push(ContextSetting {
            scope: "servlet",
            path,
            profile: None,
            activates: Vec::new(),
            line,
        });
    }
    if let Some(id) = tree.get(server, "rootPath") {
        if let Some(path) = tree.scalar_text(id).and_then(resolve_placeholder) {
            out.push(ContextSetting {
                scope: "jersey",
                path,
                profile: None,
                activates: Vec::new(),
                line: line_of(id),
            });
        }
    }
}
