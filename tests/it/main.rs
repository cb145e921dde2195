//! The one integration-test binary: it runs the real `apiaudit` binary on the fixtures under
//! `testdata/` and on inputs generated at run time.

mod baseline;
mod cli;
mod compare;
mod corpus;
mod demo;
mod deps;
mod failclosed;
mod fix;
mod fixtures;
mod gateway;
mod history;
mod hostile;
mod layers;
mod levels;
mod logs;
mod merge;
mod precision;
mod reports;
mod review;
mod routes;
mod secrets;
mod support;
mod terminal;
mod xlsx;
mod zh;
