#include "ffidl/exports.hpp"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include <fmt/format.h>

#include "ffidl/handles.hpp"
#include "ffidl/objects.hpp"

namespace ffidl::exports {

namespace {

// A fixed buffer: recording an error must work when memory has run out.
thread_local char tls_last_error[512] = "";

void append(std::size_t& used, std::string_view part) noexcept {
  if (part.empty()) return;  // its data() may be NULL
  std::size_t room = sizeof tls_last_error - 1 - used;
  std::size_t n = part.size() < room ? part.size() : room;
  std::memcpy(tls_last_error + used, part.data(), n);
  used += n;
}

}  // namespace

int bad_handle(const char* export_name) noexcept {
  return fail(export_name, "not a live context handle (NULL, garbage, or already destroyed)");
}

void* create(const char* export_name, const LibraryInfo& info, ContextOptions options, CtorFn ctor,
             ffidl_callback cb, void* user_data, bool paused) {
  std::shared_ptr<Context> c =
      Context::create(info, options, std::move(ctor), cb, user_data, paused);
  void* handle = handles().insert(c);
  if (!handle) {
    // Unreachable in practice (2^48 contexts created); the ctor's callback
    // gets the destroy error.
    c->destroy();
    fail(export_name, "the handle space of this process is spent");
  }
  return handle;
}

int abi_check(const AbiDecl* mine, std::size_t mine_n, const char* const* names,
              const std::uint64_t* hashes, std::size_t n) noexcept {
  if (n > 0 && (!names || !hashes)) return fail("abi_check", "names or hashes is NULL");
  // Built in the fixed buffer, so a check works when memory has run out.
  std::size_t used = 0, listed = 0, more = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (!names[i]) return fail("abi_check", "a name is NULL");
    std::string_view name(names[i]);
    const AbiDecl* found = nullptr;
    for (std::size_t j = 0; j < mine_n && !found; ++j) {
      if (name == mine[j].name) found = &mine[j];
    }
    if (found && found->hash == hashes[i]) continue;
    if (listed == 4) {
      ++more;
      continue;
    }
    append(used, listed++ ? "; " : "");
    append(used, name);
    append(used, found ? " differs" : " is not in the loaded library");
  }
  if (listed == 0) return FFIDL_OK;
  if (more > 0) {
    char count[32];
    std::snprintf(count, sizeof count, "; and %zu more", more);
    append(used, count);
  }
  tls_last_error[used] = '\0';
  return FFIDL_ERR;
}

const char* last_error() noexcept {
  return tls_last_error;
}

void set_last_error(std::string_view text) noexcept {
  std::size_t used = 0;
  append(used, text);
  tls_last_error[used] = '\0';
}

int fail(const char* export_name, std::string_view what, std::string_view detail) noexcept {
  std::size_t used = 0;
  append(used, export_name ? export_name : "ffidl");
  append(used, ": ");
  append(used, what);
  append(used, detail);
  tls_last_error[used] = '\0';
  return FFIDL_ERR;
}

int destroy(void* ctx) {
  return guarded("destroy", FFIDL_ERR, [&]() -> int {
    std::shared_ptr<Context> c = handles().get(ctx);
    if (!c) return bad_handle("destroy");
    if (Context::on_library_thread()) return c->destroy();  // refuses, naming why
    // Stop listeners before the handle is retired: a remove_event_listener
    // that fails because the handle is gone must still mean "never again".
    c->stop_events();
    c = handles().take(ctx);
    if (!c) return fail("destroy", "the context is already being destroyed by another thread");
    return c->destroy();
  });
}

int run_ctor(void* ctx) {
  return guarded("run_ctor", FFIDL_ERR, [&]() -> int {
    std::shared_ptr<Context> c = handles().get(ctx);
    if (!c) return bad_handle("run_ctor");
    if (!c->start_ctor())
      return fail("run_ctor", "the ctor has already started (or was never paused)");
    return FFIDL_OK;
  });
}

int is_library_thread(void* ctx) {
  (void)ctx;
  return Context::on_library_thread() ? 1 : 0;
}

int set_stale_warn_interval(void* ctx, std::uint32_t ms) {
  std::shared_ptr<Context> c = handles().get(ctx);
  if (!c) return bad_handle("set_stale_warn_interval");
  if (ms == 0) return fail("set_stale_warn_interval", "the interval must be at least 1 ms");
  c->set_stale_interval(std::chrono::milliseconds(ms));
  return FFIDL_OK;
}

int set_request_queue_limit(void* ctx, std::uint64_t limit) {
  std::shared_ptr<Context> c = handles().get(ctx);
  if (!c) return bad_handle("set_request_queue_limit");
  if (limit == 0) return fail("set_request_queue_limit", "the limit must be at least 1");
  c->set_request_queue_limit(static_cast<std::size_t>(limit));
  return FFIDL_OK;
}

int set_wait_spin(void* ctx, std::int64_t spin_ns) {
  std::shared_ptr<Context> c = handles().get(ctx);
  if (!c) return bad_handle("set_wait_spin");
  if (spin_ns < spin_auto) {
    return fail("set_wait_spin",
                fmt::format("{} is not a spin setting: use -1 (auto), 0 (off) or a budget in "
                            "nanoseconds",
                            spin_ns));
  }
  c->set_wait_spin(spin_ns);
  return FFIDL_OK;
}

std::int64_t wait_spin(void* ctx) {
  std::shared_ptr<Context> c = handles().get(ctx);
  return c ? c->wait_spin() : spin_auto;
}

std::uint64_t dropped_events(void* ctx) {
  std::shared_ptr<Context> c = handles().get(ctx);
  return c ? c->dropped_events() : 0;
}

namespace {

int object_ref(bool retain, const char* export_name, void* ctx, std::uint64_t handle,
               const char* type) {
  return guarded(export_name, FFIDL_ERR, [&]() -> int {
    std::shared_ptr<Context> c = handles().get(ctx);
    if (!c) return bad_handle(export_name);
    const ObjectHome* home = c->object_home().get();
    bool ok = retain ? objects().retain(handle, home, type) : objects().release(handle, home, type);
    if (ok) return FFIDL_OK;
    std::string what = fmt::format(
        "handle 0x{:016x} is not a live {} of this context (released, never handed out, "
        "another context's, or another type's)",
        handle, type);
    return fail(export_name, what);
  });
}

}  // namespace

int object_retain(const char* export_name, void* ctx, std::uint64_t handle, const char* type) {
  return object_ref(true, export_name, ctx, handle, type);
}

int object_release(const char* export_name, void* ctx, std::uint64_t handle, const char* type) {
  return object_ref(false, export_name, ctx, handle, type);
}

std::uint64_t live_objects(void* ctx) {
  std::shared_ptr<Context> c = handles().get(ctx);
  return c ? c->live_objects() : 0;
}

std::uint64_t add_event_listener(void* ctx, const char* event, Wire wire, ffidl_callback cb,
                                 void* user_data) {
  return guarded("add_event_listener", std::uint64_t{0}, [&]() -> std::uint64_t {
    std::shared_ptr<Context> c = handles().get(ctx);
    if (!c) return bad_handle("add_event_listener"), 0;
    if (!event) return fail("add_event_listener", "the event name is NULL"), 0;
    return c->add_listener(event, wire, cb, user_data);  // says why when it returns 0
  });
}

int remove_event_listener(void* ctx, std::uint64_t listener_id) {
  return guarded("remove_event_listener", FFIDL_ERR, [&]() -> int {
    std::shared_ptr<Context> c = handles().get(ctx);
    if (!c) return bad_handle("remove_event_listener");
    if (!c->remove_listener(listener_id))
      return fail("remove_event_listener", "no such listener (already removed?)");
    return FFIDL_OK;
  });
}

std::size_t copy_text(const std::string& text, char* buf, std::size_t cap) {
  if (buf && cap > 0) {
    std::size_t n = std::min(text.size(), cap - 1);
    std::memcpy(buf, text.data(), n);
    buf[n] = '\0';
  }
  return text.size();
}

int host_complete(void* ctx, std::uint64_t call_id, int ret, const void* msg, std::size_t len) {
  return guarded("host_complete", FFIDL_ERR, [&]() -> int {
    std::shared_ptr<Context> c = handles().get(ctx);
    if (!c) return bad_handle("host_complete");
    if (ret != FFIDL_OK && ret != FFIDL_ERR && ret != FFIDL_ERR_TYPED) {
      return fail("host_complete",
                  "ret must be FFIDL_OK (0), FFIDL_ERR (1) or FFIDL_ERR_TYPED (4); the call is "
                  "still waiting for a valid answer");
    }
    return c->host_complete(call_id, ret, msg, len);
  });
}

}  // namespace ffidl::exports
