#include "modules/impact/domain/socioeconomic.h"

#include <algorithm>
#include <cmath>

#include "modules/impact/domain/field_checker.h"

namespace samverkan::impact {
namespace {

size_t IndexOf(Actor actor) { return static_cast<size_t>(actor); }

// Exact integer accounts; false when a figure leaves the range a result may report.
bool Scale(const ActorGain& gain, long long factor, ActorGain& out) {
  auto scale = [factor](Ore value, Ore& result) {
    return !__builtin_mul_overflow(value, factor, &result) && result <= kMaxExactOre &&
           result >= -kMaxExactOre;
  };
  return scale(gain.resource_use, out.resource_use) && scale(gain.transfers, out.transfers) &&
         scale(gain.production, out.production) && scale(gain.total, out.total);
}

SocioEconomicAccounts PersonYearAccounts(const SocioEconomicCase& socio_case) {
  // Bounded by validation: at most 10^3 items of 10^11 öre, so no sum can overflow.
  SocioEconomicAccounts accounts;
  for (const SocioEconomicItem& item : socio_case.items) {
    const Ore change = item.with - item.without;  // how much the flow grows with the intervention
    switch (item.kind) {
      case FlowKind::kResourceUse:
        accounts.actors[IndexOf(item.actor)].resource_use -= change;
        break;
      case FlowKind::kProduction:
        accounts.actors[IndexOf(item.actor)].production += change;
        break;
      case FlowKind::kTransfer:
        // Double entry: what the recipient gains the payer loses, so transfers can only move
        // money between actors.
        accounts.actors[IndexOf(item.actor)].transfers -= change;
        accounts.actors[IndexOf(item.recipient)].transfers += change;
        break;
    }
  }
  for (ActorGain& gain : accounts.actors) {
    gain.total = gain.resource_use + gain.transfers + gain.production;
    accounts.society.resource_use += gain.resource_use;
    accounts.society.transfers += gain.transfers;
    accounts.society.production += gain.production;
  }
  accounts.society.total =
      accounts.society.resource_use + accounts.society.transfers + accounts.society.production;
  return accounts;
}

// A constant yearly gain over the horizon, undiscounted and discounted.
struct GainSeries {
  std::vector<long double> nominal;
  std::vector<long double> discounted;
  long double present_value = 0;
};

GainSeries SeriesOf(Ore yearly_gain, const std::vector<long double>& factors) {
  GainSeries series;
  series.nominal.assign(factors.size(), static_cast<long double>(yearly_gain));
  series.discounted.reserve(factors.size());
  for (long double factor : factors) {
    series.discounted.push_back(yearly_gain * factor);
    series.present_value += series.discounted.back();
  }
  return series;
}

struct InvestmentSeries {
  std::vector<long double> nominal;
  std::vector<long double> discounted;
  long double total = 0;
  long double present_value = 0;
};

InvestmentResult InvestmentResultOf(const InvestmentSeries& investment, const GainSeries& gains,
                                    OreRounder& round) {
  InvestmentResult result;
  result.investment_total = round(investment.total);
  result.investment_present_value = round(investment.present_value);
  result.gains_present_value = round(gains.present_value);
  // The difference of the two rounded figures it is shown with, so that a report adds up.
  result.net_present_value = result.gains_present_value - result.investment_present_value;
  if (investment.total > 0) {
    result.payback_years = PaybackYears(gains.nominal, investment.nominal);
    result.discounted_payback_years = PaybackYears(gains.discounted, investment.discounted);
  }
  return result;
}

}  // namespace

std::string_view ActorCode(Actor actor) {
  switch (actor) {
    case Actor::kMunicipality:
      return "municipality";
    case Actor::kRegion:
      return "region";
    case Actor::kState:
      return "state";
    case Actor::kIndividual:
      return "individual";
    case Actor::kEnterprise:
      return "enterprise";
  }
  return "municipality";
}

std::optional<Actor> ParseActor(std::string_view code) {
  for (Actor actor : kActors) {
    if (ActorCode(actor) == code) return actor;
  }
  return std::nullopt;
}

std::string_view FlowKindCode(FlowKind kind) {
  switch (kind) {
    case FlowKind::kResourceUse:
      return "resource_use";
    case FlowKind::kTransfer:
      return "transfer";
    case FlowKind::kProduction:
      return "production";
  }
  return "resource_use";
}

std::optional<FlowKind> ParseFlowKind(std::string_view code) {
  for (FlowKind kind : {FlowKind::kResourceUse, FlowKind::kTransfer, FlowKind::kProduction}) {
    if (FlowKindCode(kind) == code) return kind;
  }
  return std::nullopt;
}

Status ValidateSocioEconomicCase(const SocioEconomicCase& socio_case) {
  FieldChecker check;
  check.RequireShare(socio_case.discount_rate, "discount_rate");
  check.RequireWholeBetween(socio_case.group_size, 1, kMaxSocioEconomicGroupSize, "group_size");
  check.RequireWholeBetween(socio_case.horizon_years, 1, kMaxSocioEconomicYears, "horizon_years");
  if (socio_case.items.empty()) {
    check.Add("items", "Add at least one cost item.");
  } else if (socio_case.items.size() > static_cast<size_t>(kMaxSocioEconomicItems)) {
    check.Add("items", "Enter at most {{max}} rows.",
              {{"max", std::to_string(kMaxSocioEconomicItems)}});
  }
  for (size_t i = 0; i < socio_case.items.size(); ++i) {
    const SocioEconomicItem& item = socio_case.items[i];
    check.RequireText(item.name, FieldPath("items", i, "name"), "Name the cost item.");
    check.RequireMoneyBetween(item.without, 0, kMaxPersonYearOre, FieldPath("items", i, "without"));
    check.RequireMoneyBetween(item.with, 0, kMaxPersonYearOre, FieldPath("items", i, "with"));
    if (item.kind == FlowKind::kTransfer && item.actor == item.recipient) {
      check.Add(FieldPath("items", i, "recipient"),
                "A transfer goes from one actor to another: choose a recipient other than the "
                "payer.");
    }
  }
  if (socio_case.investments.size() > static_cast<size_t>(kMaxSocioEconomicInvestments)) {
    check.Add("investments", "Enter at most {{max}} rows.",
              {{"max", std::to_string(kMaxSocioEconomicInvestments)}});
  }
  for (size_t i = 0; i < socio_case.investments.size(); ++i) {
    const SocioEconomicInvestment& investment = socio_case.investments[i];
    check.RequireMoneyBetween(investment.value, 0, kMaxEnteredOre,
                              FieldPath("investments", i, "value"));
    check.RequireWholeBetween(investment.year, 1, std::max(1, socio_case.horizon_years),
                              FieldPath("investments", i, "year"));
  }
  return check.ToStatus();
}

Result<SocioEconomicResult> CalculateSocioEconomic(const SocioEconomicCase& socio_case) {
  SAMVERKAN_RETURN_IF_ERROR(ValidateSocioEconomicCase(socio_case));
  const Error too_large = Error::InvalidField(
      "$",
      "The result is too large to compute exactly to the öre: check the amounts and the "
      "group size.");
  SocioEconomicResult result;
  result.per_person_year = PersonYearAccounts(socio_case);

  // The group: N times every figure, exactly.
  for (size_t a = 0; a < kActors.size(); ++a) {
    if (!Scale(result.per_person_year.actors[a], socio_case.group_size,
               result.group_per_year.actors[a])) {
      return too_large;
    }
  }
  if (!Scale(result.per_person_year.society, socio_case.group_size,
             result.group_per_year.society)) {
    return too_large;
  }

  // The investment calculation over the horizon.
  const int years = socio_case.horizon_years;
  std::vector<long double> factors(years);
  for (int t = 1; t <= years; ++t) {
    factors[t - 1] = BenefitDiscountFactor(socio_case.discount_rate, t, socio_case.convention);
  }
  InvestmentSeries no_investment;
  no_investment.nominal.assign(years, 0.0L);
  no_investment.discounted.assign(years, 0.0L);
  std::array<InvestmentSeries, kActors.size()> invested;
  invested.fill(no_investment);
  InvestmentSeries invested_by_all = no_investment;
  for (const SocioEconomicInvestment& investment : socio_case.investments) {
    const long double pv =
        investment.value * CostDiscountFactor(socio_case.discount_rate, investment.year);
    for (InvestmentSeries* series : {&invested[IndexOf(investment.actor)], &invested_by_all}) {
      series->nominal[investment.year - 1] += investment.value;
      series->discounted[investment.year - 1] += pv;
      series->total += investment.value;
      series->present_value += pv;
    }
  }

  OreRounder round;
  std::array<GainSeries, kActors.size()> gains;
  for (size_t a = 0; a < kActors.size(); ++a) {
    gains[a] = SeriesOf(result.group_per_year.actors[a].total, factors);
    result.investment_by_actor[a] = InvestmentResultOf(invested[a], gains[a], round);
  }
  const GainSeries society_gains = SeriesOf(result.group_per_year.society.total, factors);
  result.investment_society = InvestmentResultOf(invested_by_all, society_gains, round);

  for (size_t i = 0; i < kActors.size(); ++i) {
    if (invested[i].total <= 0) continue;
    Repayment repayment;
    repayment.investor = kActors[i];
    repayment.investment_present_value = round(invested[i].present_value);
    for (size_t j = 0; j < kActors.size(); ++j) {
      repayment.by_actor[j] = PaybackYears(gains[j].discounted, invested[i].discounted);
    }
    repayment.by_society = PaybackYears(society_gains.discounted, invested[i].discounted);
    result.repayments.push_back(repayment);
  }

  // Break-even: persons whose societal gain over the horizon repays all investments.
  long double lifetime = 0;
  for (long double factor : factors) lifetime += factor;
  const long double one_person = result.per_person_year.society.total * lifetime;
  if (invested_by_all.present_value <= 0) {
    result.break_even_persons = 0;
  } else if (one_person > 0) {
    // A hair below the quotient so that an exact multiple is not pushed up by rounding noise.
    result.break_even_persons = static_cast<long long>(
        std::ceil(invested_by_all.present_value / one_person * (1.0L - 1e-15L)));
  }

  if (round.overflowed()) return too_large;
  return result;
}

}  // namespace samverkan::impact
