//! CLS002: a level value that is not in the configured scheme. A3 is explained: it is a common
//! refinement (fund-moving interfaces), not a level of the standard, and needs the three-tier
//! scheme.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::{Level, Spec};
use crate::rules::{Ctx, Rule};
use crate::settings::LevelScheme;

pub struct UnknownSecurityLevel;

impl Rule for UnknownSecurityLevel {
    fn code(&self) -> RuleCode {
        RuleCode::CLS002
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        let scheme = ctx.settings.level_scheme;
        for op in &spec.operations {
            let Some(node) = spec.get(op.node, &ext.level) else {
                continue;
            };
            let Some(text) = spec.tree(node).scalar_text(node.node) else {
                let message = Msg::new(
                    format!("`{}` is not a scalar", ext.level),
                    format!("`{}` 不是标量值", ext.level),
                );
                out.push(spec.op_finding(self.code(), op, Some(node), message, ext));
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let (message, help) = match (Level::parse(text), scheme) {
                (Some(Level::A1 | Level::A2), _) | (Some(Level::A3), LevelScheme::ThreeTier) => continue,
                (Some(Level::A3), LevelScheme::Standard) => (
                    Msg::new(
                        format!("level `{text}` is not a level of JR/T 0185-2020, which defines A1 and A2; A3 is the three-tier refinement for fund-moving interfaces"),
                        format!("`{text}` 不是 JR/T 0185-2020 定义的安全级别（仅 A1、A2）；A3 是部分银行对资金划转类接口的三级细分"),
                    ),
                    Msg::new(
                        "declare `A2` (fund transactions are A2 in the standard), or opt in with `[levels] scheme = \"three-tier\"`, where A3 counts as A2",
                        "声明为 `A2`（标准中资金交易类属 A2），或在配置中启用 `[levels] scheme = \"three-tier\"`，此时 A3 按 A2 对待",
                    ),
                ),
                (None, LevelScheme::Standard) => (
                    Msg::new(
                        format!("level `{text}` is not A1 or A2 (JR/T 0185-2020 chapter 6)"),
                        format!("安全级别 `{text}` 不是 A1 或 A2（JR/T 0185-2020 第 6 章）"),
                    ),
                    Msg::new(
                        "use `A2` for fund transactions and account queries, `A1` for read-only product and service information",
                        "资金交易与账户信息查询类用 `A2`，只读的金融产品和服务信息查询类用 `A1`",
                    ),
                ),
                (None, LevelScheme::ThreeTier) => (
                    Msg::new(
                        format!("level `{text}` is not A1, A2 or A3 (three-tier scheme)"),
                        format!("安全级别 `{text}` 不是 A1、A2 或 A3（三级方案）"),
                    ),
                    Msg::new(
                        "use A1 (product information), A2 (account queries) or A3 (fund-moving)",
                        "可选 A1（产品信息）、A2（账户查询）或 A3（资金划转）",
                    ),
                ),
            };
            out.push(
                spec.op_finding(self.code(), op, Some(node), message, ext)
                    .with_help(help),
            );
        }
    }
}
