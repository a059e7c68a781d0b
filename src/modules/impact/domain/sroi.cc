#include "modules/impact/domain/sroi.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "modules/impact/domain/field_checker.h"

namespace samverkan::impact {
namespace {

// Switching values that land this close outside an admissible range are rounding noise of a
// value on its edge (say a deadweight of exactly 1) and are clamped onto it.
constexpr long double kRangeSlack = 1e-12L;

long double FilterShare(const SroiOutcome& outcome) {
  return (1.0L - outcome.deadweight) * (1.0L - outcome.displacement) * (1.0L - outcome.attribution);
}

// The year-1 impact, unrounded: quantity x proxy x (1 - dw)(1 - disp)(1 - attr).
long double ImpactOf(const SroiOutcome& outcome) {
  return static_cast<long double>(outcome.quantity) * static_cast<long double>(outcome.proxy) *
         FilterShare(outcome);
}

std::vector<long double> BenefitFactors(double rate, int years, DiscountConvention convention) {
  std::vector<long double> factors(years);
  for (int t = 1; t <= years; ++t) factors[t - 1] = BenefitDiscountFactor(rate, t, convention);
  return factors;
}

// sum_{t=1..duration} (1 - drop_off)^(t-1) x factors[t-1]: the present value of one unit of
// year-1 impact over the outcome's life. Evaluated by Horner's rule in x = 1 - drop_off.
long double LifetimeFactor(const std::vector<long double>& factors, double drop_off, int duration) {
  const long double keep = 1.0L - drop_off;
  long double sum = 0;
  for (int t = duration; t >= 1; --t) sum = sum * keep + factors[t - 1];
  return sum;
}

// P(x) and P'(x) of P(x) = sum_{t=1..duration} x^(t-1) factors[t-1], by Horner's rule.
std::pair<long double, long double> LifetimePolynomial(const std::vector<long double>& factors,
                                                       long double x, int duration) {
  long double p = 0;
  long double dp = 0;
  for (int t = duration; t >= 1; --t) {
    dp = dp * x + p;
    p = p * x + factors[t - 1];
  }
  return {p, dp};
}

struct RateTotals {
  long double inputs_present_value = 0;
  long double present_value = 0;
};

RateTotals TotalsAtRate(const SroiMap& map, const std::vector<long double>& impacts, double rate) {
  int years = 1;
  for (const SroiOutcome& outcome : map.outcomes) years = std::max(years, outcome.duration);
  const std::vector<long double> factors = BenefitFactors(rate, years, map.convention);
  RateTotals totals;
  for (const SroiInput& input : map.inputs) {
    totals.inputs_present_value += input.value * CostDiscountFactor(rate, input.year);
  }
  for (size_t i = 0; i < map.outcomes.size(); ++i) {
    const SroiOutcome& outcome = map.outcomes[i];
    totals.present_value +=
        impacts[i] * LifetimeFactor(factors, outcome.drop_off, outcome.duration);
  }
  return totals;
}

SroiRateResult RateResultOf(double rate, const RateTotals& totals, OreRounder& round) {
  SroiRateResult result;
  result.discount_rate = rate;
  result.inputs_present_value = round(totals.inputs_present_value);
  result.present_value = round(totals.present_value);
  const long double net = totals.present_value - totals.inputs_present_value;
  // The difference of the two rounded figures it is shown with, so that a report adds up.
  result.net_present_value = result.present_value - result.inputs_present_value;
  // Validation guarantees inputs > 0, so the present value of inputs is > 0 at any rate.
  result.ratio = static_cast<double>(totals.present_value / totals.inputs_present_value);
  result.net_ratio = static_cast<double>(net / totals.inputs_present_value);
  return result;
}

// `needed / coefficient` when the estimate enters the outcome's present value linearly as
// coefficient x estimate; nullopt when the estimate has no effect.
std::optional<long double> SolveLinear(long double needed, long double coefficient) {
  if (coefficient == 0) return std::nullopt;
  const long double value = needed / coefficient;
  if (!std::isfinite(value)) return std::nullopt;
  return value;
}

// A share s in [0, 1] that enters as (1 - s): 1 - needed / coefficient, if admissible.
std::optional<double> SolveShare(long double needed, long double coefficient) {
  const std::optional<long double> kept = SolveLinear(needed, coefficient);
  if (!kept) return std::nullopt;
  const long double share = 1.0L - *kept;
  if (share < -kRangeSlack || share > 1.0L + kRangeSlack) return std::nullopt;
  return static_cast<double>(std::clamp(share, 0.0L, 1.0L));
}

// The drop-off d in [0, 1] with impact x P(1 - d) = needed. P has positive coefficients, so on
// [0, 1] it is increasing and convex; Newton's method started at x = 1 (above the root)
// then descends monotonically onto the root and converges quadratically.
std::optional<double> SolveDropOff(long double needed, long double impact,
                                   const std::vector<long double>& factors, int duration) {
  if (duration < 2 || impact == 0) return std::nullopt;
  const long double wanted = needed / impact;  // the P(x) we need
  const long double lowest = factors[0];       // P(0)
  const long double highest = LifetimePolynomial(factors, 1.0L, duration).first;  // P(1)
  if (!std::isfinite(wanted) || wanted < lowest * (1.0L - kRangeSlack) ||
      wanted > highest * (1.0L + kRangeSlack)) {
    return std::nullopt;
  }
  long double x = 1.0L;
  for (int iteration = 0; iteration < 100; ++iteration) {
    const auto [p, dp] = LifetimePolynomial(factors, x, duration);
    const long double excess = p - wanted;
    if (std::fabs(excess) <= highest * 1e-17L || dp <= 0) break;
    const long double next = std::clamp(x - excess / dp, 0.0L, 1.0L);
    if (next == x) break;
    x = next;
  }
  return static_cast<double>(std::clamp(1.0L - x, 0.0L, 1.0L));
}

SroiSwitchingValues SwitchingValuesOf(const SroiOutcome& outcome, long double impact,
                                      long double lifetime_factor, long double needed,
                                      const std::vector<long double>& factors) {
  const long double quantity = outcome.quantity;
  const long double proxy = outcome.proxy;
  const long double dw = outcome.deadweight;
  const long double disp = outcome.displacement;
  const long double attr = outcome.attribution;
  SroiSwitchingValues values;

  // PV of the outcome = quantity x [proxy x filters x lifetime]: linear in the quantity.
  if (const auto q = SolveLinear(needed, proxy * FilterShare(outcome) * lifetime_factor)) {
    if (*q >= -kRangeSlack) values.quantity = static_cast<double>(std::max(*q, 0.0L));
  }
  // ... linear in the proxy, of either sign.
  if (const auto p = SolveLinear(needed, quantity * FilterShare(outcome) * lifetime_factor)) {
    values.proxy = RoundToOre(*p);
  }
  // ... and linear in (1 - share) for each of the three filters.
  values.deadweight =
      SolveShare(needed, quantity * proxy * (1 - disp) * (1 - attr) * lifetime_factor);
  values.displacement =
      SolveShare(needed, quantity * proxy * (1 - dw) * (1 - attr) * lifetime_factor);
  values.attribution =
      SolveShare(needed, quantity * proxy * (1 - dw) * (1 - disp) * lifetime_factor);
  values.drop_off = SolveDropOff(needed, impact, factors, outcome.duration);
  return values;
}

}  // namespace

std::string_view InputKindCode(InputKind kind) {
  return kind == InputKind::kInKind ? "in_kind" : "cash";
}

std::optional<InputKind> ParseInputKind(std::string_view code) {
  if (code == "cash") return InputKind::kCash;
  if (code == "in_kind") return InputKind::kInKind;
  return std::nullopt;
}

Status ValidateSroiMap(const SroiMap& map) {
  FieldChecker check;
  check.RequireShare(map.discount_rate, "discount_rate");

  if (map.inputs.size() > static_cast<size_t>(kMaxSroiInputs)) {
    check.Add("inputs", "Enter at most {{max}} rows.", {{"max", std::to_string(kMaxSroiInputs)}});
  }
  Ore inputs_total = 0;  // at most 10^4 x 10^14: no overflow
  for (size_t i = 0; i < map.inputs.size(); ++i) {
    const SroiInput& input = map.inputs[i];
    check.RequireMoneyBetween(input.value, 0, kMaxEnteredOre, FieldPath("inputs", i, "value"));
    check.RequireWholeBetween(input.year, 1, kMaxSroiYears, FieldPath("inputs", i, "year"));
    if (input.value > 0 && input.value <= kMaxEnteredOre) inputs_total += input.value;
  }
  if (inputs_total == 0 && map.inputs.size() <= static_cast<size_t>(kMaxSroiInputs)) {
    check.Add("inputs",
              "The inputs must add up to more than zero: value what the activity uses, "
              "including contributions in kind.");
  }

  if (map.outcomes.empty()) {
    check.Add("outcomes", "Add at least one outcome.");
  } else if (map.outcomes.size() > static_cast<size_t>(kMaxSroiOutcomes)) {
    check.Add("outcomes", "Enter at most {{max}} rows.",
              {{"max", std::to_string(kMaxSroiOutcomes)}});
  }
  for (size_t i = 0; i < map.outcomes.size(); ++i) {
    const SroiOutcome& outcome = map.outcomes[i];
    check.RequireText(outcome.stakeholder, FieldPath("outcomes", i, "stakeholder"),
                      "Name the stakeholder who experiences the outcome.");
    check.RequireText(outcome.outcome, FieldPath("outcomes", i, "outcome"),
                      "Describe the outcome: the change the stakeholder experiences.");
    check.RequireBetween(outcome.quantity, 0.0, kMaxSroiQuantity,
                         FieldPath("outcomes", i, "quantity"));
    check.RequireMoneyBetween(outcome.proxy, -kMaxEnteredOre, kMaxEnteredOre,
                              FieldPath("outcomes", i, "proxy"));
    check.RequireShare(outcome.deadweight, FieldPath("outcomes", i, "deadweight"));
    check.RequireShare(outcome.displacement, FieldPath("outcomes", i, "displacement"));
    check.RequireShare(outcome.attribution, FieldPath("outcomes", i, "attribution"));
    check.RequireShare(outcome.drop_off, FieldPath("outcomes", i, "drop_off"));
    if (outcome.duration < 1) {
      check.Add(FieldPath("outcomes", i, "duration"),
                "An outcome lasts at least {{min}} year: enter how many years it lasts.",
                {{"min", "1"}});
    } else if (outcome.duration > kMaxSroiYears) {
      check.Add(FieldPath("outcomes", i, "duration"), "Must be at most {{max}} years.",
                {{"max", std::to_string(kMaxSroiYears)}});
    }
  }
  if (map.sensitivity_discount_rates.size() > static_cast<size_t>(kMaxSensitivityRates)) {
    check.Add("sensitivity.discount_rates", "Enter at most {{max}} rates.",
              {{"max", std::to_string(kMaxSensitivityRates)}});
  }
  for (size_t i = 0; i < map.sensitivity_discount_rates.size(); ++i) {
    check.RequireShare(map.sensitivity_discount_rates[i],
                       FieldPath("sensitivity.discount_rates", i, ""));
  }
  return check.ToStatus();
}

Result<SroiResult> CalculateSroi(const SroiMap& map, const SroiOptions& options) {
  SAMVERKAN_RETURN_IF_ERROR(ValidateSroiMap(map));
  OreRounder round;
  SroiResult result;

  // The analysis runs until the last outcome ends or the last input is paid.
  int last_year = 1;
  for (const SroiOutcome& outcome : map.outcomes) {
    last_year = std::max(last_year, outcome.duration);
  }
  for (const SroiInput& input : map.inputs) last_year = std::max(last_year, input.year);
  const std::vector<long double> factors =
      BenefitFactors(map.discount_rate, last_year, map.convention);

  // Inputs: exact integer totals; present value at the start of year 1.
  std::vector<long double> inputs_by_year(last_year, 0.0L);
  std::vector<long double> inputs_pv_by_year(last_year, 0.0L);
  RateTotals totals;
  for (const SroiInput& input : map.inputs) {
    result.inputs_total += input.value;
    (input.kind == InputKind::kCash ? result.inputs_cash : result.inputs_in_kind) += input.value;
    const long double pv = input.value * CostDiscountFactor(map.discount_rate, input.year);
    inputs_by_year[input.year - 1] += input.value;
    inputs_pv_by_year[input.year - 1] += pv;
    totals.inputs_present_value += pv;
  }

  // Outcomes: project each year's value with compounding drop-off and discount it.
  std::vector<long double> impacts(map.outcomes.size());
  std::vector<long double> outcome_pvs(map.outcomes.size());
  std::vector<long double> value_by_year(last_year, 0.0L);
  std::vector<long double> pv_by_year(last_year, 0.0L);
  result.outcomes.resize(map.outcomes.size());
  for (size_t i = 0; i < map.outcomes.size(); ++i) {
    const SroiOutcome& outcome = map.outcomes[i];
    SroiOutcomeValue& out = result.outcomes[i];
    impacts[i] = ImpactOf(outcome);
    out.impact = round(impacts[i]);
    out.yearly.reserve(outcome.duration);
    const long double keep = 1.0L - outcome.drop_off;
    long double value = impacts[i];
    long double pv = 0;
    for (int t = 1; t <= outcome.duration; ++t) {
      const long double discounted = value * factors[t - 1];
      out.yearly.push_back(round(value));
      pv += discounted;
      value_by_year[t - 1] += value;
      pv_by_year[t - 1] += discounted;
      value *= keep;
    }
    outcome_pvs[i] = pv;
    out.present_value = round(pv);
    totals.present_value += pv;
  }
  result.headline = RateResultOf(map.discount_rate, totals, round);

  // Payback: the guide's undiscounted payback, and the same on discounted values.
  if (const auto years = PaybackYears(value_by_year, inputs_by_year)) {
    result.payback_months = *years * 12.0;
  }
  if (const auto years = PaybackYears(pv_by_year, inputs_pv_by_year)) {
    result.discounted_payback_months = *years * 12.0;
  }

  result.years.reserve(last_year);
  for (int t = 1; t <= last_year; ++t) {
    result.years.push_back(SroiYearValue{t, round(value_by_year[t - 1]), round(pv_by_year[t - 1]),
                                         round(inputs_by_year[t - 1])});
  }

  std::map<std::string, size_t> stakeholder_index;
  std::vector<long double> stakeholder_pvs;
  for (size_t i = 0; i < map.outcomes.size(); ++i) {
    const auto [it, inserted] =
        stakeholder_index.try_emplace(map.outcomes[i].stakeholder, stakeholder_pvs.size());
    if (inserted) {
      stakeholder_pvs.push_back(0);
      result.stakeholders.push_back(SroiStakeholderValue{map.outcomes[i].stakeholder, 0});
    }
    stakeholder_pvs[it->second] += outcome_pvs[i];
  }
  for (size_t s = 0; s < stakeholder_pvs.size(); ++s) {
    result.stakeholders[s].present_value = round(stakeholder_pvs[s]);
  }

  if (options.sensitivity) {
    SroiSensitivity sensitivity;
    sensitivity.discount_rates.reserve(map.sensitivity_discount_rates.size());
    for (double rate : map.sensitivity_discount_rates) {
      sensitivity.discount_rates.push_back(
          RateResultOf(rate, TotalsAtRate(map, impacts, rate), round));
    }
    // Switching values at the map's rate. For the ratio to be 1:1 the outcome's present value
    // must equal the inputs' present value less what the other outcomes contribute.
    sensitivity.switching_values.reserve(map.outcomes.size());
    for (size_t i = 0; i < map.outcomes.size(); ++i) {
      const SroiOutcome& outcome = map.outcomes[i];
      const long double needed =
          totals.inputs_present_value - (totals.present_value - outcome_pvs[i]);
      const long double lifetime = LifetimeFactor(factors, outcome.drop_off, outcome.duration);
      sensitivity.switching_values.push_back(
          SwitchingValuesOf(outcome, impacts[i], lifetime, needed, factors));
    }
    result.sensitivity = std::move(sensitivity);
  }

  if (round.overflowed()) {
    return Error::InvalidField("$",
                               "The result is too large to compute exactly to the öre: check the "
                               "quantities and financial proxies.");
  }
  return result;
}

}  // namespace samverkan::impact
