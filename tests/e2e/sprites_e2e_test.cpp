// sprites through its C ABI: objects as handles. Named ctors, procs on
// objects, objects as arguments and results (alone, in lists, optionals and
// maps) in both wires, identity, reference counting, dtor hooks, use after
// release, foreign handles, teardown with objects alive, and a stress run
// from many threads that must leak nothing.
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <type_traits>

#include "sprites.h"
#include "support.hpp"

namespace e2e {
namespace {

// One C type per object type: a C compiler refuses a Sprite for a TodoList.
static_assert(!std::is_same_v<sprites_Sprite, sprites_TodoList>);
static_assert(sizeof(sprites_TodoList) == sizeof(std::uint64_t));

struct Ctx {
  Call created;
  void* ctx = [this] {
    void* c = sprites_create(Call::callback, &created);
    EXPECT_EQ(created.wait(), FFIDL_OK);
    return c;
  }();
  ~Ctx() {
    if (ctx) sprites_destroy(ctx);
  }
};

/// A call answering an object: the handle, retained inside the callback
/// (it is only borrowed there), so the test owns one reference.
template <typename H>
struct Made {
  void* ctx;
  int (*retain)(void*, H);
  Call call;
  H handle{};
  Made(void* c, int (*r)(void*, H)) : ctx(c), retain(r) {
    call.inspect = [this](int code, const void* msg, std::size_t len) {
      if (code != FFIDL_OK) return;
      ASSERT_EQ(len, sizeof(H));
      handle = *static_cast<const H*>(msg);
      EXPECT_EQ(retain(ctx, handle), FFIDL_OK);
    };
  }
  H wait() {
    EXPECT_EQ(call.wait(), FFIDL_OK) << call.text;
    return handle;
  }
};

std::uint64_t counter(void* ctx, int (*fn)(void*, ffidl_callback, void*));

/// A new TodoList whose only client reference is the caller's: the
/// reference the answer lent is gone too (a message is freed after its
/// callback returns, which a later round trip on the same loop follows).
sprites_TodoList new_list(void* ctx) {
  Made<sprites_TodoList> m(ctx, sprites_TodoList_retain);
  EXPECT_EQ(sprites_TodoList_new(ctx, Call::callback, &m.call), FFIDL_OK);
  sprites_TodoList l = m.wait();
  counter(ctx, sprites_dtor_count);
  return l;
}

int add(void* ctx, sprites_TodoList l, const char* item) {
  Call c;
  EXPECT_EQ(sprites_TodoList_add_item(ctx, Call::callback, &c, l, item), FFIDL_OK);
  return c.wait();
}

std::vector<std::string> items(void* ctx, sprites_TodoList l) {
  Call c;
  std::vector<std::string> out;
  c.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* v = static_cast<const sprites_ffidl_ListString*>(msg);
    for (std::size_t i = 0; i < v->value_len; ++i)
      out.emplace_back(v->value[i]);
  };
  EXPECT_EQ(sprites_TodoList_get_items(ctx, Call::callback, &c, l), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_OK);
  return out;
}

std::uint64_t counter(void* ctx, int (*fn)(void*, ffidl_callback, void*)) {
  Call c;
  std::uint64_t n = 0;
  c.inspect = [&](int, const void* msg, std::size_t) { n = *static_cast<const uint64_t*>(msg); };
  EXPECT_EQ(fn(ctx, Call::callback, &c), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_OK);
  return n;
}

/// Waits until the library has run `n` dtor hooks (bounded at a minute:
/// returns as soon as they ran; sanitizer builds take their time).
bool dtors_reach(void* ctx, std::uint64_t n) {
  for (int i = 0; i < 6000; ++i) {
    if (counter(ctx, sprites_dtor_count) >= n) return true;
    std::this_thread::sleep_for(10ms);
  }
  return false;
}

TEST(SpritesE2E, NamedCtorsAndProcs) {
  Ctx t;
  Made<sprites_Sprite> a(t.ctx, sprites_Sprite_retain);
  ASSERT_EQ(sprites_Sprite_new(t.ctx, Call::callback, &a.call, false, nullptr), FFIDL_OK);
  sprites_Sprite origin = a.wait();
  sprites_Point ref{1, 2};
  sprites_Vector dir{10, 20};
  Made<sprites_Sprite> b(t.ctx, sprites_Sprite_retain);
  ASSERT_EQ(sprites_Sprite_new_relative_to(t.ctx, Call::callback, &b.call, &ref, &dir), FFIDL_OK);
  sprites_Sprite moved = b.wait();
  EXPECT_NE(origin.handle, moved.handle);

  Call move;
  sprites_Vector by{0.5, -1};
  ASSERT_EQ(sprites_Sprite_move_by(t.ctx, Call::callback, &move, origin, &by), FFIDL_OK);
  ASSERT_EQ(move.wait(), FFIDL_OK);
  for (auto [s, x, y] : {std::tuple{origin, 0.5, -1.0}, std::tuple{moved, 11.0, 22.0}}) {
    Call pos;
    pos.inspect = [x = x, y = y](int code, const void* msg, std::size_t) {
      ASSERT_EQ(code, FFIDL_OK);
      EXPECT_EQ(static_cast<const sprites_Point*>(msg)->x, x);
      EXPECT_EQ(static_cast<const sprites_Point*>(msg)->y, y);
    };
    ASSERT_EQ(sprites_Sprite_get_position(t.ctx, Call::callback, &pos, s), FFIDL_OK);
    EXPECT_EQ(pos.wait(), FFIDL_OK);
  }
  EXPECT_EQ(sprites_Sprite_release(t.ctx, origin), FFIDL_OK);
  EXPECT_EQ(sprites_Sprite_release(t.ctx, moved), FFIDL_OK);
}

TEST(SpritesE2E, CtorRaisesTypedError) {
  Ctx t;
  Call c;
  c.inspect = [](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_ERR_TYPED);
    EXPECT_EQ(static_cast<const sprites_TodoError*>(msg)->tag, sprites_TodoError_empty_todo_list);
  };
  ASSERT_EQ(sprites_TodoList_from_items(t.ctx, Call::callback, &c, nullptr, 0), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_ERR_TYPED);
  const char* two[] = {"a", "b"};
  Made<sprites_TodoList> m(t.ctx, sprites_TodoList_retain);
  ASSERT_EQ(sprites_TodoList_from_items(t.ctx, Call::callback, &m.call, two, 2), FFIDL_OK);
  sprites_TodoList l = m.wait();
  EXPECT_EQ(items(t.ctx, l), (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_OK);
}

TEST(SpritesE2E, DefaultListIsTheLiveObjectAndIdentityHolds) {
  Ctx t;
  sprites_TodoList l = new_list(t.ctx);
  Call set;
  ASSERT_EQ(sprites_set_default_list(t.ctx, Call::callback, &set, l), FFIDL_OK);
  ASSERT_EQ(set.wait(), FFIDL_OK);
  ASSERT_EQ(add(t.ctx, l, "milk"), FFIDL_OK);
  // The getter answers the same object (same handle), not a copy: it sees
  // the item added through the caller's handle.
  Made<sprites_TodoList> got(t.ctx, sprites_TodoList_retain);
  got.call.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* opt = static_cast<const sprites_ffidl_OptTodoList*>(msg);
    ASSERT_TRUE(opt->has_value);
    got.handle = opt->value;
    EXPECT_EQ(sprites_TodoList_retain(t.ctx, got.handle), FFIDL_OK);
  };
  ASSERT_EQ(sprites_get_default_list(t.ctx, Call::callback, &got.call), FFIDL_OK);
  sprites_TodoList again = got.wait();
  EXPECT_EQ(again.handle, l.handle);
  EXPECT_EQ(items(t.ctx, again), std::vector<std::string>{"milk"});
  // itself(): the object handing itself out.
  Made<sprites_TodoList> self(t.ctx, sprites_TodoList_retain);
  ASSERT_EQ(sprites_TodoList_itself(t.ctx, Call::callback, &self.call, l), FFIDL_OK);
  EXPECT_EQ(self.wait().handle, l.handle);
  // copy() is another object.
  Made<sprites_TodoList> copy(t.ctx, sprites_TodoList_retain);
  ASSERT_EQ(sprites_TodoList_copy(t.ctx, Call::callback, &copy.call, l), FFIDL_OK);
  sprites_TodoList other = copy.wait();
  EXPECT_NE(other.handle, l.handle);
  EXPECT_EQ(items(t.ctx, other), std::vector<std::string>{"milk"});
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_OK);  // ours, got's, self's
  EXPECT_EQ(sprites_TodoList_release(t.ctx, other), FFIDL_OK);
}

TEST(SpritesE2E, ObjectOutlivesClientHandleAndDtorRunsOnce) {
  Ctx t;
  sprites_TodoList l = new_list(t.ctx);
  Call set;
  ASSERT_EQ(sprites_set_default_list(t.ctx, Call::callback, &set, l), FFIDL_OK);
  ASSERT_EQ(set.wait(), FFIDL_OK);
  ASSERT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_OK);
  // The library still holds it: alive, no hook yet, and the handle is no
  // longer ours to use.
  EXPECT_EQ(counter(t.ctx, sprites_dtor_count), 0u);
  EXPECT_EQ(counter(t.ctx, sprites_objects_alive), 1u);
  Call after;
  EXPECT_EQ(sprites_TodoList_add_item(t.ctx, Call::callback, &after, l, "x"), FFIDL_ERR);
  EXPECT_NE(std::string(sprites_last_error()).find("obj: handle 0x"), std::string::npos)
      << sprites_last_error();
  EXPECT_NE(std::string(sprites_last_error()).find("is not a live TodoList of this context"),
            std::string::npos)
      << sprites_last_error();
  EXPECT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_ERR);  // a second release is refused
  // The library lets go: the hook runs exactly once and the object is gone.
  Call clear;
  ASSERT_EQ(sprites_clear_default_list(t.ctx, Call::callback, &clear), FFIDL_OK);
  ASSERT_EQ(clear.wait(), FFIDL_OK);
  ASSERT_TRUE(dtors_reach(t.ctx, 1));
  EXPECT_EQ(counter(t.ctx, sprites_dtor_count), 1u);
  EXPECT_EQ(sprites_live_objects(t.ctx), 0u);
}

int keep(void* ctx, sprites_TodoList l, const sprites_TodoList* other) {
  Call c;
  EXPECT_EQ(sprites_TodoList_keep(ctx, Call::callback, &c, l, other != nullptr,
                                  other ? *other : sprites_TodoList{}),
            FFIDL_OK);
  return c.wait();
}

/// Dtor hooks run in every context of the process (a static proc).
std::uint64_t total_dtors() {
  Call c;
  std::uint64_t n = 0;
  c.inspect = [&](int, const void* msg, std::size_t) { n = *static_cast<const uint64_t*>(msg); };
  EXPECT_EQ(sprites_total_dtor_count(Call::callback, &c), FFIDL_OK);
  EXPECT_EQ(c.wait(), FFIDL_OK);
  return n;
}

TEST(SpritesE2E, WhatAReleaseLetsGoOfIsGoneBeforeTheNextCall) {
  // a keeps b; b's client reference goes, then a's: the next call from this
  // thread sees both deleted, with no waiting (the cascade used to be
  // queued behind that call: it saw b alive, one call later gone).
  Ctx t;
  for (int round = 0; round < 50; ++round) {
    sprites_TodoList a = new_list(t.ctx), b = new_list(t.ctx);
    ASSERT_EQ(keep(t.ctx, a, &b), FFIDL_OK);
    ASSERT_EQ(sprites_TodoList_release(t.ctx, b), FFIDL_OK);
    ASSERT_EQ(counter(t.ctx, sprites_objects_alive), 2u);
    ASSERT_EQ(sprites_TodoList_release(t.ctx, a), FFIDL_OK);
    ASSERT_EQ(counter(t.ctx, sprites_objects_alive), 0u) << "round " << round;
    ASSERT_EQ(counter(t.ctx, sprites_dtor_count), 2u * (round + 1));
  }
  // A chain of 10 000, each keeping the next: one release deletes them all,
  // iteratively (a recursive cascade would overflow the loop's stack).
  std::vector<sprites_TodoList> chain;
  for (int i = 0; i < 10000; ++i)
    chain.push_back(new_list(t.ctx));
  for (std::size_t i = 0; i + 1 < chain.size(); ++i)
    ASSERT_EQ(keep(t.ctx, chain[i], &chain[i + 1]), FFIDL_OK);
  for (std::size_t i = 1; i < chain.size(); ++i)
    ASSERT_EQ(sprites_TodoList_release(t.ctx, chain[i]), FFIDL_OK);
  ASSERT_EQ(counter(t.ctx, sprites_objects_alive), 10000u);
  ASSERT_EQ(sprites_TodoList_release(t.ctx, chain[0]), FFIDL_OK);
  EXPECT_EQ(counter(t.ctx, sprites_objects_alive), 0u);
}

TEST(SpritesE2E, KeepingNoneLetsGo) {
  // optional<TodoList> as an argument: absent lets go of the kept list.
  Ctx t;
  sprites_TodoList a = new_list(t.ctx), b = new_list(t.ctx);
  ASSERT_EQ(keep(t.ctx, a, &b), FFIDL_OK);
  ASSERT_EQ(sprites_TodoList_release(t.ctx, b), FFIDL_OK);
  ASSERT_EQ(counter(t.ctx, sprites_objects_alive), 2u);
  ASSERT_EQ(keep(t.ctx, a, nullptr), FFIDL_OK);
  ASSERT_TRUE(dtors_reach(t.ctx, 1));
  EXPECT_EQ(counter(t.ctx, sprites_objects_alive), 1u);
  ASSERT_EQ(sprites_TodoList_release(t.ctx, a), FFIDL_OK);
}

TEST(SpritesE2E, CyclesAreDeletedWithTheirHooksWhenTheContextIsDestroyed) {
  // A list that keeps itself, and two that keep each other, with no client
  // reference left: destroy deletes all three and runs their hooks
  // (LeakSanitizer reports them if not).
  std::uint64_t before = total_dtors();
  {
    Ctx t;
    sprites_TodoList self = new_list(t.ctx), a = new_list(t.ctx), b = new_list(t.ctx);
    ASSERT_EQ(keep(t.ctx, self, &self), FFIDL_OK);
    ASSERT_EQ(keep(t.ctx, a, &b), FFIDL_OK);
    ASSERT_EQ(keep(t.ctx, b, &a), FFIDL_OK);
    for (sprites_TodoList l : {self, a, b})
      ASSERT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_OK);
    EXPECT_EQ(counter(t.ctx, sprites_objects_alive), 3u);
    EXPECT_EQ(counter(t.ctx, sprites_dtor_count), 0u);
  }
  EXPECT_EQ(total_dtors(), before + 3);
}

TEST(SpritesE2E, ForeignGarbageAndWrongTypeHandlesAreRefused) {
  Ctx a, b;
  sprites_TodoList l = new_list(a.ctx);
  // Another context's handle, garbage, zero: refused, never dereferenced.
  for (std::uint64_t h :
       {l.handle, std::uint64_t{0}, std::uint64_t{0xdeadbeef}, ~std::uint64_t{0}}) {
    Call c;
    EXPECT_EQ(sprites_TodoList_add_item(b.ctx, Call::callback, &c, sprites_TodoList{h}, "x"),
              FFIDL_ERR);
    EXPECT_EQ(sprites_TodoList_retain(b.ctx, sprites_TodoList{h}), FFIDL_ERR);
  }
  // A TodoList's handle passed as a Sprite.
  Call wrong;
  EXPECT_EQ(sprites_Sprite_get_position(a.ctx, Call::callback, &wrong, sprites_Sprite{l.handle}),
            FFIDL_ERR);
  EXPECT_NE(std::string(sprites_last_error()).find("is a TodoList, not a Sprite"),
            std::string::npos)
      << sprites_last_error();
  EXPECT_EQ(sprites_Sprite_release(a.ctx, sprites_Sprite{l.handle}), FFIDL_ERR);
  // A NULL or destroyed context.
  EXPECT_EQ(sprites_TodoList_release(nullptr, l), FFIDL_ERR);
  EXPECT_EQ(sprites_TodoList_release(a.ctx, l), FFIDL_OK);
}

TEST(SpritesE2E, ListsOptionalsAndMapsOfObjects) {
  Ctx t;
  sprites_TodoList small = new_list(t.ctx), big = new_list(t.ctx);
  ASSERT_EQ(add(t.ctx, small, "one"), FFIDL_OK);
  ASSERT_EQ(add(t.ctx, big, "one"), FFIDL_OK);
  ASSERT_EQ(add(t.ctx, big, "two"), FFIDL_OK);
  sprites_TodoList both[] = {small, big};
  Call longest;
  std::uint64_t picked = 0;
  longest.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* o = static_cast<const sprites_ffidl_OptTodoList*>(msg);
    ASSERT_TRUE(o->has_value);
    picked = o->value.handle;
  };
  ASSERT_EQ(sprites_longest(t.ctx, Call::callback, &longest, both, 2), FFIDL_OK);
  ASSERT_EQ(longest.wait(), FFIDL_OK);
  EXPECT_EQ(picked, big.handle);
  Call none;
  none.inspect = [](int, const void* msg, std::size_t) {
    EXPECT_FALSE(static_cast<const sprites_ffidl_OptTodoList*>(msg)->has_value);
  };
  ASSERT_EQ(sprites_longest(t.ctx, Call::callback, &none, nullptr, 0), FFIDL_OK);
  ASSERT_EQ(none.wait(), FFIDL_OK);
  Call by_last;
  std::map<std::string, std::uint64_t> seen;
  by_last.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* m = static_cast<const sprites_ffidl_MapStringTodoList*>(msg);
    for (std::size_t i = 0; i < m->value_len; ++i)
      seen[m->value_keys[i]] = m->value_values[i].handle;
  };
  ASSERT_EQ(sprites_lists_by_last_item(t.ctx, Call::callback, &by_last, both, 2), FFIDL_OK);
  ASSERT_EQ(by_last.wait(), FFIDL_OK);
  EXPECT_EQ(seen,
            (std::map<std::string, std::uint64_t>{{"one", small.handle}, {"two", big.handle}}));
  // A bad handle inside a list names its place.
  sprites_TodoList bad[] = {small, sprites_TodoList{42}};
  Call refused;
  EXPECT_EQ(sprites_longest(t.ctx, Call::callback, &refused, bad, 2), FFIDL_ERR);
  EXPECT_NE(std::string(sprites_last_error()).find("lists[1]: handle 0x000000000000002a"),
            std::string::npos)
      << sprites_last_error();
  // Borrowed results were released with their messages: only ours remain.
  EXPECT_EQ(sprites_TodoList_release(t.ctx, small), FFIDL_OK);
  EXPECT_EQ(sprites_TodoList_release(t.ctx, big), FFIDL_OK);
  EXPECT_TRUE(dtors_reach(t.ctx, 2));
  EXPECT_EQ(sprites_live_objects(t.ctx), 0u);
}

TEST(SpritesE2E, CborWireCarriesHandlesAsUnsignedIntegers) {
  Ctx t;
  Call made;
  std::uint64_t h = 0;
  made.inspect = [&](int code, const void* msg, std::size_t len) {
    ASSERT_EQ(code, FFIDL_OK);
    ffidl::CborReader r(msg, len);
    ASSERT_TRUE(r.u64(h));
    EXPECT_EQ(sprites_TodoList_retain(t.ctx, sprites_TodoList{h}), FFIDL_OK);
  };
  ASSERT_EQ(sprites_TodoList_new_cbor(t.ctx, Call::callback, &made, nullptr, 0), FFIDL_OK);
  ASSERT_EQ(made.wait(), FFIDL_OK);
  auto req = cbor([&](ffidl::CborWriter& w) {
    w.map(2);
    w.text("obj");
    w.uint(h);
    w.text("todo");
    w.text("bread");
  });
  Call added;
  ASSERT_EQ(sprites_TodoList_add_item_cbor(t.ctx, Call::callback, &added, req.data(), req.size()),
            FFIDL_OK);
  ASSERT_EQ(added.wait(), FFIDL_OK);
  EXPECT_EQ(items(t.ctx, sprites_TodoList{h}), std::vector<std::string>{"bread"});
  // A handle that is not live: a bad request, answered through the callback.
  auto bad = cbor([&](ffidl::CborWriter& w) {
    w.map(1);
    w.text("obj");
    w.uint(h + 1000);
  });
  Call refused;
  ASSERT_EQ(
      sprites_TodoList_get_items_cbor(t.ctx, Call::callback, &refused, bad.data(), bad.size()),
      FFIDL_OK);
  ASSERT_EQ(refused.wait(), FFIDL_ERR);
  EXPECT_NE(refused.text.find("is not a live TodoList of this context"), std::string::npos)
      << refused.text;
  EXPECT_EQ(sprites_TodoList_release(t.ctx, sprites_TodoList{h}), FFIDL_OK);
  ASSERT_TRUE(dtors_reach(t.ctx, 1));
}

TEST(SpritesE2E, EventsCarryObjectsBorrowedForTheListener) {
  Ctx t;
  sprites_TodoList l = new_list(t.ctx);
  // A native listener keeps the list it is told about; a CBOR one only looks.
  struct Seen {
    void* ctx;
    std::mutex mu;
    std::condition_variable cv;
    std::vector<std::pair<std::uint64_t, std::uint32_t>> native, cbor;
  } seen{t.ctx, {}, {}, {}, {}};
  auto native = [](int code, const void* msg, std::size_t, void* ud) {
    auto* s = static_cast<Seen*>(ud);
    ASSERT_EQ(code, FFIDL_OK);
    const auto* ev = static_cast<const sprites_ListChangedEvent*>(msg);
    EXPECT_EQ(sprites_TodoList_retain(s->ctx, ev->list), FFIDL_OK);  // borrowed until now
    std::lock_guard lock(s->mu);
    s->native.emplace_back(ev->list.handle, ev->size);
    s->cv.notify_all();
  };
  auto cbor_cb = [](int code, const void* msg, std::size_t len, void* ud) {
    auto* s = static_cast<Seen*>(ud);
    ASSERT_EQ(code, FFIDL_OK);
    ffidl::CborReader r(msg, len);
    std::size_t n = 0;
    ASSERT_TRUE(r.map(n));
    std::uint64_t h = 0, size = 0;
    for (std::size_t i = 0; i < n; ++i) {
      std::string key;
      ASSERT_TRUE(r.text(key));
      ASSERT_TRUE(key == "list" ? r.u64(h) : r.u64(size));
    }
    std::lock_guard lock(s->mu);
    s->cbor.emplace_back(h, static_cast<std::uint32_t>(size));
    s->cv.notify_all();
  };
  ASSERT_NE(sprites_add_event_listener(t.ctx, SPRITES_EVENT_LIST_CHANGED, native, &seen), 0u);
  ASSERT_NE(sprites_add_event_listener_cbor(t.ctx, SPRITES_EVENT_LIST_CHANGED, cbor_cb, &seen), 0u);
  ASSERT_EQ(add(t.ctx, l, "a"), FFIDL_OK);
  ASSERT_EQ(add(t.ctx, l, "b"), FFIDL_OK);
  {
    std::unique_lock lock(seen.mu);
    ASSERT_TRUE(seen.cv.wait_for(lock, 10s,
                                 [&] { return seen.native.size() == 2 && seen.cbor.size() == 2; }));
  }
  using Events = std::vector<std::pair<std::uint64_t, std::uint32_t>>;
  EXPECT_EQ(seen.native, (Events{{l.handle, 1}, {l.handle, 2}}));  // the list itself
  EXPECT_EQ(seen.cbor, seen.native);
  // Ours plus the two the native listener kept. The references the messages
  // lent go when each callback has returned (maybe a moment after the
  // listener said what it saw): then the list is gone, and so is its handle.
  for (int i = 0; i < 3; ++i)
    EXPECT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_OK);
  EXPECT_TRUE(dtors_reach(t.ctx, 1));
  EXPECT_EQ(sprites_TodoList_release(t.ctx, l), FFIDL_ERR);
  EXPECT_EQ(sprites_live_objects(t.ctx), 0u);
}

TEST(SpritesE2E, HostFnsTakeAndAnswerObjects) {
  Ctx t;
  sprites_TodoList a = new_list(t.ctx), b = new_list(t.ctx);
  // The host gets the lists (borrowed for the call) and answers the second:
  // the library's proc returns that very object.
  struct Host {
    void* ctx;
    std::uint64_t answer_with = 0;  // 0: the second list it was given
    static void fn(std::uint64_t id, const void* req, std::size_t, void* ud) {
      auto* h = static_cast<Host*>(ud);
      const auto* args = static_cast<const sprites_ChooseListArgs*>(req);
      ASSERT_EQ(args->lists_len, 2u);
      sprites_TodoList pick = args->lists[1];
      if (h->answer_with != 0) pick.handle = h->answer_with;
      EXPECT_EQ(sprites_host_complete(h->ctx, id, FFIDL_OK, &pick, sizeof pick), FFIDL_OK);
    }
  } host{t.ctx};
  ASSERT_EQ(sprites_register_host_fn(t.ctx, SPRITES_HOST_CHOOSE_LIST, Host::fn, &host), FFIDL_OK);
  sprites_TodoList both[] = {a, b};
  Made<sprites_TodoList> chosen(t.ctx, sprites_TodoList_retain);
  ASSERT_EQ(sprites_ask_host_to_choose(t.ctx, Call::callback, &chosen.call, both, 2), FFIDL_OK);
  EXPECT_EQ(chosen.wait().handle, b.handle);
  // An answer naming no live list of this context fails the call, with why.
  host.answer_with = 0x1234;
  Call refused;
  ASSERT_EQ(sprites_ask_host_to_choose(t.ctx, Call::callback, &refused, both, 2), FFIDL_OK);
  ASSERT_EQ(refused.wait(), FFIDL_ERR);
  EXPECT_NE(refused.text.find("is not a live TodoList of this context"), std::string::npos)
      << refused.text;
  EXPECT_EQ(sprites_TodoList_release(t.ctx, a), FFIDL_OK);
  EXPECT_EQ(sprites_TodoList_release(t.ctx, b), FFIDL_OK);
  EXPECT_EQ(sprites_TodoList_release(t.ctx, b), FFIDL_OK);  // the one `chosen` retained
  EXPECT_TRUE(dtors_reach(t.ctx, 2));
  EXPECT_EQ(sprites_live_objects(t.ctx), 0u);
}

TEST(SpritesE2E, StructsHoldObjectsAtAnyDepth) {
  Ctx t;
  sprites_TodoList outer = new_list(t.ctx), inner = new_list(t.ctx);
  sprites_Entry nested{"inner", inner, nullptr, 0};
  sprites_Entry entry{"outer", outer, &nested, 1};
  Call filed;
  std::vector<std::pair<std::string, std::uint64_t>> seen;
  filed.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    const auto* all = static_cast<const sprites_ffidl_ListEntry*>(msg);
    ASSERT_EQ(all->value_len, 1u);
    const sprites_Entry& e = all->value[0];
    seen.emplace_back(e.name, e.list.handle);
    ASSERT_EQ(e.more_len, 1u);
    seen.emplace_back(e.more[0].name, e.more[0].list.handle);
  };
  ASSERT_EQ(sprites_file_entry(t.ctx, Call::callback, &filed, &entry), FFIDL_OK);
  ASSERT_EQ(filed.wait(), FFIDL_OK);
  using Seen = std::vector<std::pair<std::string, std::uint64_t>>;
  EXPECT_EQ(seen, (Seen{{"outer", outer.handle}, {"inner", inner.handle}}));
  // A dead handle deep inside is refused with its path.
  sprites_Entry bad_inner{"x", sprites_TodoList{77}, nullptr, 0};
  sprites_Entry bad{"y", outer, &bad_inner, 1};
  Call refused;
  EXPECT_EQ(sprites_file_entry(t.ctx, Call::callback, &refused, &bad), FFIDL_ERR);
  EXPECT_NE(std::string(sprites_last_error()).find("entry.more[0].list: handle 0x000000000000004d"),
            std::string::npos)
      << sprites_last_error();
  // The library's entries hold both lists after ours go.
  EXPECT_EQ(sprites_TodoList_release(t.ctx, outer), FFIDL_OK);
  EXPECT_EQ(sprites_TodoList_release(t.ctx, inner), FFIDL_OK);
  EXPECT_EQ(sprites_live_objects(t.ctx), 2u);
}

TEST(SpritesE2E, DestroyReleasesEverythingAndRunsDtorHooks) {
  const std::uint64_t before = total_dtors();
  Call created;
  void* ctx = sprites_create(Call::callback, &created);
  ASSERT_EQ(created.wait(), FFIDL_OK);
  sprites_TodoList held = new_list(ctx);  // a client reference never released
  sprites_TodoList kept = new_list(ctx);
  Call set;
  ASSERT_EQ(sprites_set_default_list(ctx, Call::callback, &set, kept), FFIDL_OK);
  ASSERT_EQ(set.wait(), FFIDL_OK);
  ASSERT_EQ(sprites_TodoList_release(ctx, kept), FFIDL_OK);  // only the service holds it
  EXPECT_EQ(sprites_live_objects(ctx), 2u);
  ASSERT_EQ(sprites_destroy(ctx), FFIDL_OK);
  // Both hooks ran within destroy: the one a client held and the one only
  // the service held.
  EXPECT_EQ(total_dtors() - before, 2u);
  // The client handle outlives the context: refused, never a crash.
  EXPECT_EQ(sprites_TodoList_release(ctx, held), FFIDL_ERR);
  Call late;
  EXPECT_EQ(sprites_TodoList_add_item(ctx, Call::callback, &late, held, "x"), FFIDL_ERR);
}

TEST(SpritesE2E, DestroyRacingObjectCallsFromOtherThreads) {
  // Threads make, use and release lists while the context is destroyed
  // under them: every call that was queued gets exactly one answer, calls
  // after it are refused, and nothing crashes or leaks (the sanitizer
  // builds run this too).
  Call created;
  void* ctx = sprites_create(Call::callback, &created);
  ASSERT_EQ(created.wait(), FFIDL_OK);
  std::atomic<int> answered{0}, refused{0};
  std::atomic<bool> go{false};
  auto worker = [&] {
    while (!go.load())
      std::this_thread::yield();
    for (int i = 0; i < 2000; ++i) {
      // Once destroy has begun the context handle is gone, so even an answer
      // that still arrives FFIDL_OK cannot be retained: that is reported,
      // and the reference is released with the context.
      Call made;
      sprites_TodoList h{};
      bool kept = false;
      made.inspect = [&](int code, const void* msg, std::size_t) {
        if (code != FFIDL_OK) return;
        h = *static_cast<const sprites_TodoList*>(msg);
        kept = sprites_TodoList_retain(ctx, h) == FFIDL_OK;
      };
      if (sprites_TodoList_new(ctx, Call::callback, &made) != FFIDL_OK) {
        refused.fetch_add(1);
        return;
      }
      made.wait();
      answered.fetch_add(1);
      if (!kept) return;  // destroyed meanwhile
      Call c;
      if (sprites_TodoList_add_item(ctx, Call::callback, &c, h, "x") == FFIDL_OK) c.wait();
      sprites_TodoList_release(ctx, h);  // refused once the context is gone
    }
  };
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i)
    threads.emplace_back(worker);
  go.store(true);
  while (answered.load() < 50)
    std::this_thread::yield();
  ASSERT_EQ(sprites_destroy(ctx), FFIDL_OK);
  for (std::thread& t : threads)
    t.join();
  EXPECT_GT(answered.load() + refused.load(), 0);
  // The dead context refuses what comes after, handles included.
  EXPECT_EQ(sprites_TodoList_release(ctx, sprites_TodoList{1}), FFIDL_ERR);
}

TEST(SpritesE2E, StressManyThreadsLeakNothing) {
  Ctx t;
  constexpr int threads = 8;
  constexpr int per_thread = 12500;  // 100,000 objects
  std::vector<std::thread> workers;
  std::atomic<int> failures{0};
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] {
      for (int k = 0; k < per_thread; ++k) {
        sprites_TodoList l = new_list(t.ctx);
        if (add(t.ctx, l, "x") != FFIDL_OK) failures.fetch_add(1);
        if (sprites_TodoList_release(t.ctx, l) != FFIDL_OK) failures.fetch_add(1);
      }
    });
  }
  for (std::thread& w : workers)
    w.join();
  EXPECT_EQ(failures.load(), 0);
  ASSERT_TRUE(dtors_reach(t.ctx, threads * per_thread));
  EXPECT_EQ(counter(t.ctx, sprites_dtor_count), std::uint64_t{threads * per_thread});
  EXPECT_EQ(sprites_live_objects(t.ctx), 0u);
}

}  // namespace
}  // namespace e2e
