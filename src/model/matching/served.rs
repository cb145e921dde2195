//! Which spec operations the code serves, and which served operations a spec declares.
//!
//! An operation matches when the methods agree (a code route without a method restriction
//! matches any) and the paths are the same once parameter names are ignored, comparing the
//! spec's path both with and without each server's base path, and the code's path both with
//! and without its context path (a spec may document either form).
//!
//! A spec operation is `served: true/false` only when code of its service is in the run
//! (same service: same directory, the spec's directory above the code's, or one
//! `[services]` entry) and that code serves at least one operation of the spec; a spec none of
//! whose operations that code serves describes another API (a client's copy of a provider's
//! spec) and stays `served: null`.
//!
//! A code route whose path begins with a value known only at run time (`runtime_path`: the
//! first segment after the context path holds an unresolved `${NAME}`) cannot be compared
//! with any spec path: it takes no part in matching, INV001 skips it, and a declared
//! operation it might serve (same service, a method it accepts) that nothing else serves is
//! `served: null` rather than false, so INV002 does not claim what cannot be known.

use crate::model::inventory::InventoryEntry;
use crate::model::Portfolio;
use std::collections::{BTreeMap, HashMap};

fn spec_keys(entry: &InventoryEntry) -> Vec<String> {
    let mut keys = vec![match_key(&entry.path)];
    for server in entry.servers.iter() {
        let base = super::base_path(server);
        if !base.is_empty() {
            keys.push(match_key(&format!(
                "{}/{}",
                base.trim_end_matches('/'),
                entry.path
            )));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

fn code_keys(entry: &InventoryEntry) -> Vec<String> {
    let mut keys = vec![match_key(&entry.path)];
    if let Some(context) = entry.servers.first() {
        if let Some(rest) = entry.path.strip_prefix(context.as_str()) {
            keys.push(match_key(rest));
        }
    }
    keys.sort();
    keys.dedup();
    keys
}

/// Whether a served entry's path begins with a value known only at run time: its first
/// segment (after the context path) holds a name that could not be resolved (`${NAME}`), as in
/// Flask's own `add_url_rule(rule, ...)` or a Go constant of a package not in the run. Such a
/// path says nothing a spec could be matched with. An unresolved name further down a resolved
/// prefix (`/v1/${KIND}`) still locates the operation and is matched as written.
pub fn runtime_path(entry: &InventoryEntry) -> bool {
    let rest = entry
        .servers
        .first()
        .and_then(|context| entry.path.strip_prefix(context.as_str()))
        .unwrap_or(&entry.path);
    rest.split('/')
        .find(|segment| !segment.is_empty())
        .is_some_and(|segment| segment.contains("${"))
}

fn methods_agree(spec: &str, code: &str) -> bool {
    code == "ANY" || code == "*" || spec.eq_ignore_ascii_case(code)
}

/// Whether the code of service `code` belongs to the service `spec` names.
pub fn same_service(spec: Option<&str>, code: Option<&str>) -> bool {
    match (spec, code) {
        (Some(spec), Some(code)) => {
            spec == code
                || (!spec.starts_with("service ")
                    && !code.starts_with("service ")
                    && (spec == "." || code.starts_with(&format!("{spec}/"))))
        }
        _ => false,
    }
}

/// Matches between the run's spec operations and served operations.
pub struct Matches {
    /// For each spec entry, the served entries (any service) that match it.
    pub spec_to_code: Vec<Vec<usize>>,
    /// For each served entry, the spec entries (any spec of the run) that declare it.
    pub code_to_spec: Vec<Vec<usize>>,
}

pub fn matches(portfolio: &Portfolio) -> Matches {
    let mut by_key: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, entry) in portfolio.served.iter().enumerate() {
        if runtime_path(entry) {
            continue;
        }
        for key in code_keys(entry) {
            by_key.entry(key).or_default().push(i);
        }
    }
    let mut spec_to_code = vec![Vec::new(); portfolio.interfaces.len()];
    let mut code_to_spec = vec![Vec::new(); portfolio.served.len()];
    for (s, entry) in portfolio.interfaces.iter().enumerate() {
        for key in spec_keys(entry) {
            for &c in by_key.get(&key).into_iter().flatten() {
                if methods_agree(&entry.method, &portfolio.served[c].method) && !spec_to_code[s].contains(&c)
                {
                    spec_to_code[s].push(c);
                    code_to_spec[c].push(s);
                }
            }
        }
    }
    Matches {
        spec_to_code,
        code_to_spec,
    }
}

/// Whether the code of a spec entry's service is in the run, per spec entry: the served
/// entries of that service (None when the spec's service has no code in the run, or its code
/// serves none of the spec's operations, or nothing else serves the operation and a route of
/// that code with a run-time path might).
pub fn service_code(portfolio: &Portfolio, found: &Matches) -> Vec<Option<Vec<usize>>> {
    // Per spec file: does the code of its service serve any of its operations?
    let mut spec_served: BTreeMap<&str, bool> = BTreeMap::new();
    let mut out = Vec::with_capacity(portfolio.interfaces.len());
    let same: Vec<Vec<usize>> = portfolio
        .interfaces
        .iter()
        .enumerate()
        .map(|(s, entry)| {
            found.spec_to_code[s]
                .iter()
                .copied()
                .filter(|&c| same_service(entry.service.as_deref(), portfolio.served[c].service.as_deref()))
                .collect()
        })
        .collect();
    for (s, entry) in portfolio.interfaces.iter().enumerate() {
        *spec_served.entry(&*entry.spec).or_default() |= !same[s].is_empty();
    }
    // Each distinct service of the specs against each distinct service of the code, once.
    let code_services: std::collections::BTreeSet<Option<&str>> =
        portfolio.served.iter().map(|c| c.service.as_deref()).collect();
    let mut has_code_of: BTreeMap<Option<&str>, bool> = BTreeMap::new();
    let runtime: Vec<&InventoryEntry> = portfolio.served.iter().filter(|c| runtime_path(c)).collect();
    for (s, entry) in portfolio.interfaces.iter().enumerate() {
        let service = entry.service.as_deref();
        let has_code = *has_code_of
            .entry(service)
            .or_insert_with(|| code_services.iter().any(|&c| same_service(service, c)));
        let maybe_runtime = || {
            runtime.iter().any(|c| {
                same_service(service, c.service.as_deref()) && methods_agree(&entry.method, &c.method)
            })
        };
        if has_code
            && spec_served.get(&*entry.spec).copied().unwrap_or(false)
            && (!same[s].is_empty() || !maybe_runtime())
        {
            out.push(Some(same[s].clone()));
        } else {
            out.push(None);
        }
    }
    out
}

/// The key two paths in OpenAPI form match by: parameter names ignored (`{id}` and `{pk}` are
/// one `{}`, whatever they nest), repeated and trailing slashes dropped. Code paths reach the
/// inventory in this form already (the route front end normalises the frameworks' syntaxes).
pub fn match_key(path: &str) -> String {
    let mut out = String::with_capacity(path.len() + 1);
    let mut depth = 0usize;
    for c in path.trim().chars() {
        match c {
            '{' => {
                if depth == 0 {
                    out.push_str("{}");
                }
                depth += 1;
            }
            '}' => depth = depth.saturating_sub(1),
            '/' if depth == 0 && out.ends_with('/') => {}
            _ if depth == 0 => {
                if out.is_empty() && c != '/' {
                    out.push('/');
                }
                out.push(c);
            }
            _ => {}
        }
    }
    if out.is_empty() {
        out.push('/');
    }
    while out.len() > 1 && out.ends_with('/') {
        out.pop();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn services_and_match_keys() {
        assert!(same_service(Some("."), Some("pay")));
        assert!(same_service(Some("bank"), Some("bank/pay")));
        assert!(!same_service(Some("bank/pay"), Some("bank")));
        assert!(!same_service(Some("service a"), Some("service b")));
        assert!(!same_service(None, Some("x")));
        assert_eq!(match_key("/a/{x}/b/{y:[0-9]{2}}/"), "/a/{}/b/{}");
        assert_eq!(match_key("a//b"), "/a/b");
        assert_eq!(match_key(""), "/");
    }

    #[test]
    fn run_time_paths_are_those_whose_first_segment_is_unresolved() {
        let settings = crate::settings::Settings::default();
        let code = |path: &str, context: &str| {
            crate::model::served::entry(
                &crate::model::served::ServedOperation {
                    method: "GET".into(),
                    path: path.into(),
                    context: context.into(),
                    ..Default::default()
                },
                &settings,
            )
        };
        assert!(runtime_path(&code("/${rule}", "")));
        assert!(runtime_path(&code("/${static_url_path}/{filename}", "")));
        assert!(runtime_path(&code("/bank/${partner.path}", "/bank")));
        assert!(!runtime_path(&code("/v1/${KIND}", "")));
        assert!(!runtime_path(&code("/bank/v1/transfers", "/bank")));
        assert!(!runtime_path(&code("/{id}", "")));
        assert!(!runtime_path(&code("/", "")));
    }
}
