#include "modules/progress/domain/scorecard.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace samverkan::progress {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Optional;

// One dimension, two components of one indicator each, scaled 0..100 so that normalised
// values equal raw values and, at order 1, the index is the mean of the two.
Framework TwoComponents() {
  auto indicator = [](std::string code) {
    Indicator i;
    i.code = std::move(code);
    return i;
  };
  std::vector<Dimension> dimensions = {
      {"d", {}, {{"c1", {}, {indicator("i1")}, {}}, {"c2", {}, {indicator("i2")}, {}}}, {}}};
  auto framework = Framework::Create("t", {}, std::move(dimensions));
  EXPECT_TRUE(framework.ok());
  return std::move(framework).value();
}

class ScorecardTest : public ::testing::Test {
 protected:
  ScorecardTest() : framework_(TwoComponents()), dataset_(2) {
    struct Row {
      const char* code;
      const char* country;
      double gdp;
      double i1_2020, i2_2020;
    };
    // 2020 index at order 1: A 70, B 60, C 50, D 30, E 85, F 52.5.
    for (const Row& row :
         {Row{"A", "X", 10, 50, 90}, Row{"B", "X", 20, 60, 60}, Row{"C", "X", 30, 70, 30},
          Row{"D", "Y", 32, 40, 20}, Row{"E", "Y", 50, 90, 80}, Row{"F", "Y", 31, 55, 50}}) {
      size_t r = dataset_.AddRegion(row.code);
      dataset_.region(r).country = row.country;
      dataset_.region(r).covariates["gdp_per_capita"] = row.gdp;
      dataset_.Set(r, 0, 2020, row.i1_2020);
      dataset_.Set(r, 1, 2020, row.i2_2020);
    }
    // 2018: A only i1 (index unavailable); 2019: A 40 and 80, index 60.
    dataset_.Set(0, 0, 2018, 30);
    dataset_.Set(0, 0, 2019, 40);
    dataset_.Set(0, 1, 2019, 80);
    ComputeOptions options;
    options.aggregation = kGlobalSpiAggregation;
    auto years = ComputeScores(framework_, dataset_, options);
    EXPECT_TRUE(years.ok());
    years_ = std::move(years).value();
  }

  Framework framework_;
  Dataset dataset_;
  std::vector<YearScores> years_;
};

TEST_F(ScorecardTest, SameCountryPeersGiveStrengthsAndWeaknesses) {
  auto card = BuildScorecard(framework_, dataset_, years_, "A", 2020, {});
  ASSERT_TRUE(card.ok());
  EXPECT_THAT(card->peers, ElementsAre("B", "C"));
  // Index 70 against peers 60 and 50: median 55, mean absolute deviation 5 -> strength.
  EXPECT_THAT(card->index.score, Optional(DoubleNear(70, 1e-9)));
  EXPECT_THAT(card->index.peer_median, Optional(DoubleNear(55, 1e-9)));
  EXPECT_THAT(card->index.peer_deviation, Optional(DoubleNear(5, 1e-9)));
  EXPECT_EQ(card->index.performance, RelativePerformance::kStrength);
  // c1 50 against 60 and 70: median 65, deviation 5, 50 < 60 -> weakness.
  EXPECT_EQ(card->components[0].performance, RelativePerformance::kWeakness);
  // c2 90 against 60 and 30: median 45, deviation 15, 90 > 60 -> strength.
  EXPECT_EQ(card->components[1].performance, RelativePerformance::kStrength);
  EXPECT_THAT(card->indicators[0].raw, Optional(50.0));
  EXPECT_EQ(card->indicators[0].normalised.performance, RelativePerformance::kWeakness);
}

TEST_F(ScorecardTest, RanksAmongAllRegions) {
  auto card = BuildScorecard(framework_, dataset_, years_, "A", 2020, {});
  ASSERT_TRUE(card.ok());
  EXPECT_THAT(card->index.rank, Optional(2));  // after E (85)
  EXPECT_EQ(card->index.ranked_regions, 6);
  EXPECT_THAT(card->components[0].rank, Optional(5));  // 90, 70, 60, 55, 50, 40
  EXPECT_THAT(card->components[1].rank, Optional(1));
}

TEST_F(ScorecardTest, ChangeSincePreviousYearWithAScore) {
  auto card = BuildScorecard(framework_, dataset_, years_, "A", 2020, {});
  ASSERT_TRUE(card.ok());
  EXPECT_THAT(card->index.change, Optional(DoubleNear(10, 1e-9)));
  EXPECT_THAT(card->index.change_since, Optional(2019));
  ASSERT_EQ(card->trend.size(), 3u);
  EXPECT_EQ(card->trend[0].year, 2018);
  EXPECT_EQ(card->trend[0].index, std::nullopt);
  EXPECT_THAT(card->trend[1].index, Optional(DoubleNear(60, 1e-9)));

  // In 2019 the latest earlier index is none (2018 has none), but c1 changed by 10.
  auto earlier = BuildScorecard(framework_, dataset_, years_, "A", 2019, {});
  ASSERT_TRUE(earlier.ok());
  EXPECT_EQ(earlier->index.change, std::nullopt);
  EXPECT_THAT(earlier->components[0].change, Optional(DoubleNear(10, 1e-9)));
  EXPECT_THAT(earlier->components[0].change_since, Optional(2018));
  // Only A has values in 2019: no peer scores, nothing assessed.
  EXPECT_EQ(earlier->index.performance, RelativePerformance::kNotAssessed);
}

TEST_F(ScorecardTest, NearestOnCovariateBreaksTiesByCode) {
  PeerGroupSpec spec;
  spec.kind = PeerGroupKind::kNearestOnCovariate;
  spec.covariate = "gdp_per_capita";
  spec.k = 2;
  auto peers = SelectPeers(dataset_, 0, spec);  // A, gdp 10: B (20), then C (30)
  ASSERT_TRUE(peers.ok());
  EXPECT_THAT(*peers, ElementsAre(1u, 2u));
  spec.k = 1;
  peers = SelectPeers(dataset_, 5, spec);  // F, gdp 31: C (30) and D (32) tie; C first
  ASSERT_TRUE(peers.ok());
  EXPECT_THAT(*peers, ElementsAre(2u));
  spec.k = 10;
  peers = SelectPeers(dataset_, 5, spec);
  ASSERT_TRUE(peers.ok());
  EXPECT_EQ(peers->size(), 5u);
}

TEST_F(ScorecardTest, ChosenPeersExcludeTheRegionItself) {
  PeerGroupSpec spec;
  spec.kind = PeerGroupKind::kChosenRegions;
  spec.regions = {"E", "D", "A", "E"};
  auto card = BuildScorecard(framework_, dataset_, years_, "A", 2020, spec);
  ASSERT_TRUE(card.ok());
  EXPECT_THAT(card->peers, ElementsAre("E", "D"));
  // Index 70 against 85 and 30: median 57.5, deviation 27.5 -> neutral.
  EXPECT_EQ(card->index.performance, RelativePerformance::kNeutral);
}

TEST_F(ScorecardTest, ErrorsNameWhatIsWrong) {
  EXPECT_TRUE(BuildScorecard(framework_, dataset_, years_, "Q", 2020, {}).error().IsNotFound());
  EXPECT_TRUE(BuildScorecard(framework_, dataset_, years_, "A", 1999, {}).error().IsNotFound());
  PeerGroupSpec chosen;
  chosen.kind = PeerGroupKind::kChosenRegions;
  chosen.regions = {"Q"};
  EXPECT_TRUE(BuildScorecard(framework_, dataset_, years_, "A", 2020, chosen).error().IsInvalid());
  PeerGroupSpec nearest;
  nearest.kind = PeerGroupKind::kNearestOnCovariate;
  nearest.covariate = "population_density";
  EXPECT_TRUE(BuildScorecard(framework_, dataset_, years_, "A", 2020, nearest).error().IsInvalid());
}

TEST(CompareWithPeersTest, NeedsTwoPeerScores) {
  EXPECT_EQ(CompareWithPeers(50, {}).performance, RelativePerformance::kNotAssessed);
  PeerComparison one = CompareWithPeers(50, {40});
  EXPECT_EQ(one.performance, RelativePerformance::kNotAssessed);
  EXPECT_THAT(one.median, Optional(40.0));
  EXPECT_EQ(CompareWithPeers(std::nullopt, {40, 60}).performance,
            RelativePerformance::kNotAssessed);
  // Peers {40, 50, 60, 90}: median (50 + 60) / 2 = 55; absolute deviations 15, 5, 5, 35, mean
  // 15. Above 70 is a strength, 70 itself is not; below 40 is a weakness.
  EXPECT_EQ(CompareWithPeers(71, {40, 50, 60, 90}).performance, RelativePerformance::kStrength);
  EXPECT_EQ(CompareWithPeers(70, {40, 50, 60, 90}).performance, RelativePerformance::kNeutral);
  EXPECT_EQ(CompareWithPeers(39, {40, 50, 60, 90}).performance, RelativePerformance::kWeakness);
}

}  // namespace
}  // namespace samverkan::progress
