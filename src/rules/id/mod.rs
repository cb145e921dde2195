//! ID: the unified interface identification code (统一识别码) of JR/T 0185-2020 annex B.
//!
//! Layout (24 ASCII characters): `OP` + institution code (6, the first six characters of the
//! JR/T 0124-2014 code) + security level (2: `01` A1, `02` A2, `00` reserved) + service category
//! (6; its first two the service type: `01` account, `02` payment, `03` investment, `00`
//! reserved) + 8 further characters whose meaning is not public, checked as `[0-9A-Z]`.

pub mod duplicate_interface_id;
pub mod interface_id_institution_mismatch;
pub mod interface_id_level_mismatch;
pub mod malformed_interface_id;
pub mod missing_interface_id;

use crate::model::spec::{NodeRef, Operation, Spec};

/// The ID node of an operation and its text, when it is a scalar.
pub fn interface_id<'s>(
    spec: &'s Spec,
    op: &Operation,
    extension: &str,
) -> Option<(NodeRef, Option<&'s str>)> {
    let node = spec.get(op.node, extension)?;
    Some((node, spec.str(node)))
}
