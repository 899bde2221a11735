// Adaptive wake-ups: a thread about to wait for another (the loop for its
// next request, a blocking caller for its answer) first spins for a short,
// bounded time, because parking on a futex and being woken costs both sides
// a system call and, on an idle core, microseconds (tens on a VM) of
// wake-up latency. Header-only and std-only: the runtime and the C++ client
// support (ffidl/client.hpp) share it.
//
// The setting, per context (`<lib>_set_wait_spin`), in nanoseconds:
//   spin_auto (-1)  adaptive, the default: spin up to max_auto_spin_ns, the
//                   budget shrinking while spins fail (work arrives rarely)
//                   and growing back while they succeed;
//   spin_off  (0)   never spin: park at once (the least CPU);
//   n > 0           spin up to n ns (at most max_spin_ns) every time.
// In every mode at most one thread per core spins at a time (process-wide,
// per copy of the runtime): when callers outnumber cores, the rest park at
// once instead of taking CPU from the threads that would answer them. An
// idle thread never spins for longer than its budget: then it parks.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <thread>

namespace ffidl {

inline constexpr std::int64_t spin_auto = -1;
inline constexpr std::int64_t spin_off = 0;
/// The auto budget's ceiling: about what waking a parked thread costs on a
/// virtual machine, so spinning longer than this could not win.
inline constexpr std::int64_t max_auto_spin_ns = 50'000;
/// The auto budget's floor, so a budget that shrank can grow again.
inline constexpr std::int64_t min_auto_spin_ns = 500;
/// The most an explicit setting may ask for (larger values are clamped).
inline constexpr std::int64_t max_spin_ns = 10'000'000;
/// A spinner yields its core this often: a thread that became runnable on
/// it (the event thread, the caller's own threads) runs then instead of
/// waiting for the scheduler to preempt the spinner (milliseconds).
inline constexpr std::int64_t spin_yield_ns = 5'000;

/// One pause of a spin loop: tells the core (and a hypervisor) we are
/// spinning, saving power and yielding to a sibling hyperthread.
inline void cpu_relax() noexcept {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__) || defined(__arm__)
  asm volatile("yield" ::: "memory");
#endif
}

/// Threads spinning in this copy of the runtime right now.
inline std::atomic<int>& active_spinners() noexcept {
  static std::atomic<int> count{0};
  return count;
}

/// How many threads may spin at once: one per core.
inline int spin_slots() noexcept {
  static const int slots = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return slots;
}

/// Normalises a setting: spin_auto, spin_off, or a budget in (0, max_spin_ns].
inline std::int64_t clamp_spin_setting(std::int64_t ns) noexcept {
  if (ns < 0) return spin_auto;
  return std::min(ns, max_spin_ns);
}

/// The spinning half of one waiting site (a loop, a caller thread): it
/// keeps the auto mode's budget, learnt from how long its past waits took.
/// Not thread-safe: one per waiting thread or site.
class Spinner {
 public:
  /// Spins until `ready()` holds or the budget for `setting` is spent.
  /// Returns ready()'s last value: false means the caller should park, and
  /// then call woke() once it is woken, so the wait is learnt from.
  template <typename Ready>
  bool spin(std::int64_t setting, Ready&& ready) {
    if (ready()) return true;
    if (setting == spin_off) return false;
    const std::int64_t budget = setting > 0 ? std::min(setting, max_spin_ns) : auto_budget_ns_;
    auto& spinners = active_spinners();
    if (spinners.fetch_add(1, std::memory_order_relaxed) >= spin_slots()) {
      spinners.fetch_sub(1, std::memory_order_relaxed);
      return ready();
    }
    using Clock = std::chrono::steady_clock;
    const auto start = Clock::now();
    spin_started_ = start;
    const auto deadline = start + std::chrono::nanoseconds(budget);
    auto next_yield = start + std::chrono::nanoseconds(spin_yield_ns);
    bool done = false;
    unsigned pauses = 1;
    for (unsigned round = 1;; ++round) {
      for (unsigned k = 0; k < pauses; ++k)
        cpu_relax();
      if ((done = ready())) break;
      // Back off to 16 pauses between looks (the cache line of `ready`
      // stays quiet for its writer), and read the clock every 8th look.
      if (pauses < 16) pauses *= 2;
      if (round % 8 != 0) continue;
      const auto now = Clock::now();
      if (now >= deadline) break;
      if (now >= next_yield) {
        std::this_thread::yield();
        next_yield = Clock::now() + std::chrono::nanoseconds(spin_yield_ns);
      }
    }
    spinners.fetch_sub(1, std::memory_order_relaxed);
    done = done || ready();
    if (setting == spin_auto && done) learn(Clock::now() - start);
    learn_on_wake_ = setting == spin_auto && !done;
    return done;
  }

  /// After a spin that failed and a park: the whole wait, spin included,
  /// is what the auto budget learns from.
  void woke() {
    if (!learn_on_wake_) return;
    learn_on_wake_ = false;
    learn(std::chrono::steady_clock::now() - spin_started_);
  }

  /// The auto budget now (for tests and benchmarks).
  std::int64_t auto_budget_ns() const { return auto_budget_ns_; }

 private:
  // A wait that ended within the ceiling grows the budget to twice its
  // length (one like it then ends while spinning), whether it ended while
  // spinning or after a park; a longer one (work that comes rarely) halves
  // it. An idle site ends up spinning min_auto_spin_ns before it parks, and
  // a burst of quick answers grows the budget back at once.
  void learn(std::chrono::nanoseconds waited) {
    const std::int64_t ns = waited.count();
    if (ns <= max_auto_spin_ns) {
      auto_budget_ns_ = std::clamp<std::int64_t>(2 * ns, auto_budget_ns_, max_auto_spin_ns);
    } else {
      auto_budget_ns_ = std::max(min_auto_spin_ns, auto_budget_ns_ / 2);
    }
  }

  std::int64_t auto_budget_ns_ = max_auto_spin_ns;
  std::chrono::steady_clock::time_point spin_started_{};
  bool learn_on_wake_ = false;
};

}  // namespace ffidl
