// A binding refuses a library built from another schema, and only then:
// this program is compiled against headers generated from one of the
// echo_*.ffidl here (ECHO_CONFIG is how its EchoConfig is built; with
// ECHO_DOCS_ONLY the schema differs in comments and layout only) and linked
// to the libecho.so built from schemas/echo.ffidl.
#include <cstdio>
#include <string>

#include "echo_client.hpp"

int main() {
#ifdef ECHO_DOCS_ONLY
  // Doc comments and layout are not part of the ABI: nothing is refused.
  if (echo_check_abi() != FFIDL_OK) return std::puts("echo_check_abi refused a doc change"), 1;
  auto client = echo::Client::create(echo::EchoConfig{"> "});
  if (!client) return std::printf("create failed: %s\n", client.error().c_str()), 1;
  auto said = client->say("x");
  if (!said || *said != "> x") return std::puts("say failed"), 1;
  std::puts("a doc-only change is accepted");
  return 0;
#else
  if (echo_check_abi() != FFIDL_ERR) return std::puts("echo_check_abi accepted a changed ABI"), 1;
  auto client = echo::Client::create(echo::EchoConfig ECHO_CONFIG);
  if (client) return std::puts("create accepted a library of another ABI"), 1;
  std::printf("%s\n", client.error().c_str());
  const std::string& why = client.error();
  for (const char* part : {"echo: this client was generated from echo 0.1.0 (ABI hash ",
                           ") but the loaded library is echo 0.1.0 (ABI hash ",
                           "regenerate the client from the library's schema"}) {
    if (why.find(part) == std::string::npos) return std::printf("missing: %s\n", part), 1;
  }
  auto shouted = echo::Client::shout("first call is static");
  if (shouted || shouted.error() != why) return std::puts("a static call was not refused"), 1;
  return 0;
#endif
}
