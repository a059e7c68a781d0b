// The shared indicator library and its roll-up per UN Sustainable Development Goal.
//
// An indicator is defined once (bilingual name, definition, unit, direction, calculation,
// source) and linked to SDG goals or targets with a relation. Initiatives report values of
// it per period; the node sees one indicator across every initiative that uses it.
//
// Roll-up rule (no double counting): a reported value is counted at most once per goal, however
// many of that goal's targets its indicator links to, and at most once in the overall totals,
// however many goals it links to. The per-goal figures therefore do not add up to the overall
// figures when indicators link to several goals; that is intended and says so in the result.
// Values of different indicators are never added together (their units differ): every total
// is per indicator and period.
//
// Pure and thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::impact {

inline constexpr int kSdgGoals = 17;

enum class SdgRelation {
  kMeasures,       // the indicator is (or closely follows) the official SDG indicator
  kContributesTo,  // the change it measures contributes to the goal or target
  kProxyFor,       // it stands in for something the goal or target is about
};
// "measures", "contributes_to", "proxy_for".
std::string_view SdgRelationCode(SdgRelation relation);
std::optional<SdgRelation> ParseSdgRelation(std::string_view code);

enum class IndicatorDirection { kHigherIsBetter, kLowerIsBetter, kNeither };

// How the values of several initiatives combine into one figure.
enum class Aggregation {
  kSum,   // counts and flows: people in work, tonnes avoided
  kMean,  // shares and scores: the unweighted mean of the initiatives' values
};

struct SdgLink {
  int goal = 0;        // 1 .. 17
  std::string target;  // empty for the goal as a whole, else "3.4", "17.a" (UN numbering)
  SdgRelation relation = SdgRelation::kContributesTo;
};

struct Indicator {
  std::string id;
  LocalizedText name;
  LocalizedText definition;
  LocalizedText calculation;
  std::string unit;
  IndicatorDirection direction = IndicatorDirection::kHigherIsBetter;
  Aggregation aggregation = Aggregation::kSum;
  std::string source;
  std::vector<SdgLink> sdg_links;
};

// Checks one indicator; fields are named from `path` ("indicators[3]" -> "indicators[3].unit",
// "indicators[3].sdg_links[0].target"). A target must belong to its goal ("3.4" under 3).
Status ValidateIndicator(const Indicator& indicator, const std::string& path = "");

// One reported value.
struct IndicatorValue {
  std::string id;  // unique per value
  std::string indicator_id;
  std::string initiative_id;
  std::string period;  // e.g. "2025", "2025-Q1"
  double value = 0;
};

struct SdgRollUpOptions {
  // Links with these relations count; by default all three.
  std::vector<SdgRelation> relations = {SdgRelation::kMeasures, SdgRelation::kContributesTo,
                                        SdgRelation::kProxyFor};
  std::optional<std::string> period;  // only values of this period; all periods by default
};

// One indicator in one period, over the values counted in its context.
struct IndicatorTotal {
  std::string indicator_id;
  std::string period;
  Aggregation aggregation = Aggregation::kSum;
  double value = 0;  // the sum or the mean of the values
  int values = 0;    // values counted (one per initiative)
  // In a goal: how the indicator links to it and through which targets; empty overall.
  std::vector<SdgRelation> relations;
  std::vector<std::string> targets;
};

struct SdgGoalRollUp {
  int goal = 0;
  int values = 0;                          // distinct values counted under the goal
  int initiatives = 0;                     // distinct initiatives among them
  std::vector<IndicatorTotal> indicators;  // by indicator id, then period
};

struct SdgRollUp {
  std::vector<SdgGoalRollUp> goals;  // goals with at least one value, ascending
  // Over all goals, every value once.
  int values = 0;
  int initiatives = 0;
  std::vector<IndicatorTotal> indicators;
};

// Rolls the values up per goal and overall. InvalidArgument, with fields named
// "indicators[i]..." or "values[i]...", when an indicator is invalid or two share an id, a
// value names an unknown indicator or is not finite, two values share an id, or an initiative
// reports two values for the same indicator and period (which would count it twice).
Result<SdgRollUp> RollUpBySdg(std::span<const Indicator> indicators,
                              std::span<const IndicatorValue> values,
                              const SdgRollUpOptions& options = {});

}  // namespace samverkan::impact
