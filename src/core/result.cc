#include "core/result.h"

namespace samverkan {

const char* ErrorCodeName(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid-argument";
    case ErrorCode::kNotFound:
      return "not-found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kPermissionDenied:
      return "permission-denied";
    case ErrorCode::kUnauthenticated:
      return "unauthenticated";
    case ErrorCode::kTooLarge:
      return "too-large";
    case ErrorCode::kRateLimited:
      return "rate-limited";
    case ErrorCode::kUnavailable:
      return "unavailable";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

Error Error::Invalid(std::vector<FieldError> fields) {
  Error e(ErrorCode::kInvalidArgument, "Some fields need to be corrected.");
  e.fields_ = std::move(fields);
  return e;
}

Error Error::InvalidField(std::string field, std::string message,
                          std::map<std::string, std::string> args) {
  return Invalid({FieldError{std::move(field), std::move(message), std::move(args)}});
}

Error Error::NotFound(std::string message) { return Error(ErrorCode::kNotFound, std::move(message)); }

Error Error::Conflict(std::string message) { return Error(ErrorCode::kConflict, std::move(message)); }

Error Error::Forbidden(std::string message) {
  return Error(ErrorCode::kPermissionDenied, std::move(message));
}

Error Error::Internal(std::string log_detail) {
  Error e(ErrorCode::kInternal, "Something went wrong on our side. Please try again later.");
  e.log_detail_ = std::move(log_detail);
  return e;
}

}  // namespace samverkan
