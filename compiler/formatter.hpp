// `ffidlc fmt`: the canonical layout of a schema. It works on tokens, so
// every comment is kept where it stands; only whitespace changes (one
// declaration or member per line, four-space indentation, one space where
// the docs' examples put one, at most one blank line in a row). A brace
// body written on one line (`enum Color { red, green }`) stays on one
// line. The caller formats only schemas that check, and the result reads
// back as the same model.
#pragma once

#include <string>

namespace ffidl {

std::string format_schema(const std::string& text);

}  // namespace ffidl
