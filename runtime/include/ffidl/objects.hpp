// Objects: values of a schema's `object` types, living in a context and
// crossing the C ABI as 64-bit handles (docs/runtime.md, "Objects").
//
// The library's code holds an object as std::shared_ptr<T> (T derives from
// ObjectBase, through the generated `<Object>Service` class). Every handle
// a client holds is one reference in the library's object table; the
// object lives while the library's code or any reference holds it. When
// the last one goes, its dtor hook runs on the context's loop and the
// object is deleted there. Handles come from one counter per library that
// never wraps, so a released handle never names a later object (no ABA).
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>

#include "ffidl/cbor.hpp"
#include "ffidl/context.hpp"
#include "ffidl/pod.hpp"

namespace ffidl {

/// What a context knows about its objects; shared with every object's
/// deleter, so an object that outlives its context's teardown is still
/// deleted safely (without its hook).
struct ObjectHome {
  std::mutex mu;
  Context* ctx = nullptr;  // nullptr once the context is torn down (under mu)
  /// Every object made and not yet deleted (under mu): teardown asks those
  /// still alive to let go of what they hold (ObjectBase::on_context_destroy).
  std::unordered_set<ObjectBase*> all;
  /// Objects made and not yet deleted.
  std::atomic<std::uint64_t> live{0};
  /// Dtor hooks queued or running.
  std::atomic<std::uint64_t> dying{0};
};

/// Base of every object the library hands out.
class ObjectBase : public std::enable_shared_from_this<ObjectBase> {
 public:
  ObjectBase() = default;
  ObjectBase(const ObjectBase&) = delete;
  ObjectBase& operator=(const ObjectBase&) = delete;
  virtual ~ObjectBase() = default;
  /// The schema's name of the object's type ("TodoList").
  virtual const char* object_type() const = 0;
  /// The schema's dtor hook, awaited on the loop after the last reference
  /// is gone (bounded by the drain timeout while the context is destroyed).
  virtual Task<void> on_destroy() { co_return; }
  /// Called on the loop for every object still alive when its context is
  /// destroyed, after every client reference and the service are gone: an
  /// object that holds other objects lets go of them here, so that objects
  /// holding each other (a cycle) are deleted too, with their dtor hooks.
  virtual void on_context_destroy() {}

 private:
  friend class ObjectTable;
  friend struct ObjectDeleter;
  friend struct ObjectDispose;
  template <typename T, typename... A>
  friend std::shared_ptr<T> make_object(A&&... args);
  std::shared_ptr<ObjectHome> home_;
  std::uint64_t handle_ = 0;  // 0 until first handed out; under the table's lock
};

/// Runs an object's dtor hook on its loop, then deletes it (or deletes it
/// at once if its context is gone): the deleter of every shared_ptr
/// make_object returns.
struct ObjectDeleter {
  void operator()(ObjectBase* p) const noexcept;
};

/// The home of the context whose loop runs this thread; throws
/// std::logic_error anywhere else.
std::shared_ptr<ObjectHome> current_object_home();

/// Creates an object of the context whose loop runs the caller (a handler,
/// a ctor): `co_return ffidl::make_object<MyList>(args...)`.
template <typename T, typename... A>
std::shared_ptr<T> make_object(A&&... args) {
  static_assert(std::is_base_of_v<ObjectBase, T>, "objects derive from their <Object>Service");
  std::shared_ptr<ObjectHome> home = current_object_home();
  std::unique_ptr<T> made(new T(std::forward<A>(args)...));
  made->home_ = home;
  {
    std::lock_guard lock(home->mu);
    home->all.insert(made.get());
  }
  home->live.fetch_add(1);
  return std::shared_ptr<T>(made.release(), ObjectDeleter{});
}

/// The handles of every live object of this library, with the references
/// clients hold (any thread).
class ObjectTable {
 public:
  ObjectTable();
  ObjectTable(const ObjectTable&) = delete;
  ObjectTable& operator=(const ObjectTable&) = delete;

  /// One more reference for a client: the object's handle. Throws
  /// std::invalid_argument for a null object or one not made by
  /// make_object, std::runtime_error once 2^48 objects were handed out.
  std::uint64_t hand_out(const std::shared_ptr<ObjectBase>& obj);
  /// The live object behind `handle`, if it belongs to `home` (any home if
  /// `home` is nullptr); nullptr otherwise.
  std::shared_ptr<ObjectBase> get(std::uint64_t handle, const ObjectHome* home) const;
  /// Adds / drops a reference. False if `handle` is not a live object of
  /// `home` (nullptr: of any context) whose type is `type` (nullptr: any).
  bool retain(std::uint64_t handle, const ObjectHome* home, const char* type);
  bool release(std::uint64_t handle, const ObjectHome* home, const char* type);
  /// Drops every reference to the objects of `home` (its context is being
  /// destroyed).
  void release_all(const ObjectHome* home);
  /// Calls on_context_destroy() on every object of `home` still alive (on
  /// its loop, while its context is destroyed), so cycles come apart.
  static void break_cycles(ObjectHome& home);
  /// Handles with references, over every context.
  std::size_t size() const;
  /// Tests only: jump the serial counter (to reach the end of the space).
  void set_next_serial_for_testing(std::uint64_t serial);

 private:
  struct Entry {
    std::shared_ptr<ObjectBase> obj;
    std::uint64_t refs = 0;
  };
  const std::uint64_t tag_;
  mutable std::mutex mu_;
  std::uint64_t next_serial_ = 1;
  std::unordered_map<std::uint64_t, Entry> live_;
};

/// This library's object table (never destroyed, like handles()).
ObjectTable& objects();

/// While alive, handles that arguments name are looked up in `ctx`: the
/// glue opens one around converting a call's arguments.
class ObjectScope {
 public:
  explicit ObjectScope(Context& ctx);
  ~ObjectScope();
  ObjectScope(const ObjectScope&) = delete;
  ObjectScope& operator=(const ObjectScope&) = delete;

 private:
  const ObjectHome* previous_;
};

/// The object a handle in an argument names, as T; throws pod::Invalid
/// (the argument's path is added) if it is not a live T of the context the
/// current ObjectScope names.
std::shared_ptr<ObjectBase> lookup_object(std::uint64_t handle, const char* type);
/// lookup_object for the generated `<Object>Service` T (its kObjectType).
template <typename T>
std::shared_ptr<T> lookup(std::uint64_t handle) {
  return std::static_pointer_cast<T>(lookup_object(handle, T::kObjectType));
}

/// An object on the CBOR wire: its handle, with a reference the message
/// lends until the callback has returned.
template <typename T>
void encode_object(CborWriter& w, const std::shared_ptr<T>& v) {
  w.handle(objects().hand_out(v), true);
}

/// An argument's handle on the CBOR wire, looked up as lookup<T> does; a
/// handle that is not live fails the reader with why.
template <typename T>
bool decode_object(CborReader& r, std::shared_ptr<T>& out) {
  std::uint64_t h = 0;
  if (!r.u64(h)) return false;
  try {
    out = lookup<T>(h);
  } catch (const pod::Invalid& e) {
    return r.fail(e.what());
  }
  return true;
}

}  // namespace ffidl
