// The arena native arguments are staged in (ffidl/stage.hpp): what it copies,
// what it refuses, and that its blocks hold values of any size, aligned.
#include "ffidl/stage.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

namespace {

struct Pair {
  const char* name;
  double weight;
};

TEST(Stage, TextIsCopiedAndChecked) {
  ffidl::pod::Arena a;
  std::string s = "caf\xc3\xa9";
  const char* copy = a.text(s.c_str());
  s.assign(s.size(), 'X');
  EXPECT_STREQ(copy, "caf\xc3\xa9");
  EXPECT_EQ(a.text(nullptr), nullptr);  // reads as "" when converted
  EXPECT_THROW(a.text("bad\xff"), ffidl::pod::Invalid);
}

TEST(Stage, ArraysOfAnySizeAreCopiedAligned) {
  ffidl::pod::Arena a;
  std::vector<std::uint8_t> small(3, 1), big(1 << 20, 2);
  std::vector<const std::uint8_t*> copies;
  for (int i = 0; i < 200; ++i)  // many small values span several blocks
    copies.push_back(a.array(small.data(), small.size()));
  const std::uint8_t* large = a.array(big.data(), big.size());
  for (const std::uint8_t* c : copies) {
    EXPECT_EQ(reinterpret_cast<std::uintptr_t>(c) % alignof(std::max_align_t), 0u);
    EXPECT_EQ(std::vector<std::uint8_t>(c, c + 3), small);
  }
  EXPECT_EQ(std::vector<std::uint8_t>(large, large + big.size()), big);
  EXPECT_EQ(a.array(small.data(), 0), nullptr);
  EXPECT_EQ(a.array<std::uint8_t>(nullptr, 5), nullptr);  // NULL reads as empty
}

TEST(Stage, AnAbsurdLengthIsRefusedBeforeAnyCopy) {
  ffidl::pod::Arena a;
  double one = 1;
  EXPECT_THROW(a.array(&one, SIZE_MAX / 4), std::length_error);
}

TEST(Stage, StageArrayNamesTheRefusedElement) {
  ffidl::pod::Arena a;
  Pair in[3] = {{"a", 1}, {"b", 2}, {"c\xff", 3}};
  try {
    ffidl::pod::stage_array(a, in, 3,
                            [&](const Pair& from, Pair& to) { to.name = a.text(from.name); });
    FAIL() << "not refused";
  } catch (const ffidl::pod::Invalid& e) {
    EXPECT_STREQ(e.what(), "[2]: text is not valid UTF-8");
  }
  const Pair* out = ffidl::pod::stage_array(
      a, in, 2, [&](const Pair& from, Pair& to) { to.name = a.text(from.name); });
  ASSERT_NE(out, nullptr);
  EXPECT_NE(out[1].name, in[1].name);  // its own copy
  EXPECT_STREQ(out[1].name, "b");
  EXPECT_EQ(out[1].weight, 2);
}

TEST(Stage, AMovedArenaKeepsItsBlocks) {
  ffidl::pod::Arena a;
  const char* s = a.text("kept");
  ffidl::pod::Arena b = std::move(a);
  EXPECT_STREQ(s, "kept");
  ffidl::pod::Arena c;
  c = std::move(b);
  EXPECT_STREQ(s, "kept");
  c.release();
  EXPECT_STREQ(c.text("again"), "again");  // usable after release
}

}  // namespace
