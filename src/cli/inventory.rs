//! `apiaudit inventory`: the interface inventory (接口清单) of the scanned trees, every
//! operation with its declared and inferred level, interface ID, method, path, security,
//! deprecation and where it is written; `markdown` adds the log retention table, `cyclonedx`
//! gives the third-party components as a CycloneDX 1.5 SBOM. It reads the trees as `scan` does
//! (same config and ignores) but runs no rule. With `--base REV`, each entry is marked added,
//! changed, deprecated or removed against the estate at REV (read from git, as `review` reads
//! it), for the change record of the self-inspection.

use super::{catalogue, io_error, open_output, LangArg};
use crate::catalogue::Lang;
use crate::error::AppError;
use crate::model::change::ChangeKind;
use crate::model::InventoryEntry;
use crate::settings::{Overrides, Settings};
use clap::{Args, ValueEnum};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InventoryFormat {
    Csv,
    Json,
    Markdown,
    /// Third-party components as a CycloneDX 1.5 JSON SBOM
    Cyclonedx,
    /// Excel workbook: interfaces, log retention, components (the findings sheet stays empty)
    Xlsx,
}

#[derive(Debug, Args)]
pub struct InventoryArgs {
    /// Directories or files to read
    #[arg(default_value = ".")]
    pub paths: Vec<PathBuf>,
    /// Config file (default: apiaudit.toml or .apiaudit.toml in the current directory or its ancestors)
    #[arg(short, long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Output format
    #[arg(short, long, value_enum, default_value_t = InventoryFormat::Csv)]
    pub format: InventoryFormat,
    /// Write the inventory to FILE instead of standard output
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Language of headings and evidence (default: en, or lang in the config's [report])
    #[arg(long, value_enum)]
    pub lang: Option<LangArg>,
    /// Worker threads (default: the number of CPUs)
    #[arg(short, long, value_name = "N")]
    pub jobs: Option<usize>,
    /// Start the CSV with a byte order mark, so that Excel reads it as UTF-8
    #[arg(long)]
    pub bom: bool,
    /// Mark each entry added, changed, deprecated or removed against the estate at REV (read
    /// from git, from where the branch forked from REV)
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,
}

/// An inventory entry with its change against `--base`, for JSON.
#[derive(Serialize)]
struct MarkedEntry<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    change: Option<ChangeKind>,
    #[serde(flatten)]
    entry: &'a InventoryEntry,
}

/// The JSON document of `inventory --format json`.
#[derive(Serialize)]
struct InventoryJson<'a> {
    schema: &'static str,
    tool: crate::report::json::Tool,
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<&'a str>,
    inventory: Vec<MarkedEntry<'a>>,
    logs: &'a [crate::model::LogPolicy],
}

pub fn run(args: InventoryArgs) -> Result<ExitCode, AppError> {
    let catalogue = catalogue()?;
    let overrides = Overrides {
        config: args.config.clone(),
        roots: args.paths.clone(),
        jobs: args.jobs,
        lang: args.lang.map(Into::into),
        // The model only: no rule runs, no advisory database is read.
        select: Some(Vec::new()),
        ..Overrides::default()
    };
    let settings = Settings::resolve(&overrides, &catalogue)?;
    // Each entry with its change against `--base` (None: unchanged, or no base given).
    let (audit, rows) = match &args.base {
        Some(rev) => {
            let progress = crate::progress::Progress::default();
            let compared = crate::review::compare(
                &settings,
                &catalogue,
                &progress,
                rev,
                crate::policy::Gate::default(),
            )?;
            let rows = crate::review::inventory_changes(&compared);
            (compared.head, rows)
        }
        None => {
            let audit = crate::audit::run(&settings, &catalogue)?;
            let rows = audit
                .portfolio
                .interfaces
                .iter()
                .map(|entry| (None, entry.clone()))
                .collect();
            (audit, rows)
        }
    };
    // Spec operations, then the operations code serves (not compared: only specs have a base).
    let mut rows = rows;
    rows.extend(audit.portfolio.served.iter().map(|entry| (None, entry.clone())));
    let marked = args.base.is_some();
    let what = args
        .output
        .as_ref()
        .map_or("standard output".to_string(), |p| p.display().to_string());
    let mut out = open_output(args.output.as_ref())?;
    match args.format {
        InventoryFormat::Csv => {
            if args.bom {
                out.write_all("\u{feff}".as_bytes()).map_err(io_error(&what))?;
            }
            write_csv(&rows, marked, &mut out).map_err(io_error(&what))?
        }
        InventoryFormat::Xlsx => {
            let ctx = crate::report::ReportContext {
                audit: &audit,
                catalogue: &catalogue,
                lang: settings.lang,
                color: false,
                quiet: true,
                elapsed: None,
                width: None,
            };
            crate::report::reporter(crate::report::Format::Xlsx)
                .write(&ctx, &mut out)
                .map_err(io_error(&what))?;
        }
        InventoryFormat::Json => {
            let document = InventoryJson {
                schema: crate::report::json::SCHEMA,
                tool: crate::report::json::Tool::new(settings.lang),
                base: args.base.as_deref(),
                inventory: rows
                    .iter()
                    .map(|(change, entry)| MarkedEntry {
                        change: *change,
                        entry,
                    })
                    .collect(),
                logs: &audit.portfolio.logs,
            };
            serde_json::to_writer_pretty(&mut out, &document)
                .map_err(|error| AppError::Internal(format!("cannot write JSON: {error}")))?;
            writeln!(out).map_err(io_error(&what))?;
        }
        InventoryFormat::Markdown => {
            let text = markdown(&rows, marked, &audit.portfolio.logs, settings.lang);
            out.write_all(text.as_bytes()).map_err(io_error(&what))?;
        }
        InventoryFormat::Cyclonedx => {
            crate::report::cyclonedx::write_cyclonedx(&audit.portfolio.components, &mut out)
                .map_err(io_error(&what))?;
        }
    }
    out.flush().map_err(io_error(&what))?;
    Ok(ExitCode::SUCCESS)
}

const CSV_HEADER: [&str; 18] = [
    "spec",
    "line",
    "column",
    "method",
    "path",
    "operation_id",
    "id",
    "level",
    "inferred_level",
    "level_evidence",
    "deprecated",
    "sunset",
    "security",
    "file",
    "origin",
    "served",
    "handler",
    "framework",
];

fn origin_label(entry: &InventoryEntry) -> &'static str {
    match entry.origin {
        crate::model::inventory::Origin::Spec => "spec",
        crate::model::inventory::Origin::Code => "code",
    }
}

/// Rows of the inventory; `marked` (`--base`) adds a last column, the entry's change.
fn write_csv(
    rows: &[(Option<ChangeKind>, InventoryEntry)],
    marked: bool,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    let to_io = |error: csv::Error| std::io::Error::other(error.to_string());
    let header = CSV_HEADER.iter().copied().chain(marked.then_some("change"));
    writer.write_record(header).map_err(to_io)?;
    for (change, entry) in rows {
        let change = change.map_or("", |change| change.label(false));
        writer
            .write_record(
                [
                    &*entry.spec,
                    &entry.line.to_string(),
                    &entry.column.to_string(),
                    &entry.method,
                    &entry.path,
                    entry.operation_id.as_deref().unwrap_or(""),
                    entry.id.as_deref().unwrap_or(""),
                    entry.level.as_deref().unwrap_or(""),
                    entry.inferred_level.as_deref().unwrap_or(""),
                    &entry.level_evidence.join("; "),
                    if entry.deprecated { "true" } else { "false" },
                    entry.sunset.as_deref().unwrap_or(""),
                    &entry.security.join(" "),
                    &entry.file,
                    origin_label(entry),
                    match entry.served {
                        Some(true) => "true",
                        Some(false) => "false",
                        None => "",
                    },
                    entry.handler.as_deref().unwrap_or(""),
                    entry.framework.as_deref().unwrap_or(""),
                ]
                .into_iter()
                .chain(marked.then_some(change)),
            )
            .map_err(to_io)?;
    }
    writer.flush()
}

fn markdown(
    rows: &[(Option<ChangeKind>, InventoryEntry)],
    marked: bool,
    logs: &[crate::model::LogPolicy],
    lang: Lang,
) -> String {
    let zh = lang == Lang::Zh;
    let cell = |text: &str| text.replace('|', "\\|").replace('\n', " ");
    let code = |text: &str| {
        if text.is_empty() {
            "—".to_string()
        } else {
            format!("`{}`", text.replace('`', "'").replace('|', "\\|"))
        }
    };
    let mut out = String::new();
    // `--base`: a first column with each entry's change.
    let (change_head, change_rule) = match (marked, zh) {
        (false, _) => ("", ""),
        (true, false) => ("| change ", "|---"),
        (true, true) => ("| 变更 ", "|---"),
    };
    let from_code = rows
        .iter()
        .filter(|(_, e)| e.origin == crate::model::inventory::Origin::Code)
        .count();
    if zh {
        out.push_str(&format!(
            "# 接口清单\n\n共 {} 个接口：规范声明 {} 个，代码提供 {} 个。\n\n",
            rows.len(),
            rows.len() - from_code,
            from_code
        ));
        out.push_str(&format!("{change_head}| 统一识别码 | 声明级别 | 推断级别 | 方法 | 路径 | operationId | 安全方案 | 废弃 | 位置 | 推断依据 | 来源 | 代码实现 |\n"));
    } else {
        out.push_str(&format!(
            "# Interface inventory\n\n{}: {} declared in specs, {} served by code.\n\n",
            crate::findings::plural::s(rows.len() as u64, "operation"),
            rows.len() - from_code,
            from_code
        ));
        out.push_str(&format!(
            "{change_head}| ID | declared level | inferred level | method | path | operationId | security | deprecation | location | evidence | origin | served |\n",
        ));
    }
    out.push_str(&format!(
        "{change_rule}|---|---|---|---|---|---|---|---|---|---|---|---|\n"
    ));
    for (change, entry) in rows {
        if marked {
            out.push_str(&format!("| {} ", change.map_or("—", |change| change.label(zh))));
        }
        let deprecation = match (entry.deprecated, &entry.sunset) {
            (false, _) => "—".to_string(),
            (true, Some(sunset)) => {
                if zh {
                    format!("已废弃，{} 下线", cell(sunset))
                } else {
                    format!("deprecated, sunset {}", cell(sunset))
                }
            }
            (true, None) => (if zh { "已废弃" } else { "deprecated" }).to_string(),
        };
        let served = match (entry.origin, entry.served) {
            (crate::model::inventory::Origin::Code, _) => code(&format!(
                "{} ({})",
                entry.handler.as_deref().unwrap_or(""),
                entry.framework.as_deref().unwrap_or("")
            )),
            (_, Some(true)) => (if zh { "是" } else { "yes" }).to_string(),
            (_, Some(false)) => (if zh { "否" } else { "no" }).to_string(),
            (_, None) => "—".to_string(),
        };
        let origin = match (entry.origin, zh) {
            (crate::model::inventory::Origin::Spec, false) => "spec",
            (crate::model::inventory::Origin::Spec, true) => "规范",
            (crate::model::inventory::Origin::Code, false) => "code",
            (crate::model::inventory::Origin::Code, true) => "代码",
        };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} | {} | {} | {} | {origin} | {served} |\n",
            code(entry.id.as_deref().unwrap_or("")),
            cell(entry.level.as_deref().unwrap_or("—")),
            cell(entry.inferred_level.as_deref().unwrap_or("—")),
            entry.method,
            code(&entry.path),
            code(entry.operation_id.as_deref().unwrap_or("")),
            if entry.security.is_empty() {
                (if zh { "无" } else { "none" }).to_string()
            } else if zh {
                entry
                    .security
                    .iter()
                    .map(|s| code(s))
                    .collect::<Vec<_>>()
                    .join("、")
            } else {
                cell(&entry.security.join(", "))
            },
            deprecation,
            code(&format!("{}:{}", entry.file, entry.line)),
            cell(&entry.level_evidence.join("; ")),
        ));
    }
    out.push_str(if zh {
        "\n## 日志留存\n\n"
    } else {
        "\n## Log retention\n\n"
    });
    if logs.is_empty() {
        out.push_str(if zh {
            "未发现日志配置。\n"
        } else {
            "No logging configuration found.\n"
        });
    } else {
        out.push_str(&crate::report::logs::logs_markdown(logs, lang));
    }
    out
}
