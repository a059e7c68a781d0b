#include "modules/progress/domain/scoring.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <vector>

namespace samverkan::progress {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Optional;

constexpr double kNa = std::numeric_limits<double>::quiet_NaN();
constexpr double kExact = 0.005;  // "exact to 0.01": within half a hundredth

Indicator MakeIndicator(std::string code, double utopia, double dystopia,
                        std::optional<double> weight = std::nullopt) {
  Indicator indicator;
  indicator.code = code;
  indicator.name.en = code;
  indicator.utopia = utopia;
  indicator.dystopia = dystopia;
  indicator.direction = utopia > dystopia ? Direction::kHigherIsBetter : Direction::kLowerIsBetter;
  indicator.weight = weight;
  return indicator;
}

// Two dimensions of two components of two indicators:
//   d1: c1 {i1 higher 0..10, i2 lower 50..0}, c2 {i3 higher 0..100, i4 higher 0..1}
//   d2: c3 {i5 lower 100..0, i6 higher 0..100}, c4 {i7 higher 0..100, i8 higher 0..100}
Framework TwoByTwoByTwo() {
  std::vector<Dimension> dimensions = {
      {"d1",
       {"D1", "D1"},
       {{"c1", {"C1", "C1"}, {MakeIndicator("i1", 10, 0), MakeIndicator("i2", 0, 50)}, {}},
        {"c2", {"C2", "C2"}, {MakeIndicator("i3", 100, 0), MakeIndicator("i4", 1, 0)}, {}}},
       {}},
      {"d2",
       {"D2", "D2"},
       {{"c3", {"C3", "C3"}, {MakeIndicator("i5", 0, 100), MakeIndicator("i6", 100, 0)}, {}},
        {"c4", {"C4", "C4"}, {MakeIndicator("i7", 100, 0), MakeIndicator("i8", 100, 0)}, {}}},
       {}},
  };
  auto framework = Framework::Create("test", {"Test", "Test"}, std::move(dimensions));
  EXPECT_TRUE(framework.ok());
  return std::move(framework).value();
}

std::vector<std::string> NoteCodes(const RegionScores& scores, ScoreLevel level) {
  std::vector<std::string> codes;
  for (const auto& note : scores.notes) {
    if (note.level == level) codes.push_back(note.code);
  }
  return codes;
}

TEST(NormaliseUtopiaDystopiaTest, HigherIsBetterScalesLinearly) {
  EXPECT_DOUBLE_EQ(NormaliseUtopiaDystopia(37.5, 100, 0), 37.5);
  // Life expectancy, EU-SPI 2020: utopia 86.02, dystopia 71.7. 100 * (81.5 - 71.7) / 14.32.
  EXPECT_NEAR(NormaliseUtopiaDystopia(81.5, 86.02, 71.7), 68.44, kExact);
}

TEST(NormaliseUtopiaDystopiaTest, LowerIsBetterScalesLinearly) {
  // Infant mortality of AT11 in the EU-SPI 2020 data: 100 * (3.366667 - 15.8) / (0 - 15.8).
  EXPECT_NEAR(NormaliseUtopiaDystopia(3.366667, 0, 15.8), 78.69, kExact);
  // Ozone has a non-zero utopia: 100 * (119.59279 - 120) / (70 - 120) = 0.81.
  EXPECT_NEAR(NormaliseUtopiaDystopia(119.59279, 70, 120), 0.81, kExact);
}

TEST(NormaliseUtopiaDystopiaTest, CapsBeyondUtopiaAndDystopia) {
  EXPECT_DOUBLE_EQ(NormaliseUtopiaDystopia(120, 100, 0), 100);
  EXPECT_DOUBLE_EQ(NormaliseUtopiaDystopia(-5, 100, 0), 0);
  EXPECT_DOUBLE_EQ(NormaliseUtopiaDystopia(60, 70, 120), 100);  // better than utopia
  EXPECT_DOUBLE_EQ(NormaliseUtopiaDystopia(130, 70, 120), 0);   // worse than dystopia
  EXPECT_DOUBLE_EQ(NormaliseUtopiaDystopia(0, 70, 120), 100);
}

TEST(PowerMeanTest, OrderHalfOfPerfectSquares) {
  // sqrt: 8, 9, 10; mean 9; squared 81.
  const std::vector<double> values = {64, 81, 100};
  EXPECT_THAT(PowerMean(values, 0.5), Optional(DoubleNear(81.0, 1e-12)));
}

TEST(PowerMeanTest, OrderOneIsArithmeticAndZeroIsGeometric) {
  const std::vector<double> values = {64, 81, 100};
  EXPECT_THAT(PowerMean(values, 1.0), Optional(DoubleNear(81.67, kExact)));
  EXPECT_THAT(PowerMean(values, 0.0), Optional(DoubleNear(80.33, kExact)));  // cbrt(518400)
}

TEST(PowerMeanTest, OrderTwoIsQuadratic) {
  const std::vector<double> values = {30, 40};  // sqrt((900 + 1600) / 2) = 35.36
  EXPECT_THAT(PowerMean(values, 2.0), Optional(DoubleNear(35.36, kExact)));
}

TEST(PowerMeanTest, Weighted) {
  const std::vector<double> values = {25, 100};
  const std::vector<double> weights = {3, 1};
  // ((3 * 5 + 1 * 10) / 4)^2 = 6.25^2
  EXPECT_THAT(PowerMean(values, weights, 0.5), Optional(DoubleNear(39.0625, 1e-12)));
  // (3 * 25 + 100) / 4
  EXPECT_THAT(PowerMean(values, weights, 1.0), Optional(DoubleNear(43.75, 1e-12)));
  // exp((2 ln 20 + ln 80) / 3) = 31.75
  const std::vector<double> geometric_values = {20, 80};
  const std::vector<double> geometric_weights = {2, 1};
  EXPECT_THAT(PowerMean(geometric_values, geometric_weights, 0.0),
              Optional(DoubleNear(31.75, kExact)));
}

TEST(PowerMeanTest, ZeroDecidesForNonPositiveOrders) {
  const std::vector<double> values = {0, 50};
  EXPECT_THAT(PowerMean(values, 0.0), Optional(0.0));
  EXPECT_THAT(PowerMean(values, -1.0), Optional(0.0));
  EXPECT_THAT(PowerMean(values, 0.5), Optional(DoubleNear(12.5, 1e-12)));  // (sqrt(50)/2)^2
}

TEST(PowerMeanTest, NothingToAverage) {
  EXPECT_EQ(PowerMean(std::vector<double>{}, 0.5), std::nullopt);
  const std::vector<double> values = {10};
  const std::vector<double> weights = {0};
  EXPECT_EQ(PowerMean(values, weights, 0.5), std::nullopt);
}

TEST(ComputeScoresTest, HandComputedIndexAtBothExponents) {
  const Framework framework = TwoByTwoByTwo();
  // Normalised: i1 60, i2 68 -> c1 64; i3 100, i4 100 -> c2 100;
  //             i5 70, i6 2 -> c3 36;  i7 81, i8 81 -> c4 81.
  const std::vector<double> raw = {6, 16, 100, 1, 30, 2, 81, 81};
  RegionScores scores = ComputeComponentScores(framework, raw, {});
  EXPECT_THAT(scores.normalised,
              ElementsAre(Optional(DoubleNear(60, 1e-9)), Optional(DoubleNear(68, 1e-9)),
                          Optional(100.0), Optional(100.0), Optional(DoubleNear(70, 1e-9)),
                          Optional(DoubleNear(2, 1e-9)), Optional(81.0), Optional(81.0)));
  EXPECT_THAT(scores.components, ElementsAre(Optional(DoubleNear(64, 1e-9)), Optional(100.0),
                                             Optional(DoubleNear(36, 1e-9)), Optional(81.0)));

  // EU-SPI, order 0.5: d1 = ((8 + 10) / 2)^2 = 81, d2 = ((6 + 9) / 2)^2 = 56.25,
  // index = ((9 + 7.5) / 2)^2 = 68.0625.
  AggregateComponents(framework, kEuSpiAggregation, scores);
  EXPECT_THAT(scores.dimensions,
              ElementsAre(Optional(DoubleNear(81, 1e-9)), Optional(DoubleNear(56.25, 1e-9))));
  EXPECT_THAT(scores.index, Optional(DoubleNear(68.06, kExact)));

  // Global SPI style, order 1: d1 = 82, d2 = 58.5, index = 70.25.
  AggregateComponents(framework, kGlobalSpiAggregation, scores);
  EXPECT_THAT(scores.dimensions,
              ElementsAre(Optional(DoubleNear(82, 1e-9)), Optional(DoubleNear(58.5, 1e-9))));
  EXPECT_THAT(scores.index, Optional(DoubleNear(70.25, 1e-9)));
  EXPECT_TRUE(scores.notes.empty());
}

TEST(ComputeScoresTest, MixedExponentsPerLevel) {
  const Framework framework = TwoByTwoByTwo();
  const std::vector<double> raw = {6, 16, 100, 1, 30, 2, 81, 81};
  RegionScores scores = ComputeComponentScores(framework, raw, {});
  // Dimensions at order 1 (82, 58.5), index at order 0.5: ((sqrt 82 + sqrt 58.5) / 2)^2.
  AggregateComponents(framework, {1.0, 0.5}, scores);
  EXPECT_THAT(scores.index, Optional(DoubleNear(69.76, kExact)));
}

TEST(MissingDataTest, MissingIndicatorIsSkippedAndReported) {
  const Framework framework = TwoByTwoByTwo();
  // i2 missing: c1 is i1 alone (60) instead of the mean of 60 and 68.
  const std::vector<double> raw = {6, kNa, 100, 1, 30, 2, 81, 81};
  RegionScores scores = ComputeComponentScores(framework, raw, {});
  EXPECT_THAT(scores.components[0], Optional(DoubleNear(60, 1e-9)));
  EXPECT_EQ(scores.normalised[1], std::nullopt);
  EXPECT_EQ(scores.raw[1], std::nullopt);
  EXPECT_THAT(NoteCodes(scores, ScoreLevel::kIndicator), ElementsAre("i2"));
  AggregateComponents(framework, kEuSpiAggregation, scores);
  // d1 = ((sqrt 60 + 10) / 2)^2
  EXPECT_THAT(scores.dimensions[0], Optional(DoubleNear(78.73, kExact)));
  EXPECT_TRUE(scores.complete());
}

TEST(MissingDataTest, ComponentWithoutIndicatorsMakesDimensionAndIndexUnavailable) {
  const Framework framework = TwoByTwoByTwo();
  const std::vector<double> raw = {6, 16, 100, 1, kNa, kNa, 81, 81};
  RegionScores scores = ComputeComponentScores(framework, raw, {});
  AggregateComponents(framework, kEuSpiAggregation, scores);
  EXPECT_EQ(scores.components[2], std::nullopt);
  EXPECT_THAT(scores.dimensions[0], Optional(DoubleNear(81, 1e-9)));  // d1 is unaffected
  EXPECT_EQ(scores.dimensions[1], std::nullopt);
  EXPECT_EQ(scores.index, std::nullopt);
  EXPECT_FALSE(scores.complete());
  EXPECT_THAT(NoteCodes(scores, ScoreLevel::kIndicator), ElementsAre("i5", "i6"));
  EXPECT_THAT(NoteCodes(scores, ScoreLevel::kComponent), ElementsAre("c3"));
  EXPECT_THAT(NoteCodes(scores, ScoreLevel::kDimension), ElementsAre("d2"));
  EXPECT_THAT(NoteCodes(scores, ScoreLevel::kIndex), ElementsAre(""));
  EXPECT_EQ(scores.notes.back().args.at("dimensions"), "d2");
}

TEST(MissingDataTest, RegionWithoutAnyValueIsUnavailableEverywhere) {
  const Framework framework = TwoByTwoByTwo();
  RegionScores scores = ComputeComponentScores(framework, {}, {});
  AggregateComponents(framework, kEuSpiAggregation, scores);
  EXPECT_EQ(scores.index, std::nullopt);
  EXPECT_TRUE(NoteCodes(scores, ScoreLevel::kComponent).empty());
  EXPECT_EQ(scores.notes.front().message, "There are no values for this region in this year.");
  EXPECT_THAT(NoteCodes(scores, ScoreLevel::kDimension), ElementsAre("d1", "d2"));
}

TEST(MissingDataTest, PolicyCanRequireMoreIndicators) {
  const Framework framework = TwoByTwoByTwo();
  const std::vector<double> raw = {6, kNa, 100, 1, 30, 2, 81, 81};
  MissingDataPolicy policy;
  policy.min_indicators_per_component = 2;
  RegionScores scores = ComputeComponentScores(framework, raw, policy);
  EXPECT_EQ(scores.components[0], std::nullopt);
  ASSERT_EQ(NoteCodes(scores, ScoreLevel::kComponent), std::vector<std::string>{"c1"});
  EXPECT_EQ(scores.notes.back().args.at("available"), "1");
  EXPECT_EQ(scores.notes.back().args.at("required"), "2");
}

TEST(MissingDataTest, WeightedComponentAndWeightShare) {
  std::vector<Dimension> dimensions = {
      {"d",
       {"D", "D"},
       {{"c",
         {"C", "C"},
         {MakeIndicator("a", 100, 0, 2.0), MakeIndicator("b", 100, 0), MakeIndicator("c", 100, 0)},
         {}}},
       {}}};
  auto framework = Framework::Create("w", {}, std::move(dimensions));
  ASSERT_TRUE(framework.ok());
  // (2 * 40 + 70 + 100) / 4 = 62.5
  std::vector<double> raw = {40, 70, 100};
  EXPECT_THAT(ComputeComponentScores(*framework, raw, {}).components[0],
              Optional(DoubleNear(62.5, 1e-9)));
  // b missing: (2 * 40 + 100) / 3 = 60, carrying 3/4 of the weight.
  raw = {40, kNa, 100};
  EXPECT_THAT(ComputeComponentScores(*framework, raw, {}).components[0],
              Optional(DoubleNear(60, 1e-9)));
  MissingDataPolicy policy;
  policy.min_weight_share_per_component = 0.8;
  RegionScores strict = ComputeComponentScores(*framework, raw, policy);
  EXPECT_EQ(strict.components[0], std::nullopt);
  EXPECT_EQ(strict.notes.back().args.at("share"), "75.0");
}

// Region infos for anchoring: R1, R2 in X; R3 in Y.
std::vector<RegionInfo> AnchoringRegions() {
  std::vector<RegionInfo> regions(3);
  regions[0].code = "R1";
  regions[0].country = "X";
  regions[0].population = 1;
  regions[1].code = "R2";
  regions[1].country = "X";
  regions[1].population = 3;
  regions[2].code = "R3";
  regions[2].country = "Y";
  regions[2].population = 5;
  return regions;
}

// A framework with one dimension and one component, so anchoring is easy to follow.
Framework OneComponent() {
  std::vector<Dimension> dimensions = {
      {"d", {"D", "D"}, {{"c", {"C", "C"}, {MakeIndicator("i", 100, 0)}, {}}}, {}}};
  auto framework = Framework::Create("one", {}, std::move(dimensions));
  EXPECT_TRUE(framework.ok());
  return std::move(framework).value();
}

RegionScores ComponentOnly(size_t region, std::string code, std::optional<double> component) {
  RegionScores scores;
  scores.region = region;
  scores.region_code = std::move(code);
  scores.components = {component};
  return scores;
}

TEST(AnchorToNationalTest, ShiftsRegionsSoTheirWeightedMeanIsTheNationalScore) {
  const Framework framework = OneComponent();
  YearScores regional;
  regional.regions = {ComponentOnly(0, "R1", 50), ComponentOnly(1, "R2", 70),
                      ComponentOnly(2, "R3", 40)};
  const std::vector<RegionScores> national = {ComponentOnly(0, "X", 66), ComponentOnly(1, "Y", 45)};
  AnchorToNational(framework, AnchoringRegions(), national, regional);
  // X: weighted mean (1 * 50 + 3 * 70) / 4 = 65; R1 = 66 + 50 - 65 = 51, R2 = 66 + 70 - 65 = 71.
  EXPECT_THAT(regional.regions[0].components[0], Optional(DoubleNear(51, 1e-9)));
  EXPECT_THAT(regional.regions[1].components[0], Optional(DoubleNear(71, 1e-9)));
  // Y has one region, which takes the national score.
  EXPECT_THAT(regional.regions[2].components[0], Optional(DoubleNear(45, 1e-9)));
  // (1 * 51 + 3 * 71) / 4 = 66
  EXPECT_NEAR((1 * *regional.regions[0].components[0] + 3 * *regional.regions[1].components[0]) / 4,
              66, 1e-9);
  for (const auto& scores : regional.regions) EXPECT_TRUE(scores.notes.empty());
}

TEST(AnchorToNationalTest, CapsToTheScaleAndSaysSo) {
  const Framework framework = OneComponent();
  YearScores regional;
  regional.regions = {ComponentOnly(0, "R1", 100), ComponentOnly(1, "R2", 60),
                      ComponentOnly(2, "R3", 40)};
  auto regions = AnchoringRegions();
  regions[1].population = 1;
  const std::vector<RegionScores> national = {ComponentOnly(0, "X", 99), ComponentOnly(1, "Y", 45)};
  AnchorToNational(framework, regions, national, regional);
  // Mean 80: R1 = 99 + 20 = 119 -> 100; R2 = 99 - 20 = 79.
  EXPECT_THAT(regional.regions[0].components[0], Optional(100.0));
  EXPECT_THAT(regional.regions[1].components[0], Optional(DoubleNear(79, 1e-9)));
  ASSERT_EQ(regional.regions[0].notes.size(), 1u);
  EXPECT_EQ(regional.regions[0].notes[0].args.at("value"), "119.00");
}

TEST(AnchorToNationalTest, MissingNationalScoreOrPopulationMakesComponentUnavailable) {
  const Framework framework = OneComponent();
  YearScores regional;
  regional.regions = {ComponentOnly(0, "R1", 50), ComponentOnly(1, "R2", 70),
                      ComponentOnly(2, "R3", 40)};
  auto regions = AnchoringRegions();
  regions[1].population.reset();
  const std::vector<RegionScores> national = {ComponentOnly(0, "X", 66)};  // no Y
  AnchorToNational(framework, regions, national, regional);
  EXPECT_EQ(regional.regions[0].components[0], std::nullopt);
  EXPECT_EQ(regional.regions[0].notes.at(0).args.at("region"), "R2");
  EXPECT_EQ(regional.regions[1].components[0], std::nullopt);
  EXPECT_EQ(regional.regions[2].components[0], std::nullopt);
  EXPECT_EQ(regional.regions[2].notes.at(0).args.at("country"), "Y");
}

TEST(AnchorToNationalTest, RegionsWithoutScoreAreLeftOutOfTheMean) {
  const Framework framework = OneComponent();
  YearScores regional;
  regional.regions = {ComponentOnly(0, "R1", 50), ComponentOnly(1, "R2", std::nullopt),
                      ComponentOnly(2, "R3", 40)};
  const std::vector<RegionScores> national = {ComponentOnly(0, "X", 66), ComponentOnly(1, "Y", 45)};
  AnchorToNational(framework, AnchoringRegions(), national, regional);
  EXPECT_THAT(regional.regions[0].components[0], Optional(DoubleNear(66, 1e-9)));
  EXPECT_EQ(regional.regions[1].components[0], std::nullopt);
}

TEST(ComputeScoresTest, AnchorsWithNationalDatasetAcrossYears) {
  const Framework framework = OneComponent();
  Dataset regional(1);
  for (auto [code, population] : {std::pair{"R1", 1.0}, std::pair{"R2", 3.0}}) {
    size_t r = regional.AddRegion(code);
    regional.region(r).country = "X";
    regional.region(r).population = population;
  }
  regional.Set(0, 0, 2019, 50);
  regional.Set(1, 0, 2019, 70);
  regional.Set(0, 0, 2020, 60);
  regional.Set(1, 0, 2020, 60);
  Dataset national(1);
  national.AddRegion("X");
  national.Set(0, 0, 2019, 66);
  // No national value for 2020: the anchored components of 2020 are unavailable.

  auto years = ComputeScores(framework, regional, {}, &national);
  ASSERT_TRUE(years.ok());
  ASSERT_EQ(years->size(), 2u);
  EXPECT_EQ((*years)[0].year, 2019);
  // One component per dimension: dimension and index equal the component at any order.
  EXPECT_THAT((*years)[0].regions[0].index, Optional(DoubleNear(51, 1e-9)));
  EXPECT_THAT((*years)[0].regions[1].index, Optional(DoubleNear(71, 1e-9)));
  EXPECT_EQ((*years)[1].regions[0].index, std::nullopt);
  EXPECT_EQ(NoteCodes((*years)[1].regions[0], ScoreLevel::kComponent),
            std::vector<std::string>{"c"});
}

TEST(ComputeScoresTest, AnchoringWithoutAnyPopulationIsAnError) {
  const Framework framework = OneComponent();
  Dataset regional(1);
  regional.AddRegion("R1");
  regional.Set(0, 0, 2020, 50);
  Dataset national(1);
  national.AddRegion("X");
  national.Set(0, 0, 2020, 50);
  auto years = ComputeScores(framework, regional, {}, &national);
  ASSERT_FALSE(years.ok());
  EXPECT_EQ(years.error().fields().at(0).field, "population");
}

TEST(ComputeScoresTest, RejectsBadOptionsAndUnknownYear) {
  const Framework framework = OneComponent();
  Dataset regional(1);
  regional.AddRegion("R1");
  regional.Set(0, 0, 2020, 50);
  ComputeOptions options;
  options.aggregation.dimension_exponent = std::nan("");
  auto bad = ComputeScores(framework, regional, options);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().at(0).field, "exponent_dimension");

  ComputeOptions other_year;
  other_year.year = 2019;
  auto missing = ComputeScores(framework, regional, other_year);
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().IsNotFound());
}

TEST(RankDescendingTest, CompetitionRanksSkipUnscoredRegions) {
  const std::vector<std::optional<double>> scores = {50, 70, std::nullopt, 70, 10};
  EXPECT_THAT(RankDescending(scores),
              ElementsAre(Optional(3), Optional(1), std::nullopt, Optional(1), Optional(4)));
}

}  // namespace
}  // namespace samverkan::progress
