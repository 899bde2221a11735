// A small JSON value for the language server's JSON-RPC messages: parse
// and serialize, nothing else (the project's dependencies have no JSON
// library, and LSP messages are small).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ffidl::lsp {

class Value {
 public:
  enum class Kind { null, boolean, number, string, array, object };

  Value() = default;
  static Value boolean(bool b);
  static Value number(double n);
  static Value string(std::string s);
  static Value array(std::vector<Value> items = {});
  static Value object(std::vector<std::pair<std::string, Value>> members = {});

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::null; }
  bool as_bool() const { return b_; }
  double as_number() const { return n_; }
  const std::string& as_string() const { return s_; }
  const std::vector<Value>& items() const { return items_; }
  const std::vector<std::pair<std::string, Value>>& members() const { return members_; }

  /// The member `key` of an object, or nullptr.
  const Value* get(std::string_view key) const;
  /// Follows a path of keys: v.at({"params", "textDocument", "uri"}).
  const Value* at(std::initializer_list<std::string_view> path) const;
  /// Adds (or replaces) a member of an object.
  Value& set(std::string key, Value v);
  /// Appends to an array.
  Value& push(Value v);

  std::string dump() const;

 private:
  Kind kind_ = Kind::null;
  bool b_ = false;
  double n_ = 0;
  std::string s_;
  std::vector<Value> items_;
  std::vector<std::pair<std::string, Value>> members_;
};

/// Parses one JSON text; nullopt if it is not valid JSON.
std::optional<Value> parse_json(std::string_view text);

}  // namespace ffidl::lsp
