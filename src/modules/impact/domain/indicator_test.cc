#include "modules/impact/domain/indicator.h"

#include <gtest/gtest.h>

#include <string>

namespace samverkan::impact {
namespace {

Indicator MakeIndicator(std::string id, Aggregation aggregation, std::vector<SdgLink> links) {
  Indicator indicator;
  indicator.id = id;
  indicator.name = LocalizedText{id, id};
  indicator.unit = "people";
  indicator.aggregation = aggregation;
  indicator.sdg_links = std::move(links);
  return indicator;
}

std::vector<Indicator> Library() {
  return {
      // People in work: goal 8 (target 8.5) and goal 1, and two targets of goal 10.
      MakeIndicator("in-work", Aggregation::kSum,
                    {{8, "8.5", SdgRelation::kMeasures},
                     {1, "", SdgRelation::kContributesTo},
                     {10, "10.1", SdgRelation::kContributesTo},
                     {10, "10.2", SdgRelation::kProxyFor}}),
      // Share reporting better health: goal 3 only, averaged over initiatives.
      MakeIndicator("health", Aggregation::kMean, {{3, "3.4", SdgRelation::kProxyFor}}),
  };
}

std::vector<IndicatorValue> Values() {
  return {
      {"v1", "in-work", "initiative-a", "2025", 12}, {"v2", "in-work", "initiative-b", "2025", 8},
      {"v3", "health", "initiative-a", "2025", 0.6}, {"v4", "health", "initiative-c", "2025", 0.8},
      {"v5", "in-work", "initiative-a", "2024", 5},
  };
}

const SdgGoalRollUp* Goal(const SdgRollUp& rollup, int goal) {
  for (const SdgGoalRollUp& g : rollup.goals) {
    if (g.goal == goal) return &g;
  }
  return nullptr;
}

TEST(SdgRollUpTest, AValueLinkedToSeveralTargetsOfAGoalCountsOnceThere) {
  Result<SdgRollUp> rollup = RollUpBySdg(Library(), Values(), {.period = "2025"});
  ASSERT_TRUE(rollup.ok());
  const SdgGoalRollUp* goal10 = Goal(*rollup, 10);
  ASSERT_NE(goal10, nullptr);
  ASSERT_EQ(goal10->indicators.size(), 1u);
  // 12 + 8, not (12 + 8) x 2 for the two targets.
  EXPECT_DOUBLE_EQ(goal10->indicators[0].value, 20);
  EXPECT_EQ(goal10->indicators[0].values, 2);
  EXPECT_EQ(goal10->values, 2);
  EXPECT_EQ(goal10->indicators[0].targets, (std::vector<std::string>{"10.1", "10.2"}));
  EXPECT_EQ(goal10->indicators[0].relations,
            (std::vector<SdgRelation>{SdgRelation::kContributesTo, SdgRelation::kProxyFor}));
}

TEST(SdgRollUpTest, AValueLinkedToSeveralGoalsCountsOnceOverall) {
  Result<SdgRollUp> rollup = RollUpBySdg(Library(), Values(), {.period = "2025"});
  ASSERT_TRUE(rollup.ok());
  // The two in-work values appear under goals 1, 8 and 10 ...
  EXPECT_DOUBLE_EQ(Goal(*rollup, 1)->indicators[0].value, 20);
  EXPECT_DOUBLE_EQ(Goal(*rollup, 8)->indicators[0].value, 20);
  int sum_of_goal_counts = 0;
  for (const SdgGoalRollUp& g : rollup->goals) sum_of_goal_counts += g.values;
  EXPECT_EQ(sum_of_goal_counts, 8);  // 2 + 2 + 2 under goals 1, 8, 10 and 2 under goal 3
  // ... but overall there are four values, and in-work totals 20, not 60.
  EXPECT_EQ(rollup->values, 4);
  EXPECT_EQ(rollup->initiatives, 3);
  ASSERT_EQ(rollup->indicators.size(), 2u);
  EXPECT_EQ(rollup->indicators[1].indicator_id, "in-work");
  EXPECT_DOUBLE_EQ(rollup->indicators[1].value, 20);
}

TEST(SdgRollUpTest, MeansAndPeriods) {
  Result<SdgRollUp> rollup = RollUpBySdg(Library(), Values());
  ASSERT_TRUE(rollup.ok());
  const SdgGoalRollUp* goal3 = Goal(*rollup, 3);
  ASSERT_NE(goal3, nullptr);
  EXPECT_NEAR(goal3->indicators[0].value, 0.7, 1e-12);  // mean of 0.6 and 0.8
  EXPECT_EQ(goal3->initiatives, 2);
  // Without a period filter every period is its own total, never summed with another.
  const SdgGoalRollUp* goal8 = Goal(*rollup, 8);
  ASSERT_EQ(goal8->indicators.size(), 2u);
  EXPECT_EQ(goal8->indicators[0].period, "2024");
  EXPECT_DOUBLE_EQ(goal8->indicators[0].value, 5);
  EXPECT_DOUBLE_EQ(goal8->indicators[1].value, 20);
}

TEST(SdgRollUpTest, RelationFilter) {
  SdgRollUpOptions options;
  options.relations = {SdgRelation::kMeasures};
  Result<SdgRollUp> rollup = RollUpBySdg(Library(), Values(), options);
  ASSERT_TRUE(rollup.ok());
  ASSERT_EQ(rollup->goals.size(), 1u);
  EXPECT_EQ(rollup->goals[0].goal, 8);
  EXPECT_EQ(rollup->values, 3);  // the health values link through proxy_for only
}

TEST(SdgRollUpTest, RejectsWhatWouldBeCountedTwice) {
  std::vector<IndicatorValue> values = Values();
  values.push_back({"v1", "health", "initiative-d", "2025", 1});   // same id
  values.push_back({"v9", "in-work", "initiative-b", "2025", 8});  // reported twice
  values.push_back({"v10", "unknown", "initiative-b", "2025", 8});
  Result<SdgRollUp> rollup = RollUpBySdg(Library(), values);
  ASSERT_FALSE(rollup.ok());
  std::vector<std::string> fields;
  for (const FieldError& f : rollup.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields,
            (std::vector<std::string>{"values[5].id", "values[6]", "values[7].indicator_id"}));
}

TEST(SdgRollUpTest, ValidatesIndicators) {
  std::vector<Indicator> library = Library();
  library[0].sdg_links.push_back({3, "4.1", SdgRelation::kMeasures});  // wrong goal
  library[0].sdg_links.push_back({18, "", SdgRelation::kMeasures});
  library[0].sdg_links.push_back({8, "8.5", SdgRelation::kMeasures});  // twice
  library[1].unit = "";
  library.push_back(library[1]);
  Result<SdgRollUp> rollup = RollUpBySdg(library, {});
  ASSERT_FALSE(rollup.ok());
  std::vector<std::string> fields;
  for (const FieldError& f : rollup.error().fields()) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{
                        "indicators[0].sdg_links[4].target", "indicators[0].sdg_links[5].goal",
                        "indicators[0].sdg_links[6]", "indicators[1].unit", "indicators[2].unit"}));
  // Lettered targets are targets too.
  Indicator ok = MakeIndicator("x", Aggregation::kSum, {{17, "17.a", SdgRelation::kMeasures}});
  EXPECT_TRUE(ValidateIndicator(ok).ok());
  ok.sdg_links[0].target = "17.ab";
  EXPECT_FALSE(ValidateIndicator(ok).ok());
}

}  // namespace
}  // namespace samverkan::impact
