// Imports: `import "types.ffidl";` brings another file's declarations into
// a schema. The importing file's directory is searched first, then each
// `-I` directory in order (as protoc does). Every file is read once
// (diamonds are fine); a cycle, a missing file, or an imported file that
// declares a library or functions is a diagnostic at the import.
#pragma once

#include <string>
#include <vector>

#include "ast.hpp"
#include "diagnostics.hpp"

namespace ffidl {

/// Reads every file `root` (file 0 of `diags`) imports, transitively, into
/// `diags`, and returns one tree: the imported declarations first (each
/// file's before the files that import it), then the root's. `sources`
/// receives the path of every file read, the root's first.
ast::File load_imports(Diagnostics& diags, ast::File root, const std::vector<std::string>& dirs,
                       std::vector<std::string>& sources);

}  // namespace ffidl
