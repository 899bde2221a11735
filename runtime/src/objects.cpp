#include "ffidl/objects.hpp"

#include <fmt/format.h>

#include <cstring>
#include <vector>

#include "ffidl/handles.hpp"

namespace ffidl {

namespace {

thread_local const ObjectHome* tls_scope = nullptr;

std::string describe_handle(std::uint64_t handle) {
  return fmt::format("handle 0x{:016x}", handle);
}

bool type_matches(const ObjectBase& obj, const char* type) {
  return !type || std::strcmp(obj.object_type(), type) == 0;
}

}  // namespace

void ObjectDeleter::operator()(ObjectBase* p) const noexcept {
  std::shared_ptr<ObjectHome> home = p->home_;
  ObjectPtr owned(p);
  {
    std::lock_guard lock(home->mu);
    // The lock keeps the context alive while the hook is queued; a context
    // already torn down leaves the object to be deleted here, below.
    if (home->ctx) owned = home->ctx->retire(std::move(owned));
  }
  // Deleted outside the lock: the object may hold the last reference to
  // another object, whose deleter takes the lock again.
}

void ObjectDispose::operator()(ObjectBase* p) const noexcept {
  std::shared_ptr<ObjectHome> home = p->home_;
  {
    std::lock_guard lock(home->mu);
    home->all.erase(p);
  }
  delete p;
  home->live.fetch_sub(1);
}

std::shared_ptr<ObjectHome> current_object_home() {
  Context* ctx = Context::current_loop();
  if (!ctx) {
    throw std::logic_error(
        "ffidl::make_object called off the library's loop: create objects in handlers and "
        "ctors, which run on the loop of the context that will own them");
  }
  return ctx->object_home();
}

ObjectTable::ObjectTable() : tag_(HandleBits::make_tag()) {}

std::uint64_t ObjectTable::hand_out(const std::shared_ptr<ObjectBase>& obj) {
  if (!obj) throw std::invalid_argument("a handler handed out a null object (an empty shared_ptr)");
  if (!obj->home_) {
    throw std::invalid_argument(
        fmt::format("a handler handed out a {} not made by ffidl::make_object (it has no context)",
                    obj->object_type()));
  }
  std::lock_guard lock(mu_);
  if (obj->handle_ == 0) {
    if (next_serial_ > HandleBits::serial_mask)
      throw std::runtime_error("the object handle space of this process is spent");
    obj->handle_ = (tag_ << HandleBits::serial_bits) | next_serial_++;
  }
  Entry& e = live_[obj->handle_];
  if (!e.obj) e.obj = obj;
  ++e.refs;
  return obj->handle_;
}

std::shared_ptr<ObjectBase> ObjectTable::get(std::uint64_t handle, const ObjectHome* home) const {
  std::lock_guard lock(mu_);
  auto it = live_.find(handle);
  if (it == live_.end()) return nullptr;
  if (home && it->second.obj->home_.get() != home) return nullptr;
  return it->second.obj;
}

bool ObjectTable::retain(std::uint64_t handle, const ObjectHome* home, const char* type) {
  std::lock_guard lock(mu_);
  auto it = live_.find(handle);
  if (it == live_.end() || (home && it->second.obj->home_.get() != home) ||
      !type_matches(*it->second.obj, type)) {
    return false;
  }
  ++it->second.refs;
  return true;
}

bool ObjectTable::release(std::uint64_t handle, const ObjectHome* home, const char* type) {
  std::shared_ptr<ObjectBase> last;  // dropped after unlocking: it may run a deleter
  {
    std::lock_guard lock(mu_);
    auto it = live_.find(handle);
    if (it == live_.end() || (home && it->second.obj->home_.get() != home) ||
        !type_matches(*it->second.obj, type)) {
      return false;
    }
    if (--it->second.refs == 0) {
      last = std::move(it->second.obj);
      live_.erase(it);
    }
  }
  return true;
}

void ObjectTable::release_all(const ObjectHome* home) {
  std::vector<std::shared_ptr<ObjectBase>> dropped;
  {
    std::lock_guard lock(mu_);
    for (auto it = live_.begin(); it != live_.end();) {
      if (it->second.obj->home_.get() == home) {
        dropped.push_back(std::move(it->second.obj));
        it = live_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

void ObjectTable::break_cycles(ObjectHome& home) {
  // Each object is held while its hook runs; one whose last reference is
  // already gone (its deletion is under way) cannot be locked and is skipped.
  std::vector<std::shared_ptr<ObjectBase>> alive;
  {
    std::lock_guard lock(home.mu);
    alive.reserve(home.all.size());
    for (ObjectBase* p : home.all) {
      if (std::shared_ptr<ObjectBase> held = p->weak_from_this().lock())
        alive.push_back(std::move(held));
    }
  }
  for (const std::shared_ptr<ObjectBase>& obj : alive) {
    try {
      obj->on_context_destroy();
    } catch (...) {
      // The context is going either way; an object that throws keeps what
      // it holds, as if it had no hook.
    }
  }
  // Dropped here, outside the lock: what only a cycle held is retired now.
}

std::size_t ObjectTable::size() const {
  std::lock_guard lock(mu_);
  return live_.size();
}

void ObjectTable::set_next_serial_for_testing(std::uint64_t serial) {
  std::lock_guard lock(mu_);
  next_serial_ = serial;
}

void release_lent(const std::vector<std::uint64_t>& handles) noexcept {
  for (std::uint64_t h : handles)
    objects().release(h, nullptr, nullptr);
}

ObjectTable& objects() {
  // Never destroyed: threads may still release handles while the process exits.
  static ObjectTable* const table = new ObjectTable();
  return *table;
}

ObjectScope::ObjectScope(Context& ctx) : previous_(tls_scope) {
  tls_scope = ctx.object_home().get();
}

ObjectScope::~ObjectScope() {
  tls_scope = previous_;
}

std::shared_ptr<ObjectBase> lookup_object(std::uint64_t handle, const char* type) {
  if (!tls_scope) throw std::logic_error("ffidl::lookup_object outside an ObjectScope");
  std::shared_ptr<ObjectBase> obj = objects().get(handle, tls_scope);
  if (!obj) {
    throw pod::Invalid(
        fmt::format("{} is not a live {} of this context (released, never handed "
                    "out, or another context's)",
                    describe_handle(handle), type));
  }
  if (!type_matches(*obj, type)) {
    throw pod::Invalid(
        fmt::format("{} is a {}, not a {}", describe_handle(handle), obj->object_type(), type));
  }
  return obj;
}

}  // namespace ffidl
