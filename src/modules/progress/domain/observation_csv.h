// Reading indicator observations, region tables and component scores from CSV text. Pure:
// strings in, values out; the caller reads files.
//
// Column headers are matched loosely (NameMatchKey: case, spaces and punctuation ignored):
//  region   nuts_id | region_code | region | code | municipality_code | kommunkod |
//           municipality | kommun | geo | id  (a file of countries may use `country`)
//  name     region_name | name | municipality_name | kommunnamn | namn | country_name
//  country  country | country_code | land  (absent: the first two letters of a NUTS code)
//  year     year | period | år | time | time_period
// Values: a '.' decimal point, or a ',' when the file is separated by ';'. "NA", "..", ":",
// "-" and empty cells are missing values, counted but never turned into numbers.
//
// Whole-file problems (not CSV, no region column, nothing recognisable) are an
// InvalidArgument; a bad row is skipped and reported in ImportReport::rejected with its line
// number, and the rest is imported.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/progress/domain/dataset.h"
#include "modules/progress/domain/framework.h"
#include "modules/progress/domain/scoring.h"

namespace samverkan::progress {

// A row that was not imported. `message` is an English msgid; `args` fill its placeholders.
struct RejectedRow {
  int line = 0;
  std::string message;
  std::map<std::string, std::string> args;
};

struct ImportReport {
  size_t rows = 0;            // data rows read (header excluded)
  size_t values = 0;          // values imported
  size_t missing_values = 0;  // cells or rows marked as missing
  std::vector<RejectedRow> rejected;
  // Wide form: headers that are neither a known column nor an indicator of the framework.
  std::vector<std::string> unused_columns;
  // Wide form: framework indicators (or components) without a column in the file.
  std::vector<std::string> absent_columns;
};

struct ObservationCsvOptions {
  // Year of every row when the file has no year column; kUnspecifiedYear when empty.
  std::optional<int> year;
  // 0 = detect from the header line (',' ';' or tab).
  char delimiter = 0;
};

struct ImportedDataset {
  Dataset dataset;
  ImportReport report;
};

// Wide form: one row per region (and year, when there is a year column), one column per
// indicator, matched by code, name or alias. Rejected rows: no region code, a value that is not
// a number, the wrong number of fields, a region (and year) seen before, a bad year.
Result<ImportedDataset> ParseWideObservations(std::string_view text, const Framework& framework,
                                              const ObservationCsvOptions& options = {});

// Long form, the shape of Swedish municipal statistics (Kolada, SCB): one row per region,
// indicator, period and value (columns indicator | indicator_code | kpi | nyckeltal and
// value | värde | obs_value, period as above). When there is a gender | kön column, only total
// rows (T, total, totalt, empty) are used and the others are rejected as such. Rejected rows:
// no region, unknown indicator, a period that is not a year, a value that is not a number, a
// second value for the same region, indicator and year.
Result<ImportedDataset> ParseLongObservations(std::string_view text, const Framework& framework,
                                              const ObservationCsvOptions& options = {});

// Long form when the header has both an indicator and a value column, wide form otherwise.
Result<ImportedDataset> ParseObservations(std::string_view text, const Framework& framework,
                                          const ObservationCsvOptions& options = {});

struct ImportedRegions {
  std::vector<RegionInfo> regions;
  ImportReport report;
};

// A table of regions: the region column, optional name and country, population
// (population | folkmängd | befolkning | pop) and any other numeric columns as covariates
// under their header text (e.g. gdp_per_capita). One row per region; repeats are rejected.
Result<ImportedRegions> ParseRegionTable(std::string_view text,
                                         const ObservationCsvOptions& options = {});

// Copies name, country, population and covariates from `infos` onto the dataset's regions of
// the same code (fields absent from an info are left as they are). Returns the codes of
// `infos` that the dataset does not have.
std::vector<std::string> MergeRegionInfo(const std::vector<RegionInfo>& infos, Dataset& dataset);

struct ImportedComponentScores {
  std::vector<RegionInfo> regions;  // RegionScores::region indexes this
  std::vector<YearScores> years;    // ascending; components filled, nothing else
  ImportReport report;
};

// Already computed component scores in wide form: one row per region (and year), one column
// per component matched by code, name or alias (e.g. the EU-SPI 2016 published file). A
// missing cell leaves the component unavailable with a note; a value outside 0-100 rejects
// the row. Aggregate with AggregateComponents.
Result<ImportedComponentScores> ParseComponentScores(std::string_view text,
                                                     const Framework& framework,
                                                     const ObservationCsvOptions& options = {});

}  // namespace samverkan::progress
