// Socio-economic accounts (socioekonomiskt bokslut), the Swedish method of Ingvar Nilsson and
// Anders Wadeskog (e.g. "Det är bättre att stämma i bäcken än i ån", 2008, and the
// socio-economic accounts they have drawn up for municipalities and social enterprises).
//
// The method compares, per person-year, what a person's situation costs each actor without
// the intervention (the alternative: exclusion, benefits, care) and with it, and sorts every
// item into one of three kinds:
//  * resource use (resursförbrukning): real resources consumed, e.g. care, treatment,
//    case handling, police. A cost to society as a whole.
//  * transfer (transferering): money moved from one actor to another, e.g. social assistance
//    from the municipality to the individual, income tax from the individual to the
//    municipality. A transfer is one actor's cost and another's income, so transfers
//    redistribute but cancel in the societal total.
//  * production value (produktionsvärde): value produced, e.g. by a person in work. Lost
//    production is a cost to society.
//
// Formulas, per actor a and per person-year (amounts are non-negative magnitudes):
//   position_a(s)  = production received + transfers received - transfers paid - resource use,
//                    in scenario s (without / with the intervention)
//   gain_a         = position_a(with) - position_a(without)        (the redistribution view)
//                  = resource use saved + net transfers gained + production gained
//   societal gain  = sum_a gain_a = production gained + resource use saved  (transfers cancel)
// For a group of N participants each yearly gain is N x gain_a. Over a horizon of T years
// (the investment calculation) with discount factors from discounting.h:
//   PV(gains_a)    = sum_{t=1..T} N x gain_a x BenefitDiscountFactor(t)
//   PV(investment) = sum_investments value x CostDiscountFactor(year)
// Payback is the time from which cumulative gains have repaid the investments (PaybackYears),
// undiscounted and discounted. The repayment table answers "whose gain repays whose
// investment": for each investing actor, the discounted payback of its investments from each
// actor's gains and from society's gain. The break-even number of persons is how many of the
// group must reach the with-situation for society's discounted gains over T years to repay
// all investments: ceil(PV(investments) / PV(societal gain of one person)).
//
// All amounts are in öre (see money.h). Pure and thread-safe.
#pragma once

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/discounting.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

inline constexpr int kMaxSocioEconomicYears = 100;
inline constexpr int kMaxSocioEconomicGroupSize = 1'000'000;
inline constexpr int kMaxSocioEconomicItems = 1'000;
inline constexpr int kMaxSocioEconomicInvestments = 1'000;
// The largest amount per person-year one item may carry: 10^11 öre (a billion kronor).
inline constexpr Ore kMaxPersonYearOre = 100'000'000'000;

// The actors of the method. The state covers all its agencies (Försäkringskassan,
// Arbetsförmedlingen, Kriminalvården ...); the enterprise is the employer or social
// enterprise where the person works.
enum class Actor { kMunicipality, kRegion, kState, kIndividual, kEnterprise };
inline constexpr std::array<Actor, 5> kActors = {
    Actor::kMunicipality, Actor::kRegion, Actor::kState, Actor::kIndividual, Actor::kEnterprise};
// "municipality", "region", "state", "individual", "enterprise".
std::string_view ActorCode(Actor actor);
std::optional<Actor> ParseActor(std::string_view code);

enum class FlowKind { kResourceUse, kTransfer, kProduction };
// "resource_use", "transfer", "production".
std::string_view FlowKindCode(FlowKind kind);
std::optional<FlowKind> ParseFlowKind(std::string_view code);

// One line of the accounts, per person-year.
struct SocioEconomicItem {
  std::string name;  // e.g. "Försörjningsstöd", "Missbruksvård", "Arbete i sociala företaget"
  FlowKind kind = FlowKind::kResourceUse;
  // Resource use: the actor that consumes the resources. Production: the actor that receives
  // the value produced. Transfer: the payer.
  Actor actor = Actor::kMunicipality;
  Actor recipient = Actor::kIndividual;  // transfers only; must differ from the payer
  Ore without = 0;                       // per person-year without the intervention, >= 0
  Ore with = 0;                          // per person-year with the intervention, >= 0
};

// Money an actor puts into the intervention.
struct SocioEconomicInvestment {
  std::string description;  // optional
  Actor actor = Actor::kMunicipality;
  Ore value = 0;  // >= 0
  int year = 1;   // paid at the start of this year, within the horizon
};

struct SocioEconomicCase {
  std::string currency = "SEK";                 // informative
  int group_size = 1;                           // N participants, [1, kMaxSocioEconomicGroupSize]
  int horizon_years = 5;                        // T, [1, kMaxSocioEconomicYears]
  double discount_rate = kDefaultDiscountRate;  // [0, 1]
  DiscountConvention convention = DiscountConvention::kEndOfYear;
  std::vector<SocioEconomicItem> items;
  std::vector<SocioEconomicInvestment> investments;
};

// Checks a case; every problem is a FieldError named by its JSON path ("items[1].recipient",
// "investments[0].year", "group_size"). InvalidArgument when anything is wrong.
Status ValidateSocioEconomicCase(const SocioEconomicCase& socio_case);

// An actor's gain from the intervention, split by kind. Positive means better off.
struct ActorGain {
  Ore resource_use = 0;  // resources no longer consumed (without - with)
  Ore transfers = 0;     // net transfers received, with minus without
  Ore production = 0;    // production value gained (with - without)
  Ore total = 0;         // the sum of the three
};

// The accounts for one period and population: per actor (in kActors order) and for society.
struct SocioEconomicAccounts {
  std::array<ActorGain, kActors.size()> actors{};
  ActorGain society;  // society.transfers is always 0: transfers cancel
  const ActorGain& For(Actor actor) const { return actors[static_cast<size_t>(actor)]; }
};

// The investment calculation for one actor, or for society as a whole.
struct InvestmentResult {
  Ore investment_total = 0;  // undiscounted
  Ore investment_present_value = 0;
  Ore gains_present_value = 0;  // the group's gains over the horizon
  Ore net_present_value = 0;    // gains - investment, both discounted
  // Years until the actor's own gains repay its own investments; nullopt when it invests
  // nothing or is not repaid within the horizon.
  std::optional<double> payback_years;
  std::optional<double> discounted_payback_years;
};

// Whose gain repays whose investment: the discounted payback of `investor`'s investments
// from the gains of each actor (kActors order) and from society's gain (nullopt: not within
// the horizon).
struct Repayment {
  Actor investor = Actor::kMunicipality;
  Ore investment_present_value = 0;
  std::array<std::optional<double>, kActors.size()> by_actor{};
  std::optional<double> by_society;
};

struct SocioEconomicResult {
  SocioEconomicAccounts per_person_year;
  SocioEconomicAccounts group_per_year;  // N x per person-year, exact
  std::array<InvestmentResult, kActors.size()> investment_by_actor{};
  InvestmentResult investment_society;  // all investments against the societal gain
  std::vector<Repayment> repayments;    // one per actor that invests, kActors order
  // Persons who must reach the with-situation for society to recover all investments
  // within the horizon (discounted); 0 when nothing is invested, nullopt when one person's
  // societal gain is not positive.
  std::optional<long long> break_even_persons;
  const InvestmentResult& InvestmentOf(Actor actor) const {
    return investment_by_actor[static_cast<size_t>(actor)];
  }
};

// Validates the case (see ValidateSocioEconomicCase) and computes the accounts and the
// investment calculation. InvalidArgument naming "$" when a result would exceed kMaxExactOre.
Result<SocioEconomicResult> CalculateSocioEconomic(const SocioEconomicCase& socio_case);

}  // namespace samverkan::impact
