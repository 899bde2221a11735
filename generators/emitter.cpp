#include "emitter.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <stdexcept>
#include <type_traits>
#include <variant>
#include <vector>

namespace ffidl::gen {

namespace {

template <class Lookup>
std::string subst_with(std::string_view tmpl, const Lookup& lookup) {
  std::string out;
  out.reserve(tmpl.size());
  std::size_t i = 0;
  while (i < tmpl.size()) {
    char c = tmpl[i];
    if (c != '$') {
      out += c;
      ++i;
      continue;
    }
    std::size_t close = tmpl.find('$', i + 1);
    if (close == std::string_view::npos) throw std::logic_error("unclosed $ in template");
    std::string_view name = tmpl.substr(i + 1, close - i - 1);
    if (name.empty()) {
      out += '$';
    } else {
      bool found = lookup(name, out);
      // A missing variable is a generator bug: fail loudly, never emit junk.
      if (!found) throw std::logic_error("template variable $" + std::string(name) + "$ unset");
    }
    i = close + 1;
  }
  return out;
}

template <class Pairs>
bool find_var(const Pairs& vars, std::string_view name, std::string& out) {
  for (const auto& [key, value] : vars) {
    if (key == name) {
      out += value;
      return true;
    }
  }
  return false;
}

}  // namespace

std::string subst(std::string_view tmpl, Vars vars) {
  return subst_with(tmpl,
                    [&](std::string_view n, std::string& out) { return find_var(vars, n, out); });
}

std::string subst(std::string_view tmpl, const VarMap& vars) {
  return subst_with(tmpl,
                    [&](std::string_view n, std::string& out) { return find_var(vars, n, out); });
}

std::string dedent(std::string_view tmpl) {
  if (tmpl.empty() || tmpl.front() != '\n') return std::string(tmpl);
  tmpl.remove_prefix(1);
  std::vector<std::string_view> lines;
  for (std::size_t start = 0; start <= tmpl.size();) {
    std::size_t end = tmpl.find('\n', start);
    if (end == std::string_view::npos) end = tmpl.size();
    lines.push_back(tmpl.substr(start, end - start));
    start = end + 1;
  }
  auto blank = [](std::string_view l) { return l.find_first_not_of(" \t") == l.npos; };
  if (!lines.empty() && blank(lines.back())) lines.pop_back();
  std::size_t common = std::string_view::npos;
  for (std::string_view l : lines) {
    if (!blank(l)) common = std::min(common, l.find_first_not_of(" \t"));
  }
  std::string out;
  for (std::string_view l : lines) {
    if (!blank(l)) out += l.substr(common);
    out += '\n';
  }
  return out;
}

template <class Pairs>
void Emitter::print_with(std::string_view text, const Pairs& vars, Callbacks callbacks, bool raw) {
  auto lookup = [&](std::string_view n, std::string& out) { return find_var(vars, n, out); };
  if (observer_) observer_(text);
  std::string tmpl = raw ? dedent(text) : std::string(text);
  if (callbacks.size() == 0) {
    write(subst_with(tmpl, lookup));
    return;
  }
  // Line by line, so a callback line can run at its own indentation.
  std::string pending;
  for (std::size_t start = 0; start < tmpl.size();) {
    std::size_t end = tmpl.find('\n', start);
    if (end == std::string::npos) end = tmpl.size();
    std::string_view line(tmpl.data() + start, end - start);
    start = end + 1;
    std::size_t lead = line.find_first_not_of(unit_.substr(0, 1));
    std::string_view rest = lead == line.npos ? std::string_view() : line.substr(lead);
    const std::function<void()>* call = nullptr;
    if (rest.size() > 2 && rest.front() == '$' && rest.back() == '$') {
      for (const auto& [name, fn] : callbacks) {
        if (rest.substr(1, rest.size() - 2) == name) call = &fn;
      }
    }
    if (!call) {
      pending += subst_with(line, lookup);
      pending += '\n';
      continue;
    }
    write(pending);
    pending.clear();
    std::size_t levels = lead / unit_.size();
    level_ += static_cast<int>(levels);
    (*call)();
    level_ -= static_cast<int>(levels);
  }
  if (!pending.empty()) write(pending);
}

void Emitter::print(std::string_view tmpl, const VarMap& vars) {
  print_with(tmpl, vars, {}, false);
}

void Emitter::print(std::string_view tmpl, Vars vars) {
  print_with(tmpl, vars, {}, false);
}

void Emitter::emit(std::string_view tmpl, Vars vars, Callbacks callbacks) {
  print_with(tmpl, vars, callbacks, true);
}

void Emitter::emit(std::string_view tmpl, const VarMap& vars, Callbacks callbacks) {
  print_with(tmpl, vars, callbacks, true);
}

void Emitter::write(const std::string& text) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string_view line(text.data() + start, end - start);
    if (!line.empty()) {
      for (int l = 0; l < level_; ++l)
        out_ += unit_;
    }
    out_ += line;
    out_ += '\n';
    start = end + 1;
  }
}

void Emitter::blank() {
  if (out_.empty() || (out_.size() >= 2 && out_.compare(out_.size() - 2, 2, "\n\n") == 0)) return;
  out_ += '\n';
}

void Emitter::outdent() {
  if (level_ == 0) throw std::logic_error("outdent below zero");
  --level_;
}

bool Emitter::check_templates() {
#ifndef NDEBUG
  return true;
#else
  return std::getenv("FFIDL_CHECK_TEMPLATES") != nullptr;
#endif
}

std::string Emitter::take() {
  if (check_templates()) {
    std::size_t doc = 0;
    for (std::size_t at = out_.find('$'); at != std::string::npos; at = out_.find('$', at + 1)) {
      while (doc < docs_.size() && docs_[doc].second <= at)
        ++doc;
      if (doc < docs_.size() && docs_[doc].first <= at) continue;
      std::size_t end = at + 1;
      while (end < out_.size() &&
             (std::isalnum(static_cast<unsigned char>(out_[end])) || out_[end] == '_'))
        ++end;
      if (end == at + 1 || end >= out_.size() || out_[end] != '$') continue;
      const std::size_t line_start = out_.rfind('\n', at) + 1;  // npos + 1 == 0
      const std::size_t line_end = std::min(out_.find('\n', at), out_.size());
      throw std::logic_error("template variable " + out_.substr(at, end + 1 - at) +
                             " left unsubstituted in generated output: " +
                             out_.substr(line_start, line_end - line_start));
    }
  }
  docs_.clear();
  return std::move(out_);
}

void Emitter::doc(const model::Doc& doc, CommentStyle style) {
  if (doc.empty()) return;
  struct Span {
    Emitter& e;
    std::size_t start;
    ~Span() { e.docs_.emplace_back(start, e.out_.size()); }
  } span{*this, out_.size()};
  const char* prefix = style == CommentStyle::slashes3   ? "///"
                       : style == CommentStyle::slashes2 ? "//"
                                                         : "//!";
  if (style == CommentStyle::c_block) {
    if (doc.size() == 1 && doc[0].find("*/") == std::string::npos) {
      print("/** $t$ */", {{"t", doc[0]}});
      return;
    }
    print("/**");
    for (const std::string& line : doc) {
      std::string safe = line;
      for (std::size_t p; (p = safe.find("*/")) != std::string::npos;)
        safe.replace(p, 2, "* /");
      print(safe.empty() ? " *" : " * $t$", {{"t", safe}});
    }
    print(" */");
    return;
  }
  for (const std::string& line : doc) {
    print(line.empty() ? "$p$" : "$p$ $t$", {{"p", prefix}, {"t", line}});
  }
}

std::string source_name(const model::Model& m) {
  std::size_t slash = m.source_path.find_last_of('/');
  return slash == std::string::npos ? m.source_path : m.source_path.substr(slash + 1);
}

const char* tool_version() {
  return FFIDL_VERSION;
}

std::string provenance(const model::Model& m) {
  return std::string("ffidlc ") + tool_version() + " from " + source_name(m);
}

std::string float_literal(double v) {
  std::string text = fmt::format("{}", v);  // shortest round trip
  if (text.find_first_of(".e") == std::string::npos) text += ".0";
  return text;
}

std::string const_literal(const model::Const& c) {
  return std::visit(
      [&](const auto& v) -> std::string {
        using V = std::decay_t<decltype(v)>;
        if constexpr (std::is_same_v<V, bool>) {
          return v ? "true" : "false";
        } else if constexpr (std::is_same_v<V, std::string>) {
          return string_literal(v, Escapes::utf8);
        } else if constexpr (std::is_same_v<V, double>) {
          return float_literal(v);
        } else {
          return std::to_string(v);
        }
      },
      c.value);
}

std::string string_literal(std::string_view s, Escapes style) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (style == Escapes::c && (c < 0x20 || c >= 0x7f)) {
          out += fmt::format("\\{:03o}", static_cast<unsigned>(c));  // \x would be greedy in C
        } else if (style == Escapes::utf8 && (c < 0x20 || c == 0x7f)) {
          out += fmt::format("\\x{:02x}", static_cast<unsigned>(c));
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace ffidl::gen
