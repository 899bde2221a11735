// Round-trip benchmarks: what a call through ffidl costs, per setup (scalar,
// payload of N bytes, nested struct, event, host call), wire (native, CBOR)
// and API (the C ABI directly, the C++ client), from 1, 2, 4 and 8 threads,
// blocking (latency p50/p99 and calls/s) and with a window of calls in
// flight (throughput). Baselines measured in the same run: a direct call of
// the handler logic; a bare two-thread handoff that always sleeps (post to a
// worker running an Asio loop, wait on a condition variable); and a spinning
// handoff (the same wake-up policy as the runtime: ffidl/spin.hpp) -- the
// physical limits of a cross-thread call. Every row also reports the CPU
// time per call (all threads, getrusage) and the C++ heap allocations per
// call (alloc_count.cpp), so spinning cannot hide its cost.
//
// Not a test: it never gates CI. It exits 1 if any call answered wrongly.
//
//   roundtrip [--seconds S] [--window W] [--csv FILE] [--filter SUBSTR] [--pairs N]
#include <algorithm>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include <sys/resource.h>

#include "alloc_count.hpp"
#include "bench.h"
#include "bench_client.hpp"
#include "ffidl/cbor.hpp"
#include "ffidl/client.hpp"
#include "ffidl/inbox.hpp"
#include "ffidl/spin.hpp"
#include "requests.hpp"

namespace {

using bench_requests::encode_abx;
using bench_requests::make_request;
using Clock = std::chrono::steady_clock;

std::uint64_t now_ns() {
  return static_cast<std::uint64_t>(
      std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now().time_since_epoch())
          .count());
}

bool predicate(std::int64_t a, std::int64_t b, double x) {
  return ((a + b + static_cast<std::int64_t>(x)) & 1) == 0;
}

// ---- completion sinks ----

struct Slot;

/// Where a call's answer goes: a blocked thread or an async window.
struct Sink {
  virtual ~Sink() = default;
  virtual void finish(Slot* slot, bool correct) = 0;
};

/// One call in flight: what its answer must be and where it goes.
struct Slot {
  Sink* sink = nullptr;
  bool expected = false;
  std::uint64_t index = 0;
};

/// The spin setting (ffidl/spin.hpp) of the lane running now: its
/// context's loop and its blocking callers use it.
std::int64_t g_spin = ffidl::spin_auto;

std::string spin_name(std::int64_t spin) {
  if (spin == ffidl::spin_auto) return "auto";
  if (spin == ffidl::spin_off) return "off";
  return std::to_string(spin / 1000) + " us";
}

/// A thread blocked on one call: it waits as the C++ client's blocking
/// calls do (ffidl::client::OneShot: spin as g_spin says, then sleep on a
/// condition variable).
struct Waiter final : Sink {
  ffidl::client::OneShot shot;
  bool correct = false;
  void finish(Slot*, bool ok) override {
    correct = ok;
    shot.set();
  }
  bool wait() {
    shot.wait(g_spin);
    shot.reset();
    return correct;
  }
};

/// Keeps up to `window` calls in flight; slots are heap-allocated per call.
/// Answers only touch atomics, and wake the calling thread only when it
/// sleeps (the window full for longer than its spin), so the harness adds
/// no system call per call of its own.
struct Window final : Sink {
  std::atomic<int> in_flight{0};
  std::atomic<std::uint64_t> completed{0};
  std::atomic<std::uint64_t> wrong{0};
  std::atomic<bool> sleeping{false};
  std::mutex m;
  std::condition_variable cv;
  ffidl::Spinner spinner;  // the calling thread's

  void finish(Slot* slot, bool ok) override {
    delete slot;
    if (!ok) wrong.fetch_add(1);
    completed.fetch_add(1);
    in_flight.fetch_sub(1);  // seq_cst, then read `sleeping`: see until()
    if (sleeping.load()) {
      std::lock_guard lock(m);
      cv.notify_one();
    }
  }
  /// On the calling thread: waits until `enough()` (spin, then sleep).
  template <typename Enough>
  void until(Enough enough) {
    if (spinner.spin(g_spin, enough)) return;
    std::unique_lock lock(m);
    sleeping.store(true);
    cv.wait(lock, enough);
    sleeping.store(false);
    spinner.woke();
  }
};

// ---- lanes: one way of making one kind of call ----

/// Starts call number i, answering into slot (which has sink set).
using Start = std::function<void(std::uint64_t i, Slot* slot)>;

struct Lane {
  std::string setup, wire, api;
  /// Per-thread state: returns the start function for that thread.
  std::function<Start()> per_thread;
  std::function<void()> teardown;
  std::int64_t spin = ffidl::spin_auto;  // the lane's wait-spin setting
};

struct Args {
  std::int64_t a, b;
  double x;
};
Args args_for(std::uint64_t i) {
  return {static_cast<std::int64_t>(i), static_cast<std::int64_t>(i * 3 + (i >> 3)),
          0.5 + double(i & 1)};
}

// C callbacks.
void on_bool(int ret, const void* msg, std::size_t, void* ud) {
  if (ret == FFIDL_STALE_WARN) return;
  auto* s = static_cast<Slot*>(ud);
  s->sink->finish(s, ret == FFIDL_OK && *static_cast<const bool*>(msg) == s->expected);
}
void on_cbor_bool(int ret, const void* msg, std::size_t len, void* ud) {
  if (ret == FFIDL_STALE_WARN) return;
  auto* s = static_cast<Slot*>(ud);
  bool v = false;
  ffidl::CborReader r(msg, len);
  s->sink->finish(s, ret == FFIDL_OK && r.boolean(v) && r.finish() && v == s->expected);
}
void on_response(int ret, const void* msg, std::size_t, void* ud) {
  if (ret == FFIDL_STALE_WARN) return;
  auto* s = static_cast<Slot*>(ud);
  auto* resp = static_cast<const bench_Response*>(msg);
  s->sink->finish(s, ret == FFIDL_OK && resp->even == s->expected && resp->checked == 16);
}
void on_cbor_response(int ret, const void* msg, std::size_t len, void* ud) {
  if (ret == FFIDL_STALE_WARN) return;
  auto* s = static_cast<Slot*>(ud);
  bench::Response resp;
  ffidl::CborReader r(msg, len);
  bool ok = ret == FFIDL_OK && bench::glue::decode(r, resp) && r.finish();
  s->sink->finish(s, ok && resp.even == s->expected && resp.checked == 16);
}
void on_created(int ret, const void*, std::size_t, void* ud) {
  static_cast<std::promise<bool>*>(ud)->set_value(ret == FFIDL_OK);
}

/// Event latencies are recorded during blocking runs only: with a window of
/// calls in flight they would measure the queue, not the delivery. They are
/// kept per number of caller threads (g_threads), not pooled.
std::atomic<bool> g_record_events{false};
std::atomic<int> g_threads{1};

/// Waits (up to 2 s) until no listener has received an event for 20 ms: the
/// events a windowed run queued faster than they are delivered must not be
/// counted against the next blocking run's latency.
void quiesce(std::initializer_list<const struct EventStats*> stats);

/// Event delivery latencies, recorded by the listeners: from the caller's
/// `fire` (the call's own queueing included) and from the handler's emit
/// (the event thread's part alone).
struct EventStats {
  std::mutex m;
  std::map<int, std::vector<std::uint64_t>> latency_ns;  // by caller threads
  std::map<int, std::vector<std::uint64_t>> delivery_ns;
  std::uint64_t bad = 0;
  std::atomic<std::uint64_t> delivered{0};
  void record(std::uint64_t sent, std::uint64_t emitted, bool ok) {
    std::uint64_t now = now_ns();
    delivered.fetch_add(1, std::memory_order_relaxed);
    std::lock_guard lock(m);
    if (!ok) ++bad;
    if (g_record_events) {
      latency_ns[g_threads.load()].push_back(now - sent);
      delivery_ns[g_threads.load()].push_back(now - emitted);
    }
  }
};

void quiesce(std::initializer_list<const EventStats*> stats) {
  auto total = [&] {
    std::uint64_t n = 0;
    for (const EventStats* s : stats)
      n += s->delivered.load();
    return n;
  };
  auto give_up = Clock::now() + std::chrono::seconds(2);
  for (std::uint64_t seen = total(); Clock::now() < give_up;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    std::uint64_t now = total();
    if (now == seen) return;
    seen = now;
  }
}

void on_pulse(int, const void* msg, std::size_t, void* ud) {
  auto* ev = static_cast<const bench_PulseEvent*>(msg);
  static_cast<EventStats*>(ud)->record(ev->sent_ns, ev->emitted_ns, ev->payload_len == 512);
}
void on_pulse_cbor(int, const void* msg, std::size_t len, void* ud) {
  ffidl::CborReader r(msg, len);
  std::size_t n = 0;
  std::string key;
  std::vector<std::uint8_t> payload;
  std::uint64_t sent = 0, emitted = 0;
  bool ok = r.map(n) && n == 3;
  for (std::size_t k = 0; ok && k < n; ++k) {
    ok = r.text(key) &&
         (key == "payload" ? r.bytes(payload) : r.u64(key == "sent_ns" ? sent : emitted));
  }
  static_cast<EventStats*>(ud)->record(sent, emitted, ok && payload.size() == 512);
}

void host_decide(std::uint64_t call_id, const void* req, std::size_t, void* ud) {
  auto* a = static_cast<const bench_DecideArgs*>(req);
  bool r = predicate(a->a, a->b, a->x);
  bench_host_complete(ud, call_id, FFIDL_OK, &r, sizeof r);
}
void host_decide_cbor(std::uint64_t call_id, const void* req, std::size_t len, void* ud) {
  ffidl::CborReader r(req, len);
  std::size_t n = 0;
  std::string key;
  std::int64_t a = 0, b = 0;
  double x = 0;
  bool ok = r.map(n);
  for (std::size_t k = 0; ok && k < n; ++k) {
    ok = r.text(key) && (key == "a" ? r.i64(a) : key == "b" ? r.i64(b) : r.f64(x));
  }
  ffidl::CborWriter w;
  w.boolean(predicate(a, b, x));
  bench_host_complete(ud, call_id, ok ? FFIDL_OK : FFIDL_ERR, w.buffer().data(), w.buffer().size());
}

void* open_c() {
  std::promise<bool> created;
  void* ctx = bench_open(on_created, &created);
  if (!ctx || !created.get_future().get()) {
    std::fprintf(stderr, "bench_open failed\n");
    std::exit(2);
  }
  return ctx;
}

std::string payload_name(std::size_t n) {
  return "payload " + std::to_string(n);
}

/// Every lane of every setup. Each lane owns a context (or client) of its
/// own for the length of its runs.
std::vector<Lane> make_lanes(EventStats& ev_native, EventStats& ev_cbor, EventStats& ev_cpp) {
  std::vector<Lane> lanes;
  auto c_lane = [&](std::string setup, std::string wire, std::function<Start(void* ctx)> per_thread,
                    std::function<void(void*)> prepare = {}, std::int64_t spin = ffidl::spin_auto) {
    auto ctx = std::make_shared<void*>(nullptr);
    lanes.push_back({std::move(setup), std::move(wire), "C ABI",
                     [ctx, per_thread, prepare, spin] {
                       if (!*ctx) {
                         *ctx = open_c();
                         bench_set_wait_spin(*ctx, spin);
                         if (prepare) prepare(*ctx);
                       }
                       return per_thread(*ctx);
                     },
                     [ctx] {
                       if (*ctx) bench_destroy(*ctx);
                       *ctx = nullptr;
                     },
                     spin});
  };
  auto cpp_lane = [&](std::string setup, std::function<Start(bench::Client&)> per_thread,
                      std::function<void(bench::Client&)> prepare = {}) {
    auto client = std::make_shared<std::unique_ptr<bench::Client>>();
    auto subs = std::make_shared<std::vector<bench::Subscription>>();
    lanes.push_back({std::move(setup), "native", "C++ client",
                     [client, per_thread, prepare] {
                       if (!*client) {
                         auto made = bench::Client::create();
                         if (!made) std::exit(2);
                         *client = std::make_unique<bench::Client>(std::move(*made));
                         if (prepare) prepare(**client);
                       }
                       return per_thread(**client);
                     },
                     [client, subs] {
                       subs->clear();
                       client->reset();
                     }});
  };

  // scalar
  auto scalar_c = [](void* ctx) -> Start {
    return [ctx](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      s->expected = predicate(a.a, a.b, a.x);
      if (bench_scalar(ctx, on_bool, s, a.a, a.b, a.x) != FFIDL_OK) s->sink->finish(s, false);
    };
  };
  c_lane("scalar", "native", scalar_c);
  // The same with each other spin setting (every other lane spins auto).
  for (std::int64_t spin : {ffidl::spin_off, std::int64_t{20'000}})
    c_lane("scalar spin " + spin_name(spin), "native", scalar_c, {}, spin);
  // Callers spread over several contexts (thread t calls context t % n).
  for (int n : {2, 4}) {
    auto ctxs = std::make_shared<std::vector<void*>>();
    auto next = std::make_shared<std::size_t>(0);
    lanes.push_back({"scalar " + std::to_string(n) + " contexts", "native", "C ABI",
                     [ctxs, next, n, scalar_c] {
                       if (ctxs->empty()) {
                         for (int k = 0; k < n; ++k)
                           ctxs->push_back(open_c());
                       }
                       return scalar_c((*ctxs)[(*next)++ % ctxs->size()]);
                     },
                     [ctxs, next] {
                       for (void* c : *ctxs)
                         bench_destroy(c);
                       ctxs->clear();
                       *next = 0;
                     }});
  }
  c_lane("scalar", "CBOR", [](void* ctx) -> Start {
    return [ctx](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      s->expected = predicate(a.a, a.b, a.x);
      ffidl::CborWriter w;
      encode_abx(w, a.a, a.b, a.x);
      if (bench_scalar_cbor(ctx, on_cbor_bool, s, w.buffer().data(), w.buffer().size()) != FFIDL_OK)
        s->sink->finish(s, false);
    };
  });
  cpp_lane("scalar", [](bench::Client& c) -> Start {
    return [&c](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      s->expected = predicate(a.a, a.b, a.x);
      c.scalar(a.a, a.b, a.x,
               [s](ffidl::Result<bool> r) { s->sink->finish(s, r && *r == s->expected); });
    };
  });

  // payload of N bytes
  for (std::size_t n : {64, 512, 4096, 65536}) {
    auto expected = [n](const std::vector<std::uint8_t>& d) {
      return predicate(d.front(), d.back(), static_cast<double>(n));
    };
    c_lane(payload_name(n), "native", [n, expected](void* ctx) -> Start {
      auto data = std::make_shared<std::vector<std::uint8_t>>(n, 1);
      return [ctx, data, expected](std::uint64_t i, Slot* s) {
        (*data)[0] = static_cast<std::uint8_t>(i);
        s->expected = expected(*data);
        if (bench_payload(ctx, on_bool, s, data->data(), data->size()) != FFIDL_OK)
          s->sink->finish(s, false);
      };
    });
    c_lane(payload_name(n), "CBOR", [n, expected](void* ctx) -> Start {
      auto data = std::make_shared<std::vector<std::uint8_t>>(n, 1);
      return [ctx, data, expected](std::uint64_t i, Slot* s) {
        (*data)[0] = static_cast<std::uint8_t>(i);
        s->expected = expected(*data);
        ffidl::CborWriter w;
        w.map(1);
        w.text("data");
        w.bytes(data->data(), data->size());
        if (bench_payload_cbor(ctx, on_cbor_bool, s, w.buffer().data(), w.buffer().size()) !=
            FFIDL_OK)
          s->sink->finish(s, false);
      };
    });
    cpp_lane(payload_name(n), [n, expected](bench::Client& c) -> Start {
      auto data = std::make_shared<std::vector<std::uint8_t>>(n, 1);
      return [&c, data, expected](std::uint64_t i, Slot* s) {
        (*data)[0] = static_cast<std::uint8_t>(i);
        s->expected = expected(*data);
        c.payload(*data,
                  [s](ffidl::Result<bool> r) { s->sink->finish(s, r && *r == s->expected); });
      };
    });
  }

  // nested struct
  c_lane("struct", "native", [](void* ctx) -> Start {
    // A C caller builds its POD once and reuses it.
    struct Pod {
      std::vector<bench_Item> items;
      bench_Request req{};
    };
    auto pod = std::make_shared<Pod>();
    static const char* kNote = "an optional note";
    for (int k = 0; k < 16; ++k) {
      bench_Item item{};
      item.name = "item";
      item.has_note = k % 2;
      item.note = kNote;
      item.has_weight = k % 3;
      item.weight = k * 0.25;
      item.count = static_cast<std::uint32_t>(k);
      pod->items.push_back(item);
    }
    pod->req.label = "request";
    pod->req.items = pod->items.data();
    pod->req.items_len = pod->items.size();
    return [ctx, pod](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      pod->req.a = a.a;
      pod->req.b = a.b;
      pod->req.x = a.x;
      s->expected = predicate(a.a, a.b, a.x);
      if (bench_structured(ctx, on_response, s, &pod->req) != FFIDL_OK) s->sink->finish(s, false);
    };
  });
  c_lane("struct", "CBOR", [](void* ctx) -> Start {
    auto req = std::make_shared<bench::Request>(make_request());
    return [ctx, req](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      req->a = a.a;
      req->b = a.b;
      req->x = a.x;
      s->expected = predicate(a.a, a.b, a.x);
      ffidl::CborWriter w;
      w.map(1);
      w.text("req");
      bench::glue::encode(w, *req);
      if (bench_structured_cbor(ctx, on_cbor_response, s, w.buffer().data(), w.buffer().size()) !=
          FFIDL_OK)
        s->sink->finish(s, false);
    };
  });
  cpp_lane("struct", [](bench::Client& c) -> Start {
    auto req = std::make_shared<bench::Request>(make_request());
    return [&c, req](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      req->a = a.a;
      req->b = a.b;
      req->x = a.x;
      s->expected = predicate(a.a, a.b, a.x);
      c.structured(*req, [s](ffidl::Result<bench::Response> r) {
        s->sink->finish(s, r && r->even == s->expected && r->checked == 16);
      });
    };
  });

  // event: a call that fires one 512-byte event; listeners record latency
  auto fire_c = [](void* ctx) -> Start {
    return [ctx](std::uint64_t, Slot* s) {
      s->expected = predicate(512, 0, 0);
      if (bench_fire(ctx, on_bool, s, 512, now_ns()) != FFIDL_OK) s->sink->finish(s, false);
    };
  };
  c_lane("event 512", "native", fire_c, [&ev_native](void* ctx) {
    bench_add_event_listener(ctx, BENCH_EVENT_PULSE, on_pulse, &ev_native);
  });
  c_lane(
      "event 512", "CBOR",
      [](void* ctx) -> Start {
        return [ctx](std::uint64_t, Slot* s) {
          s->expected = predicate(512, 0, 0);
          ffidl::CborWriter w;
          w.map(2);
          w.text("size");
          w.uint(512);
          w.text("sent_ns");
          w.uint(now_ns());
          if (bench_fire_cbor(ctx, on_cbor_bool, s, w.buffer().data(), w.buffer().size()) !=
              FFIDL_OK)
            s->sink->finish(s, false);
        };
      },
      [&ev_cbor](void* ctx) {
        bench_add_event_listener_cbor(ctx, BENCH_EVENT_PULSE, on_pulse_cbor, &ev_cbor);
      });
  {
    auto subs = std::make_shared<std::vector<bench::Subscription>>();
    cpp_lane(
        "event 512",
        [](bench::Client& c) -> Start {
          return [&c](std::uint64_t, Slot* s) {
            s->expected = predicate(512, 0, 0);
            c.fire(512, now_ns(),
                   [s](ffidl::Result<bool> r) { s->sink->finish(s, r && *r == s->expected); });
          };
        },
        [&ev_cpp, subs](bench::Client& c) {
          subs->push_back(c.on_pulse([&ev_cpp](const bench::PulseEvent& ev) {
            ev_cpp.record(ev.sent_ns, ev.emitted_ns, ev.payload.size() == 512);
          }));
        });
    lanes.back().teardown = [old = lanes.back().teardown, subs] {
      subs->clear();
      old();
    };
  }

  // host call: the proc awaits one round trip through the host's decide
  auto via_host_c = [](void* ctx) -> Start {
    return [ctx](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      s->expected = predicate(a.a, a.b, a.x);
      if (bench_via_host(ctx, on_bool, s, a.a, a.b, a.x) != FFIDL_OK) s->sink->finish(s, false);
    };
  };
  c_lane("host call", "native", via_host_c,
         [](void* ctx) { bench_register_host_fn(ctx, BENCH_HOST_DECIDE, host_decide, ctx); });
  c_lane(
      "host call", "CBOR",
      [](void* ctx) -> Start {
        return [ctx](std::uint64_t i, Slot* s) {
          Args a = args_for(i);
          s->expected = predicate(a.a, a.b, a.x);
          ffidl::CborWriter w;
          encode_abx(w, a.a, a.b, a.x);
          if (bench_via_host_cbor(ctx, on_cbor_bool, s, w.buffer().data(), w.buffer().size()) !=
              FFIDL_OK)
            s->sink->finish(s, false);
        };
      },
      [](void* ctx) {
        bench_register_host_fn_cbor(ctx, BENCH_HOST_DECIDE, host_decide_cbor, ctx);
      });
  cpp_lane(
      "host call",
      [](bench::Client& c) -> Start {
        return [&c](std::uint64_t i, Slot* s) {
          Args a = args_for(i);
          s->expected = predicate(a.a, a.b, a.x);
          c.via_host(a.a, a.b, a.x,
                     [s](ffidl::Result<bool> r) { s->sink->finish(s, r && *r == s->expected); });
        };
      },
      [](bench::Client& c) {
        c.set_decide([](std::int64_t a, std::int64_t b, double x) -> ffidl::Result<bool> {
          return predicate(a, b, x);
        });
      });
  return lanes;
}

// ---- running lanes ----

struct Row {
  std::string setup, wire, api, mode;
  int threads = 1;
  double p50_us = 0, p99_us = 0, calls_per_s = 0;
  double cpu_us_per_call = 0;  // user + system time of every thread
  double allocs_per_call = 0;  // C++ heap allocations
  std::uint64_t calls = 0, wrong = 0;
};

/// CPU time (all threads) and allocations over a run.
struct Cost {
  double cpu_s = 0;
  std::uint64_t allocs = 0;
  static Cost now() {
    rusage u{};
    getrusage(RUSAGE_SELF, &u);
    auto secs = [](const timeval& t) { return double(t.tv_sec) + double(t.tv_usec) / 1e6; };
    return {secs(u.ru_utime) + secs(u.ru_stime), bench_allocations()};
  }
  /// Fills the row's per-call costs from the run's start.
  void charge(Row& row) const {
    Cost end = now();
    if (row.calls == 0) return;
    row.cpu_us_per_call = (end.cpu_s - cpu_s) * 1e6 / double(row.calls);
    row.allocs_per_call = double(end.allocs - allocs) / double(row.calls);
  }
};

double percentile(std::vector<std::uint64_t>& v, double p) {
  if (v.empty()) return 0;
  std::size_t k = static_cast<std::size_t>(p * double(v.size() - 1));
  std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
  return double(v[k]) / 1000.0;
}

/// Runs `body(t, start, deadline)` on `threads` threads, each with its own
/// start function, until `seconds` have passed; returns the elapsed seconds.
/// Thread t numbers its calls from t << 40 so no two threads share one.
double run_threads(const std::function<Start()>& per_thread, int threads, double seconds,
                   const std::function<void(std::size_t, const Start&, Clock::time_point)>& body) {
  std::vector<Start> starts;
  for (int t = 0; t < threads; ++t)
    starts.push_back(per_thread());
  auto begin = Clock::now();
  auto deadline =
      begin + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> pool;
  for (std::size_t t = 0; t < starts.size(); ++t)
    pool.emplace_back([&, t] { body(t, starts[t], deadline); });
  for (auto& th : pool)
    th.join();
  return std::chrono::duration<double>(Clock::now() - begin).count();
}

/// Blocking calls from `threads` threads for `seconds`.
Row run_sync(const std::function<Start()>& per_thread, int threads, double seconds) {
  std::vector<std::vector<std::uint64_t>> lat(static_cast<std::size_t>(threads));
  std::vector<std::uint64_t> wrong(static_cast<std::size_t>(threads));
  for (auto& v : lat)
    v.reserve(1 << 20);
  g_threads = threads;
  Cost cost = Cost::now();
  double elapsed = run_threads(
      per_thread, threads, seconds, [&](std::size_t t, const Start& start, auto deadline) {
        Waiter waiter;
        Slot slot{&waiter, false, 0};
        for (std::uint64_t i = std::uint64_t{t} << 40; Clock::now() < deadline; ++i) {
          std::uint64_t t0 = now_ns();
          start(i, &slot);
          if (!waiter.wait()) ++wrong[t];
          lat[t].push_back(now_ns() - t0);
        }
      });
  Row row;
  std::vector<std::uint64_t> all;
  for (auto& v : lat)
    all.insert(all.end(), v.begin(), v.end());
  for (auto w : wrong)
    row.wrong += w;
  row.mode = "sync";
  row.threads = threads;
  row.calls = all.size();
  row.calls_per_s = double(all.size()) / elapsed;
  cost.charge(row);
  row.p50_us = percentile(all, 0.50);
  row.p99_us = percentile(all, 0.99);
  return row;
}

/// Up to `window` calls in flight per thread, for `seconds`.
Row run_async(const std::function<Start()>& per_thread, int threads, double seconds, int window) {
  std::vector<std::unique_ptr<Window>> windows;
  for (int t = 0; t < threads; ++t)
    windows.push_back(std::make_unique<Window>());
  Cost cost = Cost::now();
  double elapsed = run_threads(
      per_thread, threads, seconds, [&](std::size_t t, const Start& start, auto deadline) {
        Window& w = *windows[t];
        for (std::uint64_t i = std::uint64_t{t} << 40; Clock::now() < deadline; ++i) {
          w.until([&] { return w.in_flight.load() < window; });
          w.in_flight.fetch_add(1);
          start(i, new Slot{&w, false, i});
        }
        w.until([&] { return w.in_flight.load() == 0; });
      });
  Row row;
  row.mode = "async w" + std::to_string(window);
  row.threads = threads;
  for (auto& w : windows) {
    row.calls += w->completed.load();
    row.wrong += w->wrong.load();
  }
  row.calls_per_s = double(row.calls) / elapsed;
  cost.charge(row);
  return row;
}

// ---- baselines ----

bool (*volatile g_predicate)(std::int64_t, std::int64_t, double) = predicate;

/// A direct in-process call of the handler logic: ns per call.
double direct_call_ns() {
  const std::uint64_t n = 50'000'000;
  std::uint64_t evens = 0;
  auto begin = Clock::now();
  for (std::uint64_t i = 0; i < n; ++i) {
    Args a = args_for(i);
    evens += g_predicate(a.a, a.b, a.x);
  }
  double ns = std::chrono::duration<double, std::nano>(Clock::now() - begin).count() / double(n);
  if (evens == 0) std::exit(1);
  return ns;
}

/// A worker thread running an Asio loop; callers post the work and wait
/// (sleeping at once: run with g_spin = spin_off).
struct Handoff {
  asio::io_context io;
  asio::executor_work_guard<asio::io_context::executor_type> guard{io.get_executor()};
  std::thread worker{[this] { io.run(); }};
  ~Handoff() {
    guard.reset();
    worker.join();
  }
  Start start() {
    return [this](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      s->expected = predicate(a.a, a.b, a.x);
      asio::post(io, [s, a] { s->sink->finish(s, g_predicate(a.a, a.b, a.x) == s->expected); });
    };
  }
};

/// The limit with adaptive wake-ups: callers push to a worker's inbox (as
/// the runtime does) and the worker spins before it sleeps, with the same
/// policy (ffidl::Spinner), and so do the callers (Waiter).
struct SpinningHandoff {
  ffidl::Inbox inbox;
  std::atomic<bool> parked{false};
  std::atomic<bool> stop{false};
  std::mutex m;
  std::condition_variable cv;
  std::thread worker{[this] { run(); }};
  ~SpinningHandoff() {
    stop = true;
    wake();
    worker.join();
  }
  void wake() {
    if (parked.load() && parked.exchange(false)) {
      std::lock_guard lock(m);
      cv.notify_one();
    }
  }
  void run() {
    ffidl::Spinner spinner;
    auto has_work = [this] { return !inbox.empty() || stop.load(); };
    while (!stop.load()) {
      if (ffidl::Work* list = inbox.take()) {
        while (list) {
          ffidl::Work* w = list;
          list = list->next;
          w->run();
        }
        continue;
      }
      if (spinner.spin(g_spin, has_work)) continue;
      std::unique_lock lock(m);
      parked.store(true);
      cv.wait(lock, [&] { return has_work() || !parked.load(); });
      parked.store(false);
    }
  }
  Start start() {
    return [this](std::uint64_t i, Slot* s) {
      Args a = args_for(i);
      s->expected = predicate(a.a, a.b, a.x);
      auto job = [s, a] { s->sink->finish(s, g_predicate(a.a, a.b, a.x) == s->expected); };
      inbox.push(new ffidl::FnWork<decltype(job)>(job));
      wake();
    };
  }
};

// ---- output ----

struct Options {
  double seconds = 0.25;
  int window = 64;
  std::string csv = "roundtrip.csv";
  std::string filter;
  int pairs = 5;  // interleaved pairs per headline ratio (0: none)
};

Options parse(int argc, char** argv) {
  Options o;
  for (int i = 1; i + 1 < argc; i += 2) {
    std::string k = argv[i];
    if (k == "--seconds")
      o.seconds = std::stod(argv[i + 1]);
    else if (k == "--window")
      o.window = std::stoi(argv[i + 1]);
    else if (k == "--csv")
      o.csv = argv[i + 1];
    else if (k == "--filter")
      o.filter = argv[i + 1];
    else if (k == "--pairs")
      o.pairs = std::stoi(argv[i + 1]);
    else {
      std::fprintf(stderr,
                   "usage: roundtrip [--seconds S] [--window W] [--csv FILE] [--filter SUBSTR] "
                   "[--pairs N]\n");
      std::exit(2);
    }
  }
  return o;
}

}  // namespace

/// A headline ratio measured as interleaved pairs: this VM's speed moves
/// by up to 3x within minutes, so a ratio of two rows measured minutes
/// apart says little; the two sides of a pair run back to back (in
/// alternating order), and the median of the pairs' ratios is reported.
struct PairResult {
  std::string what;
  std::vector<double> ratios;  // sorted
};

std::vector<PairResult> run_pairs(std::vector<Lane>& lanes, double seconds, int window, int count) {
  auto lane = [&](const char* setup, const char* wire) -> Lane& {
    for (Lane& l : lanes)
      if (l.setup == setup && l.wire == wire && l.api == "C ABI") return l;
    std::fprintf(stderr, "no lane %s %s\n", setup, wire);
    std::exit(2);
  };
  SpinningHandoff h;
  Lane handoff{"spinning handoff", "-", "-", [&] { return h.start(); }, [] {}};
  Lane& scalar = lane("scalar", "native");
  Lane& native = lane("struct", "native");
  Lane& cbor = lane("struct", "CBOR");
  // ratio(a, b) of one pair: how many times better a is than b.
  struct Spec {
    const char* what;
    Lane* a;
    Lane* b;
    bool sync;
    bool latency;  // compare p50 (b / a), else calls/s (a / b)
  };
  const Spec specs[] = {
      {"sync scalar p50, ffidl / spinning handoff", &handoff, &scalar, true, true},
      {"async w64 cost, ffidl / spinning handoff", &handoff, &scalar, false, false},
      {"struct sync calls/s, native / CBOR", &native, &cbor, true, false},
      {"struct async w64 calls/s, native / CBOR", &native, &cbor, false, false},
  };
  const double each = seconds / 2;
  std::vector<PairResult> out;
  for (const Spec& spec : specs) {
    PairResult r{spec.what, {}};
    for (int k = 0; k < count; ++k) {
      Row ra, rb;
      for (int side = 0; side < 2; ++side) {
        bool first_a = k % 2 == 0;
        Lane& l = (side == 0) == first_a ? *spec.a : *spec.b;
        g_spin = l.spin;
        Row row =
            spec.sync ? run_sync(l.per_thread, 1, each) : run_async(l.per_thread, 1, each, window);
        (&l == spec.a ? ra : rb) = row;
      }
      r.ratios.push_back(spec.latency ? rb.p50_us / ra.p50_us : ra.calls_per_s / rb.calls_per_s);
    }
    std::sort(r.ratios.begin(), r.ratios.end());
    out.push_back(r);
  }
  for (Lane* l : {&scalar, &native, &cbor})
    l->teardown();
  return out;
}

void print_pairs(const std::vector<PairResult>& pairs) {
  if (pairs.empty()) return;
  std::printf("\npaired (1 caller, C ABI; median of %zu interleaved pairs, range):\n",
              pairs.front().ratios.size());
  for (const PairResult& p : pairs)
    std::printf("  %-44s %5.2fx  (%.2f - %.2f)\n", p.what.c_str(), p.ratios[p.ratios.size() / 2],
                p.ratios.front(), p.ratios.back());
}

/// The figures the runtime is tuned against, from one run's rows.
void print_summary(const std::vector<Row>& rows,
                   const std::map<int, std::pair<double, double>>& ev_cbor_p99) {
  auto find = [&](const std::string& setup, const std::string& wire, const std::string& api,
                  const std::string& mode, int t) -> const Row* {
    for (const Row& r : rows)
      if (r.setup == setup && r.wire == wire && r.api == api && r.mode.rfind(mode, 0) == 0 &&
          r.threads == t)
        return &r;
    return nullptr;
  };
  auto line = [](const char* what, const Row* r, const char* extra = "") {
    if (!r) return;
    std::printf("  %-44s p50 %7.2f us  %10.0f calls/s  cpu %6.2f us/call  %5.1f allocs/call%s\n",
                what, r->p50_us, r->calls_per_s, r->cpu_us_per_call, r->allocs_per_call, extra);
  };
  const char* c = "C ABI";
  std::printf("\nsummary (C ABI, native wire unless named):\n");
  line("bare handoff, sync, 1 caller (sleeps)", find("bare handoff", "-", "-", "sync", 1));
  line("spinning handoff, sync, 1 caller", find("spinning handoff", "-", "-", "sync", 1));
  for (const char* setup : {"scalar", "scalar spin off", "scalar spin 20 us"})
    line((std::string(setup) + ", sync, 1 caller").c_str(), find(setup, "native", c, "sync", 1));
  if (const Row* r = find("payload 4096", "native", c, "sync", 1)) {
    char mb[64];
    std::snprintf(mb, sizeof mb, "  = %.0f MB/s", r->calls_per_s * 4096 / 1e6);
    line("payload 4 KiB, sync, 1 caller", r, mb);
  }
  line("bare handoff, async w64, 1 caller", find("bare handoff", "-", "-", "async", 1));
  line("spinning handoff, async w64, 1 caller", find("spinning handoff", "-", "-", "async", 1));
  line("scalar, async w64, 1 caller", find("scalar", "native", c, "async", 1));
  for (int t : {1, 2, 4, 8}) {
    const Row* r = find("payload 65536", "native", c, "async", t);
    if (!r) continue;
    char mb[64];
    std::snprintf(mb, sizeof mb, "  = %.0f MB/s", r->calls_per_s * 65536 / 1e6);
    line(("payload 64 KiB, async w64, " + std::to_string(t) + " callers").c_str(), r, mb);
  }
  for (const char* mode : {"sync", "async"}) {
    const Row* n = find("struct", "native", c, mode, 1);
    const Row* b = find("struct", "CBOR", c, mode, 1);
    if (n && b)
      std::printf("  struct, %-5s 1 caller: native %.0f calls/s, CBOR %.0f calls/s: %.2fx\n", mode,
                  n->calls_per_s, b->calls_per_s, n->calls_per_s / b->calls_per_s);
  }
  for (const char* setup : {"scalar", "scalar 2 contexts", "scalar 4 contexts"}) {
    std::printf("  %-20s async w64 calls/s by callers:", setup);
    for (int t : {1, 2, 4, 8})
      if (const Row* r = find(setup, "native", c, "async", t))
        std::printf("  %d: %.0f", t, r->calls_per_s);
    std::printf("\n");
  }
  std::printf("  CBOR event p99 by callers:");
  for (auto [t, p99] : ev_cbor_p99)
    std::printf("  %d: %.1f us", t, p99.first);
  std::printf("\n    of which from the emit:");
  for (auto [t, p99] : ev_cbor_p99)
    std::printf("  %d: %.1f us", t, p99.second);
  std::printf("\n");
}

int main(int argc, char** argv) {
  Options opt = parse(argc, argv);
  const int thread_counts[] = {1, 2, 4, 8};
  std::vector<Row> rows;
  std::uint64_t wrong = 0;

  double direct_ns = direct_call_ns();
  std::printf("baseline: direct call of the handler logic: %.2f ns\n\n", direct_ns);
  // The handoffs by (spinning?, mode, threads): each lane is compared with
  // the handoff that waits the way it does.
  std::map<std::tuple<bool, std::string, int>, Row> handoff;
  auto run_handoff = [&](bool spinning, const std::function<Start()>& start) {
    g_spin = spinning ? ffidl::spin_auto : ffidl::spin_off;
    for (int t : thread_counts) {
      Row s = run_sync(start, t, opt.seconds);
      Row a = run_async(start, t, opt.seconds, opt.window);
      for (Row* r : {&s, &a}) {
        r->setup = spinning ? "spinning handoff" : "bare handoff";
        r->wire = "-";
        r->api = "-";
        wrong += r->wrong;
        handoff[{spinning, r->mode.substr(0, 4), t}] = *r;
        rows.push_back(*r);
      }
    }
  };
  {
    Handoff h;
    run_handoff(false, [&] { return h.start(); });
  }
  {
    SpinningHandoff h;
    run_handoff(true, [&] { return h.start(); });
  }

  EventStats ev_native, ev_cbor, ev_cpp;
  std::vector<bool> spins;  // per row: compared with the spinning handoff?
  for (std::size_t k = 0; k < rows.size(); ++k)
    spins.push_back(rows[k].setup == "spinning handoff");
  std::vector<Lane> lanes = make_lanes(ev_native, ev_cbor, ev_cpp);
  for (Lane& lane : lanes) {
    std::string name = lane.setup + " " + lane.wire + " " + lane.api;
    if (!opt.filter.empty() && name.find(opt.filter) == std::string::npos) continue;
    g_spin = lane.spin;
    for (int t : thread_counts) {
      for (bool sync : {true, false}) {
        if (sync) quiesce({&ev_native, &ev_cbor, &ev_cpp});
        g_record_events = sync;
        Row r = sync ? run_sync(lane.per_thread, t, opt.seconds)
                     : run_async(lane.per_thread, t, opt.seconds, opt.window);
        g_record_events = false;
        r.setup = lane.setup;
        r.wire = lane.wire;
        r.api = lane.api;
        wrong += r.wrong;
        rows.push_back(r);
        spins.push_back(lane.spin != ffidl::spin_off);
      }
    }
    lane.teardown();
  }
  std::vector<PairResult> pairs;
  // Only the pairs: --filter paired (no lane's name contains it).
  if (opt.pairs > 0 && (opt.filter.empty() || opt.filter == "paired"))
    pairs = run_pairs(lanes, opt.seconds, opt.window, opt.pairs);

  std::printf("%-20s %-6s %-10s %-8s %3s %9s %9s %11s %8s %7s %9s %9s\n", "setup", "wire", "api",
              "mode", "thr", "p50 us", "p99 us", "calls/s", "cpu us", "allocs", "x handoff",
              "x direct");
  std::ofstream csv(opt.csv);
  csv << "setup,wire,api,mode,threads,calls,wrong,p50_us,p99_us,calls_per_s,p50_vs_handoff,"
         "throughput_vs_handoff,p50_vs_direct,cpu_us_per_call,allocs_per_call\n";
  for (std::size_t k = 0; k < rows.size(); ++k) {
    const Row& r = rows[k];
    const Row& base = handoff[{spins[k], r.mode.substr(0, 4), r.threads}];
    bool sync = r.mode == "sync";
    // Latency ratio for blocking calls; throughput ratio (handoff / ffidl) otherwise.
    double vs_handoff = sync ? r.p50_us / base.p50_us : base.calls_per_s / r.calls_per_s;
    double vs_direct = sync ? r.p50_us * 1000.0 / direct_ns : 0;
    std::printf("%-20s %-6s %-10s %-8s %3d %9.2f %9.2f %11.0f %8.2f %7.1f %9.2f %9.0f\n",
                r.setup.c_str(), r.wire.c_str(), r.api.c_str(), r.mode.c_str(), r.threads, r.p50_us,
                r.p99_us, r.calls_per_s, r.cpu_us_per_call, r.allocs_per_call, vs_handoff,
                vs_direct);
    csv << r.setup << ',' << r.wire << ',' << r.api << ',' << r.mode << ',' << r.threads << ','
        << r.calls << ',' << r.wrong << ',' << r.p50_us << ',' << r.p99_us << ',' << r.calls_per_s
        << ',' << (sync ? r.p50_us / base.p50_us : 0) << ',' << base.calls_per_s / r.calls_per_s
        << ',' << vs_direct << ',' << r.cpu_us_per_call << ',' << r.allocs_per_call << '\n';
  }

  std::printf(
      "\nevent delivery latency (fire -> listener, blocking runs), 512-byte payload, by "
      "caller threads;\nlast column: from the handler's emit (the event thread's part alone):\n");
  std::map<int, std::pair<double, double>> ev_cbor_p99;
  for (auto [name, ev] : {std::pair{"native C ABI", &ev_native}, std::pair{"CBOR C ABI", &ev_cbor},
                          std::pair{"C++ client", &ev_cpp}}) {
    std::lock_guard lock(ev->m);
    wrong += ev->bad;
    for (auto& [threads, lat] : ev->latency_ns) {
      if (lat.empty()) continue;
      double p99 = percentile(lat, 0.99);
      double emit_p99 = percentile(ev->delivery_ns[threads], 0.99);
      if (ev == &ev_cbor) ev_cbor_p99[threads] = {p99, emit_p99};
      std::printf(
          "  %-13s %d thr %9zu events  p50 %8.2f us  p99 %8.2f us  max %9.2f us  emit p99 %8.2f "
          "us\n",
          name, threads, lat.size(), percentile(lat, 0.5), p99, percentile(lat, 1.0), emit_p99);
    }
  }

  print_summary(rows, ev_cbor_p99);
  print_pairs(pairs);
  std::printf("\nCSV: %s\n", opt.csv.c_str());
  if (wrong) {
    std::fprintf(stderr, "FAILED: %llu wrong answers\n", static_cast<unsigned long long>(wrong));
    return 1;
  }
  return 0;
}
