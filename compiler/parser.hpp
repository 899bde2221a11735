// Text -> AST. Syntax errors become diagnostics; parsing resumes at the next
// top-level declaration so one run reports every syntax error.
#pragma once

#include "ast.hpp"
#include "diagnostics.hpp"

namespace ffidl {

/// Parses `diags.file()`. Returns the declarations that parsed cleanly; any
/// syntax error is reported to `diags`.
ast::File parse(Diagnostics& diags);
/// Parses file `file_index` of `diags` (an imported file).
ast::File parse(Diagnostics& diags, std::size_t file_index);

}  // namespace ffidl
