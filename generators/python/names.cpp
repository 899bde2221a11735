// Python names, type hints, ctypes spellings and docstrings.
#include <algorithm>
#include <array>
#include <cctype>
#include <string_view>

#include "python/backend.hpp"

namespace ffidl::gen::python {

namespace {

constexpr std::array<std::string_view, 35> kKeywords = {
    "False", "None",     "True",  "and",    "as",   "assert", "async",  "await",    "break",
    "class", "continue", "def",   "del",    "elif", "else",   "except", "finally",  "for",
    "from",  "global",   "if",    "import", "in",   "is",     "lambda", "nonlocal", "not",
    "or",    "pass",     "raise", "return", "try",  "while",  "with",   "yield"};

const char* ctypes_scalar(c_abi::CType::Base b) {
  using B = c_abi::CType::Base;
  switch (b) {
    case B::boolean:
      return "ctypes.c_bool";
    case B::i8:
      return "ctypes.c_int8";
    case B::i16:
      return "ctypes.c_int16";
    case B::i32:
      return "ctypes.c_int32";
    case B::i64:
      return "ctypes.c_int64";
    case B::u8:
      return "ctypes.c_uint8";
    case B::u16:
      return "ctypes.c_uint16";
    case B::u32:
      return "ctypes.c_uint32";
    case B::u64:
      return "ctypes.c_uint64";
    case B::f32:
      return "ctypes.c_float";
    case B::f64:
      return "ctypes.c_double";
    case B::size:
      return "ctypes.c_size_t";
    case B::char_:
      return "ctypes.c_char";
    case B::void_:
      return "None";
    case B::int_:
      return "ctypes.c_int";
    case B::callback:
      return "_support.CALLBACK";
    case B::host_fn:
      return "_support.HOST_FN";
    case B::named:
      break;
  }
  return nullptr;
}

}  // namespace

std::string ident(const std::string& snake, const std::set<std::string>& taken) {
  for (std::string_view k : kKeywords) {
    if (snake == k) return snake + "_";
  }
  if (snake == "l") return "l_";  // PEP 8: never `l` (it reads as 1)
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

namespace {

/// Whether `a` (one line) overflows 99 columns as an argument at `level`
/// (indented, with a trailing comma).
bool overflows(const std::string& a, int level) {
  return a.find('\n') == std::string::npos &&
         static_cast<std::size_t>(level + 1) * 4 + a.size() + 1 > 99;
}

/// `name=(x if has else None)` that overflows, as black lays it out: the
/// value, the condition and `else None` on lines of their own.
std::string split_conditional(const std::string& a, int level) {
  const std::string none = " else None)";
  const std::size_t at = a.find("=(");
  if (!overflows(a, level) || at == std::string::npos || a.size() <= none.size() ||
      a.compare(a.size() - none.size(), none.size(), none) != 0)
    return a;
  const std::size_t cond = a.rfind(" if ");
  if (cond == std::string::npos || cond < at) return a;
  return a.substr(0, at + 2) + "\n    " + a.substr(at + 2, cond - at - 2) + "\n    if " +
         a.substr(cond + 4, a.size() - cond - 4 - none.size()) + "\n    else None\n)";
}

/// A call that overflows: its arguments on a line of their own.
std::string split_call(const std::string& a, int level) {
  const std::size_t open = a.find('(');
  if (!overflows(a, level) || open == std::string::npos || a.back() != ')') return a;
  return a.substr(0, open + 1) + "\n    " + a.substr(open + 1, a.size() - open - 2) + "\n)";
}

}  // namespace

std::string layout(const std::string& head, const std::vector<std::string>& args,
                   const std::string& tail, int level) {
  std::string one;
  bool nested = false;  // an argument laid out on several lines itself
  for (const std::string& a : args) {
    one += (one.empty() ? "" : ", ") + a;
    nested = nested || a.find('\n') != std::string::npos;
  }
  // 98: the line may end in a comma (an argument of an enclosing call).
  if (!nested &&
      static_cast<std::size_t>(level) * 4 + head.size() + one.size() + tail.size() + 2 <= 98)
    return head + "(" + one + ")" + tail;
  std::string out = head + "(\n";
  for (const std::string& arg : args) {
    std::string a = split_call(split_conditional(arg, level), level);
    for (std::size_t at = a.find('\n'); at != std::string::npos; at = a.find('\n', at + 5))
      a.replace(at, 1, "\n    ");
    out += "    " + a + ",\n";
  }
  return out + ")" + tail;
}

void docstring(Emitter& e, const model::Doc& doc, const std::vector<std::string>& extra) {
  std::vector<std::string> lines;
  for (const std::string& l : doc)
    lines.push_back(l);
  // The generator's own paragraphs are wrapped at 72 columns (the schema's
  // lines stay as written).
  for (const std::string& para : extra) {
    if (!lines.empty()) lines.emplace_back();
    std::string line;
    std::size_t at = 0;
    while (at < para.size()) {
      std::size_t end = para.find_first_of(" \n", at);
      if (end == std::string::npos) end = para.size();
      const std::string word = para.substr(at, end - at);
      if (!word.empty()) {
        if (!line.empty() && line.size() + 1 + word.size() > 72) {
          lines.push_back(line);
          line.clear();
        }
        line += (line.empty() ? "" : " ") + word;
      }
      at = end + 1;
    }
    if (!line.empty()) lines.push_back(line);
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
    case TypeKind::boolean:
      return "bool";
    case TypeKind::f32:
    case TypeKind::f64:
      return "float";
    case TypeKind::string:
      return "str";
    case TypeKind::bytes:
      return "bytes";
    case TypeKind::list:
      return "List[" + hint(t->elem) + "]";
    case TypeKind::optional:
      return "Optional[" + hint(t->elem) + "]";
    case TypeKind::map:
      return "Dict[" + hint(t->key) + ", " + hint(t->elem) + "]";
    case TypeKind::struct_:
      return m_.structs[t->decl].name.pascal;
    case TypeKind::enum_:
      return m_.enums[t->decl].name.pascal;
    case TypeKind::union_:
      return m_.unions[t->decl].name.pascal;
    case TypeKind::object_:
      return m_.objects[t->decl].name.pascal;
    default:
      return "int";
  }
}

std::string import_line(const std::string& module, const std::vector<std::string>& names) {
  std::string one;
  for (const std::string& n : names)
    one += (one.empty() ? "" : ", ") + n;
  const std::string head = "from ." + module + " import ";
  if (head.size() + one.size() <= 99) return head + one;
  return layout(head, names, "", 0);
}

std::string code_only(const std::string& text) {
  std::string out;
  bool in_doc = false;
  for (std::size_t at = 0; at < text.size(); ++at) {
    if (text.compare(at, 3, "\"\"\"") == 0) {
      in_doc = !in_doc;
      at += 2;
      continue;
    }
    if (!in_doc) out += text[at];
  }
  return out;
}

std::string PyGen::types_import(const std::string& text) const {
  const std::string body = code_only(text);
  std::vector<std::string> names;
  auto word = [&](const std::string& n) {
    for (std::size_t at = body.find(n); at != std::string::npos; at = body.find(n, at + 1)) {
      auto ident_char = [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
      };
      bool before = at > 0 && (ident_char(body[at - 1]) || body[at - 1] == '.');
      bool after = at + n.size() < body.size() && ident_char(body[at + n.size()]);
      if (!before && !after) return true;
    }
    return false;
  };
  auto consider = [&](const std::string& n) {
    if (word(n)) names.push_back(n);
  };
  for (const model::Enum& en : m_.enums)
    consider(en.name.pascal);
  for (const model::Struct& st : m_.structs)
    consider(st.name.pascal);
  for (const model::Union& u : m_.unions) {
    consider(u.name.pascal);
    for (const model::Variant& v : u.variants)
      consider(variant_class(u, v));
  }
  if (names.empty()) return "";
  std::sort(names.begin(), names.end());
  return import_line("types", names) + "\n";
}

std::string snake_mangle(const std::string& m) {
  std::string out;
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

std::string PyGen::suffix(const model::Type* t) const {
  return snake_mangle(c_abi::mangle(m_, t));  // `ListString` -> `list_string`
}

std::string PyGen::c_elem(const model::Type* t) const {
  std::string s = ctypes_type(c_abi::element_ctype(m_, t));
  return s.rfind("ctypes.", 0) == 0 ? s : "_ffi." + s;
}

}  // namespace ffidl::gen::python
