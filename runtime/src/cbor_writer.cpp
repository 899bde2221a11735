#include <cbor.h>

#include <cstring>

#include "ffidl/cbor.hpp"

namespace ffidl {

unsigned char* CborWriter::room() {
  buf_.resize(buf_.size() + 9);
  return buf_.data() + buf_.size() - 9;
}

void CborWriter::commit(std::size_t written) {
  buf_.resize(buf_.size() - 9 + written);
}

void CborWriter::append(const void* data, std::size_t len) {
  if (len == 0) return;
  std::size_t at = buf_.size();
  buf_.resize(at + len);
  std::memcpy(buf_.data() + at, data, len);
}

void CborWriter::uint(std::uint64_t v) {
  commit(cbor_encode_uint(v, room(), 9));
}

void CborWriter::sint(std::int64_t v) {
  if (v >= 0) {
    uint(static_cast<std::uint64_t>(v));
  } else {
    // CBOR stores -1 - n; computed in unsigned arithmetic so INT64_MIN works.
    commit(cbor_encode_negint(static_cast<std::uint64_t>(-(v + 1)), room(), 9));
  }
}

void CborWriter::boolean(bool v) {
  commit(cbor_encode_bool(v, room(), 9));
}
void CborWriter::f32(float v) {
  commit(cbor_encode_single(v, room(), 9));
}
void CborWriter::f64(double v) {
  commit(cbor_encode_double(v, room(), 9));
}
void CborWriter::null() {
  commit(cbor_encode_null(room(), 9));
}

void CborWriter::text(std::string_view s) {
  commit(cbor_encode_string_start(s.size(), room(), 9));
  append(s.data(), s.size());
}

void CborWriter::bytes(const std::uint8_t* data, std::size_t len) {
  commit(cbor_encode_bytestring_start(len, room(), 9));
  append(data, len);
}

void CborWriter::array(std::size_t count) {
  commit(cbor_encode_array_start(count, room(), 9));
}
void CborWriter::map(std::size_t count) {
  commit(cbor_encode_map_start(count, room(), 9));
}

}  // namespace ffidl
