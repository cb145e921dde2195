//! INV001: an operation the code serves that no spec of the run declares. It has no unified
//! ID and no declared level, and no spec rule ever looks at it. High when the code shows an A2
//! operation (a fund movement or account information, from its path, handler, Swagger text or
//! request and response types), medium otherwise; the message gives the handler and the
//! inferred level with its evidence. Endpoints frameworks add (`[routes] framework-endpoints`:
//! error pages, health and management endpoints, API documentation) are not reported, nor are
//! routes whose path begins with a value known only at run time (`runtime_path`): no spec
//! could declare a path nobody can read, so the finding would be noise; they stay in the
//! inventory and in `summary.routes.unresolved`.

use super::{code_location, is_framework_endpoint};
use crate::catalogue::{RuleCode, Scope, Severity};
use crate::findings::{Msg, OperationRef, RawFinding};
use crate::model::matching::served::{matches, runtime_path};
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;

pub struct UndeclaredServedInterface;

impl Rule for UndeclaredServedInterface {
    fn code(&self) -> RuleCode {
        RuleCode::INV001
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        if portfolio.served.is_empty() {
            return;
        }
        let found = matches(portfolio);
        for (index, entry) in portfolio.served.iter().enumerate() {
            if !found.code_to_spec[index].is_empty()
                || is_framework_endpoint(entry, &ctx.settings.framework_endpoints)
                || runtime_path(entry)
            {
                continue;
            }
            let level = entry.inferred_level.as_deref().unwrap_or("A1");
            let a2 = level != "A1";
            let handler = entry.handler.as_deref().unwrap_or("?");
            let framework = entry.framework.as_deref().unwrap_or("?");
            // The evidence labels are the inventory's (one language); what frames them is in both.
            let evidence = entry
                .level_evidence
                .iter()
                .take(4)
                .cloned()
                .collect::<Vec<_>>()
                .join("; ");
            let (evidence_en, evidence_zh) = if evidence.is_empty() {
                (
                    "no account or fund words".to_string(),
                    "未见账户或资金相关词语".to_string(),
                )
            } else {
                (evidence.clone(), evidence)
            };
            let (deprecated_en, deprecated_zh) = if entry.deprecated {
                (" (marked deprecated in the code)", "（代码中已标记为废弃）")
            } else {
                ("", "")
            };
            out.push(
                RawFinding::at_pos(
                    self.code(),
                    &entry.file,
                    &entry.spec_rel,
                    Pos {
                        line: entry.line,
                        col: entry.column,
                    },
                    Msg::new(
                        format!(
                            "{} {} is served by `{handler}` ({framework}){deprecated_en} but declared in no spec of the run: it has no unified interface ID and no declared level; inferred level {level} from {evidence_en}",
                            entry.method, entry.path
                        ),
                        format!(
                            "接口 {} {} 由 `{handler}`（{framework}）提供{deprecated_zh}，但本次运行的所有规范中均未声明：没有统一识别码，也没有声明安全级别；推断级别为 {level}，依据：{evidence_zh}",
                            entry.method, entry.path
                        ),
                    ),
                )
                .with_operation(OperationRef {
                    method: entry.method.clone(),
                    path: entry.path.clone(),
                    id: None,
                    level: None,
                })
                .with_severity(if a2 { Severity::High } else { Severity::Medium })
                .with_help(Msg::new(
                    format!(
                        "declare the operation in the service's spec with x-api-id and x-api-level ({level} at least), or remove the mapping at {} if it should not be served",
                        code_location(entry)
                    ),
                    format!(
                        "在该服务的规范中声明此接口并标注 x-api-id 和 x-api-level（至少 {level}）；如不应对外提供，删除 {} 处的映射",
                        code_location(entry)
                    ),
                )),
            );
        }
    }
}
