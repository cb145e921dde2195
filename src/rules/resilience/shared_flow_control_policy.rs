//! RES002: flow control and fault isolation that do not tell A1 from A2. Every policy of the
//! run (`x-rate-limit`, Kong `rate-limiting`, Spring Cloud Gateway `RequestRateLimiter` and
//! `CircuitBreaker`, nginx `limit_req` zones) is followed to the operations it governs, through
//! the routes that carry it. Reported: a policy that governs both A1 and A2 operations (one
//! budget, or one breaker, for both), at the policy; and an A2 policy whose limit, in requests
//! per second, is not below the lowest A1 limit of the same spec or gateway service, at the A2
//! limit. The level is the declared one (A3 counts as A2), else the inferred one.

use crate::catalogue::{RuleCode, Scope};
use crate::findings::{Msg, RawFinding};
use crate::model::flow::show_rate;
use crate::model::problems::ModelPart;
use crate::model::routes::FlowPolicy;
use crate::model::{InventoryEntry, Level, Portfolio};
use crate::rules::lifecycle::{finding_at, some_of, ByKey};
use crate::rules::{Ctx, Rule};
use std::collections::{BTreeMap, BTreeSet};

pub struct SharedFlowControlPolicy;

/// A policy and the operations it governs, by level.
struct Use<'p> {
    policy: &'p FlowPolicy,
    /// Where limits are compared: a spec, or a gateway file and service.
    context: &'p str,
    a1: BTreeSet<usize>,
    a2: BTreeSet<usize>,
}

fn level(entry: &InventoryEntry) -> Option<Level> {
    entry
        .level
        .as_deref()
        .and_then(Level::parse)
        .or_else(|| entry.inferred_level.as_deref().and_then(Level::parse))
        .map(Level::standard)
}

impl Rule for SharedFlowControlPolicy {
    fn code(&self) -> RuleCode {
        RuleCode::RES002
    }

    fn scope(&self) -> Scope {
        Scope::Portfolio
    }

    fn reads(&self) -> &'static [ModelPart] {
        &[ModelPart::Routes]
    }

    fn check_portfolio(&self, portfolio: &Portfolio, _ctx: &Ctx<'_>, out: &mut Vec<RawFinding>) {
        let interfaces = &portfolio.interfaces;
        let levels: Vec<Option<Level>> = interfaces.iter().map(level).collect();
        // Where limits are compared: the spec, or the gateway service a route belongs to
        // (whatever level, global, service or route, the policy is attached at).
        let spec_contexts: Vec<String> = interfaces.iter().map(|e| format!("spec {}", e.spec)).collect();
        let route_contexts: Vec<String> = portfolio
            .routes
            .iter()
            .map(|route| {
                format!(
                    "{} {} service {}",
                    route.kind.label(),
                    route.at.file,
                    route.service.as_deref().unwrap_or("")
                )
            })
            .collect();
        // By policy: who shares it. By (context, policy): what is compared.
        let mut uses: BTreeMap<&str, Use<'_>> = BTreeMap::new();
        let mut in_context: BTreeMap<(&str, &str), Use<'_>> = BTreeMap::new();
        let by_key = ByKey::new(portfolio);
        for (i, entry) in interfaces.iter().enumerate() {
            if let Some(policy) = &entry.rate_limit {
                insert(
                    &mut uses,
                    &mut in_context,
                    policy,
                    &spec_contexts[i],
                    i,
                    levels[i],
                );
            }
        }
        for (r, route) in portfolio.routes.iter().enumerate() {
            if route.terminated.is_some() || route.policies.is_empty() {
                continue;
            }
            for key in &route.operations {
                let Some((i, _)) = by_key.get(key) else {
                    continue;
                };
                for policy in &route.policies {
                    insert(
                        &mut uses,
                        &mut in_context,
                        policy,
                        &route_contexts[r],
                        i,
                        levels[i],
                    );
                }
            }
        }
        let ops = |set: &BTreeSet<usize>| -> Msg {
            let list: Vec<String> = set
                .iter()
                .map(|&i| format!("{} {}", interfaces[i].method, interfaces[i].path))
                .collect();
            some_of(&list)
        };
        let mut shared = BTreeSet::new();
        for (id, use_) in &uses {
            if use_.a1.is_empty() || use_.a2.is_empty() {
                continue;
            }
            shared.insert(*id);
            let policy = use_.policy;
            let limit = if policy.limit.is_empty() {
                String::new()
            } else {
                format!(" ({})", policy.limit)
            };
            let name = if policy.name.is_empty() || policy.name == policy.kind.label() {
                String::new()
            } else {
                format!(" `{}`", policy.name)
            };
            let (what_en, what_zh) = if policy.kind.is_breaker() {
                ("one circuit breaker", "同一个熔断器")
            } else {
                ("one flow-control policy", "同一套流量控制策略")
            };
            out.push(
                finding_at(
                    self.code(),
                    &policy.at,
                    policy.snippet.as_ref(),
                    Msg::new(
                        format!(
                            "{what_en}, {}{name}{limit}, governs both A1 operations ({}) and A2 operations ({})",
                            policy.kind.label(),
                            ops(&use_.a1).en,
                            ops(&use_.a2).en
                        ),
                        format!(
                            "A1 接口（{}）与 A2 接口（{}）共用{what_zh}：{}{name}{limit}",
                            ops(&use_.a1).zh,
                            ops(&use_.a2).zh,
                            policy.kind.label()
                        ),
                    ),
                )
                // The policy's line, not its id: ids hold display paths and line numbers.
                .with_key_part("shared")
                .with_help(Msg::new(
                    "give A2 interfaces their own, stricter policy (route-level plugin or filter, a separate limit_req zone, a breaker per level)",
                    "为 A2 接口单独配置更严格的策略（路由级插件或过滤器、独立的 limit_req 区域、按级别区分的熔断器）",
                )),
            );
        }
        // A2 limits not below the lowest A1 limit of the same context.
        let mut contexts: BTreeMap<&str, (Vec<&Use<'_>>, Vec<&Use<'_>>)> = BTreeMap::new();
        let mut reported = BTreeSet::new();
        for ((_, id), use_) in &in_context {
            if shared.contains(id) || use_.policy.kind.is_breaker() || use_.policy.per_second.is_none() {
                continue;
            }
            let slot = contexts.entry(use_.context).or_default();
            if !use_.a1.is_empty() {
                slot.0.push(use_);
            } else if !use_.a2.is_empty() {
                slot.1.push(use_);
            }
        }
        for (a1_uses, a2_uses) in contexts.values() {
            let Some(strictest_a1) = a1_uses.iter().min_by(|a, b| {
                a.policy
                    .per_second
                    .partial_cmp(&b.policy.per_second)
                    .unwrap_or(std::cmp::Ordering::Equal)
            }) else {
                continue;
            };
            let a1_rate = strictest_a1.policy.per_second.unwrap_or(f64::INFINITY);
            for a2 in a2_uses {
                let a2_rate = a2.policy.per_second.unwrap_or(0.0);
                if a2_rate < a1_rate || !reported.insert(a2.policy.id.as_str()) {
                    continue;
                }
                let policy = a2.policy;
                let at = policy.limit_at.as_ref().unwrap_or(&policy.at);
                let snippet = policy.limit_snippet.as_ref().or(policy.snippet.as_ref());
                let a1_at = &strictest_a1.policy.at;
                out.push(
                    finding_at(
                        self.code(),
                        at,
                        snippet,
                        Msg::new(
                            format!(
                                "A2 limit {} ({}) for {} is not stricter than the A1 limit {} ({}:{}) for {}",
                                show_rate(a2_rate),
                                policy.kind.label(),
                                ops(&a2.a2).en,
                                show_rate(a1_rate),
                                a1_at.file,
                                a1_at.line,
                                ops(&strictest_a1.a1).en
                            ),
                            format!(
                                "A2 接口 {} 的限流阈值 {}（{}）不严于 A1 接口 {} 的阈值 {}（{}:{}）",
                                ops(&a2.a2).zh,
                                show_rate(a2_rate),
                                policy.kind.label(),
                                ops(&strictest_a1.a1).zh,
                                show_rate(a1_rate),
                                a1_at.file,
                                a1_at.line
                            ),
                        ),
                    )
                    .with_key_part("not stricter")
                    .with_help(Msg::new(
                        "set the A2 limit below the A1 limits, sized per interface from observed traffic",
                        "将 A2 接口的阈值设为低于 A1 接口，并依据实际流量逐个接口核定",
                    )),
                );
            }
        }
    }
}

fn insert<'p>(
    uses: &mut BTreeMap<&'p str, Use<'p>>,
    in_context: &mut BTreeMap<(&'p str, &'p str), Use<'p>>,
    policy: &'p FlowPolicy,
    context: &'p str,
    op: usize,
    level: Option<Level>,
) {
    let blank = || Use {
        policy,
        context,
        a1: BTreeSet::new(),
        a2: BTreeSet::new(),
    };
    for use_ in [
        uses.entry(policy.id.as_str()).or_insert_with(blank),
        in_context
            .entry((context, policy.id.as_str()))
            .or_insert_with(blank),
    ] {
        match level {
            Some(Level::A1) => {
                use_.a1.insert(op);
            }
            Some(_) => {
                use_.a2.insert(op);
            }
            None => {}
        }
    }
}
