// The boundary under hostile use, through the C ABI only: listeners and
// destroy racing, destroy from library threads, backlogs and a bounded
// request queue, absurd lengths and exhausted file descriptors, bad host
// answers. Each test fails on a runtime without the guarantee it names (see
// docs/runtime.md, "Guarantees").
#include <sys/resource.h>

#include <atomic>
#include <memory>
#include <string>
#include <thread>

#include "echo.h"
#include "host_demo.h"
#include "kitchen_sink.h"
#include "my_timer.h"
#include "support.hpp"

namespace e2e {
namespace {

void* open_echo(const char* prefix = "> ") {
  Call c;
  echo_EchoConfig config{prefix};
  void* ctx = echo_open(&config, Call::callback, &c);
  EXPECT_EQ(c.wait(), FFIDL_OK) << c.text;
  return ctx;
}

/// A listener whose state is "freed" once remove returned; a call after
/// that is the use-after-free every binding would hit.
struct GuardedListener {
  std::atomic<bool> freed{false};
  std::atomic<int> calls{0};
  std::atomic<int> calls_after_free{0};
  static void callback(int, const void*, std::size_t, void* ud) {
    auto* l = static_cast<GuardedListener*>(ud);
    if (l->freed.load()) l->calls_after_free.fetch_add(1);
    l->calls.fetch_add(1);
    std::this_thread::sleep_for(2ms);  // a slow listener: events pile up
  }
};

TEST(Hardening, NoListenerCallOnceDestroyHasBegun) {
  Call created;
  my_timer_TimerConfig config{"t", 10};
  void* ctx = my_timer_create(&config, Call::callback, &created);
  ASSERT_EQ(created.wait(), FFIDL_OK);
  GuardedListener listener;
  std::uint64_t id = my_timer_add_event_listener(ctx, MY_TIMER_EVENT_ECHO_FIRED,
                                                 GuardedListener::callback, &listener);
  ASSERT_NE(id, 0u);
  // 200 events queued behind a 2 ms listener, and a handler that keeps
  // destroy draining for 300 ms: the window in which a listener used to run on.
  std::vector<std::unique_ptr<Call>> echoes;
  for (int i = 0; i < 200; ++i) {
    my_timer_EchoRequest req{};
    req.message = "e";
    echoes.push_back(std::make_unique<Call>());
    ASSERT_EQ(my_timer_echo(ctx, Call::callback, echoes.back().get(), &req), FFIDL_OK);
  }
  Call sleeping;
  ASSERT_EQ(my_timer_sleep(ctx, Call::callback, &sleeping, 300), FFIDL_OK);
  while (listener.calls.load() == 0)
    std::this_thread::sleep_for(1ms);
  std::thread destroyer([&] { EXPECT_EQ(my_timer_destroy(ctx), FFIDL_OK); });
  std::this_thread::sleep_for(20ms);
  // Whether remove finds the listener or the handle is already gone, after
  // it returns the listener must never run again.
  my_timer_remove_event_listener(ctx, id);
  listener.freed.store(true);
  std::this_thread::sleep_for(50ms);
  destroyer.join();
  EXPECT_EQ(listener.calls_after_free.load(), 0);
  for (auto& e : echoes)
    e->wait();
  sleeping.wait();
}

/// Destroys another context from inside a callback (on a library thread).
struct CrossDestroy {
  void* other = nullptr;
  std::atomic<int> result{-1};
  std::string error;
  Call done;
  static void callback(int code, const void* msg, std::size_t len, void* ud) {
    auto* c = static_cast<CrossDestroy*>(ud);
    if (code == FFIDL_STALE_WARN) return;
    c->result.store(echo_destroy(c->other));
    c->error = echo_last_error();
    Call::callback(code, msg, len, &c->done);
  }
};

TEST(Hardening, DestroyFromAnotherContextsThreadIsRefusedNotDeadlocked) {
  // A's completion destroys B while B's destroys A: both loops used to wait
  // for each other for ever. Now each destroy is refused with a reason.
  void* a = open_echo();
  void* b = open_echo();
  CrossDestroy on_a, on_b;
  on_a.other = b;
  on_b.other = a;
  ASSERT_EQ(echo_say(a, CrossDestroy::callback, &on_a, "x"), FFIDL_OK);
  ASSERT_EQ(echo_say(b, CrossDestroy::callback, &on_b, "y"), FFIDL_OK);
  on_a.done.wait();
  on_b.done.wait();
  EXPECT_EQ(on_a.result.load(), FFIDL_ERR);
  EXPECT_EQ(on_b.result.load(), FFIDL_ERR);
  EXPECT_NE(on_a.error.find("thread of another echo context"), std::string::npos) << on_a.error;
  // Both contexts are untouched and can still be destroyed properly.
  Call still;
  ASSERT_EQ(echo_say(b, Call::callback, &still, "alive"), FFIDL_OK);
  EXPECT_EQ(still.wait(), FFIDL_OK);
  EXPECT_EQ(echo_destroy(a), FFIDL_OK);
  EXPECT_EQ(echo_destroy(b), FFIDL_OK);
}

/// Counts terminal answers by kind.
struct Tally {
  std::atomic<int> ok{0}, shutting_down{0}, other{0};
  static void callback(int code, const void* msg, std::size_t len, void* ud) {
    auto* t = static_cast<Tally*>(ud);
    if (code == FFIDL_STALE_WARN) return;
    if (code == FFIDL_OK) {
      t->ok.fetch_add(1);
    } else if (std::string(static_cast<const char*>(msg), len).find("shutting down") !=
               std::string::npos) {
      t->shutting_down.fetch_add(1);
    } else {
      t->other.fetch_add(1);
    }
  }
  int total() const { return ok.load() + shutting_down.load() + other.load(); }
  /// Waits (up to 10 s) until `n` answers arrived.
  bool wait_for(int n) const {
    for (int i = 0; i < 10000 && total() < n; ++i)
      std::this_thread::sleep_for(1ms);
    return total() >= n;
  }
};

TEST(Hardening, DestroyFailsTheBacklogWithoutRunningIt) {
  void* ctx = open_echo();
  Tally tally;
  constexpr int per_thread = 20000;
  std::vector<std::thread> floods;
  for (int t = 0; t < 2; ++t) {
    floods.emplace_back([&] {
      for (int i = 0; i < per_thread; ++i)
        ASSERT_EQ(echo_say(ctx, Tally::callback, &tally, "flood"), FFIDL_OK);
    });
  }
  for (auto& f : floods)
    f.join();
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
  // Every request answered exactly once, and the queued ones were failed,
  // not run (running 40 000 handlers first is what made destroy take minutes).
  EXPECT_EQ(tally.total(), 2 * per_thread);
  EXPECT_GT(tally.shutting_down.load(), 0);
  EXPECT_EQ(tally.other.load(), 0);
}

/// Holds the loop: its callback blocks until released.
struct Gate {
  std::mutex mu;
  std::condition_variable cv;
  bool entered = false;
  bool open = false;
  static void callback(int code, const void*, std::size_t, void* ud) {
    if (code == FFIDL_STALE_WARN) return;
    auto* g = static_cast<Gate*>(ud);
    std::unique_lock lock(g->mu);
    g->entered = true;
    g->cv.notify_all();
    g->cv.wait(lock, [&] { return g->open; });
  }
  void wait_entered() {
    std::unique_lock lock(mu);
    cv.wait(lock, [&] { return entered; });
  }
  void release() {
    std::lock_guard lock(mu);
    open = true;
    cv.notify_all();
  }
};

TEST(Hardening, AFullRequestQueueIsRefusedWithAReason) {
  void* ctx = open_echo();
  EXPECT_EQ(echo_set_request_queue_limit(ctx, 0), FFIDL_ERR);
  ASSERT_EQ(echo_set_request_queue_limit(ctx, 8), FFIDL_OK);
  Gate gate;
  ASSERT_EQ(echo_say(ctx, Gate::callback, &gate, "hold"), FFIDL_OK);
  gate.wait_entered();  // the loop is now busy in our callback
  Tally tally;
  for (int i = 0; i < 8; ++i)
    ASSERT_EQ(echo_say(ctx, Tally::callback, &tally, "queued"), FFIDL_OK);
  EXPECT_EQ(echo_say(ctx, Tally::callback, &tally, "one too many"), FFIDL_ERR);
  EXPECT_NE(std::string(echo_last_error()).find("request queue is full"), std::string::npos)
      << echo_last_error();
  gate.release();
  EXPECT_TRUE(tally.wait_for(8));
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
  EXPECT_EQ(tally.total(), 8);
  EXPECT_EQ(tally.ok.load(), 8);
}

TEST(Hardening, TheSchemaSetsTheRuntimeOptions) {
  // host_demo's library block sets request_queue_limit = 1000.
  Call started;
  void* ctx = host_demo_start(Call::callback, &started);
  ASSERT_EQ(started.wait(), FFIDL_OK);
  Gate gate;
  ASSERT_EQ(host_demo_token_length(ctx, Gate::callback, &gate, "hold"), FFIDL_OK);
  gate.wait_entered();  // the loop is busy in our callback
  Tally tally;
  for (int i = 0; i < 1000; ++i)
    ASSERT_EQ(host_demo_token_length(ctx, Tally::callback, &tally, "k"), FFIDL_OK) << i;
  EXPECT_EQ(host_demo_token_length(ctx, Tally::callback, &tally, "k"), FFIDL_ERR);
  EXPECT_NE(std::string(host_demo_last_error()).find("(1000 requests waiting)"), std::string::npos)
      << host_demo_last_error();
  gate.release();
  EXPECT_TRUE(tally.wait_for(1000));
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
}

void* create_sink() {
  Call c;
  kitchen_sink_SinkConfig config{false};
  void* ctx = kitchen_sink_create(&config, Call::callback, &c);
  EXPECT_EQ(c.wait(), FFIDL_OK) << c.text;
  return ctx;
}

/// Blocks the event thread in a listener until released.
struct SlowListener {
  Gate gate;
  static void callback(int, const void*, std::size_t, void* ud) {
    Gate::callback(FFIDL_OK, nullptr, 0, &static_cast<SlowListener*>(ud)->gate);
  }
};

TEST(Hardening, EventsDroppedBehindASlowListenerAreCounted) {
  void* ctx = create_sink();
  SlowListener slow;
  ASSERT_NE(kitchen_sink_add_event_listener(ctx, KITCHEN_SINK_EVENT_SCALARS_SEEN,
                                            SlowListener::callback, &slow),
            0u);
  kitchen_sink_Scalars value{};
  Tally tally;
  ASSERT_EQ(kitchen_sink_echo_scalars(ctx, Tally::callback, &tally, &value), FFIDL_OK);
  slow.gate.wait_entered();  // the event thread now holds event 1
  EXPECT_EQ(kitchen_sink_dropped_events(ctx), 0u);
  // 65 536 more fill the queue; 50 beyond that are dropped and counted.
  constexpr int more = 65536 + 50;
  for (int i = 0; i < more; ++i) {
    while (kitchen_sink_echo_scalars(ctx, Tally::callback, &tally, &value) != FFIDL_OK)
      std::this_thread::sleep_for(1ms);  // the request queue is full: let the loop catch up
  }
  EXPECT_TRUE(tally.wait_for(more + 1));
  EXPECT_EQ(kitchen_sink_dropped_events(ctx), 50u);
  slow.gate.release();
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
  EXPECT_EQ(kitchen_sink_dropped_events(ctx), 0u) << "a destroyed ctx reads 0";
}

TEST(Hardening, AbsurdLengthsAreRefusedNotThrownAcrossTheAbi) {
  void* ctx = create_sink();
  Call never;
  const std::uint8_t byte = 1;
  EXPECT_EQ(kitchen_sink_echo_bytes(ctx, Call::callback, &never, &byte, SIZE_MAX), FFIDL_ERR);
  EXPECT_NE(std::string(kitchen_sink_last_error())
                .find("kitchen_sink_echo_bytes: an argument is "
                      "too long to copy"),
            std::string::npos)
      << kitchen_sink_last_error();
  const std::int64_t item = 1;
  EXPECT_EQ(kitchen_sink_echo_list(ctx, Call::callback, &never, &item, std::size_t{1} << 62),
            FFIDL_ERR);
  EXPECT_NE(std::string(kitchen_sink_last_error()).find("too long"), std::string::npos);
  EXPECT_EQ(never.terminals, 0) << "a refused call must not call back";
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(Hardening, NativeNestingIsLimitedLikeCbor) {
  void* ctx = create_sink();
  for (std::size_t depth : {std::size_t{128}, std::size_t{129}, std::size_t{50000}}) {
    std::vector<kitchen_sink_TreeNode> chain(depth);
    for (std::size_t i = 0; i < depth; ++i) {
      chain[i].name = "n";
      chain[i].children = i + 1 < depth ? &chain[i + 1] : nullptr;
      chain[i].children_len = i + 1 < depth ? 1 : 0;
    }
    Call call;
    int rc = kitchen_sink_echo_tree(ctx, Call::callback, &call, chain.data());
    if (depth == 128) {
      ASSERT_EQ(rc, FFIDL_OK) << kitchen_sink_last_error();
      EXPECT_EQ(call.wait(), FFIDL_OK);
    } else {
      EXPECT_EQ(rc, FFIDL_ERR) << depth;
      EXPECT_STREQ(kitchen_sink_last_error(),
                   "kitchen_sink_echo_tree: TreeNode nested deeper than 128 levels");
    }
  }
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(Hardening, NativeInputIsValidatedLikeCborWithThePath) {
  void* ctx = create_sink();
  Call never;
  EXPECT_EQ(kitchen_sink_echo_string(ctx, Call::callback, &never, "ab\xff"), FFIDL_ERR);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "kitchen_sink_echo_string: value: text is not valid UTF-8");
  EXPECT_EQ(kitchen_sink_echo_enum(ctx, Call::callback, &never, 7), FFIDL_ERR);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "kitchen_sink_echo_enum: value: 7 is not a value of enum Status");
  const kitchen_sink_Color colors[] = {kitchen_sink_Color_red, 42};
  kitchen_sink_Inner inner{};
  inner.label = "fine";
  EXPECT_EQ(kitchen_sink_combine(ctx, Call::callback, &never, 1, false, nullptr, colors, 2, &inner),
            FFIDL_ERR);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "kitchen_sink_combine: c[1]: 42 is not a value of enum Color");
  inner.label = "\xc3\x28";
  EXPECT_EQ(kitchen_sink_combine(ctx, Call::callback, &never, 1, false, nullptr, colors, 1, &inner),
            FFIDL_ERR);
  EXPECT_STREQ(kitchen_sink_last_error(), "kitchen_sink_combine: d.label: text is not valid UTF-8");
  kitchen_sink_TreeNode leaves[2] = {{"ok", nullptr, 0}, {"bad\x80", nullptr, 0}};
  kitchen_sink_TreeNode root{"root", leaves, 2};
  EXPECT_EQ(kitchen_sink_echo_tree(ctx, Call::callback, &never, &root), FFIDL_ERR);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "kitchen_sink_echo_tree: value.children[1].name: text is not valid UTF-8");
  EXPECT_EQ(never.terminals, 0);
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

// A native call borrows the caller's structs only until the export returns:
// the library stages its own copy and converts it on the loop later. Here
// the loop is held while the caller frees and scribbles over everything it
// passed; the answers still carry the values as they were (under ASan a
// read of the freed memory fails the test).
TEST(Hardening, NativeArgumentsAreCopiedBeforeTheExportReturns) {
  void* ctx = create_sink();
  Gate gate;
  ASSERT_EQ(kitchen_sink_echo_string(ctx, Gate::callback, &gate, "hold"), FFIDL_OK);
  gate.wait_entered();  // the loop is busy: nothing below is converted yet

  auto names = std::make_unique<std::string[]>(3);
  names[0] = "root node with a name longer than a short string";
  names[1] = "first child";
  names[2] = "second child, \xc3\xa9";
  auto leaves = std::make_unique<kitchen_sink_TreeNode[]>(2);
  leaves[0] = {names[1].c_str(), nullptr, 0};
  leaves[1] = {names[2].c_str(), nullptr, 0};
  auto root = std::make_unique<kitchen_sink_TreeNode>(
      kitchen_sink_TreeNode{names[0].c_str(), leaves.get(), 2});
  std::string tree_seen;
  Call tree;
  tree.inspect = [&](int code, const void* msg, std::size_t) {
    if (code != FFIDL_OK) return;
    const auto* t = static_cast<const kitchen_sink_TreeNode*>(msg);
    tree_seen = std::string(t->name) + "/" + std::to_string(t->children_len);
    for (std::size_t i = 0; i < t->children_len; ++i)
      tree_seen += "/" + std::string(t->children[i].name);
  };
  ASSERT_EQ(kitchen_sink_echo_tree(ctx, Call::callback, &tree, root.get()), FFIDL_OK);

  auto keys = std::make_unique<const char*[]>(1);
  keys[0] = names[1].c_str();
  auto list = std::make_unique<const char*[]>(2);
  list[0] = names[0].c_str();
  list[1] = names[2].c_str();
  auto values = std::make_unique<kitchen_sink_ffidl_ListString[]>(1);
  values[0].value = list.get();
  values[0].value_len = 2;
  Call map_native;
  std::string map_seen;
  map_native.inspect = [&](int code, const void* msg, std::size_t) {
    if (code != FFIDL_OK) return;
    const auto* m = static_cast<const kitchen_sink_ffidl_MapStringListString*>(msg);
    for (std::size_t i = 0; i < m->value_len; ++i) {
      map_seen += std::string(m->value_keys[i]) + "=";
      for (std::size_t k = 0; k < m->value_values[i].value_len; ++k)
        map_seen += std::string(m->value_values[i].value[k]) + ";";
    }
  };
  ASSERT_EQ(kitchen_sink_echo_map(ctx, Call::callback, &map_native, keys.get(), values.get(), 1),
            FFIDL_OK);

  // Everything the calls pointed at: overwritten, then freed.
  for (int i = 0; i < 3; ++i)
    names[i].assign(names[i].size(), 'X');
  leaves[0] = leaves[1] = kitchen_sink_TreeNode{"X", nullptr, 0};
  root->children_len = 0;
  keys[0] = list[0] = list[1] = "X";
  values[0].value_len = 0;
  names.reset();
  leaves.reset();
  root.reset();
  keys.reset();
  list.reset();
  values.reset();

  gate.release();
  EXPECT_EQ(tree.wait(), FFIDL_OK) << tree.text;
  EXPECT_EQ(tree_seen,
            "root node with a name longer than a short string/2/first child/second child, "
            "\xc3\xa9");
  EXPECT_EQ(map_native.wait(), FFIDL_OK) << map_native.text;
  EXPECT_EQ(map_seen,
            "first child=root node with a name longer than a short string;second child, "
            "\xc3\xa9;");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(Hardening, SynchronousFailuresSayWhy) {
  Call never;
  EXPECT_EQ(echo_say(nullptr, Call::callback, &never, "x"), FFIDL_ERR);
  EXPECT_NE(std::string(echo_last_error()).find("echo_say: not a live context handle"),
            std::string::npos)
      << echo_last_error();
  EXPECT_EQ(echo_open(nullptr, Call::callback, &never), nullptr);
  EXPECT_STREQ(echo_last_error(), "echo_open: argument 'config' is NULL");
  echo_EchoConfig config{"x"};
  EXPECT_EQ(echo_open(&config, nullptr, nullptr), nullptr);
  EXPECT_STREQ(echo_last_error(), "echo_open: the callback is NULL");
  EXPECT_EQ(echo_destroy(reinterpret_cast<void*>(0x1234)), FFIDL_ERR);
  EXPECT_NE(std::string(echo_last_error()).find("destroy: not a live context handle"),
            std::string::npos);
  EXPECT_EQ(never.terminals, 0);
}

TEST(Hardening, RunningOutOfFileDescriptorsMakesCreateReturnNull) {
  rlimit saved{};
  ASSERT_EQ(getrlimit(RLIMIT_NOFILE, &saved), 0);
  std::vector<void*> contexts;
  rlimit low = saved;
  low.rlim_cur = 64;  // a few contexts' worth (each holds a handful of fds)
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &low), 0);
  std::string error;
  std::vector<std::unique_ptr<Call>> ctors;
  for (int i = 0; i < 64; ++i) {
    ctors.push_back(std::make_unique<Call>());
    echo_EchoConfig config{"x"};
    void* ctx = echo_open(&config, Call::callback, ctors.back().get());
    if (!ctx) {
      error = echo_last_error();
      ctors.pop_back();
      break;
    }
    contexts.push_back(ctx);
  }
  ASSERT_EQ(setrlimit(RLIMIT_NOFILE, &saved), 0);
  EXPECT_FALSE(contexts.empty());
  EXPECT_LT(contexts.size(), 64u) << "the limit was never reached";
  EXPECT_NE(error.find("echo_open: "), std::string::npos) << error;
  EXPECT_NE(error.find("open files"), std::string::npos) << error;
  for (auto& c : ctors)
    EXPECT_EQ(c->wait(), FFIDL_OK);
  for (void* ctx : contexts)
    EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

void ignore_event(int, const void*, std::size_t, void*) {}
void ignore_host(std::uint64_t, const void*, std::size_t, void*) {}

TEST(Hardening, WireAttributesOfEventsAndHostFnsAreHonoured) {
  void* ctx = create_sink();
  EXPECT_EQ(kitchen_sink_add_event_listener(ctx, KITCHEN_SINK_EVENT_CBOR_ONLY_EVENT, ignore_event,
                                            nullptr),
            0u);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "add_event_listener: event 'cbor_only_event' is CBOR-only ([abi = cbor]): use "
               "add_event_listener_cbor");
  std::uint64_t id = kitchen_sink_add_event_listener_cbor(ctx, KITCHEN_SINK_EVENT_CBOR_ONLY_EVENT,
                                                          ignore_event, nullptr);
  EXPECT_NE(id, 0u);
  EXPECT_EQ(kitchen_sink_remove_event_listener(ctx, id), FFIDL_OK);
  EXPECT_EQ(kitchen_sink_add_event_listener(ctx, "no_such_event", ignore_event, nullptr), 0u);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "add_event_listener: kitchen_sink has no event named 'no_such_event'");

  EXPECT_EQ(kitchen_sink_register_host_fn_cbor(ctx, KITCHEN_SINK_HOST_NATIVE_ONLY_HOST, ignore_host,
                                               nullptr),
            FFIDL_ERR);
  EXPECT_NE(std::string(kitchen_sink_last_error()).find("declared for the other wire"),
            std::string::npos)
      << kitchen_sink_last_error();
  EXPECT_EQ(
      kitchen_sink_register_host_fn(ctx, KITCHEN_SINK_HOST_NATIVE_ONLY_HOST, ignore_host, nullptr),
      FFIDL_OK);
  EXPECT_EQ(kitchen_sink_register_host_fn(ctx, "nope", ignore_host, nullptr), FFIDL_ERR);
  EXPECT_STREQ(kitchen_sink_last_error(),
               "kitchen_sink_register_host_fn: kitchen_sink has no host fn named nope");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

/// Queues host calls for the test to answer.
struct Hosts {
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::uint64_t> ids;
  static void record(std::uint64_t id, const void*, std::size_t, void* ud) {
    auto* h = static_cast<Hosts*>(ud);
    std::lock_guard lock(h->mu);
    h->ids.push_back(id);
    h->cv.notify_all();
  }
  std::uint64_t next() {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return !ids.empty(); }));
    std::uint64_t id = ids.front();
    ids.erase(ids.begin());
    return id;
  }
};

TEST(Hardening, APausedCtorWaitsForRunCtor) {
  // Register first, then start the ctor: nothing it needs can be missing.
  Call started;
  void* ctx = host_demo_start_paused(Call::callback, &started);
  ASSERT_NE(ctx, nullptr);
  Hosts hosts;
  ASSERT_EQ(host_demo_register_host_fn(ctx, HOST_DEMO_HOST_FETCH_TOKEN, Hosts::record, &hosts),
            FFIDL_OK);
  Call early;  // made before the ctor: waits for it
  ASSERT_EQ(host_demo_token_length(ctx, Call::callback, &early, "k"), FFIDL_OK);
  std::this_thread::sleep_for(20ms);
  EXPECT_EQ(started.terminals, 0) << "the ctor ran before run_ctor";
  ASSERT_EQ(host_demo_run_ctor(ctx), FFIDL_OK);
  EXPECT_EQ(host_demo_run_ctor(ctx), FFIDL_ERR) << "a second start is refused";
  // The ctor asks the host (fetch_token "salutation") before it finishes:
  // possible only because the host fn was registered before it started.
  EXPECT_EQ(host_demo_host_complete(ctx, hosts.next(), FFIDL_OK, "hi", 2), FFIDL_OK);
  EXPECT_EQ(started.wait(), FFIDL_OK);
  EXPECT_EQ(host_demo_host_complete(ctx, hosts.next(), FFIDL_OK, "abc", 3), FFIDL_OK);
  EXPECT_EQ(early.wait(), FFIDL_OK);
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
  // Destroying a context whose ctor never ran answers its callback.
  Call never_started;
  void* paused = host_demo_start_paused(Call::callback, &never_started);
  ASSERT_NE(paused, nullptr);
  EXPECT_EQ(host_demo_destroy(paused), FFIDL_OK);
  EXPECT_EQ(never_started.wait(), FFIDL_ERR);
  EXPECT_EQ(never_started.terminals, 1);
}

TEST(Hardening, BadHostAnswersAreRefused) {
  Call started;
  void* ctx = host_demo_start(Call::callback, &started);
  ASSERT_EQ(started.wait(), FFIDL_OK);
  Hosts hosts;
  ASSERT_EQ(host_demo_register_host_fn(ctx, HOST_DEMO_HOST_LOOKUP_USER, Hosts::record, &hosts),
            FFIDL_OK);
  host_demo_LookupRequest req{7, false};
  Call greet;
  ASSERT_EQ(host_demo_greet(ctx, Call::callback, &greet, &req), FFIDL_OK);
  std::uint64_t id = hosts.next();
  host_demo_UserInfo user{};
  user.name = "ann";
  for (int bad_ret : {2, 3, 42, -1}) {
    EXPECT_EQ(host_demo_host_complete(ctx, id, bad_ret, &user, sizeof user), FFIDL_ERR) << bad_ret;
    EXPECT_NE(std::string(host_demo_last_error())
                  .find("ret must be FFIDL_OK (0), FFIDL_ERR (1) or FFIDL_ERR_TYPED"),
              std::string::npos);
  }
  // The call still waits; an answer of the wrong size is an error for the handler.
  EXPECT_EQ(host_demo_host_complete(ctx, id, FFIDL_OK, &user, sizeof user - 1), FFIDL_OK);
  EXPECT_EQ(greet.wait(), FFIDL_ERR);
  EXPECT_NE(greet.text.find("bytes; a native answer is one host_demo_UserInfo"), std::string::npos)
      << greet.text;
  EXPECT_EQ(host_demo_host_complete(ctx, id, FFIDL_OK, &user, sizeof user), FFIDL_ERR);
  EXPECT_NE(std::string(host_demo_last_error()).find("unknown call id"), std::string::npos);
  // A typed error from a host fn that raises none is an error for the handler.
  Call typed;
  ASSERT_EQ(host_demo_greet(ctx, Call::callback, &typed, &req), FFIDL_OK);
  EXPECT_EQ(host_demo_host_complete(ctx, hosts.next(), FFIDL_ERR_TYPED, &user, sizeof user),
            FFIDL_OK);
  EXPECT_EQ(typed.wait(), FFIDL_ERR);
  EXPECT_NE(typed.text.find("FFIDL_ERR_TYPED, but host fn 'lookup_user' raises no typed error"),
            std::string::npos)
      << typed.text;
  // Host error text that is not UTF-8 is not passed on as text.
  Call greet2;
  ASSERT_EQ(host_demo_greet(ctx, Call::callback, &greet2, &req), FFIDL_OK);
  const char bad_utf8[] = "no\xff";
  EXPECT_EQ(host_demo_host_complete(ctx, hosts.next(), FFIDL_ERR, bad_utf8, 3), FFIDL_OK);
  EXPECT_EQ(greet2.wait(), FFIDL_ERR);
  EXPECT_NE(greet2.text.find("3 bytes of error text that are not valid UTF-8"), std::string::npos)
      << greet2.text;
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
}

}  // namespace
}  // namespace e2e
