//! Go modules: `go.mod` `require` directives (single and block form; `// indirect` kept as
//! the scope) with `replace` directives applied, and `go.sum`, which also lists the modules
//! the build needs transitively. A `replace` to a local directory makes the module the
//! project's own code; a `replace` to another module version is what gets built, reported at
//! the `replace` line. `go.sum` lists several versions of a module (older ones needed only
//! for the module graph); the build uses the highest, so that one is reported, and modules
//! the sibling `go.mod` declares are reported there rather than twice.
//!
//! The `go` directive is the language version, not the toolchain that builds, so the
//! standard library is not listed.

use super::component;
use super::version::Version;
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::components::{Component, Ecosystem};
use crate::settings::Settings;
use crate::source::{SourceFile, Span};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// One line of a directive, without comments, with its byte span.
struct Directive<'a> {
    verb: &'a str,
    args: &'a str,
    indirect: bool,
    span: Span,
}

/// Splits go.mod into directives, expanding `verb ( ... )` blocks.
fn directives(text: &str) -> Vec<Directive<'_>> {
    let mut out = Vec::new();
    let mut block: Option<&str> = None;
    let mut offset = 0usize;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let (code, comment) = match line.find("//") {
            Some(at) => (&line[..at], &line[at..]),
            None => (line, ""),
        };
        let indirect = comment.contains("indirect");
        let trimmed = code.trim();
        if trimmed.is_empty() {
            continue;
        }
        let leading = code.len() - code.trim_start().len();
        let span = Span::new(start + leading, start + leading + trimmed.len());
        if let Some(verb) = block {
            if trimmed == ")" {
                block = None;
            } else {
                out.push(Directive {
                    verb,
                    args: trimmed,
                    indirect,
                    span,
                });
            }
            continue;
        }
        let (verb, args) = trimmed.split_once(char::is_whitespace).unwrap_or((trimmed, ""));
        let args = args.trim();
        if args == "(" {
            block = Some(verb);
        } else {
            out.push(Directive {
                verb,
                args,
                indirect,
                span,
            });
        }
    }
    out
}

/// `replace` directives: (old path, old version when given) -> (new module and version, or
/// None for a local directory; where the directive is).
type Replacements = HashMap<(String, Option<String>), (Option<(String, String)>, Span)>;

fn unquote(text: &str) -> &str {
    text.trim().trim_matches('"').trim_matches('`')
}

/// Go `go.mod`.
pub struct GoMod;

impl FrontEnd for GoMod {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name() == "go.mod"
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        read_go_mod(&input.file, &mut out.part.components);
    }
}

/// Go `go.sum`: entries for modules a `go.mod` of the run declares are dropped in `finish`.
pub struct GoSum;

impl FrontEnd for GoSum {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name() == "go.sum"
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        read_go_sum(&input.file, &mut out.part.components);
    }

    fn finish(
        &self,
        portfolio: &mut crate::model::Portfolio,
        _pending: &mut crate::frontend::Pending,
        _settings: &Settings,
    ) {
        drop_go_sum_duplicates(&mut portfolio.components);
    }
}

pub fn read_go_mod(file: &SourceFile, out: &mut Vec<Component>) {
    let list = directives(&file.text);
    let first = out.len();
    // replace old [v] => new [v]: keyed by (old path, old version or any).
    let mut replacements: Replacements = HashMap::new();
    for d in list.iter().filter(|d| d.verb == "replace") {
        let Some((old, new)) = d.args.split_once("=>") else {
            continue;
        };
        let old: Vec<&str> = old.split_whitespace().map(unquote).collect();
        let new: Vec<&str> = new.split_whitespace().map(unquote).collect();
        let Some(&old_path) = old.first() else {
            continue;
        };
        let target = match new.as_slice() {
            [path, version] => Some((path.to_string(), version.to_string())),
            // A directory: the project's own copy.
            _ => None,
        };
        replacements.insert(
            (old_path.to_string(), old.get(1).map(|v| v.to_string())),
            (target, d.span),
        );
    }
    for d in list.iter().filter(|d| d.verb == "require") {
        let parts: Vec<&str> = d.args.split_whitespace().map(unquote).collect();
        let [path, version] = parts.as_slice() else {
            continue;
        };
        let replaced = replacements
            .get(&(path.to_string(), Some(version.to_string())))
            .or_else(|| replacements.get(&(path.to_string(), None)));
        let mut item = match replaced {
            Some((None, _)) => continue,
            Some((Some((new_path, new_version)), span)) => {
                let mut item = component(file, *span, Ecosystem::Go, new_path.as_str(), Some(new_version));
                item.requirement = Some(format!("{path} {version}"));
                item
            }
            None => component(file, d.span, Ecosystem::Go, *path, Some(version)),
        };
        if d.indirect {
            item.scope = Some("indirect".into());
        }
        out.push(item);
    }
    out[first..].sort_by_key(|c| (c.line, c.column));
}

pub fn read_go_sum(file: &SourceFile, out: &mut Vec<Component>) {
    // The highest version of each module that has a full-module hash.
    let mut best: HashMap<&str, (&str, Span)> = HashMap::new();
    let mut offset = 0usize;
    for line in file.text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let mut fields = line.split_whitespace();
        let (Some(path), Some(version), Some(_hash)) = (fields.next(), fields.next(), fields.next()) else {
            continue;
        };
        if version.ends_with("/go.mod") {
            continue;
        }
        let trimmed = line.trim_end();
        let span = Span::new(start, start + trimmed.len());
        let higher = match best.get(path) {
            None => true,
            Some((current, _)) => {
                let a = Version::parse(Ecosystem::Go, version);
                let b = Version::parse(Ecosystem::Go, current);
                matches!(a.zip(b).and_then(|(a, b)| a.compare(&b)), Some(Ordering::Greater))
            }
        };
        if higher {
            best.insert(path, (version, span));
        }
    }
    let mut found: Vec<Component> = best
        .into_iter()
        .map(|(path, (version, span))| {
            let mut item = component(file, span, Ecosystem::Go, path, Some(version));
            item.scope = Some("go.sum".into());
            item
        })
        .collect();
    found.sort_by_key(|c| (c.line, c.column));
    out.extend(found);
}

/// Drops `go.sum` components whose module the `go.mod` of the same directory declares.
pub fn drop_go_sum_duplicates(components: &mut Vec<Component>) {
    let dir = |file: &str| file.rsplit_once('/').map_or("", |(dir, _)| dir).to_string();
    let declared: HashSet<(String, String)> = components
        .iter()
        .filter(|c| c.ecosystem == Ecosystem::Go && c.file.ends_with("go.mod"))
        .flat_map(|c| {
            let original = c
                .requirement
                .as_deref()
                .and_then(|r| r.split_whitespace().next())
                .map(str::to_string);
            [Some(c.name.clone()), original]
                .into_iter()
                .flatten()
                .map(move |name| (dir(&c.file), name))
        })
        .collect();
    components.retain(|c| {
        !(c.ecosystem == Ecosystem::Go
            && c.file.ends_with("go.sum")
            && declared.contains(&(dir(&c.file), c.name.clone())))
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path.into(), path.into(), PathBuf::from(path), text.into())
    }

    #[test]
    fn go_mod_requires_and_replaces() {
        let text = "module example.com/svc\n\ngo 1.16\n\nrequire github.com/gin-gonic/gin v1.6.3\n\nrequire (\n\tgithub.com/dgrijalva/jwt-go v3.2.0+incompatible\n\tgolang.org/x/crypto v0.0.0-20200622213623-75b288015ac9 // indirect\n\tgopkg.in/yaml.v2 v2.2.7\n\texample.com/local v1.0.0\n)\n\nreplace gopkg.in/yaml.v2 => gopkg.in/yaml.v2 v2.2.8\nreplace example.com/local => ../local\n";
        let mut out = Vec::new();
        read_go_mod(&source("svc/go.mod", text), &mut out);
        let listed: Vec<(&str, Option<&str>, u32)> = out
            .iter()
            .map(|c| (c.name.as_str(), c.version.as_deref(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("github.com/gin-gonic/gin", Some("v1.6.3"), 5),
                ("github.com/dgrijalva/jwt-go", Some("v3.2.0+incompatible"), 8),
                (
                    "golang.org/x/crypto",
                    Some("v0.0.0-20200622213623-75b288015ac9"),
                    9
                ),
                ("gopkg.in/yaml.v2", Some("v2.2.8"), 14),
            ]
        );
        assert_eq!(out[2].scope.as_deref(), Some("indirect"));
        assert_eq!(out[3].requirement.as_deref(), Some("gopkg.in/yaml.v2 v2.2.7"));
    }

    #[test]
    fn go_sum_keeps_the_highest_full_hash_and_defers_to_go_mod() {
        let sum = "github.com/gin-gonic/gin v1.6.3 h1:aaa=\ngithub.com/gin-gonic/gin v1.6.3/go.mod h1:bbb=\ngithub.com/json-iterator/go v1.1.9 h1:ccc=\ngithub.com/json-iterator/go v1.1.7/go.mod h1:ddd=\ngithub.com/json-iterator/go v1.1.10 h1:eee=\ngolang.org/x/sys v0.0.0-20200116001909-b77594299b42/go.mod h1:fff=\n";
        let mut out = Vec::new();
        read_go_mod(
            &source(
                "svc/go.mod",
                "module m\nrequire github.com/gin-gonic/gin v1.6.3\n",
            ),
            &mut out,
        );
        read_go_sum(&source("svc/go.sum", sum), &mut out);
        drop_go_sum_duplicates(&mut out);
        let listed: Vec<(&str, &str, Option<&str>, u32)> = out
            .iter()
            .map(|c| (c.file.as_str(), c.name.as_str(), c.version.as_deref(), c.line))
            .collect();
        assert_eq!(
            listed,
            vec![
                ("svc/go.mod", "github.com/gin-gonic/gin", Some("v1.6.3"), 2),
                ("svc/go.sum", "github.com/json-iterator/go", Some("v1.1.10"), 5),
            ]
        );
    }
}
