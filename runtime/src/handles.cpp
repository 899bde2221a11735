#include "ffidl/handles.hpp"

#include <random>

namespace ffidl {

static_assert(sizeof(void*) == 8, "a handle is 64 bits and travels as a pointer");

std::uint64_t HandleBits::make_tag() {
  std::random_device rd;
  std::uint64_t tag = 0;
  while (tag == 0 || tag == 0xFFFF)
    tag = (static_cast<std::uint64_t>(rd()) ^ (static_cast<std::uint64_t>(rd()) >> 16)) & 0xFFFF;
  return tag;
}

HandleTable& handles() {
  // Leaked on purpose: a function-local static would be destroyed at exit
  // while other threads may still look handles up (a use-after-free), and
  // the contexts it holds would be torn down on whichever thread exits.
  static HandleTable* const table = new HandleTable;
  return *table;
}

}  // namespace ffidl
