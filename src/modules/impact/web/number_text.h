// Numbers as people read and type them on the impact pages, in Swedish or English.
//
// Swedish writes 1 202 228,03 (a no-break space between thousands, a decimal comma) and
// 3,5 %; English writes 1,202,228.03 and 3.5%. Forms accept what people naturally type in
// their language: in Swedish a comma or a point as the decimal sign and spaces between
// thousands; in English a point as the decimal sign and commas or spaces between thousands.
//
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/language.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

// A number rounded to `decimals` places, with thousands grouped: "1 234,50" / "1,234.50".
std::string FormatDecimal(double value, int decimals, Language lang);

// An amount in öre as kronor with two decimals, exact (no binary rounding), grouped.
std::string FormatMoney(Ore ore, Language lang);

// A share (0.035) as a percentage with at most two decimals: "3,5 %" / "3.5%".
std::string FormatPercent(double share, Language lang);

// A number as a form field shows it again: no grouping, the language's decimal sign, at
// most `max_decimals` places with trailing zeros dropped ("24000,5", "0.25").
std::string FormatForInput(double value, int max_decimals, Language lang);
// An amount as a form field shows it: "24000,50" / "24000.50"; whole kronor without decimals.
std::string FormatMoneyForInput(Ore ore, Language lang);

// Reads a typed number (see above); nullopt when it is not one or not finite.
std::optional<double> ParseNumberInput(std::string_view text, Language lang);
// Reads a whole number; nullopt for anything with decimals or out of the range of int.
std::optional<int> ParseWholeInput(std::string_view text, Language lang);
// Reads an amount in kronor with at most two decimals, exactly; a leading minus is allowed.
std::optional<Ore> ParseMoneyInput(std::string_view text, Language lang);

// Whether the text holds nothing but spaces.
bool IsBlank(std::string_view text);

}  // namespace samverkan::impact
