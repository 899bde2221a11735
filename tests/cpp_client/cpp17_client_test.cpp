// The generated C++ clients compiled as C++17 (this file's target is): the
// client side needs no C++20 (only the service side, for coroutines).
#include <gtest/gtest.h>

#include "calc_client.hpp"
#include "echo_client.hpp"
#include "kitchen_sink_client.hpp"
#include "todo_client.hpp"

static_assert(__cplusplus == 201703L, "this test must be compiled as C++17");

namespace {

TEST(Cpp17Client, CallsAndValueTypes) {
  auto made = echo::Client::create(echo::EchoConfig{"17: "});
  ASSERT_TRUE(made) << made.error();
  auto said = made->say("hi");
  ASSERT_TRUE(said) << said.error();
  EXPECT_EQ(*said, "17: hi");
  EXPECT_EQ(*calc::Client::add(2, 3), 5);
  kitchen_sink::Inner a{"x", {1}, 0.5, kitchen_sink::Status::ok};
  kitchen_sink::Inner b = a;
  EXPECT_TRUE(a == b);
  b.label = "y";
  EXPECT_TRUE(a != b);
}

TEST(Cpp17Client, TypedErrorsAndUnions) {
  auto sum = todo::Client::add_u64(UINT64_MAX, 2);
  ASSERT_FALSE(sum);
  ASSERT_TRUE(sum.error().is_typed());
  EXPECT_EQ(sum.error().typed()->as_integer_overflow()->b, 2u);
  todo::Shape s = todo::Shape::Rect{1, 2};
  EXPECT_EQ(s.index(), 1u);
  EXPECT_TRUE(s != todo::Shape());
}

}  // namespace
