// The implementation of my_timer: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "my_timer_service.hpp"

namespace my_timer {

namespace {
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<EchoResponse>> echo(EchoRequest req) override {
        (void)req;
        co_return ffidl::fail("echo is not implemented");
    }
    ffidl::Task<ffidl::Result<std::string>> version() override {
        co_return ffidl::fail("version is not implemented");
    }
    ffidl::Task<ffidl::Result<ScheduleResult>> schedule(JobSpec job, RetryPolicy retry) override {
        (void)job;
        (void)retry;
        co_return ffidl::fail("schedule is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> sleep(std::uint32_t ms) override {
        (void)ms;
        co_return ffidl::fail("sleep is not implemented");
    }
    ffidl::Task<void> destroy() override { co_return; }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create(TimerConfig config) {
    (void)config;
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
ffidl::Task<ffidl::Result<EchoRequest>> parse(std::string text) {
    (void)text;
    co_return ffidl::fail("parse is not implemented");
}
}  // namespace my_timer
