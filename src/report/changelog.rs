//! The interface changelog (接口变更清单) of a review as every format shows it: one row per
//! added, removed, deprecated or changed operation with its level, ID and what changed, and
//! the sentence that says what was compared.

use crate::model::change::{Aspect, ChangeKind, ChangelogEntry};
use crate::report::result::ReviewInfo;
use serde::Serialize;

/// One line of the changelog, in the report's language.
#[derive(Debug, Clone, Serialize)]
pub struct ChangeRow {
    pub change: String,
    /// `added`, `removed`, `deprecated` or `changed`, whatever the language (for styling).
    pub kind: &'static str,
    pub method: String,
    pub path: String,
    pub id: String,
    pub level: String,
    pub what: String,
    pub location: String,
}

/// What changed in a matched operation, with the old and new values where they are short.
pub fn what_changed(entry: &ChangelogEntry, zh: bool) -> String {
    let Some(was) = &entry.was else {
        return String::new();
    };
    let now = &entry.operation;
    let none = if zh { "无" } else { "none" };
    let arrow = |a: Option<&str>, b: Option<&str>| format!("{} → {}", a.unwrap_or(none), b.unwrap_or(none));
    entry
        .aspects
        .iter()
        .map(|aspect| {
            let label = aspect.label(zh);
            match aspect {
                Aspect::Method => format!("{label} {}", arrow(Some(&was.method), Some(&now.method))),
                Aspect::Path => format!("{label} {}", arrow(Some(&was.path), Some(&now.path))),
                Aspect::Id => format!("{label} {}", arrow(was.id.as_deref(), now.id.as_deref())),
                Aspect::Level => format!("{label} {}", arrow(was.level.as_deref(), now.level.as_deref())),
                Aspect::SpecFile => format!("{label} {}", arrow(Some(&was.spec), Some(&now.spec))),
                _ => label.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(if zh { "；" } else { "; " })
}

/// The changelog's rows, in its order.
pub fn rows(entries: &[ChangelogEntry], zh: bool) -> Vec<ChangeRow> {
    entries
        .iter()
        .map(|entry| {
            let op = &entry.operation;
            let change = match (entry.change, &op.sunset) {
                (ChangeKind::Removed, Some(sunset)) if op.deprecated => {
                    if zh {
                        format!("删除（原定 {sunset} 下线）")
                    } else {
                        format!("removed (sunset {sunset})")
                    }
                }
                (kind, _) => kind.label(zh).to_string(),
            };
            ChangeRow {
                change,
                kind: entry.change.label(false),
                method: op.method.clone(),
                path: op.path.clone(),
                id: op.id.clone().unwrap_or_default(),
                level: op.level_label(zh),
                what: what_changed(entry, zh),
                location: format!("{}:{}", op.file, op.line),
            }
        })
        .collect()
}

/// What the review compared and found, in one sentence.
pub fn sentence(review: &ReviewInfo, zh: bool) -> String {
    let commits: Vec<&str> = review.commits.iter().map(|c| c.get(..10).unwrap_or(c)).collect();
    if zh {
        format!(
            "与 {}（分叉点 {}）比较：接口 {} 个 → {} 个，新增 {}、删除 {}、废弃 {}、变更 {}；新增问题 {} 个，基线版本已有 {} 个（未列出），修复 {} 个",
            review.base,
            commits.join("、"),
            review.base_operations,
            review.operations,
            review.added,
            review.removed,
            review.deprecated,
            review.changed,
            review.new_findings,
            review.unchanged_findings,
            review.fixed_findings
        )
    } else {
        format!(
            "compared with {} (merge base {}): {} -> {} operations, {} added, {} removed, {} deprecated, {} changed; {} new findings, {} already at the base (not listed), {} fixed",
            review.base,
            commits.join(", "),
            review.base_operations,
            review.operations,
            review.added,
            review.removed,
            review.deprecated,
            review.changed,
            review.new_findings,
            review.unchanged_findings,
            review.fixed_findings
        )
    }
}

/// The changelog as the Markdown and HTML documents show it.
#[derive(Debug, Serialize)]
pub struct Section {
    pub heading: &'static str,
    pub intro: String,
    pub columns: [&'static str; 7],
    pub rows: Vec<ChangeRow>,
    pub empty: &'static str,
}

/// The changelog section of a review's document; None when the run is not a review.
pub fn section(review: Option<&ReviewInfo>, zh: bool) -> Option<Section> {
    let review = review?;
    Some(Section {
        heading: if zh {
            "接口变更清单"
        } else {
            "Interface changelog (接口变更清单)"
        },
        intro: sentence(review, zh),
        columns: columns(zh),
        rows: rows(&review.changelog, zh),
        empty: if zh {
            "没有新增、删除或变更的接口。"
        } else {
            "No operation was added, removed or changed."
        },
    })
}

/// The changelog's column headings.
pub fn columns(zh: bool) -> [&'static str; 7] {
    if zh {
        ["变更", "方法", "路径", "统一识别码", "级别", "变更内容", "位置"]
    } else {
        [
            "change",
            "method",
            "path",
            "ID",
            "level",
            "what changed",
            "location",
        ]
    }
}

/// The changelog as plain lines (`added POST /v1/x OPC… A2 — what`), for the formats that carry
/// text only (JUnit, GitHub annotations, GitLab).
pub fn lines(review: &ReviewInfo, zh: bool) -> Vec<String> {
    let mut out = vec![sentence(review, zh)];
    for row in rows(&review.changelog, zh) {
        let id = if row.id.is_empty() { "—" } else { row.id.as_str() };
        let what = if row.what.is_empty() {
            String::new()
        } else {
            format!(" — {}", row.what)
        };
        out.push(format!(
            "{} {} {} {id} {}{what} ({})",
            row.change, row.method, row.path, row.level, row.location
        ));
    }
    out
}
