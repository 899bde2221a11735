// The calc library from C++: a library without a ctor has only static
// functions, on calc::Client.
#include <iostream>

#include "calc_client.hpp"

int main() {
  if (auto sum = calc::Client::add(40, 2)) std::cout << "add(40, 2) = " << *sum << "\n";
  auto overflow = calc::Client::add(INT64_MAX, 1);
  if (overflow) return 1;
  std::cout << "add(INT64_MAX, 1) failed: " << overflow.error() << "\n";
  auto reduced = calc::Client::reduce_async(calc::Ratio{6, -4}).get();
  if (!reduced) return 1;
  std::cout << "reduce(6/-4) = " << reduced->num << "/" << reduced->den << "\n";
  return 0;
}
