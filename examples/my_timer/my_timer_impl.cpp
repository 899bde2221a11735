// The my_timer library (schemas/timer.ffidl): echoes after a real Asio timer,
// fires an event per echo, schedules jobs.
#include <asio/steady_timer.hpp>

#include <charconv>
#include <chrono>

#include "my_timer_service.hpp"

namespace my_timer {

namespace {

using namespace std::chrono;

ffidl::Task<void> wait_ms(std::uint32_t ms) {
  asio::steady_timer timer(co_await asio::this_coro::executor, milliseconds(ms));
  co_await timer.async_wait(asio::use_awaitable);
}

class Timer final : public Service {
 public:
  explicit Timer(TimerConfig config) : config_(std::move(config)) {}

  ffidl::Task<ffidl::Result<EchoResponse>> echo(EchoRequest req) override {
    auto start = steady_clock::now();
    if (req.delay_ms > 0) co_await wait_ms(req.delay_ms);
    events().echo_fired(req.message, ++echoes_);
    auto elapsed = duration_cast<milliseconds>(steady_clock::now() - start).count();
    co_return EchoResponse{req.message, config_.name, static_cast<std::uint64_t>(elapsed)};
  }

  ffidl::Task<ffidl::Result<std::string>> version() override { co_return std::string(kVersion); }

  ffidl::Task<ffidl::Result<ScheduleResult>> schedule(JobSpec job, RetryPolicy retry) override {
    if (job.id.empty()) co_return ffidl::fail("job id must not be empty");
    ScheduleResult result{job.id, {}, retry.max_attempts > 0};
    std::uint64_t at = job.run_at_ms;
    for (std::uint8_t i = 1; i <= retry.max_attempts; ++i) {
      result.attempts.push_back(
          AttemptInfo{i, at, i == 1 ? std::optional<Level>(Level::high) : std::nullopt});
      at += retry.backoff_ms.value_or(0);
    }
    co_return result;
  }

  ffidl::Task<ffidl::Result<void>> sleep(std::uint32_t ms) override {
    co_await wait_ms(ms);
    co_return ffidl::Result<void>();
  }

  ffidl::Task<void> destroy() override { co_return; }

 private:
  TimerConfig config_;
  std::uint32_t echoes_ = 0;
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create(TimerConfig config) {
  if (config.name.empty()) co_return ffidl::fail("config.name must not be empty");
  co_return std::unique_ptr<Service>(std::make_unique<Timer>(std::move(config)));
}

ffidl::Task<ffidl::Result<EchoRequest>> parse(std::string text) {
  auto semi = text.find(';');
  if (semi == std::string::npos) co_return ffidl::fail("expected 'message;delay_ms'");
  EchoRequest req;
  req.message = text.substr(0, semi);
  const char* first = text.data() + semi + 1;
  const char* last = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(first, last, req.delay_ms);
  if (ec != std::errc() || ptr != last) co_return ffidl::fail("delay_ms is not a number");
  co_return req;
}

}  // namespace my_timer
