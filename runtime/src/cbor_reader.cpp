#include <cbor.h>

#include <fmt/format.h>

#include "ffidl/cbor.hpp"
#include "ffidl/utf8.hpp"

namespace ffidl {

const char* to_string(CborKind k) {
  switch (k) {
    case CborKind::uint:
      return "uint";
    case CborKind::negint:
      return "negative int";
    case CborKind::bytes:
      return "bytes";
    case CborKind::text:
      return "text";
    case CborKind::array:
      return "array";
    case CborKind::map:
      return "map";
    case CborKind::tag:
      return "tag";
    case CborKind::boolean:
      return "bool";
    case CborKind::null:
      return "null";
    case CborKind::undefined:
      return "undefined";
    case CborKind::float_:
      return "float";
  }
  return "item";
}

namespace {

// libcbor's streaming decoder reports each item header through callbacks;
// these fill in the Item being decoded.
struct Sink {
  CborKind kind = CborKind::null;
  std::uint64_t value = 0;
  double real = 0;
  bool flag = false;
  const std::uint8_t* data = nullptr;
  bool indefinite = false;
};

Sink& sink(void* ctx) {
  return *static_cast<Sink*>(ctx);
}
template <CborKind K, typename T>
void on_int(void* ctx, T v) {
  sink(ctx).kind = K;
  sink(ctx).value = v;
}
void on_string(void* ctx, cbor_data data, std::size_t len, CborKind kind) {
  sink(ctx).kind = kind;
  sink(ctx).data = data;
  sink(ctx).value = len;
}
template <CborKind K>
void on_indefinite(void* ctx) {
  sink(ctx).kind = K;
  sink(ctx).indefinite = true;
}
template <CborKind K>
void on_collection(void* ctx, std::size_t n) {
  sink(ctx).kind = K;
  sink(ctx).value = n;
}

const cbor_callbacks& callbacks() {
  static const cbor_callbacks cb = [] {
    cbor_callbacks c = cbor_empty_callbacks;
    c.uint8 = on_int<CborKind::uint, std::uint8_t>;
    c.uint16 = on_int<CborKind::uint, std::uint16_t>;
    c.uint32 = on_int<CborKind::uint, std::uint32_t>;
    c.uint64 = on_int<CborKind::uint, std::uint64_t>;
    c.negint8 = on_int<CborKind::negint, std::uint8_t>;
    c.negint16 = on_int<CborKind::negint, std::uint16_t>;
    c.negint32 = on_int<CborKind::negint, std::uint32_t>;
    c.negint64 = on_int<CborKind::negint, std::uint64_t>;
    // libcbor 0.8: *_start callbacks are the indefinite-length forms.
    c.byte_string = [](void* ctx, cbor_data d, std::size_t n) {
      on_string(ctx, d, n, CborKind::bytes);
    };
    c.byte_string_start = on_indefinite<CborKind::bytes>;
    c.string = [](void* ctx, cbor_data d, std::size_t n) { on_string(ctx, d, n, CborKind::text); };
    c.string_start = on_indefinite<CborKind::text>;
    c.array_start = on_collection<CborKind::array>;
    c.indef_array_start = on_indefinite<CborKind::array>;
    c.map_start = on_collection<CborKind::map>;
    c.indef_map_start = on_indefinite<CborKind::map>;
    c.tag = on_int<CborKind::tag, std::uint64_t>;
    c.float2 = [](void* ctx, float v) {
      sink(ctx).kind = CborKind::float_;
      sink(ctx).real = v;
    };
    c.float4 = c.float2;
    c.float8 = [](void* ctx, double v) {
      sink(ctx).kind = CborKind::float_;
      sink(ctx).real = v;
    };
    c.null = [](void* ctx) { sink(ctx).kind = CborKind::null; };
    c.undefined = [](void* ctx) { sink(ctx).kind = CborKind::undefined; };
    c.boolean = [](void* ctx, bool v) {
      sink(ctx).kind = CborKind::boolean;
      sink(ctx).flag = v;
    };
    c.indef_break = [](void* ctx) { sink(ctx).indefinite = true; };
    return c;
  }();
  return cb;
}

}  // namespace

CborReader::CborReader(const void* data, std::size_t len)
    : begin_(static_cast<const std::uint8_t*>(data)),
      pos_(begin_),
      end_(begin_ + (data ? len : 0)) {}

bool CborReader::next(Item& item) {
  if (failed()) return false;
  if (pos_ == end_) return fail("unexpected end of input");
  Sink s;
  cbor_decoder_result r =
      cbor_stream_decode(pos_, static_cast<std::size_t>(end_ - pos_), &callbacks(), &s);
  if (r.status == CBOR_DECODER_NEDATA) {
    return fail(
        fmt::format("truncated input: the item at byte offset {} needs more bytes than "
                    "remain",
                    offset()));
  }
  if (r.status != CBOR_DECODER_FINISHED || r.read == 0 ||
      r.read > static_cast<std::size_t>(end_ - pos_)) {
    return fail(fmt::format("malformed CBOR at byte offset {}", offset()));
  }
  if (s.indefinite) {
    return fail("indefinite-length items are not supported; encode lengths up front");
  }
  pos_ += r.read;
  item.kind = s.kind;
  item.value = s.value;
  item.real = s.real;
  item.flag = s.flag;
  item.data = s.data;
  return true;
}

std::size_t CborReader::offset() const {
  return static_cast<std::size_t>(pos_ - begin_);
}

bool CborReader::expect(const Item& item, CborKind kind, const char* expected) {
  if (item.kind == kind) return true;
  return fail(fmt::format("expected {}, got {}", expected, to_string(item.kind)));
}

bool CborReader::boolean(bool& out) {
  Item it;
  if (!next(it) || !expect(it, CborKind::boolean, "bool")) return false;
  out = it.flag;
  return true;
}

bool CborReader::u64(std::uint64_t& out, std::uint64_t max) {
  Item it;
  if (!next(it)) return false;
  if (it.kind == CborKind::negint)
    return fail(fmt::format("expected an unsigned integer, got -1-{}", it.value));
  if (!expect(it, CborKind::uint, "uint")) return false;
  if (it.value > max) return fail(fmt::format("{} is out of range (at most {})", it.value, max));
  out = it.value;
  return true;
}

bool CborReader::i64(std::int64_t& out, std::int64_t min, std::int64_t max) {
  Item it;
  if (!next(it)) return false;
  if (it.kind == CborKind::uint) {
    if (it.value > static_cast<std::uint64_t>(max)) {
      return fail(fmt::format("{} is out of range ({} to {})", it.value, min, max));
    }
    out = static_cast<std::int64_t>(it.value);
    return true;
  }
  if (!expect(it, CborKind::negint, "int")) return false;
  // The value is -1 - n; it fits in i64 only if n <= INT64_MAX.
  if (it.value > static_cast<std::uint64_t>(INT64_MAX) ||
      -1 - static_cast<std::int64_t>(it.value) < min) {
    return fail(fmt::format("-1-{} is out of range ({} to {})", it.value, min, max));
  }
  out = -1 - static_cast<std::int64_t>(it.value);
  return true;
}

bool CborReader::f64(double& out) {
  Item it;
  if (!next(it)) return false;
  switch (it.kind) {
    case CborKind::float_:
      out = it.real;
      return true;
    case CborKind::uint:
      out = static_cast<double>(it.value);
      return true;
    case CborKind::negint:
      out = -1.0 - static_cast<double>(it.value);
      return true;
    default:
      return expect(it, CborKind::float_, "float");
  }
}

bool CborReader::text(std::string& out) {
  Item it;
  if (!next(it) || !expect(it, CborKind::text, "text")) return false;
  if (!utf8::valid(it.data, it.value)) return fail("text is not valid UTF-8");
  out.assign(reinterpret_cast<const char*>(it.data), it.value);
  return true;
}

bool CborReader::bytes(std::vector<std::uint8_t>& out) {
  Item it;
  if (!next(it) || !expect(it, CborKind::bytes, "bytes")) return false;
  out.assign(it.data, it.data + it.value);
  return true;
}

bool CborReader::array(std::size_t& count) {
  Item it;
  if (!next(it) || !expect(it, CborKind::array, "array")) return false;
  std::size_t remaining = static_cast<std::size_t>(end_ - pos_);
  if (it.value > remaining) {
    return fail(
        fmt::format("array declares {} elements but only {} bytes remain", it.value, remaining));
  }
  if (depth_ >= max_depth) return fail(fmt::format("nesting deeper than {} levels", max_depth));
  ++depth_;
  count = static_cast<std::size_t>(it.value);
  return true;
}

bool CborReader::map(std::size_t& count) {
  Item it;
  if (!next(it) || !expect(it, CborKind::map, "map")) return false;
  std::size_t remaining = static_cast<std::size_t>(end_ - pos_);
  if (it.value > remaining / 2) {
    return fail(
        fmt::format("map declares {} entries but only {} bytes remain", it.value, remaining));
  }
  if (depth_ >= max_depth) return fail(fmt::format("nesting deeper than {} levels", max_depth));
  ++depth_;
  count = static_cast<std::size_t>(it.value);
  return true;
}

void CborReader::leave() {
  if (depth_ > 0) --depth_;
}

bool CborReader::null() {
  if (failed() || pos_ == end_ || *pos_ != 0xF6) return false;
  ++pos_;
  return true;
}

bool CborReader::at_text() const {
  return !failed() && pos_ != end_ && (*pos_ >> 5) == 3;  // major type 3
}

bool CborReader::skip() {
  // Iterative, so hostile nesting cannot exhaust the stack. `open` holds the
  // items still to read in each container entered so far, so its size is the
  // nesting depth: wide containers (many siblings) cost nothing, deep ones
  // are limited like everywhere else. Container sizes were checked against
  // the remaining bytes, so the counts stay bounded by the input.
  std::vector<std::uint64_t> open;
  std::uint64_t top_level = 1;
  do {
    Item it;
    if (!next(it)) return false;
    std::uint64_t& left = open.empty() ? top_level : open.back();
    --left;
    if (it.kind == CborKind::array || it.kind == CborKind::map) {
      if (it.value > static_cast<std::size_t>(end_ - pos_)) {
        return fail(fmt::format("{} declares {} items but only {} bytes remain", to_string(it.kind),
                                it.value, end_ - pos_));
      }
      if (depth_ + open.size() + 1 > max_depth) {
        return fail(fmt::format("nesting deeper than {} levels", max_depth));
      }
      open.push_back(it.kind == CborKind::map ? it.value * 2 : it.value);
    } else if (it.kind == CborKind::tag) {
      ++left;  // the tagged item follows at the same level
    }
    while (!open.empty() && open.back() == 0)
      open.pop_back();
  } while (!open.empty() || top_level > 0);
  return true;
}

bool CborReader::finish() {
  if (failed()) return false;
  if (pos_ != end_) {
    return fail(fmt::format("{} bytes of trailing data after the value", end_ - pos_));
  }
  return true;
}

void CborReader::push(std::string_view key) {
  path_.push_back({key, 0, SegmentKind::name});
}
void CborReader::push(std::size_t index) {
  path_.push_back({{}, index, SegmentKind::index});
}
void CborReader::push_key(std::int64_t key) {
  path_.push_back({{}, static_cast<std::uint64_t>(key), SegmentKind::signed_key});
}
void CborReader::push_key(std::uint64_t key) {
  path_.push_back({{}, key, SegmentKind::unsigned_key});
}
void CborReader::pop() {
  if (!path_.empty()) path_.pop_back();
}

std::string CborReader::path() const {
  std::string out;
  for (const Segment& seg : path_) {
    switch (seg.kind) {
      case SegmentKind::index:
        out += fmt::format("[{}]", seg.number);
        continue;
      case SegmentKind::name:
        if (!out.empty()) out += '.';
        out += seg.key;
        continue;
      case SegmentKind::signed_key:
        if (!out.empty()) out += '.';
        out += std::to_string(static_cast<std::int64_t>(seg.number));
        continue;
      case SegmentKind::unsigned_key:
        if (!out.empty()) out += '.';
        out += std::to_string(seg.number);
        continue;
    }
  }
  return out;
}

bool CborReader::fail(std::string_view what) {
  if (failed()) return false;
  std::string p = path();
  error_ = p.empty() ? std::string(what) : p + ": " + std::string(what);
  return false;
}

}  // namespace ffidl
