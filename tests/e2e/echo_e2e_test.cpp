// echo through its C ABI: both wires, statics, ctor failure, and every bad
// input of DESIGN.md section 3.
#include <thread>

#include "echo.h"
#include "support.hpp"

namespace e2e {
namespace {

void* open_echo(const char* prefix = "> ") {
  Call c;
  echo_EchoConfig config{prefix};
  void* ctx = echo_open(&config, Call::callback, &c);
  EXPECT_NE(ctx, nullptr);
  EXPECT_EQ(c.wait(), FFIDL_OK) << c.text;
  return ctx;
}

TEST(EchoE2E, NativeWire) {
  void* ctx = open_echo();
  Call say;
  ASSERT_EQ(echo_say(ctx, Call::callback, &say, "hi"), FFIDL_OK);
  EXPECT_EQ(say.wait(), FFIDL_OK);
  EXPECT_EQ(say.text, "> hi");

  Call rev;
  const std::uint8_t data[] = {0, 1, 0, 255};
  ASSERT_EQ(echo_reverse(ctx, Call::callback, &rev, data, sizeof data), FFIDL_OK);
  EXPECT_EQ(rev.wait(), FFIDL_OK);
  EXPECT_EQ(rev.bytes(), (std::vector<std::uint8_t>{255, 0, 1, 0}));

  Call empty;
  ASSERT_EQ(echo_reverse(ctx, Call::callback, &empty, nullptr, 0), FFIDL_OK);
  EXPECT_EQ(empty.wait(), FFIDL_OK);
  EXPECT_EQ(empty.text, "");

  Call count;
  std::uint64_t n = 0;
  count.inspect = [&](int code, const void* msg, std::size_t len) {
    ASSERT_EQ(code, FFIDL_OK);
    ASSERT_EQ(len, sizeof(std::uint64_t));
    n = *static_cast<const std::uint64_t*>(msg);
  };
  echo_count(ctx, Call::callback, &count);
  count.wait();
  EXPECT_EQ(n, 4u);  // say, reverse, reverse, count
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

TEST(EchoE2E, CborWire) {
  void* ctx = open_echo("cbor:");
  Call say;
  auto req = cbor([](ffidl::CborWriter& w) {
    w.map(1);
    w.text("text");
    w.text("x");
  });
  ASSERT_EQ(echo_say_cbor(ctx, Call::callback, &say, req.data(), req.size()), FFIDL_OK);
  ASSERT_EQ(say.wait(), FFIDL_OK) << say.text;
  auto bytes = say.bytes();
  ffidl::CborReader r(bytes.data(), bytes.size());
  std::string text;
  ASSERT_TRUE(r.text(text) && r.finish()) << r.error();
  EXPECT_EQ(text, "cbor:x");

  // A proc without parameters takes an empty request.
  Call count;
  ASSERT_EQ(echo_count_cbor(ctx, Call::callback, &count, nullptr, 0), FFIDL_OK);
  ASSERT_EQ(count.wait(), FFIDL_OK);
  bytes = count.bytes();
  ffidl::CborReader rc(bytes.data(), bytes.size());
  std::uint64_t n = 0;
  ASSERT_TRUE(rc.u64(n) && rc.finish());
  EXPECT_EQ(n, 2u);

  // Unknown keys are ignored.
  Call extra;
  req = cbor([](ffidl::CborWriter& w) {
    w.map(2);
    w.text("later");
    w.array(1);
    w.uint(1);
    w.text("text");
    w.text("y");
  });
  echo_say_cbor(ctx, Call::callback, &extra, req.data(), req.size());
  EXPECT_EQ(extra.wait(), FFIDL_OK) << extra.text;
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

TEST(EchoE2E, MalformedCborGetsAMessage) {
  void* ctx = open_echo();
  struct Case {
    std::vector<std::uint8_t> bytes;
    std::string expect;
  };
  std::vector<Case> cases = {
      {cbor([](ffidl::CborWriter& w) {
         w.map(1);
         w.text("text");
         w.uint(7);
       }),
       "echo_say_cbor: bad request: text: expected text, got uint"},
      {cbor([](ffidl::CborWriter& w) { w.map(0); }),
       "echo_say_cbor: bad request: missing field 'text'"},
      {{0xA1, 0x64, 't', 'e'}, "echo_say_cbor: bad request: truncated input"},
      {cbor([](ffidl::CborWriter& w) { w.array(0); }),
       "echo_say_cbor: bad request: expected map, got array"},
      {{0xA1, 0x64, 't', 'e', 'x', 't', 0x61, 'a', 0xFF}, "trailing data"},
      {{}, "echo_say_cbor: bad request: unexpected end of input"},
  };
  for (const Case& c : cases) {
    Call call;
    ASSERT_EQ(echo_say_cbor(ctx, Call::callback, &call, c.bytes.data(), c.bytes.size()), FFIDL_OK);
    EXPECT_EQ(call.wait(), FFIDL_ERR);
    EXPECT_NE(call.text.find(c.expect), std::string::npos) << call.text;
  }
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

TEST(EchoE2E, StaticProcs) {
  Call shout;
  ASSERT_EQ(echo_shout(Call::callback, &shout, "quiet"), FFIDL_OK);
  EXPECT_EQ(shout.wait(), FFIDL_OK);
  EXPECT_EQ(shout.text, "QUIET");
  Call cbor_shout;
  auto req = cbor([](ffidl::CborWriter& w) {
    w.map(1);
    w.text("text");
    w.text("abc");
  });
  echo_shout_cbor(Call::callback, &cbor_shout, req.data(), req.size());
  EXPECT_EQ(cbor_shout.wait(), FFIDL_OK);
  EXPECT_EQ(cbor_shout.text,
            "\x63"
            "ABC");
  EXPECT_EQ(echo_shout(nullptr, nullptr, "x"), FFIDL_MISSING_CALLBACK);
}

TEST(EchoE2E, CtorFailureFailsEveryCall) {
  Call ctor;
  std::string long_prefix(100, 'x');
  echo_EchoConfig config{long_prefix.c_str()};
  void* ctx = echo_open(&config, Call::callback, &ctor);
  ASSERT_NE(ctx, nullptr);
  EXPECT_EQ(ctor.wait(), FFIDL_ERR);
  EXPECT_EQ(ctor.text, "echo ctor failed: prefix longer than 64 bytes");
  Call say;
  echo_say(ctx, Call::callback, &say, "x");
  EXPECT_EQ(say.wait(), FFIDL_ERR);
  EXPECT_EQ(say.text, "echo ctor failed: prefix longer than 64 bytes");
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

TEST(EchoE2E, BadInputsNeverCrash) {
  Call unused;
  EXPECT_EQ(echo_open(nullptr, Call::callback, &unused), nullptr);  // NULL struct
  echo_EchoConfig config{"p"};
  EXPECT_EQ(echo_open(&config, nullptr, nullptr), nullptr);  // NULL callback
  EXPECT_EQ(echo_say(nullptr, Call::callback, &unused, "x"), FFIDL_ERR);
  int garbage = 0;
  EXPECT_EQ(echo_say(&garbage, Call::callback, &unused, "x"), FFIDL_ERR);
  EXPECT_EQ(echo_destroy(nullptr), FFIDL_ERR);
  EXPECT_EQ(echo_destroy(&garbage), FFIDL_ERR);

  void* ctx = open_echo();
  EXPECT_EQ(echo_say(ctx, nullptr, nullptr, "x"), FFIDL_MISSING_CALLBACK);
  Call null_string;  // NULL reads as ""
  echo_say(ctx, Call::callback, &null_string, nullptr);
  EXPECT_EQ(null_string.wait(), FFIDL_OK);
  EXPECT_EQ(null_string.text, "> ");
  EXPECT_EQ(echo_is_library_thread(ctx), 0);
  EXPECT_EQ(echo_set_stale_warn_interval(ctx, 0), FFIDL_ERR);
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
  EXPECT_EQ(echo_destroy(ctx), FFIDL_ERR);                            // double destroy
  EXPECT_EQ(echo_say(ctx, Call::callback, &unused, "x"), FFIDL_ERR);  // destroyed
  EXPECT_EQ(unused.terminals, 0);
}

TEST(EchoE2E, DestroyFromACallbackIsRefused) {
  void* ctx = open_echo();
  struct Probe {
    void* ctx;
    int destroy_rc = -1;
    int on_library_thread = -1;
    Call call;
  } probe{ctx, -1, -1, {}};
  echo_say(
      ctx,
      [](int code, const void* msg, std::size_t len, void* ud) {
        auto* p = static_cast<Probe*>(ud);
        p->on_library_thread = echo_is_library_thread(p->ctx);
        p->destroy_rc = echo_destroy(p->ctx);
        Call::callback(code, msg, len, &p->call);
      },
      &probe, "x");
  probe.call.wait();
  EXPECT_EQ(probe.destroy_rc, FFIDL_ERR);
  EXPECT_EQ(probe.on_library_thread, 1);
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

TEST(EchoE2E, ManyThreadsOneContext) {
  void* ctx = open_echo("");
  constexpr int threads = 8, per_thread = 200;
  std::vector<std::thread> pool;
  std::atomic<int> ok{0};
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < per_thread; ++i) {
        Call c;
        std::string text = std::to_string(t) + ":" + std::to_string(i);
        echo_say(ctx, Call::callback, &c, text.c_str());
        if (c.wait() == FFIDL_OK && c.text == text) ok.fetch_add(1);
      }
    });
  }
  for (auto& t : pool)
    t.join();
  EXPECT_EQ(ok.load(), threads * per_thread);
  EXPECT_EQ(echo_destroy(ctx), FFIDL_OK);
}

TEST(EchoE2E, AbiDescriptor) {
  std::size_t len = 0;
  const std::uint8_t* d = echo_abi_descriptor(&len);
  ASSERT_NE(d, nullptr);
  ffidl::CborReader r(d, len);
  std::size_t entries = 0;
  ASSERT_TRUE(r.map(entries));
  EXPECT_EQ(entries, 4u);
  std::string key, value;
  ASSERT_TRUE(r.text(key) && r.text(value));
  EXPECT_EQ(key, "library");
  EXPECT_EQ(value, "echo");
}

}  // namespace
}  // namespace e2e
