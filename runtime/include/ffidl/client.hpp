// Support code for generated C++ clients (`--lang cpp`): the pieces that
// are the same for every library, kept here instead of being generated into
// each <lib>_client.hpp. Header-only and std-only, like ffidl/result.hpp:
// clients link nothing but the library itself.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "ffidl/abi.h"
#include "ffidl/recycle.hpp"
#include "ffidl/result.hpp"
#include "ffidl/spin.hpp"

namespace ffidl::client {

/// The context whose answer is being decoded on this thread: objects in it
/// take their references there.
inline void*& current_ctx() {
  thread_local void* ctx = nullptr;
  return ctx;
}

/// Sets current_ctx() for a scope.
class CtxScope {
 public:
  explicit CtxScope(void* ctx) : previous_(current_ctx()) { current_ctx() = ctx; }
  ~CtxScope() { current_ctx() = previous_; }
  CtxScope(const CtxScope&) = delete;
  CtxScope& operator=(const CtxScope&) = delete;

 private:
  void* previous_;
};

/// One call in flight: decodes the answer on the library thread (where the
/// native result is valid) and hands it to `done`.
template <typename T, typename E = ffidl::Error>
struct Pending {
  ffidl::Result<T, E> (*decode)(int code, const void* msg, std::size_t len);
  std::function<void(ffidl::Result<T, E>)> done;
  std::function<void(std::chrono::milliseconds)> progress;
  void* ctx = nullptr;  // the context called (nullptr: a static proc)

  // Made by the caller, freed on the library's thread: recycled blocks
  // (ffidl/recycle.hpp), like the runtime's requests.
  static void* operator new(std::size_t n) { return recycle::allocate(n); }
  static void operator delete(void* p, std::size_t n) noexcept { recycle::deallocate(p, n); }

  static void callback(int code, const void* msg, std::size_t len, void* user_data) {
    auto* pending = static_cast<Pending*>(user_data);
    if (code == FFIDL_STALE_WARN) {
      if (pending->progress) {
        std::string text(static_cast<const char*>(msg), len);
        pending->progress(std::chrono::milliseconds(std::strtoll(text.c_str(), nullptr, 10)));
      }
      return;
    }
    std::unique_ptr<Pending> own(pending);
    try {
      CtxScope scope(own->ctx);
      own->done(own->decode(code, msg, len));
    } catch (...) {
      // A completion callback must not throw across the C ABI.
    }
  }
};

/// One answer that one thread waits for and another delivers: the waiter
/// spins first (ffidl/spin.hpp), then sleeps on a condition variable. The
/// deliverer signals under the mutex and the waiter always takes the mutex
/// before it returns, so the waiter may destroy this as soon as wait()
/// returns.
class OneShot {
 public:
  /// Marks the answer delivered (after writing it) and wakes the waiter.
  void set() {
    std::lock_guard<std::mutex> lock(mu_);
    done_.store(true, std::memory_order_release);
    cv_.notify_one();
  }
  /// Returns once set() has run. `spin` is the setting (spin_auto, ...).
  void wait(std::int64_t spin) {
    thread_local Spinner spinner;  // learns how long this thread's waits take
    bool spun = spinner.spin(spin, [this] { return done_.load(std::memory_order_acquire); });
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [this] { return done_.load(std::memory_order_acquire); });
    if (!spun) spinner.woke();
  }
  /// Makes it reusable: only after wait() returned.
  void reset() { done_.store(false, std::memory_order_relaxed); }

 private:
  std::atomic<bool> done_{false};
  std::mutex mu_;
  std::condition_variable cv_;
};

/// A blocking call's answer, delivered by the asynchronous form's `done`.
template <typename R>
class Blocking {
 public:
  /// The completion to pass to the asynchronous form (runs once).
  std::function<void(R)> done() {
    return [this](R r) {
      value_.emplace(std::move(r));
      shot_.set();
    };
  }
  R get(std::int64_t spin = spin_auto) {
    shot_.wait(spin);
    return std::move(*value_);
  }

 private:
  std::optional<R> value_;
  OneShot shot_;
};

inline ffidl::Error error_of(int code, const void* msg, std::size_t len) {
  if (code == FFIDL_ERR && msg)
    return ffidl::Error{std::string(static_cast<const char*>(msg), len)};
  if (code == FFIDL_ERR_TYPED)
    return ffidl::Error{"the library raised a typed error, but this function raises none"};
  return ffidl::Error{"unexpected answer code " + std::to_string(code)};
}

/// Runs a conversion of an answer; a value this binding cannot convert (a
/// union variant it does not know, from a newer library) becomes an error.
template <typename F>
auto decoding(F&& convert) -> ffidl::Result<decltype(convert())> {
  try {
    return convert();
  } catch (const std::exception& e) {
    return ffidl::Error{std::string("cannot decode the answer: ") + e.what()};
  }
}

inline ffidl::Result<void> decode_void(int code, const void* msg, std::size_t len) {
  if (code != FFIDL_OK) return error_of(code, msg, len);
  return ffidl::Result<void>();
}

/// A typed event listener; `self` lets a call keep it alive while it runs.
template <typename E>
struct Listener {
  std::function<void(const E&)> fn;
  std::weak_ptr<Listener> self;
  void* ctx = nullptr;  // the context subscribed to (objects in payloads belong to it)
};

/// Runs `teardown` on a new thread (a library thread cannot join itself).
/// The threads are joined as they finish, and at exit at the latest, so no
/// teardown is cut short by the process ending.
inline void reap(std::function<void()> teardown) {
  struct Reaper {
    struct Entry {
      std::thread thread;
      std::shared_ptr<std::atomic<bool>> done;
    };
    std::mutex mu;
    std::vector<Entry> entries;
    ~Reaper() {
      for (Entry& e : entries)
        e.thread.join();
    }
  };
  static Reaper reaper;
  auto done = std::make_shared<std::atomic<bool>>(false);
  std::thread thread([teardown = std::move(teardown), done] {
    teardown();
    done->store(true);
  });
  std::lock_guard<std::mutex> lock(reaper.mu);
  for (auto it = reaper.entries.begin(); it != reaper.entries.end();) {
    if (it->done->load()) {
      it->thread.join();
      it = reaper.entries.erase(it);
    } else {
      ++it;
    }
  }
  reaper.entries.push_back({std::move(thread), std::move(done)});
}

/// True while this thread runs a host fn for a client (see Executor).
inline bool& in_host_fn() {
  thread_local bool running = false;
  return running;
}

/// Runs host functions off the library's thread, one job at a time. Blocking
/// client calls refuse to run inside a job (in_host_fn()): a call whose
/// handler needs a host fn would wait for this very worker.
class Executor {
 public:
  Executor() = default;
  Executor(const Executor&) = delete;
  Executor& operator=(const Executor&) = delete;
  ~Executor() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (worker_.joinable()) worker_.join();
  }

  void post(std::function<void()> job) {
    std::lock_guard<std::mutex> lock(mu_);
    if (stop_) return;
    if (!worker_.joinable()) worker_ = std::thread([this] { run(); });
    jobs_.push_back(std::move(job));
    cv_.notify_one();
  }

 private:
  void run() {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
      cv_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      if (jobs_.empty()) return;  // stopping, and nothing left to run
      std::function<void()> job = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      in_host_fn() = true;
      job();
      in_host_fn() = false;
      lock.lock();
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> jobs_;
  bool stop_ = false;
  std::thread worker_;
};

}  // namespace ffidl::client
