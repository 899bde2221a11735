// Event backpressure (ContextOptions::event_backlog_limit/_hold): while
// listeners are behind, the loop starts no new request, so events cannot
// pile up faster than they are delivered; a stuck listener holds requests
// back for at most the hold; nothing is lost or answered twice.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "support.hpp"

namespace ffidl::test {
namespace {

/// A handler that emits event 0 `n` times.
Handler emit_n(Context* ctx, int n) {
  return [ctx, n](ServiceBase*) -> Task<Reply> {
    return [](Context* c, int count) -> Task<Reply> {
      for (int i = 0; i < count; ++i)
        c->emit(0, [i](Wire) { return Message::text(std::to_string(i)); });
      co_return Reply::ok();
    }(ctx, n);
  };
}

/// A listener that blocks until released, counting what it got.
struct Gate {
  std::atomic<bool> open{false};
  std::atomic<int> got{0};
  static void callback(int, const void*, std::size_t, void* ud) {
    auto* g = static_cast<Gate*>(ud);
    g->got.fetch_add(1);
    while (!g->open.load())
      std::this_thread::sleep_for(1ms);
  }
};

TEST(Backpressure, NewRequestsWaitWhileListenersAreBehind) {
  ContextOptions options;
  options.event_backlog_limit = 4;
  options.event_backlog_hold = std::chrono::hours(1);  // only the listener releases
  auto ctx = ready_context(options);
  Gate gate;
  ASSERT_NE(ctx->add_listener("tick", Wire::native, Gate::callback, &gate), 0u);
  Recorder emitted;
  ctx->submit(Recorder::callback, &emitted, emit_n(ctx.get(), 6));
  EXPECT_EQ(emitted.wait_terminal().code, FFIDL_OK);
  // One event is in the stuck listener, five wait: the next request is held.
  Recorder held;
  ctx->submit(Recorder::callback, &held, echo("held"));
  {
    std::unique_lock lock(held.mu);
    EXPECT_FALSE(held.cv.wait_for(lock, 300ms, [&] { return !held.entries.empty(); }))
        << "a request started while 5 events (limit 4) waited for a listener";
  }
  gate.open.store(true);
  EXPECT_EQ(held.wait_terminal().msg, "held") << "released once the listener caught up";
  // destroy drops what is still queued: let the listener take it all first.
  for (int i = 0; i < 1000 && gate.got.load() < 6; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(gate.got.load(), 6);
  EXPECT_EQ(ctx->dropped_events(), 0u);
  ctx->destroy();
}

TEST(Backpressure, AStuckListenerHoldsRequestsOnlyForTheHold) {
  auto ctx = ready_context();  // default: 8 events, 1 ms hold
  Gate gate;
  ASSERT_NE(ctx->add_listener("tick", Wire::native, Gate::callback, &gate), 0u);
  Recorder emitted;
  ctx->submit(Recorder::callback, &emitted, emit_n(ctx.get(), 40));
  emitted.wait_terminal();
  // The listener never returns, yet every request is answered.
  for (int i = 0; i < 50; ++i) {
    Recorder r;
    ctx->submit(Recorder::callback, &r, echo("fast"));
    EXPECT_EQ(r.wait_terminal().msg, "fast");
  }
  gate.open.store(true);
  ctx->destroy();
}

TEST(Backpressure, AListenerThatMakesNoProgressStopsTheHolding) {
  // Every call emits one numbered event; the one listener blocks on the
  // first until the end (an app that stopped reading). The first hold ends
  // with nothing delivered, so the loop stops holding: the 80 000 calls run
  // at full speed and events beyond the queue limit are dropped and counted.
  // (Before, every batch waited out a hold: 80 000 holds of 500 ms.)
  ContextOptions options;
  options.event_backlog_hold = 500ms;
  options.event_queue_limit = 1000;
  auto ctx = ready_context(options);
  struct Seen {
    std::atomic<bool> open{false};
    std::mutex mu;
    std::vector<int> numbers;
  } seen;
  ASSERT_NE(
      ctx->add_listener(
          "tick", Wire::native,
          [](int, const void* msg, std::size_t len, void* ud) {
            auto* s = static_cast<Seen*>(ud);
            {
              std::lock_guard lock(s->mu);
              s->numbers.push_back(std::stoi(std::string(static_cast<const char*>(msg), len)));
            }
            while (!s->open.load())
              std::this_thread::sleep_for(1ms);
          },
          &seen),
      0u);
  constexpr int calls = 80000;
  std::atomic<int> next{0};
  auto numbered = [&](ServiceBase*) -> Task<Reply> {
    return [](Context* c, int n) -> Task<Reply> {
      c->emit(0, [n](Wire) { return Message::text(std::to_string(n)); });
      co_return Reply::ok();
    }(ctx.get(), next.fetch_add(1));
  };
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < calls; ++i) {
    Recorder r;
    ASSERT_EQ(ctx->submit(Recorder::callback, &r, numbered), FFIDL_OK);
    ASSERT_EQ(r.wait_terminal().code, FFIDL_OK) << "call " << i;
  }
  const auto took = std::chrono::steady_clock::now() - start;
  // A few seconds here, sanitizers included; the old behaviour takes hours.
  EXPECT_LT(took, 120s) << "the calls kept waiting out holds behind a stuck listener";
  const std::uint64_t dropped = ctx->dropped_events();
  EXPECT_GT(dropped, 0u);
  // The listener catches up: what was not dropped arrives, once each.
  seen.open.store(true);
  for (int i = 0; i < 6000; ++i) {
    {
      std::lock_guard lock(seen.mu);
      if (seen.numbers.size() + dropped >= static_cast<std::size_t>(calls)) break;
    }
    std::this_thread::sleep_for(10ms);
  }
  std::lock_guard lock(seen.mu);
  EXPECT_EQ(seen.numbers.size() + dropped, static_cast<std::size_t>(calls));
  std::vector<int> sorted = seen.numbers;
  std::sort(sorted.begin(), sorted.end());
  EXPECT_EQ(std::adjacent_find(sorted.begin(), sorted.end()), sorted.end())
      << "an event was delivered twice";
  EXPECT_TRUE(std::is_sorted(seen.numbers.begin(), seen.numbers.end())) << "out of order";
  ctx->destroy();
}

TEST(Backpressure, DestroyWhileHeldFinishes) {
  ContextOptions options;
  options.event_backlog_limit = 2;
  options.event_backlog_hold = std::chrono::hours(1);
  auto ctx = ready_context(options);
  Gate gate;
  ASSERT_NE(ctx->add_listener("tick", Wire::native, Gate::callback, &gate), 0u);
  Recorder emitted, held;
  ctx->submit(Recorder::callback, &emitted, emit_n(ctx.get(), 5));
  emitted.wait_terminal();
  ctx->submit(Recorder::callback, &held, echo("held"));
  // destroy stops events (the stuck listener is abandoned after it returns)
  // and must not wait for ever on a loop that holds requests back.
  std::thread opener([&] {
    std::this_thread::sleep_for(50ms);
    gate.open.store(true);
  });
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  opener.join();
  EXPECT_EQ(held.wait_terminal().code, FFIDL_ERR) << "answered once, with an error";
  EXPECT_EQ(held.terminals(), 1u);
}

TEST(Backpressure, ManyCallersLoseNoEventAndNoAnswer) {
  auto ctx = ready_context();
  std::atomic<int> delivered{0};
  ASSERT_NE(ctx->add_listener(
                "tick", Wire::native,
                [](int, const void*, std::size_t, void* ud) {
                  static_cast<std::atomic<int>*>(ud)->fetch_add(1);
                  std::this_thread::sleep_for(20us);  // slower than the callers
                },
                &delivered),
            0u);
  constexpr int threads = 4, calls = 150, per_call = 3;
  std::atomic<int> answered{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < calls; ++i) {
        Recorder r;
        ASSERT_EQ(ctx->submit(Recorder::callback, &r, emit_n(ctx.get(), per_call)), FFIDL_OK);
        if (r.wait_terminal().code == FFIDL_OK) answered.fetch_add(1);
      }
    });
  }
  for (auto& t : pool)
    t.join();
  EXPECT_EQ(answered.load(), threads * calls);
  for (int i = 0; i < 1000 && delivered.load() < threads * calls * per_call; ++i)
    std::this_thread::sleep_for(10ms);
  EXPECT_EQ(delivered.load(), threads * calls * per_call);
  EXPECT_EQ(ctx->dropped_events(), 0u);
  ctx->destroy();
}

}  // namespace
}  // namespace ffidl::test
