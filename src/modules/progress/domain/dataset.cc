#include "modules/progress/domain/dataset.h"

#include <cmath>
#include <limits>
#include <utility>

namespace samverkan::progress {
namespace {

constexpr double kMissing = std::numeric_limits<double>::quiet_NaN();

}  // namespace

Result<Dataset> Dataset::FromObservations(const Framework& framework,
                                          const std::vector<Observation>& observations) {
  Dataset dataset(framework.indicator_count());
  for (const Observation& observation : observations) {
    std::optional<size_t> indicator = framework.FindIndicator(observation.indicator);
    if (!indicator) {
      return Error::InvalidField("indicator", "Unknown indicator {{indicator}}.",
                                 {{"indicator", observation.indicator}});
    }
    if (!std::isfinite(observation.value)) {
      return Error::InvalidField(
          "value", "The value of {{indicator}} for {{region}} is not a number.",
          {{"indicator", observation.indicator}, {"region", observation.region}});
    }
    size_t region = dataset.AddRegion(observation.region);
    if (dataset.Has(region, *indicator, observation.year)) {
      return Error::InvalidField(
          "value", "There are two values of {{indicator}} for {{region}} in {{year}}.",
          {{"indicator", observation.indicator},
           {"region", observation.region},
           {"year", std::to_string(observation.year)}});
    }
    dataset.Set(region, *indicator, observation.year, observation.value);
  }
  return dataset;
}

size_t Dataset::AddRegion(std::string_view code) {
  auto [it, inserted] = region_index_.try_emplace(std::string(code), regions_.size());
  if (inserted) {
    RegionInfo info;
    info.code = std::string(code);
    regions_.push_back(std::move(info));
  }
  return it->second;
}

std::optional<size_t> Dataset::FindRegion(std::string_view code) const {
  auto it = region_index_.find(std::string(code));
  if (it == region_index_.end()) return std::nullopt;
  return it->second;
}

void Dataset::Set(size_t region, size_t indicator, int year, double value) {
  auto& rows = rows_by_year_[year];
  if (rows.size() < regions_.size()) rows.resize(regions_.size());
  auto& row = rows[region];
  if (row.empty()) row.assign(indicator_count_, kMissing);
  row[indicator] = value;
}

bool Dataset::Has(size_t region, size_t indicator, int year) const {
  return Get(region, indicator, year).has_value();
}

std::optional<double> Dataset::Get(size_t region, size_t indicator, int year) const {
  std::span<const double> row = Row(region, year);
  if (row.empty() || std::isnan(row[indicator])) return std::nullopt;
  return row[indicator];
}

std::span<const double> Dataset::Row(size_t region, int year) const {
  auto it = rows_by_year_.find(year);
  if (it == rows_by_year_.end() || region >= it->second.size()) return {};
  return it->second[region];
}

std::vector<int> Dataset::Years() const {
  std::vector<int> years;
  for (const auto& [year, rows] : rows_by_year_) years.push_back(year);
  return years;
}

size_t Dataset::value_count() const {
  size_t count = 0;
  for (const auto& [year, rows] : rows_by_year_) {
    for (const auto& row : rows) {
      for (double v : row) count += std::isnan(v) ? 0 : 1;
    }
  }
  return count;
}

std::vector<Observation> Dataset::ToObservations(const Framework& framework) const {
  std::vector<Observation> observations;
  for (const auto& [year, rows] : rows_by_year_) {
    for (size_t r = 0; r < rows.size(); ++r) {
      for (size_t i = 0; i < rows[r].size(); ++i) {
        if (std::isnan(rows[r][i])) continue;
        observations.push_back({regions_[r].code, framework.indicator(i).code, year, rows[r][i]});
      }
    }
  }
  return observations;
}

}  // namespace samverkan::progress
