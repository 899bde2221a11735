// Building blocks for generated POD marshalers: C strings, arrays and maps
// of the native wire converted to and from C++ values. Generated code calls
// these from one per-type walk, so copy and free always agree.
//
// Ownership: the *_to functions allocate with new[]; the matching *_free
// functions release. A NULL array reads as empty, a NULL string as "".
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <exception>
#include <initializer_list>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "ffidl/utf8.hpp"

namespace ffidl::pod {

/// A native argument the library refuses (not UTF-8, an unknown enum value),
/// with the path to it, built up as the conversion unwinds:
/// "value.items[2].label: text is not valid UTF-8".
class Invalid : public std::exception {
 public:
  explicit Invalid(std::string why) : why_(std::move(why)), what_(why_) {}
  /// Prepends a field name, or an "[i]" index, to the path.
  void within(const std::string& segment) {
    // Built anew rather than with insert(0, ...), which GCC 12 at -O3
    // misreads as an overlapping copy (-Wrestrict).
    const bool dot = !path_.empty() && path_.front() != '[';
    path_ = segment + (dot ? "." : "") + path_;
    what_ = path_ + ": " + why_;
  }
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string why_;
  std::string path_;
  std::string what_;
};

/// Runs `convert` (the conversion of the value called `name`); a refusal
/// inside gets `name` prepended to its path. Free when nothing is refused.
template <typename Convert>
auto within(const char* name, Convert&& convert) -> decltype(convert()) {
  try {
    return convert();
  } catch (Invalid& e) {
    e.within(name);
    throw;
  }
}

/// str_from for untrusted input: the text must be UTF-8, as on the CBOR wire.
inline std::string str_from_checked(const char* s) {
  if (!s) return std::string();
  std::size_t n = std::strlen(s);
  if (!utf8::valid(s, n)) throw Invalid("text is not valid UTF-8");
  return std::string(s, n);
}

/// An enum's value for untrusted input: one of `known`, as on the CBOR wire.
template <typename E>
E enum_from(std::int32_t value, std::initializer_list<std::int32_t> known, const char* name) {
  for (std::int32_t k : known) {
    if (k == value) return static_cast<E>(value);
  }
  throw Invalid(std::to_string(value) + " is not a value of enum " + name);
}

inline std::string str_from(const char* s) {
  return s ? std::string(s) : std::string();
}

inline const char* str_to(const std::string& s) {
  char* p = new char[s.size() + 1];
  std::memcpy(p, s.data(), s.size());
  p[s.size()] = '\0';
  return p;
}

/// Client side: set when an argument string holds a NUL byte, which a C
/// string cannot carry; the client checks it after packing and refuses the
/// call (clear it before packing). Per thread.
inline bool& nul_seen() {
  thread_local bool seen = false;
  return seen;
}

inline const char* c_str_noting_nul(const std::string& s) {
  if (s.find('\0') != std::string::npos) nul_seen() = true;
  return s.c_str();
}

inline const char* str_to_noting_nul(const std::string& s) {
  c_str_noting_nul(s);
  return str_to(s);
}

inline void str_free(const char* s) {
  delete[] s;
}

/// Refuses a length no buffer can have (the export turns this into FFIDL_ERR);
/// a plausible but wrong length is the caller's bug and cannot be detected.
template <typename V>
void check_length(const V& v, std::size_t n) {
  if (n > v.max_size()) throw std::length_error("a length of " + std::to_string(n) + " elements");
}

inline std::vector<std::uint8_t> bytes_from(const std::uint8_t* p, std::size_t n) {
  std::vector<std::uint8_t> out;
  if (!p) return out;
  check_length(out, n);
  out.assign(p, p + n);
  return out;
}

inline void bytes_to(const std::vector<std::uint8_t>& v, const std::uint8_t*& p, std::size_t& n) {
  n = v.size();
  if (v.empty()) {
    p = nullptr;
    return;
  }
  auto* out = new std::uint8_t[v.size()];
  std::memcpy(out, v.data(), v.size());
  p = out;
}

/// The deepest nesting of recursive structs accepted on the native wire: the
/// same 128 levels the CBOR reader allows, so both wires accept the same
/// values and a hostile chain cannot exhaust the stack.
inline constexpr int max_nesting = 128;

/// Counts the recursive-struct levels being converted on this thread; the
/// level past max_nesting throws (the export answers FFIDL_ERR).
class NestingGuard {
 public:
  explicit NestingGuard(const char* type) {
    if (++depth() > max_nesting) {
      --depth();
      throw std::runtime_error(std::string(type) + " nested deeper than " +
                               std::to_string(max_nesting) + " levels");
    }
  }
  ~NestingGuard() { --depth(); }
  NestingGuard(const NestingGuard&) = delete;
  NestingGuard& operator=(const NestingGuard&) = delete;

 private:
  static int& depth() {
    thread_local int d = 0;
    return d;
  }
};

template <typename E>
void array_free(const E* p) {
  delete[] p;
}

/// C array -> std::vector, converting each element with `conv`.
template <typename E, typename Conv>
auto list_from(const E* p, std::size_t n, Conv conv) {
  std::vector<decltype(conv(*p))> out;
  if (!p) return out;
  check_length(out, n);
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    try {
      out.push_back(conv(p[i]));
    } catch (Invalid& e) {
      e.within("[" + std::to_string(i) + "]");
      throw;
    }
  }
  return out;
}

/// std::vector -> a new C array, filling each element with `fill(value, element)`.
template <typename V, typename E, typename Fill>
void list_to(const std::vector<V>& v, const E*& p, std::size_t& n, Fill fill) {
  n = v.size();
  if (v.empty()) {
    p = nullptr;
    return;
  }
  E* out = new E[v.size()]();
  for (std::size_t i = 0; i < v.size(); ++i)
    fill(v[i], out[i]);
  p = out;
}

template <typename E, typename Release>
void list_free(const E* p, std::size_t n, Release release) {
  if (!p) return;
  E* items = const_cast<E*>(p);
  for (std::size_t i = 0; i < n; ++i)
    release(items[i]);
  delete[] items;
}

template <typename KE, typename VE, typename KConv, typename VConv>
auto map_from(const KE* keys, const VE* values, std::size_t n, KConv kconv, VConv vconv) {
  std::map<decltype(kconv(*keys)), decltype(vconv(*values))> out;
  if (!keys || !values) return out;
  for (std::size_t i = 0; i < n; ++i) {
    try {
      out.insert_or_assign(kconv(keys[i]), vconv(values[i]));
    } catch (Invalid& e) {
      e.within("[" + std::to_string(i) + "]");  // the entry's position
      throw;
    }
  }
  return out;
}

template <typename K, typename V, typename KE, typename VE, typename KFill, typename VFill>
void map_to(const std::map<K, V>& m, const KE*& keys, const VE*& values, std::size_t& n,
            KFill kfill, VFill vfill) {
  n = m.size();
  if (m.empty()) {
    keys = nullptr;
    values = nullptr;
    return;
  }
  KE* k = new KE[m.size()]();
  VE* v = new VE[m.size()]();
  std::size_t i = 0;
  for (const auto& [key, value] : m) {
    kfill(key, k[i]);
    vfill(value, v[i]);
    ++i;
  }
  keys = k;
  values = v;
}

}  // namespace ffidl::pod
