// Social Progress Index computation: normalisation, components, dimensions, index, anchoring
// to national scores, and the explicit missing-data policy.
//
// Sources (cited again next to each formula in scoring.cc):
//  [EU-SPI 2020] P. Annoni, P. Bolsi, "The regional dimension of social progress in Europe:
//      presenting the new EU Social Progress Index", DG REGIO Working Paper WP 06/2020,
//      methodological annex.
//  [EU-SPI 2016] P. Annoni, L. Dijkstra, T. Hellman, "The EU Regional SPI: a measure of social
//      progress in the EU regions. Methodological paper", DG REGIO 2016, sections 4.3-4.5.
//  [SPI] Social Progress Imperative, Social Progress Index methodology summary (global SPI:
//      utopia/dystopia scaling, arithmetic means of components and dimensions).
//
// Missing-data policy (nothing is ever filled in):
//  - A missing indicator value is skipped: its component is the (weighted) mean of the other
//    indicators of the component, as [EU-SPI 2020] does. Each skipped indicator is reported.
//  - A component is unavailable when fewer than MissingDataPolicy::min_indicators_per_component
//    of its indicators have values, or they carry less than min_weight_share_per_component of
//    its weight. Default: one indicator is enough.
//  - A dimension is unavailable when any of its components is; the index is unavailable when
//    any dimension is. A power mean over fewer components would change what the score means.
//  - With anchoring, a component is unavailable when the national score it is anchored to, the
//    region's country or (for the weighted mean) its population is missing.
//  Every unavailable score and every skipped value is listed in RegionScores::notes.
//
// All functions are pure and thread-safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/progress/domain/dataset.h"
#include "modules/progress/domain/framework.h"

namespace samverkan::progress {

// Utopia-dystopia normalisation to 0-100 with capping [EU-SPI 2020], [SPI]:
//   score = 100 * (value - dystopia) / (utopia - dystopia), then clamped to [0, 100].
// The same formula serves both directions: for lower-is-better indicators utopia < dystopia.
// Precondition: utopia != dystopia (Framework::Create guarantees it).
double NormaliseUtopiaDystopia(double value, double utopia, double dystopia);

// The generalised (power) mean of order `exponent` with weights [EU-SPI 2016, 4.4]:
//   M_p = (sum w_i x_i^p / sum w_i)^(1/p),  and for p = 0 the weighted geometric mean.
// p = 1 is the arithmetic mean (global SPI), p = 0.5 the EU-SPI choice. Values must be >= 0.
// `weights` is either empty (all 1) or as long as `values`. Returns nullopt for no values or
// a zero weight sum. For p <= 0 a zero value gives 0 (the limit).
std::optional<double> PowerMean(std::span<const double> values, std::span<const double> weights,
                                double exponent);
inline std::optional<double> PowerMean(std::span<const double> values, double exponent) {
  return PowerMean(values, {}, exponent);
}

struct AggregationOptions {
  double dimension_exponent = 0.5;  // components -> dimension
  double index_exponent = 0.5;      // dimensions -> index
};
// [EU-SPI 2016, 4.4] and [EU-SPI 2020]: power mean of order 0.5 at both levels.
inline constexpr AggregationOptions kEuSpiAggregation{0.5, 0.5};
// [SPI]: simple averages of components and of dimensions.
inline constexpr AggregationOptions kGlobalSpiAggregation{1.0, 1.0};

struct MissingDataPolicy {
  int min_indicators_per_component = 1;
  double min_weight_share_per_component = 0.0;  // in [0, 1]
};

struct ComputeOptions {
  AggregationOptions aggregation;
  MissingDataPolicy missing;
  // Compute only this year; all years of the dataset when empty.
  std::optional<int> year;
};

enum class ScoreLevel { kIndicator, kComponent, kDimension, kIndex };
const char* ScoreLevelName(ScoreLevel level);  // "indicator", "component", ...

// Why a value was skipped or a score is unavailable. `message` is an English msgid with
// {{placeholders}} filled from `args`; `code` names the indicator, component or dimension
// (empty for the index).
struct ScoreNote {
  ScoreLevel level = ScoreLevel::kIndex;
  std::string code;
  std::string message;
  std::map<std::string, std::string> args;
};

// Scores of one region in one year; vectors are in the framework's flat orders.
struct RegionScores {
  size_t region = 0;  // index in the Dataset
  std::string region_code;
  int year = kUnspecifiedYear;
  std::vector<std::optional<double>> raw;         // per indicator, as observed
  std::vector<std::optional<double>> normalised;  // per indicator, 0-100
  std::vector<std::optional<double>> components;  // 0-100
  std::vector<std::optional<double>> dimensions;  // 0-100
  std::optional<double> index;                    // 0-100
  std::vector<ScoreNote> notes;

  bool complete() const { return index.has_value(); }
};

// All regions of a dataset in one year; regions[r] is dataset region r.
struct YearScores {
  int year = kUnspecifiedYear;
  std::vector<RegionScores> regions;
};

// Checks exponents (finite), policy bounds. InvalidArgument with the offending field.
Status ValidateOptions(const ComputeOptions& options);

// Normalises one region's raw values (flat indicator order, NaN = missing) and averages them
// into components (the first half of the computation; no dimensions or index yet). An empty
// `raw` (no value at all for the region that year) gives a single note saying so.
RegionScores ComputeComponentScores(const Framework& framework, std::span<const double> raw,
                                    const MissingDataPolicy& policy);

// Fills dimensions and index from the components (the second half), adding notes for what is
// unavailable. Existing dimension and index values are replaced.
void AggregateComponents(const Framework& framework, const AggregationOptions& options,
                         RegionScores& scores);

// Anchors regional component scores to national ones with population weights
// [EU-SPI 2016, 4.5]: for region r of country n and component c,
//   anchored_rc = national_nc + (regional_rc - sum_{j in n} pop_j regional_jc / sum pop_j),
// the weighted mean running over the regions of n with a score and a population. The
// population-weighted mean of the anchored scores then equals the national score. Results are
// capped to [0, 100] (noted when that happens). `national` holds one entry per country, keyed
// by RegionScores::region_code; `regions` gives each regional score's country and population.
// Dimensions and index are cleared; call AggregateComponents afterwards.
void AnchorToNational(const Framework& framework, const std::vector<RegionInfo>& regions,
                      const std::vector<RegionScores>& national, YearScores& regional);

// The whole computation: per year, normalisation and components for every dataset region,
// optional anchoring to `national` (a dataset of the same framework whose regions are
// countries, e.g. the EU-SPI national file), then dimensions and index. Years come out
// ascending. Errors: InvalidArgument for bad options, or when anchoring is asked for and the
// dataset has no population for any region.
Result<std::vector<YearScores>> ComputeScores(const Framework& framework, const Dataset& regional,
                                              const ComputeOptions& options,
                                              const Dataset* national = nullptr);

// Competition ranks ("1224"): 1 for the highest score, equal scores share a rank, regions
// without a score get none.
std::vector<std::optional<int>> RankDescending(std::span<const std::optional<double>> scores);

}  // namespace samverkan::progress
