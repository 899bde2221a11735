#include "model.hpp"

namespace ffidl::model {

const char* to_string(Abi abi) {
  switch (abi) {
    case Abi::native:
      return "native";
    case Abi::cbor:
      return "cbor";
    case Abi::both:
      return "both";
  }
  return "both";
}

const char* to_string(FuncKind kind) {
  switch (kind) {
    case FuncKind::ctor:
      return "ctor";
    case FuncKind::dtor:
      return "dtor";
    case FuncKind::proc:
      return "proc";
    case FuncKind::static_proc:
      return "static proc";
    case FuncKind::event:
      return "event";
    case FuncKind::host:
      return "host";
  }
  return "proc";
}

const char* describe(FuncKind kind) {
  return kind == FuncKind::host ? "host fn" : to_string(kind);
}

std::vector<const Func*> functions(const Model& m) {
  std::vector<const Func*> out;
  if (m.ctor) out.push_back(&*m.ctor);
  if (m.dtor) out.push_back(&*m.dtor);
  for (const auto* list : {&m.procs, &m.static_procs, &m.events, &m.hosts}) {
    for (const Func& f : *list)
      out.push_back(&f);
  }
  return out;
}

const char* to_string(TypeKind kind) {
  static const char* names[] = {"bool",     "i8",  "i16",    "i32",  "i64",    "u8",    "u16",
                                "u32",      "u64", "f32",    "f64",  "string", "bytes", "list",
                                "optional", "map", "struct", "enum", "union",  "object"};
  return names[static_cast<int>(kind)];
}

}  // namespace ffidl::model
