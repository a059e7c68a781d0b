// Reading the calculators' JSON documents field by field, collecting every problem with the
// JSON path of its field ("outcomes[2].deadweight") instead of stopping at the first.
//
// Paths: members are joined with ".", array elements with "[i]"; the document itself is "$"
// (used for "not valid JSON" and "must be an object" at the top).
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

// The path of the document as a whole.
inline constexpr char kDocumentPath[] = "$";

// Parses JSON text without throwing. On failure: InvalidArgument on "$", "The text is not
// valid JSON (at character {{position}})."
Result<nlohmann::json> ParseJsonText(std::string_view text);

// Reads the members of one JSON object. Each accessor returns nullopt and records an error
// when the member is present but of the wrong type or out of its representable range, and,
// for Required* accessors, when it is missing. Optional accessors return nullopt without
// error when the member is absent or null. The errors vector is shared with nested readers
// and must outlive the reader; so must the JSON value.
class JsonObjectReader {
 public:
  JsonObjectReader(const nlohmann::json& value, std::string path, std::vector<FieldError>& errors);

  // False (and an error recorded on the reader's path) when the value is not an object.
  bool is_object() const { return is_object_; }
  const std::string& path() const { return path_; }
  std::string PathOf(std::string_view key) const;

  std::optional<double> Number(std::string_view key, bool required);
  std::optional<long long> WholeNumber(std::string_view key, bool required);
  std::optional<std::string> Text(std::string_view key, bool required);
  // Money in kronor: a JSON number with at most two decimals, or a decimal string ("1234.56").
  std::optional<Ore> Money(std::string_view key, bool required);
  // One of `codes`; otherwise "Must be one of: {{options}}."
  std::optional<std::string> Code(std::string_view key, const std::vector<std::string>& codes,
                                  bool required);
  // Calls `each(element_reader_value, element_path)` for every element of an array member;
  // false when the member is absent (and not required) or not an array.
  bool ForEach(std::string_view key, bool required,
               const std::function<void(const nlohmann::json&, const std::string&)>& each);
  // A member that is itself an object; nullptr when absent (error if required) or not an
  // object (error).
  const nlohmann::json* Object(std::string_view key, bool required);

  // Records `message` on the member if it is present: for members that are valid in other
  // variants of the object but not in this one (an "actor" on a transfer).
  void Forbid(std::string_view key, std::string message);

  // Marks a member as known without reading it.
  void Skip(std::string_view key) { read_.emplace(key); }

  // Records "Unknown field." for every member not asked for so far: a misspelt
  // "dead_weight" must not silently count as zero. Call after reading all members.
  void RejectUnknownMembers();

  void AddError(const std::string& path, std::string message,
                std::map<std::string, std::string> args = {});

 private:
  // The member, or nullptr when absent or null; records a "required" error if needed.
  const nlohmann::json* Find(std::string_view key, bool required);

  const nlohmann::json& value_;
  std::string path_;
  std::vector<FieldError>& errors_;
  bool is_object_;
  std::set<std::string, std::less<>> read_;
};

// "items[3]" from ("items", 3), or "[3]" when the list path is empty.
std::string ElementPath(const std::string& list_path, size_t index);

}  // namespace samverkan::impact
