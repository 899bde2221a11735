// UTF-8 validation, shared by the CBOR reader and the native-wire checks so
// both wires accept exactly the same strings.
#pragma once

#include <cstddef>

namespace ffidl::utf8 {

/// True if the `n` bytes at `data` are well-formed UTF-8 (no overlong forms,
/// surrogates or code points above U+10FFFF).
bool valid(const void* data, std::size_t n);

}  // namespace ffidl::utf8
