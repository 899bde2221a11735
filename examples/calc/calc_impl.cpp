// The calc library: free functions (static procs), no context.
#include <cstdlib>
#include <numeric>

#include "calc_service.hpp"

namespace calc {

ffidl::Task<ffidl::Result<std::int64_t>> add(std::int64_t a, std::int64_t b) {
  std::int64_t sum = 0;
  if (__builtin_add_overflow(a, b, &sum)) co_return ffidl::fail("integer overflow");
  co_return sum;
}

ffidl::Task<ffidl::Result<Ratio>> reduce(Ratio r) {
  if (r.den == 0) co_return ffidl::fail("division by zero");
  std::int64_t g = std::gcd(r.num, r.den);
  if (r.den < 0) g = -g;
  co_return Ratio{r.num / g, r.den / g};
}

}  // namespace calc
