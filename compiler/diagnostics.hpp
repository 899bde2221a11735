// Clang-style diagnostics: `path:line:col: error: message`, the source line,
// and a caret under the offending token. Errors are collected, never thrown,
// so one run reports every mistake.
#pragma once

#include <string>
#include <vector>

#include "source.hpp"

namespace ffidl {

enum class Severity { error, warning, note };

/// How diagnostics are written: clang's text (optionally coloured), or one
/// JSON object per line for tools.
struct DiagnosticStyle {
  bool json = false;
  bool color = false;
};

struct Diagnostic {
  Severity severity = Severity::error;
  Loc loc;
  std::string message;
  /// Follow-up notes (e.g. "previous declaration is here").
  std::vector<Diagnostic> notes;
};

class Diagnostics {
 public:
  explicit Diagnostics(const SourceFile& file, DiagnosticStyle style = {})
      : file_(file), style_(style) {}

  Diagnostic& error(Loc loc, std::string message);
  Diagnostic& warning(Loc loc, std::string message);
  /// Attaches a note to the most recent error or warning.
  void note(Loc loc, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return diags_; }
  const SourceFile& file() const { return file_; }

  /// Renders every diagnostic in the clang format, followed by a summary line
  /// (in JSON, one object per line and no summary).
  std::string render() const;
  std::string render(const Diagnostic& d) const;

 private:
  std::string render_text(const Diagnostic& d) const;
  std::string render_json(const Diagnostic& d, bool top) const;

  const SourceFile& file_;
  DiagnosticStyle style_;
  std::vector<Diagnostic> diags_;
  std::size_t error_count_ = 0;
};

}  // namespace ffidl
