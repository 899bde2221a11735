// Helpers for end-to-end tests that drive example libraries through their C
// ABI only: a callback that waits for the terminal answer and lets the test
// inspect the result while it is still valid (inside the callback).
#pragma once

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstring>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "ffidl/abi.h"
#include "ffidl/cbor.hpp"

namespace e2e {

using namespace std::chrono_literals;

/// One call's answers. `inspect` runs inside the callback on the terminal
/// answer, where native result pointers are still valid.
struct Call {
  std::function<void(int code, const void* msg, std::size_t len)> inspect;
  std::mutex mu;
  std::condition_variable cv;
  int terminals = 0;
  int stale = 0;
  int code = -1;
  std::string text;  // the message's bytes (error text, strings, CBOR)

  static void callback(int code, const void* msg, std::size_t len, void* ud) {
    auto* c = static_cast<Call*>(ud);
    if (code == FFIDL_STALE_WARN) {
      std::lock_guard lock(c->mu);
      ++c->stale;
      return;
    }
    if (c->inspect) c->inspect(code, msg, len);
    std::lock_guard lock(c->mu);
    ++c->terminals;
    c->code = code;
    c->text = msg ? std::string(static_cast<const char*>(msg), len) : std::string();
    c->cv.notify_all();
  }

  /// Waits for the terminal answer; returns its code.
  int wait() {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return terminals > 0; })) << "no answer";
    return code;
  }
  std::vector<std::uint8_t> bytes() const { return {text.begin(), text.end()}; }
};

/// Records events delivered to a listener.
struct Events {
  std::function<std::string(const void* msg, std::size_t len)> describe;
  std::mutex mu;
  std::condition_variable cv;
  std::vector<std::string> seen;

  static void callback(int code, const void* msg, std::size_t len, void* ud) {
    auto* e = static_cast<Events*>(ud);
    std::string d =
        e->describe ? e->describe(msg, len) : std::string(static_cast<const char*>(msg), len);
    std::lock_guard lock(e->mu);
    e->seen.push_back(code == FFIDL_OK ? d : "bad code");
    e->cv.notify_all();
  }
  std::vector<std::string> wait(std::size_t n) {
    std::unique_lock lock(mu);
    EXPECT_TRUE(cv.wait_for(lock, 10s, [&] { return seen.size() >= n; }));
    return seen;
  }
};

/// A CBOR map built in order: cbor_map({{"text", [](w){ w.text("x"); }}}).
inline std::vector<std::uint8_t> cbor(const std::function<void(ffidl::CborWriter&)>& build) {
  ffidl::CborWriter w;
  build(w);
  return w.take();
}

}  // namespace e2e
