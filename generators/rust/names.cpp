// Rust spellings of the schema's names and types, and the imports a
// generated file needs.
#include "rust/backend.hpp"

namespace ffidl::gen::rust {
const char* rust_scalar(TypeKind k) {
  switch (k) {
    case TypeKind::boolean:
      return "bool";
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
    case TypeKind::u64:
      return "u64";
    case TypeKind::f32:
      return "f32";
    case TypeKind::f64:
      return "f64";
    default:
      return nullptr;
  }
}

/// `ListI32` -> `list_i32`: a mangled type name as a snake_case suffix.
std::string snake_mangle(const std::string& m) {
  std::string out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    char c = m[i];
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (i > 0) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

/// The Rust FFI spelling of a C type: `*const c_char`, `usize`, a mirror's
/// name (as ffi.rs declares it).
std::string rust_c(const c_abi::CType& t) {
  using B = c_abi::CType::Base;
  static const char* const spelled[] = {
      "bool",         "i8",  "i16", "i32",   "i64",    "u8",     "u16",   "u32",
      "u64",          "f32", "f64", "usize", "c_char", "c_void", "c_int", "ffidl_callback",
      "ffidl_host_fn"};
  std::string out;
  for (int i = 0; i < t.pointers; ++i)
    out += i == 0 && t.writable ? "*mut " : "*const ";
  return out + (t.base == B::named ? t.name : spelled[static_cast<int>(t.base)]);
}

/// A C parameter's name in an extern declaration: `r#` where it is a Rust
/// keyword (the host fn registration's `fn`).
std::string rust_param_name(const std::string& name) {
  return naming::keyword_in(name).find("Rust") != std::string::npos ? "r#" + name : name;
}

/// Joins `head(` params `)tail` on one line if it fits at `indent`, else
/// one parameter per line with a trailing comma (rustfmt's "Tall" layout).
/// A return type (`tail` = " -> T {" or " -> T;") counts towards the
/// width with room for " {"; a declaration (";") whose parameters fit
/// moves just its return type to the next line, as rustfmt does.
std::string layout(const std::string& head, const std::vector<std::string>& params,
                   const std::string& tail) {
  std::string joined;
  for (std::size_t i = 0; i < params.size(); ++i)
    joined += (i ? ", " : "") + params[i];
  if (joined.size() <= kOneLineParams) return head + "(" + joined + ")" + tail;
  std::string out = head + "(\n";
  for (const std::string& p : params)
    out += "    " + p + ",\n";
  return out + ")" + tail;
}

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
}

/// `*r` for a reference expression, `x` for `&x`.
std::string deref(const std::string& r) {
  return r[0] == '&' ? r.substr(1) : "*" + r;
}

/// `&x` for a place expression, `p` for `*p`.
std::string ref(const std::string& x) {
  return x[0] == '*' ? x.substr(1) : "&" + x;
}

std::string RustGen::owned(const model::Type* t) const {
  if (const char* s = rust_scalar(t->kind)) return s;
  switch (t->kind) {
    case TypeKind::string:
      return "String";
    case TypeKind::bytes:
      return "Vec<u8>";
    case TypeKind::list:
      return "Vec<" + owned(t->elem) + ">";
    case TypeKind::optional:
      return "Option<" + owned(t->elem) + ">";
    case TypeKind::map:
      words_.insert("BTreeMap");
      return "BTreeMap<" + owned(t->key) + ", " + owned(t->elem) + ">";
    case TypeKind::struct_:
      return m_.struct_of(*t).name.pascal;
    case TypeKind::enum_:
      return m_.enum_of(*t).name.pascal;
    case TypeKind::union_:
      return m_.union_of(*t).name.pascal;
    case TypeKind::object_:
      return m_.object_of(*t).name.pascal;
    default:
      throw std::logic_error("rust: no type for " + t->spelling);
  }
}

std::string RustGen::borrowed(const model::Type* t) const {
  switch (t->kind) {
    case TypeKind::string:
      return "&str";
    case TypeKind::bytes:
      return "&[u8]";
    case TypeKind::list:
      return "&[" + owned(t->elem) + "]";
    case TypeKind::map:
    case TypeKind::struct_:
    case TypeKind::union_:
    case TypeKind::object_:
      return "&" + owned(t);
    case TypeKind::optional:
      return "Option<" + borrowed(t->elem) + ">";
    default:
      return owned(t);
  }
}

std::string RustGen::ffi_type(const c_abi::CType& t) const {
  std::string r = rust_c(t);
  if (t.base == c_abi::CType::Base::char_) words_.insert("c_char");
  if (t.base != c_abi::CType::Base::named) return r;
  words_.insert("ffi");
  return r.substr(0, r.size() - t.name.size()) + "ffi::" + t.name;
}

Emitter RustGen::emitter() const {
  Emitter e;
  e.observe([this](std::string_view tmpl) { note_words(tmpl); });
  return e;
}

void RustGen::note_words(std::string_view text) const {
  static const std::pair<const char*, const char*> tokens[] = {{"BTreeMap", "BTreeMap"},
                                                               {"c_char", "c_char"},
                                                               {"c_void", "c_void"},
                                                               {"CStr", "CStr"},
                                                               {"size_of", "size_of"},
                                                               {"Arc", "Arc"},
                                                               {"Arena", "Arena"},
                                                               {"Call", "Call"},
                                                               {"Ctx", "Ctx"},
                                                               {"HostFn", "HostFn"},
                                                               {"HostJob", "HostJob"},
                                                               {"HostFailure", "HostFailure"},
                                                               {"Failure", "Failure"},
                                                               {"show_str(", "show_str"},
                                                               {"fmt::", "fmt"},
                                                               {"Hosts", "Hosts"},
                                                               {"ListenerFn", "ListenerFn"},
                                                               {"Subscription", "Subscription"},
                                                               {"bytes(", "bytes"},
                                                               {"bytes_arg(", "bytes_arg"},
                                                               {"enum_value(", "enum_value"},
                                                               {"opt(", "opt"},
                                                               {"slice(", "slice"},
                                                               {"string(", "string"},
                                                               {"string_n(", "string_n"},
                                                               {"zeroed(", "zeroed"},
                                                               {"convert::", "convert"},
                                                               {"ffi::", "ffi"}};
  for (const auto& [token, word] : tokens) {
    std::string_view tok(token);
    for (std::size_t at = text.find(tok); at != text.npos; at = text.find(tok, at + 1)) {
      char before = at ? text[at - 1] : ' ';
      std::size_t end = at + tok.size();
      bool left = !ident_char(before) && before != ':' && before != '.';
      bool right = !ident_char(tok.back()) || end >= text.size() || !ident_char(text[end]);
      if (left && right) words_.insert(word);
    }
  }
}

std::string RustGen::take_std_uses() const {
  std::string out;
  if (words_.count("BTreeMap")) out += "use std::collections::BTreeMap;\n";
  std::vector<std::string> ffi;
  for (const char* n : {"c_char", "c_void", "CStr"}) {
    if (words_.count(n)) ffi.push_back(n);
  }
  if (ffi.size() == 1) out += "use std::ffi::" + ffi[0] + ";\n";
  if (ffi.size() > 1) {
    out += "use std::ffi::{";
    for (std::size_t i = 0; i < ffi.size(); ++i)
      out += (i ? ", " : "") + ffi[i];
    out += "};\n";
  }
  if (words_.count("size_of")) out += "use std::mem::size_of;\n";
  if (words_.count("Arc")) out += "use std::sync::Arc;\n";
  return out;
}

}  // namespace ffidl::gen::rust
