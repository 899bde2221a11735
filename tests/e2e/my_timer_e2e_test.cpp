// my_timer (schemas/timer.ffidl) through its C ABI: struct arguments and
// results, events on both wires, stale warnings, a CBOR-only proc, and two
// ffidl libraries (my_timer and echo) in one process.
#include "echo.h"
#include "my_timer.h"
#include "support.hpp"

namespace e2e {
namespace {

void* create_timer(const char* name = "t1") {
  Call c;
  my_timer_TimerConfig config{name, 10};
  void* ctx = my_timer_create(&config, Call::callback, &c);
  EXPECT_EQ(c.wait(), FFIDL_OK) << c.text;
  return ctx;
}

TEST(MyTimerE2E, EchoWithStructResultAndEvents) {
  void* ctx = create_timer("alpha");
  Events native, cbor_events;
  native.describe = [](const void* msg, std::size_t) {
    auto* ev = static_cast<const my_timer_EchoFiredEvent*>(msg);
    return std::string(ev->message) + "#" + std::to_string(ev->count);
  };
  cbor_events.describe = [](const void* msg, std::size_t len) {
    ffidl::CborReader r(msg, len);
    std::size_t n = 0;
    std::string k1, message, k2;
    std::uint64_t count = 0;
    if (!r.map(n) || !r.text(k1) || !r.text(message) || !r.text(k2) || !r.u64(count))
      return r.error();
    return k1 + "=" + message + "," + k2 + "=" + std::to_string(count);
  };
  std::uint64_t id1 =
      my_timer_add_event_listener(ctx, MY_TIMER_EVENT_ECHO_FIRED, Events::callback, &native);
  std::uint64_t id2 =
      my_timer_add_event_listener_cbor(ctx, "echo_fired", Events::callback, &cbor_events);
  ASSERT_NE(id1, 0u);
  ASSERT_NE(id2, 0u);
  EXPECT_EQ(my_timer_add_event_listener(ctx, "no_such_event", Events::callback, &native), 0u);

  const char* tags[] = {"a", "b"};
  std::uint8_t payload[] = {1, 0, 2};
  my_timer_EchoRequest req{};
  req.message = "ping";
  req.delay_ms = 5;
  req.tags = tags;
  req.tags_len = 2;
  req.has_note = true;
  req.note = "n";
  req.payload = payload;
  req.payload_len = 3;
  req.level = my_timer_Level_high;
  Call echo;
  std::string got;
  echo.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    auto* r = static_cast<const my_timer_EchoResponse*>(msg);
    got = std::string(r->message) + "|" + r->timer_name;
  };
  ASSERT_EQ(my_timer_echo(ctx, Call::callback, &echo, &req), FFIDL_OK);
  EXPECT_EQ(echo.wait(), FFIDL_OK);
  EXPECT_EQ(got, "ping|alpha");
  EXPECT_EQ(native.wait(1)[0], "ping#1");
  EXPECT_EQ(cbor_events.wait(1)[0], "message=ping,count=1");

  EXPECT_EQ(my_timer_remove_event_listener(ctx, id1), FFIDL_OK);
  EXPECT_EQ(my_timer_remove_event_listener(ctx, id1), FFIDL_ERR);
  Call again;
  my_timer_echo(ctx, Call::callback, &again, &req);
  again.wait();
  EXPECT_EQ(cbor_events.wait(2)[1], "message=ping,count=2");
  EXPECT_EQ(native.seen.size(), 1u);
  EXPECT_EQ(my_timer_destroy(ctx), FFIDL_OK);
}

TEST(MyTimerE2E, StaleWarnings) {
  void* ctx = create_timer();
  ASSERT_EQ(my_timer_set_stale_warn_interval(ctx, 20), FFIDL_OK);
  Call sleep;
  ASSERT_EQ(my_timer_sleep(ctx, Call::callback, &sleep, 150), FFIDL_OK);
  EXPECT_EQ(sleep.wait(), FFIDL_OK);
  EXPECT_EQ(sleep.text, "");  // no result: msg NULL, len 0
  EXPECT_GE(sleep.stale, 3);
  EXPECT_EQ(sleep.terminals, 1);
  EXPECT_EQ(my_timer_destroy(ctx), FFIDL_OK);
}

TEST(MyTimerE2E, CborOnlyProcWithNestedArguments) {
  void* ctx = create_timer();
  auto req = cbor([](ffidl::CborWriter& w) {
    w.map(2);
    w.text("job");
    w.map(3);
    w.text("id");
    w.text("j1");
    w.text("run_at_ms");
    w.uint(100);
    w.text("args");
    w.map(1);
    w.text("k");
    w.array(2);
    w.text("v1");
    w.text("v2");
    w.text("retry");
    w.map(2);
    w.text("max_attempts");
    w.uint(2);
    w.text("backoff_ms");
    w.uint(50);
  });
  Call call;
  ASSERT_EQ(my_timer_schedule_cbor(ctx, Call::callback, &call, req.data(), req.size()), FFIDL_OK);
  ASSERT_EQ(call.wait(), FFIDL_OK) << call.text;
  auto bytes = call.bytes();
  auto expected = cbor([](ffidl::CborWriter& w) {
    w.map(3);
    w.text("job_id");
    w.text("j1");
    w.text("attempts");
    w.array(2);
    w.map(3);
    w.text("attempt");
    w.uint(1);
    w.text("at_ms");
    w.uint(100);
    w.text("level");
    w.text("high");
    w.map(2);  // the second attempt has no level: the key is absent
    w.text("attempt");
    w.uint(2);
    w.text("at_ms");
    w.uint(150);
    w.text("accepted");
    w.boolean(true);
  });
  EXPECT_EQ(bytes, expected);

  auto bad_enum = cbor([](ffidl::CborWriter& w) {
    w.map(2);
    w.text("job");
    w.map(3);
    w.text("id");
    w.text("j");
    w.text("run_at_ms");
    w.sint(-5);
    w.text("args");
    w.map(0);
    w.text("retry");
    w.map(1);
    w.text("max_attempts");
    w.uint(1);
  });
  Call bad;
  my_timer_schedule_cbor(ctx, Call::callback, &bad, bad_enum.data(), bad_enum.size());
  EXPECT_EQ(bad.wait(), FFIDL_ERR);
  EXPECT_EQ(
      bad.text,
      "my_timer_schedule_cbor: bad request: job.run_at_ms: expected an unsigned integer, got -1-4");
  EXPECT_EQ(my_timer_destroy(ctx), FFIDL_OK);
}

TEST(MyTimerE2E, VersionAndStaticParse) {
  void* ctx = create_timer();
  Call version;
  my_timer_version(ctx, Call::callback, &version);
  EXPECT_EQ(version.wait(), FFIDL_OK);
  EXPECT_EQ(version.text, MY_TIMER_VERSION);
  Call parsed;
  std::string message;
  std::uint32_t delay = 0;
  parsed.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    auto* r = static_cast<const my_timer_EchoRequest*>(msg);
    message = r->message;
    delay = r->delay_ms;
  };
  my_timer_parse(Call::callback, &parsed, "wake;25");
  EXPECT_EQ(parsed.wait(), FFIDL_OK);
  EXPECT_EQ(message, "wake");
  EXPECT_EQ(delay, 25u);
  EXPECT_EQ(my_timer_destroy(ctx), FFIDL_OK);
}

TEST(MyTimerE2E, TwoLibrariesInOneProcess) {
  void* timer = create_timer();
  Call opened;
  echo_EchoConfig config{"e:"};
  void* echo = echo_open(&config, Call::callback, &opened);
  ASSERT_EQ(opened.wait(), FFIDL_OK);
  // Each library has its own handle table: a handle of one is garbage to the other.
  Call wrong;
  EXPECT_EQ(echo_say(timer, Call::callback, &wrong, "x"), FFIDL_ERR);
  EXPECT_EQ(my_timer_version(echo, Call::callback, &wrong), FFIDL_ERR);
  Call a, b;
  echo_say(echo, Call::callback, &a, "x");
  my_timer_version(timer, Call::callback, &b);
  EXPECT_EQ(a.wait(), FFIDL_OK);
  EXPECT_EQ(b.wait(), FFIDL_OK);
  EXPECT_EQ(a.text, "e:x");
  EXPECT_EQ(echo_destroy(echo), FFIDL_OK);
  EXPECT_EQ(my_timer_destroy(timer), FFIDL_OK);
}

TEST(MyTimerE2E, DestroyWithCallsInFlight) {
  void* ctx = create_timer();
  std::vector<std::unique_ptr<Call>> calls;
  for (int i = 0; i < 20; ++i) {
    calls.push_back(std::make_unique<Call>());
    my_timer_sleep(ctx, Call::callback, calls.back().get(), static_cast<std::uint32_t>(i));
  }
  EXPECT_EQ(my_timer_destroy(ctx), FFIDL_OK);
  for (auto& c : calls) {
    c->wait();
    EXPECT_EQ(c->terminals, 1);
  }
}

}  // namespace
}  // namespace e2e
