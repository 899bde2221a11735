// Template of src/support.rs, the support module every generated crate
// carries (it has no dependencies, so it cannot share a runtime crate).
// ffidlc embeds this file, drops this comment and puts its own "Generated"
// line first, and replaces the placeholder ffidllib (the library's C
// prefix).
//
// It holds the arena that keeps C copies of arguments alive for a call, the
// waker-based completion slot behind every call (blocking and async),
// listener and host-call plumbing, and the error type.
//! Support code shared by the generated bindings: not part of the API.
// Not every library uses every helper (a library without host functions
// has no use for Host), so unused ones are expected here.
#![allow(dead_code)]

use std::any::Any;
use std::cell::Cell;
use std::collections::VecDeque;
use std::ffi::{c_char, c_int, c_void, CStr, CString};
use std::fmt;
use std::future::Future;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use crate::ffi;

/// The library's name, for messages.
const LIB: &str = "ffidllib";

/// What can go wrong with a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// The library reported a failure: its handler (or constructor) failed
    /// with this message.
    Library(String),
    /// The client is closed or its context is gone: nothing was done.
    Closed,
    /// A blocking call was made on one of the library's own threads (from
    /// an event listener), where waiting would deadlock. Use the `_async`
    /// form there.
    WouldDeadlock,
    /// The binding could not convert a value (a string with a NUL byte,
    /// invalid UTF-8, an enum value this binding does not know).
    Binding(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Library(msg) => write!(f, "{LIB}: {msg}"),
            Error::Closed => write!(f, "{LIB}: the client is closed"),
            Error::WouldDeadlock => {
                write!(f, "{LIB}: blocking call on a library thread would deadlock")
            }
            Error::Binding(msg) => write!(f, "{LIB}: binding error: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// The error of a call that raises `E`: the typed error the library
/// raised, or a failure of the call itself (closed, an untyped library
/// error, a binding error). Match both exhaustively.
#[derive(Debug, Clone, PartialEq)]
pub enum Failure<E> {
    /// The library raised this typed error.
    Raised(E),
    /// The call failed otherwise.
    Call(Error),
}

impl<E> From<Error> for Failure<E> {
    fn from(e: Error) -> Self {
        Failure::Call(e)
    }
}

impl<E: fmt::Display> fmt::Display for Failure<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Raised(e) => write!(f, "{LIB}: {e}"),
            Failure::Call(e) => e.fmt(f),
        }
    }
}

impl<E: std::error::Error + 'static> std::error::Error for Failure<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Failure::Raised(e) => Some(e),
            Failure::Call(e) => Some(e),
        }
    }
}

/// A string field in a typed error's message: quoted, with `"` and `\`
/// escaped (the same text in every binding).
pub(crate) fn show_str(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// A context pointer that may cross threads: the C ABI is callable from
/// any thread and validates the handle itself.
#[derive(Clone, Copy)]
pub(crate) struct Ctx(pub(crate) *mut c_void);

// SAFETY: the pointer is an opaque handle the C library checks on every
// call; it is never dereferenced on the Rust side.
unsafe impl Send for Ctx {}
unsafe impl Sync for Ctx {}

/// Owns the C copies of one call's arguments until the call returns (the
/// library copies them again before that). Moving a Vec or Box does not
/// move its heap buffer, so the pointers handed out stay valid.
#[derive(Default)]
pub(crate) struct Arena {
    kept: Vec<Box<dyn Any>>,
}

impl Arena {
    pub(crate) fn str(&mut self, s: &str) -> Result<*const c_char, Error> {
        let c =
            CString::new(s).map_err(|_| Error::Binding(format!("string {s:?} contains NUL")))?;
        let p = c.as_ptr();
        self.kept.push(Box::new(c));
        Ok(p)
    }

    pub(crate) fn keep<T: 'static>(&mut self, v: Vec<T>) -> (*const T, usize) {
        if v.is_empty() {
            return (std::ptr::null(), 0);
        }
        let out = (v.as_ptr(), v.len());
        self.kept.push(Box::new(v));
        out
    }

    pub(crate) fn keep_one<T: 'static>(&mut self, v: T) -> *const T {
        let b = Box::new(v);
        let p: *const T = &*b;
        self.kept.push(b);
        p
    }
}

/// A zeroed C struct or scalar: every mirror is plain data for which all
/// zero bytes is a valid value (NULL pointers, false, 0).
pub(crate) fn zeroed<T: Copy>() -> T {
    // SAFETY: only instantiated with the #[repr(C)] mirrors and C scalars.
    unsafe { std::mem::zeroed() }
}

/// Borrows bytes as a C pointer and length (no copy: valid for the call).
pub(crate) fn bytes_arg(b: &[u8]) -> (*const u8, usize) {
    if b.is_empty() {
        (std::ptr::null(), 0)
    } else {
        (b.as_ptr(), b.len())
    }
}

/// A C array as a slice; NULL or empty gives `&[]`.
///
/// # Safety
/// `p` must point at `n` valid values that outlive the slice.
pub(crate) unsafe fn slice<'a, T>(p: *const T, n: usize) -> &'a [T] {
    if n == 0 || p.is_null() {
        &[]
    } else {
        std::slice::from_raw_parts(p, n)
    }
}

/// # Safety
/// `p` is NULL or a NUL-terminated string.
pub(crate) unsafe fn string(p: *const c_char) -> Result<String, Error> {
    if p.is_null() {
        return Ok(String::new());
    }
    let s = CStr::from_ptr(p).to_str();
    s.map(str::to_owned).map_err(|e| Error::Binding(e.to_string()))
}

/// # Safety
/// `p` points at `n` bytes (or `n` is 0).
pub(crate) unsafe fn string_n(p: *const c_void, n: usize) -> Result<String, Error> {
    let bytes = slice(p as *const u8, n).to_vec();
    String::from_utf8(bytes).map_err(|e| Error::Binding(e.to_string()))
}

/// # Safety
/// `p` points at `n` bytes (or `n` is 0).
pub(crate) unsafe fn bytes(p: *const u8, n: usize) -> Vec<u8> {
    slice(p, n).to_vec()
}

/// An enum read from C: `v` is its conversion, `raw` the C value.
pub(crate) fn enum_value<T>(v: Option<T>, name: &str, raw: i32) -> Result<T, Error> {
    v.ok_or_else(|| Error::Binding(format!("{raw} is not a value of enum {name}")))
}

/// Reads an optional: `read` runs only if `has` is set.
pub(crate) fn opt<T>(
    has: bool,
    read: impl FnOnce() -> Result<T, Error>,
) -> Result<Option<T>, Error> {
    if has {
        read().map(Some)
    } else {
        Ok(None)
    }
}

/// Decodes a native result (`msg`, `len`) into T; runs in the callback.
pub(crate) type Decode<T> = unsafe fn(*const c_void, usize) -> Result<T, Error>;
/// Decodes a raised typed error (FFIDL_ERR_TYPED's `msg`) into the call's
/// error type; runs in the callback.
pub(crate) type Raise<E> = unsafe fn(*const c_void) -> E;

enum State<T, E> {
    Waiting(Option<Waker>),
    Done(Result<T, E>),
    Taken,
}

// ---- adaptive wake-ups (as the library's own ffidl/spin.hpp) ----

/// The wait-spin setting meaning "adaptive" (`Client::set_wait_spin`).
pub const SPIN_AUTO: i64 = -1;
/// The setting meaning "never spin: sleep at once".
pub const SPIN_OFF: i64 = 0;
const MAX_AUTO_SPIN_NS: i64 = 50_000;
const MIN_AUTO_SPIN_NS: i64 = 500;
const MAX_SPIN_NS: i64 = 10_000_000;
const SPIN_YIELD_NS: u64 = 5_000;

/// Threads of this binding spinning now: at most one per core spins.
static SPINNERS: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    /// This thread's adaptive budget: it grows to twice a wait that
    /// succeeded and halves when a spin runs out.
    static AUTO_BUDGET_NS: Cell<i64> = const { Cell::new(MAX_AUTO_SPIN_NS) };
}

fn spin_slots() -> usize {
    static SLOTS: std::sync::OnceLock<usize> = std::sync::OnceLock::new();
    *SLOTS.get_or_init(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
}

/// Spins until `ready()` or the budget `setting` allows is spent, yielding
/// the core every few microseconds; false means: sleep now.
fn spin_until(setting: i64, ready: impl Fn() -> bool) -> bool {
    if ready() {
        return true;
    }
    if setting == SPIN_OFF {
        return false;
    }
    let budget =
        if setting > 0 { setting.min(MAX_SPIN_NS) } else { AUTO_BUDGET_NS.with(Cell::get) };
    if SPINNERS.fetch_add(1, Ordering::Relaxed) >= spin_slots() {
        SPINNERS.fetch_sub(1, Ordering::Relaxed);
        return ready();
    }
    let start = Instant::now();
    let deadline = start + Duration::from_nanos(budget.unsigned_abs());
    let mut next_yield = start + Duration::from_nanos(SPIN_YIELD_NS);
    let mut done = false;
    let mut pauses = 1;
    let mut looks_to_clock = 8; // read the clock every 8th look
    loop {
        for _ in 0..pauses {
            std::hint::spin_loop();
        }
        if ready() {
            done = true;
            break;
        }
        pauses = (pauses * 2).min(16);
        looks_to_clock -= 1;
        if looks_to_clock > 0 {
            continue;
        }
        looks_to_clock = 8;
        let now = Instant::now();
        if now >= deadline {
            break;
        }
        if now >= next_yield {
            std::thread::yield_now();
            next_yield = Instant::now() + Duration::from_nanos(SPIN_YIELD_NS);
        }
    }
    SPINNERS.fetch_sub(1, Ordering::Relaxed);
    let done = done || ready();
    if setting == SPIN_AUTO && done {
        learn_wait(start.elapsed());
    }
    done
}

/// Teaches this thread's auto budget how long a wait took (spin and park
/// together): twice a wait within the ceiling, so the next one like it ends
/// while spinning; half the budget after a longer one (work that comes
/// rarely), down to the floor.
fn learn_wait(waited: Duration) {
    let ns = i64::try_from(waited.as_nanos()).unwrap_or(i64::MAX);
    AUTO_BUDGET_NS.with(|b| {
        let next = if ns <= MAX_AUTO_SPIN_NS {
            ns.saturating_mul(2).clamp(b.get(), MAX_AUTO_SPIN_NS)
        } else {
            (b.get() / 2).max(MIN_AUTO_SPIN_NS)
        };
        b.set(next);
    });
}

/// The completion slot of one call: the callback fills it, a blocked
/// thread or a polled future takes the result.
struct Slot<T, E> {
    decode: Decode<T>,
    raise: Option<Raise<E>>,
    state: Mutex<State<T, E>>,
    ready: Condvar,
    /// Set once `state` is Done: a blocked thread spins on it before sleeping.
    done: AtomicBool,
    /// The context called: objects in the answer take their references there.
    ctx: Ctx,
}

thread_local! {
    /// The context whose answer this thread is decoding.
    static DECODING: Cell<*mut c_void> = const { Cell::new(std::ptr::null_mut()) };
}

/// The context whose answer is being decoded on this thread (see Slot::ctx).
pub(crate) fn decoding_ctx() -> Ctx {
    Ctx(DECODING.with(Cell::get))
}

/// Runs `decode` (of a payload of context `ctx`) with decoding_ctx() set.
pub(crate) fn decoding_in<R>(ctx: Ctx, decode: impl FnOnce() -> R) -> R {
    let previous = DECODING.with(|d| d.replace(ctx.0));
    let out = decode();
    DECODING.with(|d| d.set(previous));
    out
}

impl<T, E> Slot<T, E> {
    fn finish(&self, result: Result<T, E>) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        let waiting = std::mem::replace(&mut *state, State::Done(result));
        self.done.store(true, Ordering::Release);
        drop(state);
        self.ready.notify_all();
        if let State::Waiting(Some(waker)) = waiting {
            waker.wake();
        }
    }
}

/// Why the library refused a call outright: its context is gone (Closed),
/// or an argument it will not take (a released object, say), in its words.
pub(crate) fn refused() -> Error {
    // SAFETY: last_error returns a NUL-terminated string valid until the
    // thread's next call into the library.
    let what = unsafe { CStr::from_ptr(ffi::ffidllib_last_error()) }.to_string_lossy();
    if what.is_empty() || what.contains("not a live context handle") {
        Error::Closed
    } else {
        Error::Library(what.into_owned())
    }
}

/// The result callback every call passes to C; `user_data` is an
/// `Arc<Slot<T>>` turned into a raw pointer, reclaimed here.
unsafe extern "C" fn on_result<T, E: From<Error>>(
    ret: c_int,
    msg: *const c_void,
    len: usize,
    user_data: *mut c_void,
) {
    if ret == ffi::FFIDL_STALE_WARN {
        return;
    }
    let slot = Arc::from_raw(user_data as *const Slot<T, E>);
    let result = match (ret, slot.raise) {
        (ffi::FFIDL_OK, _) => {
            DECODING.with(|d| d.set(slot.ctx.0));
            let decoded = catch_unwind(AssertUnwindSafe(|| (slot.decode)(msg, len)));
            DECODING.with(|d| d.set(std::ptr::null_mut()));
            match decoded {
                Ok(r) => r.map_err(E::from),
                Err(_) => Err(E::from(Error::Binding("decoding the result panicked".into()))),
            }
        }
        (ffi::FFIDL_ERR_TYPED, Some(raise)) if !msg.is_null() => {
            Err(catch_unwind(AssertUnwindSafe(|| raise(msg))).unwrap_or_else(|_| {
                E::from(Error::Binding("decoding the raised error panicked".into()))
            }))
        }
        (ffi::FFIDL_ERR_TYPED, _) => Err(E::from(Error::Library(
            "the library raised a typed error, but this function raises none".into(),
        ))),
        _ => Err(E::from(string_n(msg, len).map_or_else(|e| e, Error::Library))),
    };
    slot.finish(result);
}

/// A call in flight, or one that failed before it started. Wait for it
/// with [`Call::wait`] or `.await` it (on any executor).
#[must_use = "a call does nothing useful unless its result is taken"]
pub struct Call<T, E = Error> {
    slot: Option<Arc<Slot<T, E>>>,
    early: Option<Error>,
}

impl<T> Call<T> {
    /// Starts a call: `invoke` converts the arguments and calls C with the
    /// callback and user_data it is given, returning C's status.
    pub(crate) fn start(
        decode: Decode<T>,
        invoke: impl FnOnce(&mut Arena, ffi::ffidl_callback, *mut c_void) -> Result<c_int, Error>,
    ) -> Call<T> {
        Call::begin(Ctx(std::ptr::null_mut()), decode, None, invoke)
    }

    /// As start, for a call of context `ctx` whose answer holds objects.
    pub(crate) fn start_in(
        ctx: Ctx,
        decode: Decode<T>,
        invoke: impl FnOnce(&mut Arena, ffi::ffidl_callback, *mut c_void) -> Result<c_int, Error>,
    ) -> Call<T> {
        Call::begin(ctx, decode, None, invoke)
    }
}

impl<T, E: From<Error>> Call<T, E> {
    /// Starts a call of a function that raises: `raise` decodes its typed
    /// error.
    pub(crate) fn start_raising(
        decode: Decode<T>,
        raise: Raise<E>,
        invoke: impl FnOnce(&mut Arena, ffi::ffidl_callback, *mut c_void) -> Result<c_int, Error>,
    ) -> Call<T, E> {
        Call::begin(Ctx(std::ptr::null_mut()), decode, Some(raise), invoke)
    }

    /// As start_raising, for a call of context `ctx` whose answer holds objects.
    pub(crate) fn start_raising_in(
        ctx: Ctx,
        decode: Decode<T>,
        raise: Raise<E>,
        invoke: impl FnOnce(&mut Arena, ffi::ffidl_callback, *mut c_void) -> Result<c_int, Error>,
    ) -> Call<T, E> {
        Call::begin(ctx, decode, Some(raise), invoke)
    }

    fn begin(
        ctx: Ctx,
        decode: Decode<T>,
        raise: Option<Raise<E>>,
        invoke: impl FnOnce(&mut Arena, ffi::ffidl_callback, *mut c_void) -> Result<c_int, Error>,
    ) -> Call<T, E> {
        let slot = Arc::new(Slot {
            decode,
            raise,
            state: Mutex::new(State::Waiting(None)),
            ready: Condvar::new(),
            done: AtomicBool::new(false),
            ctx,
        });
        if let Err(e) = check_abi() {
            return Call { slot: None, early: Some(e) };
        }
        let user_data = Arc::into_raw(Arc::clone(&slot)) as *mut c_void;
        let mut arena = Arena::default();
        let status = invoke(&mut arena, Some(on_result::<T, E>), user_data);
        drop(arena);
        let early = match status {
            Ok(ffi::FFIDL_OK) => return Call { slot: Some(slot), early: None },
            Ok(_) => refused(),
            Err(e) => e,
        };
        // Not queued: no callback will come, so reclaim its reference.
        // SAFETY: user_data came from Arc::into_raw above and was not used.
        unsafe { drop(Arc::from_raw(user_data as *const Slot<T, E>)) };
        Call { slot: None, early: Some(early) }
    }

    /// Blocks until the library answers: spins first as the context's
    /// wait-spin setting says, then sleeps.
    pub fn wait(mut self) -> Result<T, E> {
        let Some(slot) = self.slot.take() else {
            return Err(E::from(self.early.take().unwrap_or(Error::Closed)));
        };
        // SAFETY: any value is accepted (a null or stale ctx reads "auto").
        let setting = unsafe { ffi::ffidllib_wait_spin(slot.ctx.0) };
        let started = Instant::now();
        let spun = spin_until(setting, || slot.done.load(Ordering::Acquire));
        let mut state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            match std::mem::replace(&mut *state, State::Taken) {
                State::Done(result) => {
                    if !spun && setting == SPIN_AUTO {
                        learn_wait(started.elapsed());
                    }
                    return result;
                }
                waiting => *state = waiting,
            }
            state = slot.ready.wait(state).unwrap_or_else(|e| e.into_inner());
        }
    }
}

impl<T, E: From<Error>> Future for Call<T, E> {
    type Output = Result<T, E>;

    fn poll(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<Self::Output> {
        let this = self.get_mut();
        let Some(slot) = &this.slot else {
            return Poll::Ready(Err(E::from(this.early.take().unwrap_or(Error::Closed))));
        };
        let mut state = slot.state.lock().unwrap_or_else(|e| e.into_inner());
        match std::mem::replace(&mut *state, State::Taken) {
            State::Done(result) => Poll::Ready(result),
            State::Waiting(_) => {
                *state = State::Waiting(Some(cx.waker().clone()));
                Poll::Pending
            }
            State::Taken => {
                Poll::Ready(Err(E::from(Error::Binding("polled after completion".into()))))
            }
        }
    }
}

// SAFETY: the slot is shared through Arc and guarded by its mutex.
unsafe impl<T: Send> Send for Call<T> {}

pub(crate) type ListenerFn = dyn Fn(*const c_void) + Send + Sync;

/// The listener callback: `user_data` is a raw `Arc<Box<ListenerFn>>`
/// owned by the [`Subscription`]; it is held for the length of the call.
pub(crate) unsafe extern "C" fn on_event(
    _ret: c_int,
    msg: *const c_void,
    _len: usize,
    user_data: *mut c_void,
) {
    let raw = user_data as *const Box<ListenerFn>;
    Arc::increment_strong_count(raw);
    let listener = Arc::from_raw(raw);
    if catch_unwind(AssertUnwindSafe(|| listener(msg))).is_err() {
        eprintln!("{LIB}: an event listener panicked (the panic was contained)");
    }
}

/// An event subscription: dropping it unsubscribes. Once the drop returns
/// the listener is not running (unless the drop happens inside it) and
/// never runs again.
#[must_use = "dropping a Subscription unsubscribes at once"]
pub struct Subscription {
    ctx: Ctx,
    id: u64,
    listener: *const Box<ListenerFn>,
    remove: unsafe extern "C" fn(*mut c_void, u64) -> c_int,
}

// SAFETY: the listener is Send + Sync and the context is a checked handle.
unsafe impl Send for Subscription {}
unsafe impl Sync for Subscription {}

impl Subscription {
    pub(crate) fn new(
        ctx: Ctx,
        event: &CStr,
        listener: Box<ListenerFn>,
        add: unsafe extern "C" fn(
            *mut c_void,
            *const c_char,
            ffi::ffidl_callback,
            *mut c_void,
        ) -> u64,
        remove: unsafe extern "C" fn(*mut c_void, u64) -> c_int,
    ) -> Subscription {
        let listener = Arc::into_raw(Arc::new(listener));
        // SAFETY: the C library keeps user_data until remove.
        let id = unsafe { add(ctx.0, event.as_ptr(), Some(on_event), listener as *mut c_void) };
        Subscription { ctx, id, listener, remove }
    }

    /// False if the client was closed when subscribing: nothing will come.
    pub fn is_active(&self) -> bool {
        self.id != 0
    }
}

impl Drop for Subscription {
    fn drop(&mut self) {
        // SAFETY: after remove the library never passes the pointer again;
        // a listener running right now holds its own reference.
        unsafe {
            if self.id != 0 {
                (self.remove)(self.ctx.0, self.id);
            }
            drop(Arc::from_raw(self.listener));
        }
    }
}

/// Err if the loaded library does not serve every function this crate was
/// generated with, unchanged (it may have more): a mismatched library is
/// refused before any call reaches it. Checked once.
pub(crate) fn check_abi() -> Result<(), Error> {
    static CHECKED: std::sync::OnceLock<Result<(), Error>> = std::sync::OnceLock::new();
    CHECKED
        .get_or_init(|| {
            let mut version: *const c_char = std::ptr::null();
            // SAFETY: the library stores a static string's address in version.
            let loaded = unsafe { ffi::ffidllib_abi_hash(&mut version) };
            if loaded == ffi::ABI_HASH {
                return Ok(());
            }
            let names: Vec<*const c_char> =
                ffi::ABI_DECLS.iter().map(|(name, _)| name.as_ptr() as *const c_char).collect();
            let hashes: Vec<u64> = ffi::ABI_DECLS.iter().map(|(_, hash)| *hash).collect();
            // SAFETY: names are NUL-terminated statics; both arrays hold n entries.
            let rc =
                unsafe { ffi::ffidllib_abi_check(names.as_ptr(), hashes.as_ptr(), names.len()) };
            if rc == ffi::FFIDL_OK {
                return Ok(());
            }
            // SAFETY: a NUL-terminated string, read on the thread that failed.
            let what = unsafe { CStr::from_ptr(ffi::ffidllib_last_error()) }.to_string_lossy();
            let version = if version.is_null() {
                String::new()
            } else {
                // SAFETY: a NUL-terminated static string.
                unsafe { CStr::from_ptr(version) }.to_string_lossy().into_owned()
            };
            Err(Error::Library(format!(
                "this crate was generated from {LIB} {} (ABI hash {:016x}) but the loaded \
                 library is {LIB} {version} (ABI hash {loaded:016x}): {what}; regenerate the \
                 crate from the library's schema",
                ffi::SCHEMA_VERSION,
                ffi::ABI_HASH
            )))
        })
        .clone()
}

/// Writes a host fn's answer (a result or a typed error) into the arena:
/// the pointer and length host_complete takes.
pub(crate) type Answer<T> = fn(T, &mut Arena) -> Result<(*const c_void, usize), Error>;

/// How a host call's job failed: with a message (FFIDL_ERR), or by raising
/// a typed error lowered into the arena (FFIDL_ERR_TYPED).
pub(crate) enum HostFailure {
    Message(String),
    Raised(*const c_void, usize),
}

impl From<String> for HostFailure {
    fn from(msg: String) -> Self {
        HostFailure::Message(msg)
    }
}

impl HostFailure {
    /// A raising host function's `Err`: its typed error lowered by `lower`
    /// (an answer_ conversion), or the call error's text.
    pub(crate) fn raised<E>(failure: Failure<E>, a: &mut Arena, lower: Answer<E>) -> HostFailure {
        match failure {
            Failure::Raised(e) => match lower(e, a) {
                Ok((p, n)) => HostFailure::Raised(p, n),
                Err(e) => HostFailure::Message(e.to_string()),
            },
            Failure::Call(Error::Library(msg)) => HostFailure::Message(msg),
            Failure::Call(e) => HostFailure::Message(e.to_string()),
        }
    }
}

/// Runs one host call's job off the library thread and answers it.
pub(crate) type HostJob =
    Box<dyn FnOnce(&mut Arena) -> Result<(*const c_void, usize), HostFailure> + Send>;
/// Decodes a host call's arguments (on the library thread) into a job.
pub(crate) type HostFn = dyn Fn(*const c_void) -> HostJob + Send + Sync;

pub(crate) struct Host {
    ctx: Ctx,
    accept: Box<HostFn>,
    complete: unsafe extern "C" fn(*mut c_void, u64, c_int, *const c_void, usize) -> c_int,
    workers: Arc<Workers>,
}

/// At most this many threads run one host function's calls at once; more
/// calls wait for a free one.
const MAX_HOST_WORKERS: usize = 4;

type Job = Box<dyn FnOnce() + Send>;

/// The threads that run a host function's calls: started on demand, at most
/// MAX_HOST_WORKERS, each ending after a second without work.
#[derive(Default)]
pub(crate) struct Workers {
    state: Mutex<WorkerState>,
    wake: Condvar,
}

#[derive(Default)]
struct WorkerState {
    jobs: VecDeque<Job>,
    threads: usize,
    idle: usize,
}

impl Workers {
    /// Queues `job`; gives it back if no thread can run it (none could be
    /// started), so the caller can answer the call with an error.
    fn run(self: &Arc<Self>, job: Job) -> Result<(), Job> {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.jobs.push_back(job);
        if st.idle > 0 {
            self.wake.notify_one();
            return Ok(());
        }
        if st.threads >= MAX_HOST_WORKERS {
            return Ok(()); // a busy worker takes it next
        }
        st.threads += 1;
        drop(st);
        let me = Arc::clone(self);
        let spawned =
            std::thread::Builder::new().name("ffidl-host".into()).spawn(move || me.work());
        if spawned.is_ok() {
            return Ok(());
        }
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        st.threads -= 1;
        if st.threads > 0 {
            return Ok(()); // another worker will get to it
        }
        Err(st.jobs.pop_back().expect("the job just queued"))
    }

    fn work(self: Arc<Self>) {
        let mut st = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if let Some(job) = st.jobs.pop_front() {
                drop(st);
                job();
                st = self.state.lock().unwrap_or_else(|e| e.into_inner());
                continue;
            }
            st.idle += 1;
            let (guard, waited) = self
                .wake
                .wait_timeout(st, Duration::from_secs(1))
                .unwrap_or_else(|e| e.into_inner());
            st = guard;
            st.idle -= 1;
            if waited.timed_out() && st.jobs.is_empty() {
                st.threads -= 1;
                return;
            }
        }
    }
}

unsafe extern "C" fn on_host(
    call_id: u64,
    req: *const c_void,
    _len: usize,
    user_data: *mut c_void,
) {
    let raw = user_data as *const Host;
    Arc::increment_strong_count(raw);
    let host = Arc::from_raw(raw);
    let job = match catch_unwind(AssertUnwindSafe(|| (host.accept)(req))) {
        Ok(job) => job,
        Err(_) => {
            Box::new(|_: &mut Arena| Err("decoding the arguments panicked".to_string().into()))
        }
    };
    let (ctx, complete) = (host.ctx, host.complete);
    let run: Job = Box::new(move || {
        let ctx = ctx;
        let mut arena = Arena::default();
        let answer = catch_unwind(AssertUnwindSafe(|| job(&mut arena))).unwrap_or_else(|panic| {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(HostFailure::Message(format!("host function panicked: {what}")))
        });
        // SAFETY: the library copies msg before returning; a gone context
        // answers FFIDL_ERR, which leaves nothing to do.
        unsafe {
            match answer {
                Ok((p, n)) => complete(ctx.0, call_id, ffi::FFIDL_OK, p, n),
                Err(HostFailure::Raised(p, n)) => {
                    complete(ctx.0, call_id, ffi::FFIDL_ERR_TYPED, p, n)
                }
                Err(HostFailure::Message(msg)) => complete(
                    ctx.0,
                    call_id,
                    ffi::FFIDL_ERR,
                    msg.as_ptr() as *const c_void,
                    msg.len(),
                ),
            };
        }
    });
    if host.workers.run(run).is_err() {
        // No thread could be started: answer now rather than never (and
        // never panic across this extern "C" function).
        let msg = "host function not run: no thread could be started";
        // SAFETY: as above.
        unsafe {
            complete(ctx.0, call_id, ffi::FFIDL_ERR, msg.as_ptr() as *const c_void, msg.len());
        }
    }
}

/// The host functions a client registered: freed after its context.
pub(crate) struct Hosts(Mutex<Vec<*const Host>>);

// SAFETY: Host is Send + Sync; the pointers are raw Arcs.
unsafe impl Send for Hosts {}
unsafe impl Sync for Hosts {}

impl Hosts {
    pub(crate) fn new() -> Hosts {
        Hosts(Mutex::new(Vec::new()))
    }

    pub(crate) fn register(
        &self,
        ctx: Ctx,
        name: &CStr,
        accept: Box<HostFn>,
        register: unsafe extern "C" fn(
            *mut c_void,
            *const c_char,
            ffi::ffidl_host_fn,
            *mut c_void,
        ) -> c_int,
        complete: unsafe extern "C" fn(*mut c_void, u64, c_int, *const c_void, usize) -> c_int,
    ) -> Result<(), Error> {
        let workers = Arc::new(Workers::default());
        let host = Arc::into_raw(Arc::new(Host { ctx, accept, complete, workers }));
        // SAFETY: the library keeps user_data until the context is destroyed.
        let rc = unsafe { register(ctx.0, name.as_ptr(), Some(on_host), host as *mut c_void) };
        if rc != ffi::FFIDL_OK {
            // SAFETY: not registered, so never passed to on_host.
            unsafe { drop(Arc::from_raw(host)) };
            return Err(Error::Closed);
        }
        self.0.lock().unwrap_or_else(|e| e.into_inner()).push(host);
        Ok(())
    }

    /// Only once the context is destroyed: nothing calls on_host any more.
    pub(crate) fn release(&self) {
        for host in self.0.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            // SAFETY: each pointer came from Arc::into_raw in register.
            unsafe { drop(Arc::from_raw(host)) };
        }
    }
}
