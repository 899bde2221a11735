// Helpers for runtime tests: a recording C callback, a tiny service, and
// handler factories built from plain coroutines.
#pragma once

#include <gtest/gtest.h>

#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "ffidl/context.hpp"
#include "ffidl/handles.hpp"

namespace ffidl::test {

using namespace std::chrono_literals;

/// Records every callback one request (or listener) receives.
struct Recorder {
  struct Entry {
    int code;
    std::string msg;
    std::thread::id thread;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Entry> entries;

  static void callback(int code, const void* msg, std::size_t len, void* ud) {
    auto* self = static_cast<Recorder*>(ud);
    std::lock_guard lock(self->mu);
    self->entries.push_back({code,
                             msg ? std::string(static_cast<const char*>(msg), len) : std::string(),
                             std::this_thread::get_id()});
    self->cv.notify_all();
  }

  std::size_t terminals() {
    std::lock_guard lock(mu);
    return count_terminals();
  }
  /// Waits (up to 10 s) for `n` terminal answers; returns the last one.
  Entry wait_terminal(std::size_t n = 1) {
    std::unique_lock lock(mu);
    bool ok = cv.wait_for(lock, 10s, [&] { return count_terminals() >= n; });
    EXPECT_TRUE(ok) << "timed out waiting for a terminal callback";
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) {
      if (it->code != FFIDL_STALE_WARN) return *it;
    }
    return {-1, "", {}};
  }
  /// Waits (up to 10 s) for `n` entries of any kind.
  void wait_entries(std::size_t n) {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return entries.size() >= n; }));
  }
  std::vector<Entry> snapshot() {
    std::lock_guard lock(mu);
    return entries;
  }

 private:
  std::size_t count_terminals() const {
    std::size_t n = 0;
    for (const Entry& e : entries)
      n += e.code != FFIDL_STALE_WARN;
    return n;
  }
};

/// Echoes `text` after `delay` on the loop's timer.
inline Task<Reply> echo_after(std::string text, std::chrono::milliseconds delay) {
  if (delay.count() > 0) {
    asio::steady_timer timer(co_await asio::this_coro::executor, delay);
    co_await timer.async_wait(asio::use_awaitable);
  }
  co_return Reply::ok(Message::text(std::move(text)));
}

inline Handler echo(std::string text, std::chrono::milliseconds delay = 0ms) {
  return [text, delay](ServiceBase*) { return echo_after(text, delay); };
}

/// A service whose ctor can be slow or fail and whose dtor hook is observable.
struct TestService : ServiceBase {
  std::atomic<int>* destroyed = nullptr;
  Task<void> on_destroy() override {
    if (destroyed) destroyed->fetch_add(1);
    co_return;
  }
};

struct CtorPlan {
  std::chrono::milliseconds delay = 0ms;
  std::string fail;  // non-empty: the ctor fails with this message
  std::atomic<int>* destroyed = nullptr;
};

inline CtorFn make_ctor(CtorPlan plan) {
  return [plan](Context&) -> Task<Result<std::unique_ptr<ServiceBase>>> {
    return [](CtorPlan p) -> Task<Result<std::unique_ptr<ServiceBase>>> {
      if (p.delay.count() > 0) {
        asio::steady_timer timer(co_await asio::this_coro::executor, p.delay);
        co_await timer.async_wait(asio::use_awaitable);
      }
      if (!p.fail.empty()) co_return Error{p.fail};
      auto s = std::make_unique<TestService>();
      s->destroyed = p.destroyed;
      co_return std::unique_ptr<ServiceBase>(std::move(s));
    }(plan);
  };
}

inline LibraryInfo test_library() {
  return LibraryInfo{"testlib", {"tick", "tock"}};
}

/// Creates a context and waits for its ctor to succeed.
inline std::shared_ptr<Context> ready_context(ContextOptions options = {}, CtorPlan plan = {}) {
  Recorder ctor;
  auto ctx = Context::create(test_library(), options, make_ctor(plan), Recorder::callback, &ctor);
  EXPECT_EQ(ctor.wait_terminal().code, FFIDL_OK);
  return ctx;
}

}  // namespace ffidl::test
