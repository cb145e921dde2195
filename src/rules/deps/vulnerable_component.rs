//! DEP001: a declared third-party component whose version an advisory of the local OSV
//! database affects. One finding per declaration, naming every advisory (records that alias
//! each other, such as a GHSA and a PYSEC entry for one CVE, count once), the highest
//! severity among them and the lowest version that fixes all of them.
//!
//! It is a portfolio rule because a Maven version may be set in another file of the run (a
//! parent POM, an imported BOM); the finding is still at the declaration's line.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding, Severity};
use crate::model::advisories::severity::AdvisorySeverity;
use crate::model::advisories::version::Version;
use crate::model::advisories::{Advisory, Affected};
use crate::model::components::Component;
use crate::model::problems::ModelPart;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;
use std::cmp::Ordering;
use std::collections::BTreeSet;

pub struct VulnerableComponent;

/// How many advisories a message names before summarising.
const NAMED: usize = 8;

/// One vulnerability as the finding lists it: the records that describe it.
struct Group<'a> {
    records: Vec<(&'a Advisory, &'a Affected, Option<String>)>,
}

impl Group<'_> {
    fn ids(&self) -> BTreeSet<&str> {
        self.records.iter().map(|(a, _, _)| a.id.as_str()).collect()
    }

    /// CVE (and other) aliases that are not themselves records of the group.
    fn aliases(&self) -> BTreeSet<&str> {
        let ids = self.ids();
        self.records
            .iter()
            .flat_map(|(a, _, _)| a.aliases.iter().map(String::as_str))
            .filter(|alias| !ids.contains(alias))
            .collect()
    }

    fn severity(&self) -> Option<AdvisorySeverity> {
        self.records
            .iter()
            .filter_map(|(advisory, affected, _)| {
                affected.severity.clone().or_else(|| advisory.severity.clone())
            })
            .max_by(|a, b| {
                a.level
                    .cmp(&b.level)
                    .then(a.score.partial_cmp(&b.score).unwrap_or(Ordering::Equal))
            })
    }
}

impl Rule for VulnerableComponent {
    fn code(&self) -> RuleCode {
        RuleCode::DEP001
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Components]
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let Some(db) = ctx.advisories else {
            return;
        };
        for component in &portfolio.components {
            let Some(text) = component.version.as_deref() else {
                continue;
            };
            let Some(version) = Version::parse(component.ecosystem, text) else {
                continue;
            };
            let mut hits: Vec<(&Advisory, &Affected, Option<String>)> = Vec::new();
            for (advisory, affected) in db.for_package(component.ecosystem, &component.name) {
                if let Some(hit) = affected.hit(&version, text) {
                    hits.push((advisory, affected, hit.fixed));
                }
            }
            if hits.is_empty() {
                continue;
            }
            out.push(finding(self.code(), component, hits));
        }
    }
}

/// Groups records that name each other (id or alias), in id order.
fn group<'a>(mut hits: Vec<(&'a Advisory, &'a Affected, Option<String>)>) -> Vec<Group<'a>> {
    hits.sort_by(|a, b| a.0.id.cmp(&b.0.id));
    let mut groups: Vec<(BTreeSet<String>, Group<'a>)> = Vec::new();
    for hit in hits {
        let names: BTreeSet<String> = std::iter::once(hit.0.id.clone())
            .chain(hit.0.aliases.iter().cloned())
            .collect();
        let matching: Vec<usize> = groups
            .iter()
            .enumerate()
            .filter(|(_, (known, _))| !known.is_disjoint(&names))
            .map(|(i, _)| i)
            .collect();
        let mut merged_names = names;
        let mut merged = Group { records: vec![hit] };
        for &index in matching.iter().rev() {
            let (known, existing) = groups.remove(index);
            merged_names.extend(known);
            merged.records.extend(existing.records);
        }
        merged.records.sort_by(|a, b| a.0.id.cmp(&b.0.id));
        merged.records.dedup_by(|a, b| a.0.id == b.0.id && a.2 == b.2);
        groups.push((merged_names, merged));
    }
    let mut groups: Vec<Group<'a>> = groups.into_iter().map(|(_, g)| g).collect();
    // The most severe first, then by id.
    groups.sort_by(|a, b| {
        let rank = |g: &Group<'_>| {
            g.severity()
                .map(|s| (s.level, (s.score.unwrap_or(0.0) * 10.0) as i64))
        };
        rank(b)
            .cmp(&rank(a))
            .then_with(|| a.ids().first().cmp(&b.ids().first()))
    });
    groups
}

/// The lowest version that none of the matched records affects, starting from the highest
/// fix they name; None when some record names no fix.
fn target_version(component: &Component, groups: &[Group<'_>]) -> Option<String> {
    let ecosystem = component.ecosystem;
    let mut target: Option<(Version, String)> = None;
    for group in groups {
        let fix = group
            .records
            .iter()
            .filter_map(|(_, _, fixed)| fixed.as_deref())
            .filter_map(|f| Some((Version::parse(ecosystem, f)?, f.to_string())))
            .max_by(|a, b| a.0.compare(&b.0).unwrap_or(Ordering::Equal))?;
        if target
            .as_ref()
            .is_none_or(|(t, _)| fix.0.compare(t) == Some(Ordering::Greater))
        {
            target = Some(fix);
        }
    }
    // A fix of one record may still be inside another record's range: move past it.
    for _ in 0..16 {
        let (current, text) = target.as_ref()?;
        let next = groups
            .iter()
            .flat_map(|g| g.records.iter())
            .find_map(|(_, affected, _)| affected.hit(current, text))
            .map(|hit| hit.fixed);
        match next {
            None => break,
            Some(None) => return None,
            Some(Some(fixed)) => {
                let parsed = Version::parse(ecosystem, &fixed)?;
                if parsed.compare(current) != Some(Ordering::Greater) {
                    return None;
                }
                target = Some((parsed, fixed));
            }
        }
    }
    target.map(|(_, text)| text)
}

fn finding(
    code: RuleCode,
    component: &Component,
    hits: Vec<(&Advisory, &Affected, Option<String>)>,
) -> RawFinding {
    let groups = group(hits);
    let target = target_version(component, &groups);
    let severity: Option<Severity> = groups.iter().filter_map(|g| g.severity().map(|s| s.level)).max();
    let describe = |group: &Group<'_>, lang: crate::catalogue::Lang| {
        let ids: Vec<&str> = group.ids().into_iter().collect();
        let mut details: Vec<String> = group.aliases().into_iter().map(str::to_string).collect();
        if let Some(s) = group.severity() {
            details.push(s.describe(lang));
        }
        if details.is_empty() {
            ids.join(" / ")
        } else {
            format!("{} ({})", ids.join(" / "), details.join(", "))
        }
    };
    let listed_en: Vec<String> = groups
        .iter()
        .take(NAMED)
        .map(|group| describe(group, crate::catalogue::Lang::En))
        .collect();
    let listed_zh: Vec<String> = groups
        .iter()
        .take(NAMED)
        .map(|group| describe(group, crate::catalogue::Lang::Zh))
        .collect();
    let more = groups.len().saturating_sub(NAMED);
    let count = groups.len();
    let name = &component.name;
    let written = component.version.as_deref().unwrap_or("");
    let from_en = component
        .version_from
        .as_deref()
        .map(|at| format!(" (version set at {at})"))
        .unwrap_or_default();
    let from_zh = component
        .version_from
        .as_deref()
        .map(|at| format!("（版本在 {at} 设定）"))
        .unwrap_or_default();
    // Go modules are written with a `v`; OSV records drop it.
    let target = target.map(|t| {
        if component.ecosystem == crate::model::Ecosystem::Go
            && written.starts_with('v')
            && !t.starts_with('v')
        {
            format!("v{t}")
        } else {
            t
        }
    });
    let (fix_en, fix_zh) = match &target {
        Some(target) => (format!("; fixed in {target}"), format!("；修复版本 {target}")),
        None if groups.len() == 1 => (
            "; no fixed version is published".to_string(),
            "；公告未给出修复版本".to_string(),
        ),
        None => (
            "; no published version fixes all of them".to_string(),
            "；没有可修复全部漏洞的版本".to_string(),
        ),
    };
    let (more_en, more_zh) = if more > 0 {
        (format!(" and {more} more"), format!(" 等另外 {more} 个"))
    } else {
        (String::new(), String::new())
    };
    let message = Msg::new(
        format!(
            "{} {name} {written}{from_en} is affected by {count} known {}: {}{more_en}{fix_en}",
            component.ecosystem,
            if count == 1 {
                "vulnerability"
            } else {
                "vulnerabilities"
            },
            listed_en.join(", "),
        ),
        format!(
            "{} 组件 {name} {written}{from_zh} 受 {count} 个已知漏洞影响：{}{more_zh}{fix_zh}",
            component.ecosystem,
            listed_zh.join("，"),
        ),
    );
    let help = match &target {
        Some(target) => Msg::new(
            format!("upgrade {name} to {target} or later and pin it so that transitive copies follow"),
            format!("将 {name} 升级到 {target} 或更高版本，并固定版本使传递依赖一并升级"),
        ),
        None => Msg::new(
            format!("no release of {name} fixes every advisory listed: replace the component or mitigate, and record the decision"),
            format!("{name} 尚无修复全部所列漏洞的版本：应替换该组件或采取缓解措施，并记录处置决定"),
        ),
    };
    let all_ids: Vec<&str> = groups.iter().flat_map(|g| g.ids()).collect();
    let mut raw = RawFinding::at_pos(
        code,
        &component.file,
        &component.rel,
        Pos {
            line: component.line,
            col: component.column,
        },
        message,
    )
    .with_key(format!(
        "{}|{}|{}",
        component.ecosystem,
        component.name,
        all_ids.join(",")
    ))
    .with_help(help);
    raw.snippet = component.snippet.clone();
    if let Some(severity) = severity {
        raw = raw.with_severity(severity);
    }
    raw
}
