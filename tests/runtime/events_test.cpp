// Events: every listener in emission order, add/remove during dispatch,
// synchronous removal, slow listeners never delay replies.
#include <atomic>
#include <thread>

#include "support.hpp"

namespace ffidl::test {
namespace {

/// A handler that emits event `index` with each text in `payloads`.
Handler emit(Context* ctx, std::size_t index, std::vector<std::string> payloads) {
  return [ctx, index, payloads](ServiceBase*) -> Task<Reply> {
    return [](Context* c, std::size_t i, std::vector<std::string> p) -> Task<Reply> {
      for (const std::string& text : p) {
        c->emit(i,
                [text](Wire w) { return Message::text((w == Wire::cbor ? "cbor:" : "") + text); });
      }
      co_return Reply::ok();
    }(ctx, index, payloads);
  };
}

std::vector<std::string> numbers(int n) {
  std::vector<std::string> out;
  for (int i = 0; i < n; ++i)
    out.push_back(std::to_string(i));
  return out;
}

TEST(Events, EveryListenerGetsEveryEventInOrder) {
  auto ctx = ready_context();
  Recorder a, b, c, other;
  EXPECT_NE(ctx->add_listener("tick", Wire::native, Recorder::callback, &a), 0u);
  EXPECT_NE(ctx->add_listener("tick", Wire::native, Recorder::callback, &b), 0u);
  EXPECT_NE(ctx->add_listener("tick", Wire::cbor, Recorder::callback, &c), 0u);
  EXPECT_NE(ctx->add_listener("tock", Wire::native, Recorder::callback, &other), 0u);
  Recorder done;
  ctx->submit(Recorder::callback, &done, emit(ctx.get(), 0, numbers(100)));
  done.wait_terminal();
  a.wait_entries(100);
  b.wait_entries(100);
  c.wait_entries(100);
  auto ea = a.snapshot(), eb = b.snapshot(), ec = c.snapshot();
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(ea[static_cast<std::size_t>(i)].msg, std::to_string(i));
    EXPECT_EQ(eb[static_cast<std::size_t>(i)].msg, std::to_string(i));
    EXPECT_EQ(ec[static_cast<std::size_t>(i)].msg, "cbor:" + std::to_string(i));
    EXPECT_EQ(ea[static_cast<std::size_t>(i)].code, FFIDL_OK);
  }
  EXPECT_TRUE(other.snapshot().empty());
  ctx->destroy();
}

TEST(Events, UnknownEventOrNullCallbackIsRejected) {
  auto ctx = ready_context();
  Recorder r;
  EXPECT_EQ(ctx->add_listener("nope", Wire::native, Recorder::callback, &r), 0u);
  EXPECT_EQ(ctx->add_listener("tick", Wire::native, nullptr, &r), 0u);
  EXPECT_FALSE(ctx->remove_listener(12345));
  ctx->destroy();
}

TEST(Events, RemoveIsSynchronous) {
  auto ctx = ready_context();
  // A slow listener: after remove returns, it must never be running or run again.
  struct Slow {
    std::atomic<bool> inside{false};
    std::atomic<int> calls{0};
    std::atomic<bool> removed{false};
    std::atomic<bool> called_after_remove{false};
  } slow;
  auto id = ctx->add_listener(
      "tick", Wire::native,
      [](int, const void*, std::size_t, void* ud) {
        auto* s = static_cast<Slow*>(ud);
        if (s->removed.load()) s->called_after_remove.store(true);
        s->inside.store(true);
        s->calls.fetch_add(1);
        std::this_thread::sleep_for(20ms);
        s->inside.store(false);
      },
      &slow);
  Recorder done;
  ctx->submit(Recorder::callback, &done, emit(ctx.get(), 0, numbers(50)));
  while (slow.calls.load() < 2)
    std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(ctx->remove_listener(id));
  slow.removed.store(true);
  EXPECT_FALSE(slow.inside.load()) << "remove returned while the listener was running";
  std::this_thread::sleep_for(100ms);
  EXPECT_FALSE(slow.called_after_remove.load());
  ctx->destroy();
}

TEST(Events, AddAndRemoveFromInsideAListener) {
  auto ctx = ready_context();
  struct Reentrant {
    Context* ctx;
    std::uint64_t self = 0;
    Recorder added;
    std::atomic<int> calls{0};
  } r{ctx.get(), 0, {}, {}};
  r.self = ctx->add_listener(
      "tick", Wire::native,
      [](int, const void*, std::size_t, void* ud) {
        auto* s = static_cast<Reentrant*>(ud);
        if (s->calls.fetch_add(1) == 0) {
          // Both would deadlock if the registry lock were held during calls.
          s->ctx->add_listener("tick", Wire::native, Recorder::callback, &s->added);
          EXPECT_TRUE(s->ctx->remove_listener(s->self));
        }
      },
      &r);
  Recorder done;
  ctx->submit(Recorder::callback, &done, emit(ctx.get(), 0, numbers(5)));
  r.added.wait_entries(4);
  EXPECT_EQ(r.calls.load(), 1);
  ctx->destroy();
}

TEST(Events, SlowListenerDoesNotDelayReplies) {
  auto ctx = ready_context();
  std::atomic<bool> release{false};
  ctx->add_listener(
      "tick", Wire::native,
      [](int, const void*, std::size_t, void* ud) {
        auto* flag = static_cast<std::atomic<bool>*>(ud);
        while (!flag->load())
          std::this_thread::sleep_for(1ms);
      },
      &release);
  Recorder emitted;
  ctx->submit(Recorder::callback, &emitted, emit(ctx.get(), 0, numbers(3)));
  emitted.wait_terminal();
  // The listener is stuck, yet requests keep being answered.
  for (int i = 0; i < 20; ++i) {
    Recorder r;
    ctx->submit(Recorder::callback, &r, echo("fast"));
    EXPECT_EQ(r.wait_terminal().msg, "fast");
  }
  release.store(true);
  ctx->destroy();
}

TEST(Events, FullQueueDropsAndCounts) {
  ContextOptions options;
  options.event_queue_limit = 4;
  auto ctx = ready_context(options);
  std::atomic<bool> release{false};
  ctx->add_listener(
      "tick", Wire::native,
      [](int, const void*, std::size_t, void* ud) {
        auto* flag = static_cast<std::atomic<bool>*>(ud);
        while (!flag->load())
          std::this_thread::sleep_for(1ms);
      },
      &release);
  Recorder done;
  ctx->submit(Recorder::callback, &done, emit(ctx.get(), 0, numbers(20)));
  done.wait_terminal();
  EXPECT_GE(ctx->dropped_events(), 15u);
  release.store(true);
  ctx->destroy();
}

}  // namespace
}  // namespace ffidl::test
