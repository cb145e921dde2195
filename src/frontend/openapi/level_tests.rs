//! Level inference over specs loaded by this front end (the model cannot load a spec itself).

use crate::model::level_inference::analyse;
use crate::model::spec::Level;
use crate::settings::{LevelScheme, Settings};
use crate::source::SourceFile;
use std::sync::Arc;

fn levels(yaml: &str) -> Vec<(String, Level, bool)> {
    let settings = Settings {
        level_scheme: LevelScheme::ThreeTier,
        ..Settings::default()
    };
    let file = Arc::new(SourceFile::new(
        "t.yaml".into(),
        "t.yaml".into(),
        "t.yaml".into(),
        yaml.to_string(),
    ));
    let tree = crate::parse::parse_structured(&file.text, crate::parse::Limits::default())
        .unwrap_or_else(|e| panic!("{e:?}"));
    let unit = crate::frontend::openapi::load(file, tree, &settings);
    let spec = unit.spec.unwrap_or_else(|| panic!("no spec"));
    analyse(&spec, &settings)
        .iter()
        .zip(&spec.operations)
        .map(|(a, op)| {
            (
                format!("{} {}", op.method, op.path),
                a.inference.level,
                a.inference.read_only,
            )
        })
        .collect()
}

#[test]
fn rpc_style_posts_are_judged_by_their_words() {
    let found = levels(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /accounts/balance/get:\n    post: {responses: {'200': {description: ok}}}\n  /institutions/search:\n    post: {responses: {'200': {description: ok}}}\n  /transfer/create:\n    post: {responses: {'200': {description: ok}}}\n  /payment_initiation/recipient/create:\n    post: {responses: {'200': {description: ok}}}\n  /payments/{paymentId}/cancel:\n    post: {responses: {'200': {description: ok}}}\n",
    );
    let expected = [
        ("POST /accounts/balance/get", Level::A2, true),
        ("POST /institutions/search", Level::A1, true),
        ("POST /transfer/create", Level::A3, false),
        ("POST /payment_initiation/recipient/create", Level::A2, false),
        ("POST /payments/{paymentId}/cancel", Level::A2, false),
    ];
    for ((name, level, read_only), (want_name, want_level, want_read_only)) in found.iter().zip(expected) {
        assert_eq!(
            (name.as_str(), *level, *read_only),
            (want_name, want_level, want_read_only)
        );
    }
}

#[test]
fn products_and_consents_are_told_from_accounts_and_payments() {
    let found = levels(
        "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /personal-current-accounts:\n    get: {responses: {'200': {description: ok}}}\n  /accounts/{AccountId}/balances:\n    get: {responses: {'200': {description: ok}}}\n  /domestic-payment-consents:\n    post: {operationId: CreateDomesticPaymentConsents, responses: {'201': {description: ok}}}\n  /domestic-payments:\n    post: {operationId: CreateDomesticPayments, responses: {'201': {description: ok}}}\n  /v1/zhuanzhang:\n    post: {summary: 行内转账, responses: {'200': {description: ok}}}\n  /v1/rates:\n    get: {summary: 查询存款利率, responses: {'200': {description: ok}}}\n",
    );
    let levels: Vec<Level> = found.iter().map(|(_, level, _)| *level).collect();
    assert_eq!(
        levels,
        [Level::A1, Level::A2, Level::A2, Level::A3, Level::A3, Level::A1]
    );
}
