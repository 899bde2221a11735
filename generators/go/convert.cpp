// convert.go: Go values <-> native PODs (the C side in a C arena),
// rendering the lowering plan.
#include "go/backend.hpp"

namespace ffidl::gen::go {

std::string GoGen::convert_file() const {
  Emitter e = emitter();
  auto struct_funcs = [&](const std::string& go_name, const std::string& c_name,
                          const std::vector<model::Field>& fields) {
    // An event payload holding objects takes its references in client c.
    const bool objects = model::holds_objects(fields);
    e.print("func (a *ffidlArena) toC$g$(src *$g$, dst *C.$c$) {", {{"g", go_name}, {"c", c_name}});
    {
      auto in = e.scope();
      Lower lower(*this, e);
      for (const model::Field& f : fields)
        lowering::lower(f.type, "src." + go::exported(f.name),
                        lowering::field("dst.", f.name.snake), lower);
    }
    e.print("}");
    e.blank();
    e.print("func fromC$g$($cl$src *C.$c$) (dst $g$) {",
            {{"g", go_name}, {"c", c_name}, {"cl", objects ? "c *Client, " : ""}});
    {
      auto in = e.scope();
      Lift lift(*this, e);
      for (const model::Field& f : fields) {
        std::string x = lowering::lift(f.type, lowering::field("src.", f.name.snake), lift);
        e.print("dst.$Field$ = $x$", {{"Field", go::exported(f.name)}, {"x", x}});
      }
      e.print("return");
    }
    e.print("}");
    e.blank();
  };
  for (const model::Struct& s : m_.structs)
    struct_funcs(go::exported(s.name), c_abi::type_name(m_, s.name), s.fields);
  for (const model::Union& u : m_.unions)
    union_funcs(e, u);
  for (const model::Func& ev : m_.events) {
    if (!ev.params.empty())
      struct_funcs(event_type(ev), c_abi::params_struct_name(m_, ev), ev.params);
  }
  for (const model::Func& h : m_.hosts) {
    if (!h.params.empty()) struct_funcs(args_type(h), c_abi::params_struct_name(m_, h), h.params);
  }
  for (const model::Type& t : m_.types) {
    if (t.kind == TypeKind::list) list_funcs(e, &t);
    if (t.kind == TypeKind::map) map_funcs(e, &t);
  }
  std::string body = e.take();
  if (body.empty()) return file("// This library has no types to convert.\n", false, "");
  body.pop_back();  // the last blank line
  return file(body, true, "");
}

void GoGen::union_funcs(Emitter& e, const model::Union& u) const {
  std::string U = go::exported(u.name);
  std::string C = c_abi::type_name(m_, u.name);
  bool any_fields = false;
  for (const model::Variant& v : u.variants)
    any_fields = any_fields || !v.fields.empty();
  e.print(
      "func (a *ffidlArena) toC$Union$(src *$Union$, dst *C.$C$) {\n\tswitch $v$(*src).(type) {",
      {{"Union", U}, {"C", C}, {"v", any_fields ? "v := " : ""}});
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    e.print("\tcase $Variant$:\n\t\tdst.tag = $value$",
            {{"Variant", variant_type(u, v)}, {"value", std::to_string(i)}});
    auto in = e.scope();
    e.indent();
    Lower lower(*this, e);
    for (const model::Field& f : v.fields)
      lowering::lower(f.type, "v." + go::exported(f.name), lowering::variant_field("dst.", v, f),
                      lower);
    e.outdent();
  }
  e.emit(R"go(
        	default:
        		if a.err == nil {
        			a.err = &Error{Message: "a $Union$ argument holds no variant (nil)"}
        		}
        	}
        }
        )go",
         {{"Union", U}, {"C", C}});
  e.blank();
  e.emit(R"go(
        func fromC$Union$(src *C.$C$) $Union$ {
        	switch src.tag {
        )go",
         {{"Union", U}, {"C", C}});
  for (std::size_t i = 0; i < u.variants.size(); ++i) {
    const model::Variant& v = u.variants[i];
    std::string V = variant_type(u, v);
    if (v.fields.empty()) {
      e.print("\tcase $value$:\n\t\treturn $Variant${}",
              {{"value", std::to_string(i)}, {"Variant", V}});
      continue;
    }
    e.print("\tcase $value$:\n\t\tvar dst $Variant$",
            {{"value", std::to_string(i)}, {"Variant", V}});
    auto in = e.scope();
    e.indent();
    Lift lift(*this, e);
    for (const model::Field& f : v.fields) {
      std::string x = lowering::lift(f.type, lowering::variant_field("src.", v, f), lift);
      e.print("dst.$Field$ = $x$", {{"Field", go::exported(f.name)}, {"x", x}});
    }
    e.print("return dst");
    e.outdent();
  }
  e.emit(R"(
        	}
        	panic(ffidlDecodeError("tag " + strconv.Itoa(int(src.tag)) + " is not a variant of $Union$"))
        }
        )",
         {{"Union", U}});
  e.blank();
}

void GoGen::list_funcs(Emitter& e, const model::Type* t) const {
  VarMap v = {{"m", c_abi::mangle(m_, t)},
              {"g", type_name(t)},
              {"ge", type_name(t->elem)},
              {"ce", c_elem(t->elem)},
              {"cl", model::holds_objects(t) ? "c *Client, " : ""}};
  Lower lower(*this, e);
  Lift lift(*this, e);
  e.emit(R"(
        func (a *ffidlArena) toC$m$(src $g$) (*$ce$, C.size_t) {
        	if len(src) == 0 {
        		return nil, 0
        	}
        	s := ffidlAllocSlice[$ce$](a, len(src))
        	for i := range src {
        		$lower$
        	}
        	return &s[0], C.size_t(len(src))
        }

        func fromC$m$($cl$p *$ce$, n C.size_t) $g$ {
        	if n == 0 {
        		return nil
        	}
        	s := unsafe.Slice(p, n)
        	out := make($g$, n)
        	for i := range s {
        		$lift$
        	}
        	return out
        }
        )",
         v,
         {{"lower",
           [&] {
             lowering::lower(t->elem, "src[i]", lowering::element(t->elem, "s[i]", "s[i]"), lower);
           }},
          {"lift", [&] {
             std::string x =
                 lowering::lift(t->elem, lowering::element(t->elem, "s[i]", "s[i]"), lift);
             e.print("out[i] = $x$", {{"x", x}});
           }}});
  e.blank();
}

void GoGen::map_funcs(Emitter& e, const model::Type* t) const {
  VarMap v = {{"m", c_abi::mangle(m_, t)},
              {"g", type_name(t)},
              {"ck", c_elem(t->key)},
              {"cv", c_elem(t->elem)},
              {"gk", type_name(t->key)},
              {"gv", type_name(t->elem)},
              {"cl", model::holds_objects(t) ? "c *Client, " : ""}};
  Lower lower(*this, e);
  Lift lift(*this, e);
  e.emit(R"(
        func (a *ffidlArena) toC$m$(src $g$) (*$ck$, *$cv$, C.size_t) {
        	if len(src) == 0 {
        		return nil, nil, 0
        	}
        	ks := ffidlAllocSlice[$ck$](a, len(src))
        	vs := ffidlAllocSlice[$cv$](a, len(src))
        	i := 0
        	for k, v := range src {
        		$lower$
        		i++
        	}
        	return &ks[0], &vs[0], C.size_t(len(src))
        }

        func fromC$m$($cl$kp *$ck$, vp *$cv$, n C.size_t) $g$ {
        	if n == 0 {
        		return nil
        	}
        	ks, vs := unsafe.Slice(kp, n), unsafe.Slice(vp, n)
        	out := make($g$, n)
        	for i := range ks {
        		$lift$
        	}
        	return out
        }
        )",
         v,
         {{"lower",
           [&] {
             lowering::lower(t->key, "k", lowering::element(t->key, "ks[i]", "ks[i]"), lower);
             lowering::lower(t->elem, "v", lowering::element(t->elem, "vs[i]", "vs[i]"), lower);
           }},
          {"lift", [&] {
             std::string k =
                 lowering::lift(t->key, lowering::element(t->key, "ks[i]", "ks[i]"), lift);
             std::string x =
                 lowering::lift(t->elem, lowering::element(t->elem, "vs[i]", "vs[i]"), lift);
             e.print("out[$k$] = $x$", {{"k", k}, {"x", x}});
           }}});
  e.blank();
}

}  // namespace ffidl::gen::go
