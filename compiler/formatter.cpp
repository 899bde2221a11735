#include "formatter.hpp"

#include <cctype>
#include <vector>

namespace ffidl {

namespace {

enum class Kind { doc, line_comment, block_comment, word, string, punct };

struct Token {
  Kind kind;
  std::string text;
  int newlines_before = 0;  // in the whitespace before it
};

bool ident_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.';
}

/// Splits a schema that checks into tokens (so no error handling beyond
/// not running past the end).
std::vector<Token> lex(const std::string& s) {
  std::vector<Token> out;
  std::size_t i = 0;
  int newlines = 0;
  while (i < s.size()) {
    char c = s[i];
    if (c == '\n') {
      ++newlines, ++i;
      continue;
    }
    if (std::isspace(static_cast<unsigned char>(c))) {
      ++i;
      continue;
    }
    Token t{Kind::punct, "", newlines};
    newlines = 0;
    std::size_t start = i;
    if (s.compare(i, 2, "//") == 0) {
      bool doc = s.compare(i, 3, "///") == 0 && s.compare(i, 4, "////") != 0;
      while (i < s.size() && s[i] != '\n')
        ++i;
      t.kind = doc ? Kind::doc : Kind::line_comment;
    } else if (s.compare(i, 2, "/*") == 0) {
      std::size_t end = s.find("*/", i + 2);
      i = end == std::string::npos ? s.size() : end + 2;
      t.kind = Kind::block_comment;
    } else if (c == '"') {
      ++i;
      while (i < s.size() && s[i] != '"') {
        if (s[i] == '\\') ++i;
        ++i;
      }
      ++i;
      t.kind = Kind::string;
    } else if (c == '-' && i + 1 < s.size() && s[i + 1] == '>') {
      i += 2;
    } else if (ident_char(c) || c == '-') {
      ++i;
      // A number's exponent may carry a sign: 6.02e+23, -1e-3.
      std::size_t digit = s[start] == '-' ? start + 1 : start;
      bool number = digit < s.size() && std::isdigit(static_cast<unsigned char>(s[digit]));
      while (i < s.size() && (ident_char(s[i]) || (number && (s[i] == '+' || s[i] == '-') &&
                                                   (s[i - 1] == 'e' || s[i - 1] == 'E')))) {
        ++i;
      }
      t.kind = Kind::word;
    } else {
      ++i;
    }
    t.text = s.substr(start, i - start);
    while (!t.text.empty() && std::isspace(static_cast<unsigned char>(t.text.back())))
      t.text.pop_back();
    out.push_back(std::move(t));
  }
  return out;
}

class Printer {
 public:
  explicit Printer(std::vector<Token> tokens) : tokens_(std::move(tokens)) {}

  std::string run() {
    inline_body_.assign(tokens_.size(), false);
    mark_inline_bodies();
    for (index_ = 0; index_ < tokens_.size(); ++index_)
      token(tokens_[index_]);
    flush();
    break_pending_ = false;
    while (!out_.empty() && out_.back() == '\n')
      out_.pop_back();
    return out_ + "\n";
  }

 private:
  /// A `{` whose body has no line break in the source stays on one line.
  void mark_inline_bodies() {
    std::vector<std::size_t> open;
    std::vector<bool> broken;
    for (std::size_t i = 0; i < tokens_.size(); ++i) {
      const Token& t = tokens_[i];
      if (!open.empty() && t.newlines_before > 0) broken.back() = true;
      if (t.kind == Kind::line_comment || t.kind == Kind::doc) {
        if (!open.empty()) broken.back() = true;
      }
      if (t.kind != Kind::punct) continue;
      if (t.text == ";" && !open.empty()) broken.back() = true;  // members: one per line
      if (t.text == "{") {
        open.push_back(i);
        broken.push_back(false);
      } else if (t.text == "}" && !open.empty()) {
        inline_body_[open.back()] = !broken.back();
        bool inner_broken = broken.back();
        open.pop_back();
        broken.pop_back();
        if (inner_broken && !broken.empty()) broken.back() = true;
      }
    }
  }

  void token(const Token& t) {
    if (break_pending_) {
      // The line ends here, unless a comment follows on the same line.
      break_pending_ = false;
      if (t.kind == Kind::line_comment && t.newlines_before == 0) {
        line_ += "  " + t.text;
        flush();
        return;
      }
      if (t.kind == Kind::block_comment && t.newlines_before == 0) {
        // A block comment right after `{`, `;` or `}` stays at the end of
        // that line, and the line still ends after it: moving it to the
        // next line would make it a comment on a line of its own there, which
        // a second pass lays out differently (fmt must be a fixed point).
        line_ += " " + t.text;
        break_pending_ = true;
        return;
      }
      flush();
    }
    if (t.kind == Kind::doc || t.kind == Kind::line_comment) {
      if (t.newlines_before == 0 && !line_.empty()) {
        line_ += "  " + t.text;  // a trailing comment stays on its line
      } else {
        flush();
        blank_if(t);
        line_ = t.text;
      }
      flush();
      return;
    }
    if (t.kind == Kind::block_comment && t.newlines_before > 0) {
      flush();
      blank_if(t);
      line_ = indent() + t.text;  // indented like the code around it
      flush();
      return;
    }
    if (line_.empty()) blank_if(t);
    if (t.kind == Kind::punct) {
      punct(t);
      return;
    }
    append(t);
  }

  void punct(const Token& t) {
    const std::string& p = t.text;
    if (p == "{") {
      append(t);
      inline_stack_.push_back(inline_body_[index_]);
      if (!inline_stack_.back()) {
        break_pending_ = true;
        ++depth_;
      }
      return;
    }
    if (p == "}") {
      bool inline_body = !inline_stack_.empty() && inline_stack_.back();
      if (!inline_stack_.empty()) inline_stack_.pop_back();
      if (inline_body) {
        line_ += line_.back() == '{' ? "}" : " }";
        if (inline_stack_.empty() || !inline_stack_.back()) flush();
        return;
      }
      flush();
      if (depth_ > 0) --depth_;
      append(t);
      break_pending_ = true;
      return;
    }
    append(t);
    bool in_block = !inline_stack_.empty() && !inline_stack_.back();
    if (p == ";" && parens_ == 0) break_pending_ = true;
    if (p == "," && in_block && parens_ == 0 && angles_ == 0) break_pending_ = true;
  }

  void append(const Token& t) {
    const std::string& x = t.text;
    if (line_.empty()) {
      line_ = indent();
    } else if (space_before(x)) {
      line_ += ' ';
    }
    line_ += x;
    prev_ = x;
    if (x == "(") ++parens_;
    if (x == ")") --parens_;
    if (x == "<") ++angles_;
    if (x == ">") --angles_;
  }

  /// The indentation of a new line at this point.
  std::string indent() const {
    return std::string(static_cast<std::size_t>(depth_) * 4 + (continuation_ ? 4 : 0), ' ');
  }

  bool space_before(const std::string& x) const {
    static const std::string tight_after = "(<[";
    if (x == ")" || x == ">" || x == "]" || x == ";" || x == "," || x == ":") return false;
    if (prev_.size() == 1 && tight_after.find(prev_[0]) != std::string::npos) return false;
    if (x == "(" || x == "<") return false;
    return true;
  }

  /// One blank line where the source had one or more, except at the start
  /// of a body.
  void blank_if(const Token& t) {
    if (t.newlines_before >= 2 && !out_.empty() && out_.back() == '\n' &&
        out_.compare(out_.size() - 2, 2, "{\n") != 0 &&
        out_.compare(out_.size() - 2, 2, "\n\n") != 0) {
      out_ += '\n';
    }
  }

  void flush() {
    if (line_.empty()) return;
    bool comment_only = line_.find_first_not_of(' ') != std::string::npos &&
                        line_.compare(line_.find_first_not_of(' '), 2, "//") == 0;
    if (comment_only) {
      std::string text = line_.substr(line_.find_first_not_of(' '));
      line_ = std::string(static_cast<std::size_t>(depth_) * 4, ' ') + text;
    }
    while (!line_.empty() && line_.back() == ' ')
      line_.pop_back();
    out_ += line_ + "\n";
    line_.clear();
    // A line broken inside parentheses (by a comment) continues indented.
    continuation_ = parens_ > 0;
    prev_.clear();
  }

  std::vector<Token> tokens_;
  std::vector<bool> inline_body_;
  std::vector<bool> inline_stack_;
  std::size_t index_ = 0;
  std::string out_, line_, prev_;
  int depth_ = 0, parens_ = 0, angles_ = 0;
  bool continuation_ = false;
  bool break_pending_ = false;  // the current line ends before the next token
};

}  // namespace

std::string format_schema(const std::string& text) {
  return Printer(lex(text)).run();
}

}  // namespace ffidl
