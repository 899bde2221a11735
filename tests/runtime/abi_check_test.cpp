// exports::abi_check, the body of every library's `<lib>_abi_check`: a
// binding's declarations against the library's.
#include <gtest/gtest.h>

#include <string>

#include "ffidl/exports.hpp"

namespace ffidl::exports {
namespace {

const AbiDecl kLibrary[] = {{"ctor open", 1}, {"proc say", 2}, {"proc count", 3}};
constexpr std::size_t kN = sizeof kLibrary / sizeof kLibrary[0];

TEST(AbiCheck, ASubsetWithEqualHashesIsAccepted) {
  const char* names[] = {"proc say", "ctor open"};
  const std::uint64_t hashes[] = {2, 1};
  EXPECT_EQ(abi_check(kLibrary, kN, names, hashes, 2), FFIDL_OK);
  EXPECT_EQ(abi_check(kLibrary, kN, nullptr, nullptr, 0), FFIDL_OK);
}

TEST(AbiCheck, AChangedOrMissingFunctionIsNamed) {
  const char* names[] = {"proc say", "proc extra", "ctor open"};
  const std::uint64_t hashes[] = {9, 4, 1};
  EXPECT_EQ(abi_check(kLibrary, kN, names, hashes, 3), FFIDL_ERR);
  EXPECT_EQ(std::string(last_error()), "proc say differs; proc extra is not in the loaded library");
}

TEST(AbiCheck, ALongListIsCut) {
  const char* names[] = {"a", "b", "c", "d", "e", "f"};
  const std::uint64_t hashes[] = {0, 0, 0, 0, 0, 0};
  EXPECT_EQ(abi_check(kLibrary, kN, names, hashes, 6), FFIDL_ERR);
  EXPECT_EQ(std::string(last_error()),
            "a is not in the loaded library; b is not in the loaded library; c is not in the "
            "loaded library; d is not in the loaded library; and 2 more");
}

TEST(AbiCheck, NullArgumentsAreRefused) {
  const char* names[] = {nullptr};
  const std::uint64_t hashes[] = {1};
  EXPECT_EQ(abi_check(kLibrary, kN, nullptr, hashes, 1), FFIDL_ERR);
  EXPECT_EQ(abi_check(kLibrary, kN, names, hashes, 1), FFIDL_ERR);
  EXPECT_NE(std::string(last_error()).find("a name is NULL"), std::string::npos);
}

}  // namespace
}  // namespace ffidl::exports
