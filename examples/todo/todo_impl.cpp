// The todo library: typed errors raised in one expression, a host fn's
// typed error mapped to the handler's own, and unions as plain values.
#include <algorithm>
#include <limits>
#include <stdexcept>

#include "todo_service.hpp"

namespace todo {

namespace {

double area_of(const Shape& shape) {
  struct Area {
    double operator()(const ShapeCircle& c) const {
      return 3.141592653589793 * c.radius * c.radius;
    }
    double operator()(const ShapeRect& r) const { return r.w * r.h; }
    double operator()(const ShapeEmpty&) const { return 0; }
  };
  return shape.visit(Area{});
}

class TodoList final : public Service {
 public:
  ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> add(std::string todo) override {
    if (std::find(items_.begin(), items_.end(), todo) != items_.end())
      co_return ffidl::raise(TodoError::DuplicateTodo{todo});
    items_.push_back(std::move(todo));
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> remove(std::string todo) override {
    auto it = std::find(items_.begin(), items_.end(), todo);
    if (it == items_.end()) co_return ffidl::raise(TodoError::TodoDoesNotExist{todo});
    items_.erase(it);
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<std::string, ffidl::Failure<TodoError>>> last() override {
    if (items_.empty()) co_return ffidl::raise(TodoError::EmptyTodoList{});
    co_return items_.back();
  }

  ffidl::Task<ffidl::Result<std::vector<std::string>>> items() override { co_return items_; }

  ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> broken() override {
    throw std::runtime_error("the list is broken");
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<std::string, ffidl::Failure<TodoError>>> add_from_host(
      std::string key) override {
    ffidl::Result<std::string, ffidl::Failure<LookupError>> found = co_await host().lookup(key);
    if (!found) {
      // The host's typed error, matched exhaustively and mapped to ours.
      if (const LookupError* e = found.error().typed()) {
        if (const auto* missing = e->as_not_found())
          co_return ffidl::raise(TodoError::TodoDoesNotExist{missing->key});
        co_return ffidl::fail("the host is busy");
      }
      co_return ffidl::fail(*found.error().untyped());
    }
    items_.push_back(*found);
    co_return *found;
  }

  ffidl::Task<ffidl::Result<double>> area(Shape shape) override { co_return area_of(shape); }

  ffidl::Task<ffidl::Result<std::optional<Shape>>> largest(std::vector<Shape> shapes) override {
    if (shapes.empty()) co_return std::optional<Shape>();
    auto it = std::max_element(shapes.begin(), shapes.end(), [](const Shape& a, const Shape& b) {
      return area_of(a) < area_of(b);
    });
    events().shape_drawn(*it);
    co_return std::optional<Shape>(*it);
  }

  ffidl::Task<ffidl::Result<Shape>> ask_host_to_pick(std::vector<Shape> shapes) override {
    ffidl::Result<Shape> picked = co_await host().pick(std::move(shapes));
    if (!picked) co_return ffidl::fail(picked.error());
    co_return *picked;
  }

  ffidl::Task<ffidl::Result<Shape>> echo_shape(Shape shape) override { co_return shape; }
  ffidl::Task<ffidl::Result<Drawing>> echo_drawing(Drawing drawing) override { co_return drawing; }
  ffidl::Task<ffidl::Result<std::optional<Shape>>> maybe_shape(
      std::optional<Shape> shape) override {
    co_return shape;
  }

 private:
  std::vector<std::string> items_;
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create() {
  co_return std::unique_ptr<Service>(std::make_unique<TodoList>());
}

ffidl::Task<ffidl::Result<std::uint64_t, ffidl::Failure<ArithmeticError>>> add_u64(
    std::uint64_t a, std::uint64_t b) {
  if (a > std::numeric_limits<std::uint64_t>::max() - b)
    co_return ffidl::raise(ArithmeticError::IntegerOverflow{a, b});
  co_return a + b;
}

ffidl::Task<ffidl::Result<std::uint64_t, ffidl::Failure<ArithmeticError>>> div_u64(
    std::uint64_t a, std::uint64_t b) {
  if (b == 0) co_return ffidl::raise(ArithmeticError::DivisionByZero{});
  co_return a / b;
}

}  // namespace todo
