// What both benchmark programs share: the requests they send (so the codec
// and round-trip figures measure the same bytes) and the generated codec.
#pragma once

#include <cstdint>
#include <string>
#include <utility>

#include "bench_types.hpp"
#include "ffidl/cbor.hpp"

namespace bench::glue {
// The generated CBOR codec (bench_glue.cpp, linked statically into the
// benchmark programs; hidden in libbench.so).
void encode(ffidl::CborWriter& w, const Request& v);
bool decode(ffidl::CborReader& r, Request& out);
bool decode(ffidl::CborReader& r, Response& out);
}  // namespace bench::glue

namespace bench_requests {

/// The struct setup's request: 16 items, every other one with a note, two
/// in three with a weight.
inline bench::Request make_request() {
  bench::Request req{1, 2, 0.5, "request", {}};
  for (int i = 0; i < 16; ++i) {
    bench::Item item{"item-" + std::to_string(i), std::nullopt, std::nullopt,
                     static_cast<std::uint32_t>(i)};
    if (i % 2) item.note = "an optional note";
    if (i % 3) item.weight = i * 0.25;
    req.items.push_back(std::move(item));
  }
  return req;
}

/// The CBOR parameter map {a, b, x} of `scalar` and `via_host`.
inline void encode_abx(ffidl::CborWriter& w, std::int64_t a, std::int64_t b, double x) {
  w.map(3);
  w.text("a");
  w.sint(a);
  w.text("b");
  w.sint(b);
  w.text("x");
  w.f64(x);
}

}  // namespace bench_requests
