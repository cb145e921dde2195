//! The audit report for self-inspection (自查) teams, as one language-resolved document that the
//! Markdown and HTML reporters render with their templates: scope, executive summary, the
//! clauses of JR/T 0185-2020 and JR/T 0171-2020 checked with their status, findings grouped by
//! basis and rule with location, redacted evidence and fix, the interface inventory, the log
//! retention table, and the checklist of requirements that need manual evidence.
//!
//! Everything here is derived from the audit result and the catalogue: clause texts are the
//! catalogue's own (never a clause number made up here), evidence is the snippet captured and
//! redacted when the finding was made.

use super::labels::{labels, Labels};
use super::{basis_label, family_label, family_order, severity_label, suppression_label, ReportContext};
use crate::catalogue::{Lang, RuleCode, RuleMeta};
use crate::findings::plural;
use crate::findings::{Basis, Finding, Severity};
use crate::model::{InventoryEntry, Portfolio};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

#[derive(Debug, Serialize)]
pub struct Document {
    pub lang: &'static str,
    pub t: &'static Labels,
    pub scope: Scope,
    pub summary: Summary,
    pub clauses: Vec<ClauseRow>,
    pub groups: Vec<BasisGroup>,
    pub suppressed: Vec<SuppressedRow>,
    pub stale: Vec<StaleRow>,
    /// The secrets found in git history (`scan --history`); None when history was not scanned.
    pub history: Option<Vec<HistoryRow>>,
    pub inventory: Vec<InterfaceRow>,
    pub has_routes: bool,
    /// Whether code was read: the inventory shows each entry's origin and whether it is served.
    pub has_code: bool,
    /// None until the portfolio carries log policies (see `log_retention_rows`).
    pub logs: Option<Vec<LogRetentionRow>>,
    pub checklist: Vec<ChecklistItem>,
    /// 整改情况, when the run was compared with an earlier result (`--compare`).
    pub rectification: Option<super::comparison::Section>,
    /// 接口变更清单, when the run is a review (`review --base`).
    pub changelog: Option<super::changelog::Section>,
}

#[derive(Debug, Serialize)]
pub struct Scope {
    pub roots: Vec<String>,
    pub date: String,
    pub tool: String,
    pub institution: Option<String>,
    pub config: Option<String>,
    pub rules_run: Vec<String>,
    pub files: u64,
    pub specs: u64,
    pub operations: u64,
    pub skipped: u64,
    pub baseline: Option<String>,
    pub changed_since: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct Count {
    pub key: String,
    pub label: String,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct FamilyCount {
    pub key: String,
    pub label: String,
    /// Counts in the order of `Severity::ALL` (critical first).
    pub counts: Vec<u64>,
    pub total: u64,
}

#[derive(Debug, Serialize)]
pub struct Summary {
    pub verdict: String,
    pub total: u64,
    pub suppressed: u64,
    pub by_severity: Vec<Count>,
    pub by_basis: Vec<Count>,
    pub by_family: Vec<FamilyCount>,
}

#[derive(Debug, Serialize)]
pub struct ClauseRow {
    pub standard: String,
    pub clause: String,
    pub rules: Vec<String>,
    pub findings: u64,
    pub pass: bool,
    pub status: &'static str,
}

#[derive(Debug, Serialize)]
pub struct BasisGroup {
    pub basis: String,
    pub rules: Vec<RuleGroup>,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct RuleGroup {
    pub code: String,
    pub title: String,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub clause: String,
    pub fix: String,
    pub url: String,
    pub findings: Vec<FindingView>,
}

#[derive(Debug, Serialize)]
pub struct FindingView {
    pub location: String,
    pub severity: &'static str,
    pub severity_label: &'static str,
    pub interface: Option<String>,
    pub message: String,
    pub evidence: Option<Evidence>,
    /// A fix specific to this finding, when it has one (else the rule's fix applies).
    pub help: Option<String>,
    /// Where in git history it is (first commit, date, still in HEAD), for history findings.
    pub commit: Option<String>,
}

/// One secret of the "secrets in history" section.
#[derive(Debug, Serialize)]
pub struct HistoryRow {
    pub rule: String,
    pub location: String,
    pub message: String,
    /// Short id and date of the first commit that holds it at this path.
    pub commit: String,
    pub date: String,
    pub in_head: bool,
    pub in_head_label: &'static str,
    pub fix: String,
}

#[derive(Debug, Serialize, Deserialize)]
pub struct Evidence {
    pub lines: Vec<EvidenceLine>,
    /// The widest line number, for aligning the plain-text rendering.
    pub width: usize,
}

/// One line of evidence, split around the highlighted part.
#[derive(Debug, Serialize, Deserialize)]
pub struct EvidenceLine {
    pub number: u32,
    pub before: String,
    pub mark: String,
    pub after: String,
    pub marked: bool,
}

#[derive(Debug, Serialize)]
pub struct SuppressedRow {
    pub rule: String,
    pub location: String,
    pub message: String,
    pub kind: &'static str,
    pub reason: String,
}

#[derive(Debug, Serialize)]
pub struct StaleRow {
    pub rule: String,
    pub location: String,
    pub message: String,
    pub fingerprint: String,
}

#[derive(Debug, Serialize)]
pub struct InterfaceRow {
    pub spec: String,
    pub id: Option<String>,
    pub level: String,
    pub inferred_level: String,
    pub method: String,
    pub path: String,
    pub security: String,
    pub deprecation: String,
    pub routes: Vec<String>,
    pub origin: String,
    /// For spec entries: served by code (yes/no/—); for code entries: the handler.
    pub served: String,
    /// `served` names a handler and its framework (identifiers, shown as code).
    pub served_code: bool,
}

/// One row of the log retention table.
#[derive(Debug, Clone, Serialize)]
pub struct LogRetentionRow {
    /// The configuration file and line.
    pub location: String,
    /// The log (appender, file pattern, index or stream).
    pub log: String,
    /// What sets the retention (logback, log4j2, logrotate, ILM, Loki ...).
    pub source: String,
    /// Computed retention in days; None when only size bounds it.
    pub retention_days: Option<u32>,
    /// The minimum that applies to this log (180, or 365 for transaction logs).
    pub required_days: u32,
    pub pass: bool,
}

#[derive(Debug, Serialize)]
pub struct ChecklistItem {
    pub requirement: &'static str,
    pub basis: &'static str,
    pub evidence: &'static str,
}

/// The log retention table, from the portfolio's log policies; None when the run found no
/// logging configuration (the section is then left out).
pub fn log_retention_rows(
    portfolio: &Portfolio,
    run: &crate::report::result::RunInfo,
    lang: Lang,
) -> Option<Vec<LogRetentionRow>> {
    if portfolio.logs.is_empty() {
        return None;
    }
    let rows = portfolio
        .logs
        .iter()
        .map(|log| {
            let required_days = if log.transaction.is_some() {
                run.transaction_retention_min_days
            } else {
                run.retention_min_days
            };
            let name = match &log.profile {
                Some(profile) => format!("{} ({profile})", log.name),
                None => log.name.clone(),
            };
            let arithmetic = match lang {
                Lang::En => &log.evidence.arithmetic.en,
                Lang::Zh => &log.evidence.arithmetic.zh,
            };
            LogRetentionRow {
                location: format!("{}:{}", log.file, log.line),
                log: name,
                source: match (arithmetic.is_empty(), lang) {
                    (true, Lang::En) => log.kind.to_string(),
                    (true, Lang::Zh) => format!("`{}`", log.kind),
                    (false, Lang::En) => format!("{}: {arithmetic}", log.kind),
                    (false, Lang::Zh) => format!("`{}`：{arithmetic}", log.kind),
                },
                retention_days: log.retention_days,
                required_days,
                // Unbounded keeps everything; unknown is not a pass (it needs evidence).
                pass: match log.status {
                    crate::model::logs::Status::Unbounded => true,
                    crate::model::logs::Status::Unknown => false,
                    crate::model::logs::Status::Bounded => {
                        log.retention_days.is_some_and(|days| days >= required_days)
                    }
                },
            }
        })
        .collect();
    Some(rows)
}

/// The gateway routes and grants that reach an interface, for the inventory's routes column:
/// one short label each (`Kong: pay-transfer-legacy`, `apiaudit-grants.csv:5 LHMALL0001`), with
/// the state that matters to an auditor (a terminated route, a grant that is not active).
pub fn routes_for(entry: &InventoryEntry, lang: Lang) -> Vec<String> {
    let (terminated, status) = match lang {
        Lang::En => ("terminated", "status"),
        Lang::Zh => ("已终止", "状态"),
    };
    let routes = entry.routes.iter().map(|route| {
        let mut label = format!("{}: {}", route.kind.label(), route.name);
        if let Some(how) = &route.terminated {
            label.push_str(&format!(" ({terminated}: {how})"));
        }
        label
    });
    let grants = entry.grants.iter().map(|grant| {
        let file = grant.file.rsplit('/').next().unwrap_or(&grant.file);
        let mut label = format!("{file}:{} {}", grant.line, grant.app);
        if !grant.active {
            label.push_str(&format!(" ({status}: {})", grant.status));
        }
        label
    });
    routes.chain(grants).collect()
}

fn location(finding: &Finding) -> String {
    format!("{}:{}:{}", finding.path, finding.line, finding.column)
}

fn interface(finding: &Finding) -> Option<String> {
    finding.operation.as_ref().map(|op| {
        let mut text = format!("{} {}", op.method, op.path);
        let extra: Vec<&str> = [op.id.as_deref(), op.level.as_deref()]
            .into_iter()
            .flatten()
            .collect();
        if !extra.is_empty() {
            text.push_str(&format!(" ({})", extra.join(", ")));
        }
        text
    })
}

fn evidence(finding: &Finding) -> Option<Evidence> {
    let snippet = finding.snippet.as_ref()?;
    let text = &snippet.text;
    let mark_start = (snippet.offset as usize).min(text.len());
    let mark_end = (mark_start + snippet.length as usize).min(text.len());
    let mut lines = Vec::new();
    let mut offset = 0usize;
    for (index, line) in text.split('\n').enumerate() {
        let start = offset;
        let end = start + line.len();
        offset = end + 1;
        let from = mark_start.clamp(start, end);
        let to = mark_end.clamp(start, end);
        let split = |at: usize| crate::source::floor_char_boundary(line, at - start);
        let (a, b) = (split(from), split(to));
        let marked = if mark_end > mark_start {
            mark_start < end.max(start + 1) && mark_end > start
        } else {
            (start..=end).contains(&mark_start)
        };
        lines.push(EvidenceLine {
            number: snippet.line + index as u32,
            before: line[..a].to_string(),
            mark: line[a..b].to_string(),
            after: line[b..].to_string(),
            marked,
        });
    }
    let width = lines.last().map_or(1, |l| l.number.to_string().len());
    Some(Evidence { lines, width })
}

/// Splits a catalogue clause into the parts that name a standard: `A; JR/T ...` is two parts,
/// a `;` inside one standard's clause is not a split.
fn clause_parts(text: &str) -> Vec<String> {
    let mut parts: Vec<String> = Vec::new();
    for piece in text.split([';', '；']) {
        let piece = piece.trim();
        if piece.is_empty() {
            continue;
        }
        let names_a_standard = piece.starts_with("JR/T ") || piece.starts_with("GB/T ");
        match parts.last_mut() {
            Some(last) if !names_a_standard => {
                let separator = if last.is_ascii() { "; " } else { "；" };
                last.push_str(separator);
                last.push_str(piece);
            }
            _ => parts.push(piece.to_string()),
        }
    }
    parts
}

const STANDARDS: [&str; 2] = ["JR/T 0185-2020", "JR/T 0171-2020"];

/// Orders clauses as the standard does: terms (3.x), chapters, then annexes.
fn clause_order(en: &str) -> (u8, u32, String) {
    let after = |word: &str| {
        en.find(word).map(|i| {
            en[i + word.len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect::<String>()
        })
    };
    if let Some(term) = en
        .split(", ")
        .nth(1)
        .filter(|s| s.starts_with(|c: char| c.is_ascii_digit()))
    {
        return (0, 0, term.to_string());
    }
    if let Some(chapter) = after("chapter") {
        return (1, chapter.parse().unwrap_or(0), String::new());
    }
    if let Some(annex) = after("annex") {
        return (2, 0, annex);
    }
    (3, 0, en.to_string())
}

fn clause_rows(ctx: &ReportContext<'_>) -> Vec<ClauseRow> {
    let audit = ctx.audit;
    let t = labels(ctx.lang);
    let mut counts: BTreeMap<&str, u64> = BTreeMap::new();
    for finding in &audit.findings {
        *counts.entry(finding.rule.as_str()).or_insert(0) += 1;
    }
    // (standard index, order, English text) -> (displayed text, rules)
    type Key = (usize, (u8, u32, String), String);
    let mut rows: BTreeMap<Key, (String, Vec<String>)> = BTreeMap::new();
    for code in &audit.rules_run {
        let meta = ctx.catalogue.get(*code);
        if meta.basis != Basis::Standard {
            continue;
        }
        let en = clause_parts(meta.clause(Lang::En));
        let shown = clause_parts(meta.clause(ctx.lang));
        // Languages split alike in the catalogue; if not, show the whole clause.
        let shown = if shown.len() == en.len() {
            shown
        } else {
            vec![meta.clause(ctx.lang).to_string(); en.len()]
        };
        for (en_part, shown_part) in en.iter().zip(shown) {
            let Some(standard) = STANDARDS.iter().position(|s| en_part.starts_with(s)) else {
                continue;
            };
            let key = (standard, clause_order(en_part), en_part.clone());
            let entry = rows.entry(key).or_insert_with(|| (shown_part, Vec::new()));
            entry.1.push(code.to_string());
        }
    }
    rows.into_iter()
        .map(|((standard, _, _), (text, mut rules))| {
            rules.sort();
            rules.dedup();
            let name = STANDARDS[standard];
            let clause = text
                .strip_prefix(name)
                .map(|rest| rest.trim_start_matches([',', ' ']).to_string())
                .unwrap_or(text);
            let findings: u64 = rules
                .iter()
                .map(|r| counts.get(r.as_str()).copied().unwrap_or(0))
                .sum();
            ClauseRow {
                standard: name.to_string(),
                clause,
                rules,
                findings,
                pass: findings == 0,
                status: if findings == 0 { t.pass } else { t.fail },
            }
        })
        .collect()
}

fn rule_group(meta: &RuleMeta, code: &str, findings: Vec<&Finding>, ctx: &ReportContext<'_>) -> RuleGroup {
    let severity = findings
        .iter()
        .map(|f| f.severity)
        .max()
        .unwrap_or(Severity::Info);
    let docs = meta.docs(ctx.lang);
    RuleGroup {
        code: code.to_string(),
        title: docs.title.clone(),
        severity: severity.as_str(),
        severity_label: severity_label(severity, ctx.lang),
        clause: meta.clause(ctx.lang).to_string(),
        fix: docs.fix.trim().to_string(),
        url: super::rule_doc_url(ctx, code),
        findings: findings
            .into_iter()
            .map(|finding| FindingView {
                location: location(finding),
                severity: finding.severity.as_str(),
                severity_label: severity_label(finding.severity, ctx.lang),
                interface: interface(finding),
                message: ctx.text(&finding.message).to_string(),
                evidence: evidence(finding),
                help: finding.help.as_ref().map(|help| ctx.text(help).to_string()),
                commit: ctx.commit_note(finding),
            })
            .collect(),
    }
}

/// The "secrets in history" section: each history finding with its first commit, whether it is
/// still checked out, and its fix (for one only in history: rotate it).
fn history_rows(ctx: &ReportContext<'_>) -> Option<Vec<HistoryRow>> {
    ctx.audit.summary.history.as_ref()?;
    let t = labels(ctx.lang);
    let rows = ctx
        .audit
        .findings
        .iter()
        .filter(|finding| finding.commit.is_some())
        .map(|finding| {
            let in_head = finding.in_head.unwrap_or(false);
            let fix = match &finding.help {
                Some(help) => ctx.text(help).to_string(),
                None => super::first_sentence(&ctx.catalogue.get(finding.rule).docs(ctx.lang).fix),
            };
            HistoryRow {
                rule: finding.rule.as_str().to_string(),
                location: location(finding),
                message: ctx.text(&finding.message).to_string(),
                commit: finding.short_commit().unwrap_or("").to_string(),
                date: finding.commit_day().unwrap_or("").to_string(),
                in_head,
                in_head_label: if in_head { t.yes } else { t.no },
                fix,
            }
        })
        .collect();
    Some(rows)
}

/// Findings grouped by basis (standard, law, practice), then by rule, most severe rule first.
fn groups(ctx: &ReportContext<'_>) -> Vec<BasisGroup> {
    let mut by_basis: BTreeMap<Basis, BTreeMap<RuleCode, Vec<&Finding>>> = BTreeMap::new();
    for finding in &ctx.audit.findings {
        by_basis
            .entry(finding.basis)
            .or_default()
            .entry(finding.rule)
            .or_default()
            .push(finding);
    }
    by_basis
        .into_iter()
        .map(|(basis, rules)| {
            let mut rules: Vec<RuleGroup> = rules
                .into_iter()
                .map(|(code, findings)| rule_group(ctx.catalogue.get(code), code.as_str(), findings, ctx))
                .collect();
            rules.sort_by(|a, b| {
                let rank = |g: &RuleGroup| Severity::parse(g.severity).unwrap_or(Severity::Info);
                rank(b).cmp(&rank(a)).then_with(|| a.code.cmp(&b.code))
            });
            BasisGroup {
                basis: basis_label(basis, ctx.lang).to_string(),
                count: rules.iter().map(|r| r.findings.len() as u64).sum(),
                rules,
            }
        })
        .collect()
}

fn summary(ctx: &ReportContext<'_>) -> Summary {
    let audit = ctx.audit;
    let by_severity = Severity::ALL
        .iter()
        .map(|s| Count {
            key: s.as_str().to_string(),
            label: severity_label(*s, ctx.lang).to_string(),
            count: audit.findings.iter().filter(|f| f.severity == *s).count() as u64,
        })
        .collect();
    let by_basis = [Basis::Standard, Basis::Law, Basis::Practice]
        .iter()
        .map(|b| Count {
            key: b.as_str().to_string(),
            label: basis_label(*b, ctx.lang).to_string(),
            count: audit.findings.iter().filter(|f| f.basis == *b).count() as u64,
        })
        .collect();
    let mut families: BTreeMap<(usize, String), Vec<u64>> = BTreeMap::new();
    for finding in &audit.findings {
        let family = ctx.catalogue.get(finding.rule).family.clone();
        let counts = families
            .entry((family_order(&family), family))
            .or_insert_with(|| vec![0; Severity::ALL.len()]);
        if let Some(index) = Severity::ALL.iter().position(|s| *s == finding.severity) {
            counts[index] += 1;
        }
    }
    let by_family = families
        .into_iter()
        .map(|((_, family), counts)| FamilyCount {
            label: family_label(&family, ctx.lang),
            key: family,
            total: counts.iter().sum(),
            counts,
        })
        .collect();
    Summary {
        verdict: verdict(ctx),
        total: audit.findings.len() as u64,
        suppressed: audit.suppressed.len() as u64,
        by_severity,
        by_basis,
        by_family,
    }
}

/// The one-paragraph conclusion at the top of the summary.
fn verdict(ctx: &ReportContext<'_>) -> String {
    let audit = ctx.audit;
    let count = |s: Severity| audit.findings.iter().filter(|f| f.severity == s).count();
    let (critical, high) = (count(Severity::Critical), count(Severity::High));
    let rules: std::collections::BTreeSet<&str> = audit.findings.iter().map(|f| f.rule.as_str()).collect();
    let files: std::collections::BTreeSet<&str> = audit.findings.iter().map(|f| &*f.path).collect();
    let s = &audit.summary;
    let mut text = match ctx.lang {
        Lang::En if audit.findings.is_empty() => format!(
            "The automated rules found no issue in {}, {} and {}.",
            plural::s(s.files, "file"),
            plural::s(s.specs, "OpenAPI document"),
            plural::s(s.operations, "operation")
        ),
        Lang::En => format!(
            "The audit of {}, {} and {} found {} in {}, from {}; {critical} {} critical and {high} high, and should be remediated first.",
            plural::s(s.files, "file"),
            plural::s(s.specs, "OpenAPI document"),
            plural::s(s.operations, "operation"),
            plural::s(audit.findings.len() as u64, "issue"),
            plural::s(files.len() as u64, "file"),
            plural::s(rules.len() as u64, "rule"),
            plural::are(critical as u64),
        ),
        Lang::Zh if audit.findings.is_empty() => format!(
            "自动化规则在 {} 个文件、{} 个 OpenAPI 接口规范文件、{} 个接口中未发现问题。",
            s.files, s.specs, s.operations
        ),
        Lang::Zh => format!(
            "本次检查 {} 个文件、{} 个 OpenAPI 接口规范文件、{} 个接口，共发现问题 {} 个，涉及 {} 个文件、{} 条规则；其中严重 {} 个、高 {} 个，应优先整改。",
            s.files,
            s.specs,
            s.operations,
            audit.findings.len(),
            files.len(),
            rules.len(),
            critical,
            high
        ),
    };
    if !audit.suppressed.is_empty() {
        text.push_str(&match ctx.lang {
            Lang::En => format!(
                " {} further findings were accepted with a recorded reason (listed under suppressed findings).",
                audit.suppressed.len()
            ),
            Lang::Zh => format!("另有 {} 个问题已记录理由予以豁免（见“已豁免的问题”）。", audit.suppressed.len()),
        });
    }
    for note in super::scope_notes(ctx) {
        let note = note.trim_start_matches(['；', ';', ' ']);
        text.push_str(match ctx.lang {
            Lang::En => " ",
            Lang::Zh => "",
        });
        text.push_str(note);
        text.push_str(match ctx.lang {
            Lang::En => ".",
            Lang::Zh => "。",
        });
    }
    text
}

fn inventory(ctx: &ReportContext<'_>) -> Vec<InterfaceRow> {
    let t = labels(ctx.lang);
    let portfolio = &ctx.audit.portfolio;
    portfolio
        .interfaces
        .iter()
        .chain(&portfolio.served)
        .map(|entry| {
            let dash = || "—".to_string();
            let deprecation = if entry.deprecated {
                match &entry.sunset {
                    Some(sunset) => format!("{}{}{} {sunset}", t.deprecated, t.comma, t.sunset),
                    None => t.deprecated.to_string(),
                }
            } else {
                entry
                    .sunset
                    .as_ref()
                    .map_or_else(dash, |s| format!("{} {s}", t.sunset))
            };
            let code = entry.origin == crate::model::inventory::Origin::Code;
            InterfaceRow {
                spec: format!("{}:{}", if code { &entry.file } else { &entry.spec }, entry.line),
                origin: (if code { t.origin_code } else { t.origin_spec }).to_string(),
                served: match (code, entry.served) {
                    (true, _) => format!(
                        "{} ({})",
                        entry.handler.as_deref().unwrap_or(""),
                        entry.framework.as_deref().unwrap_or("")
                    ),
                    (false, Some(true)) => t.served_yes.to_string(),
                    (false, Some(false)) => t.served_no.to_string(),
                    (false, None) => dash(),
                },
                served_code: code,
                id: entry.id.clone(),
                level: entry.level.clone().unwrap_or_else(dash),
                inferred_level: entry.inferred_level.clone().unwrap_or_else(dash),
                method: entry.method.clone(),
                path: entry.path.clone(),
                // Empty for none: the templates print `t.no_security` as words, the schemes as code.
                security: entry.security.join(", "),
                deprecation,
                routes: routes_for(entry, ctx.lang),
            }
        })
        .collect()
}

/// The requirements of the standards that no rule can check from specs and code, with the
/// evidence a self-inspection should attach. Bases are worded as far as the standard's text is
/// known (see the rule catalogue); no clause number is given where none is verified.
fn checklist(lang: Lang) -> Vec<ChecklistItem> {
    const ITEMS: &[[&str; 6]] = &[
        [
            "Admission review of each application party before it is connected (customer base, service scenarios, market share, operating and risk-control capability), and an exit review when a party leaves, with its interface permissions revoked.",
            "JR/T 0185-2020 requires banks to review the admission of application parties (as reported in public summaries of the standard; the clause number is not verified). Exit review: sound practice; chapter 11 (service termination and system offline) is not verified in detail.",
            "Application-party register of the open-API platform; the admission review record and approval of each party; exit records with the date each party's grants were revoked (grants still active are reported by LIFE003).",
            "应用方准入审核与退出审查：对申请接入的应用方进行准入审核（服务客群、服务场景、市场份额、运营能力、风控能力等）；应用方退出时开展退出审查并回收其接口权限。",
            "JR/T 0185-2020 要求商业银行对申请接入的应用方进行准入审核（据对该标准的公开报道，具体条款号未经核实）。退出审查为最佳实践要求；第11章“服务终止与系统下线”的具体内容未经核实。",
            "开放平台应用方台账；每个应用方的准入审核记录及审批文件；应用方退出记录及其接口权限回收日期（仍然有效的授权由 LIFE003 报告）。",
        ],
        [
            "A secure-coding standard for the interfaces, and secure-coding training for their developers.",
            "JR/T 0185-2020, chapter 7: security design (a secure-coding standard shall be drawn up; developers shall be trained in secure coding).",
            "The bank's secure-coding standard (approved version and date); training plans, materials and attendance records of the developers of the interfaces in scope.",
            "制定安全编码规范，并对开发人员进行安全编码培训。",
            "JR/T 0185-2020 第7章 安全设计（应制定安全编码规范；应对开发人员进行安全编码培训）。",
            "本行安全编码规范（经审批的版本及发布日期）；涉及接口开发人员的培训计划、培训材料及签到记录。",
        ],
        [
            "A dedicated code-security audit of the interfaces, manual or tool-based.",
            "JR/T 0185-2020, chapter 7: security design (a dedicated code-security audit of the interfaces, carried out manually or with automated tools).",
            "Code-security audit reports for each release of the interfaces in scope (static-analysis results, manual review records) and the tracking of their remediation. This report covers interface definitions and configuration; it is not a source-code audit.",
            "对应用程序接口开展代码安全专项审计（可通过人工或工具自动化方式开展）。",
            "JR/T 0185-2020 第7章 安全设计（应对商业银行应用程序接口进行代码安全专项审计，审计工作可通过人工或工具自动化方式开展）。",
            "涉及接口每次发布的代码安全审计报告（静态分析结果、人工审计记录）及问题整改跟踪记录。本报告检查的是接口定义与配置，不等同于源代码安全审计。",
        ],
        [
            "A version-management procedure for the interfaces.",
            "JR/T 0185-2020, chapter 7: security design (version management).",
            "The version-management procedure; interface change requests and approvals; the version history of each specification in the interface inventory (e.g. its repository history).",
            "建立应用程序接口版本管理制度。",
            "JR/T 0185-2020 第7章 安全设计（版本管理）。",
            "版本管理制度文件；接口变更申请及审批记录；接口清单中各接口规范文件的版本历史（如代码仓库提交记录）。",
        ],
        [
            "Informing application parties when interfaces are retired or changed.",
            "JR/T 0185-2020, chapter 7: security design (keep application parties informed of interface retirement and changes).",
            "Notices of retirement and change sent to the application parties (date, recipients, acknowledgement), matching the sunset dates of the deprecated interfaces in the inventory.",
            "接口废止、变更时及时告知应用方。",
            "JR/T 0185-2020 第7章 安全设计（就接口废止、变更等情况与应用方保持信息同步）。",
            "向应用方发出的接口废止、变更通知（发送日期、接收方、确认回执），并与接口清单中已废止接口的下线日期一致。",
        ],
        [
            "A risk assessment, and a dedicated interface, for every A2 service offered to an application party by direct API rather than through the bank's SDK.",
            "JR/T 0185-2020, chapter 6: interface types and security levels (where A2 services must be called by direct API, the bank assesses the access risk and provides a dedicated interface with high-grade protection).",
            "The access-risk assessment report of each A2 interface called by direct API, and the record of the dedicated interface agreed with that application party.",
            "以 API 直接连接方式向应用方提供 A2 类服务的，应进行接入风险评估并制定专门的接口。",
            "JR/T 0185-2020 第6章 接口类型与安全级别（若确需使用 API 直接连接方式进行服务调用，商业银行应对接入风险进行评估，并制定专门的接口与应用方进行对接）。",
            "以 API 直接连接方式调用的每个 A2 接口的接入风险评估报告，以及与该应用方对接的专门接口的记录。",
        ],
    ];
    ITEMS
        .iter()
        .map(|item| {
            let (requirement, basis, evidence) = match lang {
                Lang::En => (item[0], item[1], item[2]),
                Lang::Zh => (item[3], item[4], item[5]),
            };
            ChecklistItem {
                requirement,
                basis,
                evidence,
            }
        })
        .collect()
}

impl Document {
    pub fn build(ctx: &ReportContext<'_>) -> Document {
        let audit = ctx.audit;
        let summary_counts = &audit.summary;
        let inventory = inventory(ctx);
        let has_routes = inventory.iter().any(|row| !row.routes.is_empty());
        let mut rules_run: Vec<String> = audit.rules_run.iter().map(|code| code.to_string()).collect();
        rules_run.sort();
        Document {
            lang: match ctx.lang {
                Lang::En => "en",
                Lang::Zh => "zh-CN",
            },
            t: labels(ctx.lang),
            scope: Scope {
                roots: audit.roots.clone(),
                date: audit.run.date.clone(),
                tool: format!("apiaudit {}", env!("CARGO_PKG_VERSION")),
                institution: audit.run.institution.clone(),
                config: audit.run.config.clone(),
                rules_run,
                files: summary_counts.files,
                specs: summary_counts.specs,
                operations: summary_counts.operations,
                skipped: summary_counts.skipped.total(),
                baseline: summary_counts.baseline.as_ref().map(|b| match ctx.lang {
                    Lang::En => format!(
                        "{}: {}, {} hidden, {} stale",
                        b.file,
                        plural::count(b.entries, "entry", "entries"),
                        plural::s(b.suppressed, "finding"),
                        b.stale.len()
                    ),
                    Lang::Zh => format!(
                        "{}：条目 {} 个，隐藏问题 {} 个，失效条目 {} 个",
                        b.file,
                        b.entries,
                        b.suppressed,
                        b.stale.len()
                    ),
                }),
                changed_since: summary_counts.changed_since.as_ref().map(|c| match ctx.lang {
                    Lang::En => format!(
                        "{}: {} changed; {} in other files not shown",
                        c.rev,
                        plural::s(c.files, "file"),
                        plural::s(c.hidden, "finding")
                    ),
                    Lang::Zh => format!(
                        "{}：变更文件 {} 个；其余文件中的 {} 个问题未列出",
                        c.rev, c.files, c.hidden
                    ),
                }),
            },
            summary: summary(ctx),
            rectification: super::comparison::section(ctx),
            changelog: super::changelog::section(ctx.audit.review.as_ref(), ctx.lang == Lang::Zh),
            clauses: clause_rows(ctx),
            groups: groups(ctx),
            history: history_rows(ctx),
            suppressed: audit
                .suppressed
                .iter()
                .map(|f| SuppressedRow {
                    rule: f.rule.to_string(),
                    location: location(f),
                    message: ctx.text(&f.message).to_string(),
                    kind: f
                        .suppression
                        .as_ref()
                        .map_or("", |s| suppression_label(s.kind, ctx.lang)),
                    reason: f
                        .suppression
                        .as_ref()
                        .map(|s| s.reason.clone())
                        .unwrap_or_default(),
                })
                .collect(),
            stale: summary_counts
                .baseline
                .iter()
                .flat_map(|b| &b.stale)
                .map(|e| StaleRow {
                    rule: e.rule.clone(),
                    location: format!("{}:{}", e.path, e.line),
                    message: e.message.clone(),
                    fingerprint: e.fingerprint.clone(),
                })
                .collect(),
            has_code: !audit.portfolio.served.is_empty(),
            inventory,
            has_routes,
            logs: log_retention_rows(&audit.portfolio, &audit.run, ctx.lang),
            checklist: checklist(ctx.lang),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_split_only_between_standards() {
        assert_eq!(
            clause_parts("JR/T 0185-2020, chapter 6: levels; JR/T 0171-2020, C2 and C3"),
            ["JR/T 0185-2020, chapter 6: levels", "JR/T 0171-2020, C2 and C3"]
        );
        assert_eq!(
            clause_parts("JR/T 0185-2020 术语3.4 统一识别码；附录B（规范性附录）编码规则"),
            ["JR/T 0185-2020 术语3.4 统一识别码；附录B（规范性附录）编码规则"]
        );
    }

    #[test]
    fn clauses_in_the_order_of_the_standard() {
        let mut list = vec![
            "JR/T 0185-2020, annex B (normative): code",
            "JR/T 0185-2020, chapter 7: security design",
            "JR/T 0185-2020, 3.4 (code) and annex B",
            "JR/T 0185-2020, chapter 6: levels",
        ];
        list.sort_by_key(|c| clause_order(c));
        assert_eq!(
            list,
            [
                "JR/T 0185-2020, 3.4 (code) and annex B",
                "JR/T 0185-2020, chapter 6: levels",
                "JR/T 0185-2020, chapter 7: security design",
                "JR/T 0185-2020, annex B (normative): code",
            ]
        );
    }
}
