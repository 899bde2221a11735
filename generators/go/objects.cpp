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
    object_type(e, o);
    for (int i : o.ctors) {
      const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
      if (c_abi::native(c)) object_ctor(e, o, c);
    }
    for (int i : o.procs) {
      const model::Func& f = m_.procs[static_cast<std::size_t>(i)];
      if (c_abi::native(f)) object_method(e, o, f);
    }
  }
}

/// The reference type: handle, Equal, Close, Clone, and the client's
/// retain and wrap helpers.
void GoGen::object_type(Emitter& e, const model::Object& o) const {
  doc(e, o.doc);
  if (!o.doc.empty()) e.print("//");
  e.emit(R"(
        // $Type$ is a reference to a $object$ living in its client's context. The object
        // lives while any reference (here or in the library) holds it: Close a
        // reference when done with it. A finalizer closes a forgotten one, as a leak
        // backstop only (it runs whenever the garbage collector gets to it). Every
        // reference to one object has the same Handle; use Equal to compare.
        type $Type$ struct {
        	c      *Client
        	handle uint64
        	closed atomic.Bool
        }

        // Handle is the object's handle, the same for every reference to it (0 for nil).
        func (o *$Type$) Handle() uint64 {
        	if o == nil {
        		return 0
        	}
        	return o.handle
        }

        // Equal reports whether o and other are references to the same object.
        func (o *$Type$) Equal(other *$Type$) bool {
        	return o.Handle() == other.Handle()
        }

        // Close drops this reference; the object lives on while others hold it.
        // Close is idempotent; calls through a closed reference return an error.
        func (o *$Type$) Close() {
        	if o == nil || !o.closed.CompareAndSwap(false, true) {
        		return
        	}
        	runtime.SetFinalizer(o, nil)
        	C.$c_type$_release(o.c.ctx, C.$c_type${handle: C.uint64_t(o.handle)})
        }

        // Clone returns another reference to the same object (Close it too).
        func (o *$Type$) Clone() (*$Type$, error) {
        	h := o.cHandle()
        	if h.handle == 0 || C.$c_type$_retain(o.c.ctx, h) != C.FFIDL_OK {
        		return nil, &Error{Message: "$object$.Clone: not a live reference"}
        	}
        	return o.c.wrap$Type$(h), nil
        }

        // cHandle is the handle lent to a call: 0 for a nil or closed reference,
        // which the library refuses.
        func (o *$Type$) cHandle() C.$c_type$ {
        	if o == nil || o.closed.Load() {
        		return C.$c_type${}
        	}
        	return C.$c_type${handle: C.uint64_t(o.handle)}
        }

        // retain$Type$ takes a reference of the client's own to a handle borrowed in a
        // callback; on failure it panics with ffidlDecodeError (recovered into an
        // error where the answer is decoded).
        func (c *Client) retain$Type$(h C.$c_type$) *$Type$ {
        	if C.$c_type$_retain(c.ctx, h) != C.FFIDL_OK {
        		panic(ffidlDecodeError("$object$: " + C.GoString(C.$lib$_last_error())))
        	}
        	return c.wrap$Type$(h)
        }

        func (c *Client) wrap$Type$(h C.$c_type$) *$Type$ {
        	o := &$Type${c: c, handle: uint64(h.handle)}
        	runtime.SetFinalizer(o, (*$Type$).Close)
        	return o
        }
        )",
         {{"Type", go::exported(o.name)},
          {"c_type", c_abi::type_name(m_, o.name)},
          {"object", o.name.original},
          {"lib", lib_}});
  e.blank();
}

/// A ctor as a package function, `New<Type>...` (the same as the client's
/// flat method).
void GoGen::object_ctor(Emitter& e, const model::Object& o, const model::Func& c) const {
  auto [params, args] = go_params(c);
  doc(e, c.doc);
  if (!c.doc.empty()) e.print("//");
  e.emit(R"(
        // $Func$ is a ctor of $Type$ (the same as c.$Flat$).
        func $Func$(c *Client$more_params$) $returns$ {
        	return c.$Flat$($args$)
        }

        // $Func$Context is $Func$ that stops waiting when ctx is done.
        func $Func$Context(ctx context.Context, c *Client$more_params$) $returns$ {
        	return c.$Flat$Context(ctx$more_args$)
        }
        )",
         {{"Func", ctor_func(o, c)},
          {"Type", go::exported(o.name)},
          {"Flat", go::exported(c.name)},
          {"more_params", params.empty() ? "" : ", " + params},
          {"args", args},
          {"more_args", args.empty() ? "" : ", " + args},
          {"returns", "(" + type_name(c.result) + ", error)"}});
  e.blank();
}

/// A proc as a method of the reference (the object is the flat method's
/// first argument).
void GoGen::object_method(Emitter& e, const model::Object& o, const model::Func& f) const {
  std::string params, args;
  for (std::size_t k = 1; k < f.params.size(); ++k) {
    params +=
        (params.empty() ? "" : ", ") + param_name(f.params[k]) + " " + type_name(f.params[k].type);
    args += ", " + param_name(f.params[k]);
  }
  doc(e, f.doc);
  e.emit(R"(
        func (o *$Type$) $Method$($params$) $returns$ {
        	return o.c.$Flat$(o$more_args$)
        }

        // $Method$Context is $Method$ that stops waiting when ctx is done.
        func (o *$Type$) $Method$Context(ctx context.Context$more_params$) $returns$ {
        	return o.c.$Flat$Context(ctx, o$more_args$)
        }
        )",
         {{"Method", go::exported(f.member_name)},
          {"Type", go::exported(o.name)},
          {"Flat", go::exported(f.name)},
          {"params", params},
          {"more_params", params.empty() ? "" : ", " + params},
          {"more_args", args},
          {"returns", f.result ? "(" + type_name(f.result) + ", error)" : "error"}});
  e.blank();
}

}  // namespace ffidl::gen::go
