#include "modules/progress/web/compute_api.h"

#include <cmath>
#include <vector>

#include "core/csv.h"
#include "modules/progress/domain/decimal_text.h"
#include "modules/progress/domain/framework_csv.h"
#include "modules/progress/web/progress_json.h"

namespace samverkan::progress {
namespace {

using nlohmann::json;

// A JSON value as the text of a CSV cell: strings as they are (line breaks made spaces, so
// that line numbers stay item numbers), numbers exactly, null or absent as a missing cell,
// anything else as its JSON text (which the CSV readers then reject, naming it).
std::string Cell(const json& value) {
  if (value.is_null()) return "";
  if (value.is_string()) {
    std::string text = value.get<std::string>();
    for (char& c : text) {
      if (c == '\r' || c == '\n') c = ' ';
    }
    return text;
  }
  if (value.is_number_integer()) return value.dump();
  if (value.is_number()) return FormatShortest(value.get<double>());
  return value.dump();
}

const json& Member(const json& item, const char* key) {
  static const json kNull;
  if (!item.is_object()) return kNull;
  auto it = item.find(key);
  return it == item.end() ? kNull : *it;
}

// [{region, indicator, year?, value}] as long-form CSV.
std::string ObservationsCsv(const json& items) {
  bool with_year = false;
  for (const json& item : items) with_year = with_year || !Member(item, "year").is_null();
  std::string out;
  AppendCsvRecord(out, with_year ? std::vector<std::string>{"region", "indicator", "year", "value"}
                                 : std::vector<std::string>{"region", "indicator", "value"});
  for (const json& item : items) {
    std::vector<std::string> fields = {Cell(Member(item, "region")),
                                       Cell(Member(item, "indicator"))};
    if (with_year) fields.push_back(Cell(Member(item, "year")));
    fields.push_back(Cell(Member(item, "value")));
    AppendCsvRecord(out, fields);
  }
  return out;
}

// Names of the object members of `key` across items, in the order first seen.
std::vector<std::string> MemberNames(const json& items, const char* key) {
  std::vector<std::string> names;
  for (const json& item : items) {
    const json& object = Member(item, key);
    if (!object.is_object()) continue;
    for (const auto& [name, value] : object.items()) {
      if (std::find(names.begin(), names.end(), name) == names.end()) names.push_back(name);
    }
  }
  return names;
}

// [{code, name?, country?, population?, covariates?}] as a region table.
std::string RegionsCsv(const json& items) {
  std::vector<std::string> covariates = MemberNames(items, "covariates");
  std::vector<std::string> header = {"region", "name", "country", "population"};
  header.insert(header.end(), covariates.begin(), covariates.end());
  std::string out;
  AppendCsvRecord(out, header);
  for (const json& item : items) {
    const json& code =
        Member(item, "code").is_null() ? Member(item, "region") : Member(item, "code");
    std::vector<std::string> fields = {Cell(code), Cell(Member(item, "name")),
                                       Cell(Member(item, "country")),
                                       Cell(Member(item, "population"))};
    const json& values = Member(item, "covariates");
    for (const std::string& name : covariates) {
      fields.push_back(values.is_object() && values.contains(name) ? Cell(values[name]) : "");
    }
    AppendCsvRecord(out, fields);
  }
  return out;
}

// [{region, year?, scores: {code: score}}] as wide component scores.
std::string ComponentsCsv(const json& items) {
  bool with_year = false;
  for (const json& item : items) with_year = with_year || !Member(item, "year").is_null();
  std::vector<std::string> codes = MemberNames(items, "scores");
  std::vector<std::string> header = {"region"};
  if (with_year) header.push_back("year");
  header.insert(header.end(), codes.begin(), codes.end());
  std::string out;
  AppendCsvRecord(out, header);
  for (const json& item : items) {
    std::vector<std::string> fields = {Cell(Member(item, "region"))};
    if (with_year) fields.push_back(Cell(Member(item, "year")));
    const json& scores = Member(item, "scores");
    for (const std::string& code : codes) {
      fields.push_back(scores.is_object() && scores.contains(code) ? Cell(scores[code]) : "");
    }
    AppendCsvRecord(out, fields);
  }
  return out;
}

// Reads the framework object of GET /api/v1/progress/frameworks/{code}.
class FrameworkReader {
 public:
  explicit FrameworkReader(Language language) : language_(language) {}

  Result<Framework> Read(const json& j) {
    std::string code = j.contains("code") ? Text(j["code"], "framework.code") : "custom";
    LocalizedText name = j.contains("name") ? Name(j["name"], "framework.name")
                                            : LocalizedText{"Eget ramverk", "Custom framework"};
    std::vector<Dimension> dimensions;
    for (const json& d : List(j, "dimensions", "framework.dimensions")) {
      const std::string path = "framework.dimensions[" + std::to_string(dimensions.size()) + "]";
      Dimension dimension{
          Text(Member(d, "code"), path + ".code"), Name(Member(d, "name"), path + ".name"), {}, {}};
      for (const json& c : List(d, "components", path + ".components")) {
        const std::string cpath =
            path + ".components[" + std::to_string(dimension.components.size()) + "]";
        Component component{Text(Member(c, "code"), cpath + ".code"),
                            Name(Member(c, "name"), cpath + ".name"),
                            {},
                            {}};
        for (const json& i : List(c, "indicators", cpath + ".indicators")) {
          const std::string ipath =
              cpath + ".indicators[" + std::to_string(component.indicators.size()) + "]";
          component.indicators.push_back(ReadIndicator(i, ipath));
        }
        dimension.components.push_back(std::move(component));
      }
      dimensions.push_back(std::move(dimension));
    }
    if (!errors_.empty()) return Error::Invalid(std::move(errors_));
    return Framework::Create(std::move(code), std::move(name), std::move(dimensions));
  }

 private:
  Indicator ReadIndicator(const json& i, const std::string& path) {
    Indicator indicator;
    indicator.code = Text(Member(i, "code"), path + ".code");
    indicator.name = Name(Member(i, "name"), path + ".name");
    if (!Member(i, "unit").is_null()) indicator.unit = Text(Member(i, "unit"), path + ".unit");
    if (!Member(i, "source").is_null())
      indicator.source = Text(Member(i, "source"), path + ".source");
    indicator.utopia = Number(Member(i, "utopia"), path + ".utopia");
    indicator.dystopia = Number(Member(i, "dystopia"), path + ".dystopia");
    const json& direction = Member(i, "direction");
    if (direction == "lower") {
      indicator.direction = Direction::kLowerIsBetter;
    } else if (direction == "higher") {
      indicator.direction = Direction::kHigherIsBetter;
    } else if (direction.is_null()) {
      indicator.direction = indicator.utopia < indicator.dystopia ? Direction::kLowerIsBetter
                                                                  : Direction::kHigherIsBetter;
    } else {
      Problem(N_("{{path}} must be higher or lower."), path + ".direction");
    }
    if (!Member(i, "weight").is_null())
      indicator.weight = Number(Member(i, "weight"), path + ".weight");
    return indicator;
  }

  std::vector<json> List(const json& parent, const char* key, const std::string& path) {
    const json& list = Member(parent, key);
    if (!list.is_array()) {
      Problem(N_("{{path}} must be an array."), path);
      return {};
    }
    return list.get<std::vector<json>>();
  }
  std::string Text(const json& value, const std::string& path) {
    if (value.is_string()) return value.get<std::string>();
    Problem(N_("{{path}} must be a string."), path);
    return "";
  }
  double Number(const json& value, const std::string& path) {
    if (value.is_number()) return value.get<double>();
    Problem(N_("{{path}} must be a number."), path);
    return 0;
  }
  LocalizedText Name(const json& value, const std::string& path) {
    LocalizedText name;
    if (value.is_string()) {
      (language_ == Language::kSwedish ? name.sv : name.en) = value.get<std::string>();
    } else if (value.is_object() &&
               (Member(value, "sv").is_string() || Member(value, "en").is_string())) {
      if (Member(value, "sv").is_string()) name.sv = Member(value, "sv").get<std::string>();
      if (Member(value, "en").is_string()) name.en = Member(value, "en").get<std::string>();
    } else {
      Problem(N_("{{path}} must be a string or an object with sv and en."), path);
    }
    return name;
  }
  void Problem(const char* message, const std::string& path) {
    if (errors_.size() < 20) errors_.push_back({"framework", message, {{"path", path}}});
  }

  Language language_;
  std::vector<FieldError> errors_;
};

// Text or array input `key`: the CSV text, or the array converted by `to_csv`; nullopt when
// absent. A value of another type is a field error.
std::optional<std::string> Input(const json& body, const char* key,
                                 std::string (*to_csv)(const json&), std::set<std::string>& arrays,
                                 std::vector<FieldError>& errors) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_string()) return it->get<std::string>();
  if (it->is_array()) {
    arrays.insert(key);
    return to_csv(*it);
  }
  errors.push_back({key, N_("Give {{field}} as CSV text or as an array."), {{"field", key}}});
  return std::nullopt;
}

std::optional<double> NumberMember(const json& body, const char* key,
                                   std::vector<FieldError>& errors) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::nullopt;
  if (it->is_number()) return it->get<double>();
  errors.push_back({key, N_("{{field}} must be a number."), {{"field", key}}});
  return std::nullopt;
}

}  // namespace

Result<ComputeCall> ParseComputeBody(const json& body, Language language,
                                     const FrameworkByCode& stored_framework) {
  ComputeCall call;
  std::vector<FieldError> errors;
  auto framework = body.find("framework");
  if (framework == body.end() || framework->is_null()) {
    errors.push_back({"framework", "A framework file is required.", {}});
  } else if (framework->is_string()) {
    const std::string text = framework->get<std::string>();
    // A code names a stored framework; CSV text has a header line with commas or semicolons.
    if (text.find_first_of(",;\t\n") == std::string::npos) {
      auto stored = stored_framework(text);
      if (!stored.ok()) return std::move(stored).error();
      call.framework = std::move(stored).value();
    } else {
      call.request.framework_csv = text;
    }
  } else if (framework->is_object()) {
    auto read = FrameworkReader(language).Read(*framework);
    if (!read.ok()) return std::move(read).error();
    call.framework = std::move(read).value();
  } else {
    errors.push_back(
        {"framework", N_("Give the framework as CSV text, as an object or by its code."), {}});
  }
  if (auto names = body.find("framework_names_sv"); names != body.end() && names->is_string()) {
    call.request.framework_names_sv_csv = names->get<std::string>();
  }

  if (auto data = Input(body, "data", ObservationsCsv, call.arrays, errors)) {
    call.request.data_csv = std::move(*data);
  }
  call.request.components_csv = Input(body, "components", ComponentsCsv, call.arrays, errors);
  call.request.national_csv = Input(body, "national", ObservationsCsv, call.arrays, errors);
  call.request.population_csv = Input(body, "regions", RegionsCsv, call.arrays, errors);
  if (auto x = NumberMember(body, "exponent_dimension", errors))
    call.request.exponent_dimension = *x;
  if (auto x = NumberMember(body, "exponent_index", errors)) call.request.exponent_index = *x;
  if (auto x = NumberMember(body, "decimals", errors)) {
    if (*x != std::floor(*x) || *x < 0 || *x > 10) {
      errors.push_back({"decimals", "The number of decimals must lie between 0 and 10.", {}});
    } else {
      call.request.decimals = static_cast<int>(*x);
    }
  }
  if (auto x = NumberMember(body, "year", errors)) {
    if (*x != std::floor(*x) || std::abs(*x) > 1e6) {
      errors.push_back({"year", N_("The year must be a whole number."), {}});
    } else {
      call.request.year = static_cast<int>(*x);
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  call.request.format = OutputFormat::kJson;
  return call;
}

Result<json> RunCompute(const ComputeCall& call, const web::Translator& tr, Language lang) {
  Framework framework;
  if (call.framework) {
    framework = *call.framework;
  } else {
    auto parsed =
        ParseAnyFrameworkCsv(call.request.framework_csv, call.request.framework_names_sv_csv);
    if (!parsed.ok()) return std::move(parsed).error();
    framework = std::move(parsed).value();
  }
  auto response = RunSpiCompute(framework, call.request);
  if (!response.ok()) return std::move(response).error();
  json body = json::parse(response->output, nullptr, false);
  if (body.is_discarded()) return Error::Internal("spi compute wrote JSON that does not parse");

  for (json& result : body["results"]) {
    for (json& note : result["notes"]) {
      ScoreNote parsed{ScoreLevel::kIndex, note["code"].get<std::string>(),
                       note["message"].get<std::string>(),
                       note["args"].get<std::map<std::string, std::string>>()};
      note["text"] = NoteText(parsed, framework, tr, lang);
    }
  }
  for (json& import : body["imports"]) {
    std::string file = import["file"].get<std::string>();
    const bool from_array = call.arrays.count(file == "population" ? "regions" : file) > 0;
    for (json& row : import["rejected"]) {
      std::string message = row["message"].get<std::string>();
      row["text"] = tr.Tr(lang, message, row["args"].get<std::map<std::string, std::string>>());
      // Line 1 is the header of the CSV made from the array.
      if (from_array) row["item"] = row["line"].get<int>() - 2;
    }
  }
  return body;
}

web::ApiDoc ComputeApiDoc() {
  web::ApiDoc doc;
  doc.summary =
      "Compute Social Progress Index scores from a framework and indicator values; nothing is "
      "stored";
  doc.tag = "progress";
  auto either = [](std::string description, json item) {
    return json{{"description", std::move(description)},
                {"oneOf", {{{"type", "string"}}, {{"type", "array"}, {"items", std::move(item)}}}}};
  };
  json observation = {
      {"type", "object"},
      {"required", {"region", "indicator", "value"}},
      {"properties",
       {{"region", {{"type", "string"}}},
        {"indicator", {{"type", "string"}, {"description", "Code, name or alias"}}},
        {"year", {{"type", {"integer", "null"}}}},
        {"value", {{"type", {"number", "null"}}, {"description", "null = missing"}}}}}};
  json region = {
      {"type", "object"},
      {"required", {"code"}},
      {"properties",
       {{"code", {{"type", "string"}}},
        {"name", {{"type", "string"}}},
        {"country", {{"type", "string"}}},
        {"population", {{"type", {"number", "null"}}}},
        {"covariates", {{"type", "object"}, {"additionalProperties", {{"type", "number"}}}}}}}};
  json component_scores = {
      {"type", "object"},
      {"required", {"region", "scores"}},
      {"properties",
       {{"region", {{"type", "string"}}},
        {"year", {{"type", {"integer", "null"}}}},
        {"scores",
         {{"type", "object"}, {"additionalProperties", {{"type", {"number", "null"}}}}}}}}};
  doc.request_body = {
      {"type", "object"},
      {"required", {"framework"}},
      {"properties",
       {{"framework",
         {{"description",
           "CSV text (EU-SPI indicator metadata or the platform's framework format), the object "
           "of GET /api/v1/progress/frameworks/{code}, or the code of a stored framework"},
          {"oneOf", {{{"type", "string"}}, FrameworkSchema()}}}},
        {"framework_names_sv",
         {{"type", "string"},
          {"description", "Swedish names of an EU-SPI framework (CSV: level,name_en,name_sv)"}}},
        {"data",
         either("Indicator values: CSV text in wide or long form, or observations", observation)},
        {"components",
         either("Instead of data: component scores 0-100 to aggregate, CSV text or objects",
                component_scores)},
        {"national",
         either("Country values to anchor regional components to (needs regions with population)",
                observation)},
        {"regions", either("Region table: names, country, population, covariates", region)},
        {"exponent_dimension", {{"type", "number"}, {"default", 0.5}}},
        {"exponent_index", {{"type", "number"}, {"default", 0.5}}},
        {"year", {{"type", "integer"}, {"description", "Only this year"}}},
        {"decimals", {{"type", "integer"}, {"minimum", 0}, {"maximum", 10}, {"default", 2}}}}}};
  json note = {{"type", "object"},
               {"properties",
                {{"level", {{"type", "string"}}},
                 {"code", {{"type", "string"}}},
                 {"message", {{"type", "string"}}},
                 {"args", {{"type", "object"}}},
                 {"text", {{"type", "string"}}}}}};
  json scores = {{"type", "object"}, {"additionalProperties", {{"type", {"number", "null"}}}}};
  doc.response = {{"type", "object"},
                  {"required", {"framework", "options", "results", "summary", "imports"}},
                  {"properties",
                   {{"framework", {{"type", "object"}}},
                    {"options", {{"type", "object"}}},
                    {"results",
                     {{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"properties",
                         {{"region", {{"type", "string"}}},
                          {"name", {{"type", "string"}}},
                          {"country", {{"type", "string"}}},
                          {"year", {{"type", {"integer", "null"}}}},
                          {"complete", {{"type", "boolean"}}},
                          {"index", {{"type", {"number", "null"}}}},
                          {"dimensions", scores},
                          {"components", scores},
                          {"notes", {{"type", "array"}, {"items", note}}}}}}}}},
                    {"summary",
                     {{"type", "object"},
                      {"properties",
                       {{"regions", {{"type", "integer"}}},
                        {"complete", {{"type", "integer"}}},
                        {"incomplete", {{"type", "integer"}}}}}}},
                    {"imports",
                     {{"type", "array"},
                      {"items",
                       {{"type", "object"},
                        {"description",
                         "Per input: rows read, values, rejected rows (line, item, message, text), "
                         "unused and absent columns"}}}}}}}};
  doc.error_statuses = {404, 413, 422};
  return doc;
}

}  // namespace samverkan::progress
