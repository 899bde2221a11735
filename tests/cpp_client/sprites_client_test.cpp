// The generated C++ client of sprites: objects as RAII references. Named
// ctors, methods in their three forms, copies as more references (identity),
// the live default list, lists/optionals/maps of objects, use of an empty
// reference, references outliving their client, and objects made from
// many threads with nothing leaked.
#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

#include "sprites_client.hpp"

namespace {

using sprites::Client;
using sprites::Point;
using sprites::Sprite;
using sprites::TodoList;
using sprites::Vector;

Client make() {
  ffidl::Result<Client> c = Client::create();
  if (!c) throw std::runtime_error(c.error().message);
  return std::move(*c);
}

TEST(SpritesClient, NamedCtorsAndMethodsInThreeForms) {
  Client c = make();
  ffidl::Result<Sprite> a = Sprite::new_(c, std::nullopt);
  ASSERT_TRUE(a) << a.error().message;
  ffidl::Result<Sprite> b = Sprite::new_relative_to(c, Point{1, 2}, Vector{10, 20});
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_NE(*a, *b);
  ASSERT_TRUE(a->move_by(Vector{0.5, -1}));          // blocking
  EXPECT_TRUE(a->move_to_async(Point{3, 4}).get());  // future
  std::promise<ffidl::Result<Point>> where;
  b->get_position([&](ffidl::Result<Point> p) { where.set_value(std::move(p)); });  // callback
  ffidl::Result<Point> at = where.get_future().get();
  ASSERT_TRUE(at);
  EXPECT_EQ(at->x, 11);
  EXPECT_EQ(at->y, 22);
  EXPECT_EQ(a->get_position()->x, 3);
  // Ctors in their other forms.
  EXPECT_TRUE(TodoList::new_async(c).get());
  std::promise<ffidl::Result<TodoList>> made;
  TodoList::new_(c, [&](ffidl::Result<TodoList> l) { made.set_value(std::move(l)); });
  EXPECT_TRUE(made.get_future().get());
}

TEST(SpritesClient, CtorRaisesTypedError) {
  Client c = make();
  auto empty = TodoList::from_items(c, {});
  ASSERT_FALSE(empty);
  ASSERT_NE(empty.error().typed(), nullptr);
  EXPECT_NE(empty.error().typed()->as_empty_todo_list(), nullptr);
  auto two = TodoList::from_items(c, {"a", "b"});
  ASSERT_TRUE(two);
  EXPECT_EQ(*two->get_items(), (std::vector<std::string>{"a", "b"}));
}

TEST(SpritesClient, CopiesAreReferencesToOneObject) {
  Client c = make();
  TodoList list = *TodoList::new_(c);
  TodoList other = list;  // another reference, not another list
  EXPECT_EQ(other, list);
  ASSERT_TRUE(other.add_item("milk"));
  EXPECT_EQ(*list.get_items(), std::vector<std::string>{"milk"});
  other.reset();
  EXPECT_FALSE(other);
  EXPECT_EQ(*list.get_items(), std::vector<std::string>{"milk"});  // still alive
  EXPECT_EQ(*list.itself(), list);                                 // handed out again: equal
  TodoList copy = *list.copy();
  EXPECT_NE(copy, list);
  EXPECT_EQ(*copy.get_items(), std::vector<std::string>{"milk"});
  ASSERT_TRUE(list.take_all(copy));
  EXPECT_EQ(*list.get_items(), (std::vector<std::string>{"milk", "milk"}));
  EXPECT_TRUE(copy.get_items()->empty());
}

TEST(SpritesClient, DefaultListIsTheLiveObject) {
  Client c = make();
  EXPECT_FALSE(c.get_default_list()->has_value());
  TodoList list = *TodoList::new_(c);
  ASSERT_TRUE(c.set_default_list(list));
  ASSERT_TRUE(list.add_item("bread"));
  std::optional<TodoList> got = *c.get_default_list();
  ASSERT_TRUE(got.has_value());
  EXPECT_EQ(*got, list);
  EXPECT_EQ(*got->get_last(), "bread");
  // The library keeps it alive after every client reference is gone.
  list.reset();
  got.reset();
  EXPECT_EQ(*c.objects_alive(), 1u);
  EXPECT_EQ(*c.dtor_count(), 0u);
  EXPECT_EQ(*(*c.get_default_list())->get_last(), "bread");
  ASSERT_TRUE(c.clear_default_list());
  for (int i = 0; i < 6000 && *c.dtor_count() == 0; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(*c.dtor_count(), 1u);
  EXPECT_EQ(*c.objects_alive(), 0u);
}

TEST(SpritesClient, WhatAReleaseLetsGoOfIsGoneBeforeTheNextCall) {
  // a keeps b; dropping b's reference, then a's: the next call already sees
  // both deleted (no waiting), round after round.
  Client c = make();
  for (int round = 0; round < 20; ++round) {
    std::optional<TodoList> a = *TodoList::new_(c);
    std::optional<TodoList> b = *TodoList::new_(c);
    ASSERT_TRUE(a->keep(b));
    b.reset();
    ASSERT_EQ(*c.objects_alive(), 2u);
    a.reset();
    ASSERT_EQ(*c.objects_alive(), 0u) << "round " << round;
  }
  // An optional object argument: absent lets go.
  TodoList a = *TodoList::new_(c);
  ASSERT_TRUE(a.keep(*TodoList::new_(c)));
  ASSERT_EQ(*c.objects_alive(), 2u);
  ASSERT_TRUE(a.keep(std::nullopt));
  for (int i = 0; i < 6000 && *c.objects_alive() != 1; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(*c.objects_alive(), 1u);
}

TEST(SpritesClient, CyclesAreDeletedWhenTheClientCloses) {
  std::uint64_t before = *Client::total_dtor_count();
  {
    Client c = make();
    TodoList self = *TodoList::new_(c);
    TodoList a = *TodoList::new_(c), b = *TodoList::new_(c);
    ASSERT_TRUE(self.keep(self));
    ASSERT_TRUE(a.keep(b));
    ASSERT_TRUE(b.keep(a));
  }  // the references go, then the client: the cycles come apart
  EXPECT_EQ(*Client::total_dtor_count(), before + 3);
}

TEST(SpritesClient, ListsOptionalsAndMapsOfObjects) {
  Client c = make();
  TodoList small = *TodoList::from_items(c, {"one"});
  TodoList big = *TodoList::from_items(c, {"one", "two"});
  std::optional<TodoList> longest = *c.longest({small, big});
  ASSERT_TRUE(longest);
  EXPECT_EQ(*longest, big);
  EXPECT_FALSE(c.longest({})->has_value());
  std::map<std::string, TodoList> by_last = *c.lists_by_last_item({small, big});
  ASSERT_EQ(by_last.size(), 2u);
  EXPECT_EQ(by_last.at("one"), small);
  EXPECT_EQ(by_last.at("two"), big);
}

TEST(SpritesClient, EventsCarryTheObjectItself) {
  Client c = make();
  TodoList list = *TodoList::new_(c);
  std::mutex mu;
  std::condition_variable cv;
  std::vector<sprites::ListChangedEvent> seen;
  sprites::Subscription sub = c.on_list_changed([&](const sprites::ListChangedEvent& ev) {
    std::lock_guard lock(mu);
    seen.push_back(ev);  // a copy: another reference, kept past the callback
    cv.notify_all();
  });
  ASSERT_TRUE(list.add_item("one"));
  ASSERT_TRUE(list.add_item("two"));
  std::unique_lock lock(mu);
  ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen.size() == 2; }));
  EXPECT_EQ(seen[0].list, list);
  EXPECT_EQ(seen[0].size, 1u);
  EXPECT_EQ(seen[1].size, 2u);
  lock.unlock();
  list.reset();
  // The kept references still work.
  EXPECT_EQ(*seen[1].list.get_last(), "two");
}

TEST(SpritesClient, HostFnsTakeAndAnswerObjects) {
  Client c = make();
  TodoList a = *TodoList::new_(c), b = *TodoList::new_(c);
  c.set_choose_list([](std::vector<TodoList> lists) -> ffidl::Result<TodoList> {
    if (lists.size() != 2) return ffidl::Error{"expected two lists"};
    return lists[1];
  });
  ffidl::Result<TodoList> chosen = c.ask_host_to_choose({a, b});
  ASSERT_TRUE(chosen) << chosen.error().message;
  EXPECT_EQ(*chosen, b);
  EXPECT_NE(*chosen, a);
}

TEST(SpritesClient, StructsHoldObjects) {
  Client c = make();
  TodoList outer = *TodoList::new_(c), inner = *TodoList::new_(c);
  sprites::Entry entry{"outer", outer, {sprites::Entry{"inner", inner, {}}}};
  std::vector<sprites::Entry> all = *c.file_entry(entry);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0], entry);  // the same objects, compared by identity
  EXPECT_EQ(all[0].more[0].list, inner);
}

TEST(SpritesClient, EmptyAndStaleReferencesAnswerErrors) {
  TodoList kept;
  {
    Client c = make();
    TodoList empty;
    auto r = empty.add_item("x");
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("an empty TodoList reference"), std::string::npos)
        << r.error().message;
    TodoList foreign_holder = *TodoList::new_(c);
    Client other = make();
    // A list of one client passed to another client's context is refused.
    auto refused = other.set_default_list(foreign_holder);
    ASSERT_FALSE(refused);
    EXPECT_NE(refused.error().message.find("not a live TodoList of this context"),
              std::string::npos)
        << refused.error().message;
    kept = *TodoList::new_(c);
  }
  // The client (and its context) is gone; the reference answers errors and
  // its destructor is harmless.
  auto late = kept.get_items();
  ASSERT_FALSE(late);
}

TEST(SpritesClient, ManyThreadsLeakNothing) {
  Client c = make();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 500; ++i) {
        TodoList l = *TodoList::new_(c);
        TodoList again = l;
        EXPECT_TRUE(again.add_item("x"));
      }
    });
  }
  for (auto& t : threads)
    t.join();
  for (int i = 0; i < 6000 && *c.dtor_count() < 2000; ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  EXPECT_EQ(*c.dtor_count(), 2000u);
  EXPECT_EQ(sprites_live_objects(c.handle()), 0u);
}

}  // namespace
