//! META001: a file the audit could not read (permissions, vanished during the walk), so it was
//! not checked.

use crate::findings::RawFinding;
use crate::model::Portfolio;
use crate::rules::{Ctx, Rule};
use crate::source::Pos;

pub struct UnreadableFile;

impl Rule for UnreadableFile {
    fn code(&self) -> &'static str {
        "META001"
    }

    fn check_portfolio(&self, portfolio: &Portfolio, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for (path, rel, reason) in &portfolio.unreadable {
            out.push(
                RawFinding::at_pos(
                    self.code(),
                    path,
                    rel,
                    Pos { line: 1, col: 1 },
                    ctx.tr(
                        format!("not audited: cannot be read ({reason})"),
                        format!("未能审计：文件无法读取（{reason}）"),
                    ),
                )
                .with_key("unreadable"),
            );
        }
    }
}
