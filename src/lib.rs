//! apiaudit: audits a bank's OpenAPI specs and service repositories against JR/T 0185-2020
//! (《商业银行应用程序接口安全管理规范》), JR/T 0171-2020 and sound API-security practice.
//!
//! Data flows one way: discover -> read (decode) -> front ends -> model -> rules -> policy ->
//! report. The modules are layers, lowest first; a module imports only from its own layer or
//! lower ones (docs/architecture.md; `tests/it/layers.rs` checks it):
//!
//! `error`, `progress` -> `source` -> `parse` -> `catalogue` -> `findings` -> `secrets` ->
//! `settings` -> `discover` -> `input` -> `model` -> `frontend` -> `rules` -> `policy` ->
//! `report` -> `audit` -> `cli`.

pub mod audit;
pub mod catalogue;
pub mod cli;
pub mod discover;
pub mod error;
pub mod findings;
pub mod frontend;
pub mod input;
pub mod model;
pub mod parse;
pub mod policy;
pub mod progress;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod settings;
pub mod source;
