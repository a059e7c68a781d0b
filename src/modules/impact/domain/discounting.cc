#include "modules/impact/domain/discounting.h"

#include <algorithm>
#include <cmath>

namespace samverkan::impact {

std::string_view DiscountConventionCode(DiscountConvention convention) {
  switch (convention) {
    case DiscountConvention::kEndOfYear:
      return "end_of_year";
    case DiscountConvention::kStartOfYear:
      return "start_of_year";
  }
  return "end_of_year";
}

std::optional<DiscountConvention> ParseDiscountConvention(std::string_view code) {
  if (code == "end_of_year") return DiscountConvention::kEndOfYear;
  if (code == "start_of_year") return DiscountConvention::kStartOfYear;
  return std::nullopt;
}

long double BenefitDiscountFactor(double rate, int year, DiscountConvention convention) {
  const int periods = convention == DiscountConvention::kEndOfYear ? year : year - 1;
  return std::pow(1.0L + static_cast<long double>(rate), -static_cast<long double>(periods));
}

long double CostDiscountFactor(double rate, int year) {
  return std::pow(1.0L + static_cast<long double>(rate), -static_cast<long double>(year - 1));
}

std::optional<double> PaybackYears(std::span<const long double> benefits,
                                   std::span<const long double> costs) {
  const size_t years = std::max(benefits.size(), costs.size());
  long double balance = 0;  // cumulative benefits minus cumulative costs
  // The start of the current stretch in which the balance has stayed >= 0, if it has.
  std::optional<long double> repaid_since = 0.0L;
  for (size_t i = 0; i < years; ++i) {
    const long double benefit = i < benefits.size() ? benefits[i] : 0.0L;
    const long double cost = i < costs.size() ? costs[i] : 0.0L;
    balance -= cost;  // paid as the year starts
    const long double at_start = balance;
    const long double at_end = balance + benefit;
    if (at_start < 0) {
      // Below zero as the year starts: repaid only if the year's benefits lift the balance
      // back, at the point where the straight line from at_start to at_end crosses zero.
      repaid_since =
          at_end >= 0
              ? std::optional<long double>(static_cast<long double>(i) + (-at_start) / benefit)
              : std::nullopt;
    } else if (!repaid_since) {
      repaid_since = static_cast<long double>(i);
    }
    if (at_start >= 0 && at_end < 0) repaid_since = std::nullopt;  // falls back below zero
    balance = at_end;
  }
  if (!repaid_since) return std::nullopt;
  return static_cast<double>(*repaid_since);
}

}  // namespace samverkan::impact
