#include "source.hpp"

#include "ffidl/utf8.hpp"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

namespace ffidl {

SourceFile::SourceFile(std::string path, std::string text)
    : path_(std::move(path)), text_(std::move(text)) {
  line_starts_.push_back(0);
  for (std::uint32_t i = 0; i < text_.size(); ++i) {
    if (text_[i] == '\n') line_starts_.push_back(i + 1);
  }
}

bool SourceFile::load(const std::string& path, SourceFile& out, std::string& error) {
  if (path == "-") {  // standard input; diagnostics say <stdin>
    std::ostringstream buf;
    buf << std::cin.rdbuf();
    std::string text = buf.str();
    bool bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0;
    if (bom) text.erase(0, 3);
    out = SourceFile("<stdin>", std::move(text));
    out.bom_ = bom;
    return true;
  }
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) {
    error = "'" + path + "' is a directory, not a schema file";
    return false;
  }
  errno = 0;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    error = "cannot open '" + path + "': " + std::strerror(errno ? errno : ENOENT);
    return false;
  }
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) {
    error = "cannot read '" + path + "': " + std::strerror(errno ? errno : EIO);
    return false;
  }
  std::string text = buf.str();
  // A UTF-8 byte order mark (some Windows editors write one) is not schema text.
  bool bom = text.compare(0, 3, "\xEF\xBB\xBF") == 0;
  if (bom) text.erase(0, 3);
  out = SourceFile(path, std::move(text));
  out.bom_ = bom;
  return true;
}

std::optional<std::uint32_t> SourceFile::first_invalid_utf8() const {
  std::size_t at = utf8::first_invalid(text_.data(), text_.size());
  if (at == text_.size()) return std::nullopt;
  return static_cast<std::uint32_t>(at);
}

LineCol SourceFile::line_col(std::uint32_t offset) const {
  auto it = std::upper_bound(line_starts_.begin(), line_starts_.end(), offset);
  auto line = static_cast<std::uint32_t>(it - line_starts_.begin());  // 1-based
  return {line, offset - line_starts_[line - 1] + 1};
}

std::string_view SourceFile::line_text(std::uint32_t line) const {
  if (line == 0 || line > line_starts_.size()) return {};
  std::uint32_t begin = line_starts_[line - 1];
  std::uint32_t end = line < line_starts_.size() ? line_starts_[line] - 1
                                                 : static_cast<std::uint32_t>(text_.size());
  std::string_view sv(text_.data() + begin, end - begin);
  if (!sv.empty() && sv.back() == '\r') sv.remove_suffix(1);
  return sv;
}

}  // namespace ffidl
