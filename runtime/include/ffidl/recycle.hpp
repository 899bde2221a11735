// Recycled blocks for objects one thread allocates and another frees: a
// request is made by its caller and freed by the loop that answered it.
// glibc's malloc handles that pattern badly: the freeing thread's cache
// fills and the rest go back to the allocating thread's arena under that
// arena's lock, while the allocating thread, whose cache never refills,
// takes every block from its arena (an in-flight scalar call spent 28% of
// its CPU in malloc and free). Freed blocks go onto a lock-free stack per
// size class instead; an allocating thread takes the whole stack at once
// into a cache of its own and serves itself from it with no atomics.
//
// Bounded: about `max_pooled` blocks per class (give or take count_batch per
// thread) wait in the stacks and the threads' caches together; beyond that
// a freed block goes back to malloc.
// A thread's cache is returned to malloc when the thread exits; blocks the
// thread allocates or frees after that (from another thread_local's
// destructor) bypass the pools. Under AddressSanitizer blocks are never
// recycled, so a use after free is still caught.
//
// Why the shared stacks are free of ABA: a lock-free stack's ABA problem
// comes from popping one node with a compare-and-swap of head for
// head->next, which succeeds wrongly when the head was popped and pushed
// back meanwhile (and reads a `next` that changed). Nothing here pops one
// node: a thread takes the whole stack with one exchange(nullptr), which
// reads no `next`, and pushes compare head only with the head they linked
// their own block to, which is correct whatever happened in between. The
// blocks taken are then the taking thread's alone.
#pragma once

#include <atomic>
#include <cstddef>
#include <new>

namespace ffidl::recycle {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool enabled = false;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool enabled = false;
#else
inline constexpr bool enabled = true;
#endif
#else
inline constexpr bool enabled = true;
#endif

/// Block sizes: 128, 256, 512 and 1024 bytes; larger objects use malloc.
inline constexpr std::size_t class_count = 4;
inline constexpr std::size_t smallest = 128;
/// Blocks pooled per class at most (1024 of 1 KiB: at most 1 MiB).
inline constexpr std::size_t max_pooled = 1024;

/// The class of an object of `n` bytes, or class_count for "use malloc".
constexpr std::size_t class_of(std::size_t n) noexcept {
  std::size_t c = 0;
  for (std::size_t size = smallest; c < class_count; ++c, size *= 2) {
    if (n <= size) return c;
  }
  return class_count;
}
constexpr std::size_t size_of(std::size_t c) noexcept {
  return smallest << c;
}

namespace detail {

struct Node {
  Node* next;
};

/// Counts reach the shared counter in batches of this many, so neither
/// side touches a shared counter per block.
inline constexpr std::ptrdiff_t count_batch = 64;

/// One class's shared stack, and about how many blocks it and the threads'
/// caches hold together (within count_batch per thread).
struct alignas(64) Shared {
  std::atomic<Node*> head{nullptr};
  std::atomic<std::ptrdiff_t> pooled{0};
};

inline Shared* shared() noexcept {
  static Shared classes[class_count];
  return classes;
}

/// A thread's own blocks, taken from the shared stacks, and the counts it
/// has yet to add to the shared counters.
struct Local {
  Node* free[class_count] = {};
  std::ptrdiff_t unflushed[class_count] = {};
  void count(std::size_t c, std::ptrdiff_t n) noexcept {
    unflushed[c] += n;
    if (unflushed[c] >= count_batch || unflushed[c] <= -count_batch) {
      shared()[c].pooled.fetch_add(unflushed[c], std::memory_order_relaxed);
      unflushed[c] = 0;
    }
  }
  // Returns the thread's blocks and marks the cache gone: a block freed
  // later in this thread's exit (from another thread_local's destructor)
  // must not touch the destroyed cache (local() returns nullptr then).
  ~Local();
};

/// Set by ~Local: this thread's cache is destroyed. Trivially destructible,
/// so it stays readable until the thread ends.
inline thread_local bool local_gone = false;

inline Local::~Local() {
  for (std::size_t c = 0; c < class_count; ++c) {
    while (Node* b = free[c]) {
      free[c] = b->next;
      --unflushed[c];
      ::operator delete(b);
    }
    shared()[c].pooled.fetch_add(unflushed[c], std::memory_order_relaxed);
    unflushed[c] = 0;
  }
  local_gone = true;
}

/// This thread's cache, or nullptr once it is destroyed (thread exit).
inline Local* local() noexcept {
  if (local_gone) return nullptr;
  thread_local Local cache;
  return &cache;
}

}  // namespace detail

/// A block of at least `n` bytes (aligned for any object without an
/// extended alignment).
inline void* allocate(std::size_t n) {
  const std::size_t c = class_of(n);
  if (!enabled || c == class_count) return ::operator new(n);
  detail::Local* mine = detail::local();
  if (!mine) return ::operator new(size_of(c));  // thread exit: no cache
  if (!mine->free[c])
    mine->free[c] = detail::shared()[c].head.exchange(nullptr, std::memory_order_acquire);
  if (detail::Node* b = mine->free[c]) {
    mine->free[c] = b->next;
    mine->count(c, -1);
    return b;
  }
  return ::operator new(size_of(c));
}

/// Returns a block from allocate(n) (same n), from any thread.
inline void deallocate(void* p, std::size_t n) noexcept {
  const std::size_t c = class_of(n);
  if (!enabled || c == class_count) return ::operator delete(p);
  detail::Shared& s = detail::shared()[c];
  detail::Local* mine = detail::local();
  if (!mine || s.pooled.load(std::memory_order_relaxed) >= static_cast<std::ptrdiff_t>(max_pooled))
    return ::operator delete(p);
  mine->count(c, 1);
  auto* b = new (p) detail::Node{nullptr};
  detail::Node* head = s.head.load(std::memory_order_relaxed);
  do {
    b->next = head;
  } while (
      !s.head.compare_exchange_weak(head, b, std::memory_order_release, std::memory_order_relaxed));
}

}  // namespace ffidl::recycle
