// UTF-8 validation (and encoding), shared by the CBOR reader, the
// native-wire checks (so both wires accept exactly the same strings) and
// the schema compiler (escapes in strings, JSON in the language server).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

namespace ffidl::utf8 {

/// True if the `n` bytes at `data` are well-formed UTF-8 (no overlong forms,
/// surrogates or code points above U+10FFFF).
bool valid(const void* data, std::size_t n);
/// The offset of the first byte that is not well-formed UTF-8, or `n`.
std::size_t first_invalid(const void* data, std::size_t n);
/// Appends code point `cp` (at most U+10FFFF) encoded as UTF-8.
void append(std::string& out, std::uint32_t cp);

}  // namespace ffidl::utf8
