// kitchen_sink from C++: nested structs, maps, optionals and enums are
// ordinary value types that round-trip exactly (operator== compares all).
#include <iostream>

#include "kitchen_sink_client.hpp"

int main() {
  using namespace kitchen_sink;
  auto created = Client::create(SinkConfig{false});
  if (!created) return 1;
  Client sink = std::move(*created);

  Inner inner{"first", {0, 1, 2}, 0.25, Status::ok};
  Outer outer;
  outer.middle.inner = inner;
  outer.middle.by_name = {{"x", inner}};
  outer.groups = {{"primes", {2, 3, 5}}};
  outer.colors = {Color::red, Color::blue};
  outer.maybe_text = "present";

  ffidl::Result<Outer> back = sink.echo_outer(outer);
  std::cout << "echo_outer -> " << (back && *back == outer ? "identical" : "different") << "\n";

  sink.set_transform([](Outer value) -> ffidl::Result<Outer> {
    value.groups["added by the host"] = {42};
    return value;
  });
  if (auto t = sink.transform_outer(outer))
    std::cout << "transform_outer -> " << t->groups.size() << " groups\n";

  if (auto sum = Client::add(40, 2)) std::cout << "add(40, 2) -> " << *sum << "\n";
  std::cout << "fail(\"on purpose\") -> " << sink.fail("on purpose").error() << "\n";
  return 0;
}
