#include "cpp/common.hpp"

#include "naming.hpp"

#include <fmt/format.h>

#include "c_abi.hpp"
#include "emitter.hpp"

namespace ffidl::gen::cpp {

using model::TypeKind;

std::string type(const model::Model& m, const model::Type* t, const std::string& object_scope) {
  switch (t->kind) {
    case TypeKind::boolean:
      return "bool";
    case TypeKind::i8:
      return "std::int8_t";
    case TypeKind::i16:
      return "std::int16_t";
    case TypeKind::i32:
      return "std::int32_t";
    case TypeKind::i64:
      return "std::int64_t";
    case TypeKind::u8:
      return "std::uint8_t";
    case TypeKind::u16:
      return "std::uint16_t";
    case TypeKind::u32:
      return "std::uint32_t";
    case TypeKind::u64:
      return "std::uint64_t";
    case TypeKind::f32:
      return "float";
    case TypeKind::f64:
      return "double";
    case TypeKind::string:
      return "std::string";
    case TypeKind::bytes:
      return "std::vector<std::uint8_t>";
    case TypeKind::list:
      return "std::vector<" + type(m, t->elem, object_scope) + ">";
    case TypeKind::optional:
      return "std::optional<" + type(m, t->elem, object_scope) + ">";
    case TypeKind::map:
      return "std::map<" + type(m, t->key, object_scope) + ", " + type(m, t->elem, object_scope) +
             ">";
    case TypeKind::struct_:
      // Inside a record templated on the side, a struct holding objects is
      // that template's instance for the same side.
      if (!object_scope.empty() && t->holds_objects)
        return "Basic" + m.struct_of(*t).name.pascal + "<Side>";
      return m.struct_of(*t).name.pascal;
    case TypeKind::enum_:
      return m.enum_of(*t).name.pascal;
    case TypeKind::union_:
      return m.union_of(*t).name.pascal;
    case TypeKind::object_:
      // The service header makes it std::shared_ptr<<Object>Service>, the
      // client header the client's <Object> class.
      return object_scope + m.object_of(*t).name.pascal + "Ref";
  }
  return "void";
}

std::string result_type(const model::Model& m, const model::Func& f) {
  std::string t = f.result ? type(m, f.result) : std::string("void");
  if (f.raises) t += ", ffidl::Failure<" + type(m, f.raises) + ">";
  return "ffidl::Result<" + t + ">";
}

std::string member_name(const model::Func& f) {
  const std::string& n = f.member_name.snake;
  std::string langs = naming::keyword_in(n);
  bool reserved = langs.find("C++") != std::string::npos || langs.find("C,") == 0 || langs == "C";
  return reserved ? n + "_" : n;
}

std::string string_literal(const std::string& s) {
  return gen::string_literal(s, Escapes::c);
}

std::string const_value(const model::Const& c) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, std::int64_t>) {
          if (v == INT64_MIN) return "INT64_MIN";
          return fmt::format("{}", v);
        } else if constexpr (std::is_same_v<V, std::uint64_t>) {
          return fmt::format("{}u", v);
        } else if constexpr (std::is_same_v<V, double>) {
          std::string text = float_literal(v);
          return c.type->kind == TypeKind::f32 ? text + "f" : text;
        } else {
          return string_literal(v);
        }
      },
      c.value);
}

Record params_record(const model::Model& m, const model::Func& f, std::string name) {
  Record r{std::move(name), "", {}, f.params};
  r.origin = Origin::call_params;
  if (f.kind == model::FuncKind::event || f.kind == model::FuncKind::host) {
    r.origin = f.kind == model::FuncKind::event ? Origin::event_payload : Origin::host_args;
    r.doc = {std::string(f.kind == model::FuncKind::event ? "The payload of event `"
                                                          : "The arguments of host fn `") +
             f.name.original + "`."};
    if (!f.params.empty()) r.c_name = c_abi::params_struct_name(m, f);
    r.holds_objects = model::holds_objects(f.params);
  }
  return r;
}

/// `struct <Side> { using <Object>Ref = ...; };` and the side's names for
/// the records templated on it.
void side_aliases(Emitter& e, const model::Model& m, const std::string& side,
                  const std::string& ref_of) {
  std::vector<cpp::Record> templated;
  for (cpp::Record& r : cpp::records(m)) {
    if (r.holds_objects) templated.push_back(std::move(r));
  }
  if (templated.empty()) return;
  e.emit(R"(

      /// The object types of this side, for the records that hold objects.
      struct $s$ {
      )",
         {{"s", side}});
  for (const model::Object& o : m.objects)
    e.print("    using $Name$Ref = $t$;",
            {{"Name", o.name.pascal}, {"t", subst(ref_of, {{"n", o.name.pascal}})}});
  e.print("};");
  for (const cpp::Record& r : templated)
    e.print("using $n$ = Basic$n$<$s$>;", {{"n", r.name}, {"s", side}});
}

std::string variant_type(const model::Union& u, const model::Variant& v) {
  return u.name.pascal + v.name.pascal;
}

std::vector<Record> records(const model::Model& m) {
  std::vector<Record> out;
  for (const model::RecordRef& ref : m.record_order) {
    const auto i = static_cast<std::size_t>(ref.index);
    if (ref.kind == model::RecordRef::Kind::struct_) {
      const model::Struct& s = m.structs[i];
      Record r{s.name.pascal, c_abi::type_name(m, s.name), s.doc, s.fields, s.recursive};
      r.holds_objects = model::holds_objects(s.fields);
      out.push_back(std::move(r));
      continue;
    }
    const model::Union& u = m.unions[i];
    for (const model::Variant& v : u.variants) {
      Record r{variant_type(u, v),
               v.fields.empty() ? "" : c_abi::variant_struct_name(m, u, v),
               v.doc,
               v.fields,
               u.recursive,
               Origin::variant_payload};
      if (r.doc.empty())
        r.doc = {"Variant `" + v.name.original + "` of `" + u.name.original + "`."};
      out.push_back(std::move(r));
    }
    Record r{u.name.pascal, c_abi::type_name(m, u.name), u.doc, {},
             u.recursive,   Origin::schema_union};
    r.union_ = &u;
    out.push_back(std::move(r));
  }
  for (const model::Func& f : m.events)
    out.push_back(params_record(m, f, f.name.pascal + "Event"));
  for (const model::Func& f : m.hosts)
    out.push_back(params_record(m, f, f.name.pascal + "Args"));
  return out;
}

}  // namespace ffidl::gen::cpp
