#include "ffidl/context.hpp"
#include "ffidl/objects.hpp"

#include <asio/detached.hpp>
#include <asio/redirect_error.hpp>

#include <fmt/format.h>

#include <exception>

#include "ffidl/exports.hpp"
#include "ffidl/utf8.hpp"

namespace ffidl {

namespace {

// Which context (if any) the current thread serves, for re-entrancy checks.
thread_local const Context* tls_loop_context = nullptr;
thread_local const Context* tls_event_context = nullptr;

std::string describe(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    return fmt::format("internal error: the handler threw an exception: {}", ex.what());
  } catch (...) {
    return "internal error: the handler threw an exception that is not a std::exception";
  }
}

}  // namespace

// ---- requests ------------------------------------------------------------------------

Context::Request::~Request() {
  unlink();
  if (queued) ctx->queued_.fetch_sub(1, std::memory_order_relaxed);
  fail("the context was destroyed before this request finished");
}

void Context::Request::run() {
  queued = false;
  ctx->queued_.fetch_sub(1, std::memory_order_relaxed);
  ctx->on_submitted(std::unique_ptr<Request>(this));
}

void Context::Request::unlink() {
  if (!linked) return;
  Context& c = *ctx;
  (prev ? prev->next_inflight : c.inflight_head_) = next_inflight;
  (next_inflight ? next_inflight->prev : c.inflight_tail_) = prev;
  prev = next_inflight = nullptr;
  linked = false;
}

struct Context::Listener {
  std::uint64_t id;
  std::size_t event;
  Wire wire;
  ffidl_callback cb;
  void* user_data;
  bool removed = false;
};

struct Context::QueuedEvent {
  std::size_t event;
  Render render;
};

namespace {

/// Records, inside a context's io_context, which Context owns it, so a
/// coroutine can find its context from its executor (this_context()).
struct OwnerService : asio::execution_context::service {
  using key_type = OwnerService;
  static asio::execution_context::id id;
  explicit OwnerService(asio::execution_context& e) : service(e) {}
  void shutdown() override {}
  Context* owner = nullptr;
};
asio::execution_context::id OwnerService::id;

}  // namespace

Context* Context::of(asio::io_context& io) {
  return asio::has_service<OwnerService>(io) ? asio::use_service<OwnerService>(io).owner : nullptr;
}

Context::Context(LibraryInfo info, ContextOptions options)
    : info_(std::move(info)),
      options_(options),
      work_(asio::make_work_guard(io_)),
      stale_timer_(io_),
      drain_timer_(io_),
      backlog_timer_(io_),
      stale_interval_ms_(options.stale_interval.count()),
      wait_spin_ns_(clamp_spin_setting(options.wait_spin_ns)),
      queue_limit_(options.request_queue_limit) {
  asio::use_service<OwnerService>(io_).owner = this;
  object_home_ = std::make_shared<ObjectHome>();
  object_home_->ctx = this;
}

Context* Context::current_loop() {
  return const_cast<Context*>(tls_loop_context);
}

std::uint64_t Context::live_objects() const {
  return object_home_->live.load();
}

namespace {

/// An object's last act: its dtor hook (an exception in it is dropped: the
/// object goes either way), then its deletion, on the loop.
Task<void> run_dtor_hook(ObjectPtr obj) {
  try {
    co_await obj->on_destroy();
  } catch (...) {
  }
  obj.reset();
}

}  // namespace

/// Runs an object's dtor hook on the loop, then deletes it.
///
/// What the deletion lets go of is retired in the same step: a hook that
/// finishes without suspending deletes its object inside co_spawn, and the
/// objects that one held (and so on down a chain) are retired through
/// cascade_ before run() returns, iteratively, rather than queued behind
/// requests that came after the release (a release has taken full effect
/// before the releasing thread's next call is handled).
struct Context::Retirement final : Work {
  Retirement(Context* c, ObjectPtr o) : ctx(c), obj(std::move(o)) {}
  void run() override {
    std::unique_ptr<Retirement> self(this);
    Context* c = ctx;
    c->retiring_ = true;
    start();
    while (!c->cascade_.empty()) {
      std::unique_ptr<Retirement> cascaded = std::move(c->cascade_.back());
      c->cascade_.pop_back();
      cascaded->start();
    }
    c->retiring_ = false;
  }
  void start() {
    Context* c = ctx;
    asio::co_spawn(c->io_, run_dtor_hook(std::move(obj)), [c](std::exception_ptr) {
      if (c->object_home_->dying.fetch_sub(1) == 1 && c->state_ == State::stopping)
        c->drain_timer_.cancel();  // drain_objects() may be waiting for the last hook
    });
  }
  Context* ctx;
  ObjectPtr obj;
};

ObjectPtr Context::retire(ObjectPtr obj) {
  object_home_->dying.fetch_add(1);
  auto work = std::make_unique<Retirement>(this, std::move(obj));
  if (current_loop() == this && retiring_) {  // retiring_ is the loop's: test the thread first
    cascade_.push_back(std::move(work));      // see Retirement
    return nullptr;
  }
  if (push(work.get())) return (void)work.release(), nullptr;
  object_home_->dying.fetch_sub(1);
  return std::move(work->obj);  // teardown has begun: deleted by the caller, without its hook
}

std::shared_ptr<Context> Context::create(LibraryInfo info, ContextOptions options, CtorFn ctor,
                                         ffidl_callback cb, void* user_data, bool paused) {
  std::shared_ptr<Context> ctx(new Context(std::move(info), options));
  // Threads first: if one cannot start, the exception leaves before any
  // request exists, so the callback is never called for a NULL context.
  ctx->start_threads();
  // The ctor runs as the context's first request, so it gets stale warnings
  // like any handler; requests submitted meanwhile wait in waiting_.
  Context* self = ctx.get();
  auto run_ctor = [self, ctor = std::move(ctor)](ServiceBase*) -> Task<Reply> {
    return [](Context* c, CtorFn fn) -> Task<Reply> {
      Result<std::unique_ptr<ServiceBase>> made = Error{""};
      try {
        made = co_await fn(*c);
      } catch (...) {
        made = Error{describe(std::current_exception())};
      }
      if (made && !*made) made = Error{"the ctor returned no service object"};
      if (c->state_ == State::stopping) {
        // destroy() overtook the ctor; the service is torn down with the context.
        if (made) c->service_ = std::move(*made);
        co_return Reply::error("the context was destroyed before the ctor finished");
      }
      if (!made) {
        c->ctor_error_ = fmt::format("{} ctor failed: {}", c->info_.name, made.error().message);
        c->become(State::failed);
        co_return Reply::error(c->ctor_error_);
      }
      c->service_ = std::move(*made);
      c->become(State::ready);
      co_return Reply::ok();
    }(self, ctor);
  };
  std::unique_ptr<Request> req(
      new RequestOf<decltype(run_ctor)>(self, cb, user_data, std::move(run_ctor)));
  if (paused) {
    // start_ctor() posts it; a destroy before that answers it with an error.
    std::lock_guard lock(ctx->paused_mu_);
    ctx->paused_ctor_ = std::move(req);
    return ctx;
  }
  ctx->post_if_open([self, req = std::move(req)]() mutable { self->start(std::move(req)); });
  return ctx;
}

bool Context::start_ctor() {
  std::unique_ptr<Request> req;
  {
    std::lock_guard lock(paused_mu_);
    req = std::move(paused_ctor_);
  }
  if (!req) return false;
  Request* raw = req.get();
  auto start_it = [this, req = std::move(req)]() mutable { start(std::move(req)); };
  auto work = std::make_unique<FnWork<decltype(start_it)>>(std::move(start_it));
  if (!push(work.get())) {
    raw->fail("the context was destroyed before the ctor started");
    return false;  // `work` deletes the request, already answered
  }
  work.release();
  return true;
}

Context& Context::static_context(const LibraryInfo& info) {
  // Never destroyed: tearing it down at exit would race static-proc calls
  // still in flight on other threads (and could hang the exit). Its threads
  // end with the process.
  static Context* const ctx = [&] {
    auto* c = new Context(info, ContextOptions{});
    c->state_ = State::ready;  // no ctor: static procs need no service
    c->start_threads();
    return c;
  }();
  return *ctx;
}

void Context::start_threads() {
  // If the event thread cannot start, ~Context joins the loop thread.
  loop_thread_ = std::thread([this] {
    tls_loop_context = this;
    io_.run();
    tls_loop_context = nullptr;
  });
  event_thread_ = std::thread([this] {
    tls_event_context = this;
    event_loop();
    tls_event_context = nullptr;
  });
}

Context::~Context() {
  teardown();
  std::lock_guard lock(object_home_->mu);
  object_home_->ctx = nullptr;  // objects that outlive the context are deleted without hooks
}

// ---- the loop ---------------------------------------------------------------------

// The loop lives in one io_context::run() (Asio recycles coroutine frames
// and handlers per run() call, so the loop must not leave it per request).
// Inbox work enters it through two handlers: pump() runs what is queued and
// queues idle() behind the completions that work produced; idle() spins
// for more (ffidl/spin.hpp), pumps if some came, else parks: run() then
// sleeps until a timer or a pusher's wake-up, which is a pump().
//
// A pass through Asio's queue costs an epoll_wait (the reactor runs once
// per pass while handlers are queued), about a microsecond on a VM. So while
// every request it starts also finishes at once, idle() runs the next
// batches itself, and passes the queue only every max_inline_batches
// batches (timers, posted completions) or as soon as a handler suspends
// (what it waits for comes through the queue).
void Context::pump(bool force) {
  if (run_batch(force)) asio::post(io_, [this] { idle(); });
}

bool Context::run_batch(bool force) {
  if (loop_parked_) {
    loop_parked_ = false;
    spinner_.woke();  // learn how long the loop waited for this work
  }
  // The lock-free mirror of the queue length first: pumps are per batch of
  // requests, and listeners are rarely behind.
  if (options_.event_backlog_limit && !force &&
      ev_queued_.load(std::memory_order_acquire) >= options_.event_backlog_limit &&
      !ev_stuck_.load(std::memory_order_relaxed)) {
    std::unique_lock lock(ev_mu_);
    if (ev_queue_.size() >= options_.event_backlog_limit && !ev_stop_) {
      // Hold new requests: the event thread pumps when it has caught up,
      // the timer when the hold is over (a listener may be stuck).
      ev_throttled_ = true;
      ev_taken_at_hold_ = ev_taken_;
      lock.unlock();
      backlog_timer_.expires_after(options_.event_backlog_hold);
      backlog_timer_.async_wait([this](std::error_code ec) {
        if (ec) return;  // re-armed by a later hold
        {
          std::lock_guard held(ev_mu_);
          if (!ev_throttled_) return;  // the event thread released it
          ev_throttled_ = false;
          // Nothing delivered for a whole hold: a listener makes no progress.
          // Holding again would only slow every call by a hold per batch.
          if (ev_taken_ == ev_taken_at_hold_) ev_stuck_.store(true, std::memory_order_relaxed);
        }
        pump(true);
      });
      return false;
    }
  }
  run_inbox();
  return true;
}

void Context::post_pump() {
  // Under the lock, so the post cannot race io_context::shutdown().
  std::shared_lock lock(post_mu_);
  if (!closed_) asio::post(io_, [this] { pump(); });
}

void Context::idle() {
  auto has_work = [this] { return !inbox_.empty(); };
  for (int batch = 1;; ++batch) {
    if (!spinner_.spin(wait_spin_ns_.load(std::memory_order_relaxed), has_work)) break;
    // Past the bound, or with a handler waiting: through the queue.
    if (batch == max_inline_batches || inflight_head_) return pump();
    if (!run_batch(false)) return;  // held back; the release pumps
    if (inflight_head_) return asio::post(io_, [this] { idle(); });
  }
  // The park/wake invariant (parked_ in context.hpp): park, then look for
  // work that came meanwhile; pump it unless a pusher claimed the wake-up.
  loop_parked_ = true;
  parked_.store(true, std::memory_order_seq_cst);
  if (has_work() && parked_.exchange(false)) pump();
}

bool Context::run_inbox() {
  Work* list = inbox_.take();
  if (!list) return false;
  while (list) {
    Work* w = list;
    list = list->next;
    w->run();
  }
  drive();
  return true;
}

void Context::wake_loop() {
  // The pusher's half of the park/wake invariant (parked_ in context.hpp).
  if (!parked_.load(std::memory_order_seq_cst) || !parked_.exchange(false)) return;
  post_pump();
}

// ---- requests ------------------------------------------------------------------------

int Context::submit(std::unique_ptr<Request> req) {
  const std::size_t limit = queue_limit_.load(std::memory_order_relaxed);
  if (queued_.fetch_add(1, std::memory_order_relaxed) >= limit) {
    queued_.fetch_sub(1, std::memory_order_relaxed);
    req->done = true;  // refused synchronously: no callback
    exports::set_last_error(fmt::format(
        "{}: the request queue is full ({} requests waiting); retry later", info_.name, limit));
    return FFIDL_ERR;
  }
  // A push to the inbox: callers never wait for the loop, so many threads
  // can submit at once without a handshake.
  req->queued = true;
  if (!push(req.get())) {
    // Torn down meanwhile (a caller that looked the handle up just before
    // destroy): refused like a destroyed handle, so no callback either.
    req->done = true;
    return exports::fail(info_.name.c_str(), "the context is destroyed");
  }
  req.release();  // the inbox owns it now
  return FFIDL_OK;
}

void Context::on_submitted(std::unique_ptr<Request> req) {
  // destroy() has begun: fail the backlog at once instead of running it.
  if (stopping_.load(std::memory_order_relaxed)) {
    req->fail("the context is shutting down");
    return;
  }
  switch (state_) {
    case State::starting:
      waiting_.push_back(std::move(req));
      break;
    case State::ready:
      start(std::move(req));
      break;
    case State::failed:
      req->fail(ctor_error_);
      break;
    case State::stopping:
      req->fail("the context is shutting down");
      break;
  }
}

void Context::become(State state) {
  // Through the inbox: behind the requests already submitted (which wait in
  // waiting_ until then) and after the ctor's answer, which is delivered
  // when the ctor's coroutine returns; a request finishes as soon as its
  // handler does, so releasing them here would answer them first.
  post_if_open([this, state] {
    if (state_ != State::starting) return;  // destroy() overtook the ctor
    state_ = state;
    release_waiting();
  });
}

void Context::release_waiting() {
  std::vector<std::unique_ptr<Request>> waiting = std::move(waiting_);
  waiting_.clear();
  for (auto& req : waiting)
    on_submitted(std::move(req));
}

void Context::start(std::unique_ptr<Request> req) {
  Request* r = req.get();
  r->started = std::chrono::steady_clock::now();
  r->prev = inflight_tail_;
  (inflight_tail_ ? inflight_tail_->next_inflight : inflight_head_) = r;
  inflight_tail_ = r;
  r->linked = true;
  arm_stale_timer();
  try {
    // Converts staged native arguments (ffidl/stage.hpp) before the handler
    // starts: a failure there (memory) fails this call, not the loop.
    r->task = r->start_handler(service_.get());
  } catch (...) {
    finish(std::move(req), Reply::error(describe(std::current_exception())));
    return;
  }
  (ready_tail_ ? ready_tail_->next_ready : ready_head_) = r;
  ready_tail_ = r;
  req.release();  // the ready list owns it until a runner takes it
}

// Handlers run in runner coroutines, not one co_spawn each: a co_spawn
// dispatches into the coroutine, posts its completion handler behind
// everything queued (so the answer waited for the loop's next pass, an
// epoll_wait included) and allocates for both. A runner takes ready
// requests one after another and finishes each (callback, free) as soon as
// its handler returns. When a handler suspends, so does its runner, and
// co_spawn returns here with requests still ready: the next runner takes
// them. So the loop spawns one runner per batch plus one per suspension; a
// runner resumed later goes on taking ready requests, if any are left.
void Context::drive() {
  // At most one runner per ready request, in case one did not start inline.
  std::size_t ready = 0;
  for (const Request* r = ready_head_; r; r = r->next_ready)
    ++ready;
  for (; ready_head_ && ready > 0; --ready)
    asio::co_spawn(io_, runner(), asio::detached);
}

Task<void> Context::runner() {
  while (Request* r = ready_head_) {
    ready_head_ = r->next_ready;
    if (!ready_head_) ready_tail_ = nullptr;
    std::unique_ptr<Request> req(r);
    Reply reply;
    try {
      reply = co_await std::move(r->task);
    } catch (...) {
      reply = Reply::error(describe(std::current_exception()));
    }
    finish(std::move(req), std::move(reply));
  }
}

void Context::drop_ready() {
  while (Request* r = ready_head_) {
    ready_head_ = r->next_ready;
    delete r;  // answers with an error
  }
  ready_tail_ = nullptr;
}

void Context::finish(std::unique_ptr<Request> req, Reply reply) {
  req->unlink();
  req->deliver(reply);
  req.reset();  // frees the result after the callback returned
  if (state_ == State::stopping && !inflight_head_) drain_timer_.cancel();
}

// ---- stale warnings --------------------------------------------------------------------

void Context::set_stale_interval(std::chrono::milliseconds interval) {
  stale_interval_ms_.store(std::max<std::int64_t>(1, interval.count()));
  // The armed deadline was computed with the old interval: re-arm.
  post_if_open([this] { stale_timer_.cancel(); });
}

// One timer serves every in-flight request. It is armed for the earliest
// next warning; a newly started request's first warning is never earlier
// than that, so starting a request costs O(1) and only a firing sweeps.
void Context::arm_stale_timer() {
  if (stale_armed_ || !inflight_head_) return;
  const auto interval = std::chrono::milliseconds(stale_interval_ms_.load());
  auto next = std::chrono::steady_clock::time_point::max();
  for (const Request* r = inflight_head_; r; r = r->next_inflight)
    next = std::min(next, r->started + interval * (r->warnings + 1));
  stale_armed_ = true;
  stale_timer_.expires_at(next);
  stale_timer_.async_wait([this](std::error_code ec) {
    stale_armed_ = false;
    if (state_ == State::stopping) return;
    if (!ec) sweep_stale();
    arm_stale_timer();  // cancelled: the interval changed
  });
}

void Context::sweep_stale() {
  const auto interval = std::chrono::milliseconds(stale_interval_ms_.load());
  const auto now = std::chrono::steady_clock::now();
  // Callbacks may submit (which only pushes); nothing they can do changes
  // the in-flight list.
  for (Request* r = inflight_head_; r; r = r->next_inflight) {
    if (now < r->started + interval * (r->warnings + 1)) continue;
    ++r->warnings;
    auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - r->started);
    std::string text = std::to_string(elapsed.count());
    r->cb(FFIDL_STALE_WARN, text.data(), text.size(), r->user_data);
  }
}

// ---- threads ------------------------------------------------------------------------

bool Context::on_own_thread() const {
  return tls_loop_context == this || tls_event_context == this;
}

bool Context::on_library_thread() {
  return tls_loop_context != nullptr || tls_event_context != nullptr;
}

// ---- events -------------------------------------------------------------------------

std::uint64_t Context::add_listener(std::string_view event, Wire wire, ffidl_callback cb,
                                    void* user_data) {
  if (!cb) return exports::fail("add_event_listener", "the callback is NULL"), 0;
  std::size_t index = 0;
  while (index < info_.events.size() && info_.events[index] != event)
    ++index;
  if (index == info_.events.size()) {
    return exports::fail("add_event_listener",
                         fmt::format("{} has no event named '{}'", info_.name, event)),
           0;
  }
  if (index < info_.event_wires.size() && !allows(info_.event_wires[index], wire)) {
    return exports::fail("add_event_listener",
                         fmt::format("event '{}' is {}-only ([abi = {}]): use {}", event,
                                     wire == Wire::native ? "CBOR" : "native",
                                     wire == Wire::native ? "cbor" : "native",
                                     wire == Wire::native ? "add_event_listener_cbor"
                                                          : "add_event_listener")),
           0;
  }
  std::lock_guard lock(ev_mu_);
  auto l = std::make_shared<Listener>(Listener{next_listener_id_++, index, wire, cb, user_data});
  listeners_.push_back(l);
  return l->id;
}

bool Context::remove_listener(std::uint64_t id) {
  std::unique_lock lock(ev_mu_);
  auto it = std::find_if(listeners_.begin(), listeners_.end(),
                         [id](const auto& l) { return l->id == id; });
  if (it == listeners_.end()) return false;
  (*it)->removed = true;
  listeners_.erase(it);
  // Wait out a call in progress, unless we are that call (then returning is
  // what lets it finish).
  if (tls_event_context != this) {
    ev_idle_.wait(lock, [&] { return running_listener_ != id; });
  }
  return true;
}

bool Context::emit(std::size_t index, Render render) {
  std::lock_guard lock(ev_mu_);
  if (ev_stop_ || index >= info_.events.size()) return false;
  if (ev_queue_.size() >= options_.event_queue_limit) {
    dropped_events_.fetch_add(1);
    return false;
  }
  ev_queue_.push_back(QueuedEvent{index, std::move(render)});
  ev_queued_.store(ev_queue_.size(), std::memory_order_release);
  ev_wake_.notify_one();
  return true;
}

void Context::event_loop() {
  std::unique_lock lock(ev_mu_);
  std::vector<std::shared_ptr<Listener>> targets;  // reused: no allocation per event
  while (true) {
    if (ev_queue_.empty() && !ev_stop_) {
      // Spin for the next event before sleeping, as the loop does.
      lock.unlock();
      ev_spinner_.spin(wait_spin_ns_.load(std::memory_order_relaxed),
                       [this] { return ev_queued_.load(std::memory_order_acquire) != 0; });
      lock.lock();
    }
    ev_wake_.wait(lock, [&] { return ev_stop_ || !ev_queue_.empty(); });
    ev_spinner_.woke();
    if (ev_stop_) return;  // queued events are dropped on destroy
    QueuedEvent ev = std::move(ev_queue_.front());
    ev_queue_.pop_front();
    ev_queued_.store(ev_queue_.size(), std::memory_order_release);
    ++ev_taken_;
    ev_stuck_.store(false, std::memory_order_relaxed);  // listeners move again: hold as usual
    if (ev_throttled_ && ev_queue_.size() <= options_.event_backlog_limit / 2) {
      ev_throttled_ = false;
      post_pump();  // the loop may take requests again
    }
    targets.clear();
    for (const auto& l : listeners_) {
      if (l->event == ev.event) targets.push_back(l);
    }
    Message rendered[2];
    bool have[2] = {false, false};
    for (const auto& l : targets) {
      if (ev_stop_) return;  // destroy has begun: no listener is called again
      if (l->removed) continue;
      running_listener_ = l->id;
      lock.unlock();
      auto w = static_cast<std::size_t>(l->wire);
      if (!have[w]) {
        rendered[w] = ev.render(l->wire);
        have[w] = true;
      }
      l->cb(FFIDL_OK, rendered[w].data(), rendered[w].size(), l->user_data);
      lock.lock();
      running_listener_ = 0;
      ev_idle_.notify_all();
    }
  }
}

// ---- host calls ------------------------------------------------------------------------

int Context::register_host_fn(std::string_view name, Wire wire, ffidl_host_fn fn, void* user_data) {
  if (!fn) return FFIDL_MISSING_CALLBACK;
  std::lock_guard lock(host_mu_);
  host_fns_.insert_or_assign(std::string(name), HostFn{wire, fn, user_data});
  return FFIDL_OK;
}

void Context::begin_host_call(const std::string& name, const Render& args, PendingHost pending) {
  std::unique_lock lock(host_mu_);
  auto fn = host_fns_.find(name);
  if (hosts_closed_) {
    lock.unlock();
    pending.fail(
        fmt::format("host function '{}' was not called: the context is shutting down", name));
    return;
  }
  if (fn == host_fns_.end()) {
    lock.unlock();
    pending.fail(fmt::format("host function '{}' is not registered", name));
    return;
  }
  HostFn host = fn->second;
  std::uint64_t id = next_call_id_++;
  pending.name = name;
  pending.wire = host.wire;
  pending_hosts_.emplace(id, std::move(pending));
  lock.unlock();
  // The host fn must return at once; it answers later via host_complete.
  Message m = args(host.wire);
  host.fn(id, m.data(), m.size(), host.user_data);
}

int Context::host_complete(std::uint64_t call_id, int ret, const void* msg, std::size_t len) {
  std::unique_lock lock(host_mu_);
  auto it = pending_hosts_.find(call_id);
  if (it == pending_hosts_.end()) {
    return exports::fail("host_complete",
                         fmt::format("unknown call id {} (never issued, already answered, or "
                                     "abandoned by destroy)",
                                     call_id));
  }
  PendingHost pending = std::move(it->second);
  pending_hosts_.erase(it);
  lock.unlock();
  if (ret == FFIDL_OK || ret == FFIDL_ERR_TYPED) {
    // Decoding copies the answer; if that throws (out of memory, hostile
    // nesting) the handler still resumes, with the reason.
    try {
      pending.complete(pending.wire, ret, msg, len);
    } catch (const std::exception& e) {
      pending.fail(fmt::format("host function '{}' answered a value that cannot be copied: {}",
                               pending.name, e.what()));
    }
  } else {
    // The host's text is passed on to the caller, so it must be UTF-8 like
    // every other string that leaves the library.
    std::string text = msg ? std::string(static_cast<const char*>(msg), len) : std::string();
    if (!utf8::valid(text.data(), text.size()))
      text = fmt::format("({} bytes of error text that are not valid UTF-8)", text.size());
    pending.fail(fmt::format("host function '{}' failed: {}", pending.name,
                             text.empty() ? "no message" : text));
  }
  return FFIDL_OK;
}

void Context::fail_host_calls(const std::string& why) {
  std::map<std::uint64_t, PendingHost> pending;
  {
    std::lock_guard lock(host_mu_);
    hosts_closed_ = true;
    pending.swap(pending_hosts_);
  }
  for (auto& [id, p] : pending) {
    p.fail(fmt::format("host function '{}' (call {}) was abandoned: {}", p.name, id, why));
  }
}

// ---- teardown ---------------------------------------------------------------------------

void Context::stop_events() {
  std::unique_lock lock(ev_mu_);
  ev_stop_ = true;
  ev_queue_.clear();
  ev_queued_.store(0);
  ev_wake_.notify_all();
  if (ev_throttled_) {
    ev_throttled_ = false;
    post_pump();  // the loop must take destroy's work
  }
  // Wait out a listener call in progress (never on the event thread itself:
  // destroy refuses library threads).
  if (tls_event_context != this) ev_idle_.wait(lock, [&] { return running_listener_ == 0; });
}

int Context::destroy() {
  if (on_library_thread()) {
    exports::set_last_error(
        on_own_thread()
            ? fmt::format("{}: destroy called on the context's own thread (inside a callback or "
                          "listener); it cannot wait for itself. Destroy from another thread",
                          info_.name)
            : fmt::format("{}: destroy called on a thread of another {} context; waiting there "
                          "could block that context's loop for ever. Destroy from a thread of "
                          "your own",
                          info_.name, info_.name));
    return FFIDL_ERR;
  }
  // Queued requests fail as the loop reaches them, without running.
  stopping_.store(true);
  stop_events();
  // Concurrent destroys: the first tears down, the others wait for it.
  std::lock_guard serial(destroy_call_mu_);
  {
    std::lock_guard lock(destroy_mu_);
    if (destroyed_) return FFIDL_OK;
  }
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> drained = done->get_future();
  post_if_open([this, done] {
    state_ = State::stopping;
    for (auto& req : waiting_)
      req->fail("the context was destroyed before the ctor finished");
    waiting_.clear();
    fail_host_calls("the context is shutting down");
    stale_timer_.cancel();
    asio::co_spawn(io_, drain(done), asio::detached);
  });
  drained.wait();
  teardown();
  return FFIDL_OK;
}

Task<void> Context::drain(std::shared_ptr<std::promise<void>> done) {
  std::error_code ec;
  if (inflight_head_) {
    // finish() cancels the timer when the last handler completes.
    drain_timer_.expires_after(options_.drain_timeout);
    co_await drain_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  const std::string late = fmt::format(
      "the context was destroyed while this handler was still running (it did not finish "
      "within the {} ms drain bound)",
      options_.drain_timeout.count());
  bool service_unused = !inflight_head_;
  while (Request* r = inflight_head_) {
    r->unlink();
    r->fail(late);
  }
  if (service_) {
    auto finished = std::make_shared<bool>(false);
    asio::co_spawn(io_, service_->on_destroy(), [this, finished](std::exception_ptr) {
      *finished = true;
      drain_timer_.cancel();
    });
    if (!*finished) {
      drain_timer_.expires_after(options_.drain_timeout);
      co_await drain_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
    }
    // A dtor hook still running points into the service as well.
    service_unused = service_unused && *finished;
  }
  co_await drain_objects(service_unused);
  done->set_value();
}

Task<void> Context::drain_objects(bool service_unused) {
  // What clients still hold is released as if they had released it.
  objects().release_all(object_home_.get());
  // The service goes now, so the objects only it held get their hooks too;
  // not if a handler outlived the drain bound, as its frame still points
  // into the service (teardown destroys both, without hooks).
  if (service_unused) service_.reset();
  // Objects still alive are held only by other objects (or by something the
  // library leaked): each lets go of what it holds, so cycles are deleted too.
  if (service_unused) ObjectTable::break_cycles(*object_home_);
  const auto deadline = std::chrono::steady_clock::now() + options_.drain_timeout;
  std::error_code ec;
  while (object_home_->dying.load() > 0 && std::chrono::steady_clock::now() < deadline) {
    drain_timer_.expires_at(deadline);
    co_await drain_timer_.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
}

void Context::teardown() {
  {
    std::lock_guard lock(destroy_mu_);
    if (destroyed_) return;
    destroyed_ = true;
  }
  Work* unrun;
  {
    std::unique_lock lock(post_mu_);
    closed_ = true;  // from here on nothing is posted; shutdown() is safe below
    unrun = inbox_.close();
  }
  work_.reset();
  io_.stop();
  if (loop_thread_.joinable()) loop_thread_.join();
  {
    std::lock_guard lock(ev_mu_);
    ev_stop_ = true;
    ev_queue_.clear();
    ev_queued_.store(0);
  }
  ev_wake_.notify_all();
  if (event_thread_.joinable()) event_thread_.join();
  // Now single-threaded. Host calls still pending hold coroutine handlers:
  // drop them first, then shut the loop down, which destroys every queued
  // handler and suspended coroutine frame (their Requests deliver errors),
  // and only then the service those frames pointed into.
  fail_host_calls("the context was destroyed");
  waiting_.clear();
  {
    std::lock_guard lock(paused_mu_);
    paused_ctor_.reset();  // never started: its callback gets the error now
  }
  Inbox::drop(unrun);  // queued requests answer with an error as they go
  drop_ready();
  io_.shutdown();
  service_.reset();
  // Objects of a context that was never destroyed (it failed to start) or
  // that a client still references: deleted now, without hooks.
  objects().release_all(object_home_.get());
}

}  // namespace ffidl
