//! The clock of the policies' budgets per stack: time (`[limits] stack_eval_seconds`)
//! and memory (`[limits] memory_mib`). The core never reads the clock or the system:
//! the shells start a stack's clock when its first chunk is evaluated, and a watchdog
//! thread raises the stack's stop flag, which the core's evaluation loop reads
//! (`vigil_ide::Chunk::stop`), once its time has passed or while the process holds
//! more memory than the budget.

use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use vigil_ide::Stop;

/// One clock and stop flag per stack.
pub struct StackClock {
    budget: Duration,
    /// The memory budget in bytes, if any.
    memory: Option<u64>,
    stacks: Vec<(OnceLock<Instant>, Arc<AtomicU8>)>,
}

impl StackClock {
    pub fn new(stacks: usize, budget: Duration) -> StackClock {
        StackClock { budget, memory: None, stacks: (0..stacks).map(|_| Default::default()).collect() }
    }

    /// The same clock, which also stops the stacks it started while the process's
    /// resident memory is above `mib` MiB.
    pub fn with_memory_budget(self, mib: usize) -> StackClock {
        StackClock { memory: Some((mib as u64).saturating_mul(1024 * 1024)), ..self }
    }

    /// Starts the clock of stack `stack` (its first call does) and returns the
    /// stack's stop flag, already raised when the process is over its memory budget.
    pub fn start(&self, stack: usize) -> Arc<AtomicU8> {
        match self.stacks.get(stack) {
            Some((started, stop)) => {
                started.get_or_init(Instant::now);
                if self.over_memory() {
                    stop.store(Stop::Memory as u8, Ordering::Relaxed);
                }
                stop.clone()
            }
            None => Arc::default(),
        }
    }

    fn over_memory(&self) -> bool {
        self.memory.is_some_and(|limit| resident_bytes().is_some_and(|rss| rss > limit))
    }

    /// Runs `work` while a watchdog raises the flag of every stack whose budget has
    /// passed since it started, and of every started stack while the process holds
    /// more memory than its budget.
    pub fn watch<R>(&self, work: impl FnOnce() -> R) -> R {
        let done = AtomicBool::new(false);
        std::thread::scope(|s| {
            let watchdog = s.spawn(|| {
                while !done.load(Ordering::Acquire) {
                    let over_memory = self.over_memory();
                    for (started, stop) in &self.stacks {
                        let Some(t) = started.get() else { continue };
                        if over_memory {
                            let _ = stop.compare_exchange(
                                0,
                                Stop::Memory as u8,
                                Ordering::Relaxed,
                                Ordering::Relaxed,
                            );
                        } else if t.elapsed() > self.budget {
                            let _ = stop.compare_exchange(
                                0,
                                Stop::Time as u8,
                                Ordering::Relaxed,
                                Ordering::Relaxed,
                            );
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

/// The process's resident memory in bytes, where the system tells it (Linux).
fn resident_bytes() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib * 1024)
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
        assert_eq!(first, Stop::Time as u8, "the stack started 400 ms ago with a 100 ms budget is stopped");
        assert_eq!(second, 0, "the stack that just started is not");
        assert_eq!(clock.start(7).load(Ordering::Relaxed), 0);
    }

    /// A process over its memory budget stops a stack as it starts; under it, not.
    #[test]
    #[cfg(target_os = "linux")]
    fn a_stack_started_over_the_memory_budget_is_stopped() {
        assert!(resident_bytes().is_some_and(|b| b > 1024 * 1024), "a test process holds more than 1 MiB");
        let over = StackClock::new(1, Duration::from_secs(60)).with_memory_budget(1);
        assert_eq!(over.start(0).load(Ordering::Relaxed), Stop::Memory as u8);
        let under = StackClock::new(1, Duration::from_secs(60)).with_memory_budget(1 << 20);
        assert_eq!(under.start(0).load(Ordering::Relaxed), 0);
    }
}
