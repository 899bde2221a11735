// The implementation of sprites: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "sprites_service.hpp"

namespace sprites {

namespace {
class SpriteImpl final : public SpriteService {
 public:
    ffidl::Task<ffidl::Result<Point>> get_position() override {
        co_return ffidl::fail("Sprite_get_position is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> move_to(Point position) override {
        (void)position;
        co_return ffidl::fail("Sprite_move_to is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> move_by(Vector direction) override {
        (void)direction;
        co_return ffidl::fail("Sprite_move_by is not implemented");
    }
};
class TodoListImpl final : public TodoListService {
 public:
    ffidl::Task<ffidl::Result<void>> add_item(std::string todo) override {
        (void)todo;
        co_return ffidl::fail("TodoList_add_item is not implemented");
    }
    ffidl::Task<ffidl::Result<std::string, ffidl::Failure<TodoError>>> get_last() override {
        co_return ffidl::fail("TodoList_get_last is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::string>>> get_items() override {
        co_return ffidl::fail("TodoList_get_items is not implemented");
    }
    ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> clear_item(std::string todo) override {
        (void)todo;
        co_return ffidl::fail("TodoList_clear_item is not implemented");
    }
    ffidl::Task<ffidl::Result<TodoListRef>> copy() override {
        co_return ffidl::fail("TodoList_copy is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> take_all(TodoListRef other) override {
        (void)other;
        co_return ffidl::fail("TodoList_take_all is not implemented");
    }
    ffidl::Task<ffidl::Result<TodoListRef>> itself() override {
        co_return ffidl::fail("TodoList_itself is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> keep(std::optional<TodoListRef> other) override {
        (void)other;
        co_return ffidl::fail("TodoList_keep is not implemented");
    }
    ffidl::Task<void> on_destroy() override { co_return; }
};
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<std::optional<TodoListRef>>> get_default_list() override {
        co_return ffidl::fail("get_default_list is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> set_default_list(TodoListRef list) override {
        (void)list;
        co_return ffidl::fail("set_default_list is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> clear_default_list() override {
        co_return ffidl::fail("clear_default_list is not implemented");
    }
    ffidl::Task<ffidl::Result<std::optional<TodoListRef>>> longest(std::vector<TodoListRef> lists) override {
        (void)lists;
        co_return ffidl::fail("longest is not implemented");
    }
    ffidl::Task<ffidl::Result<std::map<std::string, TodoListRef>>> lists_by_last_item(std::vector<TodoListRef> lists) override {
        (void)lists;
        co_return ffidl::fail("lists_by_last_item is not implemented");
    }
    ffidl::Task<ffidl::Result<std::uint64_t>> dtor_count() override {
        co_return ffidl::fail("dtor_count is not implemented");
    }
    ffidl::Task<ffidl::Result<std::uint64_t>> objects_alive() override {
        co_return ffidl::fail("objects_alive is not implemented");
    }
    ffidl::Task<ffidl::Result<TodoListRef>> ask_host_to_choose(std::vector<TodoListRef> lists) override {
        (void)lists;
        co_return ffidl::fail("ask_host_to_choose is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<Entry>>> file_entry(Entry entry) override {
        (void)entry;
        co_return ffidl::fail("file_entry is not implemented");
    }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create() {
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
ffidl::Task<ffidl::Result<SpriteRef>> SpriteService::new_(Service& service, std::optional<Point> initial_position) {
    (void)service;
    (void)initial_position;
    co_return SpriteRef(ffidl::make_object<SpriteImpl>());
}
ffidl::Task<ffidl::Result<SpriteRef>> SpriteService::new_relative_to(Service& service, Point reference, Vector direction) {
    (void)service;
    (void)reference;
    (void)direction;
    co_return SpriteRef(ffidl::make_object<SpriteImpl>());
}
ffidl::Task<ffidl::Result<TodoListRef>> TodoListService::new_(Service& service) {
    (void)service;
    co_return TodoListRef(ffidl::make_object<TodoListImpl>());
}
ffidl::Task<ffidl::Result<TodoListRef, ffidl::Failure<TodoError>>> TodoListService::from_items(Service& service, std::vector<std::string> items) {
    (void)service;
    (void)items;
    co_return TodoListRef(ffidl::make_object<TodoListImpl>());
}
ffidl::Task<ffidl::Result<std::uint64_t>> total_dtor_count() {
    co_return ffidl::fail("total_dtor_count is not implemented");
}
}  // namespace sprites
