//! DATA005: error responses and examples that leak internals: stack traces, exception class
//! names, SQL text and database error codes, server and middleware versions, internal
//! addresses (JR/T 0185-2020 chapter 7: error and debug output must not reveal server,
//! middleware, database or internal network details).

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::schema::walk_properties;
use crate::model::spec::NodeRef;
use crate::model::Spec;
use crate::rules::{Ctx, Rule};
use regex::Regex;
use std::collections::HashSet;
use std::sync::OnceLock;

pub struct InternalDetailsLeak;

/// (what it is in English, in Chinese, pattern). ASCII classes only (`[[:word:]]`, not `\w`)
/// and ASCII word boundaries (see `leaks`): a Unicode class under a counted repetition makes the
/// lazy DFA give up and the slowest matcher run on every example of a large spec.
const LEAKS: &[(&str, &str, &str)] = &[
    (
        "a stack trace",
        "堆栈信息",
        r"(?:\bat [A-Za-z_$][[:word:]$]*(?:\.[[:word:]$<>]+)+\([[:word:]$]+\.(?:java|kt|scala|groovy):[[:digit:]]+\)|Traceback \(most recent call last\)|File \x22[^\x22]+\.py\x22, line [[:digit:]]+|\bgoroutine [[:digit:]]+ \[|\.cs:line [[:digit:]]+)",
    ),
    (
        "an exception class name",
        "异常类名",
        r"\b(?:(?:java|javax|jakarta|org|com|net|io|cn)\.[[:word:].]+\.)?[A-Z][[:word:]]*Exception\b|\b(?:java|javax|jakarta|org|com)\.[[:word:].]+Error\b",
    ),
    (
        "SQL or a database error",
        "SQL 语句或数据库错误",
        r"(?i)\bselect[[:space:]]+[[:word:]*,[:space:].]{1,200}?[[:space:]]+from[[:space:]]+[[:word:]]+|\binsert[[:space:]]+into[[:space:]]+[[:word:]]+|\bupdate[[:space:]]+[[:word:]]+[[:space:]]+set[[:space:]]+[[:word:]]+[[:space:]]*=|\bdelete[[:space:]]+from[[:space:]]+[[:word:]]+|\bORA-[[:digit:]]{5}\b|\bSQLSTATE\b|error in your SQL syntax|\bduplicate key value violates\b",
    ),
    (
        "a server or middleware version",
        "服务器或中间件版本",
        r"(?i)\b(?:apache(?:-coyote)?|apache tomcat|tomcat|nginx|microsoft-iis|jetty|weblogic|websphere|jboss|wildfly|express|php|kestrel|openresty|tengine|gunicorn|uvicorn|werkzeug|undertow|spring boot|mysql|postgresql|redis|oracle database)[/ ]v?[[:digit:]]+(?:\.[[:digit:]]+)+",
    ),
    (
        "an internal network address",
        "内部网络地址",
        r"\b(?:10\.[[:digit:]]{1,3}\.[[:digit:]]{1,3}\.[[:digit:]]{1,3}|192\.168\.[[:digit:]]{1,3}\.[[:digit:]]{1,3}|172\.(?:1[6-9]|2[[:digit:]]|3[01])\.[[:digit:]]{1,3}\.[[:digit:]]{1,3})\b|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:internal|local|corp|intranet|lan)\b",
    ),
];

fn leaks() -> &'static [(usize, Regex)] {
    static COMPILED: OnceLock<Vec<(usize, Regex)>> = OnceLock::new();
    COMPILED.get_or_init(|| {
        let _setup = crate::progress::timings::phase(crate::progress::timings::Stage::Detectors);
        LEAKS
            .iter()
            .enumerate()
            .filter_map(|(i, (_, _, pattern))| {
                // ASCII word boundaries: Chinese text in an example would otherwise send every
                // search to the regex engine's slowest matcher (a quarter of a GitHub-sized run).
                Regex::new(&crate::secrets::ascii_word_boundaries(pattern))
                    .ok()
                    .map(|r| (i, r))
            })
            .collect()
    })
}

/// Error-schema properties whose presence exposes internals.
const LEAKY_PROPERTIES: &[&str] = &[
    "stacktrace",
    "stack_trace",
    "stack",
    "trace",
    "exception",
    "exceptionclass",
    "exception_class",
    "sqlstate",
    "sql_state",
    "sql",
    "debuginfo",
    "debug_info",
];

/// How many scalars of one example are read at most.
const MAX_SCALARS: usize = 2000;

fn scalars(spec: &Spec, at: NodeRef, out: &mut Vec<NodeRef>, seen: &mut HashSet<NodeRef>, depth: usize) {
    if depth > 32 || out.len() >= MAX_SCALARS {
        return;
    }
    let Some(at) = spec.resolve(at) else {
        return;
    };
    if !seen.insert(at) {
        return;
    }
    let tree = spec.tree(at);
    if tree.is_map(at.node) {
        for (_, _, value) in spec.entries(at) {
            scalars(spec, value, out, seen, depth + 1);
        }
    } else if tree.is_seq(at.node) {
        for item in spec.items(at) {
            scalars(spec, item, out, seen, depth + 1);
        }
    } else if tree.str(at.node).is_some() {
        out.push(at);
    }
}

impl Rule for InternalDetailsLeak {
    fn code(&self) -> RuleCode {
        RuleCode::DATA005
    }

    fn scope(&self) -> Scope {
        Scope::Spec
    }

    fn check_spec(&self, spec: &Spec, ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let ext = &ctx.settings.extensions;
        let mut reported = HashSet::new();
        let mut reported_properties = HashSet::new();
        for op in &spec.operations {
            for response in &op.responses {
                let error = response.status.starts_with('4')
                    || response.status.starts_with('5')
                    || response.status == "default";
                // Example values of the response, every status.
                let mut values = Vec::new();
                let mut seen = HashSet::new();
                for example in &response.examples {
                    scalars(spec, *example, &mut values, &mut seen, 0);
                }
                // Error schemas: leaky properties, and their example, default and enum values.
                let mut properties = Vec::new();
                if error {
                    for body in &response.bodies {
                        let Some(schema) = body.schema else {
                            continue;
                        };
                        let mut budget = 0usize;
                        walk_properties(spec, schema, &mut |property| {
                            budget += 1;
                            if budget > 2000 {
                                return;
                            }
                            let name = property.name.to_ascii_lowercase();
                            if LEAKY_PROPERTIES.contains(&name.as_str()) {
                                properties.push((
                                    property.name.to_string(),
                                    property.key_doc,
                                    property.key_span,
                                ));
                            }
                            for key in ["example", "default", "enum"] {
                                if let Some(node) = spec.get(property.schema, key) {
                                    scalars(spec, node, &mut values, &mut seen, 0);
                                }
                            }
                        });
                    }
                }
                // A `Server` or `X-Powered-By` header whose example names a version.
                for (name, header) in &response.headers {
                    let lower = name.to_ascii_lowercase();
                    if lower == "server" || lower == "x-powered-by" {
                        for key in ["example", "schema"] {
                            if let Some(node) = spec.get(*header, key) {
                                let node = if key == "schema" {
                                    spec.get(node, "example")
                                } else {
                                    Some(node)
                                };
                                if let Some(node) = node {
                                    scalars(spec, node, &mut values, &mut seen, 0);
                                }
                            }
                        }
                    }
                }
                for node in values {
                    let Some(text) = spec.str(node) else {
                        continue;
                    };
                    let Some((index, found)) = leaks()
                        .iter()
                        .find_map(|(i, regex)| regex.find(text).map(|m| (*i, m.as_str())))
                    else {
                        continue;
                    };
                    if !reported.insert(node) {
                        continue;
                    }
                    let (en, zh, _) = LEAKS[index];
                    let shown: String = found.chars().take(80).collect();
                    out.push(
                        spec.op_finding(
                            self.code(),
                            op,
                            Some(node),
                            Msg::new(
                                format!(
                                    "response {} of {} {} shows {en}: `{shown}`",
                                    response.status, op.method, op.path
                                ),
                                format!(
                                    "接口 {} {} 的响应 {} 暴露了{zh}：`{shown}`",
                                    op.method, op.path, response.status
                                ),
                            ),
                            ext,
                        )
                        .with_help(Msg::new(
                            "return a business error code and a neutral message (`{code: \"E1001\", message: \"系统繁忙\"}`); keep stack traces, SQL, versions and internal addresses in server-side logs",
                            "只返回业务错误码和中性的提示信息（如 `{code: \"E1001\", message: \"系统繁忙\"}`）；堆栈、SQL、版本号和内部地址只记录在服务端日志中",
                        )),
                    );
                }
                for (name, doc, span) in properties {
                    if !reported_properties.insert((doc, span.start)) {
                        continue;
                    }
                    out.push(
                        spec.finding_span(
                            self.code(),
                            doc,
                            span,
                            Msg::new(
                                format!(
                                    "error response {} of {} {} has a `{name}` property, which exposes internals",
                                    response.status, op.method, op.path
                                ),
                                format!(
                                    "接口 {} {} 的错误响应 {} 含有 `{name}` 字段，会暴露内部细节",
                                    op.method, op.path, response.status
                                ),
                            ),
                        )
                        .with_operation(spec.op_ref(op, ext))
                        .with_help(Msg::new(
                            "remove debugging properties from error responses; return a business error code, a neutral message and a trace ID to look the details up in server-side logs",
                            "从错误响应中去除调试字段；只返回业务错误码、中性提示和用于在服务端日志中检索详情的追踪号",
                        )),
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles_and_matches_beside_chinese_text() {
        assert_eq!(leaks().len(), LEAKS.len(), "a pattern failed to compile");
        let samples = [
            "异常：at com.bank.pay.Service.run(Service.java:42)",
            "错误 java.lang.NullPointerException 发生",
            "SQL：select id, name from accounts 失败",
            "服务器 nginx/1.18.0 返回",
            "地址 10.1.2.3 不可达",
        ];
        for (index, sample) in samples.iter().enumerate() {
            assert!(
                leaks()
                    .iter()
                    .any(|(i, regex)| *i == index && regex.is_match(sample)),
                "{sample}"
            );
        }
    }
}
