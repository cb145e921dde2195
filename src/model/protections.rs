//! What an operation declares to protect a request beyond its security requirement: a request
//! signature, mutual TLS, a second factor of the user. AUTH002 and AUTH004 ask whether one is
//! there; CHG004 whether one that was there went away. Names are matched against the
//! vocabulary's `signature-fields` and `second-factor-fields` tables.

use super::spec::{Operation, ParamLocation, SchemeKind, Spec};
use crate::catalogue::vocabulary::Vocabulary;

/// The `x-second-factor` extension on the operation (a step-up declaration).
pub const SECOND_FACTOR_EXTENSION: &str = "x-second-factor";

/// Whether a name contains a term of `table` that no longer term of `not_table` hides.
pub fn vocabulary_term(
    vocabulary: &Vocabulary,
    table: &str,
    not_table: Option<&str>,
    name: &str,
) -> Option<String> {
    let tables: Vec<&str> = std::iter::once(table).chain(not_table).collect();
    let lexicon = vocabulary.lexicon(&tables);
    lexicon
        .scan(name)
        .into_iter()
        .find(|hit| hit.table == 0)
        .map(|hit| hit.term)
}

/// A signature header, query parameter, request field or signature-carrying API key of the
/// operation, by name.
pub fn declared_signature(spec: &Spec, op: &Operation, vocabulary: &Vocabulary) -> Option<String> {
    let signature =
        |name: &str| vocabulary_term(vocabulary, "signature-fields", Some("signature-fields-not"), name);
    for parameter in &op.parameters {
        if signature(&parameter.name).is_some() {
            return Some(parameter.name.clone());
        }
    }
    // An apiKey scheme that carries a signature (`X-Signature` declared as a scheme).
    if let Some(security) = spec.effective_security(op) {
        for requirement in &security.alternatives {
            for (scheme, _) in &requirement.schemes {
                if let Some(SchemeKind::ApiKey { name, .. }) = spec.scheme(scheme).map(|s| &s.kind) {
                    if signature(name).is_some() {
                        return Some(name.clone());
                    }
                }
            }
        }
    }
    super::pfi::request_names(spec, op, super::pfi::MAX_PROPERTIES, 6)
        .into_iter()
        .find(|name| signature(name).is_some())
}

/// The name of a `mutualTLS` scheme of the operation's effective security.
pub fn mutual_tls(spec: &Spec, op: &Operation) -> Option<String> {
    let security = spec.effective_security(op)?;
    security.alternatives.iter().find_map(|alternative| {
        alternative
            .schemes
            .iter()
            .find(|(name, _)| matches!(spec.scheme(name).map(|s| &s.kind), Some(SchemeKind::MutualTls)))
            .map(|(name, _)| name.clone())
    })
}

/// The user's second factor the operation declares: `x-second-factor` (its value), or an OTP
/// or SMS-code header, form or query parameter, or request field (its name).
pub fn second_factor(spec: &Spec, op: &Operation, vocabulary: &Vocabulary) -> Option<String> {
    if let Some(node) = spec
        .get(op.node, SECOND_FACTOR_EXTENSION)
        .filter(|node| spec.tree(*node).bool(node.node) != Some(false))
    {
        let value = spec.tree(node).scalar_text(node.node).unwrap_or("true");
        return Some(format!("{SECOND_FACTOR_EXTENSION}: {value}"));
    }
    let factor = |name: &str| vocabulary_term(vocabulary, "second-factor-fields", None, name).is_some();
    if let Some(parameter) = op.parameters.iter().find(|p| {
        matches!(
            p.location,
            ParamLocation::Header | ParamLocation::FormData | ParamLocation::Query
        ) && factor(&p.name)
    }) {
        return Some(parameter.name.clone());
    }
    super::pfi::request_names(spec, op, super::pfi::MAX_PROPERTIES, 6)
        .into_iter()
        .find(|name| factor(name))
}
