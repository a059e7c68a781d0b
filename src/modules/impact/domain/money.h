// Money in the impact calculators.
//
// Representation (one rule for every calculator in this module):
//  * Amounts that people enter (inputs, financial proxies, costs per person-year, investments)
//    are integers in öre, the hundredth of a krona (or the minor unit of whatever single
//    currency a map uses). An entered amount is therefore exact.
//  * Arithmetic that multiplies money by quantities, rates and discount factors runs in long
//    double (64-bit mantissa on x86-64: about 19 significant digits), unrounded, so that no
//    intermediate rounding accumulates across years and outcomes.
//  * Every amount a calculator reports is rounded once, half away from zero, to whole öre
//    (RoundToOre). Totals are rounded from the unrounded sum, not summed from rounded parts,
//    so a table of rounded parts may differ from its rounded total by at most half an öre per
//    part. A net present value is the difference of the two rounded figures it is reported
//    with (NPV = PV - inputs, exactly, in öre). Ratios are computed from the unrounded values.
//  * Reported amounts are bounded by kMaxExactOre (2^53 öre, about 90 000 billion kronor) so
//    that they survive the trip through a JSON number (an IEEE double) exactly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace samverkan::impact {

// An amount of money in öre (1/100 krona), or in the minor unit of the map's currency.
using Ore = std::int64_t;

inline constexpr Ore kOrePerKrona = 100;

// The largest magnitude a calculator reports: 2^53 öre. Every integer up to it is exact in a
// double, and so is its value in kronor to two decimals after shortest round-trip printing.
inline constexpr Ore kMaxExactOre = 9'007'199'254'740'992;

// The largest magnitude accepted for one entered amount: 10^14 öre (one million million
// kronor). Large enough for any budget, small enough that sums of many entries stay exact.
inline constexpr Ore kMaxEnteredOre = 100'000'000'000'000;

// Rounds an amount in öre half away from zero (2.5 -> 3, -2.5 -> -3). nullopt when the
// value is not finite or its magnitude exceeds kMaxExactOre.
std::optional<Ore> RoundToOre(long double ore);

// Rounds the many amounts of one result with RoundToOre and remembers whether any was out of
// range, so that a calculation can fail once with a clear error instead of reporting a wrong
// figure. An out-of-range amount rounds to 0 and sets overflowed().
class OreRounder {
 public:
  Ore operator()(long double ore) {
    const std::optional<Ore> rounded = RoundToOre(ore);
    if (!rounded) overflowed_ = true;
    return rounded.value_or(0);
  }
  bool overflowed() const { return overflowed_; }

 private:
  bool overflowed_ = false;
};

// Converts an amount in kronor, as read from a JSON number, to öre. The decimal the double
// stands for must have at most two decimals (0.29 -> 29; 12.345 is rejected rather than
// rounded): the tolerance only absorbs the error of the binary representation. nullopt when
// it has more decimals, is not finite or exceeds kMaxEnteredOre.
std::optional<Ore> KronorToOre(double kronor);

// Parses a decimal amount in kronor written as text: an optional minus sign, digits, and at
// most two decimals after a point ("57300", "1234.5", "-0.29"). Exact, no binary rounding.
// nullopt on anything else or beyond kMaxEnteredOre.
std::optional<Ore> ParseKronor(std::string_view text);

// The amount in kronor as the nearest double (exact to the öre below kMaxExactOre).
double OreToKronor(Ore ore);

// "1234.56", "-0.05", "100.00": plain decimal text with two decimals, for CSV and logs.
std::string FormatKronor(Ore ore);

}  // namespace samverkan::impact
