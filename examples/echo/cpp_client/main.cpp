// The echo library from C++: a plain object, plain values, ffidl::Result.
#include <iostream>

#include "echo_client.hpp"

int main() {
  ffidl::Result<echo::Client> created = echo::Client::create(echo::EchoConfig{"echo: "});
  if (!created) {
    std::cerr << "create failed: " << created.error() << "\n";
    return 1;
  }
  echo::Client client = std::move(*created);

  if (auto said = client.say("hello from C++")) std::cout << "say     -> " << *said << "\n";

  // Asynchronous forms: a future, or a completion callback.
  std::future<ffidl::Result<std::vector<std::uint8_t>>> reversed = client.reverse_async({1, 2, 3});
  std::promise<std::uint64_t> counted;
  client.count([&](ffidl::Result<std::uint64_t> n) {
    counted.set_value(n ? *n : 0);
  });  // on a library thread
  std::cout << "reverse -> first byte " << int(reversed.get()->front()) << "\n";
  std::cout << "count   -> " << counted.get_future().get() << " calls so far\n";

  if (auto shout = echo::Client::shout("static procs need no client"))
    std::cout << "shout   -> " << *shout << "\n";
  return 0;  // ~Client destroys the context after answering what is pending
}
