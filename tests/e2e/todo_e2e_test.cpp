// todo through its C ABI: typed errors (FFIDL_ERR_TYPED) natively and on
// the CBOR wire, byte-exact; unions as arguments and results in both wires;
// a host fn answering a typed error in both wires; malformed unions.
#include <cstring>
#include <thread>

#include "support.hpp"
#include "todo.h"

namespace e2e {
namespace {

void* create(Call& c) {
  void* ctx = todo_create(Call::callback, &c);
  EXPECT_EQ(c.wait(), FFIDL_OK);
  return ctx;
}

/// Destroys the context when the test ends.
struct Ctx {
  Call created;
  void* ctx = create(created);
  ~Ctx() { todo_destroy(ctx); }
};

std::vector<std::uint8_t> text_map(const char* key, const std::string& value) {
  return cbor([&](ffidl::CborWriter& w) {
    w.map(1);
    w.text(key);
    w.text(value);
  });
}

TEST(TodoE2E, NativeTypedErrorIsTheErrorStruct) {
  Ctx t;
  Call first, second;
  ASSERT_EQ(todo_add(t.ctx, Call::callback, &first, "milk"), FFIDL_OK);
  ASSERT_EQ(first.wait(), FFIDL_OK);
  std::string seen;
  second.inspect = [&](int code, const void* msg, std::size_t len) {
    ASSERT_EQ(code, FFIDL_ERR_TYPED);
    ASSERT_EQ(len, sizeof(todo_TodoError));
    const auto* e = static_cast<const todo_TodoError*>(msg);
    ASSERT_EQ(e->tag, todo_TodoError_duplicate_todo);
    seen = e->duplicate_todo.todo;
  };
  ASSERT_EQ(todo_add(t.ctx, Call::callback, &second, "milk"), FFIDL_OK);
  EXPECT_EQ(second.wait(), FFIDL_ERR_TYPED);
  EXPECT_EQ(seen, "milk");

  Call empty_list;
  Ctx fresh;
  empty_list.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_ERR_TYPED);
    EXPECT_EQ(static_cast<const todo_TodoError*>(msg)->tag, todo_TodoError_empty_todo_list);
  };
  ASSERT_EQ(todo_last(fresh.ctx, Call::callback, &empty_list), FFIDL_OK);
  EXPECT_EQ(empty_list.wait(), FFIDL_ERR_TYPED);
}

TEST(TodoE2E, EveryErrorHasAMessageForCCallers) {
  Ctx t;
  Call missing;
  std::string message;
  std::size_t full = 0;
  missing.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_ERR_TYPED);
    const auto* e = static_cast<const todo_TodoError*>(msg);
    char buf[64];
    full = todo_TodoError_message(e, buf, sizeof buf);
    message = buf;
    char tiny[5];
    EXPECT_EQ(todo_TodoError_message(e, tiny, sizeof tiny), full);
    EXPECT_STREQ(tiny, "todo");  // truncated and terminated, as snprintf
    EXPECT_EQ(todo_TodoError_message(e, nullptr, 0), full);  // length only
  };
  ASSERT_EQ(todo_remove(t.ctx, Call::callback, &missing, "eggs"), FFIDL_OK);
  ASSERT_EQ(missing.wait(), FFIDL_ERR_TYPED);
  EXPECT_EQ(message, "todo_does_not_exist(todo: \"eggs\")");
  EXPECT_EQ(full, message.size());
  todo_ArithmeticError overflow{};
  overflow.tag = todo_ArithmeticError_integer_overflow;
  overflow.integer_overflow.a = 1;
  overflow.integer_overflow.b = 2;
  char buf[80];
  todo_ArithmeticError_message(&overflow, buf, sizeof buf);
  EXPECT_STREQ(buf, "integer_overflow(a: 1, b: 2)");
  todo_ArithmeticError bad{};
  bad.tag = 42;
  todo_ArithmeticError_message(&bad, buf, sizeof buf);
  EXPECT_STREQ(buf, "(not a valid ArithmeticError: 42 is not a variant of ArithmeticError)");
  todo_ArithmeticError_message(nullptr, buf, sizeof buf);
  EXPECT_STREQ(buf, "(no error: NULL)");
}

TEST(TodoE2E, CborTypedErrorIsByteExact) {
  Ctx t;
  Call missing;
  auto req = text_map("todo", "eggs");
  ASSERT_EQ(todo_remove_cbor(t.ctx, Call::callback, &missing, req.data(), req.size()), FFIDL_OK);
  ASSERT_EQ(missing.wait(), FFIDL_ERR_TYPED);
  // A variant with fields: a one-entry map from its name to its fields.
  EXPECT_EQ(missing.bytes(), cbor([](ffidl::CborWriter& w) {
              w.map(1);
              w.text("todo_does_not_exist");
              w.map(1);
              w.text("todo");
              w.text("eggs");
            }));
  Call empty;
  auto none = cbor([](ffidl::CborWriter& w) { w.map(0); });
  ASSERT_EQ(todo_last_cbor(t.ctx, Call::callback, &empty, none.data(), none.size()), FFIDL_OK);
  ASSERT_EQ(empty.wait(), FFIDL_ERR_TYPED);
  // A variant without fields: its name as text.
  EXPECT_EQ(empty.bytes(), cbor([](ffidl::CborWriter& w) { w.text("empty_todo_list"); }));
}

TEST(TodoE2E, StaticProcRaisesInBothWires) {
  Call native;
  native.inspect = [](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_ERR_TYPED);
    const auto* e = static_cast<const todo_ArithmeticError*>(msg);
    ASSERT_EQ(e->tag, todo_ArithmeticError_integer_overflow);
    EXPECT_EQ(e->integer_overflow.a, UINT64_MAX);
    EXPECT_EQ(e->integer_overflow.b, 1u);
  };
  ASSERT_EQ(todo_add_u64(Call::callback, &native, UINT64_MAX, 1), FFIDL_OK);
  EXPECT_EQ(native.wait(), FFIDL_ERR_TYPED);

  Call viacbor;
  auto req = cbor([](ffidl::CborWriter& w) {
    w.map(2);
    w.text("a");
    w.uint(1);
    w.text("b");
    w.uint(0);
  });
  ASSERT_EQ(todo_div_u64_cbor(Call::callback, &viacbor, req.data(), req.size()), FFIDL_OK);
  ASSERT_EQ(viacbor.wait(), FFIDL_ERR_TYPED);
  EXPECT_EQ(viacbor.bytes(), cbor([](ffidl::CborWriter& w) { w.text("division_by_zero"); }));
}

TEST(TodoE2E, ThrowingHandlerIsAnUntypedInternalError) {
  Ctx t;
  Call c;
  ASSERT_EQ(todo_broken(t.ctx, Call::callback, &c), FFIDL_OK);
  ASSERT_EQ(c.wait(), FFIDL_ERR);
  EXPECT_EQ(c.text, "internal error: the handler threw an exception: the list is broken");
}

TEST(TodoE2E, NativeUnionArgumentAndResult) {
  Ctx t;
  todo_Shape rect{};
  rect.tag = todo_Shape_rect;
  rect.rect.w = 2;
  rect.rect.h = 3;
  Call c;
  c.inspect = [](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* s = static_cast<const todo_Shape*>(msg);
    EXPECT_EQ(s->tag, todo_Shape_rect);
    EXPECT_EQ(s->rect.w, 2);
    EXPECT_EQ(s->rect.h, 3);
  };
  ASSERT_EQ(todo_echo_shape(t.ctx, Call::callback, &c, &rect), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_OK);

  Call area;
  area.inspect = [](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    EXPECT_EQ(*static_cast<const double*>(msg), 6);
  };
  ASSERT_EQ(todo_area(t.ctx, Call::callback, &area, &rect), FFIDL_OK);
  EXPECT_EQ(area.wait(), FFIDL_OK);
}

TEST(TodoE2E, UnknownNativeTagIsRefusedWithItsPath) {
  Ctx t;
  todo_Shape bad{};
  bad.tag = 7;
  Call c;
  ASSERT_EQ(todo_echo_shape(t.ctx, Call::callback, &c, &bad), FFIDL_ERR);
  EXPECT_NE(std::string(todo_last_error()).find("shape: 7 is not a variant of Shape"),
            std::string::npos)
      << todo_last_error();
  // Nested: inside a list, inside a struct.
  todo_Shape shapes[2] = {};
  shapes[1].tag = -1;
  todo_Drawing d{};
  d.name = "d";
  d.shapes = shapes;
  d.shapes_len = 2;
  Call nested;
  ASSERT_EQ(todo_echo_drawing(t.ctx, Call::callback, &nested, &d), FFIDL_ERR);
  EXPECT_NE(std::string(todo_last_error()).find("drawing.shapes[1]: -1 is not a variant of Shape"),
            std::string::npos)
      << todo_last_error();
}

void shape_cbor(ffidl::CborWriter& w, int which) {
  switch (which) {
    case 0:
      w.map(1);
      w.text("circle");
      w.map(1);
      w.text("radius");
      w.f64(1.5);
      return;
    case 1:
      w.map(1);
      w.text("rect");
      w.map(2);
      w.text("w");
      w.f64(2);
      w.text("h");
      w.f64(3);
      return;
    default:
      w.text("empty");
  }
}

TEST(TodoE2E, CborUnionsRoundTripByteExact) {
  Ctx t;
  for (int which = 0; which < 3; ++which) {
    auto value = cbor([&](ffidl::CborWriter& w) { shape_cbor(w, which); });
    auto req = cbor([&](ffidl::CborWriter& w) {
      w.map(1);
      w.text("shape");
      shape_cbor(w, which);
    });
    Call c;
    ASSERT_EQ(todo_echo_shape_cbor(t.ctx, Call::callback, &c, req.data(), req.size()), FFIDL_OK);
    ASSERT_EQ(c.wait(), FFIDL_OK) << c.text;
    EXPECT_EQ(c.bytes(), value) << which;
  }
  // A drawing with unions in lists, optionals, maps and a recursive union.
  auto write_drawing = [](ffidl::CborWriter& w) {
    w.map(5);
    w.text("name");
    w.text("d");
    w.text("shapes");
    w.array(2);
    shape_cbor(w, 2);
    shape_cbor(w, 1);
    w.text("background");
    shape_cbor(w, 0);
    w.text("by_name");
    w.map(1);
    w.text("c");
    shape_cbor(w, 2);
    w.text("layers");
    w.array(1);
    w.map(1);
    w.text("group");
    w.map(3);
    w.text("name");
    w.text("g");
    w.text("children");
    w.array(1);
    w.map(1);
    w.text("single");
    w.map(1);
    w.text("shape");
    shape_cbor(w, 0);
    w.text("tags");
    w.map(0);
  };
  auto drawing = cbor(write_drawing);
  auto req = cbor([&](ffidl::CborWriter& w) {
    w.map(1);
    w.text("drawing");
    write_drawing(w);
  });
  Call c;
  ASSERT_EQ(todo_echo_drawing_cbor(t.ctx, Call::callback, &c, req.data(), req.size()), FFIDL_OK);
  ASSERT_EQ(c.wait(), FFIDL_OK) << c.text;
  EXPECT_EQ(c.bytes(), drawing);
}

std::string cbor_error(void* ctx, const std::function<void(ffidl::CborWriter&)>& shape) {
  auto req = cbor([&](ffidl::CborWriter& w) {
    w.map(1);
    w.text("shape");
    shape(w);
  });
  Call c;
  EXPECT_EQ(todo_echo_shape_cbor(ctx, Call::callback, &c, req.data(), req.size()), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_ERR);
  return c.text;
}

TEST(TodoE2E, MalformedCborUnionsAreRefusedWithTheirPath) {
  Ctx t;
  EXPECT_EQ(cbor_error(t.ctx, [](ffidl::CborWriter& w) { w.text("hexagon"); }),
            "todo_echo_shape_cbor: bad request: shape: unknown variant 'hexagon' of Shape "
            "(without fields)");
  EXPECT_EQ(cbor_error(t.ctx,
                       [](ffidl::CborWriter& w) {
                         w.map(1);
                         w.text("hexagon");
                         w.map(0);
                       }),
            "todo_echo_shape_cbor: bad request: shape.hexagon: unknown variant 'hexagon' of "
            "Shape (with fields)");
  EXPECT_EQ(cbor_error(t.ctx,
                       [](ffidl::CborWriter& w) {
                         w.map(2);
                         w.text("circle");
                         w.map(0);
                         w.text("rect");
                         w.map(0);
                       }),
            "todo_echo_shape_cbor: bad request: shape: a Shape is one variant: a map of one "
            "entry");
  EXPECT_EQ(cbor_error(t.ctx,
                       [](ffidl::CborWriter& w) {
                         w.map(1);
                         w.text("circle");
                         w.map(0);
                       }),
            "todo_echo_shape_cbor: bad request: shape.circle: missing field 'radius'");
  EXPECT_EQ(cbor_error(t.ctx, [](ffidl::CborWriter& w) { w.uint(3); }),
            "todo_echo_shape_cbor: bad request: shape: expected map, got uint");
}

/// A host whose lookup answers from a script: "busy" and "missing" raise.
struct Lookup {
  void* ctx = nullptr;
  static void native(std::uint64_t id, const void* req, std::size_t, void* ud) {
    auto* h = static_cast<Lookup*>(ud);
    std::string key = static_cast<const todo_LookupArgs*>(req)->key;
    std::thread([h, id, key] {  // answered later, from another thread
      if (key == "missing") {
        todo_LookupError e{};
        e.tag = todo_LookupError_not_found;
        e.not_found.key = key.c_str();
        EXPECT_EQ(todo_host_complete(h->ctx, id, FFIDL_ERR_TYPED, &e, sizeof e), FFIDL_OK);
      } else {
        std::string answer = "item " + key;
        EXPECT_EQ(todo_host_complete(h->ctx, id, FFIDL_OK, answer.data(), answer.size()), FFIDL_OK);
      }
    })
        .detach();
  }
  static void viacbor(std::uint64_t id, const void*, std::size_t, void* ud) {
    auto* h = static_cast<Lookup*>(ud);
    auto e = cbor([](ffidl::CborWriter& w) { w.text("busy"); });
    EXPECT_EQ(todo_host_complete(h->ctx, id, FFIDL_ERR_TYPED, e.data(), e.size()), FFIDL_OK);
  }
};

TEST(TodoE2E, HostAnswersATypedErrorNatively) {
  Ctx t;
  Lookup host{t.ctx};
  ASSERT_EQ(todo_register_host_fn(t.ctx, TODO_HOST_LOOKUP, Lookup::native, &host), FFIDL_OK);
  Call found;
  ASSERT_EQ(todo_add_from_host(t.ctx, Call::callback, &found, "k"), FFIDL_OK);
  ASSERT_EQ(found.wait(), FFIDL_OK);
  EXPECT_EQ(found.text, "item k");
  Call missing;
  std::string todo;
  missing.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_ERR_TYPED);
    const auto* e = static_cast<const todo_TodoError*>(msg);
    ASSERT_EQ(e->tag, todo_TodoError_todo_does_not_exist);
    todo = e->todo_does_not_exist.todo;
  };
  ASSERT_EQ(todo_add_from_host(t.ctx, Call::callback, &missing, "missing"), FFIDL_OK);
  EXPECT_EQ(missing.wait(), FFIDL_ERR_TYPED);
  EXPECT_EQ(todo, "missing");
}

TEST(TodoE2E, HostAnswersATypedErrorInCbor) {
  Ctx t;
  Lookup host{t.ctx};
  ASSERT_EQ(todo_register_host_fn_cbor(t.ctx, TODO_HOST_LOOKUP, Lookup::viacbor, &host), FFIDL_OK);
  Call busy;
  ASSERT_EQ(todo_add_from_host(t.ctx, Call::callback, &busy, "k"), FFIDL_OK);
  ASSERT_EQ(busy.wait(), FFIDL_ERR);
  EXPECT_EQ(busy.text, "the host is busy");
}

TEST(TodoE2E, HostTypedErrorThatCannotBeDecodedReachesTheHandlerAsAnError) {
  Ctx t;
  struct Bad {
    void* ctx;
    static void fn(std::uint64_t id, const void*, std::size_t, void* ud) {
      auto e = cbor([](ffidl::CborWriter& w) { w.text("on_fire"); });  // not a LookupError
      EXPECT_EQ(
          todo_host_complete(static_cast<Bad*>(ud)->ctx, id, FFIDL_ERR_TYPED, e.data(), e.size()),
          FFIDL_OK);
    }
  } bad{t.ctx};
  ASSERT_EQ(todo_register_host_fn_cbor(t.ctx, TODO_HOST_LOOKUP, Bad::fn, &bad), FFIDL_OK);
  Call c;
  ASSERT_EQ(todo_add_from_host(t.ctx, Call::callback, &c, "k"), FFIDL_OK);
  ASSERT_EQ(c.wait(), FFIDL_ERR);
  EXPECT_NE(c.text.find("unknown variant 'on_fire' of LookupError"), std::string::npos) << c.text;
}

TEST(TodoE2E, UnionsAsHostFnArgumentsAndAnswersInBothWires) {
  Ctx t;
  struct Pick {
    void* ctx;
    // Native: the arguments' union list, answered with its last element.
    static void native(std::uint64_t id, const void* req, std::size_t, void* ud) {
      const auto* args = static_cast<const todo_PickArgs*>(req);
      todo_Shape last = args->shapes[args->shapes_len - 1];
      EXPECT_EQ(todo_host_complete(static_cast<Pick*>(ud)->ctx, id, FFIDL_OK, &last, sizeof last),
                FFIDL_OK);
    }
    // CBOR: the arguments are a map; answer a fixed shape.
    static void viacbor(std::uint64_t id, const void* req, std::size_t len, void* ud) {
      std::string args(static_cast<const char*>(req), len);
      EXPECT_NE(args.find("shapes"), std::string::npos);
      EXPECT_NE(args.find("circle"), std::string::npos);
      auto answer = cbor([](ffidl::CborWriter& w) { w.text("empty"); });
      EXPECT_EQ(todo_host_complete(static_cast<Pick*>(ud)->ctx, id, FFIDL_OK, answer.data(),
                                   answer.size()),
                FFIDL_OK);
    }
  } pick{t.ctx};
  todo_Shape shapes[2] = {};
  shapes[0].tag = todo_Shape_circle;
  shapes[0].circle.radius = 1;
  shapes[1].tag = todo_Shape_rect;
  shapes[1].rect.w = 4;
  shapes[1].rect.h = 5;
  ASSERT_EQ(todo_register_host_fn(t.ctx, TODO_HOST_PICK, Pick::native, &pick), FFIDL_OK);
  Call c;
  c.inspect = [](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* s = static_cast<const todo_Shape*>(msg);
    EXPECT_EQ(s->tag, todo_Shape_rect);
    EXPECT_EQ(s->rect.h, 5);
  };
  ASSERT_EQ(todo_ask_host_to_pick(t.ctx, Call::callback, &c, shapes, 2), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_OK);
  ASSERT_EQ(todo_register_host_fn_cbor(t.ctx, TODO_HOST_PICK, Pick::viacbor, &pick), FFIDL_OK);
  Call c2;
  c2.inspect = [](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    EXPECT_EQ(static_cast<const todo_Shape*>(msg)->tag, todo_Shape_empty);
  };
  ASSERT_EQ(todo_ask_host_to_pick(t.ctx, Call::callback, &c2, shapes, 2), FFIDL_OK);
  EXPECT_EQ(c2.wait(), FFIDL_OK);
  // A host answering an unknown tag fails the call with the path, never crashes.
  struct Bad {
    void* ctx;
    static void fn(std::uint64_t id, const void*, std::size_t, void* ud) {
      todo_Shape bad{};
      bad.tag = 9;
      EXPECT_EQ(todo_host_complete(static_cast<Bad*>(ud)->ctx, id, FFIDL_OK, &bad, sizeof bad),
                FFIDL_OK);
    }
  } bad{t.ctx};
  ASSERT_EQ(todo_register_host_fn(t.ctx, TODO_HOST_PICK, Bad::fn, &bad), FFIDL_OK);
  Call c3;
  ASSERT_EQ(todo_ask_host_to_pick(t.ctx, Call::callback, &c3, shapes, 2), FFIDL_OK);
  ASSERT_EQ(c3.wait(), FFIDL_ERR);
  EXPECT_NE(c3.text.find("9 is not a variant of Shape"), std::string::npos) << c3.text;
}

}  // namespace
}  // namespace e2e
