// Go spellings of the schema's names and types, and the emission helpers
// (imports, gofmt's alignment).
#include <cctype>

#include "go/backend.hpp"

namespace ffidl::gen::go {
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

std::string GoGen::type_name(const model::Type* t) const {
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

std::string GoGen::cgo(const c_abi::CType& t) {
  using B = c_abi::CType::Base;
  static const char* const spelled[] = {
      "C.bool",     "C.int8_t",   "C.int16_t",  "C.int32_t",        "C.int64_t",      "C.uint8_t",
      "C.uint16_t", "C.uint32_t", "C.uint64_t", "C.float",          "C.double",       "C.size_t",
      "C.char",     "C.void",     "C.int",      "C.ffidl_callback", "C.ffidl_host_fn"};
  std::string base = t.base == B::named ? "C." + t.name : spelled[static_cast<int>(t.base)];
  return std::string(static_cast<std::size_t>(t.pointers), '*') + base;
}

void GoGen::aligned(Emitter& e, const std::vector<Row>& rows) const {
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

Emitter GoGen::emitter() const {
  Emitter e("\t");
  e.observe([this](std::string_view tmpl) {
    static const std::pair<const char*, const char*> packages[] = {
        {"context", "context"}, {"errors", "errors"},   {"strconv", "strconv"},   {"sync", "sync"},
        {"unsafe", "unsafe"},   {"runtime", "runtime"}, {"atomic", "sync/atomic"}};
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

}  // namespace ffidl::gen::go
