//! Third-party components (JR/T 0185-2020 chapter 7): DEP001 checks the declared components
//! against the local advisory database; DEP002 says once when there was none to check with.

pub mod components_not_checked;
pub mod vulnerable_component;
