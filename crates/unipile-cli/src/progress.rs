//! Progress on stderr for long listings and syncs: a spinner with a count on a terminal,
//! nothing at all when stderr is piped or redirected, or when logs write to it.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// Whether spinners may show: not while logs write to stderr, where a spinner redrawing
/// its line would cut log lines in two.
static SPINNERS: AtomicBool = AtomicBool::new(true);

/// Keeps every spinner started from now on hidden.
pub fn hide_spinners() {
    SPINNERS.store(false, Ordering::Relaxed);
}

/// A spinner with a message, shown only when stderr is a terminal (and no log writes to
/// it).
#[derive(Debug)]
pub struct Progress {
    bar: ProgressBar,
}

impl Progress {
    /// Starts a spinner saying `message` (hidden unless stderr is a terminal).
    pub fn start(message: impl Into<String>) -> Self {
        let bar = if SPINNERS.load(Ordering::Relaxed) && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr());
            if let Ok(style) = ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
                bar.set_style(style);
            }
            bar.enable_steady_tick(Duration::from_millis(120));
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(message.into());
        Self { bar }
    }

    /// A byte counter for a download of `total` bytes (a bar when the total is known),
    /// shown only when stderr is a terminal (and no log writes to it).
    pub fn bytes(total: Option<u64>, message: impl Into<String>) -> Self {
        let bar = if SPINNERS.load(Ordering::Relaxed) && std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(total, ProgressDrawTarget::stderr());
            let template = if total.is_some() {
                "{msg} [{bar:30}] {bytes}/{total_bytes} ({bytes_per_sec}, {eta})"
            } else {
                "{spinner} {msg} {bytes} ({bytes_per_sec})"
            };
            if let Ok(style) = ProgressStyle::with_template(template) {
                bar.set_style(style.progress_chars("=> "));
            }
            bar
        } else {
            ProgressBar::hidden()
        };
        bar.set_message(message.into());
        Self { bar }
    }

    /// Counts `n` more bytes.
    pub fn advance(&self, n: u64) {
        self.bar.inc(n);
    }

    /// Changes the message.
    pub fn update(&self, message: impl Into<String>) {
        self.bar.set_message(message.into());
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.bar.finish_and_clear();
    }
}
