#include "modules/progress/domain/scorecard.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <map>
#include <set>
#include <utility>

namespace samverkan::progress {
namespace {

using ScoreOf = std::function<std::optional<double>(const RegionScores&)>;

double Median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  const size_t n = values.size();
  return n % 2 == 1 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// The scores of one year by dataset region index (ComputeScores lays them out that way, but
// scores may come from elsewhere).
std::map<size_t, const RegionScores*> ByRegion(const YearScores& year) {
  std::map<size_t, const RegionScores*> by_region;
  for (const auto& scores : year.regions) by_region[scores.region] = &scores;
  return by_region;
}

}  // namespace

const char* RelativePerformanceName(RelativePerformance performance) {
  switch (performance) {
    case RelativePerformance::kStrength:
      return "strength";
    case RelativePerformance::kNeutral:
      return "neutral";
    case RelativePerformance::kWeakness:
      return "weakness";
    case RelativePerformance::kNotAssessed:
      return "not-assessed";
  }
  return "not-assessed";
}

PeerComparison CompareWithPeers(std::optional<double> score, std::vector<double> peer_scores) {
  PeerComparison comparison;
  if (peer_scores.empty()) return comparison;
  const double median = Median(peer_scores);
  double deviation = 0;
  for (double peer : peer_scores) deviation += std::abs(peer - median);
  deviation /= static_cast<double>(peer_scores.size());
  comparison.median = median;
  comparison.deviation = deviation;
  // Global SPI scorecards: strength above median + mean absolute deviation, weakness below
  // median - mean absolute deviation. Two peers are the fewest that give a spread at all.
  if (!score || peer_scores.size() < 2) return comparison;
  if (*score > median + deviation) {
    comparison.performance = RelativePerformance::kStrength;
  } else if (*score < median - deviation) {
    comparison.performance = RelativePerformance::kWeakness;
  } else {
    comparison.performance = RelativePerformance::kNeutral;
  }
  return comparison;
}

Result<std::vector<size_t>> SelectPeers(const Dataset& dataset, size_t region,
                                        const PeerGroupSpec& spec) {
  std::vector<size_t> peers;
  const RegionInfo& self = dataset.region(region);
  switch (spec.kind) {
    case PeerGroupKind::kChosenRegions: {
      std::set<size_t> chosen;
      for (const auto& code : spec.regions) {
        std::optional<size_t> peer = dataset.FindRegion(code);
        if (!peer) {
          return Error::InvalidField("peers", "There is no region {{region}} in the data.",
                                     {{"region", code}});
        }
        if (*peer != region && chosen.insert(*peer).second) peers.push_back(*peer);
      }
      break;
    }
    case PeerGroupKind::kSameCountry:
      if (self.country.empty()) {
        return Error::InvalidField("peers", "The country of {{region}} is not known.",
                                   {{"region", self.code}});
      }
      for (size_t r = 0; r < dataset.regions().size(); ++r) {
        if (r != region && dataset.region(r).country == self.country) peers.push_back(r);
      }
      break;
    case PeerGroupKind::kNearestOnCovariate: {
      if (spec.k < 1) {
        return Error::InvalidField("k", "The number of peers must be at least 1.");
      }
      auto own = self.covariates.find(spec.covariate);
      if (own == self.covariates.end()) {
        return Error::InvalidField("covariate", "{{region}} has no value for {{covariate}}.",
                                   {{"region", self.code}, {"covariate", spec.covariate}});
      }
      std::vector<std::pair<double, size_t>> candidates;
      for (size_t r = 0; r < dataset.regions().size(); ++r) {
        if (r == region) continue;
        auto value = dataset.region(r).covariates.find(spec.covariate);
        if (value == dataset.region(r).covariates.end()) continue;
        candidates.emplace_back(std::abs(value->second - own->second), r);
      }
      std::sort(candidates.begin(), candidates.end(), [&](const auto& a, const auto& b) {
        if (a.first != b.first) return a.first < b.first;
        return dataset.region(a.second).code < dataset.region(b.second).code;
      });
      const size_t k = std::min(candidates.size(), static_cast<size_t>(spec.k));
      for (size_t n = 0; n < k; ++n) peers.push_back(candidates[n].second);
      break;
    }
  }
  return peers;
}

Result<Scorecard> BuildScorecard(const Framework& framework, const Dataset& dataset,
                                 const std::vector<YearScores>& years, const std::string& region,
                                 int year, const PeerGroupSpec& peer_spec) {
  std::optional<size_t> region_index = dataset.FindRegion(region);
  if (!region_index) {
    return Error(ErrorCode::kNotFound, "There is no region {{region}} in the data.",
                 {{"region", region}});
  }
  auto year_it =
      std::find_if(years.begin(), years.end(), [&](const YearScores& y) { return y.year == year; });
  if (year_it == years.end()) {
    return Error(ErrorCode::kNotFound, "There are no scores for {{year}}.",
                 {{"year", std::to_string(year)}});
  }
  const auto current = ByRegion(*year_it);
  auto self_it = current.find(*region_index);
  if (self_it == current.end()) {
    return Error(ErrorCode::kNotFound, "There are no scores for {{region}} in {{year}}.",
                 {{"region", region}, {"year", std::to_string(year)}});
  }
  const RegionScores& self = *self_it->second;
  auto peers = SelectPeers(dataset, *region_index, peer_spec);
  if (!peers.ok()) return std::move(peers).error();

  // Earlier years, latest first, for the change over time.
  std::vector<std::map<size_t, const RegionScores*>> earlier;
  std::vector<int> earlier_years;
  for (auto it = years.begin(); it != year_it; ++it) {
    earlier.push_back(ByRegion(*it));
    earlier_years.push_back(it->year);
  }
  std::reverse(earlier.begin(), earlier.end());
  std::reverse(earlier_years.begin(), earlier_years.end());

  auto read = [&](const ScoreOf& score_of) {
    ScoreReading reading;
    reading.score = score_of(self);
    std::vector<std::optional<double>> all;
    size_t self_position = 0;
    for (const auto& [r, scores] : current) {
      if (r == *region_index) self_position = all.size();
      all.push_back(score_of(*scores));
    }
    std::vector<std::optional<int>> ranks = RankDescending(all);
    reading.rank = ranks[self_position];
    reading.ranked_regions = static_cast<int>(
        std::count_if(all.begin(), all.end(), [](const auto& s) { return s.has_value(); }));
    std::vector<double> peer_scores;
    for (size_t peer : *peers) {
      auto found = current.find(peer);
      if (found == current.end()) continue;
      if (std::optional<double> value = score_of(*found->second)) peer_scores.push_back(*value);
    }
    PeerComparison comparison = CompareWithPeers(reading.score, std::move(peer_scores));
    reading.peer_median = comparison.median;
    reading.peer_deviation = comparison.deviation;
    reading.performance = comparison.performance;
    if (reading.score) {
      for (size_t e = 0; e < earlier.size(); ++e) {
        auto found = earlier[e].find(*region_index);
        if (found == earlier[e].end()) continue;
        if (std::optional<double> before = score_of(*found->second)) {
          reading.change = *reading.score - *before;
          reading.change_since = earlier_years[e];
          break;
        }
      }
    }
    return reading;
  };
  auto element = [](const std::vector<std::optional<double>>& v, size_t k) {
    return k < v.size() ? v[k] : std::nullopt;
  };

  Scorecard card;
  card.region = region;
  card.year = year;
  for (size_t peer : *peers) card.peers.push_back(dataset.region(peer).code);
  card.index = read([](const RegionScores& s) { return s.index; });
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    card.dimensions.push_back(
        read([&, d](const RegionScores& s) { return element(s.dimensions, d); }));
  }
  for (size_t c = 0; c < framework.component_count(); ++c) {
    card.components.push_back(
        read([&, c](const RegionScores& s) { return element(s.components, c); }));
  }
  for (size_t i = 0; i < framework.indicator_count(); ++i) {
    IndicatorReading reading;
    reading.raw = element(self.raw, i);
    reading.normalised = read([&, i](const RegionScores& s) { return element(s.normalised, i); });
    card.indicators.push_back(std::move(reading));
  }
  for (const YearScores& y : years) {
    auto by_region = ByRegion(y);
    auto found = by_region.find(*region_index);
    if (found == by_region.end()) continue;
    card.trend.push_back(
        {y.year, found->second->index, found->second->dimensions, found->second->components});
  }
  card.notes = self.notes;
  return card;
}

}  // namespace samverkan::progress
