//! CLS005: an A1 operation carrying personal financial information (C2 or C3 fields of
//! JR/T 0171-2020): A1 is "not tied to any individual user".

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::level_inference::{analyse, declared_level};
use crate::model::pfi::{request_fields, response_fields, Category, Classifier, Place};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};

pub struct A1CarriesPersonalInformation;

/// Fields named in one message at most.
const LISTED: usize = 6;

impl Rule for A1CarriesPersonalInformation {
    fn code(&self) -> RuleCode {
        RuleCode::CLS005
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let settings = ctx.settings;
        let ext = &settings.extensions;
        for (op, analysis) in spec.operations.iter().zip(analyse(spec, settings)) {
            if declared_level(spec, op, settings) != Some(Level::A1) {
                continue;
            }
            // This operation's own response fields: shared schemas count for every operation.
            let mut classifier = Classifier::new(&settings.vocabulary);
            let requests = request_fields(spec, op, &mut classifier);
            let responses = response_fields(spec, op, &mut classifier);
            let mut fields: Vec<_> = analysis
                .fields
                .fields
                .iter()
                .filter(|f| matches!(f.place, Place::Parameter(_)))
                .chain(requests.iter())
                .chain(responses.iter())
                .filter(|f| f.category >= Category::C2)
                .collect();
            if fields.is_empty() {
                continue;
            }
            fields.sort_by_key(|field| std::cmp::Reverse(field.category));
            let listing = |zh: bool| {
                let mut listed: Vec<String> = Vec::new();
                for field in &fields {
                    let label = if zh {
                        format!(
                            "`{}`（{}，{}）",
                            field.path,
                            field.place_label(zh),
                            field.category.as_str()
                        )
                    } else {
                        format!(
                            "`{}` ({}, {})",
                            field.path,
                            field.place_label(zh),
                            field.category.as_str()
                        )
                    };
                    if !listed.contains(&label) {
                        listed.push(label);
                    }
                }
                let total = listed.len();
                listed.truncate(LISTED);
                (listed.join(if zh { "、" } else { ", " }), total)
            };
            let (list_en, total) = listing(false);
            let (list_zh, _) = listing(true);
            let more = total.saturating_sub(LISTED);
            out.push(
                spec.op_finding(
                    self.code(),
                    op,
                    spec.get(op.node, &ext.level),
                    Msg::new(
                        format!(
                            "{} {} is declared A1 but carries personal financial information: {list_en}{}",
                            op.method,
                            op.path,
                            if more > 0 { format!(" and {more} more") } else { String::new() }
                        ),
                        format!(
                            "接口 {} {} 声明为 A1，但携带个人金融信息：{list_zh}{}",
                            op.method,
                            op.path,
                            if more > 0 { format!(" 等 {total} 项") } else { String::new() }
                        ),
                    ),
                    ext,
                )
                .with_help(Msg::new(
                    "an interface that carries C2/C3 information is tied to an individual user: classify it A2, or remove the fields from the A1 interface",
                    "携带 C2/C3 类信息的接口与用户个体相关，应定为 A2，或从 A1 接口中去除这些字段",
                )),
            );
        }
    }
}
