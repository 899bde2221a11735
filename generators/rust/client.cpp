// src/lib.rs: Client, its methods (blocking and async), statics,
// objects, events and host functions.
#include "rust/backend.hpp"

namespace ffidl::gen::rust {

std::map<std::string, std::string> RustGen::c_args(Emitter& e, const model::Func& f, bool* arena,
                                                   bool receiver) const {
  std::map<std::string, std::string> args;
  Lower lower(*this, e, "ffidl_arena", "convert::");
  for (const model::Field& p : f.params) {
    const model::Type* t = p.type;
    const std::string& name = p.name.snake;
    std::string n = param(p), c = "ffidl_" + name;
    if (receiver && &p == &f.params.front()) n = "self";  // the object's own method
    switch (lowering::passing(t)) {
      case lowering::Passing::value:
        args[name] = lower.expr(t, "&" + n);
        continue;
      case lowering::Passing::pointer:
        e.print("let mut $local$ = zeroed();", {{"local", c}});
        lowering::lower(t, n, lowering::element(t, c, c), lower);
        args[name] = "&" + c;
        continue;
      case lowering::Passing::optional_pointer:
        e.print("let mut $local$ = zeroed();\nif let Some(v) = $param$ {",
                {{"local", c}, {"param", n}});
        {
          auto in = e.scope();
          lowering::lower(t->elem, "v", lowering::element(t->elem, c, c), lower);
        }
        e.print("}");
        // Absent: a null pointer (lowering::Passing::optional_pointer).
        args["has_" + name] = n + ".is_some()";
        args[name] = "if " + n + ".is_some() { &" + c + " } else { std::ptr::null() }";
        continue;
      case lowering::Passing::members:
        break;
    }
    if (single_value(t)) {
      e.print("let $local$ = $value$;", {{"local", c}, {"value", lower.expr(t, n)}});
      args[name] = c;
      continue;
    }
    // Declared here, assigned once by the lowering (or left zeroed when
    // an optional is absent).
    for (const c_abi::Member& mem : c_abi::param_members(m_, t, name)) {
      e.print(t->kind == TypeKind::optional ? "let mut ffidl_$member$: $type$ = zeroed();"
                                            : "let ffidl_$member$: $type$;",
              {{"member", mem.name}, {"type", ffi_type(mem.type)}});
      args[mem.name] = "ffidl_" + mem.name;
    }
    lowering::lower(t, t->kind == TypeKind::optional ? "&" + n : n, lowering::field("ffidl_", name),
                    lower);
  }
  *arena = lower.uses_arena();
  return args;
}

std::string RustGen::rust_params(const model::Func& f) const {
  std::string out;
  for (const model::Field& p : f.params)
    out += (out.empty() ? "" : ", ") + param(p) + ": " + borrowed(p.type);
  return out;
}

std::vector<std::string> RustGen::param_list(const model::Func& f, bool self) const {
  std::vector<std::string> out;
  if (self) out.push_back("&self");
  for (const model::Field& p : f.params)
    out.push_back(param(p) + ": " + borrowed(p.type));
  return out;
}

std::string RustGen::call_names(const model::Func& f) const {
  std::string out;
  for (const model::Field& p : f.params)
    out += (out.empty() ? "" : ", ") + param(p);
  return out;
}

std::string RustGen::unsafe_call(const std::string& fn, const std::vector<std::string>& args) {
  const std::string call = layout(fn, args, "");
  if (call.find('\n') == std::string::npos) return "let rc = unsafe { " + call + " };";
  // The call, one argument per line, inside the unsafe block.
  std::string out = "let rc = unsafe {\n    " + fn + "(\n";
  for (const std::string& a : args)
    out += "        " + a + ",\n";
  return out + "    )\n};";
}

void RustGen::call_start(Emitter& e, const exports::Export& row, const std::string& decode,
                         bool raising, bool receiver) const {
  const model::Func& f = *row.func;
  const bool ctor = row.kind == exports::Kind::ctor;
  Emitter body = emitter();
  bool arena = false;
  const std::map<std::string, std::string> lowered = c_args(body, f, &arena, receiver);
  const std::vector<std::string> args =
      exports::call_args(row, [&](const exports::Param& p) -> std::string {
        switch (p.role) {
          case exports::Role::ctx:
            return "ctx";
          case exports::Role::callback:
            return "cb";
          case exports::Role::user_data:
            return "user_data";
          case exports::Role::argument:
            return lowered.at(p.name);
          default:
            throw std::logic_error("rust: a native call has no " + p.name);
        }
      });
  std::string conv = body.take();
  std::string start = raising ? "Call::start_raising(" : "Call::start(";
  if (!ctor && model::holds_objects(f.result)) {
    // Objects in the answer take their references in the context called.
    words_.insert("Ctx");
    start = raising ? "Call::start_raising_in(Ctx(ctx), " : "Call::start_in(Ctx(ctx), ";
  }
  e.print("$start$|$arena$, cb, user_data| {",
          {{"start", ctor ? "let call = " + start + decode + ", " : start + decode + ", "},
           {"arena", arena ? "ffidl_arena" : "_"}});
  e.indent();
  if (!conv.empty()) e.print(conv);
  e.print("// SAFETY: the arguments outlive the call, which copies them.");
  e.print(unsafe_call("ffi::" + row.symbol, args));
  if (ctor) {
    e.print("ctx = Ctx(rc);\nOk(if rc.is_null() { ffi::FFIDL_ERR } else { ffi::FFIDL_OK })");
  } else {
    e.print("Ok(rc)");
  }
  e.outdent();
  e.print(ctor ? "});" : "})");
}

void RustGen::method(Emitter& e, const model::Func& f, bool is_static, bool receiver) const {
  std::string ret = f.result ? owned(f.result) : "()";
  std::string decode = convert_fn(f.result ? "result_" + fn_suffix(f.result) : "result_unit");
  // A function that raises E fails with Failure<E>: its Call carries it.
  std::string err = "Error";
  if (!f.raises) words_.insert("Error");  // a variable: the observer does not see it
  if (f.raises) {
    words_.insert("Failure");
    err = "Failure<" + owned(f.raises) + ">";
    decode += ", " + convert_fn("raised_" + fn_suffix(f.raises));
  }
  const std::string name = receiver ? member_name(f) : f.name.snake;
  const std::string async = (receiver ? f.member_name.snake : f.name.snake) + "_async";
  std::vector<std::string> params = param_list(f, !is_static);
  std::string names = call_names(f);
  if (receiver) {
    params.erase(params.begin() + 1);  // `obj` is self
    names = names.find(", ") == std::string::npos ? "" : names.substr(names.find(", ") + 2);
  }
  doc(e, f.doc);
  e.print(layout("pub fn " + name, params, " -> Result<" + ret + ", " + err + "> {"));
  if (!is_static) e.print("    self.check_blocking()?;");
  e.print("    $s$$n$($a$).wait()\n}",
          {{"s", is_static ? "" : "self."}, {"n", async}, {"a", names}});
  e.blank();
  if (!f.doc.empty()) {
    doc(e, f.doc);
    e.print("///");
  }
  e.print(
      "/// Starts the call and returns at once: `.await` the [`Call`] (on any\n"
      "/// executor) or [`Call::wait`] for it.");
  e.print(
      layout("pub fn " + async, params, " -> Call<" + ret + (f.raises ? ", " + err : "") + "> {"));
  e.indent();
  if (!is_static) e.print(receiver ? "let ctx = self.ctx();" : "let ctx = self.ctx.0;");
  call_start(e, exports::native_form(table_, f), decode, f.raises != nullptr, receiver);
  e.outdent();
  e.print("}");
  e.blank();
}

void RustGen::object_impl(Emitter& e, const model::Object& o) const {
  e.blank();
  e.print("impl $Name$ {", {{"Name", o.name.pascal}});
  e.indent();
  for (int i : o.ctors) {
    const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
    if (!c_abi::native(c)) continue;
    std::string err = "Error";
    if (c.raises) {
      words_.insert("Failure");
      err = "Failure<" + owned(c.raises) + ">";
    } else {
      words_.insert("Error");
    }
    words_.insert("Call");
    std::vector<std::string> params = {"client: &Client"};
    for (const std::string& p : param_list(c, false))
      params.push_back(p);
    std::string T = o.name.pascal, names = call_names(c);
    doc(e, c.doc);
    e.print(layout("pub fn " + member_name(c), params, " -> Result<" + T + ", " + err + "> {"));
    e.print("    client.$name$($a$)\n}", {{"name", c.name.snake}, {"a", names}});
    e.blank();
    if (!c.doc.empty()) {
      doc(e, c.doc);
      e.print("///");
    }
    e.print("/// Starts the ctor and returns at once (see [`Call`]).");
    e.print(layout("pub fn " + c.member_name.snake + "_async", params,
                   " -> Call<" + T + (c.raises ? ", " + err : "") + "> {"));
    e.print("    client.$name$_async($a$)\n}", {{"name", c.name.snake}, {"a", names}});
    e.blank();
  }
  for (int i : o.procs) {
    const model::Func& f = m_.procs[static_cast<std::size_t>(i)];
    if (c_abi::native(f)) method(e, f, false, true);
  }
  e.print(R"(fn check_blocking(&self) -> Result<(), Error> {
    // SAFETY: any value is accepted.
    if unsafe { ffi::$lib$_is_library_thread(self.ctx()) } != 0 {
        return Err(Error::WouldDeadlock);
    }
    Ok(())
})",
          {{"lib", lib_}});
  e.outdent();
  e.print("}");
}

void RustGen::ctor(Emitter& e) const {
  const model::Func& f = *m_.ctor;
  doc(e, f.doc);
  if (!f.doc.empty()) e.print("///");
  e.emit(R"(
      /// Creates a context of the library, with its own threads, and returns
      /// once the library's constructor has finished (with its error if it
      /// failed). Dropping the client destroys the context.
      )");
  std::vector<std::string> params = param_list(f, false);
  std::string names;
  for (const std::string& p : params)
    names += ", " + p.substr(0, p.find(':'));
  e.print(layout("pub fn new", params, " -> Result<Client, Error> {"));
  e.print("    Self::new_with(|_| Ok(())$n$)\n}", {{"n", names}});
  e.blank();
  e.emit(R"(
      /// As [`Client::new`], but runs `setup` on the client before the
      /// library's constructor starts: set the host functions (and subscribe
      /// to the events) the constructor may need there. An error from `setup`
      /// drops the client and is returned.
      )");
  std::vector<std::string> with = {"setup: impl FnOnce(&Client) -> Result<(), Error>"};
  with.insert(with.end(), params.begin(), params.end());
  e.print(layout("pub fn new_with", with, " -> Result<Client, Error> {"));
  e.indent();
  e.print("let mut ctx = Ctx(std::ptr::null_mut());");
  call_start(e, exports::native_form(table_, f, true), convert_fn("result_unit"));
  e.print(R"(// Dropping the client on failure destroys the context.
let client = Client { ctx, hosts: Hosts::new() };
setup(&client)?;
// SAFETY: a context made paused; starting it twice is refused, not harmful.
unsafe { ffi::$lib$_run_ctor(client.ctx.0) };
call.wait()?;
Ok(client))",
          {{"lib", lib_}});
  e.outdent();
  e.print("}");
  e.blank();
}

void RustGen::event(Emitter& e, const model::Func& ev) const {
  bool payload = !ev.params.empty();
  VarMap v = {{"name", ev.name.snake},
              {"macro", "ffi::" + m_.library.name.upper + "_EVENT_" + ev.name.upper}};
  doc(e, ev.doc);
  if (!ev.doc.empty()) e.print("///");
  e.emit(R"(
        /// Subscribes `listener` to the `$name$` event. Listeners run on the
        /// library's event thread, one event at a time, in emission order; a
        /// blocking call from there returns [`Error::WouldDeadlock`]. Dropping the
        /// [`Subscription`] unsubscribes.
        )",
         v);
  std::string listener = payload ? "impl Fn(&" + event_type(ev) + ") + Send + Sync + 'static"
                                 : "impl Fn() + Send + Sync + 'static";
  e.print(layout("pub fn on_" + ev.name.snake, {"&self", "listener: " + listener},
                 " -> Subscription {"));
  const bool objects = model::holds_objects(ev.params);
  if (payload && objects) {
    // Objects in the payload take their references in this context.
    words_.insert("decoding_in");
    e.emit(R"(
              let ctx = self.ctx;
              let deliver = move |msg: *const c_void| {
                  // SAFETY: msg is this event's payload, valid during the call.
                  match decoding_in(ctx, || unsafe { convert::event_$name$(msg) }) {
                      Ok(event) => listener(&event),
                      Err(e) => eprintln!("{e}"),
                  }
              };
              self.subscribe($macro$, Box::new(deliver))
          }
          )",
           v);
  } else if (payload) {
    e.emit(R"(
              let deliver = move |msg: *const c_void| {
                  // SAFETY: msg is this event's payload, valid during the call.
                  match unsafe { convert::event_$name$(msg) } {
                      Ok(event) => listener(&event),
                      Err(e) => eprintln!("{e}"),
                  }
              };
              self.subscribe($macro$, Box::new(deliver))
          }
          )",
           v);
  } else {
    e.emit(R"(
              self.subscribe($macro$, Box::new(move |_: *const c_void| listener()))
          }
          )",
           v);
  }
  e.blank();
}

void RustGen::host(Emitter& e, const model::Func& h) const {
  bool has_args = !h.params.empty();
  VarMap v = {{"name", h.name.snake},
              {"macro", "ffi::" + m_.library.name.upper + "_HOST_" + h.name.upper},
              {"answer", h.result ? convert_fn("answer_" + fn_suffix(h.result)) : ""},
              {"req", has_args ? "req" : "_"},
              // The answer is lowered into the arena; without one it is unused.
              {"arena", h.result || h.raises ? "a" : "_"}};
  doc(e, h.doc);
  if (!h.doc.empty()) e.print("///");
  e.emit(R"(
        /// Implements the `$name$` host function with `f` (replacing any earlier
        /// one). Each call runs on a thread of its own, off the library's threads;
        /// an `Err` or a panic fails the library's call with its message.
        )",
         v);
  // A host fn that raises E answers Err(Failure::Raised(e)) or
  // Err(Failure::Call(Error::Library(text))); others answer Err(text).
  std::string err = "String";
  if (h.raises) {
    words_.insert("Failure");
    err = "Failure<" + owned(h.raises) + ">";
  }
  std::string fn_type = "impl Fn(" + std::string(has_args ? args_type(h) : "") + ") -> Result<" +
                        (h.result ? owned(h.result) : "()") + ", " + err +
                        "> + Send + Sync + 'static";
  e.print(
      layout("pub fn set_" + h.name.snake, {"&self", "f: " + fn_type}, " -> Result<(), Error> {"));
  const bool objects = model::holds_objects(h.params);
  auto convert_args = [&] {
    if (!has_args) return;
    if (objects) {
      // Objects among the arguments take their references in this context.
      words_.insert("decoding_in");
      e.emit(R"(
            // SAFETY: req is this host function's arguments, valid during the call.
            let args = decoding_in(ctx, || unsafe { convert::args_$name$(req) });
            )",
             v);
      return;
    }
    e.emit(R"(
          // SAFETY: req is this host function's arguments, valid during the call.
          let args = unsafe { convert::args_$name$(req) };
          )",
           v);
  };
  auto job = [&] {
    std::string call = has_args ? "f(args.map_err(|e| e.to_string())?)" : "f()";
    std::string check = "?";
    if (h.raises) {
      words_.insert("HostFailure");
      check = ".map_err(|e| HostFailure::raised(e, a, " +
              convert_fn("answer_" + fn_suffix(h.raises)) + "))?";
    }
    if (h.result) {
      e.print("let value = $call$$check$;", {{"call", call}, {"check", check}});
      e.print("Ok($answer$(value, a).map_err(|e| e.to_string())?)", v);
    } else {
      e.print("$call$$check$;\nOk((std::ptr::null(), 0))", {{"call", call}, {"check", check}});
    }
  };
  if (objects) e.print("    let ctx = self.ctx;");
  e.emit(R"(
            let f = Arc::new(f);
            let accept = move |$req$: *const c_void| -> HostJob {
                $convert_args$
                let f = Arc::clone(&f);
                Box::new(move |$arena$: &mut Arena| {
                    $job$
                })
            };
            self.register_host($macro$, Box::new(accept))
        }

        )",
         v, {{"convert_args", convert_args}, {"job", job}});
}

std::string RustGen::client_rs() const {
  Emitter e = emitter();
  bool client = m_.ctor.has_value();
  const exports::Export* destroy = exports::find(table_, exports::Kind::dtor);
  std::string dtor = destroy ? destroy->symbol : "";
  const VarMap v = {{"lib", lib_}, {"dtor", dtor}};
  if (client) client_type(e, v);
  for (const model::Func& f : m_.static_procs) {
    if (!c_abi::native(f)) continue;
    e.blank();
    if (!f.doc.empty()) {
      doc(e, f.doc);
      e.print("///");
    }
    e.print("/// A static proc: it needs no client.");
    method(e, f, true);
  }
  std::string body = e.take();
  while (body.size() >= 2 && body.compare(body.size() - 2, 2, "\n\n") == 0)
    body.pop_back();
  std::string head = client_rs_head(client);
  words_.clear();
  return head + "\n" + body;
}

/// `Client`: its ctor, methods, events, host fns and settings, its Drop,
/// and the objects' impls (which need a client).
void RustGen::client_type(Emitter& e, const VarMap& v) const {
  e.print(R"(/// One context of the `$lib$` library. Calls may be made from any thread
/// (`Client` is `Send + Sync`); each blocking method has an `_async` form
/// returning a [`Call`] future. Dropping the client destroys the context:
/// calls still in flight complete with an error.
pub struct Client {
    ctx: Ctx,
    hosts: Hosts,
}

impl Client {)",
          v);
  e.indent();
  ctor(e);
  for (const model::Func& f : m_.procs) {
    if (c_abi::native(f)) method(e, f, false);
  }
  for (const model::Func& ev : m_.events) {
    if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
    event(e, ev);
  }
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;  // the binding speaks the native wire
    host(e, h);
  }
  client_helpers(e, v);
  e.outdent();
  client_drop(e, v);
  for (const model::Object& o : m_.objects)
    object_impl(e, o);
}

/// client.rs's header: its doc and the imports its body used./// Client's settings, and the private
/// helpers its methods share.
void RustGen::client_helpers(Emitter& e, const VarMap& v) const {
  e.print(R"(/// Events listeners never saw because they fell too far behind (the
/// library's event queue holds 65536).
pub fn dropped_events(&self) -> u64 {
    // SAFETY: a checked handle; any value is accepted.
    unsafe { ffi::$lib$_dropped_events(self.ctx.0) }
}

/// How long blocking calls on this context (the client's and its
/// objects'), its loop and its event thread spin before they sleep:
/// [`crate::SPIN_AUTO`] (the default, adaptive), [`crate::SPIN_OFF`], or
/// nanoseconds.
pub fn set_wait_spin(&self, spin_ns: i64) -> Result<(), Error> {
    // SAFETY: a checked handle; any value is accepted.
    if unsafe { ffi::$lib$_set_wait_spin(self.ctx.0, spin_ns) } == ffi::FFIDL_OK {
        return Ok(());
    }
    Err(crate::support::refused())
}
)",
          v);
  e.print(R"(fn check_blocking(&self) -> Result<(), Error> {
    // SAFETY: a checked handle; any value is accepted.
    if unsafe { ffi::$lib$_is_library_thread(self.ctx.0) } != 0 {
        return Err(Error::WouldDeadlock);
    }
    Ok(())
})",
          v);
  if (!m_.events.empty()) {
    e.blank();
    e.print(R"(fn subscribe(&self, event: &CStr, deliver: Box<ListenerFn>) -> Subscription {
    let add = ffi::$lib$_add_event_listener;
    let remove = ffi::$lib$_remove_event_listener;
    Subscription::new(self.ctx, event, deliver, add, remove)
})",
            v);
  }
  if (!m_.hosts.empty()) {
    e.blank();
    e.print(R"(fn register_host(&self, name: &CStr, accept: Box<HostFn>) -> Result<(), Error> {
    let register = ffi::$lib$_register_host_fn;
    let complete = ffi::$lib$_host_complete;
    self.hosts.register(self.ctx, name, accept, register, complete)
})",
            v);
  }
}

/// The end of `impl Client`, and its Drop: destroying the context, off a
/// library thread.
void RustGen::client_drop(Emitter& e, const VarMap& v) const {
  e.print(R"(}

impl Drop for Client {
    fn drop(&mut self) {
        let (ctx, hosts) = (self.ctx, std::mem::replace(&mut self.hosts, Hosts::new()));
        let teardown = move || {
            // Take the whole Ctx (Send), not just its raw pointer field.
            let ctx = ctx;
            // SAFETY: destroy accepts any handle; once it succeeded nothing
            // calls the host functions any more.
            if unsafe { ffi::$dtor$(ctx.0) } == ffi::FFIDL_OK {
                hosts.release();
            }
        };
        // SAFETY: any value is accepted.
        if unsafe { ffi::$lib$_is_library_thread(ctx.0) } == 0 {
            teardown();
            return;
        }
        // Dropped on a library thread (say, inside its own listener), where
        // destroy would wait for itself: finish on a helper thread. If none
        // can start, the context is left running rather than torn down here.
        let _ = std::thread::Builder::new().name("ffidl-drop".into()).spawn(teardown);
    }
}
)",
          v);
}

std::string RustGen::client_rs_head(bool client) const {
  std::string head = header() +
                     "//! The client: [`Client`], one context of the library, and the static\n"
                     "//! procs. Their signatures follow the schema, however long.\n"
                     "#![allow(clippy::too_many_arguments, clippy::type_complexity)]\n";
  std::string std_uses = take_std_uses();
  if (!std_uses.empty()) head += "\n" + std_uses;
  // Error is in every signature but those of procs that raise (Failure<E>).
  std::string support = words_.count("Error") || client ? "Error" : "";
  for (const char* name :
       {"bytes_arg", "decoding_in", "zeroed", "Arena", "Call", "Ctx", "Failure", "HostFailure",
        "HostFn", "HostJob", "Hosts", "ListenerFn", "Subscription"}) {
    if (words_.count(name)) support += std::string(support.empty() ? "" : ", ") + name;
  }
  head += "\nuse crate::support::{" + support + "};\n";
  if (!m_.structs.empty() || !m_.enums.empty() || !m_.unions.empty() || !m_.events.empty() ||
      !m_.hosts.empty() || !m_.objects.empty())
    head += "use crate::types::*;\n";
  if (words_.count("convert") && words_.count("ffi"))
    head += "use crate::{convert, ffi};\n";
  else if (words_.count("ffi"))
    head += "use crate::ffi;\n";
  return head;
}

std::string RustGen::lib_rs() const {
  std::string head = header();
  for (const std::string& line : m_.library.doc)
    head += line.empty() ? "//!\n" : "//! " + line + "\n";
  if (!m_.library.doc.empty()) head += "//!\n";
  bool client = m_.ctor.has_value();
  for (const model::Func& f : m_.static_procs)
    client = client || c_abi::native(f);
  // In rustfmt's order: CamelCase names, then SCREAMING_CASE ones.
  std::string exports = "Call, Error, Failure";
  if (!m_.events.empty()) exports += ", Subscription";
  exports += ", SPIN_AUTO, SPIN_OFF";
  head += subst(
      R"(//! The Rust client of the `$lib$` library, generated by ffidlc: owned
//! types in, owned types out, over the library's native C ABI (see [`ffi`]).
//! It links `lib$lib$.so` (see `build.rs` for where it looks).

#[rustfmt::skip]
mod client;
#[rustfmt::skip]
mod convert;
#[rustfmt::skip]
pub mod ffi;
#[rustfmt::skip]
mod support;
#[rustfmt::skip]
mod types;

$client$pub use support::{$exports$};
pub use types::*;
)",
      {{"lib", lib_}, {"client", client ? "pub use client::*;\n" : ""}, {"exports", exports}});
  return head;
}

}  // namespace ffidl::gen::rust
