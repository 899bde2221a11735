// Object benchmarks: what an object costs next to a plain call, measured
// in one run through the C ABI, blocking, from one thread:
//   proc call         bench_scalar on the context (the baseline)
//   object call       Counter_scalar on an existing object
//   create+call+release  Counter_new, Counter_scalar, Counter_release
// and the memory of live objects: RSS growth over 100,000 of them in one
// context, per object, and the time to make and to release them.
//
// Not a test: it never gates CI. It exits 1 if any call answered wrongly.
//
//   objects [--calls N] [--objects N]
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <mutex>
#include <string>
#include <vector>

#include "bench.h"

namespace {

using Clock = std::chrono::steady_clock;

/// One blocking call's answer.
struct Wait {
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  int code = -1;
  bench_Counter counter{};
  bool value = false;

  static void on_bool(int code, const void* msg, std::size_t, void* ud) {
    auto* w = static_cast<Wait*>(ud);
    if (code == FFIDL_STALE_WARN) return;
    if (code == FFIDL_OK) w->value = *static_cast<const bool*>(msg);
    w->finish(code);
  }
  static void on_counter(int code, const void* msg, std::size_t, void* ud) {
    auto* w = static_cast<Wait*>(ud);
    if (code == FFIDL_STALE_WARN) return;
    if (code == FFIDL_OK) w->counter = *static_cast<const bench_Counter*>(msg);
    w->finish(code);
  }
  static void on_ctx(int code, const void*, std::size_t, void* ud) {
    if (code != FFIDL_STALE_WARN) static_cast<Wait*>(ud)->finish(code);
  }
  void finish(int c) {
    std::lock_guard lock(mu);
    code = c;
    done = true;
    cv.notify_one();
  }
  int wait() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return done; });
    done = false;
    return code;
  }
};

bool ok = true;

void check(bool good, const char* what) {
  if (!good) {
    std::fprintf(stderr, "objects: wrong answer: %s\n", what);
    ok = false;
  }
}

/// A new Counter, whose reference the caller owns (retained in the callback).
bench_Counter make(void* ctx, Wait& w) {
  struct Keep {
    Wait* w;
    void* ctx;
  };
  static thread_local Keep keep;
  keep = {&w, ctx};
  auto cb = [](int code, const void* msg, std::size_t len, void* ud) {
    auto* k = static_cast<Keep*>(ud);
    if (code == FFIDL_OK) bench_Counter_retain(k->ctx, *static_cast<const bench_Counter*>(msg));
    Wait::on_counter(code, msg, len, k->w);
  };
  bench_Counter_new(ctx, cb, &keep);
  check(w.wait() == FFIDL_OK, "Counter_new");
  return w.counter;
}

double ns_per(Clock::duration d, long n) {
  return std::chrono::duration<double, std::nano>(d).count() / static_cast<double>(n);
}

long rss_kib() {
  std::ifstream statm("/proc/self/statm");
  long pages = 0, resident = 0;
  statm >> pages >> resident;
  return resident * 4;  // 4 KiB pages
}

}  // namespace

int main(int argc, char** argv) {
  long calls = 20000, objects = 100000;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--calls") == 0) calls = std::atol(argv[i + 1]);
    if (std::strcmp(argv[i], "--objects") == 0) objects = std::atol(argv[i + 1]);
  }
  Wait w;
  void* ctx = bench_open(Wait::on_ctx, &w);
  check(w.wait() == FFIDL_OK, "open");

  // Baseline: a proc of the context.
  auto t0 = Clock::now();
  for (long i = 0; i < calls; ++i) {
    bench_scalar(ctx, Wait::on_bool, &w, i, 1, 1.0);
    check(w.wait() == FFIDL_OK && w.value == ((i & 1) == 0), "scalar");
  }
  const double proc_ns = ns_per(Clock::now() - t0, calls);

  // A call on an object that exists.
  bench_Counter one = make(ctx, w);
  t0 = Clock::now();
  for (long i = 0; i < calls; ++i) {
    bench_Counter_scalar(ctx, Wait::on_bool, &w, one, i, 1, 1.0);
    check(w.wait() == FFIDL_OK && w.value == ((i & 1) == 0), "Counter_scalar");
  }
  const double call_ns = ns_per(Clock::now() - t0, calls);
  bench_Counter_release(ctx, one);

  // The whole life of an object: create, one call, release.
  t0 = Clock::now();
  for (long i = 0; i < calls; ++i) {
    bench_Counter c = make(ctx, w);
    bench_Counter_scalar(ctx, Wait::on_bool, &w, c, i, 1, 1.0);
    check(w.wait() == FFIDL_OK, "Counter_scalar");
    check(bench_Counter_release(ctx, c) == FFIDL_OK, "Counter_release");
  }
  const double life_ns = ns_per(Clock::now() - t0, calls);

  // Many live objects: memory and the cost of making and releasing them.
  std::vector<bench_Counter> held;
  held.reserve(static_cast<std::size_t>(objects));
  while (bench_live_objects(ctx) != 0) {
  }
  const long rss_before = rss_kib();
  t0 = Clock::now();
  for (long i = 0; i < objects; ++i)
    held.push_back(make(ctx, w));
  const double make_ns = ns_per(Clock::now() - t0, objects);
  const long rss_after = rss_kib();
  check(bench_live_objects(ctx) == static_cast<std::uint64_t>(objects), "live objects");
  t0 = Clock::now();
  for (bench_Counter c : held)
    check(bench_Counter_release(ctx, c) == FFIDL_OK, "release");
  const double release_ns = ns_per(Clock::now() - t0, objects);
  const double bytes_per = (rss_after - rss_before) * 1024.0 / static_cast<double>(objects);
  bench_destroy(ctx);

  std::printf("%-34s %12s %8s\n", "lane (1 thread, blocking)", "ns/op", "ratio");
  std::printf("%-34s %12.0f %8.2f\n", "proc call (baseline)", proc_ns, 1.0);
  std::printf("%-34s %12.0f %8.2f\n", "object call", call_ns, call_ns / proc_ns);
  std::printf("%-34s %12.0f %8.2f\n", "object create+call+release", life_ns, life_ns / proc_ns);
  std::printf("%-34s %12.0f %8.2f\n", "create (of many live)", make_ns, make_ns / proc_ns);
  std::printf("%-34s %12.0f %8s\n", "release (client side, no wait)", release_ns, "-");
  std::printf("%ld live objects: %.0f bytes each (RSS growth, incl. the client's handle)\n",
              objects, bytes_per);
  return ok ? 0 : 1;
}
