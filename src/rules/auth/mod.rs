//! AUTH: authentication and transport of interfaces (JR/T 0185-2020 chapter 7): A2 interfaces
//! authenticate the calling application strongly, fund-moving ones are signed or confirmed
//! with a second factor, credentials stay out of URLs, servers use TLS.
//!
//! The level that counts is the higher of the declared `x-api-level` and the level the content
//! shows (without a declaration, the inferred one), so neither an undeclared nor an understated
//! transfer escapes the A2 controls.

pub mod a2_weak_application_authentication;
pub mod a2_without_authentication;
pub mod credential_in_query_string;
pub mod fund_transfer_without_signature;
pub mod oauth2_legacy_flow;
pub mod server_without_tls;

use crate::catalogue::RuleCode;
use crate::model::level_inference::{analyse, effective_level, EffectiveLevel, OpAnalysis};
use crate::model::{Level, Operation, Spec};
use crate::settings::Settings;

/// The operations whose effective level is A2 or A3, with their analysis and level.
pub(crate) fn a2_operations<'a>(
    spec: &'a Spec,
    settings: &'a Settings,
) -> impl Iterator<Item = (&'a Operation, &'a OpAnalysis, EffectiveLevel)> + 'a {
    spec.operations
        .iter()
        .zip(analyse(spec, settings))
        .filter_map(move |(op, analysis)| {
            let level = effective_level(spec, op, analysis, settings);
            (level.level >= Level::A2).then_some((op, analysis, level))
        })
}

/// Where the effective `security` of an operation is written (its key): the operation's own,
/// else the document's.
pub(crate) fn security_key(spec: &Spec, op: &Operation) -> Option<(u32, crate::source::Span)> {
    let owner = if op.security.is_some() { op.node } else { spec.root };
    let doc = spec.resolve(owner)?.doc;
    spec.key_ref(owner, "security").map(|span| (doc, span))
}

/// A finding about an operation at its `security` key, else at the operation.
pub(crate) fn security_finding(
    spec: &Spec,
    op: &Operation,
    code: RuleCode,
    message: crate::findings::Msg,
    ext: &crate::settings::Extensions,
) -> crate::findings::RawFinding {
    match security_key(spec, op) {
        Some((doc, span)) => spec
            .finding_span(code, doc, span, message)
            .with_operation(spec.op_ref(op, ext)),
        None => spec.op_finding(code, op, None, message, ext),
    }
}

pub(crate) use crate::model::protections::vocabulary_term as names;
