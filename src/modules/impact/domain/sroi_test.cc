#include "modules/impact/domain/sroi.h"

#include <gtest/gtest.h>

#include <array>
#include <cmath>
#include <string>

namespace samverkan::impact {
namespace {

constexpr Ore kKrona = kOrePerKrona;

SroiOutcome Outcome(double quantity, Ore proxy, int duration = 1) {
  SroiOutcome outcome;
  outcome.stakeholder = "Participants";
  outcome.outcome = "In work";
  outcome.quantity = quantity;
  outcome.proxy = proxy;
  outcome.duration = duration;
  return outcome;
}

SroiMap Map(std::vector<SroiOutcome> outcomes, Ore input = 1000 * kKrona, double rate = 0.0) {
  SroiMap map;
  map.inputs = {SroiInput{"Grant", InputKind::kCash, input, 1}};
  map.outcomes = std::move(outcomes);
  map.discount_rate = rate;
  return map;
}

SroiResult Calculate(const SroiMap& map) {
  Result<SroiResult> result = CalculateSroi(map);
  if (!result.ok()) {
    ADD_FAILURE() << result.error().message() << " "
                  << (result.error().fields().empty() ? "" : result.error().fields()[0].field);
    return SroiResult{};
  }
  return std::move(result).value();
}

// --- Hand-computed steps -----------------------------------------------------------------

TEST(SroiTest, FiltersMultiplyTheQuantityTimesProxy) {
  SroiOutcome outcome = Outcome(10, 1000 * kKrona);
  outcome.deadweight = 0.2;
  outcome.displacement = 0.1;
  outcome.attribution = 0.25;
  // 10 x 1000 kr x 0.8 x 0.9 x 0.75 = 5400 kr.
  const SroiResult result = Calculate(Map({outcome}));
  EXPECT_EQ(result.outcomes[0].impact, 5400 * kKrona);
  EXPECT_EQ(result.outcomes[0].present_value, 5400 * kKrona);
  EXPECT_DOUBLE_EQ(result.headline.ratio, 5.4);
}

TEST(SroiTest, DropOffCompoundsFromYearTwo) {
  SroiOutcome outcome = Outcome(1, 1000 * kKrona, 3);
  outcome.drop_off = 0.1;
  // 1000, then 10 % less of what remains each year: 900, 810 (not 800 as a straight line).
  const SroiResult result = Calculate(Map({outcome}));
  EXPECT_EQ(result.outcomes[0].yearly,
            (std::vector<Ore>{1000 * kKrona, 900 * kKrona, 810 * kKrona}));
  EXPECT_EQ(result.outcomes[0].present_value, 2710 * kKrona);
}

TEST(SroiTest, EndOfYearConventionDiscountsYearOne) {
  SroiMap map = Map({Outcome(1, 1035 * kKrona, 2)}, 1000 * kKrona, 0.035);
  map.convention = DiscountConvention::kEndOfYear;
  // 1035 / 1.035 + 1035 / 1.035^2 = 1000 + 966.18357... = 1966.18 kr.
  const SroiResult result = Calculate(map);
  EXPECT_EQ(result.outcomes[0].present_value, 196618);
  EXPECT_EQ(result.headline.present_value, 196618);
  EXPECT_EQ(result.headline.net_present_value, 96618);
  EXPECT_NEAR(result.headline.ratio, 1.9661835748792271, 1e-12);
  EXPECT_NEAR(result.headline.net_ratio, 0.9661835748792271, 1e-12);
}

TEST(SroiTest, StartOfYearConventionLeavesYearOneUndiscounted) {
  SroiMap map = Map({Outcome(1, 1035 * kKrona, 2)}, 1000 * kKrona, 0.035);
  map.convention = DiscountConvention::kStartOfYear;
  // 1035 + 1035 / 1.035 = 2035 kr.
  const SroiResult result = Calculate(map);
  EXPECT_EQ(result.headline.present_value, 2035 * kKrona);
  EXPECT_NEAR(result.headline.ratio, 2.035, 1e-12);
}

TEST(SroiTest, InputsInLaterYearsAreDiscountedAndYearOneIsNot) {
  SroiMap map = Map({Outcome(1, 1000 * kKrona)}, 0, 0.035);
  map.inputs = {SroiInput{"Grant", InputKind::kCash, 100 * kKrona, 1},
                SroiInput{"Volunteers", InputKind::kInKind, 10350, 2},
                SroiInput{"Premises", InputKind::kInKind, 10712, 3}};
  // 100 + 103.50 / 1.035 + 107.12 / 1.035^2 = 100 + 100 + 99.99767 kr = 29 999.767 öre.
  const SroiResult result = Calculate(map);
  EXPECT_EQ(result.inputs_total, 31062);
  EXPECT_EQ(result.inputs_cash, 10000);
  EXPECT_EQ(result.inputs_in_kind, 21062);
  EXPECT_EQ(result.headline.inputs_present_value, 30000);
  ASSERT_EQ(result.years.size(), 3u);
  EXPECT_EQ(result.years[1].inputs, 10350);
  // Under either convention, since the convention concerns outcomes only.
  map.convention = DiscountConvention::kStartOfYear;
  EXPECT_EQ(Calculate(map).headline.inputs_present_value, 30000);
}

TEST(SroiTest, RoundsHalfAnOreAwayFromZero) {
  SroiOutcome gain = Outcome(1, 10);  // 10 öre x 0.25 = 2.5 öre
  gain.deadweight = 0.75;
  SroiOutcome harm = Outcome(1, -10);
  harm.deadweight = 0.75;
  const SroiResult result = Calculate(Map({gain, harm}, 1));
  EXPECT_EQ(result.outcomes[0].impact, 3);
  EXPECT_EQ(result.outcomes[0].yearly[0], 3);
  EXPECT_EQ(result.outcomes[1].impact, -3);
  // The total is rounded from the exact sum (0), not summed from rounded parts.
  EXPECT_EQ(result.headline.present_value, 0);
}

TEST(SroiTest, NegativeOutcomesReduceTheValue) {
  SroiOutcome harm = Outcome(2, -100 * kKrona);
  harm.stakeholder = "Neighbours";
  const SroiResult result = Calculate(Map({Outcome(10, 100 * kKrona), harm}));
  EXPECT_EQ(result.headline.present_value, 800 * kKrona);
  EXPECT_DOUBLE_EQ(result.headline.ratio, 0.8);
  ASSERT_EQ(result.stakeholders.size(), 2u);
  EXPECT_EQ(result.stakeholders[1].stakeholder, "Neighbours");
  EXPECT_EQ(result.stakeholders[1].present_value, -200 * kKrona);
}

TEST(SroiTest, YearAndStakeholderTotals) {
  SroiOutcome a = Outcome(1, 100 * kKrona, 2);
  SroiOutcome b = Outcome(2, 50 * kKrona, 1);
  b.stakeholder = "Families";
  SroiOutcome c = Outcome(1, 10 * kKrona, 1);  // a second row for "Participants"
  const SroiResult result = Calculate(Map({a, b, c}));
  ASSERT_EQ(result.years.size(), 2u);
  EXPECT_EQ(result.years[0].value, 210 * kKrona);
  EXPECT_EQ(result.years[1].value, 100 * kKrona);
  ASSERT_EQ(result.stakeholders.size(), 2u);
  EXPECT_EQ(result.stakeholders[0].present_value, 210 * kKrona);
  EXPECT_EQ(result.stakeholders[1].present_value, 100 * kKrona);
}

TEST(SroiTest, PaybackInMonthsIsTheGuidesFormulaInYearOne) {
  // Investment / (annual impact / 12) = 600 / (1200 / 12) = 6 months.
  const SroiResult result = Calculate(Map({Outcome(1, 1200 * kKrona)}, 600 * kKrona, 0.035));
  ASSERT_TRUE(result.payback_months.has_value());
  EXPECT_NEAR(*result.payback_months, 6.0, 1e-9);
  // Discounted: the year's value is 1200 / 1.035, so 12 x 600 x 1.035 / 1200 = 6.21 months.
  ASSERT_TRUE(result.discounted_payback_months.has_value());
  EXPECT_NEAR(*result.discounted_payback_months, 6.21, 1e-9);
}

TEST(SroiTest, PaybackAcrossYearsAndNotAtAll) {
  // 1800 kr against 1200 kr a year: one year plus 600 / 1200 of the second = 18 months.
  const SroiResult later = Calculate(Map({Outcome(1, 1200 * kKrona, 3)}, 1800 * kKrona));
  ASSERT_TRUE(later.payback_months.has_value());
  EXPECT_NEAR(*later.payback_months, 18.0, 1e-9);
  const SroiResult never = Calculate(Map({Outcome(1, 1000 * kKrona, 3)}, 5000 * kKrona));
  EXPECT_FALSE(never.payback_months.has_value());
  EXPECT_FALSE(never.discounted_payback_months.has_value());
}

TEST(SroiTest, RatioAtOtherDiscountRates) {
  SroiMap map = Map({Outcome(1, 1035 * kKrona, 2)}, 1000 * kKrona, 0.035);
  map.sensitivity_discount_rates = {0.0, 0.035};
  const SroiResult result = Calculate(map);
  ASSERT_TRUE(result.sensitivity.has_value());
  ASSERT_EQ(result.sensitivity->discount_rates.size(), 2u);
  const SroiRateResult& undiscounted = result.sensitivity->discount_rates[0];
  EXPECT_EQ(undiscounted.present_value, 2070 * kKrona);
  EXPECT_NEAR(undiscounted.ratio, 2.07, 1e-12);
  EXPECT_NEAR(result.sensitivity->discount_rates[1].ratio, result.headline.ratio, 1e-15);
}

TEST(SroiTest, SwitchingValuesBringTheRatioToOne) {
  // A: 10 x 100 kr = 1000 kr; B: 5 x 100 kr = 500 kr; inputs 1000 kr; ratio 1.5. For A to
  // carry the ratio to 1:1 alone it must be worth 1000 - 500 = 500 kr: quantity 5, proxy
  // 50 kr, or any one filter at 0.5.
  SroiMap map = Map({Outcome(10, 100 * kKrona), Outcome(5, 100 * kKrona)});
  const SroiResult result = Calculate(map);
  ASSERT_TRUE(result.sensitivity.has_value());
  const SroiSwitchingValues& a = result.sensitivity->switching_values[0];
  EXPECT_NEAR(*a.quantity, 5.0, 1e-12);
  EXPECT_EQ(*a.proxy, 50 * kKrona);
  EXPECT_NEAR(*a.deadweight, 0.5, 1e-12);
  EXPECT_NEAR(*a.displacement, 0.5, 1e-12);
  EXPECT_NEAR(*a.attribution, 0.5, 1e-12);
  EXPECT_FALSE(a.drop_off.has_value());  // a one-year outcome has no drop-off to vary
  // B must be worth 1000 - 1000 = 0: quantity 0, proxy 0, a filter at exactly 1.
  const SroiSwitchingValues& b = result.sensitivity->switching_values[1];
  EXPECT_NEAR(*b.quantity, 0.0, 1e-12);
  EXPECT_EQ(*b.proxy, 0);
  EXPECT_NEAR(*b.deadweight, 1.0, 1e-12);
}

TEST(SroiTest, SwitchingDropOff) {
  // A lasts two years at 1000 kr (undiscounted): 1000 + 1000 (1 - d). With B at 500 kr and
  // inputs of 2000 kr, A must be worth 1500 kr: 1 + (1 - d) = 1.5, so d = 0.5.
  SroiMap map = Map({Outcome(10, 100 * kKrona, 2), Outcome(5, 100 * kKrona)}, 2000 * kKrona);
  const SroiResult result = Calculate(map);
  ASSERT_TRUE(result.sensitivity->switching_values[0].drop_off.has_value());
  EXPECT_NEAR(*result.sensitivity->switching_values[0].drop_off, 0.5, 1e-12);
}

TEST(SroiTest, NoSwitchingValueWithinRange) {
  // Inputs 400 kr; without A the map still returns 500 kr, so no quantity >= 0 and no share
  // in [0, 1] brings the ratio down to 1:1 ... but a negative proxy does.
  SroiMap map = Map({Outcome(10, 100 * kKrona, 2), Outcome(5, 100 * kKrona)}, 400 * kKrona);
  const SroiResult result = Calculate(map);
  const SroiSwitchingValues& a = result.sensitivity->switching_values[0];
  EXPECT_FALSE(a.quantity.has_value());
  EXPECT_FALSE(a.deadweight.has_value());
  EXPECT_FALSE(a.displacement.has_value());
  EXPECT_FALSE(a.attribution.has_value());
  EXPECT_FALSE(a.drop_off.has_value());
  ASSERT_TRUE(a.proxy.has_value());
  // A must be worth 400 - 500 = -100 kr over two years of 10 units: -5 kr per unit.
  EXPECT_EQ(*a.proxy, -5 * kKrona);
}

TEST(SroiTest, SwitchingValuesAreExactWhenSubstituted) {
  SroiMap map;
  map.discount_rate = 0.035;
  // A ratio just below 1:1 (about 0.98), so that most estimates have a switching value.
  map.inputs = {SroiInput{"", InputKind::kCash, 405000 * kKrona, 1},
                SroiInput{"", InputKind::kInKind, 40000 * kKrona, 2}};
  for (int i = 0; i < 6; ++i) {
    SroiOutcome outcome = Outcome(3 + i * 7, (1200 + 350 * i) * kKrona, 1 + i % 5);
    outcome.deadweight = 0.05 * i;
    outcome.displacement = 0.02 * i;
    outcome.attribution = 0.1 + 0.03 * i;
    outcome.drop_off = 0.1 * (i % 3);
    map.outcomes.push_back(outcome);
  }
  const SroiResult result = Calculate(map);
  auto ratio_with = [&](size_t i, auto set) {
    SroiMap changed = map;
    set(changed.outcomes[i]);
    return Calculate(changed).headline.ratio;
  };
  int checked = 0;
  for (size_t i = 0; i < map.outcomes.size(); ++i) {
    const SroiSwitchingValues& values = result.sensitivity->switching_values[i];
    if (values.quantity) {
      EXPECT_NEAR(ratio_with(i, [&](SroiOutcome& o) { o.quantity = *values.quantity; }), 1, 1e-9);
      ++checked;
    }
    if (values.deadweight) {
      EXPECT_NEAR(ratio_with(i, [&](SroiOutcome& o) { o.deadweight = *values.deadweight; }), 1,
                  1e-9);
      ++checked;
    }
    if (values.attribution) {
      EXPECT_NEAR(ratio_with(i, [&](SroiOutcome& o) { o.attribution = *values.attribution; }), 1,
                  1e-9);
      ++checked;
    }
    if (values.drop_off) {
      EXPECT_NEAR(ratio_with(i, [&](SroiOutcome& o) { o.drop_off = *values.drop_off; }), 1, 1e-9);
      ++checked;
    }
  }
  EXPECT_GE(checked, 12);  // every quantity, and most filters and drop-offs
}

TEST(SroiTest, SensitivityIsOptional) {
  Result<SroiResult> result = CalculateSroi(Map({Outcome(1, 1)}), SroiOptions{false});
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->sensitivity.has_value());
}

// --- Validation -----------------------------------------------------------------------------

const FieldError* FindField(const Error& error, const std::string& field) {
  for (const FieldError& f : error.fields()) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

TEST(SroiTest, RejectsRatesOutsideZeroToOneNamingEachField) {
  SroiOutcome outcome = Outcome(1, 1);
  outcome.deadweight = 1.2;
  outcome.drop_off = -0.1;
  SroiOutcome other = Outcome(1, 1);
  other.attribution = std::nan("");
  SroiMap map = Map({outcome, other});
  map.discount_rate = 1.5;
  Result<SroiResult> result = CalculateSroi(map);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().IsInvalid());
  const FieldError* deadweight = FindField(result.error(), "outcomes[0].deadweight");
  ASSERT_NE(deadweight, nullptr);
  EXPECT_EQ(deadweight->message, "Must be between {{min}} and {{max}}.");
  EXPECT_EQ(deadweight->args.at("min"), "0");
  EXPECT_EQ(deadweight->args.at("max"), "1");
  EXPECT_NE(FindField(result.error(), "outcomes[0].drop_off"), nullptr);
  EXPECT_NE(FindField(result.error(), "outcomes[1].attribution"), nullptr);
  EXPECT_NE(FindField(result.error(), "discount_rate"), nullptr);
  EXPECT_EQ(result.error().fields().size(), 4u);
}

TEST(SroiTest, RejectsDurationBelowOneAndZeroInputs) {
  Result<SroiResult> result = CalculateSroi(Map({Outcome(1, 1, 0)}, 0));
  ASSERT_FALSE(result.ok());
  const FieldError* duration = FindField(result.error(), "outcomes[0].duration");
  ASSERT_NE(duration, nullptr);
  EXPECT_EQ(duration->args.at("min"), "1");
  const FieldError* inputs = FindField(result.error(), "inputs");
  ASSERT_NE(inputs, nullptr);
  EXPECT_NE(inputs->message.find("more than zero"), std::string::npos);
}

TEST(SroiTest, RejectsNegativeInputsQuantitiesAndMissingNames) {
  SroiOutcome outcome = Outcome(-1, 1);
  outcome.stakeholder = " ";
  SroiMap map = Map({outcome}, 100);
  map.inputs.push_back(SroiInput{"", InputKind::kCash, -5, 2});
  map.inputs.push_back(SroiInput{"", InputKind::kCash, 5, 0});
  Result<SroiResult> result = CalculateSroi(map);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(FindField(result.error(), "inputs[1].value"), nullptr);
  EXPECT_NE(FindField(result.error(), "inputs[2].year"), nullptr);
  EXPECT_NE(FindField(result.error(), "outcomes[0].quantity"), nullptr);
  EXPECT_NE(FindField(result.error(), "outcomes[0].stakeholder"), nullptr);
  EXPECT_EQ(FindField(result.error(), "inputs"), nullptr);  // the total is still > 0
}

TEST(SroiTest, RejectsSensitivityRatesOutsideZeroToOneOrTooMany) {
  SroiMap map = Map({Outcome(1, 1)});
  map.sensitivity_discount_rates = {0.0, 1.01};
  Result<SroiResult> result = CalculateSroi(map);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(FindField(result.error(), "sensitivity.discount_rates[1]"), nullptr);
  map.sensitivity_discount_rates.assign(kMaxSensitivityRates + 1, 0.05);
  result = CalculateSroi(map);
  ASSERT_FALSE(result.ok());
  EXPECT_NE(FindField(result.error(), "sensitivity.discount_rates"), nullptr);
}

TEST(SroiTest, ResultsBeyondExactRangeAreAnErrorNotAWrongFigure) {
  // 10^9 units x 10^14 öre overflows what a JSON number carries exactly.
  Result<SroiResult> result = CalculateSroi(Map({Outcome(1e9, kMaxEnteredOre)}));
  ASSERT_FALSE(result.ok());
  EXPECT_NE(FindField(result.error(), "$"), nullptr);
}

// --- Invariants -----------------------------------------------------------------------------

SroiMap MixedMap() {
  SroiMap map;
  map.discount_rate = 0.035;
  map.inputs = {SroiInput{"", InputKind::kCash, 120000 * kKrona, 1},
                SroiInput{"", InputKind::kInKind, 33333, 2}};
  for (int i = 0; i < 5; ++i) {
    SroiOutcome outcome = Outcome(2.5 + i, (900 + 413 * i) * kKrona + 37, 1 + 2 * i);
    outcome.deadweight = 0.11 * i;
    outcome.displacement = 0.07 * (4 - i);
    outcome.attribution = 0.13 + 0.05 * i;
    outcome.drop_off = 0.08 * i;
    map.outcomes.push_back(outcome);
  }
  map.outcomes[3].proxy = -map.outcomes[3].proxy;  // a harm
  return map;
}

TEST(SroiInvariantTest, FiltersCommute) {
  const std::array<double, 3> shares = {0.15, 0.4, 0.65};
  std::array<int, 3> order = {0, 1, 2};
  std::optional<Ore> first;
  do {
    SroiOutcome outcome = Outcome(7, 1234567, 4);
    outcome.drop_off = 0.2;
    outcome.deadweight = shares[order[0]];
    outcome.displacement = shares[order[1]];
    outcome.attribution = shares[order[2]];
    const Ore pv = Calculate(Map({outcome}, 100000, 0.035)).headline.present_value;
    if (first) {
      EXPECT_EQ(pv, *first);
    } else {
      first = pv;
    }
  } while (std::next_permutation(order.begin(), order.end()));
}

TEST(SroiInvariantTest, ScalingAllMoneyLeavesTheRatioUnchanged) {
  const SroiMap map = MixedMap();
  SroiMap scaled = map;
  for (SroiInput& input : scaled.inputs) input.value *= 7;
  for (SroiOutcome& outcome : scaled.outcomes) outcome.proxy *= 7;
  const SroiResult a = Calculate(map);
  const SroiResult b = Calculate(scaled);
  EXPECT_NEAR(b.headline.ratio, a.headline.ratio, 1e-12 * std::fabs(a.headline.ratio));
  EXPECT_NEAR(static_cast<double>(b.headline.present_value),
              7.0 * static_cast<double>(a.headline.present_value), 4.0);
  for (size_t i = 0; i < a.sensitivity->discount_rates.size(); ++i) {
    EXPECT_NEAR(b.sensitivity->discount_rates[i].ratio, a.sensitivity->discount_rates[i].ratio,
                1e-12);
  }
}

TEST(SroiInvariantTest, NetRatioIsRatioMinusOneAtEveryRate) {
  const SroiResult result = Calculate(MixedMap());
  EXPECT_NEAR(result.headline.net_ratio, result.headline.ratio - 1.0, 1e-12);
  ASSERT_EQ(result.sensitivity->discount_rates.size(), std::size(kDefaultSensitivityRates));
  for (const SroiRateResult& at_rate : result.sensitivity->discount_rates) {
    EXPECT_NEAR(at_rate.net_ratio, at_rate.ratio - 1.0, 1e-12);
    EXPECT_EQ(at_rate.net_present_value, at_rate.present_value - at_rate.inputs_present_value);
  }
}

TEST(SroiInvariantTest, RatioFallsAsEachFilterRises) {
  const std::array<double SroiOutcome::*, 4> filters = {
      &SroiOutcome::deadweight, &SroiOutcome::displacement, &SroiOutcome::attribution,
      &SroiOutcome::drop_off};
  for (double SroiOutcome::*filter : filters) {
    double previous = INFINITY;
    for (int step = 0; step <= 10; ++step) {
      SroiOutcome outcome = Outcome(3, 1000 * kKrona, 3);
      outcome.*filter = step / 10.0;
      const double ratio =
          Calculate(Map({outcome, Outcome(1, 100 * kKrona)}, 1000 * kKrona, 0.035)).headline.ratio;
      EXPECT_LT(ratio, previous) << "filter step " << step;
      previous = ratio;
    }
  }
}

TEST(SroiInvariantTest, HigherDiscountRatesLowerTheRatioWhenInputsComeFirst) {
  SroiMap map = MixedMap();
  map.inputs.resize(1);
  map.outcomes[3].proxy = -map.outcomes[3].proxy;  // all outcomes positive
  map.sensitivity_discount_rates = {0.0, 0.01, 0.035, 0.07, 0.2};
  const SroiResult result = Calculate(map);
  for (size_t i = 1; i < result.sensitivity->discount_rates.size(); ++i) {
    EXPECT_LT(result.sensitivity->discount_rates[i].ratio,
              result.sensitivity->discount_rates[i - 1].ratio);
  }
}

}  // namespace
}  // namespace samverkan::impact
