//! Gateway and grants configs: every format is read, and each route and grant reaches exactly
//! the operations its gateway would forward to (templated paths, base paths, prefixes with
//! strip_path, service paths, regex locations, route precedence). The JSON `routes` section and
//! the inventory's `routes`/`grants` say so.

use crate::support::*;
use serde_json::Value;
use std::collections::BTreeMap;

const ESTATE: &str = "testdata/gateways/estate";

fn reached(entry: &Value) -> Vec<String> {
    let mut ops: Vec<String> = entry["operations"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|op| {
            format!(
                "{} {}",
                op["method"].as_str().unwrap_or(""),
                op["path"].as_str().unwrap_or("")
            )
        })
        .collect();
    ops.sort();
    ops
}

fn routes_by_name(report: &Value) -> BTreeMap<String, Vec<String>> {
    report["routes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] != "grant")
        .map(|e| (e["name"].as_str().unwrap_or("").to_string(), reached(e)))
        .collect()
}

#[test]
fn every_route_reaches_what_its_gateway_forwards() {
    let (report, _) = scan_json(&[ESTATE, "--fail-on", "never"]);
    let routes = routes_by_name(&report);
    let expect = |ops: &[&str]| ops.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let table: &[(&str, &[&str])] = &[
        // Kong 3.x: prefix on the base path; the regex route takes GET /orders/{id} first.
        (
            "orders-public",
            &[
                "GET /v1/orders",
                "POST /v1/orders",
                "POST /v1/orders/{orderId}/cancel",
            ],
        ),
        ("order-by-id", &["GET /v1/orders/{orderId}"]),
        // strip_path + service path /api onto a spec of the service (server http://accounts-svc:8080/api).
        (
            "accounts-bank",
            &[
                "GET /v1/accounts/{accountId}/balance",
                "GET /v1/accounts/{accountId}/transactions",
            ],
        ),
        // Kong 2.x regex without `~`, on a Swagger 2.0 basePath.
        ("legacy-notice", &["GET /notice/list"]),
        // nginx: the regex location wins over the plain prefix for GET /transfer/{serialNo}.
        (
            "location ~ ^/legacy/api/transfer/[0-9]+$",
            &["GET /transfer/{serialNo}"],
        ),
        (
            "location /legacy/",
            &["GET /notice/list", "POST /transfer/submit"],
        ),
        // Spring Cloud Gateway YAML: `/**` on a base path from a server variable.
        ("wealth", &["GET /v1/products", "GET /v1/products/{code}"]),
        // StripPrefix=1 + PrefixPath=/api.
        (
            "accounts-strip",
            &[
                "GET /v1/accounts/{accountId}/balance",
                "GET /v1/accounts/{accountId}/transactions",
            ],
        ),
        // .properties: RewritePath /accounts-api/ -> /api/, Method in full notation.
        (
            "accounts-rewrite",
            &[
                "GET /v1/accounts/{accountId}/balance",
                "GET /v1/accounts/{accountId}/transactions",
            ],
        ),
        ("wealth-detail", &["GET /v1/products/{code}"]),
    ];
    for (name, ops) in table {
        assert_eq!(
            routes.get(*name),
            Some(&expect(ops)),
            "route {name}; all routes: {routes:#?}"
        );
    }
    assert_eq!(routes.len(), table.len(), "unexpected routes: {routes:#?}");
}

#[test]
fn every_grant_reaches_what_it_names() {
    let (report, _) = scan_json(&[ESTATE, "--fail-on", "never"]);
    let grants: Vec<(String, u64, bool, Vec<String>)> = report["routes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["kind"] == "grant")
        .map(|e| {
            let file = e["at"]["file"]
                .as_str()
                .unwrap_or("")
                .rsplit('/')
                .next()
                .unwrap_or("")
                .to_string();
            (
                file,
                e["at"]["line"].as_u64().unwrap_or(0),
                e["active"] == true,
                reached(e),
            )
        })
        .collect();
    let row = |file: &str, line: u64, active: bool, ops: &[&str]| {
        (
            file.to_string(),
            line,
            active,
            ops.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
        )
    };
    let csv = "apiaudit-grants.csv";
    let yaml = "apiaudit-grants.yaml";
    assert_eq!(
        grants,
        vec![
            row(csv, 2, true, &["POST /v1/orders"]),
            row(csv, 3, true, &["GET /v1/orders/{orderId}"]),
            row(csv, 4, false, &["GET /v1/orders/{orderId}"]),
            row(csv, 5, true, &["GET /notice/list"]),
            row(csv, 6, true, &["GET /notice/list"]),
            row(csv, 7, true, &[]),
            row(yaml, 2, true, &["POST /v1/orders/{orderId}/cancel"]),
            row(yaml, 6, true, &["GET /v1/products/{code}"]),
        ]
    );
    // The orphaned scope grant is the estate's only LIFE004.
    let orphans: Vec<String> = findings(&report)
        .iter()
        .filter(|f| f["rule"] == "LIFE004")
        .map(|f| format!("{}:{}", f["path"].as_str().unwrap_or(""), f["line"]))
        .collect();
    assert_eq!(orphans, [format!("{ESTATE}/grants/apiaudit-grants.csv:7")]);
}

#[test]
fn inventory_lists_the_routes_and_grants_of_each_operation() {
    let (report, _) = scan_json(&[ESTATE, "--fail-on", "never"]);
    let entry = report["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["operation_id"] == "getBalance")
        .cloned()
        .unwrap_or_default();
    let names: Vec<&str> = entry["routes"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r["name"].as_str())
        .collect();
    assert_eq!(names, ["accounts-bank", "accounts-rewrite", "accounts-strip"]);
    assert_eq!(entry["servers"][0], "http://accounts-svc:8080/api");
    let order = report["inventory"]
        .as_array()
        .into_iter()
        .flatten()
        .find(|e| e["operation_id"] == "getOrder")
        .cloned()
        .unwrap_or_default();
    let apps: Vec<(&str, bool)> = order["grants"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|g| (g["app"].as_str().unwrap_or(""), g["active"] == true))
        .collect();
    assert_eq!(apps, [("LHMALL0001", true), ("LHMALL0001", false)]);
}

#[test]
fn broken_gateway_configs_are_findings_not_crashes() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let write = |name: &str, text: &str| {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).unwrap_or_else(|e| panic!("{e}"));
        }
        std::fs::write(path, text).unwrap_or_else(|e| panic!("{e}"));
    };
    write(
        "kong.yaml",
        "_format_version: \"3.0\"\nservices:\n  - name: a\n    routes: [\n",
    );
    write(
        "nginx/nginx.conf",
        "server {\n  location /a {\n    proxy_pass http://b;\n",
    );
    write(
        "grants/apiaudit-grants.yaml",
        "grants:\n  - app: A\n    interface: [GET /x\n",
    );
    write(
        "deep/nginx.conf",
        &format!("{}location /x {{ proxy_pass http://y; }}", "a {".repeat(5000)),
    );
    let (report, _) = scan_json(&[dir.path().to_str().unwrap_or(""), "--fail-on", "never"]);
    let meta: Vec<String> = findings(&report)
        .iter()
        .filter(|f| f["rule"] == "META001")
        .map(|f| f["message"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(meta.len(), 4, "{meta:#?}");
    assert!(meta
        .iter()
        .any(|m| m.contains("Kong declarative config does not parse")));
    assert!(meta
        .iter()
        .any(|m| m.contains("nginx configuration does not parse")));
    assert!(meta.iter().any(|m| m.contains("grants file does not parse")));
}
