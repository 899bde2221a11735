// Lifecycle: ctor success and failure, calls before the ctor finished,
// destroy with queued and in-flight work, double destroy, destroy from a
// callback, and the dtor hook.
#include <atomic>
#include <thread>

#include "support.hpp"

namespace ffidl::test {
namespace {

TEST(Lifecycle, CallsBeforeCtorFinishesWaitForIt) {
  Recorder ctor;
  auto ctx = Context::create(test_library(), {}, make_ctor({100ms, "", nullptr}),
                             Recorder::callback, &ctor);
  Recorder early;
  ctx->submit(Recorder::callback, &early, echo("early"));
  EXPECT_EQ(early.wait_terminal().msg, "early");
  // The ctor's answer came first.
  EXPECT_EQ(ctor.terminals(), 1u);
  EXPECT_EQ(ctor.snapshot().back().code, FFIDL_OK);
  ctx->destroy();
}

TEST(Lifecycle, FailedCtorFailsEveryCall) {
  Recorder ctor;
  auto ctx = Context::create(test_library(), {}, make_ctor({20ms, "no config", nullptr}),
                             Recorder::callback, &ctor);
  Recorder before;
  ctx->submit(Recorder::callback, &before, echo("x"));
  auto c = ctor.wait_terminal();
  EXPECT_EQ(c.code, FFIDL_ERR);
  EXPECT_EQ(c.msg, "testlib ctor failed: no config");
  auto b = before.wait_terminal();
  EXPECT_EQ(b.code, FFIDL_ERR);
  EXPECT_EQ(b.msg, "testlib ctor failed: no config");
  Recorder after;
  ctx->submit(Recorder::callback, &after, echo("x"));
  EXPECT_EQ(after.wait_terminal().msg, "testlib ctor failed: no config");
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
}

TEST(Lifecycle, DestroyRunsDtorHookOnce) {
  std::atomic<int> destroyed{0};
  auto ctx = ready_context({}, {0ms, "", &destroyed});
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  EXPECT_EQ(destroyed.load(), 1);
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);  // idempotent
  EXPECT_EQ(destroyed.load(), 1);
}

TEST(Lifecycle, ConcurrentDestroysAllReturn) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, echo("x", 30ms));
  std::vector<std::thread> destroyers;
  std::atomic<int> ok{0};
  for (int i = 0; i < 4; ++i) {
    destroyers.emplace_back([&] {
      if (ctx->destroy() == FFIDL_OK) ok.fetch_add(1);
    });
  }
  for (auto& t : destroyers)
    t.join();
  EXPECT_EQ(ok.load(), 4);
  EXPECT_EQ(rec.terminals(), 1u);
}

TEST(Lifecycle, DestroyWaitsForInFlightHandlers) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, echo("finished", 100ms));
  std::this_thread::sleep_for(20ms);  // let it start
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_OK);
  EXPECT_EQ(e.msg, "finished");
}

TEST(Lifecycle, DestroyFailsHandlersPastTheDrainBound) {
  ContextOptions options;
  options.drain_timeout = 50ms;
  auto ctx = ready_context(options);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, echo("never", 10s));
  std::this_thread::sleep_for(20ms);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);  // bounded, not 10 s
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_ERR);
  EXPECT_NE(e.msg.find("50 ms drain bound"), std::string::npos) << e.msg;
  EXPECT_EQ(rec.terminals(), 1u);
}

TEST(Lifecycle, DestroyFailsQueuedRequestsWhileCtorRuns) {
  ContextOptions options;
  options.drain_timeout = 50ms;
  Recorder ctor;
  auto ctx = Context::create(test_library(), options, make_ctor({10s, "", nullptr}),
                             Recorder::callback, &ctor);
  std::vector<std::unique_ptr<Recorder>> queued;
  for (int i = 0; i < 10; ++i) {
    queued.push_back(std::make_unique<Recorder>());
    ctx->submit(Recorder::callback, queued.back().get(), echo("x"));
  }
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  for (auto& r : queued) {
    auto e = r->wait_terminal();
    EXPECT_EQ(e.code, FFIDL_ERR);
    EXPECT_EQ(r->terminals(), 1u);
  }
  EXPECT_EQ(ctor.wait_terminal().code, FFIDL_ERR);
  EXPECT_EQ(ctor.terminals(), 1u);
}

TEST(Lifecycle, RequestsRacingDestroyStillGetOneAnswer) {
  auto ctx = ready_context();
  constexpr int n = 500;
  std::vector<Recorder> recs(n);
  std::vector<int> rc(n, -1);
  std::thread submitter([&] {
    for (int i = 0; i < n; ++i) {
      rc[static_cast<std::size_t>(i)] =
          ctx->submit(Recorder::callback, &recs[static_cast<std::size_t>(i)], echo("x"));
    }
  });
  std::this_thread::sleep_for(1ms);
  ctx->destroy();
  submitter.join();
  ctx.reset();  // the last reference: anything still queued is answered now
  // Each request is answered exactly once: through its callback, or (once
  // teardown has begun) by submit refusing it with FFIDL_ERR and no callback.
  for (std::size_t i = 0; i < recs.size(); ++i)
    EXPECT_EQ(recs[i].terminals() + (rc[i] == FFIDL_ERR ? 1u : 0u), 1u) << i;
}

TEST(Lifecycle, DestroyFromACallbackIsRefused) {
  auto ctx = ready_context();
  struct Probe {
    Context* ctx;
    std::atomic<int> result{-1};
    Recorder rec;
  } probe{ctx.get(), {}, {}};
  ctx->submit(
      [](int code, const void* m, std::size_t n, void* ud) {
        auto* p = static_cast<Probe*>(ud);
        p->result.store(p->ctx->destroy());
        Recorder::callback(code, m, n, &p->rec);
      },
      &probe, echo("x"));
  probe.rec.wait_terminal();
  EXPECT_EQ(probe.result.load(), FFIDL_ERR);
  // The context still works and can be destroyed from here.
  Recorder after;
  ctx->submit(Recorder::callback, &after, echo("still alive"));
  EXPECT_EQ(after.wait_terminal().msg, "still alive");
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
}

TEST(Lifecycle, ManyContextsCreatedAndDestroyed) {
  for (int i = 0; i < 50; ++i) {
    Recorder ctor;
    auto ctx = Context::create(test_library(), {}, make_ctor({}), Recorder::callback, &ctor);
    Recorder rec;
    ctx->submit(Recorder::callback, &rec, echo("x", 1ms));
    if (i % 2 == 0) rec.wait_terminal();
    ctx->destroy();
    EXPECT_EQ(rec.terminals(), 1u);
    EXPECT_EQ(ctor.terminals(), 1u);
  }
}

}  // namespace
}  // namespace ffidl::test
