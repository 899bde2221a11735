# Template of <lib>/_support.py, the support module every generated Python
# package carries (it has no dependencies, so it cannot share a runtime
# package). ffidlc embeds this file, drops this comment and puts its own
# "Generated" line first, and replaces the placeholder ffidllib (the
# library's C prefix).
#
# It holds what every library's binding needs and no schema decides: loading
# the shared library, the one ctypes callback every call answers through and
# the waiting behind blocking and asyncio calls, the threads listeners and
# host functions run on, conversions of strings, bytes and numbers, and the
# exception classes.
"""Support code shared by the generated binding: not part of the API."""

from __future__ import annotations

import asyncio
import atexit
import ctypes
import itertools
import os
import queue
import struct
import sys
import threading
import time
import traceback
import weakref
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, TypeVar

LIB = "ffidllib"

T = TypeVar("T")

FFIDL_OK = 0
FFIDL_ERR = 1
FFIDL_MISSING_CALLBACK = 2
FFIDL_STALE_WARN = 3
FFIDL_ERR_TYPED = 4

#: `Client.set_wait_spin` values: adaptive spinning (the default), or none.
SPIN_AUTO = -1
SPIN_OFF = 0

#: ffidl_callback and ffidl_host_fn.
CALLBACK = ctypes.CFUNCTYPE(
    None, ctypes.c_int, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p
)
HOST_FN = ctypes.CFUNCTYPE(
    None, ctypes.c_uint64, ctypes.c_void_p, ctypes.c_size_t, ctypes.c_void_p
)


class Error(Exception):
    """Base of every exception this package raises, typed errors included."""


class LibraryError(Error):
    """The library reported a failure: its handler (or constructor) failed
    with this message, or it refused the call."""


class ClosedError(Error):
    """The client (or the object) is closed: nothing was done."""


class BindingError(Error):
    """A value could not be converted: a string with a NUL character, an
    integer out of its type's range, an enum value this binding does not
    know, a list whose elements are not all of its type."""


# ---- loading ----


def load(here: str) -> ctypes.CDLL:
    """Loads lib<lib>.so from $<LIB>_LIB_DIR, from beside the package (its own
    directory, the folder holding it, and the one above, where ffidlc
    generates the package next to the built library), or the system's
    library path, in that order."""
    name = "lib" + LIB + ".so"
    package = os.path.dirname(os.path.abspath(here))
    places: List[str] = []
    env = os.environ.get(LIB.upper() + "_LIB_DIR")
    if env:
        places.append(os.path.join(env, name))
    for d in (package, os.path.dirname(package), os.path.dirname(os.path.dirname(package))):
        places.append(os.path.join(d, name))
    for path in places:
        if os.path.exists(path):
            return ctypes.CDLL(path)
    try:
        return ctypes.CDLL(name)
    except OSError as e:
        raise ImportError(
            f"{LIB}: cannot load {name}: not in {', '.join(places)} nor on the system's "
            f"library path ({e}); set {LIB.upper()}_LIB_DIR to the directory that holds it"
        ) from None


def function(lib: ctypes.CDLL, name: str, result: Any, *params: Any) -> Any:
    """The exported function `name` with its C signature declared."""
    f = getattr(lib, name)
    f.restype = result
    f.argtypes = params
    return f


def check_abi(
    lib: ctypes.CDLL,
    decls: Sequence[Tuple[bytes, int]],
    abi_hash: int,
    schema_version: str,
) -> None:
    """Raises ImportError unless the loaded library has every function this
    package was generated with, unchanged (it may have more)."""
    version = ctypes.c_char_p()
    loaded = function(lib, LIB + "_abi_hash", ctypes.c_uint64, ctypes.POINTER(ctypes.c_char_p))
    have = loaded(ctypes.byref(version))
    if have == abi_hash:
        return
    check = function(
        lib,
        LIB + "_abi_check",
        ctypes.c_int,
        ctypes.POINTER(ctypes.c_char_p),
        ctypes.POINTER(ctypes.c_uint64),
        ctypes.c_size_t,
    )
    names = (ctypes.c_char_p * len(decls))(*(n for n, _ in decls))
    hashes = (ctypes.c_uint64 * len(decls))(*(h for _, h in decls))
    if check(names, hashes, len(decls)) == FFIDL_OK:
        return
    last = function(lib, LIB + "_last_error", ctypes.c_char_p)
    what = (last() or b"").decode("utf-8", "replace")
    theirs = (version.value or b"").decode("utf-8", "replace")
    raise ImportError(
        f"this package was generated from {LIB} {schema_version} (ABI hash {abi_hash:016x}) "
        f"but the loaded library is {LIB} {theirs} (ABI hash {have:016x}): {what}; "
        "regenerate the package from the library's schema"
    )


# ---- values ----

_RANGES = {
    "i8": (-(1 << 7), (1 << 7) - 1),
    "i16": (-(1 << 15), (1 << 15) - 1),
    "i32": (-(1 << 31), (1 << 31) - 1),
    "i64": (-(1 << 63), (1 << 63) - 1),
    "u8": (0, (1 << 8) - 1),
    "u16": (0, (1 << 16) - 1),
    "u32": (0, (1 << 32) - 1),
    "u64": (0, (1 << 64) - 1),
}


def integer(value: int, kind: str) -> int:
    """`value` if it is an int in the range of `kind` ("u8", "i64", ...)."""
    low, high = _RANGES[kind]
    if not isinstance(value, int) or not low <= value <= high:
        raise BindingError(f"{value!r} is not a {kind}")
    return value


def text(value: str) -> bytes:
    """A str as the NUL-terminated UTF-8 the C ABI takes."""
    if not isinstance(value, str):
        raise BindingError(f"{type(value).__name__} is not a str")
    data = value.encode("utf-8", "surrogatepass")
    if b"\0" in data:
        raise BindingError("a string holds a NUL character, which C strings cannot carry")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise BindingError("a string holds a lone surrogate, which is not UTF-8") from None
    return data


def string(raw: Optional[bytes]) -> str:
    """A C string (NULL reads as "") as a str."""
    if raw is None:
        return ""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise BindingError(f"the library sent a string that is not UTF-8: {e}") from None


def string_n(msg: Optional[int], length: int) -> str:
    """`length` UTF-8 bytes at `msg` as a str."""
    return string(ctypes.string_at(msg, length) if msg else b"")


def bytes_at(p: Any, length: int) -> bytes:
    """`length` bytes at the pointer `p` (NULL when `length` is 0)."""
    if length == 0:
        return b""
    return ctypes.string_at(p, length)


def byte_array(value: bytes) -> Tuple[Any, int]:
    """bytes as a C array and its length."""
    if not isinstance(value, (bytes, bytearray, memoryview)):
        raise BindingError(f"{type(value).__name__} is not bytes")
    data = bytes(value)
    return (ctypes.c_uint8 * len(data)).from_buffer_copy(data), len(data)


def enum_value(enum: Callable[[int], T], name: str, value: int) -> T:
    """The int32 `value` as a member of `enum`."""
    try:
        return enum(value)
    except ValueError:
        raise BindingError(f"{value} is not a value of {name}") from None


def show_text(value: str) -> str:
    """A string field in a typed error's message: quoted, as every binding shows it."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def show_float(value: float, single: bool = False) -> str:
    """A float field in a typed error's message: the shortest %g text that
    reads back, as every binding shows it."""
    for digits in range(1, 10 if single else 18):
        shown = format(value, f".{digits}g")
        back = float(shown)
        if single:
            back = struct.unpack("f", struct.pack("f", back))[0]
        if back == value or (back != back and value != value):
            return shown
    return format(value, ".17g")


def show_bool(value: bool) -> str:
    return "true" if value else "false"


# ---- library threads ----

# ctypes runs a callback that arrives on a thread Python did not start in a
# thread state it makes for that one callback and deletes after it, which
# costs more than the rest of a call together (~75 us). The first callback on
# a library thread takes one more reference to its state, so the state lives
# on for the thread's later callbacks; once the thread has ended (its context
# closed), release_ended_threads() deletes it.
_api = ctypes.pythonapi
_api.PyGILState_Ensure.restype = ctypes.c_int
_api.PyGILState_GetThisThreadState.restype = ctypes.c_void_p
_api.PyThreadState_Clear.argtypes = [ctypes.c_void_p]
_api.PyThreadState_Delete.argtypes = [ctypes.c_void_p]
_adopted_here = threading.local()
#: Native thread id -> the thread state kept for it.
_adopted: Dict[int, int] = {}
_adopted_lock = threading.Lock()
_TASKS = "/proc/self/task"


def _adopt() -> None:
    """Keeps this library thread's thread state (called first in every callback)."""
    if getattr(_adopted_here, "kept", False):
        return
    _adopted_here.kept = True
    ident = threading.get_ident()
    if any(t.ident == ident for t in threading.enumerate()):
        return  # a thread Python started (a callback run where a call was made): Python's own
    _api.PyGILState_Ensure()
    with _adopted_lock:
        _adopted[threading.get_native_id()] = _api.PyGILState_GetThisThreadState()


def release_ended_threads() -> None:
    """Deletes the kept thread states of library threads that have ended
    (where the system says which: Linux's /proc; elsewhere they are kept)."""
    if not os.path.isdir(_TASKS):
        return
    with _adopted_lock:
        ended = [tid for tid in _adopted if not os.path.exists(f"{_TASKS}/{tid}")]
        states = [_adopted.pop(tid) for tid in ended]
    for state in states:
        _api.PyThreadState_Clear(state)
        _api.PyThreadState_Delete(state)


def kept_thread_states() -> int:
    """How many library threads' states are kept (for tests)."""
    with _adopted_lock:
        return len(_adopted)


# ---- calls ----

_decoding = threading.local()


def decoding_client() -> Any:
    """The client whose answer this thread is decoding: objects in it take
    their references in that client's context."""
    return _decoding.client


class _Pending:
    """One call in flight: how to decode its answer, and who waits for it."""

    __slots__ = ("decode", "client", "lock", "value", "error", "loop", "future")

    def __init__(self, decode: Callable[[int, Optional[int], int], Any], client: Any) -> None:
        self.decode = decode
        self.client = client
        self.lock: Optional[Any] = None
        self.value: Any = None
        self.error: Optional[BaseException] = None
        self.loop: Optional[asyncio.AbstractEventLoop] = None
        self.future: Optional["asyncio.Future[Any]"] = None


_pending: Dict[int, _Pending] = {}
_ids = itertools.count(1)
#: Set once the interpreter exits: calls are refused from then on, so that
#: the exit can wait for the answers of those in flight (see _close_all).
_exiting = False
_gate = threading.Lock()


def _register(p: _Pending) -> int:
    with _gate:
        if _exiting:
            raise ClosedError(f"{LIB}: the interpreter is exiting")
        uid = next(_ids)
        _pending[uid] = p
    return uid


def _settle(future: "asyncio.Future[Any]", value: Any, error: Optional[BaseException]) -> None:
    if future.cancelled():
        return
    if error is not None:
        future.set_exception(error)
    else:
        future.set_result(value)


def _answer(ret: int, msg: Optional[int], length: int, user_data: Optional[int]) -> None:
    """Every call's answer, on a library thread: decodes it there (msg is
    valid only now) and hands it to the waiting thread or event loop. No
    user code runs here."""
    _adopt()
    if ret == FFIDL_STALE_WARN:
        return
    p = _pending.pop(user_data or 0, None)
    if p is None:
        return
    _decoding.client = p.client
    try:
        p.value = p.decode(ret, msg, length)
    except BaseException as e:  # delivered to the caller, never lost here
        p.error = e
    finally:
        _decoding.client = None
    if p.lock is not None:
        p.lock.release()
        return
    if p.loop is not None and p.future is not None:
        _inbox(p.loop).put(p.future, p.value, p.error)


class _Inbox:
    """The answers waiting for one event loop. Answers that arrive while the
    loop has not yet run the last wake-up join it, so a burst of answers
    costs one call_soon_threadsafe (one write to the loop's self-pipe)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self._lock = threading.Lock()
        self._items: List[Tuple["asyncio.Future[Any]", Any, Optional[BaseException]]] = []
        self._scheduled = False

    def put(
        self, future: "asyncio.Future[Any]", value: Any, error: Optional[BaseException]
    ) -> None:
        with self._lock:
            self._items.append((future, value, error))
            if self._scheduled:
                return
            self._scheduled = True
        try:
            self._loop.call_soon_threadsafe(self._drain)
        except RuntimeError:  # the loop is closed: nobody awaits these answers
            with self._lock:
                self._items.clear()
                self._scheduled = False

    def _drain(self) -> None:
        with self._lock:
            items, self._items = self._items, []
            self._scheduled = False
        for future, value, error in items:
            _settle(future, value, error)


_inboxes: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, _Inbox]" = (
    weakref.WeakKeyDictionary()
)
_inboxes_lock = threading.Lock()


def _inbox(loop: asyncio.AbstractEventLoop) -> _Inbox:
    inbox = _inboxes.get(loop)
    if inbox is None:
        with _inboxes_lock:
            inbox = _inboxes.setdefault(loop, _Inbox(loop))
    return inbox


_ANSWER = CALLBACK(_answer)

_last_error: Callable[[], Optional[bytes]] = lambda: None


def set_last_error(f: Callable[[], Optional[bytes]]) -> None:
    global _last_error
    _last_error = f


def refused(rc: int) -> Error:
    """The error for a call the library did not accept (rc is not FFIDL_OK)."""
    why = (_last_error() or b"").decode("utf-8", "replace")
    if rc == FFIDL_MISSING_CALLBACK:
        why = why or "a required callback was missing"
    return LibraryError(why or f"the call was refused ({rc})")


def outcome(
    ret: int,
    msg: Optional[int],
    length: int,
    ok: Callable[[Optional[int], int], T],
    raised: Optional[Callable[[Optional[int]], BaseException]] = None,
) -> T:
    """An answer as its value, or the exception it stands for."""
    if ret == FFIDL_OK:
        return ok(msg, length)
    if ret == FFIDL_ERR_TYPED and raised is not None:
        raise raised(msg)
    raise LibraryError(string_n(msg, length) if ret == FFIDL_ERR else f"unexpected answer {ret}")


#: Passes the callback and user data to a C export; returns its code (the
#: exports are declared untyped, so Any).
Start = Callable[[Any, int], Any]
Decode = Callable[[int, Optional[int], int], T]


def _start(p: _Pending, start: Start) -> None:
    """Registers `p` and makes the call; a call the library refuses (or whose
    arguments fail to convert) raises, and its entry is gone."""
    uid = _register(p)
    try:
        rc = start(_ANSWER, uid)
    except BaseException:
        _pending.pop(uid, None)
        raise
    if rc != FFIDL_OK:
        _pending.pop(uid, None)
        raise refused(rc)


def call(start: Start, decode: Decode[T], client: Any = None) -> T:
    """Makes a call and waits for its answer with the GIL released. `start`
    passes the callback and user data to the C export and returns its code."""
    p = _Pending(decode, client)
    lock = threading.Lock()
    lock.acquire()
    p.lock = lock
    _start(p, start)
    lock.acquire()
    if p.error is not None:
        raise p.error
    value: T = p.value
    return value


async def call_async(start: Start, decode: Decode[T], client: Any = None) -> T:
    """Makes a call and awaits its answer on the running event loop.
    Cancelling the awaiting task drops the answer (the library still
    finishes the call; an object in its answer is released)."""
    loop = asyncio.get_running_loop()
    future: "asyncio.Future[T]" = loop.create_future()
    p = _Pending(decode, client)
    p.loop = loop
    p.future = future
    _start(p, start)
    return await future


# ---- listeners and host functions ----


class Dispatcher:
    """The Python thread a client's listeners run on, one event at a time, in
    the order the library emitted them: the library's own threads never run
    user code. Started on first use; stopped when the client closes."""

    def __init__(self) -> None:
        self._queue: "queue.SimpleQueue[Optional[Callable[[], None]]]" = queue.SimpleQueue()
        self._thread: Optional[threading.Thread] = None
        self._lock = threading.Lock()
        self._stopped = False

    def post(self, job: Callable[[], None]) -> None:
        with self._lock:
            if self._stopped:
                return
            if self._thread is None:
                self._thread = threading.Thread(
                    target=self._run, name=f"{LIB}-listeners", daemon=True
                )
                self._thread.start()
        self._queue.put(job)

    def _run(self) -> None:
        while True:
            job = self._queue.get()
            if job is None or self._stopped:
                return
            try:
                job()
            except BaseException:  # a listener's failure must not stop the others
                print(f"{LIB}: an event listener raised:", file=sys.stderr)
                traceback.print_exc()

    def stop(self) -> None:
        """Ends the thread, dropping the events still queued (a closed client's
        listeners are not called any more; one running finishes); waits for
        it unless called from it (a listener closing its own client)."""
        with self._lock:
            thread, self._thread = self._thread, None
            self._stopped = True
        if thread is None:
            return
        self._queue.put(None)
        if thread is not threading.current_thread():
            thread.join()


class Listener:
    """One subscription's delivery: decodes the payload on the library thread
    and posts the listener's run to the client's dispatcher."""

    __slots__ = ("decode", "listener", "dispatcher", "client", "active")

    def __init__(
        self,
        decode: Callable[[Optional[int]], Any],
        listener: Callable[[Any], None],
        dispatcher: Dispatcher,
        client: Any,
    ) -> None:
        self.decode = decode
        self.listener = listener
        self.dispatcher = dispatcher
        self.client = client
        #: Cleared by unsubscribing: events already queued for the listener
        #: thread are not delivered any more.
        self.active = True

    def run(self, event: Any) -> None:
        if self.active:
            self.listener(event)


_listeners: Dict[int, Listener] = {}


def _deliver(ret: int, msg: Optional[int], length: int, user_data: Optional[int]) -> None:
    _adopt()
    entry = _listeners.get(user_data or 0)
    if entry is None or ret != FFIDL_OK:
        return
    _decoding.client = entry.client
    try:
        event = entry.decode(msg)
    except BaseException:
        print(f"{LIB}: an event could not be decoded:", file=sys.stderr)
        traceback.print_exc()
        return
    finally:
        _decoding.client = None
    run = entry.run
    entry.dispatcher.post(lambda: run(event))


_DELIVER = CALLBACK(_deliver)


class Subscription:
    """An event subscription: `close()` (or leaving a `with` block)
    unsubscribes; once it returns the listener is not called again."""

    def __init__(self, remove: Callable[[], None]) -> None:
        self._remove: Optional[Callable[[], None]] = remove

    def close(self) -> None:
        remove, self._remove = self._remove, None
        if remove is not None:
            remove()

    def __enter__(self) -> "Subscription":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def subscribe(
    add: Callable[[Any, bytes, Any, int], int],
    remove: Callable[[Any, int], int],
    ctx: Any,
    event: bytes,
    entry: Listener,
) -> Subscription:
    uid = next(_ids)
    _listeners[uid] = entry
    listener_id = add(ctx, event, _DELIVER, uid)
    if listener_id == 0:
        _listeners.pop(uid, None)
        raise refused(FFIDL_ERR)

    def unsubscribe() -> None:
        remove(ctx, listener_id)
        entry.active = False
        _listeners.pop(uid, None)

    return Subscription(unsubscribe)


#: At most this many threads run one client's host function calls at once.
MAX_HOST_WORKERS = 8


class Host:
    """One host function's implementation: decodes the library's request on
    the library thread, runs the Python function on the client's host
    threads, and answers through host_complete."""

    __slots__ = ("decode", "run", "pool", "client")

    def __init__(
        self,
        decode: Callable[[Optional[int]], Any],
        run: Callable[[Any], Tuple[int, Any, int, Any]],
        pool: "HostPool",
        client: Any,
    ) -> None:
        self.decode = decode
        self.run = run
        self.pool = pool
        self.client = client


class HostPool:
    """The threads a client's host functions run on (started on demand)."""

    def __init__(self, complete: Callable[[Any, int, int, Any, int], int], ctx: Any) -> None:
        self._complete = complete
        self._ctx = ctx
        self._pool: Optional[ThreadPoolExecutor] = None
        self._lock = threading.Lock()

    def submit(self, call_id: int, job: Callable[[], Tuple[int, Any, int, Any]]) -> None:
        with self._lock:
            if self._pool is None:
                self._pool = ThreadPoolExecutor(MAX_HOST_WORKERS, f"{LIB}-host")
            pool = self._pool
        try:
            pool.submit(self._answer, call_id, job)
        except RuntimeError:  # shut down: the context is going, its calls fail anyway
            pass

    def _answer(self, call_id: int, job: Callable[[], Tuple[int, Any, int, Any]]) -> None:
        try:
            answer = job()  # holds the C value until host_complete copied it
        except BaseException as e:
            why = str(e) or type(e).__name__
            data = why.replace("\0", "\\0").encode("utf-8", "replace")
            answer = FFIDL_ERR, data, len(data), data
        self._complete(self._ctx, call_id, answer[0], answer[1], answer[2])

    def stop(self) -> None:
        with self._lock:
            pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)


_hosts: Dict[int, Host] = {}


def _host(call_id: int, req: Optional[int], length: int, user_data: Optional[int]) -> None:
    _adopt()
    entry = _hosts.get(user_data or 0)
    if entry is None:
        return
    _decoding.client = entry.client
    try:
        args: Any = entry.decode(req)
        failed: Optional[BaseException] = None
    except BaseException as e:
        args, failed = None, e
    finally:
        _decoding.client = None
    run = entry.run

    def job() -> Tuple[int, Any, int, Any]:
        if failed is not None:
            raise failed
        return run(args)

    entry.pool.submit(call_id, job)


_HOST = HOST_FN(_host)


def register_host(
    register: Callable[[Any, bytes, Any, int], int], ctx: Any, name: bytes, entry: Host
) -> None:
    uid = next(_ids)
    _hosts[uid] = entry
    if register(ctx, name, _HOST, uid) != FFIDL_OK:
        _hosts.pop(uid, None)
        raise refused(FFIDL_ERR)


def forget(client: Any) -> None:
    """Drops the listener and host entries of a closed client, and the thread
    states of the library threads its closing ended."""
    for uid, entry in list(_listeners.items()):
        if entry.client is client:
            entry.active = False
            _listeners.pop(uid, None)
    for uid in [uid for uid, host in list(_hosts.items()) if host.client is client]:
        _hosts.pop(uid, None)
    _open.discard(client)
    release_ended_threads()


# ---- contexts ----

#: The clients not closed yet: closed at exit, so that no library thread
#: calls into an interpreter that is shutting down.
_open: "weakref.WeakSet[Any]" = weakref.WeakSet()


#: How long the exit waits for the answers of calls in flight.
EXIT_DRAIN_SECONDS = 10.0


@atexit.register
def _close_all() -> None:
    """At exit, before the interpreter finalizes: refuses new calls, closes
    every open client (their queued calls fail, their listeners and host
    functions stop) and waits, bounded, for the answers of calls still in
    flight (static procs have no client to close). A library thread that
    called into a finalizing interpreter would be stopped mid-call."""
    global _exiting
    with _gate:
        _exiting = True
    for client in list(_open):
        client.close()
    deadline = time.monotonic() + EXIT_DRAIN_SECONDS
    while _pending and time.monotonic() < deadline:
        time.sleep(0.001)


def destroy_unreferenced(destroy: Any, on_library_thread: Any, ctx: int) -> None:
    """Closes the context of a client collected without close(): such a
    client has no listener, host function, object or call in flight (each
    holds it). Collection may happen on a library thread (in a callback),
    where destroy would wait for itself: then a helper thread destroys."""

    def run() -> None:
        destroy(ctx)
        release_ended_threads()

    if on_library_thread(ctx):
        threading.Thread(target=run, name=f"{LIB}-close", daemon=True).start()
    else:
        run()


def open_context(
    client: Any,
    create: Start,
    create_paused: Start,
    setup: Optional[Callable[[Any], None]],
    run_ctor: Callable[[int], Any],
) -> None:
    """Makes `client`'s context with `create` (the ctor's export), or with
    `create_paused` when there is a `setup` to run before the ctor starts, and
    waits for the ctor. A failed ctor closes the context and raises."""
    p = _Pending(lambda ret, msg, n: outcome(ret, msg, n, lambda m, k: None), None)
    lock = threading.Lock()
    lock.acquire()
    p.lock = lock
    uid = _register(p)
    ctx = (create if setup is None else create_paused)(_ANSWER, uid)
    if not ctx:
        _pending.pop(uid, None)
        raise refused(FFIDL_ERR)
    client._opened(ctx)
    _open.add(client)
    if setup is not None:
        try:
            setup(client)
            if run_ctor(ctx) != FFIDL_OK:
                raise refused(FFIDL_ERR)
        except BaseException:
            client.close()  # destroying a paused context answers its ctor: nobody waits
            raise
    lock.acquire()
    if p.error is not None:
        client.close()
        raise p.error


def answer_value(value: Any, size: int) -> Tuple[int, Any, int, Any]:
    """A host function's result as host_complete takes it: FFIDL_OK and the
    C value (kept alive until the library copied it)."""
    return FFIDL_OK, ctypes.addressof(value), size, value


def answer_text(value: str) -> Tuple[int, Any, int, Any]:
    data = text(value)
    return FFIDL_OK, data, len(data), data


def answer_bytes(value: bytes) -> Tuple[int, Any, int, Any]:
    array, n = byte_array(value)
    return FFIDL_OK, ctypes.addressof(array), n, array


def answer_raised(value: Any, size: int) -> Tuple[int, Any, int, Any]:
    return FFIDL_ERR_TYPED, ctypes.addressof(value), size, value
