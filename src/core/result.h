// Errors as values. Expected failures (bad input, not found, conflict, forbidden) travel as
// Error inside Result<T> or Status; exceptions are kept for bugs and broken invariants.
//
// An Error carries a code, a message id (an English gettext msgid, translated at the edge
// into the reader's language) with named arguments, and optional per-field errors so that a
// form can be re-rendered next to the fields that were wrong.
#pragma once

#include <cassert>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace samverkan {

// Marks an English msgid for the catalog extractor (scripts/check-translations) where the
// string is not an argument of a call it already knows, e.g. in an aggregate initialiser.
constexpr const char* N_(const char* msgid) { return msgid; }

enum class ErrorCode {
  kInvalidArgument,   // the caller sent something we cannot accept (400/422)
  kNotFound,          // no such thing (404)
  kConflict,          // it clashes with what exists (409)
  kPermissionDenied,  // known caller, not allowed (403)
  kUnauthenticated,   // who are you? (401)
  kTooLarge,          // over an explicit size limit (413)
  kRateLimited,       // slow down (429)
  kUnavailable,       // try again later: database busy, shutting down (503)
  kInternal,          // a bug or a broken invariant (500)
};

// Stable machine-readable name, used in problem+json `type` and in logs.
const char* ErrorCodeName(ErrorCode code);

// One problem with one input field. `message` is an English msgid; `args` fill its
// {{placeholders}} after translation.
struct FieldError {
  std::string field;
  std::string message;
  std::map<std::string, std::string> args;
};

class Error {
 public:
  Error(ErrorCode code, std::string message, std::map<std::string, std::string> args = {})
      : code_(code), message_(std::move(message)), args_(std::move(args)) {}

  static Error Invalid(std::vector<FieldError> fields);
  static Error InvalidField(std::string field, std::string message,
                            std::map<std::string, std::string> args = {});
  static Error NotFound(std::string message = "The page or item was not found.");
  static Error Conflict(std::string message);
  static Error Forbidden(std::string message = "You do not have permission to do that.");
  static Error Internal(std::string log_detail);

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::map<std::string, std::string>& args() const { return args_; }
  const std::vector<FieldError>& fields() const { return fields_; }
  // Detail for operators' logs only; never shown to users (it may hold SQL errors).
  const std::string& log_detail() const { return log_detail_; }

  bool IsNotFound() const { return code_ == ErrorCode::kNotFound; }
  bool IsInvalid() const { return code_ == ErrorCode::kInvalidArgument; }

  Error& WithLogDetail(std::string detail) {
    log_detail_ = std::move(detail);
    return *this;
  }
  Error& AddField(FieldError field) {
    fields_.push_back(std::move(field));
    return *this;
  }

 private:
  ErrorCode code_;
  std::string message_;
  std::map<std::string, std::string> args_;
  std::vector<FieldError> fields_;
  std::string log_detail_;
};

// A value or an Error. Cheap to move; check ok() before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T& value() & {
    assert(ok());
    return std::get<0>(v_);
  }
  const T& value() const& {
    assert(ok());
    return std::get<0>(v_);
  }
  T&& value() && {
    assert(ok());
    return std::get<0>(std::move(v_));
  }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& {
    assert(!ok());
    return std::get<1>(v_);
  }
  Error&& error() && {
    assert(!ok());
    return std::get<1>(std::move(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Success or an Error, for operations with nothing to return.
class [[nodiscard]] Status {
 public:
  Status() = default;
  Status(Error error) : error_(std::move(error)) {}  // NOLINT: implicit by design
  static Status Ok() { return {}; }

  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  const Error& error() const& {
    assert(!ok());
    return *error_;
  }
  Error&& error() && {
    assert(!ok());
    return std::move(*error_);
  }

 private:
  std::optional<Error> error_;
};

}  // namespace samverkan

// Returns early with the error of a failed Status or Result expression.
#define SAMVERKAN_RETURN_IF_ERROR(expr)          \
  do {                                           \
    auto samverkan_status_ = (expr);             \
    if (!samverkan_status_.ok()) {               \
      return std::move(samverkan_status_).error(); \
    }                                            \
  } while (false)
