//! META001: a file the audit did not read, or read only in part, so that rules did not check it:
//! a file not audited (too large, binary and not a key store, unreadable, undecodable, special,
//! a symbolic-link loop; high when it looks like a spec, a key or a configuration, so that the
//! default gate fails on the gap), or a config of a modelled kind that does not parse (the
//! finding names the rules that did not run on it).

use crate::catalogue::{RuleCode, Scope};
use crate::discover::{SkipKind, SkippedFile};
use crate::findings::{Msg, RawFinding, Severity};
use crate::model::problems::{FileProblem, ModelPart, Unparsable};
use crate::rules::{Ctx, Rule, RULES};
use crate::source::{floor_char_boundary, Pos, Span};

pub struct UnreadableFile;

impl UnreadableFile {
    fn not_audited(&self, file: &SkippedFile) -> RawFinding {
        let (what_en, what_zh) = file.shape.what();
        let message = if file.shape.matters() {
            Msg::new(
                format!("not audited, and it looks like {what_en}: {}", file.reason.en),
                format!("未能审计（该文件看来是{what_zh}）：{}", file.reason.zh),
            )
        } else {
            Msg::new(
                format!("not audited: {}", file.reason.en),
                format!("未能审计：{}", file.reason.zh),
            )
        };
        let finding = RawFinding::at_pos(
            self.code(),
            &file.path,
            &file.rel,
            Pos { line: 1, col: 1 },
            message,
        )
        // `unreadable` as before not-audited files had other kinds: baselines keep matching.
        .with_key(match file.kind {
            SkipKind::Unreadable => "unreadable".to_string(),
            kind => format!("not-audited|{kind:?}"),
        });
        if file.shape.matters() {
            finding.with_severity(Severity::High)
        } else {
            finding
        }
    }
}

/// The enabled rules that read any of `parts`: what did not run on a config that does not parse.
fn rules_reading(parts: &[ModelPart], ctx: &Ctx<'_>) -> Vec<&'static str> {
    RULES
        .iter()
        .filter(|rule| rule.reads().iter().any(|part| parts.contains(part)))
        .filter(|rule| ctx.settings.rule_enabled(rule.code()))
        .map(|rule| rule.code().as_str())
        .collect()
}

/// "its logging settings and gateway routes were not read, so LOG001, ... did not run on it".
fn missed(parts: &[ModelPart], ctx: &Ctx<'_>) -> (String, String) {
    let (en, zh): (Vec<&str>, Vec<&str>) = parts.iter().map(|part| part.what()).unzip();
    let rules = rules_reading(parts, ctx);
    let rules_text = if rules.is_empty() {
        (
            "no rule of this run reads them".to_string(),
            "本次运行没有规则读取这些内容".to_string(),
        )
    } else {
        (
            format!("so {} did not run on it", rules.join(", ")),
            format!("因此 {} 未对其运行", rules.join("、")),
        )
    };
    (
        format!(
            "its {} were not read, {}; the text rules (secrets, keys) did",
            en.join(" and "),
            rules_text.0
        ),
        format!(
            "其中的{}未能读取，{}；文本类规则（密钥、凭据）已运行",
            zh.join("和"),
            rules_text.1
        ),
    )
}

impl Rule for UnreadableFile {
    fn code(&self) -> RuleCode {
        RuleCode::META001
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }

    fn check_problems(&self, problems: &[FileProblem], ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        for problem in problems {
            match problem {
                FileProblem::NotAudited(file) => out.push(self.not_audited(file)),
                FileProblem::Unparsable { file, offset, what } => {
                    let at = floor_char_boundary(&file.text, *offset);
                    let end = file.text[at..].find('\n').map_or(file.text.len(), |n| at + n);
                    let finding = match what {
                        Unparsable::Manifest { name, message } => {
                            let rules = rules_reading(&[ModelPart::Components], ctx);
                            let (en, zh) = if rules.is_empty() {
                                (String::new(), String::new())
                            } else {
                                (
                                    format!(" ({} did not run on it)", rules.join(", ")),
                                    format!("（{} 未对其运行）", rules.join("、")),
                                )
                            };
                            RawFinding::at(
                                self.code(),
                                file,
                                Span::new(*offset, *offset),
                                Msg::new(
                                    format!("dependency declarations not read: {name} does not parse ({message}), so its components were not checked{en}"),
                                    format!("未能读取依赖声明：{name} 无法解析（{message}），其中的组件未经检查{zh}"),
                                ),
                            )
                            .with_key("dependency-manifest-unparsable")
                        }
                        Unparsable::Config { what, feeds } => {
                            let (en, zh) = missed(feeds, ctx);
                            RawFinding::at(
                                self.code(),
                                file,
                                Span::new(at, end.max(at)),
                                Msg::new(
                                    format!("not fully audited: {what}: {en}"),
                                    format!("未能完整审计：{what}：{zh}"),
                                ),
                            )
                            .with_key_part("unparsable")
                        }
                    };
                    out.push(finding);
                }
            }
        }
    }
}
