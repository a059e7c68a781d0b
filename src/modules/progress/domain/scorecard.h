// Scorecards: one region in one year, read against all regions (rank), against a peer group
// (relative strengths and weaknesses) and against its own past (change over years).
//
// Strengths and weaknesses follow the rule of the global Social Progress Index scorecards
// (Social Progress Imperative, methodology summary: comparison with a group of peers of
// similar GDP per capita): a score is a relative strength when it lies above the peer group's
// median by more than the peers' mean absolute deviation from that median, a weakness when it
// lies below by more than that, and neutral otherwise. The EU-SPI regional scorecards (Annoni &
// Bolsi 2020, "Regional scorecards: comparisons with GDP and population peers") read regions
// against peer groups in the same way; which peers is the caller's choice here.
//
// Pure and thread-safe.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/progress/domain/dataset.h"
#include "modules/progress/domain/framework.h"
#include "modules/progress/domain/scoring.h"

namespace samverkan::progress {

enum class PeerGroupKind {
  kChosenRegions,       // PeerGroupSpec::regions
  kSameCountry,         // every other region with the same RegionInfo::country
  kNearestOnCovariate,  // the k regions closest on RegionInfo::covariates[covariate]
};

struct PeerGroupSpec {
  PeerGroupKind kind = PeerGroupKind::kSameCountry;
  std::vector<std::string> regions;  // kChosenRegions
  std::string covariate;             // kNearestOnCovariate, e.g. "gdp_per_capita"
  int k = 20;                        // kNearestOnCovariate; the EU-SPI 2016 used 20 GDP peers
};

enum class RelativePerformance { kStrength, kNeutral, kWeakness, kNotAssessed };
const char* RelativePerformanceName(RelativePerformance performance);  // "strength", ...

// One score of the scorecard region with its context.
struct ScoreReading {
  std::optional<double> score;
  std::optional<int> rank;  // among all regions with this score in the year, 1 = best
  int ranked_regions = 0;
  std::optional<double> peer_median;
  std::optional<double> peer_deviation;  // mean absolute deviation from the peer median
  RelativePerformance performance = RelativePerformance::kNotAssessed;
  // Score minus the score of the latest earlier year that has one; and that year.
  std::optional<double> change;
  std::optional<int> change_since;
};

struct IndicatorReading {
  std::optional<double> raw;
  ScoreReading normalised;  // strengths and ranks are read on the 0-100 value
};

struct TrendPoint {
  int year = kUnspecifiedYear;
  std::optional<double> index;
  std::vector<std::optional<double>> dimensions;
  std::vector<std::optional<double>> components;
};

struct Scorecard {
  std::string region;
  int year = kUnspecifiedYear;
  std::vector<std::string> peers;  // region codes, in the order they were chosen
  ScoreReading index;
  std::vector<ScoreReading> dimensions;      // framework flat order
  std::vector<ScoreReading> components;      // framework flat order
  std::vector<IndicatorReading> indicators;  // framework flat order
  std::vector<TrendPoint> trend;             // every computed year, ascending
  std::vector<ScoreNote> notes;              // why scores of this region and year are missing
};

// Builds the scorecard of `region` in `year` from scores computed by ComputeScores over
// `dataset` (`years` as ComputeScores returned them). Peers without a score are left out of
// the median for that score; a score with fewer than two peer scores is not assessed.
// Errors: NotFound when the region or year is not in the scores; InvalidArgument when a
// chosen peer is unknown, the covariate is missing for the region, or k < 1.
Result<Scorecard> BuildScorecard(const Framework& framework, const Dataset& dataset,
                                 const std::vector<YearScores>& years, const std::string& region,
                                 int year, const PeerGroupSpec& peers);

// Peer regions (dataset indices) of `region` under `spec`, never including `region` itself.
// kNearestOnCovariate ranks by absolute difference, ties broken by region code; regions
// without the covariate are not candidates. Errors as for BuildScorecard.
Result<std::vector<size_t>> SelectPeers(const Dataset& dataset, size_t region,
                                        const PeerGroupSpec& spec);

// Strength, weakness or neutral for `score` against `peer_scores` (rule in the file comment).
// Also returns the median and the mean absolute deviation it used.
struct PeerComparison {
  std::optional<double> median;
  std::optional<double> deviation;
  RelativePerformance performance = RelativePerformance::kNotAssessed;
};
PeerComparison CompareWithPeers(std::optional<double> score, std::vector<double> peer_scores);

}  // namespace samverkan::progress
