// Context handles: the `void *ctx` the C ABI hands out. A handle is a
// per-table tag, a generation and a slot index, never a pointer, so NULL,
// garbage, destroyed and other libraries' handles are all rejected without
// being dereferenced, and a destroyed handle stays invalid after its slot is
// reused (no ABA).
#pragma once

#include <cstdint>
#include <memory>
#include <shared_mutex>
#include <vector>

namespace ffidl {

class Context;

class HandleTable {
 public:
  HandleTable();
  /// nullptr only if 16M contexts are alive at once.
  void* insert(std::shared_ptr<Context> ctx);
  /// The context, or nullptr for a NULL, garbage or destroyed handle.
  std::shared_ptr<Context> get(const void* handle) const;
  /// Removes and returns the context; nullptr if the handle is not live.
  std::shared_ptr<Context> take(const void* handle);

 private:
  struct Slot {
    std::uint32_t generation = 0;  // odd while live
    std::shared_ptr<Context> ctx;
  };
  /// The slot a handle names if it is live, else nullptr (lock held).
  const Slot* find(const void* handle) const;
  void* encode(std::uint32_t slot, std::uint32_t generation) const;

  const std::uint64_t tag_;

  mutable std::shared_mutex mu_;
  std::vector<Slot> slots_;
  std::vector<std::uint32_t> free_;
};

/// The table of this library's contexts (each generated library links its
/// own copy of the runtime, so tables are never shared across libraries).
HandleTable& handles();

}  // namespace ffidl
