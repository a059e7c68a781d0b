// Reads the typed values of a calculator form (number_text.h) and collects a FieldError for
// each that cannot be read, named by the field's path, so that every problem is shown at once.
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

class FormReader {
 public:
  explicit FormReader(Language lang) : lang_(lang) {}

  // Each reader returns nullopt when the text is blank or cannot be read. Blank is an error
  // only when `required_message` (an English msgid) is given: it is the error then.
  std::optional<double> Number(const std::string& text, const std::string& path,
                               const char* required_message);
  std::optional<int> Whole(const std::string& text, const std::string& path,
                           const char* required_message);
  std::optional<Ore> Money(const std::string& text, const std::string& path,
                           const char* required_message);
  // A percentage between 0 and 100, returned as a share (25 -> 0.25).
  std::optional<double> Percent(const std::string& text, const std::string& path, bool required);

  void Add(const std::string& path, std::string message,
           std::map<std::string, std::string> args = {});
  // An error the domain found in what was read; dropped when the field already has one.
  void AddDomainError(const FieldError& error);
  // Whether some field whose path starts with `prefix` could not be read.
  bool HasFailureIn(std::string_view prefix) const;

  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }

 private:
  Language lang_;
  std::vector<FieldError> errors_;
  std::set<std::string> failed_;
};

}  // namespace samverkan::impact
