// What the C++ backends (service side now, client later) share: C++ type
// spellings and the list of records (structs with a C++ value type).
#pragma once

#include <string>
#include <vector>

#include "model.hpp"

namespace ffidl::gen {
class Emitter;
}

namespace ffidl::gen::cpp {

/// The C++ value type of a schema type (`std::vector<std::string>`, ...).
/// An object is `<Object>Ref`, which each side defines (`object_scope`
/// qualifies it: `typename Side::` inside a record templated on the side).
std::string type(const model::Model& m, const model::Type* t, const std::string& object_scope = "");
/// `ffidl::Result<T>`, or `ffidl::Result<T, ffidl::Failure<E>>` for a
/// function that raises E (T is `void` for no result).
std::string result_type(const model::Model& m, const model::Func& f);
/// An object ctor's or proc's C++ name: its snake_case name, with `_`
/// appended where that is a C or C++ keyword (`new` -> `new_`).
std::string member_name(const model::Func& f);
/// A C/C++ string literal (escapes, octal for non-ASCII bytes, so generated
/// headers stay 7-bit); shared by the C and C++ backends.
std::string string_literal(const std::string& s);
/// The C++ spelling of a constant's value.
std::string const_value(const model::Const& c);

/// Where a record comes from: the schema's own structs, or the parameters
/// of a function gathered into one (an event's payload, a host fn's
/// arguments, a ctor's or proc's CBOR request). Backends decide by origin,
/// never by a record's name or doc text.
enum class Origin {
  schema_struct,
  variant_payload,
  schema_union,
  event_payload,
  host_args,
  call_params
};

/// A struct that exists as a C++ value type: every schema struct, and the
/// payload of each event and the arguments of each host fn.
struct Record {
  std::string name;    // C++ name, e.g. EchoRequest, EchoFiredEvent
  std::string c_name;  // its C mirror, or "" when it has none (no fields)
  model::Doc doc;
  std::vector<model::Field> fields;
  bool recursive = false;  // a schema struct that reaches itself (model::Struct::recursive)
  Origin origin = Origin::schema_struct;
  /// schema_union: the union (its variants' payloads come just before it,
  /// as variant_payload records named <Union><Variant>).
  const model::Union* union_ = nullptr;
  /// A field holds an object (an event's payload): the types header makes
  /// it a template on the side, `Basic<Name><Side>`, and the service and
  /// client headers each name their own `<Name>`.
  bool holds_objects = false;
};
/// Schema structs and unions in definition order (each union preceded by
/// its variants' payloads), then event payloads and host args.
std::vector<Record> records(const model::Model& m);
/// `<Union><Variant>`: the C++ (and Go) type of a variant's payload.
std::string variant_type(const model::Union& u, const model::Variant& v);
Record params_record(const model::Model& m, const model::Func& f, std::string name);
/// In a side's header (`side`: ServiceSide, ClientSide): the struct naming
/// the side's object types (`ref_of`: "std::shared_ptr<$n$Service>", with
/// $n$ the object) and `using <Record> = Basic<Record><Side>;` for every
/// record that holds objects. Nothing when none does.
void side_aliases(Emitter& e, const model::Model& m, const std::string& side,
                  const std::string& ref_of);

}  // namespace ffidl::gen::cpp
