#include "parser.hpp"

#include <tao/pegtl/contrib/parse_tree.hpp>

#include <fmt/format.h>

#include "ffidl/utf8.hpp"
#include "grammar.hpp"

namespace ffidl {

namespace {

namespace pg = tao::pegtl;
namespace g = grammar;

// ---- parse tree --------------------------------------------------------------

template <typename Rule>
using selector = pg::parse_tree::selector<
    Rule,
    pg::parse_tree::store_content::on<
        g::doc_line, g::name, g::ident, g::type_expr, g::lit_float, g::lit_int, g::lit_string,
        g::lit_true, g::lit_false, g::lit_ident, g::int_literal, g::setting, g::attr, g::attrs,
        g::library_decl, g::const_decl, g::enumerator, g::enum_decl, g::field, g::struct_decl,
        g::param, g::params, g::result, g::raises, g::variant, g::variant_fields, g::union_decl,
        g::import_decl, g::import_path, g::ctor_decl, g::dtor_decl, g::proc_decl, g::static_decl,
        g::event_decl, g::host_decl, g::object_member, g::object_dtor, g::object_decl>>;

/// Nesting depth of type_expr in the declaration being parsed. Reset per
/// declaration; exceptions skip the matching decrement, which is fine
/// because a thrown declaration is abandoned.
thread_local int type_depth = 0;

template <typename Rule>
struct control : pg::must_if<g::errors>::control<Rule> {
  using base = typename pg::must_if<g::errors>::template control<Rule>;

  template <typename Input, typename... States>
  static void start(const Input& in, States&&... st) {
    if constexpr (std::is_same_v<Rule, g::type_expr>) {
      if (++type_depth > g::max_type_depth) {
        throw pg::parse_error(fmt::format("types nest deeper than {} levels", g::max_type_depth),
                              in);
      }
    }
    base::start(in, st...);
  }
  template <typename Input, typename... States>
  static void success(const Input& in, States&&... st) {
    if constexpr (std::is_same_v<Rule, g::type_expr>) --type_depth;
    base::success(in, st...);
  }
  template <typename Input, typename... States>
  static void failure(const Input& in, States&&... st) {
    if constexpr (std::is_same_v<Rule, g::type_expr>) --type_depth;
    base::failure(in, st...);
  }
};

using Node = pg::parse_tree::node;

// ---- parse tree -> AST ---------------------------------------------------------

class Builder {
 public:
  /// `base` is the file's text; `file_base` its first offset in `diags`.
  Builder(Diagnostics& diags, const char* base, std::uint32_t file_base)
      : diags_(diags), base_(base), file_base_(file_base) {}

  Loc loc(const Node& n) const {
    return Loc{file_base_ + static_cast<std::uint32_t>(n.m_begin.data - base_),
               static_cast<std::uint32_t>(n.m_end.data - n.m_begin.data)};
  }

  /// Consumes the root's children: doc lines, then one declaration.
  void top_level(const Node& root, ast::File& file) {
    ast::Doc doc;
    for (const auto& child : root.children) {
      if (child->is_type<g::doc_line>()) {
        doc.push_back(doc_text(*child));
        continue;
      }
      declaration(*child, std::move(doc), file);
      doc.clear();
    }
  }

 private:
  static std::string doc_text(const Node& n) {
    std::string_view sv = n.string_view();
    sv.remove_prefix(3);  // "///"
    if (!sv.empty() && sv.front() == ' ') sv.remove_prefix(1);
    while (!sv.empty() && (sv.back() == '\n' || sv.back() == '\r' || sv.back() == ' ')) {
      sv.remove_suffix(1);
    }
    return std::string(sv);
  }

  /// Splits a node's children into its leading doc lines and the rest.
  static std::size_t take_docs(const Node& n, ast::Doc& doc) {
    std::size_t i = 0;
    while (i < n.children.size() && n.children[i]->is_type<g::doc_line>()) {
      doc.push_back(doc_text(*n.children[i]));
      ++i;
    }
    return i;
  }

  void declaration(const Node& n, ast::Doc doc, ast::File& file) {
    if (n.is_type<g::library_decl>()) {
      ast::Library lib;
      lib.doc = std::move(doc);
      lib.name = n.children[0]->string();
      lib.name_loc = loc(*n.children[0]);
      for (std::size_t i = 1; i < n.children.size(); ++i) {
        if (n.children[i]->is_type<g::setting>()) lib.settings.push_back(setting(*n.children[i]));
      }
      file.libraries.push_back(std::move(lib));
    } else if (n.is_type<g::const_decl>()) {
      ast::Const c;
      c.doc = std::move(doc);
      c.name = n.children[0]->string();
      c.name_loc = loc(*n.children[0]);
      c.type = type(*n.children[1]);
      c.value = literal(*n.children[2]);
      file.decls.emplace_back(std::move(c));
    } else if (n.is_type<g::enum_decl>()) {
      ast::Enum e;
      e.doc = std::move(doc);
      e.name = n.children[0]->string();
      e.name_loc = loc(*n.children[0]);
      for (std::size_t i = 1; i < n.children.size(); ++i) {
        const Node& en = *n.children[i];
        if (en.is_type<g::doc_line>()) {
          dangling(en, "an enumerator");
          break;
        }
        ast::Enumerator item;
        std::size_t k = take_docs(en, item.doc);
        item.name = en.children[k]->string();
        item.name_loc = loc(*en.children[k]);
        if (k + 1 < en.children.size()) item.value = literal(*en.children[k + 1]);
        e.enumerators.push_back(std::move(item));
      }
      file.decls.emplace_back(std::move(e));
    } else if (n.is_type<g::struct_decl>()) {
      ast::Struct s;
      s.doc = std::move(doc);
      s.name = n.children[0]->string();
      s.name_loc = loc(*n.children[0]);
      bool warned = false;
      for (std::size_t i = 1; i < n.children.size(); ++i) {
        const Node& child = *n.children[i];
        if (child.is_type<g::field>()) {
          s.fields.push_back(field(child));
        } else if (child.is_type<g::doc_line>() && !warned) {
          dangling(child, "a field");
          warned = true;
        }
      }
      file.decls.emplace_back(std::move(s));
    } else if (n.is_type<g::import_decl>()) {
      if (!doc.empty()) diags_.warning(loc(n), "a doc comment documents nothing on an import");
      file.imports.push_back(ast::Import{unescape(*n.children[0]), loc(*n.children[0])});
    } else if (n.is_type<g::union_decl>()) {
      file.decls.emplace_back(union_decl(n, std::move(doc)));
    } else if (n.is_type<g::object_decl>()) {
      file.decls.emplace_back(object_decl(n, std::move(doc)));
    } else {
      file.decls.emplace_back(func(n, std::move(doc)));
    }
  }

  ast::Union union_decl(const Node& n, ast::Doc doc) {
    ast::Union u;
    u.doc = std::move(doc);
    u.is_error = std::string_view(n.m_begin.data, 5) == "error";
    u.keyword_loc = Loc{loc(n).offset, u.is_error ? 5u : 5u};
    u.name = n.children[0]->string();
    u.name_loc = loc(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& vn = *n.children[i];
      if (vn.is_type<g::doc_line>()) {
        dangling(vn, "a variant");
        break;
      }
      ast::Variant v;
      std::size_t k = take_docs(vn, v.doc);
      v.name = vn.children[k]->string();
      v.name_loc = loc(*vn.children[k]);
      if (k + 1 < vn.children.size()) {
        for (const auto& p : vn.children[k + 1]->children) {
          if (p->is_type<g::doc_line>()) {
            dangling(*p, "a field");
            break;
          }
          v.fields.push_back(field(*p));
        }
      }
      u.variants.push_back(std::move(v));
    }
    return u;
  }

  ast::Object object_decl(const Node& n, ast::Doc doc) {
    ast::Object o;
    o.doc = std::move(doc);
    o.name = n.children[0]->string();
    o.name_loc = loc(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& mn = *n.children[i];
      if (mn.is_type<g::doc_line>()) {
        dangling(mn, "a member");
        break;
      }
      ast::Doc member_doc;
      std::size_t k = take_docs(mn, member_doc);
      const Node& decl = *mn.children[k];
      if (decl.is_type<g::object_dtor>()) {
        ast::Func d;
        d.kind = ast::FuncKind::dtor;
        d.doc = std::move(member_doc);
        d.keyword_loc = Loc{loc(decl).offset, 4};
        d.name = "dtor";
        d.name_loc = d.keyword_loc;
        for (const auto& c : decl.children) {
          if (c->is_type<g::attrs>()) {
            for (const auto& a : c->children)
              d.attrs.push_back(setting(*a));
          }
        }
        o.members.push_back(std::move(d));
      } else {
        o.members.push_back(func(decl, std::move(member_doc)));
      }
    }
    return o;
  }

  ast::Func func(const Node& n, ast::Doc doc) {
    ast::Func f;
    f.doc = std::move(doc);
    if (n.is_type<g::ctor_decl>()) {
      f.kind = ast::FuncKind::ctor;
    } else if (n.is_type<g::dtor_decl>()) {
      f.kind = ast::FuncKind::dtor;
    } else if (n.is_type<g::proc_decl>()) {
      f.kind = ast::FuncKind::proc;
    } else if (n.is_type<g::static_decl>()) {
      f.kind = ast::FuncKind::static_proc;
    } else if (n.is_type<g::event_decl>()) {
      f.kind = ast::FuncKind::event;
    } else {
      f.kind = ast::FuncKind::host;
    }
    f.keyword_loc = Loc{loc(n).offset, 0};
    f.keyword_loc.length = static_cast<std::uint32_t>(n.children[0]->m_begin.data - n.m_begin.data);
    while (f.keyword_loc.length > 0 &&
           std::isspace(static_cast<unsigned char>(n.m_begin.data[f.keyword_loc.length - 1]))) {
      --f.keyword_loc.length;
    }
    f.name = n.children[0]->string();
    f.name_loc = loc(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i) {
      const Node& c = *n.children[i];
      if (c.is_type<g::params>()) {
        for (const auto& p : c.children) {
          if (p->is_type<g::doc_line>()) {
            dangling(*p, "a parameter");
            break;
          }
          f.params.push_back(field(*p));
        }
      } else if (c.is_type<g::result>()) {
        f.result = type(*c.children[0]);
      } else if (c.is_type<g::raises>()) {
        f.raises = type(*c.children[0]);
      } else if (c.is_type<g::attrs>()) {
        for (const auto& a : c.children)
          f.attrs.push_back(setting(*a));
      }
    }
    return f;
  }

  /// Doc lines before a closing brace or parenthesis document nothing.
  void dangling(const Node& first_line, const char* what) {
    diags_.warning(Loc{loc(first_line).offset, 3},
                   std::string("doc comment is not followed by ") + what);
  }

  ast::Field field(const Node& n) {
    ast::Field f;
    std::size_t k = take_docs(n, f.doc);
    f.name = n.children[k]->string();
    f.name_loc = loc(*n.children[k]);
    f.type = type(*n.children[k + 1]);
    return f;
  }

  ast::Setting setting(const Node& n) {
    ast::Setting s;
    s.name = n.children[0]->string();
    s.name_loc = loc(*n.children[0]);
    s.value = literal(*n.children[1]);
    return s;
  }

  ast::TypeRef type(const Node& n) {
    ast::TypeRef t;
    t.loc = loc(n);
    // type_expr swallows trailing whitespace before a missing '<'; trim it.
    while (t.loc.length > 0 &&
           std::isspace(static_cast<unsigned char>(n.m_begin.data[t.loc.length - 1]))) {
      --t.loc.length;
    }
    t.name = n.children[0]->string();
    t.name_loc = loc(*n.children[0]);
    for (std::size_t i = 1; i < n.children.size(); ++i)
      t.args.push_back(type(*n.children[i]));
    return t;
  }

  ast::Literal literal(const Node& n) {
    ast::Literal lit;
    lit.loc = loc(n);
    if (n.is_type<g::lit_float>()) {
      lit.kind = ast::Literal::Kind::floating;
      lit.text = n.string();
    } else if (n.is_type<g::lit_int>() || n.is_type<g::int_literal>()) {
      lit.kind = ast::Literal::Kind::integer;
      lit.text = n.string();
    } else if (n.is_type<g::lit_string>()) {
      lit.kind = ast::Literal::Kind::string;
      lit.text = unescape(n);
    } else if (n.is_type<g::lit_true>() || n.is_type<g::lit_false>()) {
      lit.kind = ast::Literal::Kind::boolean;
      lit.text = n.string();
    } else {
      lit.kind = ast::Literal::Kind::identifier;
      lit.text = n.string();
    }
    return lit;
  }

  /// Decodes `\n \t \r \0 \\ \" \u{hex}` escapes; reports any other escape.
  std::string unescape(const Node& n) {
    std::string_view raw = n.string_view();
    raw = raw.substr(1, raw.size() - 2);
    std::string out;
    for (std::size_t i = 0; i < raw.size(); ++i) {
      if (raw[i] != '\\') {
        out += raw[i];
        continue;
      }
      std::uint32_t at = loc(n).offset + 1 + static_cast<std::uint32_t>(i);
      char e = raw[++i];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case '0':
          out += '\0';
          break;
        case '\\':
          out += '\\';
          break;
        case '"':
          out += '"';
          break;
        case 'u': {
          std::size_t close = raw.find('}', i);
          std::uint32_t cp = 0;
          bool ok = i + 1 < raw.size() && raw[i + 1] == '{' && close != std::string_view::npos &&
                    close > i + 2 && close - i - 2 <= 6;
          for (std::size_t k = i + 2; ok && k < close; ++k) {
            char h = raw[k];
            ok = std::isxdigit(static_cast<unsigned char>(h)) != 0;
            if (ok) {
              std::uint32_t digit = h <= '9' ? static_cast<std::uint32_t>(h - '0')
                                             : static_cast<std::uint32_t>((h | 0x20) - 'a' + 10);
              cp = cp * 16 + digit;
            }
          }
          if (!ok || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            diags_.error(Loc{at, 2},
                         "invalid unicode escape: expected \\u{hex} naming a code point");
            return out;
          }
          utf8::append(out, cp);
          i = close;
          break;
        }
        default:
          diags_.error(Loc{at, 2}, fmt::format("unknown escape sequence '\\{}' (known: \\n \\t \\r "
                                               "\\0 \\\\ \\\" \\u{{hex}})",
                                               e));
      }
    }
    return out;
  }

  Diagnostics& diags_;
  const char* base_;
  std::uint32_t file_base_;
};

// ---- error recovery --------------------------------------------------------------

bool starts_declaration(std::string_view rest) {
  static constexpr std::string_view keywords[] = {"library", "const", "enum", "struct", "union",
                                                  "error",   "ctor",  "dtor", "object", "proc",
                                                  "static",  "event", "host"};
  for (std::string_view kw : keywords) {
    if (rest.substr(0, kw.size()) == kw &&
        (rest.size() == kw.size() ||
         !(std::isalnum(static_cast<unsigned char>(rest[kw.size()])) || rest[kw.size()] == '_'))) {
      return true;
    }
  }
  return false;
}

/// After a syntax error in the declaration starting at `start`, finds where
/// the next one starts: past a ';' or the closing '}' at nesting depth 0,
/// or at a line that begins with a declaration keyword.
std::size_t skip_declaration(std::string_view text, std::size_t start, std::size_t error_at) {
  int depth = 0;
  bool line_start = false;
  for (std::size_t i = start; i < text.size(); ++i) {
    char c = text[i];
    if (line_start && i > error_at && depth >= 0 && starts_declaration(text.substr(i))) return i;
    if (c == '\n') {
      line_start = true;
      continue;
    }
    if (!std::isspace(static_cast<unsigned char>(c))) line_start = false;
    if (c == '/' && i + 1 < text.size() && text[i + 1] == '/') {
      i = text.find('\n', i);
      if (i == std::string_view::npos) return text.size();
      line_start = true;
    } else if (c == '"') {
      while (++i < text.size() && text[i] != '"' && text[i] != '\n') {
        if (text[i] == '\\') ++i;
      }
    } else if (c == '{' || c == '(' || c == '[') {
      ++depth;
    } else if (c == '}' || c == ')' || c == ']') {
      if (--depth <= 0 && c == '}' && i >= error_at) return i + 1;
    } else if (c == ';' && depth <= 0 && i >= error_at) {
      return i + 1;
    }
  }
  return text.size();
}

/// Where a syntax error belongs: where parsing failed, except for an
/// unterminated block comment, which is reported at its opening "/*".
std::size_t error_offset(std::string_view text, std::size_t input_start, const pg::parse_error& e) {
  std::size_t at = input_start + e.positions().front().byte;
  if (e.message() == g::error_message<g::block_end>) {
    std::size_t open = text.substr(0, at).rfind("/*");
    if (open != std::string_view::npos && open >= input_start) at = open;
  }
  return at;
}

}  // namespace

ast::File parse(Diagnostics& diags) {
  return parse(diags, 0);
}

ast::File parse(Diagnostics& diags, std::size_t file_index) {
  const SourceFile& source = diags.file(file_index);
  const std::string& text = source.text();
  const char* base = text.data();
  const std::uint32_t file_base = diags.base(file_index);
  auto at = [&](std::size_t offset, std::uint32_t length) {
    return Loc{file_base + static_cast<std::uint32_t>(offset), length};
  };
  Builder builder(diags, base, file_base);
  ast::File file;
  std::size_t pos = 0;
  while (true) {
    {  // Skip whitespace and plain comments; stop at the end.
      pg::memory_input in(base + pos, base + text.size(), source.path());
      try {
        pg::parse<g::sp, pg::nothing, control>(in);
        pos = static_cast<std::size_t>(in.current() - base);
        if (in.empty()) break;
        if (pg::parse<g::trailing_docs>(in)) {
          diags.warning(at(pos, 3), "doc comment is not followed by a declaration");
          break;
        }
      } catch (const pg::parse_error& e) {
        std::size_t err = error_offset(text, pos, e);
        diags.error(at(err, 2), std::string(e.message()));
        break;
      }
    }
    pg::memory_input in(base + pos, base + text.size(), source.path());
    type_depth = 0;
    try {
      auto root = pg::parse_tree::parse<g::item, selector, pg::nothing, control>(in);
      builder.top_level(*root, file);
      pos = static_cast<std::size_t>(in.current() - base);
    } catch (const pg::parse_error& e) {
      std::size_t err = error_offset(text, pos, e);
      std::size_t token_end = err;  // where the previous token ends
      while (token_end > pos && std::isspace(static_cast<unsigned char>(text[token_end - 1]))) {
        --token_end;
      }
      // "expected ';'" belongs after the previous token, not on the next line.
      if (text.substr(token_end, err - token_end).find('\n') != std::string::npos) err = token_end;
      std::uint32_t len = err < text.size() && text[err] != '\n' ? 1 : 0;
      diags.error(at(err, len), std::string(e.message()));
      pos = skip_declaration(text, pos, err);
    }
  }
  return file;
}

}  // namespace ffidl
