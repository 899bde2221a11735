// AST -> checked model. Reports every semantic error it finds (it never
// stops at the first) and returns the model only when there were none.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"
#include "model.hpp"

namespace ffidl {

std::optional<model::Model> check(const ast::File& file, Diagnostics& diags);

/// Reads, parses and checks one schema file and the files it imports
/// (searched next to the importing file, then in `import_dirs`): the whole
/// front end. Returns the model, or nullopt with the diagnostics in `diags`.
std::optional<model::Model> compile(Diagnostics& diags,
                                    const std::vector<std::string>& import_dirs = {});

}  // namespace ffidl
