//! Readers of third-party dependency declarations, with their positions: Maven `pom.xml`
//! (`maven`), Gradle build scripts and version catalogs (`gradle`), npm `package-lock.json` and
//! `yarn.lock` (`npm`), Python `requirements*.txt` and `poetry.lock` (`python`), Go `go.mod` and
//! `go.sum` (`golang`), Cargo `Cargo.lock` (`cargo`). Each is a front end that claims its files by
//! name; what it reads becomes `Component`s of the portfolio. Maven needs the whole run
//! (parents, imported BOMs and their properties may be in other files), so POMs are kept as read
//! and resolved once, in `finish`. A manifest that cannot be parsed is a problem (META001
//! reports it) rather than silently skipped. Known vulnerabilities are matched by DEP001 against
//! the advisory database (`frontend::osv`, `model::advisories`).

pub mod cargo;
pub mod golang;
pub mod gradle;
pub mod maven;
pub mod npm;
pub mod python;

use crate::findings::snippet_of;
use crate::frontend::Extraction;
use crate::input::FileInput;
use crate::model::advisories::version;
use crate::model::components::{Component, Ecosystem};
use crate::model::problems::{FileProblem, Unparsable};
use crate::parse::ParseError;
use crate::source::{SourceFile, Span};

/// Records a manifest of the reader's kind that does not parse: its components were not
/// checked.
pub(crate) fn unparsable(input: &FileInput, problem: ParseError, out: &mut Extraction) {
    // The name as written, for the message.
    let name = input
        .file
        .path
        .rsplit('/')
        .next()
        .unwrap_or(&input.file.path)
        .to_string();
    out.problems.push(FileProblem::Unparsable {
        file: input.file.clone(),
        offset: problem.offset as usize,
        what: Unparsable::Manifest {
            name,
            message: problem.message,
        },
    });
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
    let snippet = snippet_of(file, span);
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
