// The lowering plan: how a value of each schema type crosses the native C
// ABI, decided once here and rendered by every binding (the model is
// wit-bindgen's abi.rs: one walk per type, backends only render its steps).
//
// The walk owns the rules: which C members a value occupies (the
// flattening of c_abi::field_members), where a container's element sits
// (in a helper struct's `value`, or in the array slot itself), that an
// optional is a `has_` flag beside its value's own members, that a record
// converts through its own function, and how each kind of parameter is
// passed. A backend implements a renderer: one small method per kind of
// step, in its own syntax, with no knowledge of those rules.
#pragma once

#include <string>

#include "model.hpp"

namespace ffidl::gen::lowering {

/// Where a value sits in C: member `name` of the object reached as `obj`
/// (which ends in "." or is empty), with the siblings the flattening rule
/// gives it.
struct Place {
  std::string obj;   // "dst." / "s[i]." / ""
  std::string name;  // "label" / "value" / "s[i]"

  std::string value() const { return obj + name; }
  std::string len() const { return obj + name + "_len"; }
  std::string has() const { return obj + "has_" + name; }
  std::string keys() const { return obj + name + "_keys"; }
  std::string values() const { return obj + name + "_values"; }
};

/// Field `name` of the C struct reached as `obj` ("dst." or "").
inline Place field(std::string obj, std::string name) {
  return Place{std::move(obj), std::move(name)};
}

/// The one element rule: a value of type `t` stored in an array slot (or
/// pointed at by a result) sits in a helper struct's `value` member when `t`
/// is a container or bytes, else in the slot itself. `slot` names the slot
/// as an object ("s[i]", "v"); `slot_value` as a value ("s[i]", "*v").
Place element(const model::Type* t, const std::string& slot, const std::string& slot_value);

/// Where field `f` of variant `v` sits in a union's C mirror reached as
/// `obj` ("dst." / "in."): in the variant's member. The tag is the
/// variant's index in the union (c_abi::tag_name).
inline Place variant_field(const std::string& obj, const model::Variant& v, const model::Field& f) {
  return Place{obj + v.name.snake + ".", f.name.snake};
}

/// Renders the steps of lower(): a binding's value into C members. `value`
/// is the binding's expression for the value; every `dst_*` is a C lvalue.
class LowerRenderer {
 public:
  virtual ~LowerRenderer() = default;
  /// bool, integers, floats: a copy into the C type.
  virtual void scalar(const model::Type* t, const std::string& value, const std::string& dst) = 0;
  /// An enum as its int32 value.
  virtual void enumeration(const model::Type* t, const std::string& value,
                           const std::string& dst) = 0;
  /// A NUL-terminated UTF-8 copy (`const char *`).
  virtual void string(const std::string& value, const std::string& dst) = 0;
  virtual void bytes(const std::string& value, const std::string& dst,
                     const std::string& dst_len) = 0;
  /// An array of elements, each lowered by the list's own conversion (see
  /// lower_element()).
  virtual void list(const model::Type* t, const std::string& value, const std::string& dst,
                    const std::string& dst_len) = 0;
  virtual void map(const model::Type* t, const std::string& value, const std::string& dst_keys,
                   const std::string& dst_values, const std::string& dst_len) = 0;
  /// A struct or a union, through the record's own conversion (a union's
  /// conversion switches on the variant and lowers its fields with this
  /// same walk).
  virtual void record(const model::Type* t, const std::string& value, const std::string& dst) = 0;
  /// Opens "if `value` is present, set `dst_has`": returns the expression
  /// of the present value, which the walk lowers into the same location.
  virtual std::string optional_begin(const model::Type* t, const std::string& value,
                                     const std::string& dst_has) = 0;
  virtual void optional_end() = 0;
  /// An object as its handle (`<lib>_<Object>`, a struct of one uint64_t).
  /// The library's side hands out a reference the message owns (released
  /// with the message, see release()); a client passes a handle it holds.
  virtual void object(const model::Type* t, const std::string& value, const std::string& dst) = 0;
};

/// Lowers `value` (of type `t`) into `dst`.
void lower(const model::Type* t, const std::string& value, const Place& dst, LowerRenderer& r);
/// Lowers one element of a container (of type `elem`) into its array slot:
/// lower() at element(elem, slot, slot_value).
void lower_element(const model::Type* elem, const std::string& value, const std::string& slot,
                   const std::string& slot_value, LowerRenderer& r);

/// Renders the steps of lift(): C members into a binding's value, as an
/// expression. Every `src_*` is a C rvalue.
class LiftRenderer {
 public:
  virtual ~LiftRenderer() = default;
  virtual std::string scalar(const model::Type* t, const std::string& src) = 0;
  /// An int32 as the enum (a binding may check that the value is known).
  virtual std::string enumeration(const model::Type* t, const std::string& src) = 0;
  virtual std::string string(const std::string& src) = 0;
  virtual std::string bytes(const std::string& src, const std::string& src_len) = 0;
  virtual std::string list(const model::Type* t, const std::string& src,
                           const std::string& src_len) = 0;
  virtual std::string map(const model::Type* t, const std::string& src_keys,
                          const std::string& src_values, const std::string& src_len) = 0;
  virtual std::string record(const model::Type* t, const std::string& src) = 0;
  /// `present` is the lifted value, to be used only when `src_has` is true.
  virtual std::string optional(const model::Type* t, const std::string& src_has,
                               const std::string& present) = 0;
  /// A handle as the binding's object: a client takes a reference of its
  /// own (`<lib>_<Object>_retain`); the library looks the object up.
  virtual std::string object(const model::Type* t, const std::string& src) = 0;
};

/// The expression lifting the value of type `t` at `src`.
std::string lift(const model::Type* t, const Place& src, LiftRenderer& r);
/// Lifts one element of a container from its array slot: lift() at
/// element(elem, slot, slot_value).
std::string lift_element(const model::Type* elem, const std::string& slot,
                         const std::string& slot_value, LiftRenderer& r);

/// Renders the steps of release(): freeing what a lowering allocated, for a
/// binding whose lowered values are not held by an arena (the C++ side).
class ReleaseRenderer {
 public:
  virtual ~ReleaseRenderer() = default;
  virtual void string(const std::string& src) = 0;
  /// The array behind `src` (bytes, or scalars and enums: nothing inside).
  virtual void array(const std::string& src) = 0;
  /// Each element of a `len`-long array through element(), then the array.
  /// `element_name` is the name the walk uses for one element.
  virtual void array_each_begin(const model::Type* elem, const std::string& src,
                                const std::string& len, const std::string& element_name) = 0;
  virtual void array_each_end() = 0;
  virtual void record(const model::Type* t, const std::string& src) = 0;
  virtual void optional_begin(const std::string& src_has) = 0;
  virtual void optional_end() = 0;
  /// The reference a lowered handle holds (the library's side), or nothing.
  virtual void object(const model::Type* t, const std::string& src) = 0;
};

/// Frees what lowering a value of type `t` into `src` allocated. `depth`
/// keeps element names of nested arrays apart.
void release(const model::Type* t, const Place& src, ReleaseRenderer& r, int depth = 0);
/// True if a lowered value of `t` owns heap memory or references
/// (release() emits steps).
bool owns_memory(const model::Type* t);

/// Renders the steps of stage(): the library's copy of a C value a caller
/// lends (ffidl/stage.hpp). The staged copy `dst` starts as a shallow copy
/// of the caller's `src`; the walk replaces each pointer in it with a copy
/// in the arena and checks what a conversion would refuse, so that the
/// copy converts later, on another thread, without a failure.
class StageRenderer {
 public:
  virtual ~StageRenderer() = default;
  /// Checks that the int32 at `src` is a value of the enum.
  virtual void enumeration(const model::Type* t, const std::string& src) = 0;
  /// Copies a NUL-terminated string, checking it is UTF-8.
  virtual void string(const std::string& src, const std::string& dst) = 0;
  /// Copies the `len` elements at `src` into `dst` (bytes, scalars: nothing
  /// inside to stage).
  virtual void array(const std::string& src, const std::string& len, const std::string& dst) = 0;
  /// Copies the array, then stages each element: the walk's steps between
  /// begin and end stage the element named `src_name` into `dst_name`.
  virtual void array_each_begin(const model::Type* elem, const std::string& src,
                                const std::string& len, const std::string& dst,
                                const std::string& src_name, const std::string& dst_name) = 0;
  virtual void array_each_end() = 0;
  /// A map's keys and values are staged only when both arrays are there (a
  /// conversion reads a map with either missing as empty).
  virtual void map_begin(const std::string& src_keys, const std::string& src_values,
                         const std::string& dst_keys, const std::string& dst_values) = 0;
  virtual void map_end() = 0;
  /// A struct or union through the record's own staging function.
  virtual void record(const model::Type* t, const std::string& src, const std::string& dst) = 0;
  virtual void optional_begin(const std::string& src_has) = 0;
  virtual void optional_end() = 0;
};

/// Stages the value of type `t` at `src` into `dst`, which holds a shallow
/// copy of it. `depth` keeps element names of nested arrays apart.
void stage(const model::Type* t, const Place& src, const Place& dst, StageRenderer& r,
           int depth = 0);
/// True if stage() emits steps for a value of `t` (it points at memory, or
/// it is an enum to check).
bool needs_staging(const model::Type* t);
/// True if a native argument of type `t` is staged: copied into one arena
/// on the caller's thread and converted into C++ values on the loop. That
/// pays off for values that convert into several allocations (a struct
/// with two strings, a list of strings, any map): the loop then allocates
/// and frees them on one thread. A value converting into at most one (a
/// string, bytes, a list of numbers, a struct of numbers) is converted
/// directly. Values holding objects are converted directly too: their
/// handles must be resolved while the caller's call is running.
bool staged(const model::Model& m, const model::Type* t);

/// How a parameter of a native export is passed (c_abi::param_members gives
/// the C members). One rule for every binding.
enum class Passing {
  value,             // scalars, enums and objects (a handle struct): by value
  members,           // strings, bytes, lists, maps, other optionals: flattened members
  pointer,           // a struct or union: `const T *` to a lowered mirror
  optional_pointer,  // optional<struct/union>: `has_x`, and `const T *` (NULL when absent)
};
Passing passing(const model::Type* t);

}  // namespace ffidl::gen::lowering
