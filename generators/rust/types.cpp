// src/types.rs: the owned Rust types, with the schema's docs.
#include "rust/backend.hpp"

namespace ffidl::gen::rust {

std::string RustGen::types_rs() const {
  Emitter e = emitter();
  if (!m_.library.version.empty()) {
    e.print("/// The library's version from the schema.");
    e.print("pub const LIBRARY_VERSION: &str = $value$;",
            {{"value", string_literal(m_.library.version, Escapes::utf8)}});
  }
  for (const model::Const& c : m_.consts) {
    doc(e, c.doc);
    e.print("pub const $NAME$: $t$ = $value$;",
            {{"NAME", c.name.upper},
             {"t", c.type->kind == TypeKind::string ? "&str" : rust_scalar(c.type->kind)},
             {"value", const_literal(c)}});
  }
  for (const model::Enum& en : m_.enums)
    enum_decl(e, en);
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
    e.print("/// The payload of the `$name$` event.", {{"name", ev.name.original}});
    struct_decl(e, event_type(ev), ev.params);
  }
  for (const model::Func& h : m_.hosts) {
    if (h.params.empty()) continue;
    e.blank();
    e.print("/// The arguments of the `$name$` host function.", {{"name", h.name.original}});
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

/// An enum (#[repr(i32)], its first enumerator the default) with from_c
/// and name.
void RustGen::enum_decl(Emitter& e, const model::Enum& en) const {
  e.blank();
  doc(e, en.doc);
  e.print("#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]");
  e.print("#[repr(i32)]\npub enum $Name$ {", {{"Name", en.name.pascal}});
  e.indent();
  bool first = true;
  for (const model::Enumerator& v : en.enumerators) {
    doc(e, v.doc);
    if (first) e.print("#[default]");
    first = false;
    e.print("$Name$ = $value$,", {{"Name", v.name.pascal}, {"value", std::to_string(v.value)}});
  }
  e.outdent();
  e.print("}");
  e.blank();
  e.print("impl $Name$ {", {{"Name", en.name.pascal}});
  e.indent();
  e.print("/// The enumerator with C value `v`, if there is one.");
  e.print("pub fn from_c(v: i32) -> Option<$Name$> {\n    match v {", {{"Name", en.name.pascal}});
  for (const model::Enumerator& v : en.enumerators) {
    e.print("        $value$ => Some($n$::$e$),",
            {{"value", std::to_string(v.value)}, {"n", en.name.pascal}, {"e", v.name.pascal}});
  }
  e.emit(R"(
              _ => None,
          }
      }
      )");
  e.blank();
  e.print("/// The enumerator's name as the schema spells it.");
  e.print("pub fn name(self) -> &'static str {\n    match self {");
  for (const model::Enumerator& v : en.enumerators) {
    e.print("        $n$::$e$ => \"$name$\",",
            {{"n", en.name.pascal}, {"e", v.name.pascal}, {"name", v.name.original}});
  }
  e.print("    }\n}");
  e.outdent();
  e.print("}");
}

void RustGen::object_decl(Emitter& e, const model::Object& o) const {
  words_.insert("fmt");
  e.blank();
  doc(e, o.doc);
  if (!o.doc.empty()) e.print("///");
  e.emit(R"rs(
        /// A reference to a `$name$` living in a client's context. The object lives
        /// while any reference (here or in the library) holds it: dropping this
        /// one releases it, cloning takes another. References to one object
        /// compare equal. Calls through a reference that outlived its client fail.
        pub struct $Name$ {
            ctx: Ctx,
            handle: u64,
        }

        impl $Name$ {
            /// A reference of the caller's own to a handle borrowed in the callback
            /// being decoded.
            pub(crate) fn retained(h: ffi::$c_type$) -> Result<$Name$, Error> {
                let ctx = decoding_ctx();
                // SAFETY: any handle is accepted; a bad one is refused.
                if unsafe { ffi::$c_type$_retain(ctx.0, h) } != ffi::FFIDL_OK {
                    let why = format!("cannot take a reference to $name$ {:#x}", h.handle);
                    return Err(Error::Binding(why));
                }
                Ok($Name$ { ctx, handle: h.handle })
            }

            /// The handle lent to a call.
            pub(crate) fn c_handle(&self) -> ffi::$c_type$ {
                ffi::$c_type$ { handle: self.handle }
            }

            pub(crate) fn ctx(&self) -> *mut std::ffi::c_void {
                self.ctx.0
            }

            /// The object's handle: the same for every reference to it.
            pub fn handle(&self) -> u64 {
                self.handle
            }
        })rs",
         {{"Name", o.name.pascal},
          {"name", o.name.original},
          {"c_type", c_abi::type_name(m_, o.name)}});
  object_traits(e, o);
}

/// An object reference's Clone (retains), Drop (releases), identity
/// (PartialEq, Eq, Hash on the handle) and Debug.
void RustGen::object_traits(Emitter& e, const model::Object& o) const {
  e.blank();
  e.emit(R"rs(
        impl Clone for $Name$ {
            fn clone(&self) -> Self {
                // SAFETY: any handle is accepted; a dead context refuses it.
                unsafe { ffi::$c_type$_retain(self.ctx.0, self.c_handle()) };
                $Name$ { ctx: self.ctx, handle: self.handle }
            }
        }

        impl Drop for $Name$ {
            fn drop(&mut self) {
                // SAFETY: any handle is accepted; a dead context refuses it.
                unsafe { ffi::$c_type$_release(self.ctx.0, self.c_handle()) };
            }
        }

        impl PartialEq for $Name$ {
            fn eq(&self, other: &Self) -> bool {
                self.handle == other.handle
            }
        }

        impl Eq for $Name$ {}

        impl std::hash::Hash for $Name$ {
            fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
                self.handle.hash(state);
            }
        }

        impl fmt::Debug for $Name$ {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write!(f, "$name$({:#x})", self.handle)
            }
        })rs",
         {{"Name", o.name.pascal},
          {"name", o.name.original},
          {"c_type", c_abi::type_name(m_, o.name)}});
}

std::string RustGen::field_names(const model::Variant& v) {
  std::string out;
  for (const model::Field& f : v.fields)
    out += (out.empty() ? "" : ", ") + f.name.snake;
  return out;
}

void RustGen::union_decl(Emitter& e, const model::Union& u) const {
  const std::string& U = u.name.pascal;
  e.blank();
  doc(e, u.doc);
  e.print("#[derive(Debug, Clone, PartialEq)]\npub enum $Union$ {", {{"Union", U}});
  e.indent();
  for (const model::Variant& v : u.variants) {
    doc(e, v.doc);
    if (v.fields.empty()) {
      e.print("$Name$,", {{"Name", v.name.pascal}});
      continue;
    }
    e.print("$Name$ {", {{"Name", v.name.pascal}});
    e.indent();
    for (const model::Field& f : v.fields) {
      doc(e, f.doc);
      e.print("$name$: $type$,", {{"name", f.name.snake}, {"type", owned(f.type)}});
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
  e.emit(R"(
      /// The first variant, with default fields.
      impl Default for $Union$ {
          fn default() -> Self {
              $Union$::$Name$$init$
          }
      }
      )",
         {{"Union", U},
          {"Name", first.name.pascal},
          {"init", init.empty() ? "" : " { " + init + " }"}});
  if (u.is_error) error_display(e, u);
}

/// An error's Display (the derived message) and std::error::Error.
void RustGen::error_display(Emitter& e, const model::Union& u) const {
  const std::string& U = u.name.pascal;
  e.blank();
  e.emit(R"(
      /// The message derived from the variant and its fields.
      impl fmt::Display for $Union$ {
          fn fmt(&self, ffidl_out: &mut fmt::Formatter<'_>) -> fmt::Result {
              match self {
      )",
         {{"Union", U}});
  e.indent();
  e.indent();
  e.indent();
  for (const model::Variant& v : u.variants) {
    if (v.fields.empty()) {
      e.print("$Union$::$Name$ => ffidl_out.write_str(\"$name$\"),",
              {{"Union", U}, {"Name", v.name.pascal}, {"name", v.name.original}});
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
    e.print(
        "$Union$::$Name$ { $p$ } => write!(ffidl_out, \"$fmt$\"$args$),",
        {{"Union", U}, {"Name", v.name.pascal}, {"p", pattern}, {"fmt", format}, {"args", args}});
  }
  e.outdent();
  e.print("}");
  e.outdent();
  e.print("}");
  e.outdent();
  e.emit(R"(
      }

      impl std::error::Error for $Union$ {}
      )",
         {{"Union", U}});
}

std::string RustGen::show(const model::Type* t, const std::string& x) const {
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

void RustGen::struct_decl(Emitter& e, const std::string& name,
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
    e.print("pub $name$: $type$,", {{"name", f.name.snake}, {"type", owned(f.type)}});
  }
  e.outdent();
  e.print("}");
}

}  // namespace ffidl::gen::rust
