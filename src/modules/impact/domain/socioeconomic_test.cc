#include "modules/impact/domain/socioeconomic.h"

#include <gtest/gtest.h>

#include <string>

namespace samverkan::impact {
namespace {

constexpr Ore kKrona = kOrePerKrona;

SocioEconomicItem Item(std::string name, FlowKind kind, Actor actor, Ore without_kr, Ore with_kr,
                       Actor recipient = Actor::kIndividual) {
  return SocioEconomicItem{std::move(name), kind, actor, recipient, without_kr * kKrona,
                           with_kr * kKrona};
}

// A person moves from social assistance into work at a social enterprise; per person-year:
SocioEconomicCase WorkCase() {
  SocioEconomicCase c;
  c.discount_rate = 0;
  c.group_size = 10;
  c.horizon_years = 5;
  c.items = {
      Item("Försörjningsstöd", FlowKind::kTransfer, Actor::kMunicipality, 120000, 0,
           Actor::kIndividual),
      Item("Handläggning", FlowKind::kResourceUse, Actor::kMunicipality, 20000, 5000),
      Item("Sjukvård", FlowKind::kResourceUse, Actor::kRegion, 30000, 10000),
      Item("Produktion", FlowKind::kProduction, Actor::kEnterprise, 0, 300000),
      Item("Lön", FlowKind::kTransfer, Actor::kEnterprise, 0, 240000, Actor::kIndividual),
      Item("Kommunalskatt", FlowKind::kTransfer, Actor::kIndividual, 0, 50000,
           Actor::kMunicipality),
      Item("Arbetsgivaravgift", FlowKind::kTransfer, Actor::kEnterprise, 0, 60000, Actor::kState),
  };
  c.investments = {SocioEconomicInvestment{"Programme", Actor::kMunicipality, 2500000 * kKrona, 1}};
  return c;
}

SocioEconomicResult Calculate(const SocioEconomicCase& c) {
  Result<SocioEconomicResult> result = CalculateSocioEconomic(c);
  if (!result.ok()) {
    ADD_FAILURE() << result.error().message() << " "
                  << (result.error().fields().empty() ? "" : result.error().fields()[0].field);
    return SocioEconomicResult{};
  }
  return std::move(result).value();
}

TEST(SocioEconomicTest, RedistributionViewPerActor) {
  const SocioEconomicAccounts a = Calculate(WorkCase()).per_person_year;
  // Municipality: 15 000 less case handling; 120 000 assistance no longer paid, 50 000 tax.
  EXPECT_EQ(a.For(Actor::kMunicipality).resource_use, 15000 * kKrona);
  EXPECT_EQ(a.For(Actor::kMunicipality).transfers, 170000 * kKrona);
  EXPECT_EQ(a.For(Actor::kMunicipality).total, 185000 * kKrona);
  EXPECT_EQ(a.For(Actor::kRegion).total, 20000 * kKrona);
  EXPECT_EQ(a.For(Actor::kState).transfers, 60000 * kKrona);
  // The individual: wage 240 000 - lost assistance 120 000 - tax 50 000.
  EXPECT_EQ(a.For(Actor::kIndividual).transfers, 70000 * kKrona);
  // The enterprise: produces 300 000 and pays it all out as wage and contributions.
  EXPECT_EQ(a.For(Actor::kEnterprise).production, 300000 * kKrona);
  EXPECT_EQ(a.For(Actor::kEnterprise).transfers, -300000 * kKrona);
  EXPECT_EQ(a.For(Actor::kEnterprise).total, 0);
}

TEST(SocioEconomicTest, TransfersCancelInTheSocietalResult) {
  const SocioEconomicAccounts a = Calculate(WorkCase()).per_person_year;
  EXPECT_EQ(a.society.transfers, 0);
  EXPECT_EQ(a.society.resource_use, 35000 * kKrona);
  EXPECT_EQ(a.society.production, 300000 * kKrona);
  EXPECT_EQ(a.society.total, 335000 * kKrona);
  Ore sum = 0;
  for (const ActorGain& gain : a.actors) sum += gain.total;
  EXPECT_EQ(sum, a.society.total);
}

TEST(SocioEconomicTest, GroupOfNIsExactlyNTimesOnePerson) {
  const SocioEconomicResult result = Calculate(WorkCase());
  EXPECT_EQ(result.group_per_year.society.total, 3350000 * kKrona);
  EXPECT_EQ(result.group_per_year.For(Actor::kMunicipality).total, 1850000 * kKrona);
  EXPECT_EQ(result.group_per_year.For(Actor::kIndividual).transfers, 700000 * kKrona);
}

TEST(SocioEconomicTest, InvestmentCalculationUndiscounted) {
  const SocioEconomicResult result = Calculate(WorkCase());
  const InvestmentResult& municipality = result.InvestmentOf(Actor::kMunicipality);
  EXPECT_EQ(municipality.investment_total, 2500000 * kKrona);
  EXPECT_EQ(municipality.gains_present_value, 9250000 * kKrona);  // 1 850 000 x 5
  EXPECT_EQ(municipality.net_present_value, 6750000 * kKrona);
  EXPECT_NEAR(*municipality.payback_years, 2.5 / 1.85, 1e-12);
  EXPECT_EQ(result.investment_society.gains_present_value, 16750000 * kKrona);
  EXPECT_NEAR(*result.investment_society.payback_years, 2.5 / 3.35, 1e-12);
  // Actors that invest nothing have no payback of their own.
  EXPECT_FALSE(result.InvestmentOf(Actor::kState).payback_years.has_value());
}

TEST(SocioEconomicTest, WhoseGainRepaysWhoseInvestment) {
  const SocioEconomicResult result = Calculate(WorkCase());
  ASSERT_EQ(result.repayments.size(), 1u);
  const Repayment& r = result.repayments[0];
  EXPECT_EQ(r.investor, Actor::kMunicipality);
  const auto by = [&r](Actor actor) { return r.by_actor[static_cast<size_t>(actor)]; };
  EXPECT_NEAR(*by(Actor::kMunicipality), 2.5 / 1.85, 1e-12);
  EXPECT_NEAR(*by(Actor::kState), 2.5 / 0.6, 1e-12);       // 600 000 a year
  EXPECT_NEAR(*by(Actor::kIndividual), 2.5 / 0.7, 1e-12);  // 700 000 a year
  EXPECT_FALSE(by(Actor::kRegion).has_value());            // 12.5 years > 5
  EXPECT_FALSE(by(Actor::kEnterprise).has_value());        // gains nothing
  EXPECT_NEAR(*r.by_society, 2.5 / 3.35, 1e-12);
}

TEST(SocioEconomicTest, BreakEvenPersons) {
  // One person gains society 335 000 a year, 1 675 000 over five years: two persons repay
  // 2 500 000.
  EXPECT_EQ(Calculate(WorkCase()).break_even_persons, 2);
  SocioEconomicCase exact = WorkCase();
  exact.investments[0].value = 3350000 * kKrona;  // exactly two persons' worth
  EXPECT_EQ(Calculate(exact).break_even_persons, 2);
  SocioEconomicCase none = WorkCase();
  none.investments.clear();
  EXPECT_EQ(Calculate(none).break_even_persons, 0);
  EXPECT_FALSE(Calculate(none).investment_society.payback_years.has_value());
}

TEST(SocioEconomicTest, DiscountedInvestmentCalculation) {
  SocioEconomicCase c = WorkCase();
  c.group_size = 1;
  c.horizon_years = 2;
  c.discount_rate = 0.035;
  c.investments = {SocioEconomicInvestment{"", Actor::kMunicipality, 500000 * kKrona, 1}};
  const SocioEconomicResult result = Calculate(c);
  // 335 000 / 1.035 + 335 000 / 1.035^2 = 636 397.58 kr.
  EXPECT_EQ(result.investment_society.gains_present_value, 63639758);
  EXPECT_EQ(result.investment_society.investment_present_value, 500000 * kKrona);
  // Undiscounted: 500 000 / 335 000 years; discounted: one year, then the rest of the
  // 500 000 out of year 2's discounted gain.
  EXPECT_NEAR(*result.investment_society.payback_years, 500.0 / 335.0, 1e-12);
  EXPECT_NEAR(*result.investment_society.discounted_payback_years, 1.5638432835820892, 1e-9);
}

TEST(SocioEconomicTest, RejectsBadCasesNamingEachField) {
  SocioEconomicCase c = WorkCase();
  c.discount_rate = -0.01;
  c.group_size = 0;
  c.horizon_years = 2;
  c.items[0].recipient = Actor::kMunicipality;  // a transfer to the payer itself
  c.items[1].with = -1;
  c.items[2].name = "";
  c.investments[0].year = 3;  // after the horizon
  Result<SocioEconomicResult> result = CalculateSocioEconomic(c);
  ASSERT_FALSE(result.ok());
  std::vector<std::string> fields;
  for (const FieldError& f : result.error().fields()) fields.push_back(f.field);
  const FieldError& amount = result.error().fields()[3];
  EXPECT_EQ(amount.message, "Must be an amount between {{min}} and {{max}}.");
  EXPECT_EQ(amount.args.at("max"), "1000000000");  // in kronor, as entered
  EXPECT_EQ(fields,
            (std::vector<std::string>{"discount_rate", "group_size", "items[0].recipient",
                                      "items[1].with", "items[2].name", "investments[0].year"}));
}

TEST(SocioEconomicTest, ActorCodesRoundTrip) {
  for (Actor actor : kActors) EXPECT_EQ(ParseActor(ActorCode(actor)), actor);
  EXPECT_FALSE(ParseActor("county").has_value());
  EXPECT_EQ(ParseFlowKind("transfer"), FlowKind::kTransfer);
  EXPECT_FALSE(ParseFlowKind("tax").has_value());
}

TEST(SocioEconomicInvariantTest, TransfersNeverChangeTheSocietalTotal) {
  // Whatever transfers are added between whichever actors, only their distribution changes.
  const SocioEconomicAccounts base = Calculate(WorkCase()).per_person_year;
  SocioEconomicCase c = WorkCase();
  Ore k = 0;
  for (Actor payer : kActors) {
    for (Actor recipient : kActors) {
      if (payer == recipient) continue;
      const Ore amount = 1234567 + 987654 * k * k;  // unequal, so nothing nets out by chance
      ++k;
      c.items.push_back(
          SocioEconomicItem{"t", FlowKind::kTransfer, payer, recipient, amount, amount / 3});
    }
  }
  const SocioEconomicAccounts changed = Calculate(c).per_person_year;
  EXPECT_EQ(changed.society.total, base.society.total);
  EXPECT_EQ(changed.society.transfers, 0);
  Ore sum = 0;
  int redistributed = 0;
  for (Actor actor : kActors) {
    sum += changed.For(actor).total;
    if (changed.For(actor).total != base.For(actor).total) ++redistributed;
  }
  EXPECT_EQ(sum, changed.society.total);
  EXPECT_GE(redistributed, 2);
}

TEST(SocioEconomicTest, TooLargeGroupsAreAnErrorNotAWrongFigure) {
  SocioEconomicCase c = WorkCase();
  c.group_size = kMaxSocioEconomicGroupSize;
  c.items[3].with = kMaxPersonYearOre;
  c.items.push_back(c.items[3]);
  Result<SocioEconomicResult> result = CalculateSocioEconomic(c);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().fields().at(0).field, "$");
}

}  // namespace
}  // namespace samverkan::impact
