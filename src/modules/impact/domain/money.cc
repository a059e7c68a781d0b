#include "modules/impact/domain/money.h"

#include <cmath>
#include <cstdlib>

namespace samverkan::impact {

std::optional<Ore> RoundToOre(long double ore) {
  if (!std::isfinite(ore)) return std::nullopt;
  // std::llroundl rounds halfway cases away from zero, which is what we promise; bound the
  // magnitude first so that the conversion cannot overflow.
  if (std::fabs(ore) > static_cast<long double>(kMaxExactOre) + 0.5L) return std::nullopt;
  const long long rounded = std::llroundl(ore);
  if (rounded > kMaxExactOre || rounded < -kMaxExactOre) return std::nullopt;
  return static_cast<Ore>(rounded);
}

std::optional<Ore> KronorToOre(double kronor) {
  if (!std::isfinite(kronor)) return std::nullopt;
  const long double ore = static_cast<long double>(kronor) * kOrePerKrona;
  if (std::fabs(ore) > static_cast<long double>(kMaxEnteredOre)) return std::nullopt;
  const long double nearest = std::roundl(ore);
  // A double carries the decimal it was parsed from with a relative error below 2^-53
  // (1.1e-16); 1e-15 of the magnitude plus a tiny absolute margin covers it with room to
  // spare, and is far below the half öre that separates a third decimal from none.
  const long double tolerance = 1e-9L + std::fabs(ore) * 1e-15L;
  if (std::fabs(ore - nearest) > tolerance) return std::nullopt;
  return static_cast<Ore>(nearest);
}

std::optional<Ore> ParseKronor(std::string_view text) {
  bool negative = false;
  if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
    negative = text.front() == '-';
    text.remove_prefix(1);
  }
  Ore whole = 0;
  size_t i = 0;
  int whole_digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++whole_digits) {
    if (whole > kMaxEnteredOre / kOrePerKrona) return std::nullopt;
    whole = whole * 10 + (text[i] - '0');
  }
  if (whole_digits == 0) return std::nullopt;
  Ore fraction = 0;
  if (i < text.size()) {
    if (text[i] != '.') return std::nullopt;
    ++i;
    int decimals = 0;
    for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i, ++decimals) {
      fraction = fraction * 10 + (text[i] - '0');
    }
    if (decimals == 0 || decimals > 2 || i != text.size()) return std::nullopt;
    if (decimals == 1) fraction *= 10;
  }
  const Ore ore = whole * kOrePerKrona + fraction;
  if (ore > kMaxEnteredOre) return std::nullopt;
  return negative ? -ore : ore;
}

double OreToKronor(Ore ore) {
  // Division of two exactly representable doubles is correctly rounded, so this is the
  // double nearest to the decimal ore/100.
  return static_cast<double>(ore) / static_cast<double>(kOrePerKrona);
}

std::string FormatKronor(Ore ore) {
  const bool negative = ore < 0;
  // Work on the magnitude as unsigned so that the most negative value cannot overflow.
  const unsigned long long magnitude =
      negative ? 0ULL - static_cast<unsigned long long>(ore) : static_cast<unsigned long long>(ore);
  std::string text = std::to_string(magnitude / kOrePerKrona);
  const unsigned long long cents = magnitude % kOrePerKrona;
  text += '.';
  text += static_cast<char>('0' + cents / 10);
  text += static_cast<char>('0' + cents % 10);
  return negative ? "-" + text : text;
}

}  // namespace samverkan::impact
