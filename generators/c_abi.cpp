#include "c_abi.hpp"

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <stdexcept>

namespace ffidl::gen::c_abi {

using model::TypeKind;

namespace {

const std::string& lib(const model::Model& m) {
  return m.library.name.original;
}

CType scalar_c(TypeKind k) {
  using B = CType::Base;
  switch (k) {
    case TypeKind::boolean:
      return {B::boolean};
    case TypeKind::i8:
      return {B::i8};
    case TypeKind::i16:
      return {B::i16};
    case TypeKind::i32:
      return {B::i32};
    case TypeKind::i64:
      return {B::i64};
    case TypeKind::u8:
      return {B::u8};
    case TypeKind::u16:
      return {B::u16};
    case TypeKind::u32:
      return {B::u32};
    case TypeKind::u64:
      return {B::u64};
    case TypeKind::f32:
      return {B::f32};
    case TypeKind::f64:
      return {B::f64};
    case TypeKind::string:
      return {B::char_, "", 1};
    default:
      throw std::logic_error("c_abi: not a scalar");
  }
}

const CType kSize{CType::Base::size};
const CType kBool{CType::Base::boolean};

}  // namespace

std::string type_name(const model::Model& m, const model::Names& n) {
  return lib(m) + "_" + n.pascal;
}

std::string params_struct_name(const model::Model& m, const model::Func& f) {
  return lib(m) + "_" + f.name.pascal + (f.kind == model::FuncKind::event ? "Event" : "Args");
}

std::string export_name(const model::Model& m, const std::string& fn) {
  return lib(m) + "_" + fn;
}

std::string const_name(const model::Model& m, const model::Const& c) {
  return m.library.name.upper + "_" + c.name.upper;
}

std::string enumerator_name(const model::Model& m, const model::Enum& e,
                            const model::Enumerator& v) {
  return lib(m) + "_" + e.name.pascal + "_" + v.name.original;
}

std::string mangle(const model::Model& m, const model::Type* t) {
  switch (t->kind) {
    case TypeKind::list:
      return "List" + mangle(m, t->elem);
    case TypeKind::optional:
      return "Opt" + mangle(m, t->elem);
    case TypeKind::map:
      return "Map" + mangle(m, t->key) + mangle(m, t->elem);
    case TypeKind::struct_:
      return m.struct_of(*t).name.pascal;
    case TypeKind::enum_:
      return m.enum_of(*t).name.pascal;
    case TypeKind::union_:
      return m.union_of(*t).name.pascal;
    case TypeKind::object_:
      return m.object_of(*t).name.pascal;
    case TypeKind::string:
      return "String";
    case TypeKind::bytes:
      return "Bytes";
    case TypeKind::boolean:
      return "Bool";
    default: {
      std::string s = model::to_string(t->kind);  // i32 -> I32
      s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
      return s;
    }
  }
}

std::string helper_name(const model::Model& m, const model::Type* t) {
  return lib(m) + "_ffidl_" + mangle(m, t);
}

namespace {

/// The C spelling of a type's base ("const" and pointers aside).
std::string base_c(const CType& t) {
  static const char* const spelled[] = {
      "bool",     "int8_t",   "int16_t",  "int32_t",        "int64_t",      "uint8_t",
      "uint16_t", "uint32_t", "uint64_t", "float",          "double",       "size_t",
      "char",     "void",     "int",      "ffidl_callback", "ffidl_host_fn"};
  return t.base == CType::Base::named ? t.name : spelled[static_cast<int>(t.base)];
}

/// C and C++ differ only in where the `*` goes: `const char *const *` in C,
/// `const char* const*` in C++. `first` follows the base, `inner` each
/// further const level; a writable outermost level is a bare `*`.
std::string spell(const CType& t, const char* first, const char* inner) {
  std::string out = base_c(t);
  if (t.pointers == 0) return out;
  if (!(t.writable && t.pointers == 1)) out = "const " + out;
  out += first;
  for (int i = 1; i < t.pointers; ++i)
    out += t.writable && i == t.pointers - 1 ? "*" : inner;
  return out;
}

}  // namespace

std::string CType::c() const {
  return spell(*this, " *", "const *");
}

std::string CType::cpp() const {
  return spell(*this, "*", " const*");
}

std::string Member::decl() const {
  std::string t = type.c();
  return t.back() == '*' ? t + name : t + " " + name;
}

CType element_ctype(const model::Model& m, const model::Type* t) {
  switch (t->kind) {
    case TypeKind::struct_:
      return {CType::Base::named, type_name(m, m.struct_of(*t).name)};
    case TypeKind::enum_:
      return {CType::Base::named, type_name(m, m.enum_of(*t).name)};
    case TypeKind::union_:
      return {CType::Base::named, type_name(m, m.union_of(*t).name)};
    case TypeKind::object_:
      return {CType::Base::named, type_name(m, m.object_of(*t).name)};
    default:
      if (t->is_scalar() || t->kind == TypeKind::string) return scalar_c(t->kind);
      return {CType::Base::named, helper_name(m, t)};
  }
}

std::string element_type(const model::Model& m, const model::Type* t) {
  return element_ctype(m, t).c();
}

std::vector<Member> field_members(const model::Model& m, const model::Type* t,
                                  const std::string& name) {
  switch (t->kind) {
    case TypeKind::bytes:
      return {{CType{CType::Base::u8}.pointer(), name}, {kSize, name + "_len"}};
    case TypeKind::list:
      return {{element_ctype(m, t->elem).pointer(), name}, {kSize, name + "_len"}};
    case TypeKind::map:
      return {{element_ctype(m, t->key).pointer(), name + "_keys"},
              {element_ctype(m, t->elem).pointer(), name + "_values"},
              {kSize, name + "_len"}};
    case TypeKind::optional: {
      std::vector<Member> out{{kBool, "has_" + name}};
      for (Member& mem : field_members(m, t->elem, name))
        out.push_back(std::move(mem));
      return out;
    }
    default:
      return {{element_ctype(m, t), name}};
  }
}

std::vector<Member> param_members(const model::Model& m, const model::Type* t,
                                  const std::string& name) {
  if (by_pointer(t)) return {{element_ctype(m, t).pointer(), name}};
  if (t->kind == TypeKind::optional && by_pointer(t->elem)) {
    return {{kBool, "has_" + name}, {element_ctype(m, t->elem).pointer(), name}};
  }
  return field_members(m, t, name);
}

std::vector<const model::Type*> helper_types(const model::Model& m) {
  // Containers (and bytes) need a helper struct wherever they are an
  // element of another container, or a function's result (the callback's
  // msg points at one).
  std::set<const model::Type*> needed;
  std::function<void(const model::Type*, bool)> visit = [&](const model::Type* t, bool element) {
    if (in_helper(t) && element) needed.insert(t);
    if (model::is_record(t)) return;  // its fields are visited as types of their own
    // An optional stores its value inline: its value's containers are
    // fields of the same struct, not elements.
    model::for_each_held(m, t, [&](const model::Type* held, model::Held how, int) {
      visit(held, how == model::Held::optional ? element : true);
    });
  };
  for (const model::Type& t : m.types)
    visit(&t, false);
  auto results = [&](const std::vector<model::Func>& fs) {
    for (const model::Func& f : fs) {
      if (f.result && f.result->kind != TypeKind::bytes) visit(f.result, true);
    }
  };
  results(m.procs);
  results(m.static_procs);
  results(m.hosts);
  std::vector<const model::Type*> out;
  for (const model::Type& t : m.types) {  // interning order: deterministic
    if (needed.count(&t)) out.push_back(&t);
  }
  return out;
}

std::string variant_struct_name(const model::Model& m, const model::Union& u,
                                const model::Variant& v) {
  return lib(m) + "_" + u.name.pascal + v.name.pascal;
}

std::string tag_name(const model::Model& m, const model::Union& u, const model::Variant& v) {
  return lib(m) + "_" + u.name.pascal + "_" + v.name.original;
}

std::vector<StructDef> struct_defs(const model::Model& m) {
  std::vector<StructDef> defs;
  for (const model::Struct& s : m.structs) {
    StructDef d{type_name(m, s.name), s.doc, {}};
    for (const model::Field& f : s.fields) {
      d.fields.emplace_back(f.doc, field_members(m, f.type, f.name.snake));
    }
    defs.push_back(std::move(d));
  }
  // A union: its tag, then one member per variant with fields (only the
  // tagged one is meaningful). Not a C union: cgo cannot address a C
  // union's members, and every binding's mirror stays a plain struct.
  for (const model::Union& u : m.unions) {
    StructDef d{type_name(m, u.name), u.doc, {}};
    d.fields.emplace_back(
        model::Doc{"Which variant this is: " + lib(m) + "_" + u.name.pascal + "_<variant>."},
        std::vector<Member>{{CType{CType::Base::i32}, "tag"}});
    for (const model::Variant& v : u.variants) {
      if (v.fields.empty()) continue;
      StructDef payload{variant_struct_name(m, u, v), v.doc, {}};
      for (const model::Field& f : v.fields)
        payload.fields.emplace_back(f.doc, field_members(m, f.type, f.name.snake));
      defs.push_back(std::move(payload));
      d.fields.emplace_back(
          model::Doc{"Set when tag is " + tag_name(m, u, v) + "."},
          std::vector<Member>{
              {CType{CType::Base::named, variant_struct_name(m, u, v)}, v.name.snake}});
    }
    defs.push_back(std::move(d));
  }
  // A helper is a struct with one field, `value`, laid out exactly like a
  // struct field of that type: one flattening rule for everything.
  for (const model::Type* t : helper_types(m)) {
    StructDef d{helper_name(m, t), {t->spelling + " in element position."}, {}};
    d.fields.emplace_back(model::Doc{}, field_members(m, t, "value"));
    defs.push_back(std::move(d));
  }
  auto params = [&](const std::vector<model::Func>& fs, const char* what) {
    for (const model::Func& f : fs) {
      if (f.params.empty()) continue;
      StructDef d{params_struct_name(m, f),
                  {std::string("The ") + what + " of `" + f.name.original + "`."},
                  {}};
      for (const model::Field& p : f.params) {
        d.fields.emplace_back(p.doc, field_members(m, p.type, p.name.snake));
      }
      defs.push_back(std::move(d));
    }
  };
  params(m.events, "payload");
  params(m.hosts, "arguments");

  // Order: each struct after the structs it holds by value (a member whose
  // type is exactly another struct's name). Depth-first, stable.
  std::map<std::string, std::size_t> index;
  for (std::size_t i = 0; i < defs.size(); ++i)
    index.emplace(defs[i].name, i);
  std::vector<int> state(defs.size(), 0);
  std::vector<StructDef> ordered;
  std::function<void(std::size_t)> place = [&](std::size_t i) {
    if (state[i] != 0) return;
    state[i] = 1;
    for (const auto& [doc, members] : defs[i].fields) {
      for (const Member& mem : members) {
        auto it = mem.type.pointers ? index.end() : index.find(mem.type.name);
        if (it != index.end()) place(it->second);
      }
    }
    state[i] = 2;
    ordered.push_back(defs[i]);
  };
  for (std::size_t i = 0; i < defs.size(); ++i)
    place(i);
  return ordered;
}

namespace {

std::string enum_line(const model::Enum& e) {
  std::string out = "enum " + e.name.original;
  for (const model::Enumerator& v : e.enumerators)
    out += " " + v.name.original + "=" + std::to_string(v.value);
  return out + "\n";
}

std::string struct_line(const model::Struct& s) {
  std::string out = "struct " + s.name.original;
  for (const model::Field& f : s.fields)
    out += " " + f.name.original + ":" + f.type->spelling;
  return out + "\n";
}

std::string union_line(const model::Union& u) {
  std::string out = std::string(u.is_error ? "error " : "union ") + u.name.original;
  for (const model::Variant& v : u.variants) {
    out += " " + v.name.original + "(";
    for (const model::Field& f : v.fields)
      out += f.name.original + ":" + f.type->spelling + ",";
    out += ")";
  }
  return out + "\n";
}

std::string func_line(const char* kind, const model::Func& f) {
  std::string out = std::string(kind) + " " + f.name.original + "(";
  for (const model::Field& p : f.params)
    out += p.name.original + ":" + p.type->spelling + ",";
  return out + ")" + (f.result ? "->" + f.result->spelling : std::string()) +
         (f.raises ? " raises " + f.raises->spelling : std::string()) + " " +
         model::to_string(f.abi) + "\n";
}

/// The canonical text the ABI hash is taken over: one line per declaration.
std::string abi_text(const model::Model& m) {
  std::string out = "library " + m.library.name.original + "\n";
  for (const model::Enum& e : m.enums)
    out += enum_line(e);
  for (const model::Struct& s : m.structs)
    out += struct_line(s);
  for (const model::Union& u : m.unions)
    out += union_line(u);
  for (const model::Object& o : m.objects)
    out += "object " + o.name.original + "\n";
  for (const model::Func* f : model::functions(m)) {
    bool is_static = f->kind == model::FuncKind::static_proc;
    out += func_line(is_static ? "static" : model::to_string(f->kind), *f);
  }
  return out;
}

std::uint64_t fnv1a(const std::string& text) {
  std::uint64_t hash = 1469598103934665603ull;  // FNV-1a 64
  for (unsigned char c : text)
    hash = (hash ^ c) * 1099511628211ull;
  return hash;
}

/// Per-function hashes in one pass over the declarations (a Merkle hash).
/// Each struct, union, enum and object has a hash over its line and the
/// hashes of the named types its fields hold; a function's hash covers its
/// line and the hashes of the named types its signature holds. Changing any
/// type a function reaches thus changes the function's hash, as hashing
/// the text of everything it reaches would, but each type is hashed once
/// however many functions reach it: a chain of N structs used by N
/// functions costs N, not N squared. Types that reach each other (a tree
/// through a list) form a group (Tarjan's strongly connected components)
/// hashed together. Nothing depends on declaration order.
class DeclHasher {
 public:
  explicit DeclHasher(const model::Model& m)
      : m_(m),
        first_struct_(m.enums.size()),
        first_union_(first_struct_ + m.structs.size()),
        first_object_(first_union_ + m.unions.size()),
        nodes_(first_object_ + m.objects.size()) {}

  std::uint64_t function(const char* kind, const model::Func& f) {
    std::vector<std::size_t> named;
    for (const model::Field& p : f.params)
      collect(p.type, named);
    collect(f.result, named);
    collect(f.raises, named);
    return fnv1a(
        with_hashes("library " + m_.library.name.original + "\n" + func_line(kind, f), named));
  }

 private:
  struct Node {
    std::uint64_t hash = 0;
    int index = -1;  // Tarjan's visit order; -1: not visited
    int low = 0;
    bool on_stack = false;
    bool done = false;
  };

  // The named types (as node numbers) a value of `t` holds directly: its
  // own type, or its containers' element and key types, not struct fields.
  void collect(const model::Type* t, std::vector<std::size_t>& out) const {
    if (!t) return;
    switch (t->kind) {
      case TypeKind::enum_:
        out.push_back(static_cast<std::size_t>(t->decl));
        break;
      case TypeKind::struct_:
        out.push_back(first_struct_ + static_cast<std::size_t>(t->decl));
        break;
      case TypeKind::union_:
        out.push_back(first_union_ + static_cast<std::size_t>(t->decl));
        break;
      case TypeKind::object_:
        out.push_back(first_object_ + static_cast<std::size_t>(t->decl));
        break;
      default:
        model::for_each_held(
            m_, t, [&](const model::Type* held, model::Held, int) { collect(held, out); });
        break;
    }
  }

  std::string line(std::size_t n) const {
    if (n < first_struct_) return enum_line(m_.enums[n]);
    if (n < first_union_) return struct_line(m_.structs[n - first_struct_]);
    if (n < first_object_) return union_line(m_.unions[n - first_union_]);
    return "object " + m_.objects[n - first_object_].name.original + "\n";
  }

  std::vector<std::size_t> edges(std::size_t n) const {
    std::vector<std::size_t> out;
    if (n >= first_struct_ && n < first_union_) {
      for (const model::Field& f : m_.structs[n - first_struct_].fields)
        collect(f.type, out);
    } else if (n >= first_union_ && n < first_object_) {
      for (const model::Variant& v : m_.unions[n - first_union_].variants) {
        for (const model::Field& f : v.fields)
          collect(f.type, out);
      }
    }
    return out;
  }

  // `text`, then the hashes of `named` (computed first), sorted and once
  // each, so the order fields and parameters name them in does not matter
  // beyond what `text` itself says.
  std::string with_hashes(std::string text, const std::vector<std::size_t>& named) {
    std::vector<std::uint64_t> hashes;
    for (std::size_t n : named)
      hashes.push_back(hash(n));
    std::sort(hashes.begin(), hashes.end());
    hashes.erase(std::unique(hashes.begin(), hashes.end()), hashes.end());
    for (std::uint64_t h : hashes)
      text += hex(h) + "\n";
    return text;
  }

  std::uint64_t hash(std::size_t n) {
    if (!nodes_[n].done) visit(n);
    return nodes_[n].hash;
  }

  // Tarjan: when `n` closes a component, every type the component reaches
  // outside itself is done, so the component's hash can be taken.
  void visit(std::size_t n) {
    nodes_[n].index = nodes_[n].low = next_index_++;
    nodes_[n].on_stack = true;
    stack_.push_back(n);
    for (std::size_t to : edges(n)) {
      if (nodes_[to].index < 0) {
        visit(to);
        nodes_[n].low = std::min(nodes_[n].low, nodes_[to].low);
      } else if (nodes_[to].on_stack) {
        nodes_[n].low = std::min(nodes_[n].low, nodes_[to].index);
      }
    }
    if (nodes_[n].low != nodes_[n].index) return;
    std::vector<std::size_t> group;
    do {
      group.push_back(stack_.back());
      stack_.pop_back();
      nodes_[group.back()].on_stack = false;
    } while (group.back() != n);
    // The group's lines in a fixed order, then what it reaches outside.
    std::vector<std::string> lines;
    std::vector<std::size_t> outside;
    for (std::size_t g : group) {
      lines.push_back(line(g));
      for (std::size_t to : edges(g)) {
        if (std::find(group.begin(), group.end(), to) == group.end()) outside.push_back(to);
      }
    }
    std::sort(lines.begin(), lines.end());
    std::string text;
    for (const std::string& l : lines)
      text += l;
    std::uint64_t h = fnv1a(with_hashes(std::move(text), outside));
    for (std::size_t g : group) {
      nodes_[g].hash = h;
      nodes_[g].done = true;
    }
  }

  const model::Model& m_;
  const std::size_t first_struct_, first_union_, first_object_;
  std::vector<Node> nodes_;
  std::vector<std::size_t> stack_;
  int next_index_ = 0;
};

}  // namespace

std::uint64_t abi_hash(const model::Model& m) {
  return fnv1a(abi_text(m));
}

std::string hex(std::uint64_t h) {
  static const char digits[] = "0123456789abcdef";
  std::string out = "0x";
  for (int shift = 60; shift >= 0; shift -= 4)
    out += digits[(h >> shift) & 0xF];
  return out;
}

std::string abi_hash_hex(const model::Model& m) {
  return hex(abi_hash(m));
}

std::vector<AbiDecl> abi_decls(const model::Model& m) {
  std::vector<AbiDecl> out;
  DeclHasher hasher(m);
  for (const model::Func* f : model::functions(m)) {
    const char* kind = model::to_string(f->kind);
    out.push_back({std::string(kind) + " " + f->name.original, hasher.function(kind, *f)});
  }
  return out;
}

}  // namespace ffidl::gen::c_abi
