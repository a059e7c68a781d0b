// Collects the per-field problems of one input so that every problem is reported at once,
// each named by the JSON path of its field and carrying an English msgid with arguments.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

class FieldChecker {
 public:
  void Add(std::string field, std::string message, std::map<std::string, std::string> args = {});

  // A finite number in [min, max]: "Must be between {{min}} and {{max}}."
  void RequireBetween(double value, double min, double max, const std::string& field);
  // A whole number (an amount in öre, a year) in [min, max]; same message.
  void RequireWholeBetween(long long value, long long min, long long max, const std::string& field);
  // An amount in öre within [min, max]; the limits are written in kronor, as users enter them:
  // "Must be an amount between {{min}} and {{max}}."
  void RequireMoneyBetween(Ore value, Ore min, Ore max, const std::string& field);
  // A share such as deadweight: RequireBetween(value, 0, 1, field).
  void RequireShare(double value, const std::string& field);
  // Non-empty text (after trimming spaces), else `message`.
  void RequireText(const std::string& value, const std::string& field, std::string message);

  bool ok() const { return errors_.empty(); }
  const std::vector<FieldError>& errors() const { return errors_; }
  // OK, or InvalidArgument carrying every problem added.
  Status ToStatus() const;

 private:
  std::vector<FieldError> errors_;
};

// A limit written for a message: "0", "1", "0.5", "1000000000".
std::string FormatLimit(double value);

// "outcomes[2].deadweight" from ("outcomes", 2, "deadweight").
std::string FieldPath(const std::string& list, size_t index, const std::string& field);

}  // namespace samverkan::impact
