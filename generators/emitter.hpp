// The text emitter every backend writes through (in the spirit of
// protobuf's io::Printer): named `$var$` substitutions, callback
// substitutions that render a nested construct at the indentation where
// they stand, raw multi-line templates de-indented automatically, and
// scoped indentation, so generators read as templates instead of string
// concatenation. Output is a pure function of the calls made:
// deterministic by construction.
#pragma once

#include <functional>
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "model.hpp"

namespace ffidl::gen {

using Vars = std::initializer_list<std::pair<std::string_view, std::string_view>>;
/// Variables that own their values: for a set built once and used by
/// several print() calls (a Vars of temporaries would dangle).
using VarMap = std::vector<std::pair<std::string, std::string>>;
/// Callback substitutions: `$name$` standing alone on a template line runs
/// the callback, whose own prints are indented to that line's indentation.
using Callbacks = std::initializer_list<std::pair<std::string_view, std::function<void()>>>;

/// How doc comments are rendered in a target language.
enum class CommentStyle {
  c_block,    // /** ... */   (C)
  slashes3,   // /// ...      (C++, Rust)
  slashes2,   // // ...       (Go)
  rust_inner  // //! ...      (Rust crate docs)
};

class Emitter {
 public:
  /// `unit` is one level of indentation ("    " for C/C++/Rust, "\t" for Go).
  explicit Emitter(std::string unit = "    ") : unit_(std::move(unit)) {}

  /// Writes `tmpl` with `$name$` replaced from `vars` (`$$` is a literal
  /// `$`). Every line of the result is indented to the current level; blank
  /// lines stay empty. A trailing newline is added if missing.
  void print(std::string_view tmpl, Vars vars = {});
  void print(std::string_view tmpl, const VarMap& vars);
  /// A raw block: as print, after dedent() (so a multi-line R"( ... )"
  /// template is indented like the C++ around it), with callback
  /// substitutions.
  void emit(std::string_view tmpl, Vars vars = {}, Callbacks callbacks = {});
  void emit(std::string_view tmpl, const VarMap& vars, Callbacks callbacks = {});
  /// One blank line, never two in a row.
  void blank();
  void indent() { ++level_; }
  /// The current indentation level (for a backend that wraps long lines).
  int level() const { return level_; }
  void outdent();

  /// Indentation for as long as the returned guard lives.
  class [[nodiscard]] Scope {
   public:
    explicit Scope(Emitter& e) : e_(e) { e_.indent(); }
    ~Scope() { e_.outdent(); }
    Scope(const Scope&) = delete;
    Scope& operator=(const Scope&) = delete;

   private:
    Emitter& e_;
  };
  Scope scope() { return Scope(*this); }

  /// Called with every template before substitution (never with the values
  /// of variables or doc text): how a backend learns which imports the code
  /// it printed needs, from its own templates alone.
  void observe(std::function<void(std::string_view)> observer) { observer_ = std::move(observer); }
  /// Writes a doc comment (nothing if `doc` is empty).
  void doc(const model::Doc& doc, CommentStyle style);

  /// The output so far, handed over. Where templates are checked
  /// (check_templates()), a `$name$` in it outside doc comments is a
  /// template variable that reached the output unsubstituted (a template
  /// passed as doc or value text): std::logic_error, naming it and its line.
  std::string take();
  const std::string& str() const { return out_; }

  /// True in debug builds and wherever FFIDL_CHECK_TEMPLATES is set in the
  /// environment (the test suite sets it for every ffidlc it runs).
  static bool check_templates();

 private:
  void write(const std::string& text);  // indents each line

  template <class Pairs>
  void print_with(std::string_view tmpl, const Pairs& vars, Callbacks callbacks, bool raw);

  std::string unit_;
  std::string out_;
  /// Where doc comments sit in out_: their text is the schema's, in which
  /// `$word$` may stand for itself.
  std::vector<std::pair<std::size_t, std::size_t>> docs_;
  int level_ = 0;
  std::function<void(std::string_view)> observer_;
};

/// The raw-block rule of Emitter::emit: drops a leading newline, the
/// indentation every non-blank line shares, and a trailing whitespace-only
/// line.
std::string dedent(std::string_view tmpl);

/// The schema's file name (no directory), for "generated from" lines.
std::string source_name(const model::Model& m);
/// "ffidlc 0.2.0 from echo.ffidl": what every generated file's first line
/// names, so a file says which compiler wrote it.
std::string provenance(const model::Model& m);
/// The ffidlc (and runtime) version: "0.2.0".
const char* tool_version();
/// The shortest decimal text that reads back as `v`, always with a '.' or
/// an exponent so every target reads it as floating point.
std::string float_literal(double v);
/// How a string literal spells the bytes it cannot write as they are.
enum class Escapes {
  c,     // C/C++: control bytes and every non-ASCII byte as `\ooo` octal
  utf8,  // Go, Rust: control bytes as `\xNN`; UTF-8 written as is
};
/// A double-quoted literal of `s`: `"`, `\`, `\n`, `\t`, `\r` escaped,
/// other bytes as `style` says.
std::string string_literal(std::string_view s, Escapes style);

/// A constant's value as a Go or Rust literal (the two spell them alike):
/// `true`, `-5`, `0.5`, a UTF-8 string literal.
std::string const_literal(const model::Const& c);

/// Substitutes `$name$` in `tmpl` (no indentation handling).
/// `vars` and one more variable (for a template that needs one beside a
/// shared set).
inline VarMap with(VarMap vars, const std::string& key, const std::string& value) {
  vars.emplace_back(key, value);
  return vars;
}
std::string subst(std::string_view tmpl, Vars vars);
std::string subst(std::string_view tmpl, const VarMap& vars);

}  // namespace ffidl::gen
