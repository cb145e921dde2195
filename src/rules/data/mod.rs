//! DATA: personal financial information (JR/T 0171-2020 C2/C3) where it must not be, and
//! error output that leaks internals (JR/T 0185-2020 chapter 7). Field names are classified
//! by the vocabulary (`checks/vocabulary/personal-financial-information.toml`).

pub mod c2_in_url;
pub mod c3_in_response;
pub mod c3_in_url_or_header;
pub mod internal_details_leak;
pub mod unmasked_c2_in_response;

use crate::model::level_inference::analyse;
use crate::model::pfi::Field;
use crate::model::{Operation, Spec};
use crate::settings::Settings;
use std::collections::HashSet;

/// Every classified field of every operation, each written field once (a shared component
/// reached from several operations is reported where it is written, with the first operation).
pub(crate) fn fields<'a>(spec: &'a Spec, settings: &Settings) -> Vec<(&'a Operation, &'a Field)> {
    let mut seen = HashSet::new();
    let mut out = Vec::new();
    for (op, analysis) in spec.operations.iter().zip(analyse(spec, settings)) {
        for field in &analysis.fields.fields {
            if seen.insert((field.doc, field.span.start)) {
                out.push((op, field));
            }
        }
    }
    out
}

/// A field's schema type, when it declares one (`type: [string, "null"]` reads `string`).
pub(crate) fn schema_type<'a>(spec: &'a Spec, field: &Field) -> Option<&'a str> {
    let schema = field.schema?;
    let node = spec.get(schema, "type")?;
    spec.str(node).or_else(|| {
        spec.items(node)
            .into_iter()
            .filter_map(|item| spec.str(item))
            .find(|t| *t != "null")
    })
}
