//! The grants file (SPEC §2): permissions exported from a bank's API platform, one row per
//! application and interface, in `apiaudit-grants.csv` or `apiaudit-grants.{yaml,yml,json}`.
//!
//! CSV: a header row names the columns (`app_id`/`app`/`application`/`应用`, `interface`/
//! `api_id`/`接口`, or `method` and `path`, `status`/`状态`); without one the columns are app,
//! interface, status. YAML/JSON: a list of mappings with the same keys, at the top or under
//! `grants`. The interface is an interface ID, `METHOD /path`, `/path` (any method) or
//! `scope:NAME` (an OAuth scope); a missing status means active.

use super::{extension, relaxed};
use crate::frontend::{Extraction, FrontEnd};
use crate::input::FileInput;
use crate::model::problems::ModelPart;
use crate::model::routes::{line_snippet, status_is_active, At, Grant, GrantKind};
use crate::model::Portfolio;
use crate::parse::{NodeId, Tree};
use crate::settings::Settings;

use crate::source::{SourceFile, Span};

#[derive(Clone, Copy, PartialEq, Eq)]
enum Column {
    App,
    Interface,
    Method,
    Path,
    Status,
}

fn column(name: &str) -> Option<Column> {
    let name = relaxed(name.trim().trim_start_matches('\u{feff}'));
    Some(match name.as_str() {
        "appid" | "app" | "application" | "applicationid" | "client" | "clientid" | "consumer" | "应用"
        | "应用方" | "应用id" | "应用方id" | "应用编号" => Column::App,
        "interface" | "interfaceid" | "api" | "apiid" | "operation" | "endpoint" | "接口" | "统一识别码"
        | "接口编号" | "接口标识" => Column::Interface,
        "method" | "方法" | "请求方法" => Column::Method,
        "path" | "url" | "路径" => Column::Path,
        "status" | "state" | "状态" | "授权状态" => Column::Status,
        _ => return None,
    })
}

/// `apiaudit-grants.{yaml,yml,json,csv}`: permissions exported from an API platform.
/// What this reader takes from a config (when one does not parse, the rules reading these
/// miss it).
const FEEDS: &[ModelPart] = &[ModelPart::Grants];

pub struct Grants;

impl FrontEnd for Grants {
    fn claims(&self, input: &FileInput) -> bool {
        input.file_name().starts_with("apiaudit-grants")
    }

    fn extract(&self, input: &FileInput, _settings: &Settings, out: &mut Extraction) {
        let mut problems = Vec::new();
        extract(input, &mut out.part, &mut problems);
        for (offset, what) in problems {
            super::unparsable(input, offset, what, FEEDS, out);
        }
    }
}

pub fn extract(input: &FileInput, part: &mut Portfolio, problems: &mut Vec<(usize, String)>) {
    let name = input.file_name();
    if !name.starts_with("apiaudit-grants") {
        return;
    }
    match extension(&name) {
        "csv" => csv_grants(&input.file, part, problems),
        "yaml" | "yml" | "json" => match input.structured() {
            Some(tree) => tree_grants(tree, &input.file, part),
            None => {
                if let Err(error) =
                    crate::parse::parse_structured(&input.file.text, crate::parse::Limits::default())
                {
                    problems.push((
                        error.offset as usize,
                        format!("grants file does not parse: {}", error.message),
                    ));
                }
            }
        },
        _ => {}
    }
}

fn grant(file: &SourceFile, span: Span, app: String, interface: String, status: String) -> Grant {
    Grant {
        kind: GrantKind::Grant,
        active: status_is_active(&status),
        app,
        at: At::of(file, span.start),
        interface,
        status,
        snippet: line_snippet(file, span),
        operations: Vec::new(),
    }
}

fn interface_of(interface: Option<String>, method: Option<String>, path: Option<String>) -> Option<String> {
    match (
        interface.filter(|i| !i.is_empty()),
        path.filter(|p| !p.is_empty()),
    ) {
        (Some(interface), _) => Some(interface),
        (None, Some(path)) => Some(match method.filter(|m| !m.is_empty()) {
            Some(method) => format!("{} {path}", method.to_ascii_uppercase()),
            None => path,
        }),
        (None, None) => None,
    }
}

fn csv_grants(file: &SourceFile, part: &mut Portfolio, problems: &mut Vec<(usize, String)>) {
    let records = match crate::parse::csv::parse(&file.text) {
        Ok(records) => records,
        Err((offset, message)) => {
            problems.push((offset, format!("grants file does not parse: {message}")));
            return;
        }
    };
    // A first row that names at least one known column is a header.
    let header: Option<Vec<Option<Column>>> = records
        .first()
        .map(|first| first.fields.iter().map(|f| column(f)).collect::<Vec<_>>())
        .filter(|named| named.iter().any(Option::is_some));
    let skip = usize::from(header.is_some());
    for record in records.iter().skip(skip) {
        let cell = |wanted: Column| -> Option<String> {
            let index = match &header {
                Some(named) => named.iter().position(|c| *c == Some(wanted))?,
                None => match wanted {
                    Column::App => 0,
                    Column::Interface => 1,
                    Column::Status => 2,
                    Column::Method | Column::Path => return None,
                },
            };
            record.fields.get(index).map(|v| v.trim().to_string())
        };
        push_row(
            file,
            part,
            record,
            cell(Column::App),
            cell(Column::Interface),
            cell(Column::Method),
            cell(Column::Path),
            cell(Column::Status),
        );
    }
}

#[allow(clippy::too_many_arguments)]
fn push_row(
    file: &SourceFile,
    part: &mut Portfolio,
    record: &crate::parse::csv::Record,
    app: Option<String>,
    interface: Option<String>,
    method: Option<String>,
    path: Option<String>,
    status: Option<String>,
) {
    let Some(interface) = interface_of(interface, method, path) else {
        return;
    };
    let start = crate::source::floor_char_boundary(&file.text, record.offset);
    let end = file.text[start..]
        .find('\n')
        .map_or(file.text.len(), |n| start + n);
    let span = Span::new(start, end);
    part.grants.push(grant(
        file,
        span,
        app.unwrap_or_default(),
        interface,
        status.unwrap_or_default(),
    ));
}

fn tree_grants(tree: &Tree, file: &SourceFile, part: &mut Portfolio) {
    for &root in tree.roots() {
        let list: NodeId = if tree.is_seq(root) {
            root
        } else if let Some(list) = tree.get(root, "grants") {
            list
        } else {
            continue;
        };
        for &item in tree.items(list) {
            let mut fields: Vec<(Column, String)> = Vec::new();
            for entry in tree.entries(item) {
                if let (Some(column), Some(text)) = (column(&entry.key), tree.scalar_text(entry.value)) {
                    fields.push((column, text.trim().to_string()));
                }
            }
            let get = |wanted: Column| fields.iter().find(|(c, _)| *c == wanted).map(|(_, v)| v.clone());
            let Some(interface) =
                interface_of(get(Column::Interface), get(Column::Method), get(Column::Path))
            else {
                continue;
            };
            part.grants.push(grant(
                file,
                tree.span(item),
                get(Column::App).unwrap_or_default(),
                interface,
                get(Column::Status).unwrap_or_default(),
            ));
        }
    }
}
