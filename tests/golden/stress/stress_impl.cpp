// The implementation of stress: fill in each method. Generated once by
// `ffidlc generate --lang cpp-service --stub`; ffidlc never overwrites it.
#include "stress_service.hpp"

namespace stress {

namespace {
class NamesakeImpl final : public NamesakeService {
 public:
    ffidl::Task<ffidl::Result<std::int64_t>> mix(std::int32_t h, std::int32_t o, std::int32_t c, std::string a, std::int32_t context, std::int32_t call, std::int32_t err, std::int32_t msg, std::optional<Keeper> v, std::int32_t res, Keeper p, std::vector<std::int32_t> args, std::int32_t l, std::int32_t id, std::int32_t rc, std::optional<std::int32_t> opt0, std::int32_t handle, std::int32_t arena, std::int32_t out, std::int32_t result, std::int32_t status, std::int32_t req, std::int32_t len, std::int32_t other) override {
        (void)h;
        (void)o;
        (void)c;
        (void)a;
        (void)context;
        (void)call;
        (void)err;
        (void)msg;
        (void)v;
        (void)res;
        (void)p;
        (void)args;
        (void)l;
        (void)id;
        (void)rc;
        (void)opt0;
        (void)handle;
        (void)arena;
        (void)out;
        (void)result;
        (void)status;
        (void)req;
        (void)len;
        (void)other;
        co_return ffidl::fail("Namesake_mix is not implemented");
    }
    ffidl::Task<ffidl::Result<bool>> pair(std::optional<NamesakeRef> other) override {
        (void)other;
        co_return ffidl::fail("Namesake_pair is not implemented");
    }
    ffidl::Task<ffidl::Result<Pairing>> echo_pairing(Pairing value) override {
        (void)value;
        co_return ffidl::fail("Namesake_echo_pairing is not implemented");
    }
};
class Impl final : public Service {
 public:
    ffidl::Task<ffidl::Result<Everything>> echo_everything(Everything value) override {
        (void)value;
        co_return ffidl::fail("echo_everything is not implemented");
    }
    ffidl::Task<ffidl::Result<Everything>> echo_params(bool flag, std::int32_t whole, std::string text, std::vector<std::uint8_t> blob, Mode mode, Keeper keeper, std::optional<Keeper> maybe_keeper, std::optional<std::string> maybe_text, std::vector<std::optional<Keeper>> keepers, std::map<std::string, std::optional<Keeper>> by_name) override {
        (void)flag;
        (void)whole;
        (void)text;
        (void)blob;
        (void)mode;
        (void)keeper;
        (void)maybe_keeper;
        (void)maybe_text;
        (void)keepers;
        (void)by_name;
        co_return ffidl::fail("echo_params is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::optional<Keeper>>>> echo_keepers(std::vector<std::optional<Keeper>> value) override {
        (void)value;
        co_return ffidl::fail("echo_keepers is not implemented");
    }
    ffidl::Task<ffidl::Result<std::optional<Keeper>>> echo_maybe_keeper(std::optional<Keeper> value) override {
        (void)value;
        co_return ffidl::fail("echo_maybe_keeper is not implemented");
    }
    ffidl::Task<ffidl::Result<std::map<std::string, std::vector<std::map<std::uint8_t, std::vector<std::optional<std::string>>>>>>> echo_nested(std::map<std::string, std::vector<std::map<std::uint8_t, std::vector<std::optional<std::string>>>>> value) override {
        (void)value;
        co_return ffidl::fail("echo_nested is not implemented");
    }
    ffidl::Task<ffidl::Result<Node>> echo_node(Node value) override {
        (void)value;
        co_return ffidl::fail("echo_node is not implemented");
    }
    ffidl::Task<ffidl::Result<Mode>> echo_mode(Mode value) override {
        (void)value;
        co_return ffidl::fail("echo_mode is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::uint8_t>>> echo_blob(std::vector<std::uint8_t> value) override {
        (void)value;
        co_return ffidl::fail("echo_blob is not implemented");
    }
    ffidl::Task<ffidl::Result<std::string>> echo_text(std::string value) override {
        (void)value;
        co_return ffidl::fail("echo_text is not implemented");
    }
    ffidl::Task<ffidl::Result<VeryLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongRecord>> echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_proced(VeryLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongRecord an_extremely_long_field_name_an_extremely_long_field_name_an_extremely_long_field_name_an_extremely_long_field_name_an_extremely) override {
        (void)an_extremely_long_field_name_an_extremely_long_field_name_an_extremely_long_field_name_an_extremely_long_field_name_an_extremely;
        co_return ffidl::fail("echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_proced is not implemented");
    }
    ffidl::Task<ffidl::Result<void>> fire(Everything value) override {
        (void)value;
        co_return ffidl::fail("fire is not implemented");
    }
    ffidl::Task<ffidl::Result<std::vector<std::optional<Keeper>>>> ask_host(std::vector<std::optional<Keeper>> value, std::optional<Keeper> hint) override {
        (void)value;
        (void)hint;
        co_return ffidl::fail("ask_host is not implemented");
    }
    ffidl::Task<ffidl::Result<std::int64_t>> namesakes(std::int32_t h, std::int32_t o, std::int32_t c, std::string a, std::int32_t context, std::int32_t call, std::int32_t err, std::int32_t msg, std::optional<Keeper> v, std::int32_t res, Keeper p, std::vector<std::int32_t> args, std::int32_t l, std::int32_t id, std::int32_t ev, std::int32_t rc, std::optional<std::int32_t> opt0, std::int32_t setup, std::int32_t handle, std::int32_t arena, std::int32_t out, std::int32_t result, std::int32_t status, std::int32_t req, std::int32_t len, std::int32_t deliver, std::int32_t accept, std::int32_t value, std::int32_t done, std::int32_t promise, std::int32_t future, std::int32_t pending, std::int32_t client, std::int32_t wait, std::int32_t callback) override {
        (void)h;
        (void)o;
        (void)c;
        (void)a;
        (void)context;
        (void)call;
        (void)err;
        (void)msg;
        (void)v;
        (void)res;
        (void)p;
        (void)args;
        (void)l;
        (void)id;
        (void)ev;
        (void)rc;
        (void)opt0;
        (void)setup;
        (void)handle;
        (void)arena;
        (void)out;
        (void)result;
        (void)status;
        (void)req;
        (void)len;
        (void)deliver;
        (void)accept;
        (void)value;
        (void)done;
        (void)promise;
        (void)future;
        (void)pending;
        (void)client;
        (void)wait;
        (void)callback;
        co_return ffidl::fail("namesakes is not implemented");
    }
};
}  // namespace
ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> open() {
    co_return std::unique_ptr<Service>(std::make_unique<Impl>());
}
ffidl::Task<ffidl::Result<NamesakeRef>> NamesakeService::new_(Service& ffidl_service, std::int32_t h, std::int32_t o, std::int32_t context, std::int32_t setup, std::int32_t call, std::int32_t err, std::int32_t client, std::int32_t c, std::int32_t done, std::int32_t service) {
    (void)ffidl_service;
    (void)h;
    (void)o;
    (void)context;
    (void)setup;
    (void)call;
    (void)err;
    (void)client;
    (void)c;
    (void)done;
    (void)service;
    co_return NamesakeRef(ffidl::make_object<NamesakeImpl>());
}
ffidl::Task<ffidl::Result<std::int64_t>> sum(std::vector<std::int64_t> values) {
    (void)values;
    co_return ffidl::fail("sum is not implemented");
}
}  // namespace stress
