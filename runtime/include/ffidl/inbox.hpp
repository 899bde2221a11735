// The queue other threads hand work to a context's loop through: requests,
// host-call answers, object retirements. A push is one compare-and-swap and
// allocates nothing (the work item is its own queue node); the loop takes
// everything queued at once. Closing refuses later pushes and hands back
// what was left, so teardown can answer it.
#pragma once

#include <atomic>
#include <memory>
#include <utility>

namespace ffidl {

/// A unit of work for a loop. Queued work is owned by the queue; run()
/// takes ownership of itself (deletes itself or hands itself on).
struct Work {
  Work* next = nullptr;
  virtual ~Work() = default;
  virtual void run() = 0;
};

/// Work that calls a function object once.
template <typename F>
struct FnWork final : Work {
  explicit FnWork(F f) : fn(std::move(f)) {}
  void run() override {
    std::unique_ptr<FnWork> self(this);
    fn();
  }
  F fn;
};

/// Multi-producer, single-consumer. FIFO per producer; the consumer sees
/// everything pushed before its take().
class Inbox {
 public:
  Inbox() = default;
  Inbox(const Inbox&) = delete;
  Inbox& operator=(const Inbox&) = delete;
  ~Inbox() { drop(close()); }

  /// Queues `w` (taking it) unless the inbox is closed: then false, and `w`
  /// stays the caller's.
  bool push(Work* w) noexcept {
    Work* head = head_.load(std::memory_order_relaxed);
    do {
      if (head == closed_mark()) return false;
      w->next = head;
      // seq_cst: half of the context's park/wake invariant (Context's
      // parked_ says it whole).
    } while (!head_.compare_exchange_weak(head, w, std::memory_order_seq_cst,
                                          std::memory_order_relaxed));
    return true;
  }

  /// True if nothing is queued (or the inbox is closed).
  bool empty() const noexcept {
    Work* head = head_.load(std::memory_order_seq_cst);
    return head == nullptr || head == closed_mark();
  }

  /// Everything queued, oldest first, as a list linked by `next`.
  Work* take() noexcept {
    Work* head = head_.load(std::memory_order_acquire);
    do {
      if (head == nullptr || head == closed_mark()) return nullptr;
    } while (!head_.compare_exchange_weak(head, nullptr, std::memory_order_acquire,
                                          std::memory_order_acquire));
    return reverse(head);
  }

  /// Refuses every later push; returns what was still queued, oldest first.
  Work* close() noexcept {
    Work* head = head_.exchange(closed_mark(), std::memory_order_acq_rel);
    return head == closed_mark() ? nullptr : reverse(head);
  }

  /// Deletes a list of work without running it (a request's destructor
  /// answers it with an error).
  static void drop(Work* list) noexcept {
    while (list) {
      Work* next = list->next;
      delete list;
      list = next;
    }
  }

 private:
  static Work* closed_mark() noexcept {
    static struct Closed final : Work {
      void run() override {}
    } mark;
    return &mark;
  }
  static Work* reverse(Work* list) noexcept {
    Work* out = nullptr;
    while (list) {
      Work* next = list->next;
      list->next = out;
      out = list;
      list = next;
    }
    return out;
  }

  std::atomic<Work*> head_{nullptr};
};

}  // namespace ffidl
