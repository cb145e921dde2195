//! The run's declarations, indexed: classes by simple name, constants by owner and name, and
//! the source files the per-file pass kept by name only. A lookup that finds nothing reads the
//! kept files named like what it looks for (Java's one public class per file; a Python module
//! by its path), once, so a constant or request type in a file without route markers is still
//! found. Constant expressions are evaluated here, following references across classes, static
//! imports, supertypes and Kotlin top-level declarations.

use super::facts::{Class, Constant, Expr, FileFacts, Piece};
use crate::discover::Content;
use crate::parse::code::Dialect;
use crate::source::SourceFile;
use std::collections::{HashMap, HashSet};

/// A class of the run: (file index, class index).
pub type ClassId = (usize, usize);

/// The largest kept file read for a constant or a type (source files are far smaller).
const MAX_KEPT_SIZE: u64 = 10 * 1024 * 1024;

/// How deep constant references and supertype chains are followed (cycles end earlier).
const MAX_DEPTH: usize = 12;

pub struct Index {
    pub files: Vec<FileFacts>,
    classes: HashMap<String, Vec<ClassId>>,
    constants: HashMap<String, Vec<(usize, usize)>>,
    /// Files kept by name, not read yet: stem -> file indices.
    unread: HashMap<String, Vec<usize>>,
    /// Constants that could not be resolved, by name (counted once each).
    pub unresolved: HashSet<String>,
}

impl Index {
    pub fn new(files: Vec<FileFacts>) -> Index {
        let mut index = Index {
            files,
            classes: HashMap::new(),
            constants: HashMap::new(),
            unread: HashMap::new(),
            unresolved: HashSet::new(),
        };
        for file in 0..index.files.len() {
            index.add(file);
        }
        index
    }

    fn add(&mut self, file: usize) {
        let facts = &self.files[file];
        if !facts.read {
            if facts.dialect.is_some() {
                let stem = stem(&facts.rel);
                self.unread.entry(stem).or_default().push(file);
            }
            return;
        }
        for (i, class) in facts.classes.iter().enumerate() {
            self.classes
                .entry(class.name.clone())
                .or_default()
                .push((file, i));
        }
        for (i, constant) in facts.constants.iter().enumerate() {
            self.constants
                .entry(constant.name.clone())
                .or_default()
                .push((file, i));
        }
    }

    /// Reads the kept files whose name is `stem` (a class or module name, a module a router
    /// is imported from). Returns whether any was read.
    pub fn load(&mut self, stem: &str) -> bool {
        let Some(files) = self.unread.remove(stem) else {
            return false;
        };
        for file in files {
            let facts = &self.files[file];
            let Some(dialect) = facts.dialect else { continue };
            // Through the run's file source: at a base revision the file comes from git.
            let Content::Text { text, encoding } = facts.files.source().read(&facts.fs_path, MAX_KEPT_SIZE)
            else {
                continue;
            };
            let source = SourceFile::decoded(
                facts.file.clone(),
                facts.rel.clone(),
                facts.fs_path.clone(),
                text,
                encoding,
            );
            let mut fresh = FileFacts {
                file: facts.file.clone(),
                rel: facts.rel.clone(),
                fs_path: facts.fs_path.clone(),
                files: facts.files.clone(),
                contexts: facts.contexts.clone(),
                ..FileFacts::default()
            };
            super::read_text(&source, dialect, &mut fresh);
            self.files[file] = fresh;
            self.add(file);
        }
        true
    }

    /// Reads the kept files in the directory of file `from` (its package): top-level Kotlin
    /// constants and classes of the package may sit in a file of any name.
    fn load_package(&mut self, from: usize) -> bool {
        let dir = match self.files[from].rel.rsplit_once('/') {
            Some((dir, _)) => dir.to_string(),
            None => String::new(),
        };
        let stems: Vec<String> = self
            .unread
            .iter()
            .filter(|(_, files)| {
                files.iter().any(|&f| {
                    let rel = &self.files[f].rel;
                    rel.rsplit_once('/').map_or("", |(d, _)| d) == dir
                })
            })
            .map(|(stem, _)| stem.clone())
            .collect();
        let mut any = false;
        for stem in stems {
            any |= self.load(&stem);
        }
        any
    }

    pub fn class(&self, id: ClassId) -> &Class {
        &self.files[id.0].classes[id.1]
    }

    /// The class a simple name means, seen from file `from`: one of the same file, then of the
    /// same package, then the one imported, then the only one of the run.
    pub fn find_class(&mut self, name: &str, from: usize) -> Option<ClassId> {
        let name = name.rsplit('.').next().unwrap_or(name);
        // By file name only: supertypes from libraries are looked up for every class, and
        // must not read whole packages.
        if !self.classes.contains_key(name) {
            self.load(name);
        }
        let candidates = self.classes.get(name)?;
        if let Some(&id) = candidates.iter().find(|(f, _)| *f == from) {
            return Some(id);
        }
        let package = &self.files[from].package;
        if let Some(&id) = candidates
            .iter()
            .find(|(f, _)| !package.is_empty() && &self.files[*f].package == package)
        {
            return Some(id);
        }
        let imported: Vec<&str> = self.files[from]
            .imports
            .iter()
            .filter(|i| i.alias == name)
            .map(|i| i.path.as_str())
            .collect();
        if let Some(&id) = candidates.iter().find(|(f, c)| {
            let file = &self.files[*f];
            let qualified = format!("{}.{}", file.package, file.classes[*c].name);
            imported.contains(&qualified.as_str())
        }) {
            return Some(id);
        }
        (candidates.len() == 1).then(|| candidates[0])
    }

    /// The class and its supertypes found in the run, nearest first (each once).
    pub fn hierarchy(&mut self, id: ClassId) -> Vec<ClassId> {
        let mut out = vec![id];
        let mut at = 0;
        while at < out.len() && out.len() < MAX_DEPTH * 4 {
            let (file, _) = out[at];
            let supers = self.class(out[at]).supers.clone();
            for name in supers {
                if let Some(found) = self.find_class(&name, file) {
                    if !out.contains(&found) {
                        out.push(found);
                    }
                }
            }
            at += 1;
        }
        out
    }

    /// Evaluates a string expression seen from `class` (or file-level code of `file`). A name
    /// that cannot be resolved stays in the text as `${name}` and makes the result an `Err`.
    pub fn eval(&mut self, expr: &Expr, file: usize, class: Option<ClassId>) -> Result<String, String> {
        self.eval_depth(expr, file, class, 0)
    }

    fn eval_depth(
        &mut self,
        expr: &Expr,
        file: usize,
        class: Option<ClassId>,
        depth: usize,
    ) -> Result<String, String> {
        let mut out = String::new();
        let mut known = true;
        for piece in &expr.0 {
            match piece {
                Piece::Lit(text) => out.push_str(text),
                Piece::Unknown => {
                    known = false;
                    out.push_str("${?}");
                }
                Piece::Ref { qualifier, name } => {
                    let found = if depth < MAX_DEPTH {
                        self.constant(qualifier.as_deref(), name, file, class)
                    } else {
                        None
                    };
                    let label = match qualifier {
                        Some(q) => format!("{q}.{name}"),
                        None => name.clone(),
                    };
                    let Some((at_file, value, owner)) = found else {
                        self.unresolved.insert(label.clone());
                        known = false;
                        out.push_str(&format!("${{{label}}}"));
                        continue;
                    };
                    match self.eval_depth(&value, at_file, owner, depth + 1) {
                        Ok(text) => out.push_str(&text),
                        Err(text) => {
                            known = false;
                            out.push_str(&text);
                        }
                    }
                }
            }
        }
        if known {
            Ok(out)
        } else {
            Err(out)
        }
    }

    /// The constant a reference names: (its file, its value, its class).
    fn constant(
        &mut self,
        qualifier: Option<&str>,
        name: &str,
        file: usize,
        class: Option<ClassId>,
    ) -> Option<(usize, Expr, Option<ClassId>)> {
        match qualifier {
            // What a dispatcher's path parameter receives (`jdkhttp`): any caller in the run.
            Some(super::jdkhttp::DISPATCH) => {
                let candidates = self.constants.get(name)?;
                candidates.iter().find_map(|&(f, c)| {
                    let constant = &self.files[f].constants[c];
                    (constant.owner == super::jdkhttp::DISPATCH).then(|| (f, constant.value.clone(), None))
                })
            }
            Some(qualifier) => {
                let owner = qualifier.rsplit('.').next().unwrap_or(qualifier);
                // A Python or JS module alias (`settings.API_PREFIX`, `config.BASE`).
                if let Some(found) = self.module_constant(owner, name, file) {
                    return Some(found);
                }
                let id = self.find_class(owner, file)?;
                for member in self.hierarchy(id) {
                    if let Some(found) = self.owned(member, name) {
                        return Some(found);
                    }
                }
                None
            }
            None => {
                if let Some(id) = class {
                    // The class, its enclosing classes and its supertypes.
                    let mut scopes = self.hierarchy(id);
                    let outer = self.class(id).outer.clone();
                    for name in outer.iter().rev() {
                        if let Some(found) = self.find_class(name, id.0) {
                            scopes.push(found);
                        }
                    }
                    for member in scopes {
                        if let Some(found) = self.owned(member, name) {
                            return Some(found);
                        }
                    }
                }
                // Static imports: `import static a.b.Paths.USERS` or `a.b.Paths.*`.
                let imports: Vec<(String, String)> = self.files[file]
                    .imports
                    .iter()
                    .filter_map(|i| {
                        let (path, last) = i.path.rsplit_once('.')?;
                        let owner = path.rsplit('.').next()?.to_string();
                        (last == name || last == "*").then(|| (owner, last.to_string()))
                    })
                    .collect();
                for (owner, _) in imports {
                    if let Some(id) = self.find_class(&owner, file) {
                        if let Some(found) = self.owned(id, name) {
                            return Some(found);
                        }
                    }
                }
                // File level (Kotlin top-level, Python/JS/Go module constants), then the same
                // package, then the only declaration of the run.
                if !self.constants.contains_key(name) {
                    match self.files[file].dialect {
                        // A Kotlin top-level constant of the package, in a file of any name.
                        Some(Dialect::Java | Dialect::Kotlin) => {
                            self.load_package(file);
                        }
                        // A name imported from a module: `from app.config import PREFIX`.
                        _ => {
                            let module = self.files[file]
                                .imports
                                .iter()
                                .find(|i| i.alias == name && !i.member.is_empty())
                                .map(|i| i.path.clone());
                            if let Some(module) = module {
                                let stem_name = module
                                    .rsplit(['.', '/'])
                                    .find(|s| !s.is_empty())
                                    .unwrap_or("")
                                    .to_string();
                                self.load(&stem_name);
                            }
                        }
                    }
                }
                let candidates = self.constants.get(name).cloned().unwrap_or_default();
                let at_file_level =
                    |index: &Index, f: usize, c: usize| index.files[f].constants[c].owner.is_empty();
                if let Some(&(f, c)) = candidates
                    .iter()
                    .find(|(f, c)| *f == file && at_file_level(self, *f, *c))
                {
                    return Some((f, self.files[f].constants[c].value.clone(), None));
                }
                let package = self.files[file].package.clone();
                if let Some(&(f, c)) = candidates.iter().find(|(f, c)| {
                    !package.is_empty() && self.files[*f].package == package && at_file_level(self, *f, *c)
                }) {
                    return Some((f, self.files[f].constants[c].value.clone(), None));
                }
                if candidates.len() == 1 {
                    let (f, c) = candidates[0];
                    let owner = self.files[f].constants[c].owner.clone();
                    let class = if owner.is_empty() {
                        None
                    } else {
                        self.find_class(&owner, f)
                    };
                    return Some((f, self.files[f].constants[c].value.clone(), class));
                }
                None
            }
        }
    }

    /// A constant declared by the class `id`.
    fn owned(&self, id: ClassId, name: &str) -> Option<(usize, Expr, Option<ClassId>)> {
        let class = self.class(id);
        let file = &self.files[id.0];
        file.constants
            .iter()
            .find(|c: &&Constant| c.name == name && c.owner == class.name)
            .map(|c| (id.0, c.value.clone(), Some(id)))
    }

    /// A module-level constant reached through a module alias (`settings.API_V1_STR`, where
    /// `from app.core import settings` or `import config`).
    fn module_constant(
        &mut self,
        alias: &str,
        name: &str,
        file: usize,
    ) -> Option<(usize, Expr, Option<ClassId>)> {
        let dialect = self.files[file].dialect?;
        if !matches!(dialect, Dialect::Python | Dialect::Js | Dialect::Go) {
            return None;
        }
        // The alias names a module (`import config`, `from app.core import config`) or an object
        // of a module (`from app.core.config import settings`): look in both.
        let (module, parent) = match self.files[file].imports.iter().find(|i| i.alias == alias) {
            Some(i) if i.member.is_empty() => (i.path.clone(), None),
            Some(i) => (format!("{}.{}", i.path, i.member), Some(i.path.clone())),
            None => (alias.to_string(), None),
        };
        let stem_of = |module: &str| {
            module
                .rsplit(['.', '/'])
                .find(|s| !s.is_empty())
                .unwrap_or(module)
                .to_string()
        };
        let mut stems = vec![stem_of(&module)];
        if let Some(parent) = &parent {
            stems.push(stem_of(parent));
        }
        for stem_name in &stems {
            self.load(stem_name);
        }
        let candidates = self.constants.get(name).cloned().unwrap_or_default();
        for (rank, stem_name) in stems.iter().enumerate() {
            // A module constant first; through an imported object (a settings instance), a
            // class attribute of that module.
            let found = candidates.iter().find_map(|&(f, c)| {
                let facts = &self.files[f];
                (stem(&facts.rel) == *stem_name && (rank > 0 || facts.constants[c].owner.is_empty()))
                    .then(|| (f, facts.constants[c].value.clone(), None))
            });
            if found.is_some() {
                return found;
            }
        }
        None
    }

    /// Fields of the class a type names (one level: what a request or response body carries).
    pub fn fields_of(&mut self, ty: &str, from: usize) -> Vec<String> {
        match self.find_class(ty, from) {
            Some(id) => self.class(id).fields.clone(),
            None => Vec::new(),
        }
    }
}

/// A file's name without directory and extension.
pub fn stem(rel: &str) -> String {
    let name = rel.rsplit('/').next().unwrap_or(rel);
    name.split('.').next().unwrap_or(name).to_string()
}
