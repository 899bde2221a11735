#include "ffidl/handles.hpp"

#include <mutex>

namespace ffidl {

static_assert(sizeof(void*) == 8, "handles pack a 32-bit slot and generation into a pointer");

namespace {

// Handle bits: generation in the high 32, slot + 1 in the low 32, and a
// fixed tag in the top bits of the generation so that small integers and
// typical pointers are never mistaken for a handle.
constexpr std::uint64_t tag = 0xFD1Cull << 48;
constexpr std::uint64_t tag_mask = 0xFFFFull << 48;

void* encode(std::uint32_t slot, std::uint32_t generation) {
  std::uint64_t bits = tag | (static_cast<std::uint64_t>(generation & 0xFFFF) << 32) | (slot + 1);
  return reinterpret_cast<void*>(bits);
}

}  // namespace

const HandleTable::Slot* HandleTable::find(const void* handle) const {
  auto bits = reinterpret_cast<std::uint64_t>(handle);
  if ((bits & tag_mask) != tag) return nullptr;
  auto low = static_cast<std::uint32_t>(bits);
  auto generation = static_cast<std::uint32_t>((bits >> 32) & 0xFFFF);
  if (low == 0 || low > slots_.size()) return nullptr;
  const Slot& s = slots_[low - 1];
  if (!s.ctx || (s.generation & 0xFFFF) != generation) return nullptr;
  return &s;
}

void* HandleTable::insert(std::shared_ptr<Context> ctx) {
  std::unique_lock lock(mu_);
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    slot = static_cast<std::uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& s = slots_[slot];
  s.generation += 1;  // odd: live
  s.ctx = std::move(ctx);
  return encode(slot, s.generation);
}

std::shared_ptr<Context> HandleTable::get(const void* handle) const {
  std::shared_lock lock(mu_);
  const Slot* s = find(handle);
  return s ? s->ctx : nullptr;
}

std::shared_ptr<Context> HandleTable::take(const void* handle) {
  std::unique_lock lock(mu_);
  const Slot* found = find(handle);
  if (!found) return nullptr;
  auto slot = static_cast<std::uint32_t>(found - slots_.data());
  Slot& s = slots_[slot];
  std::shared_ptr<Context> ctx = std::move(s.ctx);
  s.ctx.reset();
  s.generation += 1;  // even: dead; the next insert makes it odd again
  free_.push_back(slot);
  return ctx;
}

HandleTable& handles() {
  static HandleTable table;
  return table;
}

}  // namespace ffidl
