//! ID003: the same interface ID on two different operations anywhere in the run (every spec of
//! every root is one estate). Each occurrence is reported, naming the others.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;
use std::collections::BTreeMap;

pub struct DuplicateInterfaceId;

impl Rule for DuplicateInterfaceId {
    fn code(&self) -> RuleCode {
        RuleCode::ID003
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn check_portfolio(&self, portfolio: &Portfolio, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let mut by_id: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
        for (index, entry) in portfolio.interfaces.iter().enumerate() {
            if let Some(id) = entry.id.as_deref().filter(|id| !id.trim().is_empty()) {
                by_id.entry(id).or_default().push(index);
            }
        }
        for (id, indexes) in by_id {
            // Occurrences with the same method and path are one operation (a spec vendored into
            // another repository): the first, by spec path, stands for them.
            let mut operations: Vec<usize> = indexes;
            operations.sort_by_key(|&i| {
                let e = &portfolio.interfaces[i];
                (e.method.clone(), e.path.clone(), e.spec.clone())
            });
            operations.dedup_by_key(|i| {
                let e = &portfolio.interfaces[*i];
                (e.method.clone(), e.path.clone())
            });
            operations.sort_by_key(|&i| {
                let e = &portfolio.interfaces[i];
                (e.spec.clone(), e.method.clone(), e.path.clone())
            });
            if operations.len() < 2 {
                continue;
            }
            for &index in &operations {
                let entry = &portfolio.interfaces[index];
                let others: Vec<String> = operations
                    .iter()
                    .filter(|&&other| other != index)
                    .take(3)
                    .map(|&other| {
                        let o = &portfolio.interfaces[other];
                        format!("{} {} ({}:{})", o.method, o.path, o.file, o.line)
                    })
                    .collect();
                let more = operations.len().saturating_sub(1 + others.len());
                let (suffix_en, suffix_zh) = if more > 0 {
                    (format!(" and {more} more"), format!(" 等另外 {more} 处"))
                } else {
                    (String::new(), String::new())
                };
                let (path, rel, pos) = match &entry.id_position {
                    Some(at) => (
                        at.file.as_str(),
                        at.rel.as_str(),
                        Pos {
                            line: at.line,
                            col: at.column,
                        },
                    ),
                    None => (
                        &*entry.file,
                        &*entry.spec_rel,
                        Pos {
                            line: entry.line,
                            col: entry.column,
                        },
                    ),
                };
                let mut finding = RawFinding::at_pos(
                    self.code(),
                    path,
                    rel,
                    pos,
                    Msg::new(
                        format!(
                            "interface ID `{id}` of {} {} is also used by {}{suffix_en}",
                            entry.method,
                            entry.path,
                            others.join(", ")
                        ),
                        format!(
                            "接口 {} {} 的统一识别码 `{id}` 同时被 {}{suffix_zh} 使用",
                            entry.method,
                            entry.path,
                            others.join("、")
                        ),
                    ),
                )
                .with_operation(crate::findings::OperationRef {
                    method: entry.method.clone(),
                    path: entry.path.clone(),
                    id: entry.id.clone(),
                    level: entry.level.clone(),
                })
                .with_help(Msg::new(
                    "give every operation its own interface ID; an ID identifies exactly one interface",
                    "为每个接口分配独立的统一识别码，一个识别码只能对应一个接口",
                ));
                // The finding covers the ID's value, with its excerpt, like any spec finding.
                if let Some(at) = entry.id_position.as_ref().filter(|at| at.end_line > 0) {
                    finding.location.end = Pos {
                        line: at.end_line,
                        col: at.end_column,
                    };
                    finding.snippet = at.snippet.clone();
                }
                out.push(finding);
            }
        }
    }
}
