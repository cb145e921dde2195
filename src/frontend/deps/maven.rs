//! Maven `pom.xml`: dependencies and dependencyManagement (also in profiles), with versions
//! resolved the way Maven builds its effective model, as far as the scanned files allow:
//! `${...}` properties of the POM and its parents, the `project.*` built-ins, versions managed
//! by a parent's `dependencyManagement`, and BOMs imported with `<scope>import</scope>`.
//! A parent or BOM is found in the run by `relativePath` (default `../pom.xml`) or by its
//! coordinates; one that is not in the run (e.g. `spring-boot-starter-parent` from Maven
//! Central) leaves the versions it would manage unresolved: they are listed, never guessed.
//!
//! Reading is per file (`read`); resolution is once per run (`resolve`).

use super::{component, place};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::settings::Settings;

use crate::findings::Snippet;
use crate::model::components::{Component, Ecosystem};
use crate::parse::xml::{self, XmlElement};
use crate::parse::ParseError;
use crate::source::{join_display, SourceFile, Span};
use std::collections::{HashMap, HashSet};

/// How far parent chains, BOM imports and property references are followed.
const MAX_CHAIN: usize = 32;

/// Where something is written, with its evidence lines.
#[derive(Debug, Clone)]
pub struct Site {
    pub line: u32,
    pub column: u32,
    /// `file:line`.
    pub place: String,
    pub snippet: Option<Snippet>,
}

impl Site {
    fn new(file: &SourceFile, span: Span) -> Site {
        let probe = component(file, span, Ecosystem::Maven, "", None);
        Site {
            line: probe.line,
            column: probe.column,
            place: place(file, span.start),
            snippet: probe.snippet,
        }
    }
}

/// One `<dependency>` as written.
#[derive(Debug, Clone)]
pub struct Dependency {
    pub group: String,
    pub artifact: String,
    pub version: Option<String>,
    pub scope: Option<String>,
    pub kind: Option<String>,
    /// The `<version>` element, when there is one.
    pub version_site: Option<Site>,
    /// The `<artifactId>` element (or the `<dependency>` when it has none).
    pub site: Site,
    /// The profile it is declared in.
    pub profile: Option<String>,
}

/// A POM as read, before resolution.
#[derive(Debug, Clone)]
pub struct Pom {
    pub file: String,
    pub rel: String,
    pub group: Option<String>,
    pub artifact: Option<String>,
    pub version: Option<String>,
    pub parent: Option<ParentRef>,
    /// `<properties>`: name, value, where.
    pub properties: Vec<(String, String, String)>,
    pub managed: Vec<Dependency>,
    pub dependencies: Vec<Dependency>,
}

#[derive(Debug, Clone)]
pub struct ParentRef {
    pub group: String,
    pub artifact: String,
    pub version: String,
    /// None for the default `../pom.xml`; Some("") for `<relativePath/>` (repository only).
    pub relative_path: Option<String>,
}

/// Maven `pom.xml`: POMs are resolved against each other (parents, imported BOMs, properties) in `finish`.
pub struct Maven;

impl FrontEnd for Maven {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name() == "pom.xml"
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        match read(&input.file) {
            Ok(pom) => out.pending.poms.push(pom),
            Err(problem) => super::unparsable(input, problem, out),
        }
    }

    fn finish(
        &self,
        portfolio: &mut crate::model::Portfolio,
        pending: &mut crate::frontend::Pending,
        _settings: &Settings,
    ) {
        portfolio.components.extend(resolve(&pending.poms));
        pending.poms.clear();
    }
}

/// Reads one POM.
pub fn read(file: &SourceFile) -> Result<Pom, ParseError> {
    let root = xml::parse(&file.text)?;
    if root.local_name() != "project" {
        return Err(ParseError::new(
            format!("the document element is `{}`, not `project`", root.name),
            root.span.start as usize,
        ));
    }
    let text = |element: &XmlElement, name: &str| element.child_text(name).map(str::to_string);
    let parent = root.child("parent").and_then(|p| {
        Some(ParentRef {
            group: text(p, "groupId")?,
            artifact: text(p, "artifactId")?,
            version: text(p, "version").unwrap_or_default(),
            relative_path: p.child("relativePath").map(|r| r.text.clone()),
        })
    });
    let mut properties = Vec::new();
    if let Some(props) = root.child("properties") {
        for element in &props.children {
            properties.push((
                element.local_name().to_string(),
                element.text.clone(),
                place(file, element.span.start),
            ));
        }
    }
    let mut pom = Pom {
        file: file.path.clone(),
        rel: file.rel.clone(),
        group: text(&root, "groupId"),
        artifact: text(&root, "artifactId"),
        version: text(&root, "version"),
        parent,
        properties,
        managed: Vec::new(),
        dependencies: Vec::new(),
    };
    let mut scopes: Vec<(&XmlElement, Option<String>)> = vec![(&root, None)];
    if let Some(profiles) = root.child("profiles") {
        for profile in profiles.children_named("profile") {
            let id = profile.child_text("id").unwrap_or("?").to_string();
            scopes.push((profile, Some(id)));
        }
    }
    for (owner, profile) in scopes {
        if let Some(list) = owner.path(&["dependencyManagement", "dependencies"]) {
            pom.managed.extend(dependencies(file, list, profile.as_deref()));
        }
        if let Some(list) = owner.child("dependencies") {
            pom.dependencies
                .extend(dependencies(file, list, profile.as_deref()));
        }
    }
    Ok(pom)
}

fn dependencies(file: &SourceFile, list: &XmlElement, profile: Option<&str>) -> Vec<Dependency> {
    list.children_named("dependency")
        .filter_map(|dep| {
            let text = |name: &str| dep.child_text(name).map(str::to_string);
            let site_span = dep.child("artifactId").map_or(dep.span, |a| a.span);
            Some(Dependency {
                group: text("groupId")?,
                artifact: text("artifactId")?,
                version: text("version"),
                scope: text("scope"),
                kind: text("type"),
                version_site: dep.child("version").map(|v| Site::new(file, v.text_span)),
                site: Site::new(file, site_span),
                profile: profile.map(str::to_string),
            })
        })
        .collect()
}

/// A resolved value and, for a value taken from one property, where that property is set.
struct Resolved {
    value: Option<String>,
    origin: Option<String>,
}

/// The run's POMs, indexed for parent and BOM lookup.
struct Run<'a> {
    poms: &'a [Pom],
    by_path: HashMap<&'a str, usize>,
    by_coordinates: HashMap<(String, String, String), usize>,
}

impl<'a> Run<'a> {
    fn new(poms: &'a [Pom]) -> Self {
        let mut run = Run {
            poms,
            by_path: HashMap::new(),
            by_coordinates: HashMap::new(),
        };
        for (index, pom) in poms.iter().enumerate() {
            run.by_path.insert(pom.file.as_str(), index);
            let group = pom
                .group
                .clone()
                .or_else(|| pom.parent.as_ref().map(|p| p.group.clone()));
            let version = pom
                .version
                .clone()
                .or_else(|| pom.parent.as_ref().map(|p| p.version.clone()));
            if let (Some(group), Some(artifact), Some(version)) = (group, pom.artifact.clone(), version) {
                run.by_coordinates
                    .entry((group, artifact, version))
                    .or_insert(index);
            }
        }
        run
    }

    /// The parent of a POM, when it is in the run.
    fn parent(&self, index: usize) -> Option<usize> {
        let pom = &self.poms[index];
        let parent = pom.parent.as_ref()?;
        let relative = match parent.relative_path.as_deref() {
            None => Some("../pom.xml".to_string()),
            Some("") => None,
            Some(path) if path.ends_with(".xml") => Some(path.to_string()),
            Some(dir) => Some(format!("{}/pom.xml", dir.trim_end_matches('/'))),
        };
        let by_path = relative
            .map(|relative| join_display(&pom.file, &relative))
            .and_then(|path| self.by_path.get(path.as_str()).copied())
            .filter(|&candidate| {
                let found = &self.poms[candidate];
                found.artifact.as_deref() == Some(parent.artifact.as_str()) && candidate != index
            });
        by_path.or_else(|| {
            self.by_coordinates
                .get(&(
                    parent.group.clone(),
                    parent.artifact.clone(),
                    parent.version.clone(),
                ))
                .copied()
                .filter(|&candidate| candidate != index)
        })
    }

    /// The POM and its ancestors in the run, nearest first.
    fn chain(&self, index: usize) -> Vec<usize> {
        let mut chain = vec![index];
        let mut seen = HashSet::from([index]);
        while chain.len() < MAX_CHAIN {
            let Some(next) = chain.last().and_then(|&last| self.parent(last)) else {
                break;
            };
            if !seen.insert(next) {
                break;
            }
            chain.push(next);
        }
        chain
    }
}

/// Property resolution in the context of one POM (Maven interpolates inherited values in the
/// context of the POM being built).
struct Context<'a> {
    run: &'a Run<'a>,
    chain: Vec<usize>,
}

impl Context<'_> {
    fn pom(&self) -> &Pom {
        &self.run.poms[self.chain[0]]
    }

    fn builtin(&self, name: &str) -> Option<String> {
        let pom = self.pom();
        let parent = pom.parent.as_ref();
        let name = name
            .strip_prefix("project.")
            .or_else(|| name.strip_prefix("pom."))
            .unwrap_or(name);
        match name {
            "version" => pom.version.clone().or_else(|| parent.map(|p| p.version.clone())),
            "groupId" => pom.group.clone().or_else(|| parent.map(|p| p.group.clone())),
            "artifactId" => pom.artifact.clone(),
            "parent.version" => parent.map(|p| p.version.clone()),
            "parent.groupId" => parent.map(|p| p.group.clone()),
            "parent.artifactId" => parent.map(|p| p.artifact.clone()),
            _ => None,
        }
    }

    fn property(&self, name: &str) -> Option<(&str, &str)> {
        self.chain.iter().find_map(|&index| {
            self.run.poms[index]
                .properties
                .iter()
                .rev()
                .find(|(key, _, _)| key == name)
                .map(|(_, value, at)| (value.as_str(), at.as_str()))
        })
    }

    /// Replaces every `${name}`; None when one cannot be resolved from the run.
    fn interpolate(&self, text: &str) -> Resolved {
        let mut origin = None;
        let value = self.interpolate_depth(text, 0, &mut origin);
        // A value that is exactly one property reference says where it was set.
        let single =
            text.trim().starts_with("${") && text.trim().ends_with('}') && text.matches("${").count() == 1;
        Resolved {
            value,
            origin: if single { origin } else { None },
        }
    }

    fn interpolate_depth(&self, text: &str, depth: usize, origin: &mut Option<String>) -> Option<String> {
        if depth > MAX_CHAIN {
            return None;
        }
        let mut out = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let end = after.find('}')?;
            let name = after[..end].trim();
            let value = if let Some((value, at)) = self.property(name) {
                if origin.is_none() {
                    *origin = Some(at.to_string());
                }
                self.interpolate_depth(value, depth + 1, origin)?
            } else {
                self.interpolate_depth(&self.builtin(name)?, depth + 1, origin)?
            };
            out.push_str(&value);
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Some(out.trim().to_string())
    }
}

/// A dependencyManagement entry in effect for a POM: which POM declares it, which entry, and
/// the context its version is interpolated in.
#[derive(Clone, Copy)]
struct Managed {
    pom: usize,
    entry: usize,
    /// The POM whose context interpolates the version (the importing chain for inherited
    /// entries, the BOM itself for imported ones).
    context: usize,
}

/// Resolves every POM of the run into components.
pub fn resolve(poms: &[Pom]) -> Vec<Component> {
    let run = Run::new(poms);
    let mut components = Vec::new();
    let mut used: HashSet<(usize, usize)> = HashSet::new();
    for index in 0..poms.len() {
        let context = Context {
            run: &run,
            chain: run.chain(index),
        };
        let managed = managed_for(&run, &context);
        for dep in &poms[index].dependencies {
            let group = context.interpolate(&dep.group).value;
            let artifact = context.interpolate(&dep.artifact).value;
            let (Some(group), Some(artifact)) = (group, artifact) else {
                continue;
            };
            let mut item = base(&poms[index], dep, &group, &artifact);
            match &dep.version {
                Some(written) => {
                    let resolved = context.interpolate(written);
                    set_version(&mut item, resolved.value.as_deref(), written);
                    item.version_from = resolved.origin;
                }
                None => {
                    if let Some(entry) = managed.get(&(group.clone(), artifact.clone())) {
                        used.insert((entry.pom, entry.entry));
                        let managing = &poms[entry.pom].managed[entry.entry];
                        if let Some(written) = &managing.version {
                            let owner = Context {
                                run: &run,
                                chain: run.chain(entry.context),
                            };
                            let resolved = owner.interpolate(written);
                            set_version(&mut item, resolved.value.as_deref(), written);
                            item.version_from = managing.version_site.as_ref().map(|s| s.place.clone());
                        }
                    }
                }
            }
            components.push(item);
        }
    }
    // Managed versions that no dependency in the run uses are still declarations (a bank's
    // parent POM pins approved versions for repositories scanned elsewhere).
    for (index, pom) in poms.iter().enumerate() {
        let context = Context {
            run: &run,
            chain: run.chain(index),
        };
        for (entry, dep) in pom.managed.iter().enumerate() {
            if used.contains(&(index, entry)) || is_import(dep) {
                continue;
            }
            let group = context.interpolate(&dep.group).value;
            let artifact = context.interpolate(&dep.artifact).value;
            let (Some(group), Some(artifact)) = (group, artifact) else {
                continue;
            };
            let mut item = base(pom, dep, &group, &artifact);
            item.scope = Some(match &dep.scope {
                Some(scope) => format!("managed, {scope}"),
                None => "managed".to_string(),
            });
            if let Some(written) = &dep.version {
                let resolved = context.interpolate(written);
                set_version(&mut item, resolved.value.as_deref(), written);
                item.version_from = resolved.origin;
            }
            components.push(item);
        }
    }
    components
}

fn is_import(dep: &Dependency) -> bool {
    dep.scope.as_deref() == Some("import") && dep.kind.as_deref() == Some("pom")
}

/// A component at the dependency's `<version>` (or its `<artifactId>` when it has none).
fn base(pom: &Pom, dep: &Dependency, group: &str, artifact: &str) -> Component {
    let site = dep.version_site.as_ref().unwrap_or(&dep.site);
    let scope = match (&dep.scope, &dep.profile) {
        (Some(scope), Some(profile)) => Some(format!("{scope}, profile {profile}")),
        (Some(scope), None) => Some(scope.clone()),
        (None, Some(profile)) => Some(format!("profile {profile}")),
        (None, None) => None,
    };
    Component {
        ecosystem: Ecosystem::Maven,
        name: format!("{group}:{artifact}"),
        version: None,
        file: pom.file.clone(),
        line: site.line,
        column: site.column,
        rel: pom.rel.clone(),
        requirement: None,
        version_from: None,
        scope,
        snippet: site.snippet.clone(),
    }
}

/// Sets the resolved version; ranges and unresolved properties stay a requirement.
fn set_version(item: &mut Component, resolved: Option<&str>, written: &str) {
    let exact = resolved.filter(|v| !v.is_empty() && !v.contains(['[', ']', '(', ')', ',', '$']));
    item.version = exact.map(str::to_string);
    if exact != Some(written.trim()) {
        item.requirement = Some(written.trim().to_string());
    }
}

/// The dependencyManagement in effect for a POM: its own and its ancestors' entries (nearest
/// wins), then the entries of BOMs they import (first import wins), keyed by group:artifact.
fn managed_for(run: &Run<'_>, context: &Context<'_>) -> HashMap<(String, String), Managed> {
    let mut managed: HashMap<(String, String), Managed> = HashMap::new();
    let mut imports: Vec<(usize, usize)> = Vec::new();
    let owner = context.chain[0];
    for &pom_index in &context.chain {
        for (entry, dep) in run.poms[pom_index].managed.iter().enumerate() {
            if is_import(dep) {
                imports.push((pom_index, entry));
                continue;
            }
            let key = (
                context.interpolate(&dep.group).value,
                context.interpolate(&dep.artifact).value,
            );
            if let (Some(group), Some(artifact)) = key {
                managed.entry((group, artifact)).or_insert(Managed {
                    pom: pom_index,
                    entry,
                    context: owner,
                });
            }
        }
    }
    let mut seen = HashSet::new();
    let mut depth = 0;
    while let Some((pom_index, entry)) = (!imports.is_empty()).then(|| imports.remove(0)) {
        depth += 1;
        if depth > MAX_CHAIN * 8 {
            break;
        }
        let dep = &run.poms[pom_index].managed[entry];
        let coordinates = (
            context.interpolate(&dep.group).value,
            context.interpolate(&dep.artifact).value,
            dep.version.as_deref().and_then(|v| context.interpolate(v).value),
        );
        let (Some(group), Some(artifact), Some(version)) = coordinates else {
            continue;
        };
        let Some(&bom) = run.by_coordinates.get(&(group, artifact, version)) else {
            continue;
        };
        if !seen.insert(bom) {
            continue;
        }
        let bom_context = Context {
            run,
            chain: run.chain(bom),
        };
        for &bom_pom in &bom_context.chain {
            for (bom_entry, managed_dep) in run.poms[bom_pom].managed.iter().enumerate() {
                if is_import(managed_dep) {
                    imports.push((bom_pom, bom_entry));
                    continue;
                }
                let key = (
                    bom_context.interpolate(&managed_dep.group).value,
                    bom_context.interpolate(&managed_dep.artifact).value,
                );
                if let (Some(group), Some(artifact)) = key {
                    managed.entry((group, artifact)).or_insert(Managed {
                        pom: bom_pom,
                        entry: bom_entry,
                        context: bom,
                    });
                }
            }
        }
    }
    managed
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    fn source(path: &str, text: &str) -> SourceFile {
        SourceFile::new(path.into(), path.into(), PathBuf::from(path), text.into())
    }

    fn pom(path: &str, text: &str) -> Pom {
        read(&source(path, text)).unwrap_or_else(|e| panic!("{path}: {e:?}"))
    }

    fn find<'a>(components: &'a [Component], name: &str) -> &'a Component {
        components
            .iter()
            .find(|c| c.name == name)
            .unwrap_or_else(|| panic!("{name} not found in {components:#?}"))
    }

    const PARENT: &str = r#"<project>
  <groupId>com.bank</groupId>
  <artifactId>platform-parent</artifactId>
  <version>3.0.0</version>
  <packaging>pom</packaging>
  <properties>
    <log4j.version>2.14.1</log4j.version>
    <jackson.version>2.9.8</jackson.version>
  </properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>org.apache.logging.log4j</groupId>
        <artifactId>log4j-core</artifactId>
        <version>${log4j.version}</version>
      </dependency>
      <dependency>
        <groupId>com.bank</groupId>
        <artifactId>bank-bom</artifactId>
        <version>${project.version}</version>
        <type>pom</type>
        <scope>import</scope>
      </dependency>
      <dependency>
        <groupId>commons-io</groupId>
        <artifactId>commons-io</artifactId>
        <version>2.6</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"#;

    const BOM: &str = r#"<project>
  <groupId>com.bank</groupId>
  <artifactId>bank-bom</artifactId>
  <version>3.0.0</version>
  <properties><fastjson.version>1.2.47</fastjson.version></properties>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>com.alibaba</groupId>
        <artifactId>fastjson</artifactId>
        <version>${fastjson.version}</version>
      </dependency>
    </dependencies>
  </dependencyManagement>
</project>
"#;

    const CHILD: &str = r#"<project>
  <parent>
    <groupId>com.bank</groupId>
    <artifactId>platform-parent</artifactId>
    <version>3.0.0</version>
  </parent>
  <artifactId>payments</artifactId>
  <properties><jackson.version>2.9.10</jackson.version></properties>
  <dependencies>
    <dependency>
      <groupId>org.apache.logging.log4j</groupId>
      <artifactId>log4j-core</artifactId>
    </dependency>
    <dependency>
      <groupId>com.alibaba</groupId>
      <artifactId>fastjson</artifactId>
    </dependency>
    <dependency>
      <groupId>com.fasterxml.jackson.core</groupId>
      <artifactId>jackson-databind</artifactId>
      <version>${jackson.version}</version>
    </dependency>
    <dependency>
      <groupId>${project.groupId}</groupId>
      <artifactId>bank-common</artifactId>
      <version>${project.version}</version>
    </dependency>
    <dependency>
      <groupId>org.springframework</groupId>
      <artifactId>spring-web</artifactId>
    </dependency>
    <dependency>
      <groupId>junit</groupId>
      <artifactId>junit</artifactId>
      <version>[4.12,5.0)</version>
      <scope>test</scope>
    </dependency>
  </dependencies>
</project>
"#;

    #[test]
    fn resolves_properties_parents_and_boms() {
        let poms = vec![
            pom("repo/pom.xml", PARENT),
            pom("repo/bom/pom.xml", BOM),
            pom("repo/payments/pom.xml", CHILD),
        ];
        let components = resolve(&poms);
        let log4j = find(&components, "org.apache.logging.log4j:log4j-core");
        assert_eq!(log4j.version.as_deref(), Some("2.14.1"));
        assert_eq!(log4j.file, "repo/payments/pom.xml");
        assert_eq!(log4j.line, 12, "at the artifactId, the dependency has no version");
        assert_eq!(log4j.version_from.as_deref(), Some("repo/pom.xml:15"));
        let fastjson = find(&components, "com.alibaba:fastjson");
        assert_eq!(
            fastjson.version.as_deref(),
            Some("1.2.47"),
            "through the imported BOM"
        );
        // The child's property overrides the parent's.
        let jackson = find(&components, "com.fasterxml.jackson.core:jackson-databind");
        assert_eq!(jackson.version.as_deref(), Some("2.9.10"));
        assert_eq!(jackson.requirement.as_deref(), Some("${jackson.version}"));
        assert_eq!(jackson.line, 21);
        assert_eq!(jackson.version_from.as_deref(), Some("repo/payments/pom.xml:8"));
        let common = find(&components, "com.bank:bank-common");
        assert_eq!(
            common.version.as_deref(),
            Some("3.0.0"),
            "project.version from the parent"
        );
        let spring = find(&components, "org.springframework:spring-web");
        assert_eq!(spring.version, None, "managed by nothing in the run: not guessed");
        let junit = find(&components, "junit:junit");
        assert_eq!(junit.version, None);
        assert_eq!(junit.requirement.as_deref(), Some("[4.12,5.0)"));
        assert_eq!(junit.scope.as_deref(), Some("test"));
        // Managed entries used by a dependency are reported there; unused ones where managed.
        let managed: Vec<&Component> = components
            .iter()
            .filter(|c| c.scope.as_deref() == Some("managed"))
            .collect();
        assert_eq!(managed.len(), 1, "{managed:#?}");
        assert_eq!(managed[0].name, "commons-io:commons-io");
        assert_eq!(managed[0].version.as_deref(), Some("2.6"));
    }

    #[test]
    fn parent_outside_the_run_and_loops() {
        let lone = pom("svc/pom.xml", CHILD);
        let components = resolve(std::slice::from_ref(&lone));
        let log4j = find(&components, "org.apache.logging.log4j:log4j-core");
        assert_eq!(log4j.version, None);
        let loop_a = r#"<project><parent><groupId>g</groupId><artifactId>b</artifactId><version>1</version><relativePath>../b/pom.xml</relativePath></parent><artifactId>a</artifactId>
<properties><x>${y}</x></properties>
<dependencies><dependency><groupId>g</groupId><artifactId>d</artifactId><version>${x}</version></dependency></dependencies></project>"#;
        let loop_b = r#"<project><parent><groupId>g</groupId><artifactId>a</artifactId><version>1</version><relativePath>../a/pom.xml</relativePath></parent><artifactId>b</artifactId>
<properties><y>${x}</y></properties></project>"#;
        let poms = vec![pom("r/a/pom.xml", loop_a), pom("r/b/pom.xml", loop_b)];
        let components = resolve(&poms);
        assert_eq!(
            find(&components, "g:d").version,
            None,
            "property loop: unresolved, no hang"
        );
    }

    #[test]
    fn not_a_pom() {
        assert!(read(&source("pom.xml", "<settings/>")).is_err());
        assert!(read(&source("pom.xml", "<project><dependencies>")).is_err());
    }
}
