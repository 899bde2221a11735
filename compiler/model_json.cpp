#include "model_json.hpp"

#include "json.hpp"

#include <fmt/format.h>

#include <cmath>

namespace ffidl {

namespace {

/// A minimal pretty-printing JSON writer: objects and arrays nest, commas
/// and indentation are handled here so callers only name keys and values.
class Json {
 public:
  void begin_object(const char* key = nullptr) { open(key, '{'); }
  void end_object() { close('}'); }
  void begin_array(const char* key = nullptr) { open(key, '['); }
  void end_array() { close(']'); }

  void value(const char* key, const std::string& s) { item(key, json_quote(s)); }
  void value(const char* key, const char* s) { item(key, json_quote(s)); }
  void value(const char* key, bool b) { item(key, b ? "true" : "false"); }
  void value(const char* key, std::int64_t v) { item(key, std::to_string(v)); }
  void value(const char* key, std::uint64_t v) { item(key, std::to_string(v)); }
  void value(const char* key, double v) {
    item(key, std::isfinite(v) ? fmt::format("{}", v) : json_quote(fmt::format("{}", v)));
  }
  void null(const char* key) { item(key, "null"); }

  std::string str() const { return out_ + "\n"; }

 private:
  void prefix(const char* key) {
    if (!first_.empty()) {
      if (!first_.back()) out_ += ',';
      first_.back() = false;
      out_ += '\n';
      out_.append(first_.size() * 2, ' ');
    }
    if (key) out_ += json_quote(key) + ": ";
  }
  void item(const char* key, const std::string& text) {
    prefix(key);
    out_ += text;
  }
  void open(const char* key, char bracket) {
    prefix(key);
    out_ += bracket;
    first_.push_back(true);
  }
  void close(char bracket) {
    bool empty = first_.back();
    first_.pop_back();
    if (!empty) {
      out_ += '\n';
      out_.append(first_.size() * 2, ' ');
    }
    out_ += bracket;
  }

  std::string out_;
  std::vector<bool> first_;
};

void names(Json& j, const model::Names& n) {
  j.begin_object("names");
  j.value("original", n.original);
  j.value("snake", n.snake);
  j.value("camel", n.camel);
  j.value("pascal", n.pascal);
  j.value("upper", n.upper);
  j.end_object();
}

void doc(Json& j, const model::Doc& d) {
  if (d.empty()) return;
  j.begin_array("doc");
  for (const std::string& line : d)
    j.value(nullptr, line);
  j.end_array();
}

void fields(Json& j, const char* key, const std::vector<model::Field>& fs) {
  j.begin_array(key);
  for (const model::Field& f : fs) {
    j.begin_object();
    names(j, f.name);
    doc(j, f.doc);
    j.value("type", f.type->spelling);
    j.end_object();
  }
  j.end_array();
}

void func(Json& j, const char* key, const model::Func& f) {
  j.begin_object(key);
  j.value("kind", model::to_string(f.kind));
  names(j, f.name);
  doc(j, f.doc);
  fields(j, "params", f.params);
  if (f.result) {
    j.value("result", f.result->spelling);
  } else {
    j.null("result");
  }
  if (f.raises) j.value("raises", f.raises->spelling);
  j.value("abi", model::to_string(f.abi));
  if (f.owner >= 0) {
    // An object's ctor or proc, lowered to a proc of the library.
    j.begin_object("member");
    j.value("kind", f.member == model::Member::ctor ? "ctor" : "proc");
    j.value("object", static_cast<std::int64_t>(f.owner));
    names(j, f.member_name);
    j.value("symbol", f.symbol());
    j.end_object();
  }
  j.end_object();
}

}  // namespace

std::string to_json(const model::Model& m) {
  Json j;
  j.begin_object();
  j.begin_object("library");
  names(j, m.library.name);
  doc(j, m.library.doc);
  j.value("version", m.library.version);
  j.value("abi", model::to_string(m.library.abi));
  const model::RuntimeSettings& r = m.library.runtime;
  if (r.stale_warn_ms || r.drain_timeout_ms || r.event_queue_limit || r.request_queue_limit) {
    j.begin_object("runtime");
    for (auto [key, value] : {std::pair{"stale_warn_ms", r.stale_warn_ms},
                              std::pair{"drain_timeout_ms", r.drain_timeout_ms},
                              std::pair{"event_queue_limit", r.event_queue_limit},
                              std::pair{"request_queue_limit", r.request_queue_limit}}) {
      if (value) j.value(key, *value);
    }
    j.end_object();
  }
  j.end_object();

  j.begin_array("consts");
  for (const model::Const& c : m.consts) {
    j.begin_object();
    names(j, c.name);
    doc(j, c.doc);
    j.value("type", c.type->spelling);
    std::visit([&](const auto& v) { j.value("value", v); }, c.value);
    j.end_object();
  }
  j.end_array();

  j.begin_array("enums");
  for (const model::Enum& e : m.enums) {
    j.begin_object();
    names(j, e.name);
    doc(j, e.doc);
    j.begin_array("enumerators");
    for (const model::Enumerator& item : e.enumerators) {
      j.begin_object();
      names(j, item.name);
      doc(j, item.doc);
      j.value("value", item.value);
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.end_array();

  j.begin_array("structs");
  for (const model::Struct& s : m.structs) {
    j.begin_object();
    names(j, s.name);
    doc(j, s.doc);
    j.value("recursive", s.recursive);
    fields(j, "fields", s.fields);
    j.end_object();
  }
  j.end_array();

  j.begin_array("unions");
  for (const model::Union& u : m.unions) {
    j.begin_object();
    names(j, u.name);
    doc(j, u.doc);
    j.value("error", u.is_error);
    j.value("recursive", u.recursive);
    j.begin_array("variants");
    for (const model::Variant& v : u.variants) {
      j.begin_object();
      names(j, v.name);
      doc(j, v.doc);
      fields(j, "fields", v.fields);
      j.end_object();
    }
    j.end_array();
    j.end_object();
  }
  j.end_array();

  j.begin_array("objects");
  for (const model::Object& o : m.objects) {
    j.begin_object();
    names(j, o.name);
    doc(j, o.doc);
    j.begin_array("ctors");
    for (int i : o.ctors)
      j.value(nullptr, static_cast<std::int64_t>(i));
    j.end_array();
    j.begin_array("procs");
    for (int i : o.procs)
      j.value(nullptr, static_cast<std::int64_t>(i));
    j.end_array();
    j.value("dtor", o.has_dtor);
    if (!o.dtor_doc.empty()) {
      j.begin_array("dtor_doc");
      for (const std::string& line : o.dtor_doc)
        j.value(nullptr, line);
      j.end_array();
    }
    j.end_object();
  }
  j.end_array();

  j.begin_array("record_order");
  for (const model::RecordRef& rec : m.record_order) {
    const auto i = static_cast<std::size_t>(rec.index);
    j.value(nullptr, rec.kind == model::RecordRef::Kind::struct_ ? m.structs[i].name.original
                                                                 : m.unions[i].name.original);
  }
  j.end_array();

  if (m.ctor) {
    func(j, "ctor", *m.ctor);
  } else {
    j.null("ctor");
  }
  if (m.dtor) {
    func(j, "dtor", *m.dtor);
  } else {
    j.null("dtor");
  }
  const std::pair<const char*, const std::vector<model::Func>*> groups[] = {
      {"procs", &m.procs},
      {"static_procs", &m.static_procs},
      {"events", &m.events},
      {"hosts", &m.hosts}};
  for (const auto& [key, list] : groups) {
    j.begin_array(key);
    for (const model::Func& f : *list)
      func(j, nullptr, f);
    j.end_array();
  }

  j.begin_array("types");
  for (const model::Type& t : m.types) {
    j.begin_object();
    j.value("spelling", t.spelling);
    j.value("kind", model::to_string(t.kind));
    j.end_object();
  }
  j.end_array();
  j.end_object();
  return j.str();
}

}  // namespace ffidl
