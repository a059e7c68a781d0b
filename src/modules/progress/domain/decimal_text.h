// Decimal numbers as they appear in indicator files, and as this module prints them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace samverkan::progress {

// Markers that statistical offices use for "no value": empty, "NA", "N/A", "NaN", "null",
// "..", ":", "-" (any case, surrounding spaces ignored).
bool IsMissingMarker(std::string_view text);

// A finite decimal such as "12.5", "-3", "+1e3", " 4 ". With `allow_decimal_comma`, "12,5" is
// read as 12.5 (Swedish exports separated by semicolons); thousands separators are never
// accepted. Returns nullopt for anything else, including infinities and NaN.
std::optional<double> ParseDecimal(std::string_view text, bool allow_decimal_comma = false);

// The shortest text that reads back as the same double ("0.07", "258.48", "-3").
std::string FormatShortest(double value);

// Fixed notation with `decimals` digits after the point; never prints "-0.00".
std::string FormatDecimal(double value, int decimals);

}  // namespace samverkan::progress
