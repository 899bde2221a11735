// The support code every generated Go package, Rust crate and Python
// package carries lives as real files in generators/support/ (so gofmt,
// rustfmt, mypy and editors see them as Go, Rust and Python); the build embeds them into ffidlc
// (support/embed.cmake), and backends instantiate them here.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ffidl::gen::support {

/// The text of generators/support/<name>, as embedded at build time.
std::string_view file(std::string_view name);

/// Template `name` made a file of the generated output: its leading
/// template comment (lines that are `//` or `#`, or start with `// ` or `# `, and the blank
/// lines after them) replaced by `header`, and each placeholder identifier
/// replaced by its value.
std::string instantiate(std::string_view name, const std::string& header,
                        const std::vector<std::pair<std::string, std::string>>& placeholders);

}  // namespace ffidl::gen::support
