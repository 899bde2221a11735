// _ffi.py: the native C ABI as ctypes declarations: the library loaded and
// its ABI checked, the mirror structs, and one declared function per row of
// the export table (the native wire's rows; the binding does not speak
// CBOR).
#include "python/backend.hpp"

namespace ffidl::gen::python {

std::string PyGen::ffi_py() const {
  Emitter e;
  e.emit(R"py(
      """The C ABI of $lib$ exactly as `$lib$.h` declares it, in ctypes: mirror
      structs and declared functions. The API in the package root is built on
      these; use them directly only to reach what it does not cover."""
      # Names follow the C header's, not PEP 8.
      # ruff: noqa: N801

      from __future__ import annotations

      import ctypes
      from typing import Any, Tuple

      from . import _support

      #: The ABI hash and version of the schema this package was generated from.
      ABI_HASH = $hash$
      SCHEMA_VERSION = "$version$"
      #: The functions this package was generated with and their ABI hashes, as
      #: `$lib$_abi_check` takes them.
      ABI_DECLS: Tuple[Tuple[bytes, int], ...] = ()py",
         {{"lib", lib_}, {"hash", c_abi::abi_hash_hex(m_)}, {"version", m_.library.version}});
  for (const c_abi::AbiDecl& d : c_abi::abi_decls(m_))
    e.print("    (b\"$n$\", $h$),", {{"n", d.name}, {"h", c_abi::hex(d.hash)}});
  e.emit(R"py(
      )

      lib = _support.load(__file__)
      _support.check_abi(lib, ABI_DECLS, ABI_HASH, SCHEMA_VERSION)
      )py");
  ffi_mirrors(e);
  ffi_functions(e);
  e.print("_support.set_last_error($lib$_last_error)", {{"lib", lib_}});
  return header() + e.take();
}

/// Enum and tag values, object handles, then every struct c_abi lays out:
/// declared first and laid out after, so that a struct may point at one
/// declared later (a recursive union).
void PyGen::ffi_mirrors(Emitter& e) const {
  for (const model::Enum& en : m_.enums)
    e.print("$t$ = ctypes.c_int32", {{"t", c_abi::type_name(m_, en.name)}});
  for (const model::Object& o : m_.objects) {
    e.emit(R"py(


        class $t$(ctypes.Structure):
            """A $name$ handle."""

            _fields_ = [("handle", ctypes.c_uint64)]
        )py",
           {{"t", c_abi::type_name(m_, o.name)}, {"name", o.name.pascal}});
  }
  const std::vector<c_abi::StructDef> defs = c_abi::struct_defs(m_);
  for (const c_abi::StructDef& d : defs) {
    e.emit(R"py(


        class $n$(ctypes.Structure):
            pass
        )py",
           {{"n", d.name}});
  }
  for (std::size_t i = 0; i < defs.size(); ++i) {
    const c_abi::StructDef& d = defs[i];
    e.blank();
    if (i == 0) e.print("\n");  // two blank lines after the classes
    e.print("$n$._fields_ = [", {{"n", d.name}});
    for (const auto& [fdoc, members] : d.fields) {
      for (const c_abi::Member& mem : members)
        e.print("    (\"$n$\", $t$),", {{"n", mem.name}, {"t", ctypes_type(mem.type)}});
    }
    e.print("]");
  }
}

/// One declared function per native or wire-less row of the export table.
void PyGen::ffi_functions(Emitter& e) const {
  e.blank();
  e.print("\n");
  for (const exports::Export& x : table_) {
    if (x.wire == exports::Wire::cbor) continue;
    if (x.kind == exports::Kind::abi_hash || x.kind == exports::Kind::abi_check) continue;
    std::vector<std::string> args = {"lib", "\"" + x.symbol + "\"", ctypes_type(x.result)};
    for (const exports::Param& p : x.params)
      args.push_back(ctypes_type(p.type));
    e.print("$l$", {{"l", layout(x.symbol + ": Any = _support.function", args, "", 0)}});
  }
}

}  // namespace ffidl::gen::python
