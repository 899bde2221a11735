// The sprites library from C++: each object type is a class whose values
// are references. Copies are more references to the same object (they
// compare equal); the last one to go lets the object go.
#include <cstdio>

#include "sprites_client.hpp"

using namespace sprites;

int main() {
  ffidl::Result<Client> made = Client::create();
  if (!made) {
    std::fprintf(stderr, "create failed: %s\n", made.error().message.c_str());
    return 1;
  }
  Client& client = *made;

  // Named ctors are static methods; procs are methods (blocking here, with
  // _async and callback forms beside).
  Sprite sprite = *Sprite::new_relative_to(client, Point{1, 2}, Vector{10, 20});
  if (!sprite.move_by(Vector{10, 20})) return 1;
  Point at = *sprite.get_position();
  std::printf("sprite at (%.0f, %.0f)\n", at.x, at.y);

  TodoList list = *TodoList::new_(client);
  if (!list.add_item("buy milk") || !client.set_default_list(list)) return 1;
  std::optional<TodoList> fallback = *client.get_default_list();
  std::printf("the default list is the same object: %s\n", *fallback == list ? "yes" : "no");
  std::printf("its last item: %s\n", fallback->get_last()->c_str());

  // A ctor that raises: the typed error, matched.
  auto none = TodoList::from_items(client, {});
  if (!none && none.error().typed()) {
    std::printf("from_items({}) raised %s\n", none.error().typed()->message().c_str());
  }

  TodoList copy = *list.copy();  // another object
  if (!list.take_all(copy)) return 1;
  std::printf("after take_all: %zu items here, %zu there\n", list.get_items()->size(),
              copy.get_items()->size());
  return 0;  // references release themselves, then the client destroys its context
}
