// The greeter library: implements the service ffidlc generated from greeter.ffidl.
#include "greeter_service.hpp"

namespace greeter {

namespace {

class Greeter final : public Service {
 public:
  explicit Greeter(GreeterConfig config) : config_(std::move(config)) {}

  ffidl::Task<ffidl::Result<std::string>> greet(std::string name) override {
    events().greeted(name, ++count_);
    co_return config_.salutation + ", " + name + "!";
  }

 private:
  GreeterConfig config_;
  std::uint32_t count_ = 0;  // only touched on the loop thread
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create(GreeterConfig config) {
  if (config.salutation.empty()) co_return ffidl::fail("the salutation is empty");
  co_return std::unique_ptr<Service>(std::make_unique<Greeter>(std::move(config)));
}

ffidl::Task<ffidl::Result<std::string>> version() {
  co_return std::string("greeter 1.0.0");
}

}  // namespace greeter
