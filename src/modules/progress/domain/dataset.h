// Indicator observations for a set of regions over years, laid out for computation.
//
// A Dataset belongs to one framework: indicator i is the framework's flat indicator i. Values
// are raw (not normalised). A missing observation is absent, never zero.
//
// Not thread-safe for writing; concurrent reads of a finished Dataset are safe.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "modules/progress/domain/framework.h"

namespace samverkan::progress {

// Year used when the source states none (e.g. a single-edition wide file). Outputs leave it
// blank.
inline constexpr int kUnspecifiedYear = 0;

// What is known about a region besides its indicator values.
struct RegionInfo {
  std::string code;     // NUTS code, SCB municipality or county code, ISO country code, ...
  std::string name;     // as given by the source; may be empty
  std::string country;  // the country it belongs to (for anchoring and peer groups); may be empty
  std::optional<double> population;          // for population-weighted anchoring
  std::map<std::string, double> covariates;  // e.g. "gdp_per_capita", for peer groups
};

// One observation in long form, the shape stored in databases and Swedish municipal exports.
struct Observation {
  std::string region;
  std::string indicator;  // indicator code
  int year = kUnspecifiedYear;
  double value = 0;
};

class Dataset {
 public:
  explicit Dataset(size_t indicator_count) : indicator_count_(indicator_count) {}

  // Builds a dataset from long-form observations; indicators are looked up in `framework`
  // by code, name or alias. An unknown indicator, a non-finite value or a second value for the
  // same region, indicator and year is an InvalidArgument naming it.
  static Result<Dataset> FromObservations(const Framework& framework,
                                          const std::vector<Observation>& observations);

  size_t indicator_count() const { return indicator_count_; }

  // The region with this code, added with only its code when new. Returns its index.
  size_t AddRegion(std::string_view code);
  std::optional<size_t> FindRegion(std::string_view code) const;
  const std::vector<RegionInfo>& regions() const { return regions_; }
  RegionInfo& region(size_t r) { return regions_[r]; }
  const RegionInfo& region(size_t r) const { return regions_[r]; }

  // Stores a value (overwriting). `value` must be finite; callers validate input first.
  void Set(size_t region, size_t indicator, int year, double value);
  bool Has(size_t region, size_t indicator, int year) const;
  std::optional<double> Get(size_t region, size_t indicator, int year) const;

  // The raw values of one region in one year in flat indicator order, NaN where missing; an
  // empty span when the region has no value at all in that year. Valid until the next Set or
  // AddRegion.
  std::span<const double> Row(size_t region, int year) const;

  // Years with at least one value, ascending.
  std::vector<int> Years() const;
  size_t value_count() const;

  // All values as long-form observations, by year, region and indicator order.
  std::vector<Observation> ToObservations(const Framework& framework) const;

 private:
  size_t indicator_count_;
  std::vector<RegionInfo> regions_;
  std::unordered_map<std::string, size_t> region_index_;
  // year -> region -> indicator values (NaN = missing); a region without values that year has
  // an empty row.
  std::map<int, std::vector<std::vector<double>>> rows_by_year_;
};

}  // namespace samverkan::progress
