// The implementation of host_demo: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "host_demo_service.hpp"

namespace host_demo {

namespace {
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<Greeting>> greet(LookupRequest req) override {
        (void)req;
        co_return ffidl::fail("greet is not implemented");
    }
    ffidl::Task<ffidl::Result<std::uint32_t>> token_length(std::string key) override {
        (void)key;
        co_return ffidl::fail("token_length is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> notify(std::string message) override {
        (void)message;
        co_return ffidl::fail("notify is not implemented");
    }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> start() {
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
}  // namespace host_demo
