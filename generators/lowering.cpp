#include "lowering.hpp"

#include <stdexcept>
#include <vector>

#include "c_abi.hpp"

namespace ffidl::gen::lowering {

using model::TypeKind;

Place element(const model::Type* t, const std::string& slot, const std::string& slot_value) {
  // The layout decides which elements sit in a helper; this walk follows it.
  return c_abi::in_helper(t) ? Place{slot + ".", "value"} : Place{"", slot_value};
}

void lower(const model::Type* t, const std::string& value, const Place& dst, LowerRenderer& r) {
  switch (t->kind) {
    case TypeKind::string:
      r.string(value, dst.value());
      return;
    case TypeKind::bytes:
      r.bytes(value, dst.value(), dst.len());
      return;
    case TypeKind::list:
      r.list(t, value, dst.value(), dst.len());
      return;
    case TypeKind::map:
      r.map(t, value, dst.keys(), dst.values(), dst.len());
      return;
    case TypeKind::optional: {
      // The value's own members sit beside the flag, in the same struct.
      std::string present = r.optional_begin(t, value, dst.has());
      lower(t->elem, present, dst, r);
      r.optional_end();
      return;
    }
    case TypeKind::struct_:
    case TypeKind::union_:
      r.record(t, value, dst.value());
      return;
    case TypeKind::enum_:
      r.enumeration(t, value, dst.value());
      return;
    case TypeKind::object_:
      r.object(t, value, dst.value());
      return;
    default:
      if (!t->is_scalar()) throw std::logic_error("lowering: no rule for " + t->spelling);
      r.scalar(t, value, dst.value());
  }
}

std::string lift(const model::Type* t, const Place& src, LiftRenderer& r) {
  switch (t->kind) {
    case TypeKind::string:
      return r.string(src.value());
    case TypeKind::bytes:
      return r.bytes(src.value(), src.len());
    case TypeKind::list:
      return r.list(t, src.value(), src.len());
    case TypeKind::map:
      return r.map(t, src.keys(), src.values(), src.len());
    case TypeKind::optional:
      return r.optional(t, src.has(), lift(t->elem, src, r));
    case TypeKind::struct_:
    case TypeKind::union_:
      return r.record(t, src.value());
    case TypeKind::enum_:
      return r.enumeration(t, src.value());
    case TypeKind::object_:
      return r.object(t, src.value());
    default:
      if (!t->is_scalar()) throw std::logic_error("lowering: no rule for " + t->spelling);
      return r.scalar(t, src.value());
  }
}

void lower_element(const model::Type* elem, const std::string& value, const std::string& slot,
                   const std::string& slot_value, LowerRenderer& r) {
  lower(elem, value, element(elem, slot, slot_value), r);
}

std::string lift_element(const model::Type* elem, const std::string& slot,
                         const std::string& slot_value, LiftRenderer& r) {
  return lift(elem, element(elem, slot, slot_value), r);
}

bool owns_memory(const model::Type* t) {
  return !t->is_scalar();
}

namespace {

void release_array(const model::Type* elem, const std::string& ptr, const std::string& len,
                   ReleaseRenderer& r, int depth) {
  if (!owns_memory(elem)) {
    r.array(ptr);
    return;
  }
  std::string name = "e";
  name += std::to_string(depth);  // appended: GCC 12 -O2 misreads a prepend (-Wrestrict)
  r.array_each_begin(elem, ptr, len, name);
  release(elem, element(elem, name, name), r, depth + 1);
  r.array_each_end();
}

}  // namespace

void release(const model::Type* t, const Place& src, ReleaseRenderer& r, int depth) {
  switch (t->kind) {
    case TypeKind::string:
      r.string(src.value());
      return;
    case TypeKind::bytes:
      r.array(src.value());
      return;
    case TypeKind::list:
      release_array(t->elem, src.value(), src.len(), r, depth);
      return;
    case TypeKind::map:
      release_array(t->key, src.keys(), src.len(), r, depth);
      release_array(t->elem, src.values(), src.len(), r, depth);
      return;
    case TypeKind::optional:
      if (!owns_memory(t->elem)) return;
      r.optional_begin(src.has());
      release(t->elem, src, r, depth);
      r.optional_end();
      return;
    case TypeKind::struct_:
    case TypeKind::union_:
      r.record(t, src.value());
      return;
    case TypeKind::object_:
      r.object(t, src.value());
      return;
    default:
      return;  // scalars and enums own nothing
  }
}

namespace {

void stage_array(const model::Type* elem, const std::string& src, const std::string& len,
                 const std::string& dst, StageRenderer& r, int depth) {
  if (!needs_staging(elem)) {
    r.array(src, len, dst);
    return;
  }
  std::string d = std::to_string(depth);
  std::string from = "e" + d, to = "s" + d;
  r.array_each_begin(elem, src, len, dst, from, to);
  stage(elem, element(elem, from, from), element(elem, to, to), r, depth + 1);
  r.array_each_end();
}

}  // namespace

bool needs_staging(const model::Type* t) {
  switch (t->kind) {
    case TypeKind::optional:
      return needs_staging(t->elem);
    case TypeKind::object_:
      return false;  // a handle, by value
    default:
      return !t->is_scalar() || t->kind == TypeKind::enum_;
  }
}

void stage(const model::Type* t, const Place& src, const Place& dst, StageRenderer& r, int depth) {
  switch (t->kind) {
    case TypeKind::string:
      r.string(src.value(), dst.value());
      return;
    case TypeKind::bytes:
      r.array(src.value(), src.len(), dst.value());
      return;
    case TypeKind::list:
      stage_array(t->elem, src.value(), src.len(), dst.value(), r, depth);
      return;
    case TypeKind::map:
      r.map_begin(src.keys(), src.values(), dst.keys(), dst.values());
      stage_array(t->key, src.keys(), src.len(), dst.keys(), r, depth);
      stage_array(t->elem, src.values(), src.len(), dst.values(), r, depth);
      r.map_end();
      return;
    case TypeKind::optional:
      if (!needs_staging(t->elem)) return;
      r.optional_begin(src.has());
      stage(t->elem, src, dst, r, depth);
      r.optional_end();
      return;
    case TypeKind::struct_:
    case TypeKind::union_:
      r.record(t, src.value(), dst.value());
      return;
    case TypeKind::enum_:
      r.enumeration(t, src.value());
      return;
    default:
      return;  // scalars and handles: the shallow copy is the copy
  }
}

namespace {

/// How many heap blocks converting a value of `t` into C++ takes, counted
/// up to 2 ("several"); `depth` stops a recursive struct's count.
int blocks(const model::Model& m, const model::Type* t, int depth) {
  auto add = [](int a, int b) { return a + b > 2 ? 2 : a + b; };
  if (depth > 8) return 2;
  switch (t->kind) {
    case TypeKind::string:
    case TypeKind::bytes:
      return 1;
    case TypeKind::map:
      return 2;  // a node per entry
    default:
      break;
  }
  // A list is its array plus what its elements take; an optional what its
  // value takes; a struct the sum over its fields, a union the most any one
  // variant's fields take.
  std::vector<int> per_variant(1, 0);
  model::for_each_held(m, t, [&](const model::Type* held, model::Held, int variant) {
    const std::size_t slot = variant < 0 ? 0 : static_cast<std::size_t>(variant);
    if (per_variant.size() <= slot) per_variant.resize(slot + 1, 0);
    per_variant[slot] = add(per_variant[slot], blocks(m, held, depth + 1));
  });
  int most = 0;
  for (int n : per_variant)
    most = n > most ? n : most;
  if (t->kind == TypeKind::list) return most > 0 ? 2 : 1;
  return most;
}

}  // namespace

bool staged(const model::Model& m, const model::Type* t) {
  return !model::holds_objects(t) && blocks(m, t, 0) >= 2;
}

Passing passing(const model::Type* t) {
  if (t->is_scalar() || t->kind == TypeKind::object_) return Passing::value;
  if (c_abi::by_pointer(t)) return Passing::pointer;
  if (t->kind == TypeKind::optional && c_abi::by_pointer(t->elem)) return Passing::optional_pointer;
  return Passing::members;
}

}  // namespace ffidl::gen::lowering
