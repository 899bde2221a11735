// Codec micro-benchmarks (Google Benchmark): what each wire does with one
// request, without threads or queues. Native: clone the caller's POD into
// library-owned memory, convert it to C++ values, free the clone (the
// generated marshalers of bench_client.hpp). CBOR: encode the parameter map
// and decode it back into C++ values (the generated glue codec).
#include <benchmark/benchmark.h>

#include <malloc.h>

#include <cstring>

#include "bench_client.hpp"
#include "ffidl/cbor.hpp"
#include "ffidl/pod.hpp"
#include "requests.hpp"

namespace {

using bench_requests::encode_abx;
using bench_requests::make_request;

/// Reads the one-entry parameter map {name: value}; fails the benchmark if
/// the answer is wrong (a benchmark must not measure a broken codec).
template <typename Decode>
void decode_params(benchmark::State& state, const std::vector<std::uint8_t>& buf, Decode decode) {
  ffidl::CborReader r(buf.data(), buf.size());
  std::size_t n = 0;
  std::string key;
  if (!r.map(n) || n != 1 || !r.text(key) || !decode(r) || !r.finish())
    state.SkipWithError("bad CBOR");
}

void native_scalar(benchmark::State& state) {
  std::int64_t a = 1, b = 2;
  double x = 0.5;
  for (auto _ : state) {
    // Scalars travel by value: the copy is the whole cost.
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    benchmark::DoNotOptimize(x);
  }
}

void cbor_scalar(benchmark::State& state) {
  for (auto _ : state) {
    ffidl::CborWriter w;
    encode_abx(w, 1, 2, 0.5);
    ffidl::CborReader r(w.buffer().data(), w.buffer().size());
    std::size_t n = 0;
    std::string key;
    std::int64_t a = 0, b = 0;
    double x = 0;
    bool ok =
        r.map(n) && r.text(key) && r.i64(a) && r.text(key) && r.i64(b) && r.text(key) && r.f64(x);
    if (!ok || a != 1 || b != 2 || x != 0.5) state.SkipWithError("bad CBOR");
    benchmark::DoNotOptimize(x);
  }
}

void native_payload(benchmark::State& state) {
  std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 7);
  for (auto _ : state) {
    // clone (what the library keeps), convert (the handler's vector), free
    auto* clone = static_cast<std::uint8_t*>(std::malloc(data.size()));
    std::memcpy(clone, data.data(), data.size());
    std::vector<std::uint8_t> value = ffidl::pod::bytes_from(clone, data.size());
    std::free(clone);
    benchmark::DoNotOptimize(value.data());
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void cbor_payload(benchmark::State& state) {
  std::vector<std::uint8_t> data(static_cast<std::size_t>(state.range(0)), 7);
  for (auto _ : state) {
    ffidl::CborWriter w;
    w.map(1);
    w.text("data");
    w.bytes(data.data(), data.size());
    std::vector<std::uint8_t> value;
    decode_params(state, w.buffer(), [&](ffidl::CborReader& r) { return r.bytes(value); });
    if (value.size() != data.size()) state.SkipWithError("bad CBOR");
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) * state.range(0));
}

void native_struct(benchmark::State& state) {
  const bench::Request req = make_request();
  for (auto _ : state) {
    bench_Request pod{};
    bench::client_detail::to_pod(req, pod);  // a deep, owned copy
    bench::Request value = bench::client_detail::from_pod(pod);
    bench::client_detail::free_pod(pod);
    if (value.items.size() != 16) state.SkipWithError("bad POD");
    benchmark::DoNotOptimize(value.items.data());
  }
}

void cbor_struct(benchmark::State& state) {
  const bench::Request req = make_request();
  for (auto _ : state) {
    ffidl::CborWriter w;
    w.map(1);
    w.text("req");
    bench::glue::encode(w, req);
    bench::Request value;
    decode_params(state, w.buffer(),
                  [&](ffidl::CborReader& r) { return bench::glue::decode(r, value); });
    if (value.items.size() != 16) state.SkipWithError("bad CBOR");
    benchmark::DoNotOptimize(value.items.data());
  }
}

BENCHMARK(native_scalar);
BENCHMARK(cbor_scalar);
BENCHMARK(native_payload)->Arg(64)->Arg(512)->Arg(4096)->Arg(65536);
BENCHMARK(cbor_payload)->Arg(64)->Arg(512)->Arg(4096)->Arg(65536);
BENCHMARK(native_struct);
BENCHMARK(cbor_struct);

}  // namespace

int main(int argc, char** argv) {
  // Keep freed memory in the process: otherwise glibc hands the top of the
  // heap back to the kernel after each iteration and the payload figures
  // measure page faults, not the codecs.
  mallopt(M_TRIM_THRESHOLD, 256 << 20);
  mallopt(M_TOP_PAD, 16 << 20);
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
