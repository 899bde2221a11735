// Message: an owned buffer handed to a C callback as (msg, len) and freed
// after the callback returns. Reply: a terminal answer (code + message).
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <variant>
#include <vector>

#include "ffidl/abi.h"

namespace ffidl {

/// Drops the object references a CBOR message lent its receiver (defined
/// in objects.cpp).
void release_lent(const std::vector<std::uint64_t>& handles) noexcept;

class Message {
 public:
  Message() = default;  // empty: msg = NULL, len = 0
  Message(Message&& o) noexcept : storage_(std::move(o.storage_)), lent_(std::move(o.lent_)) {
    o.lent_.clear();
  }
  Message& operator=(Message&& o) noexcept {
    if (this != &o) {
      release_lent(lent_);
      storage_ = std::move(o.storage_);
      lent_ = std::move(o.lent_);
      o.lent_.clear();
    }
    return *this;
  }
  ~Message() { release_lent(lent_); }

  static Message text(std::string s) { return Message(Storage(std::move(s))); }
  static Message bytes(std::vector<std::uint8_t> b) { return Message(Storage(std::move(b))); }
  /// A CBOR encoding that names objects by handle: each handle's reference
  /// (taken while encoding) is dropped with the message, after the callback.
  static Message cbor(std::vector<std::uint8_t> b, std::vector<std::uint64_t> lent) {
    Message m(Storage(std::move(b)));
    m.lent_ = std::move(lent);
    return m;
  }
  /// A native POD result: `data` points at it, `len` is its size; `Free`
  /// releases it (and everything it owns) after the callback.
  template <typename T, void (*Free)(T*)>
  static Message pod(T* p) {
    auto deleter = +[](void* v) { Free(static_cast<T*>(v)); };
    return Message(Storage(Pod{std::unique_ptr<void, void (*)(void*)>(p, deleter), sizeof(T)}));
  }

  /// A native scalar result (a bool, a number, an enum's int32), held in
  /// the message itself: no allocation.
  template <typename T>
  static Message scalar(T v) {
    static_assert(std::is_trivially_copyable_v<T> && sizeof(T) <= sizeof(Inline::bytes) &&
                  alignof(T) <= alignof(Inline));
    Inline in{};
    std::memcpy(in.bytes, &v, sizeof(T));
    in.size = sizeof(T);
    return Message(Storage(in));
  }

  const void* data() const {
    switch (storage_.index()) {
      case 4:
        return std::get<4>(storage_).bytes;
      case 1:
        return std::get<1>(storage_).data();
      case 2:
        return std::get<2>(storage_).data();
      case 3:
        return std::get<3>(storage_).ptr.get();
      default:
        return nullptr;
    }
  }
  std::size_t size() const {
    switch (storage_.index()) {
      case 4:
        return std::get<4>(storage_).size;
      case 1:
        return std::get<1>(storage_).size();
      case 2:
        return std::get<2>(storage_).size();
      case 3:
        return std::get<3>(storage_).size;
      default:
        return 0;
    }
  }

 private:
  struct Pod {
    std::unique_ptr<void, void (*)(void*)> ptr;
    std::size_t size;
  };
  struct alignas(8) Inline {
    unsigned char bytes[8];
    std::size_t size;
  };
  using Storage = std::variant<std::monostate, std::string, std::vector<std::uint8_t>, Pod, Inline>;
  explicit Message(Storage s) : storage_(std::move(s)) {}
  Storage storage_;
  std::vector<std::uint64_t> lent_;
};

/// The terminal answer to a request.
struct Reply {
  int code = FFIDL_OK;
  Message message;

  static Reply ok(Message m = {}) { return Reply{FFIDL_OK, std::move(m)}; }
  static Reply error(std::string text) { return Reply{FFIDL_ERR, Message::text(std::move(text))}; }
  /// A typed error: the error value in the caller's wire.
  static Reply typed(Message m) { return Reply{FFIDL_ERR_TYPED, std::move(m)}; }
};

}  // namespace ffidl
