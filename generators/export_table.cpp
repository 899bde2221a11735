#include "export_table.hpp"

#include <stdexcept>

namespace ffidl::gen::exports {

namespace {

using B = c_abi::CType::Base;

const c_abi::CType kInt{B::int_};
const c_abi::CType kU64{B::u64};
const c_abi::CType kVoidPtr{B::void_, "", 1, true};
const c_abi::CType kText{B::char_, "", 1};

Param ctx() {
  return {kVoidPtr, "ctx", Role::ctx};
}
Param callback() {
  return {{B::callback}, "cb", Role::callback};
}
Param user_data() {
  return {kVoidPtr, "user_data", Role::user_data};
}
Param runtime(c_abi::CType type, std::string name) {
  return {std::move(type), std::move(name), Role::runtime};
}

/// The C members of a schema function's parameters, in order.
std::vector<Param> arguments(const model::Model& m, const model::Func& f) {
  std::vector<Param> out;
  for (const model::Field& p : f.params) {
    for (c_abi::Member& mem : c_abi::param_members(m, p.type, p.name.snake))
      out.push_back({std::move(mem.type), std::move(mem.name), Role::argument, &p,
                     lowering::passing(p.type)});
  }
  return out;
}

/// The CBOR wire's request: the parameters as one CBOR map.
void add_request(std::vector<Param>& params) {
  params.push_back({{B::u8, "", 1}, "req", Role::request});
  params.push_back({{B::size}, "len", Role::request_len});
}

class Builder {
 public:
  explicit Builder(const model::Model& m) : m_(m) {}

  std::vector<Export> run() {
    if (m_.ctor) lifecycle(*m_.ctor);
    for (const model::Func& f : m_.procs)
      call(f, Kind::proc);
    for (const model::Func& f : m_.static_procs)
      call(f, Kind::static_proc);
    objects();
    events();
    hosts();
    for (const model::Union& u : m_.unions) {
      if (!u.is_error) continue;
      Export& e = add(Kind::error_message, c_abi::type_name(m_, u.name) + "_message", {B::size},
                      {runtime({B::named, c_abi::type_name(m_, u.name), 1}, "error"),
                       runtime({B::char_, "", 1, true}, "buf"), runtime({B::size}, "cap")});
      e.error = &u;
    }
    add(Kind::last_error, lib("last_error"), kText, {});
    add(Kind::is_library_thread, lib("is_library_thread"), kInt, {ctx()});
    add(Kind::wait_spin, lib("wait_spin"), {B::i64}, {ctx()});
    add(Kind::abi_descriptor, lib("abi_descriptor"), {B::u8, "", 1},
        {runtime({B::size, "", 1, true}, "len")});
    add(Kind::abi_hash, lib("abi_hash"), kU64, {runtime({B::char_, "", 2, true}, "version")});
    add(Kind::abi_check, lib("abi_check"), kInt,
        {runtime({B::char_, "", 2}, "names"), runtime({B::u64, "", 1}, "hashes"),
         runtime({B::size}, "n")});
    return std::move(out_);
  }

 private:
  std::string lib(const std::string& name) const { return c_abi::export_name(m_, name); }

  Export& add(Kind kind, std::string symbol, c_abi::CType result, std::vector<Param> params) {
    Export e;
    e.kind = kind;
    e.symbol = std::move(symbol);
    e.result = std::move(result);
    e.params = std::move(params);
    out_.push_back(std::move(e));
    return out_.back();
  }

  /// The ctor's four forms (native and CBOR, each also `_paused`), then
  /// what every context has.
  void lifecycle(const model::Func& c) {
    for (bool paused : {false, true}) {
      const std::string suffix = paused ? "_paused" : "";
      if (c_abi::native(c)) {
        std::vector<Param> params = arguments(m_, c);
        params.push_back(callback());
        params.push_back(user_data());
        Export& e = add(Kind::ctor, lib(c.name.snake) + suffix, kVoidPtr, std::move(params));
        e.wire = Wire::native;
        e.paused = paused;
        e.func = &c;
      }
      if (c_abi::cbor(c)) {
        std::vector<Param> params;
        add_request(params);
        params.push_back(callback());
        params.push_back(user_data());
        Export& e =
            add(Kind::ctor, lib(c.name.snake) + "_cbor" + suffix, kVoidPtr, std::move(params));
        e.wire = Wire::cbor;
        e.paused = paused;
        e.func = &c;
      }
    }
    add(Kind::run_ctor, lib("run_ctor"), kInt, {ctx()});
    Export& d = add(Kind::dtor, lib(m_.dtor ? m_.dtor->name.snake : "destroy"), kInt, {ctx()});
    if (m_.dtor) d.func = &*m_.dtor;
    add(Kind::set_stale_warn_interval, lib("set_stale_warn_interval"), kInt,
        {ctx(), runtime({B::u32}, "ms")});
    add(Kind::set_request_queue_limit, lib("set_request_queue_limit"), kInt,
        {ctx(), runtime(kU64, "limit")});
    add(Kind::set_wait_spin, lib("set_wait_spin"), kInt, {ctx(), runtime({B::i64}, "spin_ns")});
    add(Kind::dropped_events, lib("dropped_events"), kU64, {ctx()});
  }

  /// A proc's (or static proc's) native and CBOR exports.
  void call(const model::Func& f, Kind kind) {
    std::vector<Param> lead;
    if (kind == Kind::proc) lead.push_back(ctx());
    lead.push_back(callback());
    lead.push_back(user_data());
    const std::string symbol = lib(f.symbol());
    if (c_abi::native(f)) {
      std::vector<Param> params = lead;
      for (Param& p : arguments(m_, f))
        params.push_back(std::move(p));
      Export& e = add(kind, symbol, kInt, std::move(params));
      e.wire = Wire::native;
      e.func = &f;
    }
    if (c_abi::cbor(f)) {
      std::vector<Param> params = lead;
      add_request(params);
      Export& e = add(kind, symbol + "_cbor", kInt, std::move(params));
      e.wire = Wire::cbor;
      e.func = &f;
    }
  }

  void objects() {
    for (const model::Object& o : m_.objects) {
      const std::string t = c_abi::type_name(m_, o.name);
      for (Kind kind : {Kind::object_retain, Kind::object_release}) {
        const char* verb = kind == Kind::object_retain ? "_retain" : "_release";
        add(kind, t + verb, kInt, {ctx(), runtime({B::named, t}, "obj")}).object = &o;
      }
    }
    if (!m_.objects.empty()) add(Kind::live_objects, lib("live_objects"), kU64, {ctx()});
  }

  void events() {
    if (m_.events.empty()) return;
    for (Wire wire : {Wire::native, Wire::cbor}) {
      add(Kind::add_event_listener,
          lib(wire == Wire::cbor ? "add_event_listener_cbor" : "add_event_listener"), kU64,
          {ctx(), runtime(kText, "event"), callback(), user_data()})
          .wire = wire;
    }
    add(Kind::remove_event_listener, lib("remove_event_listener"), kInt,
        {ctx(), runtime(kU64, "listener_id")});
  }

  void hosts() {
    if (m_.hosts.empty()) return;
    for (Wire wire : {Wire::native, Wire::cbor}) {
      add(Kind::register_host_fn,
          lib(wire == Wire::cbor ? "register_host_fn_cbor" : "register_host_fn"), kInt,
          {ctx(), runtime(kText, "name"), runtime({B::host_fn}, "fn"), user_data()})
          .wire = wire;
    }
    add(Kind::host_complete, lib("host_complete"), kInt,
        {ctx(), runtime(kU64, "call_id"), runtime(kInt, "ret"), runtime({B::void_, "", 1}, "msg"),
         runtime({B::size}, "len")});
  }

  const model::Model& m_;
  std::vector<Export> out_;
};

}  // namespace

std::vector<Export> table(const model::Model& m) {
  return Builder(m).run();
}

std::vector<const Export*> forms_of(const std::vector<Export>& t, const model::Func& f) {
  std::vector<const Export*> out;
  for (const Export& e : t) {
    if (e.is_call() && e.func == &f) out.push_back(&e);
  }
  return out;
}

const Export& native_form(const std::vector<Export>& t, const model::Func& f, bool paused) {
  for (const Export* row : forms_of(t, f)) {
    if (row->wire == Wire::native && row->paused == paused) return *row;
  }
  throw std::logic_error("no native export for " + f.name.original);
}

const Export* find(const std::vector<Export>& t, Kind kind) {
  for (const Export& e : t) {
    if (e.kind == kind) return &e;
  }
  return nullptr;
}

}  // namespace ffidl::gen::exports
