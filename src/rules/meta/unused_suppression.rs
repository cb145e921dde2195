//! META003: a suppression that suppressed nothing (ruff's unused-noqa). Whether a suppression
//! was used is known only once every finding of the run is settled, so policy, which applies
//! suppressions, finds the unused ones and hands them here to be reported.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::rules::Rule;
use crate::source::{SourceFile, Span};

pub struct UnusedSuppression;

impl Rule for UnusedSuppression {
    fn code(&self) -> RuleCode {
        RuleCode::META003
    }

    fn scope(&self) -> Scope {
        Scope::Repo
    }
}

/// A suppression that suppressed nothing, as policy found it.
pub enum Unused<'a> {
    /// An `apiaudit:ignore` comment and the rules it names, as written.
    Comment {
        file: &'a SourceFile,
        span: Span,
        rules: String,
    },
    /// An `x-apiaudit-ignore` entry and its rule.
    SpecEntry {
        file: &'a SourceFile,
        span: Span,
        rule: &'a str,
    },
}

/// The findings of the unused suppressions.
pub fn report(unused: &[Unused<'_>], out: &mut Vec<RawFinding>) {
    for item in unused {
        let finding = match item {
            Unused::Comment { file, span, rules } => RawFinding::at(
                RuleCode::META003,
                file,
                *span,
                Msg::new(
                    format!("`apiaudit:ignore {rules}` suppresses nothing here; remove it, or move it to the line it is meant for"),
                    format!("`apiaudit:ignore {rules}` 在此处未豁免任何问题；请删除，或移到所要豁免的行"),
                ),
            )
            .with_key_part(rules),
            Unused::SpecEntry { file, span, rule } => RawFinding::at(
                RuleCode::META003,
                file,
                *span,
                Msg::new(
                    format!("`x-apiaudit-ignore` entry `{rule}` suppresses nothing here; remove it, or move it to where the finding is written (a component several operations share is suppressed on the component)"),
                    format!("`x-apiaudit-ignore` 中的 `{rule}` 在此处未豁免任何问题；请删除，或移到问题所在之处（多个接口共用的组件应在该组件上豁免）"),
                ),
            )
            .with_key_part(rule),
        };
        out.push(finding);
    }
}
