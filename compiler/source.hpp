// A schema file held in memory, and locations inside it.
//
// Every AST node carries a Loc (a byte range). Line and column are computed
// only when a diagnostic is printed, so the parser can work on any sub-range
// of the text without tracking lines itself.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ffidl {

/// A byte range in a SourceFile.
struct Loc {
  std::uint32_t offset = 0;
  std::uint32_t length = 0;
};

/// 1-based line and column (column counts bytes, as clang does).
struct LineCol {
  std::uint32_t line = 1;
  std::uint32_t column = 1;
};

class SourceFile {
 public:
  SourceFile(std::string path, std::string text);

  /// Reads a file ("-": standard input, named <stdin>); returns false and
  /// leaves `error` set if it cannot be read.
  static bool load(const std::string& path, SourceFile& out, std::string& error);

  const std::string& path() const { return path_; }
  const std::string& text() const { return text_; }
  /// Whether the file began with a UTF-8 byte order mark (not part of
  /// text(); `ffidlc fmt` writes it back).
  bool byte_order_mark() const { return bom_; }

  /// The offset of the first byte that is not well-formed UTF-8, if any.
  std::optional<std::uint32_t> first_invalid_utf8() const;

  LineCol line_col(std::uint32_t offset) const;
  /// The text of a 1-based line, without its line terminator.
  std::string_view line_text(std::uint32_t line) const;

 private:
  std::string path_;
  std::string text_;
  std::vector<std::uint32_t> line_starts_;
  bool bom_ = false;
};

}  // namespace ffidl
