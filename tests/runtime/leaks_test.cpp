// Create and destroy many contexts with calls in flight on each: no thread,
// file descriptor or request is left behind (ASan checks the bytes).
#include <dirent.h>

#include <atomic>

#include "support.hpp"

namespace ffidl::test {
namespace {

std::size_t count_entries(const char* dir) {
  std::size_t n = 0;
  if (DIR* d = opendir(dir)) {
    while (readdir(d))
      ++n;
    closedir(d);
  }
  return n;
}

TEST(Leaks, ThousandContextsWithCallsInFlight) {
  // Warm up lazily created process state before counting.
  { ready_context()->destroy(); }
  std::this_thread::sleep_for(50ms);  // let the warm-up's joined threads be reaped
  const std::size_t fds = count_entries("/proc/self/fd");
  const std::size_t threads = count_entries("/proc/self/task");
  std::atomic<int> answered{0};
  struct Count {
    static void callback(int code, const void*, std::size_t, void* ud) {
      if (code != FFIDL_STALE_WARN) static_cast<std::atomic<int>*>(ud)->fetch_add(1);
    }
  };
  constexpr int contexts = 1000, calls = 4;
  for (int i = 0; i < contexts; ++i) {
    auto ctx = Context::create(test_library(), {}, make_ctor({}), Count::callback, &answered);
    for (int k = 0; k < calls; ++k)
      ctx->submit(Count::callback, &answered, echo("x", std::chrono::milliseconds(k)));
    ctx->destroy();
  }
  EXPECT_EQ(answered.load(), contexts * (calls + 1));  // every call and every ctor answered once
  EXPECT_EQ(count_entries("/proc/self/fd"), fds);
  // A joined thread can linger in /proc/self/task for a moment while the
  // kernel reaps it, so wait briefly; a leaked thread never goes away.
  std::size_t now = count_entries("/proc/self/task");
  for (int i = 0; i < 200 && now > threads; ++i) {
    std::this_thread::sleep_for(10ms);
    now = count_entries("/proc/self/task");
  }
  EXPECT_LE(now, threads);
}

}  // namespace
}  // namespace ffidl::test

namespace ffidl::test {
namespace {

TEST(Leaks, EachContextCostsTwoThreadsAndThreeDescriptors) {
  // The documented per-context cost (docs/runtime.md, "Limits"): a loop and
  // an event thread; an epoll fd, an eventfd and a timerfd.
  ready_context()->destroy();  // warm up the process-wide parts
  std::this_thread::sleep_for(50ms);
  const std::size_t fds = count_entries("/proc/self/fd");
  const std::size_t threads = count_entries("/proc/self/task");
  std::vector<std::shared_ptr<Context>> live;
  for (int i = 0; i < 10; ++i)
    live.push_back(ready_context());
  EXPECT_EQ(count_entries("/proc/self/fd") - fds, 30u);
  EXPECT_EQ(count_entries("/proc/self/task") - threads, 20u);
  for (auto& c : live)
    c->destroy();
}

}  // namespace
}  // namespace ffidl::test
