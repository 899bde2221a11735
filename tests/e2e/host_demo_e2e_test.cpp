// host_demo through its C ABI: host functions with string and struct
// arguments and results, answered later from other threads, in both wires;
// host errors, unregistered host fns, bad call ids, destroy while pending.
#include <thread>

#include "host_demo.h"
#include "support.hpp"

namespace e2e {
namespace {

/// A host that queues calls and lets the test answer them from any thread.
struct Host {
  struct Pending {
    std::uint64_t id;
    std::string key;         // fetch_token's key
    std::uint64_t user = 0;  // lookup_user's id
  };
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Pending> calls;

  static void fetch_token(std::uint64_t id, const void* req, std::size_t, void* ud) {
    auto* h = static_cast<Host*>(ud);
    auto* args = static_cast<const host_demo_FetchTokenArgs*>(req);
    std::lock_guard lock(h->mu);
    h->calls.push_back({id, args->key, 0});
    h->cv.notify_all();
  }
  static void lookup_user(std::uint64_t id, const void* req, std::size_t, void* ud) {
    auto* h = static_cast<Host*>(ud);
    auto* args = static_cast<const host_demo_LookupUserArgs*>(req);
    std::lock_guard lock(h->mu);
    h->calls.push_back({id, "", args->req.user_id});
    h->cv.notify_all();
  }
  Pending next() {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return !calls.empty(); }));
    Pending p = calls.front();
    calls.erase(calls.begin());
    return p;
  }
};

void* start(Call& c) {
  void* ctx = host_demo_start(Call::callback, &c);
  EXPECT_EQ(c.wait(), FFIDL_OK);
  return ctx;
}

void answer_user(void* ctx, std::uint64_t id, const char* name) {
  const char* roles[] = {"r1"};
  host_demo_UserInfo user{};
  user.name = name;
  user.roles = roles;
  user.roles_len = 1;
  user.has_quota = true;
  user.quota = 99;
  EXPECT_EQ(host_demo_host_complete(ctx, id, FFIDL_OK, &user, sizeof user), FFIDL_OK);
}

TEST(HostDemoE2E, StructAndStringHostCallsAnsweredFromOtherThreads) {
  Call started;
  void* ctx = start(started);
  Host host;
  ASSERT_EQ(host_demo_register_host_fn(ctx, HOST_DEMO_HOST_FETCH_TOKEN, Host::fetch_token, &host),
            FFIDL_OK);
  ASSERT_EQ(host_demo_register_host_fn(ctx, HOST_DEMO_HOST_LOOKUP_USER, Host::lookup_user, &host),
            FFIDL_OK);
  EXPECT_EQ(host_demo_register_host_fn(ctx, "not_a_host_fn", Host::fetch_token, &host), FFIDL_ERR);
  EXPECT_EQ(host_demo_register_host_fn(ctx, HOST_DEMO_HOST_FETCH_TOKEN, nullptr, &host),
            FFIDL_MISSING_CALLBACK);

  Call greet;
  std::string text, token, user;
  std::uint64_t quota = 0;
  greet.inspect = [&](int code, const void* msg, std::size_t) {
    ASSERT_EQ(code, FFIDL_OK);
    auto* g = static_cast<const host_demo_Greeting*>(msg);
    text = g->text;
    user = g->user.name;
    quota = g->user.has_quota ? g->user.quota : 0;
    token = g->has_token ? g->token : "none";
  };
  host_demo_LookupRequest req{7, true};
  ASSERT_EQ(host_demo_greet(ctx, Call::callback, &greet, &req), FFIDL_OK);
  Host::Pending lookup = host.next();
  EXPECT_EQ(lookup.user, 7u);
  std::thread([&] { answer_user(ctx, lookup.id, "ada"); }).join();
  Host::Pending fetch = host.next();
  EXPECT_EQ(fetch.key, "ada");
  std::thread([&] {
    std::string t = "tok";
    EXPECT_EQ(host_demo_host_complete(ctx, fetch.id, FFIDL_OK, t.data(), t.size()), FFIDL_OK);
    EXPECT_EQ(host_demo_host_complete(ctx, fetch.id, FFIDL_OK, t.data(), t.size()), FFIDL_ERR);
  }).join();
  EXPECT_EQ(greet.wait(), FFIDL_OK) << greet.text;
  EXPECT_EQ(text, "hello, ada");
  EXPECT_EQ(user, "ada");
  EXPECT_EQ(quota, 99u);
  EXPECT_EQ(token, "tok");
  EXPECT_EQ(host_demo_host_complete(ctx, 424242, FFIDL_OK, nullptr, 0), FFIDL_ERR);
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
}

TEST(HostDemoE2E, HostErrorsReachTheCallerAndFireAnEvent) {
  Call started;
  void* ctx = start(started);
  Host host;
  host_demo_register_host_fn(ctx, "fetch_token", Host::fetch_token, &host);
  Events failures;
  failures.describe = [](const void* msg, std::size_t) {
    auto* ev = static_cast<const host_demo_HostFailedEvent*>(msg);
    return std::string(ev->name) + ": " + ev->error;
  };
  host_demo_add_event_listener(ctx, HOST_DEMO_EVENT_HOST_FAILED, Events::callback, &failures);

  Call length;
  host_demo_token_length(ctx, Call::callback, &length, "k");
  Host::Pending p = host.next();
  std::string why = "vault sealed";
  host_demo_host_complete(ctx, p.id, FFIDL_ERR, why.data(), why.size());
  EXPECT_EQ(length.wait(), FFIDL_ERR);
  EXPECT_EQ(length.text, "host function 'fetch_token' failed: vault sealed");

  // lookup_user is not registered: the handler's error names it, and the
  // service reports it as an event.
  Call greet;
  host_demo_LookupRequest req{1, false};
  host_demo_greet(ctx, Call::callback, &greet, &req);
  EXPECT_EQ(greet.wait(), FFIDL_ERR);
  EXPECT_EQ(greet.text, "host function 'lookup_user' is not registered");
  EXPECT_EQ(failures.wait(1)[0], "lookup_user: host function 'lookup_user' is not registered");
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
}

TEST(HostDemoE2E, CborHostFunctions) {
  Call started;
  void* ctx = start(started);
  struct CborHost {
    void* ctx;
    std::string seen;
  } cbor_host{ctx, {}};
  // Answers synchronously, in CBOR: {key} -> text.
  host_demo_register_host_fn_cbor(
      ctx, "fetch_token",
      [](std::uint64_t id, const void* req, std::size_t len, void* ud) {
        auto* h = static_cast<CborHost*>(ud);
        ffidl::CborReader r(req, len);
        std::size_t n = 0;
        std::string k, key;
        if (r.map(n) && r.text(k) && r.text(key)) h->seen = k + "=" + key;
        ffidl::CborWriter w;
        w.text("cbor-token-" + key);
        auto out = w.take();
        host_demo_host_complete(h->ctx, id, FFIDL_OK, out.data(), out.size());
      },
      &cbor_host);
  Call length;
  host_demo_token_length(ctx, Call::callback, &length, "abc");
  std::uint32_t n = 0;
  length.inspect = nullptr;
  EXPECT_EQ(length.wait(), FFIDL_OK) << length.text;
  std::memcpy(&n, length.text.data(), sizeof n);
  EXPECT_EQ(n, std::string("cbor-token-abc").size());
  EXPECT_EQ(cbor_host.seen, "key=abc");

  // A CBOR answer of the wrong type fails the handler with the decoder's message.
  host_demo_register_host_fn_cbor(
      ctx, "fetch_token",
      [](std::uint64_t id, const void*, std::size_t, void* ud) {
        auto* h = static_cast<CborHost*>(ud);
        std::uint8_t wrong[] = {0x05};
        host_demo_host_complete(h->ctx, id, FFIDL_OK, wrong, 1);
      },
      &cbor_host);
  Call bad;
  host_demo_token_length(ctx, Call::callback, &bad, "abc");
  EXPECT_EQ(bad.wait(), FFIDL_ERR);
  EXPECT_EQ(bad.text, "the host answered bad CBOR: expected text, got uint");
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
}

TEST(HostDemoE2E, DestroyResolvesHostCallsThatNeverAnswer) {
  Call started;
  void* ctx = start(started);
  Host host;
  host_demo_register_host_fn(ctx, "fetch_token", Host::fetch_token, &host);
  Call length;
  host_demo_token_length(ctx, Call::callback, &length, "k");
  Host::Pending p = host.next();
  EXPECT_EQ(host_demo_destroy(ctx), FFIDL_OK);
  EXPECT_EQ(length.wait(), FFIDL_ERR);
  EXPECT_NE(length.text.find("abandoned"), std::string::npos) << length.text;
  // Completing it now is rejected, not a crash.
  EXPECT_EQ(host_demo_host_complete(ctx, p.id, FFIDL_OK, "x", 1), FFIDL_ERR);
}

}  // namespace
}  // namespace e2e
