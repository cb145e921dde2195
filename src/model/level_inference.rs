//! Level inference: what security level an operation's content shows, and the evidence.
//!
//! The words of the path (segments and parameter names), operationId, summary and tags are
//! cut into vocabulary terms (`checks/vocabulary/security-levels.toml`, longest term first, so
//! `personal current accounts` is a product catalogue and not an account). Then:
//! - an operation that changes state and acts on a fund movement (the last noun of its path,
//!   else of its operationId, else of its summary, is a fund term: `POST /payments`,
//!   `POST /charges/{id}/refunds`; not `POST /payment-consents` nor
//!   `POST /payment_initiation/recipient/create`), without a stop verb (cancel, revoke, DELETE)
//!   and not as an update of one item (`POST /charges/{charge}`, PATCH), is A3 (A2 in the
//!   standard scheme);
//! - any fund, account or arrangement term is A2;
//! - else product and service terms (branches, ATMs, rates, products) make it A1, whatever its
//!   security: a security scheme is a control, not content (banks protect branch and rate
//!   queries with authorisation-code OAuth or AppID + signature too);
//! - else its query parameters and its request and response schemas decide: account or fund
//!   words or C2/C3 personal financial information among their names make it A2;
//! - else, the content saying nothing, a security requirement that needs an individual user's
//!   authorisation (OAuth2 authorisation-code, implicit or password flows, OpenID Connect, in
//!   every alternative of the operation's own `security`) makes it A2 (`by_control`), otherwise
//!   it is A1.
//!
//! A level shown by controls alone, or by account and fund words among parameter and field
//! names alone (`quotaUser`), is an inference, not evidence: CLS003 and the effective level of
//! a declared operation read `content_level_in`, which takes only the operation's own words,
//! account identifiers and C2/C3 fields.
//! Whether an operation changes state is judged semantically: GET, HEAD and OPTIONS never do,
//! PUT, PATCH and DELETE always do, and a POST does unless its path, operationId or summary
//! names a read (`get`, `query`, `search`, 查询) and no write (`create`, `submit`, 提交), since
//! RPC-style gateways post their queries. Descriptions are not read: their prose names
//! whatever the operation relates to, not what it does.

use super::pfi::{self, OpFields};
use super::spec::{Level, Operation, SchemeKind, Spec};
use crate::catalogue::vocabulary::{Hit, Vocabulary};
use crate::model::spec::ParamLocation;
use crate::settings::{LevelScheme, Settings};
use std::collections::HashMap;
use std::fmt::Write as _;

/// The vocabulary tables, in the order of `Class`.
pub const TABLES: [&str; 7] = [
    "level-a3-funds",
    "level-a2-account",
    "level-arrangement",
    "level-a1-public",
    "level-read-verbs",
    "level-write-verbs",
    "level-stop-verbs",
];

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Funds,
    Account,
    Arrangement,
    Public,
    Read,
    Write,
    /// Stops or removes something (cancel, revoke): a write that moves no funds.
    Stop,
}

impl Class {
    fn from_table(index: usize) -> Class {
        match index {
            0 => Class::Funds,
            1 => Class::Account,
            2 => Class::Arrangement,
            3 => Class::Public,
            4 => Class::Read,
            5 => Class::Write,
            _ => Class::Stop,
        }
    }
}

/// Where a piece of evidence was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Method,
    Path,
    OperationId,
    Summary,
    Tag,
    Parameter(String),
    RequestField(String),
    ResponseField(String),
    Security(String),
}

/// One word or field that counted.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evidence {
    pub class: Class,
    /// The vocabulary term (or the scheme name, for security).
    pub term: String,
    pub source: Source,
}

impl Evidence {
    /// `balance (path)`, `availableBalance (response field, C2)`.
    pub fn label(&self, zh: bool) -> String {
        let source = match (&self.source, zh) {
            (Source::Method, false) => "method".to_string(),
            (Source::Method, true) => "方法".to_string(),
            (Source::Path, false) => "path".to_string(),
            (Source::Path, true) => "路径".to_string(),
            (Source::OperationId, _) => "operationId".to_string(),
            (Source::Summary, false) => "summary".to_string(),
            (Source::Summary, true) => "摘要".to_string(),
            (Source::Tag, false) => "tag".to_string(),
            (Source::Tag, true) => "标签".to_string(),
            (Source::Parameter(name), false) => format!("parameter `{name}`"),
            (Source::Parameter(name), true) => format!("参数 `{name}`"),
            (Source::RequestField(name), false) => format!("request field `{name}`"),
            (Source::RequestField(name), true) => format!("请求字段 `{name}`"),
            (Source::ResponseField(name), false) => format!("response field `{name}`"),
            (Source::ResponseField(name), true) => format!("响应字段 `{name}`"),
            (Source::Security(_), false) => "user-authorised security".to_string(),
            (Source::Security(_), true) => "需用户授权的安全方案".to_string(),
        };
        match &self.source {
            Source::Security(scheme) => format!("`{scheme}` ({source})"),
            _ => format!("`{}` ({source})", self.term),
        }
    }
}

/// Identifiers of an individual's account, read in the data of product and service
/// operations.
const ACCOUNT_IDENTIFIERS: &str = "level-account-identifiers";

/// How much of an operation's bodies the last resort reads: the top of a body says what it is
/// about (`accounts[].balance`), its depths repeat shared objects.
const FALLBACK_PROPERTIES: usize = 150;
const FALLBACK_DEPTH: usize = 4;

/// What the inference concluded about one operation.
#[derive(Debug, Clone)]
pub struct Inference {
    /// The three-tier level (A3 = fund-moving); see `level_in`.
    pub level: Level,
    /// Whether the operation only reads.
    pub read_only: bool,
    /// The words and fields that decided the level (empty for an A1 with nothing to show).
    pub evidence: Vec<Evidence>,
    /// What makes it state-changing: the method or a write verb.
    pub write_evidence: Option<String>,
    /// The fund-moving terms, whatever the level.
    pub fund_terms: Vec<String>,
    /// Whether the level rests on the operation's security requirement alone (the content said
    /// nothing): a control, not evidence of what the operation is.
    pub by_control: bool,
    /// Whether the level rests only on account or fund words among parameter and field names
    /// (`quotaUser`, `transactions`): an inference for an undeclared operation, but no evidence
    /// against a declaration (no word of the operation's own, no identifier, no C2/C3 field).
    pub by_names: bool,
}

impl Inference {
    /// The level in the configured scheme: A3 only in the three-tier scheme.
    pub fn level_in(&self, scheme: LevelScheme) -> Level {
        match scheme {
            LevelScheme::ThreeTier => self.level,
            _ => self.level.standard(),
        }
    }

    /// The level the operation's content shows (its words, parameters and fields), in the
    /// configured scheme: A1 when only its security made the inference A2.
    pub fn content_level_in(&self, scheme: LevelScheme) -> Level {
        if self.by_control || self.by_names {
            Level::A1
        } else {
            self.level_in(scheme)
        }
    }

    /// The evidence, listed for a message (at most `limit` items).
    pub fn evidence_text(&self, zh: bool, limit: usize) -> String {
        let mut text = String::new();
        for (index, evidence) in self.evidence.iter().take(limit).enumerate() {
            if index > 0 {
                text.push_str(if zh { "；" } else { "; " });
            }
            text.push_str(&evidence.label(zh));
        }
        if self.evidence.len() > limit {
            let _ = write!(
                text,
                "{}",
                if zh {
                    format!(" 等 {} 项", self.evidence.len())
                } else {
                    format!(" and {} more", self.evidence.len() - limit)
                }
            );
        }
        text
    }
}

/// The inference and the classified fields of one operation, computed once per spec.
#[derive(Debug, Clone)]
pub struct OpAnalysis {
    pub inference: Inference,
    pub fields: OpFields,
}

/// Every operation's analysis, in the order of `spec.operations`, computed on first use.
pub fn analyse<'a>(spec: &'a Spec, settings: &Settings) -> &'a [OpAnalysis] {
    spec.analysis.get_or_init(|| {
        let _inference = crate::progress::timings::phase(crate::progress::timings::Stage::Inference);
        let mut classifier = pfi::Classifier::new(&settings.vocabulary);
        // Level terms of body property names, per spec: large specs repeat them.
        let mut names: HashMap<String, Vec<Hit>> = HashMap::new();
        spec.operations
            .iter()
            .map(|op| {
                let fields = pfi::op_fields(spec, op, &mut classifier);
                let inference = infer(
                    spec,
                    op,
                    &fields,
                    &settings.vocabulary,
                    &mut classifier,
                    &mut names,
                );
                OpAnalysis { inference, fields }
            })
            .collect()
    })
}

/// The level that governs an operation's controls, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct EffectiveLevel {
    pub level: Level,
    /// The declared `x-api-level`, when it is a known level.
    pub declared: Option<Level>,
}

impl EffectiveLevel {
    /// For messages: `A2`, or `declared A1; content makes it A2`.
    pub fn label(&self, zh: bool) -> String {
        match self.declared {
            Some(declared) if declared < self.level => {
                if zh {
                    format!("声明为 {}，按内容应为 {}", declared.as_str(), self.level.as_str())
                } else {
                    format!(
                        "declared {}; content makes it {}",
                        declared.as_str(),
                        self.level.as_str()
                    )
                }
            }
            _ => self.level.as_str().to_string(),
        }
    }
}

/// The level that governs an operation's controls: the higher of the declared level and the
/// level its content shows, so that an understated declaration bypasses no control; without
/// a valid declaration, the inferred level (which may rest on user-authorised security).
pub fn effective_level(
    spec: &Spec,
    op: &Operation,
    analysis: &OpAnalysis,
    settings: &Settings,
) -> EffectiveLevel {
    let scheme = settings.level_scheme;
    let declared = declared_level(spec, op, settings);
    let level = match declared {
        Some(declared) => declared.max(analysis.inference.content_level_in(scheme)),
        None => analysis.inference.level_in(scheme),
    };
    EffectiveLevel { level, declared }
}

/// The declared `x-api-level`, when it is a known level.
pub fn declared_level(spec: &Spec, op: &Operation, settings: &Settings) -> Option<Level> {
    spec.get(op.node, &settings.extensions.level)
        .and_then(|node| spec.tree(node).scalar_text(node.node))
        .and_then(Level::parse)
}

/// What inference reads of an operation, whatever declares it (a spec, or the code that
/// serves it).
pub struct Subject<'a> {
    pub method: &'a str,
    pub path: &'a str,
    pub operation_id: Option<&'a str>,
    pub summary: Option<&'a str>,
    pub tags: &'a [String],
    /// Query (and form) parameter names.
    pub query: Vec<&'a str>,
    /// A security scheme on the operation itself that needs an individual user's authorisation.
    pub delegated: Option<String>,
}

/// The weak sources, read only when the operation's own words say nothing: request and
/// response field names, and the parameters classified as personal financial information.
#[derive(Default)]
pub struct Weak {
    pub request_names: Vec<String>,
    pub response_names: Vec<String>,
    pub parameter_fields: Vec<(String, pfi::Category, String)>,
}

fn infer(
    spec: &Spec,
    op: &Operation,
    fields: &OpFields,
    vocabulary: &Vocabulary,
    classifier: &mut pfi::Classifier,
    names_seen: &mut HashMap<String, Vec<Hit>>,
) -> Inference {
    let subject = Subject {
        method: &op.method,
        path: &op.path,
        operation_id: op.operation_id.as_deref(),
        summary: op.summary.as_deref(),
        tags: &op.tags,
        // Headers carry transport data (authentication, tracing, idempotency keys).
        query: op
            .parameters
            .iter()
            .filter(|p| matches!(p.location, ParamLocation::Query | ParamLocation::FormData))
            .map(|p| p.name.as_str())
            .collect(),
        delegated: user_delegated(spec, op),
    };
    // Responses are read lazily: most operations are decided by their words.
    let weak = || Weak {
        request_names: pfi::request_names(spec, op, FALLBACK_PROPERTIES, FALLBACK_DEPTH),
        response_names: pfi::response_names(spec, op, FALLBACK_PROPERTIES, FALLBACK_DEPTH),
        parameter_fields: fields
            .fields
            .iter()
            .filter(|f| matches!(f.place, pfi::Place::Parameter(_)))
            .map(|f| (f.path.clone(), f.category, f.term.clone()))
            .collect(),
    };
    infer_subject(&subject, weak, vocabulary, classifier, names_seen)
}

/// Infers the level of an operation read from code: its words, and the field names of its
/// request and response types as the weak sources.
pub fn infer_code(
    subject: &Subject<'_>,
    request_names: Vec<String>,
    response_names: Vec<String>,
    settings: &Settings,
) -> Inference {
    let mut classifier = pfi::Classifier::new(&settings.vocabulary);
    let parameter_fields = subject
        .query
        .iter()
        .filter_map(|name| {
            classifier
                .classify(name)
                .map(|(category, term)| (name.to_string(), category, term))
        })
        .collect();
    let weak = || Weak {
        request_names,
        response_names,
        parameter_fields,
    };
    infer_subject(
        subject,
        weak,
        &settings.vocabulary,
        &mut classifier,
        &mut HashMap::new(),
    )
}

fn infer_subject(
    op: &Subject<'_>,
    weak: impl FnOnce() -> Weak,
    vocabulary: &Vocabulary,
    classifier: &mut pfi::Classifier,
    names_seen: &mut HashMap<String, Vec<Hit>>,
) -> Inference {
    let lexicon = vocabulary.lexicon(&TABLES);
    let mut strong: Vec<Evidence> = Vec::new();
    let push = |hits: Vec<Hit>, source: Source, out: &mut Vec<Evidence>| {
        for hit in hits {
            let evidence = Evidence {
                class: Class::from_table(hit.table),
                term: hit.term,
                source: source.clone(),
            };
            // The same term again in one source adds nothing but its place (the last noun
            // of a path decides what the operation acts on), so it moves to the end.
            out.retain(|e| {
                !(e.class == evidence.class && e.term == evidence.term && e.source == evidence.source)
            });
            out.push(evidence);
        }
    };
    push(lexicon.scan(op.path), Source::Path, &mut strong);
    if let Some(id) = op.operation_id {
        push(lexicon.scan(id), Source::OperationId, &mut strong);
    }
    if let Some(summary) = op.summary {
        push(lexicon.scan(summary), Source::Summary, &mut strong);
    }
    for tag in op.tags {
        push(lexicon.scan(tag), Source::Tag, &mut strong);
    }

    // Reads and writes are judged on the path, operationId and summary only.
    let verbs = |class: Class| {
        strong
            .iter()
            .find(|e| {
                e.class == class && matches!(e.source, Source::Path | Source::OperationId | Source::Summary)
            })
            .cloned()
    };
    let method = op.method.to_ascii_uppercase();
    let (read_only, write_evidence) = match method.as_str() {
        "GET" | "HEAD" | "OPTIONS" | "TRACE" => (true, None),
        "POST" => match (
            verbs(Class::Write).or_else(|| verbs(Class::Stop)),
            verbs(Class::Read),
        ) {
            (Some(write), _) => (false, Some(write.term)),
            (None, Some(_)) => (true, None),
            (None, None) => (false, Some(method.clone())),
        },
        _ => (false, Some(method.clone())),
    };
    // What the operation acts on: the last noun of its path, else of its operationId, else of
    // its summary. The path's literal segments only: `{payment-product}` names a variable, not the
    // resource acted on.
    let literal: String = literal_segments(op.path);
    let noun = |hit: &Hit| {
        let class = Class::from_table(hit.table);
        matches!(
            class,
            Class::Funds | Class::Account | Class::Arrangement | Class::Public
        )
        .then_some(class)
    };
    let object = lexicon
        .scan(&literal)
        .iter()
        .filter_map(noun)
        .next_back()
        .or_else(|| {
            [Source::OperationId, Source::Summary].iter().find_map(|source| {
                strong
                    .iter()
                    .rfind(|e| {
                        &e.source == source
                            && matches!(
                                e.class,
                                Class::Funds | Class::Account | Class::Arrangement | Class::Public
                            )
                    })
                    .map(|e| e.class)
            })
        });
    let stops = verbs(Class::Stop).is_some() || method == "DELETE";

    let has = |class: Class| strong.iter().any(|e| e.class == class);
    let of = |classes: &[Class]| -> Vec<Evidence> {
        let mut out: Vec<Evidence> = Vec::new();
        for e in strong.iter().filter(|e| classes.contains(&e.class)) {
            if !out.iter().any(|o| o.class == e.class && o.term == e.term) {
                out.push(e.clone());
            }
        }
        out
    };
    let mut fund_terms: Vec<String> = Vec::new();
    for e in strong.iter().filter(|e| e.class == Class::Funds) {
        if !fund_terms.contains(&e.term) {
            fund_terms.push(e.term.clone());
        }
    }
    // Updating an existing movement (`POST /charges/{charge}`, `PATCH /payments/{id}`) does not
    // submit one.
    let updates_item = names_item(op.path) || method == "PATCH";
    if object == Some(Class::Funds) && !read_only && !stops && !updates_item {
        let mut evidence = of(&[Class::Funds]);
        match verbs(Class::Write) {
            Some(write) if method == "POST" => evidence.push(write),
            _ => evidence.push(Evidence {
                class: Class::Write,
                term: method.clone(),
                source: Source::Method,
            }),
        }
        return Inference {
            level: Level::A3,
            read_only,
            evidence,
            write_evidence,
            fund_terms,
            by_control: false,
            by_names: false,
        };
    }
    if has(Class::Funds) || has(Class::Account) || has(Class::Arrangement) {
        return Inference {
            level: Level::A2,
            read_only,
            evidence: of(&[Class::Funds, Class::Account, Class::Arrangement]),
            write_evidence,
            fund_terms,
            by_control: false,
            by_names: false,
        };
    }
    // Product and service information is A1 whatever protects it, unless its data carries an
    // individual's account identifier (the products of the user's accounts).
    if has(Class::Public) {
        let identifiers = vocabulary.lexicon(&[ACCOUNT_IDENTIFIERS]);
        let query = op.query.iter().map(|name| Source::Parameter(name.to_string()));
        let Weak {
            request_names,
            response_names,
            ..
        } = weak();
        let request = request_names.into_iter().map(Source::RequestField);
        let response = response_names.into_iter().map(Source::ResponseField);
        let mut evidence = Vec::new();
        for source in query.chain(request).chain(response) {
            let (Source::Parameter(name) | Source::RequestField(name) | Source::ResponseField(name)) =
                &source
            else {
                continue;
            };
            if let Some(hit) = identifiers.scan(name).into_iter().next() {
                evidence.push(Evidence {
                    class: Class::Account,
                    term: hit.term,
                    source,
                });
                if evidence.len() >= 4 {
                    break;
                }
            }
        }
        if !evidence.is_empty() {
            return Inference {
                level: Level::A2,
                read_only,
                evidence,
                write_evidence,
                fund_terms,
                by_control: false,
                by_names: false,
            };
        }
        return Inference {
            level: Level::A1,
            read_only,
            evidence: of(&[Class::Public]),
            write_evidence,
            fund_terms,
            by_control: false,
            by_names: false,
        };
    }

    // Nothing in the operation's own words: its parameters and data decide.
    let mut evidence = Vec::new();
    for parameter in &op.query {
        for hit in lexicon.scan(parameter) {
            let class = Class::from_table(hit.table);
            if matches!(class, Class::Funds | Class::Account) && evidence.len() < 8 {
                evidence.push(Evidence {
                    class,
                    term: hit.term,
                    source: Source::Parameter(parameter.to_string()),
                });
            }
        }
    }
    let Weak {
        request_names,
        response_names,
        parameter_fields,
    } = weak();
    for (names, request) in [(&request_names, true), (&response_names, false)] {
        for name in names.iter() {
            let hits = names_seen
                .entry(name.clone())
                .or_insert_with(|| lexicon.scan(name))
                .clone();
            for hit in hits {
                let class = Class::from_table(hit.table);
                if matches!(class, Class::Funds | Class::Account) && evidence.len() < 8 {
                    let source = if request {
                        Source::RequestField(name.clone())
                    } else {
                        Source::ResponseField(name.clone())
                    };
                    if !evidence.iter().any(|e: &Evidence| e.source == source) {
                        evidence.push(Evidence {
                            class,
                            term: hit.term,
                            source,
                        });
                    }
                }
            }
        }
    }
    let parameter_fields = parameter_fields
        .into_iter()
        .map(|(path, category, term)| (path, category, term, true));
    let mut classified = |names: &[String], request: bool| -> Vec<(String, pfi::Category, String, bool)> {
        names
            .iter()
            .filter_map(|name| {
                classifier
                    .classify(name)
                    .map(|(category, term)| (name.clone(), category, term, request))
            })
            .collect()
    };
    let body_fields = classified(&request_names, true)
        .into_iter()
        .chain(classified(&response_names, false));
    // An account identifier among the data is evidence as a C2/C3 field is (`Data.Offer[].AccountId`).
    let identifiers = vocabulary.lexicon(&[ACCOUNT_IDENTIFIERS]);
    let mut classified_field = op
        .query
        .iter()
        .copied()
        .chain(request_names.iter().map(String::as_str))
        .chain(response_names.iter().map(String::as_str))
        .any(|name| !identifiers.scan(name).is_empty());
    for (path, category, term, request) in parameter_fields.chain(body_fields) {
        classified_field |= category >= pfi::Category::C2;
        if category >= pfi::Category::C2 && evidence.len() < 8 {
            let source = if request {
                Source::RequestField(path)
            } else {
                Source::ResponseField(path)
            };
            if !evidence.iter().any(|e| e.source == source) {
                evidence.push(Evidence {
                    class: Class::Account,
                    term: format!("{} {term}", category.as_str()),
                    source,
                });
            }
        }
    }
    if !evidence.is_empty() {
        return Inference {
            level: Level::A2,
            read_only,
            evidence,
            write_evidence,
            fund_terms,
            by_control: false,
            by_names: !classified_field,
        };
    }
    // The content says nothing: a requirement for a user's authorisation ties the operation to
    // a user.
    if let Some(scheme) = op.delegated.clone() {
        return Inference {
            level: Level::A2,
            read_only,
            evidence: vec![Evidence {
                class: Class::Account,
                term: scheme.clone(),
                source: Source::Security(scheme),
            }],
            write_evidence,
            fund_terms,
            by_control: true,
            by_names: false,
        };
    }
    Inference {
        level: Level::A1,
        read_only,
        evidence,
        write_evidence,
        fund_terms,
        by_control: false,
        by_names: false,
    }
}

/// Words of a path parameter that make it a selector (`{payment-product}`), not an item's
/// identifier (`{paymentId}`, `{charge}`).
const SELECTOR_WORDS: &[&str] = &[
    "type", "kind", "product", "service", "category", "scheme", "channel", "version", "format",
];

/// Whether a path ends with a parameter that identifies one item.
fn names_item(path: &str) -> bool {
    let path = path.trim_end_matches('/');
    let Some(last) = path.rsplit('/').next() else {
        return false;
    };
    let Some(name) = last.strip_prefix('{').and_then(|l| l.strip_suffix('}')) else {
        return false;
    };
    !crate::catalogue::vocabulary::words(name)
        .iter()
        .any(|w| SELECTOR_WORDS.contains(&w.as_str()))
}

/// A path without its `{parameters}`.
fn literal_segments(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut depth = 0usize;
    for c in path.chars() {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// The scheme that needs an individual user's authorisation, when every alternative of the
/// operation's own security requirement has one: OAuth2 with only user flows (authorisation code, implicit,
/// password), or OpenID Connect.
fn user_delegated(spec: &Spec, op: &Operation) -> Option<String> {
    // The operation's own requirement: a document-wide default says little about each
    // operation (public ones often inherit it).
    let security = op.security.as_ref()?;
    let mut found = None;
    for requirement in &security.alternatives {
        let user = requirement.schemes.iter().find(|(name, _)| {
            spec.scheme(name).is_some_and(|scheme| match &scheme.kind {
                SchemeKind::OAuth2 { flows } => {
                    !flows.is_empty()
                        && flows
                            .iter()
                            .all(|f| matches!(f.name.as_str(), "authorizationCode" | "implicit" | "password"))
                }
                SchemeKind::OpenIdConnect => true,
                _ => false,
            })
        });
        match user {
            Some((name, _)) => found = Some(name.clone()),
            None => return None,
        }
    }
    found
}
