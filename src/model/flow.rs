//! Flow-control limits as the different configs write them, normalised to requests per second
//! so RES002 can compare an A2 limit with an A1 one: `x-rate-limit: {limit: 100, window: 1s}`,
//! Kong `rate-limiting` windows (`second`, `minute`, ...; the strictest wins), Spring Cloud
//! Gateway `replenishRate` per `requestedTokens`, nginx `rate=10r/s`.

use super::routes::{line_snippet, At, FlowPolicy, PolicyKind, PolicyScope};
use super::spec::{NodeRef, Operation, Spec};

/// Seconds in a window written as `1s`, `500ms`, `1m`, `1 minute`, `hour`, `1d`, `PT1M`, or a
/// bare number of seconds.
pub fn window_seconds(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    if let Some(iso) = text.strip_prefix("pt") {
        let split = iso.find(|c: char| !(c.is_ascii_digit() || c == '.'))?;
        let value: f64 = iso[..split].parse().ok()?;
        let unit = match &iso[split..] {
            "s" => 1.0,
            "m" => 60.0,
            "h" => 3600.0,
            _ => return None,
        };
        return Some(value * unit);
    }
    let split = text
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(text.len());
    let (number, unit) = text.split_at(split);
    let value: f64 = if number.is_empty() {
        1.0
    } else {
        number.parse().ok()?
    };
    let factor = unit_seconds(unit.trim())?;
    (value > 0.0).then_some(value * factor)
}

fn unit_seconds(unit: &str) -> Option<f64> {
    Some(match unit {
        "" | "s" | "sec" | "secs" | "second" | "seconds" | "秒" => 1.0,
        "ms" | "millisecond" | "milliseconds" | "毫秒" => 0.001,
        "m" | "min" | "mins" | "minute" | "minutes" | "分" | "分钟" => 60.0,
        "h" | "hr" | "hour" | "hours" | "小时" | "时" => 3600.0,
        "d" | "day" | "days" | "天" | "日" => 86_400.0,
        "month" | "months" | "月" => 2_592_000.0,
        "year" | "years" | "年" => 31_536_000.0,
        _ => return None,
    })
}

/// Kong `rate-limiting` windows, in seconds.
pub const KONG_WINDOWS: &[(&str, f64)] = &[
    ("second", 1.0),
    ("minute", 60.0),
    ("hour", 3600.0),
    ("day", 86_400.0),
    ("month", 2_592_000.0),
    ("year", 31_536_000.0),
];

/// nginx `rate=10r/s` or `rate=600r/m`.
pub fn nginx_rate(text: &str) -> Option<f64> {
    let text = text.trim();
    let (number, unit) = text.split_once("r/")?;
    let value: f64 = number.trim().parse().ok()?;
    match unit.trim() {
        "s" => Some(value),
        "m" => Some(value / 60.0),
        _ => None,
    }
}

/// `100/s`, `100 per minute`, `100/1m`.
fn rate_text(text: &str) -> Option<f64> {
    let text = text.trim().to_ascii_lowercase();
    let (number, window) = text
        .split_once('/')
        .or_else(|| text.split_once(" per "))
        .or_else(|| text.split_once(" every "))?;
    let value: f64 = number.trim().parse().ok()?;
    Some(value / window_seconds(window)?)
}

fn format_number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 1e15 {
        format!("{value:.0}")
    } else {
        let text = format!("{value:.3}");
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// A rate for messages: `20/s`, `0.5/s`.
pub fn show_rate(per_second: f64) -> String {
    format!("{}/s", format_number(per_second))
}

/// The `x-rate-limit` in effect on an operation: its own, else the document's.
pub fn declared_limit(spec: &Spec, op: &Operation, extension: &str) -> Option<FlowPolicy> {
    let (owner, scope) = match spec.get(op.node, extension) {
        Some(_) => (op.node, PolicyScope::Operation),
        None => (spec.root, PolicyScope::Document),
    };
    let node = spec.get(owner, extension)?;
    let file = spec.file(node);
    // The policy is where its key is written; its limit is the value.
    let key_span = spec
        .resolve(owner)
        .filter(|owner| owner.doc == node.doc)
        .and_then(|_| spec.key_ref(owner, extension))
        .unwrap_or_else(|| spec.span(node));
    let value_span = spec.span(node);
    let at = At::of(file, key_span.start);
    let limit_at = At::of(file, value_span.start);
    let (per_second, limit) = read_limit(spec, node);
    Some(FlowPolicy {
        id: format!("x-rate-limit|{}|{}|{}", at.file, at.line, at.column),
        kind: PolicyKind::SpecRateLimit,
        scope,
        name: String::new(),
        snippet: line_snippet(file, key_span),
        limit_snippet: line_snippet(file, value_span),
        at,
        limit_at: Some(limit_at),
        per_second,
        limit,
    })
}

/// Reads `{limit|requests|max|rate: N, window|period|per|interval: W}`, `rate: "100/s"`, or a
/// scalar `100/s`.
fn read_limit(spec: &Spec, node: NodeRef) -> (Option<f64>, String) {
    let tree = spec.tree(node);
    if let Some(text) = tree.scalar_text(node.node) {
        return (rate_text(text), text.to_string());
    }
    let mut count: Option<(f64, String)> = None;
    let mut window: Option<(f64, String)> = None;
    let mut rate: Option<(f64, String)> = None;
    for (key, _, value) in spec.entries(node) {
        let Some(text) = spec.tree(value).scalar_text(value.node) else {
            continue;
        };
        match key.to_ascii_lowercase().replace(['-', '_'], "").as_str() {
            "limit" | "requests" | "max" | "count" | "quota" | "maxrequests" => {
                if let Ok(value) = text.trim().parse::<f64>() {
                    count = Some((value, format!("{key}: {text}")));
                } else if let Some(per_second) = rate_text(text) {
                    rate = Some((per_second, format!("{key}: {text}")));
                }
            }
            "window" | "period" | "per" | "interval" | "unit" | "duration" | "timewindow" => {
                if let Some(seconds) = window_seconds(text) {
                    window = Some((seconds, format!("{key}: {text}")));
                }
            }
            "rate" => {
                if let Some(per_second) = rate_text(text) {
                    rate = Some((per_second, format!("{key}: {text}")));
                } else if let Ok(value) = text.trim().parse::<f64>() {
                    count = Some((value, format!("{key}: {text}")));
                }
            }
            _ => {}
        }
    }
    if let Some((per_second, text)) = rate {
        return (Some(per_second), text);
    }
    match (count, window) {
        (Some((count, c)), Some((seconds, w))) => (Some(count / seconds), format!("{c}, {w}")),
        (Some((count, c)), None) => (Some(count), format!("{c} (per second assumed)")),
        (None, _) => (None, String::new()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_and_rates() {
        assert_eq!(window_seconds("1s"), Some(1.0));
        assert_eq!(window_seconds("1 minute"), Some(60.0));
        assert_eq!(window_seconds("PT1M"), Some(60.0));
        assert_eq!(window_seconds("hour"), Some(3600.0));
        assert_eq!(window_seconds("500ms"), Some(0.5));
        assert_eq!(window_seconds("fortnight"), None);
        assert_eq!(nginx_rate("10r/s"), Some(10.0));
        assert_eq!(nginx_rate("600r/m"), Some(10.0));
        assert_eq!(rate_text("100/s"), Some(100.0));
        assert_eq!(rate_text("6000 per minute"), Some(100.0));
        assert_eq!(show_rate(20.0), "20/s");
        assert_eq!(show_rate(0.5), "0.5/s");
    }
}
