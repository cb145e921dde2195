//! Third-party components and their known vulnerabilities, offline.
//!
//! Front ends read dependency declarations with their positions: Maven `pom.xml` (`maven`),
//! Gradle build scripts and version catalogs (`gradle`), npm `package-lock.json` and
//! `yarn.lock` (`npm`), Python `requirements*.txt` and `poetry.lock` (`python`), Go `go.mod`
//! and `go.sum` (`golang`), Cargo `Cargo.lock` (`cargo`). Each looks at the file name and
//! returns at once for other files; what it reads becomes `Component`s of the portfolio.
//! Maven needs the whole run (parents, imported BOMs and their properties may be in other
//! files), so POMs are kept as they are read and resolved once, in `finish`.
//!
//! The advisory database (`osv`) is read once per run; `matcher` decides per ecosystem order
//! (`version`) whether a declared version is affected, and `severity` maps CVSS to levels.
//! A manifest that cannot be parsed is reported (META001) rather than silently skipped.

pub mod cargo;
pub mod golang;
pub mod gradle;
pub mod matcher;
pub mod maven;
pub mod npm;
pub mod osv;
pub mod python;
pub mod severity;
pub mod version;

use crate::findings::RawFinding;
use crate::model::components::{Component, Ecosystem};
use crate::model::Portfolio;
use crate::rules::{Ctx, FileInput};
use crate::source::{SourceFile, Span};

pub use osv::AdvisoryDb;

/// Reads the dependency declarations of one file into `part`.
pub fn extract(input: &FileInput, ctx: &Ctx<'_>, part: &mut Portfolio, out: &mut Vec<RawFinding>) {
    let name = input.file_name();
    let file = &input.file;
    let result = match name.as_str() {
        "pom.xml" => maven::read(file).map(|pom| part.poms.push(pom)),
        "package-lock.json" | "npm-shrinkwrap.json" => npm::read_package_lock(input, &mut part.components),
        "yarn.lock" => {
            npm::read_yarn_lock(file, &mut part.components);
            Ok(())
        }
        "poetry.lock" => python::read_poetry_lock(file, &mut part.components),
        "go.mod" => {
            golang::read_go_mod(file, &mut part.components);
            Ok(())
        }
        "go.sum" => {
            golang::read_go_sum(file, &mut part.components);
            Ok(())
        }
        "cargo.lock" => cargo::read_cargo_lock(file, &mut part.components),
        _ if name.ends_with(".gradle") || name.ends_with(".gradle.kts") => {
            gradle::read_build_script(file, &mut part.components);
            Ok(())
        }
        _ if name.ends_with(".versions.toml") => gradle::read_version_catalog(file, &mut part.components),
        _ if python::is_requirements_file(&file.path) => {
            python::read_requirements(file, &mut part.components);
            Ok(())
        }
        _ => Ok(()),
    };
    if let Err(problem) = result {
        // The name as written, for the message (`name` is lower-cased for matching).
        let name = file.path.rsplit('/').next().unwrap_or(&name);
        if ctx.settings.rule_enabled("META001") {
            let span = Span::new(problem.offset as usize, problem.offset as usize);
            out.push(
                RawFinding::at(
                    "META001",
                    file,
                    span,
                    ctx.tr(
                        format!(
                            "dependency declarations not read: {} does not parse ({}), so its components were not checked",
                            name, problem.message
                        ),
                        format!(
                            "未能读取依赖声明：{} 无法解析（{}），其中的组件未经检查",
                            name, problem.message
                        ),
                    ),
                )
                .with_key("dependency-manifest-unparsable"),
            );
        }
    }
}

/// Completes the run's components: resolves Maven POMs against each other, and drops `go.sum`
/// entries for modules their `go.mod` already declares. Called once, before portfolio rules.
pub fn finish(portfolio: &mut Portfolio) {
    let poms = std::mem::take(&mut portfolio.poms);
    portfolio.components.extend(maven::resolve(&poms));
    golang::drop_go_sum_duplicates(&mut portfolio.components);
}

/// A component declared at `span` of `file`, with the evidence lines for findings. A version
/// that does not parse in the ecosystem is kept as the requirement, never as the version.
pub(crate) fn component(
    file: &SourceFile,
    span: Span,
    ecosystem: Ecosystem,
    name: impl Into<String>,
    version: Option<&str>,
) -> Component {
    let start = file.pos(span.start);
    let snippet = RawFinding::at("DEP001", file, span, String::new()).snippet;
    let (version, requirement) = match version.map(str::trim).filter(|v| !v.is_empty()) {
        Some(v) if version::Version::parse(ecosystem, v).is_some() => (Some(v.to_string()), None),
        Some(v) => (None, Some(v.to_string())),
        None => (None, None),
    };
    Component {
        ecosystem,
        name: name.into(),
        version,
        file: file.path.clone(),
        line: start.line,
        column: start.col,
        rel: file.rel.clone(),
        requirement,
        version_from: None,
        scope: None,
        snippet,
    }
}

/// `file:line` of a byte offset, for `version_from`.
pub(crate) fn place(file: &SourceFile, offset: u32) -> String {
    format!("{}:{}", file.path, file.pos(offset).line)
}
