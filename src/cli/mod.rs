//! The command line: clap definitions, one file per subcommand. `run` returns the exit code;
//! `main` only maps errors to exit code 2.

#[cfg(test)]
mod catalogue_tests;
pub mod completions;
pub mod explain;
pub mod fix;
pub mod init;
pub mod inventory;
pub mod markdown;
pub mod merge;
pub mod progress;
pub mod review;
pub mod rules;
pub mod scan;
mod skipped;

use crate::error::AppError;
use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "apiaudit",
    version = env!("APIAUDIT_VERSION_LINE"),
    about = "Audit OpenAPI specs and service repositories against JR/T 0185-2020 and API-security practice",
    long_about = "apiaudit walks OpenAPI specs and service repositories, checks them against the PBoC \
interface-security standard JR/T 0185-2020 (《商业银行应用程序接口安全管理规范》), JR/T 0171-2020 and sound \
API-security practice, and reports findings. It never uses the network.\n\nExit codes: 0 no finding at or above \
--fail-on; 1 at least one; 2 usage, config or internal error."
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Audit specs and repositories (the main job)
    Scan(Box<scan::ScanArgs>),
    /// The interface inventory (接口清单): every operation with its declared and inferred level,
    /// ID, method, path, security, deprecation and location (csv, json, markdown), or the
    /// third-party components (cyclonedx)
    Inventory(inventory::InventoryArgs),
    /// Combine JSON results of separate runs (one per repository or CI shard) into one report,
    /// re-running the cross-repository rules
    Merge(Box<merge::MergeArgs>),
    /// List the rule catalogue
    Rules(rules::RulesArgs),
    /// Explain one rule in full: what, why, basis, how to fix, examples
    Explain(explain::ExplainArgs),
    /// Rectify specs in place: unified interface IDs from the ledger, inferred security levels,
    /// sunset dates (--diff shows the edits and changes nothing)
    Fix(Box<fix::FixArgs>),
    /// What a change does to the interfaces: the change rules (CHG), the interface changelog
    /// (接口变更清单) and the findings the change introduced, against the estate at a base
    /// revision read from git
    Review(Box<review::ReviewArgs>),
    /// Write a fully commented apiaudit.toml
    Init(init::InitArgs),
    /// Print shell completions
    Completions(completions::CompletionsArgs),
}

/// `--color`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum, Default)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

impl ColorChoice {
    /// Whether to color output written to a terminal (NO_COLOR honoured in `auto`).
    pub fn enabled(self, is_terminal: bool) -> bool {
        match self {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => is_terminal && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()),
        }
    }
}

/// `--lang`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LangArg {
    En,
    Zh,
}

impl From<LangArg> for crate::catalogue::Lang {
    fn from(lang: LangArg) -> Self {
        match lang {
            LangArg::En => crate::catalogue::Lang::En,
            LangArg::Zh => crate::catalogue::Lang::Zh,
        }
    }
}

pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command()
}

pub fn run() -> Result<ExitCode, AppError> {
    let cli = Cli::parse();
    match cli.command {
        Command::Scan(args) => scan::run(*args),
        Command::Inventory(args) => inventory::run(args),
        Command::Merge(args) => merge::run(*args),
        Command::Review(args) => review::run(*args),
        Command::Rules(args) => rules::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Fix(args) => fix::run(*args),
        Command::Init(args) => init::run(args),
        Command::Completions(args) => completions::run(args),
    }
}

/// Writes to a file or stdout.
pub(crate) fn open_output(path: Option<&PathBuf>) -> Result<Box<dyn std::io::Write>, AppError> {
    match path {
        Some(path) if path.as_os_str() != "-" => {
            let file = std::fs::File::create(path).map_err(|error| AppError::Io {
                what: format!("cannot write {}", path.display()),
                error,
            })?;
            Ok(Box::new(std::io::BufWriter::new(file)))
        }
        _ => Ok(Box::new(std::io::BufWriter::new(std::io::stdout().lock()))),
    }
}

/// The values of `--fail-on`.
const FAIL_ON: [&str; 6] = ["critical", "high", "medium", "low", "info", "never"];

/// `--fail-on`: one of `FAIL_ON`. A wrong value lists them and suggests none: clap's nearest
/// spelling of `severe` is `never`, the opposite of what was meant.
#[derive(Clone)]
pub(crate) struct FailOnParser;

impl clap::builder::TypedValueParser for FailOnParser {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        let text = value.to_string_lossy();
        if let Some(known) = FAIL_ON.iter().find(|v| v.eq_ignore_ascii_case(&text)) {
            return Ok(known.to_string());
        }
        let name = arg.map_or_else(|| "--fail-on".to_string(), |a| a.to_string());
        Err(clap::Error::raw(
            clap::error::ErrorKind::InvalidValue,
            format!(
                "invalid value '{text}' for '{name}'\n  [possible values: {}]\n",
                FAIL_ON.join(", ")
            ),
        )
        .with_cmd(cmd))
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            FAIL_ON.iter().map(|v| clap::builder::PossibleValue::new(*v)),
        ))
    }
}

/// The `--report FORMAT=FILE` outputs of a run. Two outputs to one file (`-o` included) are a
/// usage error: the second would silently overwrite the first.
pub(crate) fn report_outputs(
    output: Option<&PathBuf>,
    specs: &[String],
) -> Result<Vec<(crate::report::Format, PathBuf)>, AppError> {
    let mut outputs = Vec::new();
    let mut seen: Vec<(PathBuf, String)> = output
        .filter(|path| path.as_os_str() != "-")
        .map(|path| (same_file_key(path), "-o".to_string()))
        .into_iter()
        .collect();
    for spec in specs {
        let Some((format, path)) = spec.split_once('=') else {
            return Err(AppError::Usage(format!(
                "--report expects FORMAT=FILE, got `{spec}`"
            )));
        };
        let format = <crate::report::Format as ValueEnum>::from_str(format, true)
            .map_err(|_| AppError::Usage(format!("unknown report format `{format}`")))?;
        let path = PathBuf::from(path);
        let key = same_file_key(&path);
        if let Some((_, earlier)) = seen.iter().find(|(k, _)| *k == key) {
            return Err(AppError::Usage(format!(
                "--report {spec} writes to the same file as {earlier}: give each output its own file"
            )));
        }
        seen.push((key, format!("--report {spec}")));
        outputs.push((format, path));
    }
    Ok(outputs)
}

/// A path made absolute with `.` and `..` folded, to tell whether two outputs are one file.
fn same_file_key(path: &std::path::Path) -> PathBuf {
    use std::path::Component;
    let absolute = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    let mut out = PathBuf::new();
    for component in absolute.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

pub(crate) fn catalogue() -> Result<crate::catalogue::Catalogue, AppError> {
    crate::catalogue::Catalogue::embedded().map_err(AppError::Internal)
}

pub(crate) fn io_error(what: &str) -> impl Fn(std::io::Error) -> AppError + '_ {
    move |error| AppError::Io {
        what: what.to_string(),
        error,
    }
}
