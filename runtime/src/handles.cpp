#include "ffidl/handles.hpp"

#include <mutex>
#include <random>

namespace ffidl {

static_assert(sizeof(void*) == 8, "handles pack a tag, a generation and a slot into a pointer");

namespace {

// Handle bits: a 24-bit tag (random per table, so a handle of one ffidl
// library is garbage to another), a 16-bit generation and a 24-bit slot + 1.
// Small integers and ordinary pointers never carry a table's tag.
constexpr unsigned slot_bits = 24;
constexpr unsigned generation_bits = 16;
constexpr std::uint64_t slot_mask = (1ull << slot_bits) - 1;
constexpr std::uint64_t generation_mask = (1ull << generation_bits) - 1;

std::uint64_t make_tag() {
  std::random_device rd;
  std::uint64_t tag = 0;
  while (tag == 0 || tag == 0xFFFFFF)
    tag = (static_cast<std::uint64_t>(rd()) ^ (static_cast<std::uint64_t>(rd()) << 7)) & 0xFFFFFF;
  return tag;
}

}  // namespace

HandleTable::HandleTable() : tag_(make_tag()) {}

void* HandleTable::encode(std::uint32_t slot, std::uint32_t generation) const {
  std::uint64_t bits = (tag_ << (slot_bits + generation_bits)) |
                       ((generation & generation_mask) << slot_bits) | (slot + 1);
  return reinterpret_cast<void*>(bits);
}

const HandleTable::Slot* HandleTable::find(const void* handle) const {
  auto bits = reinterpret_cast<std::uint64_t>(handle);
  if ((bits >> (slot_bits + generation_bits)) != tag_) return nullptr;
  auto low = static_cast<std::uint32_t>(bits & slot_mask);
  auto generation = static_cast<std::uint32_t>((bits >> slot_bits) & generation_mask);
  if (low == 0 || low > slots_.size()) return nullptr;
  const Slot& s = slots_[low - 1];
  if (!s.ctx || (s.generation & generation_mask) != generation) return nullptr;
  return &s;
}

void* HandleTable::insert(std::shared_ptr<Context> ctx) {
  std::unique_lock lock(mu_);
  std::uint32_t slot;
  if (!free_.empty()) {
    slot = free_.back();
    free_.pop_back();
  } else {
    if (slots_.size() >= slot_mask) return nullptr;  // 16M live contexts: refuse
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
