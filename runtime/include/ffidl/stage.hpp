// Staging: the library's own copy of a native argument the caller lends.
//
// A native call borrows the caller's C structs only until the export
// returns, so the library copies them before it queues the request. Before
// 0.2 it converted them into C++ values right there, on the caller's thread,
// and the loop freed them: a nested struct made ~10 allocations on one thread
// that another thread freed, and glibc pays for each such free with the
// allocating arena's lock (and the caller's next allocation with a
// consolidation). Now the export stages the argument instead: one walk copies
// the struct and everything it points at into an Arena (usually one block)
// and checks it (UTF-8, enum values, union tags, depth), so a bad argument
// is still refused synchronously; the loop converts the staged copy into
// C++ values, which it allocates and frees on its own thread, and frees the
// arena. See docs/runtime.md ("Native arguments").
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <new>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <utility>

#include "ffidl/pod.hpp"
#include "ffidl/utf8.hpp"

namespace ffidl::pod {

/// A bump allocator for one call's staged arguments: blocks of at least
/// 1 KiB (a larger one for a larger value), freed together. Holds only
/// trivially copyable C data (no destructors run). Move-only.
class Arena {
 public:
  Arena() = default;
  Arena(Arena&& o) noexcept : head_(std::exchange(o.head_, nullptr)) {}
  Arena& operator=(Arena&& o) noexcept {
    if (this != &o) {
      release();
      head_ = std::exchange(o.head_, nullptr);
    }
    return *this;
  }
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() { release(); }

  /// Frees every block; pointers into them dangle.
  void release() noexcept {
    while (head_) {
      Block* next = head_->next;
      std::free(head_);
      head_ = next;
    }
  }

  /// `n` bytes aligned for any C type.
  void* allocate(std::size_t n) {
    constexpr std::size_t align = alignof(std::max_align_t);
    n = (n + align - 1) / align * align;
    if (!head_ || head_->size - head_->used < n) grow(n);
    void* p = head_->data() + head_->used;
    head_->used += n;
    return p;
  }

  /// A shallow copy of `v` in the arena (T is a C struct).
  template <typename T>
  T* copy(const T& v) {
    static_assert(std::is_trivially_copyable_v<T>);
    void* p = allocate(sizeof(T));
    std::memcpy(p, &v, sizeof(T));
    return static_cast<T*>(p);
  }

  /// A copy of the NUL-terminated string `s`, which must be UTF-8 (NULL
  /// stays NULL: it reads as "", as on the unstaged path).
  const char* text(const char* s) {
    if (!s) return nullptr;
    std::size_t n = std::strlen(s);
    if (!utf8::valid(s, n)) throw Invalid("text is not valid UTF-8");
    auto* out = static_cast<char*>(allocate(n + 1));
    std::memcpy(out, s, n + 1);
    return out;
  }

  /// A copy of the `n` elements at `p` (NULL stays NULL: an empty array).
  /// Refuses a length no buffer can have, like check_length.
  template <typename E>
  E* array(const E* p, std::size_t n) {
    static_assert(std::is_trivially_copyable_v<E>);
    if (!p || n == 0) return nullptr;
    if (n > max_bytes / sizeof(E))
      throw std::length_error("a length of " + std::to_string(n) + " elements");
    auto* out = static_cast<E*>(allocate(n * sizeof(E)));
    std::memcpy(static_cast<void*>(out), p, n * sizeof(E));
    return out;
  }

 private:
  /// Past this a length is refused before any allocation is tried (the
  /// largest a std::vector of bytes could hold, as on the unstaged path).
  static constexpr std::size_t max_bytes = PTRDIFF_MAX;
  static constexpr std::size_t min_block = 1024;

  struct alignas(std::max_align_t) Block {
    Block* next;
    std::size_t size;
    std::size_t used;
    char* data() { return reinterpret_cast<char*>(this + 1); }
  };
  static_assert(sizeof(Block) % alignof(std::max_align_t) == 0);

  void grow(std::size_t n) {
    std::size_t size = n > min_block ? n : min_block;
    if (head_ && head_->size * 2 > size) size = head_->size * 2;
    void* raw = std::malloc(sizeof(Block) + size);
    if (!raw) throw std::bad_alloc();
    head_ = new (raw) Block{head_, size, 0};
  }

  Block* head_ = nullptr;
};

/// Stages the `n` elements at `p`: copies the array into `a`, then runs
/// `each(source element, staged element)` on every element, a refusal
/// naming the element's index as list_from does. Returns the staged array.
template <typename E, typename Each>
const E* stage_array(Arena& a, const E* p, std::size_t n, Each each) {
  E* out = a.array(p, n);
  if (!out) return nullptr;
  for (std::size_t i = 0; i < n; ++i) {
    try {
      each(p[i], out[i]);
    } catch (Invalid& e) {
      e.within("[" + std::to_string(i) + "]");
      throw;
    }
  }
  return out;
}

}  // namespace ffidl::pod
