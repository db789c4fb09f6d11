// sipcore/result.h — Result<T>: a value or an Error (std::expected is not in Emscripten 3.1.6's libc++).
//
//   Result<int> r = Parse(s);     if (!r) return r.error();     use(*r);
//   Result<void> for operations that return nothing but may fail.
#pragma once

#include <utility>
#include <variant>

#include "core/error.h"

namespace sip {

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}                       // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}                   // NOLINT
  Result(Errc code, std::string detail = {}) : v_(Error{code, std::move(detail)}) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  // Valid only when ok().
  T& value() { return std::get<0>(v_); }
  const T& value() const { return std::get<0>(v_); }
  T& operator*() { return value(); }
  const T& operator*() const { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  // Valid only when !ok().
  const Error& error() const { return std::get<1>(v_); }

 private:
  std::variant<T, Error> v_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : err_(std::move(error)), ok_(false) {}     // NOLINT
  Result(Errc code, std::string detail = {}) : err_{code, std::move(detail)}, ok_(code == Errc::Ok) {}

  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error& error() const { return err_; }

 private:
  Error err_{Errc::Ok, {}};
  bool ok_ = true;
};

// Returns the error of `expr` (a Result<…>) from the enclosing function when it failed.
#define SIP_TRY(expr) SIP_TRY_IMPL_(expr, SIP_TRY_CAT_(sip_try_r_, __COUNTER__))
#define SIP_TRY_CAT2_(a, b) a##b
#define SIP_TRY_CAT_(a, b) SIP_TRY_CAT2_(a, b)
#define SIP_TRY_IMPL_(expr, var) \
  do {                           \
    if (auto var = (expr); !var) \
      return var.error();        \
  } while (0)

}  // namespace sip
