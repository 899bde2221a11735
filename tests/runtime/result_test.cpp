// ffidl::Result mirrors std::expected: the same members, the same
// semantics (value() on an error throws, never undefined behaviour), and
// Failure<E> carries a typed error or an untyped one.
#include <gtest/gtest.h>

#include <sstream>
#include <string>

#include "ffidl/result.hpp"
#include "ffidl/show.hpp"

namespace {

struct Oops {
  int code = 0;
  std::string message() const { return "oops " + std::to_string(code); }
  bool operator==(const Oops& o) const { return code == o.code; }
};

using ffidl::Error;
using ffidl::Failure;
using ffidl::Result;

TEST(Result, HoldsAValueOrAnError) {
  Result<int> ok = 7;
  EXPECT_TRUE(ok.has_value());
  EXPECT_TRUE(ok);
  EXPECT_EQ(*ok, 7);
  EXPECT_EQ(ok.value(), 7);
  Result<int> bad = ffidl::fail("no");
  EXPECT_FALSE(bad);
  EXPECT_EQ(bad.error(), "no");
  EXPECT_EQ(bad.error().message, "no");
  std::ostringstream os;
  os << bad.error();
  EXPECT_EQ(os.str(), "no");
}

TEST(Result, ValueOnAnErrorThrowsInsteadOfUndefinedBehaviour) {
  Result<int> bad = ffidl::fail("gone");
  EXPECT_THROW((void)bad.value(), ffidl::bad_result_access);
  try {
    (void)bad.value();
  } catch (const ffidl::bad_result_access& e) {
    EXPECT_NE(std::string(e.what()).find("gone"), std::string::npos);
  }
  Result<void> none = ffidl::fail("x");
  EXPECT_THROW(none.value(), ffidl::bad_result_access);
  Result<void> fine = ffidl::ok();
  EXPECT_NO_THROW(fine.value());
}

TEST(Result, MonadicOperationsAsInStdExpected) {
  Result<int> ok = 20;
  Result<int> bad = ffidl::fail("no");
  EXPECT_EQ(ok.value_or(0), 20);
  EXPECT_EQ(bad.value_or(0), 0);
  auto half = [](int v) -> Result<int> {
    if (v % 2) return ffidl::fail("odd");
    return v / 2;
  };
  EXPECT_EQ(*ok.and_then(half), 10);
  EXPECT_EQ(ok.and_then(half).and_then(half).and_then(half).error(), "odd");
  EXPECT_EQ(bad.and_then(half).error(), "no");
  Result<std::string> text = ok.transform([](int v) { return std::to_string(v); });
  EXPECT_EQ(*text, "20");
  EXPECT_EQ(bad.transform([](int v) { return v + 1; }).error(), "no");
  EXPECT_EQ(*bad.or_else([](const Error&) -> Result<int> { return 1; }), 1);
  EXPECT_EQ(*ok.or_else([](const Error&) -> Result<int> { return 1; }), 20);
  Result<int, int> coded =
      bad.transform_error([](const Error& e) { return int(e.message.size()); });
  EXPECT_EQ(coded.error(), 2);
  Result<void> done = ffidl::ok();
  EXPECT_EQ(*done.transform([] { return 5; }), 5);
}

TEST(Result, FailureCarriesATypedOrAnUntypedError) {
  Result<int, Failure<Oops>> raised = ffidl::raise(Oops{3});
  ASSERT_FALSE(raised);
  ASSERT_NE(raised.error().typed(), nullptr);
  EXPECT_EQ(raised.error().typed()->code, 3);
  EXPECT_EQ(raised.error().untyped(), nullptr);
  EXPECT_EQ(raised.error().message(), "oops 3");
  Result<int, Failure<Oops>> failed = ffidl::fail("closed");
  ASSERT_NE(failed.error().untyped(), nullptr);
  EXPECT_EQ(failed.error().message(), "closed");
  // Exhaustive matching with visit.
  struct Visitor {
    std::string operator()(const Oops& o) const { return "typed " + o.message(); }
    std::string operator()(const Error& e) const { return "untyped " + e.message; }
  };
  EXPECT_EQ(raised.error().visit(Visitor{}), "typed oops 3");
  EXPECT_EQ(failed.error().visit(Visitor{}), "untyped closed");
  Result<void, Failure<Oops>> nothing = ffidl::ok();
  EXPECT_TRUE(nothing);
}

TEST(Show, FieldsReadTheSameInEveryBinding) {
  EXPECT_EQ(ffidl::show::value(std::string("a\"b\\c")), "\"a\\\"b\\\\c\"");
  EXPECT_EQ(ffidl::show::value(2.0), "2");
  EXPECT_EQ(ffidl::show::value(3.5), "3.5");
  EXPECT_EQ(ffidl::show::value(0.1), "0.1");
  EXPECT_EQ(ffidl::show::value(1.5f), "1.5");
  EXPECT_EQ(ffidl::show::value(UINT64_MAX), "18446744073709551615");
  EXPECT_EQ(ffidl::show::value(std::int8_t{-5}), "-5");
  EXPECT_EQ(ffidl::show::value(true), "true");
}

}  // namespace
