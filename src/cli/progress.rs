//! The progress indicator of `scan`: a spinner on standard error with files walked, files
//! audited and specs parsed, redrawn from the run's atomic counters by a thread of its own. It
//! is shown only on a terminal, never when standard error is a pipe or a file, when `CI` is
//! set, or with `--no-progress`/`--quiet`; it waits a moment before drawing, so short runs
//! print nothing, and clears itself when the run ends.

use crate::progress::{Phase, Progress};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// Whether to show progress: a terminal on stderr, outside CI, not asked to be quiet.
pub fn wanted(no_progress: bool, quiet: bool) -> bool {
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    !no_progress && !quiet && !ci && std::io::stderr().is_terminal()
}

/// A running indicator; `finish` stops and clears it.
pub struct Indicator {
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

/// How long a run goes before the indicator appears.
const DELAY: Duration = Duration::from_millis(400);
const TICK: Duration = Duration::from_millis(100);

impl Indicator {
    pub fn start(progress: Arc<Progress>, zh: bool) -> Indicator {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let thread = std::thread::spawn(move || {
            let started = Instant::now();
            let mut bar: Option<ProgressBar> = None;
            while !stopping.load(Ordering::Relaxed) {
                std::thread::sleep(TICK);
                if started.elapsed() < DELAY {
                    continue;
                }
                let bar = bar.get_or_insert_with(|| {
                    let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
                    bar.set_style(
                        ProgressStyle::with_template("{spinner} {msg} [{elapsed}]")
                            .unwrap_or_else(|_| ProgressStyle::default_spinner()),
                    );
                    bar
                });
                bar.set_message(message(&progress, zh));
                bar.tick();
            }
            if let Some(bar) = bar {
                bar.finish_and_clear();
            }
        });
        Indicator {
            stop,
            thread: Some(thread),
        }
    }

    pub fn finish(mut self) {
        self.stop.store(true, Ordering::Relaxed);
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

fn message(progress: &Progress, zh: bool) -> String {
    let c = progress.counts();
    match (c.phase, zh) {
        (Phase::Walking, false) => format!("walking: {} files found", c.walked),
        (Phase::Walking, true) => format!("遍历目录：已发现 {} 个文件", c.walked),
        (Phase::Auditing, false) => format!(
            "auditing: {}/{} files, {} specs parsed",
            c.audited, c.total, c.specs
        ),
        (Phase::Auditing, true) => format!(
            "检查中：文件 {}/{}，已解析接口规范文件 {} 个",
            c.audited, c.total, c.specs
        ),
        (_, false) => format!("cross-file rules: {} files, {} specs", c.total, c.specs),
        (_, true) => format!("跨文件规则：文件 {} 个，接口规范文件 {} 个", c.total, c.specs),
    }
}
