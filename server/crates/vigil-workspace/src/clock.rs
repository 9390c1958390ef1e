//! The clock of the policies' time budget per stack (`[limits] stack_eval_seconds`).
//! The core never reads the clock: the shells start a stack's clock when its first
//! chunk is evaluated, and a watchdog thread raises the stack's stop flag, which the
//! core's evaluation loop reads (`vigil_ide::Chunk::stop`), once the budget has
//! passed.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

/// One clock and stop flag per stack.
pub struct StackClock {
    budget: Duration,
    stacks: Vec<(OnceLock<Instant>, Arc<AtomicBool>)>,
}

impl StackClock {
    pub fn new(stacks: usize, budget: Duration) -> StackClock {
        StackClock { budget, stacks: (0..stacks).map(|_| Default::default()).collect() }
    }

    /// Starts the clock of stack `stack` (its first call does) and returns the
    /// stack's stop flag.
    pub fn start(&self, stack: usize) -> Arc<AtomicBool> {
        match self.stacks.get(stack) {
            Some((started, stop)) => {
                started.get_or_init(Instant::now);
                stop.clone()
            }
            None => Arc::default(),
        }
    }

    /// Runs `work` while a watchdog raises the flag of every stack whose budget has
    /// passed since it started.
    pub fn watch<R>(&self, work: impl FnOnce() -> R) -> R {
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            let watchdog = s.spawn(|| {
                while !done.load(Ordering::Acquire) {
                    for (started, stop) in &self.stacks {
                        if started.get().is_some_and(|t| t.elapsed() > self.budget) {
                            stop.store(true, Ordering::Relaxed);
                        }
                    }
                    std::thread::park_timeout(Duration::from_millis(50));
                }
            });
            let result = work();
            done.store(true, Ordering::Release);
            watchdog.thread().unpark();
            result
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_started_stack_is_stopped_after_its_budget_and_the_others_are_not() {
        let clock = StackClock::new(2, Duration::from_millis(100));
        let (first, second) = clock.watch(|| {
            let first = clock.start(0);
            std::thread::sleep(Duration::from_millis(400));
            (first.load(Ordering::Relaxed), clock.start(1).load(Ordering::Relaxed))
        });
        assert!(first, "the stack started 400 ms ago with a 100 ms budget is stopped");
        assert!(!second, "the stack that just started is not");
        assert!(!clock.start(7).load(Ordering::Relaxed));
    }
}
