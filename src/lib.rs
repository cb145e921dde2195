//! apiaudit: audits a bank's OpenAPI specs and service repositories against JR/T 0185-2020
//! (《商业银行应用程序接口安全管理规范》), JR/T 0171-2020 and sound API-security practice.
//!
//! Data flows one way: `discover` -> `parse` -> `model` -> `rules` -> `findings` -> `policy`
//! -> `report`. `audit` runs that pipeline; `cli` is the command line around it.

pub mod audit;
pub mod catalogue;
pub mod cli;
pub mod deps;
pub mod discover;
pub mod error;
pub mod findings;
pub mod git;
pub mod model;
pub mod parse;
pub mod policy;
pub mod progress;
pub mod report;
pub mod rules;
pub mod secrets;
pub mod settings;
pub mod source;
