// Adaptive wake-ups and the loop's inbox: what docs/runtime.md promises of
// them. No assertion here is on elapsed wall time: the idle test bounds the
// CPU time an idle context uses, the others count or order things.
#include <sys/resource.h>

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <asio/detached.hpp>

#include "ffidl/client.hpp"
#include "ffidl/exports.hpp"
#include "ffidl/inbox.hpp"
#include "ffidl/spin.hpp"
#include "support.hpp"

namespace ffidl::test {
namespace {

// ---- the inbox ----

struct Numbered final : Work {
  Numbered(int p, int s, std::vector<std::pair<int, int>>* o) : producer(p), seq(s), out(o) {}
  void run() override {
    out->emplace_back(producer, seq);
    delete this;
  }
  int producer, seq;
  std::vector<std::pair<int, int>>* out;
};

TEST(Inbox, FourProducersLoseNothingAndKeepEachOnesOrder) {
  Inbox inbox;
  std::vector<std::pair<int, int>> seen;
  constexpr int producers = 4, each = 20000;
  std::atomic<int> finished{0};
  std::vector<std::thread> threads;
  for (int p = 0; p < producers; ++p) {
    threads.emplace_back([&, p] {
      for (int s = 0; s < each; ++s)
        ASSERT_TRUE(inbox.push(new Numbered(p, s, &seen)));
      finished.fetch_add(1);
    });
  }
  // The single consumer takes batches while the producers push.
  while (finished.load() < producers || !inbox.empty()) {
    for (Work* w = inbox.take(); w;) {
      Work* next = w->next;
      w->run();
      w = next;
    }
  }
  for (auto& t : threads)
    t.join();
  ASSERT_EQ(seen.size(), std::size_t{producers * each});
  std::vector<int> next(producers, 0);
  for (auto [p, s] : seen) {
    ASSERT_EQ(s, next[static_cast<std::size_t>(p)]) << "producer " << p << " out of order";
    ++next[static_cast<std::size_t>(p)];
  }
}

TEST(Inbox, CloseHandsBackWhatWasQueuedAndRefusesMore) {
  Inbox inbox;
  std::vector<std::pair<int, int>> seen;
  for (int s = 0; s < 3; ++s)
    ASSERT_TRUE(inbox.push(new Numbered(0, s, &seen)));
  Work* left = inbox.close();
  int n = 0;
  for (Work* w = left; w; w = w->next)
    EXPECT_EQ(static_cast<Numbered*>(w)->seq, n++) << "oldest first";
  EXPECT_EQ(n, 3);
  Inbox::drop(left);
  auto* late = new Numbered(0, 9, &seen);
  EXPECT_FALSE(inbox.push(late)) << "a closed inbox takes nothing";
  delete late;
  EXPECT_TRUE(inbox.empty());
  EXPECT_EQ(inbox.take(), nullptr);
  EXPECT_TRUE(seen.empty()) << "dropped work is not run";
}

// ---- the spinner ----

TEST(Spinner, OffNeverSpinsAndAReadyConditionReturnsAtOnce) {
  Spinner s;
  int looks = 0;
  EXPECT_FALSE(s.spin(spin_off, [&] { return ++looks, false; }));
  EXPECT_EQ(looks, 1) << "spin_off looks once and parks";
  looks = 0;
  EXPECT_TRUE(s.spin(spin_auto, [&] { return ++looks, true; }));
  EXPECT_EQ(looks, 1);
}

TEST(Spinner, AnExplicitBudgetEndsAndTheAnswerIsSeen) {
  Spinner s;
  EXPECT_FALSE(s.spin(20'000, [] { return false; })) << "a budget runs out";
  std::atomic<bool> flag{false};
  std::thread setter([&] { flag.store(true); });
  // A generous budget: the other thread's store is seen while spinning.
  bool seen = s.spin(max_spin_ns, [&] { return flag.load(); });
  setter.join();
  EXPECT_TRUE(seen || flag.load());
}

TEST(Spinner, AutoBudgetShrinksWhileSpinsFailAndRecovers) {
  Spinner s;
  EXPECT_EQ(s.auto_budget_ns(), max_auto_spin_ns);
  // Work that comes rarely: every spin fails and the park lasts long.
  for (int i = 0; i < 20; ++i) {
    EXPECT_FALSE(s.spin(spin_auto, [] { return false; }));
    std::this_thread::sleep_for(std::chrono::microseconds(200));
    s.woke();
  }
  EXPECT_EQ(s.auto_budget_ns(), min_auto_spin_ns) << "spin the minimum before parking";
  // A quick answer caught only after a park grows it back at once.
  EXPECT_FALSE(s.spin(spin_auto, [] { return false; }));
  // "Parked" for 5 us (busy: a sleep may oversleep the 50 us ceiling).
  for (auto end = std::chrono::steady_clock::now() + 5us; std::chrono::steady_clock::now() < end;) {
  }
  s.woke();
  EXPECT_GT(s.auto_budget_ns(), min_auto_spin_ns);
  // And a wait far longer than the ceiling halves it again.
  const std::int64_t grown = s.auto_budget_ns();
  EXPECT_FALSE(s.spin(spin_auto, [] { return false; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  s.woke();
  EXPECT_EQ(s.auto_budget_ns(), std::max(min_auto_spin_ns, grown / 2));
}

TEST(Spinner, AtMostOneSpinnerPerCore) {
  // Every slot taken: a new waiter parks at once instead of spinning.
  active_spinners().fetch_add(spin_slots());
  Spinner s;
  int looks = 0;
  EXPECT_FALSE(s.spin(max_spin_ns, [&] { return ++looks, false; }));
  EXPECT_LE(looks, 2);
  active_spinners().fetch_sub(spin_slots());
}

TEST(Spinner, SettingsAreClamped) {
  EXPECT_EQ(clamp_spin_setting(-7), spin_auto);
  EXPECT_EQ(clamp_spin_setting(0), spin_off);
  EXPECT_EQ(clamp_spin_setting(1234), 1234);
  EXPECT_EQ(clamp_spin_setting(std::int64_t{1} << 60), max_spin_ns);
}

// ---- a context's loop ----

double cpu_seconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  auto secs = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
  return secs(u.ru_utime) + secs(u.ru_stime);
}

/// Whatever the setting, an idle context parks: over 400 ms of idleness its
/// threads use a small fraction of one core (spinning would use all of it).
class IdleContext : public ::testing::TestWithParam<std::int64_t> {};

TEST_P(IdleContext, ParksAndBurnsNoCore) {
  ContextOptions options;
  options.wait_spin_ns = GetParam();
  auto ctx = ready_context(options);
  for (int i = 0; i < 100; ++i) {  // teach the auto budget that work comes fast
    Recorder r;
    ctx->submit(Recorder::callback, &r, echo("x"));
    r.wait_terminal();
  }
  const double before = cpu_seconds();
  std::this_thread::sleep_for(400ms);
  const double used = cpu_seconds() - before;
  EXPECT_LT(used, 0.1) << "an idle context used " << used << " s of CPU in 0.4 s";
  Recorder r;
  ctx->submit(Recorder::callback, &r, echo("awake"));
  EXPECT_EQ(r.wait_terminal().msg, "awake") << "a parked loop wakes for the next call";
  ctx->destroy();
}

INSTANTIATE_TEST_SUITE_P(Settings, IdleContext,
                         ::testing::Values(spin_auto, spin_off, std::int64_t{10'000'000}));

TEST(Wakeups, EverySettingAnswersCallsFromManyThreads) {
  for (std::int64_t setting : {spin_auto, spin_off, std::int64_t{1}, std::int64_t{200'000}}) {
    auto ctx = ready_context();
    ctx->set_wait_spin(setting);
    EXPECT_EQ(ctx->wait_spin(), setting);
    std::vector<std::thread> callers;
    std::atomic<int> answered{0};
    for (int t = 0; t < 6; ++t) {
      callers.emplace_back([&] {
        for (int i = 0; i < 200; ++i) {
          // Blocking, as the C++ client's blocking calls wait.
          struct Wait {
            client::OneShot shot;
            int code = -1;
          } w;
          auto cb = [](int code, const void*, std::size_t, void* ud) {
            if (code == FFIDL_STALE_WARN) return;
            auto* self = static_cast<Wait*>(ud);
            self->code = code;
            self->shot.set();
          };
          ASSERT_EQ(ctx->submit(cb, &w, echo("x")), FFIDL_OK);
          w.shot.wait(setting);
          if (w.code == FFIDL_OK) answered.fetch_add(1);
        }
      });
    }
    for (auto& t : callers)
      t.join();
    EXPECT_EQ(answered.load(), 6 * 200) << "setting " << setting;
    ctx->destroy();
  }
}

// While every request finishes at once, the loop runs the next batches
// without a pass through Asio's queue; it still passes it every few batches,
// so a handler waiting on a timer is answered while callers keep the inbox
// busy (a loop that only ran batches would never fire the timer).
TEST(Wakeups, ATimerFiresWhileCallersKeepTheLoopBusy) {
  auto ctx = ready_context();
  ctx->set_wait_spin(10'000'000);  // the loop never parks between calls
  std::atomic<bool> stop{false};
  std::atomic<long> calls{0};
  std::vector<std::thread> callers;
  for (int t = 0; t < 2; ++t) {
    callers.emplace_back([&] {
      while (!stop.load()) {
        struct Wait {
          client::OneShot shot;
        } w;
        auto cb = [](int code, const void*, std::size_t, void* ud) {
          if (code != FFIDL_STALE_WARN) static_cast<Wait*>(ud)->shot.set();
        };
        ASSERT_EQ(ctx->submit(cb, &w, echo("x")), FFIDL_OK);
        w.shot.wait(spin_off);  // leaves the spinning to the loop
        calls.fetch_add(1);
      }
    });
  }
  while (calls.load() < 1000)
    std::this_thread::yield();
  // A timer no request waits for (a service's own, say): the handler
  // starts it and answers at once, so no request is in flight meanwhile.
  auto fired = std::make_shared<std::atomic<bool>>(false);
  Recorder started;
  ASSERT_EQ(ctx->submit(Recorder::callback, &started,
                        [fired](ServiceBase*) -> Task<Reply> {
                          auto ex = co_await asio::this_coro::executor;
                          asio::co_spawn(
                              ex,
                              [fired]() -> Task<void> {
                                asio::steady_timer timer(co_await asio::this_coro::executor, 2ms);
                                co_await timer.async_wait(asio::use_awaitable);
                                fired->store(true);
                              },
                              asio::detached);
                          co_return Reply::ok();
                        }),
            FFIDL_OK);
  EXPECT_EQ(started.wait_terminal().code, FFIDL_OK);
  for (int i = 0; i < 10'000 && !fired->load(); ++i)  // gives up after 10 s
    std::this_thread::sleep_for(1ms);
  EXPECT_TRUE(fired->load()) << "the timer never fired";
  stop.store(true);
  for (auto& t : callers)
    t.join();
  ctx->destroy();
}

TEST(Wakeups, TheSettingIsCheckedAtTheExport) {
  auto ctx = ready_context();
  void* h = handles().insert(ctx);
  EXPECT_EQ(exports::wait_spin(h), spin_auto) << "the default";
  EXPECT_EQ(exports::set_wait_spin(h, 0), FFIDL_OK);
  EXPECT_EQ(exports::wait_spin(h), spin_off);
  EXPECT_EQ(exports::set_wait_spin(h, std::int64_t{1} << 40), FFIDL_OK);
  EXPECT_EQ(exports::wait_spin(h), max_spin_ns) << "clamped to 10 ms";
  EXPECT_EQ(exports::set_wait_spin(h, -2), FFIDL_ERR);
  EXPECT_NE(std::string(exports::last_error()).find("-2 is not a spin setting"), std::string::npos)
      << exports::last_error();
  EXPECT_EQ(exports::wait_spin(h), max_spin_ns) << "a refused setting changes nothing";
  EXPECT_EQ(exports::set_wait_spin(nullptr, 0), FFIDL_ERR);
  EXPECT_NE(std::string(exports::last_error()).find("set_wait_spin: not a live context handle"),
            std::string::npos)
      << exports::last_error();
  EXPECT_EQ(exports::wait_spin(nullptr), spin_auto) << "a bad handle reads auto";
  handles().take(h);
  ctx->destroy();
}

}  // namespace
}  // namespace ffidl::test
