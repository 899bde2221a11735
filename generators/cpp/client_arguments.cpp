// Packing a call's arguments into their C form (the export table says
// where each goes), and freeing them after the call.
#include "cpp/client.hpp"

namespace ffidl::gen::cpp {

std::map<std::string, std::string> Client::pack_args(const model::Func& f,
                                                     const std::string& self_value) {
  std::map<std::string, std::string> args;
  for (const model::Field& p : f.params) {
    std::vector<std::string> exprs = pack_arg(f, p, self_value);
    std::vector<c_abi::Member> members = c_abi::param_members(m_, p.type, p.name.snake);
    if (exprs.size() != members.size())
      throw std::logic_error("cpp client: " + p.name.original + " packs into " +
                             std::to_string(exprs.size()) + " arguments, the ABI has " +
                             std::to_string(members.size()));
    for (std::size_t i = 0; i < exprs.size(); ++i)
      args[members[i].name] = exprs[i];
  }
  return args;
}

std::vector<std::string> Client::pack_arg(const model::Func& f, const model::Field& p,
                                          const std::string& self_value) {
  std::vector<std::string> out;
  const std::string n = param(p);
  const std::string local = "ffidl_p_" + p.name.snake;
  const model::Type* t = p.type;
  // An object method's receiver is the object itself.
  const bool self = &p == &f.params.front() && !self_value.empty();
  switch (lowering::passing(t)) {
    case lowering::Passing::value:
    case lowering::Passing::pointer:
      e_.print("$type$ $local${};", {{"type", c_abi::element_type(m_, t)}, {"local", local}});
      marshal_.lower(t, self ? self_value : n, lowering::element(t, local, local));
      out.push_back(lowering::passing(t) == lowering::Passing::pointer ? "&" + local : local);
      return out;
    case lowering::Passing::optional_pointer:
      e_.emit(R"(
          bool has_$local$ = $param$.has_value();
          $type$ $local${};
          if ($param$) {
          )",
              {{"type", c_abi::element_type(m_, t->elem)}, {"local", local}, {"param", n}});
      {
        auto in = e_.scope();
        marshal_.lower(t->elem, "(*" + n + ")", lowering::element(t->elem, local, local));
      }
      e_.print("}");
      return {"has_" + local, "has_" + local + " ? &" + local + " : nullptr"};
    case lowering::Passing::members:
      break;
  }
  if (t->kind == TypeKind::string) {
    // Borrowed for the call, not copied.
    e_.print("const char* $local$ = ffidl::pod::c_str_noting_nul($param$);",
             {{"local", local}, {"param", n}});
    return {local};
  }
  if (t->kind == TypeKind::bytes) {
    // Borrowed too: the library copies what it keeps during the call.
    return {n + ".data()", n + ".size()"};
  }
  for (const c_abi::Member& mem : c_abi::field_members(m_, t, local)) {
    e_.print("$decl${};", {{"decl", mem.decl()}});
    out.push_back(mem.name);
  }
  marshal_.lower(t, n, lowering::field("", local));
  return out;
}

std::string Client::native_call(const exports::Export& row,
                                const std::map<std::string, std::string>& args,
                                const std::string& ctx, const std::string& callback) const {
  std::string out;
  for (const std::string& a : exports::call_args(row, [&](const exports::Param& p) {
         switch (p.role) {
           case exports::Role::ctx:
             return ctx;
           case exports::Role::callback:
             return callback;
           case exports::Role::user_data:
             return std::string("pending");
           case exports::Role::argument:
             return args.at(p.name);
           default:
             throw std::logic_error("cpp client: a native call has no " + p.name);
         }
       }))
    out += (out.empty() ? "" : ", ") + a;
  return row.symbol + "(" + out + ")";
}

void Client::refuse_nul(const model::Func& f, const std::string& fail, const std::string& after) {
  bool has_strings = false;
  for (const model::Field& p : f.params)
    has_strings = has_strings || mentions_string(p.type);
  if (!has_strings) return;
  e_.print("if (ffidl::pod::nul_seen()) {");
  e_.indent();
  free_args(f);
  e_.print(
      "$f$(ffidl::Error{\"$x$: a string argument contains a NUL byte, which a C string "
      "cannot carry\"});",
      {{"f", fail}, {"x", c_abi::export_name(m_, f.symbol())}});
  if (!after.empty()) e_.print(after);
  e_.outdent();
  e_.print("}");
}

bool Client::mentions_string(const model::Type* t) const {
  if (t->kind == TypeKind::string) return true;
  if (t->kind == TypeKind::struct_) {
    // Structs may nest; the flag check is cheap, so any struct counts.
    return true;
  }
  if (t->key && mentions_string(t->key)) return true;
  return t->elem && mentions_string(t->elem);
}

void Client::free_args(const model::Func& f) {
  for (const model::Field& p : f.params) {
    const std::string local = "ffidl_p_" + p.name.snake;
    const model::Type* t = p.type;
    switch (lowering::passing(t)) {
      case lowering::Passing::value:
        break;
      case lowering::Passing::pointer:
        marshal_.release(t, lowering::element(t, local, local));
        break;
      case lowering::Passing::optional_pointer:
        e_.print("if (has_$l$) {", {{"l", local}});
        {
          auto in = e_.scope();
          marshal_.release(t->elem, lowering::element(t->elem, local, local));
        }
        e_.print("}");
        break;
      case lowering::Passing::members:
        if (t->kind != TypeKind::string && t->kind != TypeKind::bytes)
          marshal_.release(t, lowering::field("", local));  // else borrowed
    }
  }
}

std::string Client::param(const model::Field& p) {
  static const std::set<std::string, std::less<>> taken = {
      "done",    "progress", "pending", "rc",   "handle",
      "promise", "future",   "client",  "ctx_", "client_"};
  const std::string& n = p.name.snake;
  return taken.count(n) ? n + "_" : n;
}

std::string Client::params_decl(const model::Func& f, bool trailing_comma, std::size_t skip) const {
  std::string out;
  for (std::size_t i = skip; i < f.params.size(); ++i) {
    const model::Field& p = f.params[i];
    std::string t = cpp_t(p.type);
    out += (p.type->is_scalar() ? t : "const " + t + "&") + " " + param(p) + ", ";
  }
  if (!trailing_comma && !out.empty()) out.resize(out.size() - 2);
  return out;
}

std::string Client::param_names(const model::Func& f, bool trailing_comma, std::size_t skip) const {
  std::string out;
  for (std::size_t i = skip; i < f.params.size(); ++i)
    out += param(f.params[i]) + ", ";
  if (!trailing_comma && !out.empty()) out.resize(out.size() - 2);
  return out;
}

}  // namespace ffidl::gen::cpp
