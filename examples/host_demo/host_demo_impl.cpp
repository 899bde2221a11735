// The host_demo library: handlers that await host functions.
#include "host_demo_service.hpp"

namespace host_demo {

namespace {

class Demo final : public Service {
 public:
  ffidl::Task<ffidl::Result<Greeting>> greet(LookupRequest req) override {
    ffidl::Result<UserInfo> user = co_await host().lookup_user(req);
    if (!user) {
      events().host_failed("lookup_user", user.error());
      co_return ffidl::fail(user.error());
    }
    Greeting g{"hello, " + user->name, *user, std::nullopt};
    if (req.with_token) {
      ffidl::Result<std::string> token = co_await host().fetch_token(user->name);
      if (!token) {
        events().host_failed("fetch_token", token.error());
        co_return ffidl::fail(token.error());
      }
      g.token = *token;
    }
    co_return g;
  }

  ffidl::Task<ffidl::Result<std::uint32_t>> token_length(std::string key) override {
    ffidl::Result<std::string> token = co_await host().fetch_token(key);
    if (!token) co_return ffidl::fail(token.error());
    co_return static_cast<std::uint32_t>(token->size());
  }

  ffidl::Task<ffidl::Result<void>> notify(std::string message) override {
    ffidl::Result<void> ack = co_await host().acknowledge(message, 1);
    if (!ack) co_return ffidl::fail(ack.error());
    co_return ffidl::Result<void>();
  }
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> start() {
  co_return std::unique_ptr<Service>(std::make_unique<Demo>());
}

}  // namespace host_demo
