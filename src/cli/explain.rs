//! `apiaudit explain RULE`: one rule in full.

use super::{catalogue, io_error, ColorChoice, LangArg};
use crate::catalogue::{Example, Lang, RuleMeta};
use crate::error::AppError;
use clap::Args;
use std::io::{IsTerminal, Write};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct ExplainArgs {
    /// Rule code (ID002) or name (malformed-interface-id)
    pub rule: String,
    /// Language
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    pub lang: LangArg,
    /// Color the terminal output
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// The explanation as Markdown (also what `docs/rules/CODE.md` holds, in both languages).
pub fn render(rule: &RuleMeta, lang: Lang) -> String {
    let docs = rule.docs(lang);
    let (what, why, fix, example, fails, passes, basis_label, severity_label, scope_label, status_label) =
        match lang {
            Lang::En => (
                "What it finds",
                "Why it matters",
                "How to fix",
                "Example",
                "Fails",
                "Passes",
                "Basis",
                "Default severity",
                "Scope",
                "Status",
            ),
            Lang::Zh => (
                "检查内容",
                "为何重要",
                "修复方法",
                "示例",
                "不合规",
                "合规",
                "依据",
                "默认级别",
                "范围",
                "状态",
            ),
        };
    let basis = rule.basis.label(lang);
    let status = if super::rules::implemented(rule.code) {
        crate::catalogue::Status::Stable
    } else {
        crate::catalogue::Status::Planned
    }
    .label(lang);
    // Chinese takes full-width colons and parentheses (docs/zh-glossary.md).
    let (colon, lp, rp) = match lang {
        Lang::En => (": ", " (", ")"),
        Lang::Zh => ("：", "（", "）"),
    };
    format!(
        "# {code} {name}{colon}{title}\n\n\
         - {basis_label}{colon}{basis}{lp}{clause}{rp}\n\
         - {severity_label}{colon}{severity}\n\
         - {scope_label}{colon}{scope}\n\
         - {status_label}{colon}{status}\n\n\
         ## {what}\n\n{w}\n\n## {why}\n\n{y}\n\n## {fix}\n\n{f}\n\n## {example}\n\n\
         {context}{fails}{fail_where}{end}\n\n```{lang_tag}\n{fail}\n```\n\n{passes}{pass_where}{end}\n\n```{lang_tag}\n{pass}\n```\n",
        end = colon.trim_end(),
        code = rule.code,
        name = rule.name,
        title = docs.title,
        clause = rule.clause(lang),
        severity = rule.severity.label(lang),
        scope = rule.scope.label(lang),
        w = docs.what.trim(),
        y = docs.why.trim(),
        f = docs.fix.trim(),
        lang_tag = rule.example.lang,
        context = example_context(&rule.example, lang),
        fail_where = example_where(&rule.example, &rule.example.fail_file, &rule.example.fail_args, lang),
        pass_where = example_where(&rule.example, &rule.example.pass_file, &rule.example.pass_args, lang),
        fail = rule.example.fail.trim_end(),
        pass = rule.example.pass.trim_end(),
    )
}

/// ` (`path`, with `apiaudit scan ARGS .`)`: where an example's snippet is written and how it is
/// scanned, when the catalogue says.
fn example_where(example: &Example, file: &Option<String>, args: &[String], lang: Lang) -> String {
    let mut parts = Vec::new();
    if let Some(file) = file.as_ref().or(example.file.as_ref()) {
        parts.push(format!("`{file}`"));
    }
    let args: Vec<String> = example
        .args
        .iter()
        .chain(args)
        .map(|arg| arg.replace("{dir}/", "").replace("{dir}", "."))
        .collect();
    if !args.is_empty() {
        parts.push(format!("`apiaudit scan {} .`", args.join(" ")));
    }
    match (parts.is_empty(), lang) {
        (true, _) => String::new(),
        (false, Lang::En) => format!(" ({})", parts.join(", ")),
        (false, Lang::Zh) => format!("（{}）", parts.join("，")),
    }
}

/// The example's other files, each in a code block, before the snippets.
fn example_context(example: &Example, lang: Lang) -> String {
    if example.context.is_empty() {
        return String::new();
    }
    let mut out = String::from(match lang {
        Lang::En => "Other files of the example:\n\n",
        Lang::Zh => "示例中的其他文件：\n\n",
    });
    for (path, text) in &example.context {
        let tag = path.rsplit_once('.').map_or("text", |(_, ext)| match ext {
            "yml" => "yaml",
            other => other,
        });
        let colon = if lang == Lang::Zh { "：" } else { ":" };
        out.push_str(&format!(
            "`{path}`{colon}\n\n```{tag}\n{}\n```\n\n",
            text.trim_end()
        ));
    }
    out
}

pub fn run(args: ExplainArgs) -> Result<ExitCode, AppError> {
    let catalogue = catalogue()?;
    let rule = catalogue
        .find(&args.rule)
        .ok_or_else(|| AppError::Usage(format!("no rule `{}` (see `apiaudit rules`)", args.rule)))?;
    let mut text = render(rule, args.lang.into());
    // For a terminal, rendered and wrapped; piped, the Markdown as it is.
    let terminal = std::io::stdout().is_terminal();
    if terminal {
        let width = crate::report::wrap::output_width(true);
        text = super::markdown::render(&text, width, args.color.enabled(true));
    }
    std::io::stdout()
        .lock()
        .write_all(text.as_bytes())
        .map_err(io_error("standard output"))?;
    Ok(ExitCode::SUCCESS)
}

/// The page `docs/rules/CODE.md`: the explanation in English, then in Chinese.
#[cfg(test)]
pub fn docs_page(rule: &RuleMeta) -> String {
    format!(
        "<!-- Generated from checks/ by `APIAUDIT_BLESS=1 cargo test`; do not edit by hand. -->\n\n{}\n---\n\n{}",
        render(rule, Lang::En),
        render(rule, Lang::Zh)
    )
}
