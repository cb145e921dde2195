//! DATA004: an identifying C2 item (card or account number, ID number, mobile number, login
//! name, home address) returned in a response without a declared mask: `x-masked: true`, a
//! `pattern` that admits the mask character, a masking `format`, or a name that says it is
//! masked (`maskedPan`).

use super::{fields, schema_type};
use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::pfi::{Category, Field, Place};
use crate::model::Spec;
use crate::rules::{Ctx, Rule};

pub struct UnmaskedC2InResponse;

pub const MASK_EXTENSION: &str = "x-masked";

fn masked(spec: &Spec, field: &Field) -> bool {
    let words = crate::catalogue::vocabulary::words(&field.name);
    if words.iter().any(|w| w == "masked" || w == "mask")
        || field.name.contains("脱敏")
        || field.name.contains("掩码")
    {
        return true;
    }
    let Some(schema) = field.schema else {
        return false;
    };
    if spec
        .get(schema, MASK_EXTENSION)
        .is_some_and(|node| spec.tree(node).bool(node.node) == Some(true))
    {
        return true;
    }
    if spec.get_str(schema, "pattern").is_some_and(admits_mask) {
        return true;
    }
    spec.get_str(schema, "format")
        .is_some_and(|f| f.to_ascii_lowercase().contains("mask"))
}

/// Whether a `pattern` admits masked values (a literal `*` where digits would be), tried on
/// typical masked card, account, mobile and ID numbers: it must accept the masked form and
/// refuse the same value unmasked (`.*` or `\d+` say nothing about masking).
fn admits_mask(pattern: &str) -> bool {
    let Ok(regex) = regex::RegexBuilder::new(pattern).size_limit(1 << 20).build() else {
        return false;
    };
    [
        "6222********1234",
        "622202******1234",
        "138****5678",
        "110***********1234",
        "*",
    ]
    .iter()
    .any(|sample| regex.is_match(sample) && !regex.is_match(&sample.replace('*', "0")))
}

impl Rule for UnmaskedC2InResponse {
    fn code(&self) -> RuleCode {
        RuleCode::DATA004
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        let status = ctx
            .settings
            .vocabulary
            .lexicon(&["pfi-c2-financial-status", "pfi-c2-auxiliary"]);
        for (op, field) in fields(spec, ctx.settings) {
            if field.category != Category::C2 || !matches!(field.place, Place::Response(_)) {
                continue;
            }
            if !status.scan(&field.term).is_empty() {
                continue;
            }
            // Objects and arrays are walked into; their own string properties are checked.
            if matches!(
                schema_type(spec, field),
                Some("boolean" | "integer" | "number" | "object" | "array")
            ) || field.schema.is_some_and(|s| spec.get(s, "properties").is_some())
            {
                continue;
            }
            if masked(spec, field) {
                continue;
            }
            out.push(
                spec.finding_span(
                    self.code(),
                    field.doc,
                    field.span,
                    Msg::new(
                        format!(
                            "{} `{}` of {} {} returns C2 information (`{}`) without a declared mask",
                            field.place_label(false),
                            field.path,
                            op.method,
                            op.path,
                            field.term
                        ),
                        format!(
                            "接口 {} {} 的{} `{}` 返回 C2 类信息（`{}`），未声明屏蔽",
                            op.method,
                            op.path,
                            field.place_label(true),
                            field.path,
                            field.term
                        ),
                    ),
                )
                .with_operation(spec.op_ref(op, ext))
                .with_help(Msg::new(
                    format!("return the value masked (e.g. `6222********1234`) and declare it: `{MASK_EXTENSION}: true` or a `pattern` such as `^\\d{{6}}\\*+\\d{{4}}$`"),
                    format!("返回屏蔽后的值（如 `6222********1234`）并加以声明：`{MASK_EXTENSION}: true` 或 `pattern`，如 `^\\d{{6}}\\*+\\d{{4}}$`"),
                )),
            );
        }
    }
}
