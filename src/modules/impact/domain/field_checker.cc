#include "modules/impact/domain/field_checker.h"

#include <charconv>
#include <cmath>

namespace samverkan::impact {

void FieldChecker::Add(std::string field, std::string message,
                       std::map<std::string, std::string> args) {
  errors_.push_back(FieldError{std::move(field), std::move(message), std::move(args)});
}

void FieldChecker::RequireBetween(double value, double min, double max, const std::string& field) {
  // Written so that NaN fails too.
  if (!(std::isfinite(value) && value >= min && value <= max)) {
    Add(field, "Must be between {{min}} and {{max}}.",
        {{"min", FormatLimit(min)}, {"max", FormatLimit(max)}});
  }
}

void FieldChecker::RequireWholeBetween(long long value, long long min, long long max,
                                       const std::string& field) {
  if (value < min || value > max) {
    Add(field, "Must be between {{min}} and {{max}}.",
        {{"min", std::to_string(min)}, {"max", std::to_string(max)}});
  }
}

void FieldChecker::RequireMoneyBetween(Ore value, Ore min, Ore max, const std::string& field) {
  if (value < min || value > max) {
    Add(field, "Must be an amount between {{min}} and {{max}}.",
        {{"min", FormatLimit(OreToKronor(min))}, {"max", FormatLimit(OreToKronor(max))}});
  }
}

void FieldChecker::RequireShare(double value, const std::string& field) {
  RequireBetween(value, 0.0, 1.0, field);
}

void FieldChecker::RequireText(const std::string& value, const std::string& field,
                               std::string message) {
  if (value.find_first_not_of(" \t\r\n") == std::string::npos) Add(field, std::move(message));
}

Status FieldChecker::ToStatus() const {
  if (errors_.empty()) return Status::Ok();
  return Error::Invalid(errors_);
}

std::string FormatLimit(double value) {
  // Shortest round-trip digits in fixed notation: 1e9 prints as "1000000000", not "1e+09".
  char buffer[400];
  const auto [end, ec] =
      std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::fixed);
  return ec == std::errc() ? std::string(buffer, end) : std::string("?");
}

std::string FieldPath(const std::string& list, size_t index, const std::string& field) {
  std::string path = list + "[" + std::to_string(index) + "]";
  if (!field.empty()) path += "." + field;
  return path;
}

}  // namespace samverkan::impact
