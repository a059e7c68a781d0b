// Finding the columns of an uploaded CSV file by any of the names sources use for them.
// Internal to the progress module's CSV readers.
#pragma once

#include <span>
#include <string_view>

#include "core/csv.h"

namespace samverkan::progress {

// The first header column whose NameMatchKey equals that of one of `names`, tried in the order
// of `names`; -1 when none matches.
int FindColumn(const CsvTable& table, std::span<const std::string_view> names);

// ',' unless the first line holds more ';' (or tabs) than commas, as Swedish spreadsheet
// exports do.
char DetectDelimiter(std::string_view text);

// Header names for the same thing across Eurostat, EU-SPI, SCB and Kolada files.
inline constexpr std::string_view kRegionColumns[] = {
    "nuts_id",   "region_code",  "region", "code", "municipality_code",
    "kommunkod", "municipality", "kommun", "geo",  "id"};
inline constexpr std::string_view kCountryColumns[] = {"country", "country_code", "land"};
inline constexpr std::string_view kNameColumns[] = {"region_name", "name", "municipality_name",
                                                    "kommunnamn",  "namn", "country_name"};
inline constexpr std::string_view kYearColumns[] = {"year", "period", "år", "time", "time_period"};
inline constexpr std::string_view kIndicatorColumns[] = {"indicator", "indicator_code", "kpi",
                                                         "nyckeltal", "indikator"};
inline constexpr std::string_view kValueColumns[] = {"value", "värde", "obs_value"};
inline constexpr std::string_view kGenderColumns[] = {"gender", "kön"};
inline constexpr std::string_view kPopulationColumns[] = {"population", "folkmängd", "befolkning",
                                                          "pop"};

}  // namespace samverkan::progress
