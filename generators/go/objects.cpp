// client.go's object types: handles with Close, their ctors and methods.
#include "go/backend.hpp"

namespace ffidl::gen::go {

std::string GoGen::ctor_func(const model::Object& o, const model::Func& c) const {
  const std::string& n = c.member_name.snake;
  std::string rest = n == "new" ? "" : n.rfind("new_", 0) == 0 ? n.substr(4) : n;
  return "New" + go::exported(o.name) + (rest.empty() ? "" : naming::pascal(rest));
}

void GoGen::objects(Emitter& e) const {
  for (const model::Object& o : m_.objects) {
    VarMap v = {
        {"T", go::exported(o.name)}, {"c", c_abi::type_name(m_, o.name)}, {"o", o.name.original}};
    doc(e, o.doc);
    if (!o.doc.empty()) e.print("//");
    e.emit(R"(
          // $T$ is a reference to a $o$ living in its client's context. The object
          // lives while any reference (here or in the library) holds it: Close a
          // reference when done with it. A finalizer closes a forgotten one, as a leak
          // backstop only (it runs whenever the garbage collector gets to it). Every
          // reference to one object has the same Handle; use Equal to compare.
          type $T$ struct {
          	c      *Client
          	handle uint64
          	closed atomic.Bool
          }

          // Handle is the object's handle, the same for every reference to it (0 for nil).
          func (o *$T$) Handle() uint64 {
          	if o == nil {
          		return 0
          	}
          	return o.handle
          }

          // Equal reports whether o and other are references to the same object.
          func (o *$T$) Equal(other *$T$) bool {
          	return o.Handle() == other.Handle()
          }

          // Close drops this reference; the object lives on while others hold it.
          // Close is idempotent; calls through a closed reference return an error.
          func (o *$T$) Close() {
          	if o == nil || !o.closed.CompareAndSwap(false, true) {
          		return
          	}
          	runtime.SetFinalizer(o, nil)
          	C.$c$_release(o.c.ctx, C.$c${handle: C.uint64_t(o.handle)})
          }

          // Clone returns another reference to the same object (Close it too).
          func (o *$T$) Clone() (*$T$, error) {
          	h := o.cHandle()
          	if h.handle == 0 || C.$c$_retain(o.c.ctx, h) != C.FFIDL_OK {
          		return nil, &Error{Message: "$o$.Clone: not a live reference"}
          	}
          	return o.c.wrap$T$(h), nil
          }

          // cHandle is the handle lent to a call: 0 for a nil or closed reference,
          // which the library refuses.
          func (o *$T$) cHandle() C.$c$ {
          	if o == nil || o.closed.Load() {
          		return C.$c${}
          	}
          	return C.$c${handle: C.uint64_t(o.handle)}
          }

          // retain$T$ takes a reference of the client's own to a handle borrowed in a
          // callback; on failure it panics with ffidlDecodeError (recovered into an
          // error where the answer is decoded).
          func (c *Client) retain$T$(h C.$c$) *$T$ {
          	if C.$c$_retain(c.ctx, h) != C.FFIDL_OK {
          		panic(ffidlDecodeError("$o$: " + C.GoString(C.$lib$_last_error())))
          	}
          	return c.wrap$T$(h)
          }

          func (c *Client) wrap$T$(h C.$c$) *$T$ {
          	o := &$T${c: c, handle: uint64(h.handle)}
          	runtime.SetFinalizer(o, (*$T$).Close)
          	return o
          }
          )",
           with(v, "lib", lib_));
    e.blank();
    for (int i : o.ctors) {
      const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
      if (!c_abi::native(c)) continue;
      auto [params, args] = go_params(c);
      VarMap cv = {{"F", ctor_func(o, c)},
                   {"T", go::exported(o.name)},
                   {"flat", go::exported(c.name)},
                   {"p", params.empty() ? "" : ", " + params},
                   {"a", args.empty() ? "" : ", " + args},
                   {"returns", "(" + type_name(c.result) + ", error)"}};
      doc(e, c.doc);
      if (!c.doc.empty()) e.print("//");
      e.emit(R"(
            // $F$ is a ctor of $T$ (the same as c.$flat$).
            func $F$(c *Client$p$) $returns$ {
            	return c.$flat$($a2$)
            }

            // $F$Context is $F$ that stops waiting when ctx is done.
            func $F$Context(ctx context.Context, c *Client$p$) $returns$ {
            	return c.$flat$Context(ctx$a$)
            }
            )",
             with(cv, "a2", args));
      e.blank();
    }
    for (int i : o.procs) {
      const model::Func& f = m_.procs[static_cast<std::size_t>(i)];
      if (!c_abi::native(f)) continue;
      std::string params, args;
      for (std::size_t k = 1; k < f.params.size(); ++k) {
        params += (params.empty() ? "" : ", ") + param_name(f.params[k]) + " " +
                  type_name(f.params[k].type);
        args += ", " + param_name(f.params[k]);
      }
      VarMap pv = {{"M", go::exported(f.member_name)},
                   {"T", go::exported(o.name)},
                   {"flat", go::exported(f.name)},
                   {"p", params},
                   {"pc", params.empty() ? "" : ", " + params},
                   {"a", args},
                   {"returns", f.result ? "(" + type_name(f.result) + ", error)" : "error"}};
      doc(e, f.doc);
      e.emit(R"(
            func (o *$T$) $M$($p$) $returns$ {
            	return o.c.$flat$(o$a$)
            }

            // $M$Context is $M$ that stops waiting when ctx is done.
            func (o *$T$) $M$Context(ctx context.Context$pc$) $returns$ {
            	return o.c.$flat$Context(ctx, o$a$)
            }
            )",
             pv);
      e.blank();
    }
  }
}

}  // namespace ffidl::gen::go
