//! Formatting tests of the edit engine: each input keeps every byte apart from the insertions.

use super::edit::{self, Expected, Syntax};

/// Inserts `entries` into the mapping at `pointer`, checks the edit reads back, and returns the
/// edited text.
fn insert(text: &str, pointer: &str, entries: &[(&str, &str)]) -> String {
    let (tree, syntax) = edit::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
    let map = tree.pointer(pointer).unwrap_or_else(|| panic!("no {pointer}"));
    let entries: Vec<(String, String)> = entries
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let change = edit::insert_entries(text, &tree, syntax, map, &entries).unwrap_or_else(|e| panic!("{e}"));
    let after = edit::apply(text, &[change]);
    let (new_tree, _) = edit::parse(&after).unwrap_or_else(|e| panic!("{e:?}\n{after}"));
    let expected = Expected {
        entries: entries.iter().map(|(k, v)| (map, k.clone(), v.clone())).collect(),
    };
    edit::verify(&tree, &new_tree, &expected).unwrap_or_else(|e| panic!("{e}\n{after}"));
    after
}

const OP: &str = "/paths/~1a/get";
const ID: (&str, &str) = ("x-api-id", "OPC102310201010000000001");
const LEVEL: (&str, &str) = ("x-api-level", "A2");

#[test]
fn yaml_block_keeps_comments_and_indentation() {
    let text = "# top\nopenapi: 3.0.1 # version\npaths:\n   /a:\n      get:   # the op\n         # before summary\n         summary: 'quoted'\n         responses: {}\n";
    let after = insert(text, OP, &[ID, LEVEL]);
    assert_eq!(
        after,
        "# top\nopenapi: 3.0.1 # version\npaths:\n   /a:\n      get:   # the op\n         # before summary\n         x-api-id: OPC102310201010000000001\n         x-api-level: A2\n         summary: 'quoted'\n         responses: {}\n"
    );
}

#[test]
fn yaml_flow_mapping_gets_a_flow_entry() {
    let text = "openapi: 3.0.1\npaths:\n  /a:\n    get: {summary: s, responses: {}}\n";
    let after = insert(text, OP, &[ID]);
    assert_eq!(
        after,
        "openapi: 3.0.1\npaths:\n  /a:\n    get: {x-api-id: OPC102310201010000000001, summary: s, responses: {}}\n"
    );
    let empty = "openapi: 3.0.1\npaths:\n  /a:\n    get: {}\n";
    assert_eq!(
        insert(empty, OP, &[ID, LEVEL]),
        "openapi: 3.0.1\npaths:\n  /a:\n    get: {x-api-id: OPC102310201010000000001, x-api-level: A2}\n"
    );
}

#[test]
fn crlf_stays_crlf() {
    let text = "openapi: 3.0.1\r\npaths:\r\n  /a:\r\n    get:\r\n      responses: {}\r\n";
    let after = insert(text, OP, &[LEVEL]);
    assert_eq!(
        after,
        "openapi: 3.0.1\r\npaths:\r\n  /a:\r\n    get:\r\n      x-api-level: A2\r\n      responses: {}\r\n"
    );
    let json = "{\r\n  \"openapi\": \"3.0.1\",\r\n  \"paths\": {\r\n    \"/a\": {\r\n      \"get\": {\r\n        \"responses\": {}\r\n      }\r\n    }\r\n  }\r\n}\r\n";
    let after = insert(json, OP, &[LEVEL]);
    assert!(
        after.contains("\"get\": {\r\n        \"x-api-level\": \"A2\",\r\n        \"responses\": {}\r\n"),
        "{after}"
    );
    assert_eq!(after.matches('\n').count(), after.matches("\r\n").count());
}

#[test]
fn bom_is_kept_through_decode_and_encode() {
    let bytes = b"\xEF\xBB\xBFopenapi: 3.0.1\npaths:\n  /a:\n    get:\n      responses: {}\n".to_vec();
    let (text, encoding) =
        edit::decode(&bytes, crate::source::encoding::Hint::NONE).unwrap_or_else(|| panic!("utf-8"));
    assert!(!text.starts_with('\u{feff}'));
    let after = insert(&text, OP, &[LEVEL]);
    let written = edit::encode(&after, encoding).unwrap_or_else(|| panic!("unmappable"));
    assert!(written.starts_with(b"\xEF\xBB\xBFopenapi: 3.0.1\n"));
    assert!(
        String::from_utf8_lossy(&written).contains("    get:\n      x-api-level: A2\n      responses: {}\n")
    );
    // A GBK file is edited and written back in GBK, byte for byte outside the edit.
    let gbk =
        b"openapi: 3.0.1\ninfo:\n  title: \xD5\xCB\xBB\xA7\npaths:\n  /a:\n    get:\n      responses: {}\n"
            .to_vec();
    let (text, encoding) =
        edit::decode(&gbk, crate::source::encoding::Hint::NONE).unwrap_or_else(|| panic!("gbk"));
    assert!(text.contains("title: 账户\n"), "{text}");
    let written =
        edit::encode(&insert(&text, OP, &[LEVEL]), encoding).unwrap_or_else(|| panic!("unmappable"));
    assert!(written.starts_with(b"openapi: 3.0.1\ninfo:\n  title: \xD5\xCB\xBB\xA7\n"));
    // No encoding determined (Latin-1 bytes that are no GB18030): refused, never rewritten lossily.
    assert!(edit::decode(
        b"openapi: 3.0.1\ninfo:\n  title: caf\xE9\n",
        crate::source::encoding::Hint::NONE
    )
    .is_none());
}

#[test]
fn minified_and_pretty_json() {
    let min = r#"{"openapi":"3.0.1","paths":{"/a":{"get":{"responses":{}}}}}"#;
    assert_eq!(
        insert(min, OP, &[ID, LEVEL]),
        r#"{"openapi":"3.0.1","paths":{"/a":{"get":{"x-api-id":"OPC102310201010000000001","x-api-level":"A2","responses":{}}}}}"#
    );
    let empty = r#"{"openapi":"3.0.1","paths":{"/a":{"get":{}}}}"#;
    assert_eq!(
        insert(empty, OP, &[LEVEL]),
        r#"{"openapi":"3.0.1","paths":{"/a":{"get":{"x-api-level":"A2"}}}}"#
    );
    let tabs =
        "{\n\t\"openapi\": \"3.0.1\",\n\t\"paths\": {\"/a\": {\"get\": {\n\t\t\"summary\": \"s\"\n\t}}}\n}\n";
    assert_eq!(
        insert(tabs, OP, &[LEVEL]),
        "{\n\t\"openapi\": \"3.0.1\",\n\t\"paths\": {\"/a\": {\"get\": {\n\t\t\"x-api-level\": \"A2\",\n\t\t\"summary\": \"s\"\n\t}}}\n}\n"
    );
}

#[test]
fn chinese_text_keeps_byte_offsets() {
    let text = "openapi: 3.0.1\ninfo:\n  title: 账户查询服务\npaths:\n  /a:\n    get:\n      summary: 查询余额 # 注释\n      responses: {}\n";
    let after = insert(text, OP, &[LEVEL]);
    assert!(
        after.contains("    get:\n      x-api-level: A2\n      summary: 查询余额 # 注释\n"),
        "{after}"
    );
}

#[test]
fn replacing_a_scalar_keeps_its_quotes() {
    let text =
        "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-api-level: 'A1' # declared\n      responses: {}\n";
    let (tree, syntax) = edit::parse(text).unwrap_or_else(|e| panic!("{e:?}"));
    let node = tree.pointer("/paths/~1a/get/x-api-level").unwrap_or(0);
    let change = edit::replace_scalar(text, &tree, syntax, node, "A2").unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        edit::apply(text, &[change]),
        "openapi: 3.0.1\npaths:\n  /a:\n    get:\n      x-api-level: 'A2' # declared\n      responses: {}\n"
    );
    assert_eq!(syntax, Syntax::Yaml);
}

#[test]
fn verify_rejects_changed_content() {
    let (old, _) = edit::parse("a: 1\nb: [1, 2]\n").unwrap_or_else(|e| panic!("{e:?}"));
    let (new, _) = edit::parse("a: 1\nb: [1, 3]\n").unwrap_or_else(|e| panic!("{e:?}"));
    assert!(edit::verify(&old, &new, &Expected::default()).is_err());
    let (new, _) = edit::parse("x: 0\na: 1\nb: [1, 2]\n").unwrap_or_else(|e| panic!("{e:?}"));
    assert!(edit::verify(&old, &new, &Expected::default()).is_err());
}

#[test]
fn yaml_scalars_are_quoted_when_another_reader_could_retype_them() {
    assert_eq!(edit::scalar(Syntax::Yaml, "A2"), "A2");
    assert_eq!(edit::scalar(Syntax::Yaml, "2027-01-31"), "\"2027-01-31\"");
    assert_eq!(edit::scalar(Syntax::Yaml, "no"), "\"no\"");
    assert_eq!(edit::scalar(Syntax::Yaml, "GET /v2/a"), "\"GET /v2/a\"");
    assert_eq!(edit::scalar(Syntax::Json, "A2"), "\"A2\"");
}
