// host_demo from C++: host functions are std::functions, run on a worker
// thread the client owns; errors and exceptions become the caller's error.
#include <iostream>

#include "host_demo_client.hpp"

int main() {
  auto created = host_demo::Client::create();
  if (!created) return 1;
  host_demo::Client demo = std::move(*created);

  demo.set_lookup_user([](host_demo::LookupRequest req) -> ffidl::Result<host_demo::UserInfo> {
    if (req.user_id != 7) return ffidl::fail("no user " + std::to_string(req.user_id));
    return host_demo::UserInfo{"ada", {"admin"}, std::nullopt};
  });
  demo.set_fetch_token(
      [](std::string key) -> ffidl::Result<std::string> { return "token-for-" + key; });

  if (auto g = demo.greet(host_demo::LookupRequest{7, true})) {
    std::cout << "greet(7)  -> " << g->text << ", token " << g->token.value_or("none") << "\n";
  }
  auto missing = demo.greet(host_demo::LookupRequest{8, false});
  std::cout << "greet(8)  -> error: " << missing.error() << "\n";
  return 0;
}
