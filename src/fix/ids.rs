//! Unified interface IDs for `fix`: the service category an operation belongs to, the ID layout
//! of annex B, and allocation against the ledger.
//!
//! Allocation is stable. An operation that carries a valid ID keeps it (and the ledger records
//! it). One without an ID gets the ID of the live ledger row that describes it: same spec,
//! method and path; else same spec and operationId (renamed path); else, among rows whose spec
//! was audited in this run or no longer exists (never another repository's rows), the one row
//! with its method and path or its operationId (moved file). Only then is a new serial issued.
//! Live rows of the audited specs that no operation claimed are retired.

use super::ledger::{Ledger, Row, Status};
use crate::catalogue::vocabulary::Vocabulary;
use crate::findings::Msg;
use crate::model::interface_id;
use crate::model::level_inference::OpAnalysis;
use crate::model::{Level, Operation};
use crate::settings::Settings;
use std::collections::{HashMap, HashSet};

pub const INVESTMENT_TABLE: &str = "category-investment";

/// The six-character service category of an operation: investment terms, else fund-moving
/// terms (payment), else account services.
pub fn category(
    op: &Operation,
    analysis: &OpAnalysis,
    vocabulary: &Vocabulary,
    settings: &Settings,
) -> String {
    let lexicon = vocabulary.lexicon(&[INVESTMENT_TABLE]);
    let mut texts: Vec<&str> = vec![&op.path];
    texts.extend(op.operation_id.as_deref());
    texts.extend(op.summary.as_deref());
    texts.extend(op.tags.iter().map(String::as_str));
    let categories = &settings.id_categories;
    if texts.iter().any(|text| !lexicon.scan(text).is_empty()) {
        categories.investment.clone()
    } else if !analysis.inference.fund_terms.is_empty() {
        categories.payment.clone()
    } else {
        categories.account.clone()
    }
}

/// An ID in annex B's layout.
pub fn compose(institution: &str, level: Level, category: &str, serial: u64) -> String {
    format!(
        "OP{institution}{}{category}{serial:08}",
        interface_id::level_segment(level)
    )
}

/// What the planner knows of one operation.
#[derive(Debug, Clone)]
pub struct OpKey {
    /// Ledger-relative spec path.
    pub spec: String,
    pub method: String,
    pub path: String,
    pub operation_id: String,
    /// The level the operation will be declared with once the level edits are applied.
    pub level: Level,
    /// Whether the level was just raised (`--raise-levels`): its ID is re-issued.
    pub raised: bool,
    pub category: String,
    /// The ID it carries now, when it is valid.
    pub id: Option<String>,
    /// It carries an ID that is not valid (left alone and reported).
    pub bad_id: Option<String>,
    /// The operation can be edited (its mapping is in the spec file itself, not shared).
    pub editable: bool,
}

/// What happens to one operation's ID.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// It keeps the ID it has.
    Keep,
    /// It gets this ID written (new, or from its ledger row).
    Assign { id: String, from_ledger: bool },
    /// Its ID is replaced by this one (a duplicate, or the level changed).
    Replace { id: String, old: String },
    /// Nothing is done, for this reason.
    Refuse(Msg),
}

/// Ledger changes done for one operation, so they can be undone when its file is not written.
#[derive(Debug, Clone)]
pub enum Undo {
    Added(String),
    Changed(usize, Box<Row>),
}

pub struct Planner<'a> {
    pub ledger: &'a mut Ledger,
    pub settings: &'a Settings,
    pub institution: &'a str,
    pub today: String,
    pub reassign_duplicates: bool,
    /// Ledger-relative spec paths audited in this run without problems.
    pub in_scope: HashSet<String>,
    /// Whether a row's spec path is gone from disk and lies under a scanned root.
    pub gone: Box<dyn Fn(&str) -> bool + 'a>,
    /// Rows claimed by an operation of this run.
    claimed: HashSet<usize>,
    /// Undo log per operation index.
    pub undo: Vec<Vec<Undo>>,
    next_serial: u64,
}

impl<'a> Planner<'a> {
    pub fn new(
        ledger: &'a mut Ledger,
        settings: &'a Settings,
        institution: &'a str,
        in_scope: HashSet<String>,
        gone: Box<dyn Fn(&str) -> bool + 'a>,
    ) -> Self {
        let next_serial = ledger.next_serial();
        Planner {
            ledger,
            settings,
            institution,
            today: settings.today.format("%Y-%m-%d").to_string(),
            reassign_duplicates: false,
            in_scope,
            gone,
            claimed: HashSet::new(),
            undo: Vec::new(),
            next_serial,
        }
    }

    fn row_for(&self, op: &OpKey, id: &str, replaces: &str) -> Row {
        Row {
            id: id.to_string(),
            method: op.method.clone(),
            path: op.path.clone(),
            spec: op.spec.clone(),
            operation_id: op.operation_id.clone(),
            level: op.level.as_str().to_string(),
            category: op.category.clone(),
            status: Status::Active,
            allocated: self.today.clone(),
            replaces: replaces.to_string(),
            line: 0,
        }
    }

    fn change(&mut self, index: usize, undo: &mut Vec<Undo>, update: impl FnOnce(&mut Row)) {
        let before = self.ledger.rows[index].clone();
        update(&mut self.ledger.rows[index]);
        if self.ledger.rows[index] != before {
            undo.push(Undo::Changed(index, Box::new(before)));
        }
    }

    /// A fresh ID: the next serial, skipping any that the ledger or this run already holds.
    fn allocate(&mut self, op: &OpKey, taken: &HashSet<String>) -> String {
        loop {
            let id = compose(self.institution, op.level, &op.category, self.next_serial);
            self.next_serial += 1;
            if self.ledger.find(&id).is_none() && !taken.contains(&id) {
                return id;
            }
        }
    }

    /// Decides every operation's ID, in order, updating the ledger.
    pub fn plan(&mut self, ops: &[OpKey]) -> Vec<Decision> {
        self.undo = vec![Vec::new(); ops.len()];
        let taken: HashSet<String> = ops.iter().filter_map(|op| op.id.clone()).collect();
        let mut decisions = vec![Decision::Keep; ops.len()];
        // Operations of this run by ledger key, to tell a moved operation from a copied ID.
        let present: HashSet<(&str, &str, &str)> = ops
            .iter()
            .map(|op| (op.spec.as_str(), op.method.as_str(), op.path.as_str()))
            .collect();
        // Pass 1: operations that carry a valid ID claim their rows; duplicates wait.
        let mut holders: HashMap<&str, Vec<usize>> = HashMap::new();
        for (index, op) in ops.iter().enumerate() {
            if let Some(id) = &op.id {
                holders.entry(id.as_str()).or_default().push(index);
            }
        }
        let mut duplicates: Vec<(usize, String)> = Vec::new();
        let mut holder_ids: Vec<&str> = holders.keys().copied().collect();
        holder_ids.sort_unstable();
        for id in holder_ids {
            let indexes = &holders[id];
            let row = self.ledger.find(id);
            // The keeper: the operation the ledger row describes, else the first.
            let keeper = row
                .and_then(|row| {
                    let row = &self.ledger.rows[row];
                    indexes.iter().copied().find(|&i| {
                        ops[i].spec == row.spec && ops[i].method == row.method && ops[i].path == row.path
                    })
                })
                .unwrap_or(indexes[0]);
            for &index in indexes {
                if index != keeper {
                    duplicates.push((index, id.to_string()));
                }
            }
            let op = &ops[keeper];
            let mut undo = Vec::new();
            let decision = match row {
                None => {
                    self.ledger.push(self.row_for(op, id, ""));
                    self.claimed.insert(self.ledger.rows.len() - 1);
                    undo.push(Undo::Added(id.to_string()));
                    Decision::Keep
                }
                Some(row_index) => {
                    let row = self.ledger.rows[row_index].clone();
                    let same = row.spec == op.spec && row.method == op.method && row.path == op.path;
                    let renamed = row.spec == op.spec
                        && !op.operation_id.is_empty()
                        && row.operation_id == op.operation_id;
                    let moved =
                        !present.contains(&(row.spec.as_str(), row.method.as_str(), row.path.as_str()))
                            && (self.in_scope.contains(&row.spec) || (self.gone)(&row.spec));
                    if row.status == Status::Retired && !(same || renamed) {
                        Decision::Refuse(Msg::new(
                            format!(
                                "ID `{id}` was retired (ledger line {}); a serial is never given twice",
                                row.line
                            ),
                            format!("识别码 `{id}` 已注销（台账第 {} 行）；序号不得重复使用", row.line),
                        ))
                    } else if same || renamed || moved {
                        self.claimed.insert(row_index);
                        self.change(row_index, &mut undo, |r| {
                            r.spec = op.spec.clone();
                            r.method = op.method.clone();
                            r.path = op.path.clone();
                            r.operation_id = op.operation_id.clone();
                            r.level = op.level.as_str().to_string();
                            r.status = Status::Active;
                        });
                        Decision::Keep
                    } else {
                        // The ledger gives this ID to an operation elsewhere (another repository,
                        // or one of this run that no longer carries it): a duplicate.
                        self.claimed.insert(row_index);
                        duplicates.push((keeper, id.to_string()));
                        Decision::Keep
                    }
                }
            };
            decisions[keeper] = decision;
            self.undo[keeper].extend(undo);
        }
        // Pass 2: duplicates get a new ID, when asked.
        for (index, old) in duplicates {
            let op = &ops[index];
            if !self.reassign_duplicates {
                decisions[index] = Decision::Refuse(Msg::new(
                    format!("ID `{old}` is also used by another operation (ID003); run with --reassign-duplicates to give this one a new ID"),
                    format!("识别码 `{old}` 同时用于其他接口（ID003）；使用 --reassign-duplicates 为本接口重新分配"),
                ));
                continue;
            }
            if !op.editable {
                decisions[index] = not_editable();
                continue;
            }
            let id = self.allocate(op, &taken);
            self.ledger.push(self.row_for(op, &id, &old));
            self.claimed.insert(self.ledger.rows.len() - 1);
            self.undo[index].push(Undo::Added(id.clone()));
            decisions[index] = Decision::Replace { id, old };
        }
        // Pass 3: IDs whose level segment no longer fits a raised level are re-issued.
        for (index, op) in ops.iter().enumerate() {
            let (Some(id), true) = (&op.id, op.raised) else {
                continue;
            };
            if decisions[index] != Decision::Keep || interface_id::level_mismatch(id, op.level).is_none() {
                continue;
            }
            let id = id.clone();
            let new = self.allocate(op, &taken);
            if let Some(row) = self.ledger.find(&id) {
                let mut undo = Vec::new();
                self.change(row, &mut undo, |r| r.status = Status::Retired);
                self.undo[index].extend(undo);
            }
            self.ledger.push(self.row_for(op, &new, &id));
            self.claimed.insert(self.ledger.rows.len() - 1);
            self.undo[index].push(Undo::Added(new.clone()));
            decisions[index] = Decision::Replace { id: new, old: id };
        }
        // Pass 4: operations without an ID.
        let rows = self.index_rows(&present);
        for (index, op) in ops.iter().enumerate() {
            if op.id.is_some() {
                continue;
            }
            if op.bad_id.as_deref() == Some("") {
                decisions[index] = Decision::Refuse(Msg::new(
                    "its ID key is there but empty: fill it by hand or remove it",
                    "其识别码字段存在但为空，请人工填写或删除该字段",
                ));
                continue;
            }
            if let Some(bad) = &op.bad_id {
                decisions[index] = Decision::Refuse(Msg::new(
                    format!(
                        "it carries `{bad}`, which is not a valid ID (ID002/ID004/ID005): correct it by hand"
                    ),
                    format!("其识别码 `{bad}` 不合规（ID002/ID004/ID005），请人工更正"),
                ));
                continue;
            }
            if !op.editable {
                decisions[index] = not_editable();
                continue;
            }
            decisions[index] = match self.match_row(op, &rows) {
                Some(row_index) if self.fits(&self.ledger.rows[row_index].id, op) => {
                    self.claimed.insert(row_index);
                    let mut undo = Vec::new();
                    self.change(row_index, &mut undo, |r| {
                        r.spec = op.spec.clone();
                        r.method = op.method.clone();
                        r.path = op.path.clone();
                        r.operation_id = op.operation_id.clone();
                    });
                    self.undo[index].extend(undo);
                    Decision::Assign {
                        id: self.ledger.rows[row_index].id.clone(),
                        from_ledger: true,
                    }
                }
                matched => {
                    // A row whose ID no longer fits (the level changed) is retired and replaced.
                    let mut replaces = String::new();
                    if let Some(row_index) = matched {
                        self.claimed.insert(row_index);
                        let mut undo = Vec::new();
                        self.change(row_index, &mut undo, |r| r.status = Status::Retired);
                        self.undo[index].extend(undo);
                        replaces = self.ledger.rows[row_index].id.clone();
                    }
                    let id = self.allocate(op, &taken);
                    if !interface_id::is_valid(&id, Some(op.level), self.settings) {
                        decisions[index] = Decision::Refuse(Msg::new(
                            format!("the ID `{id}` would not satisfy the configured [interface-id] pattern"),
                            format!("生成的识别码 `{id}` 不符合所配置的 [interface-id] pattern"),
                        ));
                        continue;
                    }
                    self.ledger.push(self.row_for(op, &id, &replaces));
                    self.claimed.insert(self.ledger.rows.len() - 1);
                    self.undo[index].push(Undo::Added(id.clone()));
                    Decision::Assign {
                        id,
                        from_ledger: false,
                    }
                }
            };
        }
        decisions
    }

    fn fits(&self, id: &str, op: &OpKey) -> bool {
        interface_id::is_valid(id, Some(op.level), self.settings)
    }

    /// The live, unclaimed ledger row that describes an operation without an ID.
    fn match_row(&self, op: &OpKey, index: &RowIndex) -> Option<usize> {
        let free = |rows: Option<&Vec<usize>>| -> Vec<usize> {
            rows.map(|rows| {
                rows.iter()
                    .copied()
                    .filter(|i| !self.claimed.contains(i))
                    .collect()
            })
            .unwrap_or_default()
        };
        let unique = |found: Vec<usize>| (found.len() == 1).then(|| found[0]);
        let key = (op.spec.clone(), op.method.clone(), op.path.clone());
        if let Some(&i) = free(index.by_key.get(&key)).first() {
            return Some(i);
        }
        if !op.operation_id.is_empty() {
            let same_spec = free(
                index
                    .by_spec_operation
                    .get(&(op.spec.clone(), op.operation_id.clone())),
            );
            if let Some(i) = unique(same_spec) {
                return Some(i);
            }
        }
        // Moved between files: only rows of specs this run audited or that are gone, whose
        // operation is not present any more (the index holds only those).
        let by_route = free(index.movable_by_route.get(&(op.method.clone(), op.path.clone())));
        if let Some(i) = unique(by_route) {
            return Some(i);
        }
        if !op.operation_id.is_empty() {
            return unique(free(index.movable_by_operation.get(&op.operation_id)));
        }
        None
    }

    /// Indexes the live, unclaimed rows for `match_row` (a linear search per operation would be
    /// quadratic in an estate's ledger).
    fn index_rows(&self, present: &HashSet<(&str, &str, &str)>) -> RowIndex {
        let mut index = RowIndex::default();
        let mut movable_spec: HashMap<&str, bool> = HashMap::new();
        for (i, row) in self.ledger.rows.iter().enumerate() {
            if row.status != Status::Active || self.claimed.contains(&i) {
                continue;
            }
            let key = (row.spec.clone(), row.method.clone(), row.path.clone());
            index.by_key.entry(key).or_default().push(i);
            if !row.operation_id.is_empty() {
                let key = (row.spec.clone(), row.operation_id.clone());
                index.by_spec_operation.entry(key).or_default().push(i);
            }
            let movable = *movable_spec
                .entry(row.spec.as_str())
                .or_insert_with(|| self.in_scope.contains(&row.spec) || (self.gone)(&row.spec));
            if movable && !present.contains(&(row.spec.as_str(), row.method.as_str(), row.path.as_str())) {
                let route = (row.method.clone(), row.path.clone());
                index.movable_by_route.entry(route).or_default().push(i);
                if !row.operation_id.is_empty() {
                    index
                        .movable_by_operation
                        .entry(row.operation_id.clone())
                        .or_default()
                        .push(i);
                }
            }
        }
        index
    }

    /// Retires the live rows of audited (or vanished) specs that no operation claimed; returns
    /// how many.
    pub fn retire_unclaimed(&mut self) -> usize {
        let mut retired = 0;
        let mut movable: HashMap<String, bool> = HashMap::new();
        for index in 0..self.ledger.rows.len() {
            let row = &self.ledger.rows[index];
            if row.status != Status::Active || self.claimed.contains(&index) {
                continue;
            }
            let spec = row.spec.clone();
            let retire = *movable
                .entry(spec)
                .or_insert_with(|| self.in_scope.contains(&row.spec) || (self.gone)(&row.spec));
            if retire {
                self.ledger.rows[index].status = Status::Retired;
                retired += 1;
            }
        }
        retired
    }

    /// Undoes the ledger changes made for these operations (their file was not written).
    /// Serials handed out stay consumed: they were never written anywhere, and skipping them
    /// costs nothing.
    pub fn undo(&mut self, ops: &[usize]) {
        let mut added: HashSet<String> = HashSet::new();
        for &op in ops {
            let actions = self.undo.get_mut(op).map(std::mem::take).unwrap_or_default();
            for action in actions.into_iter().rev() {
                match action {
                    Undo::Added(id) => {
                        added.insert(id);
                    }
                    Undo::Changed(index, row) => {
                        if let Some(slot) = self.ledger.rows.get_mut(index) {
                            *slot = *row;
                        }
                    }
                }
            }
        }
        if !added.is_empty() {
            // Row indexes shift: claims are kept by ID across the removal.
            let claimed: HashSet<String> = self
                .claimed
                .iter()
                .filter_map(|&i| self.ledger.rows.get(i).map(|r| r.id.clone()))
                .collect();
            self.ledger.remove(&added);
            self.claimed = self
                .ledger
                .rows
                .iter()
                .enumerate()
                .filter(|(_, r)| claimed.contains(&r.id))
                .map(|(i, _)| i)
                .collect();
        }
    }
}

/// Live, unclaimed ledger rows by what identifies an operation.
#[derive(Default)]
struct RowIndex {
    by_key: HashMap<(String, String, String), Vec<usize>>,
    by_spec_operation: HashMap<(String, String), Vec<usize>>,
    movable_by_route: HashMap<(String, String), Vec<usize>>,
    movable_by_operation: HashMap<String, Vec<usize>>,
}

fn not_editable() -> Decision {
    Decision::Refuse(Msg::new(
        "its definition is shared through a YAML alias or lives in a `$ref`'d file; add the ID where it is defined",
        "该接口定义经 YAML 别名共享或位于 `$ref` 引用的文件中；请在其定义处补充识别码",
    ))
}
