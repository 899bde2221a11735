// The request path: round trips from many threads, exactly-once answers,
// interleaving, stale warnings and exceptions.
#include <atomic>
#include <thread>

#include "support.hpp"

namespace ffidl::test {
namespace {

struct Counter {
  std::atomic<int> ok{0};
  std::atomic<int> other{0};
  static void callback(int code, const void* msg, std::size_t len, void* ud) {
    auto* c = static_cast<Counter*>(ud);
    // Every payload must be the text we sent ("x").
    if (code == FFIDL_OK && len == 1 && static_cast<const char*>(msg)[0] == 'x') {
      c->ok.fetch_add(1);
    } else {
      c->other.fetch_add(1);
    }
  }
};

class RoundTrips : public ::testing::TestWithParam<int> {};

TEST_P(RoundTrips, EveryCallbackExactlyOnce) {
  auto ctx = ready_context();
  const int threads = GetParam();
  const int per_thread = 2000;
  Counter counter;
  std::vector<std::thread> pool;
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        ctx->submit(Counter::callback, &counter, echo("x"));
    });
  }
  for (auto& t : pool)
    t.join();
  const int total = threads * per_thread;
  for (int i = 0; i < 1000 && counter.ok.load() + counter.other.load() < total; ++i) {
    std::this_thread::sleep_for(10ms);
  }
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  EXPECT_EQ(counter.ok.load(), total);
  EXPECT_EQ(counter.other.load(), 0);
}

INSTANTIATE_TEST_SUITE_P(Threads, RoundTrips, ::testing::Values(1, 2, 4, 8));

TEST(Requests, HandlersInterleaveAtAwaitPoints) {
  auto ctx = ready_context();
  Recorder slow, fast;
  ctx->submit(Recorder::callback, &slow, echo("slow", 200ms));
  ctx->submit(Recorder::callback, &fast, echo("fast", 0ms));
  EXPECT_EQ(fast.wait_terminal().msg, "fast");
  EXPECT_EQ(slow.terminals(), 0u) << "the slow handler must not block the fast one";
  EXPECT_EQ(slow.wait_terminal().msg, "slow");
  ctx->destroy();
}

TEST(Requests, CallbacksRunOnTheLoopThread) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, echo("x"));
  auto e = rec.wait_terminal();
  EXPECT_NE(e.thread, std::this_thread::get_id());
  // And the runtime knows that thread is the context's own.
  std::atomic<int> own{-1};
  struct Probe {
    Context* ctx;
    std::atomic<int>* own;
    Recorder rec;
  } probe{ctx.get(), &own, {}};
  ctx->submit(
      [](int code, const void* m, std::size_t n, void* ud) {
        auto* p = static_cast<Probe*>(ud);
        p->own->store(p->ctx->on_own_thread() && Context::on_library_thread() ? 1 : 0);
        Recorder::callback(code, m, n, &p->rec);
      },
      &probe, echo("y"));
  probe.rec.wait_terminal();
  EXPECT_EQ(own.load(), 1);
  EXPECT_FALSE(ctx->on_own_thread());
  EXPECT_FALSE(Context::on_library_thread());
  ctx->destroy();
}

TEST(Requests, StaleWarningsPrecedeExactlyOneTerminal) {
  ContextOptions options;
  options.stale_interval = 30ms;
  auto ctx = ready_context(options);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, echo("done", 200ms));
  rec.wait_terminal();
  auto entries = rec.snapshot();
  ASSERT_GE(entries.size(), 3u) << "expected several stale warnings before the answer";
  for (std::size_t i = 0; i + 1 < entries.size(); ++i) {
    EXPECT_EQ(entries[i].code, FFIDL_STALE_WARN);
    long ms = std::stol(entries[i].msg);  // elapsed milliseconds as decimal text
    EXPECT_GE(ms, 30L * static_cast<long>(i + 1));
  }
  EXPECT_EQ(entries.back().code, FFIDL_OK);
  EXPECT_EQ(entries.back().msg, "done");
  // Nothing arrives after the terminal answer.
  std::this_thread::sleep_for(100ms);
  EXPECT_EQ(rec.snapshot().size(), entries.size());
  ctx->destroy();
}

TEST(Requests, StaleIntervalIsSettable) {
  auto ctx = ready_context();
  ctx->set_stale_interval(20ms);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, echo("x", 100ms));
  rec.wait_terminal();
  EXPECT_GE(rec.snapshot().size(), 2u);
  ctx->destroy();
}

TEST(Requests, ExceptionBecomesError) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, [](ServiceBase*) -> Task<Reply> {
    return []() -> Task<Reply> {
      throw std::runtime_error("boom");
      co_return Reply::ok();
    }();
  });
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_ERR);
  EXPECT_EQ(e.msg, "internal error: the handler threw an exception: boom");
  ctx->destroy();
}

TEST(Requests, ErrorResultCarriesText) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, [](ServiceBase*) -> Task<Reply> {
    return []() -> Task<Reply> { co_return Reply::error("no such user"); }();
  });
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_ERR);
  EXPECT_EQ(e.msg, "no such user");
  ctx->destroy();
}

TEST(Requests, HandlersSeeTheService) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, [](ServiceBase* s) -> Task<Reply> {
    return [](ServiceBase* svc) -> Task<Reply> {
      co_return Reply::ok(Message::text(dynamic_cast<TestService*>(svc) ? "yes" : "no"));
    }(s);
  });
  EXPECT_EQ(rec.wait_terminal().msg, "yes");
  ctx->destroy();
}

TEST(Requests, StaticContextRunsWithoutService) {
  Context& s = Context::static_context(test_library());
  EXPECT_EQ(&s, &Context::static_context(test_library()));
  Recorder rec;
  s.submit(Recorder::callback, &rec, [](ServiceBase* svc) -> Task<Reply> {
    return [](bool none) -> Task<Reply> {
      co_return Reply::ok(Message::text(none ? "none" : "?"));
    }(svc == nullptr);
  });
  EXPECT_EQ(rec.wait_terminal().msg, "none");
}

}  // namespace
}  // namespace ffidl::test
