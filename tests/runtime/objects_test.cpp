// Objects in the runtime: made only on a loop, handles never reused (the
// table refuses rather than wraps), references checked against context and
// type, and each dtor hook run once, on the loop, whoever drops the last
// reference.
#include <asio/redirect_error.hpp>
#include <asio/steady_timer.hpp>
#include <future>
#include <thread>

#include "ffidl/objects.hpp"
#include "support.hpp"

namespace ffidl::test {
namespace {

struct Thing : ObjectBase {
  explicit Thing(std::atomic<int>* hooks = nullptr) : hooks_(hooks) {}
  const char* object_type() const override { return "Thing"; }
  Task<void> on_destroy() override {
    on_loop = Context::current_loop() != nullptr;
    if (hooks_) hooks_->fetch_add(1);
    co_return;
  }
  std::atomic<int>* hooks_;
  static inline std::atomic<bool> on_loop{false};
};

/// Runs `f` on the context's loop and returns what it returns.
template <typename F>
auto on_loop(Context& ctx, F f) -> decltype(f()) {
  std::promise<decltype(f())> done;
  asio::post(ctx.io(), [&] { done.set_value(f()); });
  return done.get_future().get();
}

TEST(Objects, AreMadeOnlyOnALoop) {
  EXPECT_THROW(make_object<Thing>(), std::logic_error);
  auto ctx = ready_context();
  auto made = on_loop(*ctx, [] { return std::shared_ptr<ObjectBase>(make_object<Thing>()); });
  EXPECT_EQ(ctx->live_objects(), 1u);
  made.reset();  // the last reference, off the loop: the hook is queued there
  ctx->destroy();
  EXPECT_EQ(ctx->live_objects(), 0u);
}

TEST(Objects, OnlyObjectsOfMakeObjectAreHandedOut) {
  ObjectTable table;
  EXPECT_THROW(table.hand_out(nullptr), std::invalid_argument);
  EXPECT_THROW(table.hand_out(std::make_shared<Thing>()), std::invalid_argument);
}

TEST(Objects, HandlesAreNeverReusedAndTheTableRefusesRatherThanWraps) {
  auto ctx = ready_context();
  ObjectTable table;
  auto make = [&] {
    return on_loop(*ctx, [] { return std::shared_ptr<ObjectBase>(make_object<Thing>()); });
  };
  // Through 20 000 hand-out/release cycles no handle comes back (serials only
  // grow; the end of the space is checked below).
  const std::uint64_t first = table.hand_out(make());
  ASSERT_TRUE(table.release(first, nullptr, nullptr));
  std::uint64_t previous = first;
  for (int i = 0; i < 20000; ++i) {
    auto obj = make();
    std::uint64_t h = table.hand_out(obj);
    ASSERT_NE(h, previous);
    ASSERT_EQ(table.get(first, nullptr), nullptr) << "after " << i << " cycles";
    ASSERT_TRUE(table.release(h, nullptr, nullptr));
    previous = h;
  }
  // At the end of the 48-bit space: the last serial, then a refusal.
  table.set_next_serial_for_testing(HandleBits::serial_mask);
  auto last = make();
  const std::uint64_t h = table.hand_out(last);
  EXPECT_EQ(h & HandleBits::serial_mask, HandleBits::serial_mask);
  EXPECT_THROW(table.hand_out(make()), std::runtime_error);
  EXPECT_EQ(table.hand_out(last), h);  // handed out before: keeps its handle
  EXPECT_TRUE(table.release(h, nullptr, nullptr));
  EXPECT_TRUE(table.release(h, nullptr, nullptr));
  EXPECT_EQ(table.size(), 0u);
  ctx->destroy();
}

TEST(Objects, ReferencesAreCheckedAgainstContextAndType) {
  auto a = ready_context();
  auto b = ready_context();
  ObjectTable table;
  auto obj = on_loop(*a, [] { return std::shared_ptr<ObjectBase>(make_object<Thing>()); });
  const std::uint64_t h = table.hand_out(obj);
  EXPECT_EQ(table.get(h, b->object_home().get()), nullptr);
  EXPECT_FALSE(table.retain(h, b->object_home().get(), "Thing"));
  EXPECT_FALSE(table.retain(h, a->object_home().get(), "Other"));
  EXPECT_TRUE(table.retain(h, a->object_home().get(), "Thing"));
  EXPECT_TRUE(table.release(h, a->object_home().get(), "Thing"));
  EXPECT_TRUE(table.release(h, a->object_home().get(), "Thing"));
  EXPECT_FALSE(table.release(h, a->object_home().get(), "Thing")) << "no reference left";
  // Held by "the library" (obj) meanwhile: handed out again, the same handle.
  EXPECT_EQ(table.hand_out(obj), h);
  table.release(h, nullptr, nullptr);
  a->destroy();
  b->destroy();
}

TEST(Objects, TheDtorHookRunsOnceOnTheLoopWhoeverDropsTheLastReference) {
  auto ctx = ready_context();
  std::atomic<int> hooks{0};
  ObjectTable table;
  std::vector<std::uint64_t> handles;
  for (int i = 0; i < 64; ++i) {
    auto obj =
        on_loop(*ctx, [&] { return std::shared_ptr<ObjectBase>(make_object<Thing>(&hooks)); });
    handles.push_back(table.hand_out(obj));
    table.retain(handles.back(), nullptr, nullptr);
  }
  // Two threads drop one reference each per object: one of them is last.
  auto drop = [&] {
    for (std::uint64_t h : handles)
      EXPECT_TRUE(table.release(h, nullptr, nullptr));
  };
  std::thread t1(drop), t2(drop);
  t1.join();
  t2.join();
  ctx->destroy();  // awaits the queued hooks
  EXPECT_EQ(hooks.load(), 64);
  EXPECT_TRUE(Thing::on_loop.load());
  EXPECT_EQ(ctx->live_objects(), 0u);
}

/// A service holding an object, whose own dtor hook overruns the drain bound.
struct SlowService : ServiceBase {
  std::shared_ptr<ObjectBase> held;
  Task<void> on_destroy() override {
    asio::steady_timer timer(co_await asio::this_coro::executor, std::chrono::seconds(30));
    std::error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
};

TEST(Objects, AServiceWhoseHookOverrunsIsNotDestroyedUnderIt) {
  std::atomic<int> hooks{0};
  ContextOptions options;
  options.drain_timeout = std::chrono::milliseconds(50);
  Recorder ctor;
  CtorFn make = [&hooks](Context&) -> Task<Result<std::unique_ptr<ServiceBase>>> {
    return [](std::atomic<int>* h) -> Task<Result<std::unique_ptr<ServiceBase>>> {
      auto s = std::make_unique<SlowService>();
      s->held = make_object<Thing>(h);
      co_return std::unique_ptr<ServiceBase>(std::move(s));
    }(&hooks);
  };
  auto ctx = Context::create(test_library(), options, make, Recorder::callback, &ctor);
  ASSERT_EQ(ctor.wait_terminal().code, FFIDL_OK);
  EXPECT_EQ(ctx->live_objects(), 1u);
  ctx->destroy();
  // The service's hook was abandoned after the drain timeout, so the service
  // (with the object only it held) was destroyed at teardown, after the
  // hook's frame, and the object's own hook did not run.
  EXPECT_EQ(hooks.load(), 0);
  EXPECT_EQ(ctx->live_objects(), 0u);
}

}  // namespace
}  // namespace ffidl::test
