//! The Excel workbook (`scan -f xlsx`, `inventory -f xlsx`) for self-inspection teams, who
//! work in Excel: five sheets (interfaces, findings, log retention, components, summary with
//! a chart), each with a frozen, filtered header row and set column widths, in the report's
//! language. Written with rust_xlsxwriter (docs/decisions/0012).

use super::{ReportContext, Reporter};
use crate::catalogue::{Lang, RuleCode, Severity};
use rust_xlsxwriter::{Chart, ChartType, Format, Workbook, Worksheet, XlsxError};
use std::collections::BTreeMap;
use std::io::{self, Write};

pub struct XlsxReporter;

impl Reporter for XlsxReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let bytes =
            workbook(ctx).map_err(|error| io::Error::other(format!("cannot write the workbook: {error}")))?;
        out.write_all(&bytes)
    }
}

/// A cell: text, or a number Excel can sum and filter as one.
enum Cell {
    Text(String),
    Number(f64),
}

impl From<String> for Cell {
    fn from(text: String) -> Self {
        Cell::Text(text)
    }
}

impl From<&str> for Cell {
    fn from(text: &str) -> Self {
        Cell::Text(text.to_string())
    }
}

impl From<u32> for Cell {
    fn from(n: u32) -> Self {
        Cell::Number(f64::from(n))
    }
}

/// The sheet names and headers, in both languages; the test reads them back.
pub(crate) struct SheetSpec {
    pub name: [&'static str; 2],
    pub headers: &'static [[&'static str; 2]],
}

pub(crate) const INTERFACES: SheetSpec = SheetSpec {
    name: ["Interfaces", "接口清单"],
    headers: &[
        ["ID", "统一识别码"],
        ["method", "方法"],
        ["path", "路径"],
        ["origin", "来源"],
        ["location", "位置"],
        ["declared level", "声明级别"],
        ["inferred level", "推断级别"],
        ["evidence", "推断依据"],
        ["deprecated", "已废弃"],
        ["sunset", "下线日期"],
        ["security", "安全方案"],
        ["routes", "网关路由"],
        ["grants", "授权"],
    ],
};

pub(crate) const FINDINGS: SheetSpec = SheetSpec {
    name: ["Findings", "发现问题"],
    headers: &[
        ["rule", "规则"],
        ["severity", "级别"],
        ["basis", "依据"],
        ["clause", "条款"],
        ["file", "文件"],
        ["line", "行"],
        ["message", "问题描述"],
        ["fix", "修复方法"],
    ],
};

pub(crate) const LOGS: SheetSpec = SheetSpec {
    name: ["Log retention", "日志留存"],
    headers: &[
        ["file", "文件"],
        ["line", "行"],
        ["log", "日志"],
        ["kind", "类型"],
        ["retention (days)", "留存（天）"],
        ["bounded by", "删除方式"],
        ["evidence", "依据"],
    ],
};

pub(crate) const COMPONENTS: SheetSpec = SheetSpec {
    name: ["Components", "第三方组件"],
    headers: &[
        ["ecosystem", "生态"],
        ["name", "名称"],
        ["version", "版本"],
        ["requirement", "版本要求"],
        ["scope", "范围"],
        ["file", "文件"],
        ["line", "行"],
    ],
};

pub(crate) const SUMMARY: SheetSpec = SheetSpec {
    name: ["Summary", "汇总"],
    headers: &[
        ["rule", "规则"],
        ["title", "说明"],
        ["critical", "严重"],
        ["high", "高"],
        ["medium", "中"],
        ["low", "低"],
        ["info", "提示"],
        ["total", "合计"],
    ],
};

fn pick(pair: [&'static str; 2], lang: Lang) -> &'static str {
    match lang {
        Lang::En => pair[0],
        Lang::Zh => pair[1],
    }
}

fn workbook(ctx: &ReportContext<'_>) -> Result<Vec<u8>, XlsxError> {
    let lang = ctx.lang;
    let zh = lang == Lang::Zh;
    let audit = ctx.audit;
    let yes_no = |b: bool| match (zh, b) {
        (false, true) => "yes",
        (false, false) => "no",
        (true, true) => "是",
        (true, false) => "否",
    };
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_background_color("#D9E1F2");

    // Spec operations, then the operations code serves, as the JSON inventory lists them.
    let portfolio = &audit.portfolio;
    let interfaces = portfolio.interfaces.iter().chain(&portfolio.served).map(|entry| {
        vec![
            entry.id.clone().unwrap_or_default().into(),
            entry.method.as_str().into(),
            entry.path.as_str().into(),
            match (entry.origin, zh) {
                (crate::model::inventory::Origin::Spec, false) => "spec",
                (crate::model::inventory::Origin::Spec, true) => "规范",
                (crate::model::inventory::Origin::Code, false) => "code",
                (crate::model::inventory::Origin::Code, true) => "代码",
            }
            .into(),
            format!("{}:{}", entry.file, entry.line).into(),
            entry.level.clone().unwrap_or_default().into(),
            entry.inferred_level.clone().unwrap_or_default().into(),
            entry.level_evidence.join(if zh { "；" } else { "; " }).into(),
            yes_no(entry.deprecated).into(),
            entry.sunset.clone().unwrap_or_default().into(),
            entry.security.join(" ").into(),
            entry
                .routes
                .iter()
                .map(|r| format!("{} {} ({}:{})", r.kind.label(), r.name, r.file, r.line))
                .collect::<Vec<_>>()
                .join("\n")
                .into(),
            entry
                .grants
                .iter()
                .map(|g| format!("{} [{}] ({}:{})", g.app, g.status, g.file, g.line))
                .collect::<Vec<_>>()
                .join("\n")
                .into(),
        ]
    });
    sheet(workbook.add_worksheet(), &INTERFACES, lang, &header, interfaces)?;

    let findings = audit.findings.iter().map(|finding| {
        let meta = ctx.catalogue.get(finding.rule);
        let fix = finding
            .help
            .as_ref()
            .map(|help| ctx.text(help).to_string())
            .unwrap_or_else(|| super::first_sentence(&meta.docs(lang).fix));
        vec![
            finding.rule.to_string().into(),
            finding.severity.label(lang).into(),
            finding.basis.label(lang).into(),
            meta.clause(lang).into(),
            (&*finding.path).into(),
            finding.line.into(),
            ctx.message(finding).into_owned().into(),
            fix.into(),
        ]
    });
    sheet(workbook.add_worksheet(), &FINDINGS, lang, &header, findings)?;

    let logs = audit.portfolio.logs.iter().map(|log| {
        let retention = log.retention_days.map_or_else(
            || {
                Cell::Text(match (log.status, zh) {
                    (crate::model::logs::Status::Unknown, false) => "unknown".into(),
                    (crate::model::logs::Status::Unknown, true) => "未知".into(),
                    (crate::model::logs::Status::Unbounded, false) => "never deleted".into(),
                    (crate::model::logs::Status::Unbounded, true) => "不删除".into(),
                    (crate::model::logs::Status::Bounded, false) => "not guaranteed".into(),
                    (crate::model::logs::Status::Bounded, true) => "无法保证".into(),
                })
            },
            Cell::from,
        );
        vec![
            log.file.as_str().into(),
            log.line.into(),
            log.name.as_str().into(),
            log.kind.as_str().into(),
            retention,
            log.bounded_by.label(lang).into(),
            log.evidence.arithmetic.get(lang).into(),
        ]
    });
    sheet(workbook.add_worksheet(), &LOGS, lang, &header, logs)?;

    let components = audit.portfolio.components.iter().map(|component| {
        vec![
            component.ecosystem.as_str().into(),
            component.name.as_str().into(),
            component.version.clone().unwrap_or_default().into(),
            component.requirement.clone().unwrap_or_default().into(),
            component.scope.clone().unwrap_or_default().into(),
            component.file.as_str().into(),
            component.line.into(),
        ]
    });
    sheet(workbook.add_worksheet(), &COMPONENTS, lang, &header, components)?;

    // Counts by rule and severity, then a chart of the totals by severity.
    let mut by_rule: BTreeMap<RuleCode, [u32; 5]> = BTreeMap::new();
    for finding in &audit.findings {
        let counts = by_rule.entry(finding.rule).or_default();
        if let Some(i) = Severity::ALL.iter().position(|s| *s == finding.severity) {
            counts[i] += 1;
        }
    }
    let mut totals = [0u32; 5];
    let mut rows: Vec<Vec<Cell>> = Vec::new();
    for (rule, counts) in &by_rule {
        let mut row: Vec<Cell> = vec![rule.to_string().into(), ctx.title(*rule).into()];
        for (i, n) in counts.iter().enumerate() {
            totals[i] += n;
            row.push((*n).into());
        }
        row.push(counts.iter().sum::<u32>().into());
        rows.push(row);
    }
    let rule_rows = rows.len() as u32;
    let mut total_row: Vec<Cell> = vec![(if zh { "合计" } else { "total" }).into(), "".into()];
    total_row.extend(totals.iter().map(|n| Cell::from(*n)));
    total_row.push(totals.iter().sum::<u32>().into());
    rows.push(total_row);
    let name = pick(SUMMARY.name, lang);
    let summary = workbook.add_worksheet();
    sheet(summary, &SUMMARY, lang, &header, rows.into_iter())?;
    let mut chart = Chart::new(ChartType::Column);
    chart
        .add_series()
        .set_name(if zh { "发现问题数量" } else { "findings" })
        .set_categories((name, 0, 2, 0, 6))
        .set_values((name, rule_rows + 1, 2, rule_rows + 1, 6));
    chart.title().set_name(if zh {
        "各级别发现问题数量"
    } else {
        "Findings by severity"
    });
    chart.legend().set_hidden();
    summary.insert_chart(rule_rows + 3, 1, &chart)?;

    workbook.save_to_buffer()
}

/// One sheet: the header row (bold, frozen, filtered), the rows, widths fitted to the text.
fn sheet(
    worksheet: &mut Worksheet,
    spec: &SheetSpec,
    lang: Lang,
    header: &Format,
    rows: impl Iterator<Item = Vec<Cell>>,
) -> Result<(), XlsxError> {
    worksheet.set_name(pick(spec.name, lang))?;
    let mut widths: Vec<usize> = Vec::new();
    for (col, pair) in spec.headers.iter().enumerate() {
        let text = pick(*pair, lang);
        worksheet.write_string_with_format(0, col as u16, text, header)?;
        widths.push(textwrap::core::display_width(text));
    }
    let mut last_row = 0;
    for (r, row) in rows.enumerate() {
        let r = r as u32 + 1;
        last_row = r;
        for (col, cell) in row.into_iter().enumerate() {
            let width = match cell {
                Cell::Text(text) => {
                    let width = text.lines().map(textwrap::core::display_width).max().unwrap_or(0);
                    // Excel holds at most 32,767 characters in a cell.
                    let text: String = text.chars().take(32_767).collect();
                    worksheet.write_string(r, col as u16, text)?;
                    width
                }
                Cell::Number(n) => {
                    worksheet.write_number(r, col as u16, n)?;
                    8
                }
            };
            if let Some(w) = widths.get_mut(col) {
                *w = (*w).max(width);
            }
        }
    }
    for (col, width) in widths.iter().enumerate() {
        // Wide enough to read, never wider than a screen: long messages wrap in Excel.
        worksheet.set_column_width(col as u16, (*width).clamp(6, 60) as f64 + 2.0)?;
    }
    worksheet.set_freeze_panes(1, 0)?;
    let last_col = spec.headers.len().saturating_sub(1) as u16;
    worksheet.autofilter(0, 0, last_row, last_col)?;
    // Printed for the self-inspection file: A4 landscape, one page wide, the header on each page.
    worksheet.set_paper_size(9);
    worksheet.set_landscape();
    worksheet.set_print_fit_to_pages(1, 0);
    worksheet.set_repeat_rows(0, 0)?;
    Ok(())
}
