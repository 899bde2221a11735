// Calls the todo library from C++: a call that raises returns
// ffidl::Result<T, ffidl::Failure<E>>; visit() matches the typed error and
// the untyped one (the context is gone, the handler threw) exhaustively.
#include <iostream>

#include "todo_client.hpp"

namespace {

template <typename... F>
struct overloaded : F... {
  using F::operator()...;
};
template <typename... F>
overloaded(F...) -> overloaded<F...>;

std::string describe(const ffidl::Failure<todo::TodoError>& failure) {
  return failure.visit(overloaded{
      [](const todo::TodoError& e) {
        return e.visit(overloaded{
            [](const todo::TodoError::TodoDoesNotExist& v) { return "no such item: " + v.todo; },
            [](const todo::TodoError::EmptyTodoList&) { return std::string("the list is empty"); },
            [](const todo::TodoError::DuplicateTodo& v) { return "already listed: " + v.todo; },
        });
      },
      [](const ffidl::Error& e) { return "error: " + e.message; },
  });
}

}  // namespace

int main() {
  ffidl::Result<todo::Client> created = todo::Client::create();
  if (!created) {
    std::cerr << "create failed: " << created.error() << "\n";
    return 1;
  }
  todo::Client& list = *created;

  auto last = list.last();
  std::cout << "last() on an empty list -> " << describe(last.error()) << "\n";
  (void)list.add("milk");
  std::cout << "add(\"milk\") twice -> " << describe(list.add("milk").error()) << "\n";
  std::cout << "remove(\"eggs\") -> " << describe(list.remove("eggs").error()) << "\n";
  std::cout << "broken() -> " << describe(list.broken().error()) << "\n";
  // Every typed error also has a message derived from its variant and fields.
  std::cout << "message: " << list.remove("eggs").error().message() << "\n";

  auto sum = todo::Client::add_u64(UINT64_MAX, 1);
  if (const todo::ArithmeticError* e = sum.error().typed()) {
    if (const auto* overflow = e->as_integer_overflow())
      std::cout << "add_u64(UINT64_MAX, 1) -> overflow: " << overflow->a << " + " << overflow->b
                << "\n";
  }
  std::cout << "div_u64(7, 2) = " << todo::Client::div_u64(7, 2).value_or(0) << "\n";

  // Unions are values: construct one from any of its variants.
  todo::Shape rect = todo::Shape::Rect{2, 3.5};
  std::cout << "area(rect 2 x 3.5) = " << list.area(rect).value_or(-1) << "\n";
  auto largest = list.largest({todo::Shape::Circle{1}, rect, todo::Shape::Empty{}});
  if (largest && *largest) std::cout << "largest: " << (*largest)->message() << "\n";
  return 0;
}
