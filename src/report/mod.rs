//! Reporters: one file per output format behind one trait. They print what the audit settled
//! and never look at input files again (evidence was captured, redacted, with each finding).

pub mod changelog;
pub mod chart;
pub mod comment;
pub mod comparison;
pub mod cyclonedx;
pub mod document;
pub mod github;
pub mod gitlab;
pub mod html;
pub mod json;
pub mod junit;
pub mod labels;
pub mod logs;
pub mod markdown;
pub mod result;
pub mod sarif;
pub mod text;
pub mod wrap;
pub mod xlsx;

use crate::catalogue::RuleCode;
use crate::catalogue::{Catalogue, Lang};
use crate::findings::plural;
use crate::findings::{Basis, Finding, Msg, Severity, SuppressionKind};
use result::AuditReport;
use std::io::{self, Write};

/// Output formats of `scan` (SPEC §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
    Sarif,
    Junit,
    Github,
    Markdown,
    Html,
    /// GitLab Code Quality JSON.
    Gitlab,
    /// Excel workbook: interfaces, findings, log retention, components, summary
    Xlsx,
    /// A Markdown summary to post as a merge-request comment: counts, the interface changelog
    /// of a review, the findings.
    Comment,
}

/// What every reporter gets.
pub struct ReportContext<'a> {
    pub audit: &'a AuditReport,
    pub catalogue: &'a Catalogue,
    pub lang: Lang,
    pub color: bool,
    pub quiet: bool,
    /// Wall-clock seconds of the run, for the terminal summary only (never in files).
    pub elapsed: Option<f64>,
    /// The width text output is wrapped to (`wrap::output_width`); none when piped.
    pub width: Option<usize>,
}

impl<'a> ReportContext<'a> {
    /// A two-language text in the report's language.
    pub fn text<'m>(&self, msg: &'m Msg) -> &'m str {
        msg.get(self.lang)
    }

    /// Where in git history a finding is (`scan --history`), in words: its first commit (short
    /// id) and date, and whether it is still checked out.
    pub fn commit_note(&self, finding: &Finding) -> Option<String> {
        let (commit, day) = (finding.short_commit()?, finding.commit_day().unwrap_or(""));
        let in_head = finding.in_head.unwrap_or(true);
        Some(match (self.lang, in_head) {
            (Lang::En, true) => format!("history: first committed in {commit} on {day}"),
            (Lang::En, false) => format!("history: committed in {commit} on {day}, no longer in HEAD"),
            (Lang::Zh, true) => format!("历史：首次提交于 {commit}（{day}）"),
            (Lang::Zh, false) => format!("历史：提交于 {commit}（{day}），已不在 HEAD 中"),
        })
    }

    /// A finding's message as one-line outputs print it: with the commit note of a history
    /// finding.
    pub fn message<'m>(&self, finding: &'m Finding) -> std::borrow::Cow<'m, str> {
        match self.commit_note(finding) {
            Some(note) => std::borrow::Cow::Owned(format!("{} [{note}]", self.text(&finding.message))),
            None => std::borrow::Cow::Borrowed(self.text(&finding.message)),
        }
    }

    /// A rule's title in the report's language.
    pub fn title(&self, rule: RuleCode) -> &'a str {
        &self.catalogue.get(rule).docs(self.lang).title
    }
}

pub trait Reporter {
    fn write(&self, ctx: &ReportContext<'_>, out: &mut dyn Write) -> io::Result<()>;
}

/// The reporter of a format.
pub fn reporter(format: Format) -> Box<dyn Reporter> {
    match format {
        Format::Text => Box::new(text::TextReporter),
        Format::Json => Box::new(json::JsonReporter),
        Format::Sarif => Box::new(sarif::SarifReporter),
        Format::Junit => Box::new(junit::JunitReporter),
        Format::Github => Box::new(github::GithubReporter),
        Format::Gitlab => Box::new(gitlab::GitlabReporter),
        Format::Markdown => Box::new(markdown::MarkdownReporter),
        Format::Html => Box::new(html::HtmlReporter),
        Format::Xlsx => Box::new(xlsx::XlsxReporter),
        Format::Comment => Box::new(comment::CommentReporter),
    }
}

pub(crate) fn severity_label(severity: Severity, lang: Lang) -> &'static str {
    severity.label(lang)
}

/// The kind of basis, as `explain` names it.
pub(crate) fn basis_label(basis: Basis, lang: Lang) -> &'static str {
    basis.label(lang)
}

/// Rule families (directories of `checks/`) in the order of the catalogue (SPEC §5).
const FAMILIES: &[(&str, &str, &str)] = &[
    ("spec", "Specification files", "接口规范文件"),
    ("id", "Unified interface ID", "统一识别码"),
    ("level", "Security levels", "安全级别"),
    ("auth", "Authentication and transport", "身份认证与传输安全"),
    ("data", "Personal financial information", "个人金融信息"),
    (
        "resilience",
        "Flow control and fault isolation",
        "流量控制与故障隔离",
    ),
    (
        "lifecycle",
        "Interface lifecycle and permissions",
        "接口生命周期与权限",
    ),
    ("inventory", "Interfaces served by code", "代码提供的接口"),
    ("keys", "Keys and cryptography", "密钥与密码算法"),
    ("logging", "Logging and retention", "日志与留存"),
    ("deps", "Third-party components", "第三方组件"),
    ("change", "Interface changes", "接口变更"),
    ("meta", "Audit coverage", "审计覆盖情况"),
];

pub(crate) fn family_order(family: &str) -> usize {
    FAMILIES
        .iter()
        .position(|(name, _, _)| *name == family)
        .unwrap_or(FAMILIES.len())
}

pub(crate) fn family_label(family: &str, lang: Lang) -> String {
    FAMILIES
        .iter()
        .find(|(name, _, _)| *name == family)
        .map(|(_, en, zh)| match lang {
            Lang::En => en.to_string(),
            Lang::Zh => zh.to_string(),
        })
        .unwrap_or_else(|| family.to_string())
}

/// How a finding was suppressed, in words.
pub(crate) fn suppression_label(kind: SuppressionKind, lang: Lang) -> &'static str {
    match (lang, kind) {
        (Lang::En, SuppressionKind::Inline) => "suppressed by a comment",
        (Lang::En, SuppressionKind::Spec) => "suppressed in the spec (x-apiaudit-ignore)",
        (Lang::En, SuppressionKind::Baseline) => "in the baseline",
        (Lang::Zh, SuppressionKind::Inline) => "注释豁免",
        (Lang::Zh, SuppressionKind::Spec) => "接口规范中豁免（x-apiaudit-ignore）",
        (Lang::Zh, SuppressionKind::Baseline) => "已列入基线",
    }
}

/// The page of a rule.
pub(crate) fn rule_doc_url(ctx: &ReportContext<'_>, code: &str) -> String {
    let base = if ctx.audit.run.docs_url.is_empty() {
        crate::catalogue::RULE_DOCS_URL
    } else {
        ctx.audit.run.docs_url.as_str()
    };
    format!("{base}{code}.md")
}

/// The first sentence of a text (the catalogue's fix, shortened for one-line outputs).
pub(crate) fn first_sentence(text: &str) -> String {
    let text = text.trim();
    let end = text
        .find(". ")
        .map(|i| i + 1)
        .or_else(|| text.find('。').map(|i| i + '。'.len_utf8()))
        .unwrap_or(text.len());
    text[..end].replace('\n', " ")
}

/// "12 findings (1 critical, 3 high, ...), 2 suppressed", and what the baseline and
/// `--changed-since` did, in the report's language.
pub(crate) fn totals_sentence(ctx: &ReportContext<'_>) -> String {
    let summary = &ctx.audit.summary;
    let zh = ctx.lang == Lang::Zh;
    let counts = Severity::ALL
        .iter()
        .map(|s| {
            let n = summary.by_severity.get(*s);
            if zh {
                format!("{} {n}", s.zh())
            } else {
                format!("{n} {s}")
            }
        })
        .collect::<Vec<_>>()
        .join(if zh { "、" } else { ", " });
    let mut text = if zh {
        format!(
            "发现问题 {} 个（{counts}），已豁免 {} 个",
            summary.findings, summary.suppressed
        )
    } else {
        format!(
            "{} ({counts}), {} suppressed",
            plural::s(summary.findings, "finding"),
            summary.suppressed
        )
    };
    text.push_str(&scope_notes(ctx).join(""));
    text
}

/// What the baseline and `--changed-since` did, as clauses to append to a totals sentence.
pub(crate) fn scope_notes(ctx: &ReportContext<'_>) -> Vec<String> {
    let summary = &ctx.audit.summary;
    let zh = ctx.lang == Lang::Zh;
    let mut notes = Vec::new();
    if let Some(baseline) = &summary.baseline {
        notes.push(if zh {
            format!(
                "；基线 {} 隐藏 {} 个，失效基线条目 {} 个",
                baseline.file,
                baseline.suppressed,
                baseline.stale.len()
            )
        } else {
            format!(
                "; baseline {} hid {}, {} stale baseline entries",
                baseline.file,
                baseline.suppressed,
                baseline.stale.len()
            )
        });
    }
    if let Some(history) = &summary.history {
        let range = history.range.as_deref();
        notes.push(match (zh, range) {
            (true, Some(range)) => format!(
                "；Git 历史（{range}）：{} 个提交、{} 个文件版本",
                history.commits, history.blobs
            ),
            (true, None) => format!(
                "；Git 历史（全部引用）：{} 个提交、{} 个文件版本",
                history.commits, history.blobs
            ),
            (false, Some(range)) => format!(
                "; git history ({range}): {} commits, {} blobs",
                history.commits, history.blobs
            ),
            (false, None) => format!(
                "; git history (all refs): {} commits, {} blobs",
                history.commits, history.blobs
            ),
        });
        if history.shallow {
            notes.push(if zh {
                "，浅克隆：更早的历史不在本仓库中，未被扫描".to_string()
            } else {
                ", shallow clone: older history is not in this repository and was not scanned".to_string()
            });
        }
    }
    if let Some(review) = &ctx.audit.review {
        notes.push(format!("; {}", changelog::sentence(review, zh)));
    }
    if let Some(changed) = &summary.changed_since {
        notes.push(if zh {
            format!(
                "；仅报告自 {} 以来变更的 {} 个文件，其余文件的 {} 个问题未列出",
                changed.rev, changed.files, changed.hidden
            )
        } else {
            format!(
                "; only the {} changed since {} {} reported, {} in other files {} not shown",
                plural::s(changed.files, "file"),
                changed.rev,
                plural::are(changed.files),
                plural::s(changed.hidden, "finding"),
                plural::are(changed.hidden)
            )
        });
    }
    notes
}
