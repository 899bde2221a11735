#include <gtest/gtest.h>

#include "naming.hpp"

namespace ffidl::naming {
namespace {

TEST(Naming, Words) {
  EXPECT_EQ(words("EchoRequest"), (std::vector<std::string>{"echo", "request"}));
  EXPECT_EQ(words("echo_request"), (std::vector<std::string>{"echo", "request"}));
  EXPECT_EQ(words("HTTPServer"), (std::vector<std::string>{"http", "server"}));
  EXPECT_EQ(words("delay_ms"), (std::vector<std::string>{"delay", "ms"}));
  EXPECT_EQ(words("MAX_PEERS"), (std::vector<std::string>{"max", "peers"}));
  EXPECT_EQ(words("v2Api"), (std::vector<std::string>{"v2", "api"}));
}

TEST(Naming, Casings) {
  model::Names n = names("echo_fired");
  EXPECT_EQ(n.snake, "echo_fired");
  EXPECT_EQ(n.camel, "echoFired");
  EXPECT_EQ(n.pascal, "EchoFired");
  EXPECT_EQ(n.upper, "ECHO_FIRED");
  EXPECT_EQ(pascal("MAX_PEERS"), "MaxPeers");
  EXPECT_EQ(snake("TimerConfig"), "timer_config");
}

TEST(Naming, Keywords) {
  EXPECT_EQ(keyword_in("type"), "Go, Rust");
  EXPECT_EQ(keyword_in("int"), "C, C++");
  EXPECT_EQ(keyword_in("struct"), "C, C++, Go, Rust");
  EXPECT_EQ(keyword_in("message"), "");
  EXPECT_EQ(keyword_in("Self"), "Rust");
}

}  // namespace
}  // namespace ffidl::naming
