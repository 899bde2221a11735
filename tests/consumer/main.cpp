// The greeter from C++: an RAII client, ffidl::Result values, an event.
#include <iostream>
#include <string>

#include "greeter_client.hpp"

int main() {
  auto created = greeter::Client::create(greeter::GreeterConfig{"Hello"});
  if (!created) {
    std::cerr << "create failed: " << created.error() << "\n";
    return 1;
  }
  greeter::Client client = std::move(*created);
  // The listener runs on the library's event thread, concurrently with
  // main's own output: each line is one write, so lines never interleave.
  auto subscription = client.on_greeted([](const greeter::GreetedEvent& e) {
    std::cout << ("(greeted " + e.name + ", #" + std::to_string(e.count) + ")\n") << std::flush;
  });
  auto text = client.greet("C++");
  if (!text) {
    std::cerr << "greet failed: " << text.error() << "\n";
    return 1;
  }
  std::cout << (*text + "\n") << std::flush;
  return 0;
}
