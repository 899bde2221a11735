// The glue's codecs: each record's POD <-> value conversions and CBOR
// encoding, through the lowering plan.
#include "cpp/glue.hpp"

namespace ffidl::gen::cpp {

std::vector<cpp::Record> Glue::param_records() {
  std::vector<cpp::Record> out;
  if (m_.ctor) out.push_back(cpp::params_record(m_, *m_.ctor, "CtorParams"));
  for (const model::Func& f : m_.procs)
    out.push_back(cpp::params_record(m_, f, f.name.pascal + "Params"));
  for (const model::Func& f : m_.static_procs)
    out.push_back(cpp::params_record(m_, f, f.name.pascal + "Params"));
  return out;
}

void Glue::codecs() {
  e_.emit(R"(

      // ---- CBOR wire ----
      )");
  params_ = param_records();
  for (const cpp::Record& r : params_) {
    e_.print("struct $n$ {", {{"n", r.name}});
    e_.indent();
    for (const model::Field& f : r.fields)
      e_.print("$type$ $name${};", {{"type", cpp_t(f.type)}, {"name", f.name.snake}});
    e_.outdent();
    e_.print("};");
  }
  std::vector<const cpp::Record*> all;
  for (const cpp::Record& r : records_)
    all.push_back(&r);
  for (const cpp::Record& r : params_)
    all.push_back(&r);
  for (const cpp::Record* r : all) {
    e_.print(
        "void encode(ffidl::CborWriter& w, const $n$& v);\nbool decode(ffidl::CborReader& r, "
        "$n$& out);",
        {{"n", r->name}});
  }
  for (const cpp::Record* r : all) {
    if (r->union_) {
      union_codec(*r->union_);
      continue;
    }
    e_.blank();
    struct_encoder(*r);
    struct_decoder(*r);
  }
}

/// encode() of a struct: a CBOR map of its fields, absent optionals left out.
void Glue::struct_encoder(const cpp::Record& record) {
  const cpp::Record* r = &record;
  e_.blank();
  e_.print("void encode(ffidl::CborWriter& w, const $n$& v) {", {{"n", r->name}});
  e_.indent();
  e_.print("std::size_t fields = $value$;", {{"value", std::to_string(r->fields.size())}});
  for (const model::Field& f : r->fields) {
    if (f.type->kind == TypeKind::optional)
      e_.print("if (!v.$name$) --fields;", {{"name", f.name.snake}});
  }
  e_.print("w.map(fields);");
  for (const model::Field& f : r->fields) {
    bool opt = f.type->kind == TypeKind::optional;
    if (opt) {
      e_.print("if (v.$name$) {", {{"name", f.name.snake}});
      e_.indent();
    }
    e_.print("w.text(\"$name$\");", {{"name", f.name.snake}});
    marshal_.encode_value(opt ? f.type->elem : f.type,
                          opt ? "(*v." + f.name.snake + ")" : "v." + f.name.snake, 0);
    if (opt) {
      e_.outdent();
      e_.print("}");
    }
  }
  if (r->fields.empty()) e_.print("(void)v;");
  e_.outdent();
  e_.print("}");
}

/// decode() of a struct: every required field once, unknown keys skipped.
void Glue::struct_decoder(const cpp::Record& record) {
  const cpp::Record* r = &record;
  e_.emit(R"(

      bool decode(ffidl::CborReader& r, $n$& out) {
          std::size_t entries = 0;
          if (!r.map(entries)) return false;
      )",
          {{"n", r->name}});
  e_.indent();
  std::size_t required = 0;
  for (const model::Field& f : r->fields)
    required += f.type->kind != TypeKind::optional;
  if (r->fields.empty()) e_.print("(void)out;");
  if (required > 0) e_.print("bool seen[$value$] = {};", {{"value", std::to_string(required)}});
  e_.emit(R"(
      for (std::size_t i = 0; i < entries; ++i) {
          std::string key;
          if (!r.text(key)) return false;
      )");
  e_.indent();
  std::size_t slot = 0;
  for (const model::Field& f : r->fields) {
    e_.print("if (key == \"$name$\") {\n    r.push(\"$name$\");", {{"name", f.name.snake}});
    e_.indent();
    marshal_.decode_value(f.type, "out." + f.name.snake, 0);
    e_.print("r.pop();");
    if (f.type->kind != TypeKind::optional)
      e_.print("seen[$value$] = true;", {{"value", std::to_string(slot++)}});
    e_.print("continue;");
    e_.outdent();
    e_.print("}");
  }
  e_.print("if (!r.skip()) return false;  // unknown keys are ignored");
  e_.outdent();
  e_.print("}\nr.leave();");
  slot = 0;
  for (const model::Field& f : r->fields) {
    if (f.type->kind == TypeKind::optional) continue;
    e_.print("if (!seen[$value$]) return r.fail(\"missing field '$name$'\");",
             {{"value", std::to_string(slot++)}, {"name", f.name.snake}});
  }
  e_.print("return true;");
  e_.outdent();
  e_.print("}");
}

void Glue::union_codec(const model::Union& u) {
  union_encoder(u);
  union_decoder(u);
}

/// encode() of a union: a variant without fields as its name, one with
/// fields as a map of one entry.
void Glue::union_encoder(const model::Union& u) {
  e_.blank();
  e_.print("void encode(ffidl::CborWriter& w, const $Name$& v) {\n    switch (v.index()) {",
           {{"Name", u.name.pascal}});
  e_.indent();
  e_.indent();
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    if (v.fields.empty()) {
      e_.emit(R"(
          case $value$:
              w.text("$name$");
              return;
          )",
              {{"value", std::to_string(i)}, {"name", v.name.snake}});
    } else {
      e_.emit(R"(
          case $value$:
              w.map(1);
              w.text("$name$");
              encode(w, *v.as_$name$());
              return;
          )",
              {{"value", std::to_string(i)}, {"name", v.name.snake}});
    }
  }
  e_.outdent();
  e_.print("}");
  e_.outdent();
  e_.print("}");
}

/// decode() of a union: either form, an unknown variant refused.
void Glue::union_decoder(const model::Union& u) {
  e_.emit(R"(

      bool decode(ffidl::CborReader& r, $Name$& out) {
          std::string name;
          if (r.at_text()) {
              if (!r.text(name)) return false;
      )",
          {{"Name", u.name.pascal}});
  e_.indent();
  e_.indent();
  for (const model::Variant& v : u.variants) {
    if (!v.fields.empty()) continue;
    e_.emit(R"(
        if (name == "$name$") {
            out = $Variant${};
            return true;
        }
        )",
            {{"name", v.name.snake}, {"Variant", cpp::variant_type(u, v)}});
  }
  e_.print("return r.fail(\"unknown variant '\" + name + \"' of $name$ (without fields)\");",
           {{"name", u.name.original}});
  e_.outdent();
  e_.emit(R"(
      }
      std::size_t entries = 0;
      if (!r.map(entries)) return false;
      if (entries != 1) return r.fail("a $name$ is one variant: a map of one entry");
      if (!r.text(name)) return false;
      r.push(name);
      )",
          {{"name", u.name.original}});
  for (const model::Variant& v : u.variants) {
    if (v.fields.empty()) continue;
    e_.emit(R"(
        if (name == "$name$") {
            $Variant$ payload;
            if (!decode(r, payload)) return false;
            out = std::move(payload);
            r.pop();
            r.leave();
            return true;
        }
        )",
            {{"name", v.name.snake}, {"Variant", cpp::variant_type(u, v)}});
  }
  e_.print("return r.fail(\"unknown variant '\" + name + \"' of $name$ (with fields)\");",
           {{"name", u.name.original}});
  e_.outdent();
  e_.print("}");
}

void Glue::values() {
  e_.print("\n// ---- results ----");
  std::set<std::string> done;
  for (const auto* fs : {&m_.procs, &m_.static_procs}) {
    for (const model::Func& f : *fs) {
      if (f.result && done.insert("reply" + f.result->spelling).second)
        reply_function(f.result, false);
      if (f.raises && done.insert("raise" + f.raises->spelling).second)
        reply_function(f.raises, true);
    }
  }
  for (const model::Func& h : m_.hosts) {
    for (const model::Type* t : {h.result, h.raises}) {
      if (t && done.insert("answer" + t->spelling).second) answer_function(t);
    }
  }
  payload_renderers();
}

/// reply_<T>: a result as FFIDL_OK; raise_<E>: a raised error as
/// FFIDL_ERR_TYPED, in the caller's wire.
void Glue::reply_function(const model::Type* t, bool raised) {
  const char* kind = raised ? "raise" : "reply";
  e_.emit(R"(

      ffidl::Reply $k$_$suffix$(Wire wire, const $type$& v) {
          if (wire == Wire::cbor) {
              ffidl::CborWriter w;
      )",
          {{"suffix", mangle(t)}, {"type", cpp_t(t)}, {"k", kind}});
  e_.indent();
  e_.indent();
  marshal_.encode_value(t, "v", 0);
  e_.print(raised ? "return ffidl::Reply::typed(ffidl::Message::cbor(w.take(), w.take_lent()));"
                  : "return ffidl::Reply::ok(ffidl::Message::cbor(w.take(), w.take_lent()));");
  e_.outdent();
  e_.print("}");
  if (t->kind == TypeKind::string) {
    e_.print("return ffidl::Reply::ok(ffidl::Message::text(v));");
  } else if (t->kind == TypeKind::bytes) {
    e_.print("return ffidl::Reply::ok(ffidl::Message::bytes(v));");
  } else if (t->is_scalar()) {
    e_.print("return ffidl::Reply::ok(ffidl::Message::scalar(static_cast<$c_type$>(v)));",
             {{"c_type", c_t(t)}});
  } else {
    e_.emit(R"(
        using C = $c_type$;
        auto* p = new C{};
        to_pod(v, *p);
        return ffidl::Reply::$k$(ffidl::Message::pod<C, &free_boxed<C>>(p));
        )",
            {{"c_type", c_t(t)}, {"k", raised ? "typed" : "ok"}});
  }
  e_.outdent();
  e_.print("}");
}

/// answer_<T>: a host fn's answer (or raised error) from its wire.
void Glue::answer_function(const model::Type* t) {
  e_.emit(R"(

      ffidl::Result<$type$> answer_$suffix$(Wire wire, const void* msg, std::size_t len) {
          if (wire == Wire::cbor) {
      )",
          {{"suffix", mangle(t)}, {"type", cpp_t(t)}});
  e_.indent();
  e_.indent();
  e_.emit(R"(
      ffidl::CborReader r(msg, len);
      $type$ value{};
      auto read = [&]($type$& x) -> bool {
      )",
          {{"type", cpp_t(t)}});
  e_.indent();
  marshal_.decode_value(t, "x", 0);
  e_.print("return r.finish();");
  e_.outdent();
  e_.emit(R"(
      };
      if (!read(value)) return ffidl::Error{"the host answered bad CBOR: " + r.error()};
      return value;
      )");
  e_.outdent();
  e_.print("}");
  if (t->kind == TypeKind::string) {
    e_.print("return msg ? std::string(static_cast<const char*>(msg), len) : std::string();");
  } else if (t->kind == TypeKind::bytes) {
    e_.print("return ffidl::pod::bytes_from(static_cast<const std::uint8_t*>(msg), len);");
  } else {
    e_.print("if (!msg) return ffidl::Error{\"the host answered without a value\"};");
    e_.print(
        "if (len != sizeof($c$)) {\n"
        "    return ffidl::Error{\"the host answered \" + std::to_string(len) +\n"
        "                        \" bytes; a native answer is one $c$ (\" +\n"
        "                        std::to_string(sizeof($c$)) + \" bytes)\"};\n"
        "}\nreturn $e$;",
        {{"c", c_t(t)},
         {"e", marshal_.lift_slot(t, "(*static_cast<const " + c_t(t) + "*>(msg))",
                                  "*static_cast<const " + c_t(t) + "*>(msg)")}});
  }
  e_.outdent();
  e_.print("}");
}

/// Event payloads and host-fn arguments, rendered in the wire of whoever
/// receives them.
void Glue::payload_renderers() {
  for (const cpp::Record& r : records_) {
    if (r.origin != cpp::Origin::event_payload && r.origin != cpp::Origin::host_args) continue;
    e_.emit(R"(

        ffidl::Message render_payload(Wire wire, const $n$& v) {
            if (wire == Wire::cbor) {
                ffidl::CborWriter w;
                encode(w, v);
                return ffidl::Message::cbor(w.take(), w.take_lent());
            }
        )",
            {{"n", r.name}});
    e_.indent();
    if (r.c_name.empty()) {
      e_.print("return ffidl::Message();  // no fields: msg is NULL");
    } else {
      e_.emit(R"(
          auto* p = new $c${};
          to_pod(v, *p);
          return ffidl::Message::pod<$c$, &free_boxed<$c$>>(p);
          )",
              {{"c", r.c_name}});
    }
    e_.outdent();
    e_.print("}");
  }
}

}  // namespace ffidl::gen::cpp
