// The exported C ABI: one definition per row of the export table.
#include "cpp/glue.hpp"

namespace ffidl::gen::cpp {

void Glue::exports() {
  e_.print("\n// ---- the exported C ABI ----");
  for (const exports::Export& row : table_)
    define(row);
}

std::string Glue::opening(const exports::Export& row) {
  std::string params;
  for (const exports::Param& p : row.params)
    params += (params.empty() ? "" : ", ") + p.type.cpp() + " " + p.name;
  return "\nFFIDL_EXPORT " + row.result.cpp() + " " + row.symbol + "(" + params + ") {";
}

void Glue::define(const exports::Export& row) {
  using K = exports::Kind;
  switch (row.kind) {
    case K::ctor:
      return row.wire == exports::Wire::native ? ctor_native(row) : ctor_cbor(row);
    case K::proc:
    case K::static_proc:
      return row.wire == exports::Wire::native ? proc_native(row) : proc_cbor(row);
    case K::run_ctor:
      return forward(row, "run_ctor(ctx)");
    case K::dtor:
      return forward(row, "destroy(ctx)");
    case K::set_stale_warn_interval:
      return forward(row, "set_stale_warn_interval(ctx, ms)");
    case K::set_request_queue_limit:
      return forward(row, "set_request_queue_limit(ctx, limit)");
    case K::set_wait_spin:
      return forward(row, "set_wait_spin(ctx, spin_ns)");
    case K::dropped_events:
      return forward(row, "dropped_events(ctx)");
    case K::object_retain:
    case K::object_release:
      return object_reference(row);
    case K::live_objects:
      return forward(row, "live_objects(ctx)");
    case K::add_event_listener:
      return forward(
          row, std::string("add_event_listener(ctx, event, ") + wire(row) + ", cb, user_data)");
    case K::remove_event_listener:
      return forward(row, "remove_event_listener(ctx, listener_id)");
    case K::register_host_fn:
      if (row.wire == exports::Wire::native) host_registry();
      e_.print(opening(row));
      e_.print("    return register_host(ctx, name, $wire$, fn, user_data);\n}",
               {{"wire", wire(row)}});
      return;
    case K::host_complete:
      return forward(row, "host_complete(ctx, call_id, ret, msg, len)");
    case K::error_message:
      return error_message(row);
    case K::last_error:
      return forward(row, "last_error()");
    case K::is_library_thread:
      return forward(row, "is_library_thread(ctx)");
    case K::wait_spin:
      return forward(row, "wait_spin(ctx)");
    case K::abi_descriptor:
      return abi_descriptor(row);
    case K::abi_hash:
      e_.print(opening(row));
      e_.emit(R"(
              if (version) *version = "$version$";
              return $hash$ull;
          }
          )",
              {{"version", m_.library.version}, {"hash", c_abi::abi_hash_hex(m_)}});
      return;
    case K::abi_check:
      return abi_check(row);
  }
}

void Glue::ctor_native(const exports::Export& row) {
  e_.print(opening(row));
  open_guard(row.symbol, "static_cast<void*>(nullptr)", "void*");
  e_.print(
      "if (!cb) return ffidl::exports::fail(\"$export$\", \"the callback is NULL\"), "
      "nullptr;\nusing namespace $ns$;",
      {{"ns", ns_}, {"export", row.symbol}});
  native_args(*row.func, "nullptr", row.symbol, false);
  start_ctor(*row.func, "ffidl_arg_", row.symbol, row.paused ? ", true" : "");
  close_guard();
}

void Glue::ctor_cbor(const exports::Export& row) {
  const model::Func& c = *row.func;
  const std::string paused = row.paused ? ", true" : "";
  e_.print(opening(row));
  open_guard(row.symbol, "static_cast<void*>(nullptr)", "void*");
  e_.emit(R"(
        if (!cb) return ffidl::exports::fail("$export$", "the callback is NULL"), nullptr;
        using namespace $ns$;
        CtorParams params;
        ffidl::CborReader r(req, len);
        if ($bad_request$) {
            std::string error = "$export$: bad request: " + r.error();
            auto failing = [error](ffidl::Context&) { return fail_ctor(error); };
            return ffidl::exports::create("$export$", info(), options(), failing, cb, user_data$paused$);
        })",
          {{"ns", ns_},
           {"export", row.symbol},
           {"bad_request", bad_request(c, "params")},
           {"paused", paused}});
  for (const model::Field& p : c.params)
    e_.print("auto ffidl_arg_$name$ = std::move(params.$name$);", {{"name", p.name.snake}});
  start_ctor(c, "ffidl_arg_", row.symbol, paused);
  close_guard();
}

void Glue::object_reference(const exports::Export& row) {
  const bool retain = row.kind == exports::Kind::object_retain;
  e_.print(opening(row));
  e_.print(
      "    return ffidl::exports::object_$verb$(\"$export$\", ctx, obj.handle, \"$object$\");\n}",
      {{"verb", retain ? "retain" : "release"},
       {"export", row.symbol},
       {"object", row.object->name.original}});
}

void Glue::host_registry() {
  std::string names;
  for (const model::Func& h : m_.hosts)
    names += "\n        {\"" + h.name.snake + "\", " + wire_set(h) + "},";
  e_.print(R"(
namespace {
int register_host(void* ctx, const char* name_c, ffidl::Wire wire, ffidl_host_fn fn, void* user_data) {
    const char* x = wire == ffidl::Wire::native ? "$lib$_register_host_fn" : "$lib$_register_host_fn_cbor";
    std::shared_ptr<ffidl::Context> c = ffidl::handles().get(ctx);
    if (!c) return ffidl::exports::bad_handle(x);
    if (!name_c) return ffidl::exports::fail(x, "the name is NULL");
    if (!fn) return ffidl::exports::fail(x, "the host fn is NULL"), FFIDL_MISSING_CALLBACK;
    static constexpr struct {
        std::string_view name;
        ffidl::WireSet wires;
    } hosts[] = {$names$
    };
    std::string_view name(name_c);
    for (const auto& h : hosts) {
        if (h.name != name) continue;
        if (!ffidl::allows(h.wires, wire)) {
            return ffidl::exports::fail(x, "this host fn is declared for the other wire ([abi = ...]): ", name);
        }
        return c->register_host_fn(name, wire, fn, user_data);
    }
    return ffidl::exports::fail(x, "$lib$ has no host fn named ", name);
}
}  // namespace)",
           {{"lib", m_.library.name.original}, {"names", names}});
}

void Glue::error_message(const exports::Export& row) {
  e_.print(opening(row));
  e_.emit(R"glue(
            return ffidl::exports::guarded("$export$", size_t{0}, [&]() -> size_t {
                std::string text;
                try {
                    text = error ? $ns$::glue::from_pod(*error).message() : "(no error: NULL)";
                } catch (const ffidl::pod::Invalid& e) {
                    text = std::string("(not a valid $error$: ") + e.what() + ")";
                }
                return ffidl::exports::copy_text(text, buf, cap);
            });
        }
          )glue",
          {{"export", row.symbol}, {"ns", ns_}, {"error", row.error->name.original}});
}

void Glue::abi_check(const exports::Export& row) {
  e_.print(opening(row));
  e_.emit(
      R"(
            static const ffidl::exports::AbiDecl mine[] = {
                $decls$
            };
            return ffidl::exports::abi_check(mine, sizeof mine / sizeof mine[0], names, hashes, n);
        })",
      {},
      {{"decls", [&] {
          std::vector<c_abi::AbiDecl> decls = c_abi::abi_decls(m_);
          for (const c_abi::AbiDecl& d : decls) {
            e_.print("{\"$name$\", $hash$ull},", {{"name", d.name}, {"hash", c_abi::hex(d.hash)}});
          }
          if (decls.empty()) e_.print("{\"\", 0},  // no functions");
        }}});
}

void Glue::abi_descriptor(const exports::Export& row) {
  std::vector<std::uint8_t> desc = descriptor(m_);
  e_.print(opening(row));
  e_.print("    static const uint8_t descriptor[] = {");
  e_.indent();
  e_.indent();
  for (std::size_t i = 0; i < desc.size(); i += 16) {
    std::string line;
    for (std::size_t k = i; k < std::min(desc.size(), i + 16); ++k)
      line += fmt::format("0x{:02x}, ", desc[k]);
    line.pop_back();
    e_.print(line);
  }
  e_.outdent();
  e_.emit(R"(
      };
      if (len) *len = sizeof descriptor;
      return descriptor;
      )");
  e_.outdent();
  e_.print("}");
}

Glue::Reach Glue::reach(const exports::Export& row) {
  const bool is_static = row.kind == exports::Kind::static_proc;
  Reach r;
  r.get = is_static ? "ffidl::Context& ffidl_ctx = ffidl::Context::static_context(info());"
                    : "std::shared_ptr<ffidl::Context> ffidl_ctx = ffidl::handles().get(ctx);\n"
                      "if (!ffidl_ctx) return ffidl::exports::bad_handle(\"" +
                          row.symbol + "\");";
  r.via = is_static ? "ffidl_ctx." : "ffidl_ctx->";
  r.service = is_static ? "" : "static_cast<Service*>(ffidl_service), ";
  r.lambda = is_static ? "ffidl::ServiceBase*" : "ffidl::ServiceBase* ffidl_service";
  for (const model::Field& p : row.func->params)
    r.moved += ", std::move(ffidl_arg_" + p.name.snake + ")";
  return r;
}

/// What both wires' proc exports start with: the signature, the guard, the
/// callback check, the context and the object scope.
Glue::Reach Glue::proc_opening(const exports::Export& row) {
  const Reach r = reach(row);
  e_.print(opening(row));
  open_guard(row.symbol, "FFIDL_ERR", "int");
  e_.print("if (!cb) return FFIDL_MISSING_CALLBACK;\nusing namespace $ns$;", {{"ns", ns_}});
  e_.print(r.get);
  object_scope(*row.func);
  return r;
}

void Glue::proc_native(const exports::Export& row) {
  const model::Func& f = *row.func;
  const Reach r = proc_opening(row);
  native_args(f, "FFIDL_ERR", row.symbol, true);
  e_.emit(R"(
      return $via$submit(cb, user_data, [$captures$]($lambda$) mutable {
      $conversions$    return run_$name$($service$Wire::native$moved$);
      });
      )",
          {{"via", r.via},
           {"captures", native_captures(f)},
           {"conversions", converted_args(f)},
           {"lambda", r.lambda},
           {"name", f.name.snake},
           {"service", r.service},
           {"moved", r.moved}});
  close_guard();
}

void Glue::proc_cbor(const exports::Export& row) {
  const model::Func& f = *row.func;
  const Reach r = proc_opening(row);
  e_.print("$Name$Params ffidl_params;\nffidl::CborReader r(req, len);", {{"Name", f.name.pascal}});
  e_.emit(
      R"(
      if ($bad_request$) {
          std::string error = "$export$: bad request: " + r.error();
          return $via$submit(cb, user_data, [error](ffidl::ServiceBase*) { return fail_now(error); });
      }
      )",
      {{"bad_request", bad_request(f, "ffidl_params")}, {"export", row.symbol}, {"via", r.via}});
  std::string captures;
  for (const model::Field& p : f.params)
    captures += std::string(captures.empty() ? "" : ", ") + "ffidl_arg_" + p.name.snake +
                " = std::move(ffidl_params." + p.name.snake + ")";
  e_.emit(R"(
      return $via$submit(cb, user_data, [$captures$]($lambda$) mutable {
          return run_$name$($service$Wire::cbor$moved$);
      });
      )",
          {{"via", r.via},
           {"captures", captures},
           {"lambda", r.lambda},
           {"name", f.name.snake},
           {"service", r.service},
           {"moved", r.moved}});
  close_guard();
}

}  // namespace ffidl::gen::cpp
