// The sprites library: objects made by named ctors, held by the library
// and by its clients as values, and a dtor hook. Objects are created with
// ffidl::make_object on the loop and handed out as <Object>Ref
// (std::shared_ptr): the same object handed out twice is one object.
#include <algorithm>
#include <atomic>
#include <memory>

#include "sprites_service.hpp"

namespace sprites {

namespace {

class Sprite final : public SpriteService {
 public:
  explicit Sprite(Point at) : at_(at) {}

  ffidl::Task<ffidl::Result<Point>> get_position() override { co_return at_; }

  ffidl::Task<ffidl::Result<void>> move_to(Point position) override {
    at_ = position;
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<void>> move_by(Vector direction) override {
    at_.x += direction.dx;
    at_.y += direction.dy;
    co_return ffidl::ok();
  }

 private:
  Point at_;
};

/// Shared by the service and every list: a dtor hook may run after the
/// service is gone (when the context is destroyed), so it must not reach it.
using Counter = std::shared_ptr<std::atomic<std::uint64_t>>;

/// Dtor hooks run in every context of the process.
std::atomic<std::uint64_t> total_dtors{0};

class TodoList final : public TodoListService {
 public:
  /// `events` belongs to the service, which outlives every call of a list.
  TodoList(std::vector<std::string> items, Counter dtors, Events& events)
      : items_(std::move(items)), dtors_(std::move(dtors)), events_(events) {}

  ffidl::Task<ffidl::Result<void>> add_item(std::string todo) override {
    items_.push_back(std::move(todo));
    // The event carries the list itself: listeners get this very object.
    events_.list_changed(ref(), static_cast<std::uint32_t>(items_.size()));
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<std::string, ffidl::Failure<TodoError>>> get_last() override {
    if (items_.empty()) co_return ffidl::raise(TodoError::EmptyTodoList{});
    co_return items_.back();
  }

  ffidl::Task<ffidl::Result<std::vector<std::string>>> get_items() override { co_return items_; }

  ffidl::Task<ffidl::Result<void, ffidl::Failure<TodoError>>> clear_item(
      std::string todo) override {
    auto it = std::find(items_.begin(), items_.end(), todo);
    if (it == items_.end()) co_return ffidl::raise(TodoError::TodoDoesNotExist{todo});
    items_.erase(it);
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<TodoListRef>> copy() override {
    co_return TodoListRef(ffidl::make_object<TodoList>(items_, dtors_, events_));
  }

  ffidl::Task<ffidl::Result<void>> take_all(TodoListRef other) override {
    // `other` is a TodoListService; every one this library makes is a TodoList.
    auto& from = static_cast<TodoList&>(*other);
    if (&from == this) co_return ffidl::fail("a list cannot take its own items");
    items_.insert(items_.end(), from.items_.begin(), from.items_.end());
    from.items_.clear();
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<TodoListRef>> itself() override {
    // The same object again: clients get a second reference that compares
    // equal to the first.
    co_return ref();
  }

  ffidl::Task<ffidl::Result<void>> keep(std::optional<TodoListRef> other) override {
    kept_ = other ? std::move(*other) : nullptr;
    co_return ffidl::ok();
  }

  /// The context is going: let go of the kept list, so that a cycle (a list
  /// that keeps itself, or two that keep each other) is deleted too.
  void on_context_destroy() override { kept_ = nullptr; }

  ffidl::Task<void> on_destroy() override {
    dtors_->fetch_add(1);
    total_dtors.fetch_add(1);
    co_return;
  }

  std::size_t size() const { return items_.size(); }

 private:
  std::vector<std::string> items_;
  TodoListRef kept_;
  Counter dtors_;
  Events& events_;
};

class Canvas final : public Service {
 public:
  ffidl::Task<ffidl::Result<std::optional<TodoListRef>>> get_default_list() override {
    if (!default_) co_return std::optional<TodoListRef>();
    co_return std::optional<TodoListRef>(default_);
  }

  ffidl::Task<ffidl::Result<void>> set_default_list(TodoListRef list) override {
    default_ = std::move(list);
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<void>> clear_default_list() override {
    default_.reset();
    co_return ffidl::ok();
  }

  ffidl::Task<ffidl::Result<std::optional<TodoListRef>>> longest(
      std::vector<TodoListRef> lists) override {
    if (lists.empty()) co_return std::optional<TodoListRef>();
    auto size = [](const TodoListRef& l) { return static_cast<const TodoList&>(*l).size(); };
    co_return std::optional<TodoListRef>(*std::max_element(
        lists.begin(), lists.end(),
        [&](const TodoListRef& a, const TodoListRef& b) { return size(a) < size(b); }));
  }

  ffidl::Task<ffidl::Result<std::map<std::string, TodoListRef>>> lists_by_last_item(
      std::vector<TodoListRef> lists) override {
    std::map<std::string, TodoListRef> out;
    for (TodoListRef& l : lists) {
      auto last = co_await l->get_last();
      if (last) out.insert_or_assign(*last, std::move(l));
    }
    co_return out;
  }

  ffidl::Task<ffidl::Result<TodoListRef>> ask_host_to_choose(
      std::vector<TodoListRef> lists) override {
    // The host answers with one of the lists (a handle it was lent): the
    // very object, looked up in this context.
    co_return co_await host().choose_list(std::move(lists));
  }

  ffidl::Task<ffidl::Result<std::vector<Entry>>> file_entry(Entry entry) override {
    entries_.push_back(std::move(entry));
    co_return entries_;
  }

  ffidl::Task<ffidl::Result<std::uint64_t>> dtor_count() override { co_return dtors_->load(); }

  ffidl::Task<ffidl::Result<std::uint64_t>> objects_alive() override {
    co_return context().live_objects();
  }

  const Counter& dtors() const { return dtors_; }

 private:
  TodoListRef default_;
  std::vector<Entry> entries_;  // they hold their lists alive
  Counter dtors_ = std::make_shared<std::atomic<std::uint64_t>>(0);
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create() {
  co_return std::unique_ptr<Service>(std::make_unique<Canvas>());
}

ffidl::Task<ffidl::Result<SpriteRef>> SpriteService::new_(Service&,
                                                          std::optional<Point> initial_position) {
  co_return SpriteRef(ffidl::make_object<Sprite>(initial_position.value_or(Point{0, 0})));
}

ffidl::Task<ffidl::Result<SpriteRef>> SpriteService::new_relative_to(Service&, Point reference,
                                                                     Vector direction) {
  Point at{reference.x + direction.dx, reference.y + direction.dy};
  co_return SpriteRef(ffidl::make_object<Sprite>(at));
}

ffidl::Task<ffidl::Result<TodoListRef>> TodoListService::new_(Service& service) {
  co_return TodoListRef(ffidl::make_object<TodoList>(
      std::vector<std::string>{}, static_cast<Canvas&>(service).dtors(), service.events()));
}

ffidl::Task<ffidl::Result<TodoListRef, ffidl::Failure<TodoError>>> TodoListService::from_items(
    Service& service, std::vector<std::string> items) {
  if (items.empty()) co_return ffidl::raise(TodoError::EmptyTodoList{});
  co_return TodoListRef(ffidl::make_object<TodoList>(
      std::move(items), static_cast<Canvas&>(service).dtors(), service.events()));
}

ffidl::Task<ffidl::Result<std::uint64_t>> total_dtor_count() {
  co_return total_dtors.load();
}

}  // namespace sprites
