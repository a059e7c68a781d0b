// The dashboard's arithmetic: who counts today, per sector and county against the goals, and
// the members at the end of each year.
#include "modules/alliance/domain/dashboard.h"

#include <gtest/gtest.h>

namespace samverkan::alliance {
namespace {

const std::vector<std::string> kSectors = {"business", "public", "civil_society", "academia"};
const std::vector<std::string> kCounties = {"01", "24", "25"};

Membership M(int64_t actor, std::string since, std::string until = "") {
  static int64_t id = 0;
  return {++id, actor, std::move(since), std::move(until), 0};
}

TEST(Dashboard, ActiveOnCountsTheStartDayButNotTheEndDay) {
  Membership m = M(1, "2024-03-01", "2025-02-01");
  EXPECT_FALSE(ActiveOn(m, "2024-02-29"));
  EXPECT_TRUE(ActiveOn(m, "2024-03-01"));
  EXPECT_TRUE(ActiveOn(m, "2025-01-31"));
  EXPECT_FALSE(ActiveOn(m, "2025-02-01"));
  EXPECT_TRUE(ActiveOn(M(1, "2024-03-01"), "2099-01-01"));
}

TEST(Dashboard, CountsMembersTodayPerSectorAndCountyAgainstTheGoals) {
  std::vector<Membership> ms = {M(1, "2023-02-15"), M(2, "2024-05-02"), M(3, "2023-01-01", "2024-06-30"),
                                M(4, "2026-01-10"), M(5, "2026-12-01")};
  std::map<int64_t, MemberFacts> facts = {{1, {"business", "24"}}, {2, {"public", "25"}},
                                          {3, {"academia", "24"}}, {4, {"business", ""}},
                                          {5, {"academia", "01"}}};
  Goals goals = DefaultGoals(kSectors);
  goals.total = 4;
  goals.per_sector["business"] = 2;
  Dashboard d = ComputeDashboard(ms, facts, goals, kSectors, kCounties, "2026-06-30");
  EXPECT_EQ(d.members, 3);  // 3 has left, 5 starts later
  EXPECT_EQ(d.remaining, 1);
  EXPECT_EQ(d.percent, 75);
  EXPECT_FALSE(d.total_met);
  ASSERT_EQ(d.sectors.size(), 4u);
  EXPECT_EQ(d.sectors[0].code, "business");
  EXPECT_EQ(d.sectors[0].members, 2);
  EXPECT_TRUE(d.sectors[0].met);
  EXPECT_EQ(d.sectors[1].members, 1);
  EXPECT_TRUE(d.sectors[1].met);
  EXPECT_EQ(d.sectors[2].members, 0);  // civil society: target 1, none
  EXPECT_FALSE(d.sectors[2].met);
  EXPECT_FALSE(d.sectors_met);
  EXPECT_FALSE(d.goal_met);
  ASSERT_EQ(d.counties.size(), 3u);
  EXPECT_EQ(d.counties[0].members, 0);
  EXPECT_EQ(d.counties[1].members, 1);
  EXPECT_EQ(d.counties[2].members, 1);
  EXPECT_EQ(d.unknown_county, 1);
  EXPECT_EQ(d.joined_this_year, 1);  // 4; 5 has not started yet
}

TEST(Dashboard, YearsRunFromTheFirstMembershipWithMembersAtEachYearEnd) {
  std::vector<Membership> ms = {M(1, "2023-02-15"), M(2, "2023-12-31", "2025-03-01"), M(3, "2025-01-01")};
  Dashboard d = ComputeDashboard(ms, {}, DefaultGoals(kSectors), kSectors, kCounties, "2026-01-15");
  ASSERT_EQ(d.years.size(), 4u);
  EXPECT_EQ(d.years[0].year, 2023);
  EXPECT_EQ(d.years[0].members, 2);
  EXPECT_EQ(d.years[0].joined, 2);
  EXPECT_EQ(d.years[1].members, 2);
  EXPECT_EQ(d.years[2].members, 2);  // 2 left, 3 joined
  EXPECT_EQ(d.years[2].joined, 1);
  EXPECT_EQ(d.years[2].left, 1);
  EXPECT_EQ(d.years[3].year, 2026);
  EXPECT_EQ(d.years[3].members, 2);
  EXPECT_EQ(d.unknown_sector, 2);  // no facts known
}

TEST(Dashboard, GoalMetNeedsTheTotalAndEverySector) {
  std::vector<Membership> ms;
  std::map<int64_t, MemberFacts> facts;
  for (int64_t i = 0; i < 4; ++i) {
    ms.push_back(M(i + 1, "2024-01-01"));
    facts[i + 1] = {kSectors[i], "24"};
  }
  Goals goals = DefaultGoals(kSectors);
  goals.total = 4;
  Dashboard d = ComputeDashboard(ms, facts, goals, kSectors, kCounties, "2026-01-01");
  EXPECT_TRUE(d.goal_met);
  EXPECT_EQ(d.percent, 100);
  EXPECT_EQ(d.remaining, 0);
  goals.per_sector["public"] = 2;
  EXPECT_FALSE(ComputeDashboard(ms, facts, goals, kSectors, kCounties, "2026-01-01").goal_met);
}

TEST(Dashboard, NoMembersIsOneYearOfZeros) {
  Dashboard d = ComputeDashboard({}, {}, DefaultGoals(kSectors), kSectors, kCounties, "2026-05-05");
  EXPECT_EQ(d.members, 0);
  EXPECT_EQ(d.remaining, 50);
  EXPECT_EQ(d.percent, 0);
  ASSERT_EQ(d.years.size(), 1u);
  EXPECT_EQ(d.years[0].members, 0);
}

}  // namespace
}  // namespace samverkan::alliance
