// client.py: the Client (a context: its ctor, procs, events, host
// functions), the object classes, and the static procs as module functions.
// Every call has a blocking form and an `_async` one, both over
// _support.call: the blocking form waits with the GIL released.
#include "python/backend.hpp"

namespace ffidl::gen::python {

namespace {

/// A local's first value when an optional leaves it unset.
std::string zero(const c_abi::CType& t) {
  using B = c_abi::CType::Base;
  if (t.pointers > 0) return "None";
  if (t.base == B::boolean) return "False";
  if (t.base == B::f32 || t.base == B::f64) return "0.0";
  if (t.base == B::named) return "_ffi." + t.name + "()";
  return "0";
}

/// Methods of every object class: a proc of that name gets a trailing `_`.
const std::set<std::string> kObjectTaken = {"close"};

}  // namespace

std::map<std::string, std::string> PyGen::c_args(Emitter& e, const model::Func& f,
                                                 bool receiver) const {
  std::map<std::string, std::string> args;
  Lower lower(*this, e, "_convert.");
  for (const model::Field& p : f.params) {
    const model::Type* t = p.type;
    const std::string& name = p.name.snake;
    std::string n = param(p), local = "_" + name;
    if (receiver && &p == &f.params.front()) n = "self";  // the object's own method
    switch (lowering::passing(t)) {
      case lowering::Passing::value:
        args[name] = lower.expr(t, n);
        continue;
      case lowering::Passing::pointer:
        e.print("$l$ = $c$()", {{"l", local}, {"c", c_elem(t)}});
        lowering::lower(t, n, lowering::element(t, local, local), lower);
        args[name] = local;
        continue;
      case lowering::Passing::optional_pointer:
        // Absent: a null pointer (lowering::Passing::optional_pointer).
        e.print("$l$ = None\nif $n$ is not None:\n    $l$ = $c$()",
                {{"l", local}, {"n", n}, {"c", c_elem(t->elem)}});
        {
          auto in = e.scope();
          lowering::lower(t->elem, n, lowering::element(t->elem, local, local), lower);
        }
        args["has_" + name] = n + " is not None";
        args[name] = local;
        continue;
      case lowering::Passing::members:
        break;
    }
    if (single_value(t)) {
      e.print("$l$ = $x$", {{"l", local}, {"x", lower.expr(t, n)}});
      args[name] = local;
      continue;
    }
    for (const c_abi::Member& mem : c_abi::param_members(m_, t, name)) {
      if (t->kind == TypeKind::optional)
        e.print("_$m$ = $z$", {{"m", mem.name}, {"z", zero(mem.type)}});
      args[mem.name] = "_" + mem.name;
    }
    lowering::lower(t, n, lowering::field("_", name), lower);
  }
  return args;
}

std::string PyGen::start(const exports::Export& row, const std::map<std::string, std::string>& args,
                         const std::string& ctx) const {
  const std::vector<std::string> spelled =
      exports::call_args(row, [&](const exports::Param& p) -> std::string {
        switch (p.role) {
          case exports::Role::ctx:
            return ctx;
          case exports::Role::callback:
            return "ffidl_cb";
          case exports::Role::user_data:
            return "ffidl_ud";
          case exports::Role::argument:
            return args.at(p.name);
          default:
            throw std::logic_error("python: a native call has no " + p.name);
        }
      });
  // Generated names start with `ffidl`, which no schema name may.
  return layout("lambda ffidl_cb, ffidl_ud: _ffi." + row.symbol, spelled, "", 3);
}

void PyGen::call_pair(Emitter& e, const model::Func& f, const std::string& name, Home home) const {
  const bool receiver = home == Home::object;
  const bool is_static = home == Home::module;
  const bool ctor = f.member == model::Member::ctor;
  const exports::Export& row = exports::native_form(table_, f);
  const std::string ctx = is_static ? "" : "ffidl_ctx";
  // The Client whose context is called (and whose objects an answer holds).
  const std::string owner = ctor ? "client" : receiver ? "self._client" : "self";
  const std::string result = result_hint(f);
  std::vector<std::string> sig_params;
  if (ctor)
    sig_params = {"cls", "client: Client"};
  else if (!is_static)
    sig_params = {"self"};
  for (std::size_t i = receiver ? 1 : 0; i < f.params.size(); ++i)
    sig_params.push_back(param(f.params[i]) + ": " + hint(f.params[i].type));
  for (bool async : {false, true}) {
    // Two blank lines between module functions, one between methods.
    e.print(is_static ? "\n\n" : "\n");
    if (ctor) e.print("@classmethod");
    e.print(
        "$d$",
        {{"d", layout(std::string(async ? "async " : "") + "def " + name + (async ? "_async" : ""),
                      sig_params, " -> " + result + ":", is_static ? 0 : 1)}});
    auto in = e.scope();
    std::vector<std::string> extra;
    if (f.raises)
      extra.push_back("Raises " + hint(f.raises) + " (one of its variants) when the library does.");
    if (async) {
      docstring(e, {},
                {"As " + name +
                 "(), awaited on the running event loop. Cancelling the "
                 "awaiting task abandons the answer (the call itself still runs)."});
    } else {
      docstring(e, f.doc, extra);
    }
    if (!is_static) e.print("ffidl_ctx = $o$._c()", {{"o", owner}});
    std::map<std::string, std::string> args = c_args(e, f, receiver);
    std::vector<std::string> call = {start(row, args, ctx), "_convert." + decoder(f)};
    if (!is_static) call.push_back(owner);
    std::string text =
        layout(std::string(async ? "await " : "") + "_support.call" + (async ? "_async" : ""), call,
               "", 2);
    e.print(f.result ? "return $c$" : "$c$", {{"c", text}});
  }
}

void PyGen::event(Emitter& e, const model::Func& ev) const {
  std::string hints;
  for (const model::Field& p : ev.params)
    hints += (hints.empty() ? "" : ", ") + hint(p.type);
  e.print("\n$d$", {{"d", layout("def on_" + ev.name.snake,
                                 {"self", "listener: Callable[[" + hints + "], None]"},
                                 " -> Subscription:", 1)}});
  auto in = e.scope();
  docstring(e, ev.doc,
            {"Subscribes `listener` to the `" + ev.name.snake +
             "` event; it is called with the event's\n"
             "parameters. Listeners run on a Python thread of this client, one event at\n"
             "a time, in emission order, never on the library's threads. Closing the\n"
             "returned Subscription unsubscribes."});
  e.emit(R"py(
      entry = _support.Listener(
          _convert.event_$n$, lambda args: listener(*args), self._listeners, self
      )
      return _support.subscribe(
          _ffi.$add$,
          _ffi.$remove$,
          self._c(),
          b"$n$",
          entry,
      )
      )py",
         {{"n", ev.name.snake},
          {"add", exports::find(table_, exports::Kind::add_event_listener)->symbol},
          {"remove", exports::find(table_, exports::Kind::remove_event_listener)->symbol}});
}

void PyGen::host(Emitter& e, const model::Func& h) const {
  std::string hints;
  for (const model::Field& p : h.params)
    hints += (hints.empty() ? "" : ", ") + hint(p.type);
  e.print("\n$d$", {{"d", layout("def set_" + h.name.snake,
                                 {"self", "f: Callable[[" + hints + "], " + result_hint(h) + "]"},
                                 " -> None:", 1)}});
  auto in = e.scope();
  std::string raising = h.raises ? "; raising " + hint(h.raises) +
                                       " (one of its variants) answers\n"
                                       "with that error"
                                 : "";
  docstring(e, h.doc,
            {"Implements the `" + h.name.snake +
             "` host function with `f` (replacing any earlier one),\n"
             "called with its parameters. Each call runs on a thread of this client's,\n"
             "never on the library's threads" +
             raising + ". Any other exception fails the\nlibrary's call with its message."});
  e.print("\ndef run(args: Any) -> Tuple[int, Any, int, Any]:");
  {
    auto body = e.scope();
    std::string call = h.result ? "value = f(*args)" : "f(*args)";
    if (h.raises) {
      e.print("try:\n    $c$\nexcept $E$ as e:\n    return _convert.raise_$s$(e)",
              {{"c", call}, {"E", hint(h.raises)}, {"s", suffix(h.raises)}});
    } else {
      e.print("$c$", {{"c", call}});
    }
    if (h.result)
      e.print("return _convert.answer_$s$(value)", {{"s", suffix(h.result)}});
    else
      e.print("return _support.FFIDL_OK, None, 0, None");
  }
  e.emit(R"py(

      entry = _support.Host(_convert.args_$n$, run, self._host_pool(), self)
      _support.register_host(
          _ffi.$register$, self._c(), b"$n$", entry
      )
      )py",
         {{"n", h.name.snake},
          {"register", exports::find(table_, exports::Kind::register_host_fn)->symbol}});
}

/// What every object class has: how a reference is taken from an answer,
/// lent to a call, released, compared and shown.
void PyGen::object_reference(Emitter& e, const model::Object& o) const {
  const std::string O = o.name.pascal;
  const exports::Export* retain = nullptr;
  const exports::Export* release = nullptr;
  for (const exports::Export& x : table_) {
    if (x.object != &o) continue;
    if (x.kind == exports::Kind::object_retain) retain = &x;
    if (x.kind == exports::Kind::object_release) release = &x;
  }
  std::string ctors;
  for (int i : o.ctors)
    ctors += (ctors.empty() ? "" : ", ") + O + "." + m_.procs[i].member_name.snake + "(client)";
  e.emit(R"py(

      __slots__ = ("_client", "_handle", "_release", "__weakref__")
      _client: Client
      _handle: int
      _release: weakref.finalize

      def __init__(self) -> None:
          raise TypeError(
              "$O$ is made by its constructors"
              "$made$"
          )

      @classmethod
      def _retained(cls, c: Any) -> $O$:
          """A reference of our own to the handle `c`, borrowed in an answer."""
          client: Client = _support.decoding_client()
          if _ffi.$retain$(client._raw, c) != _support.FFIDL_OK:
              raise _support.BindingError("the library answered with a $O$ that is not live")
          self: $O$ = object.__new__(cls)
          self._client = client
          self._handle = c.handle
          self._release = weakref.finalize(
              self, _ffi.$release$, client._raw, _ffi.$c$(c.handle)
          )
          self._release.atexit = False
          return self

      def _c_handle(self) -> Any:
          if not self._release.alive:
              raise _support.ClosedError("$lib$: the $O$ is closed")
          return _ffi.$c$(self._handle)

      def close(self) -> None:
          """Releases this reference (once; later calls do nothing)."""
          self._release()

      def __enter__(self) -> $O$:
          return self

      def __exit__(self, *exc: object) -> None:
          self.close()

      def __eq__(self, other: object) -> bool:
          return (
              isinstance(other, $O$)
              and other._client._raw == self._client._raw
              and other._handle == self._handle
          )

      def __hash__(self) -> int:
          return hash((self._client._raw, self._handle))

      def __repr__(self) -> str:
          return f"$O$(handle={self._handle})"
      )py",
         {{"O", O},
          {"made", ctors.empty() ? " in the library" : ": " + ctors},  // a second literal
          {"retain", retain->symbol},
          {"release", release->symbol},
          {"c", c_abi::type_name(m_, o.name)},
          {"lib", lib_}});
}

void PyGen::object_class(Emitter& e, const model::Object& o) const {
  e.print("\n\nclass $O$:", {{"O", o.name.pascal}});
  auto in = e.scope();
  docstring(e, o.doc,
            {"A reference to a live object of the library. close() (or leaving a `with` "
             "block) releases it; a reference nobody holds is released when it is "
             "collected. Equal references are the same object."});
  object_reference(e, o);
  for (int i : o.ctors) {
    const model::Func& f = m_.procs[i];
    if (c_abi::native(f)) call_pair(e, f, ident(f.member_name.snake, kObjectTaken), Home::client);
  }
  for (int i : o.procs) {
    const model::Func& f = m_.procs[i];
    if (c_abi::native(f)) call_pair(e, f, ident(f.member_name.snake, kObjectTaken), Home::object);
  }
}

std::string PyGen::client_py() const {
  Emitter e;
  if (m_.ctor) client_class(e);
  for (const model::Object& o : m_.objects)
    object_class(e, o);
  for (const model::Func& f : m_.static_procs) {
    if (c_abi::native(f)) call_pair(e, f, ident(f.name.snake), Home::module);
  }
  std::string body = e.take();
  std::string typing;
  for (const char* name : {"Any", "Callable", "Dict", "List", "Optional", "Tuple"}) {
    if (body.find(std::string(name) + (name[0] == 'A' ? "" : "[")) != std::string::npos)
      typing += (typing.empty() ? "" : ", ") + std::string(name);
  }
  std::string out = header() + "\"\"\"The " + lib_ +
                    " client: the context and its calls, objects, events and host\n"
                    "functions.\"\"\"\n\nfrom __future__ import annotations\n\n";
  if (body.find("threading.") != std::string::npos) out += "import threading\n";
  if (body.find("weakref.") != std::string::npos) out += "import weakref\n";
  if (!typing.empty()) out += "from typing import " + typing + "\n";
  out += "\nfrom . import _convert, _ffi, _support\n";
  if (body.find("Subscription") != std::string::npos) out += "from ._support import Subscription\n";
  out += types_import(body);
  return out + body;
}

}  // namespace ffidl::gen::python
