// The generated C++ client of stress where names collide on purpose:
// parameters named like the client's own locals and callbacks (done,
// promise, client, ...), an optional of an object, and a struct holding one.
#include <gtest/gtest.h>

#include "stress_client.hpp"

namespace {

using stress::Client;
using stress::Keeper;
using stress::Namesake;
using stress::Pairing;

TEST(StressClient, ParametersNamedLikeTheClientsOwnNamesArriveIntact) {
  Client c = *Client::create();
  // 31 ones, the list's 30, "ab", "yz", "x".
  ffidl::Result<std::int64_t> sum =
      c.namesakes(1, 1, 1, "ab", 1, 1, 1, 1, Keeper{"x"}, 1, Keeper{"yz"}, {10, 20}, 1, 1, 1, 1, 1,
                  1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
  ASSERT_TRUE(sum) << sum.error().message;
  EXPECT_EQ(*sum, 31 + 30 + 2 + 2 + 1);
  Namesake n = *Namesake::new_(c, 1, 2, 3, 4, 5, 6, 0, 0, 0, 0);
  ffidl::Result<std::int64_t> mixed = n.mix(1, 1, 1, "", 1, 1, 1, 1, std::nullopt, 1, Keeper{}, {},
                                            1, 1, 1, std::nullopt, 1, 1, 1, 1, 1, 1, 1, 1);
  ASSERT_TRUE(mixed) << mixed.error().message;
  EXPECT_EQ(*mixed, 21 + 19);
}

TEST(StressClient, OptionalObjectsAsArgumentsAndFields) {
  Client c = *Client::create();
  Namesake n = *Namesake::new_(c, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  EXPECT_TRUE(*n.pair(n));
  EXPECT_FALSE(*n.pair(std::nullopt));
  Pairing back = *n.echo_pairing(Pairing{n, 2});
  ASSERT_TRUE(back.maybe.has_value());
  EXPECT_EQ(*back.maybe, n);
  EXPECT_EQ(back.count, 2u);
  EXPECT_FALSE(n.echo_pairing(Pairing{std::nullopt, 0})->maybe.has_value());
}

}  // namespace
