// The implementation of echo: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "echo_service.hpp"

namespace echo {

namespace {
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<std::string>> say(std::string text) override {
        (void)text;
        co_return ffidl::fail("say is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::uint8_t>>> reverse(std::vector<std::uint8_t> data) override {
        (void)data;
        co_return ffidl::fail("reverse is not implemented");
    }
    ffidl::Task<ffidl::Result<std::uint64_t>> count() override {
        co_return ffidl::fail("count is not implemented");
    }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> open(EchoConfig config) {
    (void)config;
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
ffidl::Task<ffidl::Result<std::string>> shout(std::string text) {
    (void)text;
    co_return ffidl::fail("shout is not implemented");
}
}  // namespace echo
