#include "modules/impact/domain/indicator.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "modules/impact/domain/field_checker.h"

namespace samverkan::impact {
namespace {

std::string Join(const std::string& path, const std::string& field) {
  return path.empty() ? field : path + "." + field;
}

// "3.4", "3.a", "17.19": the goal number, a point, then digits or one lower-case letter.
bool TargetBelongsToGoal(const std::string& target, int goal) {
  const std::string prefix = std::to_string(goal) + ".";
  if (target.size() <= prefix.size() || target.compare(0, prefix.size(), prefix) != 0) {
    return false;
  }
  const std::string rest = target.substr(prefix.size());
  const bool digits =
      std::all_of(rest.begin(), rest.end(), [](char c) { return c >= '0' && c <= '9'; });
  const bool letter = rest.size() == 1 && rest[0] >= 'a' && rest[0] <= 'z';
  return digits || letter;
}

// Running totals for one indicator and period.
struct Bucket {
  double sum = 0;
  int values = 0;
  std::set<SdgRelation> relations;
  std::set<std::string> targets;
};
using BucketKey = std::pair<std::string, std::string>;  // indicator id, period

std::vector<IndicatorTotal> TotalsOf(const std::map<BucketKey, Bucket>& buckets,
                                     const std::map<std::string, const Indicator*>& by_id) {
  std::vector<IndicatorTotal> totals;
  for (const auto& [key, bucket] : buckets) {
    IndicatorTotal total;
    total.indicator_id = key.first;
    total.period = key.second;
    total.aggregation = by_id.at(key.first)->aggregation;
    total.values = bucket.values;
    total.value = total.aggregation == Aggregation::kMean ? bucket.sum / bucket.values : bucket.sum;
    total.relations.assign(bucket.relations.begin(), bucket.relations.end());
    total.targets.assign(bucket.targets.begin(), bucket.targets.end());
    totals.push_back(std::move(total));
  }
  return totals;
}

}  // namespace

std::string_view SdgRelationCode(SdgRelation relation) {
  switch (relation) {
    case SdgRelation::kMeasures:
      return "measures";
    case SdgRelation::kContributesTo:
      return "contributes_to";
    case SdgRelation::kProxyFor:
      return "proxy_for";
  }
  return "contributes_to";
}

std::optional<SdgRelation> ParseSdgRelation(std::string_view code) {
  for (SdgRelation relation :
       {SdgRelation::kMeasures, SdgRelation::kContributesTo, SdgRelation::kProxyFor}) {
    if (SdgRelationCode(relation) == code) return relation;
  }
  return std::nullopt;
}

Status ValidateIndicator(const Indicator& indicator, const std::string& path) {
  FieldChecker check;
  check.RequireText(indicator.id, Join(path, "id"), "Give the indicator an id.");
  if (indicator.name.empty()) check.Add(Join(path, "name"), "Name the indicator.");
  check.RequireText(indicator.unit, Join(path, "unit"),
                    "Give the unit the indicator is measured in.");
  std::set<std::pair<int, std::string>> seen;
  for (size_t i = 0; i < indicator.sdg_links.size(); ++i) {
    const SdgLink& link = indicator.sdg_links[i];
    const std::string link_path = FieldPath(Join(path, "sdg_links"), i, "");
    check.RequireWholeBetween(link.goal, 1, kSdgGoals, link_path + ".goal");
    if (!link.target.empty() && !TargetBelongsToGoal(link.target, link.goal)) {
      check.Add(link_path + ".target", "Target {{target}} is not a target of goal {{goal}}.",
                {{"target", link.target}, {"goal", std::to_string(link.goal)}});
    }
    if (!seen.emplace(link.goal, link.target).second) {
      check.Add(link_path, "The indicator is already linked to this goal or target.");
    }
  }
  return check.ToStatus();
}

Result<SdgRollUp> RollUpBySdg(std::span<const Indicator> indicators,
                              std::span<const IndicatorValue> values,
                              const SdgRollUpOptions& options) {
  std::vector<FieldError> errors;
  std::map<std::string, const Indicator*> by_id;
  for (size_t i = 0; i < indicators.size(); ++i) {
    const std::string path = FieldPath("indicators", i, "");
    Status status = ValidateIndicator(indicators[i], path);
    if (!status.ok()) {
      const auto& fields = status.error().fields();
      errors.insert(errors.end(), fields.begin(), fields.end());
    } else if (!by_id.emplace(indicators[i].id, &indicators[i]).second) {
      errors.push_back({path + ".id", N_("Another indicator already has this id."), {}});
    }
  }

  std::map<std::string, const IndicatorValue*> value_by_id;
  std::set<std::tuple<std::string, std::string, std::string>> reported;
  for (size_t i = 0; i < values.size(); ++i) {
    const IndicatorValue& value = values[i];
    if (!by_id.count(value.indicator_id)) {
      errors.push_back({FieldPath("values", i, "indicator_id"), "No indicator has this id.", {}});
    }
    if (!std::isfinite(value.value)) {
      errors.push_back({FieldPath("values", i, "value"), "Must be a number.", {}});
    }
    if (!value_by_id.emplace(value.id, &value).second) {
      errors.push_back({FieldPath("values", i, "id"), "Another value already has this id.", {}});
    } else if (!reported.emplace(value.indicator_id, value.initiative_id, value.period).second) {
      errors.push_back({FieldPath("values", i, ""),
                        "This initiative already reported a value of this indicator for this "
                        "period.",
                        {}});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  const std::set<SdgRelation> counted(options.relations.begin(), options.relations.end());
  std::map<int, std::map<BucketKey, Bucket>> goal_buckets;
  std::map<int, std::set<std::string>> goal_values;
  std::map<int, std::set<std::string>> goal_initiatives;
  std::map<BucketKey, Bucket> overall;
  std::set<std::string> overall_initiatives;
  int overall_values = 0;

  for (const IndicatorValue& value : values) {
    if (options.period && value.period != *options.period) continue;
    const Indicator& indicator = *by_id.at(value.indicator_id);
    const BucketKey key{indicator.id, value.period};
    // The goals this value counts under, each once, with how it links to them.
    std::map<int, Bucket> links_by_goal;
    for (const SdgLink& link : indicator.sdg_links) {
      if (!counted.count(link.relation)) continue;
      Bucket& links = links_by_goal[link.goal];
      links.relations.insert(link.relation);
      if (!link.target.empty()) links.targets.insert(link.target);
    }
    if (links_by_goal.empty()) continue;  // not linked to any goal through a counted relation
    for (const auto& [goal, links] : links_by_goal) {
      Bucket& bucket = goal_buckets[goal][key];
      bucket.sum += value.value;
      ++bucket.values;
      bucket.relations.insert(links.relations.begin(), links.relations.end());
      bucket.targets.insert(links.targets.begin(), links.targets.end());
      goal_values[goal].insert(value.id);
      goal_initiatives[goal].insert(value.initiative_id);
    }
    Bucket& bucket = overall[key];
    bucket.sum += value.value;
    ++bucket.values;
    ++overall_values;
    overall_initiatives.insert(value.initiative_id);
  }

  SdgRollUp rollup;
  for (const auto& [goal, buckets] : goal_buckets) {
    SdgGoalRollUp goal_rollup;
    goal_rollup.goal = goal;
    goal_rollup.values = static_cast<int>(goal_values[goal].size());
    goal_rollup.initiatives = static_cast<int>(goal_initiatives[goal].size());
    goal_rollup.indicators = TotalsOf(buckets, by_id);
    rollup.goals.push_back(std::move(goal_rollup));
  }
  rollup.values = overall_values;
  rollup.initiatives = static_cast<int>(overall_initiatives.size());
  rollup.indicators = TotalsOf(overall, by_id);
  return rollup;
}

}  // namespace samverkan::impact
