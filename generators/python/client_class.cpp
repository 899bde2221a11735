// client.py's Client: opening the context (the ctor, or its `_paused` form
// when a setup function registers host functions and listeners first),
// closing it, its procs, events, host functions and settings.
#include "python/backend.hpp"

namespace ffidl::gen::python {

namespace {

/// Client's own methods: a proc of that name gets a trailing `_`.
const std::set<std::string> kClientTaken = {"close", "dropped_events", "set_wait_spin",
                                            "live_objects"};

}  // namespace

void PyGen::client_class(Emitter& e) const {
  const model::Func& ctor = *m_.ctor;
  e.print("\n\nclass Client:");
  auto in = e.scope();
  docstring(e, m_.library.doc,
            {"A context of the " + lib_ +
             " library: its own event loop, objects, listeners and\n"
             "host functions. Making one runs the library's ctor and waits for it;\n"
             "`setup`, if given, runs first (on the new client, before the ctor: set the\n"
             "host functions and listeners the ctor may need there). Close it with\n"
             "close() or by leaving a `with` block. Every method may be called from any\n"
             "thread."});
  std::vector<std::string> sig = {"self"};
  for (const model::Field& p : ctor.params)
    sig.push_back(param(p) + ": " + hint(p.type));
  sig.push_back("*");
  sig.push_back("setup: Optional[Callable[[Client], None]] = None");
  e.print("\n$d$", {{"d", layout("def __init__", sig, " -> None:", 1)}});
  {
    auto body = e.scope();
    e.emit(R"py(
        self._lock = threading.Lock()
        self._ctx: Optional[int] = None
        self._raw = 0
        self._listeners = _support.Dispatcher()
        self._hosts: Optional[_support.HostPool] = None
        )py");
    std::map<std::string, std::string> args = c_args(e, ctor, false);
    e.print("$c$",
            {{"c", layout("_support.open_context",
                          {"self", start(exports::native_form(table_, ctor), args, ""),
                           start(exports::native_form(table_, ctor, true), args, ""), "setup",
                           "_ffi." + exports::find(table_, exports::Kind::run_ctor)->symbol},
                          "", 2)}});
  }
  client_runtime(e);
  for (const model::Func& f : m_.procs) {
    if (f.member == model::Member::none && c_abi::native(f))
      call_pair(e, f, ident(f.name.snake, kClientTaken), Home::client);
  }
  for (const model::Func& ev : m_.events) {
    if (c_abi::native(ev)) event(e, ev);
  }
  for (const model::Func& h : m_.hosts) {
    if (c_abi::native(h)) host(e, h);
  }
}

/// close(), the context manager, and the context's settings.
void PyGen::client_runtime(Emitter& e) const {
  e.emit(R"py(

      def _c(self) -> int:
          ctx = self._ctx
          if ctx is None:
              raise _support.ClosedError("$lib$: the client is closed")
          return ctx

      def _opened(self, ctx: int) -> None:
          self._ctx = self._raw = ctx
          # A client nobody holds any more is closed when it is collected.
          self._finalizer = weakref.finalize(
              self,
              _support.destroy_unreferenced,
              _ffi.$destroy$,
              _ffi.$on_lib$,
              ctx,
          )
          self._finalizer.atexit = False

      def close(self) -> None:
          """Destroys the context: calls still waiting fail, running handlers get a
          bounded time to finish, listeners stop being called and the library's
          threads end. Later calls raise ClosedError; closing again does nothing."""
          with self._lock:
              ctx, self._ctx = self._ctx, None
          if ctx is None:
              return
          self._finalizer.detach()
          _ffi.$destroy$(ctx)
          self._listeners.stop()
          if self._hosts is not None:
              self._hosts.stop()
          _support.forget(self)

      def __enter__(self) -> Client:
          return self

      def __exit__(self, *exc: object) -> None:
          self.close()

      def dropped_events(self) -> int:
          """Events listeners never saw because they fell too far behind."""
          n: int = _ffi.$dropped$(self._raw)
          return n

      def set_wait_spin(self, spin_ns: int) -> None:
          """How long blocking calls on this context spin before they sleep:
          SPIN_AUTO (the default, adaptive), SPIN_OFF, or nanoseconds."""
          if _ffi.$spin$(self._c(), spin_ns) != _support.FFIDL_OK:
              raise _support.refused(_support.FFIDL_ERR)
      )py",
         {{"lib", lib_},
          {"destroy", exports::find(table_, exports::Kind::dtor)->symbol},
          {"on_lib", exports::find(table_, exports::Kind::is_library_thread)->symbol},
          {"dropped", exports::find(table_, exports::Kind::dropped_events)->symbol},
          {"spin", exports::find(table_, exports::Kind::set_wait_spin)->symbol}});
  if (const exports::Export* complete = exports::find(table_, exports::Kind::host_complete)) {
    e.emit(R"py(

        def _host_pool(self) -> _support.HostPool:
            with self._lock:
                if self._hosts is None:
                    self._hosts = _support.HostPool(_ffi.$complete$, self._c())
                return self._hosts
        )py",
           {{"complete", complete->symbol}});
  }
  if (const exports::Export* live = exports::find(table_, exports::Kind::live_objects)) {
    e.emit(R"py(

        def live_objects(self) -> int:
            """How many objects of this context are alive (held by anyone)."""
            n: int = _ffi.$live$(self._raw)
            return n
        )py",
           {{"live", live->symbol}});
  }
}

}  // namespace ffidl::gen::python
