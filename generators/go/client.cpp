// client.go: Client, New/Close, the methods, statics, events and host
// functions, and the cgo shims they call through.
#include "go/backend.hpp"

namespace ffidl::gen::go {

std::string GoGen::c_wrapper(const std::string& name, const exports::Export& row) const {
  std::string lead, members;
  for (const exports::Param& p : row.params) {
    if (p.role == exports::Role::ctx) lead = "void *ffidl_ctx, " + lead;
    if (p.role == exports::Role::user_data) lead += "uintptr_t ffidl_h, ";
    if (p.role == exports::Role::argument) members += c_abi::Member{p.type, p.name}.decl() + ", ";
  }
  std::string params = lead + members;
  params = params.empty() ? "void" : params.substr(0, params.size() - 2);
  std::string args;
  for (const std::string& a : exports::call_args(row, [&](const exports::Param& p) {
         switch (p.role) {
           case exports::Role::ctx:
             return std::string("ffidl_ctx");
           case exports::Role::callback:
             return "(ffidl_callback)ffidl_go_" + lib_ + "_result";
           case exports::Role::user_data:
             return std::string("(void *)ffidl_h");
           case exports::Role::argument:
             return p.name;
           default:
             throw std::logic_error("go: a native call has no " + p.name);
         }
       }))
    args += (args.empty() ? "" : ", ") + a;
  return subst("static $function$($params$) {\n\treturn $export$($args$);\n}\n",
               {{"function", c_abi::Member{row.result, "ffidl_go_" + name}.decl()},
                {"params", params},
                {"export", row.symbol},
                {"args", args}});
}

std::string GoGen::c_args(Emitter& e, const model::Func& f, bool* uses_arena) const {
  std::string args;
  bool arena = false;
  for (const model::Field& p : f.params) {
    if (!p.type->is_scalar() && p.type->kind != TypeKind::bytes &&
        p.type->kind != TypeKind::object_)
      arena = true;
  }
  if (uses_arena) *uses_arena = arena;
  if (arena) e.print("var a ffidlArena\ndefer a.free()");
  Lower lower(*this, e);
  for (const model::Field& p : f.params) {
    std::string go = param_name(p);
    std::string c = "c_" + p.name.snake;
    const model::Type* t = p.type;
    switch (lowering::passing(t)) {
      case lowering::Passing::value:
        args += t->kind == TypeKind::object_ ? ", " + go + ".cHandle()"
                                             : ", " + c_elem(t) + "(" + go + ")";
        continue;
      case lowering::Passing::pointer:
        e.print("$c$ := &ffidlAllocSlice[$c_type$](&a, 1)[0]", {{"c", c}, {"c_type", c_elem(t)}});
        lowering::lower(t, go, lowering::element(t, c, "*" + c), lower);
        break;
      case lowering::Passing::optional_pointer:
        e.print("var c_has_$name$ C.bool\nvar $c$ *$c_type$",
                {{"name", p.name.snake}, {"c", c}, {"c_type", c_elem(t->elem)}});
        e.emit(R"(
            if $go$ != nil {
            	c_has_$name$ = true
            	$c$ = &ffidlAllocSlice[$c_type$](&a, 1)[0]
            )",
               {{"go", go}, {"name", p.name.snake}, {"c", c}, {"c_type", c_elem(t->elem)}});
        {
          auto in = e.scope();
          lowering::lower(t->elem, nilable(t->elem) ? go : "*" + go,
                          lowering::element(t->elem, c, "*" + c), lower);
        }
        e.print("}");
        break;
      case lowering::Passing::members:
        if (t->kind == TypeKind::bytes) {
          // Borrowed for the call, not copied (cgo pins it).
          e.print("$c$, $c$_len := ffidlBytesArg($go$)", {{"c", c}, {"go", go}});
          break;
        }
        for (const c_abi::Member& mem : c_abi::param_members(m_, t, p.name.snake))
          e.print("var c_$n$ $c_type$", {{"n", mem.name}, {"c_type", cgo(mem.type)}});
        lowering::lower(t, go, lowering::field("c_", p.name.snake), lower);
        break;
    }
    for (const c_abi::Member& mem : c_abi::param_members(m_, t, p.name.snake))
      args += ", c_" + mem.name;
  }
  return args;
}

std::string GoGen::decoder(const model::Type* t) const {
  Emitter e = emitter();
  std::string g = type_name(t);
  if (t->kind == TypeKind::string) {
    e.emit(R"(
        func(msg unsafe.Pointer, n C.size_t) string {
        	return ffidlString(msg, n)
        }
        )");
  } else if (t->kind == TypeKind::bytes) {
    e.emit(R"(
        func(msg unsafe.Pointer, n C.size_t) []byte {
        	return ffidlBytes(msg, n)
        }
        )");
  } else {
    e.print("func(msg unsafe.Pointer, _ C.size_t) $g$ {\n\th := (*$c_type$)(msg)",
            {{"g", g}, {"c_type", c_elem(t)}});
    {
      auto in = e.scope();
      Lift lift(*this, e);
      std::string x = lowering::lift(t, lowering::element(t, "h", "*h"), lift);
      e.print("return $x$", {{"x", x}});
    }
    e.print("}");
  }
  std::string s = e.take();
  s.pop_back();
  return s;
}

std::pair<std::string, std::string> GoGen::go_params(const model::Func& f) const {
  std::string sig, call;
  for (const model::Field& p : f.params) {
    if (!sig.empty()) {
      sig += ", ";
      call += ", ";
    }
    sig += param_name(p) + " " + type_name(p.type);
    call += param_name(p);
  }
  return {sig, call};
}

void GoGen::method(Emitter& e, std::string& pre, const model::Func& f, bool is_static) {
  auto [params, args] = go_params(f);
  std::string wrapper = (is_static ? "static_" : "call_") + f.name.snake;
  VarMap v = {{"Name", go::exported(f.name)},
              {"receiver", is_static ? "" : "(c *Client) "},
              {"params", params},
              {"more_params", params.empty() ? "" : ", " + params},
              {"more_args", args.empty() ? "" : ", " + args},
              {"returns", f.result ? "(" + type_name(f.result) + ", error)" : "error"},
              {"on", is_static ? "" : "c."}};
  doc(e, f.doc);
  if (is_static && !f.doc.empty()) e.print("//");
  if (is_static) e.print("// $Name$ is a static proc: it needs no client.", v);
  auto body = [&] {
    if (f.result) {
      e.print("call := ffidlNewCall($decoder$)", {{"decoder", decoder(f.result)}});
    } else {
      e.print("call := ffidlNewCall[struct{}](nil)");
    }
    if (f.raises) {
      e.emit(R"(
          call.raised = func(msg unsafe.Pointer) error {
          	return fromC$type$((*$c_type$)(msg))
          }
          )",
             {{"type", type_name(f.raises)}, {"c_type", c_elem(f.raises)}});
    }
    bool arena = false;
    std::string c_arguments = c_args(e, f, &arena);
    // Function literals always span lines: gofmt keeps one-line ones only
    // while they are short, which long names would break.
    e.emit(R"(
          call.start($arena$, func() C.int {
          	return C.ffidl_go_$wrapper$($ctx$call.handle$args$)
          })
          )",
           {{"arena", arena ? "&a" : "nil"},
            {"wrapper", wrapper},
            {"ctx", is_static ? "" : "c.ctx, "},
            {"args", c_arguments}});
    e.print(
        f.result ? "return call.wait(ctx, $lib$)" : "_, err := call.wait(ctx, $lib$)\nreturn err",
        {{"lib", is_static ? "nil" : "c.ctx"}});
  };
  e.emit(R"(
        func $receiver$$Name$($params$) $returns$ {
        	return $on$$Name$Context(context.Background()$more_args$)
        }

        // $Name$Context is $Name$ that stops waiting when ctx is done. The call itself is
        // not cancelled: its late result is dropped.
        func $receiver$$Name$Context(ctx context.Context$more_params$) $returns$ {
        	$body$
        }
        )",
         v, {{"body", body}});
  e.blank();
  pre += c_wrapper(wrapper, exports::native_form(table_, f));
}

void GoGen::ctor(Emitter& e, std::string& pre) {
  const model::Func& f = *m_.ctor;
  auto [sig, call_args] = go_params(f);
  doc(e, f.doc);
  if (!f.doc.empty()) e.print("//");
  e.print(R"(// New creates a client: a context of the library with its own threads. It
// returns once the library's constructor has finished, with its error if it
// failed. Close the client when done.
func New($sig$) (*Client, error) {
	return NewWith(nil$args$)
}

// NewWith is New that first runs setup on the client, before the library's
// constructor starts: set the host functions (and subscribe to the events)
// the constructor may need there. An error from setup closes the client and
// is returned.
func NewWith(setup func(*Client) error$sigc$) (*Client, error) {)",
          {{"sig", sig},
           {"args", call_args.empty() ? "" : ", " + call_args},
           {"sigc", sig.empty() ? "" : ", " + sig}});
  e.indent();
  e.print("call := ffidlNewCall[struct{}](nil)");
  bool arena = false;
  std::string args = c_args(e, f, &arena);
  e.print(R"(ctx, err := ffidlCreate($ar$, func() unsafe.Pointer {
	return C.ffidl_go_create(call.handle$a$)
})
if err != nil {
	ffidlDeleteHandle(call.handle)
	return nil, err
}
c := &Client{ctx: ctx, events: ffidlNewQueue()}
if setup != nil {
	if err := setup(c); err != nil {
		c.Close()
		return nil, err
	}
}
C.$lib$_run_ctor(ctx)
if _, err := call.wait(context.Background(), ctx); err != nil {
	c.Close()
	return nil, err
}
return c, nil)",
          {{"ar", arena ? "&a" : "nil"}, {"a", args}, {"lib", lib_}});
  e.outdent();
  e.print("}");
  e.blank();
  pre += c_wrapper("create", exports::native_form(table_, f, true));
}

void GoGen::event(Emitter& e, std::string& pre, const model::Func& ev) {
  bool payload = !ev.params.empty();
  VarMap v = {{"Name", go::exported(ev.name)},
              {"name", ev.name.snake},
              {"Event", event_type(ev)},
              {"c_event", payload ? c_abi::params_struct_name(m_, ev) : ""},
              {"fn_params", payload ? event_type(ev) : ""},
              {"cl", model::holds_objects(ev.params) ? "c, " : ""},
              {"lib", lib_},
              {"macro", m_.library.name.upper + "_EVENT_" + ev.name.upper}};
  // Converts the payload on the library's event thread (C memory is valid
  // only there) and hands fn a closure to run on the client's goroutine.
  auto deliver = [&] {
    if (!payload) {
      e.print("l.deliver = func(unsafe.Pointer) func() { return fn }");
      return;
    }
    e.emit(R"(
          l.deliver = func(msg unsafe.Pointer) func() {
          	ev := fromC$Event$($cl$(*C.$c_event$)(msg))
          	return func() { fn(ev) }
          }
          )",
           v);
  };
  doc(e, ev.doc);
  if (!ev.doc.empty()) e.print("//");
  e.emit(R"(
        // On$Name$ subscribes fn to the $name$ event. Listeners run on the client's
        // event goroutine, one event at a time, in the order the library emitted
        // them. Call unsubscribe to stop; when it returns fn is not called again.
        func (c *Client) On$Name$(fn func($fn_params$)) (unsubscribe func()) {
        	l := &ffidlListener{queue: c.events}
        	$deliver$
        	h := ffidlNewHandle(l)
        	id := C.ffidl_go_listen_$name$(c.ctx, h)
        	if id == 0 || !c.handles.add(h) {
        		if id == 0 {
        			ffidlDeleteHandle(h)
        		}
        		return func() {}
        	}
        	var once sync.Once
        	return func() {
        		once.Do(func() {
        			l.removed.Store(true)
        			C.$lib$_remove_event_listener(c.ctx, id)
        			c.handles.remove(h)
        		})
        	}
        }

        )",
         v, {{"deliver", deliver}});
  pre += subst(
      "static uint64_t ffidl_go_listen_$name$(void *ctx, uintptr_t h) {\n\treturn "
      "$lib$_add_event_listener(ctx, $macro$, (ffidl_callback)ffidl_go_$lib$_event, (void "
      "*)h);\n}\n",
      v);
}

void GoGen::host(Emitter& e, std::string& pre, const model::Func& h) {
  bool has_args = !h.params.empty();
  VarMap v = {{"Name", go::exported(h.name)},
              {"name", h.name.snake},
              {"Args", args_type(h)},
              {"c_args", has_args ? c_abi::params_struct_name(m_, h) : ""},
              {"fn_params", has_args ? args_type(h) : ""},
              {"returns", h.result ? "(" + type_name(h.result) + ", error)" : "error"},
              {"lib", lib_},
              {"macro", m_.library.name.upper + "_HOST_" + h.name.upper}};
  auto answer = [&] { host_answer(e, h); };
  doc(e, h.doc);
  if (!h.doc.empty()) e.print("//");
  e.emit(R"(
        // Set$Name$ implements the $name$ host function with fn (replacing any
        // earlier one). Each call runs fn on a goroutine of its own; an error or a
        // panic fails the library's call with its message.
        func (c *Client) Set$Name$(fn func($fn_params$) $returns$) error {
        	accept := func(req unsafe.Pointer) ffidlHostAnswer {
        		$convert_args$
        		return func(a *ffidlArena) (unsafe.Pointer, C.size_t, error) {
        			$answer$
        		}
        	}
        	h := ffidlNewHandle(&ffidlHost{ctx: c.ctx, accept: accept})
        	if C.ffidl_go_register_$name$(c.ctx, h) != C.FFIDL_OK || !c.handles.add(h) {
        		ffidlDeleteHandle(h)
        		return ErrClosed
        	}
        	return nil
        }

        )",
         v,
         {{"convert_args",
           [&] {
             if (has_args)
               e.print("args := fromC$Args$($cl$(*C.$c_args$)(req))",
                       with(v, "cl", model::holds_objects(h.params) ? "c, " : ""));
           }},
          {"answer", answer}});
  pre += subst(
      "static int ffidl_go_register_$name$(void *ctx, uintptr_t h) {\n\treturn "
      "$lib$_register_host_fn(ctx, $macro$, (ffidl_host_fn)ffidl_go_$lib$_host, (void *)h);\n}\n",
      v);
}

/// The job a host call runs on a goroutine: call fn, lower its answer (or
/// its raised error) into the arena.
void GoGen::host_answer(Emitter& e, const model::Func& h) const {
  const bool has_args = !h.params.empty();
  std::string call = std::string("fn(") + (has_args ? "args" : "") + ")";
  if (!h.result && !h.raises) {
    e.print("return nil, 0, $call$", {{"call", call}});
    return;
  }
  e.print(h.result ? "res, err := $call$" : "err := $call$", {{"call", call}});
  if (h.raises) {
    e.emit(R"(
            var raised $type$
            if errors.As(err, &raised) {
            	p := &ffidlAllocSlice[$c_type$](a, 1)[0]
            	a.toC$type$(&raised, p)
            	return unsafe.Pointer(p), C.size_t(unsafe.Sizeof(*p)), ffidlRaised{}
            }
            )",
           {{"type", type_name(h.raises)}, {"c_type", c_elem(h.raises)}});
  }
  if (!h.result) {
    e.print("return nil, 0, err");
    return;
  }
  e.emit(R"(
          if err != nil {
          	return nil, 0, err
          }
          )");
  const model::Type* t = h.result;
  if (t->kind == TypeKind::string) {
    e.print("return unsafe.Pointer(a.str(res)), C.size_t(len(res)), nil");
  } else if (t->kind == TypeKind::bytes) {
    e.print("p, n := a.bytes(res)\nreturn unsafe.Pointer(p), n, nil");
  } else {
    e.print("p := &ffidlAllocSlice[$c_type$](a, 1)[0]", {{"c_type", c_elem(t)}});
    Lower lower(*this, e);
    lowering::lower(t, "res", lowering::element(t, "p", "*p"), lower);
    e.print("return unsafe.Pointer(p), C.size_t(unsafe.Sizeof(*p)), nil");
  }
}

std::string GoGen::client_file() {
  Emitter e = emitter();
  std::string pre = subst(R"(extern void ffidl_go_$lib$_result(int, void *, size_t, void *);
extern void ffidl_go_$lib$_event(int, void *, size_t, void *);
)",
                          {{"lib", lib_}});
  if (!m_.hosts.empty())
    pre += subst("extern void ffidl_go_$lib$_host(uint64_t, void *, size_t, void *);\n",
                 {{"lib", lib_}});
  if (m_.ctor) client_type(e, pre);
  for (const model::Func& f : m_.static_procs) {
    if (c_abi::native(f)) method(e, pre, f, true);
  }
  objects(e);
  std::string body = e.take();
  while (body.size() >= 2 && body.substr(body.size() - 2) == "\n\n")
    body.pop_back();
  return file(body, true, pre);
}

void GoGen::client_type(Emitter& e, std::string& pre) {
  e.print(R"(// Client is one context of the $lib$ library. Its methods may be called
// from any goroutine; each blocks until the library answers (the ...Context
// forms also return when their context is done).
type Client struct {
	ctx     unsafe.Pointer
	events  *ffidlQueue
	handles ffidlHandles
}
)",
          {{"lib", lib_}});
  e.blank();
  ctor(e, pre);
  e.print(R"(// Close destroys the context: calls still queued fail with an error,
// running handlers are waited for (bounded) and the library's threads are
// joined. Close is idempotent; calls after it return ErrClosed.
func (c *Client) Close() error {
	if !c.handles.beginClose() {
		return nil
	}
	rc := C.$dtor$(c.ctx)
	if rc != C.FFIDL_OK {
		return &Error{Message: "destroy failed"}
	}
	c.handles.deleteAll()
	close(c.events.stop)
	return nil
}

// DroppedEvents counts the events listeners never saw because they fell
// too far behind: dropped by the library (its queue holds 65536) plus those
// dropped by this client's own queue (the same bound).
func (c *Client) DroppedEvents() uint64 {
	return uint64(C.$lib$_dropped_events(c.ctx)) + c.events.dropped.Load()
}

// SetWaitSpin sets how long blocking calls on this client (its objects'
// too), the context's loop and its event thread spin before they sleep:
// SpinAuto (the default, adaptive), SpinOff, or nanoseconds.
func (c *Client) SetWaitSpin(spinNs int64) error {
	return ffidlDo(func() C.int {
		return C.$lib$_set_wait_spin(c.ctx, C.int64_t(spinNs))
	})
}
)",
          {{"dtor", dtor_name()}, {"lib", lib_}});
  e.blank();
  for (const model::Func& f : m_.procs) {
    if (c_abi::native(f)) method(e, pre, f, false);
  }
  for (const model::Func& ev : m_.events) {
    if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
    event(e, pre, ev);
    e.blank();
  }
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;  // the binding speaks the native wire
    host(e, pre, h);
    e.blank();
  }
}

}  // namespace ffidl::gen::go
