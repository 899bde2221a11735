// The ffidl runtime: one library context = one FFI thread running an Asio
// io_context (the loop), one event thread delivering events, the service
// object, the listener and host-function registries and the in-flight host
// calls. Generated glue (and the runtime tests) drive it; see
// docs/runtime.md for the threading model, ownership rules and teardown.
#pragma once

#include <asio/any_io_executor.hpp>
#include <asio/async_result.hpp>
#include <asio/awaitable.hpp>
#include <asio/co_spawn.hpp>
#include <asio/executor_work_guard.hpp>
#include <asio/io_context.hpp>
#include <asio/post.hpp>
#include <asio/steady_timer.hpp>
#include <asio/this_coro.hpp>
#include <asio/use_awaitable.hpp>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "ffidl/abi.h"
#include "ffidl/inbox.hpp"
#include "ffidl/message.hpp"
#include "ffidl/recycle.hpp"
#include "ffidl/result.hpp"
#include "ffidl/spin.hpp"

namespace ffidl {

/// A coroutine run on a context's loop. Handlers are Task<Result<T>>.
template <typename T>
using Task = asio::awaitable<T>;

/// The two encodings a payload can take across the C ABI.
enum class Wire { native, cbor };

/// Which wires a proc, event or host fn exists in (its `[abi = ...]`).
enum class WireSet : std::uint8_t { native = 1, cbor = 2, both = 3 };
inline bool allows(WireSet set, Wire wire) {
  return (static_cast<std::uint8_t>(set) & (wire == Wire::native ? 1 : 2)) != 0;
}

/// What the runtime needs to know about the library it serves.
struct LibraryInfo {
  std::string name;                 // used in error messages
  std::vector<std::string> events;  // event names, indexed as in emit()
  /// The wires each event may be listened to in (its `[abi = ...]`), indexed
  /// like `events`; empty means every event allows both.
  std::vector<WireSet> event_wires = {};
};

struct ContextOptions {
  /// A running handler's callback gets FFIDL_STALE_WARN this often.
  std::chrono::milliseconds stale_interval{5000};
  /// destroy waits this long for in-flight handlers, then as long again for
  /// the dtor hook, before it fails what is left and tears down.
  std::chrono::milliseconds drain_timeout{5000};
  /// Events queued for listeners beyond this are dropped (emit -> false).
  std::size_t event_queue_limit = 65536;
  /// Backpressure: while this many events wait for listeners, the loop
  /// starts no new request (running handlers go on) until half of them are
  /// delivered or `event_backlog_hold` has passed, so callers cannot make
  /// events faster than listeners take them and delivery latency stays
  /// bounded. A hold that ends with no event delivered means the listeners
  /// are stuck: the loop then stops holding (calls run at full speed and
  /// events beyond `event_queue_limit` are dropped and counted) until the
  /// event thread delivers again. 0: never hold back.
  std::size_t event_backlog_limit = 8;
  std::chrono::microseconds event_backlog_hold{1000};
  /// Requests submitted but not yet started beyond this are refused
  /// (submit -> FFIDL_ERR), so a flood cannot grow memory without limit.
  std::size_t request_queue_limit = 65536;
  /// How long the loop spins for new work before it parks (ffidl/spin.hpp:
  /// spin_auto, spin_off or nanoseconds); also what the bindings' blocking
  /// calls use. `<lib>_set_wait_spin` changes it per context.
  std::int64_t wait_spin_ns = spin_auto;
};

class Context;
class ObjectBase;
struct ObjectHome;

/// Deletes an object whose dtor hook has run (or will never run), and
/// counts it out of its context.
struct ObjectDispose {
  void operator()(ObjectBase* p) const noexcept;
};
using ObjectPtr = std::unique_ptr<ObjectBase, ObjectDispose>;

/// Base of every generated service class (the object the ctor creates).
class ServiceBase {
 public:
  virtual ~ServiceBase() = default;
  /// The schema's dtor hook, awaited (bounded) while the context is destroyed.
  virtual Task<void> on_destroy() { co_return; }
};

/// Starts a request's handler: called once, on the loop, with the service
/// (nullptr on the static context), returning the handler coroutine. The
/// handler owns its (already deep-copied) arguments. submit() takes any
/// callable of this signature (the generated glue passes lambdas, stored in
/// the request itself); this is the type-erased spelling.
using Handler = std::function<Task<Reply>(ServiceBase*)>;

/// Creates the service on the loop; an error fails the context.
using CtorFn = std::function<Task<Result<std::unique_ptr<ServiceBase>>>(Context&)>;

/// Renders an event payload or host-fn arguments in the wire a listener or
/// host fn was registered with.
using Render = std::function<Message(Wire)>;

/// Decodes a host fn's answer into the handler's result type R (a
/// Result<T> or, for a host fn that raises E, a Result<T, Failure<E>>):
/// `code` is FFIDL_OK (a value) or FFIDL_ERR_TYPED (the typed error). It
/// copies what it keeps (`msg` is only valid during the call) and runs on
/// the thread that calls host_complete.
template <typename R>
using HostDecode = std::function<R(Wire, int code, const void* msg, std::size_t len)>;

class Context {
 public:
  /// Starts the loop and event threads and runs `ctor` on the loop. `cb`
  /// gets exactly one terminal answer for the ctor (and stale warnings).
  /// With `paused`, the ctor waits for start_ctor(): the caller can first
  /// register host fns and listeners the ctor may need.
  static std::shared_ptr<Context> create(LibraryInfo info, ContextOptions options, CtorFn ctor,
                                         ffidl_callback cb, void* user_data, bool paused = false);
  /// Starts the ctor of a context created paused. False if it was not
  /// paused or has already started.
  bool start_ctor();
  /// The process-lifetime context static procs run on (created on first use).
  static Context& static_context(const LibraryInfo& info);

  Context(const Context&) = delete;
  Context& operator=(const Context&) = delete;
  ~Context();

  // ---- requests --------------------------------------------------------------

  /// Queues a request from any thread. `cb` gets zero or more FFIDL_STALE_WARN
  /// and then exactly one FFIDL_OK, FFIDL_ERR or FFIDL_ERR_TYPED, on a library
  /// thread.
  /// Returns FFIDL_ERR, calling nothing, when `request_queue_limit` requests
  /// are already waiting (the reason is in exports::last_error()). One
  /// allocation: the request, which holds `handler`.
  template <typename F>
  int submit(ffidl_callback cb, void* user_data, F&& handler) {
    return submit(std::unique_ptr<Request>(
        new RequestOf<std::decay_t<F>>(this, cb, user_data, std::forward<F>(handler))));
  }
  void set_request_queue_limit(std::size_t limit) { queue_limit_.store(limit); }

  /// The loop's spin before parking (ffidl/spin.hpp), also read by the
  /// bindings for their blocking calls: spin_auto, spin_off or ns.
  void set_wait_spin(std::int64_t ns) {
    wait_spin_ns_.store(clamp_spin_setting(ns), std::memory_order_relaxed);
  }
  std::int64_t wait_spin() const { return wait_spin_ns_.load(std::memory_order_relaxed); }

  /// Tears the context down (see docs/runtime.md): stops event delivery,
  /// fails queued requests and host calls, drains in-flight handlers
  /// (bounded), runs the dtor hook, joins the threads. Returns FFIDL_ERR,
  /// doing nothing, when called on a library thread (of this context or any
  /// other of this library: waiting there could block a loop for ever).
  /// Idempotent.
  int destroy();
  /// The first step of destroy, also taken by the C export before the handle
  /// is retired: no listener is called after this returns.
  void stop_events();

  // ---- threads ---------------------------------------------------------------

  /// The context whose loop runs `io`, or nullptr.
  static Context* of(asio::io_context& io);
  /// The context whose loop runs the calling thread, or nullptr.
  static Context* current_loop();

  /// True on this context's loop or event thread.
  bool on_own_thread() const;
  /// True on the loop or event thread of any context of this library.
  static bool on_library_thread();
  asio::io_context& io() { return io_; }
  void set_stale_interval(std::chrono::milliseconds interval);

  // ---- events ----------------------------------------------------------------

  /// Returns the listener id, or 0 (with exports::last_error() saying why) if
  /// the event is unknown, not available in `wire`, or `cb` is NULL.
  std::uint64_t add_listener(std::string_view event, Wire wire, ffidl_callback cb, void* user_data);
  /// After this returns the listener is never called again (unless called
  /// from inside a listener, which may not wait for itself). False if unknown.
  bool remove_listener(std::uint64_t id);
  /// From a handler: queues event number `index` (LibraryInfo::events) for
  /// every listener, rendered once per wire on the event thread. Returns
  /// false if the event queue is full (the event is dropped and counted).
  bool emit(std::size_t index, Render render);
  std::uint64_t dropped_events() const { return dropped_events_.load(); }
  /// Requests submitted and not yet taken up by the loop.
  std::size_t queued_requests() const { return queued_.load(); }

  // ---- objects (ffidl/objects.hpp) ----------------------------------------------

  const std::shared_ptr<ObjectHome>& object_home() const { return object_home_; }
  /// Objects made in this context and not yet deleted.
  std::uint64_t live_objects() const;
  /// Queues `obj`'s dtor hook on the loop, after which it is deleted.
  /// Returns `obj` back if the loop no longer takes work (teardown).
  ObjectPtr retire(ObjectPtr obj);

  // ---- host functions -----------------------------------------------------------

  /// Registers (or replaces) the host fn `name`. FFIDL_MISSING_CALLBACK if
  /// `fn` is NULL.
  int register_host_fn(std::string_view name, Wire wire, ffidl_host_fn fn, void* user_data);
  /// From a handler: calls host fn `name` and resumes when the host answers.
  /// co_await it in the same expression (its arguments are references). T
  /// is the handler's result type (see HostDecode); a failure of the call
  /// itself (not registered, abandoned) arrives as T(Error{...}).
  template <typename T>
  Task<T> call_host(const std::string& name, const Render& args, const HostDecode<T>& decode);
  /// From any thread: answers host call `call_id`. FFIDL_ERR for an unknown,
  /// already completed or abandoned call id.
  int host_complete(std::uint64_t call_id, int ret, const void* msg, std::size_t len);

 private:
  /// One call in flight: its callback and handler. Whatever happens to the
  /// request (finished, failed, or destroyed unrun during teardown), the
  /// callback gets exactly one terminal answer: the destructor delivers an
  /// error if nothing else did. Queued in the inbox, then linked into the
  /// in-flight list while its handler runs: no allocation beyond itself.
  struct Request : Work {
    Request(Context* c, ffidl_callback callback, void* ud) : ctx(c), cb(callback), user_data(ud) {}
    ~Request() override;
    /// On the loop: takes the request up (Work::run).
    void run() override;
    /// Starts the handler coroutine (called once).
    virtual Task<Reply> start_handler(ServiceBase* service) = 0;

    void deliver(int code, const void* msg, std::size_t len) {
      if (done) return;
      done = true;
      cb(code, msg, len, user_data);
    }
    void deliver(const Reply& r) { deliver(r.code, r.message.data(), r.message.size()); }
    void fail(std::string_view why) { deliver(FFIDL_ERR, why.data(), why.size()); }
    /// Leaves the in-flight list (if in it).
    void unlink();

    // Made by the caller, freed on the loop: recycled (ffidl/recycle.hpp).
    static void* operator new(std::size_t n) { return recycle::allocate(n); }
    static void operator delete(void* p, std::size_t n) noexcept { recycle::deallocate(p, n); }

    Context* ctx;
    ffidl_callback cb;
    void* user_data;
    std::chrono::steady_clock::time_point started{};
    std::int64_t warnings = 0;
    bool done = false;
    bool queued = false;  // counted in ctx->queued_ until the loop takes it up
    bool linked = false;  // in ctx's in-flight list
    Request* prev = nullptr;
    Request* next_inflight = nullptr;
    Task<Reply> task;               // made by start(), awaited by a runner
    Request* next_ready = nullptr;  // in ctx's ready list
  };
  template <typename F>
  struct RequestOf final : Request {
    static_assert(alignof(F) <= __STDCPP_DEFAULT_NEW_ALIGNMENT__,
                  "recycled requests have the default alignment");
    RequestOf(Context* c, ffidl_callback callback, void* ud, F f)
        : Request(c, callback, ud), handler(std::move(f)) {}
    Task<Reply> start_handler(ServiceBase* service) override { return handler(service); }
    F handler;
  };
  struct Listener;
  struct QueuedEvent;
  struct Retirement;
  /// A pending host call: completes (decodes, then resumes the handler on
  /// the loop) or fails (resumes it with an error).
  struct PendingHost {
    std::string name;
    Wire wire;
    std::function<void(Wire, int, const void*, std::size_t)> complete;
    std::function<void(std::string)> fail;
  };
  enum class State { starting, ready, failed, stopping };
  template <typename T>
  struct HostInitiation;

  Context(LibraryInfo info, ContextOptions options);
  void start_threads();
  int submit(std::unique_ptr<Request> req);
  /// Queues `work` for the loop, from any thread, unless teardown has begun
  /// (then returns false and leaves it with the caller).
  bool push(Work* work) {
    if (!inbox_.push(work)) return false;
    wake_loop();
    return true;
  }
  /// Queues a function for the loop unless teardown has begun (then returns
  /// false and drops it).
  template <typename F>
  bool post_if_open(F&& fn) {
    auto work = std::make_unique<FnWork<std::decay_t<F>>>(std::forward<F>(fn));
    if (!push(work.get())) return false;
    work.release();
    return true;
  }
  /// Wakes the loop if it parked (posts a pump()).
  void wake_loop();
  /// On the loop: runs the inbox, then queues idle() behind what that
  /// started; unless listeners are behind (event_backlog_limit) and `force`
  /// is false: then it waits for the event thread or the hold timer.
  void pump(bool force = false);
  /// pump() without queueing idle(): false if new requests are held back
  /// (events are behind), true once the inbox ran.
  bool run_batch(bool force);
  /// How many batches idle() runs before a pass through Asio's queue.
  static constexpr int max_inline_batches = 8;
  /// On the loop: spins for more work (ffidl/spin.hpp), then pumps or parks.
  void idle();
  /// Runs everything in the inbox; false if it was empty.
  bool run_inbox();
  /// Posts a pump() to the loop from another thread (unless torn down).
  void post_pump();
  /// After the ctor: moves to `state` and runs (or fails) what waited.
  void become(State state);
  void on_submitted(std::unique_ptr<Request> req);
  void start(std::unique_ptr<Request> req);
  /// Runs the ready requests' handlers in runner coroutines (see there).
  void drive();
  /// Takes ready requests and runs each handler to its reply, then
  /// finishes the request; suspends with a handler that suspends.
  Task<void> runner();
  /// Teardown: ready requests never run answer with an error.
  void drop_ready();
  void finish(std::unique_ptr<Request> req, Reply reply);
  void release_waiting();
  void arm_stale_timer();
  void sweep_stale();
  void begin_host_call(const std::string& name, const Render& args, PendingHost pending);
  void fail_host_calls(const std::string& why);
  Task<void> drain(std::shared_ptr<std::promise<void>> done);
  /// Part of drain: drops the client's references, then the service (if no
  /// handler outlived the drain bound), and awaits the dtor hooks that runs.
  Task<void> drain_objects(bool service_unused);
  void event_loop();
  void teardown();

  /// io_context with shutdown() reachable, so teardown can destroy pending
  /// handlers (and the coroutine frames they own) before the service.
  struct Loop : asio::io_context {
    // One thread runs it: Asio then queues the loop's own posts (coroutine
    // completions) without taking its lock.
    Loop() : asio::io_context(1) {}
    using asio::io_context::shutdown;
  };

  const LibraryInfo info_;
  ContextOptions options_;
  Loop io_;
  asio::executor_work_guard<asio::io_context::executor_type> work_;
  std::thread loop_thread_;
  std::thread event_thread_;

  // Loop-thread state.
  State state_ = State::starting;
  std::string ctor_error_;
  std::unique_ptr<ServiceBase> service_;
  std::vector<std::unique_ptr<Request>> waiting_;  // submitted before the ctor finished
  Request* ready_head_ = nullptr;                  // started, waiting for a runner
  Request* ready_tail_ = nullptr;
  Request* inflight_head_ = nullptr;  // running handlers, oldest first
  Request* inflight_tail_ = nullptr;
  asio::steady_timer stale_timer_;
  bool stale_armed_ = false;
  asio::steady_timer drain_timer_;
  asio::steady_timer backlog_timer_;  // ends a hold (event_backlog_hold)
  std::atomic<std::int64_t> stale_interval_ms_;

  // Work for the loop (any thread), whether the loop is parked (then a push
  // wakes it), and how long it spins first.
  //
  // The park/wake invariant: work in inbox_ is never left with the loop
  // parked and no pump() posted. The loop parks (idle()) by storing
  // parked_ = true and then reading inbox_; a pusher (push() -> wake_loop())
  // pushes and then reads parked_. Both are seq_cst, so at least one of them
  // sees the other: the pusher sees parked_ and posts a pump, or the loop
  // sees the work and pumps it itself. Whichever wins parked_.exchange(false)
  // does it, so exactly one pump follows a park.
  Inbox inbox_;
  std::atomic<bool> parked_{true};  // the first push wakes the loop
  std::atomic<std::int64_t> wait_spin_ns_;
  Spinner spinner_;           // loop thread only
  bool loop_parked_ = false;  // idle() parked; the next pump() tells spinner_
  // Loop thread only: set while a Retirement runs; objects its deletion lets
  // go of are retired in cascade_, before the loop takes anything else.
  bool retiring_ = false;
  std::vector<std::unique_ptr<Retirement>> cascade_;

  // Teardown, step by step, and the state each step sets (destroy() and
  // teardown() in context.cpp take them in this order):
  //   1. stopping_ = true        (destroy, caller's thread) queued and later
  //                              requests fail without running;
  //   2. ev_stop_ = true         (stop_events) no listener is called again;
  //   3. state_ = stopping       (on the loop) waiting requests fail, then
  //      hosts_closed_ = true    (fail_host_calls) host calls fail, and the
  //                              drain awaits running handlers, the dtor
  //                              hook and the objects' hooks (bounded);
  //   4. destroyed_ = true       (teardown, once) later destroys return;
  //   5. closed_ = true, inbox_ closed  nothing more is posted to Asio or
  //                              queued for the loop; the threads are joined
  //                              and what never ran is dropped with an error.
  // Each flag is read where its step's promise is kept; none goes back.
  //
  // Lock order: a thread holding one of these may take only those listed
  // after it, never one before:
  //   destroy_call_mu_ -> destroy_mu_;
  //   ev_mu_ -> post_mu_ (shared: stop_events posts a pump);
  //   object_home_->mu -> post_mu_ (shared: retire() queues a Retirement,
  //   which may wake the loop);
  //   host_mu_, paused_mu_, destroy_mu_, post_mu_: leaves.
  // No callback of the caller's runs under any of them. The TSan suite's
  // deadlock detector reports an inversion of this order.

  // Request queue (any thread): its length and bound, and whether destroy
  // has begun (the loop then fails what is queued without running it).
  std::atomic<std::size_t> queued_{0};
  std::atomic<std::size_t> queue_limit_;
  std::atomic<bool> stopping_{false};

  // Host calls (any thread).
  std::mutex host_mu_;
  struct HostFn {
    Wire wire;
    ffidl_host_fn fn;
    void* user_data;
  };
  std::map<std::string, HostFn, std::less<>> host_fns_;
  std::map<std::uint64_t, PendingHost> pending_hosts_;
  std::uint64_t next_call_id_ = 1;
  bool hosts_closed_ = false;

  // Events (any thread; dispatched on event_thread_).
  std::mutex ev_mu_;
  std::condition_variable ev_wake_;
  std::condition_variable ev_idle_;
  std::deque<QueuedEvent> ev_queue_;
  std::vector<std::shared_ptr<Listener>> listeners_;  // registration order
  std::uint64_t next_listener_id_ = 1;
  std::uint64_t running_listener_ = 0;  // the listener the event thread is calling
  bool ev_stop_ = false;
  // The loop held requests back (event_backlog_limit); the event thread
  // pumps it once the backlog has halved.
  bool ev_throttled_ = false;
  std::uint64_t ev_taken_ = 0;          // events the event thread has taken off the queue
  std::uint64_t ev_taken_at_hold_ = 0;  // ev_taken_ when the current hold began
  // A hold ended with no event taken: listeners are stuck, so the loop does
  // not hold again until the event thread takes the next event. Read by the
  // loop without the lock; written under ev_mu_.
  std::atomic<bool> ev_stuck_{false};
  std::atomic<std::size_t> ev_queued_{0};  // ev_queue_.size(), for spinning without the lock
  Spinner ev_spinner_;                     // event thread only
  std::atomic<std::uint64_t> dropped_events_{0};

  std::mutex paused_mu_;
  std::unique_ptr<Request> paused_ctor_;  // the ctor of a paused context, until started

  std::shared_ptr<ObjectHome> object_home_;

  std::shared_mutex post_mu_;  // wake-ups hold it shared; teardown takes it to close
  bool closed_ = false;        // teardown has begun: nothing more is posted to Asio

  std::mutex destroy_call_mu_;  // serialises destroy() calls
  std::mutex destroy_mu_;       // guards destroyed_
  bool destroyed_ = false;
};

/// From a coroutine running on a context's loop (the ctor included, before
/// its service exists): that context, or nullptr on any other executor.
inline Task<Context*> this_context() {
  asio::any_io_executor ex = co_await asio::this_coro::executor;
  auto* loop = ex.target<asio::io_context::executor_type>();
  co_return loop ? Context::of(loop->context()) : nullptr;
}

// ---- call_host ---------------------------------------------------------------------

// call_host takes references: temporaries in `co_await call_host(...)` live
// until the co_await completes, so nothing is copied. Beware g++ 12, which
// destroys a capturing lambda twice when it is a temporary inside a co_await
// expression (clang is fine): build the Render and HostDecode as named
// locals first, as the generated code does.
/// The initiation of a host call: it only points at call_host's arguments.
template <typename T>
struct Context::HostInitiation {
  Context* self;
  const std::string* name;
  const Render* args;
  const HostDecode<T>* decode;

  template <typename H>
  void operator()(H handler) const {
    struct Awaiting {
      H handler;
      HostDecode<T> decode;
    };
    auto state = std::make_shared<Awaiting>(Awaiting{std::move(handler), *decode});
    Context* ctx = self;
    // Both continuations resume the handler on the loop, whatever thread
    // the host answered on.
    auto resume = [ctx, state](T r) {
      ctx->post_if_open([state, r = std::move(r)]() mutable {
        // Move the handler out: invoking it hands the coroutine back to
        // Asio, and no copy that still claims the coroutine may remain.
        H resume_handler = std::move(state->handler);
        std::move(resume_handler)(std::move(r));
      });
    };
    PendingHost pending;
    pending.complete = [state, resume](Wire wire, int code, const void* msg, std::size_t len) {
      resume(state->decode(wire, code, msg, len));
    };
    pending.fail = [resume](std::string why) { resume(T(Error{std::move(why)})); };
    ctx->begin_host_call(*name, *args, std::move(pending));
  }
};

template <typename T>
Task<T> Context::call_host(const std::string& name, const Render& args,
                           const HostDecode<T>& decode) {
  co_return co_await asio::async_initiate<decltype(asio::use_awaitable), void(T)>(
      HostInitiation<T>{this, &name, &args, &decode}, asio::use_awaitable);
}

}  // namespace ffidl
