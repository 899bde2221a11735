// Handles: the `void *ctx` the C ABI hands out (and the 64-bit id of any
// other runtime object a binding holds). A handle is a per-table tag plus a
// serial number that is never reused in the life of the process, never a
// pointer, so NULL, garbage, released and other libraries' handles are all
// rejected without being dereferenced, and a released handle can never name
// a later object (no ABA: 2^48 serials outlast any process; the table refuses
// new handles rather than wrap).
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <unordered_map>

namespace ffidl {

class Context;

/// The handle bit layout shared by every table: a 16-bit tag (random per
/// table, never 0 or 0xFFFF, so no user-space or kernel pointer and no small
/// integer carries it) over a 48-bit serial (1, 2, 3, ...).
struct HandleBits {
  static constexpr unsigned serial_bits = 48;
  static constexpr std::uint64_t serial_mask = (std::uint64_t{1} << serial_bits) - 1;
  /// A fresh random tag.
  static std::uint64_t make_tag();
};

template <typename T>
class BasicHandleTable {
 public:
  BasicHandleTable() : tag_(HandleBits::make_tag()) {}
  BasicHandleTable(const BasicHandleTable&) = delete;
  BasicHandleTable& operator=(const BasicHandleTable&) = delete;

  /// A new handle for `value`; 0 only once all 2^48 serials are spent.
  std::uint64_t insert(std::shared_ptr<T> value) {
    std::unique_lock lock(mu_);
    if (next_serial_ > HandleBits::serial_mask) return 0;
    std::uint64_t handle = (tag_ << HandleBits::serial_bits) | next_serial_++;
    live_.emplace(handle, std::move(value));
    return handle;
  }
  /// The value, or nullptr for a zero, garbage, foreign or released handle.
  std::shared_ptr<T> get(std::uint64_t handle) const {
    std::shared_lock lock(mu_);
    auto it = live_.find(handle);
    return it == live_.end() ? nullptr : it->second;
  }
  /// Removes and returns the value; nullptr if the handle is not live.
  std::shared_ptr<T> take(std::uint64_t handle) {
    std::unique_lock lock(mu_);
    auto it = live_.find(handle);
    if (it == live_.end()) return nullptr;
    std::shared_ptr<T> value = std::move(it->second);
    live_.erase(it);
    return value;
  }
  std::size_t size() const {
    std::shared_lock lock(mu_);
    return live_.size();
  }
  /// Tests only: jump the serial counter (to reach the end of the space).
  void set_next_serial_for_testing(std::uint64_t serial) {
    std::unique_lock lock(mu_);
    next_serial_ = serial;
  }

 private:
  const std::uint64_t tag_;
  mutable std::shared_mutex mu_;
  std::uint64_t next_serial_ = 1;
  std::unordered_map<std::uint64_t, std::shared_ptr<T>> live_;
};

/// The context table, with the C ABI's `void *` spelling of handles.
class HandleTable {
 public:
  /// nullptr only once the handle space is spent (never in practice).
  void* insert(std::shared_ptr<Context> ctx) { return to_ptr(table_.insert(std::move(ctx))); }
  std::shared_ptr<Context> get(const void* handle) const { return table_.get(to_bits(handle)); }
  std::shared_ptr<Context> take(const void* handle) { return table_.take(to_bits(handle)); }
  std::size_t size() const { return table_.size(); }
  void set_next_serial_for_testing(std::uint64_t serial) {
    table_.set_next_serial_for_testing(serial);
  }

 private:
  static void* to_ptr(std::uint64_t bits) { return reinterpret_cast<void*>(bits); }
  static std::uint64_t to_bits(const void* p) { return reinterpret_cast<std::uint64_t>(p); }
  BasicHandleTable<Context> table_;
};

/// The table of this library's contexts (each generated library links its
/// own copy of the runtime, so tables are never shared across libraries).
/// It is never destroyed: threads may still call in while the process exits.
HandleTable& handles();

}  // namespace ffidl
