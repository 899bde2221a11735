// Counts every C++ heap allocation in the benchmark process (the runtime is
// linked in statically, so its allocations count too), for the
// "allocations per call" column. Replacing the global operator new is the
// standard's own hook; one relaxed add to this thread's counter per
// allocation.
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <new>

#include "alloc_count.hpp"

namespace {

// One counter per thread (a shared one would be a cache line every
// allocating thread fights over, slowing exactly the lanes it measures).
// Slots are claimed once per thread; past 256 threads they are shared.
constexpr int kSlots = 256;
struct alignas(64) Slot {
  std::atomic<std::uint64_t> n{0};
};
Slot g_slots[kSlots];
std::atomic<int> g_next_slot{0};

void count() {
  thread_local Slot* mine = &g_slots[g_next_slot.fetch_add(1) % kSlots];
  mine->n.fetch_add(1, std::memory_order_relaxed);
}

void* allocate(std::size_t n) {
  count();
  if (void* p = std::malloc(n ? n : 1)) return p;
  throw std::bad_alloc();
}

void* allocate_aligned(std::size_t n, std::align_val_t al) {
  count();
  std::size_t a = static_cast<std::size_t>(al);
  if (void* p = std::aligned_alloc(a, (n + a - 1) / a * a)) return p;
  throw std::bad_alloc();
}
}  // namespace

std::uint64_t bench_allocations() {
  std::uint64_t total = 0;
  for (const Slot& s : g_slots)
    total += s.n.load(std::memory_order_relaxed);
  return total;
}

void* operator new(std::size_t n) {
  return allocate(n);
}
void* operator new[](std::size_t n) {
  return allocate(n);
}
void* operator new(std::size_t n, std::align_val_t al) {
  return allocate_aligned(n, al);
}
void* operator new[](std::size_t n, std::align_val_t al) {
  return allocate_aligned(n, al);
}
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  count();
  return std::malloc(n ? n : 1);
}
void* operator new[](std::size_t n, const std::nothrow_t&) noexcept {
  count();
  return std::malloc(n ? n : 1);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t, std::align_val_t) noexcept {
  std::free(p);
}
