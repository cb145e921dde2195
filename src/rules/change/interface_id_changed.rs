//! CHG003: an operation whose unified interface ID differs from the one it had at the base
//! revision (changed or dropped), or which took an ID that named another operation at the base
//! (reused).

use super::at_head;
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::change::{ChangeSet, OpIx};
use crate::rules::{Ctx, Rule};
use std::collections::HashMap;

pub struct InterfaceIdChanged;

impl Rule for InterfaceIdChanged {
    fn code(&self) -> RuleCode {
        RuleCode::CHG003
    }

    fn scope(&self) -> Scope {
        Scope::Change
    }

    fn check_change(&self, change: &ChangeSet, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        // The base operations each ID named.
        let mut named: HashMap<&str, Vec<OpIx>> = HashMap::new();
        for (spec, contracts) in change.base.iter().enumerate() {
            for (op, contract) in contracts.operations.iter().enumerate() {
                if let Some(id) = &contract.id {
                    named.entry(id.as_str()).or_default().push(OpIx {
                        spec: spec as u32,
                        op: op as u32,
                    });
                }
            }
        }
        let counterpart: HashMap<OpIx, OpIx> = change.pairs.iter().map(|&(b, h)| (h, b)).collect();
        let heads = change
            .pairs
            .iter()
            .map(|&(_, h)| h)
            .chain(change.added.iter().copied());
        let mut heads: Vec<OpIx> = heads.collect();
        heads.sort();
        for h in heads {
            let (spec, head) = change.head_op(h);
            let was = counterpart.get(&h).map(|&b| change.base_op(b).1);
            let mut en: Vec<String> = Vec::new();
            let mut zh: Vec<String> = Vec::new();
            if let Some(base) = was {
                if let Some(old) = &base.id {
                    match &head.id {
                        Some(new) if new != old => {
                            en.push(format!("its interface ID changed from {old} to {new}"));
                            zh.push(format!("统一识别码由 {old} 改为 {new}"));
                        }
                        None => {
                            en.push(format!("its interface ID {old} was removed"));
                            zh.push(format!("统一识别码 {old} 被删除"));
                        }
                        Some(_) => {}
                    }
                }
            }
            // Reused: the operation took an ID it did not have, which named another operation
            // at the base. An ID it kept is not reused, even one the base had twice (ID005's).
            let kept = was.is_some_and(|base| base.id == head.id);
            if let Some(id) = head.id.as_ref().filter(|_| !kept) {
                let own = counterpart.get(&h);
                let others: Vec<String> = named
                    .get(id.as_str())
                    .into_iter()
                    .flatten()
                    .filter(|b| Some(*b) != own)
                    .map(|&b| {
                        let (_, other) = change.base_op(b);
                        format!("{} {}", other.method, other.path)
                    })
                    .collect();
                if !others.is_empty() {
                    en.push(format!(
                        "{id} named another operation at the base revision ({})",
                        others.join(", ")
                    ));
                    zh.push(format!(
                        "{id} 在基线版本中标识的是另一接口（{}）",
                        others.join("、")
                    ));
                }
            }
            if en.is_empty() {
                continue;
            }
            out.push(
                at_head(
                    self.code(),
                    spec,
                    head,
                    head.id_at.unwrap_or(head.at),
                    Msg::new(
                        format!("{} {}: {}", head.method, head.path, en.join("; ")),
                        format!("接口 {} {}：{}", head.method, head.path, zh.join("；")),
                    ),
                )
                .with_help(Msg::new(
                    "an interface ID is issued once and never changed or reused: restore the operation's own ID, and give a new operation a new one",
                    "统一识别码只发放一次，不得更改或重复使用：恢复接口原有识别码，新接口应使用新编码",
                )),
            );
        }
    }
}
