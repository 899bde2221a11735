// src/convert.rs: owned types to and from their C mirrors, through the
// lowering plan.
#include "rust/backend.hpp"

namespace ffidl::gen::rust {

void RustGen::struct_funcs(Emitter& e, const std::string& rust_name, const std::string& c_name,
                           const std::vector<model::Field>& fields, const std::string& sfx) const {
  std::string cq = "ffi::" + c_name;
  e.blank();
  Emitter body = emitter();
  body.indent();
  Lower lower(*this, body);
  for (const model::Field& f : fields)
    lowering::lower(f.type, "&src." + f.name.snake, lowering::field("dst.", f.name.snake), lower);
  body.print("Ok(())");
  std::string text = body.take();
  bool arena = lower.uses_arena();
  e.print(
      layout("pub(crate) fn to_c_" + sfx,
             {"src: &" + rust_name, "dst: &mut " + cq, arena ? "a: &mut Arena" : "_: &mut Arena"},
             " -> Result<(), Error> {"));
  e.print(text + "}");
  e.blank();
  e.print("/// # Safety\n/// `src` is a valid mirror (its pointers valid for reads).");
  e.print(layout("pub(crate) unsafe fn from_c_" + sfx, {"src: &" + cq},
                 " -> Result<" + rust_name + ", Error> {"));
  e.indent();
  std::string one;
  for (const model::Field& f : fields)
    one += (one.empty() ? "" : ", ") + f.name.snake + ": " +
           from_c(f.type, lowering::field("src.", f.name.snake));
  if (one.size() <= kOneLineParams) {
    e.print("Ok($n$ { $b$ })", {{"n", rust_name}, {"b", one}});
  } else {
    e.print("Ok($n$ {", {{"n", rust_name}});
    e.indent();
    for (const model::Field& f : fields)
      e.print("$name$: $v$,", {{"name", f.name.snake},
                               {"v", from_c(f.type, lowering::field("src.", f.name.snake))}});
    e.outdent();
    e.print("})");
  }
  e.outdent();
  e.print("}");
}

void RustGen::list_funcs(Emitter& e, const model::Type* t) const {
  Lower lower(*this, e);
  std::string sfx = fn_suffix(t), ce = c_elem(t->elem), ge = owned(t->elem);
  e.blank();
  e.print(layout("pub(crate) fn to_c_" + sfx, {"src: &[" + ge + "]", "a: &mut Arena"},
                 " -> Result<(*const " + ce + ", usize), Error> {"));
  e.indent();
  e.print("let mut out = Vec::with_capacity(src.len());\nfor v in src {");
  e.indent();
  if (single_value(t->elem)) {
    e.print("out.push($x$);", {{"x", lower.expr(t->elem, "v")}});
  } else {
    e.print("let mut slot: $c_elem$ = zeroed();", {{"c_elem", ce}});
    lowering::lower(t->elem, "v", lowering::element(t->elem, "slot", "slot"), lower);
    e.print("out.push(slot);");
  }
  e.outdent();
  e.print("}\nOk(a.keep(out))");
  e.outdent();
  e.print("}");
  e.blank();
  e.print("/// # Safety\n/// `p` points at `n` valid elements (or `n` is 0).");
  e.print(layout("pub(crate) unsafe fn from_c_" + sfx, {"p: *const " + ce, "n: usize"},
                 " -> Result<Vec<" + ge + ">, Error> {"));
  e.indent();
  e.print("let mut out = Vec::with_capacity(n);\nfor v in slice(p, n) {");
  e.print("    out.push($v$);", {{"v", from_c(t->elem, lowering::element(t->elem, "v", "*v"))}});
  e.print("}\nOk(out)");
  e.outdent();
  e.print("}");
}

void RustGen::map_funcs(Emitter& e, const model::Type* t) const {
  Lower lower(*this, e);
  std::string sfx = fn_suffix(t), ck = c_elem(t->key), cv = c_elem(t->elem), gk = owned(t->key),
              gv = owned(t->elem);
  e.blank();
  e.print(layout("pub(crate) fn to_c_" + sfx,
                 {"src: &BTreeMap<" + gk + ", " + gv + ">", "a: &mut Arena"},
                 " -> Result<(*const " + ck + ", *const " + cv + ", usize), Error> {"));
  e.indent();
  e.print(R"(let mut keys = Vec::with_capacity(src.len());
let mut values = Vec::with_capacity(src.len());
for (k, v) in src {)");
  e.indent();
  e.print("keys.push($k$);", {{"k", lower.expr(t->key, "k")}});  // keys: strings, integers
  if (single_value(t->elem)) {
    e.print("values.push($x$);", {{"x", lower.expr(t->elem, "v")}});
  } else {
    e.print("let mut value: $c$ = zeroed();", {{"c", cv}});
    lowering::lower(t->elem, "v", lowering::element(t->elem, "value", "value"), lower);
    e.print("values.push(value);");
  }
  e.outdent();
  e.print(R"(}
let (keys, n) = a.keep(keys);
let (values, _) = a.keep(values);
Ok((keys, values, n)))");
  e.outdent();
  e.print("}");
  e.blank();
  e.print("/// # Safety\n/// `k` and `v` point at `n` valid elements each (or `n` is 0).");
  e.print(layout("pub(crate) unsafe fn from_c_" + sfx,
                 {"k: *const " + ck, "v: *const " + cv, "n: usize"},
                 " -> Result<BTreeMap<" + gk + ", " + gv + ">, Error> {"));
  e.indent();
  e.print("let mut out = BTreeMap::new();\nfor (k, v) in slice(k, n).iter().zip(slice(v, n)) {");
  e.print("    out.insert($k$, $v$);",
          {{"k", from_c(t->key, lowering::element(t->key, "k", "*k"))},
           {"v", from_c(t->elem, lowering::element(t->elem, "v", "*v"))}});
  e.print("}\nOk(out)");
  e.outdent();
  e.print("}");
}

void RustGen::result_fn(Emitter& e, const model::Type* t) const {
  e.blank();
  e.print(
      "/// # Safety\n/// `msg` and `len` are a native result of this type, valid during the "
      "call.");
  std::string name = t ? "result_" + fn_suffix(t) : "result_unit";
  std::string g = t ? owned(t) : "()";
  e.print(layout("pub(crate) unsafe fn " + name,
                 {t ? "msg: *const c_void" : "_: *const c_void",
                  t && (t->kind == TypeKind::string || t->kind == TypeKind::bytes) ? "len: usize"
                                                                                   : "_: usize"},
                 " -> Result<" + g + ", Error> {"));
  e.indent();
  if (!t) {
    e.print("Ok(())");
  } else if (t->kind == TypeKind::string) {
    e.print("string_n(msg, len)");
  } else if (t->kind == TypeKind::bytes) {
    e.print("Ok(bytes(msg as *const u8, len))");
  } else {
    e.print("let v = &*(msg as *const $c_type$);", {{"c_type", c_elem(t)}});
    e.print("$v$", {{"v", ok(from_c(t, lowering::element(t, "v", "*v")))}});
  }
  e.outdent();
  e.print("}");
}

void RustGen::union_funcs(Emitter& e, const model::Union& u) const {
  std::string sfx = snake_mangle(u.name.pascal), cq = "ffi::" + c_abi::type_name(m_, u.name);
  const std::string& U = u.name.pascal;
  Emitter body = emitter();
  body.indent();
  body.print("match src {");
  body.indent();
  Lower lower(*this, body);
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    std::string pattern = v.fields.empty() ? "" : " { " + field_names(v) + " }";
    body.print(
        "$Union$::$Name$$p$ => {\n    dst.tag = $value$;",
        {{"Union", U}, {"Name", v.name.pascal}, {"p", pattern}, {"value", std::to_string(i)}});
    body.indent();
    for (const model::Field& f : v.fields)
      lowering::lower(f.type, f.name.snake, lowering::variant_field("dst.", v, f), lower);
    body.outdent();
    body.print("}");
  }
  body.outdent();
  body.print("}\nOk(())");
  std::string text = body.take();
  e.blank();
  e.print(layout(
      "pub(crate) fn to_c_" + sfx,
      {"src: &" + U, "dst: &mut " + cq, lower.uses_arena() ? "a: &mut Arena" : "_: &mut Arena"},
      " -> Result<(), Error> {"));
  e.print(text + "}");
  e.blank();
  e.print("/// # Safety\n/// `src` is a valid mirror (its pointers valid for reads).");
  e.print(layout("pub(crate) unsafe fn from_c_" + sfx, {"src: &" + cq},
                 " -> Result<" + U + ", Error> {"));
  e.print("    Ok(match src.tag {");
  e.indent();
  e.indent();
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    std::string fields;
    for (const model::Field& f : v.fields) {
      fields += (fields.empty() ? "" : ", ") + f.name.snake + ": " +
                from_c(f.type, lowering::variant_field("src.", v, f));
    }
    e.print("$value$ => $Union$::$Name$$f$,", {{"value", std::to_string(i)},
                                               {"Union", U},
                                               {"Name", v.name.pascal},
                                               {"f", fields.empty() ? "" : " { " + fields + " }"}});
  }
  e.print("tag => return Err(Error::Binding(format!(\"{tag} is not a variant of $Union$\"))),",
          {{"Union", U}});
  e.outdent();
  e.outdent();
  e.print("    })\n}");
}

void RustGen::raised_fn(Emitter& e, const model::Type* t) const {
  std::string sfx = fn_suffix(t), c = c_elem(t), E = owned(t);
  e.blank();
  e.print("/// # Safety\n/// `msg` points at a valid `$c$`.", {{"c", c}});
  e.print(layout("pub(crate) unsafe fn raised_" + sfx, {"msg: *const c_void"},
                 " -> Failure<" + E + "> {"));
  e.emit(R"(
          match from_c_$suffix$(&*(msg as *const $c$)) {
              Ok(e) => Failure::Raised(e),
              Err(e) => Failure::Call(e),
          }
      }
      )",
         {{"suffix", sfx}, {"c", c}});
}

void RustGen::answer_fn(Emitter& e, const model::Type* t) const {
  e.blank();
  std::string g = owned(t);
  e.print(layout("pub(crate) fn answer_" + fn_suffix(t), {"value: " + g, "a: &mut Arena"},
                 " -> Result<(*const c_void, usize), Error> {"));
  e.indent();
  e.print("// SAFETY: the arena owns the value until the call is answered.");
  e.print("let r: &$g$ = unsafe { &*a.keep_one(value) };", {{"g", g}});
  // keep_one returns a pointer into the arena, which outlives the call.
  if (t->kind == TypeKind::string) {
    e.print("Ok((r.as_ptr() as *const c_void, r.len()))");
  } else if (t->kind == TypeKind::bytes) {
    e.print("let (p, n) = bytes_arg(r);\nOk((p as *const c_void, n))");
  } else {
    std::string ce = c_elem(t);
    Lower lower(*this, e);
    if (single_value(t)) {
      e.print("let out: $c_elem$ = $x$;", {{"c_elem", ce}, {"x", lower.expr(t, "r")}});
    } else {
      e.print("let mut out: $c_elem$ = zeroed();", {{"c_elem", ce}});
      lowering::lower(t, "r", lowering::element(t, "out", "out"), lower);
    }
    e.print("Ok((a.keep_one(out) as *const c_void, size_of::<$c_elem$>()))", {{"c_elem", ce}});
  }
  e.outdent();
  e.print("}");
}

std::string RustGen::convert_rs() const {
  Emitter e = emitter();
  for (const model::Struct& s : m_.structs)
    struct_funcs(e, s.name.pascal, c_abi::type_name(m_, s.name), s.fields,
                 snake_mangle(s.name.pascal));
  for (const model::Union& u : m_.unions)
    union_funcs(e, u);
  for (const model::Func& ev : m_.events) {
    if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
    if (ev.params.empty()) continue;
    struct_funcs(e, event_type(ev), c_abi::params_struct_name(m_, ev), ev.params,
                 snake_mangle(event_type(ev)));
  }
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;  // the binding speaks the native wire
    if (h.params.empty()) continue;
    struct_funcs(e, args_type(h), c_abi::params_struct_name(m_, h), h.params,
                 snake_mangle(args_type(h)));
  }
  for (const model::Type& t : m_.types) {
    if (t.kind == TypeKind::list) list_funcs(e, &t);
    if (t.kind == TypeKind::map) map_funcs(e, &t);
  }
  payload_funcs(e);
  answer_funcs(e);
  std::string body = e.take();
  std::string use = take_std_uses();
  std::string support;
  for (const char* name : {"bytes", "bytes_arg", "enum_value", "opt", "slice", "string", "string_n",
                           "zeroed", "Arena", "Error", "Failure"}) {
    if (words_.count(name) || std::string(name) == "Error") {
      support += std::string(support.empty() ? "" : ", ") + name;
    }
  }
  words_.clear();
  std::string crate_use = "use crate::ffi;\nuse crate::support::{" + support + "};\n";
  if (!m_.enums.empty() || !m_.structs.empty() || !m_.unions.empty() || !m_.events.empty() ||
      !m_.hosts.empty() || !m_.objects.empty())
    crate_use += "use crate::types::*;\n";
  return header() +
         "//! Conversions between the owned types and the C mirrors. A to_c function\n"
         "//! fills a mirror whose pointers borrow from the value or from the arena;\n"
         "//! a from_c function copies a mirror into owned values.\n"
         "// Which conversions a library uses depends on its functions.\n"
         "#![allow(dead_code, clippy::type_complexity)]\n\n" +
         use + (use.empty() ? "" : "\n") + crate_use + body;
}

/// event_<name> and args_<name>: a payload behind `*const c_void` as its
/// owned type.
void RustGen::payload_funcs(Emitter& e) const {
  auto payload_fn = [&](const std::string& name, const std::string& type, const std::string& c,
                        const std::string& sfx) {
    e.blank();
    e.print("/// # Safety\n/// `p` points at a valid `$c$`.", {{"c", c}});
    e.print(layout("pub(crate) unsafe fn " + name, {"p: *const c_void"},
                   " -> Result<" + type + ", Error> {"));
    e.print("    from_c_$suffix$(&*(p as *const ffi::$c$))\n}", {{"suffix", sfx}, {"c", c}});
  };
  for (const model::Func& ev : m_.events) {
    if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
    if (!ev.params.empty())
      payload_fn("event_" + ev.name.snake, event_type(ev), c_abi::params_struct_name(m_, ev),
                 snake_mangle(event_type(ev)));
  }
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;  // the binding speaks the native wire
    if (!h.params.empty())
      payload_fn("args_" + h.name.snake, args_type(h), c_abi::params_struct_name(m_, h),
                 snake_mangle(args_type(h)));
  }
}

/// result_<T> per result type, answer_<T> per host fn answer, raised_<E>
/// per error a proc raises: each once.
void RustGen::answer_funcs(Emitter& e) const {
  std::set<std::string> done;
  bool unit = false;
  auto results = [&](const std::vector<model::Func>& fs) {
    for (const model::Func& f : fs) {
      if (!c_abi::native(f)) continue;
      if (!f.result) {
        unit = true;
      } else if (done.insert(f.result->spelling).second) {
        result_fn(e, f.result);
      }
    }
  };
  results(m_.procs);
  results(m_.static_procs);
  if (unit || m_.ctor) result_fn(e, nullptr);
  std::set<std::string> answered;
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;  // the binding speaks the native wire
    for (const model::Type* t : {h.result, h.raises}) {
      if (t && answered.insert(t->spelling).second) answer_fn(e, t);
    }
  }
  std::set<std::string> raised;
  for (const auto* fs : {&m_.procs, &m_.static_procs}) {
    for (const model::Func& f : *fs) {
      if (c_abi::native(f) && f.raises && raised.insert(f.raises->spelling).second)
        raised_fn(e, f.raises);
    }
  }
}

}  // namespace ffidl::gen::rust
