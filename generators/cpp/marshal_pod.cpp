// The POD functions of every record and helper struct: from_pod, to_pod,
// free_pod, and staging a caller's argument.
#include "cpp/marshal.hpp"

namespace ffidl::gen::cpp {

std::vector<Marshal::PodType> Marshal::pod_types() {
  std::vector<PodType> out;
  for (const Record& r : records_) {
    if (!r.c_name.empty()) out.push_back({r.c_name, r.name, &r, nullptr});
  }
  for (const model::Type* t : c_abi::helper_types(m_)) {
    out.push_back({c_abi::helper_name(m_, t), cpp_t(t), nullptr, t});
  }
  return out;
}

void Marshal::pod_declarations() {
  e_.emit(R"(

        // ---- native wire: POD <-> value ----
        )");
  for (const PodType& p : pod_types()) {
    e_.emit(R"(
          $l$$v$ from_pod(const $c$& in);
          $l$void to_pod(const $v$& v, $c$& out);
          $l$void free_pod($c$& p);
          )",
            {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
  }
  e_.emit(R"(

        template <typename C>
        void free_boxed(C* p) {
            free_pod(*p);
            delete p;
        }
        )");
}

void Marshal::union_pod(const PodType& p) {
  union_from_pod(p);
  union_to_pod(p);
  union_free_pod(p);
}

void Marshal::union_from_pod(const PodType& p) {
  const model::Union& u = *p.record->union_;
  e_.blank();
  e_.print("$l$$v$ from_pod(const $c$& in) {", {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
  e_.indent();
  if (untrusted_ && u.recursive)
    e_.print("ffidl::pod::NestingGuard nesting(\"$v$\");  // bounds hostile depth", {{"v", p.cpp}});
  e_.print("switch (in.tag) {");
  e_.indent();
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    std::string T = cpp::variant_type(u, v);
    if (v.fields.empty()) {
      e_.print("case $value$:\n    return $Type${};", {{"value", std::to_string(i)}, {"Type", T}});
      continue;
    }
    e_.print("case $value$: {\n    $Type$ out;", {{"value", std::to_string(i)}, {"Type", T}});
    e_.indent();
    for (const model::Field& f : v.fields) {
      std::string path = v.name.snake + "." + f.name.snake;
      e_.print(cat({"out.", f.name.snake, " = ",
                    within(path, lift(f.type, lowering::variant_field("in.", v, f))), ";"}));
    }
    e_.print("return out;");
    e_.outdent();
    e_.print("}");
  }
  e_.outdent();
  e_.print("}");
  // A tag this side does not know: a caller's mistake, or a newer peer.
  e_.print("throw ffidl::pod::Invalid(std::to_string(in.tag) + \" is not a variant of $name$\");",
           {{"name", u.name.original}});
  e_.outdent();
  e_.print("}");
}

void Marshal::union_to_pod(const PodType& p) {
  const model::Union& u = *p.record->union_;
  e_.emit(R"(

        $l$void to_pod(const $v$& v, $c$& out) {
            out = $c${};
        )",
          {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
  e_.indent();
  e_.print("out.tag = static_cast<std::int32_t>(v.index());");
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    if (v.fields.empty()) continue;
    e_.print("if (const auto* p = v.as_$name$()) {", {{"name", v.name.snake}});
    e_.indent();
    for (const model::Field& f : v.fields)
      lower(f.type, "p->" + f.name.snake, lowering::variant_field("out.", v, f));
    e_.outdent();
    e_.print("}");
  }
  e_.outdent();
  e_.print("}");
}

void Marshal::union_free_pod(const PodType& p) {
  const model::Union& u = *p.record->union_;
  e_.emit(R"(

        $l$void free_pod($c$& p) {
        )",
          {{"c", p.c}, {"l", linkage_}});
  e_.indent();
  bool any = false;
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    bool owns = false;
    for (const model::Field& f : v.fields)
      owns = owns || lowering::owns_memory(f.type);
    if (!owns) continue;
    any = true;
    e_.print("if (p.tag == $value$) {", {{"value", std::to_string(i)}});
    e_.indent();
    for (const model::Field& f : v.fields) {
      if (lowering::owns_memory(f.type)) release(f.type, lowering::variant_field("p.", v, f));
    }
    e_.outdent();
    e_.print("}");
  }
  if (!any) e_.print("(void)p;");
  e_.outdent();
  e_.print("}");
}

void Marshal::stage_functions(const std::vector<const model::Type*>& staged) {
  std::set<std::string> reached;  // the C structs' names
  std::set<const model::Type*> seen;
  std::function<void(const model::Type*)> reach = [&](const model::Type* t) {
    if (!seen.insert(t).second) return;
    if (t->kind == model::TypeKind::struct_ || t->kind == model::TypeKind::union_)
      reached.insert(c_abi::element_type(m_, t));
    if (c_abi::in_helper(t)) reached.insert(c_abi::helper_name(m_, t));
    model::for_each_held(m_, t, [&](const model::Type* held, model::Held, int) { reach(held); });
  };
  for (const model::Type* t : staged)
    reach(t);
  std::vector<PodType> types;
  for (const PodType& p : pod_types()) {
    if (reached.count(p.c)) types.push_back(p);
  }
  if (types.empty()) return;
  e_.emit(R"(

        // ---- native wire: staging a caller's argument (ffidl/stage.hpp) ----
        )");
  for (const PodType& p : types)
    e_.print("$l$void stage_pod(const $c$& in, $c$& out, ffidl::pod::Arena& a);",
             {{"c", p.c}, {"l", linkage_}});
  for (const PodType& p : types) {
    e_.blank();
    e_.print("$l$void stage_pod(const $c$& in, $c$& out, ffidl::pod::Arena& a) {",
             {{"c", p.c}, {"l", linkage_}});
    e_.indent();
    if (p.record && p.record->recursive)
      e_.print("ffidl::pod::NestingGuard nesting(\"$v$\");  // bounds hostile depth",
               {{"v", p.cpp}});
    std::size_t before = e_.str().size();
    if (p.record && p.record->union_) {
      stage_union(*p.record->union_);
    } else if (p.record) {
      for (const model::Field& f : p.record->fields)
        stage(f.type, lowering::field("in.", f.name.snake), lowering::field("out.", f.name.snake),
              f.name.snake);
    } else {
      Stage stage(*this, "a");
      lowering::stage(p.helper, lowering::field("in.", "value"), lowering::field("out.", "value"),
                      stage);
    }
    if (e_.str().size() == before)
      e_.emit(R"(
          (void)in;
          (void)out;
          (void)a;
          )");
    e_.outdent();
    e_.print("}");
  }
}

void Marshal::stage_union(const model::Union& u) {
  e_.emit(R"(
        (void)out;
        (void)a;
        switch (in.tag) {
        )");
  e_.indent();
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    e_.print("case $value$:", {{"value", std::to_string(i)}});
    e_.indent();
    for (const model::Field& f : v.fields)
      stage(f.type, lowering::variant_field("in.", v, f), lowering::variant_field("out.", v, f),
            v.name.snake + "." + f.name.snake);
    e_.print("return;");
    e_.outdent();
  }
  e_.outdent();
  e_.print("}");
  e_.print("throw ffidl::pod::Invalid(std::to_string(in.tag) + \" is not a variant of $name$\");",
           {{"name", u.name.original}});
}

void Marshal::pod_definitions() {
  for (const PodType& p : pod_types()) {
    if (p.record && p.record->union_) {
      union_pod(p);
      continue;
    }
    std::vector<std::pair<const model::Type*, std::string>> fields;
    if (p.record) {
      for (const model::Field& f : p.record->fields)
        fields.emplace_back(f.type, f.name.snake);
    } else {
      fields.emplace_back(p.helper, "value");
    }
    e_.blank();
    e_.print("$l$$v$ from_pod(const $c$& in) {", {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
    e_.indent();
    if (p.record) {
      if (untrusted_ && p.record->recursive)
        e_.print("ffidl::pod::NestingGuard nesting(\"$v$\");  // bounds hostile depth",
                 {{"v", p.cpp}});
      e_.print("$v$ out;", {{"v", p.cpp}});
      for (const auto& [t, n] : fields)
        e_.print(cat({"out.", n, " = ", within(n, lift(t, lowering::field("in.", n))), ";"}));
      e_.print("return out;");
    } else {
      e_.print(cat({"return ", lift(p.helper, lowering::field("in.", "value")), ";"}));
    }
    e_.outdent();
    e_.emit(R"(
          }

          $l$void to_pod(const $v$& v, $c$& out) {
          )",
            {{"v", p.cpp}, {"c", p.c}, {"l", linkage_}});
    e_.indent();
    for (const auto& [t, n] : fields)
      lower(t, p.record ? "v." + n : "v", lowering::field("out.", n));
    e_.outdent();
    e_.emit(R"(
          }

          $l$void free_pod($c$& p) {
          )",
            {{"c", p.c}, {"l", linkage_}});
    e_.indent();
    bool any = false;
    for (const auto& [t, n] : fields) {
      if (lowering::owns_memory(t)) {
        release(t, lowering::field("p.", n));
        any = true;
      }
    }
    if (!any) e_.print("(void)p;");
    e_.outdent();
    e_.print("}");
  }
}

}  // namespace ffidl::gen::cpp
