// How a typed error's (or any union's) derived message shows its fields:
// `integer_overflow(a: 18446744073709551615, b: 1)`. Every binding renders
// the same text: numbers as the shortest decimal that reads back, strings
// quoted, enums as their value, other fields (lists, maps, records) as `...`.
// Header-only and std-only, like ffidl/result.hpp.
#pragma once

#include <cstdint>
#include <sstream>
#include <string>
#include <type_traits>

namespace ffidl::show {

template <typename T>
std::string value(const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    return v ? "true" : "false";
  } else if constexpr (std::is_enum_v<T>) {
    return std::to_string(static_cast<std::int64_t>(v));
  } else if constexpr (std::is_integral_v<T>) {
    return std::to_string(v);
  } else if constexpr (std::is_floating_point_v<T>) {
    std::ostringstream os;
    os.precision(std::is_same_v<T, float> ? 9 : 17);
    os << v;
    // The shortest text that reads back: try fewer digits first.
    for (int digits = 1; digits <= (std::is_same_v<T, float> ? 9 : 17); ++digits) {
      std::ostringstream s;
      s.precision(digits);
      s << v;
      std::istringstream in(s.str());
      T back{};
      in >> back;
      if (back == v) return s.str();
    }
    return os.str();
  } else if constexpr (std::is_same_v<T, std::string>) {
    std::string out = "\"";
    for (char c : v) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  } else {
    return "...";
  }
}

}  // namespace ffidl::show
