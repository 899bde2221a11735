// The greeter from C++: an RAII client, ffidl::Result values, an event.
#include <iostream>

#include "greeter_client.hpp"

int main() {
  auto created = greeter::Client::create(greeter::GreeterConfig{"Hello"});
  if (!created) {
    std::cerr << "create failed: " << created.error() << "\n";
    return 1;
  }
  greeter::Client client = std::move(*created);
  auto subscription = client.on_greeted([](const greeter::GreetedEvent& e) {
    std::cout << "(greeted " << e.name << ", #" << e.count << ")\n";
  });
  auto text = client.greet("C++");
  if (!text) {
    std::cerr << "greet failed: " << text.error() << "\n";
    return 1;
  }
  std::cout << *text << "\n";
  return 0;
}
