// The kitchen_sink library: echoes every type back so round trips can be
// checked field by field over both wires.
#include "kitchen_sink_service.hpp"

namespace kitchen_sink {

namespace {

class Sink final : public Service {
 public:
  ffidl::Task<ffidl::Result<Scalars>> echo_scalars(Scalars value) override {
    events().scalars_seen(value, ++seen_);
    co_return value;
  }
  ffidl::Task<ffidl::Result<Outer>> echo_outer(Outer value) override { co_return value; }
  ffidl::Task<ffidl::Result<TreeNode>> echo_tree(TreeNode value) override { co_return value; }
  ffidl::Task<ffidl::Result<std::string>> echo_string(std::string value) override {
    co_return value;
  }
  ffidl::Task<ffidl::Result<std::vector<std::uint8_t>>> echo_bytes(
      std::vector<std::uint8_t> value) override {
    co_return value;
  }
  ffidl::Task<ffidl::Result<std::vector<std::int64_t>>> echo_list(
      std::vector<std::int64_t> value) override {
    co_return value;
  }
  ffidl::Task<ffidl::Result<std::map<std::string, std::vector<std::string>>>> echo_map(
      std::map<std::string, std::vector<std::string>> value) override {
    co_return value;
  }
  ffidl::Task<ffidl::Result<std::optional<Inner>>> echo_optional(
      std::optional<Inner> value) override {
    co_return value;
  }
  ffidl::Task<ffidl::Result<Status>> echo_enum(Status value) override { co_return value; }
  ffidl::Task<ffidl::Result<Middle>> combine(std::int32_t a, std::optional<std::string> b,
                                             std::vector<Color> c, Inner d) override {
    Middle m;
    m.inner = d;
    m.inner.label +=
        ":" + std::to_string(a) + ":" + b.value_or("-") + ":" + std::to_string(c.size());
    m.inners.assign(c.size(), d);
    m.by_name.emplace(b.value_or(""), d);
    co_return m;
  }
  ffidl::Task<ffidl::Result<bool>> fail(std::string message) override {
    co_return ffidl::fail(message);
  }
  ffidl::Task<ffidl::Result<void>> nothing() override { co_return ffidl::Result<void>(); }
  ffidl::Task<ffidl::Result<std::uint8_t>> native_only(std::uint8_t x) override {
    co_return static_cast<std::uint8_t>(x + 1);
  }
  ffidl::Task<ffidl::Result<Outer>> transform_outer(Outer value) override {
    co_return co_await host().transform(std::move(value));
  }
  ffidl::Task<ffidl::Result<std::uint8_t>> cbor_only(std::uint8_t x) override {
    co_return static_cast<std::uint8_t>(x + 2);
  }

 private:
  std::uint64_t seen_ = 0;
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create(SinkConfig config) {
  if (config.fail) co_return ffidl::fail("asked to fail");
  co_return std::unique_ptr<Service>(std::make_unique<Sink>());
}

ffidl::Task<ffidl::Result<std::int64_t>> add(std::int64_t a, std::int64_t b) {
  co_return a + b;
}

}  // namespace kitchen_sink
