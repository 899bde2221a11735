#include "server.hpp"

#include <algorithm>
#include <cctype>
#include <istream>
#include <map>
#include <memory>
#include <optional>
#include <ostream>

#include <nlohmann/json.hpp>

#include "../checker.hpp"
#include "../formatter.hpp"

namespace ffidl::lsp {

namespace {

using Value = nlohmann::json;

/// The member at a path of keys, or nullptr where one is missing or a value
/// on the way is not an object (messages come from any client: never throw).
const Value* at(const Value& v, std::initializer_list<const char*> path) {
  const Value* cur = &v;
  for (const char* key : path) {
    if (!cur->is_object()) return nullptr;
    auto it = cur->find(key);
    if (it == cur->end()) return nullptr;
    cur = &*it;
  }
  return cur;
}

/// A string member at a path, or nullptr.
const std::string* string_at(const Value& v, std::initializer_list<const char*> path) {
  const Value* found = at(v, path);
  return found && found->is_string() ? found->get_ptr<const std::string*>() : nullptr;
}

/// A JSON-RPC error code (the LSP specification's numbers).
enum ErrorCode : int {
  kParseError = -32700,
  kInvalidRequest = -32600,
  kMethodNotFound = -32601,
  kInvalidParams = -32602,
  kServerNotInitialized = -32002,
};

// ---- URIs and positions ----

std::string uri_to_path(const std::string& uri) {
  std::string p = uri.rfind("file://", 0) == 0 ? uri.substr(7) : uri;
  std::string out;
  for (std::size_t i = 0; i < p.size(); ++i) {
    if (p[i] == '%' && i + 2 < p.size() && std::isxdigit(static_cast<unsigned char>(p[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(p[i + 2]))) {
      out += static_cast<char>(std::stoi(p.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += p[i];
    }
  }
  return out;
}

std::string path_to_uri(const std::string& path) {
  static const char* hex = "0123456789ABCDEF";
  std::string out = "file://";
  for (unsigned char c : path) {
    if (std::isalnum(c) || c == '/' || c == '-' || c == '_' || c == '.' || c == '~') {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += hex[c >> 4];
      out += hex[c & 15];
    }
  }
  return out;
}

/// UTF-16 code units in a UTF-8 byte range (LSP counts columns in them).
std::uint32_t utf16_units(std::string_view s) {
  std::uint32_t n = 0;
  for (std::size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    n += c >= 0xF0 ? 2 : 1;            // beyond the BMP: a surrogate pair
  }
  return n;
}

Value position(const SourceFile& f, std::uint32_t offset) {
  LineCol lc = f.line_col(offset);
  std::string_view line = f.line_text(lc.line);
  std::uint32_t bytes =
      std::min<std::uint32_t>(lc.column - 1, static_cast<std::uint32_t>(line.size()));
  return Value{{"line", lc.line - 1}, {"character", utf16_units(line.substr(0, bytes))}};
}

Value range(const SourceFile& f, std::uint32_t offset, std::uint32_t length) {
  return Value{{"start", position(f, offset)}, {"end", position(f, offset + length)}};
}

/// The byte offset of an LSP position in `text`.
std::uint32_t offset_of(const std::string& text, std::uint32_t line, std::uint32_t character) {
  std::size_t at = 0;
  for (std::uint32_t l = 0; l < line && at < text.size(); ++l) {
    std::size_t nl = text.find('\n', at);
    if (nl == std::string::npos) return static_cast<std::uint32_t>(text.size());
    at = nl + 1;
  }
  std::uint32_t units = 0;
  while (at < text.size() && text[at] != '\n' && units < character) {
    auto c = static_cast<unsigned char>(text[at]);
    units += c >= 0xF0 ? 2 : 1;
    ++at;
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0) == 0x80)
      ++at;
  }
  return static_cast<std::uint32_t>(at);
}

// ---- documents ----

/// One open document, checked.
struct Document {
  std::unique_ptr<SourceFile> file;
  std::unique_ptr<Diagnostics> diags;
  std::optional<model::Model> model;
};

std::unique_ptr<Document> analyze(const std::string& uri, const std::string& text,
                                  const std::vector<std::string>& dirs) {
  auto d = std::make_unique<Document>();
  d->file = std::make_unique<SourceFile>(uri_to_path(uri), text);
  d->diags = std::make_unique<Diagnostics>(*d->file);
  d->model = compile(*d->diags, dirs);
  return d;
}

/// A declaration a name can refer to, for hover and definition.
struct Found {
  std::string signature;
  model::Doc doc;
  Loc loc;
};

std::string params(const model::Func& f) {
  std::string out;
  for (const model::Field& p : f.params)
    out += (out.empty() ? "" : ", ") + p.name.original + ": " + p.type->spelling;
  return out;
}

std::optional<Found> find(const model::Model& m, const std::string& name) {
  for (const model::Struct& s : m.structs) {
    if (s.name.original == name) return Found{"struct " + name, s.doc, s.name.loc};
  }
  for (const model::Enum& e : m.enums) {
    if (e.name.original == name) return Found{"enum " + name, e.doc, e.name.loc};
  }
  for (const model::Union& u : m.unions) {
    if (u.name.original == name)
      return Found{std::string(u.is_error ? "error " : "union ") + name, u.doc, u.name.loc};
  }
  for (const model::Object& o : m.objects) {
    if (o.name.original == name) return Found{"object " + name, o.doc, o.name.loc};
  }
  for (const model::Const& c : m.consts) {
    if (c.name.original == name)
      return Found{"const " + name + ": " + c.type->spelling, c.doc, c.name.loc};
  }
  for (const model::Func* f : model::functions(m)) {
    if (f->owner >= 0 && f->member_name.original == name) {
      // An object's member: shown as written, without the receiver.
      const model::Object& o = m.owner_of(*f);
      model::Func shown = *f;
      if (f->member == model::Member::proc) shown.params.erase(shown.params.begin());
      std::string sig = std::string(f->member == model::Member::ctor ? "ctor " : "proc ") +
                        o.name.original + "." + name + "(" + params(shown) + ")";
      if (f->result && f->member == model::Member::proc) sig += " -> " + f->result->spelling;
      if (f->raises) sig += " raises " + f->raises->spelling;
      return Found{sig, f->doc, f->name.loc};
    }
    if (f->name.original != name) continue;
    std::string sig = std::string(model::to_string(f->kind)) + " " + name + "(" + params(*f) + ")";
    if (f->result) sig += " -> " + f->result->spelling;
    if (f->raises) sig += " raises " + f->raises->spelling;
    return Found{sig, f->doc, f->name.loc};
  }
  return std::nullopt;
}

/// The member declared at offset `at` (of the root file: offsets below its
/// size): a field, variant, enumerator or parameter, named by its owner.
std::optional<Found> member_at(const model::Model& m, std::uint32_t at) {
  auto here = [&](const model::Names& n) {
    return n.loc.length > 0 && at >= n.loc.offset && at <= n.loc.offset + n.loc.length;
  };
  auto field = [&](const model::Field& f, const std::string& owner) -> std::optional<Found> {
    if (!here(f.name)) return std::nullopt;
    return Found{f.name.original + ": " + f.type->spelling + "  (in " + owner + ")", f.doc,
                 f.name.loc};
  };
  for (const model::Struct& st : m.structs) {
    for (const model::Field& f : st.fields) {
      if (auto found = field(f, "struct " + st.name.original)) return found;
    }
  }
  for (const model::Union& u : m.unions) {
    for (const model::Variant& v : u.variants) {
      std::string owner = std::string(u.is_error ? "error " : "union ") + u.name.original;
      if (here(v.name)) {
        std::string sig = v.name.original;
        if (!v.fields.empty()) {
          sig += "(";
          for (std::size_t i = 0; i < v.fields.size(); ++i)
            sig += (i ? ", " : "") + v.fields[i].name.original + ": " + v.fields[i].type->spelling;
          sig += ")";
        }
        return Found{sig + "  (variant of " + owner + ")", v.doc, v.name.loc};
      }
      for (const model::Field& f : v.fields) {
        if (auto found = field(f, "variant " + v.name.original + " of " + owner)) return found;
      }
    }
  }
  for (const model::Enum& e : m.enums) {
    for (const model::Enumerator& v : e.enumerators) {
      if (here(v.name)) {
        return Found{v.name.original + " = " + std::to_string(v.value) + "  (in enum " +
                         e.name.original + ")",
                     v.doc, v.name.loc};
      }
    }
  }
  for (const model::Func* fn : model::functions(m)) {
    for (const model::Field& f : fn->params) {
      if (auto found = field(f, std::string(model::to_string(fn->kind)) + " " + fn->name.original))
        return found;
    }
  }
  return std::nullopt;
}

/// The identifier around byte `at` of `text`.
std::string word_at(const std::string& text, std::uint32_t at) {
  auto ident = [&](std::size_t i) {
    return i < text.size() && (std::isalnum(static_cast<unsigned char>(text[i])) || text[i] == '_');
  };
  std::size_t begin = at, end = at;
  while (begin > 0 && ident(begin - 1))
    --begin;
  while (ident(end))
    ++end;
  return text.substr(begin, end - begin);
}

class Server {
 public:
  Server(std::ostream& out, const std::vector<std::string>& dirs) : out_(out), dirs_(dirs) {}

  /// Handles one message; false once `exit` arrived.
  bool handle(const Value& msg) {
    const std::string* method = string_at(msg, {"method"});
    const Value* id = msg.is_object() ? at(msg, {"id"}) : nullptr;
    if (!method) {
      // A response to a request of ours (we send none), or not a message.
      if (!msg.is_object() || !(msg.contains("result") || msg.contains("error")))
        return error(nullptr, kInvalidRequest, "invalid request: a message needs a \"method\"");
      return true;
    }
    // An id is an integer or a string (JSON-RPC 2.0); anything else cannot
    // be answered by that id.
    if (id && !id->is_number_integer() && !id->is_string())
      return error(nullptr, kInvalidRequest,
                   "invalid request: \"id\" must be an integer or a string");
    const std::string& m = *method;
    static const Value empty = Value::object();
    const Value* params = at(msg, {"params"});
    const Value& p = params && params->is_object() ? *params : empty;
    if (m == "exit") return false;
    if (m == "initialize") {
      initialized_ = true;
      return reply(id, capabilities());
    }
    if (!initialized_) {
      // Before initialize a request is refused, a notification dropped.
      if (id)
        return error(id, kServerNotInitialized,
                     "the server is not initialized: send "
                     "\"initialize\" first");
      return true;
    }
    if (shutdown_ && id) return error(id, kInvalidRequest, "the server is shutting down");
    if (m == "initialized") return true;
    if (m == "shutdown") {
      shutdown_ = true;
      return reply(id, nullptr);
    }
    if (m == "textDocument/didOpen" || m == "textDocument/didChange") {
      const std::string* uri = string_at(p, {"textDocument", "uri"});
      const std::string* text =
          m == "textDocument/didOpen" ? string_at(p, {"textDocument", "text"}) : nullptr;
      if (const Value* changes = at(p, {"contentChanges"});
          changes && changes->is_array() && !changes->empty()) {
        text = string_at(changes->back(), {"text"});  // full sync: the last is the whole text
      }
      if (uri && text) open(*uri, *text);
      return true;
    }
    if (m == "textDocument/didClose") {
      if (const std::string* uri = string_at(p, {"textDocument", "uri"})) {
        docs_.erase(*uri);
        publish(*uri, Value::array());
      }
      return true;
    }
    if (m == "textDocument/hover" || m == "textDocument/definition") {
      std::optional<std::pair<std::uint32_t, std::uint32_t>> pos = position_of(p);
      if (!pos) {
        return error(id, kInvalidParams,
                     "invalid params: \"position\" needs \"line\" and \"character\", integers "
                     "from 0 to 4294967295");
      }
      return reply(id, m == "textDocument/hover" ? hover(p, *pos) : definition(p, *pos));
    }
    if (m == "textDocument/documentSymbol") return reply(id, symbols(p));
    if (m == "textDocument/formatting") return reply(id, formatting(p));
    if (id) return error(id, kMethodNotFound, "method not found: " + m);
    return true;  // an unknown notification
  }

  bool shut_down() const { return shutdown_; }

  /// Answers a message that is not JSON (the id cannot be known).
  void parse_error() { error(nullptr, kParseError, "parse error: the message is not valid JSON"); }

 private:
  static Value capabilities() {
    return Value{
        {"capabilities",
         {
             {"textDocumentSync", 1},  // full text on every change
             {"hoverProvider", true},
             {"definitionProvider", true},
             {"documentSymbolProvider", true},
             {"documentFormattingProvider", true},
         }},
        {"serverInfo", {{"name", "ffidlc"}, {"version", FFIDL_VERSION}}},
    };
  }

  void send(const Value& v) {
    // Text from the client (a URI, a document) may hold invalid UTF-8: it is
    // replaced by U+FFFD, so what we write is always valid JSON.
    std::string body = v.dump(-1, ' ', false, Value::error_handler_t::replace);
    out_ << "Content-Length: " << body.size() << "\r\n\r\n" << body;
    out_.flush();
  }

  bool reply(const Value* id, Value result) {
    Value r = Value::object();
    r["jsonrpc"] = "2.0";
    r["id"] = id ? *id : Value();
    r["result"] = std::move(result);
    send(r);
    return true;
  }

  bool error(const Value* id, int code, const std::string& message) {
    send(Value{{"jsonrpc", "2.0"},
               {"id", id ? *id : Value()},
               {"error", {{"code", code}, {"message", message}}}});
    return true;
  }

  void open(const std::string& uri, const std::string& text) {
    std::unique_ptr<Document>& doc = docs_[uri];
    doc = analyze(uri, text, dirs_);
    Value list = Value::array();
    for (const Diagnostic& d : doc->diags->all())
      list.push_back(diagnostic(*doc, d));
    publish(uri, std::move(list));
  }

  /// A diagnostic in this document; one in an imported file is shown at the
  /// top of the document, naming where it is.
  Value diagnostic(const Document& doc, const Diagnostic& d) const {
    auto [file, offset] = doc.diags->locate(d.loc.offset);
    Value v;
    std::string message = d.message;
    if (file == doc.file.get()) {
      v["range"] = range(*file, offset, d.loc.length);
    } else {
      LineCol lc = file->line_col(offset);
      message = file->path() + ":" + std::to_string(lc.line) + ":" + std::to_string(lc.column) +
                ": " + message;
      v["range"] = range(*doc.file, 0, 0);
    }
    v["severity"] = d.severity == Severity::error ? 1 : d.severity == Severity::warning ? 2 : 3;
    v["source"] = "ffidlc";
    v["message"] = message;
    Value related = Value::array();
    for (const Diagnostic& n : d.notes) {
      auto [nfile, noffset] = doc.diags->locate(n.loc.offset);
      related.push_back(
          {{"location",
            {{"uri", path_to_uri(nfile->path())}, {"range", range(*nfile, noffset, n.loc.length)}}},
           {"message", n.message}});
    }
    if (!related.empty()) v["relatedInformation"] = std::move(related);
    return v;
  }

  void publish(const std::string& uri, Value diagnostics) {
    // Built by assignment, not as a braced list: moving a json into
    // nlohmann's initializer-list constructor here freed an invalid pointer
    // in the RelWithDebInfo build (GCC 12), which lsp_sessions caught.
    Value params = Value::object();
    params["uri"] = uri;
    params["diagnostics"] = std::move(diagnostics);
    Value n = Value::object();
    n["jsonrpc"] = "2.0";
    n["method"] = "textDocument/publishDiagnostics";
    n["params"] = std::move(params);
    send(n);
  }

  const Document* doc(const Value& p) const {
    const std::string* uri = string_at(p, {"textDocument", "uri"});
    if (!uri) return nullptr;
    auto it = docs_.find(*uri);
    return it == docs_.end() ? nullptr : it->second.get();
  }

  /// The request's position (line, UTF-16 column), if both are integers in
  /// LSP's uinteger range.
  static std::optional<std::pair<std::uint32_t, std::uint32_t>> position_of(const Value& p) {
    auto unsigned32 = [](const Value* v) -> std::optional<std::uint32_t> {
      if (!v || !v->is_number_integer()) return std::nullopt;
      if (v->is_number_unsigned()) {
        auto u = v->get<std::uint64_t>();
        if (u > UINT32_MAX) return std::nullopt;
        return static_cast<std::uint32_t>(u);
      }
      auto i = v->get<std::int64_t>();
      if (i < 0 || i > static_cast<std::int64_t>(UINT32_MAX)) return std::nullopt;
      return static_cast<std::uint32_t>(i);
    };
    std::optional<std::uint32_t> line = unsigned32(at(p, {"position", "line"}));
    std::optional<std::uint32_t> character = unsigned32(at(p, {"position", "character"}));
    if (!line || !character) return std::nullopt;
    return std::pair{*line, *character};
  }

  /// The declaration named at the request's position, if the document checks.
  std::optional<Found> found_at(const Value& p, std::pair<std::uint32_t, std::uint32_t> pos,
                                const Document*& d) const {
    d = doc(p);
    if (!d || !d->model) return std::nullopt;
    const std::string& text = d->file->text();
    std::uint32_t at = offset_of(text, pos.first, pos.second);
    std::string word = word_at(text, at);
    if (word.empty()) return std::nullopt;
    // A member's own declaration first (a field named like a type is the
    // field there), then the declaration a name refers to.
    if (std::optional<Found> member = member_at(*d->model, at)) return member;
    return find(*d->model, word);
  }

  Value hover(const Value& p, std::pair<std::uint32_t, std::uint32_t> pos) const {
    const Document* d = nullptr;
    std::optional<Found> f = found_at(p, pos, d);
    if (!f) return nullptr;
    std::string md = "```ffidl\n" + f->signature + "\n```";
    if (!f->doc.empty()) md += "\n\n";
    for (std::size_t i = 0; i < f->doc.size(); ++i)
      md += (i ? "\n" : "") + f->doc[i];
    return Value{{"contents", {{"kind", "markdown"}, {"value", md}}}};
  }

  Value definition(const Value& p, std::pair<std::uint32_t, std::uint32_t> pos) const {
    const Document* d = nullptr;
    std::optional<Found> f = found_at(p, pos, d);
    if (!f) return nullptr;
    auto [file, offset] = d->diags->locate(f->loc.offset);
    std::string uri =
        file == d->file.get() ? *string_at(p, {"textDocument", "uri"}) : path_to_uri(file->path());
    return Value{{"uri", uri}, {"range", range(*file, offset, f->loc.length)}};
  }

  Value symbols(const Value& p) const {
    const Document* d = doc(p);
    Value list = Value::array();
    if (!d || !d->model) return list;
    const model::Model& m = *d->model;
    auto add = [&](const model::Names& n, int kind, const std::string& detail) {
      auto [file, offset] = d->diags->locate(n.loc.offset);
      if (file != d->file.get()) return;  // declared in an imported file
      Value where = range(*file, offset, n.loc.length);
      list.push_back({{"name", n.original},
                      {"detail", detail},
                      {"kind", kind},
                      {"range", where},
                      {"selectionRange", where}});
    };
    // LSP SymbolKind: 10 Enum, 12 Function, 14 Constant, 23 Struct, 24 Event (objects below).
    for (const model::Const& c : m.consts)
      add(c.name, 14, c.type->spelling);
    for (const model::Enum& e : m.enums)
      add(e.name, 10, "enum");
    for (const model::Struct& s : m.structs)
      add(s.name, 23, "struct");
    for (const model::Union& u : m.unions)
      add(u.name, 10, u.is_error ? "error" : "union");
    // 5 Class, 6 Method, 9 Constructor: an object and its members.
    for (const model::Object& o : m.objects)
      add(o.name, 5, "object");
    for (const model::Func* f : model::functions(m)) {
      if (f->owner >= 0) {
        model::Names n = f->name;
        n.original = m.owner_of(*f).name.original + "." + f->member_name.original;
        add(n, f->member == model::Member::ctor ? 9 : 6,
            f->member == model::Member::ctor ? "ctor" : "proc");
        continue;
      }
      add(f->name, f->kind == model::FuncKind::event ? 24 : 12, model::to_string(f->kind));
    }
    return list;
  }

  Value formatting(const Value& p) const {
    const Document* d = doc(p);
    Value edits = Value::array();
    if (!d || !d->model) return edits;  // the formatter needs a schema that checks
    const std::string& text = d->file->text();
    std::string formatted = format_schema(text);
    if (formatted == text) return edits;
    auto lines = static_cast<std::uint64_t>(std::count(text.begin(), text.end(), '\n') + 1);
    edits.push_back({{"range",
                      {{"start", {{"line", 0}, {"character", 0}}},
                       {"end", {{"line", lines}, {"character", 0}}}}},
                     {"newText", formatted}});
    return edits;
  }

  std::ostream& out_;
  const std::vector<std::string>& dirs_;
  std::map<std::string, std::unique_ptr<Document>> docs_;
  bool initialized_ = false;
  bool shutdown_ = false;
};

/// Reads one framed message body; nullopt at the end of input.
std::optional<std::string> read_message(std::istream& in) {
  std::size_t length = 0;
  bool have_length = false;
  std::string line;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) {
      if (!have_length) continue;  // stray blank line
      std::string body(length, '\0');
      in.read(body.data(), static_cast<std::streamsize>(length));
      if (static_cast<std::size_t>(in.gcount()) != length) return std::nullopt;
      return body;
    }
    const std::string key = "Content-Length:";
    if (line.size() > key.size() && line.compare(0, key.size(), key) == 0) {
      length = static_cast<std::size_t>(std::strtoull(line.c_str() + key.size(), nullptr, 10));
      have_length = length < (64u << 20);  // refuse absurd lengths
    }
  }
  return std::nullopt;
}

}  // namespace

int serve(std::istream& in, std::ostream& out, const std::vector<std::string>& import_dirs) {
  Server server(out, import_dirs);
  while (std::optional<std::string> body = read_message(in)) {
    // Parsed without exceptions: a malformed message is answered, never fatal.
    Value msg = Value::parse(*body, nullptr, /*allow_exceptions=*/false);
    if (msg.is_discarded()) {
      server.parse_error();
      continue;
    }
    if (!server.handle(msg)) return server.shut_down() ? 0 : 1;
  }
  return server.shut_down() ? 0 : 1;
}

}  // namespace ffidl::lsp
