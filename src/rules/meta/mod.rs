//! META: the audit's own coverage: files it could not read, suppressions it could not accept
//! or that suppressed nothing.

pub mod unjustified_suppression;
pub mod unreadable_file;
pub mod unused_suppression;
