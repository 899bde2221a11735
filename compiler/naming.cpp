#include "naming.hpp"

#include <algorithm>
#include <cctype>

namespace ffidl::naming {

namespace {

bool is_upper(char c) {
  return std::isupper(static_cast<unsigned char>(c)) != 0;
}
bool is_lower(char c) {
  return std::islower(static_cast<unsigned char>(c)) != 0;
}
bool is_digit(char c) {
  return std::isdigit(static_cast<unsigned char>(c)) != 0;
}
char lower(char c) {
  return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}
char upper_char(char c) {
  return static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
}

std::string capitalized(const std::string& w) {
  std::string out = w;
  if (!out.empty()) out[0] = upper_char(out[0]);
  return out;
}

// Keyword lists: C11, C++20 (with alternative tokens), Go, Rust 2021 (strict
// and reserved). Sorted for binary search.
constexpr std::string_view c_keywords[] = {
    "_Alignas",  "_Alignof",       "_Atomic",       "_Bool",   "_Complex", "_Generic", "_Imaginary",
    "_Noreturn", "_Static_assert", "_Thread_local", "auto",    "break",    "case",     "char",
    "const",     "continue",       "default",       "do",      "double",   "else",     "enum",
    "extern",    "float",          "for",           "goto",    "if",       "inline",   "int",
    "long",      "register",       "restrict",      "return",  "short",    "signed",   "sizeof",
    "static",    "struct",         "switch",        "typedef", "union",    "unsigned", "void",
    "volatile",  "while"};
constexpr std::string_view cpp_keywords[] = {"alignas",       "alignof",     "and",
                                             "and_eq",        "asm",         "auto",
                                             "bitand",        "bitor",       "bool",
                                             "break",         "case",        "catch",
                                             "char",          "char16_t",    "char32_t",
                                             "char8_t",       "class",       "co_await",
                                             "co_return",     "co_yield",    "compl",
                                             "concept",       "const",       "const_cast",
                                             "consteval",     "constexpr",   "constinit",
                                             "continue",      "decltype",    "default",
                                             "delete",        "do",          "double",
                                             "dynamic_cast",  "else",        "enum",
                                             "explicit",      "export",      "extern",
                                             "false",         "float",       "for",
                                             "friend",        "goto",        "if",
                                             "inline",        "int",         "long",
                                             "mutable",       "namespace",   "new",
                                             "noexcept",      "not",         "not_eq",
                                             "nullptr",       "operator",    "or",
                                             "or_eq",         "private",     "protected",
                                             "public",        "register",    "reinterpret_cast",
                                             "requires",      "return",      "short",
                                             "signed",        "sizeof",      "static",
                                             "static_assert", "static_cast", "struct",
                                             "switch",        "template",    "this",
                                             "thread_local",  "throw",       "true",
                                             "try",           "typedef",     "typeid",
                                             "typename",      "union",       "unsigned",
                                             "using",         "virtual",     "void",
                                             "volatile",      "wchar_t",     "while",
                                             "xor",           "xor_eq"};
constexpr std::string_view go_keywords[] = {
    "break",  "case",        "chan", "const",   "continue", "default", "defer",
    "else",   "fallthrough", "for",  "func",    "go",       "goto",    "if",
    "import", "interface",   "map",  "package", "range",    "return",  "select",
    "struct", "switch",      "type", "var"};
constexpr std::string_view rust_keywords[] = {
    "Self",     "abstract", "as",      "async",    "await", "become", "box",    "break",  "const",
    "continue", "crate",    "do",      "dyn",      "else",  "enum",   "extern", "false",  "final",
    "fn",       "for",      "if",      "impl",     "in",    "let",    "loop",   "macro",  "match",
    "mod",      "move",     "mut",     "override", "priv",  "pub",    "ref",    "return", "self",
    "static",   "struct",   "super",   "trait",    "true",  "try",    "type",   "typeof", "unsafe",
    "unsized",  "use",      "virtual", "where",    "while", "yield"};

static_assert(std::is_sorted(std::begin(c_keywords), std::end(c_keywords)));
static_assert(std::is_sorted(std::begin(cpp_keywords), std::end(cpp_keywords)));
static_assert(std::is_sorted(std::begin(go_keywords), std::end(go_keywords)));
static_assert(std::is_sorted(std::begin(rust_keywords), std::end(rust_keywords)));

template <std::size_t N>
bool contains(const std::string_view (&list)[N], std::string_view s) {
  return std::binary_search(std::begin(list), std::end(list), s);
}

}  // namespace

std::vector<std::string> words(std::string_view ident) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(std::move(cur));
    cur.clear();
  };
  for (std::size_t i = 0; i < ident.size(); ++i) {
    char c = ident[i];
    if (c == '_') {
      flush();
      continue;
    }
    if (is_upper(c) && !cur.empty()) {
      char prev = ident[i - 1];
      bool next_lower = i + 1 < ident.size() && is_lower(ident[i + 1]);
      // "echoRequest" -> echo|Request; "HTTPServer" -> HTTP|Server.
      if (is_lower(prev) || is_digit(prev) || (is_upper(prev) && next_lower)) flush();
    }
    cur += lower(c);
  }
  flush();
  return out;
}

std::string snake(std::string_view ident) {
  std::string out;
  for (const std::string& w : words(ident)) {
    if (!out.empty()) out += '_';
    out += w;
  }
  return out;
}

std::string pascal(std::string_view ident) {
  std::string out;
  for (const std::string& w : words(ident))
    out += capitalized(w);
  return out;
}

std::string camel(std::string_view ident) {
  std::string out;
  for (const std::string& w : words(ident))
    out += out.empty() ? w : capitalized(w);
  return out;
}

std::string upper(std::string_view ident) {
  std::string out = snake(ident);
  for (char& c : out)
    c = upper_char(c);
  return out;
}

model::Names names(std::string_view ident) {
  return model::Names{std::string(ident), snake(ident), camel(ident),
                      pascal(ident),      upper(ident), {}};
}

std::string keyword_in(std::string_view ident) {
  std::string out;
  auto add = [&](const char* lang) {
    if (!out.empty()) out += ", ";
    out += lang;
  };
  if (contains(c_keywords, ident)) add("C");
  if (contains(cpp_keywords, ident)) add("C++");
  if (contains(go_keywords, ident)) add("Go");
  if (contains(rust_keywords, ident)) add("Rust");
  return out;
}

}  // namespace ffidl::naming
