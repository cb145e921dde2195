//! Maven's version order: the rules of `org.apache.maven.artifact.versioning.ComparableVersion`
//! as Maven 3.9 has them (the class Maven itself sorts versions with, described by the "version
//! order specification" of the POM reference), which OSV's Maven ranges are written against.
//!
//! No well-kept Rust crate implements it (the one published crate was last released in 2021 by
//! a single author), so it is written here, with Maven's own test sequences as tests.
//!
//! A version splits into items at `.`, `-` and every switch between digits and letters; a `-`
//! or a switch opens a sub-list. Numbers compare numerically (any length); the known
//! qualifiers order as `alpha < beta < milestone < rc < snapshot < "" (ga, final, release) < sp`
//! with `a1`/`b1`/`m1` short for `alpha-1`/`beta-1`/`milestone-1` and `cr` for `rc`; unknown
//! qualifiers follow, lexically. Trailing "null" items (0, the release qualifier, empty lists)
//! are dropped, so `1.0.0 == 1` and `1.0-ga == 1`.

use std::cmp::Ordering;

#[derive(Debug, Clone, PartialEq, Eq)]
enum Item {
    /// Digits without leading zeros ("" is zero).
    Int(String),
    /// A qualifier after alias resolution.
    Str(String),
    List(Vec<Item>),
}

const QUALIFIERS: [&str; 7] = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];
/// Index of the release qualifier ("") in `QUALIFIERS`.
const RELEASE_INDEX: usize = 5;

/// A parsed Maven version.
#[derive(Debug, Clone)]
pub struct MavenVersion {
    items: Vec<Item>,
}

impl MavenVersion {
    pub fn parse(text: &str) -> MavenVersion {
        MavenVersion {
            items: parse_items(&text.trim().to_lowercase()),
        }
    }
}

impl PartialEq for MavenVersion {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for MavenVersion {}

impl PartialOrd for MavenVersion {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for MavenVersion {
    fn cmp(&self, other: &Self) -> Ordering {
        compare_lists(&self.items, &other.items)
    }
}

fn int_item(digits: &str) -> Item {
    Item::Int(digits.trim_start_matches('0').to_string())
}

fn string_item(text: &str, followed_by_digit: bool) -> Item {
    let text = match (followed_by_digit, text) {
        (true, "a") => "alpha",
        (true, "b") => "beta",
        (true, "m") => "milestone",
        (_, "ga" | "final" | "release") => "",
        (_, "cr") => "rc",
        (_, other) => other,
    };
    Item::Str(text.to_string())
}

fn parse_item(is_digit: bool, text: &str) -> Item {
    if is_digit {
        int_item(text)
    } else {
        string_item(text, false)
    }
}

/// Parses a lower-cased version. Maven only ever descends into a new sub-list (the last item
/// of the current one), so the lists form a chain kept here as a stack, innermost last.
fn parse_items(version: &str) -> Vec<Item> {
    let mut stack: Vec<Vec<Item>> = vec![Vec::new()];
    let mut is_digit = false;
    let mut start = 0usize;
    for (i, c) in version.char_indices() {
        if c == '.' || c == '-' {
            let item = if i == start {
                Item::Int(String::new())
            } else {
                parse_item(is_digit, &version[start..i])
            };
            push(&mut stack, item);
            start = i + 1;
            if c == '-' {
                stack.push(Vec::new());
            }
        } else if c.is_ascii_digit() {
            if !is_digit && i > start {
                // Letters then digits: `.X1` reads as `-X1` (Maven 3.9, MNG-7644).
                if current_is_not_empty(&stack) {
                    stack.push(Vec::new());
                }
                push(&mut stack, string_item(&version[start..i], true));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = true;
        } else {
            if is_digit && i > start {
                push(&mut stack, int_item(&version[start..i]));
                start = i;
                stack.push(Vec::new());
            }
            is_digit = false;
        }
    }
    if version.len() > start {
        // A trailing qualifier after a dot reads as after a hyphen (MNG-7644).
        if !is_digit && current_is_not_empty(&stack) {
            stack.push(Vec::new());
        }
        push(&mut stack, parse_item(is_digit, &version[start..]));
    }
    // Maven normalises every list from the innermost outwards, each holding its sub-list.
    let mut inner: Option<Vec<Item>> = None;
    while let Some(mut list) = stack.pop() {
        if let Some(child) = inner.take() {
            list.push(Item::List(child));
        }
        normalize(&mut list);
        inner = Some(list);
    }
    inner.unwrap_or_default()
}

fn current_is_not_empty(stack: &[Vec<Item>]) -> bool {
    stack.last().is_some_and(|list| !list.is_empty())
}

fn push(stack: &mut [Vec<Item>], item: Item) {
    if let Some(list) = stack.last_mut() {
        list.push(item);
    }
}

fn is_null(item: &Item) -> bool {
    match item {
        Item::Int(digits) => digits.is_empty(),
        Item::Str(text) => qualifier_rank(text) == (RELEASE_INDEX, ""),
        Item::List(list) => list.is_empty(),
    }
}

/// Removes trailing null items, looking past non-null sub-lists as Maven does.
fn normalize(list: &mut Vec<Item>) {
    let mut i = list.len();
    while i > 0 {
        i -= 1;
        if is_null(&list[i]) {
            list.remove(i);
        } else if !matches!(list[i], Item::List(_)) {
            break;
        }
    }
}

/// Known qualifiers by their index; unknown ones after all of them, lexically.
fn qualifier_rank(text: &str) -> (usize, &str) {
    match QUALIFIERS.iter().position(|q| *q == text) {
        Some(index) => (index, ""),
        None => (QUALIFIERS.len(), text),
    }
}

fn compare_ints(a: &str, b: &str) -> Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// `a` compared with `b`, where None is the padding of a shorter list.
fn compare_item(a: &Item, b: Option<&Item>) -> Ordering {
    match (a, b) {
        (Item::Int(digits), None) => {
            if digits.is_empty() {
                Ordering::Equal
            } else {
                Ordering::Greater
            }
        }
        (Item::Int(x), Some(Item::Int(y))) => compare_ints(x, y),
        (Item::Int(_), Some(Item::Str(_) | Item::List(_))) => Ordering::Greater,
        (Item::Str(text), None) => qualifier_rank(text).cmp(&(RELEASE_INDEX, "")),
        (Item::Str(_), Some(Item::Int(_) | Item::List(_))) => Ordering::Less,
        (Item::Str(x), Some(Item::Str(y))) => qualifier_rank(x).cmp(&qualifier_rank(y)),
        // The whole list against padding, not just its first item (MNG-6964).
        (Item::List(list), None) => list
            .iter()
            .map(|item| compare_item(item, None))
            .find(|o| *o != Ordering::Equal)
            .unwrap_or(Ordering::Equal),
        (Item::List(_), Some(Item::Int(_))) => Ordering::Less,
        (Item::List(_), Some(Item::Str(_))) => Ordering::Greater,
        (Item::List(x), Some(Item::List(y))) => compare_lists(x, y),
    }
}

fn compare_lists(a: &[Item], b: &[Item]) -> Ordering {
    for i in 0..a.len().max(b.len()) {
        let result = match (a.get(i), b.get(i)) {
            (Some(left), right) => compare_item(left, right),
            (None, Some(right)) => compare_item(right, None).reverse(),
            (None, None) => Ordering::Equal,
        };
        if result != Ordering::Equal {
            return result;
        }
    }
    Ordering::Equal
}

#[cfg(test)]
mod tests {
    use super::*;

    fn v(text: &str) -> MavenVersion {
        MavenVersion::parse(text)
    }

    fn assert_ascending(list: &[&str]) {
        for (i, low) in list.iter().enumerate() {
            for high in &list[i + 1..] {
                assert!(v(low) < v(high), "expected {low} < {high}");
                assert!(v(high) > v(low), "expected {high} > {low}");
            }
        }
    }

    fn assert_equal(a: &str, b: &str) {
        assert_eq!(v(a).cmp(&v(b)), Ordering::Equal, "expected {a} == {b}");
        assert_eq!(v(b).cmp(&v(a)), Ordering::Equal, "expected {b} == {a}");
    }

    #[test]
    fn qualifiers_of_the_issue() {
        assert_ascending(&["1.0-alpha", "1.0-beta", "1.0-rc", "1.0", "1.0-sp"]);
        assert_ascending(&[
            "1.0-alpha",
            "1.0-beta",
            "1.0-milestone",
            "1.0-rc",
            "1.0-SNAPSHOT",
            "1.0",
            "1.0-sp",
        ]);
    }

    /// Maven's own ordering sequences (ComparableVersionTest).
    #[test]
    fn maven_qualifier_sequence() {
        assert_ascending(&[
            "1-alpha2snapshot",
            "1-alpha2",
            "1-alpha-123",
            "1-beta-2",
            "1-beta123",
            "1-m2",
            "1-m11",
            "1-rc",
            "1-cr2",
            "1-rc123",
            "1-SNAPSHOT",
            "1",
            "1-sp",
            "1-sp2",
            "1-sp123",
            "1-abc",
            "1-def",
            "1-pom-1",
            "1-1-snapshot",
            "1-1",
            "1-2",
            "1-123",
        ]);
    }

    /// Maven 3.9's number sequence: since MNG-7644 a qualifier after a dot reads as after a
    /// hyphen, so `2.0.a` sorts below `2-1` and `2.0.a` equals `2.0.0.a`.
    #[test]
    fn maven_number_sequence() {
        assert_ascending(&[
            "2.0", "2.0.a", "2-1", "2.0.2", "2.0.123", "2.1.0", "2.1-a", "2.1b", "2.1-c", "2.1-1", "2.1.0.1",
            "2.2", "2.123", "11.a2", "11.a11", "11.b2", "11.b11", "11.m2", "11.m11", "11", "11.a", "11b",
            "11c", "11m",
        ]);
        assert_equal("2.0.a", "2.0.0.a");
        assert_ascending(&["1.0.RC2", "1.0-RC3", "1.0.1"]);
        assert_ascending(&["1.0.0.X1", "1.0.0-X2"]);
    }

    #[test]
    fn maven_equalities() {
        for (a, b) in [
            ("1", "1.0"),
            ("1", "1.0.0"),
            ("1.0", "1.0.0"),
            ("1", "1-0"),
            ("1", "1.0-0"),
            ("1.0", "1.0-0"),
            ("1a", "1.a"),
            ("1a", "1-a"),
            ("1a", "1.0-a"),
            ("1a", "1.0.0-a"),
            ("1.0a", "1.0.a"),
            ("1.0.0a", "1.0.0.a"),
            ("1x", "1.x"),
            ("1x", "1-x"),
            ("1x", "1.0-x"),
            ("1ga", "1"),
            ("1final", "1"),
            ("1.0.RELEASE", "1.0"),
            ("1cr", "1rc"),
            ("1a1", "1alpha1"),
            ("1b2", "1beta2"),
            ("1m3", "1milestone3"),
            ("1X", "1x"),
            ("1GA", "1"),
            ("1FINAL", "1"),
            ("1m3", "1MILESTONE3"),
            ("1.01", "1.1"),
        ] {
            assert_equal(a, b);
        }
    }

    #[test]
    fn maven_comparisons() {
        for (low, high) in [
            ("1", "2"),
            ("1.5", "2"),
            ("1", "2.5"),
            ("1.0", "1.1"),
            ("1.0.1", "1.1"),
            ("1.1", "1.2.0"),
            ("1.0-alpha-1", "1.0"),
            ("1.0-alpha-1", "1.0-alpha-2"),
            ("1.0-alpha-1", "1.0-beta-1"),
            ("1.0-beta-1", "1.0-SNAPSHOT"),
            ("1.0-SNAPSHOT", "1.0"),
            ("1.0-alpha-1-SNAPSHOT", "1.0-alpha-1"),
            ("1.0", "1.0-1"),
            ("1.0-1", "1.0-2"),
            ("1.0.0", "1.0-1"),
            ("2.0-1", "2.0.1"),
            ("2.0.1-klm", "2.0.1-lmn"),
            ("2.0.1", "2.0.1-xyz"),
            ("2.0.1", "2.0.1-123"),
            ("2.0.1-xyz", "2.0.1-123"),
        ] {
            assert!(v(low) < v(high), "expected {low} < {high}");
        }
    }

    #[test]
    fn real_world_versions() {
        // log4j's CVE-2021-44228 range boundaries and Spring's release naming.
        assert_ascending(&[
            "2.0-beta9",
            "2.0-rc1",
            "2.0",
            "2.3.1",
            "2.12.2",
            "2.14.1",
            "2.15.0",
            "2.17.1",
        ]);
        assert_ascending(&["5.3.0.M1", "5.3.0.RC1", "5.3.0.RELEASE", "5.3.1"]);
        assert_ascending(&["1.2.47", "1.2.83", "1.2.83_noneautotype"]);
        assert_ascending(&["2.9.8", "2.9.9", "2.9.10", "2.9.10.1", "2.10.0"]);
        // Unknown qualifiers sort after the release (a Maven quirk OSV ranges rely on).
        assert_ascending(&["2.10.0", "2.10.0.pr1"]);
        assert_ascending(&["31.1-android", "31.1-jre", "32.0.0-android"]);
        // Numbers longer than any machine integer still order numerically.
        assert_ascending(&["1.99999999999999999999", "1.100000000000000000000"]);
    }

    /// Comparisons decided by Maven itself (maven-artifact's ComparableVersion; see
    /// tools/check-maven-order.sh, which also runs 200,000 random pairs against it).
    #[test]
    fn agrees_with_maven_artifact() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/testdata/deps/maven-comparisons.tsv");
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let mut checked = 0;
        for line in text.lines().filter(|l| !l.starts_with('#')) {
            let fields: Vec<&str> = line.split('\t').collect();
            let [left, right, sign] = fields.as_slice() else {
                panic!("bad line {line:?}");
            };
            let expected = match *sign {
                "-1" => Ordering::Less,
                "0" => Ordering::Equal,
                _ => Ordering::Greater,
            };
            assert_eq!(v(left).cmp(&v(right)), expected, "{left} vs {right}");
            checked += 1;
        }
        assert!(checked > 3000);
    }

    /// The full differential run (tools/check-maven-order.sh sets the variables).
    #[test]
    #[ignore = "needs Java and Maven's jar: run tools/check-maven-order.sh"]
    fn agrees_with_maven_artifact_on_random_pairs() {
        let (Ok(pairs), Ok(verdicts)) = (
            std::env::var("APIAUDIT_MAVEN_PAIRS").map(std::fs::read_to_string),
            std::env::var("APIAUDIT_MAVEN_VERDICTS").map(std::fs::read_to_string),
        ) else {
            panic!("set APIAUDIT_MAVEN_PAIRS and APIAUDIT_MAVEN_VERDICTS");
        };
        let (pairs, verdicts) = (pairs.unwrap_or_default(), verdicts.unwrap_or_default());
        let mut disagreements = Vec::new();
        let mut total = 0;
        for (line, verdict) in pairs.lines().zip(verdicts.lines()) {
            let (left, right) = line.split_once('\t').unwrap_or((line, ""));
            let ours = match v(left).cmp(&v(right)) {
                Ordering::Less => "-1",
                Ordering::Equal => "0",
                Ordering::Greater => "1",
            };
            total += 1;
            if ours != verdict.trim() {
                disagreements.push(format!("{left} vs {right}: Maven {verdict}, apiaudit {ours}"));
            }
        }
        println!("{total} pairs, {} disagreements", disagreements.len());
        assert!(
            disagreements.is_empty(),
            "{:#?}",
            &disagreements[..disagreements.len().min(20)]
        );
    }
}
