// The echo library: the smallest useful ffidl service.
#include <algorithm>
#include <cctype>

#include "echo_service.hpp"

namespace echo {

namespace {

class Echo final : public Service {
 public:
  explicit Echo(EchoConfig config) : config_(std::move(config)) {}

  ffidl::Task<ffidl::Result<std::string>> say(std::string text) override {
    ++calls_;
    co_return config_.prefix + text;
  }

  ffidl::Task<ffidl::Result<std::vector<std::uint8_t>>> reverse(
      std::vector<std::uint8_t> data) override {
    ++calls_;
    std::reverse(data.begin(), data.end());
    co_return data;
  }

  ffidl::Task<ffidl::Result<std::uint64_t>> count() override { co_return ++calls_; }

 private:
  EchoConfig config_;
  std::uint64_t calls_ = 0;  // only touched on the loop thread
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> open(EchoConfig config) {
  if (config.prefix.size() > 64) co_return ffidl::fail("prefix longer than 64 bytes");
  co_return std::unique_ptr<Service>(std::make_unique<Echo>(std::move(config)));
}

ffidl::Task<ffidl::Result<std::string>> shout(std::string text) {
  for (char& c : text)
    c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  co_return text;
}

}  // namespace echo
