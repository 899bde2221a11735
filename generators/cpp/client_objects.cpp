// Object handles: one C++ class per schema object.
#include "cpp/client.hpp"

namespace ffidl::gen::cpp {

void Client::object_helpers(bool define) {
  for (const model::Object& o : m_.objects) {
    VarMap v = {{"n", o.name.pascal}, {"c", c_abi::type_name(m_, o.name)}};
    if (!define) {
      e_.emit(R"(
          inline $n$ from_pod(const $c$& h);
          inline void to_pod(const $n$& v, $c$& out);
          inline void free_pod($c$&);
          )",
              v);
      continue;
    }
    e_.emit(R"(

          inline $n$ from_pod(const $c$& h) {
              return $n$::retained(ffidl::client::current_ctx(), h);
          }

          inline void to_pod(const $n$& v, $c$& out) {
              out = v.handle();
          }

          inline void free_pod($c$&) {}  // a handle lent for the call: nothing to drop)",
            v);
  }
}

void Client::object_class(const model::Object& o) {
  VarMap v = {{"n", o.name.pascal},
              {"c", c_abi::type_name(m_, o.name)},
              {"lib", lib_},
              {"o", o.name.original}};
  e_.blank();
  e_.doc(o.doc, CommentStyle::slashes3);
  e_.emit(R"(
        ///
        /// A reference to a $o$ living in a client's context. Copies are more
        /// references to the same object and compare equal; the object lives
        /// while any reference (here or in the library) holds it. Methods may be
        /// called from any thread; a reference outliving its Client answers errors.
        class $n$ {
         public:
            /// No object (methods answer errors).
            $n$() = default;
            /// Takes a reference of its own to `h`, a handle of context `ctx` (one
            /// borrowed in a C callback, say). Throws std::runtime_error if `h` is not
            /// a live $o$ of `ctx`.
            static $n$ retained(void* ctx, $c$ h) {
                if ($c$_retain(ctx, h) != FFIDL_OK) throw std::runtime_error($lib$_last_error());
                $n$ out;
                out.ctx_ = ctx;
                out.h_ = h;
                return out;
            }
            $n$(const $n$& other) : ctx_(other.ctx_), h_(other.h_) {
                if (h_.handle != 0) $c$_retain(ctx_, h_);
            }
            $n$($n$&& other) noexcept : ctx_(other.ctx_), h_(std::exchange(other.h_, $c${})) {}
            $n$& operator=($n$ other) noexcept {
                std::swap(ctx_, other.ctx_);
                std::swap(h_, other.h_);
                return *this;
            }
            ~$n$() { reset(); }

            /// Drops this reference now; the object lives on while others hold it.
            void reset() {
                if (h_.handle != 0) $c$_release(ctx_, h_);
                h_ = $c${};
            }
            /// True unless empty (default-constructed, moved from or reset).
            explicit operator bool() const { return h_.handle != 0; }
            /// The C handle, for mixing with the C API (still owned by this reference).
            $c$ handle() const { return h_; }
            /// Identity: two references to one object compare equal.
            bool operator==(const $n$& other) const { return h_.handle == other.h_.handle; }
            bool operator!=(const $n$& other) const { return !(*this == other); }
        )",
          v);
  e_.indent();
  for (int i : o.ctors) {
    const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
    if (c_abi::native(c)) object_ctor_declarations(c);
  }
  Receiver recv{"ctx_", o.name.pascal, false};
  for (int i : o.procs)
    proc(m_.procs[static_cast<std::size_t>(i)], false, &recv);
  e_.outdent();
  e_.emit(R"(
       private:
          void* ctx_ = nullptr;
          $c$ h_{};
      };
      )",
          v);
}

/// An object ctor's three forms, declared in its class (defined after
/// Client, which they take).
void Client::object_ctor_declarations(const model::Func& c) {
  const std::string pl = c.params.empty() ? "" : ", " + params_decl(c, false);
  VarMap cv = {{"name", cpp::member_name(c)},
               {"async", c.member_name.snake + "_async"},
               {"R", result_t(c)},
               {"p", params_decl(c, true)},
               {"c", pl}};
  e_.doc(c.doc, CommentStyle::slashes3);
  e_.emit(R"(
      /// A ctor, asynchronous: `done` runs once, on a library thread.
      static void $name$(const Client& client, $p$std::function<void(ffidl::Result<$R$>)> done,
          std::function<void(std::chrono::milliseconds)> progress = {});
      )",
          cv);
  e_.doc(c.doc, CommentStyle::slashes3);
  e_.print(
      "/// A ctor, as a future.\nstatic std::future<ffidl::Result<$R$>> $async$(const Client& "
      "client$c$);",
      cv);
  e_.doc(c.doc, CommentStyle::slashes3);
  e_.print("/// A ctor, blocking.\nstatic ffidl::Result<$R$> $name$(const Client& client$c$);", cv);
  e_.blank();
}

void Client::object_ctors(const model::Object& o) {
  for (int i : o.ctors) {
    const model::Func& c = m_.procs[static_cast<std::size_t>(i)];
    if (!c_abi::native(c)) continue;
    VarMap cv = {{"n", o.name.pascal},
                 {"name", cpp::member_name(c)},
                 {"async", c.member_name.snake + "_async"},
                 {"flat", c.name.snake},
                 {"R", result_t(c)},
                 {"p", params_decl(c, true)},
                 {"pl", c.params.empty() ? "" : ", " + params_decl(c, false)},
                 {"a", param_names(c, true)},
                 {"al", param_names(c, false)}};
    e_.emit(R"(

          inline void $n$::$name$(const Client& client, $p$std::function<void(ffidl::Result<$R$>)> done,
                  std::function<void(std::chrono::milliseconds)> progress) {
              client.$flat$($a$std::move(done), std::move(progress));
          }

          inline std::future<ffidl::Result<$R$>> $n$::$async$(const Client& client$pl$) {
              return client.$flat$_async($al$);
          }

          inline ffidl::Result<$R$> $n$::$name$(const Client& client$pl$) {
              return client.$flat$($al$);
          })",
            cv);
  }
}

}  // namespace ffidl::gen::cpp
