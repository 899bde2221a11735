// CBOR building blocks for generated codecs (RFC 8949, via libcbor).
//
// CborWriter appends items to a byte buffer with libcbor's streaming
// cbor_encode_* functions (no item tree). CborReader pulls one item header at
// a time with cbor_stream_decode, never allocates from a declared length it
// has not checked against the bytes present, and reports errors with the
// path of the failing value: `req.messages[2].note: expected text, got uint`.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ffidl {

class CborWriter {
 public:
  void uint(std::uint64_t v);
  void sint(std::int64_t v);
  void boolean(bool v);
  void f32(float v);
  void f64(double v);
  void null();
  void text(std::string_view s);
  void bytes(const std::uint8_t* data, std::size_t len);
  void array(std::size_t count);
  void map(std::size_t count);

  /// An object's handle, as an unsigned integer; `lent` says the message
  /// holds a reference for it (dropped with the message).
  void handle(std::uint64_t h, bool lent) {
    uint(h);
    if (lent) lent_.push_back(h);
  }

  const std::vector<std::uint8_t>& buffer() const { return buf_; }
  std::vector<std::uint8_t> take() { return std::move(buf_); }
  std::vector<std::uint64_t> take_lent() { return std::move(lent_); }

 private:
  /// Makes room for a header of at most 9 bytes and returns where it goes.
  unsigned char* room();
  void commit(std::size_t written);
  void append(const void* data, std::size_t len);

  std::vector<std::uint8_t> buf_;
  std::vector<std::uint64_t> lent_;
};

/// What a CBOR item is, for messages and for decoders that branch on it.
enum class CborKind {
  uint,
  negint,
  bytes,
  text,
  array,
  map,
  tag,
  boolean,
  null,
  undefined,
  float_
};

const char* to_string(CborKind k);

class CborReader {
 public:
  /// Containers may nest this deep (counting every array and map).
  static constexpr std::size_t max_depth = 128;

  CborReader(const void* data, std::size_t len);

  // Each read returns false on a mismatch or malformed input and records an
  // error naming the current path; after a failure every read fails.
  bool boolean(bool& out);
  bool u64(std::uint64_t& out, std::uint64_t max = UINT64_MAX);
  bool i64(std::int64_t& out, std::int64_t min = INT64_MIN, std::int64_t max = INT64_MAX);
  bool f64(double& out);  // accepts half, single, double and integers
  bool text(std::string& out);
  bool bytes(std::vector<std::uint8_t>& out);
  /// Reads an array header; check `count` elements follow, then `leave()`.
  bool array(std::size_t& count);
  bool map(std::size_t& count);
  /// Ends a container entered with array() or map().
  void leave();
  /// True (and consumes it) if the next item is null.
  bool null();
  /// True if the next item is a text string (consumes nothing): a union's
  /// variant without fields is its name as text, one with fields a map.
  bool at_text() const;
  /// Skips one whole item of any type (unknown map keys).
  bool skip();
  /// Fails unless all input was consumed.
  bool finish();

  /// Path segments for messages: a field name or a list index. Kept as
  /// views (no allocation per field): `key` must outlive its pop(). An
  /// error's message is composed when it is recorded.
  void push(std::string_view key);
  void push(std::size_t index);
  /// An integer map key, kept by value (shown as `.42` in paths).
  void push_key(std::int64_t key);
  void push_key(std::uint64_t key);
  void pop();

  /// Records an error at the current path; returns false for convenience.
  bool fail(std::string_view what);
  bool failed() const { return !error_.empty(); }
  /// "path: what was wrong" (empty while all is well).
  const std::string& error() const { return error_; }

 private:
  struct Item {
    CborKind kind = CborKind::null;
    std::uint64_t value = 0;  // uint/negint raw, lengths and counts, tag number
    double real = 0;
    bool flag = false;
    const std::uint8_t* data = nullptr;  // bytes/text payload
  };
  /// Decodes the next item header (and string payload) into `item`.
  bool next(Item& item);
  bool expect(const Item& item, CborKind kind, const char* expected);
  std::string path() const;
  std::size_t offset() const;

  const std::uint8_t* begin_;
  const std::uint8_t* pos_;
  const std::uint8_t* end_;
  std::size_t depth_ = 0;
  enum class SegmentKind : std::uint8_t { name, index, signed_key, unsigned_key };
  struct Segment {
    std::string_view key;  // SegmentKind::name
    std::uint64_t number;  // the index or the integer key's bits
    SegmentKind kind;
  };
  std::vector<Segment> path_;
  std::string error_;
};

}  // namespace ffidl
