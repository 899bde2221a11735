/* The C types every ffidl library's ABI shares (DESIGN.md section 3).
 *
 * Generated headers repeat these definitions behind the same guard, so a
 * program may include several ffidl libraries' headers and this file in any
 * order. */
#ifndef FFIDL_ABI_COMMON_DEFINED
#define FFIDL_ABI_COMMON_DEFINED

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Delivers a result, an error, a stale warning or an event. `msg` is valid
 * only during the call; copy what you keep. */
typedef void (*ffidl_callback)(int ret, const void* msg, size_t len, void* user_data);

/** Invoked for a host function. `req` is valid only during the call; answer
 * later, from any thread, with `<lib>_host_complete(ctx, call_id, ...)`. */
typedef void (*ffidl_host_fn)(uint64_t call_id, const void* req, size_t len, void* user_data);

enum {
  FFIDL_OK = 0,               /**< success; also the code events are delivered with */
  FFIDL_ERR = 1,              /**< failure; msg is UTF-8 error text */
  FFIDL_MISSING_CALLBACK = 2, /**< a required callback was NULL; nothing was done */
  FFIDL_STALE_WARN = 3        /**< non-terminal: the handler is still running; msg is the
                                   elapsed milliseconds as decimal text */
};

#ifdef __cplusplus
}
#endif

#endif /* FFIDL_ABI_COMMON_DEFINED */

/* Since ffidl 0.2: failure with a typed error (a function that `raises`):
 * natively msg is `const <lib>_<Error> *`, on the CBOR wire its encoding.
 * A macro of its own, so that headers of 0.1 libraries (which define the
 * codes above behind the same guard) still mix with these. */
#ifndef FFIDL_ERR_TYPED
#define FFIDL_ERR_TYPED 4
#endif
