#include "modules/progress/domain/framework_csv.h"

#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "core/csv.h"
#include "modules/progress/domain/column_lookup.h"
#include "modules/progress/domain/decimal_text.h"

namespace samverkan::progress {
namespace {

constexpr std::string_view kEuSpiSource = "EU-SPI 2020, European Commission (DG REGIO)";

// Names under which the EU-SPI 2016 edition published two of the 2020 components (column
// headers of data/spi/eu_spi_2016_components.csv); the other ten match by name.
const std::map<std::string, std::vector<std::string>>& EuSpi2016ComponentNames() {
  static const auto* names = new std::map<std::string, std::vector<std::string>>{
      {"personal_security", {"Personal Safety"}},
      {"access_to_ict", {"Access to Information and Communications"}},
  };
  return *names;
}

void AddLineError(std::vector<FieldError>& errors, int line, std::string message,
                  std::map<std::string, std::string> args = {}) {
  args["line"] = std::to_string(line);
  errors.push_back({"framework", std::move(message), std::move(args)});
}

// Required columns by exact header name; reports the missing ones.
std::vector<int> RequireColumns(const CsvTable& table, const std::vector<std::string>& names,
                                std::vector<FieldError>& errors) {
  std::vector<int> columns;
  for (const auto& name : names) {
    int col = table.Column(name);
    if (col < 0) {
      errors.push_back(
          {"framework", N_("The framework file has no column {{column}}."), {{"column", name}}});
    }
    columns.push_back(col);
  }
  return columns;
}

// Position of the item with `code` in `items`, appending a new one when absent.
template <typename T>
T& FindOrAppend(std::vector<T>& items, const std::string& code, bool& appended) {
  for (auto& item : items) {
    if (item.code == code) {
      appended = false;
      return item;
    }
  }
  items.emplace_back();
  items.back().code = code;
  appended = true;
  return items.back();
}

Status ApplySwedishNames(std::string_view text, std::vector<Dimension>& dimensions) {
  auto table = CsvTable::Parse(text);
  if (!table.ok()) return std::move(table).error();
  std::vector<FieldError> errors;
  std::vector<int> cols = RequireColumns(*table, {"level", "name_en", "name_sv"}, errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  for (const CsvRow& row : table->rows()) {
    if (row.fields.size() < 3) continue;
    const std::string& level = row.fields[cols[0]];
    const std::string key = NameMatchKey(row.fields[cols[1]]);
    const std::string& swedish = row.fields[cols[2]];
    bool found = false;
    for (auto& dimension : dimensions) {
      if (level == "dimension" && NameMatchKey(dimension.name.en) == key) {
        dimension.name.sv = swedish;
        found = true;
      }
      for (auto& component : dimension.components) {
        if (level == "component" && NameMatchKey(component.name.en) == key) {
          component.name.sv = swedish;
          found = true;
        }
        for (auto& indicator : component.indicators) {
          if (level == "indicator" && NameMatchKey(indicator.name.en) == key) {
            indicator.name.sv = swedish;
            found = true;
          }
        }
      }
    }
    if (!found) {
      AddLineError(errors, row.line,
                   N_("Line {{line}} of the Swedish names names a {{level}} the framework lacks: "
                      "{{name}}."),
                   {{"level", level}, {"name", row.fields[cols[1]]}});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

std::optional<Direction> ParseDirection(std::string_view text) {
  const std::string key = NameMatchKey(text);
  for (std::string_view higher : {"higher", "higher is better", "högre"}) {
    if (key == NameMatchKey(higher)) return Direction::kHigherIsBetter;
  }
  for (std::string_view lower : {"lower", "lower is better", "lägre"}) {
    if (key == NameMatchKey(lower)) return Direction::kLowerIsBetter;
  }
  return std::nullopt;
}

}  // namespace

std::string CodeFromName(std::string_view name) {
  std::string code;
  bool pending_separator = false;
  for (unsigned char c : name) {
    const bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (alnum) {
      if (pending_separator && !code.empty()) code += '_';
      pending_separator = false;
      code += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (c != '&') {
      pending_separator = true;
    }
  }
  return code;
}

Result<Framework> ParseEuSpiMetadata(std::string_view metadata_csv,
                                     std::string_view swedish_names_csv) {
  auto table = CsvTable::Parse(metadata_csv);
  if (!table.ok()) return std::move(table).error();
  std::vector<FieldError> errors;
  const std::vector<int> cols = RequireColumns(
      *table,
      {"order", "indicator_raw_data_name", "indicator_normalisation_table_name", "component_no",
       "component", "dimension", "lower_is_better", "utopia", "dystopia"},
      errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  enum {
    kOrder,
    kRawName,
    kTableName,
    kComponentNo,
    kComponent,
    kDimension,
    kLower,
    kUtopia,
    kDystopia
  };

  std::vector<Dimension> dimensions;
  std::map<std::string, std::string> dimension_of_component;
  for (const CsvRow& row : table->rows()) {
    if (row.fields.size() == 1 && row.fields[0].empty()) continue;  // blank line
    if (row.fields.size() != table->header().size()) {
      AddLineError(errors, row.line,
                   N_("Line {{line}} has a different number of fields than the "
                      "header."));
      continue;
    }
    const auto& f = row.fields;
    Indicator indicator;
    indicator.name.en = f[cols[kRawName]];
    indicator.code = CodeFromName(indicator.name.en);
    indicator.source = std::string(kEuSpiSource);
    indicator.aliases = {f[cols[kRawName]], f[cols[kTableName]]};
    const std::string lower = NameMatchKey(f[cols[kLower]]);
    if (lower != "true" && lower != "false") {
      AddLineError(errors, row.line, N_("Line {{line}}: lower_is_better must be TRUE or FALSE."));
      continue;
    }
    indicator.direction = lower == "true" ? Direction::kLowerIsBetter : Direction::kHigherIsBetter;
    std::optional<double> utopia = ParseDecimal(f[cols[kUtopia]]);
    std::optional<double> dystopia = ParseDecimal(f[cols[kDystopia]]);
    if (!utopia || !dystopia) {
      AddLineError(errors, row.line, N_("Line {{line}}: utopia and dystopia must be numbers."));
      continue;
    }
    indicator.utopia = *utopia;
    indicator.dystopia = *dystopia;

    const std::string& dimension_name = f[cols[kDimension]];
    const std::string& component_name = f[cols[kComponent]];
    auto [known, inserted] = dimension_of_component.emplace(component_name, dimension_name);
    if (!inserted && known->second != dimension_name) {
      AddLineError(errors, row.line,
                   N_("Line {{line}} puts component {{component}} in a second dimension."),
                   {{"component", component_name}});
      continue;
    }
    bool appended = false;
    Dimension& dimension = FindOrAppend(dimensions, CodeFromName(dimension_name), appended);
    if (appended) dimension.name.en = dimension_name;
    Component& component =
        FindOrAppend(dimension.components, CodeFromName(component_name), appended);
    if (appended) {
      component.name.en = component_name;
      auto old_names = EuSpi2016ComponentNames().find(component.code);
      if (old_names != EuSpi2016ComponentNames().end()) {
        component.aliases.insert(component.aliases.end(), old_names->second.begin(),
                                 old_names->second.end());
      }
    }
    component.indicators.push_back(std::move(indicator));
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  if (!swedish_names_csv.empty()) {
    SAMVERKAN_RETURN_IF_ERROR(ApplySwedishNames(swedish_names_csv, dimensions));
  }
  return Framework::Create(
      "eu-spi-2020",
      {"EU:s regionala index för sociala framsteg 2020", "EU Regional Social Progress Index 2020"},
      std::move(dimensions));
}

Result<Framework> ParseFrameworkCsv(std::string_view text, std::string code, LocalizedText name) {
  auto table = CsvTable::Parse(text, DetectDelimiter(text));
  if (!table.ok()) return std::move(table).error();
  std::vector<FieldError> errors;
  const std::vector<int> cols = RequireColumns(
      *table,
      {"dimension_code", "dimension_name_sv", "dimension_name_en", "component_code",
       "component_name_sv", "component_name_en", "indicator_code", "indicator_name_sv",
       "indicator_name_en", "unit", "source", "direction", "utopia", "dystopia", "weight"},
      errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  enum {
    kDimCode,
    kDimSv,
    kDimEn,
    kCompCode,
    kCompSv,
    kCompEn,
    kIndCode,
    kIndSv,
    kIndEn,
    kUnit,
    kSource,
    kDirection,
    kUtopia,
    kDystopia,
    kWeight
  };

  std::vector<Dimension> dimensions;
  std::map<std::string, std::string> dimension_of_component;
  for (const CsvRow& row : table->rows()) {
    if (row.fields.size() == 1 && row.fields[0].empty()) continue;
    if (row.fields.size() != table->header().size()) {
      AddLineError(errors, row.line,
                   N_("Line {{line}} has a different number of fields than the "
                      "header."));
      continue;
    }
    const auto& f = row.fields;
    Indicator indicator;
    indicator.code = f[cols[kIndCode]];
    indicator.name = {f[cols[kIndSv]], f[cols[kIndEn]]};
    indicator.unit = f[cols[kUnit]];
    indicator.source = f[cols[kSource]];
    std::optional<Direction> direction = ParseDirection(f[cols[kDirection]]);
    std::optional<double> utopia = ParseDecimal(f[cols[kUtopia]]);
    std::optional<double> dystopia = ParseDecimal(f[cols[kDystopia]]);
    if (!direction) {
      AddLineError(errors, row.line, N_("Line {{line}}: the direction must be higher or lower."));
      continue;
    }
    if (!utopia || !dystopia) {
      AddLineError(errors, row.line, N_("Line {{line}}: utopia and dystopia must be numbers."));
      continue;
    }
    indicator.direction = *direction;
    indicator.utopia = *utopia;
    indicator.dystopia = *dystopia;
    if (!IsMissingMarker(f[cols[kWeight]])) {
      indicator.weight = ParseDecimal(f[cols[kWeight]]);
      if (!indicator.weight) {
        AddLineError(errors, row.line, N_("Line {{line}}: the weight must be a number."));
        continue;
      }
    }
    const std::string& dimension_code = f[cols[kDimCode]];
    const std::string& component_code = f[cols[kCompCode]];
    auto [known, inserted] = dimension_of_component.emplace(component_code, dimension_code);
    if (!inserted && known->second != dimension_code) {
      AddLineError(errors, row.line,
                   N_("Line {{line}} puts component {{component}} in a second dimension."),
                   {{"component", component_code}});
      continue;
    }
    bool appended = false;
    Dimension& dimension = FindOrAppend(dimensions, dimension_code, appended);
    if (appended) dimension.name = {f[cols[kDimSv]], f[cols[kDimEn]]};
    Component& component = FindOrAppend(dimension.components, component_code, appended);
    if (appended) component.name = {f[cols[kCompSv]], f[cols[kCompEn]]};
    component.indicators.push_back(std::move(indicator));
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Framework::Create(std::move(code), std::move(name), std::move(dimensions));
}

Result<Framework> ParseAnyFrameworkCsv(std::string_view text, std::string_view swedish_names_csv) {
  auto rows = CsvTable::Parse(text, DetectDelimiter(text));
  if (!rows.ok()) return std::move(rows).error();
  if (rows->Column("indicator_raw_data_name") >= 0) {
    return ParseEuSpiMetadata(text, swedish_names_csv);
  }
  if (rows->Column("indicator_code") >= 0) {
    return ParseFrameworkCsv(text, "custom", {"Eget ramverk", "Custom framework"});
  }
  return Error::InvalidField("framework",
                             N_("The framework file is neither EU-SPI indicator metadata nor in "
                                "the platform's framework format (see the documentation)."));
}

std::string WriteFrameworkCsv(const Framework& framework) {
  std::string out;
  AppendCsvRecord(
      out, {"dimension_code", "dimension_name_sv", "dimension_name_en", "component_code",
            "component_name_sv", "component_name_en", "indicator_code", "indicator_name_sv",
            "indicator_name_en", "unit", "source", "direction", "utopia", "dystopia", "weight"});
  for (const Dimension& dimension : framework.dimensions()) {
    for (const Component& component : dimension.components) {
      for (const Indicator& indicator : component.indicators) {
        AppendCsvRecord(out,
                        {dimension.code, dimension.name.sv, dimension.name.en, component.code,
                         component.name.sv, component.name.en, indicator.code, indicator.name.sv,
                         indicator.name.en, indicator.unit, indicator.source,
                         indicator.direction == Direction::kHigherIsBetter ? "higher" : "lower",
                         FormatShortest(indicator.utopia), FormatShortest(indicator.dystopia),
                         indicator.weight ? FormatShortest(*indicator.weight) : ""});
      }
    }
  }
  return out;
}

}  // namespace samverkan::progress
