//! How long each stage of a build took, and the memory it held after (`--timings`).

use std::time::{Duration, Instant};

/// Wall time of each stage of a build, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    /// Each stage's name (`parse`, `render`, …) and how long it took.
    pub stages: Vec<(&'static str, Duration)>,
    /// Resident memory after each stage, in bytes (Linux; 0 elsewhere).
    pub rss: Vec<u64>,
    /// Time won by stages that ran side by side (their sum minus their wall time).
    pub overlap: Duration,
}

/// The process's resident memory now (Linux `/proc/self/statm`; 0 where unavailable).
pub(crate) fn resident_bytes() -> u64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .nth(1)
                .and_then(|p| p.parse::<u64>().ok())
        })
        .map_or(0, |pages| pages * 4096)
}

impl Timings {
    /// Runs `f` as the stage `name`, recording its wall time.
    pub fn stage<T>(&mut self, name: &'static str, f: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let value = f();
        self.stages.push((name, start.elapsed()));
        self.rss.push(resident_bytes());
        value
    }

    /// Records stages that ran at the same time, each with its own duration, and the wall
    /// time they took together.
    pub fn side_by_side(
        &mut self,
        stages: impl IntoIterator<Item = (&'static str, Duration)>,
        wall: Duration,
    ) {
        let stages: Vec<_> = stages.into_iter().collect();
        let sum: Duration = stages.iter().map(|(_, d)| *d).sum();
        self.overlap += sum.saturating_sub(wall);
        let rss = resident_bytes();
        for stage in stages {
            self.stages.push(stage);
            self.rss.push(rss);
        }
    }

    /// The build's wall time: the stages' sum less what ran side by side.
    pub fn total(&self) -> Duration {
        let sum: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        sum.saturating_sub(self.overlap)
    }

    /// One line per stage with its share of the stages' sum, then the wall time.
    pub fn report(&self) -> String {
        let total: Duration = self.stages.iter().map(|(_, d)| *d).sum();
        let mut out = String::new();
        for (i, (name, d)) in self.stages.iter().enumerate() {
            let share = if total.is_zero() {
                0.0
            } else {
                d.as_secs_f64() / total.as_secs_f64() * 100.0
            };
            let rss = self
                .rss
                .get(i)
                .map_or(String::new(), |b| format!("  rss {:>6} MiB", b >> 20));
            out.push_str(&format!(
                "{name:>10} {:>9.1} ms {share:>5.1} %{rss}\n",
                d.as_secs_f64() * 1000.0
            ));
        }
        if !self.overlap.is_zero() {
            out.push_str(&format!(
                "{:>10} {:>9.1} ms  (stages that ran side by side)\n",
                "overlap",
                -self.overlap.as_secs_f64() * 1000.0
            ));
        }
        out.push_str(&format!(
            "{:>10} {:>9.1} ms",
            "total",
            self.total().as_secs_f64() * 1000.0
        ));
        out
    }
}

/// Runs `f`, and how long it took.
pub(crate) fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let start = Instant::now();
    let value = f();
    (value, start.elapsed())
}
