// Properties of the SPI computation checked over many random cases (fixed seeds, so a failure
// reproduces).
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "modules/progress/domain/scoring.h"

namespace samverkan::progress {
namespace {

constexpr int kCases = 2000;

std::string Code(char prefix, int serial) {
  std::string code(1, prefix);
  code += std::to_string(serial);
  return code;
}

// A random framework: 1-4 dimensions of 1-5 components of 1-6 indicators, random directions,
// scales and weights.
Framework RandomFramework(std::mt19937& rng) {
  std::uniform_int_distribution<int> dimensions_n(1, 4), components_n(1, 5), indicators_n(1, 6);
  std::uniform_real_distribution<double> bound(-1000, 1000), weight(0.1, 5), coin(0, 1);
  std::vector<Dimension> dimensions(dimensions_n(rng));
  int serial = 0;
  for (auto& dimension : dimensions) {
    dimension.code = Code('d', serial++);
    dimension.components.resize(components_n(rng));
    for (auto& component : dimension.components) {
      component.code = Code('c', serial++);
      component.indicators.resize(indicators_n(rng));
      for (auto& indicator : component.indicators) {
        indicator.code = Code('i', serial++);
        double a = bound(rng), b = bound(rng);
        while (a == b) b = bound(rng);
        indicator.utopia = a;
        indicator.dystopia = b;
        indicator.direction = a > b ? Direction::kHigherIsBetter : Direction::kLowerIsBetter;
        if (coin(rng) < 0.3) indicator.weight = weight(rng);
      }
    }
  }
  auto framework = Framework::Create("random", {}, std::move(dimensions));
  EXPECT_TRUE(framework.ok());
  return std::move(framework).value();
}

// Raw values around (and beyond) each indicator's scale.
std::vector<double> RandomRaw(const Framework& framework, std::mt19937& rng) {
  std::uniform_real_distribution<double> position(-0.5, 1.5);
  std::vector<double> raw;
  for (size_t i = 0; i < framework.indicator_count(); ++i) {
    const Indicator& indicator = framework.indicator(i);
    raw.push_back(indicator.dystopia + position(rng) * (indicator.utopia - indicator.dystopia));
  }
  return raw;
}

TEST(ScoringPropertyTest, EveryNormalisedValueIsWithinZeroAndHundred) {
  std::mt19937 rng(20201);
  std::uniform_real_distribution<double> any(-1e6, 1e6);
  for (int n = 0; n < kCases * 10; ++n) {
    double utopia = any(rng), dystopia = any(rng), value = any(rng);
    if (utopia == dystopia) continue;
    const double score = NormaliseUtopiaDystopia(value, utopia, dystopia);
    ASSERT_GE(score, 0.0) << value << " " << utopia << " " << dystopia;
    ASSERT_LE(score, 100.0) << value << " " << utopia << " " << dystopia;
  }
  // And through the whole computation, every score stays on the scale.
  for (int n = 0; n < kCases / 10; ++n) {
    const Framework framework = RandomFramework(rng);
    RegionScores scores = ComputeComponentScores(framework, RandomRaw(framework, rng), {});
    AggregateComponents(framework, kEuSpiAggregation, scores);
    for (const auto& v : scores.normalised) ASSERT_TRUE(v && *v >= 0 && *v <= 100);
    for (const auto& v : scores.components) ASSERT_TRUE(v && *v >= -1e-9 && *v <= 100 + 1e-9);
    ASSERT_TRUE(scores.index && *scores.index >= -1e-9 && *scores.index <= 100 + 1e-9);
  }
}

TEST(ScoringPropertyTest, OrderHalfLiesBetweenGeometricAndArithmeticMeans) {
  std::mt19937 rng(5);
  std::uniform_int_distribution<int> count(1, 12);
  std::uniform_real_distribution<double> score(0, 100), weight(0.1, 3);
  for (int n = 0; n < kCases; ++n) {
    std::vector<double> values(count(rng)), weights(values.size());
    for (auto& v : values) v = score(rng);
    for (auto& w : weights) w = weight(rng);
    for (const std::vector<double>& w : {std::vector<double>{}, weights}) {
      const double geometric = *PowerMean(values, w, 0.0);
      const double half = *PowerMean(values, w, 0.5);
      const double arithmetic = *PowerMean(values, w, 1.0);
      ASSERT_LE(geometric, half + 1e-9);
      ASSERT_LE(half, arithmetic + 1e-9);
    }
  }
}

TEST(ScoringPropertyTest, EqualComponentsGiveThatValueAsIndex) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> score(0, 100);
  for (int n = 0; n < kCases / 10; ++n) {
    const Framework framework = RandomFramework(rng);
    const double value = score(rng);
    for (AggregationOptions options :
         {kEuSpiAggregation, kGlobalSpiAggregation, AggregationOptions{0.0, 2.0}}) {
      RegionScores scores;
      scores.components.assign(framework.component_count(), value);
      AggregateComponents(framework, options, scores);
      ASSERT_TRUE(scores.index);
      ASSERT_NEAR(*scores.index, value, 1e-9);
      for (const auto& dimension : scores.dimensions) ASSERT_NEAR(*dimension, value, 1e-9);
    }
  }
}

TEST(ScoringPropertyTest, ImprovingAnIndicatorNeverLowersTheIndex) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> step(0, 1);
  for (int n = 0; n < kCases / 4; ++n) {
    const Framework framework = RandomFramework(rng);
    std::vector<double> raw = RandomRaw(framework, rng);
    std::uniform_int_distribution<size_t> which(0, framework.indicator_count() - 1);
    const size_t i = which(rng);
    for (AggregationOptions options : {kEuSpiAggregation, kGlobalSpiAggregation}) {
      RegionScores before = ComputeComponentScores(framework, raw, {});
      AggregateComponents(framework, options, before);
      std::vector<double> better = raw;
      const Indicator& indicator = framework.indicator(i);
      // Move towards utopia, whichever way that is.
      better[i] += step(rng) * (indicator.utopia - indicator.dystopia);
      RegionScores after = ComputeComponentScores(framework, better, {});
      AggregateComponents(framework, options, after);
      ASSERT_GE(*after.index, *before.index - 1e-9)
          << "indicator " << indicator.code << " raw " << raw[i] << " -> " << better[i];
    }
  }
}

}  // namespace
}  // namespace samverkan::progress
