//! The interface-ID ledger (`apiaudit-ids.csv`): every unified ID ever allocated, one row each,
//! so allocation is stable across runs and unique across every repository that shares the
//! file. Rows are never deleted: an operation that disappears keeps its row as `retired`, and
//! the serial of a retired ID is never given again (the next serial is always above every
//! serial the ledger holds).
//!
//! Columns: `id,method,path,spec,operationId,level,category,status,allocated,replaces`
//! (`replaces`: the ID a re-issued one replaced, e.g. after `--reassign-duplicates`). A ledger
//! edited by hand into an inconsistent state (two rows with one ID, a malformed ID, two live rows
//! for one operation) is refused with the line of the offending row.

use crate::findings::Msg;
use crate::model::interface_id;
use crate::model::Level;
use crate::settings::Settings;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "apiaudit-ids.csv";
pub const HEADER: [&str; 10] = [
    "id",
    "method",
    "path",
    "spec",
    "operationId",
    "level",
    "category",
    "status",
    "allocated",
    "replaces",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Active,
    Retired,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Active => "active",
            Status::Retired => "retired",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub id: String,
    pub method: String,
    pub path: String,
    /// The spec file, relative to the ledger's directory, `/`-separated.
    pub spec: String,
    pub operation_id: String,
    pub level: String,
    pub category: String,
    pub status: Status,
    /// `YYYY-MM-DD`.
    pub allocated: String,
    pub replaces: String,
    /// Line in the file it was read from (0 for a new row).
    pub line: usize,
}

impl Row {
    /// The numeric serial (the last 8 characters), when it is all digits.
    pub fn serial(&self) -> Option<u64> {
        serial_of(&self.id)
    }
}

pub fn serial_of(id: &str) -> Option<u64> {
    let tail = id.get(id.len().checked_sub(8)?..)?;
    tail.bytes()
        .all(|b| b.is_ascii_digit())
        .then(|| tail.parse().ok())
        .flatten()
}

/// A row the ledger refuses, with its line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Conflict {
    pub line: usize,
    pub message: Msg,
}

#[derive(Debug, Clone)]
pub struct Ledger {
    pub path: PathBuf,
    pub rows: Vec<Row>,
    /// The file as read (None when it did not exist), to tell whether anything changed.
    pub original: Option<String>,
    by_id: HashMap<String, usize>,
}

impl Ledger {
    /// Reads the ledger at `path` (an absent file is an empty ledger) and checks every row.
    pub fn read(path: &Path, settings: &Settings) -> Result<Ledger, Vec<Conflict>> {
        let text = match std::fs::read(path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(text) => Some(text),
                Err(_) => {
                    return Err(vec![Conflict {
                        line: 1,
                        message: Msg::same("the ledger is not UTF-8 text"),
                    }])
                }
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => None,
            Err(error) => {
                return Err(vec![Conflict {
                    line: 0,
                    message: Msg::new(
                        format!("cannot read the ledger: {error}"),
                        format!("无法读取台账：{error}"),
                    ),
                }])
            }
        };
        let rows = match &text {
            Some(text) => parse(text.trim_start_matches('\u{feff}'))?,
            None => Vec::new(),
        };
        let mut ledger = Ledger {
            path: path.to_path_buf(),
            rows,
            original: text,
            by_id: HashMap::new(),
        };
        let conflicts = ledger.check(settings);
        if conflicts.is_empty() {
            Ok(ledger)
        } else {
            Err(conflicts)
        }
    }

    /// The row index of an ID.
    pub fn find(&self, id: &str) -> Option<usize> {
        self.by_id.get(id).copied()
    }

    pub fn push(&mut self, row: Row) -> usize {
        let index = self.rows.len();
        self.by_id.insert(row.id.clone(), index);
        self.rows.push(row);
        index
    }

    /// Drops rows added in this run (never rows read from the file).
    pub fn remove(&mut self, ids: &HashSet<String>) {
        self.rows.retain(|row| row.line > 0 || !ids.contains(&row.id));
        self.by_id = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| (row.id.clone(), i))
            .collect();
    }

    /// The next serial: above every numeric serial the ledger holds, retired rows included.
    pub fn next_serial(&self) -> u64 {
        self.rows
            .iter()
            .filter_map(Row::serial)
            .max()
            .map_or(1, |max| max + 1)
    }

    /// Checks every row; fills the ID index.
    fn check(&mut self, settings: &Settings) -> Vec<Conflict> {
        let mut conflicts = Vec::new();
        let mut live: HashMap<(String, String, String), usize> = HashMap::new();
        self.by_id.clear();
        for (index, row) in self.rows.iter().enumerate() {
            let mut refuse = |en: String, zh: String| {
                conflicts.push(Conflict {
                    line: row.line,
                    message: Msg::new(en, zh),
                })
            };
            let problems = interface_id::encoding_problems(&row.id, settings);
            if !problems.is_empty() {
                let en: Vec<&str> = problems.iter().map(|m| m.en.as_str()).collect();
                let zh: Vec<&str> = problems.iter().map(|m| m.zh.as_str()).collect();
                refuse(
                    format!("ID `{}` {}", row.id, en.join("; ")),
                    format!("识别码 `{}` {}", row.id, zh.join("；")),
                );
            }
            if let Some(institution) = &settings.institution {
                if let Some(segment) = interface_id::institution_mismatch(&row.id, institution) {
                    refuse(
                        format!(
                            "ID `{}` carries institution code `{segment}`, not `{institution}`",
                            row.id
                        ),
                        format!(
                            "识别码 `{}` 的机构编码为 `{segment}`，而非 `{institution}`",
                            row.id
                        ),
                    );
                }
            }
            match Level::parse(&row.level) {
                Some(level) => {
                    if interface_id::level_mismatch(&row.id, level).is_some() {
                        refuse(
                            format!(
                                "ID `{}` does not carry the level segment of {}",
                                row.id, row.level
                            ),
                            format!("识别码 `{}` 的安全级别段与 {} 不符", row.id, row.level),
                        );
                    }
                }
                None => refuse(
                    format!("level `{}` is not A1, A2 or A3", row.level),
                    format!("安全级别 `{}` 不是 A1、A2 或 A3", row.level),
                ),
            }
            if chrono::NaiveDate::parse_from_str(&row.allocated, "%Y-%m-%d").is_err() {
                refuse(
                    format!("allocated date `{}` is not YYYY-MM-DD", row.allocated),
                    format!("分配日期 `{}` 不是 YYYY-MM-DD 格式", row.allocated),
                );
            }
            if row.method.is_empty() || row.path.is_empty() || row.spec.is_empty() {
                refuse(
                    "method, path and spec must be filled".into(),
                    "method、path 和 spec 不能为空".into(),
                );
            }
            if let Some(&first) = self.by_id.get(&row.id) {
                let first_line = self.rows[first].line;
                refuse(
                    format!(
                        "ID `{}` appears again (first on line {first_line}); an ID names one operation",
                        row.id
                    ),
                    format!(
                        "识别码 `{}` 重复出现（首次见第 {first_line} 行）；一个识别码只能对应一个接口",
                        row.id
                    ),
                );
            } else {
                self.by_id.insert(row.id.clone(), index);
            }
            if row.status == Status::Active {
                let key = (
                    row.spec.clone(),
                    row.method.to_ascii_uppercase(),
                    row.path.clone(),
                );
                if let Some(&first) = live.get(&key) {
                    let first_line = self.rows[first].line;
                    refuse(
                        format!(
                            "{} {} in {} already has an active ID on line {first_line}",
                            row.method, row.path, row.spec
                        ),
                        format!(
                            "{} 中的 {} {} 已在第 {first_line} 行有生效的识别码",
                            row.spec, row.method, row.path
                        ),
                    );
                } else {
                    live.insert(key, index);
                }
            }
        }
        conflicts
    }

    /// The ledger as CSV: the header, then the rows in the order they were allocated.
    pub fn to_csv(&self) -> String {
        let mut writer = csv::WriterBuilder::new()
            .terminator(csv::Terminator::Any(b'\n'))
            .from_writer(Vec::new());
        // Writing to memory cannot fail.
        let _ = writer.write_record(HEADER);
        for row in &self.rows {
            let _ = writer.write_record([
                row.id.as_str(),
                row.method.as_str(),
                row.path.as_str(),
                row.spec.as_str(),
                row.operation_id.as_str(),
                row.level.as_str(),
                row.category.as_str(),
                row.status.as_str(),
                row.allocated.as_str(),
                row.replaces.as_str(),
            ]);
        }
        let bytes = writer.into_inner().unwrap_or_default();
        String::from_utf8(bytes).unwrap_or_default()
    }

    /// Whether the ledger differs from the file it was read from.
    pub fn changed(&self) -> bool {
        self.original.as_deref() != Some(self.to_csv().as_str())
    }
}

/// Reads the CSV rows; the header must name the columns (the last, `replaces`, may be absent).
fn parse(text: &str) -> Result<Vec<Row>, Vec<Conflict>> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    let mut conflicts = Vec::new();
    let mut header_seen = false;
    for record in reader.records() {
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line() as usize);
                conflicts.push(Conflict {
                    line,
                    message: Msg::new(format!("not CSV: {error}"), format!("不是有效的 CSV：{error}")),
                });
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        if record.iter().all(|field| field.trim().is_empty()) {
            continue;
        }
        if !header_seen {
            header_seen = true;
            let names: Vec<&str> = record.iter().map(str::trim).collect();
            if names.len() < HEADER.len() - 1 || names.iter().zip(HEADER).any(|(a, b)| *a != b) {
                conflicts.push(Conflict {
                    line,
                    message: Msg::new(
                        format!("the header must be `{}`", HEADER.join(",")),
                        format!("表头应为 `{}`", HEADER.join(",")),
                    ),
                });
                return Err(conflicts);
            }
            continue;
        }
        if record.len() != HEADER.len() && record.len() != HEADER.len() - 1 {
            conflicts.push(Conflict {
                line,
                message: Msg::new(
                    format!("{} fields; a row has {}", record.len(), HEADER.len()),
                    format!("有 {} 个字段，每行应为 {} 个", record.len(), HEADER.len()),
                ),
            });
            continue;
        }
        let field = |i: usize| record.get(i).unwrap_or("").trim().to_string();
        let status = match field(7).as_str() {
            "active" => Status::Active,
            "retired" => Status::Retired,
            other => {
                conflicts.push(Conflict {
                    line,
                    message: Msg::new(
                        format!("status `{other}` is not `active` or `retired`"),
                        format!("状态 `{other}` 不是 `active` 或 `retired`"),
                    ),
                });
                continue;
            }
        };
        rows.push(Row {
            id: field(0),
            method: field(1),
            path: field(2),
            spec: field(3),
            operation_id: field(4),
            level: field(5),
            category: field(6),
            status,
            allocated: field(8),
            replaces: field(9),
            line,
        });
    }
    if conflicts.is_empty() {
        Ok(rows)
    } else {
        Err(conflicts)
    }
}
