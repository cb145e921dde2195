//! Readers of gateway and permission configs: each claims a file by its name and content and
//! adds routes, grants, consumers and policies, with positions, to the file's part of the
//! portfolio. A config of its kind that does not parse is a problem (META001 reports it at the
//! position of the error), never a crash.
//!
//! - `kong`: Kong declarative config (`_format_version`), YAML or JSON.
//! - `scg`: Spring Cloud Gateway routes, YAML (nested or dotted keys) and `.properties`.
//! - `nginx`: `location` blocks that proxy (`proxy_pass` and the other `*_pass`).
//! - `grants`: `apiaudit-grants.{yaml,yml,json,csv}`.
//!
//! Which operations each route and grant reaches is decided once every spec is in
//! (`model::matching::link`, run by the OpenAPI front end's `finish`).

pub mod grants;
pub mod kong;
pub mod nginx;
pub mod scg;

use crate::frontend::Extraction;
use crate::input::FileInput;
use crate::model::problems::{FileProblem, ModelPart, Unparsable};

/// Records a config of the reader's kind that does not parse; `feeds` is what the reader would
/// have taken from it.
pub(crate) fn unparsable(
    input: &FileInput,
    offset: usize,
    what: String,
    feeds: &'static [ModelPart],
    out: &mut Extraction,
) {
    out.problems.push(FileProblem::Unparsable {
        file: input.file.clone(),
        offset,
        what: Unparsable::Config { what, feeds },
    });
}

/// A YAML/JSON key compared the way Spring's relaxed binding and humans write it:
/// `default-filters`, `defaultFilters` and `default_filters` are one key.
pub(crate) fn relaxed(key: &str) -> String {
    key.chars()
        .filter(|c| *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

pub(crate) use crate::frontend::extension;
