// _convert.py: Python values to and from their C mirrors, through the
// lowering plan, and the decoders of answers, payloads and host requests.
#include "python/backend.hpp"

namespace ffidl::gen::python {

namespace {

const char* int_kind(TypeKind k) {
  switch (k) {
    case TypeKind::i8:
      return "i8";
    case TypeKind::i16:
      return "i16";
    case TypeKind::i32:
      return "i32";
    case TypeKind::i64:
      return "i64";
    case TypeKind::u8:
      return "u8";
    case TypeKind::u16:
      return "u16";
    case TypeKind::u32:
      return "u32";
    default:
      return "u64";
  }
}

}  // namespace

// ---- Lower ----

std::string PyGen::Lower::expr(const model::Type* t, const std::string& value) {
  std::string out;
  capture_ = &out;
  lowering::lower(t, value, lowering::field("", "unused"), *this);
  capture_ = nullptr;
  return out;
}

void PyGen::Lower::assign(const std::string& d, const std::string& x) {
  if (capture_) {
    *capture_ = x;
    return;
  }
  step(d + " = ", x);
}

/// `lhs call(arg)`, as black lays out a call too long for its line: the
/// argument on a line of its own.
void PyGen::Lower::step(const std::string& lhs, const std::string& call) {
  const std::size_t open = call.find('(');
  if (static_cast<std::size_t>(e_.level()) * 4 + lhs.size() + call.size() <= 99 ||
      open == std::string::npos || call.back() != ')') {
    e_.print("$l$$c$", {{"l", lhs}, {"c", call}});
    return;
  }
  e_.print("$l$$f$\n    $a$\n)", {{"l", lhs},
                                  {"f", call.substr(0, open + 1)},
                                  {"a", call.substr(open + 1, call.size() - open - 2)}});
}

void PyGen::Lower::scalar(const model::Type* t, const std::string& v, const std::string& d) {
  if (t->is_integer())
    assign(d, "_support.integer(" + v + ", \"" + int_kind(t->kind) + "\")");
  else
    assign(d, v);
}

void PyGen::Lower::enumeration(const model::Type*, const std::string& v, const std::string& d) {
  assign(d, "int(" + v + ")");
}

void PyGen::Lower::string(const std::string& v, const std::string& d) {
  assign(d, "_support.text(" + v + ")");
}

void PyGen::Lower::bytes(const std::string& v, const std::string& d, const std::string& len) {
  step(d + ", " + len + " = ", "_support.byte_array(" + v + ")");
}

void PyGen::Lower::list(const model::Type* t, const std::string& v, const std::string& d,
                        const std::string& len) {
  step(d + ", " + len + " = ", fn(t) + "(" + v + ")");
}

void PyGen::Lower::map(const model::Type* t, const std::string& v, const std::string& keys,
                       const std::string& values, const std::string& len) {
  step(keys + ", " + values + ", " + len + " = ", fn(t) + "(" + v + ")");
}

void PyGen::Lower::record(const model::Type* t, const std::string& v, const std::string& d) {
  step("", fn(t) + "(" + v + ", " + d + ")");
}

std::string PyGen::Lower::optional_begin(const model::Type*, const std::string& v,
                                         const std::string& has) {
  e_.print("if $v$ is not None:\n    $h$ = True", {{"v", v}, {"h", has}});
  e_.indent();
  return v;
}

void PyGen::Lower::optional_end() {
  e_.outdent();
}

void PyGen::Lower::object(const model::Type*, const std::string& v, const std::string& d) {
  assign(d, v + "._c_handle()");
}

// ---- Lift ----

std::string PyGen::Lift::enumeration(const model::Type* t, const std::string& src) {
  const std::string& n = g_.m_.enums[t->decl].name.pascal;
  return "_support.enum_value(" + n + ", \"" + n + "\", " + src + ")";
}

std::string PyGen::Lift::list(const model::Type* t, const std::string& src,
                              const std::string& len) {
  return ns_ + "from_c_" + g_.suffix(t) + "(" + src + ", " + len + ")";
}

std::string PyGen::Lift::map(const model::Type* t, const std::string& keys,
                             const std::string& values, const std::string& len) {
  return ns_ + "from_c_" + g_.suffix(t) + "(" + keys + ", " + values + ", " + len + ")";
}

std::string PyGen::Lift::record(const model::Type* t, const std::string& src) {
  return ns_ + "from_c_" + g_.suffix(t) + "(" + src + ")";
}

/// A reference of the binding's own, taken in the context whose answer is
/// being decoded (the handle is borrowed for the callback).
std::string PyGen::Lift::object(const model::Type* t, const std::string& src) {
  return "_client." + g_.m_.objects[t->decl].name.pascal + "._retained(" + src + ")";
}

// ---- the conversion functions ----

namespace {

/// `head[x for ...]` on one line when it fits (at one indentation level),
/// else black's three-line layout.
std::string comprehension(const std::string& head, const std::string& open, const std::string& x,
                          const std::string& loop, const std::string& close) {
  std::string one = head + open + x + " " + loop + close;
  if (4 + one.size() <= 99) return one;
  return head + open + "\n    " + x + "\n    " + loop + "\n" + close;
}

}  // namespace

void PyGen::record_funcs(Emitter& e, const std::string& py, const std::string& sfx,
                         const std::vector<model::Field>& fields) const {
  e.print("\n\ndef to_c_$s$(src: $p$, dst: Any) -> None:", {{"s", sfx}, {"p", py}});
  {
    auto in = e.scope();
    Lower lower(*this, e);
    for (const model::Field& f : fields)
      lowering::lower(f.type, "src." + ident(f.name.snake), lowering::field("dst.", f.name.snake),
                      lower);
    if (fields.empty()) e.print("pass");
  }
  std::vector<std::string> args;
  for (const model::Field& f : fields)
    args.push_back(ident(f.name.snake) + "=" +
                   from_c(f.type, lowering::field("src.", f.name.snake)));
  e.print("\n\ndef from_c_$s$(src: Any) -> $p$:", {{"s", sfx}, {"p", py}});
  auto in = e.scope();
  e.print("$x$", {{"x", layout("return " + py, args, "", 1)}});
}

void PyGen::union_funcs(Emitter& e, const model::Union& u) const {
  const std::string sfx = snake_mangle(u.name.pascal);
  e.print("\n\ndef to_c_$s$(src: $U$, dst: Any) -> None:", {{"s", sfx}, {"U", u.name.pascal}});
  {
    auto in = e.scope();
    Lower lower(*this, e);
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      e.print("$k$ isinstance(src, $C$):\n    dst.tag = $i$",
              {{"k", i ? "elif" : "if"}, {"C", variant_class(u, v)}, {"i", std::to_string(i)}});
      auto body = e.scope();
      for (const model::Field& f : v.fields)
        lowering::lower(f.type, "src." + ident(f.name.snake), lowering::variant_field("dst.", v, f),
                        lower);
    }
    e.print("else:\n    raise _support.BindingError(f\"{type(src).__name__} is not a $U$\")",
            {{"U", u.name.pascal}});
  }
  e.print("\n\ndef from_c_$s$(src: Any) -> $U$:\n    tag = src.tag",
          {{"s", sfx}, {"U", u.name.pascal}});
  auto in = e.scope();
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    std::vector<std::string> args;
    for (const model::Field& f : v.fields)
      args.push_back(ident(f.name.snake) + "=" +
                     from_c(f.type, lowering::variant_field("src.", v, f)));
    e.print("if tag == $i$:", {{"i", std::to_string(i)}});
    auto body = e.scope();
    e.print("$x$", {{"x", layout("return " + variant_class(u, v), args, "", 2)}});
  }
  e.print("raise _support.BindingError(f\"{tag} is not a variant of $U$\")",
          {{"U", u.name.pascal}});
}

void PyGen::list_funcs(Emitter& e, const model::Type* t) const {
  const std::string sfx = suffix(t), ce = c_elem(t->elem);
  e.emit(R"py(


      def to_c_$s$(src: $h$) -> Tuple[Any, int]:
          out = ($c$ * len(src))()
          for i, v in enumerate(src):
      )py",
         {{"s", sfx}, {"h", hint(t)}, {"c", ce}});
  {
    auto in = e.scope();
    auto in2 = e.scope();
    Lower lower(*this, e);
    if (single_value(t->elem))
      e.print("out[i] = $x$", {{"x", lower.expr(t->elem, "v")}});
    else
      lowering::lower(t->elem, "v", lowering::element(t->elem, "out[i]", "out[i]"), lower);
  }
  e.print("    return out, len(src)");
  e.emit(R"py(


      def from_c_$s$(p: Any, n: int) -> $h$:
          if n == 0:
              return []
      )py",
         {{"s", sfx}, {"h", hint(t)}});
  auto in = e.scope();
  e.print("$out$\nreturn out",
          {{"out", comprehension("out: " + hint(t) + " = ", "[",
                                 from_c(t->elem, lowering::element(t->elem, "v", "v")),
                                 "for v in p[:n]", "]")}});
}

void PyGen::map_funcs(Emitter& e, const model::Type* t) const {
  const std::string sfx = suffix(t), ck = c_elem(t->key), cv = c_elem(t->elem);
  e.emit(R"py(


      def to_c_$s$(src: $h$) -> Tuple[Any, Any, int]:
          keys = ($ck$ * len(src))()
          values = ($cv$ * len(src))()
          for i, (k, v) in enumerate(src.items()):
      )py",
         {{"s", sfx}, {"h", hint(t)}, {"ck", ck}, {"cv", cv}});
  {
    auto in = e.scope();
    auto in2 = e.scope();
    Lower lower(*this, e);
    e.print("keys[i] = $x$", {{"x", lower.expr(t->key, "k")}});  // keys: strings, integers
    if (single_value(t->elem))
      e.print("values[i] = $x$", {{"x", lower.expr(t->elem, "v")}});
    else
      lowering::lower(t->elem, "v", lowering::element(t->elem, "values[i]", "values[i]"), lower);
  }
  e.emit(R"py(
          return keys, values, len(src)


      def from_c_$s$(k: Any, v: Any, n: int) -> $h$:
          if n == 0:
              return {}
      )py",
         {{"s", sfx}, {"h", hint(t)}});
  auto in = e.scope();
  e.print("$out$\nreturn out",
          {{"out", comprehension("out: " + hint(t) + " = ", "{",
                                 from_c(t->key, lowering::element(t->key, "k", "k")) + ": " +
                                     from_c(t->elem, lowering::element(t->elem, "v", "v")),
                                 "for k, v in zip(k[:n], v[:n])", "}")}});
}

void PyGen::result_fn(Emitter& e, const model::Type* t) const {
  if (!t) {
    e.print("\n\ndef result_unit(msg: Optional[int], length: int) -> None:\n    return None");
    return;
  }
  e.print("\n\ndef result_$s$(msg: Optional[int], length: int) -> $h$:",
          {{"s", suffix(t)}, {"h", hint(t)}});
  auto in = e.scope();
  if (t->kind == TypeKind::string) {
    e.print("return _support.string_n(msg, length)");
  } else if (t->kind == TypeKind::bytes) {
    e.print("return _support.bytes_at(msg, length)");
  } else if (t->is_scalar()) {
    e.print("v = $c$.from_address(msg or 0).value", {{"c", c_elem(t)}});
    e.print("out: $h$ = $x$", {{"h", hint(t)}, {"x", from_c(t, lowering::field("", "v"))}});
    e.print("return out");
  } else {
    e.print("v = $c$.from_address(msg or 0)", {{"c", c_elem(t)}});
    e.print("return $x$", {{"x", from_c(t, lowering::element(t, "v", "v"))}});
  }
}

void PyGen::raised_fn(Emitter& e, const model::Type* t) const {
  e.emit(R"py(


      def raised_$s$(msg: Optional[int]) -> BaseException:
          return from_c_$s$($c$.from_address(msg or 0))
      )py",
         {{"s", suffix(t)}, {"c", c_elem(t)}});
}

std::string PyGen::decoder(const model::Func& f) const {
  return "decode_" + (f.result ? suffix(f.result) : std::string("unit")) +
         (f.raises ? "__" + suffix(f.raises) : "");
}

void PyGen::decode_fn(Emitter& e, const model::Type* result, const model::Type* raises) const {
  model::Func f;
  f.result = result;
  f.raises = raises;
  std::string r = result ? "result_" + suffix(result) : "result_unit";
  e.print("\n\n$d$",
          {{"d", layout("def " + decoder(f), {"ret: int", "msg: Optional[int]", "length: int"},
                        " -> " + (result ? hint(result) : "None") + ":", 0)}});
  e.print("    return _support.outcome(ret, msg, length, $r$$x$)",
          {{"r", r}, {"x", raises ? ", raised_" + suffix(raises) : ""}});
}

void PyGen::payload_fn(Emitter& e, const model::Func& f, const std::string& prefix) const {
  std::vector<std::string> values;
  std::string hints;
  for (const model::Field& p : f.params) {
    values.push_back(from_c(p.type, lowering::field("src.", p.name.snake)));
    hints += (hints.empty() ? "" : ", ") + hint(p.type);
  }
  e.print("\n\ndef $p$_$n$(p: Optional[int]) -> Tuple[$h$]:",
          {{"p", prefix}, {"n", f.name.snake}, {"h", hints.empty() ? "()" : hints}});
  auto in = e.scope();
  if (f.params.empty()) {
    e.print("return ()");
    return;
  }
  e.print("src = _ffi.$c$.from_address(p or 0)", {{"c", c_abi::params_struct_name(m_, f)}});
  e.print("$t$", {{"t", values.size() == 1 ? "return (" + values[0] + ",)"
                                           : layout("return ", values, "", 1)}});
}

void PyGen::answer_fn(Emitter& e, const model::Type* t, bool raised) const {
  const std::string name = (raised ? "raise_" : "answer_") + suffix(t);
  e.print("\n\ndef $n$(value: $h$) -> Tuple[int, Any, int, Any]:", {{"n", name}, {"h", hint(t)}});
  auto in = e.scope();
  if (t->kind == TypeKind::string) {
    e.print("return _support.answer_text(value)");
    return;
  }
  if (t->kind == TypeKind::bytes) {
    e.print("return _support.answer_bytes(value)");
    return;
  }
  const std::string ce = c_elem(t);
  Lower lower(*this, e);
  if (t->kind == TypeKind::object_) {
    e.print("out = $x$", {{"x", lower.expr(t, "value")}});  // a handle struct already
  } else if (single_value(t)) {
    e.print("out = $c$($x$)", {{"c", ce}, {"x", lower.expr(t, "value")}});
  } else {
    e.print("out = $c$()", {{"c", ce}});
    lowering::lower(t, "value", lowering::element(t, "out", "out"), lower);
  }
  e.print("return _support.$f$(out, ctypes.sizeof(out))",
          {{"f", raised ? "answer_raised" : "answer_value"}});
}

/// result_ per result type, raised_ per raised error, decode_ per pair,
/// payloads of events and host fns, and answer_/raise_ per host result and
/// error: each once.
void PyGen::answer_funcs(Emitter& e) const {
  std::set<std::string> results, raised, decoders, answers;
  for (const auto* fs : {&m_.procs, &m_.static_procs}) {
    for (const model::Func& f : *fs) {
      if (!c_abi::native(f)) continue;
      if (results.insert(f.result ? f.result->spelling : "").second) result_fn(e, f.result);
      if (f.raises && raised.insert(f.raises->spelling).second) raised_fn(e, f.raises);
      if (decoders.insert(decoder(f)).second) decode_fn(e, f.result, f.raises);
    }
  }
  if (m_.ctor && results.insert("").second) result_fn(e, nullptr);
  if (m_.ctor && decoders.insert("decode_unit").second) decode_fn(e, nullptr, nullptr);
  for (const model::Func& ev : m_.events) {
    if (c_abi::native(ev)) payload_fn(e, ev, "event");
  }
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;
    payload_fn(e, h, "args");
    if (h.result && answers.insert("answer " + h.result->spelling).second)
      answer_fn(e, h.result, false);
    if (h.raises && answers.insert("raise " + h.raises->spelling).second)
      answer_fn(e, h.raises, true);
  }
}

std::string PyGen::convert_py() const {
  Emitter e;
  for (const model::Struct& s : m_.structs)
    record_funcs(e, s.name.pascal, snake_mangle(s.name.pascal), s.fields);
  for (const model::Union& u : m_.unions)
    union_funcs(e, u);
  for (const model::Type& t : m_.types) {
    if (t.kind == TypeKind::list) list_funcs(e, &t);
    if (t.kind == TypeKind::map) map_funcs(e, &t);
  }
  answer_funcs(e);
  std::string body = e.take();
  std::string typing;
  for (const char* name : {"Any", "Dict", "List", "Optional", "Tuple"}) {
    if (body.find(std::string(name) + (name[0] == 'A' ? "" : "[")) != std::string::npos)
      typing += (typing.empty() ? "" : ", ") + std::string(name);
  }
  std::string out = header() +
                    "\"\"\"Conversions between the Python values and the C mirrors: a to_c\n"
                    "function fills a mirror (ctypes keeps what its pointers point at alive\n"
                    "with it); a from_c function copies a mirror into Python values.\"\"\"\n\n"
                    "from __future__ import annotations\n\n";
  if (body.find("ctypes.") != std::string::npos) out += "import ctypes\n";
  if (!m_.objects.empty()) typing = typing.empty() ? "TYPE_CHECKING" : "TYPE_CHECKING, " + typing;
  if (!typing.empty()) out += "from typing import " + typing + "\n";
  out += body.find("_ffi.") != std::string::npos ? "\nfrom . import _ffi, _support\n"
                                                 : "\nfrom . import _support\n";
  if (!m_.objects.empty()) out += "from . import client as _client\n";
  out += types_import(body);
  if (!m_.objects.empty()) {
    std::string objects;
    for (const model::Object& o : m_.objects)
      objects += (objects.empty() ? "" : ", ") + o.name.pascal;
    out += "\nif TYPE_CHECKING:\n    from .client import " + objects + "\n";
  }
  return out + body;
}

}  // namespace ffidl::gen::python
