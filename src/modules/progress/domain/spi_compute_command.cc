#include "modules/progress/domain/spi_compute_command.h"

#include <map>
#include <utility>

#include "core/csv.h"
#include "modules/progress/domain/dataset.h"
#include "modules/progress/domain/decimal_text.h"
#include "modules/progress/domain/framework.h"
#include "modules/progress/domain/framework_csv.h"
#include "modules/progress/domain/observation_csv.h"
#include "modules/progress/domain/scoring.h"

namespace samverkan::progress {
namespace {

struct NamedReport {
  std::string file;  // "data", "national", "population", "components"
  ImportReport report;
};

// What the two input paths (indicator values or component scores) have in common.
struct Computed {
  std::vector<RegionInfo> regions;
  std::vector<YearScores> years;
  std::vector<NamedReport> imports;
  std::vector<std::string> extra_diagnostics;
};

Result<Computed> ComputeFromIndicators(const Framework& framework, const SpiComputeRequest& request,
                                       const ComputeOptions& options) {
  Computed computed;
  auto data = ParseObservations(request.data_csv, framework);
  if (!data.ok()) return std::move(data).error();
  Dataset& dataset = data->dataset;
  computed.imports.push_back({"data", std::move(data->report)});

  std::optional<Dataset> national;
  if (request.national_csv) {
    auto parsed = ParseObservations(*request.national_csv, framework);
    if (!parsed.ok()) return std::move(parsed).error();
    national = std::move(parsed->dataset);
    computed.imports.push_back({"national", std::move(parsed->report)});
  }
  if (request.population_csv) {
    auto parsed = ParseRegionTable(*request.population_csv);
    if (!parsed.ok()) return std::move(parsed).error();
    for (const std::string& code : MergeRegionInfo(parsed->regions, dataset)) {
      computed.extra_diagnostics.push_back("population: region " + code +
                                           " is not in the data and is ignored.");
    }
    computed.imports.push_back({"population", std::move(parsed->report)});
  }
  auto years = ComputeScores(framework, dataset, options, national ? &*national : nullptr);
  if (!years.ok()) return std::move(years).error();
  computed.years = std::move(years).value();
  computed.regions = dataset.regions();
  return computed;
}

Result<Computed> ComputeFromComponents(const Framework& framework, const SpiComputeRequest& request,
                                       const ComputeOptions& options) {
  Computed computed;
  auto parsed = ParseComponentScores(*request.components_csv, framework);
  if (!parsed.ok()) return std::move(parsed).error();
  computed.regions = std::move(parsed->regions);
  computed.imports.push_back({"components", std::move(parsed->report)});
  for (YearScores& year : parsed->years) {
    if (options.year && year.year != *options.year) continue;
    for (RegionScores& scores : year.regions) {
      AggregateComponents(framework, options.aggregation, scores);
    }
    computed.years.push_back(std::move(year));
  }
  if (options.year && computed.years.empty()) {
    return Error(ErrorCode::kNotFound, "There are no values for {{year}}.",
                 {{"year", std::to_string(*options.year)}});
  }
  return computed;
}

std::string Score(const std::optional<double>& value, int decimals) {
  return value ? FormatDecimal(*value, decimals) : "";
}

std::string JsonScore(const std::optional<double>& value, int decimals) {
  return value ? FormatDecimal(*value, decimals) : "null";
}

std::string JsonArgs(const std::map<std::string, std::string>& args) {
  std::string out = "{";
  for (const auto& [key, value] : args) {
    if (out.size() > 1) out += ',';
    out += JsonString(key) + ':' + JsonString(value);
  }
  return out + '}';
}

std::string JsonName(const LocalizedText& name) {
  return "{\"sv\":" + JsonString(name.sv) + ",\"en\":" + JsonString(name.en) + '}';
}

std::string NotesText(const std::vector<ScoreNote>& notes) {
  std::string text;
  for (const ScoreNote& note : notes) {
    if (!text.empty()) text += " | ";
    text += RenderMessage(note.message, note.args);
  }
  return text;
}

std::string WriteCsv(const Framework& framework, const Computed& computed, int decimals) {
  std::string out;
  std::vector<std::string> header = {"region", "name", "country", "year", "complete"};
  for (size_t c = 0; c < framework.component_count(); ++c) {
    header.push_back(framework.component(c).code);
  }
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    header.push_back(framework.dimension(d).code);
  }
  header.push_back("index");
  header.push_back("notes");
  AppendCsvRecord(out, header);
  std::vector<std::string> fields;
  for (const YearScores& year : computed.years) {
    for (const RegionScores& scores : year.regions) {
      const RegionInfo& info = computed.regions[scores.region];
      fields = {info.code, info.name, info.country,
                year.year == kUnspecifiedYear ? "" : std::to_string(year.year),
                scores.complete() ? "yes" : "no"};
      for (const auto& component : scores.components) fields.push_back(Score(component, decimals));
      for (const auto& dimension : scores.dimensions) fields.push_back(Score(dimension, decimals));
      fields.push_back(Score(scores.index, decimals));
      fields.push_back(NotesText(scores.notes));
      AppendCsvRecord(out, fields);
    }
  }
  return out;
}

std::string WriteJson(const Framework& framework, const Computed& computed,
                      const SpiComputeRequest& request, int complete, int incomplete) {
  const int decimals = request.decimals;
  std::string out = "{\"framework\":{\"code\":" + JsonString(framework.code()) +
                    ",\"name\":" + JsonName(framework.name()) + ",\"dimensions\":[";
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    const Dimension& dimension = framework.dimension(d);
    if (d > 0) out += ',';
    out += "{\"code\":" + JsonString(dimension.code) + ",\"name\":" + JsonName(dimension.name) +
           ",\"components\":[";
    for (size_t c = 0; c < dimension.components.size(); ++c) {
      if (c > 0) out += ',';
      out += "{\"code\":" + JsonString(dimension.components[c].code) +
             ",\"name\":" + JsonName(dimension.components[c].name) + '}';
    }
    out += "]}";
  }
  out += "]},\"options\":{\"exponent_dimension\":" + FormatShortest(request.exponent_dimension) +
         ",\"exponent_index\":" + FormatShortest(request.exponent_index) +
         ",\"anchored_to_national\":" + (request.national_csv ? "true" : "false") +
         ",\"input\":" + (request.components_csv ? "\"components\"" : "\"indicators\"") +
         "},\"results\":[";
  bool first = true;
  for (const YearScores& year : computed.years) {
    for (const RegionScores& scores : year.regions) {
      const RegionInfo& info = computed.regions[scores.region];
      if (!first) out += ',';
      first = false;
      out += "{\"region\":" + JsonString(info.code) + ",\"name\":" + JsonString(info.name) +
             ",\"country\":" + JsonString(info.country) + ",\"year\":" +
             (year.year == kUnspecifiedYear ? std::string("null") : std::to_string(year.year)) +
             ",\"complete\":" + (scores.complete() ? "true" : "false") +
             ",\"index\":" + JsonScore(scores.index, decimals) + ",\"dimensions\":{";
      for (size_t d = 0; d < framework.dimension_count(); ++d) {
        if (d > 0) out += ',';
        out += JsonString(framework.dimension(d).code) + ':' +
               JsonScore(scores.dimensions[d], decimals);
      }
      out += "},\"components\":{";
      for (size_t c = 0; c < framework.component_count(); ++c) {
        if (c > 0) out += ',';
        out += JsonString(framework.component(c).code) + ':' +
               JsonScore(scores.components[c], decimals);
      }
      out += "},\"notes\":[";
      for (size_t n = 0; n < scores.notes.size(); ++n) {
        const ScoreNote& note = scores.notes[n];
        if (n > 0) out += ',';
        out += "{\"level\":" + JsonString(ScoreLevelName(note.level)) +
               ",\"code\":" + JsonString(note.code) + ",\"message\":" + JsonString(note.message) +
               ",\"args\":" + JsonArgs(note.args) +
               ",\"text\":" + JsonString(RenderMessage(note.message, note.args)) + '}';
      }
      out += "]}";
    }
  }
  out += "],\"summary\":{\"regions\":" + std::to_string(complete + incomplete) +
         ",\"complete\":" + std::to_string(complete) +
         ",\"incomplete\":" + std::to_string(incomplete) + "},\"imports\":[";
  for (size_t k = 0; k < computed.imports.size(); ++k) {
    const ImportReport& report = computed.imports[k].report;
    if (k > 0) out += ',';
    out += "{\"file\":" + JsonString(computed.imports[k].file) +
           ",\"rows\":" + std::to_string(report.rows) +
           ",\"values\":" + std::to_string(report.values) +
           ",\"missing_values\":" + std::to_string(report.missing_values) + ",\"rejected\":[";
    for (size_t r = 0; r < report.rejected.size(); ++r) {
      const RejectedRow& row = report.rejected[r];
      if (r > 0) out += ',';
      out += "{\"line\":" + std::to_string(row.line) + ",\"message\":" + JsonString(row.message) +
             ",\"args\":" + JsonArgs(row.args) +
             ",\"text\":" + JsonString(RenderMessage(row.message, row.args)) + '}';
    }
    out += "],\"unused_columns\":[";
    for (size_t u = 0; u < report.unused_columns.size(); ++u) {
      if (u > 0) out += ',';
      out += JsonString(report.unused_columns[u]);
    }
    out += "],\"absent_columns\":[";
    for (size_t a = 0; a < report.absent_columns.size(); ++a) {
      if (a > 0) out += ',';
      out += JsonString(report.absent_columns[a]);
    }
    out += "]}";
  }
  out += "]}\n";
  return out;
}

std::vector<std::string> Diagnostics(const Computed& computed, int complete, int incomplete) {
  std::vector<std::string> lines;
  for (const NamedReport& named : computed.imports) {
    for (const RejectedRow& row : named.report.rejected) {
      lines.push_back(named.file + " line " + std::to_string(row.line) + ": " +
                      RenderMessage(row.message, row.args));
    }
    for (const std::string& column : named.report.unused_columns) {
      lines.push_back(named.file + ": column \"" + column + "\" is not used.");
    }
    for (const std::string& code : named.report.absent_columns) {
      lines.push_back(named.file + ": no column for " + code + ".");
    }
  }
  lines.insert(lines.end(), computed.extra_diagnostics.begin(), computed.extra_diagnostics.end());
  lines.push_back(std::to_string(complete) + " region-years have an index; " +
                  std::to_string(incomplete) +
                  " cannot be computed (the notes say which scores are missing and why).");
  return lines;
}

}  // namespace

std::optional<OutputFormat> ParseOutputFormat(std::string_view text) {
  if (text == "csv") return OutputFormat::kCsv;
  if (text == "json") return OutputFormat::kJson;
  return std::nullopt;
}

std::string RenderMessage(std::string_view message,
                          const std::map<std::string, std::string>& args) {
  std::string out;
  size_t pos = 0;
  while (pos < message.size()) {
    size_t open = message.find("{{", pos);
    if (open == std::string_view::npos) break;
    size_t close = message.find("}}", open + 2);
    if (close == std::string_view::npos) break;
    out.append(message.substr(pos, open - pos));
    auto arg = args.find(std::string(message.substr(open + 2, close - open - 2)));
    if (arg != args.end()) {
      out += arg->second;
    } else {
      out.append(message.substr(open, close + 2 - open));
    }
    pos = close + 2;
  }
  out.append(message.substr(pos));
  return out;
}

std::string JsonString(std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\f':
        out += "\\f";
        break;
      default:
        if (c < 0x20) {
          out += "\\u00";
          out += kHex[c >> 4];
          out += kHex[c & 0xF];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + '"';
}

namespace {

// The checks of the inputs besides the framework, as FieldErrors.
void CheckInputs(const SpiComputeRequest& request, std::vector<FieldError>& errors) {
  const bool has_data = !request.data_csv.empty();
  const bool has_components = request.components_csv.has_value();
  if (has_data == has_components) {
    errors.push_back({"data", "Give either indicator data or component scores, not both.", {}});
  }
  if (request.national_csv.has_value() != request.population_csv.has_value()) {
    errors.push_back({"national",
                      "Anchoring needs both the national data and the population of the "
                      "regions.",
                      {}});
  }
  if (has_components && request.national_csv) {
    errors.push_back({"components", "Component scores cannot be anchored to national data.", {}});
  }
  if (request.decimals < 0 || request.decimals > 10) {
    errors.push_back({"decimals", "The number of decimals must lie between 0 and 10.", {}});
  }
}

}  // namespace

Result<SpiComputeResponse> RunSpiCompute(const SpiComputeRequest& request) {
  std::vector<FieldError> errors;
  if (request.framework_csv.empty()) {
    errors.push_back({"framework", "A framework file is required.", {}});
  }
  CheckInputs(request, errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  auto framework = ParseAnyFrameworkCsv(request.framework_csv, request.framework_names_sv_csv);
  if (!framework.ok()) return std::move(framework).error();
  return RunSpiCompute(*framework, request);
}

Result<SpiComputeResponse> RunSpiCompute(const Framework& framework,
                                         const SpiComputeRequest& request) {
  std::vector<FieldError> errors;
  CheckInputs(request, errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  const bool has_components = request.components_csv.has_value();

  ComputeOptions options;
  options.aggregation = {request.exponent_dimension, request.exponent_index};
  options.year = request.year;
  SAMVERKAN_RETURN_IF_ERROR(ValidateOptions(options));

  auto computed = has_components ? ComputeFromComponents(framework, request, options)
                                 : ComputeFromIndicators(framework, request, options);
  if (!computed.ok()) return std::move(computed).error();

  SpiComputeResponse response;
  for (const YearScores& year : computed->years) {
    for (const RegionScores& scores : year.regions) {
      ++(scores.complete() ? response.complete_regions : response.incomplete_regions);
    }
  }
  response.output = request.format == OutputFormat::kCsv
                        ? WriteCsv(framework, *computed, request.decimals)
                        : WriteJson(framework, *computed, request, response.complete_regions,
                                    response.incomplete_regions);
  response.diagnostics =
      Diagnostics(*computed, response.complete_regions, response.incomplete_regions);
  return response;
}

}  // namespace samverkan::progress
