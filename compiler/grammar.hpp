// The .ffidl grammar as PEGTL rules (see docs/language.md for the prose
// version). The parser (parser.cpp) runs `item` once per top-level
// declaration, so a syntax error in one declaration does not hide errors in
// the next. Rules whose nodes the parser reads are listed in parser.cpp's
// selector; every rule that can be `must`-ed has an error message below.
#pragma once

#include <tao/pegtl.hpp>

namespace ffidl::grammar {

namespace pg = tao::pegtl;

// ---- whitespace and comments -------------------------------------------

/// `/// text`: a doc comment. `////...` is an ordinary comment, as in Rust.
struct doc_line : pg::seq<pg::three<'/'>, pg::not_at<pg::one<'/'>>, pg::until<pg::eolf>> {};
struct line_comment
    : pg::seq<pg::two<'/'>, pg::sor<pg::one<'/'>, pg::not_at<pg::one<'/'>>>, pg::until<pg::eolf>> {
};
struct block_end : pg::until<pg::string<'*', '/'>> {};
struct block_comment : pg::seq<pg::string<'/', '*'>, pg::must<block_end>> {};
/// Plain comments look like doc comments, so `line_comment` only matches
/// `//x` or `////`; a `///` line is never skipped as whitespace.
struct plain_comment : pg::sor<pg::seq<pg::not_at<doc_line>, line_comment>, block_comment> {};
struct sp : pg::star<pg::sor<pg::space, plain_comment>> {};
struct docs : pg::star<doc_line, sp> {};

// ---- tokens ----------------------------------------------------------------

struct ident_first : pg::ranges<'a', 'z', 'A', 'Z'> {};
struct ident_rest : pg::ranges<'a', 'z', 'A', 'Z', '0', '9', '_'> {};
struct ident : pg::seq<ident_first, pg::star<ident_rest>> {};
/// An identifier naming the thing being declared (a separate rule only so
/// that its error message can say "expected a name").
struct name : ident {};

template <typename Key>
struct keyword : pg::seq<Key, pg::not_at<ident_rest>> {};

struct kw_library : keyword<TAO_PEGTL_STRING("library")> {};
struct kw_const : keyword<TAO_PEGTL_STRING("const")> {};
struct kw_enum : keyword<TAO_PEGTL_STRING("enum")> {};
struct kw_struct : keyword<TAO_PEGTL_STRING("struct")> {};
struct kw_ctor : keyword<TAO_PEGTL_STRING("ctor")> {};
struct kw_dtor : keyword<TAO_PEGTL_STRING("dtor")> {};
struct kw_proc : keyword<TAO_PEGTL_STRING("proc")> {};
struct kw_static : keyword<TAO_PEGTL_STRING("static")> {};
struct kw_event : keyword<TAO_PEGTL_STRING("event")> {};
struct kw_host : keyword<TAO_PEGTL_STRING("host")> {};
struct kw_union : keyword<TAO_PEGTL_STRING("union")> {};
struct kw_error : keyword<TAO_PEGTL_STRING("error")> {};
struct kw_raises : keyword<TAO_PEGTL_STRING("raises")> {};
struct kw_import : keyword<TAO_PEGTL_STRING("import")> {};
struct kw_object : keyword<TAO_PEGTL_STRING("object")> {};

struct lbrace : pg::one<'{'> {};
struct rbrace : pg::one<'}'> {};
struct lparen : pg::one<'('> {};
struct rparen : pg::one<')'> {};
struct rbracket : pg::one<']'> {};
struct rangle : pg::one<'>'> {};
struct colon : pg::one<':'> {};
struct semi : pg::one<';'> {};
struct equals : pg::one<'='> {};
struct comma : pg::one<','> {};
struct arrow : pg::string<'-', '>'> {};

// ---- literals ----------------------------------------------------------------

struct sign : pg::one<'-'> {};
struct hex_int : pg::seq<pg::one<'0'>, pg::one<'x', 'X'>, pg::plus<pg::xdigit>> {};
struct exponent : pg::seq<pg::one<'e', 'E'>, pg::opt<pg::one<'+', '-'>>, pg::plus<pg::digit>> {};
struct lit_float
    : pg::seq<pg::opt<sign>, pg::plus<pg::digit>,
              pg::sor<pg::seq<pg::one<'.'>, pg::plus<pg::digit>, pg::opt<exponent>>, exponent>,
              pg::not_at<ident_rest>> {};
struct lit_int
    : pg::seq<pg::opt<sign>, pg::sor<hex_int, pg::plus<pg::digit>>, pg::not_at<ident_rest>> {};
struct string_char : pg::sor<pg::seq<pg::one<'\\'>, pg::any>, pg::not_one<'"', '\n', '\r'>> {};
struct string_end : pg::one<'"'> {};
struct lit_string : pg::seq<pg::one<'"'>, pg::star<string_char>, pg::must<string_end>> {};
struct lit_true : keyword<TAO_PEGTL_STRING("true")> {};
struct lit_false : keyword<TAO_PEGTL_STRING("false")> {};
struct lit_ident : ident {};
struct literal : pg::sor<lit_float, lit_int, lit_string, lit_true, lit_false, lit_ident> {};
struct int_literal : lit_int {};

// ---- types -------------------------------------------------------------------

struct type_expr;
struct type_args : pg::seq<pg::one<'<'>, sp, pg::must<type_expr>, sp,
                           pg::star<comma, sp, pg::must<type_expr>, sp>, pg::must<rangle>> {};
/// The parser's control counts how deep these nest (max_type_depth), so a
/// hostile schema cannot exhaust the stack.
struct type_expr : pg::seq<ident, sp, pg::opt<type_args>> {};

// ---- settings and attributes ---------------------------------------------------

struct setting : pg::seq<name, sp, pg::must<equals>, sp, pg::must<literal>, sp, pg::must<semi>> {};
struct attr : pg::seq<name, sp, pg::must<equals>, sp, pg::must<literal>> {};
struct attrs : pg::seq<pg::one<'['>, sp, pg::must<attr>, sp,
                       pg::star<comma, sp, pg::must<attr>, sp>, pg::must<rbracket>> {};

// ---- declarations ------------------------------------------------------------------

struct library_decl : pg::seq<kw_library, sp, pg::must<name>, sp, pg::must<lbrace>, sp,
                              pg::star<docs, setting, sp>, pg::must<rbrace>> {};

/// `import "path.ffidl";`
struct import_path : lit_string {};
struct import_decl : pg::seq<kw_import, sp, pg::must<import_path>, sp, pg::must<semi>> {};

struct const_decl
    : pg::seq<kw_const, sp, pg::must<name>, sp, pg::must<colon>, sp, pg::must<type_expr>, sp,
              pg::must<equals>, sp, pg::must<literal>, sp, pg::must<semi>> {};

struct enum_value : pg::seq<equals, sp, pg::must<int_literal>> {};
struct enumerator : pg::seq<docs, name, sp, pg::opt<enum_value>> {};
struct enum_body
    : pg::opt<enumerator, sp, pg::star<comma, sp, enumerator, sp>, pg::opt<comma, sp>> {};
/// Doc lines before the closing brace document nothing: the parser warns.
struct enum_decl : pg::seq<kw_enum, sp, pg::must<name>, sp, pg::must<lbrace>, sp, enum_body, docs,
                           pg::must<rbrace>> {};

struct field
    : pg::seq<docs, name, sp, pg::must<colon>, sp, pg::must<type_expr>, sp, pg::must<semi>> {};
struct struct_decl : pg::seq<kw_struct, sp, pg::must<name>, sp, pg::must<lbrace>, sp,
                             pg::star<field, sp>, docs, pg::must<rbrace>> {};

struct param : pg::seq<docs, name, sp, pg::must<colon>, sp, pg::must<type_expr>> {};
/// A union's variant: a name and, optionally, its fields in parentheses.
struct variant_fields
    : pg::seq<lparen, sp, pg::opt<param, sp, pg::star<comma, sp, pg::must<param>, sp>>, docs,
              pg::must<rparen>> {};
struct variant : pg::seq<docs, name, sp, pg::opt<variant_fields>> {};
struct union_body : pg::opt<variant, sp, pg::star<comma, sp, variant, sp>, pg::opt<comma, sp>> {};
/// `union` and `error` share one shape; an error is a union that may be
/// raised. Doc lines before the closing brace document nothing: a warning.
struct union_decl : pg::seq<pg::sor<kw_union, kw_error>, sp, pg::must<name>, sp, pg::must<lbrace>,
                            sp, union_body, docs, pg::must<rbrace>> {};
struct params : pg::seq<lparen, sp, pg::opt<param, sp, pg::star<comma, sp, pg::must<param>, sp>>,
                        docs, pg::must<rparen>> {};
struct result : pg::seq<arrow, sp, pg::must<type_expr>> {};
/// `raises E`: the error type a function may raise (the checker insists
/// it is an `error`).
struct raises : pg::seq<kw_raises, sp, pg::must<type_expr>> {};
/// Everything after the keyword of a ctor, proc, static proc, event or host.
/// Results on ctors and events are rejected by the checker, with a better
/// message than a parser could give.
struct func_tail : pg::seq<pg::must<name>, sp, pg::must<params>, sp, pg::opt<result>, sp,
                           pg::opt<raises>, sp, pg::opt<attrs>, sp, pg::must<semi>> {};
struct ctor_decl : pg::seq<kw_ctor, sp, func_tail> {};
struct dtor_decl : pg::seq<kw_dtor, sp, pg::must<name>, sp, pg::opt<lparen, sp, pg::must<rparen>>,
                           sp, pg::opt<attrs>, sp, pg::must<semi>> {};
struct proc_decl : pg::seq<kw_proc, sp, func_tail> {};
struct static_decl : pg::seq<kw_static, sp, pg::must<kw_proc>, sp, func_tail> {};
struct event_decl : pg::seq<kw_event, sp, func_tail> {};
struct host_decl : pg::seq<kw_host, sp, func_tail> {};

/// An object's dtor hook: `dtor;` (no name, no parameters).
struct object_dtor : pg::seq<kw_dtor, sp, pg::opt<attrs>, sp, pg::must<semi>> {};
/// One member of an object: a named ctor, the dtor hook or a proc.
struct object_member : pg::seq<docs, pg::sor<ctor_decl, object_dtor, proc_decl>> {};
/// `object Name { ctor new(); dtor; proc add(x: u32); }`. Doc lines before
/// the closing brace document nothing: a warning.
struct object_decl : pg::seq<kw_object, sp, pg::must<name>, sp, pg::must<lbrace>, sp,
                             pg::star<object_member, sp>, docs, pg::must<rbrace>> {};

struct declaration
    : pg::sor<library_decl, import_decl, const_decl, enum_decl, struct_decl, union_decl,
              object_decl, ctor_decl, dtor_decl, proc_decl, static_decl, event_decl, host_decl> {};
/// One top-level item: its doc comment and the declaration. The parser
/// skips leading whitespace itself before running this rule.
struct item : pg::seq<docs, pg::must<declaration>> {};
/// Only doc comments and whitespace left before the end of the file.
struct trailing_docs : pg::seq<docs, pg::eof> {};

// ---- error messages ------------------------------------------------------------------

template <typename Rule>
inline constexpr const char* error_message = nullptr;

#define FFIDL_ERROR(rule, text) \
  template <>                   \
  inline constexpr const char* error_message<rule> = text;

FFIDL_ERROR(block_end, "unterminated block comment: expected '*/'")
FFIDL_ERROR(string_end, "unterminated string: expected '\"' before the end of the line")
FFIDL_ERROR(name, "expected a name (a letter followed by letters, digits or '_')")
FFIDL_ERROR(kw_proc, "expected 'proc' after 'static'")
FFIDL_ERROR(lbrace, "expected '{'")
FFIDL_ERROR(rbrace, "expected '}'")
FFIDL_ERROR(rparen, "expected ')'")
FFIDL_ERROR(rbracket, "expected ']'")
FFIDL_ERROR(rangle, "expected ',' or '>' in the type argument list")
FFIDL_ERROR(colon, "expected ':' followed by a type")
FFIDL_ERROR(semi, "expected ';'")
FFIDL_ERROR(equals, "expected '='")
FFIDL_ERROR(type_expr, "expected a type")
FFIDL_ERROR(literal, "expected a value (a number, a string, true, false or a name)")
FFIDL_ERROR(int_literal, "expected an integer")
FFIDL_ERROR(import_path, "expected the imported file's path as a string: import \"types.ffidl\";")
FFIDL_ERROR(attr, "expected an attribute 'name = value'")
FFIDL_ERROR(param, "expected a parameter 'name: type'")
FFIDL_ERROR(params, "expected '(' and a parameter list")
FFIDL_ERROR(declaration,
            "expected a declaration (library, import, const, enum, struct, union, error, object, "
            "ctor, dtor, proc, static proc, event or host)")

#undef FFIDL_ERROR

/// Messages for the rules that `must<>` raises on. Rules fail quietly
/// everywhere else (raise_on_failure), so alternatives can still be tried.
struct errors {
  template <typename Rule>
  static constexpr const char* message = error_message<Rule>;
  template <typename Rule>
  static constexpr bool raise_on_failure = false;
};

/// How deep `list<optional<map<...>>>` may nest before the parser refuses.
inline constexpr int max_type_depth = 64;

}  // namespace ffidl::grammar
