//! CHG: what a change does to the interfaces, for `apiaudit review --base REV`. Each rule reads
//! the two revisions of the estate, matched (`model::change::ChangeSet`), and reports on the
//! working tree: an operation removed without being retired (CHG001), a level lowered (CHG002),
//! an interface ID changed or reused (CHG003), security weakened (CHG004), a change that breaks
//! callers (CHG005). Findings point into the working tree; an operation whose spec file was
//! deleted is placed where it was at the base revision.

pub mod breaking_change;
pub mod interface_id_changed;
pub mod operation_removed_without_retirement;
pub mod security_level_lowered;
pub mod security_weakened;

use crate::catalogue::RuleCode;
use crate::findings::{Msg, OperationRef, RawFinding};
use crate::model::change::{path_template, ChangeSet, OpIx};
use crate::model::contract::{Anchor, Contract, SpecContracts};
use crate::source::Span;

/// The operation a finding is about.
pub(crate) fn op_ref(op: &Contract) -> OperationRef {
    OperationRef {
        method: op.method.clone(),
        path: op.path.clone(),
        id: op.id.clone(),
        level: op.level.clone(),
    }
}

/// `POST /v1/transfers` with its ID when it has one.
pub(crate) fn label(op: &Contract) -> String {
    match &op.id {
        Some(id) => format!("{} {} ({id})", op.method, op.path),
        None => format!("{} {}", op.method, op.path),
    }
}

/// A finding at a place of a head operation's spec.
pub(crate) fn at_head(
    code: RuleCode,
    spec: &SpecContracts,
    op: &Contract,
    at: Anchor,
    message: Msg,
) -> RawFinding {
    RawFinding::at(code, spec.file(at), at.span, message).with_operation(op_ref(op))
}

/// Where a base operation that the head no longer has is reported: in the head's counterpart
/// of its spec file, at its path when the path is still there, else at `paths`; at its place
/// in the base revision when the file is gone.
pub(crate) fn removed_at(change: &ChangeSet, ix: OpIx, code: RuleCode, message: Msg) -> RawFinding {
    let (base_spec, op) = change.base_op(ix);
    let head_spec = change.base_file_pair[ix.spec as usize].map(|h| &*change.head[h as usize]);
    let finding = match head_spec {
        Some(head) => {
            let template = path_template(&op.path);
            let at = head
                .operations
                .iter()
                .filter(|other| path_template(&other.path) == template)
                .find_map(|other| other.path_at)
                .or(head.paths_at)
                .unwrap_or(Anchor {
                    file: 0,
                    span: Span::default(),
                });
            RawFinding::at(code, head.file(at), at.span, message)
        }
        None => RawFinding::at(code, base_spec.file(op.at), op.at.span, message),
    };
    finding.with_operation(op_ref(op))
}

/// Whether the base operation's spec file is gone from the working tree.
pub(crate) fn file_deleted(change: &ChangeSet, ix: OpIx) -> bool {
    change.base_file_pair[ix.spec as usize].is_none()
}
