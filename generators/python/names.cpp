// Python names, type hints, ctypes spellings and docstrings.
#include <array>
#include <string_view>

#include "python/backend.hpp"

namespace ffidl::gen::python {

namespace {

constexpr std::array<std::string_view, 35> kKeywords = {
    "False", "None",   "True",    "and",      "as",       "assert", "async", "await",
    "break", "class",  "continue", "def",     "del",      "elif",   "else",  "except",
    "finally", "for",  "from",    "global",   "if",       "import", "in",    "is",
    "lambda", "nonlocal", "not",  "or",       "pass",     "raise",  "return", "try",
    "while", "with",   "yield"};

const char* ctypes_scalar(c_abi::CType::Base b) {
  using B = c_abi::CType::Base;
  switch (b) {
    case B::boolean: return "ctypes.c_bool";
    case B::i8: return "ctypes.c_int8";
    case B::i16: return "ctypes.c_int16";
    case B::i32: return "ctypes.c_int32";
    case B::i64: return "ctypes.c_int64";
    case B::u8: return "ctypes.c_uint8";
    case B::u16: return "ctypes.c_uint16";
    case B::u32: return "ctypes.c_uint32";
    case B::u64: return "ctypes.c_uint64";
    case B::f32: return "ctypes.c_float";
    case B::f64: return "ctypes.c_double";
    case B::size: return "ctypes.c_size_t";
    case B::char_: return "ctypes.c_char";
    case B::void_: return "None";
    case B::int_: return "ctypes.c_int";
    case B::callback: return "_support.CALLBACK";
    case B::host_fn: return "_support.HOST_FN";
    case B::named: break;
  }
  return nullptr;
}

}  // namespace

std::string ident(const std::string& snake, const std::set<std::string>& taken) {
  for (std::string_view k : kKeywords) {
    if (snake == k) return snake + "_";
  }
  return taken.count(snake) ? snake + "_" : snake;
}

std::string ctypes_type(const c_abi::CType& t) {
  using B = c_abi::CType::Base;
  std::string base = t.base == B::named ? t.name : ctypes_scalar(t.base);
  int pointers = t.pointers;
  if (t.base == B::char_ && pointers > 0) {  // C strings
    base = "ctypes.c_char_p";
    --pointers;
  } else if (t.base == B::void_ && pointers > 0) {
    base = "ctypes.c_void_p";
    --pointers;
  }
  for (int i = 0; i < pointers; ++i)
    base = "ctypes.POINTER(" + base + ")";
  return base;
}

std::string layout(const std::string& head, const std::vector<std::string>& args,
                   const std::string& tail, int level) {
  std::string one;
  for (const std::string& a : args)
    one += (one.empty() ? "" : ", ") + a;
  if (static_cast<std::size_t>(level) * 4 + head.size() + one.size() + tail.size() + 2 <= 99)
    return head + "(" + one + ")" + tail;
  std::string out = head + "(\n";
  for (const std::string& a : args)
    out += "    " + a + ",\n";
  return out + ")" + tail;
}

void docstring(Emitter& e, const model::Doc& doc, const std::vector<std::string>& extra) {
  std::vector<std::string> lines;
  for (const std::string& l : doc)
    lines.push_back(l);
  for (const std::string& para : extra) {
    if (!lines.empty()) lines.emplace_back();
    std::size_t at = 0;
    while (at <= para.size()) {
      std::size_t end = para.find('\n', at);
      if (end == std::string::npos) end = para.size();
      lines.push_back(para.substr(at, end - at));
      at = end + 1;
    }
  }
  if (lines.empty()) return;
  auto clean = [](std::string s) {
    std::string out;
    for (char c : s) {
      if (c == '\\') out += '\\';
      out += c;
    }
    for (std::size_t at = out.find("\"\"\""); at != std::string::npos;
         at = out.find("\"\"\"", at + 4))
      out.replace(at, 3, "\"\\\"\"");
    while (!out.empty() && out.back() == ' ')
      out.pop_back();
    return out;
  };
  std::string text = "\"\"\"" + clean(lines[0]);
  if (lines.size() == 1) {
    e.print("$d$", {{"d", text + "\"\"\""}});
    return;
  }
  for (std::size_t i = 1; i < lines.size(); ++i)
    text += "\n" + clean(lines[i]);
  e.print("$d$", {{"d", text + "\n\"\"\""}});
}

std::string PyGen::hint(const model::Type* t) const {
  switch (t->kind) {
    case TypeKind::boolean: return "bool";
    case TypeKind::f32:
    case TypeKind::f64: return "float";
    case TypeKind::string: return "str";
    case TypeKind::bytes: return "bytes";
    case TypeKind::list: return "List[" + hint(t->elem) + "]";
    case TypeKind::optional: return "Optional[" + hint(t->elem) + "]";
    case TypeKind::map: return "Dict[" + hint(t->key) + ", " + hint(t->elem) + "]";
    case TypeKind::struct_: return m_.structs[t->decl].name.pascal;
    case TypeKind::enum_: return m_.enums[t->decl].name.pascal;
    case TypeKind::union_: return m_.unions[t->decl].name.pascal;
    case TypeKind::object_: return m_.objects[t->decl].name.pascal;
    default: return "int";
  }
}

bool PyGen::is_error_type(const model::Type* t) const {
  return t->kind == TypeKind::union_ && m_.unions[t->decl].is_error;
}

std::string PyGen::suffix(const model::Type* t) const {
  // The mangled C name (`ListString`) as snake_case.
  std::string m = c_abi::mangle(m_, t), out;
  for (std::size_t i = 0; i < m.size(); ++i) {
    char c = m[i];
    if (c >= 'A' && c <= 'Z') {
      if (i > 0) out += '_';
      out += static_cast<char>(c - 'A' + 'a');
    } else {
      out += c;
    }
  }
  return out;
}

std::string PyGen::c_elem(const model::Type* t) const {
  std::string s = ctypes_type(c_abi::element_ctype(m_, t));
  return s.rfind("ctypes.", 0) == 0 ? s : "_ffi." + s;
}

std::string PyGen::params(const model::Func& f, bool receiver) const {
  std::string out;
  for (std::size_t i = receiver ? 1 : 0; i < f.params.size(); ++i)
    out += ", " + param(f.params[i]) + ": " + hint(f.params[i].type);
  return out;
}

std::string PyGen::names(const model::Func& f, bool receiver) const {
  std::string out;
  for (std::size_t i = receiver ? 1 : 0; i < f.params.size(); ++i)
    out += (out.empty() ? "" : ", ") + param(f.params[i]);
  return out;
}

}  // namespace ffidl::gen::python
