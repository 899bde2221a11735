// --lang rust: a crate per library, `<lib>-rs/`, with no dependencies:
//   Cargo.toml, build.rs     links lib<lib>.so (beside the crate by default,
//                            or <LIB>_LIB_DIR)
//   src/ffi.rs               #[repr(C)] mirrors and extern "C" declarations,
//                            exactly <lib>.h (from c_abi, like every backend)
//   src/types.rs             owned Rust types with the schema's docs
//   src/convert.rs           owned types <-> mirrors
//   src/lib.rs               Client, the methods (blocking and async),
//                            statics, events, host functions
//   src/support.rs           shared support (rust_support.cpp)
//   tests/layout.{rs,c}      the mirrors' sizes and offsets against C's
// The native wire only: procs exported in CBOR alone are left out (see
// docs/decisions.md). Output follows rustfmt's default style.
#include "rust.hpp"
#include "naming.hpp"

#include <map>
#include <regex>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <variant>

#include "c_abi.hpp"
#include "error_message.hpp"
#include "export_table.hpp"
#include "generator.hpp"
#include "lowering.hpp"

namespace ffidl::gen {

// The crate carries a copy of the C header (for the layout test).
std::vector<OutputFile> generate_c(const model::Model&, const Options&);

namespace {

using model::TypeKind;

constexpr std::size_t kWidth = 100;  // rustfmt's max_width

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
std::string tall(std::size_t indent, const std::string& head,
                 const std::vector<std::string>& params, const std::string& tail) {
  std::string joined;
  for (std::size_t i = 0; i < params.size(); ++i)
    joined += (i ? ", " : "") + params[i];
  std::string sig = head + "(" + joined + ")";
  if (tail.rfind(" -> ", 0) == 0) {
    bool body = tail.back() == '{';
    std::string ret = tail.substr(1, tail.size() - 1 - (body ? 2 : 1));
    std::size_t line = indent + sig.size() + 1 + ret.size();
    if (line + 2 <= kWidth || params.empty()) return sig + tail;
    if (!body && line <= kWidth) return sig + "\n    " + tail.substr(1);
  } else if (indent + sig.size() + tail.size() <= kWidth || params.empty()) {
    return sig + tail;
  }
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

class RustGen {
 public:
  explicit RustGen(const model::Model& m)
      : m_(m), table_(exports::table(m)), lib_(m.library.name.original), dir_(lib_ + "-rs/") {}

  std::vector<OutputFile> run() {
    std::vector<OutputFile> files;
    auto add = [&](const std::string& name, std::string content) {
      files.push_back({dir_ + name, std::move(content), false});
    };
    add("Cargo.toml", cargo_toml());
    add("build.rs", build_rs());
    for (OutputFile& f : generate_c(m_, {}))
      add(f.path, std::move(f.content));
    add("src/lib.rs", lib_rs());
    add("src/client.rs", client_rs());
    add("src/ffi.rs", ffi_rs());
    add("src/types.rs", types_rs());
    add("src/convert.rs", convert_rs());
    add("src/support.rs", rust::support_file(m_));
    add("tests/layout.rs", layout_rs());
    add("tests/layout.c", layout_c());
    return files;
  }

 private:
  std::string header() const { return "// Generated by " + provenance(m_) + ". Do not edit.\n"; }

  // ---- names and types ----

  std::string owned(const model::Type* t) const {
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

  /// A parameter's type: borrowed where the owned type is not Copy.
  std::string borrowed(const model::Type* t) const {
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

  /// c_abi::element_type in Rust (ffi:: qualified outside ffi.rs).
  std::string c_elem(const model::Type* t) const { return ffi_type(c_abi::element_ctype(m_, t)); }

  /// rust_c outside ffi.rs: mirrors are `ffi::` qualified, and the names
  /// it uses are noted for the file's imports.
  std::string ffi_type(const c_abi::CType& t) const {
    std::string r = rust_c(t);
    if (t.base == c_abi::CType::Base::char_) words_.insert("c_char");
    if (t.base != c_abi::CType::Base::named) return r;
    words_.insert("ffi");
    return r.substr(0, r.size() - t.name.size()) + "ffi::" + t.name;
  }

  /// `convert::name`, noting the module for client.rs's imports (the name
  /// reaches a template as a variable, which the observer does not read).
  std::string convert_fn(const std::string& name) const {
    words_.insert("convert");
    return "convert::" + name;
  }

  std::string fn_suffix(const model::Type* t) const { return snake_mangle(c_abi::mangle(m_, t)); }

  static std::string event_type(const model::Func& f) { return f.name.pascal + "Event"; }
  static std::string args_type(const model::Func& f) { return f.name.pascal + "Args"; }

  void doc(Emitter& e, const model::Doc& d) const { e.doc(d, CommentStyle::slashes3); }

  /// An emitter whose templates declare the names they use, so each file
  /// imports exactly those (an unused import warns): a function `name(`, a
  /// module `name::` or a type word. Only templates count, never doc text
  /// (which arrives through doc() and variables).
  Emitter emitter() const {
    Emitter e;
    e.observe([this](std::string_view tmpl) { note_words(tmpl); });
    return e;
  }

  void note_words(std::string_view text) const {
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

  /// The `use std::...` lines for the words noted so far.
  std::string take_std_uses() const {
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

  // ---- Cargo.toml, build.rs ----

  std::string cargo_toml() const {
    std::string version = m_.library.version;
    if (!std::regex_match(version, std::regex(R"(\d+\.\d+\.\d+)"))) version = "0.0.0";
    return subst(R"(# Generated by $schema$. Do not edit.
[package]
name = "$lib$"
version = "$version$"
edition = "2021"
description = "Rust client of the $lib$ library, generated by ffidlc"
links = "$lib$"
build = "build.rs"
publish = false

[lib]
path = "src/lib.rs"
)",
                 {{"schema", provenance(m_)}, {"lib", lib_}, {"version", version}});
  }

  std::string build_rs() const {
    return header() +
           subst(R"(//! Links lib$lib$.so. By default it is looked for in the directory that
//! holds this crate (the crate is generated beside the built library); set
//! $upper$_LIB_DIR to use another directory.
use std::env;
use std::path::PathBuf;

#[rustfmt::skip]
fn main() {
    println!("cargo:rerun-if-env-changed=$upper$_LIB_DIR");
    let dir = match env::var_os("$upper$_LIB_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env::var_os("CARGO_MANIFEST_DIR").expect("run by cargo")).join(".."),
    };
    let dir = dir.canonicalize().unwrap_or(dir);
    println!("cargo:rustc-link-search=native={}", dir.display());
    println!("cargo:rustc-link-lib=dylib=$lib$");
    // This crate's tests find the library at run time too. Binaries that
    // depend on the crate read DEP_$upper$_LIB_DIR (or use LD_LIBRARY_PATH).
    println!("cargo:rustc-link-arg=-Wl,-rpath,{}", dir.display());
    println!("cargo:lib_dir={}", dir.display());
}
)",
                 {{"lib", lib_}, {"upper", m_.library.name.upper}});
  }

  // ---- ffi.rs ----

  std::string ffi_rs() const {
    Emitter e;
    e.print(header() + R"(//! The C ABI of $lib$ exactly as `$lib$.h` declares it: #[repr(C)]
//! mirrors and extern "C" functions. The safe API in the crate root is
//! built on these; use them directly only to reach what it does not cover.
#![allow(non_camel_case_types, non_snake_case, non_upper_case_globals)]

use std::ffi::{c_char, c_int, c_void$cstr$};

/// Delivers a result, an error, a stale warning or an event.
pub type ffidl_callback = Option<
    unsafe extern "C" fn(ret: c_int, msg: *const c_void, len: usize, user_data: *mut c_void),
>;
/// Invoked for a host function; answer with the library's `host_complete`.
pub type ffidl_host_fn = Option<
    unsafe extern "C" fn(call_id: u64, req: *const c_void, len: usize, user_data: *mut c_void),
>;

pub const FFIDL_OK: c_int = 0;
pub const FFIDL_ERR: c_int = 1;
pub const FFIDL_MISSING_CALLBACK: c_int = 2;
pub const FFIDL_STALE_WARN: c_int = 3;
pub const FFIDL_ERR_TYPED: c_int = 4;

/// The ABI hash and version of the schema this crate was generated from.
pub const ABI_HASH: u64 = $hash$;
pub const SCHEMA_VERSION: &str = "$version$";
/// The functions this crate was generated with and their ABI hashes, as
/// `<lib>_abi_check` takes them (names NUL-terminated).
pub const ABI_DECLS: &[(&[u8], u64)] = &[)",
            {{"lib", lib_},
             {"cstr", m_.events.empty() && m_.hosts.empty() ? "" : ", CStr"},
             {"hash", c_abi::abi_hash_hex(m_)},
             {"version", m_.library.version}});
    for (const c_abi::AbiDecl& d : c_abi::abi_decls(m_))
      e.print("    (b\"$n$\\0\", $h$),", {{"n", d.name}, {"h", c_abi::hex(d.hash)}});
    e.print("];");
    for (const model::Enum& en : m_.enums) {
      e.blank();
      doc(e, en.doc);
      std::string tn = c_abi::type_name(m_, en.name);
      e.print("pub type $t$ = i32;", {{"t", tn}});
      for (const model::Enumerator& v : en.enumerators) {
        e.print(
            "pub const $n$: $t$ = $v$;",
            {{"n", c_abi::enumerator_name(m_, en, v)}, {"t", tn}, {"v", std::to_string(v.value)}});
      }
    }
    for (const model::Union& u : m_.unions) {
      e.blank();
      e.print("/// The variants of `$t$` (its `tag`).", {{"t", c_abi::type_name(m_, u.name)}});
      for (std::size_t i = 0; i < u.variants.size(); ++i) {
        e.print("pub const $n$: i32 = $v$;",
                {{"n", c_abi::tag_name(m_, u, u.variants[i])}, {"v", std::to_string(i)}});
      }
    }
    for (const model::Object& o : m_.objects) {
      e.blank();
      doc(e, o.doc);
      e.print(
          "#[repr(C)]\n#[derive(Debug, Clone, Copy)]\npub struct $n$ {\n    pub handle: u64,\n}",
          {{"n", c_abi::type_name(m_, o.name)}});
    }
    for (const c_abi::StructDef& d : c_abi::struct_defs(m_)) {
      e.blank();
      doc(e, d.doc);
      e.print("#[repr(C)]\n#[derive(Debug, Clone, Copy)]\npub struct $n$ {", {{"n", d.name}});
      e.indent();
      for (const auto& [fdoc, members] : d.fields) {
        doc(e, fdoc);
        for (const c_abi::Member& mem : members)
          e.print("pub $n$: $t$,", {{"n", mem.name}, {"t", rust_c(mem.type)}});
      }
      e.outdent();
      e.print("}");
    }
    e.blank();
    for (const model::Func& ev : m_.events) {
      e.print("pub const $n$: &CStr = c\"$s$\";",
              {{"n", m_.library.name.upper + "_EVENT_" + ev.name.upper}, {"s", ev.name.snake}});
    }
    for (const model::Func& h : m_.hosts) {
      e.print("pub const $n$: &CStr = c\"$s$\";",
              {{"n", m_.library.name.upper + "_HOST_" + h.name.upper}, {"s", h.name.snake}});
    }
    e.blank();
    e.print("extern \"C\" {");
    e.indent();
    for (const exports::Export& x : table_) {
      std::vector<std::string> params;
      for (const exports::Param& p : x.params)
        params.push_back(rust_param_name(p.name) + ": " + rust_c(p.type));
      const bool none = x.result.base == c_abi::CType::Base::void_ && x.result.pointers == 0;
      e.print(tall(4, "pub fn " + x.symbol, params, none ? ";" : " -> " + rust_c(x.result) + ";"));
    }
    e.outdent();
    e.print("}");
    return e.take();
  }

  // ---- types.rs ----

  std::string types_rs() const {
    Emitter e = emitter();
    if (!m_.library.version.empty()) {
      e.print("/// The library's version from the schema.");
      e.print("pub const LIBRARY_VERSION: &str = $v$;",
              {{"v", string_literal(m_.library.version, Escapes::utf8)}});
    }
    for (const model::Const& c : m_.consts) {
      doc(e, c.doc);
      e.print("pub const $n$: $t$ = $v$;",
              {{"n", c.name.upper},
               {"t", c.type->kind == TypeKind::string ? "&str" : rust_scalar(c.type->kind)},
               {"v", const_literal(c)}});
    }
    for (const model::Enum& en : m_.enums) {
      e.blank();
      doc(e, en.doc);
      e.print("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]");
      e.print("#[repr(i32)]\npub enum $n$ {", {{"n", en.name.pascal}});
      e.indent();
      bool first = true;
      for (const model::Enumerator& v : en.enumerators) {
        doc(e, v.doc);
        if (first) e.print("#[default]");
        first = false;
        e.print("$n$ = $v$,", {{"n", v.name.pascal}, {"v", std::to_string(v.value)}});
      }
      e.outdent();
      e.print("}");
      e.blank();
      e.print("impl $n$ {", {{"n", en.name.pascal}});
      e.indent();
      e.print("/// The enumerator with C value `v`, if there is one.");
      e.print("pub fn from_c(v: i32) -> Option<$n$> {\n    match v {", {{"n", en.name.pascal}});
      for (const model::Enumerator& v : en.enumerators) {
        e.print("        $v$ => Some($n$::$e$),",
                {{"v", std::to_string(v.value)}, {"n", en.name.pascal}, {"e", v.name.pascal}});
      }
      e.print("        _ => None,\n    }\n}");
      e.blank();
      e.print("/// The enumerator's name as the schema spells it.");
      e.print("pub fn name(self) -> &'static str {\n    match self {");
      for (const model::Enumerator& v : en.enumerators) {
        e.print("        $n$::$e$ => \"$s$\",",
                {{"n", en.name.pascal}, {"e", v.name.pascal}, {"s", v.name.original}});
      }
      e.print("    }\n}");
      e.outdent();
      e.print("}");
    }
    for (const model::Struct& s : m_.structs) {
      e.blank();
      doc(e, s.doc);
      struct_decl(e, s.name.pascal, s.fields);
    }
    for (const model::Union& u : m_.unions)
      union_decl(e, u);
    for (const model::Func& ev : m_.events) {
      if (ev.params.empty()) continue;
      e.blank();
      e.print("/// The payload of the `$n$` event.", {{"n", ev.name.original}});
      struct_decl(e, event_type(ev), ev.params);
    }
    for (const model::Func& h : m_.hosts) {
      if (h.params.empty()) continue;
      e.blank();
      e.print("/// The arguments of the `$n$` host function.", {{"n", h.name.original}});
      struct_decl(e, args_type(h), h.params);
    }
    for (const model::Object& o : m_.objects)
      object_decl(e, o);
    std::string body = e.take();
    std::string use = take_std_uses();
    if (words_.count("fmt")) use += "use std::fmt;\n";
    if (words_.count("show_str")) use += "\nuse crate::support::show_str;\n";
    if (!m_.objects.empty())
      use += "\nuse crate::ffi;\nuse crate::support::{decoding_ctx, Ctx, Error};\n";
    words_.clear();
    return header() +
           "//! The library's types as owned Rust values.\n#![allow(clippy::approx_constant, "
           "clippy::excessive_precision, clippy::type_complexity)]\n" +
           (use.empty() ? "" : "\n" + use) + "\n" + body;
  }

  /// An object: a reference (its context and handle) that releases itself
  /// on drop, clones by taking another reference, and compares by identity.
  /// Its ctors and procs are in client.rs (they make calls).
  void object_decl(Emitter& e, const model::Object& o) const {
    words_.insert("fmt");
    e.blank();
    doc(e, o.doc);
    if (!o.doc.empty()) e.print("///");
    e.emit(R"rs(
        /// A reference to a `$o$` living in a client's context. The object lives
        /// while any reference (here or in the library) holds it: dropping this
        /// one releases it, cloning takes another. References to one object
        /// compare equal. Calls through a reference that outlived its client fail.
        pub struct $T$ {
            ctx: Ctx,
            handle: u64,
        }

        impl $T$ {
            /// A reference of the caller's own to a handle borrowed in the callback
            /// being decoded.
            pub(crate) fn retained(h: ffi::$c$) -> Result<$T$, Error> {
                let ctx = decoding_ctx();
                // SAFETY: any handle is accepted; a bad one is refused.
                if unsafe { ffi::$c$_retain(ctx.0, h) } != ffi::FFIDL_OK {
                    let why = format!("cannot take a reference to $o$ {:#x}", h.handle);
                    return Err(Error::Binding(why));
                }
                Ok($T$ { ctx, handle: h.handle })
            }

            /// The handle lent to a call.
            pub(crate) fn c_handle(&self) -> ffi::$c$ {
                ffi::$c$ { handle: self.handle }
            }

            pub(crate) fn ctx(&self) -> *mut std::ffi::c_void {
                self.ctx.0
            }

            /// The object's handle: the same for every reference to it.
            pub fn handle(&self) -> u64 {
                self.handle
            }
        }

        impl Clone for $T$ {
            fn clone(&self) -> Self {
                // SAFETY: any handle is accepted; a dead context refuses it.
                unsafe { ffi::$c$_retain(self.ctx.0, self.c_handle()) };
                $T$ { ctx: self.ctx, handle: self.handle }
            }
        }

        impl Drop for $T$ {
            fn drop(&mut self) {
                // SAFETY: any handle is accepted; a dead context refuses it.
                unsafe { ffi::$c$_release(self.ctx.0, self.c_handle()) };
            }
        }

        impl PartialEq for $T$ {
            fn eq(&self, other: &Self) -> bool {
                self.handle == other.handle
            }
        }

        impl Eq for $T$ {}

        impl std::hash::Hash for $T$ {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.handle.hash(state);
            }
        }

        impl fmt::Debug for $T$ {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "$o$({:#x})", self.handle)
            }
        })rs",
           {{"T", o.name.pascal}, {"o", o.name.original}, {"c", c_abi::type_name(m_, o.name)}});
  }

  /// A variant's field names as a pattern: `a, b`.
  static std::string field_names(const model::Variant& v) {
    std::string out;
    for (const model::Field& f : v.fields)
      out += (out.empty() ? "" : ", ") + f.name.snake;
    return out;
  }

  /// A union as an enum with a variant per schema variant (fields inline);
  /// an error also implements Display (its derived message) and Error.
  void union_decl(Emitter& e, const model::Union& u) const {
    const std::string& U = u.name.pascal;
    e.blank();
    doc(e, u.doc);
    e.print("#[derive(Debug, Clone, PartialEq)]\npub enum $U$ {", {{"U", U}});
    e.indent();
    for (const model::Variant& v : u.variants) {
      doc(e, v.doc);
      if (v.fields.empty()) {
        e.print("$V$,", {{"V", v.name.pascal}});
        continue;
      }
      e.print("$V$ {", {{"V", v.name.pascal}});
      e.indent();
      for (const model::Field& f : v.fields) {
        doc(e, f.doc);
        e.print("$n$: $t$,", {{"n", f.name.snake}, {"t", owned(f.type)}});
      }
      e.outdent();
      e.print("},");
    }
    e.outdent();
    e.print("}");
    e.blank();
    const model::Variant& first = u.variants.front();
    std::string init;
    for (const model::Field& f : first.fields)
      init += (init.empty() ? "" : ", ") + f.name.snake + ": Default::default()";
    e.print(
        "/// The first variant, with default fields.\nimpl Default for $U$ {\n"
        "    fn default() -> Self {\n        $U$::$V$$init$\n    }\n}",
        {{"U", U}, {"V", first.name.pascal}, {"init", init.empty() ? "" : " { " + init + " }"}});
    if (!u.is_error) return;
    e.blank();
    e.print(
        "/// The message derived from the variant and its fields.\nimpl fmt::Display for $U$ {\n"
        "    fn fmt(&self, ffidl_out: &mut fmt::Formatter<'_>) -> fmt::Result {\n        match "
        "self {",
        {{"U", U}});
    e.indent();
    e.indent();
    e.indent();
    for (const model::Variant& v : u.variants) {
      if (v.fields.empty()) {
        e.print("$U$::$V$ => ffidl_out.write_str(\"$n$\"),",
                {{"U", U}, {"V", v.name.pascal}, {"n", v.name.original}});
        continue;
      }
      std::string format, args, pattern;
      for (const error_message::Part& part : error_message::parts(v)) {
        format += part.field ? "{}" : part.text;
        if (part.field) args += ", " + show(part.field->type, part.field->name.snake);
      }
      for (const model::Field& fd : v.fields) {
        bool elided = error_message::shown(fd.type) == error_message::Shown::elided;
        pattern += (pattern.empty() ? "" : ", ") + fd.name.snake + (elided ? ": _" : "");
      }
      e.print("$U$::$V$ { $p$ } => write!(ffidl_out, \"$fmt$\"$args$),",
              {{"U", U}, {"V", v.name.pascal}, {"p", pattern}, {"fmt", format}, {"args", args}});
    }
    e.outdent();
    e.print("}");
    e.outdent();
    e.print("}");
    e.outdent();
    e.print("}\n\nimpl std::error::Error for $U$ {}", {{"U", U}});
  }

  /// A field's value in a typed error's message (error_message::shown);
  /// `x` is a reference.
  std::string show(const model::Type* t, const std::string& x) const {
    switch (error_message::shown(t)) {
      case error_message::Shown::text:
        words_.insert("show_str");  // an expression, which no template spells
        return "show_str(" + x + ")";
      case error_message::Shown::enumeration:
        return "*" + x + " as i32";
      default:
        return x;
    }
  }

  void struct_decl(Emitter& e, const std::string& name,
                   const std::vector<model::Field>& fields) const {
    // An object has no default value: a struct holding one (an event's
    // payload) derives no Default.
    const bool objects = model::holds_objects(fields);
    e.print(objects ? "#[derive(Debug, Clone, PartialEq)]\npub struct $n$ {"
                    : "#[derive(Debug, Clone, PartialEq, Default)]\npub struct $n$ {",
            {{"n", name}});
    e.indent();
    for (const model::Field& f : fields) {
      doc(e, f.doc);
      e.print("pub $n$: $t$,", {{"n", f.name.snake}, {"t", owned(f.type)}});
    }
    e.outdent();
    e.print("}");
  }

  // ---- convert.rs ----

  /// Owned value -> C members, as statements. Value expressions are
  /// references (`&src.field`, `v`); `arena` names the Arena in scope and
  /// `ns` qualifies the conversion functions (`convert::` from client.rs).
  /// expr() gives a single-member value as an expression instead, for
  /// `push(...)` and `let` bindings.
  class Lower final : public lowering::LowerRenderer {
   public:
    Lower(const RustGen& g, Emitter& e, std::string arena = "a", std::string ns = "")
        : g_(g), e_(e), arena_(std::move(arena)), ns_(std::move(ns)) {}
    /// The C value of a single-member value (scalar, enum, string; see
    /// single_value) behind reference `r`, as one expression.
    std::string expr(const model::Type* t, const std::string& r) {
      std::string out;
      capture_ = &out;
      lowering::lower(t, r, lowering::field("", "unused"), *this);
      capture_ = nullptr;
      return out;
    }
    /// True once a step used the arena (the closure then names it).
    bool uses_arena() const { return uses_arena_; }

    void scalar(const model::Type*, const std::string& r, const std::string& d) override {
      assign(d, deref(r));
    }
    void enumeration(const model::Type*, const std::string& r, const std::string& d) override {
      assign(d, deref(r) + " as i32");
    }
    void string(const std::string& r, const std::string& d) override {
      uses_arena_ = true;
      assign(d, arena_ + ".str(" + r + ")?");
    }
    void bytes(const std::string& r, const std::string& d, const std::string& len) override {
      e_.print("($d$, $l$) = bytes_arg($r$);", {{"d", d}, {"l", len}, {"r", r}});
    }
    void list(const model::Type* t, const std::string& r, const std::string& d,
              const std::string& len) override {
      uses_arena_ = true;
      e_.print("($d$, $l$) = $f$($r$, $a$)?;",
               {{"d", d}, {"l", len}, {"f", fn(t)}, {"r", r}, {"a", arena_}});
    }
    void map(const model::Type* t, const std::string& r, const std::string& keys,
             const std::string& values, const std::string& len) override {
      uses_arena_ = true;
      e_.print("($k$, $vs$, $l$) = $f$($r$, $a$)?;",
               {{"k", keys}, {"vs", values}, {"l", len}, {"f", fn(t)}, {"r", r}, {"a", arena_}});
    }
    void record(const model::Type* t, const std::string& r, const std::string& d) override {
      uses_arena_ = true;
      e_.print("$f$($r$, &mut $d$, $a$)?;", {{"f", fn(t)}, {"r", r}, {"d", d}, {"a", arena_}});
    }
    std::string optional_begin(const model::Type*, const std::string& r,
                               const std::string& has) override {
      e_.print("if let Some(v) = $r$ {\n    $h$ = true;", {{"r", r}, {"h", has}});
      e_.indent();
      return "v";
    }
    void optional_end() override {
      e_.outdent();
      e_.print("}");
    }
    /// The handle, lent for the call.
    void object(const model::Type*, const std::string& r, const std::string& d) override {
      assign(d, (!r.empty() && r[0] == '&' ? r.substr(1) : r) + ".c_handle()");
    }

   private:
    std::string fn(const model::Type* t) const {
      if (!ns_.empty()) g_.words_.insert(ns_.substr(0, ns_.find(':')));  // the module it names
      return ns_ + "to_c_" + g_.fn_suffix(t);
    }
    void assign(const std::string& d, const std::string& x) {
      if (capture_) {
        *capture_ = x;
        return;
      }
      e_.print("$d$ = $x$;", {{"d", d}, {"x", x}});
    }

    const RustGen& g_;
    Emitter& e_;
    std::string arena_, ns_;
    std::string* capture_ = nullptr;
    bool uses_arena_ = false;
  };

  /// True if a value of `t` lowers to one C value (Lower::expr applies).
  static bool single_value(const model::Type* t) {
    return t->is_scalar() || t->kind == TypeKind::string || t->kind == TypeKind::object_;
  }

  /// C members -> owned value, as one expression (`?` propagates errors).
  class Lift final : public lowering::LiftRenderer {
   public:
    explicit Lift(const RustGen& g) : g_(g) {}
    std::string scalar(const model::Type*, const std::string& src) override { return src; }
    std::string enumeration(const model::Type* t, const std::string& src) override {
      g_.words_.insert("enum_value");
      const std::string& n = g_.m_.enum_of(*t).name.pascal;
      return "enum_value(" + n + "::from_c(" + src + "), \"" + n + "\", " + src + ")?";
    }
    std::string string(const std::string& src) override {
      g_.words_.insert("string");
      return "string(" + src + ")?";
    }
    std::string bytes(const std::string& src, const std::string& len) override {
      g_.words_.insert("bytes");
      return "bytes(" + src + ", " + len + ")";
    }
    std::string list(const model::Type* t, const std::string& src,
                     const std::string& len) override {
      return "from_c_" + g_.fn_suffix(t) + "(" + src + ", " + len + ")?";
    }
    std::string map(const model::Type* t, const std::string& keys, const std::string& values,
                    const std::string& len) override {
      return "from_c_" + g_.fn_suffix(t) + "(" + keys + ", " + values + ", " + len + ")?";
    }
    std::string record(const model::Type* t, const std::string& src) override {
      return "from_c_" + g_.fn_suffix(t) + "(" + ref(src) + ")?";
    }
    std::string optional(const model::Type*, const std::string& has,
                         const std::string& present) override {
      g_.words_.insert("opt");
      return "opt(" + has + ", || " + ok(present) + ")?";
    }
    /// A reference of the caller's own (the handle is borrowed in the callback).
    std::string object(const model::Type* t, const std::string& src) override {
      return g_.m_.object_of(*t).name.pascal + "::retained(" + src + ")?";
    }

   private:
    const RustGen& g_;
  };

  std::string from_c(const model::Type* t, const lowering::Loc& src) const {
    Lift lift(*this);
    return lowering::lift(t, src, lift);
  }

  /// `expr` as a `Result`: `f(x)?` is already one (as `f(x)`), anything
  /// else is wrapped in `Ok` (clippy's needless_question_mark).
  static std::string ok(const std::string& expr) {
    if (!expr.empty() && expr.back() == '?') return expr.substr(0, expr.size() - 1);
    return "Ok(" + expr + ")";
  }

  void struct_funcs(Emitter& e, const std::string& rust_name, const std::string& c_name,
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
        tall(0, "pub(crate) fn to_c_" + sfx,
             {"src: &" + rust_name, "dst: &mut " + cq, arena ? "a: &mut Arena" : "_: &mut Arena"},
             " -> Result<(), Error> {"));
    e.print(text + "}");
    e.blank();
    e.print("/// # Safety\n/// `src` is a valid mirror (its pointers valid for reads).");
    e.print(tall(0, "pub(crate) unsafe fn from_c_" + sfx, {"src: &" + cq},
                 " -> Result<" + rust_name + ", Error> {"));
    e.indent();
    std::string one;
    for (const model::Field& f : fields)
      one += (one.empty() ? "" : ", ") + f.name.snake + ": " +
             from_c(f.type, lowering::field("src.", f.name.snake));
    if (4 + rust_name.size() + one.size() + 8 <= kWidth) {
      e.print("Ok($n$ { $b$ })", {{"n", rust_name}, {"b", one}});
    } else {
      e.print("Ok($n$ {", {{"n", rust_name}});
      e.indent();
      for (const model::Field& f : fields)
        e.print("$n$: $v$,", {{"n", f.name.snake},
                              {"v", from_c(f.type, lowering::field("src.", f.name.snake))}});
      e.outdent();
      e.print("})");
    }
    e.outdent();
    e.print("}");
  }

  void list_funcs(Emitter& e, const model::Type* t) const {
    Lower lower(*this, e);
    std::string sfx = fn_suffix(t), ce = c_elem(t->elem), ge = owned(t->elem);
    e.blank();
    e.print(tall(0, "pub(crate) fn to_c_" + sfx, {"src: &[" + ge + "]", "a: &mut Arena"},
                 " -> Result<(*const " + ce + ", usize), Error> {"));
    e.indent();
    e.print("let mut out = Vec::with_capacity(src.len());\nfor v in src {");
    e.indent();
    if (single_value(t->elem)) {
      e.print("out.push($x$);", {{"x", lower.expr(t->elem, "v")}});
    } else {
      e.print("let mut slot: $c$ = zeroed();", {{"c", ce}});
      lowering::lower(t->elem, "v", lowering::element(t->elem, "slot", "slot"), lower);
      e.print("out.push(slot);");
    }
    e.outdent();
    e.print("}\nOk(a.keep(out))");
    e.outdent();
    e.print("}");
    e.blank();
    e.print("/// # Safety\n/// `p` points at `n` valid elements (or `n` is 0).");
    e.print(tall(0, "pub(crate) unsafe fn from_c_" + sfx, {"p: *const " + ce, "n: usize"},
                 " -> Result<Vec<" + ge + ">, Error> {"));
    e.indent();
    e.print("let mut out = Vec::with_capacity(n);\nfor v in slice(p, n) {");
    e.print("    out.push($v$);", {{"v", from_c(t->elem, lowering::element(t->elem, "v", "*v"))}});
    e.print("}\nOk(out)");
    e.outdent();
    e.print("}");
  }

  void map_funcs(Emitter& e, const model::Type* t) const {
    Lower lower(*this, e);
    std::string sfx = fn_suffix(t), ck = c_elem(t->key), cv = c_elem(t->elem), gk = owned(t->key),
                gv = owned(t->elem);
    e.blank();
    e.print(tall(0, "pub(crate) fn to_c_" + sfx,
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
    e.print(tall(0, "pub(crate) unsafe fn from_c_" + sfx,
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

  /// `result_<t>`: decodes a proc's native result (msg, len).
  void result_fn(Emitter& e, const model::Type* t) const {
    e.blank();
    e.print(
        "/// # Safety\n/// `msg` and `len` are a native result of this type, valid during the "
        "call.");
    std::string name = t ? "result_" + fn_suffix(t) : "result_unit";
    std::string g = t ? owned(t) : "()";
    e.print(tall(0, "pub(crate) unsafe fn " + name,
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
      e.print("let v = &*(msg as *const $c$);", {{"c", c_elem(t)}});
      e.print("$v$", {{"v", ok(from_c(t, lowering::element(t, "v", "*v")))}});
    }
    e.outdent();
    e.print("}");
  }

  /// A union's conversions: a match on the variant, setting the tag and
  /// lowering the variant's fields where lowering::variant_field puts
  /// them; back, a match on the tag.
  void union_funcs(Emitter& e, const model::Union& u) const {
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
      body.print("$U$::$V$$p$ => {\n    dst.tag = $i$;",
                 {{"U", U}, {"V", v.name.pascal}, {"p", pattern}, {"i", std::to_string(i)}});
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
    e.print(tall(
        0, "pub(crate) fn to_c_" + sfx,
        {"src: &" + U, "dst: &mut " + cq, lower.uses_arena() ? "a: &mut Arena" : "_: &mut Arena"},
        " -> Result<(), Error> {"));
    e.print(text + "}");
    e.blank();
    e.print("/// # Safety\n/// `src` is a valid mirror (its pointers valid for reads).");
    e.print(tall(0, "pub(crate) unsafe fn from_c_" + sfx, {"src: &" + cq},
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
      e.print("$i$ => $U$::$V$$f$,", {{"i", std::to_string(i)},
                                      {"U", U},
                                      {"V", v.name.pascal},
                                      {"f", fields.empty() ? "" : " { " + fields + " }"}});
    }
    e.print("tag => return Err(Error::Binding(format!(\"{tag} is not a variant of $U$\"))),",
            {{"U", U}});
    e.outdent();
    e.outdent();
    e.print("    })\n}");
  }

  /// `raised_<e>`: decodes the typed error a proc raised (FFIDL_ERR_TYPED).
  void raised_fn(Emitter& e, const model::Type* t) const {
    std::string sfx = fn_suffix(t), c = c_elem(t), E = owned(t);
    e.blank();
    e.print("/// # Safety\n/// `msg` points at a valid `$c$`.", {{"c", c}});
    e.print(tall(0, "pub(crate) unsafe fn raised_" + sfx, {"msg: *const c_void"},
                 " -> Failure<" + E + "> {"));
    e.print(
        "    match from_c_$s$(&*(msg as *const $c$)) {\n        Ok(e) => Failure::Raised(e),\n"
        "        Err(e) => Failure::Call(e),\n    }\n}",
        {{"s", sfx}, {"c", c}});
  }

  /// `answer_<t>`: writes a host fn's result into the arena for host_complete.
  void answer_fn(Emitter& e, const model::Type* t) const {
    e.blank();
    std::string g = owned(t);
    e.print(tall(0, "pub(crate) fn answer_" + fn_suffix(t), {"value: " + g, "a: &mut Arena"},
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
        e.print("let out: $c$ = $x$;", {{"c", ce}, {"x", lower.expr(t, "r")}});
      } else {
        e.print("let mut out: $c$ = zeroed();", {{"c", ce}});
        lowering::lower(t, "r", lowering::element(t, "out", "out"), lower);
      }
      e.print("Ok((a.keep_one(out) as *const c_void, size_of::<$c$>()))", {{"c", ce}});
    }
    e.outdent();
    e.print("}");
  }

  std::string convert_rs() const {
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
    auto payload_fn = [&](const std::string& name, const std::string& type, const std::string& c,
                          const std::string& sfx) {
      e.blank();
      e.print("/// # Safety\n/// `p` points at a valid `$c$`.", {{"c", c}});
      e.print(tall(0, "pub(crate) unsafe fn " + name, {"p: *const c_void"},
                   " -> Result<" + type + ", Error> {"));
      e.print("    from_c_$s$(&*(p as *const ffi::$c$))\n}", {{"s", sfx}, {"c", c}});
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
    std::string body = e.take();
    std::string use = take_std_uses();
    std::string support;
    for (const char* name : {"bytes", "bytes_arg", "enum_value", "opt", "slice", "string",
                             "string_n", "zeroed", "Arena", "Error", "Failure"}) {
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

  // ---- lib.rs ----

  /// Lowers f's parameters for its native export: the conversions go to
  /// `e`, and the result is the Rust expression of each C argument, by the
  /// C parameter's name (the export table's Param::name). `arena`: whether
  /// a conversion allocates in `ffidl_arena`.
  std::map<std::string, std::string> c_args(Emitter& e, const model::Func& f, bool* arena,
                                            bool receiver = false) const {
    std::map<std::string, std::string> args;
    Lower lower(*this, e, "ffidl_arena", "convert::");
    for (const model::Field& p : f.params) {
      const model::Type* t = p.type;
      const std::string& name = p.name.snake;
      std::string n = param(p), c = "ffidl_" + name;
      if (receiver && &p == &f.params.front()) n = "self";  // the object's own method
      switch (lowering::passing(t)) {
        case lowering::Passing::value:
          args[name] = lower.expr(t, "&" + n);
          continue;
        case lowering::Passing::pointer:
          e.print("let mut $local$ = zeroed();", {{"local", c}});
          lowering::lower(t, n, lowering::element(t, c, c), lower);
          args[name] = "&" + c;
          continue;
        case lowering::Passing::optional_pointer:
          e.print("let mut $local$ = zeroed();\nif let Some(v) = $param$ {",
                  {{"local", c}, {"param", n}});
          {
            auto in = e.scope();
            lowering::lower(t->elem, "v", lowering::element(t->elem, c, c), lower);
          }
          e.print("}");
          // Absent: a null pointer (lowering::Passing::optional_pointer).
          args["has_" + name] = n + ".is_some()";
          args[name] = "if " + n + ".is_some() { &" + c + " } else { std::ptr::null() }";
          continue;
        case lowering::Passing::members:
          break;
      }
      if (single_value(t)) {
        e.print("let $local$ = $value$;", {{"local", c}, {"value", lower.expr(t, n)}});
        args[name] = c;
        continue;
      }
      // Declared here, assigned once by the lowering (or left zeroed when
      // an optional is absent).
      for (const c_abi::Member& mem : c_abi::param_members(m_, t, name)) {
        e.print(t->kind == TypeKind::optional ? "let mut ffidl_$member$: $type$ = zeroed();"
                                              : "let ffidl_$member$: $type$;",
                {{"member", mem.name}, {"type", ffi_type(mem.type)}});
        args[mem.name] = "ffidl_" + mem.name;
      }
      lowering::lower(t, t->kind == TypeKind::optional ? "&" + n : n, lowering::field("ffidl_", name),
                      lower);
    }
    *arena = lower.uses_arena();
    return args;
  }

  /// A parameter's Rust name: the schema's, or with a trailing `_` where an
  /// object ctor's own `client` parameter takes it (Rust shadows the
  /// generated locals harmlessly).
  static std::string param(const model::Field& p) {
    return p.name.snake == "client" ? "client_" : p.name.snake;
  }

  std::string rust_params(const model::Func& f) const {
    std::string out;
    for (const model::Field& p : f.params)
      out += (out.empty() ? "" : ", ") + param(p) + ": " + borrowed(p.type);
    return out;
  }

  std::vector<std::string> param_list(const model::Func& f, bool self) const {
    std::vector<std::string> out;
    if (self) out.push_back("&self");
    for (const model::Field& p : f.params)
      out.push_back(param(p) + ": " + borrowed(p.type));
    return out;
  }

  std::string call_names(const model::Func& f) const {
    std::string out;
    for (const model::Field& p : f.params)
      out += (out.empty() ? "" : ", ") + param(p);
    return out;
  }

  /// `let rc = unsafe { call };` at `indent`, as rustfmt lays it out.
  static std::string unsafe_call(std::size_t indent, const std::string& fn,
                                 const std::vector<std::string>& args) {
    std::string one = tall(0, fn, args, "");
    if (indent + 18 + one.size() + 3 <= kWidth && one.find('\n') == std::string::npos)
      return "let rc = unsafe { " + one + " };";
    std::string inner = tall(indent + 4, fn, args, "");
    std::string out = "let rc = unsafe {\n";
    std::size_t start = 0;
    while (start < inner.size()) {
      std::size_t nl = inner.find('\n', start);
      if (nl == std::string::npos) nl = inner.size();
      out += "    " + inner.substr(start, nl - start) + "\n";
      start = nl + 1;
    }
    return out + "};";
  }

  /// `Call::start(decode, |a, cb, ud| { ... })` with f's conversions and
  /// the call of `row`, its native export.
  void call_start(Emitter& e, std::size_t indent, const exports::Export& row,
                  const std::string& decode, bool raising = false, bool receiver = false) const {
    const model::Func& f = *row.func;
    const bool ctor = row.kind == exports::Kind::ctor;
    Emitter body = emitter();
    bool arena = false;
    const std::map<std::string, std::string> lowered = c_args(body, f, &arena, receiver);
    const std::vector<std::string> args =
        exports::call_args(row, [&](const exports::Param& p) -> std::string {
          switch (p.role) {
            case exports::Role::ctx:
              return "ctx";
            case exports::Role::callback:
              return "cb";
            case exports::Role::user_data:
              return "user_data";
            case exports::Role::argument:
              return lowered.at(p.name);
            default:
              throw std::logic_error("rust: a native call has no " + p.name);
          }
        });
    std::string conv = body.take();
    std::string start = raising ? "Call::start_raising(" : "Call::start(";
    if (!ctor && model::holds_objects(f.result)) {
      // Objects in the answer take their references in the context called.
      words_.insert("Ctx");
      start = raising ? "Call::start_raising_in(Ctx(ctx), " : "Call::start_in(Ctx(ctx), ";
    }
    e.print("$start$|$arena$, cb, user_data| {",
            {{"start", ctor ? "let call = " + start + decode + ", " : start + decode + ", "},
             {"arena", arena ? "ffidl_arena" : "_"}});
    e.indent();
    if (!conv.empty()) e.print(conv);
    e.print("// SAFETY: the arguments outlive the call, which copies them.");
    e.print(unsafe_call(indent + 4, "ffi::" + row.symbol, args));
    if (ctor) {
      e.print("ctx = Ctx(rc);\nOk(if rc.is_null() { ffi::FFIDL_ERR } else { ffi::FFIDL_OK })");
    } else {
      e.print("Ok(rc)");
    }
    e.outdent();
    e.print(ctor ? "});" : "})");
  }

  /// An object member's Rust name (`r#` where it is a Rust keyword).
  static std::string member_name(const model::Func& f) {
    const std::string& n = f.member_name.snake;
    return naming::keyword_in(n).find("Rust") != std::string::npos ? "r#" + n : n;
  }

  /// An object proc as a method of its object (`receiver`): the context is
  /// the object's, `obj` the object itself.
  void method(Emitter& e, const model::Func& f, bool is_static, bool receiver = false) const {
    std::string ret = f.result ? owned(f.result) : "()";
    std::size_t indent = is_static ? 0 : 4;
    std::string decode = convert_fn(f.result ? "result_" + fn_suffix(f.result) : "result_unit");
    // A function that raises E fails with Failure<E>: its Call carries it.
    std::string err = "Error";
    if (!f.raises) words_.insert("Error");  // a variable: the observer does not see it
    if (f.raises) {
      words_.insert("Failure");
      err = "Failure<" + owned(f.raises) + ">";
      decode += ", " + convert_fn("raised_" + fn_suffix(f.raises));
    }
    const std::string name = receiver ? member_name(f) : f.name.snake;
    const std::string async = (receiver ? f.member_name.snake : f.name.snake) + "_async";
    std::vector<std::string> params = param_list(f, !is_static);
    std::string names = call_names(f);
    if (receiver) {
      params.erase(params.begin() + 1);  // `obj` is self
      names = names.find(", ") == std::string::npos ? "" : names.substr(names.find(", ") + 2);
    }
    doc(e, f.doc);
    e.print(tall(indent, "pub fn " + name, params, " -> Result<" + ret + ", " + err + "> {"));
    if (!is_static) e.print("    self.check_blocking()?;");
    e.print("    $s$$n$($a$).wait()\n}",
            {{"s", is_static ? "" : "self."}, {"n", async}, {"a", names}});
    e.blank();
    if (!f.doc.empty()) {
      doc(e, f.doc);
      e.print("///");
    }
    e.print(
        "/// Starts the call and returns at once: `.await` the [`Call`] (on any\n"
        "/// executor) or [`Call::wait`] for it.");
    e.print(tall(indent, "pub fn " + async, params,
                 " -> Call<" + ret + (f.raises ? ", " + err : "") + "> {"));
    e.indent();
    if (!is_static) e.print(receiver ? "let ctx = self.ctx();" : "let ctx = self.ctx.0;");
    call_start(e, indent + 4, exports::native_form(table_, f), decode, f.raises != nullptr, receiver);
    e.outdent();
    e.print("}");
    e.blank();
  }

  /// An object's ctors (each is the client's `<object>_<ctor>`) and procs.
  void object_impl(Emitter& e, const model::Object& o) const {
    e.blank();
    e.print("impl $T$ {", {{"T", o.name.pascal}});
    e.indent();
    for (int i : o.ctors) {
      const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
      if (!c_abi::native(c)) continue;
      std::string err = "Error";
      if (c.raises) {
        words_.insert("Failure");
        err = "Failure<" + owned(c.raises) + ">";
      } else {
        words_.insert("Error");
      }
      words_.insert("Call");
      std::vector<std::string> params = {"client: &Client"};
      for (const std::string& p : param_list(c, false))
        params.push_back(p);
      std::string T = o.name.pascal, names = call_names(c);
      doc(e, c.doc);
      e.print(tall(4, "pub fn " + member_name(c), params, " -> Result<" + T + ", " + err + "> {"));
      e.print("    client.$f$($a$)\n}", {{"f", c.name.snake}, {"a", names}});
      e.blank();
      if (!c.doc.empty()) {
        doc(e, c.doc);
        e.print("///");
      }
      e.print("/// Starts the ctor and returns at once (see [`Call`]).");
      e.print(tall(4, "pub fn " + c.member_name.snake + "_async", params,
                   " -> Call<" + T + (c.raises ? ", " + err : "") + "> {"));
      e.print("    client.$f$_async($a$)\n}", {{"f", c.name.snake}, {"a", names}});
      e.blank();
    }
    for (int i : o.procs) {
      const model::Func& f = m_.procs[static_cast<std::size_t>(i)];
      if (c_abi::native(f)) method(e, f, false, true);
    }
    e.print(R"(fn check_blocking(&self) -> Result<(), Error> {
    // SAFETY: any value is accepted.
    if unsafe { ffi::$lib$_is_library_thread(self.ctx()) } != 0 {
        return Err(Error::WouldDeadlock);
    }
    Ok(())
})",
            {{"lib", lib_}});
    e.outdent();
    e.print("}");
  }

  void ctor(Emitter& e) const {
    const model::Func& f = *m_.ctor;
    doc(e, f.doc);
    if (!f.doc.empty()) e.print("///");
    e.print(
        "/// Creates a context of the library, with its own threads, and returns\n"
        "/// once the library's constructor has finished (with its error if it\n"
        "/// failed). Dropping the client destroys the context.");
    std::vector<std::string> params = param_list(f, false);
    std::string names;
    for (const std::string& p : params)
      names += ", " + p.substr(0, p.find(':'));
    e.print(tall(4, "pub fn new", params, " -> Result<Client, Error> {"));
    e.print("    Self::new_with(|_| Ok(())$n$)\n}", {{"n", names}});
    e.blank();
    e.print(
        "/// As [`Client::new`], but runs `setup` on the client before the\n"
        "/// library's constructor starts: set the host functions (and subscribe\n"
        "/// to the events) the constructor may need there. An error from `setup`\n"
        "/// drops the client and is returned.");
    std::vector<std::string> with = {"setup: impl FnOnce(&Client) -> Result<(), Error>"};
    with.insert(with.end(), params.begin(), params.end());
    e.print(tall(4, "pub fn new_with", with, " -> Result<Client, Error> {"));
    e.indent();
    e.print("let mut ctx = Ctx(std::ptr::null_mut());");
    call_start(e, 8, exports::native_form(table_, f, true), convert_fn("result_unit"));
    e.print(R"(// Dropping the client on failure destroys the context.
let client = Client { ctx, hosts: Hosts::new() };
setup(&client)?;
// SAFETY: a context made paused; starting it twice is refused, not harmful.
unsafe { ffi::$lib$_run_ctor(client.ctx.0) };
call.wait()?;
Ok(client))",
            {{"lib", lib_}});
    e.outdent();
    e.print("}");
    e.blank();
  }

  void event(Emitter& e, const model::Func& ev) const {
    bool payload = !ev.params.empty();
    VarMap v = {{"name", ev.name.snake},
                {"macro", "ffi::" + m_.library.name.upper + "_EVENT_" + ev.name.upper}};
    doc(e, ev.doc);
    if (!ev.doc.empty()) e.print("///");
    e.emit(R"(
        /// Subscribes `listener` to the `$name$` event. Listeners run on the
        /// library's event thread, one event at a time, in emission order; a
        /// blocking call from there returns [`Error::WouldDeadlock`]. Dropping the
        /// [`Subscription`] unsubscribes.
        )",
           v);
    std::string listener = payload ? "impl Fn(&" + event_type(ev) + ") + Send + Sync + 'static"
                                   : "impl Fn() + Send + Sync + 'static";
    e.print(tall(4, "pub fn on_" + ev.name.snake, {"&self", "listener: " + listener},
                 " -> Subscription {"));
    const bool objects = model::holds_objects(ev.params);
    if (payload && objects) {
      // Objects in the payload take their references in this context.
      words_.insert("decoding_in");
      e.emit(R"(
              let ctx = self.ctx;
              let deliver = move |msg: *const c_void| {
                  // SAFETY: msg is this event's payload, valid during the call.
                  match decoding_in(ctx, || unsafe { convert::event_$name$(msg) }) {
                      Ok(event) => listener(&event),
                      Err(e) => eprintln!("{e}"),
                  }
              };
              self.subscribe($macro$, Box::new(deliver))
          }
          )",
             v);
    } else if (payload) {
      e.emit(R"(
              let deliver = move |msg: *const c_void| {
                  // SAFETY: msg is this event's payload, valid during the call.
                  match unsafe { convert::event_$name$(msg) } {
                      Ok(event) => listener(&event),
                      Err(e) => eprintln!("{e}"),
                  }
              };
              self.subscribe($macro$, Box::new(deliver))
          }
          )",
             v);
    } else {
      e.emit(R"(
              self.subscribe($macro$, Box::new(move |_: *const c_void| listener()))
          }
          )",
             v);
    }
    e.blank();
  }

  void host(Emitter& e, const model::Func& h) const {
    bool has_args = !h.params.empty();
    VarMap v = {{"name", h.name.snake},
                {"macro", "ffi::" + m_.library.name.upper + "_HOST_" + h.name.upper},
                {"answer", h.result ? convert_fn("answer_" + fn_suffix(h.result)) : ""},
                {"req", has_args ? "req" : "_"},
                // The answer is lowered into the arena; without one it is unused.
                {"arena", h.result || h.raises ? "a" : "_"}};
    doc(e, h.doc);
    if (!h.doc.empty()) e.print("///");
    e.emit(R"(
        /// Implements the `$name$` host function with `f` (replacing any earlier
        /// one). Each call runs on a thread of its own, off the library's threads;
        /// an `Err` or a panic fails the library's call with its message.
        )",
           v);
    // A host fn that raises E answers Err(Failure::Raised(e)) or
    // Err(Failure::Call(Error::Library(text))); others answer Err(text).
    std::string err = "String";
    if (h.raises) {
      words_.insert("Failure");
      err = "Failure<" + owned(h.raises) + ">";
    }
    std::string fn_type = "impl Fn(" + std::string(has_args ? args_type(h) : "") + ") -> Result<" +
                          (h.result ? owned(h.result) : "()") + ", " + err +
                          "> + Send + Sync + 'static";
    e.print(tall(4, "pub fn set_" + h.name.snake, {"&self", "f: " + fn_type},
                 " -> Result<(), Error> {"));
    const bool objects = model::holds_objects(h.params);
    auto convert_args = [&] {
      if (!has_args) return;
      if (objects) {
        // Objects among the arguments take their references in this context.
        words_.insert("decoding_in");
        e.emit(R"(
            // SAFETY: req is this host function's arguments, valid during the call.
            let args = decoding_in(ctx, || unsafe { convert::args_$name$(req) });
            )",
               v);
        return;
      }
      e.emit(R"(
          // SAFETY: req is this host function's arguments, valid during the call.
          let args = unsafe { convert::args_$name$(req) };
          )",
             v);
    };
    auto job = [&] {
      std::string call = has_args ? "f(args.map_err(|e| e.to_string())?)" : "f()";
      std::string check = "?";
      if (h.raises) {
        words_.insert("HostFailure");
        check = ".map_err(|e| HostFailure::raised(e, a, " +
                convert_fn("answer_" + fn_suffix(h.raises)) + "))?";
      }
      if (h.result) {
        e.print("let value = $call$$check$;", {{"call", call}, {"check", check}});
        e.print("Ok($answer$(value, a).map_err(|e| e.to_string())?)", v);
      } else {
        e.print("$call$$check$;\nOk((std::ptr::null(), 0))", {{"call", call}, {"check", check}});
      }
    };
    if (objects) e.print("    let ctx = self.ctx;");
    e.emit(R"(
            let f = Arc::new(f);
            let accept = move |$req$: *const c_void| -> HostJob {
                $convert_args$
                let f = Arc::clone(&f);
                Box::new(move |$arena$: &mut Arena| {
                    $job$
                })
            };
            self.register_host($macro$, Box::new(accept))
        }

        )",
           v, {{"convert_args", convert_args}, {"job", job}});
  }

  std::string client_rs() const {
    Emitter e = emitter();
    bool client = m_.ctor.has_value();
    std::string dtor = c_abi::export_name(m_, m_.dtor ? m_.dtor->name.snake : "destroy");
    VarMap v = {{"lib", lib_}, {"dtor", dtor}};
    if (client) {
      e.print(R"(/// One context of the `$lib$` library. Calls may be made from any thread
/// (`Client` is `Send + Sync`); each blocking method has an `_async` form
/// returning a [`Call`] future. Dropping the client destroys the context:
/// calls still in flight complete with an error.
pub struct Client {
    ctx: Ctx,
    hosts: Hosts,
}

impl Client {)",
              v);
      e.indent();
      ctor(e);
      for (const model::Func& f : m_.procs) {
        if (c_abi::native(f)) method(e, f, false);
      }
      for (const model::Func& ev : m_.events) {
        if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
        event(e, ev);
      }
      for (const model::Func& h : m_.hosts) {
        if (!c_abi::native(h)) continue;  // the binding speaks the native wire
        host(e, h);
      }
      e.print(R"(/// Events listeners never saw because they fell too far behind (the
/// library's event queue holds 65536).
pub fn dropped_events(&self) -> u64 {
    // SAFETY: a checked handle; any value is accepted.
    unsafe { ffi::$lib$_dropped_events(self.ctx.0) }
}

/// How long blocking calls on this context (the client's and its
/// objects'), its loop and its event thread spin before they sleep:
/// [`crate::SPIN_AUTO`] (the default, adaptive), [`crate::SPIN_OFF`], or
/// nanoseconds.
pub fn set_wait_spin(&self, spin_ns: i64) -> Result<(), Error> {
    // SAFETY: a checked handle; any value is accepted.
    if unsafe { ffi::$lib$_set_wait_spin(self.ctx.0, spin_ns) } == ffi::FFIDL_OK {
        return Ok(());
    }
    Err(crate::support::refused())
}
)",
              v);
      e.print(R"(fn check_blocking(&self) -> Result<(), Error> {
    // SAFETY: a checked handle; any value is accepted.
    if unsafe { ffi::$lib$_is_library_thread(self.ctx.0) } != 0 {
        return Err(Error::WouldDeadlock);
    }
    Ok(())
})",
              v);
      if (!m_.events.empty()) {
        e.blank();
        e.print(R"(fn subscribe(&self, event: &CStr, deliver: Box<ListenerFn>) -> Subscription {
    let add = ffi::$lib$_add_event_listener;
    let remove = ffi::$lib$_remove_event_listener;
    Subscription::new(self.ctx, event, deliver, add, remove)
})",
                v);
      }
      if (!m_.hosts.empty()) {
        e.blank();
        e.print(R"(fn register_host(&self, name: &CStr, accept: Box<HostFn>) -> Result<(), Error> {
    let register = ffi::$lib$_register_host_fn;
    let complete = ffi::$lib$_host_complete;
    self.hosts.register(self.ctx, name, accept, register, complete)
})",
                v);
      }
      e.outdent();
      e.print(R"(}

impl Drop for Client {
    fn drop(&mut self) {
        let (ctx, hosts) = (self.ctx, std::mem::replace(&mut self.hosts, Hosts::new()));
        let teardown = move || {
            // Take the whole Ctx (Send), not just its raw pointer field.
            let ctx = ctx;
            // SAFETY: destroy accepts any handle; once it succeeded nothing
            // calls the host functions any more.
            if unsafe { ffi::$dtor$(ctx.0) } == ffi::FFIDL_OK {
                hosts.release();
            }
        };
        // SAFETY: any value is accepted.
        if unsafe { ffi::$lib$_is_library_thread(ctx.0) } == 0 {
            teardown();
            return;
        }
        // Dropped on a library thread (say, inside its own listener), where
        // destroy would wait for itself: finish on a helper thread. If none
        // can start, the context is left running rather than torn down here.
        let _ = std::thread::Builder::new().name("ffidl-drop".into()).spawn(teardown);
    }
}
)",
              v);
      for (const model::Object& o : m_.objects)
        object_impl(e, o);
    }
    for (const model::Func& f : m_.static_procs) {
      if (!c_abi::native(f)) continue;
      e.blank();
      if (!f.doc.empty()) {
        doc(e, f.doc);
        e.print("///");
      }
      e.print("/// A static proc: it needs no client.");
      method(e, f, true);
    }
    std::string body = e.take();
    while (body.size() >= 2 && body.compare(body.size() - 2, 2, "\n\n") == 0)
      body.pop_back();
    std::string head = header() +
                       "//! The client: [`Client`], one context of the library, and the static\n"
                       "//! procs. Their signatures follow the schema, however long.\n"
                       "#![allow(clippy::too_many_arguments, clippy::type_complexity)]\n";
    std::string std_uses = take_std_uses();
    if (!std_uses.empty()) head += "\n" + std_uses;
    // Error is in every signature but those of procs that raise (Failure<E>).
    std::string support = words_.count("Error") || client ? "Error" : "";
    for (const char* name :
         {"bytes_arg", "decoding_in", "zeroed", "Arena", "Call", "Ctx", "Failure", "HostFailure",
          "HostFn", "HostJob", "Hosts", "ListenerFn", "Subscription"}) {
      if (words_.count(name)) support += std::string(support.empty() ? "" : ", ") + name;
    }
    head += "\nuse crate::support::{" + support + "};\n";
    if (!m_.structs.empty() || !m_.enums.empty() || !m_.unions.empty() || !m_.events.empty() ||
        !m_.hosts.empty() || !m_.objects.empty())
      head += "use crate::types::*;\n";
    if (words_.count("convert") && words_.count("ffi"))
      head += "use crate::{convert, ffi};\n";
    else if (words_.count("ffi"))
      head += "use crate::ffi;\n";
    words_.clear();
    return head + "\n" + body;
  }

  /// The crate root: docs, the modules and what the crate exports. Every
  /// generated module is `#[rustfmt::skip]`: its layout is the generator's,
  /// so `cargo fmt` leaves it as generated for every schema (rustfmt's
  /// layout of long names cannot be reproduced by a simple rule); this file
  /// is short lines only, which rustfmt leaves as they are.
  std::string lib_rs() const {
    std::string head = header();
    for (const std::string& line : m_.library.doc)
      head += line.empty() ? "//!\n" : "//! " + line + "\n";
    if (!m_.library.doc.empty()) head += "//!\n";
    bool client = m_.ctor.has_value();
    for (const model::Func& f : m_.static_procs)
      client = client || c_abi::native(f);
    // In rustfmt's order: CamelCase names, then SCREAMING_CASE ones.
    std::string exports = "Call, Error, Failure";
    if (!m_.events.empty()) exports += ", Subscription";
    exports += ", SPIN_AUTO, SPIN_OFF";
    head += subst(
        R"(//! The Rust client of the `$lib$` library, generated by ffidlc: owned
//! types in, owned types out, over the library's native C ABI (see [`ffi`]).
//! It links `lib$lib$.so` (see `build.rs` for where it looks).

#[rustfmt::skip]
mod client;
#[rustfmt::skip]
mod convert;
#[rustfmt::skip]
pub mod ffi;
#[rustfmt::skip]
mod support;
#[rustfmt::skip]
mod types;

$client$pub use support::{$exports$};
pub use types::*;
)",
        {{"lib", lib_}, {"client", client ? "pub use client::*;\n" : ""}, {"exports", exports}});
    return head;
  }

  // ---- tests/layout.{rs,c} ----

  std::string layout_c() const {
    Emitter e;
    e.print(R"(/* Generated by $schema$. Do not edit. */
/* Prints the size, alignment and field offsets of every struct in $lib$.h;
 * tests/layout.rs compares them with the #[repr(C)] mirrors. */
#include <stddef.h>
#include <stdio.h>

#include "../$lib$.h"

#define SIZE(T) printf("%s %zu %zu\n", #T, sizeof(T), _Alignof(T))
#define FIELD(T, f) printf("%s.%s %zu\n", #T, #f, offsetof(T, f))

int main(void) {)",
            {{"schema", provenance(m_)}, {"lib", lib_}});
    e.indent();
    for (const c_abi::StructDef& d : c_abi::struct_defs(m_)) {
      e.print("SIZE($n$);", {{"n", d.name}});
      for (const auto& [doc, members] : d.fields) {
        for (const c_abi::Member& mem : members)
          e.print("FIELD($n$, $f$);", {{"n", d.name}, {"f", mem.name}});
      }
    }
    e.print("return 0;");
    e.outdent();
    e.print("}");
    return e.take();
  }

  std::string layout_rs() const {
    Emitter e;
    e.print(header() + R"(//! The #[repr(C)] mirrors in `ffi` against the C compiler's layout of
//! `$lib$.h`: size, alignment and every field offset. Needs a C compiler
//! (`cc`, or the one named by `CC`).
#![allow(unused_imports)]

use std::fmt::Write;
use std::mem::{align_of, offset_of, size_of};
use std::process::Command;

use $lib$::ffi::*;

#[rustfmt::skip]
fn rust_layout() -> String {
    let mut out = String::new();
    macro_rules! size {
        ($$t:ident) => {
            let (s, a) = (size_of::<$$t>(), align_of::<$$t>());
            writeln!(out, "{} {} {}", stringify!($$t), s, a).unwrap();
        };
    }
    macro_rules! field {
        ($$t:ident, $$f:ident) => {
            let o = offset_of!($$t, $$f);
            writeln!(out, "{}.{} {}", stringify!($$t), stringify!($$f), o).unwrap();
        };
    })",
            {{"lib", lib_}});
    e.indent();
    for (const c_abi::StructDef& d : c_abi::struct_defs(m_)) {
      e.print("size!($n$);", {{"n", d.name}});
      for (const auto& [doc, members] : d.fields) {
        for (const c_abi::Member& mem : members)
          e.print("field!($n$, $f$);", {{"n", d.name}, {"f", mem.name}});
      }
    }
    e.print("out");
    e.outdent();
    e.print(R"(}

#[test]
#[rustfmt::skip]
fn repr_c_mirrors_match_the_c_header() {
    let dir = env!("CARGO_MANIFEST_DIR");
    let exe = std::env::temp_dir().join(format!("$lib$_layout_{}", std::process::id()));
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".to_string());
    let status = Command::new(&cc)
        .arg("-std=c11")
        .arg("-o")
        .arg(&exe)
        .arg(format!("{dir}/tests/layout.c"))
        .status()
        .expect("a C compiler to build tests/layout.c");
    assert!(status.success(), "{cc} failed on tests/layout.c");
    let output = Command::new(&exe).output().expect("tests/layout.c runs");
    let _ = std::fs::remove_file(&exe);
    let c_layout = String::from_utf8(output.stdout).expect("ASCII output");
    assert_eq!(rust_layout(), c_layout, "the Rust mirrors (left) differ from C (on the right).");
})",
            {{"lib", lib_}});
    return e.take();
  }

  const model::Model& m_;
  const std::vector<exports::Export> table_;
  std::string lib_;
  std::string dir_;
  /// Names the file being generated uses (see emitter()), for its imports.
  mutable std::set<std::string> words_;
};

}  // namespace

std::vector<OutputFile> generate_rust(const model::Model& m, const Options&) {
  return RustGen(m).run();
}

}  // namespace ffidl::gen
