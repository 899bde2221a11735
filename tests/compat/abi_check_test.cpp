// A binding refuses a library that lacks or changed a function it was
// generated with, and only then: this program is compiled against headers
// generated from one of the echo_*.ffidl here (ECHO_CONFIG is how its
// EchoConfig is built; with ECHO_ACCEPTED the library must be accepted: the
// schema differs in comments only, or lacks a function the library has;
// else ECHO_WHY is what the refusal must name) and linked to the libecho.so
// built from schemas/echo.ffidl.
#include <cstdio>
#include <string>

#include "echo_client.hpp"

int main() {
#ifdef ECHO_ACCEPTED
  // Doc comments are not part of the ABI, and a library may have more
  // functions than a client knows: nothing is refused.
  if (echo_check_abi() != FFIDL_OK) return std::printf("refused: %s\n", echo_last_error()), 1;
  auto client = echo::Client::create(echo::EchoConfig{"> "});
  if (!client) return std::printf("create failed: %s\n", client.error().message.c_str()), 1;
  auto said = client->say("x");
  if (!said || *said != "> x") return std::puts("say failed"), 1;
  std::puts("the library is accepted");
  return 0;
#else
  if (echo_check_abi() != FFIDL_ERR) return std::puts("echo_check_abi accepted a changed ABI"), 1;
  auto client = echo::Client::create(echo::EchoConfig ECHO_CONFIG);
  if (client) return std::puts("create accepted a library of another ABI"), 1;
  std::printf("%s\n", client.error().message.c_str());
  const std::string& why = client.error().message;
  for (const char* part : {"echo: this client was generated from echo 0.1.0 (ABI hash ",
                           ") but the loaded library is echo 0.1.0 (ABI hash ", ECHO_WHY,
                           "; regenerate the client from the library's schema"}) {
    if (why.find(part) == std::string::npos) return std::printf("missing: %s\n", part), 1;
  }
  auto shouted = echo::Client::shout("first call is static");
  if (shouted || shouted.error() != why) return std::puts("a static call was not refused"), 1;
  return 0;
#endif
}
