//! The catalogue's fixed words (severity, basis, scope, status) in the language of a report.
//! The Chinese terms are those of docs/zh-glossary.md.

use super::{Basis, Lang, Scope, Severity, Status};

impl Severity {
    /// The severity as a report in `lang` names it.
    pub fn label(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.as_str(),
            Lang::Zh => self.zh(),
        }
    }
}

impl Basis {
    /// The kind of basis, as `explain` and `rules` name it.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, basis) => basis.as_str(),
            (Lang::Zh, Basis::Standard) => "标准",
            (Lang::Zh, Basis::Law) => "法律",
            (Lang::Zh, Basis::Practice) => "最佳实践",
        }
    }
}

impl Scope {
    /// Where a rule looks, in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, scope) => scope.as_str(),
            (Lang::Zh, Scope::Spec) => "接口规范文件",
            (Lang::Zh, Scope::Repo) => "代码仓库",
            (Lang::Zh, Scope::Portfolio) => "全部接口",
            (Lang::Zh, Scope::Change) => "版本变更",
        }
    }
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Stable => "stable",
            Status::Planned => "planned",
        }
    }

    /// Whether a rule is implemented, in words.
    pub fn label(self, lang: Lang) -> &'static str {
        match (lang, self) {
            (Lang::En, status) => status.as_str(),
            (Lang::Zh, Status::Stable) => "已实现",
            (Lang::Zh, Status::Planned) => "计划中",
        }
    }
}
