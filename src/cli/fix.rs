//! `apiaudit fix`: rectifies specs in place (unified IDs from the ledger, inferred levels,
//! sunset dates), or shows a unified diff with `--diff`. Exit 0 when it applied or proposed its
//! edits, 1 when an edit was needed but refused, 2 on usage or config errors.

use super::{catalogue, io_error, open_output, LangArg};
use crate::catalogue::Lang;
use crate::error::AppError;
use crate::fix::{self, Options, Outcome};
use crate::settings::{Overrides, Settings};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::collections::BTreeMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FixFormat {
    Text,
    Json,
}

#[derive(Debug, Args)]
pub struct FixArgs {
    /// Directories or spec files to fix
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Assign unified interface IDs (annex B) from the ledger to operations without one
    #[arg(long)]
    pub ids: bool,
    /// Write the inferred security level where none is declared
    #[arg(long)]
    pub levels: bool,
    /// Fill the sunset date (YYYY-MM-DD) of deprecated operations that have none
    #[arg(long, value_name = "DATE")]
    pub sunset: Option<String>,
    /// With --sunset: also fill the replacement of deprecated operations that name none
    #[arg(long, value_name = "TEXT", requires = "sunset")]
    pub replacement: Option<String>,
    /// Also raise declared levels lower than the content shows (CLS003); IDs are re-issued
    #[arg(long)]
    pub raise_levels: bool,
    /// Give a new ID to every operation whose ID another operation already has (ID003)
    #[arg(long)]
    pub reassign_duplicates: bool,
    /// Print a unified diff of the edits and change nothing
    #[arg(long)]
    pub diff: bool,
    /// Output format of the summary
    #[arg(short, long, value_enum, default_value_t = FixFormat::Text)]
    pub format: FixFormat,
    /// Write the summary (or the diff) to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Language of the summary
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Worker threads (default: the number of CPUs)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
}

/// `fix -f json`.
#[derive(Serialize)]
struct FixJson<'a> {
    schema: &'static str,
    tool: crate::report::json::Tool,
    applied: bool,
    specs: usize,
    files_changed: usize,
    by_kind: BTreeMap<&'static str, usize>,
    edits: &'a [fix::Change],
    refused: Vec<RefusalJson<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    ledger: Option<&'a fix::LedgerSummary>,
}

#[derive(Serialize)]
struct RefusalJson<'a> {
    file: &'a str,
    line: u32,
    reason: &'a str,
}

pub fn run(args: FixArgs) -> Result<ExitCode, AppError> {
    let catalogue = catalogue()?;
    let overrides = Overrides {
        config: args.config.clone(),
        roots: args.paths.clone(),
        jobs: args.jobs,
        lang: args.lang.map(Into::into),
        ..Overrides::default()
    };
    let settings = Settings::resolve(&overrides, &catalogue)?;
    rayon::ThreadPoolBuilder::new()
        .num_threads(settings.jobs)
        .build_global()
        .ok();
    let nothing_chosen = !args.ids && !args.levels && args.sunset.is_none() && !args.raise_levels;
    if let Some(date) = &args.sunset {
        if chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
            return Err(AppError::Usage(format!(
                "--sunset `{date}` is not a date (YYYY-MM-DD)"
            )));
        }
    }
    let options = Options {
        ids: args.ids || nothing_chosen || args.reassign_duplicates,
        levels: args.levels || nothing_chosen,
        raise_levels: args.raise_levels,
        reassign_duplicates: args.reassign_duplicates,
        sunset: args.sunset.clone(),
        replacement: args.replacement.clone(),
    };
    let outcome = fix::plan(&settings, &options)?;
    let mut out = open_output(args.output.as_ref())?;
    let what = args
        .output
        .as_ref()
        .map_or("standard output".to_string(), |p| p.display().to_string());
    let zh = settings.lang == Lang::Zh;
    if args.diff {
        if args.format == FixFormat::Json {
            write_json(&outcome, false, settings.lang, &mut out).map_err(io_error(&what))?;
        } else {
            out.write_all(fix::diff(&outcome).as_bytes())
                .map_err(io_error(&what))?;
            // The summary goes to standard error, so the diff can be piped to `git apply`.
            eprint!("{}", summary_text(&outcome, false, zh));
        }
    } else {
        fix::write(&outcome)?;
        match args.format {
            FixFormat::Json => {
                write_json(&outcome, true, settings.lang, &mut out).map_err(io_error(&what))?
            }
            FixFormat::Text => out
                .write_all(summary_text(&outcome, true, zh).as_bytes())
                .map_err(io_error(&what))?,
        }
    }
    out.flush().map_err(io_error(&what))?;
    Ok(if outcome.refusals.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn by_kind(outcome: &Outcome) -> BTreeMap<&'static str, usize> {
    let mut kinds = BTreeMap::new();
    for change in &outcome.changes {
        *kinds.entry(change.kind).or_insert(0) += 1;
    }
    kinds
}

fn write_json(outcome: &Outcome, applied: bool, lang: Lang, out: &mut dyn Write) -> std::io::Result<()> {
    let doc = FixJson {
        schema: "apiaudit-fix/v1",
        tool: crate::report::json::Tool {
            name: "apiaudit".into(),
            version: env!("CARGO_PKG_VERSION").into(),
            lang,
        },
        applied,
        specs: outcome.specs,
        files_changed: outcome.rewrites.len(),
        by_kind: by_kind(outcome),
        edits: &outcome.changes,
        refused: outcome
            .refusals
            .iter()
            .map(|r| RefusalJson {
                file: &r.file,
                line: r.line,
                reason: r.message.get(lang),
            })
            .collect(),
        ledger: outcome.ledger.as_ref(),
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    writeln!(out)
}

fn kind_label(kind: &str, zh: bool) -> &'static str {
    match (kind, zh) {
        ("id", false) => "interface IDs",
        ("id", true) => "统一识别码",
        ("level", false) => "security levels",
        ("level", true) => "安全级别",
        ("sunset", false) => "sunset dates",
        ("sunset", true) => "下线日期",
        (_, false) => "replacements",
        (_, true) => "替代接口",
    }
}

/// The per-file and per-kind summary, then every refusal.
fn summary_text(outcome: &Outcome, applied: bool, zh: bool) -> String {
    let mut text = String::new();
    let mut files: BTreeMap<&str, BTreeMap<&'static str, usize>> = BTreeMap::new();
    for change in &outcome.changes {
        *files
            .entry(&change.file)
            .or_default()
            .entry(change.kind)
            .or_insert(0) += 1;
    }
    for (file, kinds) in &files {
        let parts: Vec<String> = kinds
            .iter()
            .map(|(kind, n)| format!("{n} {}", kind_label(kind, zh)))
            .collect();
        text.push_str(&format!("{file}: {}\n", parts.join(", ")));
    }
    for refusal in &outcome.refusals {
        let location = if refusal.line > 0 {
            format!("{}:{}", refusal.file, refusal.line)
        } else {
            refusal.file.clone()
        };
        let reason = if zh {
            &refusal.message.zh
        } else {
            &refusal.message.en
        };
        text.push_str(&if zh {
            format!("{location}: 未修改：{reason}\n")
        } else {
            format!("{location}: refused: {reason}\n")
        });
    }
    let kinds = by_kind(outcome);
    let totals: Vec<String> = kinds
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind_label(kind, zh)))
        .collect();
    let edits = if totals.is_empty() {
        if zh {
            "无需修改".to_string()
        } else {
            "nothing to change".to_string()
        }
    } else {
        totals.join(", ")
    };
    let verb = match (applied, zh) {
        (true, false) => "fixed",
        (false, false) => "would fix",
        (true, true) => "已修改",
        (false, true) => "将修改",
    };
    if zh {
        text.push_str(&format!(
            "{verb} {} 个文件（共 {} 个规范）：{edits}；{} 项未修改\n",
            outcome.rewrites.len(),
            outcome.specs,
            outcome.refusals.len()
        ));
    } else {
        text.push_str(&format!(
            "{verb} {} of {}: {edits}; {} refused\n",
            outcome.rewrites.len(),
            crate::findings::plural::s(outcome.specs as u64, "spec"),
            outcome.refusals.len()
        ));
    }
    if let Some(ledger) = &outcome.ledger {
        text.push_str(&if zh {
            format!(
                "台账 {}：新增 {} 行，注销 {} 行{}\n",
                ledger.path,
                ledger.added,
                ledger.retired,
                if ledger.changed && !applied {
                    "（未写入）"
                } else {
                    ""
                }
            )
        } else {
            format!(
                "ledger {}: {} rows added, {} retired{}\n",
                ledger.path,
                ledger.added,
                ledger.retired,
                if ledger.changed && !applied {
                    " (not written)"
                } else {
                    ""
                }
            )
        })
    }
    text
}
