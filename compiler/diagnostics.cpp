#include "diagnostics.hpp"

#include "json.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace ffidl {

namespace {

const char* severity_name(Severity s) {
  switch (s) {
    case Severity::error:
      return "error";
    case Severity::warning:
      return "warning";
    case Severity::note:
      return "note";
  }
  return "error";
}

}  // namespace

Diagnostic& Diagnostics::error(Loc loc, std::string message) {
  ++error_count_;
  return diags_.emplace_back(Diagnostic{Severity::error, loc, std::move(message), {}});
}

Diagnostic& Diagnostics::warning(Loc loc, std::string message) {
  return diags_.emplace_back(Diagnostic{Severity::warning, loc, std::move(message), {}});
}

void Diagnostics::note(Loc loc, std::string message) {
  if (diags_.empty()) return;
  diags_.back().notes.push_back(Diagnostic{Severity::note, loc, std::move(message), {}});
}

std::size_t Diagnostics::add_file(SourceFile file) {
  const Entry& last = files_.back();
  // One byte of gap: a Loc at the very end of a file stays in that file.
  std::uint32_t base = last.base + static_cast<std::uint32_t>(last.file->text().size()) + 1;
  files_.push_back({&imported_.emplace_back(std::move(file)), base});
  return files_.size() - 1;
}

std::pair<const SourceFile*, std::uint32_t> Diagnostics::locate(std::uint32_t offset) const {
  std::size_t i = files_.size() - 1;
  while (i > 0 && files_[i].base > offset)
    --i;
  return {files_[i].file, offset - files_[i].base};
}

std::string Diagnostics::render(const Diagnostic& d) const {
  return style_.json ? render_json(d, true) + "\n" : render_text(d);
}

namespace {

// ANSI styles, as clang uses them.
constexpr const char* bold = "\033[1m";
constexpr const char* reset = "\033[0m";
const char* severity_color(Severity s) {
  switch (s) {
    case Severity::error:
      return "\033[1;31m";
    case Severity::warning:
      return "\033[1;35m";
    case Severity::note:
      return "\033[1;36m";
  }
  return "";
}

}  // namespace

std::string Diagnostics::render_json(const Diagnostic& d, bool top) const {
  auto [file, offset] = locate(d.loc.offset);
  LineCol start = file->line_col(offset);
  LineCol end = file->line_col(offset + d.loc.length);
  std::string out = fmt::format(
      "{{\"file\":{},\"line\":{},\"column\":{},\"end_line\":{},\"end_column\":{},"
      "\"severity\":\"{}\",\"message\":{}",
      json_quote(file->path()), start.line, start.column, end.line, end.column,
      severity_name(d.severity), json_quote(d.message));
  if (top) {
    out += ",\"notes\":[";
    for (std::size_t i = 0; i < d.notes.size(); ++i)
      out += (i ? "," : "") + render_json(d.notes[i], false);
    out += "]";
  }
  return out + "}";
}

std::string Diagnostics::render_text(const Diagnostic& d) const {
  auto [file, offset] = locate(d.loc.offset);
  LineCol lc = file->line_col(offset);
  std::string out = style_.color
                        ? fmt::format("{}{}:{}:{}: {}{}:{} {}{}{}\n", bold, file->path(), lc.line,
                                      lc.column, severity_color(d.severity),
                                      severity_name(d.severity), reset, bold, d.message, reset)
                        : fmt::format("{}:{}:{}: {}: {}\n", file->path(), lc.line, lc.column,
                                      severity_name(d.severity), d.message);
  std::string_view line = file->line_text(lc.line);
  std::uint32_t column = lc.column;  // 1-based, within the shown line
  std::uint32_t length = d.loc.length;
  // Very long lines (generated or hostile schemas) are shown as a window
  // around the error, as clang does, so a diagnostic stays readable.
  constexpr std::uint32_t context = 60;
  std::string window;
  if (line.size() > 3 * context) {
    std::uint32_t start = column > context ? column - 1 - context : 0;
    std::uint32_t end =
        std::min<std::uint32_t>(static_cast<std::uint32_t>(line.size()), column - 1 + context);
    window = (start > 0 ? "..." : "") + std::string(line.substr(start, end - start)) +
             (end < line.size() ? "..." : "");
    column = column - start + (start > 0 ? 3 : 0);
    length = std::min(length, end - (lc.column - 1));
    line = window;
  }
  out += line;
  out += '\n';
  // Keep tabs in the caret line so the caret lines up under the token.
  for (std::uint32_t i = 0; i + 1 < column && i < line.size(); ++i) {
    out += line[i] == '\t' ? '\t' : ' ';
  }
  if (style_.color) out += "\033[1;32m";
  out += '^';
  std::uint32_t room = line.size() >= column ? static_cast<std::uint32_t>(line.size()) - column : 0;
  std::uint32_t tildes = length > 1 ? std::min(length - 1, room) : 0;
  out.append(tildes, '~');
  if (style_.color) out += reset;
  out += '\n';
  for (const Diagnostic& n : d.notes)
    out += render_text(n);
  return out;
}

std::string Diagnostics::render() const {
  std::string out;
  for (const Diagnostic& d : diags_)
    out += render(d);
  if (error_count_ > 0 && !style_.json) {
    out += fmt::format("{} error{} generated.\n", error_count_, error_count_ == 1 ? "" : "s");
  }
  return out;
}

}  // namespace ffidl
