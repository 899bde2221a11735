// The bodies of the C exports that are the same in every ffidl library
// (destroy, listeners, host_complete, ...), and the guard every export runs
// in. Generated glue forwards its `<lib>_*` functions here, so this logic
// exists once, not once per library.
#pragma once

#include <cstddef>
#include <cstdint>
#include <exception>
#include <new>
#include <stdexcept>
#include <string_view>
#include <type_traits>

#include "ffidl/abi.h"
#include "ffidl/context.hpp"

namespace ffidl::exports {

/// The reason for the last synchronous failure (an FFIDL_ERR return, a NULL
/// context, a 0 listener id) of an export on the calling thread; "" if none
/// yet. Valid until the next export call on this thread.
const char* last_error() noexcept;
/// Records `text` as this thread's last error. Never throws (a message that
/// cannot be stored is truncated).
void set_last_error(std::string_view text) noexcept;
/// Copies `text` into `buf` (at most cap - 1 bytes and a NUL, as
/// snprintf); returns the text's full length.
std::size_t copy_text(const std::string& text, char* buf, std::size_t cap);

/// Records "<export>: <what><detail>" and returns FFIDL_ERR.
int fail(const char* export_name, std::string_view what, std::string_view detail = {}) noexcept;

/// Runs an export's body so that no C++ exception ever crosses the C ABI:
/// one that escapes (out of memory, an absurd length, no more threads or file
/// descriptors) makes the export return `on_error` (FFIDL_ERR, NULL or 0)
/// with last_error() naming the cause.
template <typename Body, typename R = std::invoke_result_t<Body&>>
R guarded(const char* export_name, std::type_identity_t<R> on_error, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    fail(export_name, "out of memory");
  } catch (const std::length_error& e) {
    fail(export_name, "an argument is too long to copy: ", e.what());
  } catch (const std::exception& e) {
    fail(export_name, e.what());
  } catch (...) {
    fail(export_name, "an exception that is not a std::exception");
  }
  return on_error;
}

/// One function of a library's ABI: "<kind> <name>" and its hash (see the
/// generated `<lib>_abi_check`).
struct AbiDecl {
  const char* name;
  std::uint64_t hash;
};

/// `<lib>_abi_check`: FFIDL_OK if the library (`mine`, `mine_n` entries)
/// has every one of the `n` declarations a binding was generated with,
/// unchanged; else FFIDL_ERR with last_error() naming what is missing or
/// changed. A library may have more than a binding knows.
int abi_check(const AbiDecl* mine, std::size_t mine_n, const char* const* names,
              const std::uint64_t* hashes, std::size_t n) noexcept;

/// Records "<export>: not a live context handle ..." and returns FFIDL_ERR.
int bad_handle(const char* export_name) noexcept;

/// Creates a context and its handle for a ctor export. NULL, with
/// last_error() naming the cause, if the context cannot be created (no
/// threads or file descriptors left, out of memory); `cb` is then not called.
void* create(const char* export_name, const LibraryInfo& info, ContextOptions options, CtorFn ctor,
             ffidl_callback cb, void* user_data, bool paused = false);
/// Starts the ctor of a context made by a `_paused` ctor export.
int run_ctor(void* ctx);

/// Validates the handle, refuses on library threads (a thread cannot join
/// itself, and waiting on another context's thread could block its loop),
/// stops event delivery, retires the handle, then destroys.
/// FFIDL_ERR for bad or repeated handles.
int destroy(void* ctx);
/// 1 on any thread of this library (a loop or event thread of any of its
/// contexts), where blocking calls and destroy are refused; else 0.
int is_library_thread(void* ctx);
int set_stale_warn_interval(void* ctx, std::uint32_t ms);
int set_request_queue_limit(void* ctx, std::uint64_t limit);
/// `<lib>_set_wait_spin`: the context's spin before parking (ffidl/spin.hpp).
int set_wait_spin(void* ctx, std::int64_t spin_ns);
/// `<lib>_wait_spin`: the context's setting; spin_auto for a bad handle.
std::int64_t wait_spin(void* ctx);
/// Events dropped so far because the context's event queue was full.
std::uint64_t dropped_events(void* ctx);
/// `<lib>_<Object>_retain` / `_release`: FFIDL_ERR unless `handle` is a live
/// object of type `type` in context `ctx`.
int object_retain(const char* export_name, void* ctx, std::uint64_t handle, const char* type);
int object_release(const char* export_name, void* ctx, std::uint64_t handle, const char* type);
/// `<lib>_live_objects`: objects of `ctx` not yet deleted (0 for a bad handle).
std::uint64_t live_objects(void* ctx);
std::uint64_t add_event_listener(void* ctx, const char* event, Wire wire, ffidl_callback cb,
                                 void* user_data);
int remove_event_listener(void* ctx, std::uint64_t listener_id);
int host_complete(void* ctx, std::uint64_t call_id, int ret, const void* msg, std::size_t len);

}  // namespace ffidl::exports
