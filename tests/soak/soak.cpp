// Soak: mixed traffic on several contexts from several threads for a while
// (60 s by default), then totals, and checks that nothing was lost or
// delivered twice:
//   - every call (native and CBOR) answered exactly once, correctly;
//   - every context's listener saw each scalars_seen event once, in order
//     (counts 1..N with N the echo_scalars calls made on that context);
//   - the host fn ran exactly once per transform_outer call.
// Not part of the default test run: `./dev soak [seconds]`.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "ffidl/cbor.hpp"
#include "kitchen_sink_client.hpp"

namespace {

using namespace kitchen_sink;
using Clock = std::chrono::steady_clock;

struct PerContext {
  std::unique_ptr<Client> client;
  Subscription sub;
  std::mutex m;
  std::uint64_t next_event = 1;  // the count the listener expects next
  std::uint64_t events_bad = 0;
  std::atomic<std::uint64_t> scalars_calls{0};
  std::atomic<std::uint64_t> host_runs{0};
  std::atomic<std::uint64_t> transform_calls{0};
};

/// A CBOR call through the C ABI, answered into a counter exactly once.
struct CborCall {
  std::atomic<int> answers{0};
  std::string expect;
  bool ok = false;
  std::mutex m;
  std::condition_variable cv;
  static void callback(int ret, const void* msg, std::size_t len, void* ud) {
    if (ret == FFIDL_STALE_WARN) return;
    auto* c = static_cast<CborCall*>(ud);
    ffidl::CborReader r(msg, len);
    std::string s;
    bool good = ret == FFIDL_OK && r.text(s) && r.finish() && s == c->expect;
    std::lock_guard lock(c->m);
    c->ok = good;
    c->answers.fetch_add(1);
    c->cv.notify_all();
  }
};

}  // namespace

int main(int argc, char** argv) {
  double seconds = argc > 1 ? std::atof(argv[1]) : 60.0;
  const int contexts = 4, threads_per_context = 3;
  std::vector<std::unique_ptr<PerContext>> ctxs;
  for (int c = 0; c < contexts; ++c) {
    auto pc = std::make_unique<PerContext>();
    auto made = Client::create(SinkConfig{false});
    if (!made) return 2;
    pc->client = std::make_unique<Client>(std::move(*made));
    PerContext* raw = pc.get();
    pc->sub = pc->client->on_scalars_seen([raw](const ScalarsSeenEvent& ev) {
      std::lock_guard lock(raw->m);
      if (ev.count != raw->next_event) ++raw->events_bad;
      raw->next_event = ev.count + 1;
    });
    pc->client->set_transform([raw](Outer o) -> ffidl::Result<Outer> {
      raw->host_runs.fetch_add(1);
      return o;
    });
    ctxs.push_back(std::move(pc));
  }

  std::atomic<std::uint64_t> calls{0}, cbor_calls{0}, wrong{0};
  auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  std::vector<std::thread> pool;
  for (int c = 0; c < contexts; ++c) {
    for (int t = 0; t < threads_per_context; ++t) {
      pool.emplace_back([&, c, t] {
        PerContext& pc = *ctxs[static_cast<std::size_t>(c)];
        for (std::uint64_t i = 0; Clock::now() < deadline; ++i) {
          switch ((i + static_cast<std::uint64_t>(t)) % 4) {
            case 0: {  // native call that also fires an event
              Scalars s{};
              s.i_64 = static_cast<std::int64_t>(i);
              pc.scalars_calls.fetch_add(1);
              auto r = pc.client->echo_scalars(s);
              if (!r || r->i_64 != s.i_64) wrong.fetch_add(1);
              break;
            }
            case 1: {  // native call awaiting a host call
              Outer o;
              o.codes[static_cast<std::uint32_t>(i)] = "x";
              pc.transform_calls.fetch_add(1);
              auto r = pc.client->transform_outer(o);
              if (!r || r->codes != o.codes) wrong.fetch_add(1);
              break;
            }
            case 2: {  // CBOR wire through the C ABI
              CborCall call;
              call.expect = "soak-" + std::to_string(i);
              ffidl::CborWriter w;
              w.map(1);
              w.text("value");
              w.text(call.expect);
              if (kitchen_sink_echo_string_cbor(pc.client->handle(), CborCall::callback, &call,
                                                w.buffer().data(), w.buffer().size()) != FFIDL_OK) {
                wrong.fetch_add(1);
                break;
              }
              std::unique_lock lock(call.m);
              call.cv.wait(lock, [&] { return call.answers.load() > 0; });
              lock.unlock();
              if (!call.ok) wrong.fetch_add(1);
              cbor_calls.fetch_add(1);
              break;
            }
            default: {  // several calls in flight at once
              auto a = pc.client->echo_string_async("a");
              auto b = pc.client->echo_list_async({1, 2, 3});
              auto ra = a.get();
              auto rb = b.get();
              if (!ra || *ra != "a" || !rb || rb->size() != 3) wrong.fetch_add(1);
              calls.fetch_add(1);  // the pair counts once more below
              break;
            }
          }
          calls.fetch_add(1);
        }
      });
    }
  }
  for (auto& th : pool)
    th.join();

  // Events are delivered on the event thread after the calls answered.
  std::uint64_t events = 0, bad_events = 0, lost_events = 0, host_runs = 0, transforms = 0;
  for (auto& pc : ctxs) {
    auto until = Clock::now() + std::chrono::seconds(10);
    for (;;) {
      std::lock_guard lock(pc->m);
      if (pc->next_event - 1 == pc->scalars_calls.load() || Clock::now() > until) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    std::lock_guard lock(pc->m);
    events += pc->next_event - 1;
    bad_events += pc->events_bad;
    lost_events += pc->scalars_calls.load() - (pc->next_event - 1);
    host_runs += pc->host_runs.load();
    transforms += pc->transform_calls.load();
  }
  ctxs.clear();  // destroys every context

  std::printf("soak: %.0f s, %d contexts x %d threads\n", seconds, contexts, threads_per_context);
  std::printf("  calls answered: %llu (of which CBOR: %llu), wrong: %llu\n",
              static_cast<unsigned long long>(calls.load()),
              static_cast<unsigned long long>(cbor_calls.load()),
              static_cast<unsigned long long>(wrong.load()));
  std::printf("  events delivered: %llu, out of order or duplicated: %llu, lost: %llu\n",
              static_cast<unsigned long long>(events), static_cast<unsigned long long>(bad_events),
              static_cast<unsigned long long>(lost_events));
  std::printf("  host calls run: %llu for %llu transform_outer calls\n",
              static_cast<unsigned long long>(host_runs),
              static_cast<unsigned long long>(transforms));
  bool ok = wrong == 0 && bad_events == 0 && lost_events == 0 && host_runs == transforms;
  std::printf("%s\n", ok ? "soak: OK" : "soak: FAILED");
  return ok ? 0 : 1;
}
