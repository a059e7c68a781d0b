#include "modules/matching/domain/matching_dashboard.h"

#include <gtest/gtest.h>

#include "modules/matching/domain/matching_testing.h"

namespace samverkan::matching {
namespace {

using testing::TestReference;

int64_t Day(const char* iso) { return ParsePeriodBound(iso).value().first; }

DashboardFact Fact(Measure m, const char* date, int64_t actor, const char* sector,
                   const char* municipality, int64_t count = 1, int64_t value = 0) {
  return {m, Day(date), actor, sector, municipality, count, value};
}

const DashboardRow* Row(const std::vector<DashboardRow>& rows, const std::string& key) {
  for (const auto& r : rows)
    if (r.key == key) return &r;
  return nullptr;
}

TEST(MatchingDashboardPeriods, DaysAndLabels) {
  EXPECT_EQ(DayOfMs(0), 0);
  EXPECT_EQ(DayOfMs(86'399'999), 0);
  EXPECT_EQ(DayOfMs(86'400'000), 1);
  EXPECT_EQ(DayOfMs(-1), -1);
  EXPECT_EQ(IsoDateOfDay(0), "1970-01-01");
  EXPECT_EQ(IsoDateOfDay(Day("2024-02-29")), "2024-02-29");
  const int64_t d = Day("2026-08-31");
  EXPECT_EQ(PeriodLabel(PeriodKind::kYear, d), "2026");
  EXPECT_EQ(PeriodLabel(PeriodKind::kQuarter, d), "2026-Q3");
  EXPECT_EQ(PeriodLabel(PeriodKind::kMonth, d), "2026-08");
  EXPECT_EQ(PeriodLabel(PeriodKind::kQuarter, Day("2026-10-01")), "2026-Q4");
  EXPECT_EQ(PeriodLabel(PeriodKind::kMonth, Day("2026-01-01")), "2026-01");
}

TEST(MatchingDashboardPeriods, BoundsCoverTheWholePeriod) {
  auto year = ParsePeriodBound("2024").value();
  EXPECT_EQ(IsoDateOfDay(year.first), "2024-01-01");
  EXPECT_EQ(IsoDateOfDay(year.last), "2024-12-31");
  auto q1 = ParsePeriodBound("2024-Q1").value();
  EXPECT_EQ(IsoDateOfDay(q1.first), "2024-01-01");
  EXPECT_EQ(IsoDateOfDay(q1.last), "2024-03-31");
  auto q4 = ParsePeriodBound("2024-q4").value();
  EXPECT_EQ(IsoDateOfDay(q4.first), "2024-10-01");
  EXPECT_EQ(IsoDateOfDay(q4.last), "2024-12-31");
  auto feb = ParsePeriodBound("2024-02").value();
  EXPECT_EQ(IsoDateOfDay(feb.last), "2024-02-29");
  auto dec = ParsePeriodBound("2025-12").value();
  EXPECT_EQ(IsoDateOfDay(dec.last), "2025-12-31");
  auto date = ParsePeriodBound("2025-03-07").value();
  EXPECT_EQ(date.first, date.last);
  EXPECT_EQ(IsoDateOfDay(date.first), "2025-03-07");
}

TEST(MatchingDashboardPeriods, RejectsWhatIsNotAPeriod) {
  for (const char* bad : {"", "26", "1969", "2026-", "2026-Q0", "2026-Q5", "2026-13", "2026-00",
                          "2026-02-30", "2026-1", "20x6", "2026/05", "2026-05-1", "2026-Q12"}) {
    auto r = ParsePeriodBound(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code(), ErrorCode::kInvalidArgument) << bad;
  }
  EXPECT_EQ(ParsePeriodKind("month"), PeriodKind::kMonth);
  EXPECT_EQ(ParsePeriodKind("quarter"), PeriodKind::kQuarter);
  EXPECT_EQ(ParsePeriodKind("year"), PeriodKind::kYear);
  EXPECT_FALSE(ParsePeriodKind("week"));
}

// Umeå (2480) is in Västerbotten (24), Göteborg (1480) in Västra Götaland (14).
std::vector<DashboardFact> Facts() {
  return {
      Fact(Measure::kNeed, "2025-11-03", 1, "public", "2480"),
      Fact(Measure::kNeed, "2026-01-10", 1, "public", "2480", 2),
      Fact(Measure::kNeed, "2026-05-02", 3, "business", "1480"),
      Fact(Measure::kSuggestion, "2026-01-11", 1, "public", "2480", 5),
      Fact(Measure::kSuggestion, "2026-05-03", 3, "business", "1480", 4),
      Fact(Measure::kContact, "2026-02-01", 1, "public", "2480", 2),
      Fact(Measure::kAgreement, "2026-03-15", 1, "public", "2480", 1, 250000),
      Fact(Measure::kAgreement, "2026-06-01", 3, "business", "1480", 2, 100000),
      Fact(Measure::kSocialEnterpriseAgreement, "2026-03-15", 1, "public", "2480", 1),
      Fact(Measure::kSocialEnterpriseAgreement, "2026-06-01", 3, "business", "1480", 2),
      Fact(Measure::kNeed, "2026-04-04", 9, "", "", 1),
  };
}

// Actor 1 is a member from 2026-01-01; actor 3 was one in 2025 only.
std::vector<MembershipSpan> Members() {
  return {{1, "2026-01-01", ""}, {3, "2025-01-01", "2026-01-01"}};
}

TEST(MatchingDashboard, SumsEveryMeasureAndCountsOnlyMembersOnTheDay) {
  DashboardQuery q;
  auto d = ComputeMatchingDashboard(Facts(), Members(), TestReference(), q, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->total.needs, 5);
  EXPECT_EQ(d->total.suggestions, 9);
  EXPECT_EQ(d->total.contacts, 2);
  EXPECT_EQ(d->total.agreements, 3);
  EXPECT_EQ(d->total.value_sek, 350000);
  // Actor 3's agreements came after its membership ended.
  EXPECT_EQ(d->total.alliance_customer_agreements, 1);
  EXPECT_EQ(d->total.alliance_customers, 1);
  ASSERT_EQ(d->periods.size(), 2u);
  EXPECT_EQ(d->periods[0].key, "2025");
  EXPECT_EQ(d->periods[0].figures.needs, 1);
  EXPECT_EQ(d->periods[1].key, "2026");
  EXPECT_EQ(d->periods[1].figures.needs, 4);
  EXPECT_EQ(d->periods[1].figures.value_sek, 350000);
}

TEST(MatchingDashboard, GroupsBySectorAndCountyWithUnknownLast) {
  auto d = ComputeMatchingDashboard(Facts(), Members(), TestReference(), {}, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->sectors.size(), TestReference().sectors().size() + 1);
  EXPECT_EQ(d->sectors.back().key, "");
  EXPECT_EQ(d->sectors.back().figures.needs, 1);
  EXPECT_EQ(Row(d->sectors, "public")->figures.needs, 3);
  EXPECT_EQ(Row(d->sectors, "public")->figures.alliance_customers, 1);
  EXPECT_EQ(Row(d->sectors, "business")->figures.agreements, 2);
  EXPECT_EQ(Row(d->sectors, "business")->figures.alliance_customer_agreements, 0);
  ASSERT_EQ(d->counties.size(), TestReference().counties().size() + 1);
  EXPECT_EQ(Row(d->counties, "24")->figures.value_sek, 250000);
  EXPECT_EQ(Row(d->counties, "14")->figures.suggestions, 4);
  EXPECT_EQ(Row(d->counties, "01")->figures.needs, 0);
  EXPECT_EQ(d->counties.back().key, "");
}

TEST(MatchingDashboard, MonthsIncludeEmptyOnesAndTheRangeFilters) {
  DashboardQuery q;
  q.period = PeriodKind::kMonth;
  q.from = ParsePeriodBound("2026-01").value();
  q.to = ParsePeriodBound("2026-Q2").value();
  auto d = ComputeMatchingDashboard(Facts(), Members(), TestReference(), q, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->periods.size(), 6u);
  EXPECT_EQ(d->periods.front().key, "2026-01");
  EXPECT_EQ(d->periods.back().key, "2026-06");
  EXPECT_EQ(d->periods[1].figures.contacts, 2);  // February
  EXPECT_EQ(d->periods[2].figures.value_sek, 250000);  // March
  EXPECT_EQ(d->periods[6 - 3].figures.needs, 1);  // April: the unknown owner's need
  EXPECT_EQ(d->total.needs, 4);  // 2025's is outside the range

  q.period = PeriodKind::kQuarter;
  q.from = ParsePeriodBound("2026-03-15").value();
  q.to = ParsePeriodBound("2026-03-15").value();
  d = ComputeMatchingDashboard(Facts(), Members(), TestReference(), q, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->periods.size(), 1u);
  EXPECT_EQ(d->periods[0].key, "2026-Q1");
  EXPECT_EQ(d->total.agreements, 1);
  EXPECT_EQ(d->total.needs, 0);
}

TEST(MatchingDashboard, FiltersBySectorAndCounty) {
  DashboardQuery q;
  q.county = "14";
  auto d = ComputeMatchingDashboard(Facts(), Members(), TestReference(), q, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->total.needs, 1);
  EXPECT_EQ(d->total.agreements, 2);
  EXPECT_EQ(d->total.value_sek, 100000);
  q.county.clear();
  q.sector = "public";
  d = ComputeMatchingDashboard(Facts(), Members(), TestReference(), q, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->total.needs, 3);
  EXPECT_EQ(d->total.suggestions, 5);
  EXPECT_EQ(Row(d->sectors, "business")->figures.needs, 0);
}

TEST(MatchingDashboard, NoFactsIsTodaysPeriodOfZeros) {
  DashboardQuery q;
  q.period = PeriodKind::kQuarter;
  auto d = ComputeMatchingDashboard({}, {}, TestReference(), q, Day("2026-11-22"));
  ASSERT_TRUE(d.ok());
  ASSERT_EQ(d->periods.size(), 1u);
  EXPECT_EQ(d->periods[0].key, "2026-Q4");
  EXPECT_EQ(d->total.needs, 0);
  EXPECT_EQ(d->sectors.size(), TestReference().sectors().size());  // no unknown row
}

TEST(MatchingDashboard, RejectsReversedAndOverlongRanges) {
  DashboardQuery q;
  q.from = ParsePeriodBound("2026").value();
  q.to = ParsePeriodBound("2025").value();
  auto d = ComputeMatchingDashboard(Facts(), {}, TestReference(), q, Day("2026-07-01"));
  ASSERT_FALSE(d.ok());
  EXPECT_EQ(d.error().code(), ErrorCode::kInvalidArgument);
  q.period = PeriodKind::kMonth;
  q.from = ParsePeriodBound("1970").value();
  q.to = ParsePeriodBound("2026").value();
  d = ComputeMatchingDashboard(Facts(), {}, TestReference(), q, Day("2026-07-01"));
  ASSERT_FALSE(d.ok());
  q.period = PeriodKind::kYear;
  d = ComputeMatchingDashboard(Facts(), {}, TestReference(), q, Day("2026-07-01"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->periods.size(), 57u);
}

}  // namespace
}  // namespace samverkan::matching
