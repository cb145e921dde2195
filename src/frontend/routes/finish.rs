//! The whole-run step of the route front end: every file's facts at once resolve into served
//! operations. Spring and JAX-RS mappings (`spring`, `jaxrs`), NestJS controllers (`js`),
//! router graphs of Express, Koa, FastAPI, Flask, Django REST framework and the Go routers
//! (`router`), and routes known in their file (WebFlux functional routes, go-zero) get the
//! context path their module configures; then each spec operation learns whether the code of
//! its service serves it (`model::matching::served`).
//!
//! A *module* is the nearest directory above a file that holds a build file (`pom.xml`,
//! `build.gradle`, `package.json`, `go.mod`, `pyproject.toml`, ...): its configuration gives the
//! context path of its code. A *service* is the outermost such directory inside the
//! repository (the nearest directory with `.git`, else the scan root), or, for a file under
//! no build file, the top-level directory of the repository that holds it; `[services]` in
//! apiaudit.toml overrides both (docs/routes.md).

use super::facts::{ContextSetting, FileFacts, OpInfo, Property};
use super::index::{ClassId, Index};
use super::paths;
use crate::discover::{Disk, FileSource};
use crate::frontend::logs::spring::normalise;
use crate::model::inventory::InventoryEntry;
use crate::model::matching::served as served_match;
use crate::model::served::{self, RouteStats, ServedOperation};
use crate::model::Portfolio;
use crate::settings::Settings;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// Which context-path settings apply to an operation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ContextKind {
    /// Spring MVC/WebFlux annotated controllers and functional routes.
    Spring,
    /// JAX-RS resources: the servlet context plus the Jersey root or `@ApplicationPath`.
    JaxRs,
    /// NestJS: `setGlobalPrefix`.
    Nest,
    /// Paths complete as found (Express, Flask, Go, ...).
    None,
}

/// An operation found, before its context path.
#[derive(Debug, Clone)]
pub struct Found {
    pub methods: Vec<String>,
    /// The path, or (`Err`) the path with `${name}` where a name could not be resolved.
    pub path: paths::Resolved,
    pub file: usize,
    pub line: u32,
    pub column: u32,
    pub handler: String,
    pub framework: &'static str,
    pub context: ContextKind,
    /// The class that declares it, for request and response types.
    pub owner: Option<ClassId>,
    pub info: OpInfo,
}

/// Resolves the run's code facts into served operations (`portfolio.served`), then marks
/// which spec operations are served.
pub fn finish(portfolio: &mut Portfolio, files: Vec<FileFacts>, settings: &Settings) {
    if !files.is_empty() {
        let (entries, stats) = resolve(files, settings);
        portfolio.served.extend(entries);
        portfolio.route_stats = Some(stats);
    }
    // Entries `merge` read back come in the order of the results it was given.
    portfolio
        .served
        .sort_by(|a, b| (&a.file, a.line, &a.method, &a.path).cmp(&(&b.file, b.line, &b.method, &b.path)));
    let mut layout = Layout::default();
    // One copy of each service's name for all its entries.
    let mut services: HashSet<Arc<str>> = HashSet::new();
    for entry in &mut portfolio.interfaces {
        if entry.service.is_none() {
            let mut service: Arc<str> =
                service_of(&mut layout, &entry.spec, &entry.spec_rel, settings).into();
            crate::findings::intern(&mut services, &mut service);
            entry.service = Some(service);
        }
    }
    mark_served(portfolio);
}

/// Sets `served` on every spec entry: true or false when the code of its service is in the
/// run, null otherwise (`model::matching::served`).
fn mark_served(portfolio: &mut Portfolio) {
    let found = served_match::matches(portfolio);
    let served = served_match::service_code(portfolio, &found);
    for (entry, code) in portfolio.interfaces.iter_mut().zip(served) {
        entry.served = code.map(|c| !c.is_empty());
    }
}

fn resolve(files: Vec<FileFacts>, settings: &Settings) -> (Vec<InventoryEntry>, RouteStats) {
    let mut stats = RouteStats::default();
    for file in files.iter().filter(|f| f.read) {
        stats.files += 1;
        if file.unread > 0 {
            stats.incomplete_files += 1;
            stats.unread_parts += u64::from(file.unread);
        }
    }
    let mut index = Index::new(files);
    let mut found = Vec::new();
    super::spring::resolve(&mut index, &mut found);
    super::jaxrs::resolve(&mut index, &mut found);
    super::js::resolve_nest(&mut index, &mut found);
    super::router::resolve(&mut index, &mut found);
    super::python::expand(&mut index, &mut found);
    // Routes known in their file; their paths may still use constants of other files.
    let dispatching: std::collections::HashSet<String> = index
        .files
        .iter()
        .flat_map(|f| &f.direct)
        .filter(|r| r.unless_dispatches.is_none() && r.framework == "jdk-httpserver")
        .filter_map(|r| r.handler.split('.').next().map(str::to_string))
        .collect();
    for file in 0..index.files.len() {
        let direct = index.files[file].direct.clone();
        for route in direct {
            if route
                .unless_dispatches
                .as_ref()
                .is_some_and(|class| dispatching.contains(class))
            {
                continue;
            }
            let path = index.eval(&route.path, file, None);
            if route.optional && path.is_err() {
                continue;
            }
            found.push(Found {
                methods: route.methods,
                path,
                file,
                line: route.line,
                column: route.column,
                handler: route.handler,
                framework: route.framework,
                context: if route.framework.starts_with("spring") {
                    ContextKind::Spring
                } else {
                    ContextKind::None
                },
                owner: None,
                info: route.info,
            });
        }
    }
    let mut layout = Layout::default();
    let contexts = Contexts::new(&index, &mut layout);
    let mut ops: BTreeMap<(String, String, String), ServedOperation> = BTreeMap::new();
    for item in found {
        let facts = &index.files[item.file];
        let context = contexts.prefix(&mut layout, facts.files.source(), &facts.fs_path, item.context);
        let (path, mut unresolved) = match &item.path {
            Ok(path) => (path.clone(), false),
            Err(partial) => (partial.clone(), true),
        };
        // Spring resolves `${key:default}` in mapping paths from the configuration.
        let path = if item.context == ContextKind::Spring && path.contains("${") {
            let (resolved, complete) = placeholders(&path, |key| {
                contexts.property(&mut layout, facts.files.source(), &facts.fs_path, key)
            });
            unresolved |= !complete;
            resolved
        } else {
            path
        };
        if unresolved {
            stats.unresolved += 1;
        }
        let path = paths::normalise(&path);
        let full = if context.is_empty() {
            path
        } else {
            paths::normalise(&paths::join([context.as_str(), path.as_str()]))
        };
        let service = service_of(&mut layout, &facts.file, &facts.rel, settings);
        let (request_fields, response_fields) = body_fields(&mut index, &item);
        let facts = &index.files[item.file];
        for method in &item.methods {
            let key = (service.clone(), full.clone(), method.clone());
            let op = ServedOperation {
                method: method.clone(),
                path: full.clone(),
                context: if context.is_empty() {
                    String::new()
                } else {
                    paths::normalise(&context)
                },
                file: facts.file.clone(),
                rel: facts.rel.clone(),
                line: item.line,
                column: item.column,
                handler: item.handler.clone(),
                framework: item.framework.to_string(),
                summary: item.info.summary.clone(),
                operation_id: item.info.operation_id.clone(),
                tags: item.info.tags.clone(),
                deprecated: item.info.deprecated,
                security: item.info.security.clone(),
                query: item.info.query.clone(),
                request_fields: request_fields.clone(),
                response_fields: response_fields.clone(),
            };
            // One entry per service, method and path: the same mapping declared twice (an
            // interface and its controller, a go-zero `.api` file and its generated routes)
            // is one operation, reported where it is first declared.
            match ops.get(&key) {
                Some(existing) if (existing.file.as_str(), existing.line) <= (op.file.as_str(), op.line) => {}
                _ => {
                    ops.insert(key, op);
                }
            }
        }
    }
    stats.operations = ops.len() as u64;
    let mut entries: Vec<InventoryEntry> = ops
        .into_iter()
        .map(|((service, _, _), op)| {
            let mut entry = served::entry(&op, settings);
            entry.service = Some(service.into());
            entry
        })
        .collect();
    entries.sort_by(|a, b| (&a.file, a.line, &a.method, &a.path).cmp(&(&b.file, b.line, &b.method, &b.path)));
    (entries, stats)
}

/// Field names of the request and response body types.
fn body_fields(index: &mut Index, item: &Found) -> (Vec<String>, Vec<String>) {
    let from = item.owner.map_or(item.file, |o| o.0);
    let request = item
        .info
        .request_type
        .as_deref()
        .map(|t| index.fields_of(t, from))
        .unwrap_or_default();
    let response = item
        .info
        .response_type
        .as_deref()
        .map(|t| index.fields_of(t, from))
        .unwrap_or_default();
    (request, response)
}

/// Build files that make a directory a module.
const BUILD_FILES: &[&str] = &[
    "pom.xml",
    "build.gradle",
    "build.gradle.kts",
    "package.json",
    "go.mod",
    "pyproject.toml",
    "setup.py",
    "setup.cfg",
    "requirements.txt",
    "Pipfile",
    "Cargo.toml",
    "build.sbt",
    "manage.py",
];

/// Filesystem facts about directories, looked up once each, in the file source they were
/// asked of (display paths on disk, or a base revision's tree).
#[derive(Default)]
pub struct Layout {
    build: HashMap<(usize, PathBuf), bool>,
    git: HashMap<(usize, PathBuf), bool>,
}

/// A file source's identity, to keep the facts of two sources apart.
fn source_key(files: &dyn FileSource) -> usize {
    std::ptr::from_ref(files).cast::<()>() as usize
}

impl Layout {
    fn has_build_file(&mut self, files: &dyn FileSource, dir: &Path) -> bool {
        let key = (source_key(files), dir.to_path_buf());
        if let Some(&known) = self.build.get(&key) {
            return known;
        }
        let found = BUILD_FILES.iter().any(|name| files.is_file(&dir.join(name)));
        self.build.insert(key, found);
        found
    }

    fn has_git(&mut self, files: &dyn FileSource, dir: &Path) -> bool {
        let key = (source_key(files), dir.to_path_buf());
        if let Some(&known) = self.git.get(&key) {
            return known;
        }
        let found = files.canonical(&dir.join(".git")).is_some();
        self.git.insert(key, found);
        found
    }

    /// The nearest directory above `file` (up to `root`) with a build file.
    fn module(&mut self, files: &dyn FileSource, file: &Path, root: &Path) -> Option<PathBuf> {
        let mut dir = file.parent();
        while let Some(d) = dir {
            if self.has_build_file(files, d) {
                return Some(d.to_path_buf());
            }
            if d == root || self.has_git(files, d) {
                break;
            }
            dir = d.parent();
        }
        None
    }
}

/// The scan root of a file where the file is read from: its `fs_path` without its
/// root-relative part (a base revision's files are at their tree paths), else its display root.
fn fs_root(facts: &FileFacts) -> PathBuf {
    let fs_path = facts.fs_path.to_string_lossy();
    match fs_path.strip_suffix(facts.rel.as_str()) {
        // `/` itself when the root is the top of the tree.
        Some("/") => PathBuf::from("/"),
        Some(root) if !facts.rel.is_empty() => PathBuf::from(root.trim_end_matches('/')),
        _ => PathBuf::from(root_of(&facts.file, &facts.rel)),
    }
}

/// The scan root of a file: its display path without its root-relative part.
fn root_of<'a>(display: &'a str, rel: &str) -> &'a str {
    display.strip_suffix(rel).unwrap_or("").trim_end_matches('/')
}

/// The service key of a file (display path of its service directory, or `[services]` name).
pub fn service_of(layout: &mut Layout, display: &str, rel: &str, settings: &Settings) -> String {
    for service in settings.services.iter() {
        if service.specs.is_match(rel) || service.code.is_match(rel) {
            return format!("service {}", service.name);
        }
    }
    let root_text = root_of(display, rel);
    let root = Path::new(if root_text.is_empty() { "." } else { root_text });
    let file = if root_text.is_empty() {
        Path::new(".").join(display)
    } else {
        PathBuf::from(display)
    };
    // Directories from the file up to the repository (or the scan root).
    let mut dirs = Vec::new();
    let mut dir = file.parent();
    while let Some(d) = dir {
        dirs.push(d.to_path_buf());
        if d == root || layout.has_git(&Disk, d) || d.as_os_str().is_empty() {
            break;
        }
        dir = d.parent();
    }
    let outermost = dirs
        .iter()
        .rev()
        .find(|d| layout.has_build_file(&Disk, d))
        .cloned();
    let chosen = outermost.unwrap_or_else(|| {
        // The top-level directory of the repository that holds the file.
        let top = dirs.len().saturating_sub(2);
        dirs.get(top).cloned().unwrap_or_else(|| root.to_path_buf())
    });
    let text = chosen.to_string_lossy().replace('\\', "/");
    let text = text.strip_prefix("./").unwrap_or(&text);
    if text.is_empty() || text == "." {
        ".".to_string()
    } else {
        text.to_string()
    }
}

/// `path` with each Spring placeholder `${key}` or `${key:default}` replaced by the property's
/// value, else its default; whether every one was replaced (an unknown one stays as it is).
fn placeholders(path: &str, mut lookup: impl FnMut(&str) -> Option<String>) -> (String, bool) {
    let mut out = String::with_capacity(path.len());
    let mut complete = true;
    let mut rest = path;
    while let Some(at) = rest.find("${") {
        out.push_str(&rest[..at]);
        let inner = &rest[at + 2..];
        // The closing brace of this placeholder (a default may hold braces of its own).
        let mut depth = 1;
        let mut close = None;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        close = Some(i);
                        break;
                    }
                }
                _ => {}
            }
        }
        let Some(close) = close else {
            complete = false;
            out.push_str(&rest[at..]);
            return (out, complete);
        };
        let body = &inner[..close];
        let (key, default) = match body.split_once(':') {
            Some((key, default)) => (key, Some(default)),
            None => (body, None),
        };
        // Upper-case names without a default are the markers of constants that did not resolve.
        let constant = default.is_none()
            && key
                .chars()
                .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '_');
        let value = if constant {
            None
        } else {
            lookup(&normalise(key))
                .filter(|v| !v.contains("${"))
                .or_else(|| default.filter(|d| !d.contains("${")).map(str::to_string))
        };
        match value {
            Some(value) => out.push_str(&value),
            None => {
                complete = false;
                out.push_str(&rest[at..at + 2 + close + 1]);
            }
        }
        rest = &inner[close + 1..];
    }
    out.push_str(rest);
    (out, complete)
}

/// The context-path settings and Spring properties of the run, by module directory.
struct Contexts {
    by_module: HashMap<PathBuf, Vec<ContextSetting>>,
    properties: HashMap<PathBuf, Vec<Property>>,
}

impl Contexts {
    fn new(index: &Index, layout: &mut Layout) -> Contexts {
        let mut by_module: HashMap<PathBuf, Vec<ContextSetting>> = HashMap::new();
        let mut properties: HashMap<PathBuf, Vec<Property>> = HashMap::new();
        for facts in &index.files {
            if !facts.properties.is_empty() {
                let root = fs_root(facts);
                let module = layout
                    .module(facts.files.source(), &facts.fs_path, &root)
                    .unwrap_or(root);
                properties
                    .entry(module)
                    .or_default()
                    .extend(facts.properties.iter().cloned());
            }
            let mut settings: Vec<ContextSetting> = facts.contexts.clone();
            // `@ApplicationPath` and Nest's `setGlobalPrefix` are read from code as classes
            // and calls.
            for class in &facts.classes {
                if let Some(path) = class
                    .annotation("ApplicationPath")
                    .and_then(|a| a.value())
                    .and_then(|v| v.text())
                {
                    settings.push(ContextSetting {
                        scope: "application-path",
                        path,
                        profile: None,
                        activates: Vec::new(),
                        line: class.line,
                    });
                }
            }
            if settings.is_empty() {
                continue;
            }
            let root = fs_root(facts);
            let module = layout
                .module(facts.files.source(), &facts.fs_path, &root)
                .unwrap_or(root);
            by_module.entry(module).or_default().extend(settings);
        }
        Contexts {
            by_module,
            properties,
        }
    }

    /// The profiles the default documents of a module activate.
    fn active_profiles(&self, module: &Path) -> Vec<&String> {
        self.by_module
            .get(module)
            .into_iter()
            .flatten()
            .filter(|s| s.scope == "profiles" && s.profile.is_none())
            .flat_map(|s| &s.activates)
            .collect()
    }

    /// A Spring property (key in relaxed form) for code in the file at `fs_path`: from the
    /// configuration of its module, else of the nearest module above it that has some; the
    /// default documents, overridden by the profiles they activate.
    fn property(
        &self,
        layout: &mut Layout,
        files: &dyn FileSource,
        fs_path: &Path,
        key: &str,
    ) -> Option<String> {
        if self.properties.is_empty() {
            return None;
        }
        let mut dir = fs_path.parent();
        while let Some(d) = dir {
            if let Some(found) = self.properties.get(d) {
                let profiles = self.active_profiles(d);
                let mut value = None;
                for property in found.iter().filter(|p| p.key == key) {
                    match &property.profile {
                        None if value.is_none() => value = Some(property.value.clone()),
                        Some(profile) if profiles.contains(&profile) => value = Some(property.value.clone()),
                        _ => {}
                    }
                }
                return value;
            }
            if layout.has_git(files, d) {
                break;
            }
            dir = d.parent();
        }
        None
    }

    /// The context path of code in the file at `fs_path`.
    fn prefix(
        &self,
        layout: &mut Layout,
        files: &dyn FileSource,
        fs_path: &Path,
        kind: ContextKind,
    ) -> String {
        if kind == ContextKind::None || self.by_module.is_empty() {
            return String::new();
        }
        // The settings of the file's module, else of the nearest module above it that has some.
        let mut dir = fs_path.parent();
        let mut settings = None;
        while let Some(d) = dir {
            if let Some(found) = self.by_module.get(d) {
                settings = Some(found);
                break;
            }
            if layout.has_git(files, d) {
                break;
            }
            dir = d.parent();
        }
        let Some(settings) = settings else {
            return String::new();
        };
        let profiles: Vec<&String> = settings
            .iter()
            .filter(|s| s.scope == "profiles" && s.profile.is_none())
            .flat_map(|s| &s.activates)
            .collect();
        // The default documents, overridden by the profiles they activate.
        let value = |scope: &str| -> Option<&str> {
            let mut found = None;
            for setting in settings.iter().filter(|s| s.scope == scope) {
                match &setting.profile {
                    None if found.is_none() => found = Some((setting.path.as_str(), false)),
                    Some(profile) if profiles.contains(&profile) => {
                        found = Some((setting.path.as_str(), true))
                    }
                    _ => {}
                }
            }
            found.map(|(path, _)| path)
        };
        let strip = |path: &str| path.trim_end_matches("/*").trim_end_matches('*').to_string();
        match kind {
            ContextKind::Spring => {
                let servlet = value("servlet").map(strip).unwrap_or_default();
                let dispatcher = value("dispatcher").map(strip).unwrap_or_default();
                match value("webflux") {
                    Some(base) if servlet.is_empty() => strip(base),
                    _ => paths::join([servlet.as_str(), dispatcher.as_str()]),
                }
            }
            ContextKind::JaxRs => {
                let servlet = value("servlet").map(strip).unwrap_or_default();
                let jersey = value("jersey")
                    .or_else(|| value("application-path"))
                    .map(strip)
                    .unwrap_or_default();
                paths::join([servlet.as_str(), jersey.as_str()])
            }
            ContextKind::Nest => value("nest").map(strip).unwrap_or_default(),
            ContextKind::None => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::placeholders;

    #[test]
    fn placeholders_take_the_property_then_the_default() {
        let lookup = |key: &str| (key == "api.base").then(|| "/api/v2".to_string());
        assert_eq!(
            placeholders("${api.base}/users", lookup),
            ("/api/v2/users".into(), true)
        );
        assert_eq!(
            placeholders("/x${item.path:/{id}}", lookup),
            ("/x/{id}".into(), true)
        );
        // Unknown keys and the markers of unresolved constants stay as they are.
        assert_eq!(placeholders("${nope}/a", lookup), ("${nope}/a".into(), false));
        assert_eq!(
            placeholders("${API_BASE}/a", |_| Some("/z".into())),
            ("${API_BASE}/a".into(), false)
        );
        assert_eq!(placeholders("${open", lookup), ("${open".into(), false));
    }
}
