#include "modules/progress/domain/scoring.h"

#include <algorithm>
#include <cmath>
#include <utility>

#include "modules/progress/domain/decimal_text.h"

namespace samverkan::progress {
namespace {

std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string joined;
  for (const auto& code : codes) {
    if (!joined.empty()) joined += ", ";
    joined += code;
  }
  return joined;
}

void NoteComponentUnavailable(const Framework& framework, size_t c, size_t available,
                              double weight_share, const MissingDataPolicy& policy,
                              RegionScores& scores) {
  const Component& component = framework.component(c);
  const size_t total = framework.IndicatorsOfComponent(c).size();
  if (available == 0) {
    scores.notes.push_back({ScoreLevel::kComponent,
                            component.code,
                            N_("No indicator of {{component}} has a value, so the component cannot "
                               "be computed."),
                            {{"component", component.code}}});
  } else if (available < static_cast<size_t>(policy.min_indicators_per_component)) {
    scores.notes.push_back({ScoreLevel::kComponent,
                            component.code,
                            N_("{{component}} cannot be computed: {{available}} of {{total}} "
                               "indicators have values and {{required}} are needed."),
                            {{"component", component.code},
                             {"available", std::to_string(available)},
                             {"total", std::to_string(total)},
                             {"required", std::to_string(policy.min_indicators_per_component)}}});
  } else {
    scores.notes.push_back(
        {ScoreLevel::kComponent,
         component.code,
         N_("{{component}} cannot be computed: the indicators with values carry {{share}} % of its "
            "weight and {{required}} % is needed."),
         {{"component", component.code},
          {"share", FormatDecimal(100 * weight_share, 1)},
          {"required", FormatDecimal(100 * policy.min_weight_share_per_component, 1)}}});
  }
}

}  // namespace

const char* ScoreLevelName(ScoreLevel level) {
  switch (level) {
    case ScoreLevel::kIndicator:
      return "indicator";
    case ScoreLevel::kComponent:
      return "component";
    case ScoreLevel::kDimension:
      return "dimension";
    case ScoreLevel::kIndex:
      return "index";
  }
  return "index";
}

// [EU-SPI 2020], methodological annex, and [SPI]: each indicator is rescaled with its utopia
// (best) and dystopia (worst) value, x' = 100 (x - dystopia) / (utopia - dystopia); values past
// either end are capped so that every normalised value lies in [0, 100].
double NormaliseUtopiaDystopia(double value, double utopia, double dystopia) {
  double score = 100.0 * (value - dystopia) / (utopia - dystopia);
  return std::clamp(score, 0.0, 100.0);
}

// [EU-SPI 2016], section 4.4 ("generalised mean of order beta"), used at beta = 0.5 for
// dimensions and the index in [EU-SPI 2016] and [EU-SPI 2020]:
//   M_beta = ((1/K) sum_k x_k^beta)^(1/beta);  weighted here as (sum w_k x_k^beta / sum w_k).
// beta -> 0 gives the geometric mean, beta = 1 the arithmetic mean.
std::optional<double> PowerMean(std::span<const double> values, std::span<const double> weights,
                                double exponent) {
  if (values.empty()) return std::nullopt;
  auto weight = [&](size_t k) { return weights.empty() ? 1.0 : weights[k]; };
  double weight_sum = 0;
  for (size_t k = 0; k < values.size(); ++k) weight_sum += weight(k);
  if (!(weight_sum > 0)) return std::nullopt;

  if (exponent == 1.0) {
    double sum = 0;
    for (size_t k = 0; k < values.size(); ++k) sum += weight(k) * values[k];
    return sum / weight_sum;
  }
  if (exponent <= 0) {
    // The limit of x^p for x -> 0 makes any zero decisive when p <= 0.
    for (size_t k = 0; k < values.size(); ++k) {
      if (values[k] == 0 && weight(k) > 0) return 0.0;
    }
  }
  if (exponent == 0.0) {
    double log_sum = 0;
    for (size_t k = 0; k < values.size(); ++k) log_sum += weight(k) * std::log(values[k]);
    return std::exp(log_sum / weight_sum);
  }
  double sum = 0;
  if (exponent == 0.5) {
    for (size_t k = 0; k < values.size(); ++k) sum += weight(k) * std::sqrt(values[k]);
    double mean = sum / weight_sum;
    return mean * mean;
  }
  for (size_t k = 0; k < values.size(); ++k) sum += weight(k) * std::pow(values[k], exponent);
  return std::pow(sum / weight_sum, 1.0 / exponent);
}

Status ValidateOptions(const ComputeOptions& options) {
  std::vector<FieldError> errors;
  if (!std::isfinite(options.aggregation.dimension_exponent)) {
    errors.push_back({"exponent_dimension", N_("The exponent must be a number."), {}});
  }
  if (!std::isfinite(options.aggregation.index_exponent)) {
    errors.push_back({"exponent_index", N_("The exponent must be a number."), {}});
  }
  if (options.missing.min_indicators_per_component < 1) {
    errors.push_back({"min_indicators_per_component", N_("At least one indicator is needed."), {}});
  }
  double share = options.missing.min_weight_share_per_component;
  if (!(share >= 0 && share <= 1)) {
    errors.push_back(
        {"min_weight_share_per_component", N_("The share must lie between 0 and 1."), {}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

RegionScores ComputeComponentScores(const Framework& framework, std::span<const double> raw,
                                    const MissingDataPolicy& policy) {
  RegionScores scores;
  const size_t indicator_count = framework.indicator_count();
  scores.raw.assign(indicator_count, std::nullopt);
  scores.normalised.assign(indicator_count, std::nullopt);
  scores.components.assign(framework.component_count(), std::nullopt);
  if (raw.empty()) {
    // One note instead of one per indicator and component.
    scores.notes.push_back(
        {ScoreLevel::kIndex, "", N_("There are no values for this region in this year."), {}});
    return scores;
  }

  for (size_t c = 0; c < framework.component_count(); ++c) {
    Framework::Range range = framework.IndicatorsOfComponent(c);
    double weighted_sum = 0;
    double available_weight = 0;
    double total_weight = 0;
    size_t available = 0;
    for (size_t i = range.begin; i < range.end; ++i) {
      const Indicator& indicator = framework.indicator(i);
      const double weight = indicator.EffectiveWeight();
      total_weight += weight;
      if (i >= raw.size() || std::isnan(raw[i])) {
        scores.notes.push_back(
            {ScoreLevel::kIndicator,
             indicator.code,
             N_("No value for {{indicator}}: it is left out of {{component}}."),
             {{"indicator", indicator.code}, {"component", framework.component(c).code}}});
        continue;
      }
      const double normalised =
          NormaliseUtopiaDystopia(raw[i], indicator.utopia, indicator.dystopia);
      scores.raw[i] = raw[i];
      scores.normalised[i] = normalised;
      weighted_sum += weight * normalised;
      available_weight += weight;
      ++available;
    }
    // [EU-SPI 2020]: a component is the simple average of its normalised indicators, over the
    // indicators available for the region. With indicator weights this is the weighted
    // average, renormalised over the available weight.
    const double weight_share = total_weight > 0 ? available_weight / total_weight : 0;
    if (available == 0 || available < static_cast<size_t>(policy.min_indicators_per_component) ||
        weight_share < policy.min_weight_share_per_component) {
      NoteComponentUnavailable(framework, c, available, weight_share, policy, scores);
      continue;
    }
    scores.components[c] = weighted_sum / available_weight;
  }
  return scores;
}

void AggregateComponents(const Framework& framework, const AggregationOptions& options,
                         RegionScores& scores) {
  scores.dimensions.assign(framework.dimension_count(), std::nullopt);
  scores.index.reset();
  std::vector<double> values;
  std::vector<std::string> unavailable_dimensions;
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    Framework::Range range = framework.ComponentsOfDimension(d);
    values.clear();
    std::vector<std::string> unavailable_components;
    for (size_t c = range.begin; c < range.end; ++c) {
      if (c < scores.components.size() && scores.components[c]) {
        values.push_back(*scores.components[c]);
      } else {
        unavailable_components.push_back(framework.component(c).code);
      }
    }
    const std::string& code = framework.dimension(d).code;
    if (!unavailable_components.empty()) {
      scores.notes.push_back(
          {ScoreLevel::kDimension,
           code,
           N_("{{dimension}} cannot be computed because {{components}} cannot."),
           {{"dimension", code}, {"components", JoinCodes(unavailable_components)}}});
      unavailable_dimensions.push_back(code);
      continue;
    }
    // [EU-SPI 2016], 4.4 / [EU-SPI 2020]: dimension = power mean of its components.
    scores.dimensions[d] = PowerMean(values, options.dimension_exponent);
  }
  if (!unavailable_dimensions.empty()) {
    scores.notes.push_back({ScoreLevel::kIndex,
                            "",
                            N_("The index cannot be computed because {{dimensions}} cannot."),
                            {{"dimensions", JoinCodes(unavailable_dimensions)}}});
    return;
  }
  values.clear();
  for (const auto& dimension : scores.dimensions) values.push_back(*dimension);
  // [EU-SPI 2016], 4.4 / [EU-SPI 2020]: index = power mean of the three dimensions.
  scores.index = PowerMean(values, options.index_exponent);
}

void AnchorToNational(const Framework& framework, const std::vector<RegionInfo>& regions,
                      const std::vector<RegionScores>& national, YearScores& regional) {
  std::map<std::string, const RegionScores*> national_by_country;
  for (const auto& scores : national) national_by_country[scores.region_code] = &scores;

  // Group regions by country; remember a region without population per country, since the
  // weighted mean of that country cannot be formed without it.
  struct CountryGroup {
    std::vector<size_t> members;  // indices into regional.regions
    std::string region_without_population;
  };
  std::map<std::string, CountryGroup> countries;
  for (size_t k = 0; k < regional.regions.size(); ++k) {
    const RegionInfo& info = regions[regional.regions[k].region];
    if (info.country.empty()) continue;
    CountryGroup& group = countries[info.country];
    group.members.push_back(k);
    if (!(info.population && *info.population > 0) && group.region_without_population.empty()) {
      group.region_without_population = info.code;
    }
  }

  for (size_t k = 0; k < regional.regions.size(); ++k) {
    RegionScores& scores = regional.regions[k];
    scores.dimensions.assign(framework.dimension_count(), std::nullopt);
    scores.index.reset();
    if (regions[scores.region].country.empty()) {
      for (size_t c = 0; c < framework.component_count(); ++c) {
        if (!scores.components[c]) continue;
        scores.components[c].reset();
        scores.notes.push_back({ScoreLevel::kComponent,
                                framework.component(c).code,
                                N_("{{component}} cannot be anchored: the region has no country."),
                                {{"component", framework.component(c).code}}});
      }
    }
  }

  for (const auto& [country, group] : countries) {
    auto found = national_by_country.find(country);
    const RegionScores* national_scores =
        found == national_by_country.end() ? nullptr : found->second;
    for (size_t c = 0; c < framework.component_count(); ++c) {
      const std::string& component = framework.component(c).code;
      const bool has_national = national_scores && national_scores->components[c].has_value();
      const double national_score = has_national ? *national_scores->components[c] : 0;
      double weighted_sum = 0;
      double population_sum = 0;
      for (size_t k : group.members) {
        const RegionScores& scores = regional.regions[k];
        if (!scores.components[c] || !group.region_without_population.empty()) continue;
        const double population = *regions[scores.region].population;
        weighted_sum += population * *scores.components[c];
        population_sum += population;
      }
      for (size_t k : group.members) {
        RegionScores& scores = regional.regions[k];
        if (!scores.components[c]) continue;
        if (!has_national) {
          scores.components[c].reset();
          scores.notes.push_back(
              {ScoreLevel::kComponent,
               component,
               N_("{{component}} cannot be anchored: there is no national score for {{country}}."),
               {{"component", component}, {"country", country}}});
          continue;
        }
        if (!group.region_without_population.empty()) {
          scores.components[c].reset();
          scores.notes.push_back({ScoreLevel::kComponent,
                                  component,
                                  N_("{{component}} cannot be anchored: the population of "
                                     "{{region}} in {{country}} is missing."),
                                  {{"component", component},
                                   {"region", group.region_without_population},
                                   {"country", country}}});
          continue;
        }
        // [EU-SPI 2016], section 4.5: regional scores are shifted so that their population-
        // weighted mean equals the national score:
        //   anchored = national + (regional - sum_j pop_j regional_j / sum_j pop_j).
        const double anchored =
            national_score + *scores.components[c] - weighted_sum / population_sum;
        const double capped = std::clamp(anchored, 0.0, 100.0);
        if (capped != anchored) {
          scores.notes.push_back(
              {ScoreLevel::kComponent,
               component,
               N_("The anchored score of {{component}} was {{value}} and is capped "
                  "to {{capped}}."),
               {{"component", component},
                {"value", FormatDecimal(anchored, 2)},
                {"capped", FormatDecimal(capped, 2)}}});
        }
        scores.components[c] = capped;
      }
    }
  }
}

Result<std::vector<YearScores>> ComputeScores(const Framework& framework, const Dataset& regional,
                                              const ComputeOptions& options,
                                              const Dataset* national) {
  SAMVERKAN_RETURN_IF_ERROR(ValidateOptions(options));
  if (regional.indicator_count() != framework.indicator_count() ||
      (national && national->indicator_count() != framework.indicator_count())) {
    return Error::Internal("dataset built for another framework");
  }
  if (national) {
    bool any_population = std::any_of(regional.regions().begin(), regional.regions().end(),
                                      [](const RegionInfo& r) { return r.population.has_value(); });
    if (!any_population) {
      return Error::InvalidField("population",
                                 "Anchoring to national scores needs the population of the "
                                 "regions.");
    }
  }
  std::vector<int> years = regional.Years();
  if (options.year) {
    if (!std::binary_search(years.begin(), years.end(), *options.year)) {
      return Error(ErrorCode::kNotFound, "There are no values for {{year}}.",
                   {{"year", std::to_string(*options.year)}});
    }
    years = {*options.year};
  }

  std::vector<YearScores> result;
  result.reserve(years.size());
  for (int year : years) {
    YearScores year_scores;
    year_scores.year = year;
    year_scores.regions.reserve(regional.regions().size());
    for (size_t r = 0; r < regional.regions().size(); ++r) {
      RegionScores scores =
          ComputeComponentScores(framework, regional.Row(r, year), options.missing);
      scores.region = r;
      scores.region_code = regional.region(r).code;
      scores.year = year;
      year_scores.regions.push_back(std::move(scores));
    }
    if (national) {
      std::vector<RegionScores> national_scores;
      for (size_t n = 0; n < national->regions().size(); ++n) {
        RegionScores scores =
            ComputeComponentScores(framework, national->Row(n, year), options.missing);
        scores.region = n;
        scores.region_code = national->region(n).code;
        scores.year = year;
        national_scores.push_back(std::move(scores));
      }
      AnchorToNational(framework, regional.regions(), national_scores, year_scores);
    }
    for (RegionScores& scores : year_scores.regions) {
      AggregateComponents(framework, options.aggregation, scores);
    }
    result.push_back(std::move(year_scores));
  }
  return result;
}

std::vector<std::optional<int>> RankDescending(std::span<const std::optional<double>> scores) {
  std::vector<size_t> order;
  for (size_t k = 0; k < scores.size(); ++k) {
    if (scores[k]) order.push_back(k);
  }
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return *scores[a] > *scores[b]; });
  std::vector<std::optional<int>> ranks(scores.size());
  for (size_t position = 0; position < order.size(); ++position) {
    const bool tied = position > 0 && *scores[order[position]] == *scores[order[position - 1]];
    ranks[order[position]] = tied ? *ranks[order[position - 1]] : static_cast<int>(position) + 1;
  }
  return ranks;
}

}  // namespace samverkan::progress
