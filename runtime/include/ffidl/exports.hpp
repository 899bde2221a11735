// The bodies of the C exports that are the same in every ffidl library
// (destroy, listeners, host_complete, ...). Generated glue forwards its
// `<lib>_*` functions here, so this logic exists once, not once per library.
#pragma once

#include <cstddef>
#include <cstdint>

#include "ffidl/abi.h"
#include "ffidl/context.hpp"

namespace ffidl::exports {

/// Validates the handle, refuses on the context's own threads (a thread
/// cannot join itself), then destroys. FFIDL_ERR for bad or repeated handles.
int destroy(void* ctx);
int is_library_thread(void* ctx);
int set_stale_warn_interval(void* ctx, std::uint32_t ms);
std::uint64_t add_event_listener(void* ctx, const char* event, Wire wire, ffidl_callback cb,
                                 void* user_data);
int remove_event_listener(void* ctx, std::uint64_t listener_id);
int host_complete(void* ctx, std::uint64_t call_id, int ret, const void* msg, std::size_t len);

}  // namespace ffidl::exports
