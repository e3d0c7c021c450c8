//! How long and how the solver may search: time, iterations, seed, progress and cancellation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// Progress report handed to the callback now and then.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Progress {
    /// Share of the budget used, 0.0 to 1.0.
    pub fraction: f64,
    /// Meetings placed in the best schedule so far.
    pub placed: usize,
    /// Weight placed in the best schedule so far.
    pub placed_weight: f64,
    /// Total breaks of the best schedule so far.
    pub breaks: u64,
}

/// Search budget. With the same seed and `max_iterations` (and a time limit that is not hit)
/// the answer is the same on every run.
#[derive(Clone, Copy)]
pub struct Budget<'a> {
    /// Wall-clock limit of the search.
    pub time_limit: Duration,
    /// Seed of every random decision.
    pub seed: u64,
    /// Optional limit on search steps, for reproducible runs independent of machine speed.
    pub max_iterations: Option<u64>,
    /// Called now and then with the best schedule so far.
    pub progress: Option<&'a dyn Fn(Progress)>,
    /// When set to `true` by another thread, the search stops and returns its best so far.
    pub cancel: Option<&'a AtomicBool>,
}

impl<'a> Budget<'a> {
    /// A budget of `time_limit` with seed 1 and no iteration limit.
    pub fn new(time_limit: Duration) -> Budget<'a> {
        Budget {
            time_limit,
            seed: 1,
            max_iterations: None,
            progress: None,
            cancel: None,
        }
    }

    /// The budget named by a problem's options (`time_limit_ms`, `seed`).
    pub fn from_options(options: &crate::model::Options) -> Budget<'a> {
        Budget::new(Duration::from_millis(options.time_limit_ms)).with_seed(options.seed)
    }

    /// Sets the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Sets an iteration limit.
    pub fn with_max_iterations(mut self, iterations: u64) -> Self {
        self.max_iterations = Some(iterations);
        self
    }

    /// Sets the progress callback.
    pub fn with_progress(mut self, progress: &'a dyn Fn(Progress)) -> Self {
        self.progress = Some(progress);
        self
    }

    /// Sets the cancellation flag.
    pub fn with_cancel(mut self, cancel: &'a AtomicBool) -> Self {
        self.cancel = Some(cancel);
        self
    }
}

impl std::fmt::Debug for Budget<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Budget")
            .field("time_limit", &self.time_limit)
            .field("seed", &self.seed)
            .field("max_iterations", &self.max_iterations)
            .finish_non_exhaustive()
    }
}

/// Running clock of one solve: counts iterations and answers "stop now?".
pub(crate) struct Clock<'a> {
    budget: Budget<'a>,
    start: Instant,
    pub iterations: u64,
    stopped: bool,
}

impl<'a> Clock<'a> {
    pub fn start(budget: &Budget<'a>) -> Clock<'a> {
        Clock {
            budget: *budget,
            start: Instant::now(),
            iterations: 0,
            stopped: false,
        }
    }

    pub fn elapsed(&self) -> Duration {
        self.start.elapsed()
    }

    /// Counts `n` iterations and tells whether the search must stop. Time and the cancel flag
    /// are looked at every 1024 iterations only, to stay cheap.
    pub fn tick(&mut self, n: u64) -> bool {
        let before = self.iterations;
        self.iterations += n;
        if self.stopped {
            return true;
        }
        if self
            .budget
            .max_iterations
            .is_some_and(|max| self.iterations >= max)
        {
            self.stopped = true;
        } else if before / 1024 != self.iterations / 1024 || n >= 1024 {
            self.stopped = self.out_of_time();
        }
        self.stopped
    }

    /// Time or cancellation check, without counting an iteration.
    pub fn out_of_time(&self) -> bool {
        self.start.elapsed() >= self.budget.time_limit
            || self
                .budget
                .cancel
                .is_some_and(|c| c.load(Ordering::Relaxed))
    }

    pub fn fraction(&self) -> f64 {
        let by_time =
            self.start.elapsed().as_secs_f64() / self.budget.time_limit.as_secs_f64().max(1e-9);
        let by_iter = self
            .budget
            .max_iterations
            .map_or(0.0, |m| self.iterations as f64 / m.max(1) as f64);
        by_time.max(by_iter).min(1.0)
    }

    pub fn report(&self, placed: usize, placed_weight: f64, breaks: u64) {
        if let Some(callback) = self.budget.progress {
            callback(Progress {
                fraction: self.fraction(),
                placed,
                placed_weight,
                breaks,
            });
        }
    }
}
