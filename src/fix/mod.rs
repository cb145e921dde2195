//! Rectification (整改) of specs: `apiaudit fix` assigns unified interface IDs from the ledger
//! (`ids`, `ledger`), writes the inferred security level where none is declared (or raises an
//! understated one), and fills the sunset date of deprecated operations, editing the files in
//! place through the span-based edit engine (`edit`) or showing a unified diff.
//!
//! A file is never touched when it does not parse, has an unresolved `$ref` (SPEC002) or a
//! reference loop (SPEC003), is in no encoding apiaudit can determine, or when its edited text would not read back as the
//! original plus the new keys. What `fix` would have done but did not is a refusal, with its
//! reason; the command exits 1 when there is one.

pub mod edit;
pub mod ids;
pub mod ledger;

use crate::discover;
use crate::error::AppError;
use crate::findings::Msg;
use crate::frontend::openapi as load;
use crate::model::level_inference::{self, declared_level};
use crate::model::spec::Problem;
use crate::model::{interface_id, lifecycle, Level, Spec};
use crate::parse::NodeId;
use crate::settings::{LevelScheme, Settings};
use crate::source::SourceFile;
use edit::{Edit, Encoding, Expected, Syntax};
use ids::{Decision, OpKey, Planner};
use ledger::Ledger;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What to fix.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub ids: bool,
    pub levels: bool,
    pub raise_levels: bool,
    pub reassign_duplicates: bool,
    pub sunset: Option<String>,
    pub replacement: Option<String>,
}

/// One edit, as reports list it.
#[derive(Debug, Clone, Serialize)]
pub struct Change {
    pub file: String,
    pub line: u32,
    /// `id`, `level`, `sunset`, `replacement`.
    pub kind: &'static str,
    pub method: String,
    pub path: String,
    pub key: String,
    pub old: Option<String>,
    pub new: String,
}

/// Something `fix` would have done and did not.
#[derive(Debug, Clone, Serialize)]
pub struct Refusal {
    pub file: String,
    /// 0 when it concerns the whole file.
    pub line: u32,
    #[serde(skip)]
    pub message: Msg,
}

/// A file's edited form.
#[derive(Debug, Clone)]
pub struct Rewrite {
    pub file: String,
    pub fs_path: PathBuf,
    pub before: String,
    pub after: String,
    pub encoding: Encoding,
}

/// What the ledger gained and lost in the run.
#[derive(Debug, Clone, Default, Serialize)]
pub struct LedgerSummary {
    pub path: String,
    pub added: usize,
    pub retired: usize,
    pub changed: bool,
    #[serde(skip)]
    pub before: String,
    #[serde(skip)]
    pub after: String,
}

#[derive(Debug, Default)]
pub struct Outcome {
    pub specs: usize,
    pub changes: Vec<Change>,
    pub refusals: Vec<Refusal>,
    pub rewrites: Vec<Rewrite>,
    pub ledger: Option<LedgerSummary>,
    /// The ledger itself, to write when not in `--diff` mode.
    pub ledger_file: Option<Ledger>,
}

/// One operation of a prepared spec.
struct OpPlan {
    method: String,
    path: String,
    line: u32,
    map: Option<NodeId>,
    key: OpKey,
    /// The level to insert, or (node, new level) to replace.
    insert_level: Option<Level>,
    raise_level: Option<(NodeId, Level, String)>,
    id_node: Option<NodeId>,
    sunset_missing: bool,
    replacement_missing: bool,
    /// Values present but unusable, that `fix` leaves to a person.
    refusals: Vec<Msg>,
}

/// A spec read for fixing.
struct Prepared {
    /// The file, with the encoding it is written back in.
    file: Arc<SourceFile>,
    syntax: Syntax,
    spec: Spec,
    /// The spec's path relative to the ledger's directory.
    spec_key: String,
    ops: Vec<OpPlan>,
}

enum Read {
    Spec(Box<Prepared>),
    Refused(Refusal),
    NotSpec,
}

/// The ledger of a run: `[interface-id] ledger`, else `apiaudit-ids.csv` in the first path.
pub fn ledger_path(settings: &Settings) -> PathBuf {
    if let Some(path) = &settings.id_ledger {
        return path.clone();
    }
    let root = settings
        .roots
        .first()
        .cloned()
        .unwrap_or_else(|| PathBuf::from("."));
    let dir = if root.is_file() {
        root.parent().map(Path::to_path_buf).unwrap_or_default()
    } else {
        root
    };
    dir.join(ledger::FILE_NAME)
}

/// Plans every edit of the run; writes nothing.
pub fn plan(settings: &Settings, options: &Options) -> Result<Outcome, AppError> {
    let walk = discover::walk_with_progress(settings, &crate::progress::Progress::default())?;
    let ledger_file = ledger_path(settings);
    let ledger_dir = ledger_file
        .parent()
        .map(|p| {
            if p.as_os_str().is_empty() {
                Path::new(".")
            } else {
                p
            }
        })
        .unwrap_or(Path::new("."))
        .to_path_buf();
    let ledger_dir_canonical = ledger_dir.canonicalize().unwrap_or(ledger_dir.clone());
    let read: Vec<Read> = walk
        .files
        .par_iter()
        .filter(|c| c.fs_path != ledger_file)
        .map(|candidate| read_spec(candidate, settings, options, &ledger_dir_canonical))
        .collect();
    let mut outcome = Outcome::default();
    let mut prepared: Vec<Prepared> = Vec::new();
    for item in read {
        match item {
            Read::Spec(spec) => prepared.push(*spec),
            Read::Refused(refusal) => outcome.refusals.push(refusal),
            Read::NotSpec => {}
        }
    }
    outcome.specs = prepared.len();

    // IDs, against the ledger, in path order.
    let mut decisions: Vec<Vec<Decision>> = prepared
        .iter()
        .map(|p| vec![Decision::Keep; p.ops.len()])
        .collect();
    let mut ledger_state: Option<(Ledger, String)> = None;
    let mut planner_data = None;
    if options.ids {
        let institution = settings.institution.clone().ok_or_else(|| {
            AppError::Usage(
                "fix --ids needs the bank's institution code: set `institution` in [interface-id] of apiaudit.toml"
                    .into(),
            )
        })?;
        match Ledger::read(&ledger_file, settings) {
            Err(conflicts) => {
                for conflict in conflicts {
                    outcome.refusals.push(Refusal {
                        file: ledger_file.display().to_string(),
                        line: conflict.line as u32,
                        message: conflict.message,
                    });
                }
            }
            Ok(ledger) => {
                let before = ledger.original.clone().unwrap_or_default();
                ledger_state = Some((ledger, before));
                planner_data = Some(institution);
            }
        }
    }
    let roots: Vec<PathBuf> = settings
        .roots
        .iter()
        .map(|r| r.canonicalize().unwrap_or_else(|_| r.clone()))
        .collect();
    if let (Some((ledger, before)), Some(institution)) = (ledger_state.as_mut(), planner_data.as_ref()) {
        let in_scope: HashSet<String> = prepared.iter().map(|p| p.spec_key.clone()).collect();
        let dir = ledger_dir_canonical.clone();
        let gone = Box::new(move |spec: &str| {
            let path = dir.join(spec);
            !path.exists() && roots.iter().any(|root| path.starts_with(root))
        });
        let mut planner = Planner::new(ledger, settings, institution, in_scope, gone);
        planner.reassign_duplicates = options.reassign_duplicates;
        let keys: Vec<OpKey> = prepared
            .iter()
            .flat_map(|p| p.ops.iter().map(|op| op.key.clone()))
            .collect();
        let flat = planner.plan(&keys);
        let mut at = 0;
        for (index, p) in prepared.iter().enumerate() {
            decisions[index] = flat[at..at + p.ops.len()].to_vec();
            at += p.ops.len();
        }
        // Build and verify each file's edits; a file that fails gives its ledger changes back.
        let mut failed_ops = Vec::new();
        let mut at = 0;
        let mut results = Vec::new();
        for (index, p) in prepared.iter().enumerate() {
            let result = edit_file(p, &decisions[index], settings, options);
            if result.is_err() {
                failed_ops.extend(at..at + p.ops.len());
                planner.in_scope.remove(&p.spec_key);
            }
            results.push(result);
            at += p.ops.len();
        }
        planner.undo(&failed_ops);
        let retired = planner.retire_unclaimed();
        drop(planner);
        collect(&prepared, &decisions, results, &mut outcome);
        let after = ledger.to_csv();
        let added = ledger.rows.iter().filter(|r| r.line == 0).count();
        outcome.ledger = Some(LedgerSummary {
            path: ledger_file.display().to_string(),
            added,
            retired,
            changed: ledger.changed(),
            before: std::mem::take(before),
            after,
        });
    } else {
        let results = prepared
            .iter()
            .zip(&decisions)
            .map(|(p, d)| edit_file(p, d, settings, options))
            .collect();
        collect(&prepared, &decisions, results, &mut outcome);
    }
    outcome.ledger_file = ledger_state.map(|(ledger, _)| ledger);
    outcome
        .changes
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    outcome
        .refusals
        .sort_by(|a, b| (&a.file, a.line).cmp(&(&b.file, b.line)));
    Ok(outcome)
}

type FileEdits = Result<Option<(Rewrite, Vec<Change>)>, Refusal>;

fn collect(
    prepared: &[Prepared],
    decisions: &[Vec<Decision>],
    results: Vec<FileEdits>,
    outcome: &mut Outcome,
) {
    for ((p, decisions), result) in prepared.iter().zip(decisions).zip(results) {
        match result {
            Ok(Some((rewrite, changes))) => {
                outcome.rewrites.push(rewrite);
                outcome.changes.extend(changes);
            }
            Ok(None) => {}
            Err(refusal) => {
                outcome.refusals.push(refusal);
                continue;
            }
        }
        for (op, decision) in p.ops.iter().zip(decisions) {
            let refused = op.refusals.iter().chain(match decision {
                Decision::Refuse(message) => Some(message),
                _ => None,
            });
            for message in refused {
                outcome.refusals.push(Refusal {
                    file: p.file.path.clone(),
                    line: op.line,
                    message: Msg::new(
                        format!("{} {}: {}", op.method, op.path, message.en),
                        format!("{} {}：{}", op.method, op.path, message.zh),
                    ),
                });
            }
        }
    }
}

fn refusal(file: &str, line: u32, en: impl Into<String>, zh: impl Into<String>) -> Refusal {
    Refusal {
        file: file.to_string(),
        line,
        message: Msg::new(en, zh),
    }
}

/// Reads, parses and loads one candidate; None-like results for files that are not specs.
fn read_spec(
    candidate: &discover::Candidate,
    settings: &Settings,
    options: &Options,
    ledger_dir: &Path,
) -> Read {
    // Specs are YAML or JSON files; other text that mentions `openapi` is not `fix`'s.
    let spec_extension = Path::new(&candidate.rel)
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e.to_ascii_lowercase().as_str(), "yaml" | "yml" | "json"));
    if candidate.size > settings.max_spec_size || !spec_extension {
        return Read::NotSpec;
    }
    let Ok(bytes) = std::fs::read(&candidate.fs_path) else {
        return Read::NotSpec;
    };
    if !load::may_be_openapi(&String::from_utf8_lossy(&bytes[..bytes.len().min(1 << 16)]))
        && !load::may_be_openapi(&String::from_utf8_lossy(&bytes))
    {
        return Read::NotSpec;
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(8192)]).is_some() {
        return Read::NotSpec;
    }
    let Some((text, encoding)) = edit::decode(&bytes, settings.encoding_hint(&candidate.rel)) else {
        return Read::Refused(refusal(
            &candidate.path,
            0,
            "encoding not determined (not UTF-8, UTF-16 with a byte-order mark or GB18030; `scan.encoding` can name it): apiaudit rewrites only files it can decode exactly",
            "字符编码无法确定（不是 UTF-8、带字节序标记的 UTF-16 或 GB18030，可用 `scan.encoding` 指定）：apiaudit 只改写能精确解码的文件",
        ));
    };
    let (tree, syntax) = match edit::parse(&text) {
        Ok(parsed) => parsed,
        Err(error) => {
            if !looks_like_spec(&text) {
                return Read::NotSpec;
            }
            let file = SourceFile::new(
                candidate.path.clone(),
                candidate.rel.clone(),
                candidate.fs_path.clone(),
                text,
            );
            let line = file.pos(error.offset).line;
            return Read::Refused(refusal(
                &candidate.path,
                line,
                format!("does not parse (SPEC001: {}); not edited", error.message),
                format!("无法解析（SPEC001：{}），未修改", error.message),
            ));
        }
    };
    if !load::is_openapi(&tree) {
        return Read::NotSpec;
    }
    let file = Arc::new(SourceFile::decoded(
        candidate.path.clone(),
        candidate.rel.clone(),
        candidate.fs_path.clone(),
        text.into(),
        encoding,
    ));
    let unit = load::load(file.clone(), tree, settings);
    for problem in &unit.problems {
        let (code, at, what) = match problem {
            Problem::Unparsable { file, offset, .. } => {
                ("SPEC001", file.pos(offset.to_owned()).line, file.path.clone())
            }
            Problem::UnresolvedRef { file, span, .. } => {
                ("SPEC002", file.pos(span.start).line, file.path.clone())
            }
            Problem::RefCycle { file, span, .. } => ("SPEC003", file.pos(span.start).line, file.path.clone()),
            _ => continue,
        };
        return Read::Refused(refusal(
            &candidate.path,
            if what == candidate.path { at } else { 0 },
            format!("{code} at {what}:{at}; fix that first, the file is not edited"),
            format!("{what}:{at} 存在 {code} 问题，请先修复；本文件未修改"),
        ));
    }
    let Some(spec) = unit.spec else {
        return Read::NotSpec;
    };
    let spec_key = relative(&candidate.fs_path, ledger_dir);
    let ops = plan_ops(&spec, settings, options, &spec_key);
    Read::Spec(Box::new(Prepared {
        file,
        syntax,
        spec,
        spec_key,
        ops,
    }))
}

/// Whether a file that does not parse was meant to be a spec: a line of its head starts with
/// the `openapi`/`swagger` key.
fn looks_like_spec(text: &str) -> bool {
    let mut end = text.len().min(64 * 1024);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[..end].lines().any(|line| {
        let line = line.trim_start().trim_start_matches(['{', '"']);
        line.starts_with("openapi") || line.starts_with("swagger")
    })
}

/// A path relative to the ledger's directory, `/`-separated.
fn relative(path: &Path, base: &Path) -> String {
    let canonical = path.canonicalize().unwrap_or_else(|_| path.to_path_buf());
    let rel = pathdiff::diff_paths(&canonical, base).unwrap_or(canonical);
    rel.to_string_lossy().replace('\\', "/")
}

fn plan_ops(spec: &Spec, settings: &Settings, options: &Options, spec_key: &str) -> Vec<OpPlan> {
    let analyses = level_inference::analyse(spec, settings);
    let ext = &settings.extensions;
    // Operation mappings reached twice (a YAML alias) cannot take two IDs.
    let mut uses: HashMap<(u32, NodeId), usize> = HashMap::new();
    for op in &spec.operations {
        *uses.entry((op.node.doc, op.node.node)).or_default() += 1;
    }
    spec.operations
        .iter()
        .zip(analyses)
        .map(|(op, analysis)| {
            let tree = spec.tree(op.node);
            let editable = op.node.doc == 0
                && uses.get(&(op.node.doc, op.node.node)) == Some(&1)
                && tree.is_map(op.node.node);
            let inferred = analysis.inference.level_in(settings.level_scheme);
            let level_node = spec.get(op.node, &ext.level);
            let level_text = level_node
                .and_then(|n| spec.tree(n).scalar_text(n.node))
                .map(str::trim);
            let declared = declared_level(spec, op, settings);
            let mut insert_level = None;
            let mut raise_level = None;
            let mut level = declared.unwrap_or(inferred);
            let mut raised = false;
            let mut refusals = Vec::new();
            if level_text.is_none_or(str::is_empty) {
                if options.levels && level_node.is_none() {
                    insert_level = Some(inferred);
                    level = inferred;
                } else if options.levels {
                    refusals.push(Msg::new(
                        format!(
                            "`{}` is there but empty: fill it by hand (inferred: {})",
                            ext.level,
                            inferred.as_str()
                        ),
                        format!(
                            "`{}` 存在但为空，请人工填写（推断为 {}）",
                            ext.level,
                            inferred.as_str()
                        ),
                    ));
                }
            } else if let (true, Some(declared), Some(node)) = (options.raise_levels, declared, level_node) {
                let a3_outside = declared == Level::A3 && settings.level_scheme == LevelScheme::Standard;
                if !a3_outside && inferred > declared && node.doc == 0 {
                    raise_level = Some((node.node, inferred, declared.as_str().to_string()));
                    level = inferred;
                    raised = true;
                }
            }
            let id_node = spec.get(op.node, &ext.interface_id);
            let id_text = id_node
                .and_then(|n| spec.tree(n).scalar_text(n.node))
                .map(str::trim);
            let (id, bad_id) = match id_text {
                None if id_node.is_none() => (None, None),
                // An empty value: the key is there, so it is not a place to insert one.
                None | Some("") => (None, Some(String::new())),
                Some(text) => {
                    // Validity against the level the operation will have after this run.
                    let check_level = if raised { declared } else { Some(level) };
                    if interface_id::is_valid(text, check_level, settings) {
                        (Some(text.to_string()), None)
                    } else {
                        (None, Some(text.to_string()))
                    }
                }
            };
            let sunset_missing = op.deprecated
                && spec.get(op.node, &ext.sunset).is_none()
                && lifecycle::sunset(spec, op, &ext.sunset).is_none();
            let replacement_missing = op.deprecated && spec.get(op.node, &ext.replacement).is_none();
            if let (Some(_), true, Some((_, text))) = (
                &options.sunset,
                op.deprecated,
                lifecycle::sunset(spec, op, &ext.sunset),
            ) {
                if lifecycle::parse_date(&text).is_none() {
                    refusals.push(Msg::new(
                        format!("its sunset `{text}` is not a date: correct it by hand"),
                        format!("其下线日期 `{text}` 不是有效日期，请人工更正"),
                    ));
                }
            }
            OpPlan {
                method: op.method.to_ascii_uppercase(),
                path: op.path.clone(),
                line: if op.key_doc == 0 {
                    spec.root_file().pos(op.key_span.start).line
                } else {
                    0
                },
                map: editable.then_some(op.node.node),
                key: OpKey {
                    spec: spec_key.to_string(),
                    method: op.method.to_ascii_uppercase(),
                    path: op.path.clone(),
                    operation_id: op.operation_id.clone().unwrap_or_default(),
                    level,
                    raised,
                    category: ids::category(op, analysis, &settings.vocabulary, settings),
                    id,
                    bad_id,
                    editable,
                },
                insert_level,
                raise_level,
                id_node: id_node.filter(|n| n.doc == 0).map(|n| n.node),
                sunset_missing,
                replacement_missing,
                refusals,
            }
        })
        .collect()
}

/// Builds, applies and verifies one file's edits.
fn edit_file(p: &Prepared, decisions: &[Decision], settings: &Settings, options: &Options) -> FileEdits {
    let ext = &settings.extensions;
    let text = &p.file.text;
    let tree = &p.spec.docs[0].tree;
    let mut edits: Vec<Edit> = Vec::new();
    let mut expected = Expected::default();
    let mut changes = Vec::new();
    let line_of = |offset: usize| p.file.pos(offset as u32).line;
    let fail = |message: String| {
        refusal(
            &p.file.path,
            0,
            format!("the edits could not be made safely ({message}); not edited"),
            format!("无法安全地修改（{message}），未修改"),
        )
    };
    for (op, decision) in p.ops.iter().zip(decisions) {
        let change = |kind: &'static str, key: &str, old: Option<String>, new: String, line: u32| Change {
            file: p.file.path.clone(),
            line,
            kind,
            method: op.method.clone(),
            path: op.path.clone(),
            key: key.to_string(),
            old,
            new,
        };
        let mut inserts: Vec<(String, String)> = Vec::new();
        match decision {
            Decision::Assign { id, .. } => inserts.push((ext.interface_id.clone(), id.clone())),
            Decision::Replace { id, old } => {
                let node = op
                    .id_node
                    .ok_or_else(|| fail("the ID to replace is not in this file".into()))?;
                let edit = edit::replace_scalar(text, tree, p.syntax, node, id).map_err(fail)?;
                changes.push(change(
                    "id",
                    &ext.interface_id,
                    Some(old.clone()),
                    id.clone(),
                    line_of(edit.start),
                ));
                if let Some(map) = op.map {
                    expected.entries.push((map, ext.interface_id.clone(), id.clone()));
                }
                edits.push(edit);
            }
            Decision::Keep | Decision::Refuse(_) => {}
        }
        if let Some(level) = op.insert_level {
            inserts.push((ext.level.clone(), level.as_str().to_string()));
        }
        if let Some((node, level, old)) = &op.raise_level {
            let edit = edit::replace_scalar(text, tree, p.syntax, *node, level.as_str()).map_err(fail)?;
            changes.push(change(
                "level",
                &ext.level,
                Some(old.clone()),
                level.as_str().to_string(),
                line_of(edit.start),
            ));
            if let Some(map) = op.map {
                expected
                    .entries
                    .push((map, ext.level.clone(), level.as_str().to_string()));
            }
            edits.push(edit);
        }
        if let (Some(date), true) = (&options.sunset, op.sunset_missing) {
            inserts.push((ext.sunset.clone(), date.clone()));
        }
        if let (Some(replacement), true) = (&options.replacement, op.replacement_missing) {
            inserts.push((ext.replacement.clone(), replacement.clone()));
        }
        if inserts.is_empty() {
            continue;
        }
        let Some(map) = op.map else {
            continue;
        };
        let edit = edit::insert_entries(text, tree, p.syntax, map, &inserts).map_err(fail)?;
        let line = line_of(edit.start);
        for (key, value) in &inserts {
            let kind = if key == &ext.interface_id {
                "id"
            } else if key == &ext.level {
                "level"
            } else if key == &ext.sunset {
                "sunset"
            } else {
                "replacement"
            };
            changes.push(change(kind, key, None, value.clone(), line));
            expected.entries.push((map, key.clone(), value.clone()));
        }
        edits.push(edit);
    }
    if edits.is_empty() {
        return Ok(None);
    }
    let after = edit::apply(text, &edits);
    let (new_tree, _) =
        edit::parse(&after).map_err(|e| fail(format!("the edited text does not parse: {}", e.message)))?;
    edit::verify(tree, &new_tree, &expected).map_err(fail)?;
    Ok(Some((
        Rewrite {
            file: p.file.path.clone(),
            fs_path: p.file.fs_path.clone(),
            before: text.to_string(),
            after,
            encoding: p.file.encoding,
        },
        changes,
    )))
}

/// Writes the edited files and the ledger.
pub fn write(outcome: &Outcome) -> Result<(), AppError> {
    for rewrite in &outcome.rewrites {
        let bytes = edit::encode(&rewrite.after, rewrite.encoding).ok_or_else(|| {
            AppError::Usage(format!(
                "{}: the edit holds a character {} cannot write; not written",
                rewrite.fs_path.display(),
                rewrite.encoding
            ))
        })?;
        std::fs::write(&rewrite.fs_path, bytes).map_err(|error| AppError::Io {
            what: format!("cannot write {}", rewrite.fs_path.display()),
            error,
        })?;
    }
    if let (Some(summary), Some(ledger)) = (&outcome.ledger, &outcome.ledger_file) {
        if summary.changed {
            std::fs::write(&ledger.path, &summary.after).map_err(|error| AppError::Io {
                what: format!("cannot write {}", ledger.path.display()),
                error,
            })?;
        }
    }
    Ok(())
}

/// A unified diff of every change, the ledger's included.
pub fn diff(outcome: &Outcome) -> String {
    let mut out = String::new();
    for rewrite in &outcome.rewrites {
        out.push_str(
            &similar::TextDiff::from_lines(&rewrite.before, &rewrite.after)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{}", rewrite.file), &format!("b/{}", rewrite.file))
                .to_string(),
        );
    }
    if let Some(ledger) = outcome.ledger.as_ref().filter(|l| l.changed) {
        let name = ledger.path.replace('\\', "/");
        out.push_str(
            &similar::TextDiff::from_lines(&ledger.before, &ledger.after)
                .unified_diff()
                .context_radius(3)
                .header(&format!("a/{name}"), &format!("b/{name}"))
                .to_string(),
        );
    }
    out
}

#[cfg(test)]
mod tests;
