// UTF-8 validation, shared by the CBOR reader, the native-wire checks (so
// both wires accept exactly the same strings) and the schema compiler.
#pragma once

#include <cstddef>

namespace ffidl::utf8 {

/// True if the `n` bytes at `data` are well-formed UTF-8 (no overlong forms,
/// surrogates or code points above U+10FFFF).
bool valid(const void* data, std::size_t n);
/// The offset of the first byte that is not well-formed UTF-8, or `n`.
std::size_t first_invalid(const void* data, std::size_t n);

}  // namespace ffidl::utf8
