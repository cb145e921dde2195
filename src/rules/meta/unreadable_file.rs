//! META001: a file the audit did not read, or read only in part (permissions, vanished during
//! the walk, a config of a modelled kind that does not parse), so it was not checked.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::problems::{FileProblem, Unparsable};
use crate::rules::{Ctx, Rule};
use crate::source::{floor_char_boundary, Pos, Span};

pub struct UnreadableFile;

impl Rule for UnreadableFile {
    fn code(&self) -> RuleCode {
        RuleCode::META001
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_problems(&self, problems: &[FileProblem], _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            match problem {
                FileProblem::Unreadable { path, rel, reason } => out.push(
                    RawFinding::at_pos(
                        self.code(),
                        path,
                        rel,
                        Pos { line: 1, col: 1 },
                        Msg::new(
                            format!("not audited: cannot be read ({reason})"),
                            format!("未能审计：文件无法读取（{reason}）"),
                        ),
                    )
                    .with_key("unreadable"),
                ),
                FileProblem::Unparsable { file, offset, what } => {
                    let at = floor_char_boundary(&file.text, *offset);
                    let end = file.text[at..].find('\n').map_or(file.text.len(), |n| at + n);
                    let finding = match what {
                        Unparsable::Manifest { name, message } => RawFinding::at(
                            self.code(),
                            file,
                            Span::new(*offset, *offset),
                            Msg::new(
                                format!(
                                    "dependency declarations not read: {name} does not parse ({message}), so its components were not checked"
                                ),
                                format!(
                                    "未能读取依赖声明：`{name}` 无法解析，{}；其中的组件未经检查",
                                    crate::parse::zh_error(message)
                                ),
                            ),
                        )
                        .with_key("dependency-manifest-unparsable"),
                        Unparsable::Config { what } => RawFinding::at(
                            self.code(),
                            file,
                            Span::new(at, end.max(at)),
                            Msg::new(format!("not audited: {}", what.en), format!("未能审计：{}", what.zh)),
                        )
                        .with_key_part("unparsable"),
                    };
                    out.push(finding);
                }
            }
        }
    }
}
