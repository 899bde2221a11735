// Host calls: answered from other threads, out of order, late, twice and
// never; unregistered host fns; destroy with calls pending.
#include <atomic>
#include <thread>

#include "support.hpp"

namespace ffidl::test {
namespace {

/// The host side: records each call; the test answers them when it likes.
struct Host {
  struct Call {
    std::uint64_t id;
    std::string request;
  };
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Call> calls;

  static void fn(std::uint64_t id, const void* req, std::size_t len, void* ud) {
    auto* h = static_cast<Host*>(ud);
    std::lock_guard lock(h->mu);
    h->calls.push_back({id, std::string(static_cast<const char*>(req), len)});
    h->cv.notify_all();
  }
  std::vector<Call> wait_calls(std::size_t n) {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return calls.size() >= n; }));
    return calls;
  }
};

/// A handler that asks host fn `name` about `question` and returns the answer.
Handler ask(Context* ctx, std::string name, std::string question) {
  return [ctx, name, question](ServiceBase*) -> Task<Reply> {
    return [](Context* c, std::string n, std::string q) -> Task<Reply> {
      // Named, not temporaries in the co_await: see Context::call_host.
      Render args = [q](Wire) { return Message::text(q); };
      HostDecode<Result<std::string>> decode = [](Wire, int, const void* msg,
                                                  std::size_t len) -> Result<std::string> {
        return std::string(static_cast<const char*>(msg), len);
      };
      Result<std::string> answer = co_await c->call_host<Result<std::string>>(n, args, decode);
      if (!answer) co_return Reply::error(answer.error().message);
      co_return Reply::ok(Message::text("got " + *answer));
    }(ctx, name, question);
  };
}

int complete(Context& ctx, std::uint64_t id, const std::string& text, int ret = FFIDL_OK) {
  return ctx.host_complete(id, ret, text.data(), text.size());
}

TEST(HostCalls, AnsweredFromAnotherThread) {
  auto ctx = ready_context();
  Host host;
  ASSERT_EQ(ctx->register_host_fn("token", Wire::native, Host::fn, &host), FFIDL_OK);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, ask(ctx.get(), "token", "alice"));
  auto calls = host.wait_calls(1);
  EXPECT_EQ(calls[0].request, "alice");
  std::thread([&] { EXPECT_EQ(complete(*ctx, calls[0].id, "t0k"), FFIDL_OK); }).join();
  EXPECT_EQ(rec.wait_terminal().msg, "got t0k");
  ctx->destroy();
}

TEST(HostCalls, OutOfOrderAnswersReachTheirOwnHandlers) {
  auto ctx = ready_context();
  Host host;
  ctx->register_host_fn("token", Wire::native, Host::fn, &host);
  constexpr int n = 20;
  std::vector<Recorder> recs(n);
  for (int i = 0; i < n; ++i) {
    ctx->submit(Recorder::callback, &recs[static_cast<std::size_t>(i)],
                ask(ctx.get(), "token", std::to_string(i)));
  }
  auto calls = host.wait_calls(n);
  std::vector<std::thread> answerers;
  for (auto it = calls.rbegin(); it != calls.rend(); ++it) {
    answerers.emplace_back([&ctx, c = *it] { complete(*ctx, c.id, "for " + c.request); });
  }
  for (auto& t : answerers)
    t.join();
  for (int i = 0; i < n; ++i) {
    EXPECT_EQ(recs[static_cast<std::size_t>(i)].wait_terminal().msg,
              "got for " + std::to_string(i));
  }
  ctx->destroy();
}

TEST(HostCalls, HostErrorReachesTheHandler) {
  auto ctx = ready_context();
  Host host;
  ctx->register_host_fn("token", Wire::native, Host::fn, &host);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, ask(ctx.get(), "token", "bob"));
  auto calls = host.wait_calls(1);
  complete(*ctx, calls[0].id, "vault locked", FFIDL_ERR);
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_ERR);
  EXPECT_EQ(e.msg, "host function 'token' failed: vault locked");
  ctx->destroy();
}

TEST(HostCalls, DuplicateLateAndUnknownCallIdsAreRejected) {
  auto ctx = ready_context();
  Host host;
  ctx->register_host_fn("token", Wire::native, Host::fn, &host);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, ask(ctx.get(), "token", "x"));
  auto calls = host.wait_calls(1);
  EXPECT_EQ(complete(*ctx, calls[0].id, "first"), FFIDL_OK);
  EXPECT_EQ(complete(*ctx, calls[0].id, "second"), FFIDL_ERR);
  rec.wait_terminal();
  EXPECT_EQ(complete(*ctx, calls[0].id, "late"), FFIDL_ERR);
  EXPECT_EQ(complete(*ctx, 987654321, "unknown"), FFIDL_ERR);
  EXPECT_EQ(rec.snapshot().back().msg, "got first");
  ctx->destroy();
}

TEST(HostCalls, UnregisteredHostFnFailsTheHandler) {
  auto ctx = ready_context();
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, ask(ctx.get(), "missing", "x"));
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_ERR);
  EXPECT_EQ(e.msg, "host function 'missing' is not registered");
  EXPECT_EQ(ctx->register_host_fn("x", Wire::native, nullptr, nullptr), FFIDL_MISSING_CALLBACK);
  ctx->destroy();
}

TEST(HostCalls, AnsweredSynchronouslyInsideTheHostFn) {
  auto ctx = ready_context();
  struct Sync {
    Context* ctx;
  } sync{ctx.get()};
  ctx->register_host_fn(
      "echo", Wire::native,
      [](std::uint64_t id, const void* req, std::size_t len, void* ud) {
        static_cast<Sync*>(ud)->ctx->host_complete(id, FFIDL_OK, req, len);
      },
      &sync);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, ask(ctx.get(), "echo", "mirror"));
  EXPECT_EQ(rec.wait_terminal().msg, "got mirror");
  ctx->destroy();
}

TEST(HostCalls, NeverAnsweredIsResolvedByDestroy) {
  auto ctx = ready_context();
  Host host;
  ctx->register_host_fn("token", Wire::native, Host::fn, &host);
  Recorder rec;
  ctx->submit(Recorder::callback, &rec, ask(ctx.get(), "token", "x"));
  auto calls = host.wait_calls(1);
  auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(ctx->destroy(), FFIDL_OK);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  auto e = rec.wait_terminal();
  EXPECT_EQ(e.code, FFIDL_ERR);
  EXPECT_NE(e.msg.find("host function 'token' (call"), std::string::npos) << e.msg;
  EXPECT_NE(e.msg.find("shutting down"), std::string::npos) << e.msg;
  // Completing it after the context is gone is rejected, not a crash.
  EXPECT_EQ(complete(*ctx, calls[0].id, "too late"), FFIDL_ERR);
}

TEST(HostCalls, ManyThreadsAnsweringManyCalls) {
  auto ctx = ready_context();
  Host host;
  ctx->register_host_fn("token", Wire::cbor, Host::fn, &host);
  constexpr int n = 400;
  std::vector<Recorder> recs(n);
  for (int i = 0; i < n; ++i) {
    ctx->submit(Recorder::callback, &recs[static_cast<std::size_t>(i)],
                ask(ctx.get(), "token", "q"));
  }
  auto calls = host.wait_calls(n);
  std::vector<std::thread> pool;
  for (int t = 0; t < 4; ++t) {
    pool.emplace_back([&, t] {
      for (std::size_t i = static_cast<std::size_t>(t); i < calls.size(); i += 4) {
        complete(*ctx, calls[i].id, "a");
      }
    });
  }
  for (auto& t : pool)
    t.join();
  for (auto& r : recs)
    EXPECT_EQ(r.wait_terminal().msg, "got a");
  ctx->destroy();
}

}  // namespace
}  // namespace ffidl::test
