// host_demo and my_timer through the C++ client: typed events with RAII
// subscriptions, host functions as std::function (sync, async, throwing),
// progress reports.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "host_demo_client.hpp"
#include "my_timer_client.hpp"

namespace {

using namespace std::chrono_literals;

TEST(HostDemoClient, ABlockingCallInsideAHostFnIsRefusedNotDeadlocked) {
  // Host fns run one at a time on one worker: a blocking call from inside one
  // whose handler needs a host fn (token_length -> fetch_token) would wait
  // for that worker, i.e. for itself.
  auto created = host_demo::Client::create();
  ASSERT_TRUE(created) << created.error();
  host_demo::Client c = std::move(*created);
  c.set_fetch_token([](std::string key) -> ffidl::Result<std::string> { return "t-" + key; });
  std::string inner;
  c.set_lookup_user([&](host_demo::LookupRequest) -> ffidl::Result<host_demo::UserInfo> {
    auto n = c.token_length("k");
    inner = n ? "ran" : n.error().message;
    return host_demo::UserInfo{"ann", {}, std::nullopt};
  });
  auto g = c.greet(host_demo::LookupRequest{1, false});
  ASSERT_TRUE(g) << g.error();
  EXPECT_NE(inner.find("would deadlock"), std::string::npos) << inner;
  auto n = c.token_length("k");  // outside a host fn it works
  ASSERT_TRUE(n) << n.error();
  EXPECT_EQ(*n, 3u);
}

TEST(HostDemoClient, HostFnsAndListenersSetBeforeTheCtorRuns) {
  // create_with runs setup on the client before the ctor starts, so nothing
  // the ctor (or an early call) needs can be missing.
  host_demo::Subscription failures;
  std::atomic<int> failed{0};
  auto created = host_demo::Client::create_with([&](host_demo::Client& c) {
    c.set_lookup_user([](host_demo::LookupRequest r) -> ffidl::Result<host_demo::UserInfo> {
      return host_demo::UserInfo{"u" + std::to_string(r.user_id), {}, std::nullopt};
    });
    // The ctor asks for this one before it finishes (its "salutation").
    c.set_fetch_token([](std::string key) -> ffidl::Result<std::string> {
      if (key == "salutation") return std::string("hi");
      return ffidl::fail("no token for " + key);
    });
    failures = c.on_host_failed([&](const host_demo::HostFailedEvent&) { ++failed; });
  });
  ASSERT_TRUE(created) << created.error();
  auto g = created->greet(host_demo::LookupRequest{7, false});
  ASSERT_TRUE(g) << g.error();
  EXPECT_EQ(g->text, "hi, u7");  // the salutation the ctor got from the host
  auto t = created->greet(host_demo::LookupRequest{7, true});  // no token for u7: the event fires
  EXPECT_FALSE(t);
  for (int i = 0; i < 30000 && failed.load() == 0; ++i)  // a hang guard, not a timing check
    std::this_thread::sleep_for(1ms);
  EXPECT_EQ(failed.load(), 1);
}

TEST(HostDemoClient, HostFunctionsAsStdFunctions) {
  auto created = host_demo::Client::create();
  ASSERT_TRUE(created) << created.error();
  host_demo::Client c = std::move(*created);
  std::thread::id host_thread;
  c.set_lookup_user([&](host_demo::LookupRequest req) -> ffidl::Result<host_demo::UserInfo> {
    host_thread = std::this_thread::get_id();
    return host_demo::UserInfo{"user" + std::to_string(req.user_id), {"a", "b"}, 5};
  });
  // The async form answers later, from another thread.
  c.set_fetch_token_async(
      [](host_demo::FetchTokenArgs args, std::function<void(ffidl::Result<std::string>)> reply) {
        std::thread([args, reply] {
          std::this_thread::sleep_for(10ms);
          reply("tok-" + args.key);
        }).detach();
      });
  auto g = c.greet(host_demo::LookupRequest{42, true});
  ASSERT_TRUE(g) << g.error();
  EXPECT_EQ(g->text, "hello, user42");
  EXPECT_EQ(g->user.roles, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(g->user.quota, std::optional<std::uint64_t>(5));
  EXPECT_EQ(g->token, std::optional<std::string>("tok-user42"));
  EXPECT_NE(host_thread, std::this_thread::get_id());
}

TEST(HostDemoClient, ThrowingHostFunctionAndEvents) {
  auto c = std::move(*host_demo::Client::create());
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> failures;
  host_demo::Subscription sub = c.on_host_failed([&](const host_demo::HostFailedEvent& e) {
    std::lock_guard lock(mu);
    failures.push_back(e.name + ": " + e.error);
    cv.notify_all();
  });
  ASSERT_TRUE(sub);
  c.set_lookup_user([](host_demo::LookupRequest) -> ffidl::Result<host_demo::UserInfo> {
    throw std::runtime_error("directory offline");
  });
  auto g = c.greet(host_demo::LookupRequest{1, false});
  ASSERT_FALSE(g);
  EXPECT_EQ(g.error(), "host function 'lookup_user' failed: directory offline");
  c.set_acknowledge(
      [](std::string, std::uint8_t) -> ffidl::Result<void> { return ffidl::fail("nope"); });
  auto n = c.notify("m");
  ASSERT_FALSE(n);
  EXPECT_EQ(n.error(), "host function 'acknowledge' failed: nope");
  // The event arrives on the event thread; the bound only keeps a lost event
  // from hanging the test (it is not a timing assertion).
  std::unique_lock lock(mu);
  cv.wait_for(lock, 30s, [&] { return !failures.empty(); });
  ASSERT_EQ(failures.size(), 1u);
  EXPECT_EQ(failures[0], "lookup_user: host function 'lookup_user' failed: directory offline");
}

TEST(MyTimerClient, EventsSubscriptionsAndProgress) {
  auto c = std::move(*my_timer::Client::create(my_timer::TimerConfig{"cpp", 5}));
  std::atomic<int> fired{0};
  {
    my_timer::Subscription sub = c.on_echo_fired([&](const my_timer::EchoFiredEvent& e) {
      if (e.message == "m") fired.fetch_add(1);
    });
    my_timer::EchoRequest req;
    req.message = "m";
    auto r = c.echo(req);
    ASSERT_TRUE(r) << r.error();
    EXPECT_EQ(r->timer_name, "cpp");
    for (int i = 0; i < 30000 && fired.load() == 0; ++i)  // a hang guard
      std::this_thread::sleep_for(1ms);
    EXPECT_EQ(fired.load(), 1);
  }  // unsubscribed
  my_timer::EchoRequest req;
  req.message = "m";
  ASSERT_TRUE(c.echo(req));
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(fired.load(), 1);

  ASSERT_EQ(my_timer_set_stale_warn_interval(c.handle(), 20), FFIDL_OK);
  std::atomic<int> progress{0};
  std::promise<bool> done;
  c.sleep(
      120, [&](ffidl::Result<void> r) { done.set_value(r.ok()); },
      [&](std::chrono::milliseconds) { progress.fetch_add(1); });
  EXPECT_TRUE(done.get_future().get());
  EXPECT_GE(progress.load(), 2);

  auto parsed = my_timer::Client::parse("x;7");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->delay_ms, 7u);
  EXPECT_FALSE(my_timer::Client::parse("x"));
}

}  // namespace
