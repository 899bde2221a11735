#include "ffidl/exports.hpp"

#include "ffidl/handles.hpp"

namespace ffidl::exports {

int destroy(void* ctx) {
  std::shared_ptr<Context> c = handles().get(ctx);
  if (!c || c->on_own_thread()) return FFIDL_ERR;
  c = handles().take(ctx);
  if (!c) return FFIDL_ERR;  // destroyed concurrently
  return c->destroy();
}

int is_library_thread(void* ctx) {
  std::shared_ptr<Context> c = handles().get(ctx);
  return c && c->on_own_thread() ? 1 : 0;
}

int set_stale_warn_interval(void* ctx, std::uint32_t ms) {
  std::shared_ptr<Context> c = handles().get(ctx);
  if (!c || ms == 0) return FFIDL_ERR;
  c->set_stale_interval(std::chrono::milliseconds(ms));
  return FFIDL_OK;
}

std::uint64_t add_event_listener(void* ctx, const char* event, Wire wire, ffidl_callback cb,
                                 void* user_data) {
  std::shared_ptr<Context> c = handles().get(ctx);
  if (!c || !event) return 0;
  return c->add_listener(event, wire, cb, user_data);
}

int remove_event_listener(void* ctx, std::uint64_t listener_id) {
  std::shared_ptr<Context> c = handles().get(ctx);
  return c && c->remove_listener(listener_id) ? FFIDL_OK : FFIDL_ERR;
}

int host_complete(void* ctx, std::uint64_t call_id, int ret, const void* msg, std::size_t len) {
  std::shared_ptr<Context> c = handles().get(ctx);
  return c ? c->host_complete(call_id, ret, msg, len) : FFIDL_ERR;
}

}  // namespace ffidl::exports
