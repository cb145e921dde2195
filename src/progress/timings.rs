//! Phase timings of a run (`APIAUDIT_TIMINGS=1`): where a run's time goes, printed to standard
//! error at its end, never in a report. Each phase's time is exclusive: a phase entered inside
//! another (detector set-up inside the secret scan) pauses the outer one, so the phases add up
//! to the time measured. Times on worker threads are summed over the threads (CPU time of the
//! phase, not wall time). Without the variable a phase costs one relaxed load.

use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The phases of a run, in pipeline order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Command line, settings and the rule catalogue.
    Setup,
    /// Walking the roots.
    Walk,
    /// Reading files.
    Read,
    /// YAML/JSON parsing.
    Parse,
    /// The spec model: `$ref` resolution and normalisation.
    Model,
    /// Vocabulary matchers and the secret detectors, compiled on first use.
    Detectors,
    /// Level inference and personal-information fields.
    Inference,
    /// Inventory entries.
    Inventory,
    /// Spec and repository rules on each file (the secret scan among them).
    Rules,
    /// Front ends' `finish`, repository and portfolio rules.
    Portfolio,
    /// Policy: suppressions, order, fingerprints.
    Settle,
    /// Writing the reports.
    Report,
}

const STAGES: [(Stage, &str); 12] = [
    (Stage::Setup, "setup (settings, catalogue)"),
    (Stage::Walk, "walk"),
    (Stage::Read, "read"),
    (Stage::Parse, "parse"),
    (Stage::Model, "model"),
    (Stage::Detectors, "detector and vocabulary set-up"),
    (Stage::Inference, "inference"),
    (Stage::Inventory, "inventory"),
    (Stage::Rules, "rules"),
    (Stage::Portfolio, "portfolio (finish, portfolio rules)"),
    (Stage::Settle, "settle"),
    (Stage::Report, "report"),
];

static ENABLED: AtomicBool = AtomicBool::new(false);
static NANOS: [AtomicU64; 12] = [const { AtomicU64::new(0) }; 12];

/// The resident set at points of the run (`memory`): label, current and peak KiB.
static MEMORY: Mutex<Vec<(&'static str, u64, u64)>> = Mutex::new(Vec::new());

thread_local! {
    /// The phase running on this thread and since when it has been counted.
    static CURRENT: Cell<Option<(Stage, Instant)>> = const { Cell::new(None) };
}

/// Reads `APIAUDIT_TIMINGS` once, at the start of a run.
pub fn init() {
    ENABLED.store(std::env::var_os("APIAUDIT_TIMINGS").is_some(), Ordering::Relaxed);
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

fn add(stage: Stage, time: Duration) {
    let nanos = u64::try_from(time.as_nanos()).unwrap_or(u64::MAX);
    NANOS[stage as usize].fetch_add(nanos, Ordering::Relaxed);
}

/// Counts the time until the guard is dropped as `stage`.
#[must_use = "the phase ends when the guard is dropped"]
pub fn phase(stage: Stage) -> Option<Guard> {
    if !enabled() {
        return None;
    }
    let now = Instant::now();
    let outer = CURRENT.with(|current| current.replace(Some((stage, now))));
    if let Some((outer_stage, since)) = outer {
        add(outer_stage, now - since);
    }
    Some(Guard {
        outer: outer.map(|(stage, _)| stage),
    })
}

/// Ends a phase on drop and resumes the one it interrupted.
pub struct Guard {
    outer: Option<Stage>,
}

impl Drop for Guard {
    fn drop(&mut self) {
        let now = Instant::now();
        let resumed = self.outer.map(|stage| (stage, now));
        if let Some((stage, since)) = CURRENT.with(|current| current.replace(resumed)) {
            add(stage, now - since);
        }
    }
}

/// Notes the resident set now and its peak so far (Linux: `/proc/self/status`), to see which
/// part of a run holds the memory; nothing where the kernel does not say.
pub fn memory(label: &'static str) {
    if !enabled() {
        return;
    }
    let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
        return;
    };
    let kib = |key: &str| {
        status
            .lines()
            .find_map(|line| line.strip_prefix(key))
            .and_then(|rest| rest.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (now, peak) = (kib("VmRSS:"), kib("VmHWM:"));
    if let Ok(mut marks) = MEMORY.lock() {
        marks.push((label, now, peak));
    }
}

/// The phases' times to standard error, with the run's wall time since `started`.
pub fn print(started: Instant) {
    if !enabled() {
        return;
    }
    let wall = started.elapsed();
    let mut text = format!("timings (APIAUDIT_TIMINGS): wall {:.1} ms\n", ms(wall));
    for (stage, name) in STAGES {
        let nanos = NANOS[stage as usize].load(Ordering::Relaxed);
        text.push_str(&format!(
            "  {name:<38} {:>9.1} ms\n",
            ms(Duration::from_nanos(nanos))
        ));
    }
    memory("end");
    if let Ok(marks) = MEMORY.lock() {
        for (label, now, peak) in marks.iter() {
            text.push_str(&format!(
                "  resident at {label:<27} {:>9.1} MiB (peak {:.1} MiB)\n",
                *now as f64 / 1024.0,
                *peak as f64 / 1024.0
            ));
        }
    }
    eprint!("{text}");
}

fn ms(time: Duration) -> f64 {
    time.as_secs_f64() * 1000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_phases_are_exclusive() {
        ENABLED.store(true, Ordering::Relaxed);
        let before = NANOS[Stage::Detectors as usize].load(Ordering::Relaxed);
        {
            let _rules = phase(Stage::Rules);
            {
                let _inner = phase(Stage::Detectors);
                std::thread::sleep(Duration::from_millis(5));
            }
            assert_eq!(CURRENT.with(|c| c.get().map(|(s, _)| s)), Some(Stage::Rules));
        }
        assert_eq!(CURRENT.with(|c| c.get()), None);
        let after = NANOS[Stage::Detectors as usize].load(Ordering::Relaxed);
        assert!(after - before >= 5_000_000);
    }
}
