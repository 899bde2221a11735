// Result<T, E>: a value or an error, shaped like C++23's std::expected
// (same member names and semantics), so that moving to std::expected once
// the toolchains have it is a rename. g++ 12 and clang 14 do not.
//
// Handlers co_return one; the runtime turns an untyped Error into FFIDL_ERR
// with the message as UTF-8 text, and a typed error (Failure<E> holding an
// E) into FFIDL_ERR_TYPED carrying the error value. Client calls return one.
#pragma once

#include <exception>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>

namespace ffidl {

/// An untyped failure: a message. `co_return ffidl::fail("no such user");`
struct Error {
  std::string message;

  friend bool operator==(const Error& a, const Error& b) { return a.message == b.message; }
  friend bool operator==(const Error& a, std::string_view text) { return a.message == text; }
  friend std::ostream& operator<<(std::ostream& os, const Error& e) { return os << e.message; }
};

inline Error fail(std::string message) {
  return Error{std::move(message)};
}
inline Error fail(Error error) {
  return error;
}

/// Success without a value, for a Result<void, E>: `co_return ffidl::ok();`
struct Ok {};
inline Ok ok() {
  return {};
}

/// The error side of a result, as std::unexpected: `return
/// ffidl::unexpected(e);` makes a Result hold the error `e`.
template <typename E>
class unexpected {
 public:
  explicit unexpected(E e) : error_(std::move(e)) {}
  const E& error() const& noexcept { return error_; }
  E& error() & noexcept { return error_; }
  E&& error() && noexcept { return std::move(error_); }

 private:
  E error_;
};
template <typename E>
unexpected(E) -> unexpected<E>;

/// Raises a typed error from a handler, in one expression:
/// `co_return ffidl::raise(TodoError::EmptyTodoList{});`
template <typename E>
unexpected<std::decay_t<E>> raise(E&& e) {
  return unexpected<std::decay_t<E>>(std::forward<E>(e));
}

/// What a call that `raises E` fails with: the typed error E, or an untyped
/// Error (a runtime or transport failure: the context was closed, the
/// handler threw, a value could not be decoded). Match both exhaustively
/// with visit().
template <typename E>
class Failure {
 public:
  Failure(Error e) : v_(std::in_place_index<1>, std::move(e)) {}  // NOLINT: implicit by design
  template <typename G, typename = std::enable_if_t<std::is_constructible_v<E, G&&> &&
                                                    !std::is_same_v<std::decay_t<G>, Error> &&
                                                    !std::is_same_v<std::decay_t<G>, Failure>>>
  Failure(G&& e) : v_(std::in_place_index<0>, E(std::forward<G>(e))) {}  // NOLINT: implicit

  bool is_typed() const noexcept { return v_.index() == 0; }
  /// The typed error, or nullptr for an untyped one.
  const E* typed() const noexcept { return std::get_if<0>(&v_); }
  /// The untyped error, or nullptr for a typed one.
  const Error* untyped() const noexcept { return std::get_if<1>(&v_); }
  /// A human-readable message either way (a typed error's is derived from
  /// its variant and fields).
  std::string message() const {
    return is_typed() ? std::get<0>(v_).message() : std::get<1>(v_).message;
  }
  /// Calls `f(const E&)` or `f(const ffidl::Error&)`.
  template <typename F>
  decltype(auto) visit(F&& f) const {
    return std::visit(std::forward<F>(f), v_);
  }

  friend bool operator==(const Failure& a, const Failure& b) { return a.v_ == b.v_; }
  friend std::ostream& operator<<(std::ostream& os, const Failure& f) { return os << f.message(); }

 private:
  std::variant<E, Error> v_;
};

/// Thrown by value() on a result that holds an error, as
/// std::bad_expected_access is.
class bad_result_access : public std::exception {
 public:
  explicit bad_result_access(std::string what) : what_(std::move(what)) {}
  const char* what() const noexcept override { return what_.c_str(); }

 private:
  std::string what_;
};

namespace detail {
template <typename E>
std::string describe(const E& e) {
  if constexpr (std::is_same_v<E, Error>) {
    return e.message;
  } else {
    return e.message();
  }
}
}  // namespace detail

template <typename T, typename E = Error>
class [[nodiscard]] Result {
 public:
  using value_type = T;
  using error_type = E;
  using unexpected_type = unexpected<E>;
  template <typename U>
  using rebind = Result<U, E>;

  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  template <typename G, typename = std::enable_if_t<std::is_constructible_v<E, const G&>>>
  Result(const unexpected<G>& e) : v_(std::in_place_index<1>, E(e.error())) {}  // NOLINT
  template <typename G, typename = std::enable_if_t<std::is_constructible_v<E, G&&>>>
  Result(unexpected<G>&& e) : v_(std::in_place_index<1>, E(std::move(e).error())) {}  // NOLINT
  /// An untyped failure converts to any result whose error can hold one.
  template <typename X = E, typename = std::enable_if_t<std::is_constructible_v<X, Error>>>
  Result(Error error) : v_(std::in_place_index<1>, E(std::move(error))) {}  // NOLINT

  bool has_value() const noexcept { return v_.index() == 0; }
  /// has_value(), the name ffidl 0.1 used.
  bool ok() const noexcept { return has_value(); }
  explicit operator bool() const noexcept { return has_value(); }

  T& value() & {
    check();
    return std::get<0>(v_);
  }
  const T& value() const& {
    check();
    return std::get<0>(v_);
  }
  T&& value() && {
    check();
    return std::get<0>(std::move(v_));
  }
  /// Unchecked, as std::expected's: only on a result that has a value.
  T& operator*() & noexcept { return *std::get_if<0>(&v_); }
  const T& operator*() const& noexcept { return *std::get_if<0>(&v_); }
  T&& operator*() && noexcept { return std::move(*std::get_if<0>(&v_)); }
  T* operator->() noexcept { return std::get_if<0>(&v_); }
  const T* operator->() const noexcept { return std::get_if<0>(&v_); }

  /// Only on a result that holds an error.
  const E& error() const& noexcept { return *std::get_if<1>(&v_); }
  E& error() & noexcept { return *std::get_if<1>(&v_); }
  E&& error() && noexcept { return std::move(*std::get_if<1>(&v_)); }

  template <typename U>
  T value_or(U&& fallback) const& {
    return has_value() ? std::get<0>(v_) : static_cast<T>(std::forward<U>(fallback));
  }
  template <typename U>
  T value_or(U&& fallback) && {
    return has_value() ? std::get<0>(std::move(v_)) : static_cast<T>(std::forward<U>(fallback));
  }

  /// f(T) -> Result<U, E>, called with the value; an error passes through.
  template <typename F>
  auto and_then(F&& f) const& {
    using R = std::invoke_result_t<F, const T&>;
    return has_value() ? std::forward<F>(f)(std::get<0>(v_)) : R(unexpected<E>(error()));
  }
  /// f(T) -> U: a Result<U, E> of the mapped value; an error passes through.
  template <typename F>
  auto transform(F&& f) const& {
    using U = std::remove_cv_t<std::invoke_result_t<F, const T&>>;
    if constexpr (std::is_void_v<U>) {
      if (!has_value()) return Result<void, E>(unexpected<E>(error()));
      std::forward<F>(f)(std::get<0>(v_));
      return Result<void, E>();
    } else {
      return has_value() ? Result<U, E>(std::forward<F>(f)(std::get<0>(v_)))
                         : Result<U, E>(unexpected<E>(error()));
    }
  }
  /// f(E) -> Result<T, G>, called with the error; a value passes through.
  template <typename F>
  auto or_else(F&& f) const& {
    using R = std::invoke_result_t<F, const E&>;
    return has_value() ? R(std::get<0>(v_)) : std::forward<F>(f)(error());
  }
  /// f(E) -> G: a Result<T, G> with the mapped error.
  template <typename F>
  auto transform_error(F&& f) const& {
    using G = std::remove_cv_t<std::invoke_result_t<F, const E&>>;
    return has_value() ? Result<T, G>(std::get<0>(v_))
                       : Result<T, G>(unexpected<G>(std::forward<F>(f)(error())));
  }

 private:
  void check() const {
    if (!has_value())
      throw bad_result_access("value() of a result holding an error: " + detail::describe(error()));
  }

  std::variant<T, E> v_;
};

template <typename E>
class [[nodiscard]] Result<void, E> {
 public:
  using value_type = void;
  using error_type = E;
  using unexpected_type = unexpected<E>;

  Result() = default;
  Result(Ok) {}  // NOLINT: implicit by design
  template <typename G, typename = std::enable_if_t<std::is_constructible_v<E, const G&>>>
  Result(const unexpected<G>& e) : error_(E(e.error())) {}  // NOLINT: implicit by design
  template <typename G, typename = std::enable_if_t<std::is_constructible_v<E, G&&>>>
  Result(unexpected<G>&& e) : error_(E(std::move(e).error())) {}  // NOLINT
  template <typename X = E, typename = std::enable_if_t<std::is_constructible_v<X, Error>>>
  Result(Error error) : error_(E(std::move(error))) {}  // NOLINT

  bool has_value() const noexcept { return !error_; }
  bool ok() const noexcept { return has_value(); }
  explicit operator bool() const noexcept { return has_value(); }
  void value() const {
    if (error_)
      throw bad_result_access("value() of a result holding an error: " + detail::describe(*error_));
  }
  void operator*() const noexcept {}
  const E& error() const& noexcept { return *error_; }
  E& error() & noexcept { return *error_; }
  E&& error() && noexcept { return std::move(*error_); }

  template <typename F>
  auto and_then(F&& f) const& {
    using R = std::invoke_result_t<F>;
    return has_value() ? std::forward<F>(f)() : R(unexpected<E>(error()));
  }
  template <typename F>
  auto transform(F&& f) const& {
    using U = std::remove_cv_t<std::invoke_result_t<F>>;
    if constexpr (std::is_void_v<U>) {
      if (!has_value()) return Result<void, E>(unexpected<E>(error()));
      std::forward<F>(f)();
      return Result<void, E>();
    } else {
      return has_value() ? Result<U, E>(std::forward<F>(f)())
                         : Result<U, E>(unexpected<E>(error()));
    }
  }
  template <typename F>
  auto or_else(F&& f) const& {
    using R = std::invoke_result_t<F, const E&>;
    return has_value() ? R() : std::forward<F>(f)(error());
  }
  template <typename F>
  auto transform_error(F&& f) const& {
    using G = std::remove_cv_t<std::invoke_result_t<F, const E&>>;
    return has_value() ? Result<void, G>()
                       : Result<void, G>(unexpected<G>(std::forward<F>(f)(error())));
  }

 private:
  std::optional<E> error_;
};

}  // namespace ffidl
