// The benchmark's allocation counter (alloc_count.cpp).
#pragma once

#include <cstdint>

/// C++ heap allocations (operator new) made in this process so far.
std::uint64_t bench_allocations();
