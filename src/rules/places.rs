//! After the spec rules: which place each finding about an operation is written in. A finding
//! written in a component, a path item or a referenced file that several operations use is
//! reported once, at that place, naming the operations that use it, and only the place's own
//! `x-apiaudit-ignore` (or the document's) suppresses it: an operation's entry covers that
//! operation alone (SPEC §7, `model::places`).

use crate::findings::{RawFinding, SpecPlace};
use crate::model::places::{PlaceIndex, PlaceKind};
use crate::model::Spec;
use std::fmt::Write as _;

/// How many operations a message names before "and N more".
const NAMED: usize = 3;

/// Sets `place` on the findings of `spec` written outside their operation, and names the
/// operations of a shared place in the message.
pub fn attribute(spec: &Spec, findings: &mut [RawFinding]) {
    let mut index: Option<PlaceIndex> = None;
    for finding in findings.iter_mut() {
        if finding.operation.is_none() {
            continue;
        }
        let Some((doc, file)) = spec
            .docs
            .iter()
            .enumerate()
            .find(|(_, doc)| *doc.file.path == *finding.location.path)
        else {
            continue;
        };
        let Some(offset) = offset_of(&file.file, finding.location.start) else {
            continue;
        };
        let places = index.get_or_insert_with(|| PlaceIndex::new(spec));
        let Some(at) = places.innermost(doc as u32, offset) else {
            continue;
        };
        if matches!(places.place(at).kind, PlaceKind::Operation(_)) {
            continue;
        }
        let users = places.users(spec, at);
        let place = places.place(at);
        let shared = users.len() > 1;
        finding.place = Some(SpecPlace {
            key: place.key(spec),
            shared,
        });
        if shared {
            let named: Vec<String> = users
                .iter()
                .take(NAMED)
                .map(|&i| format!("{} {}", spec.operations[i].method, spec.operations[i].path))
                .collect();
            let more = users.len() - named.len();
            let mut en = format!(
                " (in `{}`, shared by {}: {}",
                place.label,
                crate::findings::plural::s(users.len() as u64, "operation"),
                named.join(", ")
            );
            let mut zh = format!(
                "（位于共享的 `{}`，{} 个接口使用：{}",
                place.label,
                users.len(),
                named.join("、")
            );
            if more > 0 {
                let _ = write!(en, " and {more} more");
                let _ = write!(zh, " 等");
            }
            en.push(')');
            zh.push('）');
            finding.message.en.push_str(&en);
            finding.message.zh.push_str(&zh);
        }
    }
}

/// The byte offset of a 1-based line and column (in characters).
fn offset_of(file: &crate::source::SourceFile, pos: crate::source::Pos) -> Option<u32> {
    let offset = file.lines().offset(&file.text, pos)?;
    u32::try_from(offset).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalogue::RuleCode;
    use crate::findings::Msg;
    use crate::settings::Settings;
    use crate::source::SourceFile;
    use std::sync::Arc;

    fn spec(yaml: &str) -> Spec {
        let file = Arc::new(SourceFile::new(
            "s.yaml".into(),
            "s.yaml".into(),
            "s.yaml".into(),
            yaml.to_string(),
        ));
        let tree = crate::parse::parse_structured(&file.text, crate::parse::Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        crate::frontend::openapi::load(file, tree, &Settings::default())
            .spec
            .unwrap_or_else(|| panic!("no spec"))
    }

    #[test]
    fn shared_components_name_their_operations() {
        let text = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters: [{$ref: '#/components/parameters/Card'}]\n      responses: {'200': {description: ok}}\n  /b:\n    get:\n      parameters: [{$ref: '#/components/parameters/Card'}, {$ref: '#/components/parameters/Own'}]\n      responses: {'200': {description: ok}}\ncomponents:\n  parameters:\n    Card: {name: cardNo, in: query, schema: {type: string}}\n    Own: {name: mobile, in: query, schema: {type: string}}\n";
        let spec = spec(text);
        let ext = Settings::default().extensions;
        let at = |needle: &str| {
            let start = text.find(needle).unwrap_or(0);
            crate::source::Span::new(start, start + needle.len())
        };
        let mut findings = vec![
            spec.finding_span(RuleCode::DATA002, 0, at("{name: cardNo"), Msg::same("card"))
                .with_operation(spec.op_ref(&spec.operations[0], &ext)),
            spec.finding_span(RuleCode::DATA002, 0, at("{name: mobile"), Msg::same("mobile"))
                .with_operation(spec.op_ref(&spec.operations[1], &ext)),
            spec.op_finding(RuleCode::RES001, &spec.operations[1], None, Msg::same("op"), &ext),
        ];
        attribute(&spec, &mut findings);
        let card = findings[0].place.clone().unwrap_or_else(|| panic!("no place"));
        assert!(card.shared);
        assert_eq!(card.key, "s.yaml#/components/parameters/Card");
        assert_eq!(
            findings[0].message.en,
            "card (in `#/components/parameters/Card`, shared by 2 operations: GET /a, GET /b)"
        );
        let own = findings[1].place.clone().unwrap_or_else(|| panic!("no place"));
        assert!(!own.shared);
        assert_eq!(findings[1].message.en, "mobile");
        assert_eq!(findings[2].place, None);
    }
}
