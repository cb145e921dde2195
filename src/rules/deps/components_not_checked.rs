//! DEP002: the run declares third-party components but no advisory database is configured,
//! so DEP001 could not check them. Reported once per run, never when the run has no
//! components, so that a report silent about components is never read as "none vulnerable".
//!
//! The finding sits on line 1 of the first manifest (SARIF consumers need a location) but
//! its fingerprint does not depend on which file that is.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::components::Component;
use crate::model::problems::ModelPart;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;
use std::collections::{BTreeMap, BTreeSet};

pub struct ComponentsNotChecked;

impl Rule for ComponentsNotChecked {
    fn code(&self) -> RuleCode {
        RuleCode::DEP002
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Components]
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        if ctx.settings.advisories.is_none() {
            report_unchecked(&portfolio.components, out);
        }
    }
}

/// The DEP002 finding for components no advisory database checked (none when there are none).
/// `merge` calls it with the components of the runs that reported DEP002.
pub fn report_unchecked(components: &[Component], out: &mut Vec<RawFinding>) {
    let mut by_ecosystem: BTreeMap<&str, usize> = BTreeMap::new();
    let mut files: BTreeSet<&str> = BTreeSet::new();
    for component in components {
        *by_ecosystem.entry(component.ecosystem.as_str()).or_default() += 1;
        files.insert(component.file.as_str());
    }
    let Some(first) = files.first().copied() else {
        return;
    };
    let total = components.len();
    let counts: Vec<String> = by_ecosystem.iter().map(|(e, n)| format!("{e} {n}")).collect();
    let named: Vec<&str> = files.iter().take(3).copied().collect();
    let more = files.len().saturating_sub(named.len());
    let (more_en, more_zh) = if more > 0 {
        (format!(" and {more} more"), format!(" 等另外 {more} 个文件"))
    } else {
        (String::new(), String::new())
    };
    out.push(
            RawFinding::at_pos(
                RuleCode::DEP002,
                first,
                "",
                Pos { line: 1, col: 1 },
                Msg::new(
                    format!(
                        "{total} third-party components ({}) declared in {} ({}{more_en}) were not checked for known vulnerabilities: no advisory database is configured",
                        counts.join(", "),
                        crate::findings::plural::s(files.len() as u64, "file"),
                        named.join(", "),
                    ),
                    format!(
                        "在 {} 个文件（{}{more_zh}）中声明的 {total} 个第三方组件（{}）未检查已知漏洞：未配置漏洞库",
                        files.len(),
                        named.join("、"),
                        counts.join("，"),
                    ),
                ),
            )
            .with_key("components-not-checked")
            .with_help(Msg::new(
                "give a local OSV advisory database with --advisories PATH or [advisories] path",
                "通过 --advisories PATH 或配置项 [advisories] path 指定本地 OSV 漏洞库",
            )),
        );
}
