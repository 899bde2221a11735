// `ffidlc lsp`: a language server for .ffidl over stdio (JSON-RPC with
// Content-Length framing, LSP 3.17). It keeps the open documents' text and
// re-checks a document on open and on every change, publishing its
// diagnostics; it answers hover (a declaration's signature and doc
// comment), go-to-definition for names (across imports), document symbols
// and whole-document formatting (ffidlc fmt).
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

namespace ffidl::lsp {

/// Serves one client until `exit`; returns the process exit code (0 after
/// a shutdown request, 1 otherwise, as the protocol asks).
int serve(std::istream& in, std::ostream& out, const std::vector<std::string>& import_dirs);

}  // namespace ffidl::lsp
