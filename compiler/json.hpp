// A JSON string literal of any text: the one escaper shared by the model
// dump (model_json) and JSON diagnostics.
#pragma once

#include <string>
#include <string_view>

namespace ffidl {

/// `s` quoted for JSON: `"` and `\` escaped, newline, tab and return as
/// `\n`, `\t`, `\r`, other control bytes as `\u00XX`; UTF-8 as is.
std::string json_quote(std::string_view s);

}  // namespace ffidl
