// The implementation of todo: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "todo_service.hpp"

namespace todo {

namespace {
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> add(std::string todo) override {
        (void)todo;
        co_return ffidl::fail("add is not implemented");
    }
    ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> remove(std::string todo) override {
        (void)todo;
        co_return ffidl::fail("remove is not implemented");
    }
    ffidl::Task<ffidl::Result<std::string, ffidl::Failure<TodoError>>> last() override {
        co_return ffidl::fail("last is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::string>>> items() override {
        co_return ffidl::fail("items is not implemented");
    }
    ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> broken() override {
        co_return ffidl::fail("broken is not implemented");
    }
    ffidl::Task<ffidl::Result<std::string, ffidl::Failure<TodoError>>> add_from_host(std::string key) override {
        (void)key;
        co_return ffidl::fail("add_from_host is not implemented");
    }
    ffidl::Task<ffidl::Result<double>> area(Shape shape) override {
        (void)shape;
        co_return ffidl::fail("area is not implemented");
    }
    ffidl::Task<ffidl::Result<std::optional<Shape>>> largest(std::vector<Shape> shapes) override {
        (void)shapes;
        co_return ffidl::fail("largest is not implemented");
    }
    ffidl::Task<ffidl::Result<Shape>> echo_shape(Shape shape) override {
        (void)shape;
        co_return ffidl::fail("echo_shape is not implemented");
    }
    ffidl::Task<ffidl::Result<Drawing>> echo_drawing(Drawing drawing) override {
        (void)drawing;
        co_return ffidl::fail("echo_drawing is not implemented");
    }
    ffidl::Task<ffidl::Result<std::optional<Shape>>> maybe_shape(std::optional<Shape> shape) override {
        (void)shape;
        co_return ffidl::fail("maybe_shape is not implemented");
    }
    ffidl::Task<ffidl::Result<Shape>> ask_host_to_pick(std::vector<Shape> shapes) override {
        (void)shapes;
        co_return ffidl::fail("ask_host_to_pick is not implemented");
    }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create() {
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
ffidl::Task<ffidl::Result<std::uint64_t, ffidl::Failure<ArithmeticError>>> add_u64(std::uint64_t a, std::uint64_t b) {
    (void)a;
    (void)b;
    co_return ffidl::fail("add_u64 is not implemented");
}
ffidl::Task<ffidl::Result<std::uint64_t, ffidl::Failure<ArithmeticError>>> div_u64(std::uint64_t a, std::uint64_t b) {
    (void)a;
    (void)b;
    co_return ffidl::fail("div_u64 is not implemented");
}
}  // namespace todo
