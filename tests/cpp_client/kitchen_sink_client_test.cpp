// kitchen_sink through the C++ client: every type round-trips as C++ values
// (operator== on the generated types checks every field).
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <thread>

#include "kitchen_sink_client.hpp"

namespace {

kitchen_sink::Outer sample() {
  using namespace kitchen_sink;
  Inner a{"a", {0, 0, 7}, 1.5, Status::retry};
  Inner b{"", {}, std::nullopt, Status::unknown};
  Middle m{a, {a, b}, b, {{"x", a}, {"", b}}};
  Outer o;
  o.middle = m;
  o.middles = {m, Middle{}};
  o.groups = {{"", {}}, {"g", {INT32_MIN, INT32_MAX}}};
  o.codes = {{0, ""}, {UINT32_MAX, "max"}};
  o.matrix = {{}, {1.0, -std::numeric_limits<double>::infinity()}};
  o.colors = {Color::blue, Color::red};
  o.maybe_text = "";
  o.maybe_bytes = std::vector<std::uint8_t>{0};
  o.maybe_list = std::vector<std::string>{"", "z"};
  o.blobs = {{}, {1, 2}};
  return o;
}

TEST(KitchenSinkClient, DeepRoundTripAsValues) {
  auto c = std::move(*kitchen_sink::Client::create(kitchen_sink::SinkConfig{false}));
  kitchen_sink::Outer o = sample();
  auto back = c.echo_outer(o);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, o);
  EXPECT_EQ(*c.echo_outer(kitchen_sink::Outer{}), kitchen_sink::Outer{});

  kitchen_sink::TreeNode tree{"r", {{"a", {{"a1", {}}}}, {"b", {}}}};
  EXPECT_EQ(*c.echo_tree(tree), tree);
  EXPECT_EQ(*c.echo_list({INT64_MIN, 0, INT64_MAX}),
            (std::vector<std::int64_t>{INT64_MIN, 0, INT64_MAX}));
  std::map<std::string, std::vector<std::string>> m{{"k", {"v", ""}}, {"", {}}};
  EXPECT_EQ(*c.echo_map(m), m);
  EXPECT_EQ(*c.echo_optional(std::nullopt), std::nullopt);
  EXPECT_EQ(c.echo_optional(o.middle.inner)->value(), o.middle.inner);
  EXPECT_EQ(*c.echo_enum(kitchen_sink::Status::failed), kitchen_sink::Status::failed);
  // A C string cannot carry a NUL byte: refused, never silently cut short.
  EXPECT_FALSE(c.echo_string(std::string("a\0b", 3)));
  EXPECT_EQ(c.dropped_events(), 0u);
  EXPECT_EQ(*c.native_only(41), 42);
  EXPECT_EQ(*kitchen_sink::Client::add(2, 3), 5);

  kitchen_sink::Scalars s{true,       INT8_MIN,
                          INT16_MAX,  INT32_MIN,
                          INT64_MAX,  0,
                          UINT16_MAX, 1,
                          UINT64_MAX, std::numeric_limits<float>::infinity(),
                          -0.0,       kitchen_sink::Color::green};
  EXPECT_EQ(*c.echo_scalars(s), s);
  auto nan = c.echo_scalars(kitchen_sink::Scalars{.f_64 = std::nan("")});
  ASSERT_TRUE(nan);
  EXPECT_TRUE(std::isnan(nan->f_64));

  auto err = c.fail("boom");
  ASSERT_FALSE(err);
  EXPECT_EQ(err.error(), "boom");
  EXPECT_TRUE(c.nothing());
}

TEST(KitchenSinkClient, HostFunctionWithDeepValues) {
  auto c = std::move(*kitchen_sink::Client::create(kitchen_sink::SinkConfig{false}));
  c.set_transform([](kitchen_sink::Outer v) -> ffidl::Result<kitchen_sink::Outer> {
    v.colors.push_back(kitchen_sink::Color::green);
    return v;
  });
  kitchen_sink::Outer o = sample();
  auto back = c.transform_outer(o);
  ASSERT_TRUE(back) << back.error();
  o.colors.push_back(kitchen_sink::Color::green);
  EXPECT_EQ(*back, o);
}

TEST(KitchenSinkClient, ThrowingListenerHarmsNothing) {
  // A listener that throws is contained: later listeners and later events
  // still arrive, and the client keeps working.
  auto c = kitchen_sink::Client::create(kitchen_sink::SinkConfig{false});
  ASSERT_TRUE(c);
  std::atomic<int> thrown{0}, seen{0};
  auto bad = c->on_scalars_seen([&](const kitchen_sink::ScalarsSeenEvent&) {
    ++thrown;
    throw std::runtime_error("listener bug");
  });
  auto good = c->on_scalars_seen([&](const kitchen_sink::ScalarsSeenEvent&) { ++seen; });
  for (int i = 0; i < 10; ++i)
    ASSERT_TRUE(c->echo_scalars(kitchen_sink::Scalars{}));
  for (int i = 0; i < 10000 && seen < 10; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  EXPECT_EQ(thrown.load(), 10);
  EXPECT_EQ(seen.load(), 10);
  EXPECT_TRUE(c->echo_string("still fine"));
}

TEST(KitchenSinkClient, UnsubscribeAndCloseRacingFromOtherThreads) {
  // Events flowing, the client closed on one thread and the subscription
  // dropped on another, in every order: no listener runs after its
  // Subscription is gone (ASan/TSan check the memory), nothing hangs.
  for (int round = 0; round < 20; ++round) {
    auto made = kitchen_sink::Client::create(kitchen_sink::SinkConfig{false});
    ASSERT_TRUE(made);
    auto client = std::make_unique<kitchen_sink::Client>(std::move(*made));
    auto alive = std::make_shared<std::atomic<bool>>(true);
    std::atomic<int> after_drop{0};
    auto sub = std::make_unique<kitchen_sink::Subscription>(
        client->on_scalars_seen([alive, &after_drop](const kitchen_sink::ScalarsSeenEvent&) {
          if (!alive->load()) ++after_drop;
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }));
    for (int i = 0; i < 50; ++i)
      client->echo_scalars(kitchen_sink::Scalars{}, [](ffidl::Result<kitchen_sink::Scalars>) {});
    std::thread closer([&] { client.reset(); });
    std::thread dropper([&] {
      if (round % 2) std::this_thread::sleep_for(std::chrono::milliseconds(1));
      sub.reset();
      alive->store(false);
    });
    closer.join();
    dropper.join();
    EXPECT_EQ(after_drop.load(), 0) << "round " << round;
  }
}

TEST(KitchenSinkClient, CtorFailure) {
  auto c = kitchen_sink::Client::create(kitchen_sink::SinkConfig{true});
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error(), "kitchen_sink ctor failed: asked to fail");
}

}  // namespace
