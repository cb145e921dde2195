//! `apiaudit rules`: the catalogue as a table, JSON or Markdown.

use super::{catalogue, io_error, LangArg};
use crate::catalogue::RuleCode;
use crate::catalogue::{Catalogue, Lang};
use crate::error::AppError;
use crate::rules::RULES;
use clap::{Args, ValueEnum};
use comfy_table::{presets, ContentArrangement, Table};
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RulesFormat {
    Text,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Output format
    #[arg(short, long, value_enum, default_value_t = RulesFormat::Text)]
    pub format: RulesFormat,
    /// Language of titles
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
}

/// Whether a rule is implemented in this build (the registry is the truth, not the catalogue).
pub fn implemented(code: RuleCode) -> bool {
    RULES.iter().any(|rule| rule.code() == code)
}

pub fn render(catalogue: &Catalogue, format: RulesFormat, lang: Lang) -> Result<String, AppError> {
    let mut out = String::new();
    match format {
        RulesFormat::Json => {
            let rules: Vec<serde_json::Value> = catalogue
                .rules()
                .iter()
                .map(|rule| {
                    let mut value = serde_json::to_value(rule).unwrap_or_default();
                    if let Some(map) = value.as_object_mut() {
                        map.insert("implemented".into(), implemented(rule.code).into());
                    }
                    value
                })
                .collect();
            out = serde_json::to_string_pretty(&rules).map_err(|e| AppError::Internal(e.to_string()))?;
            out.push('\n');
        }
        RulesFormat::Markdown => {
            out.push_str(&format!(
                "| {} |\n|---|---|---|---|---|---|---|\n",
                headers(lang).join(" | ")
            ));
            for rule in catalogue.rules() {
                out.push_str(&format!(
                    "| [{code}]({code}.md) | {name} | {severity} | {basis} | {scope} | {status} | {title} |\n",
                    code = rule.code,
                    name = rule.name,
                    severity = rule.severity.label(lang),
                    basis = rule.basis.label(lang),
                    scope = rule.scope.label(lang),
                    status = rule.status.label(lang),
                    title = rule.docs(lang).title,
                ));
            }
        }
        RulesFormat::Text => {
            let mut table = Table::new();
            table
                .load_preset(presets::UTF8_FULL_CONDENSED)
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_header(headers(lang));
            for rule in catalogue.rules() {
                table.add_row(vec![
                    rule.code.to_string(),
                    rule.name.clone(),
                    rule.severity.label(lang).to_string(),
                    rule.basis.label(lang).to_string(),
                    rule.scope.label(lang).to_string(),
                    rule.status.label(lang).to_string(),
                    rule.docs(lang).title.clone(),
                ]);
            }
            out = format!("{table}\n");
        }
    }
    Ok(out)
}

fn headers(lang: Lang) -> [&'static str; 7] {
    match lang {
        Lang::En => ["code", "name", "severity", "basis", "scope", "status", "title"],
        Lang::Zh => ["规则", "名称", "默认级别", "依据", "范围", "状态", "说明"],
    }
}

pub fn run(args: RulesArgs) -> Result<ExitCode, AppError> {
    let catalogue = catalogue()?;
    let text = render(&catalogue, args.format, args.lang.into())?;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .map_err(io_error("standard output"))?;
    Ok(ExitCode::SUCCESS)
}
