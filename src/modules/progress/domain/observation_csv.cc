#include "modules/progress/domain/observation_csv.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <functional>
#include <limits>
#include <set>
#include <unordered_map>
#include <utility>

#include "core/csv.h"
#include "modules/progress/domain/column_lookup.h"
#include "modules/progress/domain/decimal_text.h"

namespace samverkan::progress {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

std::optional<int> ParseYear(std::string_view text) {
  while (!text.empty() && text.front() == ' ') text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\r')) text.remove_suffix(1);
  int year = 0;
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc() || end != text.data() + text.size() || year < 1 || year > 9999) {
    return std::nullopt;
  }
  return year;
}

// The country of a NUTS code ("SE33" -> "SE"); empty for codes that are not NUTS-shaped.
std::string CountryFromNutsCode(const std::string& code) {
  if (code.size() >= 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z') {
    return code.substr(0, 2);
  }
  return "";
}

std::string Trimmed(const std::string& text) {
  size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  size_t end = text.find_last_not_of(" \t\r");
  return text.substr(begin, end - begin + 1);
}

struct ParsedTable {
  CsvTable table;
  bool decimal_comma = false;
};

Result<ParsedTable> ParseTable(std::string_view text, const ObservationCsvOptions& options) {
  const char delimiter = options.delimiter != 0 ? options.delimiter : DetectDelimiter(text);
  auto table = CsvTable::Parse(text, delimiter);
  if (!table.ok()) return std::move(table).error();
  return ParsedTable{std::move(table).value(), delimiter != ','};
}

// Where the region, its name, country and year are in a file.
struct IdentityColumns {
  int region = -1;
  int name = -1;
  int country = -1;
  int year = -1;
  bool region_is_country = false;

  bool Contains(int col) const {
    return col == region || col == name || col == country || col == year;
  }
};

Result<IdentityColumns> FindIdentityColumns(const CsvTable& table) {
  IdentityColumns cols;
  cols.region = FindColumn(table, kRegionColumns);
  cols.country = FindColumn(table, kCountryColumns);
  if (cols.region < 0 && cols.country >= 0) {
    cols.region = cols.country;  // a file of countries, such as the EU-SPI national data
    cols.region_is_country = true;
  }
  if (cols.region < 0) {
    return Error::InvalidField("file",
                               N_("The file has no region column (for example nuts_id, region or "
                                  "kommunkod)."));
  }
  cols.name = FindColumn(table, kNameColumns);
  cols.year = FindColumn(table, kYearColumns);
  return cols;
}

// Identity of one row; nullopt (with a rejection recorded) when the row cannot be used.
struct RowIdentity {
  std::string region;
  std::string name;
  std::string country;
  int year = kUnspecifiedYear;
};

std::optional<RowIdentity> ReadIdentity(const CsvRow& row, const CsvTable& table,
                                        const IdentityColumns& cols,
                                        const ObservationCsvOptions& options,
                                        ImportReport& report) {
  if (row.fields.size() != table.header().size()) {
    report.rejected.push_back({row.line,
                               N_("The row has {{found}} fields but the header has {{expected}}."),
                               {{"found", std::to_string(row.fields.size())},
                                {"expected", std::to_string(table.header().size())}}});
    return std::nullopt;
  }
  RowIdentity identity;
  identity.region = Trimmed(row.fields[cols.region]);
  if (identity.region.empty()) {
    report.rejected.push_back({row.line, N_("The row has no region code."), {}});
    return std::nullopt;
  }
  if (cols.name >= 0) identity.name = Trimmed(row.fields[cols.name]);
  if (cols.region_is_country) {
    identity.country = identity.region;
  } else if (cols.country >= 0) {
    identity.country = Trimmed(row.fields[cols.country]);
  } else {
    identity.country = CountryFromNutsCode(identity.region);
  }
  identity.year = options.year.value_or(kUnspecifiedYear);
  if (cols.year >= 0) {
    std::optional<int> year = ParseYear(row.fields[cols.year]);
    if (!year) {
      report.rejected.push_back({row.line,
                                 N_("The period {{period}} is not a year."),
                                 {{"period", row.fields[cols.year]}}});
      return std::nullopt;
    }
    identity.year = *year;
  }
  return identity;
}

void DescribeRegion(const RowIdentity& identity, RegionInfo& info) {
  if (info.name.empty()) info.name = identity.name;
  if (info.country.empty()) info.country = identity.country;
}

// A wide file whose value columns map onto `target_count` framework items.
struct WideColumns {
  IdentityColumns identity;
  std::vector<std::pair<int, size_t>> values;  // column -> target index
};

Result<WideColumns> MapWideColumns(
    const CsvTable& table, size_t target_count,
    const std::function<std::optional<size_t>(const std::string&)>& find,
    const std::function<std::string(size_t)>& target_code, ImportReport& report) {
  auto identity = FindIdentityColumns(table);
  if (!identity.ok()) return std::move(identity).error();
  WideColumns cols{*identity, {}};
  std::vector<bool> seen(target_count, false);
  for (size_t col = 0; col < table.header().size(); ++col) {
    if (cols.identity.Contains(static_cast<int>(col))) continue;
    std::optional<size_t> target = find(table.header()[col]);
    if (!target || seen[*target]) {
      report.unused_columns.push_back(table.header()[col]);
      continue;
    }
    seen[*target] = true;
    cols.values.emplace_back(static_cast<int>(col), *target);
  }
  if (cols.values.empty()) {
    return Error::InvalidField("file",
                               "No column of the file matches the framework: check the column "
                               "names.");
  }
  for (size_t t = 0; t < target_count; ++t) {
    if (!seen[t]) report.absent_columns.push_back(target_code(t));
  }
  return cols;
}

// Reads the value cells of a wide row into `values` (NaN = missing); rejects the row when a
// cell is neither a number nor a missing marker.
bool ReadWideValues(const CsvRow& row, const CsvTable& table, const WideColumns& cols,
                    bool decimal_comma, std::vector<double>& values, ImportReport& report) {
  for (const auto& [col, target] : cols.values) {
    const std::string& cell = row.fields[col];
    if (IsMissingMarker(cell)) {
      values[target] = kMissing;
      continue;
    }
    std::optional<double> value = ParseDecimal(cell, decimal_comma);
    if (!value) {
      report.rejected.push_back({row.line,
                                 N_("Column {{column}} holds {{value}}, which is not a number."),
                                 {{"column", table.header()[col]}, {"value", cell}}});
      return false;
    }
    values[target] = *value;
  }
  return true;
}

bool IsTotalGender(const std::string& text) {
  const std::string key = NameMatchKey(text);
  return key.empty() || key == "t" || key == "total" || key == "totalt" || key == "all";
}

}  // namespace

Result<ImportedDataset> ParseWideObservations(std::string_view text, const Framework& framework,
                                              const ObservationCsvOptions& options) {
  auto parsed = ParseTable(text, options);
  if (!parsed.ok()) return std::move(parsed).error();
  const CsvTable& table = parsed->table;
  ImportedDataset result{Dataset(framework.indicator_count()), {}};
  ImportReport& report = result.report;
  auto cols = MapWideColumns(
      table, framework.indicator_count(),
      [&](const std::string& header) { return framework.FindIndicator(header); },
      [&](size_t i) { return framework.indicator(i).code; }, report);
  if (!cols.ok()) return std::move(cols).error();

  std::set<std::pair<std::string, int>> seen;
  std::vector<double> values(framework.indicator_count(), kMissing);
  for (const CsvRow& row : table.rows()) {
    if (row.fields.size() == 1 && Trimmed(row.fields[0]).empty()) continue;  // blank line
    ++report.rows;
    std::optional<RowIdentity> identity = ReadIdentity(row, table, cols->identity, options, report);
    if (!identity) continue;
    if (!seen.emplace(identity->region, identity->year).second) {
      report.rejected.push_back(
          {row.line,
           N_("Region {{region}} appears a second time for {{year}}; the first "
              "row is kept."),
           {{"region", identity->region}, {"year", std::to_string(identity->year)}}});
      continue;
    }
    if (!ReadWideValues(row, table, *cols, parsed->decimal_comma, values, report)) continue;
    const size_t region = result.dataset.AddRegion(identity->region);
    DescribeRegion(*identity, result.dataset.region(region));
    for (const auto& [col, indicator] : cols->values) {
      if (std::isnan(values[indicator])) {
        ++report.missing_values;
        continue;
      }
      result.dataset.Set(region, indicator, identity->year, values[indicator]);
      ++report.values;
    }
  }
  return result;
}

Result<ImportedDataset> ParseLongObservations(std::string_view text, const Framework& framework,
                                              const ObservationCsvOptions& options) {
  auto parsed = ParseTable(text, options);
  if (!parsed.ok()) return std::move(parsed).error();
  const CsvTable& table = parsed->table;
  auto identity_cols = FindIdentityColumns(table);
  if (!identity_cols.ok()) return std::move(identity_cols).error();
  const int indicator_col = FindColumn(table, kIndicatorColumns);
  const int value_col = FindColumn(table, kValueColumns);
  const int gender_col = FindColumn(table, kGenderColumns);
  if (indicator_col < 0 || value_col < 0) {
    return Error::InvalidField("file",
                               "A long-form file needs an indicator column and a value column.");
  }

  ImportedDataset result{Dataset(framework.indicator_count()), {}};
  ImportReport& report = result.report;
  std::unordered_map<std::string, std::optional<size_t>> indicator_cache;
  for (const CsvRow& row : table.rows()) {
    if (row.fields.size() == 1 && Trimmed(row.fields[0]).empty()) continue;
    ++report.rows;
    std::optional<RowIdentity> identity = ReadIdentity(row, table, *identity_cols, options, report);
    if (!identity) continue;
    if (gender_col >= 0 && !IsTotalGender(row.fields[gender_col])) {
      report.rejected.push_back({row.line,
                                 N_("Only totals are used: the row is for gender {{gender}}."),
                                 {{"gender", row.fields[gender_col]}}});
      continue;
    }
    const std::string& indicator_text = row.fields[indicator_col];
    auto cached = indicator_cache.find(indicator_text);
    if (cached == indicator_cache.end()) {
      cached =
          indicator_cache.emplace(indicator_text, framework.FindIndicator(indicator_text)).first;
    }
    if (!cached->second) {
      report.rejected.push_back(
          {row.line, "Unknown indicator {{indicator}}.", {{"indicator", indicator_text}}});
      continue;
    }
    const size_t indicator = *cached->second;
    const std::string& cell = row.fields[value_col];
    if (IsMissingMarker(cell)) {
      ++report.missing_values;
      continue;
    }
    std::optional<double> value = ParseDecimal(cell, parsed->decimal_comma);
    if (!value) {
      report.rejected.push_back(
          {row.line, N_("The value {{value}} is not a number."), {{"value", cell}}});
      continue;
    }
    const size_t region = result.dataset.AddRegion(identity->region);
    if (result.dataset.Has(region, indicator, identity->year)) {
      report.rejected.push_back(
          {row.line,
           N_("A second value of {{indicator}} for {{region}} in {{year}}; the "
              "first is kept."),
           {{"indicator", framework.indicator(indicator).code},
            {"region", identity->region},
            {"year", std::to_string(identity->year)}}});
      continue;
    }
    DescribeRegion(*identity, result.dataset.region(region));
    result.dataset.Set(region, indicator, identity->year, *value);
    ++report.values;
  }
  return result;
}

Result<ImportedDataset> ParseObservations(std::string_view text, const Framework& framework,
                                          const ObservationCsvOptions& options) {
  auto parsed = ParseTable(text.substr(0, text.find('\n')), options);
  if (!parsed.ok()) return std::move(parsed).error();
  if (FindColumn(parsed->table, kIndicatorColumns) >= 0 &&
      FindColumn(parsed->table, kValueColumns) >= 0) {
    return ParseLongObservations(text, framework, options);
  }
  return ParseWideObservations(text, framework, options);
}

Result<ImportedRegions> ParseRegionTable(std::string_view text,
                                         const ObservationCsvOptions& options) {
  auto parsed = ParseTable(text, options);
  if (!parsed.ok()) return std::move(parsed).error();
  const CsvTable& table = parsed->table;
  auto cols = FindIdentityColumns(table);
  if (!cols.ok()) return std::move(cols).error();
  const int population_col = FindColumn(table, kPopulationColumns);

  ImportedRegions result;
  ImportReport& report = result.report;
  std::set<std::string> seen;
  for (const CsvRow& row : table.rows()) {
    if (row.fields.size() == 1 && Trimmed(row.fields[0]).empty()) continue;
    ++report.rows;
    std::optional<RowIdentity> identity = ReadIdentity(row, table, *cols, options, report);
    if (!identity) continue;
    if (!seen.insert(identity->region).second) {
      report.rejected.push_back(
          {row.line,
           N_("Region {{region}} appears a second time; the first row is kept."),
           {{"region", identity->region}}});
      continue;
    }
    RegionInfo info;
    info.code = identity->region;
    info.name = identity->name;
    info.country = identity->country;
    bool rejected = false;
    for (size_t col = 0; col < table.header().size() && !rejected; ++col) {
      if (cols->Contains(static_cast<int>(col))) continue;
      const std::string& cell = row.fields[col];
      if (IsMissingMarker(cell)) {
        ++report.missing_values;
        continue;
      }
      std::optional<double> value = ParseDecimal(cell, parsed->decimal_comma);
      if (!value) {
        report.rejected.push_back({row.line,
                                   N_("Column {{column}} holds {{value}}, which is not a number."),
                                   {{"column", table.header()[col]}, {"value", cell}}});
        rejected = true;
        continue;
      }
      if (static_cast<int>(col) == population_col) {
        if (*value < 0) {
          report.rejected.push_back(
              {row.line, N_("The population {{value}} is negative."), {{"value", cell}}});
          rejected = true;
          continue;
        }
        info.population = *value;
      } else {
        info.covariates[Trimmed(table.header()[col])] = *value;
      }
      ++report.values;
    }
    if (!rejected) result.regions.push_back(std::move(info));
  }
  return result;
}

std::vector<std::string> MergeRegionInfo(const std::vector<RegionInfo>& infos, Dataset& dataset) {
  std::vector<std::string> unknown;
  for (const RegionInfo& info : infos) {
    std::optional<size_t> region = dataset.FindRegion(info.code);
    if (!region) {
      unknown.push_back(info.code);
      continue;
    }
    RegionInfo& target = dataset.region(*region);
    if (!info.name.empty()) target.name = info.name;
    if (!info.country.empty()) target.country = info.country;
    if (info.population) target.population = info.population;
    for (const auto& [key, value] : info.covariates) target.covariates[key] = value;
  }
  return unknown;
}

Result<ImportedComponentScores> ParseComponentScores(std::string_view text,
                                                     const Framework& framework,
                                                     const ObservationCsvOptions& options) {
  auto parsed = ParseTable(text, options);
  if (!parsed.ok()) return std::move(parsed).error();
  const CsvTable& table = parsed->table;
  ImportedComponentScores result;
  ImportReport& report = result.report;
  auto cols = MapWideColumns(
      table, framework.component_count(),
      [&](const std::string& header) { return framework.FindComponent(header); },
      [&](size_t c) { return framework.component(c).code; }, report);
  if (!cols.ok()) return std::move(cols).error();

  std::map<std::string, size_t> region_index;
  std::map<int, YearScores> by_year;
  std::vector<double> values(framework.component_count(), kMissing);
  for (const CsvRow& row : table.rows()) {
    if (row.fields.size() == 1 && Trimmed(row.fields[0]).empty()) continue;
    ++report.rows;
    std::optional<RowIdentity> identity = ReadIdentity(row, table, cols->identity, options, report);
    if (!identity) continue;
    std::fill(values.begin(), values.end(), kMissing);
    if (!ReadWideValues(row, table, *cols, parsed->decimal_comma, values, report)) continue;
    bool in_range = true;
    for (const auto& [col, component] : cols->values) {
      if (!std::isnan(values[component]) && (values[component] < 0 || values[component] > 100)) {
        report.rejected.push_back(
            {row.line,
             N_("Column {{column}} holds {{value}}, outside the 0-100 range of "
                "scores."),
             {{"column", table.header()[col]}, {"value", row.fields[col]}}});
        in_range = false;
        break;
      }
    }
    if (!in_range) continue;
    YearScores& year = by_year[identity->year];
    year.year = identity->year;
    auto [it, inserted] = region_index.emplace(identity->region, result.regions.size());
    if (inserted) {
      RegionInfo info;
      info.code = identity->region;
      result.regions.push_back(std::move(info));
    }
    DescribeRegion(*identity, result.regions[it->second]);
    bool duplicate = false;
    for (const RegionScores& scores : year.regions) duplicate |= scores.region == it->second;
    if (duplicate) {
      report.rejected.push_back(
          {row.line,
           N_("Region {{region}} appears a second time for {{year}}; the first "
              "row is kept."),
           {{"region", identity->region}, {"year", std::to_string(identity->year)}}});
      continue;
    }
    RegionScores scores;
    scores.region = it->second;
    scores.region_code = identity->region;
    scores.year = identity->year;
    scores.components.assign(framework.component_count(), std::nullopt);
    for (size_t c = 0; c < framework.component_count(); ++c) {
      if (std::isnan(values[c])) {
        ++report.missing_values;
        scores.notes.push_back({ScoreLevel::kComponent,
                                framework.component(c).code,
                                N_("No score was given for {{component}}."),
                                {{"component", framework.component(c).code}}});
        continue;
      }
      scores.components[c] = values[c];
      ++report.values;
    }
    year.regions.push_back(std::move(scores));
  }
  for (auto& [year, scores] : by_year) result.years.push_back(std::move(scores));
  return result;
}

}  // namespace samverkan::progress
