#include "compat.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

namespace ffidl::compat {

namespace {

using model::TypeKind;

// Which way values of a type travel: in calls and host answers (the
// library decodes them) or in results, events and host calls (old clients
// decode them). The CBOR rules depend on who decodes.
constexpr int to_library = 1;
constexpr int to_client = 2;

int param_flow(const model::Func& f) {
  return f.kind == model::FuncKind::event || f.kind == model::FuncKind::host ? to_client
                                                                             : to_library;
}

int result_flow(const model::Func& f) {
  return f.kind == model::FuncKind::host ? to_library : to_client;
}

/// A function as the schema writes it: `proc 'say'`, and for an object's
/// members `ctor 'TodoList.new'`, `proc 'TodoList.add_item'` (the model
/// holds them as procs named TodoList_new, TodoList_add_item).
std::string key(const model::Func& f) {
  if (f.owner >= 0) {
    const std::string object =
        f.name.original.substr(0, f.name.original.size() - f.member_name.original.size() - 1);
    return std::string(f.member == model::Member::ctor ? "ctor" : "proc") + " '" + object + "." +
           f.member_name.original + "'";
  }
  return std::string(model::describe(f.kind)) + " '" + f.name.original + "'";
}

/// The directions values of each struct and enum travel in, by name.
struct Flows {
  std::map<std::string, int> of;

  explicit Flows(const model::Model& m) {
    std::function<void(const model::Type*, int)> mark = [&](const model::Type* t, int flow) {
      if (!t) return;
      if (t->kind == TypeKind::enum_) of[m.enum_of(*t).name.original] |= flow;
      if (model::is_record(t)) {
        int& seen = of[t->kind == TypeKind::struct_ ? m.struct_of(*t).name.original
                                                    : m.union_of(*t).name.original];
        if ((seen | flow) == seen) return;  // also ends recursion
        seen |= flow;
      }
      model::for_each_held(m, t,
                           [&](const model::Type* held, model::Held, int) { mark(held, flow); });
    };
    for (const model::Func* f : model::functions(m)) {
      for (const model::Field& p : f->params)
        mark(p.type, param_flow(*f));
      mark(f->result, result_flow(*f));
      mark(f->raises, result_flow(*f));  // an error travels where the result does
    }
  }
  int operator()(const std::string& name) const {
    auto it = of.find(name);
    return it == of.end() ? 0 : it->second;
  }
};

Verdict ok(std::string reason) {
  return {false, std::move(reason)};
}
Verdict breaks(std::string reason) {
  return {true, std::move(reason)};
}

int width(TypeKind k) {
  switch (k) {
    case TypeKind::i8:
    case TypeKind::u8:
      return 8;
    case TypeKind::i16:
    case TypeKind::u16:
      return 16;
    case TypeKind::i32:
    case TypeKind::u32:
    case TypeKind::f32:
      return 32;
    default:
      return 64;
  }
}

/// True if every value of `from` is a value of `to` (CBOR integers and
/// floats carry no width).
bool widens(const model::Type* from, const model::Type* to) {
  if (from->is_float() && to->is_float()) return width(to->kind) >= width(from->kind);
  if (!from->is_integer() || !to->is_integer()) return false;
  if (from->is_signed()) return to->is_signed() && width(to->kind) >= width(from->kind);
  return to->is_signed() ? width(to->kind) > width(from->kind)
                         : width(to->kind) >= width(from->kind);
}

bool required(const model::Type* t) {
  return t->kind != TypeKind::optional;
}

// ---- the CBOR rules for a member of a map (a struct field, a parameter) ----

Verdict cbor_added(const model::Type* t, int flow) {
  if ((flow & to_library) && required(t))
    return breaks("old clients do not send it, and it is required");
  if (flow & to_library) return ok("old clients omit it: the library sees it absent");
  return ok("old clients skip a key they do not know");
}

Verdict cbor_removed(const model::Type* t, int flow) {
  if ((flow & to_client) && required(t))
    return breaks("old clients require it and no longer receive it");
  if (flow & to_client) return ok("old clients see it absent");
  return ok("the library skips the key old clients still send");
}

Verdict cbor_retyped(const model::Type* from, const model::Type* to, int flow) {
  if (to->kind == TypeKind::optional && to->elem->spelling == from->spelling) {
    if (flow & to_client) return breaks("old clients cannot take an absent value");
    return ok("old clients always send a value");
  }
  if (from->kind == TypeKind::optional && from->elem->spelling == to->spelling) {
    if (flow & to_library) return breaks("old clients may leave it absent");
    return ok("old clients always receive a value");
  }
  if (widens(from, to)) {
    if (flow & to_client)
      return breaks(fmt::format("old clients decode {}, and {} values may not fit", from->spelling,
                                to->spelling));
    return ok(fmt::format("every {} old clients send is a {}", from->spelling, to->spelling));
  }
  return breaks(fmt::format("a {} does not decode as a {}", from->spelling, to->spelling));
}

class Comparer {
 public:
  Comparer(const model::Model& o, const model::Model& n)
      : old_(o), new_(n), old_flows_(o), new_flows_(n) {}

  std::vector<Change> run() {
    library();
    types();
    funcs();
    consts();
    return std::move(out_);
  }

 private:
  void add(bool at_old, Loc loc, std::string what, Verdict native, Verdict cbor) {
    out_.push_back({at_old, loc, std::move(what), std::move(native), std::move(cbor)});
  }

  void library() {
    const model::Library& o = old_.library;
    const model::Library& n = new_.library;
    if (o.name.original != n.name.original) {
      std::string why = "every export is named after the library";
      add(false, n.name.loc,
          fmt::format("library renamed from '{}' to '{}'", o.name.original, n.name.original),
          breaks(why), breaks(why));
    }
    if (o.version != n.version) {
      add(false, n.version_loc,
          fmt::format("version changed from '{}' to '{}'", o.version, n.version),
          ok("versions are information, not ABI"), ok("versions are information, not ABI"));
    }
    if (o.runtime.stale_warn_ms != n.runtime.stale_warn_ms ||
        o.runtime.drain_timeout_ms != n.runtime.drain_timeout_ms ||
        o.runtime.event_queue_limit != n.runtime.event_queue_limit ||
        o.runtime.request_queue_limit != n.runtime.request_queue_limit) {
      add(false, n.name.loc, "runtime settings changed", ok("settings are not ABI"),
          ok("settings are not ABI"));
    }
  }

  // ---- structs and enums ----

  void types() {
    declarations("struct", old_.structs, new_.structs,
                 [&](const model::Struct& o, const model::Struct& n) { fields(o, n); });
    declarations("enum", old_.enums, new_.enums,
                 [&](const model::Enum& o, const model::Enum& n) { enumerators(o, n); });
    declarations("union", old_.unions, new_.unions,
                 [&](const model::Union& o, const model::Union& n) { variants(o, n); });
  }

  /// Variants matched by name. Natively the tag is the variant's index and
  /// the C mirror has a member per variant, so any change breaks; on CBOR a
  /// variant travels by name.
  void variants(const model::Union& o, const model::Union& n) {
    const std::string& u = n.name.original;
    int flow = old_flows_(u) | new_flows_(u);
    Verdict native = native_layout(u, flow, "the C layout and tags");
    std::map<std::string, const model::Variant*> olds;
    for (const model::Variant& v : o.variants)
      olds[v.name.original] = &v;
    for (std::size_t i = 0; i < n.variants.size(); ++i) {
      const model::Variant& v = n.variants[i];
      auto it = olds.find(v.name.original);
      if (it == olds.end()) {
        Verdict cbor = (flow & to_client)
                           ? breaks(
                                 "an old client cannot decode it (it answers a decode error "
                                 "for the whole value)")
                           : ok("old clients never send it");
        add(false, v.name.loc, fmt::format("variant '{}' added to '{}'", v.name.original, u),
            native, flow ? cbor : ok("no function uses it"));
        continue;
      }
      if (i >= o.variants.size() || o.variants[i].name.original != v.name.original)
        add(false, v.name.loc, fmt::format("variant '{}' of '{}' moved", v.name.original, u),
            native, ok("variants travel by name"));
      members({"field", "variant '" + v.name.original + "' of '" + u + "'", v.name.loc, native,
               flow, "a variant's fields are a map keyed by name"},
              it->second->fields, v.fields);
      olds.erase(it);
    }
    for (const auto& [name, v] : olds) {
      Verdict cbor = (flow & to_library) ? breaks("old clients may still send it")
                                         : ok("the library no longer sends it");
      add(true, v->name.loc, fmt::format("variant '{}' removed from '{}'", name, u), native,
          flow ? cbor : ok("no function uses it"));
    }
  }

  /// Structs or enums by name: added, removed, or compared by `changed`.
  template <typename Decl, typename Compare>
  void declarations(const char* kind, const std::vector<Decl>& olds, const std::vector<Decl>& news,
                    Compare changed) {
    std::map<std::string, const Decl*> remaining;
    for (const Decl& d : olds)
      remaining[d.name.original] = &d;
    for (const Decl& d : news) {
      auto it = remaining.find(d.name.original);
      if (it == remaining.end()) {
        std::string why = "no function of the old schema uses it";
        add(false, d.name.loc, fmt::format("{} '{}' added", kind, d.name.original), ok(why),
            ok(why));
        continue;
      }
      changed(*it->second, d);
      remaining.erase(it);
    }
    for (const auto& [name, d] : remaining) {
      std::string why = "what used it is reported where it was used";
      add(true, d->name.loc, fmt::format("{} '{}' removed", kind, name), ok(why), ok(why));
    }
  }

  /// The native verdict for a change inside type `name`.
  Verdict native_layout(const std::string& name, int flow, const char* what) {
    if (flow == 0) return ok("no function uses it");
    return breaks(
        fmt::format("it changes {} of '{}' and the ABI of every function that "
                    "reaches it",
                    what, name));
  }

  void fields(const model::Struct& o, const model::Struct& n) {
    const std::string& s = n.name.original;
    int flow = old_flows_(s) | new_flows_(s);
    members({"field", "struct '" + s + "'", n.name.loc, native_layout(s, flow, "the C layout"),
             flow, "a struct is a map keyed by field name"},
            o.fields, n.fields);
  }

  /// Where members (a struct's fields, a function's parameters) live and
  /// what changing them means.
  struct Owner {
    const char* member;  // "field", "parameter"
    std::string name;    // "struct 'S'", "proc 'f'"
    Loc loc;
    Verdict native;         // what any change of a member means natively
    int flow;               // where values travel (0: nowhere, no function uses it)
    const char* reordered;  // why a new order is fine on CBOR
  };

  /// Members matched by name: added, changed type, removed, reordered.
  void members(const Owner& w, const std::vector<model::Field>& o,
               const std::vector<model::Field>& n) {
    auto cbor = [&](Verdict rule) { return w.flow ? rule : ok("no function uses it"); };
    std::map<std::string, const model::Field*> old_members, new_members;
    for (const model::Field& f : o)
      old_members[f.name.original] = &f;
    for (const model::Field& f : n)
      new_members[f.name.original] = &f;
    for (const model::Field& f : n) {
      auto it = old_members.find(f.name.original);
      if (it == old_members.end()) {
        add(false, f.name.loc,
            fmt::format("{} '{}' added to {}", w.member, f.name.original, w.name), w.native,
            cbor(cbor_added(f.type, w.flow)));
      } else if (it->second->type->spelling != f.type->spelling) {
        add(false, f.name.loc,
            fmt::format("{} '{}' of {} changed from {} to {}", w.member, f.name.original, w.name,
                        it->second->type->spelling, f.type->spelling),
            w.native, cbor(cbor_retyped(it->second->type, f.type, w.flow)));
      }
    }
    for (const model::Field& f : o) {
      if (new_members.count(f.name.original)) continue;
      add(true, f.name.loc,
          fmt::format("{} '{}' removed from {}", w.member, f.name.original, w.name), w.native,
          cbor(cbor_removed(f.type, w.flow)));
    }
    if (kept_order(o, new_members) != kept_order(n, old_members)) {
      add(false, w.loc, fmt::format("{}s of {} reordered", w.member, w.name), w.native,
          ok(w.reordered));
    }
  }

  /// The names of `fields` that `other` also has, in `fields`' order.
  static std::vector<std::string> kept_order(
      const std::vector<model::Field>& fields,
      const std::map<std::string, const model::Field*>& other) {
    std::vector<std::string> out;
    for (const model::Field& f : fields) {
      if (other.count(f.name.original)) out.push_back(f.name.original);
    }
    return out;
  }

  void enumerators(const model::Enum& o, const model::Enum& n) {
    const std::string& e = n.name.original;
    int flow = old_flows_(e) | new_flows_(e);
    std::map<std::string, const model::Enumerator*> old_values;
    for (const model::Enumerator& v : o.enumerators)
      old_values[v.name.original] = &v;
    for (const model::Enumerator& v : n.enumerators) {
      auto it = old_values.find(v.name.original);
      if (it == old_values.end()) {
        Verdict cbor = (flow & to_client)
                           ? ok("an old client that receives it gets an error for that value, "
                                "never another enumerator")
                           : ok("old clients never send it");
        add(false, v.name.loc,
            fmt::format("enumerator '{}' added to enum '{}'", v.name.original, e),
            native_layout(e, flow, "the enumerators"), flow ? cbor : ok("no function uses it"));
        continue;
      }
      if (it->second->value != v.value) {
        add(false, v.name.loc,
            fmt::format("enumerator '{}' of enum '{}' changed value from {} to {}", v.name.original,
                        e, it->second->value, v.value),
            native_layout(e, flow, "the enumerators"), ok("enumerators travel by name"));
      }
      old_values.erase(it);
    }
    for (const model::Enumerator& v : o.enumerators) {
      if (!old_values.count(v.name.original)) continue;
      Verdict cbor = (flow & to_library) ? breaks("old clients may still send it")
                                         : ok("the library no longer sends it");
      add(true, v.name.loc,
          fmt::format("enumerator '{}' removed from enum '{}'", v.name.original, e),
          native_layout(e, flow, "the enumerators"), flow ? cbor : ok("no function uses it"));
    }
  }

  // ---- functions ----

  void funcs() {
    std::map<std::string, const model::Func*> olds;
    for (const model::Func* f : model::functions(old_))
      olds[key(*f)] = f;
    for (const model::Func* f : model::functions(new_)) {
      auto it = olds.find(key(*f));
      if (it == olds.end()) {
        added(*f);
        continue;
      }
      changed(*it->second, *f);
      olds.erase(it);
    }
    for (const auto& [k, f] : olds) {
      std::string why = f->kind == model::FuncKind::host
                            ? "old clients still implement it, and registering it fails"
                        : f->kind == model::FuncKind::event
                            ? "old clients' subscriptions to it fail"
                            : "old clients that call it fail";
      add(true, f->name.loc, k + " removed",
          breaks("bindings generated from the old schema are refused (they were generated with "
                 "it)"),
          breaks(why));
    }
  }

  void added(const model::Func& f) {
    if (f.kind == model::FuncKind::host) {
      std::string why = "old clients do not implement it: the library's calls of it fail";
      add(false, f.name.loc, key(f) + " added", breaks(why), breaks(why));
      return;
    }
    std::string why =
        "old clients do not use it (clients generated from the new schema "
        "refuse an older library)";
    add(false, f.name.loc, key(f) + " added", ok(why), ok(why));
  }

  void changed(const model::Func& o, const model::Func& n) {
    const std::string k = key(n);
    for (model::Abi wire : {model::Abi::native, model::Abi::cbor}) {
      bool before = wire == model::Abi::native ? model::has_native(o.abi) : model::has_cbor(o.abi);
      bool after = wire == model::Abi::native ? model::has_native(n.abi) : model::has_cbor(n.abi);
      if (before == after) continue;
      Verdict on_wire = before ? breaks("old clients of that wire fail")
                               : ok("old clients of that wire did not use it");
      Verdict other = ok("unchanged on this wire");
      add(false, n.name.loc,
          fmt::format("{} {} the {} wire", k, before ? "removed from" : "added to",
                      model::to_string(wire)),
          wire == model::Abi::native ? on_wire : other,
          wire == model::Abi::native ? other : on_wire);
    }
    bool native_both = model::has_native(o.abi) && model::has_native(n.abi);
    Verdict native_sig =
        native_both ? breaks("its C signature and ABI hash change") : ok("not on the native wire");
    members({"parameter", k, n.name.loc, native_sig, param_flow(n),
             "parameters are a map keyed by name"},
            o.params, n.params);
    std::string before = o.result ? o.result->spelling : "nothing";
    std::string after = n.result ? n.result->spelling : "nothing";
    if (before != after) {
      Verdict cbor = o.result && n.result ? cbor_retyped(o.result, n.result, result_flow(n))
                                          : breaks("old clients expect " + before);
      add(false, n.name.loc, fmt::format("result of {} changed from {} to {}", k, before, after),
          native_sig, cbor);
    }
    std::string raised_before = o.raises ? o.raises->spelling : "nothing";
    std::string raised_after = n.raises ? n.raises->spelling : "nothing";
    if (raised_before != raised_after) {
      Verdict why = breaks(o.raises ? "old clients expect errors of type " + raised_before
                                    : "old clients cannot decode a typed error");
      add(false, n.name.loc,
          fmt::format("{} now raises {} (was {})", k, raised_after, raised_before),
          native_both ? why : ok("not on the native wire"), why);
    }
  }

  void consts() {
    std::map<std::string, const model::Const*> olds;
    for (const model::Const& c : old_.consts)
      olds[c.name.original] = &c;
    std::string why = "constants are compiled into clients; old clients keep the old value";
    for (const model::Const& c : new_.consts) {
      auto it = olds.find(c.name.original);
      if (it == olds.end()) {
        add(false, c.name.loc, fmt::format("constant '{}' added", c.name.original), ok(why),
            ok(why));
        continue;
      }
      if (it->second->value != c.value || it->second->type->spelling != c.type->spelling)
        add(false, c.name.loc, fmt::format("constant '{}' changed", c.name.original), ok(why),
            ok(why));
      olds.erase(it);
    }
    for (const auto& [name, c] : olds)
      add(true, c->name.loc, fmt::format("constant '{}' removed", name), ok(why), ok(why));
  }

  const model::Model& old_;
  const model::Model& new_;
  Flows old_flows_, new_flows_;
  std::vector<Change> out_;
};

}  // namespace

std::vector<Change> compare(const model::Model& old_model, const model::Model& new_model) {
  return Comparer(old_model, new_model).run();
}

}  // namespace ffidl::compat
