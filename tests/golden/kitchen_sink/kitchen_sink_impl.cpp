// The implementation of kitchen_sink: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "kitchen_sink_service.hpp"

namespace kitchen_sink {

namespace {
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<Scalars>> echo_scalars(Scalars value) override {
        (void)value;
        co_return ffidl::fail("echo_scalars is not implemented");
    }
    ffidl::Task<ffidl::Result<Outer>> echo_outer(Outer value) override {
        (void)value;
        co_return ffidl::fail("echo_outer is not implemented");
    }
    ffidl::Task<ffidl::Result<TreeNode>> echo_tree(TreeNode value) override {
        (void)value;
        co_return ffidl::fail("echo_tree is not implemented");
    }
    ffidl::Task<ffidl::Result<std::string>> echo_string(std::string value) override {
        (void)value;
        co_return ffidl::fail("echo_string is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::uint8_t>>> echo_bytes(std::vector<std::uint8_t> value) override {
        (void)value;
        co_return ffidl::fail("echo_bytes is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::int64_t>>> echo_list(std::vector<std::int64_t> value) override {
        (void)value;
        co_return ffidl::fail("echo_list is not implemented");
    }
    ffidl::Task<ffidl::Result<std::map<std::string, std::vector<std::string>>>> echo_map(std::map<std::string, std::vector<std::string>> value) override {
        (void)value;
        co_return ffidl::fail("echo_map is not implemented");
    }
    ffidl::Task<ffidl::Result<std::optional<Inner>>> echo_optional(std::optional<Inner> value) override {
        (void)value;
        co_return ffidl::fail("echo_optional is not implemented");
    }
    ffidl::Task<ffidl::Result<Status>> echo_enum(Status value) override {
        (void)value;
        co_return ffidl::fail("echo_enum is not implemented");
    }
    ffidl::Task<ffidl::Result<Middle>> combine(std::int32_t a, std::optional<std::string> b, std::vector<Color> c, Inner d) override {
        (void)a;
        (void)b;
        (void)c;
        (void)d;
        co_return ffidl::fail("combine is not implemented");
    }
    ffidl::Task<ffidl::Result<bool>> fail(std::string message) override {
        (void)message;
        co_return ffidl::fail("fail is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> nothing() override {
        co_return ffidl::fail("nothing is not implemented");
    }
    ffidl::Task<ffidl::Result<std::uint8_t>> native_only(std::uint8_t x) override {
        (void)x;
        co_return ffidl::fail("native_only is not implemented");
    }
    ffidl::Task<ffidl::Result<Outer>> transform_outer(Outer value) override {
        (void)value;
        co_return ffidl::fail("transform_outer is not implemented");
    }
    ffidl::Task<ffidl::Result<std::uint8_t>> cbor_only(std::uint8_t x) override {
        (void)x;
        co_return ffidl::fail("cbor_only is not implemented");
    }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> create(SinkConfig config) {
    (void)config;
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
ffidl::Task<ffidl::Result<std::int64_t>> add(std::int64_t a, std::int64_t b) {
    (void)a;
    (void)b;
    co_return ffidl::fail("add is not implemented");
}
}  // namespace kitchen_sink
