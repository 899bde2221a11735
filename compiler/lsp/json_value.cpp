#include "json_value.hpp"

#include <cmath>
#include <cstdlib>

#include "../json.hpp"
#include "ffidl/utf8.hpp"

namespace ffidl::lsp {

Value Value::boolean(bool b) {
  Value v;
  v.kind_ = Kind::boolean;
  v.b_ = b;
  return v;
}
Value Value::number(double n) {
  Value v;
  v.kind_ = Kind::number;
  v.n_ = n;
  return v;
}
Value Value::string(std::string s) {
  Value v;
  v.kind_ = Kind::string;
  v.s_ = std::move(s);
  return v;
}
Value Value::array(std::vector<Value> items) {
  Value v;
  v.kind_ = Kind::array;
  v.items_ = std::move(items);
  return v;
}
Value Value::object(std::vector<std::pair<std::string, Value>> members) {
  Value v;
  v.kind_ = Kind::object;
  v.members_ = std::move(members);
  return v;
}

const Value* Value::get(std::string_view key) const {
  for (const auto& [k, v] : members_) {
    if (k == key) return &v;
  }
  return nullptr;
}

const Value* Value::at(std::initializer_list<std::string_view> path) const {
  const Value* v = this;
  for (std::string_view key : path) {
    v = v->get(key);
    if (!v) return nullptr;
  }
  return v;
}

Value& Value::set(std::string key, Value v) {
  kind_ = Kind::object;
  for (auto& [k, existing] : members_) {
    if (k == key) return existing = std::move(v);
  }
  return members_.emplace_back(std::move(key), std::move(v)).second;
}

Value& Value::push(Value v) {
  kind_ = Kind::array;
  return items_.emplace_back(std::move(v));
}

std::string Value::dump() const {
  switch (kind_) {
    case Kind::null:
      return "null";
    case Kind::boolean:
      return b_ ? "true" : "false";
    case Kind::number: {
      if (std::floor(n_) == n_ && std::fabs(n_) < 1e15)
        return std::to_string(static_cast<long long>(n_));
      return std::to_string(n_);
    }
    case Kind::string:
      return json_quote(s_);
    case Kind::array: {
      std::string out = "[";
      for (std::size_t i = 0; i < items_.size(); ++i)
        out += (i ? "," : "") + items_[i].dump();
      return out + "]";
    }
    case Kind::object: {
      std::string out = "{";
      for (std::size_t i = 0; i < members_.size(); ++i)
        out += (i ? "," : "") + json_quote(members_[i].first) + ":" + members_[i].second.dump();
      return out + "}";
    }
  }
  return "null";
}

namespace {

class Parser {
 public:
  explicit Parser(std::string_view t) : t_(t) {}

  std::optional<Value> run() {
    std::optional<Value> v = value(0);
    ws();
    if (!v || i_ != t_.size()) return std::nullopt;
    return v;
  }

 private:
  void ws() {
    while (i_ < t_.size() && (t_[i_] == ' ' || t_[i_] == '\n' || t_[i_] == '\r' || t_[i_] == '\t'))
      ++i_;
  }
  bool lit(std::string_view word) {
    if (t_.substr(i_, word.size()) != word) return false;
    i_ += word.size();
    return true;
  }

  std::optional<Value> value(int depth) {
    if (depth > 64) return std::nullopt;  // hostile nesting
    ws();
    if (i_ >= t_.size()) return std::nullopt;
    char c = t_[i_];
    if (c == '{') return object(depth);
    if (c == '[') return array(depth);
    if (c == '"') {
      std::optional<std::string> s = string();
      if (!s) return std::nullopt;
      return Value::string(std::move(*s));
    }
    if (lit("true")) return Value::boolean(true);
    if (lit("false")) return Value::boolean(false);
    if (lit("null")) return Value();
    const char* begin = t_.data() + i_;
    char* end = nullptr;
    std::string copy(begin, std::min<std::size_t>(t_.size() - i_, 64));
    double n = std::strtod(copy.c_str(), &end);
    if (end == copy.c_str()) return std::nullopt;
    i_ += static_cast<std::size_t>(end - copy.c_str());
    return Value::number(n);
  }

  std::optional<Value> object(int depth) {
    ++i_;
    Value v = Value::object();
    ws();
    if (i_ < t_.size() && t_[i_] == '}') {
      ++i_;
      return v;
    }
    while (true) {
      ws();
      if (i_ >= t_.size() || t_[i_] != '"') return std::nullopt;
      std::optional<std::string> key = string();
      ws();
      if (!key || i_ >= t_.size() || t_[i_++] != ':') return std::nullopt;
      std::optional<Value> member = value(depth + 1);
      if (!member) return std::nullopt;
      v.set(std::move(*key), std::move(*member));
      ws();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == '}') {
        ++i_;
        return v;
      }
      return std::nullopt;
    }
  }

  std::optional<Value> array(int depth) {
    ++i_;
    Value v = Value::array();
    ws();
    if (i_ < t_.size() && t_[i_] == ']') {
      ++i_;
      return v;
    }
    while (true) {
      std::optional<Value> item = value(depth + 1);
      if (!item) return std::nullopt;
      v.push(std::move(*item));
      ws();
      if (i_ < t_.size() && t_[i_] == ',') {
        ++i_;
        continue;
      }
      if (i_ < t_.size() && t_[i_] == ']') {
        ++i_;
        return v;
      }
      return std::nullopt;
    }
  }

  std::optional<std::uint32_t> hex4() {
    if (i_ + 4 > t_.size()) return std::nullopt;
    std::uint32_t v = 0;
    for (int k = 0; k < 4; ++k) {
      char h = t_[i_++];
      v <<= 4;
      if (h >= '0' && h <= '9')
        v |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f')
        v |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F')
        v |= static_cast<std::uint32_t>(h - 'A' + 10);
      else
        return std::nullopt;
    }
    return v;
  }

  std::optional<std::string> string() {
    ++i_;  // the opening quote
    std::string out;
    while (i_ < t_.size()) {
      char c = t_[i_++];
      if (c == '"') return out;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (i_ >= t_.size()) return std::nullopt;
      char e = t_[i_++];
      switch (e) {
        case 'n':
          out += '\n';
          break;
        case 't':
          out += '\t';
          break;
        case 'r':
          out += '\r';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case '/':
          out += '/';
          break;
        case '\\':
          out += '\\';
          break;
        case '"':
          out += '"';
          break;
        case 'u': {
          std::optional<std::uint32_t> cp = hex4();
          if (!cp) return std::nullopt;
          if (*cp >= 0xD800 && *cp <= 0xDBFF && t_.substr(i_, 2) == "\\u") {
            i_ += 2;
            std::optional<std::uint32_t> low = hex4();
            if (!low || *low < 0xDC00 || *low > 0xDFFF) return std::nullopt;
            *cp = 0x10000 + ((*cp - 0xD800) << 10) + (*low - 0xDC00);
          }
          utf8::append(out, *cp);
          break;
        }
        default:
          return std::nullopt;
      }
    }
    return std::nullopt;
  }

  std::string_view t_;
  std::size_t i_ = 0;
};

}  // namespace

std::optional<Value> parse_json(std::string_view text) {
  return Parser(text).run();
}

}  // namespace ffidl::lsp
