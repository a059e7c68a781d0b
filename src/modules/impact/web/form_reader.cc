#include "modules/impact/web/form_reader.h"

#include "modules/impact/web/number_text.h"

namespace samverkan::impact {

std::optional<double> FormReader::Number(const std::string& text, const std::string& path,
                                         const char* required_message) {
  if (IsBlank(text)) {
    if (required_message) Add(path, required_message);
    return std::nullopt;
  }
  std::optional<double> value = ParseNumberInput(text, lang_);
  if (!value) Add(path, "Must be a number.");
  return value;
}

std::optional<int> FormReader::Whole(const std::string& text, const std::string& path,
                                     const char* required_message) {
  if (IsBlank(text)) {
    if (required_message) Add(path, required_message);
    return std::nullopt;
  }
  std::optional<int> value = ParseWholeInput(text, lang_);
  if (!value) Add(path, "Must be a whole number.");
  return value;
}

std::optional<Ore> FormReader::Money(const std::string& text, const std::string& path,
                                     const char* required_message) {
  if (IsBlank(text)) {
    if (required_message) Add(path, required_message);
    return std::nullopt;
  }
  std::optional<Ore> value = ParseMoneyInput(text, lang_);
  if (!value) Add(path, "Enter an amount in kronor with at most two decimals.");
  return value;
}

std::optional<double> FormReader::Percent(const std::string& text, const std::string& path,
                                          bool required) {
  std::string typed = text;
  // "25 %" and "25%": the sign is what the field asks for anyway.
  while (!typed.empty() && (typed.back() == ' ' || typed.back() == '%')) typed.pop_back();
  if (IsBlank(typed)) {
    if (required) Add(path, "Enter a percentage between 0 and 100.");
    return std::nullopt;
  }
  const std::optional<double> value = ParseNumberInput(typed, lang_);
  if (!value || *value < 0 || *value > 100) {
    Add(path, "Enter a percentage between 0 and 100.");
    return std::nullopt;
  }
  return *value / 100.0;
}

void FormReader::Add(const std::string& path, std::string message,
                     std::map<std::string, std::string> args) {
  failed_.insert(path);
  errors_.push_back(FieldError{path, std::move(message), std::move(args)});
}

void FormReader::AddDomainError(const FieldError& error) {
  if (failed_.count(error.field)) return;
  failed_.insert(error.field);
  errors_.push_back(error);
}

bool FormReader::HasFailureIn(std::string_view prefix) const {
  for (const std::string& path : failed_) {
    if (path.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace samverkan::impact
