// Checking, copying and staging a native call's arguments on the caller's
// thread, and the guards every export runs in.
#include "cpp/glue.hpp"

namespace ffidl::gen::cpp {

void Glue::native_args(const model::Func& f, const char* bad, const std::string& export_name,
                       bool staging) {
  for (const model::Field& p : f.params) {
    if (p.type->kind == TypeKind::struct_)
      e_.print(
          "if (!$name$) return ffidl::exports::fail(\"$x$\", \"argument '$name$' is NULL\"), $b$;",
          {{"name", p.name.snake}, {"b", bad}, {"x", export_name}});
  }
  if (staging && any_staged(f)) e_.print("ffidl::pod::Arena ffidl_arena;");
  for (const model::Field& p : f.params) {
    if (staging && lowering::staged(m_, p.type)) {
      stage_arg(p);
      continue;
    }
    e_.print("auto ffidl_arg_$name$ = $e$;",
             {{"name", p.name.snake}, {"e", marshal_.from_param(p.type, p.name.snake)}});
  }
}

std::vector<const model::Type*> Glue::staged_types() const {
  std::vector<const model::Type*> out;
  for (const auto* fs : {&m_.procs, &m_.static_procs}) {
    for (const model::Func& f : *fs) {
      if (!c_abi::native(f)) continue;
      for (const model::Field& p : f.params) {
        if (lowering::staged(m_, p.type)) out.push_back(p.type);
      }
    }
  }
  return out;
}

bool Glue::any_staged(const model::Func& f) const {
  for (const model::Field& p : f.params) {
    if (lowering::staged(m_, p.type)) return true;
  }
  return false;
}

void Glue::stage_arg(const model::Field& p) {
  const std::string n = p.name.snake, s = "ffidl_pod_" + n;
  const VarMap vars{{"n", n}, {"s", s}};
  switch (lowering::passing(p.type)) {
    case lowering::Passing::pointer:
      e_.print("auto* $s$ = ffidl_arena.copy(*$n$);", vars);
      marshal_.stage(p.type, lowering::field("", "*" + n), lowering::field("", "*" + s), n,
                     "ffidl_arena");
      break;
    case lowering::Passing::optional_pointer:
      // A caller that sets has_ with a NULL pointer passes nothing.
      e_.emit(R"(
          auto* $s$ = has_$n$ && $n$ ? ffidl_arena.copy(*$n$) : nullptr;
          bool has_$s$ = $s$ != nullptr;
          if ($s$) {
          )",
              vars);
      e_.indent();
      marshal_.stage(p.type->elem, lowering::field("", "*" + n), lowering::field("", "*" + s), n,
                     "ffidl_arena");
      e_.outdent();
      e_.print("}");
      break;
    default: {
      auto from = c_abi::param_members(m_, p.type, n);
      auto to = c_abi::param_members(m_, p.type, s);
      for (std::size_t i = 0; i < from.size(); ++i)
        e_.print("auto $t$ = $f$;", {{"t", to[i].name}, {"f", from[i].name}});
      marshal_.stage(p.type, lowering::field("", n), lowering::field("", s), n, "ffidl_arena");
    }
  }
}

std::string Glue::native_captures(const model::Func& f) const {
  std::string out;
  auto add = [&](const std::string& c) { out += (out.empty() ? "" : ", ") + c; };
  if (any_staged(f)) add("ffidl_arena = std::move(ffidl_arena)");
  for (const model::Field& p : f.params) {
    if (!lowering::staged(m_, p.type)) continue;
    for (const c_abi::Member& mem : c_abi::param_members(m_, p.type, "ffidl_pod_" + p.name.snake))
      add(mem.name);
  }
  for (const model::Field& p : f.params) {
    if (!lowering::staged(m_, p.type))
      add("ffidl_arg_" + p.name.snake + " = std::move(ffidl_arg_" + p.name.snake + ")");
  }
  return out;
}

std::string Glue::converted_args(const model::Func& f) const {
  if (!any_staged(f)) return "";
  std::string out;
  for (const model::Field& p : f.params) {
    if (lowering::staged(m_, p.type))
      out += "    auto ffidl_arg_" + p.name.snake + " = " +
             marshal_.from_param(p.type, "ffidl_pod_" + p.name.snake, p.name.snake) + ";\n";
  }
  return out + "    ffidl_arena.release();  // frees the staged copies on the loop\n";
}

std::string Glue::captures(const model::Func& f, const std::string& from) const {
  std::string out;
  for (const model::Field& p : f.params) {
    out += std::string(out.empty() ? "" : ", ") + "ffidl_arg_" + p.name.snake + " = std::move(" +
           from + p.name.snake + ")";
  }
  return out;
}

void Glue::start_ctor(const model::Func& c, const std::string& prefix,
                      const std::string& export_name, const std::string& paused_flag) {
  std::string caps = captures(c, prefix);
  std::string moved;
  for (const model::Field& p : c.params)
    moved += ", std::move(ffidl_arg_" + p.name.snake + ")";
  e_.print(
      "auto ctor = [$caps$](ffidl::Context& ctx) mutable { return make_service(&ctx$m$); };\n"
      "return ffidl::exports::create(\"$x$\", info(), options(), std::move(ctor), cb, "
      "user_data$f$);",
      {{"caps", caps}, {"m", moved}, {"x", export_name}, {"f", paused_flag}});
}

void Glue::open_guard(const std::string& export_name, const std::string& on_error,
                      const std::string& result) {
  e_.indent();
  e_.print("return ffidl::exports::guarded(\"$x$\", $e$, [&]() -> $r$ {",
           {{"x", export_name}, {"e", on_error}, {"r", result}});
  e_.indent();
}

void Glue::close_guard() {
  e_.outdent();
  e_.print("});");
  e_.outdent();
  e_.print("}");
}

void Glue::object_scope(const model::Func& f) {
  for (const model::Field& p : f.params) {
    if (model::holds_objects(p.type)) {
      e_.print("ffidl::ObjectScope ffidl_scope(*ffidl_ctx);");
      return;
    }
  }
}

}  // namespace ffidl::gen::cpp
