//! apiaudit: audits a bank's OpenAPI specs and service repositories against JR/T 0185-2020
//! (《商业银行应用程序接口安全管理规范》), JR/T 0171-2020 and sound API-security practice.
//!
//! Data flows one way: discover -> read (decode) -> front ends -> model -> rules -> policy ->
//! report. The modules are layers, lowest first; a module imports only from its own layer or
//! lower ones (docs/architecture.md; `tests/it/layers.rs` checks it):
//!
//! `error`, `progress` -> `source` -> `parse` -> `catalogue` -> `findings` -> `secrets` ->
//! `settings` -> `discover` -> `input` -> `model` -> `frontend` -> `rules` -> `policy` ->
//! `report` -> `history` -> `audit` -> `review` -> `cli` -> `facade`.
//!
//! Only `facade` is public: the binary's entry point and the fuzz targets' (the integration
//! tests run the binary), so the compiler reports dead code everywhere else.

pub(crate) mod audit;
pub(crate) mod catalogue;
pub(crate) mod cli;
pub(crate) mod discover;
pub(crate) mod error;
pub mod facade;
pub(crate) mod findings;
pub(crate) mod fix;
pub(crate) mod frontend;
pub(crate) mod history;
pub(crate) mod input;
pub(crate) mod model;
pub(crate) mod parse;
pub(crate) mod policy;
pub(crate) mod progress;
pub(crate) mod report;
pub(crate) mod review;
pub(crate) mod rules;
pub(crate) mod secrets;
pub(crate) mod settings;
pub(crate) mod source;
