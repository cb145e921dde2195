//! INV002: an operation a spec declares that the code of its service does not serve. Reported
//! only when that code is in the run and serves at least one operation of the spec (otherwise
//! the spec may describe another API, a client's copy of a provider's spec). A deprecated
//! operation, or one whose sunset date has passed, is not reported: the code has retired what
//! the spec announces as going (LIFE001 and LIFE002 report the spec).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::lifecycle::is_retired;
use crate::model::matching::served::{matches, same_service, service_code};
use crate::model::Portfolio;
use crate::rules::lifecycle::operation_ref;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;

pub struct UnservedDeclaredInterface;

impl Rule for UnservedDeclaredInterface {
    fn code(&self) -> RuleCode {
        RuleCode::INV002
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        if portfolio.served.is_empty() {
            return;
        }
        let found = matches(portfolio);
        let code = service_code(portfolio, &found);
        for (entry, served) in portfolio.interfaces.iter().zip(code) {
            let Some(served) = served else { continue };
            if !served.is_empty()
                || entry.deprecated
                || is_retired(entry.sunset.as_deref(), ctx.settings.today).is_some()
            {
                continue;
            }
            // The service directory as the reader sees it: relative to the scan root.
            let root = entry.spec.strip_suffix(&*entry.spec_rel).unwrap_or("");
            let service = entry.service.as_deref().unwrap_or(".");
            let service = service
                .strip_prefix(root)
                .filter(|s| !s.is_empty())
                .unwrap_or(service);
            let count = portfolio
                .served
                .iter()
                .filter(|c| same_service(entry.service.as_deref(), c.service.as_deref()))
                .count();
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
                            "{} {} is declared in {} but the code of its service `{service}` does not serve it (that code serves {count} operations)",
                            entry.method, entry.path, entry.spec
                        ),
                        format!(
                            "接口 {} {} 在 {} 中声明，但所属服务 `{service}` 的代码并未提供（该服务代码共提供 {count} 个接口）",
                            entry.method, entry.path, entry.spec
                        ),
                    ),
                )
                .with_operation(operation_ref(entry))
                .with_help(Msg::new(
                    "remove the operation from the spec (deprecate it first if callers may still use it), or restore the handler; a spec and code that belong together but sit apart are grouped with `[services]` in apiaudit.toml",
                    "从规范中删除该接口（如仍可能有调用方，先标记废弃）或恢复其实现；规范与代码同属一个服务但不在同一目录的，在 apiaudit.toml 的 `[services]` 中配置",
                )),
            );
        }
    }
}
