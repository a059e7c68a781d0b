// Social Return on Investment (SROI), forecast or evaluative, following Social Value
// International's method: J. Nicholls, E. Lawlor, E. Neitzert, T. Goodspeed, "A Guide to
// Social Return on Investment", The SROI Network, 2nd edition 2012 (first published by the
// UK Cabinet Office, 2009). Stage numbers below refer to that guide.
//
// An impact map lists outcomes per stakeholder. For each outcome (stage 4):
//   impact       = quantity x proxy x (1 - deadweight) x (1 - displacement) x (1 - attribution)
//   value(t)     = impact x (1 - drop_off)^(t - 1)             for t = 1 .. duration
// i.e. drop-off compounds on the remaining value from year 2 (stage 4, "drop-off"), and the
// three filters are multiplicative so that their order does not matter. Then (stage 5):
//   present value        PV  = sum_outcomes sum_t value(t) x BenefitDiscountFactor(t)
//   inputs present value I   = sum_inputs value x CostDiscountFactor(year)
//   net present value    NPV = PV - I
//   SROI ratio               = PV / I          ("every krona invested creates ratio kronor")
//   net SROI ratio           = NPV / I = ratio - 1
// and the payback period (see PaybackYears in discounting.h). Sensitivity (stage 5): the ratio
// at other discount rates, and per outcome the switching value of each estimate, i.e. the
// value that, all else equal, brings the ratio to exactly 1:1, as the guide recommends.
//
// Money is in öre; see money.h for the representation and rounding. Negative outcomes are
// entered with a negative financial proxy (a harm valued as a loss); quantities are >= 0.
//
// Everything here is pure and thread-safe.
#pragma once

#include <iterator>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/discounting.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

// Bounds that keep a stateless calculation small and its results exact.
inline constexpr int kMaxSroiYears = 100;  // durations and input years
inline constexpr int kMaxSroiOutcomes = 10'000;
inline constexpr int kMaxSroiInputs = 10'000;
inline constexpr double kMaxSroiQuantity = 1e9;
inline constexpr int kMaxSensitivityRates = 20;

// The discount rates at which the ratio is recomputed unless the map names others: no
// discounting, the Green Book's 1.5 % (its rate for health effects), the 3.5 % default, and
// two higher rates. A house choice, not a standard; maps may set their own.
inline constexpr double kDefaultSensitivityRates[] = {0.0, 0.015, 0.035, 0.05, 0.07};

enum class InputKind { kCash, kInKind };
std::string_view InputKindCode(InputKind kind);  // "cash" / "in_kind"
std::optional<InputKind> ParseInputKind(std::string_view code);

// A resource put into the activity, valued in money: cash, or in kind (volunteer time,
// premises) valued at what it would cost to buy (stage 2, "valuing inputs").
struct SroiInput {
  std::string description;  // optional
  InputKind kind = InputKind::kCash;
  Ore value = 0;  // >= 0
  int year = 1;   // paid at the start of this year; year 1 is not discounted
};

// One row of the impact map.
struct SroiOutcome {
  std::string stakeholder;
  std::string outcome;
  std::string indicator;     // optional: how the outcome is measured
  std::string proxy_source;  // optional: where the financial proxy comes from
  double quantity = 0;       // how many (people, households ...) experience it, >= 0
  Ore proxy = 0;             // value of the outcome per unit and year; < 0 for a harm
  double deadweight = 0;     // share that would have happened anyway, [0, 1]
  double displacement = 0;   // share that displaced outcomes elsewhere, [0, 1]
  double attribution = 0;    // share owed to others' contributions, [0, 1]
  double drop_off = 0;       // yearly decline from year 2 on, compounding, [0, 1]
  int duration = 1;          // years the outcome lasts, [1, kMaxSroiYears]
};

struct SroiMap {
  std::string currency = "SEK";  // informative; all amounts share it
  std::vector<SroiInput> inputs;
  std::vector<SroiOutcome> outcomes;
  double discount_rate = kDefaultDiscountRate;  // [0, 1]
  DiscountConvention convention = DiscountConvention::kEndOfYear;
  // Rates for the sensitivity table, each in [0, 1].
  std::vector<double> sensitivity_discount_rates{std::begin(kDefaultSensitivityRates),
                                                 std::end(kDefaultSensitivityRates)};
};

// Checks a map. Every problem is reported, each as a FieldError named by the JSON path of the
// field ("discount_rate", "inputs[0].value", "outcomes[2].deadweight", "inputs" for a total of
// zero), with an English msgid and {{placeholders}}. InvalidArgument when anything is wrong.
Status ValidateSroiMap(const SroiMap& map);

struct SroiOutcomeValue {
  Ore impact = 0;           // year-1 value after the filters, undiscounted
  Ore present_value = 0;    // over its duration, discounted
  std::vector<Ore> yearly;  // value in years 1 .. duration after filters and drop-off, undiscounted
};

struct SroiYearValue {
  int year = 0;
  Ore value = 0;          // all outcomes' values in this year, undiscounted
  Ore present_value = 0;  // the same, discounted
  Ore inputs = 0;         // inputs paid at the start of this year, undiscounted
};

struct SroiStakeholderValue {
  std::string stakeholder;
  Ore present_value = 0;
};

// The headline figures at one discount rate.
struct SroiRateResult {
  double discount_rate = 0;
  Ore inputs_present_value = 0;
  Ore present_value = 0;
  Ore net_present_value = 0;
  double ratio = 0;
  double net_ratio = 0;
};

// For one outcome, the value of each estimate that alone brings the ratio to 1:1 with every
// other estimate of the map unchanged. nullopt means "none within range": no value in the
// estimate's admissible range (quantity >= 0, any proxy, rates in [0, 1]) reaches 1:1, which
// includes estimates that do not move the ratio at all (e.g. drop-off of a one-year outcome).
struct SroiSwitchingValues {
  std::optional<double> quantity;
  std::optional<Ore> proxy;
  std::optional<double> deadweight;
  std::optional<double> displacement;
  std::optional<double> attribution;
  std::optional<double> drop_off;
};

struct SroiSensitivity {
  std::vector<SroiRateResult> discount_rates;         // in the map's order
  std::vector<SroiSwitchingValues> switching_values;  // one per outcome, in the map's order
};

struct SroiResult {
  Ore inputs_total = 0;    // undiscounted
  Ore inputs_cash = 0;     // undiscounted
  Ore inputs_in_kind = 0;  // undiscounted
  // PV, NPV, ratio and net ratio at the map's discount rate.
  SroiRateResult headline;
  // Months until the inputs are repaid: undiscounted (the guide's payback period) and from
  // discounted values. nullopt when not repaid within the outcomes' durations.
  std::optional<double> payback_months;
  std::optional<double> discounted_payback_months;
  std::vector<SroiOutcomeValue> outcomes;  // in the map's order
  std::vector<SroiYearValue> years;        // years 1 .. the last year with an outcome or input
  std::vector<SroiStakeholderValue> stakeholders;  // in order of first appearance
  std::optional<SroiSensitivity> sensitivity;      // when asked for
};

struct SroiOptions {
  bool sensitivity = true;  // the rate table and every switching value
};

// Validates the map (see ValidateSroiMap) and computes its result. InvalidArgument with
// per-field errors for an invalid map, or naming "$" when a result would exceed kMaxExactOre.
Result<SroiResult> CalculateSroi(const SroiMap& map, const SroiOptions& options = {});

}  // namespace samverkan::impact
