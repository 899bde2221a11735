// echo through the generated C++ client: sync, async (callback and future),
// statics, ctor errors, re-entrancy refusal, many threads, moves and
// destruction with calls in flight.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "echo_client.hpp"

namespace {

using namespace std::chrono_literals;

echo::Client open(const std::string& prefix = "> ") {
  auto client = echo::Client::create(echo::EchoConfig{prefix});
  EXPECT_TRUE(client) << client.error();
  return std::move(*client);
}

TEST(EchoClient, BlockingCalls) {
  echo::Client c = open();
  auto said = c.say("hi");
  ASSERT_TRUE(said) << said.error();
  EXPECT_EQ(*said, "> hi");
  auto reversed = c.reverse({1, 2, 0});
  ASSERT_TRUE(reversed);
  EXPECT_EQ(*reversed, (std::vector<std::uint8_t>{0, 2, 1}));
  auto count = c.count();
  ASSERT_TRUE(count);
  EXPECT_EQ(*count, 3u);
  auto shout = echo::Client::shout("abc");
  ASSERT_TRUE(shout);
  EXPECT_EQ(*shout, "ABC");
}

TEST(EchoClient, AsyncForms) {
  echo::Client c = open("");
  std::future<ffidl::Result<std::string>> f = c.say_async("future");
  std::promise<std::string> p;
  c.say("callback", [&](ffidl::Result<std::string> r) { p.set_value(r ? *r : r.error().message); });
  EXPECT_EQ(*f.get(), "future");
  EXPECT_EQ(p.get_future().get(), "callback");
  EXPECT_EQ(*echo::Client::shout_async("x").get(), "X");
}

TEST(EchoClient, CtorErrorComesBackAsResult) {
  auto client = echo::Client::create(echo::EchoConfig{std::string(100, 'x')});
  ASSERT_FALSE(client);
  EXPECT_EQ(client.error(), "echo ctor failed: prefix longer than 64 bytes");
}

TEST(EchoClient, BlockingCallInsideACompletionIsRefused) {
  echo::Client c = open();
  std::promise<std::string> inner;
  c.say("outer", [&](ffidl::Result<std::string>) {
    auto r = c.say("inner");  // on the library thread: must not deadlock
    inner.set_value(r ? "ran" : r.error().message);
  });
  std::string got = inner.get_future().get();
  EXPECT_NE(got.find("would deadlock"), std::string::npos) << got;
}

TEST(EchoClient, BlockingStaticCallInsideAStaticCompletionIsRefused) {
  // Static procs run on the library's static context: waiting there for
  // another static call used to hang.
  std::promise<std::string> inner;
  echo::Client::shout("outer", [&](ffidl::Result<std::string>) {
    auto r = echo::Client::shout("inner");
    inner.set_value(r ? "ran" : r.error().message);
  });
  std::string got = inner.get_future().get();
  EXPECT_NE(got.find("would deadlock"), std::string::npos) << got;
}

TEST(EchoClient, ANulByteInAStringIsRefusedNotTruncated) {
  using namespace std::string_literals;
  echo::Client c = open();
  auto r = c.say("abc\0def"s);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(),
            "echo_say: a string argument contains a NUL byte, which a C string cannot carry");
  auto created = echo::Client::create(echo::EchoConfig{"x\0y"s});  // inside a struct
  ASSERT_FALSE(created);
  EXPECT_NE(created.error().message.find("NUL byte"), std::string::npos) << created.error();
  auto fine = c.say("abc");
  ASSERT_TRUE(fine) << fine.error();
}

TEST(EchoClient, RefusedCallsSayWhy) {
  echo::Client c = open();
  auto r = c.say("bad \xff");
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error(), "refused: echo_say: text: text is not valid UTF-8");
}

TEST(EchoClient, EightThreadsHammerOneClient) {
  echo::Client c = open("");
  std::atomic<int> ok{0};
  std::vector<std::thread> pool;
  for (int t = 0; t < 8; ++t) {
    pool.emplace_back([&, t] {
      for (int i = 0; i < 250; ++i) {
        std::string text = std::to_string(t) + "/" + std::to_string(i);
        auto r = c.say(text);
        if (r && *r == text) ok.fetch_add(1);
      }
    });
  }
  for (auto& t : pool)
    t.join();
  EXPECT_EQ(ok.load(), 2000);
}

TEST(EchoClient, MovedAndDestroyedWithCallsInFlight) {
  std::vector<std::future<ffidl::Result<std::string>>> futures;
  {
    echo::Client a = open();
    for (int i = 0; i < 100; ++i)
      futures.push_back(a.say_async("x"));
    echo::Client b = std::move(a);  // callbacks point at the shared state, not the object
    for (int i = 0; i < 100; ++i)
      futures.push_back(b.say_async("y"));
    auto moved = a.say("from a moved-from client");
    EXPECT_FALSE(moved);
  }  // b destroyed: every pending call is answered before this returns
  int answered = 0;
  for (auto& f : futures) {
    ASSERT_EQ(f.wait_for(10s), std::future_status::ready);
    (void)f.get();
    ++answered;
  }
  EXPECT_EQ(answered, 200);
}

TEST(EchoClient, CloseInsideACompletion) {
  auto c = std::make_unique<echo::Client>(open());
  std::promise<void> closed;
  c->say("x", [&](ffidl::Result<std::string>) {
    c->close();  // on the library thread: the teardown moves to a helper thread
    closed.set_value();
  });
  closed.get_future().get();
  EXPECT_EQ(c->handle(), nullptr);
  EXPECT_FALSE(c->say("after close"));
}

}  // namespace

namespace {

// Every wait-spin setting answers blocking calls from several threads
// (objects read the context's setting; see sprites_client_test.cpp); a
// setting below -1 is refused with the library's reason.
TEST(EchoClient, WaitSpinSettings) {
  echo::Client c = open("");
  for (std::int64_t spin :
       {ffidl::spin_off, std::int64_t{1}, std::int64_t{100'000}, ffidl::spin_auto}) {
    ASSERT_TRUE(c.set_wait_spin(spin)) << spin;
    EXPECT_EQ(echo_wait_spin(c.handle()), spin);
    std::vector<std::thread> threads;
    std::atomic<int> ok{0};
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        for (int i = 0; i < 100; ++i)
          ok += c.say("x").value_or("") == "x";
      });
    }
    for (auto& t : threads)
      t.join();
    EXPECT_EQ(ok.load(), 400) << "setting " << spin;
  }
  auto refused = c.set_wait_spin(-5);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("-5 is not a spin setting"), std::string::npos)
      << refused.error().message;
  EXPECT_EQ(echo_wait_spin(c.handle()), ffidl::spin_auto) << "unchanged";
}

}  // namespace
