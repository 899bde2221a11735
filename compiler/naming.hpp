// Identifier casing and target-language keywords, shared by the checker
// (which fills model::Names and rejects keywords) and the generators.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model.hpp"

namespace ffidl::naming {

/// Splits `EchoRequest`, `echo_request`, `HTTPServer2` into lower-case words.
std::vector<std::string> words(std::string_view ident);

std::string snake(std::string_view ident);   // echo_request
std::string camel(std::string_view ident);   // echoRequest
std::string pascal(std::string_view ident);  // EchoRequest
std::string upper(std::string_view ident);   // ECHO_REQUEST

model::Names names(std::string_view ident);

/// The targets in which `ident` is a keyword or reserved word ("C", "C++",
/// "Go", "Rust"), comma-separated; empty if none.
std::string keyword_in(std::string_view ident);

}  // namespace ffidl::naming
