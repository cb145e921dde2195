//! Gradle: literal coordinates in build scripts (`build.gradle`, `build.gradle.kts` and other
//! `*.gradle(.kts)` scripts) and version catalogs (`gradle/libs.versions.toml`).
//!
//! Build scripts are programs, so only what is written literally is read: string notation
//! (`implementation 'g:a:v'`, `implementation("g:a:v")`, inside `platform(...)` too) and map
//! notation (`group: 'g', name: 'a', version: 'v'`) on a dependency configuration, with
//! `$name`/`${name}` taken from string variables of the same script (`def`, `val`, `ext`,
//! `extra`). Dynamic versions (`1.+`, ranges, `latest.release`) and values from elsewhere
//! (`gradle.properties`, plugins) are listed as requirements, never guessed. Catalog entries
//! (`alias = "g:a:v"`, `module`/`group`+`name` with `version` or `version.ref`) are read with
//! their positions; the build scripts' `libs.*` references need nothing more.

use super::{component, place};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::components::{Component, Ecosystem};
use crate::parse::ParseError;
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use regex::Regex;
use serde::Deserialize;
use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;
use toml::Spanned;

/// `configuration 'g:a:v'` / `configuration("g:a:v")`, also through `platform(...)`.
static STRING_NOTATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    // A double-quoted literal may hold `${...}` expressions with quotes of their own.
    Regex::new(
        r#"(?m)^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(?[ \t]*(?:(?:platform|enforcedPlatform)[ \t]*\([ \t]*)?(?:"((?:\$\{[^}\n]*\}|[^"\n])*)"|'([^'\n]*)')"#,
    )
    .ok()
});

/// `configuration group: 'g', name: 'a', version: 'v'` (Groovy) or with `=` (Kotlin).
static MAP_NOTATION: LazyLock<Option<Regex>> = LazyLock::new(|| {
    Regex::new(
        r#"(?m)^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*\(?[ \t]*group[ \t]*[:=][ \t]*["']([^"'\n]+)["'][ \t]*,[ \t]*name[ \t]*[:=][ \t]*["']([^"'\n]+)["'](?:[ \t]*,[ \t]*version[ \t]*[:=][ \t]*["']([^"'\n]+)["'])?"#,
    )
    .ok()
});

/// String variables: `def x = '1'`, `val x = "1"`, `ext.x = '1'`, `x = '1'` in `ext { }`,
/// `set("x", "1")`, `extra["x"] = "1"`, `val x by extra("1")`.
static VARIABLES: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    [
        r#"(?m)^[ \t]*(?:def|val|var|String|final[ \t]+String)[ \t]+([A-Za-z_]\w*)[ \t]*(?::[ \t]*String[ \t]*)?=[ \t]*["']([^"'$\n]*)["']"#,
        r#"(?m)^[ \t]*(?:(?:rootProject\.|project\.)?ext\.)?([A-Za-z_]\w*)[ \t]*=[ \t]*["']([^"'$\n]*)["']"#,
        r#"\bset\([ \t]*["']([A-Za-z_]\w*)["'][ \t]*,[ \t]*["']([^"'$\n]*)["'][ \t]*\)"#,
        r#"\bextra\[[ \t]*"([A-Za-z_]\w*)"[ \t]*\][ \t]*=[ \t]*"([^"$\n]*)""#,
        r#"\bval[ \t]+([A-Za-z_]\w*)[ \t]+by[ \t]+extra\([ \t]*"([^"$\n]*)"[ \t]*\)"#,
    ]
    .iter()
    .filter_map(|pattern| Regex::new(pattern).ok())
    .collect()
});

static REFERENCE: LazyLock<Option<Regex>> =
    LazyLock::new(|| Regex::new(r"\$\{([A-Za-z_][\w.]*)\}|\$([A-Za-z_]\w*)").ok());

/// Dependency configurations (the standard ones, and any name ending like one).
fn is_configuration(name: &str) -> bool {
    const NAMES: &[&str] = &[
        "implementation",
        "api",
        "compile",
        "compileOnly",
        "compileOnlyApi",
        "runtime",
        "runtimeOnly",
        "annotationProcessor",
        "kapt",
        "ksp",
        "classpath",
        "developmentOnly",
        "providedCompile",
        "providedRuntime",
        "testFixturesApi",
        "testFixturesImplementation",
    ];
    const SUFFIXES: &[&str] = &[
        "Implementation",
        "Api",
        "CompileOnly",
        "RuntimeOnly",
        "Compile",
        "Runtime",
        "AnnotationProcessor",
    ];
    NAMES.contains(&name)
        || SUFFIXES
            .iter()
            .any(|suffix| name.ends_with(suffix) && name.len() > suffix.len())
}

/// Gradle build scripts (`*.gradle`, `*.gradle.kts`).
pub struct BuildScript;

impl FrontEnd for BuildScript {
    fn claims(&self, input: &FileInput) -> bool {
        {
            let name = input.file_name();
            name.ends_with(".gradle") || name.ends_with(".gradle.kts")
        }
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        read_build_script(&input.file, &mut out.part.components);
    }
}

/// Gradle version catalogs (`*.versions.toml`).
pub struct VersionCatalog;

impl FrontEnd for VersionCatalog {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name().ends_with(".versions.toml")
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        if let Err(problem) = read_version_catalog(&input.file, &mut out.part.components) {
            super::unparsable(input, problem, out);
        }
    }
}

/// Reads literal coordinates of a build script.
pub fn read_build_script(file: &SourceFile, out: &mut Vec<Component>) {
    let text = file.text.as_str();
    let comments = comment_ranges(text);
    let in_comment = |offset: usize| comments.iter().any(|(s, e)| (*s..*e).contains(&offset));
    let mut variables: HashMap<&str, &str> = HashMap::new();
    for regex in VARIABLES.iter() {
        for captures in regex.captures_iter(text) {
            if let (Some(name), Some(value)) = (captures.get(1), captures.get(2)) {
                if !in_comment(name.start()) {
                    variables.insert(name.as_str(), value.as_str());
                }
            }
        }
    }
    let mut found: Vec<(usize, Component)> = Vec::new();
    if let Some(regex) = STRING_NOTATION.as_ref() {
        for captures in regex.captures_iter(text) {
            let (Some(config), Some(literal)) =
                (captures.get(1), captures.get(2).or_else(|| captures.get(3)))
            else {
                continue;
            };
            if !is_configuration(config.as_str()) || in_comment(literal.start()) {
                continue;
            }
            let mut parts = literal.as_str().split(':');
            let (Some(group), Some(artifact)) = (parts.next(), parts.next()) else {
                continue;
            };
            let version = parts.next().map(|v| v.split('@').next().unwrap_or(v));
            if group.is_empty() || artifact.is_empty() || group.contains(' ') {
                continue;
            }
            let span = Span::new(literal.start(), literal.end());
            let item = declared(file, span, group, artifact, version, config.as_str(), &variables);
            found.push((literal.start(), item));
        }
    }
    if let Some(regex) = MAP_NOTATION.as_ref() {
        for captures in regex.captures_iter(text) {
            let (Some(config), Some(group), Some(name)) = (captures.get(1), captures.get(2), captures.get(3))
            else {
                continue;
            };
            if !is_configuration(config.as_str()) || in_comment(group.start()) {
                continue;
            }
            let version = captures.get(4).map(|m| m.as_str());
            let span = Span::new(group.start(), captures.get(0).map_or(group.end(), |m| m.end()));
            let item = declared(
                file,
                span,
                group.as_str(),
                name.as_str(),
                version,
                config.as_str(),
                &variables,
            );
            found.push((group.start(), item));
        }
    }
    found.sort_by_key(|(offset, _)| *offset);
    out.extend(found.into_iter().map(|(_, item)| item));
}

fn declared(
    file: &SourceFile,
    span: Span,
    group: &str,
    artifact: &str,
    version: Option<&str>,
    configuration: &str,
    variables: &HashMap<&str, &str>,
) -> Component {
    let resolved = version.and_then(|v| substitute(v, variables));
    let exact = resolved.as_deref().filter(|v| is_exact(v));
    let mut item = component(file, span, Ecosystem::Maven, format!("{group}:{artifact}"), exact);
    if exact != version {
        item.requirement = version.map(str::to_string);
    }
    item.scope = Some(configuration.to_string());
    item
}

/// Replaces `$name` and `${name}` with script variables; None when one is unknown.
fn substitute(text: &str, variables: &HashMap<&str, &str>) -> Option<String> {
    let Some(regex) = REFERENCE.as_ref() else {
        return (!text.contains('$')).then(|| text.to_string());
    };
    let mut out = String::new();
    let mut last = 0;
    for captures in regex.captures_iter(text) {
        let whole = captures.get(0)?;
        let name = captures.get(1).or_else(|| captures.get(2))?.as_str();
        out.push_str(&text[last..whole.start()]);
        out.push_str(variables.get(name)?);
        last = whole.end();
    }
    out.push_str(&text[last..]);
    Some(out)
}

/// A version Gradle resolves to itself (not a range, a `+` prefix or `latest.*`).
fn is_exact(version: &str) -> bool {
    !version.is_empty()
        && !version.contains(['[', ']', '(', ')', ',', '+', '$', ' '])
        && !version.starts_with("latest.")
}

/// Byte ranges of `/* */` and `//` comments, skipping string literals.
fn comment_ranges(text: &str) -> Vec<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut ranges = Vec::new();
    let mut i = 0;
    let mut quote: Option<u8> = None;
    while i < bytes.len() {
        let b = bytes[i];
        match quote {
            Some(q) => {
                if b == b'\\' {
                    i += 1;
                } else if b == q || b == b'\n' {
                    quote = None;
                }
            }
            None => {
                if b == b'"' || b == b'\'' {
                    quote = Some(b);
                } else if b == b'/' && bytes.get(i + 1) == Some(&b'*') {
                    let end = text[i + 2..].find("*/").map_or(bytes.len(), |e| i + 2 + e + 2);
                    ranges.push((i, end));
                    i = end;
                    continue;
                } else if b == b'/' && bytes.get(i + 1) == Some(&b'/') {
                    let end = text[i..].find('\n').map_or(bytes.len(), |e| i + e);
                    ranges.push((i, end));
                    i = end;
                    continue;
                }
            }
        }
        i += 1;
    }
    ranges
}

#[derive(Deserialize)]
struct Catalog {
    #[serde(default)]
    versions: BTreeMap<String, Spanned<toml::Value>>,
    #[serde(default)]
    libraries: BTreeMap<Spanned<String>, Spanned<toml::Value>>,
}

/// Reads a version catalog's `[libraries]`.
pub fn read_version_catalog(file: &SourceFile, out: &mut Vec<Component>) -> Result<(), ParseError> {
    let catalog: Catalog = toml::from_str(&file.text).map_err(|error| {
        let offset = error.span().map_or(0, |span| span.start);
        ParseError::new(error.message().to_string(), offset)
    })?;
    let mut found = Vec::new();
    for (alias, entry) in &catalog.libraries {
        let span = Span::new(alias.span().start, alias.span().end);
        let (coordinates, version) = match entry.get_ref() {
            toml::Value::String(text) => {
                let mut parts = text.splitn(3, ':');
                let group = parts.next().unwrap_or("");
                let artifact = parts.next().unwrap_or("");
                (
                    format!("{group}:{artifact}"),
                    parts.next().map(|v| (v.to_string(), None)),
                )
            }
            toml::Value::Table(table) => {
                let module = table
                    .get("module")
                    .and_then(toml::Value::as_str)
                    .map(str::to_string)
                    .or_else(|| {
                        let group = table.get("group").and_then(toml::Value::as_str)?;
                        let name = table.get("name").and_then(toml::Value::as_str)?;
                        Some(format!("{group}:{name}"))
                    });
                let Some(module) = module else { continue };
                let version = match table.get("version") {
                    Some(toml::Value::String(text)) => Some((text.clone(), None)),
                    Some(toml::Value::Table(rich)) => match rich.get("ref").and_then(toml::Value::as_str) {
                        Some(reference) => catalog.versions.get(reference).and_then(|v| {
                            let at = place(file, u32::try_from(v.span().start).unwrap_or(u32::MAX));
                            rich_version(v.get_ref()).map(|text| (text, Some((reference.to_string(), at))))
                        }),
                        None => rich_version(&toml::Value::Table(rich.clone())).map(|text| (text, None)),
                    },
                    _ => None,
                };
                (module, version)
            }
            _ => continue,
        };
        if !coordinates.contains(':') || coordinates.starts_with(':') || coordinates.ends_with(':') {
            continue;
        }
        let exact = version.as_ref().map(|(v, _)| v.as_str()).filter(|v| is_exact(v));
        let mut item = component(file, span, Ecosystem::Maven, coordinates, exact);
        if let Some((text, reference)) = &version {
            match reference {
                Some((name, at)) => {
                    item.requirement = Some(format!("version.ref = \"{name}\""));
                    item.version_from = Some(at.clone());
                }
                None if exact.is_none() => item.requirement = Some(text.clone()),
                None => {}
            }
        }
        found.push(item);
    }
    found.sort_by_key(|c| (c.line, c.column));
    out.extend(found);
    Ok(())
}

/// A catalog version: a string, or `strictly`/`require`/`prefer` of a rich version.
fn rich_version(value: &toml::Value) -> Option<String> {
    match value {
        toml::Value::String(text) => Some(text.clone()),
        toml::Value::Table(table) => ["strictly", "require", "prefer"]
            .iter()
            .find_map(|key| table.get(*key).and_then(toml::Value::as_str))
            .map(str::to_string),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path.into(), path.into(), PathBuf::from(path), text.into())
    }

    #[test]
    fn groovy_and_kotlin_scripts() {
        let text = r#"ext {
    jacksonVersion = '2.9.8'
}
def log4jVersion = "2.14.1"
dependencies {
    implementation 'com.alibaba:fastjson:1.2.47'
    implementation "org.apache.logging.log4j:log4j-core:$log4jVersion"
    api("com.fasterxml.jackson.core:jackson-databind:${jacksonVersion}")
    testImplementation group: 'junit', name: 'junit', version: '4.12'
    implementation platform('org.springframework.boot:spring-boot-dependencies:2.1.4.RELEASE')
    // implementation 'commons-io:commons-io:2.4'
    /* implementation 'commons-io:commons-io:2.5' */
    implementation 'org.example:dynamic:1.+'
    implementation libs.guava
    implementation project(':core')
    runtimeOnly "org.example:unknown:${someOtherVersion}"
    implementation("org.example:prop:${property("propVersion")}")
}
"#;
        let mut out = Vec::new();
        read_build_script(&source("build.gradle", text), &mut out);
        let listed: Vec<(String, Option<String>, u32)> = out
            .iter()
            .map(|c| (c.name.clone(), c.version.clone(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("com.alibaba:fastjson".into(), Some("1.2.47".into()), 6),
                (
                    "org.apache.logging.log4j:log4j-core".into(),
                    Some("2.14.1".into()),
                    7
                ),
                (
                    "com.fasterxml.jackson.core:jackson-databind".into(),
                    Some("2.9.8".into()),
                    8
                ),
                ("junit:junit".into(), Some("4.12".into()), 9),
                (
                    "org.springframework.boot:spring-boot-dependencies".into(),
                    Some("2.1.4.RELEASE".into()),
                    10
                ),
                ("org.example:dynamic".into(), None, 13),
                ("org.example:unknown".into(), None, 16),
                ("org.example:prop".into(), None, 17),
            ]
        );
        assert_eq!(
            out[7].requirement.as_deref(),
            Some("${property(\"propVersion\")}")
        );
        assert_eq!(out[5].requirement.as_deref(), Some("1.+"));
        assert_eq!(out[3].scope.as_deref(), Some("testImplementation"));
    }

    #[test]
    fn version_catalog() {
        let text = r#"[versions]
log4j = "2.14.1"
jackson = { strictly = "2.9.8" }

[libraries]
log4j-core = { module = "org.apache.logging.log4j:log4j-core", version.ref = "log4j" }
jackson-databind = { group = "com.fasterxml.jackson.core", name = "jackson-databind", version.ref = "jackson" }
fastjson = "com.alibaba:fastjson:1.2.47"
guava = { module = "com.google.guava:guava", version = { require = "[30.0,32.0)" } }
no-version = { module = "org.example:managed" }

[plugins]
spring = { id = "org.springframework.boot", version = "2.1.4.RELEASE" }
"#;
        let mut out = Vec::new();
        read_version_catalog(&source("gradle/libs.versions.toml", text), &mut out)
            .unwrap_or_else(|e| panic!("{e:?}"));
        let listed: Vec<(String, Option<String>, u32)> = out
            .iter()
            .map(|c| (c.name.clone(), c.version.clone(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![
                (
                    "org.apache.logging.log4j:log4j-core".into(),
                    Some("2.14.1".into()),
                    6
                ),
                (
                    "com.fasterxml.jackson.core:jackson-databind".into(),
                    Some("2.9.8".into()),
                    7
                ),
                ("com.alibaba:fastjson".into(), Some("1.2.47".into()), 8),
                ("com.google.guava:guava".into(), None, 9),
                ("org.example:managed".into(), None, 10),
            ]
        );
        assert_eq!(
            out[0].version_from.as_deref(),
            Some("gradle/libs.versions.toml:2")
        );
        assert!(read_version_catalog(&source("x.versions.toml", "[libraries\n"), &mut out).is_err());
    }
}
