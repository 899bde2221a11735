// The Marshal class's native-wire helpers: checked enums, staging, arguments.
#include "cpp/marshal.hpp"

namespace ffidl::gen::cpp {

std::string Marshal::checked_enum(const model::Type* t, const std::string& src) const {
  const model::Enum& en = m_.enum_of(*t);
  std::string known;
  for (const model::Enumerator& v : en.enumerators)
    known += (known.empty() ? "" : ", ") + std::to_string(v.value);
  return cat({"ffidl::pod::enum_from<", cpp_t(t), ">(", src, ", {", known, "}, \"",
              en.name.original, "\")"});
}

void Marshal::stage(const model::Type* t, const lowering::Place& src, const lowering::Place& dst,
                    const std::string& path, const std::string& arena) const {
  if (!lowering::needs_staging(t)) return;
  e_.print("ffidl::pod::within(\"" + path + "\", [&] {");
  e_.indent();
  Stage stage(*this, arena);
  lowering::stage(t, src, dst, stage);
  e_.outdent();
  e_.print("});");
}

std::string Marshal::from_param(const model::Type* t, const std::string& n,
                                const std::string& path) const {
  std::string expr;
  switch (lowering::passing(t)) {
    case lowering::Passing::pointer:
      expr = lift_slot(t, "(*" + n + ")", "*" + n);
      break;
    case lowering::Passing::optional_pointer:
      // A caller that sets has_ with a NULL pointer passes nothing.
      expr = cat({"(has_", n, " && ", n, " ? ", cpp_t(t), "(",
                  lift_slot(t->elem, "(*" + n + ")", "*" + n), ") : std::nullopt)"});
      break;
    default:
      expr = lift(t, lowering::field("", n));
  }
  return within(path.empty() ? n : path, expr);
}

}  // namespace ffidl::gen::cpp
