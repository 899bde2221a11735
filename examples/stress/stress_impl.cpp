// The stress library: every proc echoes what it is given, so the clients'
// tests check each type in each position by a round trip. It exists for
// the generators (schemas/stress.ffidl), not as an example to read.
#include <numeric>

#include "stress_service.hpp"

namespace stress {

namespace {

using Nested =
    std::map<std::string,
             std::vector<std::map<std::uint8_t, std::vector<std::optional<std::string>>>>>;
using Long =
    VeryLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongLongRecord;

class Echo final : public Service {
 public:
  ffidl::Task<ffidl::Result<Everything>> echo_everything(Everything value) override {
    co_return value;
  }

  ffidl::Task<ffidl::Result<Everything>> echo_params(
      bool flag, std::int32_t whole, std::string text, std::vector<std::uint8_t> blob, Mode mode,
      Keeper keeper, std::optional<Keeper> maybe_keeper, std::optional<std::string> maybe_text,
      std::vector<std::optional<Keeper>> keepers,
      std::map<std::string, std::optional<Keeper>> by_name) override {
    Everything out{};
    out.flag = flag;
    out.whole = whole;
    out.text = std::move(text);
    out.blob = std::move(blob);
    out.mode = mode;
    out.keeper = std::move(keeper);
    out.maybe_keeper = std::move(maybe_keeper);
    out.maybe_text = std::move(maybe_text);
    out.maybe_keepers = std::move(keepers);
    out.by_name = std::move(by_name);
    co_return out;
  }

  ffidl::Task<ffidl::Result<std::vector<std::optional<Keeper>>>> echo_keepers(
      std::vector<std::optional<Keeper>> value) override {
    co_return value;
  }

  ffidl::Task<ffidl::Result<std::optional<Keeper>>> echo_maybe_keeper(
      std::optional<Keeper> value) override {
    co_return value;
  }

  ffidl::Task<ffidl::Result<Nested>> echo_nested(Nested value) override { co_return value; }

  ffidl::Task<ffidl::Result<Node>> echo_node(Node value) override { co_return value; }

  ffidl::Task<ffidl::Result<Mode>> echo_mode(Mode value) override { co_return value; }

  ffidl::Task<ffidl::Result<std::vector<std::uint8_t>>> echo_blob(
      std::vector<std::uint8_t> value) override {
    co_return value;
  }

  ffidl::Task<ffidl::Result<std::string>> echo_text(std::string value) override { co_return value; }

  ffidl::Task<ffidl::Result<Long>>
  echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_procedure_name_echo_with_an_extremely_long_proced(
      Long value) override {
    co_return value;
  }

  ffidl::Task<ffidl::Result<void>> fire(Everything value) override {
    events().everything_seen(value, 1);
    events().nothing_seen();
    co_return ffidl::Result<void>();
  }

  ffidl::Task<ffidl::Result<std::vector<std::optional<Keeper>>>> ask_host(
      std::vector<std::optional<Keeper>> value, std::optional<Keeper> hint) override {
    co_return co_await host().transform(std::move(value), std::move(hint));
  }

  ffidl::Task<ffidl::Result<std::int64_t>> namesakes(
      std::int32_t h, std::int32_t o, std::int32_t c, std::string a, std::int32_t context,
      std::int32_t call, std::int32_t err, std::int32_t msg, std::optional<Keeper> v,
      std::int32_t res, Keeper p, std::vector<std::int32_t> args, std::int32_t l, std::int32_t id,
      std::int32_t ev, std::int32_t rc, std::optional<std::int32_t> opt0, std::int32_t setup,
      std::int32_t handle, std::int32_t arena, std::int32_t out, std::int32_t result,
      std::int32_t status, std::int32_t req, std::int32_t len, std::int32_t deliver,
      std::int32_t accept, std::int32_t value, std::int32_t done, std::int32_t promise,
      std::int32_t future, std::int32_t pending, std::int32_t client, std::int32_t wait,
      std::int32_t callback) override {
    events().namesakes_seen(h, o, context, msg, ev, l, id);
    std::int64_t sum = std::int64_t{h} + o + c + context + call + err + msg + res + l + id + ev +
                       rc + opt0.value_or(0) + setup + handle + arena + out + result + status +
                       req + len + deliver + accept + value + done + promise + future + pending +
                       client + wait + callback;
    for (std::int32_t x : args)
      sum += x;
    co_return sum + static_cast<std::int64_t>(a.size() + p.sync.size() + (v ? v->sync.size() : 0));
  }
};

class NamesakeImpl final : public NamesakeService {
 public:
  explicit NamesakeImpl(std::int64_t base) : base_(base) {}

  ffidl::Task<ffidl::Result<std::int64_t>> mix(
      std::int32_t h, std::int32_t o, std::int32_t c, std::string a, std::int32_t context,
      std::int32_t call, std::int32_t err, std::int32_t msg, std::optional<Keeper> v,
      std::int32_t res, Keeper p, std::vector<std::int32_t> args, std::int32_t l, std::int32_t id,
      std::int32_t rc, std::optional<std::int32_t> opt0, std::int32_t handle, std::int32_t arena,
      std::int32_t out, std::int32_t result, std::int32_t status, std::int32_t req,
      std::int32_t len, std::int32_t other) override {
    std::int64_t sum = base_ + h + o + c + context + call + err + msg + res + l + id + rc +
                       opt0.value_or(0) + handle + arena + out + result + status + req + len +
                       other;
    for (std::int32_t x : args)
      sum += x;
    co_return sum + static_cast<std::int64_t>(a.size() + p.sync.size() + (v ? v->sync.size() : 0));
  }

  ffidl::Task<ffidl::Result<bool>> pair(std::optional<NamesakeRef> other) override {
    co_return other.has_value() && *other != nullptr;
  }

  ffidl::Task<ffidl::Result<Pairing>> echo_pairing(Pairing value) override { co_return value; }

 private:
  std::int64_t base_;
};

}  // namespace

ffidl::Task<ffidl::Result<std::unique_ptr<Service>>> open() {
  co_return std::unique_ptr<Service>(std::make_unique<Echo>());
}

ffidl::Task<ffidl::Result<NamesakeRef>> NamesakeService::new_(Service&, std::int32_t h,
                                                              std::int32_t o, std::int32_t context,
                                                              std::int32_t setup, std::int32_t call,
                                                              std::int32_t err, std::int32_t client,
                                                              std::int32_t c, std::int32_t done,
                                                              std::int32_t service) {
  co_return NamesakeRef(ffidl::make_object<NamesakeImpl>(std::int64_t{h} + o + context + setup +
                                                         call + err + client + c + done + service));
}

ffidl::Task<ffidl::Result<std::int64_t>> sum(std::vector<std::int64_t> values) {
  co_return std::accumulate(values.begin(), values.end(), std::int64_t{0});
}

}  // namespace stress
