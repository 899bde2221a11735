// The host_demo library: handlers that await host functions.
#include "host_demo_service.hpp"

namespace host_demo {

namespace {

class Demo final : public Service {
 public:
  explicit Demo(std::string salutation) : salutation_(std::move(salutation)) {}

  ffidl::Task<ffidl::Result<Greeting>> greet(LookupRequest req) override {
    ffidl::Result<UserInfo> user = co_await host().lookup_user(req);
    if (!user) {
      events().host_failed("lookup_user", user.error().message);
      co_return ffidl::fail(user.error());
    }
    Greeting g{salutation_ + ", " + user->name, *user, std::nullopt};
    if (req.with_token) {
      ffidl::Result<std::string> token = co_await host().fetch_token(user->name);
      if (!token) {
        events().host_failed("fetch_token", token.error().message);
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

 private:
  std::string salutation_;
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> start() {
  // A ctor may ask the host before the service exists: the salutation is the
  // host's "salutation" token if a client set fetch_token before the ctor
  // ran (create_with / NewWith / new_with / host_demo_start_paused), else
  // "hello".
  Host host = co_await ctor_host();
  ffidl::Result<std::string> salutation = co_await host.fetch_token("salutation");
  co_return std::unique_ptr<Service>(
      std::make_unique<Demo>(salutation ? *salutation : std::string("hello")));
}

}  // namespace host_demo
