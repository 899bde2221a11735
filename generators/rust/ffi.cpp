// src/ffi.rs: the C ABI exactly as the header declares it (#[repr(C)]
// mirrors, and extern "C" declarations from the export table).
#include "rust/backend.hpp"

namespace ffidl::gen::rust {

std::string RustGen::ffi_rs() const {
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
  ffi_mirrors(e);
  e.blank();
  for (const model::Func& ev : m_.events) {
    e.print("pub const $NAME$: &CStr = c\"$name$\";",
            {{"NAME", m_.library.name.upper + "_EVENT_" + ev.name.upper}, {"name", ev.name.snake}});
  }
  for (const model::Func& h : m_.hosts) {
    e.print("pub const $NAME$: &CStr = c\"$name$\";",
            {{"NAME", m_.library.name.upper + "_HOST_" + h.name.upper}, {"name", h.name.snake}});
  }
  ffi_externs(e);
  return e.take();
}

/// The #[repr(C)] mirrors: enums and union tags as constants, object
/// handles, and every struct c_abi lays out.
void RustGen::ffi_mirrors(Emitter& e) const {
  for (const model::Enum& en : m_.enums) {
    e.blank();
    doc(e, en.doc);
    std::string tn = c_abi::type_name(m_, en.name);
    e.print("pub type $t$ = i32;", {{"t", tn}});
    for (const model::Enumerator& v : en.enumerators) {
      e.print("pub const $enumerator$: $t$ = $value$;",
              {{"enumerator", c_abi::enumerator_name(m_, en, v)},
               {"t", tn},
               {"value", std::to_string(v.value)}});
    }
  }
  for (const model::Union& u : m_.unions) {
    e.blank();
    e.print("/// The variants of `$c_type$` (its `tag`).",
            {{"c_type", c_abi::type_name(m_, u.name)}});
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      e.print("pub const $tag$: i32 = $value$;",
              {{"tag", c_abi::tag_name(m_, u, u.variants[i])}, {"value", std::to_string(i)}});
    }
  }
  for (const model::Object& o : m_.objects) {
    e.blank();
    doc(e, o.doc);
    e.emit(R"(
        #[repr(C)]
        #[derive(Debug, Clone, Copy)]
        pub struct $c_type$ {
            pub handle: u64,
        }
        )",
           {{"c_type", c_abi::type_name(m_, o.name)}});
  }
  for (const c_abi::StructDef& d : c_abi::struct_defs(m_)) {
    e.blank();
    doc(e, d.doc);
    e.emit(R"(
        #[repr(C)]
        #[derive(Debug, Clone, Copy)]
        pub struct $n$ {
        )",
           {{"n", d.name}});
    e.indent();
    for (const auto& [fdoc, members] : d.fields) {
      doc(e, fdoc);
      for (const c_abi::Member& mem : members)
        e.print("pub $n$: $c_type$,", {{"n", mem.name}, {"c_type", rust_c(mem.type)}});
    }
    e.outdent();
    e.print("}");
  }
}

/// The `extern "C"` block: one declaration per row of the export table.
void RustGen::ffi_externs(Emitter& e) const {
  e.blank();
  e.print("extern \"C\" {");
  e.indent();
  for (const exports::Export& x : table_) {
    std::vector<std::string> params;
    for (const exports::Param& p : x.params)
      params.push_back(rust_param_name(p.name) + ": " + rust_c(p.type));
    const bool none = x.result.base == c_abi::CType::Base::void_ && x.result.pointers == 0;
    e.print(layout("pub fn " + x.symbol, params, none ? ";" : " -> " + rust_c(x.result) + ";"));
  }
  e.outdent();
  e.print("}");
}

}  // namespace ffidl::gen::rust
