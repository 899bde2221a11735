// --lang go: a cgo package per library, `<pkg>/` with go.mod, the copied
// `<lib>.h`, and gofmt-clean sources:
//   types.go    Go structs, enums and constants, with the schema's docs
//   convert.go  Go value <-> native POD conversions (C side in a C arena)
//   client.go   Client, New/Close, the methods, statics, events, host fns
//   exports.go  the three C-callable trampolines (result, event, host)
//   ffidl.go    support code (go_support.cpp)
// The native wire only: procs exported in CBOR alone are left out (see
// docs/decisions.md). Every C->Go callback converts what it was given and
// hands it off; user code never runs on a library thread.
#include "go.hpp"
#include "naming.hpp"

#include <algorithm>
#include <cctype>
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

namespace go {

std::string package_name(const model::Model& m) {
  std::string out;
  for (char c : m.library.name.snake)
    if (c != '_') out += c;
  return out;
}

std::string exported(const model::Names& n) {
  // Go's convention (as golint and the standard library spell them).
  static const std::set<std::string> initialisms = {
      "acl",   "api", "ascii", "cpu",  "css", "dns",  "eof",  "guid", "html", "http",
      "https", "id",  "ip",    "json", "lhs", "qps",  "ram",  "rhs",  "rpc",  "sla",
      "smtp",  "sql", "ssh",   "tcp",  "tls", "ttl",  "udp",  "ui",   "uid",  "uuid",
      "uri",   "url", "utf8",  "vm",   "xml", "xmpp", "xsrf", "xss"};
  std::string out;
  std::size_t start = 0;
  while (start <= n.snake.size()) {
    std::size_t end = n.snake.find('_', start);
    if (end == std::string::npos) end = n.snake.size();
    std::string word = n.snake.substr(start, end - start);
    if (initialisms.count(word)) {
      for (char& c : word)
        c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
    } else if (!word.empty() && word[0] >= 'a' && word[0] <= 'z') {
      word[0] = static_cast<char>(word[0] - 'a' + 'A');
    }
    out += word;
    start = end + 1;
  }
  return out;
}

}  // namespace go

// The Go package carries a copy of the C header.
std::vector<OutputFile> generate_c(const model::Model&, const Options&);

namespace {

using model::TypeKind;

const char* go_scalar(TypeKind k) {
  switch (k) {
    case TypeKind::boolean:
      return "bool";
    case TypeKind::i8:
      return "int8";
    case TypeKind::i16:
      return "int16";
    case TypeKind::i32:
      return "int32";
    case TypeKind::i64:
      return "int64";
    case TypeKind::u8:
      return "uint8";
    case TypeKind::u16:
      return "uint16";
    case TypeKind::u32:
      return "uint32";
    case TypeKind::u64:
      return "uint64";
    case TypeKind::f32:
      return "float32";
    case TypeKind::f64:
      return "float64";
    case TypeKind::string:
      return "string";
    default:
      return nullptr;
  }
}

// Names a Go parameter may not take: predeclared identifiers, the
// packages the generated code uses, and its own locals.
const std::set<std::string>& go_taken() {
  static const std::set<std::string> taken = {
      "bool", "byte", "complex64", "complex128", "error", "float32", "float64", "int", "int8",
      "int16", "int32", "int64", "rune", "string", "uint", "uint8", "uint16", "uint32", "uint64",
      "uintptr", "true", "false", "iota", "nil", "append", "cap", "close", "complex", "copy",
      "delete", "imag", "len", "make", "new", "panic", "print", "println", "real", "recover", "any",
      "C", "unsafe", "context", "cgo", "errors", "sync", "atomic", "fmt", "c", "call", "strconv",
      "fn", "a", "err",
      // Receivers, parameters and locals the generated functions declare
      // beside the schema's parameters (the tests' stress schema uses each).
      "o", "ctx", "setup"};
  return taken;
}

/// `&x` for a Go value expression, `p` for `*p` (an optional's value).
std::string addr(const std::string& x) {
  return x[0] == '*' ? x.substr(1) : "&" + x;
}

/// One row of an aligned block (struct fields, const specs).
struct Row {
  model::Doc doc;
  std::vector<std::string> cells;
};

class GoGen {
 public:
  GoGen(const model::Model& m, std::string module)
      : m_(m),
        lib_(m.library.name.original),
        pkg_(go::package_name(m)),
        module_(std::move(module)) {
    if (module_.empty()) module_ = pkg_;
  }

  std::vector<OutputFile> run() {
    std::vector<OutputFile> files;
    auto add = [&](const std::string& name, std::string content) {
      files.push_back({pkg_ + "/" + name, std::move(content), false});
    };
    add("go.mod", "module " + module_ + "\n\ngo 1.19\n");
    for (OutputFile& f : generate_c(m_, {}))
      add(f.path, std::move(f.content));
    add("ffidl.go", go::support_file(m_));
    add("ffidl_host.go", go::host_support_file(m_));
    add("types.go", types_file());
    add("convert.go", convert_file());
    add("client.go", client_file());
    add("exports.go", exports_file());
    return files;
  }

 private:
  // ---- names and types ----

  std::string type_name(const model::Type* t) const {
    if (const char* s = go_scalar(t->kind)) return s;
    switch (t->kind) {
      case TypeKind::bytes:
        return "[]byte";
      case TypeKind::list:
        return "[]" + type_name(t->elem);
      case TypeKind::optional:
        return nilable(t->elem) ? type_name(t->elem) : "*" + type_name(t->elem);
      case TypeKind::map:
        return "map[" + type_name(t->key) + "]" + type_name(t->elem);
      case TypeKind::struct_:
        return go::exported(m_.struct_of(*t).name);
      case TypeKind::enum_:
        return go::exported(m_.enum_of(*t).name);
      case TypeKind::union_:
        return go::exported(m_.union_of(*t).name);
      case TypeKind::object_:
        return "*" + go::exported(m_.object_of(*t).name);
      default:
        throw std::logic_error("go: no type for " + t->spelling);
    }
  }

  /// Whether Go already has nil for this type (an object is `*T`, a union an
  /// interface): its optional is the type itself, nil when absent, not a
  /// pointer to it.
  static bool nilable(const model::Type* t) {
    return t->kind == TypeKind::object_ || t->kind == TypeKind::union_;
  }

  /// The cgo spelling of a C type: `*C.char`, `C.size_t`, `*C.echo_Request`.
  static std::string cgo(const c_abi::CType& t) {
    using B = c_abi::CType::Base;
    static const char* const spelled[] = {
        "C.bool",     "C.int8_t",   "C.int16_t",  "C.int32_t",        "C.int64_t",      "C.uint8_t",
        "C.uint16_t", "C.uint32_t", "C.uint64_t", "C.float",          "C.double",       "C.size_t",
        "C.char",     "C.void",     "C.int",      "C.ffidl_callback", "C.ffidl_host_fn"};
    std::string base = t.base == B::named ? "C." + t.name : spelled[static_cast<int>(t.base)];
    return std::string(static_cast<std::size_t>(t.pointers), '*') + base;
  }

  /// The cgo spelling of c_abi::element_ctype.
  std::string c_elem(const model::Type* t) const { return cgo(c_abi::element_ctype(m_, t)); }

  static std::string param_name(const model::Field& p) {
    const std::string& n = p.name.camel;
    return go_taken().count(n) ? n + "Arg" : n;
  }

  static std::string event_type(const model::Func& f) { return go::exported(f.name) + "Event"; }
  static std::string args_type(const model::Func& f) { return go::exported(f.name) + "Args"; }

  // ---- emission helpers ----

  void doc(Emitter& e, const model::Doc& d) const { e.doc(d, CommentStyle::slashes2); }

  /// Writes rows aligned the way gofmt aligns them: columns padded within
  /// runs of rows that no comment line interrupts.
  void aligned(Emitter& e, const std::vector<Row>& rows) const {
    std::size_t i = 0;
    while (i < rows.size()) {
      std::size_t j = i + 1;
      while (j < rows.size() && rows[j].doc.empty())
        ++j;
      std::vector<std::size_t> width;
      for (std::size_t k = i; k < j; ++k) {
        for (std::size_t c = 0; c + 1 < rows[k].cells.size(); ++c) {
          if (width.size() <= c) width.push_back(0);
          width[c] = std::max(width[c], rows[k].cells[c].size());
        }
      }
      for (std::size_t k = i; k < j; ++k) {
        doc(e, rows[k].doc);
        std::string line;
        for (std::size_t c = 0; c < rows[k].cells.size(); ++c) {
          line += rows[k].cells[c];
          if (c + 1 < rows[k].cells.size())
            line += std::string(width[c] - rows[k].cells[c].size() + 1, ' ');
        }
        e.print("$l$", {{"l", line}});
      }
      i = j;
    }
  }

  /// An emitter whose templates declare the imports they use: a template
  /// spelling `context.` makes the file import "context". Only templates
  /// count, never doc text or names (which arrive as variables), so a doc
  /// comment that mentions a package cannot add an import.
  Emitter emitter() const {
    Emitter e("\t");
    e.observe([this](std::string_view tmpl) {
      static const std::pair<const char*, const char*> packages[] = {
          {"context", "context"},   {"errors", "errors"}, {"strconv", "strconv"},
          {"sync", "sync"},         {"unsafe", "unsafe"}, {"runtime", "runtime"},
          {"atomic", "sync/atomic"}};
      for (const auto& [p, path] : packages) {
        std::string use = std::string(p) + ".";
        for (std::size_t at = tmpl.find(use); at != tmpl.npos; at = tmpl.find(use, at + 1)) {
          char before = at ? tmpl[at - 1] : ' ';
          if (!std::isalnum(static_cast<unsigned char>(before)) && before != '_' && before != '/')
            imports_.insert(path);
        }
      }
    });
    return e;
  }

  /// A file: header, package clause, and the imports its templates noted.
  std::string file(const std::string& body, bool cgo, const std::string& preamble,
                   const model::Doc& pkg_doc = {}) const {
    Emitter e("\t");
    e.print("// Code generated by $s$. DO NOT EDIT.", {{"s", provenance(m_)}});
    e.blank();
    doc(e, pkg_doc);
    e.print("package $p$", {{"p", pkg_}});
    e.blank();
    if (cgo) {
      e.print("/*\n#include \"$lib$.h\"\n$pre$*/\nimport \"C\"",
              {{"lib", lib_}, {"pre", preamble}});
      e.blank();
    }
    std::vector<std::string> imports(imports_.begin(), imports_.end());
    imports_.clear();
    if (imports.size() == 1) {
      e.print("import \"$i$\"", {{"i", imports[0]}});
      e.blank();
    } else if (!imports.empty()) {
      e.print("import (");
      for (const std::string& i : imports)
        e.print("\t\"$i$\"", {{"i", i}});
      e.print(")");
      e.blank();
    }
    return e.take() + body;
  }

  // ---- types.go ----

  std::string types_file() const {
    Emitter e = emitter();
    if (!m_.library.version.empty()) {
      e.print("// LibraryVersion is the library's version from the schema.");
      e.print("const LibraryVersion = $v$",
              {{"v", string_literal(m_.library.version, Escapes::utf8)}});
      e.blank();
    }
    for (const model::Const& c : m_.consts) {
      doc(e, c.doc);
      e.print("const $n$ $t$= $v$",
              {{"n", c.name.upper}, {"t", const_type(c)}, {"v", const_literal(c)}});
      e.blank();
    }
    for (const model::Enum& en : m_.enums) {
      doc(e, en.doc);
      e.print("type $n$ int32", {{"n", go::exported(en.name)}});
      e.blank();
      e.print("const (");
      e.indent();
      std::vector<Row> rows;
      for (const model::Enumerator& v : en.enumerators) {
        rows.push_back({v.doc,
                        {go::exported(en.name) + go::exported(v.name), go::exported(en.name),
                         "= " + std::to_string(v.value)}});
      }
      aligned(e, rows);
      e.outdent();
      e.print(")");
      e.blank();
      e.print("// String returns the enumerator's name as the schema spells it.");
      e.print("func (v $n$) String() string {\n\tswitch v {", {{"n", go::exported(en.name)}});
      for (const model::Enumerator& v : en.enumerators) {
        e.print("\tcase $c$:\n\t\treturn \"$s$\"",
                {{"c", go::exported(en.name) + go::exported(v.name)}, {"s", v.name.original}});
      }
      e.print("\t}\n\treturn \"$n$(\" + strconv.Itoa(int(v)) + \")\"\n}",
              {{"n", go::exported(en.name)}});
      e.blank();
    }
    for (const model::Struct& s : m_.structs) {
      doc(e, s.doc);
      struct_decl(e, go::exported(s.name), s.fields);
    }
    for (const model::Union& u : m_.unions)
      union_decl(e, u);
    for (const model::Func& ev : m_.events) {
      if (ev.params.empty()) continue;
      e.print("// $t$ is the payload of the $n$ event.",
              {{"t", event_type(ev)}, {"n", ev.name.original}});
      struct_decl(e, event_type(ev), ev.params);
    }
    for (const model::Func& h : m_.hosts) {
      if (h.params.empty()) continue;
      e.print("// $t$ are the arguments of the $n$ host function.",
              {{"t", args_type(h)}, {"n", h.name.original}});
      struct_decl(e, args_type(h), h.params);
    }
    model::Doc pkg_doc = m_.library.doc;
    if (!pkg_doc.empty()) pkg_doc.push_back("");
    pkg_doc.push_back("Package " + pkg_ + " is the Go client of the " + lib_ +
                      " library, generated by ffidlc.");
    pkg_doc.push_back("It links lib" + lib_ + ".so through cgo, found in this package's directory");
    pkg_doc.push_back("or its parent (where ffidl_add_library puts both); elsewhere, set");
    pkg_doc.push_back(
        "CGO_LDFLAGS=\"-L<dir> -Wl,-rpath,<dir>\" when building. See New and Client.");
    std::string body = e.take();
    while (!body.empty() && body.size() >= 2 && body.substr(body.size() - 2) == "\n\n")
      body.pop_back();
    return file(body, false, "", pkg_doc);
  }

  std::string const_type(const model::Const& c) const {
    // Untyped constants read best for bool, string and the default kinds.
    switch (c.type->kind) {
      case TypeKind::boolean:
      case TypeKind::string:
        return "";
      default:
        return std::string(go_scalar(c.type->kind)) + " ";
    }
  }

  static std::string variant_type(const model::Union& u, const model::Variant& v) {
    return go::exported(u.name) + go::exported(v.name);
  }

  /// A union: an interface sealed by an unexported method, and one struct
  /// per variant implementing it. An error's variants implement `error`
  /// too, so a raised one is returned as is: match it with errors.As.
  void union_decl(Emitter& e, const model::Union& u) const {
    std::string U = go::exported(u.name);
    doc(e, u.doc);
    if (!u.doc.empty()) e.print("//");
    e.print(
        u.is_error ? "// $U$ is an error, one of its variants:" : "// $U$ is one of its variants:",
        {{"U", U}});
    for (const model::Variant& v : u.variants)
      e.print("//   - $V$", {{"V", variant_type(u, v)}});
    if (u.is_error) {
      e.print(
          "//\n// Methods that raise it return the variant as their error: match it with\n"
          "// $as$ (a $U$ target takes any variant) or a type switch.\n"
          "type $U$ interface {\n\terror\n\tis$U$()\n}",
          {{"U", U}, {"as", "errors.As"}});  // a variable: doc text notes no import
    } else {
      e.print("type $U$ interface {\n\tis$U$()\n}", {{"U", U}});
    }
    e.blank();
    for (const model::Variant& v : u.variants) {
      std::string V = variant_type(u, v);
      if (v.doc.empty()) {
        e.print("// $V$ is variant $v$ of $U$.", {{"V", V}, {"v", v.name.original}, {"U", U}});
      } else {
        doc(e, v.doc);
      }
      if (v.fields.empty()) {
        e.print("type $V$ struct{}", {{"V", V}});
        e.blank();
      } else {
        struct_decl(e, V, v.fields);
      }
      e.print("func ($V$) is$U$() {}", {{"V", V}, {"U", U}});
      e.blank();
      if (!u.is_error) continue;
      std::string text;
      bool shows_a_field = false;
      for (const error_message::Part& part : error_message::parts(v)) {
        shows_a_field = shows_a_field || part.field;
        text += (text.empty() ? "" : " + ") +
                (part.field ? show(part.field->type, "e." + go::exported(part.field->name))
                            : string_literal(part.text, Escapes::utf8));
      }
      e.print("// Error is the message derived from the variant and its fields.");
      e.print("func ($r$$V$) Error() string {\n\treturn $t$\n}",
              {{"V", V}, {"r", shows_a_field ? "e " : ""}, {"t", text}});
      e.blank();
    }
  }

  /// A field's value in a typed error's message (error_message::shown).
  std::string show(const model::Type* t, const std::string& x) const {
    using error_message::Shown;
    // An expression, which no template spells: note its import here.
    switch (error_message::shown(t)) {
      case Shown::boolean:
        imports_.insert("strconv");
        return "strconv.FormatBool(" + x + ")";
      case Shown::text:
        return "ffidlShowString(" + x + ")";
      case Shown::floating:
        return "ffidlShowFloat(float64(" + x + "), " + (t->kind == TypeKind::f32 ? "32" : "64") +
               ")";
      case Shown::enumeration:
      case Shown::integer:
        imports_.insert("strconv");
        return t->is_integer() && !t->is_signed() ? "strconv.FormatUint(uint64(" + x + "), 10)"
                                                  : "strconv.FormatInt(int64(" + x + "), 10)";
      case Shown::elided:
        break;
    }
    return "";  // elided fields are literal text (error_message::parts)
  }

  void struct_decl(Emitter& e, const std::string& name,
                   const std::vector<model::Field>& fields) const {
    e.print("type $n$ struct {", {{"n", name}});
    e.indent();
    std::vector<Row> rows;
    for (const model::Field& f : fields)
      rows.push_back({f.doc, {go::exported(f.name), type_name(f.type)}});
    aligned(e, rows);
    e.outdent();
    e.print("}");
    e.blank();
    close_method(e, name, fields);
  }

  /// `Close` on a struct (or event payload, or host fn's arguments) that
  /// holds objects: releases every reference in it at once, as `Close` on
  /// one object does. Not generated if a field takes the name.
  void close_method(Emitter& e, const std::string& name,
                    const std::vector<model::Field>& fields) const {
    if (!model::holds_objects(fields) || field_named_close(fields)) return;
    e.print(R"(// Close releases every object reference v holds, at any depth (nil and
// closed references are skipped). v's references are unusable afterwards.
func (v *$name$) Close() {)",
            {{"name", name}});
    e.indent();
    int depth = 0;
    for (const model::Field& f : fields)
      close_value(e, f.type, "v." + go::exported(f.name), depth);
    e.outdent();
    e.print("}");
    e.blank();
  }

  static bool field_named_close(const std::vector<model::Field>& fields) {
    for (const model::Field& f : fields) {
      if (go::exported(f.name) == "Close") return true;
    }
    return false;
  }

  /// Statements releasing the references a value of type t holds (a struct
  /// through its own Close, which a struct with a field named Close lacks).
  void close_value(Emitter& e, const model::Type* t, const std::string& x, int& depth) const {
    if (!model::holds_objects(t)) return;
    switch (t->kind) {
      case TypeKind::struct_:
        if (field_named_close(m_.struct_of(*t).fields)) return;
        e.print("$x$.Close()", {{"x", x}});
        return;
      case TypeKind::object_:
        e.print("$x$.Close()", {{"x", x}});  // nil-safe
        return;
      case TypeKind::optional:
        if (t->elem->kind == TypeKind::object_) {
          e.print("$x$.Close()", {{"x", x}});  // nil-safe
          return;
        }
        e.print("if $x$ != nil {", {{"x", x}});
        e.indent();
        close_value(e, t->elem, "(*" + x + ")", depth);
        e.outdent();
        e.print("}");
        return;
      case TypeKind::list:
      case TypeKind::map: {
        const std::string item = "x" + std::to_string(depth++);
        e.print("for _, $item$ := range $x$ {", {{"item", item}, {"x", x}});
        e.indent();
        close_value(e, t->elem, item, depth);
        e.outdent();
        e.print("}");
        return;
      }
      default:
        return;
    }
  }

  // ---- conversions: renderers of the lowering plan (lowering.hpp) ----

  /// Go value -> C members, as statements; conversions of lists, maps and
  /// structs are calls of the functions convert.go defines per type.
  class Lower final : public lowering::LowerRenderer {
   public:
    Lower(const GoGen& g, Emitter& e) : g_(g), e_(e) {}
    void scalar(const model::Type* t, const std::string& v, const std::string& d) override {
      e_.print("$d$ = $c$($v$)", {{"d", d}, {"c", g_.c_elem(t)}, {"v", v}});
    }
    void enumeration(const model::Type* t, const std::string& v, const std::string& d) override {
      scalar(t, v, d);
    }
    void string(const std::string& v, const std::string& d) override {
      e_.print("$d$ = a.str($v$)", {{"d", d}, {"v", v}});
    }
    void bytes(const std::string& v, const std::string& d, const std::string& len) override {
      e_.print("$d$, $l$ = a.bytes($v$)", {{"d", d}, {"l", len}, {"v", v}});
    }
    void list(const model::Type* t, const std::string& v, const std::string& d,
              const std::string& len) override {
      e_.print("$d$, $l$ = a.toC$m$($v$)",
               {{"d", d}, {"l", len}, {"m", c_abi::mangle(g_.m_, t)}, {"v", v}});
    }
    void map(const model::Type* t, const std::string& v, const std::string& keys,
             const std::string& values, const std::string& len) override {
      e_.print("$k$, $vs$, $l$ = a.toC$m$($v$)",
               {{"k", keys}, {"vs", values}, {"l", len}, {"m", c_abi::mangle(g_.m_, t)}, {"v", v}});
    }
    void record(const model::Type* t, const std::string& v, const std::string& d) override {
      e_.print("a.toC$n$($p$, $d$)", {{"n", g_.type_name(t)}, {"p", addr(v)}, {"d", addr(d)}});
    }
    std::string optional_begin(const model::Type* t, const std::string& v,
                               const std::string& has) override {
      e_.print("if $v$ != nil {\n\t$h$ = true", {{"v", v}, {"h", has}});
      e_.indent();
      return nilable(t->elem) ? v : "*" + v;
    }
    void optional_end() override {
      e_.outdent();
      e_.print("}");
    }
    /// A handle lent for the call (a nil or closed reference lends 0).
    void object(const model::Type*, const std::string& v, const std::string& d) override {
      e_.print("$d$ = $v$.cHandle()", {{"d", d}, {"v", v}});
    }

   private:
    const GoGen& g_;
    Emitter& e_;
  };

  /// C members -> Go value, as an expression; an optional becomes a local
  /// declared (with its statements) before the expression that uses it.
  class Lift final : public lowering::LiftRenderer {
   public:
    Lift(const GoGen& g, Emitter& e) : g_(g), e_(e) {}
    std::string scalar(const model::Type* t, const std::string& src) override {
      return g_.type_name(t) + "(" + src + ")";
    }
    std::string enumeration(const model::Type* t, const std::string& src) override {
      return scalar(t, src);
    }
    std::string string(const std::string& src) override { return "C.GoString(" + src + ")"; }
    std::string bytes(const std::string& src, const std::string& len) override {
      g_.imports_.insert("unsafe");  // an expression, which no template spells
      return "ffidlBytes(unsafe.Pointer(" + src + "), " + len + ")";
    }
    std::string list(const model::Type* t, const std::string& src,
                     const std::string& len) override {
      return "fromC" + c_abi::mangle(g_.m_, t) + "(" + client(t) + src + ", " + len + ")";
    }
    std::string map(const model::Type* t, const std::string& keys, const std::string& values,
                    const std::string& len) override {
      return "fromC" + c_abi::mangle(g_.m_, t) + "(" + client(t) + keys + ", " + values + ", " +
             len + ")";
    }
    /// Containers of objects take the client their references belong to.
    static std::string client(const model::Type* t) { return model::holds_objects(t) ? "c, " : ""; }
    std::string record(const model::Type* t, const std::string& src) override {
      return "fromC" + g_.type_name(t) + "(" + client(t) + addr(src) + ")";
    }
    std::string optional(const model::Type* t, const std::string& has,
                         const std::string& present) override {
      std::string name = "opt" + std::to_string(count_++);
      if (nilable(t->elem)) {
        e_.print("var $n$ $t$\nif $h$ {\n\t$n$ = $p$\n}",
                 {{"n", name}, {"t", g_.type_name(t)}, {"h", has}, {"p", present}});
        return name;
      }
      e_.print("var $n$ $t$\nif $h$ {\n\tv := $p$\n\t$n$ = &v\n}",
               {{"n", name}, {"t", g_.type_name(t)}, {"h", has}, {"p", present}});
      return name;
    }
    /// A reference of the client's own (the handle is borrowed in the callback).
    std::string object(const model::Type* t, const std::string& src) override {
      return "c.retain" + go::exported(g_.m_.object_of(*t).name) + "(" + src + ")";
    }

   private:
    const GoGen& g_;
    Emitter& e_;
    int count_ = 0;
  };

  std::string convert_file() const {
    Emitter e = emitter();
    auto struct_funcs = [&](const std::string& go_name, const std::string& c_name,
                            const std::vector<model::Field>& fields) {
      // An event payload holding objects takes its references in client c.
      const bool objects = model::holds_objects(fields);
      e.print("func (a *ffidlArena) toC$g$(src *$g$, dst *C.$c$) {",
              {{"g", go_name}, {"c", c_name}});
      {
        auto in = e.scope();
        Lower lower(*this, e);
        for (const model::Field& f : fields)
          lowering::lower(f.type, "src." + go::exported(f.name),
                          lowering::field("dst.", f.name.snake), lower);
      }
      e.print("}");
      e.blank();
      e.print("func fromC$g$($cl$src *C.$c$) (dst $g$) {",
              {{"g", go_name}, {"c", c_name}, {"cl", objects ? "c *Client, " : ""}});
      {
        auto in = e.scope();
        Lift lift(*this, e);
        for (const model::Field& f : fields) {
          std::string x = lowering::lift(f.type, lowering::field("src.", f.name.snake), lift);
          e.print("dst.$n$ = $x$", {{"n", go::exported(f.name)}, {"x", x}});
        }
        e.print("return");
      }
      e.print("}");
      e.blank();
    };
    for (const model::Struct& s : m_.structs)
      struct_funcs(go::exported(s.name), c_abi::type_name(m_, s.name), s.fields);
    for (const model::Union& u : m_.unions)
      union_funcs(e, u);
    for (const model::Func& ev : m_.events) {
      if (!ev.params.empty())
        struct_funcs(event_type(ev), c_abi::params_struct_name(m_, ev), ev.params);
    }
    for (const model::Func& h : m_.hosts) {
      if (!h.params.empty()) struct_funcs(args_type(h), c_abi::params_struct_name(m_, h), h.params);
    }
    for (const model::Type& t : m_.types) {
      if (t.kind == TypeKind::list) list_funcs(e, &t);
      if (t.kind == TypeKind::map) map_funcs(e, &t);
    }
    std::string body = e.take();
    if (body.empty()) return file("// This library has no types to convert.\n", false, "");
    body.pop_back();  // the last blank line
    return file(body, true, "");
  }

  /// A union's conversions: a type switch on the variant, setting the tag
  /// and lowering the variant's fields where lowering::variant_field puts
  /// them; back, a switch on the tag.
  void union_funcs(Emitter& e, const model::Union& u) const {
    std::string U = go::exported(u.name);
    std::string C = c_abi::type_name(m_, u.name);
    bool any_fields = false;
    for (const model::Variant& v : u.variants)
      any_fields = any_fields || !v.fields.empty();
    e.print("func (a *ffidlArena) toC$U$(src *$U$, dst *C.$C$) {\n\tswitch $v$(*src).(type) {",
            {{"U", U}, {"C", C}, {"v", any_fields ? "v := " : ""}});
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      e.print("\tcase $V$:\n\t\tdst.tag = $i$",
              {{"V", variant_type(u, v)}, {"i", std::to_string(i)}});
      auto in = e.scope();
      e.indent();
      Lower lower(*this, e);
      for (const model::Field& f : v.fields)
        lowering::lower(f.type, "v." + go::exported(f.name), lowering::variant_field("dst.", v, f),
                        lower);
      e.outdent();
    }
    e.emit(R"go(
        	default:
        		if a.err == nil {
        			a.err = &Error{Message: "a $U$ argument holds no variant (nil)"}
        		}
        	}
        }
        )go",
           {{"U", U}, {"C", C}});
    e.blank();
    e.emit(R"go(
        func fromC$U$(src *C.$C$) $U$ {
        	switch src.tag {
        )go",
           {{"U", U}, {"C", C}});
    for (std::size_t i = 0; i < u.variants.size(); ++i) {
      const model::Variant& v = u.variants[i];
      std::string V = variant_type(u, v);
      if (v.fields.empty()) {
        e.print("\tcase $i$:\n\t\treturn $V${}", {{"i", std::to_string(i)}, {"V", V}});
        continue;
      }
      e.print("\tcase $i$:\n\t\tvar dst $V$", {{"i", std::to_string(i)}, {"V", V}});
      auto in = e.scope();
      e.indent();
      Lift lift(*this, e);
      for (const model::Field& f : v.fields) {
        std::string x = lowering::lift(f.type, lowering::variant_field("src.", v, f), lift);
        e.print("dst.$n$ = $x$", {{"n", go::exported(f.name)}, {"x", x}});
      }
      e.print("return dst");
      e.outdent();
    }
    e.emit(R"(
        	}
        	panic(ffidlDecodeError("tag " + strconv.Itoa(int(src.tag)) + " is not a variant of $U$"))
        }
        )",
           {{"U", U}});
    e.blank();
  }

  void list_funcs(Emitter& e, const model::Type* t) const {
    VarMap v = {{"m", c_abi::mangle(m_, t)},
                {"g", type_name(t)},
                {"ge", type_name(t->elem)},
                {"ce", c_elem(t->elem)},
                {"cl", model::holds_objects(t) ? "c *Client, " : ""}};
    Lower lower(*this, e);
    Lift lift(*this, e);
    e.emit(R"(
        func (a *ffidlArena) toC$m$(src $g$) (*$ce$, C.size_t) {
        	if len(src) == 0 {
        		return nil, 0
        	}
        	s := ffidlAllocSlice[$ce$](a, len(src))
        	for i := range src {
        		$lower$
        	}
        	return &s[0], C.size_t(len(src))
        }

        func fromC$m$($cl$p *$ce$, n C.size_t) $g$ {
        	if n == 0 {
        		return nil
        	}
        	s := unsafe.Slice(p, n)
        	out := make($g$, n)
        	for i := range s {
        		$lift$
        	}
        	return out
        }
        )",
           v,
           {{"lower",
             [&] {
               lowering::lower(t->elem, "src[i]", lowering::element(t->elem, "s[i]", "s[i]"),
                               lower);
             }},
            {"lift", [&] {
               std::string x =
                   lowering::lift(t->elem, lowering::element(t->elem, "s[i]", "s[i]"), lift);
               e.print("out[i] = $x$", {{"x", x}});
             }}});
    e.blank();
  }

  void map_funcs(Emitter& e, const model::Type* t) const {
    VarMap v = {{"m", c_abi::mangle(m_, t)},
                {"g", type_name(t)},
                {"ck", c_elem(t->key)},
                {"cv", c_elem(t->elem)},
                {"gk", type_name(t->key)},
                {"gv", type_name(t->elem)},
                {"cl", model::holds_objects(t) ? "c *Client, " : ""}};
    Lower lower(*this, e);
    Lift lift(*this, e);
    e.emit(R"(
        func (a *ffidlArena) toC$m$(src $g$) (*$ck$, *$cv$, C.size_t) {
        	if len(src) == 0 {
        		return nil, nil, 0
        	}
        	ks := ffidlAllocSlice[$ck$](a, len(src))
        	vs := ffidlAllocSlice[$cv$](a, len(src))
        	i := 0
        	for k, v := range src {
        		$lower$
        		i++
        	}
        	return &ks[0], &vs[0], C.size_t(len(src))
        }

        func fromC$m$($cl$kp *$ck$, vp *$cv$, n C.size_t) $g$ {
        	if n == 0 {
        		return nil
        	}
        	ks, vs := unsafe.Slice(kp, n), unsafe.Slice(vp, n)
        	out := make($g$, n)
        	for i := range ks {
        		$lift$
        	}
        	return out
        }
        )",
           v,
           {{"lower",
             [&] {
               lowering::lower(t->key, "k", lowering::element(t->key, "ks[i]", "ks[i]"), lower);
               lowering::lower(t->elem, "v", lowering::element(t->elem, "vs[i]", "vs[i]"), lower);
             }},
            {"lift", [&] {
               std::string k =
                   lowering::lift(t->key, lowering::element(t->key, "ks[i]", "ks[i]"), lift);
               std::string x =
                   lowering::lift(t->elem, lowering::element(t->elem, "vs[i]", "vs[i]"), lift);
               e.print("out[$k$] = $x$", {{"k", k}, {"x", x}});
             }}});
    e.blank();
  }

  // ---- client.go ----

  /// The C wrapper every call goes through: it supplies the exported Go
  /// callback and turns the handle into user_data, in one cgo call to
  /// `row`. Its own parameters are the context, the handle, then the
  /// arguments' C members; they are ffidl_-prefixed, a prefix the checker
  /// reserves, so no schema parameter beside them can take the name.
  std::string c_wrapper(const std::string& name, const exports::Export& row) const {
    std::string lead, members;
    for (const exports::Param& p : row.params) {
      if (p.role == exports::Role::ctx) lead = "void *ffidl_ctx, " + lead;
      if (p.role == exports::Role::user_data) lead += "uintptr_t ffidl_h, ";
      if (p.role == exports::Role::argument)
        members += c_abi::Member{p.type, p.name}.decl() + ", ";
    }
    std::string params = lead + members;
    params = params.empty() ? "void" : params.substr(0, params.size() - 2);
    std::string args;
    for (const std::string& a : exports::call_args(row, [&](const exports::Param& p) {
           switch (p.role) {
             case exports::Role::ctx:
               return std::string("ffidl_ctx");
             case exports::Role::callback:
               return "(ffidl_callback)ffidl_go_" + lib_ + "_result";
             case exports::Role::user_data:
               return std::string("(void *)ffidl_h");
             case exports::Role::argument:
               return p.name;
             default:
               throw std::logic_error("go: a native call has no " + p.name);
           }
         }))
      args += (args.empty() ? "" : ", ") + a;
    return subst("static $function$($params$) {\n\treturn $export$($args$);\n}\n",
                 {{"function", c_abi::Member{row.result, "ffidl_go_" + name}.decl()},
                  {"params", params},
                  {"export", row.symbol},
                  {"args", args}});
  }

  /// Declares and fills the C arguments of f's parameters; returns the
  /// argument list for the wrapper call (", c_x, c_x_len").
  /// `arena` (if given) says whether the arguments live in arena `a`.
  std::string c_args(Emitter& e, const model::Func& f, bool* uses_arena = nullptr) const {
    std::string args;
    bool arena = false;
    for (const model::Field& p : f.params) {
      if (!p.type->is_scalar() && p.type->kind != TypeKind::bytes &&
          p.type->kind != TypeKind::object_)
        arena = true;
    }
    if (uses_arena) *uses_arena = arena;
    if (arena) e.print("var a ffidlArena\ndefer a.free()");
    Lower lower(*this, e);
    for (const model::Field& p : f.params) {
      std::string go = param_name(p);
      std::string c = "c_" + p.name.snake;
      const model::Type* t = p.type;
      switch (lowering::passing(t)) {
        case lowering::Passing::value:
          args += t->kind == TypeKind::object_ ? ", " + go + ".cHandle()"
                                               : ", " + c_elem(t) + "(" + go + ")";
          continue;
        case lowering::Passing::pointer:
          e.print("$c$ := &ffidlAllocSlice[$ct$](&a, 1)[0]", {{"c", c}, {"ct", c_elem(t)}});
          lowering::lower(t, go, lowering::element(t, c, "*" + c), lower);
          break;
        case lowering::Passing::optional_pointer:
          e.print("var c_has_$n$ C.bool\nvar $c$ *$ct$",
                  {{"n", p.name.snake}, {"c", c}, {"ct", c_elem(t->elem)}});
          e.print("if $go$ != nil {\n\tc_has_$n$ = true\n\t$c$ = &ffidlAllocSlice[$ct$](&a, 1)[0]",
                  {{"go", go}, {"n", p.name.snake}, {"c", c}, {"ct", c_elem(t->elem)}});
          {
            auto in = e.scope();
            lowering::lower(t->elem, nilable(t->elem) ? go : "*" + go,
                            lowering::element(t->elem, c, "*" + c), lower);
          }
          e.print("}");
          break;
        case lowering::Passing::members:
          if (t->kind == TypeKind::bytes) {
            // Borrowed for the call, not copied (cgo pins it).
            e.print("$c$, $c$_len := ffidlBytesArg($go$)", {{"c", c}, {"go", go}});
            break;
          }
          for (const c_abi::Member& mem : c_abi::param_members(m_, t, p.name.snake))
            e.print("var c_$n$ $t$", {{"n", mem.name}, {"t", cgo(mem.type)}});
          lowering::lower(t, go, lowering::field("c_", p.name.snake), lower);
          break;
      }
      for (const c_abi::Member& mem : c_abi::param_members(m_, t, p.name.snake))
        args += ", c_" + mem.name;
    }
    return args;
  }

  /// A Go func literal decoding a native result into the Go value: `msg`
  /// points at the result in element position (lowering::element).
  std::string decoder(const model::Type* t) const {
    Emitter e = emitter();
    std::string g = type_name(t);
    if (t->kind == TypeKind::string) {
      e.print("func(msg unsafe.Pointer, n C.size_t) string {\n\treturn ffidlString(msg, n)\n}");
    } else if (t->kind == TypeKind::bytes) {
      e.print("func(msg unsafe.Pointer, n C.size_t) []byte {\n\treturn ffidlBytes(msg, n)\n}");
    } else {
      e.print("func(msg unsafe.Pointer, _ C.size_t) $g$ {\n\th := (*$c$)(msg)",
              {{"g", g}, {"c", c_elem(t)}});
      {
        auto in = e.scope();
        Lift lift(*this, e);
        std::string x = lowering::lift(t, lowering::element(t, "h", "*h"), lift);
        e.print("return $x$", {{"x", x}});
      }
      e.print("}");
    }
    std::string s = e.take();
    s.pop_back();
    return s;
  }

  /// `(value string, n int64)` and `value, n` for a Go signature / call.
  std::pair<std::string, std::string> go_params(const model::Func& f) const {
    std::string sig, call;
    for (const model::Field& p : f.params) {
      if (!sig.empty()) {
        sig += ", ";
        call += ", ";
      }
      sig += param_name(p) + " " + type_name(p.type);
      call += param_name(p);
    }
    return {sig, call};
  }

  /// One proc (receiver "c *Client") or static proc (no receiver).
  void method(Emitter& e, std::string& pre, const model::Func& f, bool is_static) {
    auto [params, args] = go_params(f);
    std::string wrapper = (is_static ? "static_" : "call_") + f.name.snake;
    VarMap v = {{"Name", go::exported(f.name)},
                {"receiver", is_static ? "" : "(c *Client) "},
                {"params", params},
                {"more_params", params.empty() ? "" : ", " + params},
                {"more_args", args.empty() ? "" : ", " + args},
                {"returns", f.result ? "(" + type_name(f.result) + ", error)" : "error"},
                {"on", is_static ? "" : "c."}};
    doc(e, f.doc);
    if (is_static && !f.doc.empty()) e.print("//");
    if (is_static) e.print("// $Name$ is a static proc: it needs no client.", v);
    auto body = [&] {
      if (f.result) {
        e.print("call := ffidlNewCall($decoder$)", {{"decoder", decoder(f.result)}});
      } else {
        e.print("call := ffidlNewCall[struct{}](nil)");
      }
      if (f.raises) {
        e.print("call.raised = func(msg unsafe.Pointer) error {\n\treturn fromC$E$((*$c$)(msg))\n}",
                {{"E", type_name(f.raises)}, {"c", c_elem(f.raises)}});
      }
      bool arena = false;
      std::string c_arguments = c_args(e, f, &arena);
      // Function literals always span lines: gofmt keeps one-line ones only
      // while they are short, which long names would break.
      e.emit(R"(
          call.start($arena$, func() C.int {
          	return C.ffidl_go_$wrapper$($ctx$call.handle$args$)
          })
          )",
             {{"arena", arena ? "&a" : "nil"},
              {"wrapper", wrapper},
              {"ctx", is_static ? "" : "c.ctx, "},
              {"args", c_arguments}});
      e.print(
          f.result ? "return call.wait(ctx, $lib$)" : "_, err := call.wait(ctx, $lib$)\nreturn err",
          {{"lib", is_static ? "nil" : "c.ctx"}});
    };
    e.emit(R"(
        func $receiver$$Name$($params$) $returns$ {
        	return $on$$Name$Context(context.Background()$more_args$)
        }

        // $Name$Context is $Name$ that stops waiting when ctx is done. The call itself is
        // not cancelled: its late result is dropped.
        func $receiver$$Name$Context(ctx context.Context$more_params$) $returns$ {
        	$body$
        }
        )",
           v, {{"body", body}});
    e.blank();
    pre += c_wrapper(wrapper, exports::native_form(table_, f));
  }

  void ctor(Emitter& e, std::string& pre) {
    const model::Func& f = *m_.ctor;
    auto [sig, call_args] = go_params(f);
    doc(e, f.doc);
    if (!f.doc.empty()) e.print("//");
    e.print(R"(// New creates a client: a context of the library with its own threads. It
// returns once the library's constructor has finished, with its error if it
// failed. Close the client when done.
func New($sig$) (*Client, error) {
	return NewWith(nil$args$)
}

// NewWith is New that first runs setup on the client, before the library's
// constructor starts: set the host functions (and subscribe to the events)
// the constructor may need there. An error from setup closes the client and
// is returned.
func NewWith(setup func(*Client) error$sigc$) (*Client, error) {)",
            {{"sig", sig},
             {"args", call_args.empty() ? "" : ", " + call_args},
             {"sigc", sig.empty() ? "" : ", " + sig}});
    e.indent();
    e.print("call := ffidlNewCall[struct{}](nil)");
    bool arena = false;
    std::string args = c_args(e, f, &arena);
    e.print(R"(ctx, err := ffidlCreate($ar$, func() unsafe.Pointer {
	return C.ffidl_go_create(call.handle$a$)
})
if err != nil {
	ffidlDeleteHandle(call.handle)
	return nil, err
}
c := &Client{ctx: ctx, events: ffidlNewQueue()}
if setup != nil {
	if err := setup(c); err != nil {
		c.Close()
		return nil, err
	}
}
C.$lib$_run_ctor(ctx)
if _, err := call.wait(context.Background(), ctx); err != nil {
	c.Close()
	return nil, err
}
return c, nil)",
            {{"ar", arena ? "&a" : "nil"}, {"a", args}, {"lib", lib_}});
    e.outdent();
    e.print("}");
    e.blank();
    pre += c_wrapper("create", exports::native_form(table_, f, true));
  }

  std::string dtor_name() const { return exports::find(table_, exports::Kind::dtor)->symbol; }

  void event(Emitter& e, std::string& pre, const model::Func& ev) {
    bool payload = !ev.params.empty();
    VarMap v = {{"Name", go::exported(ev.name)},
                {"name", ev.name.snake},
                {"Event", event_type(ev)},
                {"c_event", payload ? c_abi::params_struct_name(m_, ev) : ""},
                {"fn_params", payload ? event_type(ev) : ""},
                {"cl", model::holds_objects(ev.params) ? "c, " : ""},
                {"lib", lib_},
                {"macro", m_.library.name.upper + "_EVENT_" + ev.name.upper}};
    // Converts the payload on the library's event thread (C memory is valid
    // only there) and hands fn a closure to run on the client's goroutine.
    auto deliver = [&] {
      if (!payload) {
        e.print("l.deliver = func(unsafe.Pointer) func() { return fn }");
        return;
      }
      e.emit(R"(
          l.deliver = func(msg unsafe.Pointer) func() {
          	ev := fromC$Event$($cl$(*C.$c_event$)(msg))
          	return func() { fn(ev) }
          }
          )",
             v);
    };
    doc(e, ev.doc);
    if (!ev.doc.empty()) e.print("//");
    e.emit(R"(
        // On$Name$ subscribes fn to the $name$ event. Listeners run on the client's
        // event goroutine, one event at a time, in the order the library emitted
        // them. Call unsubscribe to stop; when it returns fn is not called again.
        func (c *Client) On$Name$(fn func($fn_params$)) (unsubscribe func()) {
        	l := &ffidlListener{queue: c.events}
        	$deliver$
        	h := ffidlNewHandle(l)
        	id := C.ffidl_go_listen_$name$(c.ctx, h)
        	if id == 0 || !c.handles.add(h) {
        		if id == 0 {
        			ffidlDeleteHandle(h)
        		}
        		return func() {}
        	}
        	var once sync.Once
        	return func() {
        		once.Do(func() {
        			l.removed.Store(true)
        			C.$lib$_remove_event_listener(c.ctx, id)
        			c.handles.remove(h)
        		})
        	}
        }

        )",
           v, {{"deliver", deliver}});
    pre += subst(
        "static uint64_t ffidl_go_listen_$name$(void *ctx, uintptr_t h) {\n\treturn "
        "$lib$_add_event_listener(ctx, $macro$, (ffidl_callback)ffidl_go_$lib$_event, (void "
        "*)h);\n}\n",
        v);
  }

  void host(Emitter& e, std::string& pre, const model::Func& h) {
    bool has_args = !h.params.empty();
    VarMap v = {{"Name", go::exported(h.name)},
                {"name", h.name.snake},
                {"Args", args_type(h)},
                {"c_args", has_args ? c_abi::params_struct_name(m_, h) : ""},
                {"fn_params", has_args ? args_type(h) : ""},
                {"returns", h.result ? "(" + type_name(h.result) + ", error)" : "error"},
                {"lib", lib_},
                {"macro", m_.library.name.upper + "_HOST_" + h.name.upper}};
    // The job run on a goroutine: call fn, lower its answer into the arena.
    auto answer = [&] {
      std::string call = std::string("fn(") + (has_args ? "args" : "") + ")";
      if (!h.result && !h.raises) {
        e.print("return nil, 0, $call$", {{"call", call}});
        return;
      }
      e.print(h.result ? "res, err := $call$" : "err := $call$", {{"call", call}});
      if (h.raises) {
        e.emit(R"(
            var raised $E$
            if errors.As(err, &raised) {
            	p := &ffidlAllocSlice[$c$](a, 1)[0]
            	a.toC$E$(&raised, p)
            	return unsafe.Pointer(p), C.size_t(unsafe.Sizeof(*p)), ffidlRaised{}
            }
            )",
               {{"E", type_name(h.raises)}, {"c", c_elem(h.raises)}});
      }
      if (!h.result) {
        e.print("return nil, 0, err");
        return;
      }
      e.emit(R"(
          if err != nil {
          	return nil, 0, err
          }
          )");
      const model::Type* t = h.result;
      if (t->kind == TypeKind::string) {
        e.print("return unsafe.Pointer(a.str(res)), C.size_t(len(res)), nil");
      } else if (t->kind == TypeKind::bytes) {
        e.print("p, n := a.bytes(res)\nreturn unsafe.Pointer(p), n, nil");
      } else {
        e.print("p := &ffidlAllocSlice[$c_type$](a, 1)[0]", {{"c_type", c_elem(t)}});
        Lower lower(*this, e);
        lowering::lower(t, "res", lowering::element(t, "p", "*p"), lower);
        e.print("return unsafe.Pointer(p), C.size_t(unsafe.Sizeof(*p)), nil");
      }
    };
    doc(e, h.doc);
    if (!h.doc.empty()) e.print("//");
    e.emit(R"(
        // Set$Name$ implements the $name$ host function with fn (replacing any
        // earlier one). Each call runs fn on a goroutine of its own; an error or a
        // panic fails the library's call with its message.
        func (c *Client) Set$Name$(fn func($fn_params$) $returns$) error {
        	accept := func(req unsafe.Pointer) ffidlHostAnswer {
        		$convert_args$
        		return func(a *ffidlArena) (unsafe.Pointer, C.size_t, error) {
        			$answer$
        		}
        	}
        	h := ffidlNewHandle(&ffidlHost{ctx: c.ctx, accept: accept})
        	if C.ffidl_go_register_$name$(c.ctx, h) != C.FFIDL_OK || !c.handles.add(h) {
        		ffidlDeleteHandle(h)
        		return ErrClosed
        	}
        	return nil
        }

        )",
           v,
           {{"convert_args",
             [&] {
               if (has_args)
                 e.print("args := fromC$Args$($cl$(*C.$c_args$)(req))",
                         with(v, "cl", model::holds_objects(h.params) ? "c, " : ""));
             }},
            {"answer", answer}});
    pre += subst(
        "static int ffidl_go_register_$name$(void *ctx, uintptr_t h) {\n\treturn "
        "$lib$_register_host_fn(ctx, $macro$, (ffidl_host_fn)ffidl_go_$lib$_host, (void *)h);\n}\n",
        v);
  }

  std::string client_file() {
    Emitter e = emitter();
    std::string pre = subst(R"(extern void ffidl_go_$lib$_result(int, void *, size_t, void *);
extern void ffidl_go_$lib$_event(int, void *, size_t, void *);
)",
                            {{"lib", lib_}});
    if (!m_.hosts.empty())
      pre += subst("extern void ffidl_go_$lib$_host(uint64_t, void *, size_t, void *);\n",
                   {{"lib", lib_}});
    if (m_.ctor) client_type(e, pre);
    for (const model::Func& f : m_.static_procs) {
      if (c_abi::native(f)) method(e, pre, f, true);
    }
    objects(e);
    std::string body = e.take();
    while (body.size() >= 2 && body.substr(body.size() - 2) == "\n\n")
      body.pop_back();
    return file(body, true, pre);
  }

  /// Client, New, Close and everything that needs a context.
  void client_type(Emitter& e, std::string& pre) {
    e.print(R"(// Client is one context of the $lib$ library. Its methods may be called
// from any goroutine; each blocks until the library answers (the ...Context
// forms also return when their context is done).
type Client struct {
	ctx     unsafe.Pointer
	events  *ffidlQueue
	handles ffidlHandles
}
)",
            {{"lib", lib_}});
    e.blank();
    ctor(e, pre);
    e.print(R"(// Close destroys the context: calls still queued fail with an error,
// running handlers are waited for (bounded) and the library's threads are
// joined. Close is idempotent; calls after it return ErrClosed.
func (c *Client) Close() error {
	if !c.handles.beginClose() {
		return nil
	}
	rc := C.$dtor$(c.ctx)
	if rc != C.FFIDL_OK {
		return &Error{Message: "destroy failed"}
	}
	c.handles.deleteAll()
	close(c.events.stop)
	return nil
}

// DroppedEvents counts the events listeners never saw because they fell
// too far behind: dropped by the library (its queue holds 65536) plus those
// dropped by this client's own queue (the same bound).
func (c *Client) DroppedEvents() uint64 {
	return uint64(C.$lib$_dropped_events(c.ctx)) + c.events.dropped.Load()
}

// SetWaitSpin sets how long blocking calls on this client (its objects'
// too), the context's loop and its event thread spin before they sleep:
// SpinAuto (the default, adaptive), SpinOff, or nanoseconds.
func (c *Client) SetWaitSpin(spinNs int64) error {
	return ffidlDo(func() C.int {
		return C.$lib$_set_wait_spin(c.ctx, C.int64_t(spinNs))
	})
}
)",
            {{"dtor", dtor_name()}, {"lib", lib_}});
    e.blank();
    for (const model::Func& f : m_.procs) {
      if (c_abi::native(f)) method(e, pre, f, false);
    }
    for (const model::Func& ev : m_.events) {
      if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
      event(e, pre, ev);
      e.blank();
    }
    for (const model::Func& h : m_.hosts) {
      if (!c_abi::native(h)) continue;  // the binding speaks the native wire
      host(e, pre, h);
      e.blank();
    }
  }

  // ---- objects (in client.go) ----

  /// `New<Object>` for ctor `new`, `New<Object><Rest>` for `new_<rest>`,
  /// else `New<Object><Ctor>`: Go's constructor idiom.
  std::string ctor_func(const model::Object& o, const model::Func& c) const {
    const std::string& n = c.member_name.snake;
    std::string rest = n == "new" ? "" : n.rfind("new_", 0) == 0 ? n.substr(4) : n;
    return "New" + go::exported(o.name) + (rest.empty() ? "" : naming::pascal(rest));
  }

  void objects(Emitter& e) const {
    for (const model::Object& o : m_.objects) {
      VarMap v = {
          {"T", go::exported(o.name)}, {"c", c_abi::type_name(m_, o.name)}, {"o", o.name.original}};
      doc(e, o.doc);
      if (!o.doc.empty()) e.print("//");
      e.emit(R"(
          // $T$ is a reference to a $o$ living in its client's context. The object
          // lives while any reference (here or in the library) holds it: Close a
          // reference when done with it. A finalizer closes a forgotten one, as a leak
          // backstop only (it runs whenever the garbage collector gets to it). Every
          // reference to one object has the same Handle; use Equal to compare.
          type $T$ struct {
          	c      *Client
          	handle uint64
          	closed atomic.Bool
          }

          // Handle is the object's handle, the same for every reference to it (0 for nil).
          func (o *$T$) Handle() uint64 {
          	if o == nil {
          		return 0
          	}
          	return o.handle
          }

          // Equal reports whether o and other are references to the same object.
          func (o *$T$) Equal(other *$T$) bool {
          	return o.Handle() == other.Handle()
          }

          // Close drops this reference; the object lives on while others hold it.
          // Close is idempotent; calls through a closed reference return an error.
          func (o *$T$) Close() {
          	if o == nil || !o.closed.CompareAndSwap(false, true) {
          		return
          	}
          	runtime.SetFinalizer(o, nil)
          	C.$c$_release(o.c.ctx, C.$c${handle: C.uint64_t(o.handle)})
          }

          // Clone returns another reference to the same object (Close it too).
          func (o *$T$) Clone() (*$T$, error) {
          	h := o.cHandle()
          	if h.handle == 0 || C.$c$_retain(o.c.ctx, h) != C.FFIDL_OK {
          		return nil, &Error{Message: "$o$.Clone: not a live reference"}
          	}
          	return o.c.wrap$T$(h), nil
          }

          // cHandle is the handle lent to a call: 0 for a nil or closed reference,
          // which the library refuses.
          func (o *$T$) cHandle() C.$c$ {
          	if o == nil || o.closed.Load() {
          		return C.$c${}
          	}
          	return C.$c${handle: C.uint64_t(o.handle)}
          }

          // retain$T$ takes a reference of the client's own to a handle borrowed in a
          // callback; on failure it panics with ffidlDecodeError (recovered into an
          // error where the answer is decoded).
          func (c *Client) retain$T$(h C.$c$) *$T$ {
          	if C.$c$_retain(c.ctx, h) != C.FFIDL_OK {
          		panic(ffidlDecodeError("$o$: " + C.GoString(C.$lib$_last_error())))
          	}
          	return c.wrap$T$(h)
          }

          func (c *Client) wrap$T$(h C.$c$) *$T$ {
          	o := &$T${c: c, handle: uint64(h.handle)}
          	runtime.SetFinalizer(o, (*$T$).Close)
          	return o
          }
          )",
             with(v, "lib", lib_));
      e.blank();
      for (int i : o.ctors) {
        const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
        if (!c_abi::native(c)) continue;
        auto [params, args] = go_params(c);
        VarMap cv = {{"F", ctor_func(o, c)},
                     {"T", go::exported(o.name)},
                     {"flat", go::exported(c.name)},
                     {"p", params.empty() ? "" : ", " + params},
                     {"a", args.empty() ? "" : ", " + args},
                     {"returns", "(" + type_name(c.result) + ", error)"}};
        doc(e, c.doc);
        if (!c.doc.empty()) e.print("//");
        e.emit(R"(
            // $F$ is a ctor of $T$ (the same as c.$flat$).
            func $F$(c *Client$p$) $returns$ {
            	return c.$flat$($a2$)
            }

            // $F$Context is $F$ that stops waiting when ctx is done.
            func $F$Context(ctx context.Context, c *Client$p$) $returns$ {
            	return c.$flat$Context(ctx$a$)
            }
            )",
               with(cv, "a2", args));
        e.blank();
      }
      for (int i : o.procs) {
        const model::Func& f = m_.procs[static_cast<std::size_t>(i)];
        if (!c_abi::native(f)) continue;
        std::string params, args;
        for (std::size_t k = 1; k < f.params.size(); ++k) {
          params += (params.empty() ? "" : ", ") + param_name(f.params[k]) + " " +
                    type_name(f.params[k].type);
          args += ", " + param_name(f.params[k]);
        }
        VarMap pv = {{"M", go::exported(f.member_name)},
                     {"T", go::exported(o.name)},
                     {"flat", go::exported(f.name)},
                     {"p", params},
                     {"pc", params.empty() ? "" : ", " + params},
                     {"a", args},
                     {"returns", f.result ? "(" + type_name(f.result) + ", error)" : "error"}};
        doc(e, f.doc);
        e.emit(R"(
            func (o *$T$) $M$($p$) $returns$ {
            	return o.c.$flat$(o$a$)
            }

            // $M$Context is $M$ that stops waiting when ctx is done.
            func (o *$T$) $M$Context(ctx context.Context$pc$) $returns$ {
            	return o.c.$flat$Context(ctx, o$a$)
            }
            )",
               pv);
        e.blank();
      }
    }
  }

  // ---- exports.go ----

  std::string exports_file() const {
    Emitter e = emitter();
    VarMap v = {{"lib", lib_}};
    e.emit(R"(
        // The C-callable trampolines. They run on library threads, so they only
        // convert what C handed them (valid during the call only) and hand it off.

        //export ffidl_go_$lib$_result
        func ffidl_go_$lib$_result(ret C.int, msg unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
        	ffidlOnResult(ret, msg, n, ud)
        }

        //export ffidl_go_$lib$_event
        func ffidl_go_$lib$_event(ret C.int, msg unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
        	ffidlOnEvent(msg, ud)
        }
        )",
           v);
    if (!m_.hosts.empty()) {
      e.emit(R"(

          //export ffidl_go_$lib$_host
          func ffidl_go_$lib$_host(callID C.uint64_t, req unsafe.Pointer, n C.size_t, ud unsafe.Pointer) {
          	ffidlOnHost(callID, req, ud)
          }
          )",
             v);
    }
    std::string body = e.take();
    return file(body, true, "");
  }

  const model::Model& m_;
  const std::vector<exports::Export> table_ = exports::table(m_);
  /// The imports of the file being generated (see emitter()).
  mutable std::set<std::string> imports_;
  std::string lib_;
  std::string pkg_;
  std::string module_;
};

}  // namespace

std::vector<OutputFile> generate_go(const model::Model& m, const Options& options) {
  return GoGen(m, options.go_module).run();
}

}  // namespace ffidl::gen
