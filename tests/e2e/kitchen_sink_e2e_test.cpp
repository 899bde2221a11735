// kitchen_sink through its C ABI: every type nested to depth three, round
// tripped over both wires, with the edge values (empty lists, absent
// optionals, empty strings, zero bytes, integer extremes, NaN, infinities).
#include <cmath>
#include <limits>
#include <sstream>

#include "kitchen_sink.h"
#include "support.hpp"

namespace e2e {
namespace {

// ---- a canonical text dump of native values, to compare deep structures ----

std::string dump(double v) {
  if (std::isnan(v)) return "nan";
  std::ostringstream s;
  s << v;
  return s.str();
}
std::string dump(const char* s) {
  return s ? "\"" + std::string(s) + "\"" : "null";
}
std::string dump_bytes(const std::uint8_t* p, std::size_t n) {
  std::string out = "b[";
  for (std::size_t i = 0; i < n; ++i)
    out += std::to_string(p[i]) + ",";
  return out + "]";
}
std::string dump(const kitchen_sink_Inner& in) {
  return "Inner{" + dump(in.label) + "," + dump_bytes(in.data, in.data_len) + "," +
         (in.has_score ? dump(in.score) : "-") + "," + std::to_string(in.status) + "}";
}
std::string dump(const kitchen_sink_Middle& m);
template <typename T>
std::string dump_list(const T* p, std::size_t n) {
  std::string out = "[";
  for (std::size_t i = 0; i < n; ++i)
    out += dump(p[i]) + ",";
  return out + "]";
}
std::string dump(const kitchen_sink_Middle& m) {
  std::string by_name = "{";
  for (std::size_t i = 0; i < m.by_name_len; ++i)
    by_name += dump(m.by_name_keys[i]) + ":" + dump(m.by_name_values[i]) + ",";
  return "Middle{" + dump(m.inner) + "," + dump_list(m.inners, m.inners_len) + "," +
         (m.has_maybe_inner ? dump(m.maybe_inner) : "-") + "," + by_name + "}}";
}
std::string dump(const kitchen_sink_Outer& o) {
  std::string out =
      "Outer{" + dump(o.middle) + "," + dump_list(o.middles, o.middles_len) + ",groups{";
  for (std::size_t i = 0; i < o.groups_len; ++i) {
    out += dump(o.groups_keys[i]) + ":[";
    for (std::size_t k = 0; k < o.groups_values[i].value_len; ++k)
      out += std::to_string(o.groups_values[i].value[k]) + ",";
    out += "],";
  }
  out += "},codes{";
  for (std::size_t i = 0; i < o.codes_len; ++i)
    out += std::to_string(o.codes_keys[i]) + ":" + dump(o.codes_values[i]) + ",";
  out += "},matrix[";
  for (std::size_t i = 0; i < o.matrix_len; ++i) {
    out += "[";
    for (std::size_t k = 0; k < o.matrix[i].value_len; ++k)
      out += dump(o.matrix[i].value[k]) + ",";
    out += "]";
  }
  out += "],colors[";
  for (std::size_t i = 0; i < o.colors_len; ++i)
    out += std::to_string(o.colors[i]) + ",";
  out += "]," + (o.has_maybe_text ? dump(o.maybe_text) : std::string("-"));
  out +=
      "," + (o.has_maybe_bytes ? dump_bytes(o.maybe_bytes, o.maybe_bytes_len) : std::string("-"));
  out += ",[";
  if (o.has_maybe_list) {
    for (std::size_t i = 0; i < o.maybe_list_len; ++i)
      out += dump(o.maybe_list[i]) + ",";
  } else {
    out += "-";
  }
  out += "],blobs[";
  for (std::size_t i = 0; i < o.blobs_len; ++i)
    out += dump_bytes(o.blobs[i].value, o.blobs[i].value_len);
  return out + "]}";
}

void* create(bool fail = false, Call* ctor = nullptr) {
  Call local;
  Call& c = ctor ? *ctor : local;
  kitchen_sink_SinkConfig config{fail};
  void* ctx = kitchen_sink_create(&config, Call::callback, &c);
  c.wait();
  return ctx;
}

/// A deep Outer with every edge value; storage lives in the fixture.
struct OuterFixture {
  const std::uint8_t zeros[3] = {0, 0, 0};
  kitchen_sink_Inner inners[2] = {};
  const char* name_keys[2] = {"a", "b"};
  kitchen_sink_Inner name_values[2] = {};
  kitchen_sink_Middle middles[1] = {};
  const char* group_keys[2] = {"empty", "nums"};
  const std::int32_t nums[3] = {INT32_MIN, 0, INT32_MAX};
  kitchen_sink_ffidl_ListI32 group_values[2] = {};
  const std::uint32_t code_keys[2] = {0, UINT32_MAX};
  const char* code_values[2] = {"", "max"};
  const double row[3] = {std::numeric_limits<double>::quiet_NaN(),
                         std::numeric_limits<double>::infinity(),
                         -std::numeric_limits<double>::infinity()};
  kitchen_sink_ffidl_ListF64 matrix[2] = {};
  const kitchen_sink_Color colors[3] = {kitchen_sink_Color_blue, kitchen_sink_Color_red,
                                        kitchen_sink_Color_green};
  const char* words[2] = {"", "w"};
  kitchen_sink_ffidl_Bytes blobs[2] = {};
  kitchen_sink_Outer outer = {};

  OuterFixture() {
    inners[0] = {"", zeros, 3, true, 0.0, kitchen_sink_Status_unknown};
    inners[1] = {"second", nullptr, 0, false, 0.0, kitchen_sink_Status_failed};
    name_values[0] = inners[1];
    name_values[1] = inners[0];
    kitchen_sink_Middle& m = outer.middle;
    m.inner = {"deep", zeros, 1, true, -1.5, kitchen_sink_Status_retry};
    m.inners = inners;
    m.inners_len = 2;
    m.has_maybe_inner = true;
    m.maybe_inner = inners[0];
    m.by_name_keys = name_keys;
    m.by_name_values = name_values;
    m.by_name_len = 2;
    middles[0] = m;
    middles[0].has_maybe_inner = false;
    outer.middles = middles;
    outer.middles_len = 1;
    group_values[0] = {nullptr, 0};
    group_values[1] = {nums, 3};
    outer.groups_keys = group_keys;
    outer.groups_values = group_values;
    outer.groups_len = 2;
    outer.codes_keys = code_keys;
    outer.codes_values = code_values;
    outer.codes_len = 2;
    matrix[0] = {row, 3};
    matrix[1] = {nullptr, 0};
    outer.matrix = matrix;
    outer.matrix_len = 2;
    outer.colors = colors;
    outer.colors_len = 3;
    outer.has_maybe_text = true;
    outer.maybe_text = "";
    outer.has_maybe_bytes = true;
    outer.maybe_bytes = zeros;
    outer.maybe_bytes_len = 2;
    outer.has_maybe_list = true;
    outer.maybe_list = words;
    outer.maybe_list_len = 2;
    blobs[0] = {zeros, 3};
    blobs[1] = {nullptr, 0};
    outer.blobs = blobs;
    outer.blobs_len = 2;
  }
};

TEST(KitchenSinkE2E, DeepNativeRoundTrip) {
  void* ctx = create();
  OuterFixture f;
  std::string sent = dump(f.outer);
  Call call;
  std::string got;
  call.inspect = [&](int code, const void* msg, std::size_t len) {
    ASSERT_EQ(code, FFIDL_OK);
    ASSERT_EQ(len, sizeof(kitchen_sink_Outer));
    got = dump(*static_cast<const kitchen_sink_Outer*>(msg));
  };
  ASSERT_EQ(kitchen_sink_echo_outer(ctx, Call::callback, &call, &f.outer), FFIDL_OK);
  EXPECT_EQ(call.wait(), FFIDL_OK) << call.text;
  EXPECT_EQ(got, sent);

  // Absent optionals and empty containers everywhere.
  kitchen_sink_Outer empty{};
  Call e;
  std::string got_empty;
  e.inspect = [&](int, const void* msg, std::size_t) {
    got_empty = dump(*static_cast<const kitchen_sink_Outer*>(msg));
  };
  kitchen_sink_echo_outer(ctx, Call::callback, &e, &empty);
  EXPECT_EQ(e.wait(), FFIDL_OK);
  // NULL strings read as "": the echo has empty strings where we sent NULL.
  EXPECT_EQ(got_empty,
            "Outer{Middle{Inner{\"\",b[],-,0},[],-,{}},[],groups{},codes{},matrix[],colors[],-,-,[-"
            "],blobs[]}");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(KitchenSinkE2E, ScalarExtremesAndEvents) {
  void* ctx = create();
  Events seen;
  seen.describe = [](const void* msg, std::size_t) {
    auto* ev = static_cast<const kitchen_sink_ScalarsSeenEvent*>(msg);
    return std::to_string(ev->value.i_64) + "/" + std::to_string(ev->count);
  };
  kitchen_sink_add_event_listener(ctx, KITCHEN_SINK_EVENT_SCALARS_SEEN, Events::callback, &seen);
  kitchen_sink_Scalars s{true,
                         INT8_MIN,
                         INT16_MAX,
                         INT32_MIN,
                         INT64_MIN,
                         UINT8_MAX,
                         UINT16_MAX,
                         UINT32_MAX,
                         UINT64_MAX,
                         -std::numeric_limits<float>::infinity(),
                         std::numeric_limits<double>::quiet_NaN(),
                         kitchen_sink_Color_green};
  Call call;
  kitchen_sink_Scalars back{};
  call.inspect = [&](int, const void* msg, std::size_t) {
    back = *static_cast<const kitchen_sink_Scalars*>(msg);
  };
  kitchen_sink_echo_scalars(ctx, Call::callback, &call, &s);
  EXPECT_EQ(call.wait(), FFIDL_OK);
  EXPECT_EQ(back.b, true);
  EXPECT_EQ(back.i_8, INT8_MIN);
  EXPECT_EQ(back.i_16, INT16_MAX);
  EXPECT_EQ(back.i_32, INT32_MIN);
  EXPECT_EQ(back.i_64, INT64_MIN);
  EXPECT_EQ(back.u_8, UINT8_MAX);
  EXPECT_EQ(back.u_16, UINT16_MAX);
  EXPECT_EQ(back.u_32, UINT32_MAX);
  EXPECT_EQ(back.u_64, UINT64_MAX);
  EXPECT_EQ(back.f_32, -std::numeric_limits<float>::infinity());
  EXPECT_TRUE(std::isnan(back.f_64));
  EXPECT_EQ(back.color, kitchen_sink_Color_green);
  EXPECT_EQ(seen.wait(1)[0], std::to_string(INT64_MIN) + "/1");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

/// The CBOR encoding of Inner, as the schema's rules define it.
void inner_cbor(ffidl::CborWriter& w, const std::string& label, bool with_score) {
  w.map(with_score ? 4 : 3);
  w.text("label");
  w.text(label);
  w.text("data");
  const std::uint8_t zeros[2] = {0, 0};
  w.bytes(zeros, 2);
  if (with_score) {
    w.text("score");
    w.f64(std::numeric_limits<double>::infinity());
  }
  w.text("status");
  w.text("unknown");
}

TEST(KitchenSinkE2E, DeepCborRoundTripIsByteExact) {
  void* ctx = create();
  // Fields in schema order, optionals absent or present, map keys sorted:
  // exactly how the library encodes, so the echo must be byte-identical.
  auto outer = [](ffidl::CborWriter& w) {
    w.map(9);  // maybe_bytes is absent
    w.text("middle");
    w.map(4);
    w.text("inner");
    inner_cbor(w, "deep", true);
    w.text("inners");
    w.array(2);
    inner_cbor(w, "", false);
    inner_cbor(w, "x", true);
    w.text("maybe_inner");
    inner_cbor(w, "maybe", false);
    w.text("by_name");
    w.map(2);
    w.text("a");
    inner_cbor(w, "a", false);
    w.text("b");
    inner_cbor(w, "b", true);
    w.text("middles");
    w.array(0);
    w.text("groups");
    w.map(2);
    w.text("");
    w.array(0);
    w.text("n");
    w.array(2);
    w.sint(INT32_MIN);
    w.sint(INT32_MAX);
    w.text("codes");
    w.map(2);
    w.uint(0);
    w.text("zero");
    w.uint(UINT32_MAX);
    w.text("max");
    w.text("matrix");
    w.array(2);
    w.array(0);
    w.array(2);
    w.f64(std::numeric_limits<double>::quiet_NaN());
    w.f64(-0.0);
    w.text("colors");
    w.array(2);
    w.text("blue");
    w.text("red");
    w.text("maybe_text");
    w.text("");
    w.text("maybe_list");
    w.array(1);
    w.text("only");
    w.text("blobs");
    w.array(1);
    w.bytes(nullptr, 0);
  };
  auto expected = cbor(outer);
  auto req = cbor([&](ffidl::CborWriter& w) {
    w.map(1);
    w.text("value");
    outer(w);
  });
  Call call;
  ASSERT_EQ(kitchen_sink_echo_outer_cbor(ctx, Call::callback, &call, req.data(), req.size()),
            FFIDL_OK);
  ASSERT_EQ(call.wait(), FFIDL_OK) << call.text;
  EXPECT_EQ(call.bytes(), expected);
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(KitchenSinkE2E, IntegerMapKeyErrorNamesThePath) {
  // The key's segment must outlive the failing value's decode (ASan checks).
  void* ctx = create();
  auto req = cbor([](ffidl::CborWriter& w) {
    w.map(1);
    w.text("value");
    w.map(1);
    w.text("codes");
    w.map(1);
    w.uint(0);
    w.uint(1);
  });
  Call call;
  ASSERT_EQ(kitchen_sink_echo_outer_cbor(ctx, Call::callback, &call, req.data(), req.size()),
            FFIDL_OK);
  ASSERT_EQ(call.wait(), FFIDL_ERR);
  EXPECT_EQ(call.text,
            "kitchen_sink_echo_outer_cbor: bad request: value.codes.0: expected text, got uint");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

// docs/evolution.md, "Values a binding does not know", on the CBOR wire.
TEST(KitchenSinkE2E, CborEvolutionRules) {
  void* ctx = create();
  auto call_with = [&](int (*fn)(void*, ffidl_callback, void*, const std::uint8_t*, size_t),
                       const std::vector<std::uint8_t>& req) {
    auto call = std::make_unique<Call>();
    EXPECT_EQ(fn(ctx, Call::callback, call.get(), req.data(), req.size()), FFIDL_OK);
    call->wait();
    return call;
  };
  // An enumerator the library does not know fails the call, naming it.
  auto unknown = call_with(kitchen_sink_echo_enum_cbor, cbor([](ffidl::CborWriter& w) {
                             w.map(1);
                             w.text("value");
                             w.text("paused");
                           }));
  EXPECT_EQ(unknown->code, FFIDL_ERR);
  EXPECT_NE(unknown->text.find("unknown Status 'paused'"), std::string::npos) << unknown->text;
  // A missing optional parameter is absent; an unknown key is skipped.
  auto combined = call_with(kitchen_sink_combine_cbor, cbor([](ffidl::CborWriter& w) {
                              w.map(4);
                              w.text("a");
                              w.sint(-3);
                              w.text("from_a_newer_client");
                              w.text("ignored");
                              w.text("c");
                              w.array(0);
                              w.text("d");
                              w.map(3);
                              w.text("label");
                              w.text("in");
                              w.text("data");
                              w.bytes(nullptr, 0);
                              w.text("status");
                              w.text("ok");
                            }));
  EXPECT_EQ(combined->code, FFIDL_OK) << combined->text;
  // A missing required parameter is an error naming it.
  auto missing = call_with(kitchen_sink_combine_cbor, cbor([](ffidl::CborWriter& w) {
                             w.map(1);
                             w.text("a");
                             w.sint(1);
                           }));
  EXPECT_EQ(missing->code, FFIDL_ERR);
  EXPECT_NE(missing->text.find("missing field 'c'"), std::string::npos) << missing->text;
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(KitchenSinkE2E, RecursiveTreeAndOptionalsAndCombine) {
  void* ctx = create();
  kitchen_sink_TreeNode leaves[2] = {{"l1", nullptr, 0}, {"l2", nullptr, 0}};
  kitchen_sink_TreeNode mid[1] = {{"mid", leaves, 2}};
  kitchen_sink_TreeNode root{"root", mid, 1};
  Call tree;
  std::string shape;
  tree.inspect = [&](int, const void* msg, std::size_t) {
    auto* r = static_cast<const kitchen_sink_TreeNode*>(msg);
    shape =
        std::string(r->name) + ">" + r->children[0].name + ">" + r->children[0].children[1].name;
  };
  kitchen_sink_echo_tree(ctx, Call::callback, &tree, &root);
  EXPECT_EQ(tree.wait(), FFIDL_OK);
  EXPECT_EQ(shape, "root>mid>l2");

  Call absent;
  bool has = true;
  absent.inspect = [&](int, const void* msg, std::size_t) {
    has = static_cast<const kitchen_sink_ffidl_OptInner*>(msg)->has_value;
  };
  kitchen_sink_echo_optional(ctx, Call::callback, &absent, false, nullptr);
  EXPECT_EQ(absent.wait(), FFIDL_OK);
  EXPECT_FALSE(has);

  kitchen_sink_Inner d{"d", nullptr, 0, false, 0, kitchen_sink_Status_ok};
  kitchen_sink_Color c[2] = {kitchen_sink_Color_red, kitchen_sink_Color_blue};
  Call combined;
  std::string label;
  std::size_t inners = 0;
  combined.inspect = [&](int, const void* msg, std::size_t) {
    auto* m = static_cast<const kitchen_sink_Middle*>(msg);
    label = m->inner.label;
    inners = m->inners_len;
  };
  kitchen_sink_combine(ctx, Call::callback, &combined, -3, true, "bee", c, 2, &d);
  EXPECT_EQ(combined.wait(), FFIDL_OK);
  EXPECT_EQ(label, "d:-3:bee:2");
  EXPECT_EQ(inners, 2u);
  EXPECT_EQ(
      kitchen_sink_combine(ctx, Call::callback, &combined, 1, false, nullptr, nullptr, 0, nullptr),
      FFIDL_ERR);

  Call failing;
  kitchen_sink_fail(ctx, Call::callback, &failing, "on purpose");
  EXPECT_EQ(failing.wait(), FFIDL_ERR);
  EXPECT_EQ(failing.text, "on purpose");
  Call nothing;
  kitchen_sink_nothing(ctx, Call::callback, &nothing);
  EXPECT_EQ(nothing.wait(), FFIDL_OK);
  EXPECT_EQ(nothing.text, "");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(KitchenSinkE2E, HostFnWithDeepArguments) {
  void* ctx = create();
  struct Mirror {
    void* ctx;
  } mirror{ctx};
  // The host answers with the very struct it was given (copied by the library).
  kitchen_sink_register_host_fn(
      ctx, "transform",
      [](std::uint64_t id, const void* req, std::size_t, void* ud) {
        auto* args = static_cast<const kitchen_sink_TransformArgs*>(req);
        kitchen_sink_host_complete(static_cast<Mirror*>(ud)->ctx, id, FFIDL_OK, &args->value,
                                   sizeof args->value);
      },
      &mirror);
  OuterFixture f;
  Call call;
  std::string got;
  call.inspect = [&](int, const void* msg, std::size_t) {
    got = dump(*static_cast<const kitchen_sink_Outer*>(msg));
  };
  kitchen_sink_transform_outer(ctx, Call::callback, &call, &f.outer);
  EXPECT_EQ(call.wait(), FFIDL_OK) << call.text;
  EXPECT_EQ(got, dump(f.outer));
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);
}

TEST(KitchenSinkE2E, CtorFailureAndStatics) {
  Call ctor;
  void* ctx = create(true, &ctor);
  EXPECT_EQ(ctor.code, FFIDL_ERR);
  EXPECT_EQ(ctor.text, "kitchen_sink ctor failed: asked to fail");
  EXPECT_EQ(kitchen_sink_destroy(ctx), FFIDL_OK);

  Call add;
  std::int64_t sum = 0;
  add.inspect = [&](int, const void* msg, std::size_t) {
    sum = *static_cast<const std::int64_t*>(msg);
  };
  kitchen_sink_add(Call::callback, &add, INT64_MAX - 1, 1);
  EXPECT_EQ(add.wait(), FFIDL_OK);
  EXPECT_EQ(sum, INT64_MAX);
  EXPECT_EQ(KITCHEN_SINK_HUGE, INT64_MIN);
  EXPECT_EQ(KITCHEN_SINK_BIG, UINT64_MAX);
  EXPECT_STREQ(KITCHEN_SINK_BANNER, "kitchen\t\"sink\" \xE2\x98\x83");
}

}  // namespace
}  // namespace e2e
