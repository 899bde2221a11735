// CBOR building blocks: round trips of every primitive, errors that name
// the path, and hostile input (bombs, depth, truncation, wrong types).
#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "ffidl/cbor.hpp"

namespace ffidl {
namespace {

TEST(Cbor, RoundTripsEveryPrimitive) {
  CborWriter w;
  w.map(9);
  w.text("u");
  w.uint(UINT64_MAX);
  w.text("i");
  w.sint(INT64_MIN);
  w.text("b");
  w.boolean(true);
  w.text("f");
  w.f32(0.5f);
  w.text("d");
  w.f64(-1e300);
  w.text("s");
  w.text("h\xC3\xA9llo");
  w.text("y");
  const std::uint8_t raw[] = {0, 1, 0, 255};
  w.bytes(raw, sizeof raw);
  w.text("l");
  w.array(2);
  w.sint(-1);
  w.null();
  w.text("e");
  w.bytes(nullptr, 0);
  std::vector<std::uint8_t> buf = w.take();

  CborReader r(buf.data(), buf.size());
  std::size_t n = 0;
  ASSERT_TRUE(r.map(n));
  EXPECT_EQ(n, 9u);
  std::string key, s;
  std::uint64_t u = 0;
  std::int64_t i = 0;
  bool b = false;
  double f = 0;
  std::vector<std::uint8_t> y;
  ASSERT_TRUE(r.text(key) && key == "u" && r.u64(u));
  EXPECT_EQ(u, UINT64_MAX);
  ASSERT_TRUE(r.text(key) && r.i64(i));
  EXPECT_EQ(i, INT64_MIN);
  ASSERT_TRUE(r.text(key) && r.boolean(b));
  EXPECT_TRUE(b);
  ASSERT_TRUE(r.text(key) && r.f64(f));
  EXPECT_EQ(f, 0.5);
  ASSERT_TRUE(r.text(key) && r.f64(f));
  EXPECT_EQ(f, -1e300);
  ASSERT_TRUE(r.text(key) && r.text(s));
  EXPECT_EQ(s, "h\xC3\xA9llo");
  ASSERT_TRUE(r.text(key) && r.bytes(y));
  EXPECT_EQ(y, std::vector<std::uint8_t>(raw, raw + 4));
  ASSERT_TRUE(r.text(key) && r.array(n));
  EXPECT_EQ(n, 2u);
  ASSERT_TRUE(r.i64(i));
  EXPECT_EQ(i, -1);
  EXPECT_TRUE(r.null());
  r.leave();
  ASSERT_TRUE(r.text(key) && r.bytes(y));
  EXPECT_TRUE(y.empty());
  r.leave();
  EXPECT_TRUE(r.finish()) << r.error();
}

TEST(Cbor, NanAndInfinitiesSurvive) {
  CborWriter w;
  w.f64(std::numeric_limits<double>::quiet_NaN());
  w.f64(std::numeric_limits<double>::infinity());
  w.f32(-std::numeric_limits<float>::infinity());
  auto buf = w.take();
  CborReader r(buf.data(), buf.size());
  double a = 0, b = 0, c = 0;
  ASSERT_TRUE(r.f64(a) && r.f64(b) && r.f64(c));
  EXPECT_TRUE(std::isnan(a));
  EXPECT_EQ(b, std::numeric_limits<double>::infinity());
  EXPECT_EQ(c, -std::numeric_limits<double>::infinity());
}

TEST(Cbor, ErrorsNameThePath) {
  CborWriter w;
  w.uint(7);
  auto buf = w.take();
  CborReader r(buf.data(), buf.size());
  r.push("req");
  r.push("messages");
  r.push(std::size_t{2});
  r.push("note");
  std::string s;
  EXPECT_FALSE(r.text(s));
  EXPECT_EQ(r.error(), "req.messages[2].note: expected text, got uint");
  // After a failure every read fails and the first error is kept.
  bool b = false;
  EXPECT_FALSE(r.boolean(b));
  EXPECT_EQ(r.error(), "req.messages[2].note: expected text, got uint");
}

TEST(Cbor, RangeChecks) {
  CborWriter w;
  w.uint(300);
  w.sint(-129);
  w.sint(-5);
  w.uint(UINT64_MAX);
  auto buf = w.take();
  {
    CborReader r(buf.data(), buf.size());
    std::uint64_t u = 0;
    EXPECT_FALSE(r.u64(u, 255));
    EXPECT_EQ(r.error(), "300 is out of range (at most 255)");
  }
  {
    CborReader r(buf.data() + 3, buf.size() - 3);
    std::int64_t i = 0;
    EXPECT_FALSE(r.i64(i, -128, 127));
    EXPECT_EQ(r.error(), "-1-128 is out of range (-128 to 127)");
  }
  {
    CborReader r(buf.data() + 5, buf.size() - 5);
    std::uint64_t u = 0;
    EXPECT_FALSE(r.u64(u));
    EXPECT_EQ(r.error(), "expected an unsigned integer, got -1-4");
  }
  {
    CborReader r(buf.data() + 6, buf.size() - 6);
    std::int64_t i = 0;
    EXPECT_FALSE(r.i64(i));
    EXPECT_EQ(r.error(),
              "18446744073709551615 is out of range (-9223372036854775808 to "
              "9223372036854775807)");
  }
}

TEST(Cbor, DeclaredLengthsLargerThanTheBuffer) {
  // A text string claiming 2^32 bytes, with 3 present.
  const std::uint8_t text[] = {0x7A, 0xFF, 0xFF, 0xFF, 0xFF, 'a', 'b', 'c'};
  CborReader r1(text, sizeof text);
  std::string s;
  EXPECT_FALSE(r1.text(s));
  EXPECT_NE(r1.error().find("truncated input"), std::string::npos) << r1.error();
  // An array claiming 10^6 elements with nothing after it.
  const std::uint8_t arr[] = {0x9A, 0x00, 0x0F, 0x42, 0x40};  // array, u32 count
  CborReader r2(arr, sizeof arr);
  std::size_t n = 0;
  EXPECT_FALSE(r2.array(n));
  EXPECT_EQ(r2.error(), "array declares 1000000 elements but only 0 bytes remain");
  const std::uint8_t map[] = {0xBA, 0x00, 0x0F, 0x42, 0x40, 0x01};
  CborReader r3(map, sizeof map);
  EXPECT_FALSE(r3.map(n));
  EXPECT_EQ(r3.error(), "map declares 1000000 entries but only 1 bytes remain");
}

TEST(Cbor, NestingBeyondTheLimit) {
  std::vector<std::uint8_t> deep(1000, 0x81);  // [[[[...
  deep.push_back(0x00);
  CborReader r(deep.data(), deep.size());
  std::size_t n = 0;
  bool ok = true;
  for (std::size_t i = 0; i < 1000 && ok; ++i)
    ok = r.array(n);
  EXPECT_FALSE(ok);
  EXPECT_EQ(r.error(), "nesting deeper than 128 levels");
  CborReader s(deep.data(), deep.size());
  EXPECT_FALSE(s.skip());
  EXPECT_EQ(s.error(), "nesting deeper than 128 levels");
}

TEST(Cbor, SkipWalksWholeItems) {
  CborWriter w;
  w.map(2);
  w.text("a");
  w.array(3);
  w.uint(1);
  w.map(1);
  w.text("k");
  w.bytes(nullptr, 0);
  w.f64(2);
  w.text("b");
  w.boolean(false);
  w.uint(99);
  auto buf = w.take();
  CborReader r(buf.data(), buf.size());
  EXPECT_TRUE(r.skip());
  std::uint64_t u = 0;
  EXPECT_TRUE(r.u64(u));
  EXPECT_EQ(u, 99u);
  EXPECT_TRUE(r.finish());
}

TEST(Cbor, SkipCountsDepthNotWidth) {
  // An unknown value holding 200 sibling lists is 2 levels deep, not 201.
  CborWriter w;
  w.array(200);
  for (int i = 0; i < 200; ++i)
    w.array(0);
  w.map(1);  // and a later sibling container at depth 1 again
  w.sint(-3);
  w.array(1);
  w.array(0);
  auto buf = w.take();
  CborReader r(buf.data(), buf.size());
  EXPECT_TRUE(r.skip()) << r.error();
  EXPECT_TRUE(r.skip()) << r.error();
  EXPECT_TRUE(r.finish());
  // Exactly 128 levels are fine; 129 are not.
  for (std::size_t levels : {std::size_t{128}, std::size_t{129}}) {
    std::vector<std::uint8_t> deep(levels, 0x81);
    deep.push_back(0x00);
    CborReader d(deep.data(), deep.size());
    EXPECT_EQ(d.skip(), levels == 128) << levels << ": " << d.error();
  }
}

TEST(Cbor, IntegerKeysInPaths) {
  CborWriter w;
  w.uint(1);
  auto buf = w.take();
  CborReader r(buf.data(), buf.size());
  r.push("codes");
  r.push_key(std::int64_t{-7});
  r.push("x");
  r.push_key(std::uint64_t{UINT64_MAX});
  std::string s;
  EXPECT_FALSE(r.text(s));
  EXPECT_EQ(r.error(), "codes.-7.x.18446744073709551615: expected text, got uint");
}

TEST(Cbor, TrailingGarbageAndEmptyInput) {
  const std::uint8_t data[] = {0x01, 0xFF, 0xFF};
  CborReader r(data, sizeof data);
  std::uint64_t u = 0;
  EXPECT_TRUE(r.u64(u));
  EXPECT_FALSE(r.finish());
  EXPECT_EQ(r.error(), "2 bytes of trailing data after the value");
  CborReader empty(nullptr, 0);
  EXPECT_FALSE(empty.u64(u));
  EXPECT_EQ(empty.error(), "unexpected end of input");
}

TEST(Cbor, MalformedAndUnsupported) {
  const std::uint8_t reserved[] = {0x1C};  // reserved additional info
  CborReader r1(reserved, 1);
  std::uint64_t u = 0;
  EXPECT_FALSE(r1.u64(u));
  EXPECT_EQ(r1.error(), "malformed CBOR at byte offset 0");
  const std::uint8_t indefinite[] = {0x9F, 0x01, 0xFF};
  CborReader r2(indefinite, sizeof indefinite);
  std::size_t n = 0;
  EXPECT_FALSE(r2.array(n));
  EXPECT_EQ(r2.error(), "indefinite-length items are not supported; encode lengths up front");
  const std::uint8_t bad_utf8[] = {0x62, 0xC3, 0x28};
  CborReader r3(bad_utf8, sizeof bad_utf8);
  std::string s;
  EXPECT_FALSE(r3.text(s));
  EXPECT_EQ(r3.error(), "text is not valid UTF-8");
}

TEST(Cbor, WrongTypeAtEveryPosition) {
  CborWriter w;
  w.text("x");
  auto buf = w.take();
  auto fails = [&](auto read) {
    CborReader r(buf.data(), buf.size());
    EXPECT_FALSE(read(r));
    return r.error();
  };
  EXPECT_EQ(fails([](CborReader& r) {
              bool b;
              return r.boolean(b);
            }),
            "expected bool, got text");
  EXPECT_EQ(fails([](CborReader& r) {
              std::uint64_t v;
              return r.u64(v);
            }),
            "expected uint, got text");
  EXPECT_EQ(fails([](CborReader& r) {
              std::int64_t v;
              return r.i64(v);
            }),
            "expected int, got text");
  EXPECT_EQ(fails([](CborReader& r) {
              double v;
              return r.f64(v);
            }),
            "expected float, got text");
  EXPECT_EQ(fails([](CborReader& r) {
              std::vector<std::uint8_t> v;
              return r.bytes(v);
            }),
            "expected bytes, got text");
  EXPECT_EQ(fails([](CborReader& r) {
              std::size_t v;
              return r.array(v);
            }),
            "expected array, got text");
  EXPECT_EQ(fails([](CborReader& r) {
              std::size_t v;
              return r.map(v);
            }),
            "expected map, got text");
}

}  // namespace
}  // namespace ffidl
