// The Client class: create, procs (blocking and async), events and host
// functions.
#include "cpp/client.hpp"

namespace ffidl::gen::cpp {

void Client::client_class() {
  e_.blank();
  e_.doc(m_.library.doc, CommentStyle::slashes3);
  if (!m_.ctor) return static_client_class();
  e_.emit(R"(
      ///
      /// Owns one library context (destroyed with the client). Move-only. Every
      /// method may be called from any thread. Blocking methods refuse, with an
      /// error, to run on the library's own threads (inside a listener or a
      /// completion), where waiting would deadlock: use the asynchronous forms there.
      class Client {
       public:
      )");
  e_.indent();
  create();
  e_.print(R"(Client(Client&&) noexcept = default;
Client& operator=(Client&&) noexcept = default;
Client(const Client&) = delete;
Client& operator=(const Client&) = delete;
~Client() { close(); }

/// Destroys the context now: pending calls are answered with errors first.
/// Safe to call twice, and from inside a listener or completion (then the
/// teardown finishes on a helper thread).
void close() {
    if (!state_) return;
    if ($lib$_is_library_thread(state_->ctx)) {
        std::shared_ptr<State> state(std::move(state_));
        ffidl::client::reap([state = std::move(state)]() mutable { state.reset(); });
    } else {
        state_.reset();
    }
}

/// The C handle, for mixing with the C API.
void* handle() const { return state_ ? state_->ctx : nullptr; }

/// Events listeners never saw because they fell too far behind (the
/// library's event queue holds 65536).
std::uint64_t dropped_events() const { return $lib$_dropped_events(handle()); }

/// How long this client's blocking calls (its objects' too), the context's
/// loop and its event thread spin before they sleep: ffidl::spin_auto (the
/// default, adaptive), ffidl::spin_off, or nanoseconds.
ffidl::Result<void> set_wait_spin(std::int64_t spin_ns) {
    if ($lib$_set_wait_spin(handle(), spin_ns) != FFIDL_OK) return ffidl::Error{$lib$_last_error()};
    return {};
}
)",
           {{"lib", lib_}});
  for (const model::Func& f : m_.procs)
    proc(f, false);
  for (const model::Func& f : m_.static_procs)
    proc(f, true);
  for (const model::Func& f : m_.procs)
    skipped(f);
  for (const model::Func& f : m_.static_procs)
    skipped(f);
  for (const model::Func& ev : m_.events) {
    if (!c_abi::native(ev)) continue;  // the binding speaks the native wire
    event(ev);
  }
  for (const model::Func& h : m_.hosts) {
    if (!c_abi::native(h)) continue;  // the binding speaks the native wire
    host(h);
  }
  e_.outdent();
  e_.print("\n private:");
  e_.indent();
  state();
  e_.outdent();
  e_.print("};");
}

/// The Client of a library without a ctor: no context to own, only the
/// static procs.
void Client::static_client_class() {
  // No ctor: no context to own, only the static procs.
  e_.emit(R"(
      ///
      /// The library's functions: it has no ctor, so every function is static and
      /// needs no client. Blocking forms refuse, with an error, to run on the
      /// library's own threads: use the asynchronous forms there.
      class Client {
       public:
          Client() = delete;
      )");
  e_.indent();
  for (const model::Func& f : m_.static_procs)
    proc(f, true);
  for (const model::Func& f : m_.static_procs)
    skipped(f);
  e_.outdent();
  e_.print("};");
}

void Client::create() {
  const model::Func& c = *m_.ctor;
  e_.doc(c.doc, CommentStyle::slashes3);
  e_.emit(R"(
      /// Creates the context and waits for the ctor: the client, or its error.
      static ffidl::Result<Client> create($params$) {
          return create_with({}$a$);
      }
      )",
          {{"params", params_decl(c, false)},
           {"a", c.params.empty() ? "" : ", " + param_names(c, false)}});
  e_.doc(c.doc, CommentStyle::slashes3);
  e_.emit(R"(
      /// As create, but runs `setup` on the client before the ctor starts: set
      /// the host fns (and subscribe to the events) the ctor may need there.
      static ffidl::Result<Client> create_with(std::function<void(Client&)> setup$params$) {
      )",
          {{"params", c.params.empty() ? "" : ", " + params_decl(c, false)}});
  e_.indent();
  e_.emit(R"(
      if (const auto& mismatch = client_detail::abi_mismatch()) return ffidl::Error{*mismatch};
      using namespace client_detail;  // the marshalers
      std::promise<ffidl::Result<void>> ready;
      std::future<ffidl::Result<void>> answer = ready.get_future();
      auto* pending = new ffidl::client::Pending<void>{&ffidl::client::decode_void,
          [&ready](ffidl::Result<void> r) { ready.set_value(std::move(r)); }, {}};
      )");
  e_.print("ffidl::pod::nul_seen() = false;");
  const std::map<std::string, std::string> args = pack_args(c);
  refuse_nul(c, "delete pending;\nreturn ffidl::Error", "");
  e_.print("void* ctx = $call$;",
           {{"call", native_call(exports::native_form(table_, c, true), args, "",
                                 "&ffidl::client::Pending<void>::callback")}});
  free_args(c);
  e_.emit(R"(
      if (!ctx) {
          delete pending;
          return ffidl::Error{std::string("refused: ") + $lib$_last_error()};
      }
      Client client(ctx);  // from here on, destroying it answers the ctor's callback
      if (setup) setup(client);
      $lib$_run_ctor(ctx);
      ffidl::Result<void> ok = answer.get();
      if (!ok) return ok.error();
      return client;
      )",
          {{"lib", lib_}});
  e_.outdent();
  e_.print("}\n");
}

void Client::skipped(const model::Func& f) {
  if (c_abi::native(f)) return;
  e_.print(
      "// $name$: exported in the CBOR wire only ([abi = cbor]); call $x$_cbor through $lib$.h.\n",
      {{"name", f.name.snake}, {"x", c_abi::export_name(m_, f.symbol())}, {"lib", lib_}});
}

void Client::proc(const model::Func& f, bool is_static, const Receiver* recv) {
  if (!c_abi::native(f)) return;
  const VarMap v = proc_vars(f, is_static, recv);
  if (recv && !recv->define) return proc_declarations(f, v);
  // The asynchronous form with a completion callback: the core of the other two.
  proc_async(f, recv, v, [&] { proc_call(f, is_static, recv, v); });
  proc_future_and_blocking(f, recv, v);
}

/// The variables of proc()'s templates.
VarMap Client::proc_vars(const model::Func& f, bool is_static, const Receiver* recv) const {
  const std::string name = recv ? cpp::member_name(f) : f.name.snake;
  const std::size_t skip = recv ? 1 : 0;
  return {{"static", is_static ? "static " : ""},
          {"const", is_static ? "" : " const"},
          {"name", name},
          {"async", (recv ? f.member_name.snake : name) + "_async"},
          {"Result", result_t(f)},
          {"params", params_decl(f, false, skip)},
          {"params_and", params_decl(f, true, skip)},
          {"args", param_names(f, false, skip)},
          {"args_and", param_names(f, true, skip)},
          {"lib", lib_},
          {"handle", is_static ? "nullptr"
                     : recv    ? recv->ctx
                               : "handle()"},
          {"decoder", decoder(f)},
          {"inl", recv ? "inline " : ""},
          {"q", recv ? recv->owner + "::" : ""},
          {"dflt", recv ? "" : " = {}"}};
}

/// An object method's declarations, in its class (defined after it).
void Client::proc_declarations(const model::Func& f, const VarMap& v) {
  e_.doc(f.doc, CommentStyle::slashes3);
  e_.emit(R"(
        ///
        /// Asynchronous: `done` runs once, on a library thread; `progress` (optional)
        /// gets the elapsed time while the handler runs long.
        void $name$($params_and$std::function<void(ffidl::Result<$Result$>)> done,
                std::function<void(std::chrono::milliseconds)> progress = {}) const;
        )",
          v);
  e_.doc(f.doc, CommentStyle::slashes3);
  e_.emit(R"(
      ///
      /// Asynchronous, as a future.
      std::future<ffidl::Result<$Result$>> $async$($params$) const;
      )",
          v);
  e_.doc(f.doc, CommentStyle::slashes3);
  e_.emit(R"(
      ///
      /// Blocking.
      ffidl::Result<$Result$> $name$($params$) const;
      )",
          v);
}

/// The asynchronous form's body: pack the arguments, call the export, free
/// the arguments; a refusal completes `done` at once.
void Client::proc_call(const model::Func& f, bool is_static, const Receiver* recv,
                       const VarMap& v) {
  if (recv) {
    e_.emit(R"tmpl(
          if (h_.handle == 0) {
              done(ffidl::Error{"$owner$.$name$(): an empty $owner$ reference (default-constructed, moved from or reset)"});
              return;
          }
          )tmpl",
            with(v, "owner", recv->owner));
  }
  if (is_static) {
    // The first call may be a static one: it checks the library too.
    e_.emit(R"(
          if (const auto& mismatch = client_detail::abi_mismatch()) {
              done(ffidl::Error{*mismatch});
              return;
          }
          )");
  }
  e_.emit(R"(
        using namespace client_detail;  // the marshalers
        auto* pending = new ffidl::client::Pending<$Result$>{&$decoder$, std::move(done), std::move(progress), $handle$};
        ffidl::pod::nul_seen() = false;
        )",
          v);
  const std::map<std::string, std::string> args = pack_args(f, recv ? "(*this)" : "");
  refuse_nul(
      f, "std::unique_ptr<ffidl::client::Pending<" + result_t(f) + ">> own(pending);\nown->done",
      "return;");
  e_.print(
      "int rc = $call$;",
      {{"call", native_call(exports::native_form(table_, f), args, recv ? recv->ctx : "handle()",
                            "&ffidl::client::Pending<" + result_t(f) + ">::callback")}});
  free_args(f);
  e_.emit(R"(
        if (rc != FFIDL_OK) {
            std::unique_ptr<ffidl::client::Pending<$Result$>> own(pending);
            own->done(ffidl::Error{std::string("refused: ") + $lib$_last_error()});
        }
        )",
          v);
}

/// A form's doc comment, as a template callback: the schema's doc and
/// `note`, for a Client method; nothing for an object method defined after
/// its class (the declaration in the class carries them).
std::function<void()> Client::form_doc(const model::Func& f, const Receiver* recv,
                                       std::string note) {
  return [this, &f, recv, note = std::move(note)] {
    if (recv) return;
    e_.doc(f.doc, CommentStyle::slashes3);
    e_.print(note);
  };
}

void Client::proc_async(const model::Func& f, const Receiver* recv, const VarMap& v,
                        const std::function<void()>& call) {
  e_.emit(R"(
        $doc$
        $inl$$static$void $q$$name$($params_and$std::function<void(ffidl::Result<$Result$>)> done,
                std::function<void(std::chrono::milliseconds)> progress$dflt$)$const$ {
            $call$
        }

        )",
          v,
          {{"doc", form_doc(f, recv,
                            "///\n/// Asynchronous: `done` runs once, on a library thread; "
                            "`progress` (optional)\n/// gets the elapsed time while the handler "
                            "runs long.")},
           {"call", call}});
}

/// The future and blocking forms, over the asynchronous one.
void Client::proc_future_and_blocking(const model::Func& f, const Receiver* recv, const VarMap& v) {
  e_.emit(R"(
        $doc$
        $inl$$static$std::future<ffidl::Result<$Result$>> $q$$async$($params$)$const$ {
            auto promise = std::make_shared<std::promise<ffidl::Result<$Result$>>>();
            std::future<ffidl::Result<$Result$>> future = promise->get_future();
            $name$($args_and$[promise](ffidl::Result<$Result$> ffidl_result) {
                promise->set_value(std::move(ffidl_result));
            });
            return future;
        }

        )",
          v, {{"doc", form_doc(f, recv, "///\n/// Asynchronous, as a future.")}});
  // Waiting on a library thread, or on the worker that runs host fns one at
  // a time, could wait for itself.
  e_.emit(R"(
        $doc$
        $inl$$static$ffidl::Result<$Result$> $q$$name$($params$)$const$ {
            if ($lib$_is_library_thread($handle$) || ffidl::client::in_host_fn()) {
                return ffidl::Error{"$name$(): a blocking call here would deadlock (on a library "
                                    "thread or inside a host fn); use the asynchronous form"};
            }
            ffidl::client::Blocking<ffidl::Result<$Result$>> ffidl_wait;
            $name$($args_and$ffidl_wait.done());
            return ffidl_wait.get($lib$_wait_spin($handle$));
        }

        )",
          v, {{"doc", form_doc(f, recv, "///\n/// Blocking.")}});
}

/// `<type> <local>` from the native payload `msg` of an event or a host
/// fn's request (NULL, and a default value, when it has no parameters).
void Client::payload_from(const model::Func& f, const std::string& msg, const std::string& type,
                          const std::string& local) {
  if (f.params.empty()) {
    e_.print("(void)$msg$;\n$type$ $local${};", {{"msg", msg}, {"type", type}, {"local", local}});
    return;
  }
  e_.print("$type$ $local$ = client_detail::from_pod(*static_cast<const $c_params$*>($msg$));",
           {{"type", type},
            {"local", local},
            {"c_params", c_abi::params_struct_name(m_, f)},
            {"msg", msg}});
}

void Client::event(const model::Func& ev) {
  VarMap v = {{"name", ev.name.snake}, {"Event", ev.name.pascal + "Event"}, {"lib", lib_}};
  auto convert = [&] { payload_from(ev, "msg", ev.name.pascal + "Event", "event"); };
  e_.doc(ev.doc, CommentStyle::slashes3);
  e_.emit(R"(
        ///
        /// Subscribes `fn` (run on the library's event thread) until the returned
        /// Subscription is destroyed.
        Subscription on_$name$(std::function<void(const $Event$&)> fn) const {
            auto listener = std::make_shared<ffidl::client::Listener<$Event$>>();
            listener->fn = std::move(fn);
            listener->self = listener;
            listener->ctx = handle();
            auto callback = [](int, const void* msg, std::size_t, void* user_data) {
                auto keep = static_cast<ffidl::client::Listener<$Event$>*>(user_data)->self.lock();
                if (!keep) return;
                // Objects in the payload take their references in this context.
                ffidl::client::CtxScope scope(keep->ctx);
                try {
                    $convert$
                    keep->fn(event);
                } catch (...) {
                    // A payload this client cannot convert is dropped, and a
                    // listener must not throw: nothing crosses the C ABI.
                }
            };
            std::uint64_t id = $lib$_add_event_listener(handle(), "$name$", callback, listener.get());
            if (id == 0) return Subscription();
            return Subscription(handle(), id, std::move(listener));
        }

        )",
          v, {{"convert", convert}});
}

void Client::host(const model::Func& h) {
  std::string params;  // the synchronous function's parameters
  for (const model::Field& p : h.params)
    params += std::string(params.empty() ? "" : ", ") + cpp_t(p.type);
  std::string args;
  for (const model::Field& p : h.params)
    args += std::string(args.empty() ? "" : ", ") + "std::move(args." + p.name.snake + ")";
  VarMap v = {{"name", h.name.snake}, {"Result", result_t(h)}, {"Args", h.name.pascal + "Args"},
              {"params", params},     {"args", args},          {"lib", lib_}};
  auto convert = [&] { payload_from(h, "req", h.name.pascal + "Args", "args"); };
  e_.doc(h.doc, CommentStyle::slashes3);
  e_.emit(R"(
        ///
        /// Implements host fn `$name$` with a function run on a worker thread owned by
        /// this client. Return a value or an ffidl::Error; a thrown exception
        /// answers with its message.
        void set_$name$(std::function<ffidl::Result<$Result$>($params$)> fn) {
            set_$name$_async([fn = std::move(fn)]($Args$ args, std::function<void(ffidl::Result<$Result$>)> reply) {
                reply(fn($args$));
            });
        }

        )",
          v);
  host_async(h, v, convert);
}

/// set_<name>_async: registers a trampoline that copies the arguments on the
/// library thread and runs the implementation on the client's worker.
void Client::host_async(const model::Func& h, const VarMap& v,
                        const std::function<void()>& convert) {
  e_.doc(h.doc, CommentStyle::slashes3);
  e_.emit(R"(
        ///
        /// Asynchronous form: `fn` runs on the client's worker thread and may call
        /// `reply` then or later, from any thread (once; later calls are ignored).
        void set_$name$_async(std::function<void($Args$, std::function<void(ffidl::Result<$Result$>)>)> fn) {
            if (!state_) return;
            {
                std::lock_guard<std::mutex> lock(state_->mu);
                state_->host_$name$ = std::move(fn);
            }
            auto trampoline = [](std::uint64_t call_id, const void* req, std::size_t, void* user_data) {
                // On the library thread: copy the arguments and hand the call off.
                auto* state = static_cast<State*>(user_data);
                // Objects among the arguments take their references in this context.
                ffidl::client::CtxScope scope(state->ctx);
                std::optional<$Args$> converted;
                try {
                    $convert$
                    converted.emplace(std::move(args));
                } catch (const std::exception& e) {
                    complete_$name$(state->ctx, call_id, ffidl::Error{std::string("cannot convert the arguments: ") + e.what()});
                    return;
                }
                $Args$ args = std::move(*converted);
                std::function<void($Args$, std::function<void(ffidl::Result<$Result$>)>)> impl;
                {
                    std::lock_guard<std::mutex> lock(state->mu);
                    impl = state->host_$name$;
                }
                void* ctx = state->ctx;
                auto reply = [ctx, call_id](ffidl::Result<$Result$> r) { complete_$name$(ctx, call_id, r); };
                state->executor.post([impl, args = std::move(args), reply]() mutable {
                    try {
                        impl(std::move(args), reply);
                    } catch (const std::exception& e) {
                        reply(ffidl::Error{e.what()});
                    } catch (...) {
                        reply(ffidl::Error{"the host function threw"});
                    }
                });
            };
            $lib$_register_host_fn(state_->ctx, "$name$", trampoline, state_.get());
        }

        )",
          v, {{"convert", convert}});
}

void Client::state() {
  e_.print("/// Everything callbacks point at; it never moves, so a Client can.\nstruct State {");
  e_.indent();
  e_.print("void* ctx = nullptr;\nstd::mutex mu;");
  for (const model::Func& h : m_.hosts) {
    e_.print("std::function<void($A$, std::function<void(ffidl::Result<$Result$>)>)> host_$name$;",
             {{"A", h.name.pascal + "Args"}, {"Result", result_t(h)}, {"name", h.name.snake}});
  }
  e_.emit(R"(
      ffidl::client::Executor executor;  // destroyed (joined) after the context

      explicit State(void* c) : ctx(c) {}
      ~State() { $lib$_$d$(ctx); }
      )",
          {{"lib", lib_}, {"d", m_.dtor ? m_.dtor->name.snake : "destroy"}});
  e_.outdent();
  e_.emit(R"(
      };

      explicit Client(void* ctx) : state_(std::make_unique<State>(ctx)) {}
      )");
  for (const model::Func& h : m_.hosts) {
    e_.print(
        "\nstatic void complete_$name$(void* ctx, std::uint64_t call_id, const "
        "ffidl::Result<$Result$>& "
        "r) {",
        {{"name", h.name.snake}, {"Result", result_t(h)}});
    e_.indent();
    if (h.raises) {
      e_.emit(R"(
          if (!r) {
              if (const auto* typed = r.error().typed()) {
                  $c_type$ value{};
                  client_detail::to_pod(*typed, value);
                  $lib$_host_complete(ctx, call_id, FFIDL_ERR_TYPED, &value, sizeof value);
                  client_detail::free_pod(value);
                  return;
              }
              const std::string& text = r.error().untyped()->message;
              $lib$_host_complete(ctx, call_id, FFIDL_ERR, text.data(), text.size());
              return;
          }
          )",
              {{"lib", lib_}, {"c_type", c_abi::element_type(m_, h.raises)}});
    } else {
      e_.emit(R"(
          if (!r) {
              $lib$_host_complete(ctx, call_id, FFIDL_ERR, r.error().message.data(), r.error().message.size());
              return;
          }
          )",
              {{"lib", lib_}});
    }
    const model::Type* t = h.result;
    if (!t) {
      e_.print("$lib$_host_complete(ctx, call_id, FFIDL_OK, nullptr, 0);", {{"lib", lib_}});
    } else if (t->kind == TypeKind::string || t->kind == TypeKind::bytes) {
      e_.print("$lib$_host_complete(ctx, call_id, FFIDL_OK, r->data(), r->size());",
               {{"lib", lib_}});
    } else if (t->is_scalar()) {
      e_.print(
          "$c_type$ value = static_cast<$c_type$>(*r);\n$lib$_host_complete(ctx, call_id, "
          "FFIDL_OK, "
          "&value, sizeof value);",
          {{"c_type", c_abi::element_type(m_, t)}, {"lib", lib_}});
    } else {
      e_.emit(R"(
          $c_type$ value{};
          client_detail::to_pod(*r, value);
          $lib$_host_complete(ctx, call_id, FFIDL_OK, &value, sizeof value);
          client_detail::free_pod(value);
          )",
              {{"c_type", c_abi::element_type(m_, t)}, {"lib", lib_}});
    }
    e_.outdent();
    e_.print("}");
  }
  e_.print("\nstd::unique_ptr<State> state_;");
}

}  // namespace ffidl::gen::cpp
