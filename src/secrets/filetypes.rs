//! File types: the named groups of paths (`[[file-type]]` tables of `checks/secrets/`) that a
//! detector's `files` list names, so that which files each detector reads is written in its
//! data. A file has one type: the first whose globs match its root-relative path (lock files
//! before configuration, so `pnpm-lock.yaml` is not configuration), or `other`. A file is
//! classified once for all detectors. Most patterns are a file name (`Dockerfile`) or a name
//! ending (`*.java`, `*.min.js`): those are looked up in tables, and only the other patterns go
//! through a glob set, which would cost more than the keyword pass on a small file.

use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use std::collections::HashMap;

/// The name of the type of files no `[[file-type]]` matches.
pub const OTHER: &str = "other";
/// The name a detector lists to run on every file.
pub const ANY: &str = "any";

/// One `[[file-type]]` table as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileTypeDef {
    pub name: String,
    pub paths: Vec<String>,
}

/// The file types of a run, compiled.
#[derive(Debug)]
pub(super) struct FileTypes {
    names: Vec<String>,
    /// File names (`Dockerfile`, `.env`): the first type naming each.
    file_names: HashMap<String, usize>,
    /// Extensions (`*.java`: `java`): the first type naming each.
    extensions: HashMap<String, usize>,
    /// Other name endings (`*.min.js`, `*-min.js`) and their types.
    endings: Vec<(String, usize)>,
    /// Name beginnings (`.env.*`: `.env.`) and their types.
    beginnings: Vec<(String, usize)>,
    /// The remaining patterns (real globs), if any.
    set: Option<GlobSet>,
    /// For each glob of `set`, the type it belongs to.
    owner: Vec<usize>,
}

/// How a pattern matches: a whole file name, a name ending, a name beginning, or a glob.
enum Pattern<'a> {
    Name(&'a str),
    Ending(&'a str),
    Beginning(&'a str),
    Glob,
}

/// The kind of a pattern. A pattern without a slash matches at any depth (`**/` before it),
/// and `*` matches any text, separators too (globset's default): `*.java` is any path ending in
/// `.java`, and `.env.*` any path with a component starting with `.env.`.
fn pattern_kind(pattern: &str) -> Pattern<'_> {
    let plain = |s: &str| !s.is_empty() && !s.contains(['*', '?', '[', ']', '{', '}', '\\', '!']);
    if pattern.contains('/') {
        return Pattern::Glob;
    }
    if let Some(ending) = pattern.strip_prefix('*').filter(|rest| plain(rest)) {
        return Pattern::Ending(ending);
    }
    if let Some(beginning) = pattern.strip_suffix('*').filter(|rest| plain(rest)) {
        return Pattern::Beginning(beginning);
    }
    if plain(pattern) {
        Pattern::Name(pattern)
    } else {
        Pattern::Glob
    }
}

impl FileTypes {
    pub(super) fn new(defs: &[FileTypeDef]) -> Result<FileTypes, String> {
        let mut names: Vec<String> = Vec::new();
        let mut builder = GlobSetBuilder::new();
        let mut owner = Vec::new();
        let mut file_names = HashMap::new();
        let mut extensions = HashMap::new();
        let mut endings = Vec::new();
        let mut beginnings = Vec::new();
        for def in defs {
            if def.name == OTHER || def.name == ANY {
                return Err(format!("file type `{}` is reserved", def.name));
            }
            let index = match names.iter().position(|n| *n == def.name) {
                Some(index) => index,
                None => {
                    names.push(def.name.clone());
                    names.len() - 1
                }
            };
            for pattern in &def.paths {
                match pattern_kind(pattern) {
                    Pattern::Name(name) => {
                        file_names.entry(name.to_string()).or_insert(index);
                        continue;
                    }
                    Pattern::Ending(ending) => {
                        match ending.strip_prefix('.').filter(|ext| !ext.contains('.')) {
                            Some(ext) => {
                                extensions.entry(ext.to_string()).or_insert(index);
                            }
                            None => endings.push((ending.to_string(), index)),
                        }
                        continue;
                    }
                    Pattern::Beginning(beginning) => {
                        beginnings.push((beginning.to_string(), index));
                        continue;
                    }
                    Pattern::Glob => {}
                }
                let full = if pattern.contains('/') {
                    pattern.clone()
                } else {
                    format!("**/{pattern}")
                };
                let glob =
                    Glob::new(&full).map_err(|e| format!("file type `{}`: `{pattern}`: {e}", def.name))?;
                builder.add(glob);
                owner.push(index);
            }
        }
        names.push(OTHER.to_string());
        if names.len() > 64 {
            return Err("more than 63 file types".to_string());
        }
        let set = if owner.is_empty() {
            None
        } else {
            Some(builder.build().map_err(|e| format!("file types: {e}"))?)
        };
        Ok(FileTypes {
            names,
            file_names,
            extensions,
            endings,
            beginnings,
            set,
            owner,
        })
    }

    /// The bit set of the named types (`any`: every type); an unknown name is an error.
    pub(super) fn mask(&self, names: &[String]) -> Result<u64, String> {
        let mut mask = 0u64;
        for name in names {
            if name == ANY {
                mask = u64::MAX;
                continue;
            }
            let index = self.names.iter().position(|n| n == name).ok_or_else(|| {
                format!(
                    "unknown file type `{name}` (known: {}, {ANY})",
                    self.names.join(", ")
                )
            })?;
            mask |= 1 << index;
        }
        Ok(mask)
    }

    /// The bit of the type of the file at `rel`.
    pub(super) fn classify(&self, rel: &str) -> u64 {
        let name = rel.rsplit('/').next().unwrap_or(rel);
        let by_name = self.file_names.get(name).copied();
        // An extension pattern can only match the file name's last extension.
        let by_extension = name
            .rsplit_once('.')
            .and_then(|(_, ext)| self.extensions.get(ext).copied());
        let by_ending = self
            .endings
            .iter()
            .filter(|(ending, _)| rel.ends_with(ending.as_str()))
            .map(|(_, index)| *index)
            .min();
        let by_beginning = self
            .beginnings
            .iter()
            .filter(|(beginning, _)| {
                rel.starts_with(beginning.as_str())
                    || rel
                        .match_indices('/')
                        .any(|(at, _)| rel[at + 1..].starts_with(beginning.as_str()))
            })
            .map(|(_, index)| *index)
            .min();
        let by_glob = self.set.as_ref().and_then(|set| {
            set.matches(rel)
                .into_iter()
                .filter_map(|glob| self.owner.get(glob).copied())
                .min()
        });
        let index = [by_name, by_extension, by_ending, by_beginning, by_glob]
            .into_iter()
            .flatten()
            .min()
            .unwrap_or(self.names.len() - 1);
        1 << index
    }

    /// Whether the file at `rel` is of the named type.
    #[cfg(test)]
    pub(super) fn is(&self, rel: &str, name: &str) -> bool {
        self.mask(&[name.to_string()])
            .is_ok_and(|mask| mask & self.classify(rel) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn types() -> FileTypes {
        FileTypes::new(&[
            FileTypeDef {
                name: "lockfile".into(),
                paths: vec!["pnpm-lock.yaml".into(), "*.lock".into()],
            },
            FileTypeDef {
                name: "config".into(),
                paths: vec!["*.yaml".into(), "*.yml".into(), ".env".into(), ".env.*".into()],
            },
            FileTypeDef {
                name: "minified".into(),
                paths: vec!["*.min.js".into(), "dist/**/*.js".into(), "*.[ch]".into()],
            },
        ])
        .unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn first_matching_type_wins_and_the_rest_is_other() {
        let types = types();
        assert!(types.is("web/pnpm-lock.yaml", "lockfile"));
        assert!(!types.is("web/pnpm-lock.yaml", "config"));
        assert!(types.is("deploy/values.yaml", "config"));
        assert!(types.is(".env", "config"));
        assert!(types.is("src/Main.java", OTHER));
        assert!(types.is("deploy/.env.prod", "config"));
        assert!(types.is(".env.d/app", "config"));
        assert!(types.is("web/app.min.js", "minified"));
        assert!(types.is("dist/js/app.js", "minified"));
        assert!(types.is("lib/x.h", "minified"));
        assert!(types.is("web/app.js", OTHER));
        assert!(types.is("deploy/values.YAML", OTHER));
        assert!(types.is("dir.yaml/notes", OTHER));
        assert_eq!(types.mask(&[ANY.to_string()]), Ok(u64::MAX));
        assert!(types.mask(&["nope".to_string()]).is_err());
    }
}
