// libFuzzer target: arbitrary bytes into kitchen_sink's CBOR entry points
// (the generated request decoders for every shape of type). Each input must
// be answered exactly once, FFIDL_OK or FFIDL_ERR with a message, and never
// crash or trip a sanitizer.
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

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CborEntry entries[] = {
      kitchen_sink_echo_outer_cbor, kitchen_sink_echo_scalars_cbor,  kitchen_sink_echo_tree_cbor,
      kitchen_sink_echo_map_cbor,   kitchen_sink_echo_optional_cbor, kitchen_sink_combine_cbor,
  };
  if (size == 0) return 0;
  // The first byte picks the entry point; the rest is the request.
  CborEntry entry = entries[data[0] % (sizeof entries / sizeof entries[0])];
  Answer answer;
  if (entry(context(), Answer::callback, &answer, data + 1, size - 1) != FFIDL_OK) std::abort();
  answer.wait(1);
  return 0;
}
