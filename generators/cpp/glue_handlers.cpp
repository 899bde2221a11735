// The glue's handler side: each function's run_ wrapper, host-call
// awaitables and event emitters.
#include "cpp/glue.hpp"

namespace ffidl::gen::cpp {

std::string Glue::typed_params(const model::Func& f) const {
  std::string out;
  for (const model::Field& p : f.params)
    out += ", " + cpp_t(p.type) + " " + p.name.snake;
  return out;
}

std::string Glue::moved_params(const model::Func& f, std::size_t from) const {
  std::string out;
  for (std::size_t i = from; i < f.params.size(); ++i)
    out += std::string(out.empty() ? "" : ", ") + "std::move(" + f.params[i].name.snake + ")";
  return out;
}

void Glue::handlers() {
  e_.print("\n// ---- handlers: run on the loop ----");
  if (m_.ctor) {
    e_.print(
        "\nffidl::Task<ffidl::Result<std::unique_ptr<ffidl::ServiceBase>>> "
        "make_service(ffidl::Context* ffidl_ctx$p$) {",
        {{"p", typed_params(*m_.ctor)}});
    e_.indent();
    e_.emit(R"(
        ffidl::Result<std::unique_ptr<Service>> ffidl_made = co_await ::$ns$::$name$($a$);
        if (!ffidl_made) co_return ffidl_made.error();
        if (!*ffidl_made) co_return ffidl::Error{"the ctor returned no service"};
        ServiceAccess::wire(**ffidl_made, *ffidl_ctx);
        co_return std::unique_ptr<ffidl::ServiceBase>(std::move(*ffidl_made));
        )",
            {{"ns", ns_}, {"name", m_.ctor->name.snake}, {"a", moved_params(*m_.ctor)}});
    e_.outdent();
    e_.print("}");
  }
  auto one = [&](const model::Func& f, bool is_static) {
    e_.print("\nffidl::Task<ffidl::Reply> run_$name$($s$Wire ffidl_wire$p$) {",
             {{"name", f.name.snake},
              {"s", is_static ? "" : "Service* ffidl_service, "},
              {"p", typed_params(f)}});
    e_.indent();
    std::string call =
        is_static ? "::" + ns_ + "::" + f.name.snake : "ffidl_service->" + f.name.snake;
    std::string args = moved_params(f);
    if (f.member == model::Member::ctor) {
      call = m_.owner_of(f).name.pascal + "Service::" + cpp::member_name(f);
      args = "*ffidl_service" + std::string(args.empty() ? "" : ", ") + args;
    } else if (f.member == model::Member::proc) {
      // The receiver was looked up when the call was made: never null.
      call = "obj->" + cpp::member_name(f);
      args = moved_params(f, 1);
      e_.print("(void)ffidl_service;");
    }
    e_.print("$r$ ffidl_result = co_await $c$($a$);",
             {{"r", cpp::result_type(m_, f)}, {"c", call}, {"a", args}});
    if (f.raises) {
      e_.emit(R"(
          if (!ffidl_result) {
              if (const auto* ffidl_raised = ffidl_result.error().typed())
                  co_return raise_$suffix$(ffidl_wire, *ffidl_raised);
              co_return ffidl::Reply::error(ffidl_result.error().untyped()->message);
          }
          )",
              {{"suffix", mangle(f.raises)}});
    } else {
      e_.print("if (!ffidl_result) co_return ffidl::Reply::error(ffidl_result.error().message);");
    }
    if (f.result) {
      e_.print("co_return reply_$suffix$(ffidl_wire, *ffidl_result);",
               {{"suffix", mangle(f.result)}});
    } else {
      e_.print("(void)ffidl_wire;\nco_return ffidl::Reply::ok();");
    }
    e_.outdent();
    e_.print("}");
  };
  for (const model::Func& f : m_.procs)
    one(f, false);
  for (const model::Func& f : m_.static_procs)
    one(f, true);
}

void Glue::host_and_events() {
  for (const model::Func& h : m_.hosts) {
    std::string R = cpp::result_type(m_, h);
    std::string params;
    for (const model::Field& p : h.params)
      params += std::string(params.empty() ? "" : ", ") + cpp_t(p.type) + " " + p.name.snake;
    e_.print("\nffidl::Task<$R$> Host::$name$($p$) {",
             {{"R", R}, {"name", h.name.snake}, {"p", params}});
    e_.indent();
    e_.print("static const std::string ffidl_name = \"$name$\";\n$Name$Args ffidl_args{$a$};",
             {{"name", h.name.snake}, {"Name", h.name.pascal}, {"a", moved_params(h)}});
    e_.print(
        "// Named locals, not temporaries in the co_await (see ffidl::Context::call_host).\n"
        "ffidl::Render ffidl_render = [ffidl_args](Wire wire) { return render_payload(wire, "
        "ffidl_args); };");
    const bool objects = model::holds_objects(h.result);
    e_.print(
        "ffidl::HostDecode<$R$> ffidl_decode = [$cap$](Wire wire, int code, const void* msg, "
        "std::size_t len) -> $R$ {",
        {{"R", R}, {"cap", objects ? "this" : ""}});
    e_.indent();
    // Handles in the answer name objects of this context.
    if (objects) e_.print("ffidl::ObjectScope ffidl_scope(ctx_);");
    if (h.raises) {
      e_.emit(R"(
          if (code == FFIDL_ERR_TYPED) {
              auto raised = answer_$suffix$(wire, msg, len);
              if (!raised) return std::move(raised).error();
              return ffidl::raise(std::move(*raised));
          }
          )",
              {{"suffix", mangle(h.raises)}});
    } else {
      e_.print(
          "if (code == FFIDL_ERR_TYPED)\n    return ffidl::Error{\"the host answered "
          "FFIDL_ERR_TYPED, but host fn '$name$' raises no typed error\"};",
          {{"name", h.name.original}});
    }
    if (h.result) {
      e_.emit(R"(
          auto ffidl_value = answer_$suffix$(wire, msg, len);
          if (!ffidl_value) return std::move(ffidl_value).error();
          return std::move(*ffidl_value);
          )",
              {{"suffix", mangle(h.result)}});
    } else {
      e_.print("(void)wire, (void)msg, (void)len;\nreturn $R$();", {{"R", R}});
    }
    e_.outdent();
    e_.print("};");
    e_.print("co_return co_await ctx_.call_host<$R$>(ffidl_name, ffidl_render, ffidl_decode);",
             {{"R", R}});
    e_.outdent();
    e_.print("}");
  }
  for (std::size_t i = 0; i < m_.events.size(); ++i) {
    const model::Func& ev = m_.events[i];
    std::string params;
    for (const model::Field& p : ev.params)
      params += std::string(params.empty() ? "" : ", ") + cpp_t(p.type) + " " + p.name.snake;
    e_.emit(R"(

        bool Events::$name$($p$) {
            $Name$Event ffidl_event{$a$};
            return ctx_.emit($value$, [ffidl_event = std::move(ffidl_event)](Wire wire) {
                return render_payload(wire, ffidl_event);
            });
        }
        )",
            {{"name", ev.name.snake},
             {"p", params},
             {"Name", ev.name.pascal},
             {"a", moved_params(ev)},
             {"value", std::to_string(i)}});
  }
}

}  // namespace ffidl::gen::cpp
