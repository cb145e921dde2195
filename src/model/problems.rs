//! Problems front ends and the file reader meet in files other than specs (spec problems are
//! `spec::Problem`): a file of a kind apiaudit models that does not parse, or a file that could
//! not be read. Typed data, never findings: the META rules turn them into findings.

use crate::source::SourceFile;
use std::sync::Arc;

/// Why a file, or part of what it declares, was not audited.
#[derive(Debug, Clone)]
pub enum FileProblem {
    /// A file of a kind apiaudit models that does not parse, at `offset`.
    Unparsable {
        file: Arc<SourceFile>,
        offset: usize,
        what: Unparsable,
    },
    /// A file that could not be read at all.
    Unreadable {
        path: String,
        rel: String,
        reason: String,
    },
}

/// What did not parse.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Unparsable {
    /// A dependency manifest or lock file: its components were not checked. `name` is the
    /// file name as written.
    Manifest { name: String, message: String },
    /// A gateway, permission or Spring Boot configuration; `what` says which and why.
    Config { what: crate::findings::Msg },
}
