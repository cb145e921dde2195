//! META: the audit's own coverage: files it could not read, suppressions it could not accept.

pub mod unjustified_suppression;
pub mod unreadable_file;
