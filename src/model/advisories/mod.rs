//! Whether a component version is affected by an advisory, per the OSV schema's evaluation of
//! `affected[].ranges[].events` (`introduced`, `fixed`, `last_affected`, `limit`) and the
//! explicit `versions` list, in the ecosystem's own version order; and which version to move
//! to. A range whose event versions do not parse in the ecosystem is not guessed at: it is
//! skipped (the explicit list still applies).
//!
//! The database these advisories come from is read by the OSV front end; `severity` maps CVSS
//! vectors to levels and `version` orders versions per ecosystem.

pub mod severity;
pub mod version;

use crate::model::components::Ecosystem;
use severity::AdvisorySeverity;
use std::cmp::Ordering;
use version::Version;

#[derive(Debug, Clone)]
pub struct Advisory {
    pub id: String,
    pub aliases: Vec<String>,
    pub severity: Option<AdvisorySeverity>,
    pub affected: Vec<Affected>,
}

#[derive(Debug, Clone)]
pub struct Affected {
    pub ecosystem: Ecosystem,
    pub name: String,
    pub ranges: Vec<Range>,
    pub versions: Vec<String>,
    /// `ecosystem_specific.severity`, when the database puts it per package.
    pub severity: Option<AdvisorySeverity>,
}

#[derive(Debug, Clone)]
pub struct Range {
    pub events: Vec<Event>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Introduced(String),
    Fixed(String),
    LastAffected(String),
    Limit(String),
}

/// How a version is affected.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// The `fixed` version that ends the affected interval, when the advisory names one.
    pub fixed: Option<String>,
}

/// An event with its version parsed; `introduced: "0"` is the start of time.
struct Parsed<'a> {
    event: &'a Event,
    version: Option<Version>,
}

impl Affected {
    /// Whether `version` (as written in `text`) is affected, and by which interval.
    pub fn hit(&self, version: &Version, text: &str) -> Option<Hit> {
        let mut hit: Option<Hit> = None;
        for range in &self.ranges {
            if let Some(found) = range_hit(self.ecosystem, range, version) {
                // Of several matching ranges the one with a known fix tells more.
                if hit.as_ref().is_none_or(|h| h.fixed.is_none()) {
                    hit = Some(found);
                }
            }
        }
        if hit.is_none() && self.listed(version, text) {
            hit = Some(Hit { fixed: None });
        }
        hit
    }

    /// Whether the explicit `versions` list names this version.
    fn listed(&self, version: &Version, text: &str) -> bool {
        let bare = text.trim().trim_start_matches('v');
        self.versions.iter().any(|listed| {
            listed.trim_start_matches('v') == bare
                || Version::parse(self.ecosystem, listed)
                    .and_then(|l| l.compare(version))
                    .is_some_and(|o| o == Ordering::Equal)
        })
    }
}

fn range_hit(ecosystem: Ecosystem, range: &Range, version: &Version) -> Option<Hit> {
    let mut events: Vec<Parsed<'_>> = Vec::with_capacity(range.events.len());
    for event in &range.events {
        let text = match event {
            Event::Introduced(v) | Event::Fixed(v) | Event::LastAffected(v) | Event::Limit(v) => v,
        };
        let parsed = if matches!(event, Event::Introduced(_)) && text.trim() == "0" {
            None
        } else {
            // An unparsable boundary makes the whole range unknowable.
            Some(Version::parse(ecosystem, text)?)
        };
        events.push(Parsed {
            event,
            version: parsed,
        });
    }
    // Sort by version, the start of time first; ties keep their written order.
    events.sort_by(|a, b| match (&a.version, &b.version) {
        (None, None) => Ordering::Equal,
        (None, Some(_)) => Ordering::Less,
        (Some(_), None) => Ordering::Greater,
        (Some(x), Some(y)) => x.compare(y).unwrap_or(Ordering::Equal),
    });
    let at_or_below = |p: &Parsed<'_>, inclusive: bool| match &p.version {
        None => true,
        Some(boundary) => match boundary.compare(version) {
            Some(Ordering::Less) => true,
            Some(Ordering::Equal) => inclusive,
            _ => false,
        },
    };
    let mut affected = false;
    let mut last = None;
    for (index, parsed) in events.iter().enumerate() {
        match parsed.event {
            Event::Introduced(_) if at_or_below(parsed, true) => {
                affected = true;
                last = Some(index);
            }
            Event::Fixed(_) if at_or_below(parsed, true) => affected = false,
            Event::LastAffected(_) if at_or_below(parsed, false) => affected = false,
            _ => {}
        }
    }
    let limited = events
        .iter()
        .any(|p| matches!(p.event, Event::Limit(_)) && at_or_below(p, true));
    if !affected || limited {
        return None;
    }
    // The interval's end: the first fixed or last_affected above the version.
    let fixed = events[last.unwrap_or(0)..]
        .iter()
        .filter(|p| !at_or_below(p, true))
        .find_map(|p| match p.event {
            Event::Fixed(v) => Some(Some(v.clone())),
            Event::LastAffected(_) => Some(None),
            _ => None,
        })
        .flatten();
    Some(Hit { fixed })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ecosystem: Ecosystem, events: &[Event]) -> Affected {
        Affected {
            ecosystem,
            name: "x".into(),
            ranges: vec![Range {
                events: events.to_vec(),
            }],
            versions: Vec::new(),
            severity: None,
        }
    }

    fn check(entry: &Affected, text: &str) -> Option<Hit> {
        let version = Version::parse(entry.ecosystem, text)?;
        entry.hit(&version, text)
    }

    fn i(v: &str) -> Event {
        Event::Introduced(v.into())
    }
    fn f(v: &str) -> Event {
        Event::Fixed(v.into())
    }
    fn l(v: &str) -> Event {
        Event::LastAffected(v.into())
    }

    #[test]
    fn log4shell_ranges_in_maven_order() {
        let e = entry(
            Ecosystem::Maven,
            &[
                i("2.13.0"),
                f("2.15.0"),
                i("2.0-beta9"),
                f("2.3.1"),
                i("2.4"),
                f("2.12.2"),
            ],
        );
        assert_eq!(
            check(&e, "2.14.1"),
            Some(Hit {
                fixed: Some("2.15.0".into())
            })
        );
        assert_eq!(
            check(&e, "2.12.1"),
            Some(Hit {
                fixed: Some("2.12.2".into())
            })
        );
        assert_eq!(
            check(&e, "2.0-rc1"),
            Some(Hit {
                fixed: Some("2.3.1".into())
            })
        );
        assert_eq!(
            check(&e, "2.0-beta9"),
            Some(Hit {
                fixed: Some("2.3.1".into())
            })
        );
        assert_eq!(check(&e, "2.0-beta8"), None, "before introduced");
        assert_eq!(check(&e, "2.3.1"), None, "the fixed version itself");
        assert_eq!(check(&e, "2.3.2"), None, "between ranges");
        assert_eq!(check(&e, "2.12.2"), None);
        assert_eq!(check(&e, "2.15.0"), None);
        assert_eq!(check(&e, "2.17.1"), None);
    }

    #[test]
    fn last_affected_and_open_ranges() {
        let e = entry(Ecosystem::PyPi, &[i("0"), l("1.4.2")]);
        assert_eq!(check(&e, "1.4.2"), Some(Hit { fixed: None }));
        assert_eq!(check(&e, "1.4.2.post1"), None);
        assert_eq!(check(&e, "0.1"), Some(Hit { fixed: None }));
        let open = entry(Ecosystem::Npm, &[i("1.0.0")]);
        assert_eq!(check(&open, "9.9.9"), Some(Hit { fixed: None }));
        assert_eq!(
            check(&open, "1.0.0-rc.1"),
            None,
            "a pre-release precedes its release"
        );
    }

    #[test]
    fn pre_releases_of_the_fix_are_still_affected() {
        let e = entry(Ecosystem::PyPi, &[i("0"), f("5.4")]);
        assert_eq!(
            check(&e, "5.4b1"),
            Some(Hit {
                fixed: Some("5.4".into())
            })
        );
        assert_eq!(check(&e, "5.4"), None);
        let e = entry(Ecosystem::CratesIo, &[i("0.0.0-0"), f("1.0.0")]);
        assert_eq!(
            check(&e, "1.0.0-rc.1"),
            Some(Hit {
                fixed: Some("1.0.0".into())
            })
        );
    }

    #[test]
    fn go_pseudo_versions() {
        let e = entry(Ecosystem::Go, &[i("0"), f("0.0.0-20201216223049-8b5274cf687f")]);
        assert!(check(&e, "v0.0.0-20200622213623-75b288015ac9").is_some());
        assert!(check(&e, "v0.0.0-20210921155107-089bfa567519").is_none());
        let jwt = entry(Ecosystem::Go, &[i("0"), f("4.0.0-preview1")]);
        assert!(check(&jwt, "v3.2.0+incompatible").is_some());
    }

    #[test]
    fn explicit_versions_and_unparsable_ranges() {
        let mut e = entry(Ecosystem::Npm, &[i("0"), f("not-a-version")]);
        assert_eq!(
            check(&e, "1.0.0"),
            None,
            "an unparsable range is skipped, not guessed"
        );
        e.versions = vec!["1.0.0".into()];
        assert_eq!(check(&e, "1.0.0"), Some(Hit { fixed: None }));
        assert_eq!(check(&e, "1.0.1"), None);
    }

    #[test]
    fn limit_bounds_a_range() {
        let e = entry(Ecosystem::Npm, &[i("0"), Event::Limit("2.0.0".into())]);
        assert!(check(&e, "1.9.9").is_some());
        assert!(check(&e, "2.0.0").is_none());
    }
}
