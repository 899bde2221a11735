// Clang-style diagnostics: `path:line:col: error: message`, the source line,
// and a caret under the offending token. Errors are collected, never thrown,
// so one run reports every mistake.
#pragma once

#include <deque>
#include <string>
#include <utility>
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

/// Diagnostics over the files of one schema: the root file and the files
/// it imports. A Loc is an offset into all of them laid end to end (each
/// file has its own base), so the tree, the checker and the model keep one
/// plain Loc, and only rendering asks which file an offset is in.
class Diagnostics {
 public:
  explicit Diagnostics(const SourceFile& file, DiagnosticStyle style = {}) : style_(style) {
    files_.push_back({&file, 0});
  }

  Diagnostic& error(Loc loc, std::string message);
  Diagnostic& warning(Loc loc, std::string message);
  /// Attaches a note to the most recent error or warning.
  void note(Loc loc, std::string message);

  bool has_errors() const { return error_count_ > 0; }
  std::size_t error_count() const { return error_count_; }
  const std::vector<Diagnostic>& all() const { return diags_; }
  /// The root file (the schema named on the command line).
  const SourceFile& file() const { return *files_.front().file; }

  /// Adds an imported file; returns its index. Its offsets start at
  /// base(index).
  std::size_t add_file(SourceFile file);
  const SourceFile& file(std::size_t index) const { return *files_[index].file; }
  std::uint32_t base(std::size_t index) const { return files_[index].base; }
  /// The file an offset is in, and the offset within it.
  std::pair<const SourceFile*, std::uint32_t> locate(std::uint32_t offset) const;

  /// Renders every diagnostic in the clang format, followed by a summary line
  /// (in JSON, one object per line and no summary).
  std::string render() const;
  std::string render(const Diagnostic& d) const;

 private:
  std::string render_text(const Diagnostic& d) const;
  std::string render_json(const Diagnostic& d, bool top) const;

  struct Entry {
    const SourceFile* file;
    std::uint32_t base;
  };
  std::vector<Entry> files_;
  std::deque<SourceFile> imported_;  // the files add_file owns (stable addresses)
  DiagnosticStyle style_;
  std::vector<Diagnostic> diags_;
  std::size_t error_count_ = 0;
};

}  // namespace ffidl
