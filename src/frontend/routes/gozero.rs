//! go-zero API definitions (`.api` files): each `service` block's routes
//! (`post /user/login (LoginReq) returns (LoginResp)`), under the `prefix` of the `@server(...)`
//! block before it, with the `@handler` name and the `@doc` summary. `goctl` generates
//! `routes.go` from these; both are read, and the same operation found twice is one.

use super::facts::{DirectRoute, Expr, FileFacts, OpInfo};
use super::syntax::http_method;
use crate::source::SourceFile;

pub fn read(file: &SourceFile, facts: &mut FileFacts) {
    let text = &file.text;
    if !text.contains("service ") {
        return;
    }
    facts.read = true;
    let mut prefix = String::new();
    let mut security = Vec::new();
    let mut in_server = false;
    let mut in_service = false;
    let mut handler = String::new();
    let mut summary: Option<String> = None;
    let mut offset = 0usize;
    for raw in text.split_inclusive('\n') {
        let line_start = offset;
        offset += raw.len();
        let line = raw.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        if line.starts_with("@server") {
            in_server = !line.contains(')');
            prefix.clear();
            security.clear();
            read_server_line(
                line.trim_start_matches("@server").trim_start_matches('('),
                &mut prefix,
                &mut security,
            );
            continue;
        }
        if in_server {
            if line.starts_with(')') {
                in_server = false;
            } else {
                read_server_line(line, &mut prefix, &mut security);
            }
            continue;
        }
        if line.starts_with("service ") && line.ends_with('{') {
            in_service = true;
            continue;
        }
        if !in_service {
            continue;
        }
        if line.starts_with('}') {
            in_service = false;
            prefix.clear();
            security.clear();
            continue;
        }
        if let Some(name) = line.strip_prefix("@handler") {
            handler = name.trim().to_string();
            continue;
        }
        if let Some(doc) = line.strip_prefix("@doc") {
            let doc = doc.trim().trim_start_matches('(').trim_end_matches(')').trim();
            let doc = doc.strip_prefix("summary:").unwrap_or(doc).trim();
            summary = Some(doc.trim_matches('"').to_string()).filter(|s| !s.is_empty());
            continue;
        }
        let mut words = line.split_whitespace();
        let (Some(verb), Some(path)) = (words.next(), words.next()) else {
            continue;
        };
        let Some(method) = http_method(verb)
            .filter(|m| m.eq_ignore_ascii_case(verb) && verb.chars().all(|c| c.is_ascii_lowercase()))
        else {
            continue;
        };
        let path = path.split('(').next().unwrap_or(path);
        let at = file.pos((line_start + raw.len() - raw.trim_start().len()) as u32);
        facts.direct.push(DirectRoute {
            methods: vec![method.to_string()],
            path: Expr::lit(super::paths::join([prefix.as_str(), path])),
            handler: std::mem::take(&mut handler),
            framework: "go-zero",
            line: at.line,
            column: at.col,
            info: OpInfo {
                summary: summary.take(),
                security: security.clone(),
                ..OpInfo::default()
            },
            optional: false,
            unless_dispatches: None,
        });
    }
}

/// `prefix: /v1`, `jwt: Auth` inside `@server(...)`.
fn read_server_line(line: &str, prefix: &mut String, security: &mut Vec<String>) {
    let line = line.trim_end_matches(')').trim();
    let Some((key, value)) = line.split_once(':') else {
        return;
    };
    let value = value.trim().trim_matches('"');
    match key.trim() {
        "prefix" => *prefix = value.to_string(),
        "jwt" | "signature" => security.push(format!("{}: {value}", key.trim())),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn service_blocks_give_routes_under_their_prefix() {
        let text = "syntax = \"v1\"\n@server(\n  jwt: Auth\n  prefix: /v1\n)\nservice pay-api {\n  @doc \"转账\"\n  @handler transfer\n  post /transfers/:id (TransferReq) returns (TransferResp)\n  // get /commented\n}\nservice pay-api {\n  @handler ping\n  get /ping\n}\n";
        let file = SourceFile::new("pay.api".into(), "pay.api".into(), "pay.api".into(), text.into());
        let mut facts = FileFacts::default();
        read(&file, &mut facts);
        let routes: Vec<(String, String, u32)> = facts
            .direct
            .iter()
            .map(|r| (r.methods[0].clone(), r.path.literal().unwrap_or_default(), r.line))
            .collect();
        assert_eq!(
            routes,
            [
                ("POST".to_string(), "/v1/transfers/:id".to_string(), 9),
                ("GET".to_string(), "/ping".to_string(), 14)
            ]
        );
        assert_eq!(facts.direct[0].info.summary.as_deref(), Some("转账"));
        assert_eq!(facts.direct[0].handler, "transfer");
    }
}
