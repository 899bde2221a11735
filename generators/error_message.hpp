// The message every binding derives for a typed error, decided once:
// `variant`, or `variant(field: value, ...)` where numbers, booleans and
// strings show their value, enums their number, and anything else `...`.
// Backends only render the parts (ffidl/show.hpp is the C++ runtime side
// of the same value rules).
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace ffidl::gen::error_message {

/// How a field's value appears in the message.
enum class Shown { boolean, integer, floating, text, enumeration, elided };

inline Shown shown(const model::Type* t) {
  if (t->kind == model::TypeKind::boolean) return Shown::boolean;
  if (t->kind == model::TypeKind::string) return Shown::text;
  if (t->kind == model::TypeKind::enum_) return Shown::enumeration;
  if (t->is_float()) return Shown::floating;
  if (t->is_integer()) return Shown::integer;
  return Shown::elided;
}

/// One piece of the message: literal text, or the value of `field`.
struct Part {
  std::string text;
  const model::Field* field = nullptr;
};

/// The message as alternating literal runs and shown fields (elided fields
/// are part of the literal text).
inline std::vector<Part> parts(const model::Variant& v) {
  std::vector<Part> out;
  std::string literal = v.name.original;
  if (!v.fields.empty()) literal += "(";
  for (std::size_t k = 0; k < v.fields.size(); ++k) {
    const model::Field& f = v.fields[k];
    literal += (k ? ", " : "") + f.name.original + ": ";
    if (shown(f.type) == Shown::elided) {
      literal += "...";
      continue;
    }
    out.push_back({literal, nullptr});
    out.push_back({"", &f});
    literal.clear();
  }
  if (!v.fields.empty()) literal += ")";
  if (!literal.empty()) out.push_back({literal, nullptr});
  return out;
}

}  // namespace ffidl::gen::error_message
