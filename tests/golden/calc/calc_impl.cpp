// The implementation of calc: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "calc_service.hpp"

namespace calc {

namespace {
}  // namespace
ffidl::Task<ffidl::Result<std::int64_t>> add(std::int64_t a, std::int64_t b) {
    (void)a;
    (void)b;
    co_return ffidl::fail("add is not implemented");
}
ffidl::Task<ffidl::Result<Ratio>> reduce(Ratio r) {
    (void)r;
    co_return ffidl::fail("reduce is not implemented");
}
}  // namespace calc
