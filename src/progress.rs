//! Progress of a run, as counters the pipeline bumps and a display (the command line's progress
//! bar) reads. Plain atomics: workers never take a lock or wait for the display, and a run
//! without a display pays one relaxed increment per file.

pub mod timings;

use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};

/// Where a run is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Walking,
    Auditing,
    Portfolio,
    Done,
}

#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    walked: AtomicU64,
    total: AtomicU64,
    audited: AtomicU64,
    specs: AtomicU64,
}

/// A snapshot of the counters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counts {
    pub phase: Phase,
    /// Files found by the walk so far.
    pub walked: u64,
    /// Files to audit (known once the walk is over).
    pub total: u64,
    /// Files audited so far.
    pub audited: u64,
    /// OpenAPI documents parsed so far.
    pub specs: u64,
}

impl Progress {
    pub fn set_phase(&self, phase: Phase) {
        let value = match phase {
            Phase::Walking => 0,
            Phase::Auditing => 1,
            Phase::Portfolio => 2,
            Phase::Done => 3,
        };
        self.phase.store(value, Ordering::Relaxed);
    }

    pub fn walked(&self) {
        self.walked.fetch_add(1, Ordering::Relaxed);
    }

    pub fn set_total(&self, total: u64) {
        self.total.store(total, Ordering::Relaxed);
    }

    pub fn audited(&self, spec: bool) {
        self.audited.fetch_add(1, Ordering::Relaxed);
        if spec {
            self.specs.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub fn counts(&self) -> Counts {
        Counts {
            phase: match self.phase.load(Ordering::Relaxed) {
                0 => Phase::Walking,
                1 => Phase::Auditing,
                2 => Phase::Portfolio,
                _ => Phase::Done,
            },
            walked: self.walked.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            audited: self.audited.load(Ordering::Relaxed),
            specs: self.specs.load(Ordering::Relaxed),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_what_was_bumped() {
        let progress = Progress::default();
        assert_eq!(progress.counts().phase, Phase::Walking);
        progress.walked();
        progress.walked();
        progress.set_total(2);
        progress.set_phase(Phase::Auditing);
        progress.audited(true);
        progress.audited(false);
        let counts = progress.counts();
        assert_eq!(
            (
                counts.phase,
                counts.walked,
                counts.total,
                counts.audited,
                counts.specs
            ),
            (Phase::Auditing, 2, 2, 2, 1)
        );
    }
}
