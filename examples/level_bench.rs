//! Times the stages of auditing one spec, so level inference and the level rules can be
//! compared with the parse (docs/performance.md, "Level inference"):
//!
//!     cargo run --release --example level_bench -- SPEC [RUNS]
//!
//! Prints, per stage, the median over RUNS (default 5) in milliseconds: parse (YAML/JSON tree),
//! load (model, `$ref` resolution), inference (levels and C2/C3 fields of every operation) and
//! each rule of this family on the loaded spec.

use apiaudit::catalogue::Catalogue;
use apiaudit::frontend::openapi as load;
use apiaudit::model::level_inference::analyse;
use apiaudit::rules::{Ctx, RULES};
use apiaudit::settings::Settings;
use apiaudit::source::SourceFile;
use std::sync::Arc;
use std::time::Instant;

const FAMILY: &[&str] = &[
    "CLS003", "CLS004", "CLS005", "AUTH001", "AUTH002", "AUTH003", "AUTH004", "AUTH005", "AUTH006",
    "DATA001", "DATA002", "DATA003", "DATA004", "DATA005", "RES001",
];

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(|a, b| a.total_cmp(b));
    values[values.len() / 2]
}

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(path) = args.next() else {
        eprintln!("usage: level_bench SPEC [RUNS]");
        std::process::exit(2);
    };
    let runs: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5).max(1);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let settings = Settings::default();
    let catalogue = Catalogue::embedded().unwrap_or_else(|e| panic!("{e}"));
    let ctx = Ctx {
        settings: &settings,
        catalogue: &catalogue,
        advisories: None,
    };
    let mut parse = Vec::new();
    let mut loading = Vec::new();
    let mut inference = Vec::new();
    let mut rules: Vec<Vec<f64>> = vec![Vec::new(); FAMILY.len()];
    let mut findings = vec![0usize; FAMILY.len()];
    let mut operations = 0;
    for _ in 0..runs {
        let file = Arc::new(SourceFile::new(
            path.clone(),
            path.clone(),
            path.clone().into(),
            text.clone(),
        ));
        let started = Instant::now();
        let tree = apiaudit::parse::parse_structured(&file.text, apiaudit::parse::Limits::default())
            .unwrap_or_else(|e| panic!("{e:?}"));
        parse.push(started.elapsed().as_secs_f64() * 1e3);
        let started = Instant::now();
        let unit = load::load(file, tree, &settings);
        loading.push(started.elapsed().as_secs_f64() * 1e3);
        let Some(spec) = unit.spec else {
            panic!("{path} is not a spec");
        };
        operations = spec.operations.len();
        let started = Instant::now();
        analyse(&spec, &settings);
        inference.push(started.elapsed().as_secs_f64() * 1e3);
        for (index, code) in FAMILY.iter().enumerate() {
            let Some(rule) = RULES.iter().find(|r| r.code().as_str() == *code) else {
                continue;
            };
            let mut out = Vec::new();
            let started = Instant::now();
            rule.check_spec(&spec, &ctx, &mut out);
            rules[index].push(started.elapsed().as_secs_f64() * 1e3);
            findings[index] = out.len();
        }
    }
    println!("{path}: {operations} operations, median of {runs} runs (ms)");
    println!("parse      {:9.1}", median(parse));
    println!("load       {:9.1}", median(loading));
    println!("inference  {:9.1}", median(inference));
    let mut total = 0.0;
    for (index, code) in FAMILY.iter().enumerate() {
        let time = median(rules[index].clone());
        total += time;
        println!("{code:<10} {time:9.1}  ({} findings)", findings[index]);
    }
    println!("rules      {total:9.1}");
}
