// libFuzzer target: arbitrary bytes into kitchen_sink's CBOR entry points
// (the generated request decoders for every shape of type) and into its
// CBOR host-function answer decoder (a host fn that answers with the
// input). Each call must be answered exactly once, FFIDL_OK or FFIDL_ERR
// with a message, and never crash or trip a sanitizer. The glue, the
// service and the CBOR reader are compiled into this target with coverage,
// so the fuzzer steers through the decoders themselves.
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>

#include "kitchen_sink.h"

namespace {

struct Answer {
  std::mutex mu;
  std::condition_variable cv;
  int answers = 0;
  static void callback(int code, const void*, std::size_t, void* ud) {
    if (code == FFIDL_STALE_WARN) return;
    auto* a = static_cast<Answer*>(ud);
    std::lock_guard<std::mutex> lock(a->mu);
    ++a->answers;
    a->cv.notify_all();
  }
  void wait(int n) {
    std::unique_lock<std::mutex> lock(mu);
    cv.wait(lock, [&] { return answers >= n; });
  }
};

void* context() {
  static void* ctx = [] {
    Answer a;
    kitchen_sink_SinkConfig config{false};
    void* c = kitchen_sink_create(&config, Answer::callback, &a);
    a.wait(1);
    return c;
  }();
  return ctx;
}

using CborEntry = int (*)(void*, ffidl_callback, void*, const uint8_t*, size_t);

/// The answer the CBOR host fn gives: the current input.
const std::uint8_t* g_answer = nullptr;
std::size_t g_answer_len = 0;

void answer_with_input(std::uint64_t call_id, const void*, std::size_t, void* ctx) {
  kitchen_sink_host_complete(ctx, call_id, FFIDL_OK, g_answer, g_answer_len);
}

/// A second context whose `transform` host fn is CBOR: the library encodes
/// the arguments and decodes whatever the host answers.
void* host_context() {
  static void* ctx = [] {
    Answer a;
    kitchen_sink_SinkConfig config{false};
    void* c = kitchen_sink_create(&config, Answer::callback, &a);
    a.wait(1);
    kitchen_sink_register_host_fn_cbor(c, KITCHEN_SINK_HOST_TRANSFORM, answer_with_input, c);
    return c;
  }();
  return ctx;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CborEntry entries[] = {
      kitchen_sink_echo_outer_cbor, kitchen_sink_echo_scalars_cbor,  kitchen_sink_echo_tree_cbor,
      kitchen_sink_echo_map_cbor,   kitchen_sink_echo_optional_cbor, kitchen_sink_combine_cbor,
  };
  constexpr std::size_t n_entries = sizeof entries / sizeof entries[0];
  if (size == 0) return 0;
  Answer answer;
  // The first byte picks the entry point (or the host answer); the rest is
  // the request (or the answer).
  if (data[0] % (n_entries + 1) == n_entries) {
    g_answer = data + 1;
    g_answer_len = size - 1;
    kitchen_sink_Outer zero{};
    if (kitchen_sink_transform_outer(host_context(), Answer::callback, &answer, &zero) != FFIDL_OK)
      std::abort();
    answer.wait(1);
    return 0;
  }
  CborEntry entry = entries[data[0] % n_entries];
  if (entry(context(), Answer::callback, &answer, data + 1, size - 1) != FFIDL_OK) std::abort();
  answer.wait(1);
  return 0;
}
