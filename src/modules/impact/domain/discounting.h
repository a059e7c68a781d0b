// Discounting and payback, shared by the SROI calculator and the socio-economic accounts.
//
// Time runs in whole years numbered from 1. Benefits (outcome values, gains) accrue evenly
// over their year; costs (SROI inputs, investments) are paid at the start of their year. A
// cost in year 1 is therefore never discounted, and a cost in year t is discounted over t - 1
// periods. For benefits the year-1 convention is a setting, see DiscountConvention.
//
// All functions are pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace samverkan::impact {

// The discount rate used unless a map or case says otherwise: 3.5 % a year, the rate of
// HM Treasury's Green Book (2022, for years 0-30) that the SROI guide's UK examples follow.
inline constexpr double kDefaultDiscountRate = 0.035;

// How a benefit that occurs in year 1 is discounted.
enum class DiscountConvention {
  // Each year's value is discounted to the start of year 1 as if it arrived at the end of its
  // year: PV = sum_t V_t / (1 + r)^t. The formula printed in the SROI guide (Nicholls et al.,
  // "A Guide to Social Return on Investment", 2012, stage 5) and the default.
  kEndOfYear,
  // Year 1 is taken as the present and left undiscounted: PV = sum_t V_t / (1 + r)^(t - 1).
  kStartOfYear,
};

// "end_of_year" / "start_of_year": the names used in JSON and forms.
std::string_view DiscountConventionCode(DiscountConvention convention);
std::optional<DiscountConvention> ParseDiscountConvention(std::string_view code);

// The factor that turns a benefit accruing in `year` (>= 1) into present value.
long double BenefitDiscountFactor(double rate, int year, DiscountConvention convention);

// The factor that turns a cost paid at the start of `year` (>= 1) into present value:
// 1 / (1 + rate)^(year - 1).
long double CostDiscountFactor(double rate, int year);

// The time, in years from the start of year 1, from which the cumulative benefits have
// repaid the cumulative costs for good: the earliest moment after which cumulative benefits
// minus cumulative costs stay >= 0 until the end of the last year given.
//
// `benefits[i]` accrues evenly over year i + 1 (so a crossing inside a year is interpolated
// linearly); `costs[i]` is paid at the start of year i + 1. The spans may differ in length;
// missing years count as zero. Pass discounted values for a discounted payback.
//
// With one cost in year 1 and a crossing in year 1 this is the SROI guide's payback period,
// months = investment / (annual impact / 12) (Nicholls et al. 2012, stage 5), divided by 12.
// nullopt when the costs are not repaid by the end of the last year. Zero when there are no
// costs before the benefits turn the cumulative balance non-negative for good.
std::optional<double> PaybackYears(std::span<const long double> benefits,
                                   std::span<const long double> costs);

}  // namespace samverkan::impact
