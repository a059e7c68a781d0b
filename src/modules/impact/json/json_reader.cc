#include "modules/impact/json/json_reader.h"

#include <cmath>

namespace samverkan::impact {

Result<nlohmann::json> ParseJsonText(std::string_view text) {
  // nlohmann reports syntax errors only by exception or without a position; we want the
  // position, so this is the one place that catches its parse errors and turns them into a value.
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    return Error::InvalidField(kDocumentPath,
                               "The text is not valid JSON (at character {{position}}).",
                               {{"position", std::to_string(e.byte)}});
  } catch (const nlohmann::json::out_of_range&) {
    // A number beyond what a double holds (1e999) is reported this way, without a position.
    return Error::InvalidField(kDocumentPath, "The text holds a number too large to calculate with.");
  }
}

std::string ElementPath(const std::string& list_path, size_t index) {
  return list_path + "[" + std::to_string(index) + "]";
}

JsonObjectReader::JsonObjectReader(const nlohmann::json& value, std::string path,
                                   std::vector<FieldError>& errors)
    : value_(value), path_(std::move(path)), errors_(errors), is_object_(value.is_object()) {
  if (!is_object_) AddError(path_.empty() ? kDocumentPath : path_, "Must be an object.");
}

std::string JsonObjectReader::PathOf(std::string_view key) const {
  return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
}

void JsonObjectReader::AddError(const std::string& path, std::string message,
                                std::map<std::string, std::string> args) {
  errors_.push_back(FieldError{path, std::move(message), std::move(args)});
}

const nlohmann::json* JsonObjectReader::Find(std::string_view key, bool required) {
  read_.emplace(key);
  if (!is_object_) return nullptr;
  const auto it = value_.find(key);
  if (it == value_.end() || it->is_null()) {
    if (required) AddError(PathOf(key), "This field is required.");
    return nullptr;
  }
  return &*it;
}

std::optional<double> JsonObjectReader::Number(std::string_view key, bool required) {
  const nlohmann::json* member = Find(key, required);
  if (!member) return std::nullopt;
  if (!member->is_number()) {
    AddError(PathOf(key), "Must be a number.");
    return std::nullopt;
  }
  return member->get<double>();
}

std::optional<long long> JsonObjectReader::WholeNumber(std::string_view key, bool required) {
  // Far beyond any year, duration or group size, and safely inside int.
  constexpr long long kLimit = 1'000'000'000;
  const nlohmann::json* member = Find(key, required);
  if (!member) return std::nullopt;
  if (member->is_number_unsigned()) {
    const unsigned long long value = member->get<unsigned long long>();
    if (value <= static_cast<unsigned long long>(kLimit)) return static_cast<long long>(value);
  } else if (member->is_number_integer()) {
    const long long value = member->get<long long>();
    if (value >= -kLimit && value <= kLimit) return value;
  } else if (member->is_number_float()) {
    // 3.0 is a whole number too; 3.5 is not.
    const double value = member->get<double>();
    if (std::isfinite(value) && value == std::trunc(value) && std::fabs(value) <= kLimit) {
      return static_cast<long long>(value);
    }
  }
  AddError(PathOf(key), "Must be a whole number.");
  return std::nullopt;
}

std::optional<std::string> JsonObjectReader::Text(std::string_view key, bool required) {
  const nlohmann::json* member = Find(key, required);
  if (!member) return std::nullopt;
  if (!member->is_string()) {
    AddError(PathOf(key), "Must be text.");
    return std::nullopt;
  }
  return member->get<std::string>();
}

std::optional<Ore> JsonObjectReader::Money(std::string_view key, bool required) {
  const nlohmann::json* member = Find(key, required);
  if (!member) return std::nullopt;
  std::optional<Ore> ore;
  if (member->is_number()) {
    ore = KronorToOre(member->get<double>());
  } else if (member->is_string()) {
    ore = ParseKronor(member->get<std::string>());
  }
  if (!ore) {
    AddError(PathOf(key),
             "Must be an amount in kronor with at most two decimals, up to {{max}} kronor.",
             {{"max", std::to_string(kMaxEnteredOre / kOrePerKrona)}});
  }
  return ore;
}

std::optional<std::string> JsonObjectReader::Code(std::string_view key,
                                                  const std::vector<std::string>& codes,
                                                  bool required) {
  const nlohmann::json* member = Find(key, required);
  if (!member) return std::nullopt;
  if (member->is_string()) {
    const std::string& text = member->get_ref<const std::string&>();
    for (const std::string& code : codes) {
      if (code == text) return code;
    }
  }
  std::string options;
  for (const std::string& code : codes) options += (options.empty() ? "" : ", ") + code;
  AddError(PathOf(key), "Must be one of: {{options}}.", {{"options", options}});
  return std::nullopt;
}

bool JsonObjectReader::ForEach(
    std::string_view key, bool required,
    const std::function<void(const nlohmann::json&, const std::string&)>& each) {
  const nlohmann::json* member = Find(key, required);
  if (!member) return false;
  if (!member->is_array()) {
    AddError(PathOf(key), "Must be a list.");
    return false;
  }
  const std::string path = PathOf(key);
  for (size_t i = 0; i < member->size(); ++i) each((*member)[i], ElementPath(path, i));
  return true;
}

const nlohmann::json* JsonObjectReader::Object(std::string_view key, bool required) {
  const nlohmann::json* member = Find(key, required);
  if (!member) return nullptr;
  if (!member->is_object()) {
    AddError(PathOf(key), "Must be an object.");
    return nullptr;
  }
  return member;
}

void JsonObjectReader::Forbid(std::string_view key, std::string message) {
  read_.emplace(key);
  if (is_object_ && value_.contains(key)) AddError(PathOf(key), std::move(message));
}

void JsonObjectReader::RejectUnknownMembers() {
  if (!is_object_) return;
  for (const auto& [key, member] : value_.items()) {
    if (!read_.count(key)) AddError(PathOf(key), "Unknown field.");
  }
}

}  // namespace samverkan::impact
