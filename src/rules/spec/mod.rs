//! SPEC: documents that do not parse, references that do not resolve or loop, structure that
//! breaks the document's OpenAPI version.

pub mod invalid_spec_structure;
pub mod ref_cycle;
pub mod unparsable_spec;
pub mod unresolved_ref;
