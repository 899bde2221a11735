// The benchmark library: each handler computes the same predicate over what
// it was given, so the setups differ only in transport cost.
#include <chrono>

#include "bench_service.hpp"

namespace bench {

namespace {

bool predicate(std::int64_t a, std::int64_t b, double x) {
  return ((a + b + static_cast<std::int64_t>(x)) & 1) == 0;
}

class Bench final : public Service {
 public:
  ffidl::Task<ffidl::Result<bool>> scalar(std::int64_t a, std::int64_t b, double x) override {
    co_return predicate(a, b, x);
  }

  ffidl::Task<ffidl::Result<bool>> payload(std::vector<std::uint8_t> data) override {
    if (data.empty()) co_return predicate(0, 0, 0);
    co_return predicate(data.front(), data.back(), static_cast<double>(data.size()));
  }

  ffidl::Task<ffidl::Result<Response>> structured(Request req) override {
    co_return Response{predicate(req.a, req.b, req.x), req.label,
                       static_cast<std::uint32_t>(req.items.size())};
  }

  ffidl::Task<ffidl::Result<bool>> fire(std::uint32_t size, std::uint64_t sent_ns) override {
    // The same clock as the bench's callers (steady_clock, in ns).
    auto emitted = std::chrono::duration_cast<std::chrono::nanoseconds>(
        std::chrono::steady_clock::now().time_since_epoch());
    events().pulse(std::vector<std::uint8_t>(size, 7), sent_ns,
                   static_cast<std::uint64_t>(emitted.count()));
    co_return predicate(size, 0, 0);
  }

  ffidl::Task<ffidl::Result<bool>> via_host(std::int64_t a, std::int64_t b, double x) override {
    co_return co_await host().decide(a, b, x);
  }

  ffidl::Task<ffidl::Result<bool>> verify(Response resp) override { co_return resp.even; }
};

class Counter final : public CounterService {
 public:
  ffidl::Task<ffidl::Result<bool>> scalar(std::int64_t a, std::int64_t b, double x) override {
    co_return predicate(a, b, x);
  }
};

}  // namespace

ffidl::Task<ffidl::Result<CounterRef>> CounterService::new_(Service&) {
  co_return CounterRef(ffidl::make_object<Counter>());
}

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> open() {
  co_return std::unique_ptr<Service>(std::make_unique<Bench>());
}

}  // namespace bench
