// libFuzzer target: arbitrary bytes into kitchen_sink's and todo's CBOR
// entry points (the generated request decoders for every shape of type,
// unions included) and into their CBOR host-function answer decoders (a
// host fn that answers with the input, as a value or as a typed error).
// Each call must be answered exactly once and never crash or trip a
// sanitizer. The glue, the service and the CBOR reader are compiled into
// this target with coverage, so the fuzzer steers through the decoders
// themselves.
#include <condition_variable>
#include <cstdint>
#include <cstdlib>
#include <mutex>

#include "kitchen_sink.h"
#include "todo.h"

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

/// todo's context, whose `lookup` host fn (which raises LookupError) is
/// CBOR and answers with the input: as a value (g_typed false) or as a
/// typed error.
bool g_typed = false;

void answer_lookup(std::uint64_t call_id, const void*, std::size_t, void* ctx) {
  todo_host_complete(ctx, call_id, g_typed ? FFIDL_ERR_TYPED : FFIDL_OK, g_answer, g_answer_len);
}

void* todo_context() {
  static void* ctx = [] {
    Answer a;
    void* c = todo_create(Answer::callback, &a);
    a.wait(1);
    todo_register_host_fn_cbor(c, TODO_HOST_LOOKUP, answer_lookup, c);
    return c;
  }();
  return ctx;
}

/// Unions: the request decoders of todo's procs taking them.
const CborEntry todo_entries[] = {todo_echo_drawing_cbor, todo_echo_shape_cbor,
                                  todo_maybe_shape_cbor, todo_largest_cbor};
constexpr std::size_t n_todo = sizeof todo_entries / sizeof todo_entries[0];

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const CborEntry entries[] = {
      kitchen_sink_echo_outer_cbor, kitchen_sink_echo_scalars_cbor,  kitchen_sink_echo_tree_cbor,
      kitchen_sink_echo_map_cbor,   kitchen_sink_echo_optional_cbor, kitchen_sink_combine_cbor,
  };
  constexpr std::size_t n_entries = sizeof entries / sizeof entries[0];
  if (size == 0) return 0;
  Answer answer;
  // The first byte picks the entry point (or a host answer); the rest is
  // the request (or the answer). 0x80 and up: todo (unions, typed errors).
  if (data[0] >= 0x80) {
    std::uint8_t pick = data[0] & 0x7f;
    if (pick % (n_todo + 2) >= n_todo) {
      g_answer = data + 1;
      g_answer_len = size - 1;
      g_typed = pick % (n_todo + 2) == n_todo + 1;
      if (todo_add_from_host(todo_context(), Answer::callback, &answer, "k") != FFIDL_OK)
        std::abort();
      answer.wait(1);
      return 0;
    }
    if (todo_entries[pick % (n_todo + 2)](todo_context(), Answer::callback, &answer, data + 1,
                                          size - 1) != FFIDL_OK)
      std::abort();
    answer.wait(1);
    return 0;
  }
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
