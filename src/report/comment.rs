//! A Markdown summary made to be posted as a merge-request comment (`-f comment`): the
//! counts, the interface changelog (接口变更清单) of a review, and the findings, most severe
//! first. It opens with an HTML comment marker so that a CI job can find and update its own
//! comment instead of adding one per push (docs/ci.md). Long lists are cut, saying how many
//! more there are: a comment is for reading, the full report is in the other formats.

use super::changelog;
use super::markdown::{cell, code};
use super::{rule_doc_url, severity_label, ReportContext, Reporter};
use crate::catalogue::Lang;
use crate::findings::{Finding, Severity};
use crate::model::change::ChangelogEntry;
use std::io::{self, Write};

pub struct CommentReporter;

/// The marker a CI job looks for to update its earlier comment.
pub const MARKER: &str = "<!-- apiaudit-comment -->";

/// Rows shown of each table; the rest are counted.
const MAX_ROWS: usize = 50;

impl Reporter for CommentReporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()> {
        let text = render(ctx);
        out.write_all(text.as_bytes())
    }
}

fn render(ctx: &ReportContext<'_>) -> String {
    let zh = ctx.lang == Lang::Zh;
    let audit = ctx.audit;
    let mut out = String::new();
    out.push_str(MARKER);
    out.push('\n');
    let counts: Vec<String> = Severity::ALL
        .iter()
        .filter_map(|s| {
            let n = audit.summary.by_severity.get(*s);
            (n > 0).then(|| format!("{n} {}", severity_label(*s, ctx.lang)))
        })
        .collect();
    let findings = audit.findings.len();
    let severity_note = if counts.is_empty() {
        String::new()
    } else if zh {
        format!("（{}）", counts.join("、"))
    } else {
        format!(" ({})", counts.join(", "))
    };
    match &audit.review {
        Some(review) => {
            let changes = review.added + review.removed + review.deprecated + review.changed;
            out.push_str(&if zh {
                format!("## apiaudit 变更评审：新增问题 {findings} 个{severity_note}，接口变更 {changes} 处\n\n")
            } else {
                format!("## apiaudit review: {findings} new findings{severity_note}, {changes} interface changes\n\n")
            });
            let commits: Vec<String> = review
                .commits
                .iter()
                .map(|c| code(c.get(..10).unwrap_or(c)))
                .collect();
            out.push_str(&if zh {
                format!(
                    "与 {} 比较（分叉点 {}）：接口 {} 个 → {} 个。\n\n",
                    code(&review.base),
                    commits.join("、"),
                    review.base_operations,
                    review.operations
                )
            } else {
                format!(
                    "Compared with {} (merge base {}): {} → {} operations.\n\n",
                    code(&review.base),
                    commits.join(", "),
                    review.base_operations,
                    review.operations
                )
            });
            let rows: [(&str, &str, u64); 7] = [
                ("added operations", "新增接口", review.added),
                ("removed operations", "删除接口", review.removed),
                ("deprecated operations", "废弃接口", review.deprecated),
                ("changed operations", "变更接口", review.changed),
                ("new findings", "新增问题", review.new_findings),
                (
                    "findings already at the base (not listed)",
                    "基线版本已有的问题（未列出）",
                    review.unchanged_findings,
                ),
                (
                    "findings fixed by the change",
                    "本次变更修复的问题",
                    review.fixed_findings,
                ),
            ];
            out.push_str(if zh {
                "| 项目 | 数量 |\n|---|---:|\n"
            } else {
                "| | count |\n|---|---:|\n"
            });
            for (en, zh_label, n) in rows {
                out.push_str(&format!("| {} | {n} |\n", if zh { zh_label } else { en }));
            }
            out.push('\n');
            changelog(&review.changelog, zh, &mut out);
        }
        None => {
            out.push_str(&if zh {
                format!("## apiaudit：发现问题 {findings} 个{severity_note}\n\n")
            } else {
                format!("## apiaudit: {findings} findings{severity_note}\n\n")
            });
        }
    }
    findings_table(ctx, &mut out);
    out
}

fn changelog(entries: &[ChangelogEntry], zh: bool, out: &mut String) {
    out.push_str(if zh {
        "### 接口变更清单\n\n"
    } else {
        "### Interface changelog (接口变更清单)\n\n"
    });
    if entries.is_empty() {
        out.push_str(if zh {
            "本次变更未改动任何接口。\n\n"
        } else {
            "No operation was added, removed or changed.\n\n"
        });
        return;
    }
    out.push_str(if zh {
        "| 变更 | 方法 | 路径 | 统一识别码 | 级别 | 变更内容 | 位置 |\n|---|---|---|---|---|---|---|\n"
    } else {
        "| change | method | path | ID | level | what changed | location |\n|---|---|---|---|---|---|---|\n"
    });
    let dash = |text: &str| {
        if text.is_empty() {
            "—".to_string()
        } else {
            cell(text)
        }
    };
    for row in changelog::rows(entries, zh).iter().take(MAX_ROWS) {
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {} | {} |\n",
            row.change,
            row.method,
            code(&row.path),
            if row.id.is_empty() {
                "—".to_string()
            } else {
                code(&row.id)
            },
            cell(&row.level),
            dash(&row.what),
            code(&row.location),
        ));
    }
    more(entries.len(), zh, out);
    out.push('\n');
}

fn findings_table(ctx: &ReportContext<'_>, out: &mut String) {
    let zh = ctx.lang == Lang::Zh;
    let audit = ctx.audit;
    out.push_str(match (zh, audit.review.is_some()) {
        (true, true) => "### 新增问题\n\n",
        (true, false) => "### 问题\n\n",
        (false, true) => "### New findings\n\n",
        (false, false) => "### Findings\n\n",
    });
    if audit.findings.is_empty() {
        out.push_str(if zh { "无。\n" } else { "None.\n" });
        return;
    }
    // Most severe first, then in report order.
    let mut findings: Vec<&Finding> = audit.findings.iter().collect();
    findings.sort_by(|a, b| {
        b.severity
            .cmp(&a.severity)
            .then(a.sort_key(ctx.lang).cmp(&b.sort_key(ctx.lang)))
    });
    out.push_str(if zh {
        "| 级别 | 规则 | 位置 | 说明 |\n|---|---|---|---|\n"
    } else {
        "| severity | rule | location | message |\n|---|---|---|---|\n"
    });
    for finding in findings.iter().take(MAX_ROWS) {
        let rule = finding.rule.as_str();
        out.push_str(&format!(
            "| {} | [{rule}]({}) | {} | {} |\n",
            severity_label(finding.severity, ctx.lang),
            rule_doc_url(ctx, rule),
            code(&format!("{}:{}", finding.path, finding.line)),
            cell(&ctx.message(finding)),
        ));
    }
    more(findings.len(), zh, out);
}

fn more(total: usize, zh: bool, out: &mut String) {
    if total > MAX_ROWS {
        let rest = total - MAX_ROWS;
        out.push_str(&if zh {
            format!("\n另有 {rest} 项未列出，完整内容见本次运行的其他报告。\n")
        } else {
            format!("\n{rest} more not shown; the run's other reports have them all.\n")
        });
    }
}
