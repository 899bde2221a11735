// CBOR: encoding and decoding any value, at any depth, by the same walk.
#include "cpp/marshal.hpp"

namespace ffidl::gen::cpp {

void Marshal::encode_value(const model::Type* t, const std::string& v, int depth) {
  std::string d = std::to_string(depth);
  switch (t->kind) {
    case model::TypeKind::boolean:
      e_.print("w.boolean(" + v + ");");
      break;
    case model::TypeKind::f32:
      e_.print("w.f32(" + v + ");");
      break;
    case model::TypeKind::f64:
      e_.print("w.f64(" + v + ");");
      break;
    case model::TypeKind::string:
      e_.print("w.text(" + v + ");");
      break;
    case model::TypeKind::bytes:
      e_.print(cat({"w.bytes(", v, ".data(), ", v, ".size());"}));
      break;
    case model::TypeKind::enum_:
      e_.print("encode_enum(w, " + v + ");");
      break;
    case model::TypeKind::object_:
      e_.print("ffidl::encode_object(w, " + v + ");");
      break;
    case model::TypeKind::struct_:
    case model::TypeKind::union_:
      e_.print("encode(w, " + v + ");");
      break;
    case model::TypeKind::list:
      e_.print(cat({"w.array(", v, ".size());\nfor (const auto& e", d, " : ", v, ") {"}));
      e_.indent();
      encode_value(t->elem, "e" + d, depth + 1);
      e_.outdent();
      e_.print("}");
      break;
    case model::TypeKind::map:
      e_.print(cat({"w.map(", v, ".size());\nfor (const auto& [k", d, ", v", d, "] : ", v, ") {"}));
      e_.indent();
      encode_value(t->key, "k" + d, depth + 1);
      encode_value(t->elem, "v" + d, depth + 1);
      e_.outdent();
      e_.print("}");
      break;
    case model::TypeKind::optional:
      e_.print(cat({"if (", v, ") {"}));
      e_.indent();
      encode_value(t->elem, "(*" + v + ")", depth + 1);
      e_.outdent();
      e_.emit(R"(
            } else {
                w.null();
            }
            )");
      break;
    default:
      e_.print((t->is_signed() ? "w.sint(" : "w.uint(") + v + ");");
  }
}

void Marshal::decode_value(const model::Type* t, const std::string& x, int depth) {
  std::string d = std::to_string(depth);
  switch (t->kind) {
    case model::TypeKind::boolean:
      e_.print("if (!r.boolean(" + x + ")) return false;");
      break;
    case model::TypeKind::f64:
      e_.print("if (!r.f64(" + x + ")) return false;");
      break;
    case model::TypeKind::f32:
      e_.print(cat({"{\n    double t", d, " = 0;\n    if (!r.f64(t", d, ")) return false;\n    ", x,
                    " = static_cast<float>(t", d, ");\n}"}));
      break;
    case model::TypeKind::string:
      e_.print("if (!r.text(" + x + ")) return false;");
      break;
    case model::TypeKind::bytes:
      e_.print("if (!r.bytes(" + x + ")) return false;");
      break;
    case model::TypeKind::enum_:
      e_.print("if (!decode_enum(r, " + x + ")) return false;");
      break;
    case model::TypeKind::object_:
      e_.print("if (!ffidl::decode_object(r, " + x + ")) return false;");
      break;
    case model::TypeKind::struct_:
    case model::TypeKind::union_:
      e_.print("if (!decode(r, " + x + ")) return false;");
      break;
    case model::TypeKind::list:
      decode_list(t, x, depth);
      break;
    case model::TypeKind::map:
      decode_map(t, x, depth);
      break;
    case model::TypeKind::optional:
      e_.print(cat({"if (r.null()) {\n    ", x, ".reset();\n} else {"}));
      e_.indent();
      e_.print(cat({cpp_t(t->elem), " o", d, "{};"}));
      decode_value(t->elem, "o" + d, depth + 1);
      e_.print(cat({x, " = std::move(o", d, ");"}));
      e_.outdent();
      e_.print("}");
      break;
    default:
      decode_integer(t, x, depth);
  }
}

void Marshal::decode_list(const model::Type* t, const std::string& x, int depth) {
  std::string d = std::to_string(depth);
  e_.print(
      cat({"{\n    std::size_t n", d, " = 0;\n    if (!r.array(n", d, ")) return false;\n    ", x,
           ".clear();\n    for (std::size_t i", d, " = 0; i", d, " < n", d, "; ++i", d, ") {"}));
  e_.indent();
  e_.indent();
  e_.print(cat({"r.push(i", d, ");\n", cpp_t(t->elem), " e", d, "{};"}));
  decode_value(t->elem, "e" + d, depth + 1);
  e_.print(cat({x, ".push_back(std::move(e", d, "));\nr.pop();"}));
  e_.outdent();
  e_.print("}\nr.leave();");
  e_.outdent();
  e_.print("}");
}

void Marshal::decode_map(const model::Type* t, const std::string& x, int depth) {
  std::string d = std::to_string(depth);
  e_.print(
      cat({"{\n    std::size_t n", d, " = 0;\n    if (!r.map(n", d, ")) return false;\n    ", x,
           ".clear();\n    for (std::size_t i", d, " = 0; i", d, " < n", d, "; ++i", d, ") {"}));
  e_.indent();
  e_.indent();
  e_.print(cat({cpp_t(t->key), " k", d, "{};"}));
  decode_value(t->key, "k" + d, depth + 1);
  e_.print(t->key->kind == model::TypeKind::string
               ? cat({"r.push(k", d, ");"})
               : cat({"r.push_key(static_cast<std::", t->key->is_signed() ? "int64_t" : "uint64_t",
                      ">(k", d, "));"}));
  e_.print(cat({cpp_t(t->elem), " v", d, "{};"}));
  decode_value(t->elem, "v" + d, depth + 1);
  e_.print(cat({x, ".insert_or_assign(std::move(k", d, "), std::move(v", d, "));\nr.pop();"}));
  e_.outdent();
  e_.print("}\nr.leave();");
  e_.outdent();
  e_.print("}");
}

void Marshal::decode_integer(const model::Type* t, const std::string& x, int depth) {
  std::string d = std::to_string(depth);
  std::string T = cpp_t(t);
  if (t->is_signed()) {
    e_.print(cat({"{\n    std::int64_t t", d, " = 0;\n    if (!r.i64(t", d,
                  ", std::numeric_limits<", T, ">::min(), std::numeric_limits<", T,
                  ">::max())) return false;\n    ", x, " = static_cast<", T, ">(t", d, ");\n}"}));
  } else {
    e_.print(
        cat({"{\n    std::uint64_t t", d, " = 0;\n    if (!r.u64(t", d, ", std::numeric_limits<", T,
             ">::max())) return false;\n    ", x, " = static_cast<", T, ">(t", d, ");\n}"}));
  }
}

}  // namespace ffidl::gen::cpp
