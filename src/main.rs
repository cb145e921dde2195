//! The `apiaudit` binary: run the command line, map errors to exit code 2.

use std::process::ExitCode;

fn main() -> ExitCode {
    apiaudit::parse::install_panic_hook();
    match apiaudit::cli::run() {
        Ok(code) => code,
        Err(error) => {
            eprintln!("{:?}", miette::Report::new(error));
            ExitCode::from(2)
        }
    }
}
