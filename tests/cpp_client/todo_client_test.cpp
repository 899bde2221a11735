// The generated C++ client of todo: typed errors matched exhaustively,
// unions as values, a host fn raising a typed error from C++.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>

#include "todo_client.hpp"

namespace {

using todo::Client;
using todo::LookupError;
using todo::Shape;
using todo::TodoError;

template <typename... F>
struct overloaded : F... {
  using F::operator()...;
};
template <typename... F>
overloaded(F...) -> overloaded<F...>;

Client make() {
  ffidl::Result<Client> c = Client::create();
  if (!c) throw std::runtime_error(c.error().message);
  return std::move(*c);
}

TEST(TodoClient, TypedErrorsMatchExhaustively) {
  Client c = make();
  auto last = c.last();
  ASSERT_FALSE(last);
  ASSERT_NE(last.error().typed(), nullptr);
  EXPECT_NE(last.error().typed()->as_empty_todo_list(), nullptr);
  ASSERT_TRUE(c.add("milk"));
  auto dup = c.add("milk");
  std::string seen = dup.error().visit(overloaded{
      [](const TodoError& e) {
        return e.visit(overloaded{
            [](const TodoError::TodoDoesNotExist& v) { return "missing " + v.todo; },
            [](const TodoError::EmptyTodoList&) { return std::string("empty"); },
            [](const TodoError::DuplicateTodo& v) { return "duplicate " + v.todo; },
        });
      },
      [](const ffidl::Error& e) { return "untyped " + e.message; },
  });
  EXPECT_EQ(seen, "duplicate milk");
  EXPECT_EQ(dup.error().message(), "duplicate_todo(todo: \"milk\")");
  EXPECT_EQ(*c.last(), "milk");
  // The same error value arrives through the future form.
  auto removed = c.remove_async("eggs").get();
  EXPECT_EQ(removed.error(), ffidl::Failure<TodoError>(TodoError::TodoDoesNotExist{"eggs"}));
}

TEST(TodoClient, UntypedErrorsStayUntyped) {
  Client c = make();
  auto broken = c.broken();
  ASSERT_FALSE(broken);
  ASSERT_NE(broken.error().untyped(), nullptr);
  EXPECT_EQ(broken.error().message(),
            "internal error: the handler threw an exception: the list is broken");
}

TEST(TodoClient, StaticProcsRaise) {
  auto sum = Client::add_u64(UINT64_MAX, 1);
  ASSERT_FALSE(sum);
  const auto* overflow = sum.error().typed()->as_integer_overflow();
  ASSERT_NE(overflow, nullptr);
  EXPECT_EQ(overflow->a, UINT64_MAX);
  EXPECT_EQ(sum.error().message(), "integer_overflow(a: 18446744073709551615, b: 1)");
  EXPECT_EQ(Client::div_u64(7, 2).value_or(0), 3u);
  EXPECT_NE(Client::div_u64(7, 0).error().typed()->as_division_by_zero(), nullptr);
}

TEST(TodoClient, UnionsRoundTrip) {
  Client c = make();
  for (const Shape& s : {Shape(Shape::Circle{1.5}), Shape(Shape::Rect{2, 3}), Shape()}) {
    auto back = c.echo_shape(s);
    ASSERT_TRUE(back) << back.error();
    EXPECT_EQ(*back, s);
  }
  EXPECT_EQ(Shape().index(), 0u);  // default: the first variant
  todo::Drawing d;
  d.name = "d";
  d.shapes = {Shape::Empty{}, Shape::Rect{1, 1}};
  d.background = Shape::Circle{2};
  d.by_name = {{"c", Shape::Circle{3}}};
  todo::Layer inner = todo::Layer::Single{Shape::Circle{4}};
  d.layers = {todo::Layer::Single{Shape::Empty{}},
              todo::Layer::Group{"g", {inner}, {{"k", "v"}}, std::string("n")}};
  auto back = c.echo_drawing(d);
  ASSERT_TRUE(back) << back.error();
  EXPECT_EQ(*back, d);
  EXPECT_EQ(*c.maybe_shape(std::nullopt), std::nullopt);
  EXPECT_DOUBLE_EQ(*c.area(Shape::Rect{2, 3.5}), 7);
}

TEST(TodoClient, UnionsInEvents) {
  Client c = make();
  std::mutex mu;
  std::condition_variable cv;
  std::optional<Shape> drawn;
  auto sub = c.on_shape_drawn([&](const todo::ShapeDrawnEvent& ev) {
    std::lock_guard<std::mutex> lock(mu);
    drawn = ev.shape;
    cv.notify_all();
  });
  Shape big = Shape::Rect{10, 10};
  auto largest = c.largest({Shape::Circle{1}, big, Shape::Empty{}});
  ASSERT_TRUE(largest && *largest);
  EXPECT_EQ(**largest, big);
  std::unique_lock<std::mutex> lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(30), [&] { return drawn.has_value(); }));
  EXPECT_EQ(*drawn, big);
}

TEST(TodoClient, HostFnRaisesFromCpp) {
  Client c = make();
  c.set_lookup(
      [](const std::string& key) -> ffidl::Result<std::string, ffidl::Failure<LookupError>> {
        if (key == "missing") return ffidl::raise(LookupError::NotFound{key});
        if (key == "busy") return ffidl::raise(LookupError::Busy{});
        if (key == "broken") return ffidl::fail("plain failure");
        return "item " + key;
      });
  EXPECT_EQ(*c.add_from_host("k"), "item k");
  auto missing = c.add_from_host("missing");
  ASSERT_FALSE(missing);
  ASSERT_NE(missing.error().typed(), nullptr);
  EXPECT_EQ(missing.error().typed()->as_todo_does_not_exist()->todo, "missing");
  EXPECT_EQ(c.add_from_host("busy").error().message(), "the host is busy");
  EXPECT_NE(c.add_from_host("broken").error().message().find("plain failure"), std::string::npos);
}

TEST(TodoClient, UnionsAsHostFnArgumentsAndAnswers) {
  Client c = make();
  c.set_pick([](const std::vector<Shape>& shapes) -> ffidl::Result<Shape> {
    if (shapes.empty()) return ffidl::fail("nothing to pick");
    return shapes.back();
  });
  Shape rect = Shape::Rect{4, 5};
  EXPECT_EQ(*c.ask_host_to_pick({Shape::Circle{1}, rect}), rect);
  EXPECT_EQ(c.ask_host_to_pick({}).error().message, "host function 'pick' failed: nothing to pick");
}

}  // namespace
