#include "modules/progress/web/progress_pages.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "modules/progress/domain/decimal_text.h"
#include "modules/progress/web/progress_json.h"
#include "platform/api.h"
#include "web/html/script_json.h"

namespace samverkan::progress {
namespace {

using nlohmann::json;

constexpr int kMaxPeers = 100;

// A text with the `lang` attribute it needs when it is shown in the other language.
json ShownText(const LocalizedText& text, Language lang) {
  Language shown = text.ShownLanguage(lang);
  return {{"text", text.In(lang)},
          {"lang", shown != lang ? json(LanguageCode(shown)) : json(false)}};
}

std::string Score(const std::optional<double>& score, Language lang) {
  return score ? FormatNumber(*score, 2, lang) : "";
}

// A raw indicator value: at most three decimals, trailing zeros dropped.
std::string RawValue(double value, Language lang) {
  std::string text = FormatDecimal(value, 3);
  if (text.find('.') != std::string::npos) {
    text.erase(text.find_last_not_of('0') + 1);
    if (text.back() == '.') text.pop_back();
  }
  if (lang == Language::kSwedish) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

std::string Signed(double value, Language lang) {
  std::string text = FormatNumber(value, 2, lang);
  return value > 0 && text != FormatNumber(0, 2, lang) ? "+" + text : text;
}

std::string RegionLabel(const RegionInfo& region) {
  return region.name.empty() ? region.code : region.name;
}

std::string DatasetBase(const DatasetInfo& dataset) { return "/framsteg/" + dataset.slug; }

std::string RankingHref(const DatasetInfo& dataset, int year) {
  return DatasetBase(dataset) + "/rankning?year=" + std::to_string(year);
}

std::string ScorecardHref(const DatasetInfo& dataset, const std::string& region, int year) {
  return DatasetBase(dataset) + "/" + web::PercentEncode(region) + "?year=" + std::to_string(year);
}

// Year choices, latest first.
json YearOptions(const std::vector<int>& years, int selected) {
  json options = json::array();
  for (auto it = years.rbegin(); it != years.rend(); ++it) {
    options.push_back({{"value", *it}, {"selected", *it == selected}});
  }
  return options;
}

const char* PerformanceLabel(RelativePerformance performance) {
  switch (performance) {
    case RelativePerformance::kStrength:
      return N_("Strength");
    case RelativePerformance::kWeakness:
      return N_("Weakness");
    case RelativePerformance::kNeutral:
      return N_("Like the peers");
    case RelativePerformance::kNotAssessed:
      return N_("Not assessed");
  }
  return "";
}

// The cells of a score reading, for the scorecard's tables.
json ReadingCells(const ScoreReading& r, const web::Translator& tr, Language lang) {
  json cells = {{"score", Score(r.score, lang)},
                {"score_sort", r.score ? FormatDecimal(*r.score, 4) : ""},
                {"available", r.score.has_value()},
                {"peer_median", Score(r.peer_median, lang)},
                {"performance", tr.Tr(lang, PerformanceLabel(r.performance))},
                {"performance_class", RelativePerformanceName(r.performance)},
                {"change", r.change ? Signed(*r.change, lang) : ""}};
  if (r.rank) {
    cells["rank"] =
        tr.Tr(lang, N_("{{rank}} of {{count}}"),
              {{"rank", std::to_string(*r.rank)}, {"count", std::to_string(r.ranked_regions)}});
    cells["rank_sort"] = std::to_string(*r.rank);
  } else {
    cells["rank"] = "";
    cells["rank_sort"] = "";
  }
  return cells;
}

// Notes of a region that explain unavailable scores (components, dimensions, index); the
// skipped indicator values are counted, not listed.
json RankingNotes(const RegionScores& scores, const Framework& framework, const web::Translator& tr,
                  Language lang) {
  json notes = json::array();
  int skipped = 0;
  // The widest reason first: the index, then dimensions, then components.
  for (ScoreLevel level : {ScoreLevel::kIndex, ScoreLevel::kDimension, ScoreLevel::kComponent}) {
    for (const ScoreNote& note : scores.notes) {
      if (note.level == level) notes.push_back(NoteText(note, framework, tr, lang));
    }
  }
  for (const ScoreNote& note : scores.notes) skipped += note.level == ScoreLevel::kIndicator;
  if (skipped > 0) {
    notes.push_back(tr.Tr(lang, N_("Indicator values missing and left out: {{count}}"),
                          {{"count", std::to_string(skipped)}}));
  }
  return notes;
}

json ChartData(std::string type, std::string label, json labels, json datasets, bool horizontal) {
  return {{"type", std::move(type)},
          {"label", std::move(label)},
          {"labels", std::move(labels)},
          {"datasets", std::move(datasets)},
          {"horizontal", horizontal},
          {"min", 0},
          {"max", 100}};
}

json ChartValue(const std::optional<double>& score) {
  return score ? json(std::round(*score * 100.0) / 100.0) : json(nullptr);
}

json FormValue(const web::Params& form, const char* name, std::string fallback = "") {
  return form.GetOr(name, std::move(fallback));
}

}  // namespace

Result<std::optional<int>> YearFromParams(const web::Params& params) {
  std::string text = params.GetOr("year", "");
  if (text.empty()) return std::optional<int>();
  std::optional<double> value = ParseDecimal(text);
  if (!value || *value != std::floor(*value) || *value < kMinYear || *value > kMaxYear) {
    return Error::InvalidField(
        "year", "The year must lie between {{min}} and {{max}}.",
        {{"min", std::to_string(kMinYear)}, {"max", std::to_string(kMaxYear)}});
  }
  return std::optional<int>(static_cast<int>(*value));
}

Result<std::optional<PeerGroupSpec>> PeersFromParams(const web::Params& params) {
  std::string kind = params.GetOr("peers", "");
  auto codes = [](const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    for (char c : text + ",") {
      if (c == ',' || c == ' ' || c == ';' || c == '\n' || c == '\t' || c == '\r') {
        if (!current.empty()) out.push_back(current);
        current.clear();
      } else {
        current += c;
      }
    }
    return out;
  };
  if (kind.empty()) return std::optional<PeerGroupSpec>();
  if (kind == "country")
    return std::optional<PeerGroupSpec>(PeerGroupSpec{.kind = PeerGroupKind::kSameCountry});
  if (kind == "nearest") {
    PeerGroupSpec spec{.kind = PeerGroupKind::kNearestOnCovariate};
    spec.covariate = params.GetOr("covariate", "");
    std::vector<FieldError> errors;
    if (spec.covariate.empty()) {
      errors.push_back({"covariate", N_("Choose what the nearest regions are measured on."), {}});
    }
    std::string k = params.GetOr("k", "20");
    std::optional<double> value = ParseDecimal(k);
    if (!value || *value != std::floor(*value) || *value < 1 || *value > kMaxPeers) {
      errors.push_back({"k",
                        N_("The number of peers must be a whole number from 1 to {{max}}."),
                        {{"max", std::to_string(kMaxPeers)}}});
    } else {
      spec.k = static_cast<int>(*value);
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    return std::optional<PeerGroupSpec>(spec);
  }
  PeerGroupSpec spec{.kind = PeerGroupKind::kChosenRegions};
  spec.regions = codes(kind == "chosen" ? params.GetOr("regions", "") : kind);
  if (spec.regions.empty()) {
    return Error::InvalidField("regions", "Give the codes of the regions to compare with.");
  }
  if (spec.regions.size() > static_cast<size_t>(kMaxPeers)) {
    return Error::InvalidField("regions", "Compare with at most {{max}} regions.",
                               {{"max", std::to_string(kMaxPeers)}});
  }
  return std::optional<PeerGroupSpec>(spec);
}

std::string FormatNumber(double value, int decimals, Language lang) {
  std::string text = FormatDecimal(value, decimals);
  if (lang == Language::kSwedish) std::replace(text.begin(), text.end(), '.', ',');
  return text;
}

web::PageView OverviewPage(const web::Request& req, const web::Translator& tr,
                           const std::vector<FrameworkSummary>& frameworks,
                           const std::vector<DatasetInfo>& datasets) {
  const Language lang = req.lang;
  json dataset_rows = json::array();
  for (const DatasetInfo& d : datasets) {
    std::string years;
    if (!d.years.empty()) {
      years = std::to_string(d.years.front());
      if (d.years.size() > 1) years += "–" + std::to_string(d.years.back());
    }
    json row = {{"name", ShownText(d.name, lang)},
                {"framework", ShownText(d.framework_name, lang)},
                {"framework_href", "/framsteg/ramverk/" + d.framework_code},
                {"years", years},
                {"regions", d.regions},
                {"values", d.values},
                {"description", ShownText(d.description, lang)},
                {"source", d.source}};
    if (!d.years.empty()) row["ranking_href"] = RankingHref(d, d.years.back());
    dataset_rows.push_back(row);
  }
  json framework_rows = json::array();
  for (const FrameworkSummary& f : frameworks) {
    framework_rows.push_back({{"name", ShownText(f.name, lang)},
                              {"code", f.code},
                              {"href", "/framsteg/ramverk/" + f.code},
                              {"dimensions", f.dimensions},
                              {"components", f.components},
                              {"indicators", f.indicators}});
  }
  json data = {{"datasets", dataset_rows},
               {"has_datasets", !datasets.empty()},
               {"frameworks", framework_rows},
               {"has_frameworks", !frameworks.empty()},
               {"can_import", CheckMayImportData(req.principal).ok()},
               {"can_define", CheckMayDefineFramework(req.principal).ok()}};
  return {.template_name = "progress/overview",
          .title = tr.Tr(lang, N_("Social progress")),
          .data = std::move(data),
          .description = tr.Tr(lang, N_("The Social Progress Index of regions and municipalities: "
                                        "rankings and scorecards beyond GDP"))};
}

web::PageView FrameworkPage(const web::Request& req, const web::Translator& tr,
                            const StoredFramework& stored,
                            const std::vector<DatasetInfo>& datasets) {
  const Language lang = req.lang;
  const Framework& framework = stored.framework;
  json dimensions = json::array();
  for (const Dimension& d : framework.dimensions()) {
    json components = json::array();
    for (const Component& c : d.components) {
      json indicators = json::array();
      for (const Indicator& i : c.indicators) {
        indicators.push_back(
            {{"name", ShownText(i.name, lang)},
             {"code", i.code},
             {"unit", i.unit},
             {"source", i.source},
             {"better",
              tr.Tr(lang, i.direction == Direction::kLowerIsBetter ? N_("Lower") : N_("Higher"))},
             {"utopia", RawValue(i.utopia, lang)},
             {"dystopia", RawValue(i.dystopia, lang)},
             {"weight", i.weight ? RawValue(*i.weight, lang) : "1"}});
      }
      components.push_back({{"name", ShownText(c.name, lang)},
                            {"code", c.code},
                            {"indicators", indicators},
                            {"heading_id", "component-" + c.code}});
    }
    dimensions.push_back(
        {{"name", ShownText(d.name, lang)}, {"code", d.code}, {"components", components}});
  }
  json used_by = json::array();
  for (const DatasetInfo& d : datasets) {
    if (d.framework_id != stored.id || d.years.empty()) continue;
    used_by.push_back(
        {{"name", ShownText(d.name, lang)}, {"href", RankingHref(d, d.years.back())}});
  }
  json data = {{"name", ShownText(framework.name(), lang)},
               {"code", framework.code()},
               {"summary", tr.Tr(lang,
                                 N_("{{dimensions}} dimensions, {{components}} components and "
                                    "{{indicators}} indicators."),
                                 {{"dimensions", std::to_string(framework.dimension_count())},
                                  {"components", std::to_string(framework.component_count())},
                                  {"indicators", std::to_string(framework.indicator_count())}})},
               {"dimensions", dimensions},
               {"used_by", used_by},
               {"has_used_by", !used_by.empty()},
               {"csv_href", "/framsteg/ramverk/" + framework.code() + "?format=csv"},
               {"api_href", "/api/v1/progress/frameworks/" + framework.code()}};
  return {.template_name = "progress/framework",
          .title = framework.name().In(lang),
          .data = std::move(data)};
}

web::PageView RankingPage(const web::Request& req, const web::Translator& tr,
                          const Ranking& ranking) {
  const Language lang = req.lang;
  const Framework& framework = ranking.framework;
  const DatasetInfo& dataset = ranking.dataset;
  json headers = json::array();
  for (const Dimension& d : framework.dimensions()) headers.push_back(ShownText(d.name, lang));
  json rows = json::array();
  json chart_labels = json::array();
  json chart_values = json::array();
  std::vector<double> indexes;
  for (const RankingRow& row : ranking.rows) {
    json dims = json::array();
    for (const auto& d : row.scores.dimensions) {
      dims.push_back({{"text", d ? Score(d, lang) : tr.Tr(lang, N_("Not available"))},
                      {"sort", d ? FormatDecimal(*d, 4) : ""},
                      {"available", d.has_value()}});
    }
    rows.push_back({{"rank", row.rank ? std::to_string(*row.rank) : ""},
                    {"name", RegionLabel(row.region)},
                    {"code", row.region.code},
                    {"country", row.region.country},
                    {"href", ScorecardHref(dataset, row.region.code, ranking.year)},
                    {"index", row.scores.index ? Score(row.scores.index, lang)
                                               : tr.Tr(lang, N_("Not available"))},
                    {"index_sort", row.scores.index ? FormatDecimal(*row.scores.index, 4) : ""},
                    {"available", row.scores.index.has_value()},
                    {"dimensions", dims},
                    {"notes", RankingNotes(row.scores, framework, tr, lang)}});
    if (row.scores.index) {
      chart_labels.push_back(RegionLabel(row.region) + " (" + row.region.code + ")");
      chart_values.push_back(ChartValue(row.scores.index));
      indexes.push_back(*row.scores.index);
    }
  }
  std::string caption;
  if (!indexes.empty()) {
    std::vector<double> sorted = indexes;
    std::sort(sorted.begin(), sorted.end());
    const size_t n = sorted.size();
    const double median = n % 2 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    const RankingRow& top = ranking.rows.front();
    const RankingRow& bottom = ranking.rows[indexes.size() - 1];
    caption = tr.Tr(
        lang,
        N_("The index of the {{count}} regions that have one in {{year}}, from the highest, "
           "{{top}} with {{top_score}}, to the lowest, {{bottom}} with {{bottom_score}}. The "
           "median is {{median}}. The table below has every region with its dimension scores."),
        {{"count", std::to_string(n)},
         {"year", std::to_string(ranking.year)},
         {"top", RegionLabel(top.region)},
         {"top_score", Score(top.scores.index, lang)},
         {"bottom", RegionLabel(bottom.region)},
         {"bottom_score", Score(bottom.scores.index, lang)},
         {"median", FormatNumber(median, 2, lang)}});
  }
  json chart = ChartData(
      "bar", tr.Tr(lang, N_("Bar chart of the index by region, highest first")), chart_labels,
      json::array(
          {{{"label", tr.Tr(lang, N_("Index"))}, {"data", chart_values}, {"style", "primary"}}}),
      false);
  const std::string name = dataset.name.In(lang);
  json data = {
      {"dataset", {{"name", ShownText(dataset.name, lang)}, {"slug", dataset.slug}}},
      {"heading", tr.Tr(lang, N_("Ranking {{year}}: {{dataset}}"),
                        {{"year", std::to_string(ranking.year)}, {"dataset", name}})},
      {"lead",
       tr.Tr(lang,
             N_("{{complete}} of {{regions}} regions have an index in {{year}}. Every score runs "
                "from 0 (the worst value in the framework) to 100 (the best). Regions whose scores "
                "cannot be computed from the data are listed last, with the reason."),
             {{"complete", std::to_string(ranking.complete)},
              {"regions", std::to_string(ranking.rows.size())},
              {"year", std::to_string(ranking.year)}})},
      {"framework", ShownText(framework.name(), lang)},
      {"framework_href", "/framsteg/ramverk/" + framework.code()},
      {"dimension_headers", headers},
      {"rows", rows},
      {"has_chart", !indexes.empty()},
      {"chart_json", ScriptJson(chart)},
      {"chart_caption", caption},
      {"has_years", dataset.years.size() > 1},
      {"years", YearOptions(dataset.years, ranking.year)},
      {"action", DatasetBase(dataset) + "/rankning"},
      {"csv_href", RankingHref(dataset, ranking.year) + "&format=csv"},
      {"api_href", "/api/v1/progress/datasets/" + dataset.slug +
                       "/ranking?year=" + std::to_string(ranking.year)}};
  return {.template_name = "progress/ranking",
          .title = data["heading"].get<std::string>(),
          .data = std::move(data)};
}

web::PageView ScorecardPage(const web::Request& req, const web::Translator& tr,
                            const ScorecardView& view) {
  const Language lang = req.lang;
  const Framework& framework = view.framework;
  const Scorecard& card = view.card;
  const DatasetInfo& dataset = view.dataset;
  const std::string region_name = RegionLabel(view.region);

  json relative_strengths = json::array();
  json relative_weaknesses = json::array();
  auto classify = [&](const LocalizedText& name, const char* level, const ScoreReading& r) {
    if (r.performance != RelativePerformance::kStrength &&
        r.performance != RelativePerformance::kWeakness) {
      return;
    }
    json item = {{"name", ShownText(name, lang)},
                 {"level", tr.Tr(lang, level)},
                 {"score", Score(r.score, lang)},
                 {"peer_median", Score(r.peer_median, lang)}};
    (r.performance == RelativePerformance::kStrength ? relative_strengths : relative_weaknesses)
        .push_back(item);
  };

  json dimensions = json::array();
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    json row = ReadingCells(card.dimensions[d], tr, lang);
    row["name"] = ShownText(framework.dimension(d).name, lang);
    dimensions.push_back(row);
    classify(framework.dimension(d).name, N_("dimension"), card.dimensions[d]);
  }
  json components = json::array();
  json chart_labels = json::array();
  json chart_region = json::array();
  json chart_peers = json::array();
  bool any_peer_median = false;
  std::optional<size_t> best, worst;
  for (size_t c = 0; c < framework.component_count(); ++c) {
    const ScoreReading& r = card.components[c];
    json row = ReadingCells(r, tr, lang);
    row["name"] = ShownText(framework.component(c).name, lang);
    row["dimension"] = ShownText(framework.dimension(framework.DimensionOfComponent(c)).name, lang);
    components.push_back(row);
    classify(framework.component(c).name, N_("component"), r);
    chart_labels.push_back(framework.component(c).name.In(lang));
    chart_region.push_back(ChartValue(r.score));
    chart_peers.push_back(ChartValue(r.peer_median));
    any_peer_median = any_peer_median || r.peer_median.has_value();
    if (r.score) {
      if (!best || *r.score > *card.components[*best].score) best = c;
      if (!worst || *r.score < *card.components[*worst].score) worst = c;
    }
  }
  json indicators = json::array();
  for (size_t i = 0; i < framework.indicator_count(); ++i) {
    const Indicator& indicator = framework.indicator(i);
    const IndicatorReading& reading = card.indicators[i];
    json row = ReadingCells(reading.normalised, tr, lang);
    row["name"] = ShownText(indicator.name, lang);
    row["component"] = ShownText(framework.component(framework.ComponentOfIndicator(i)).name, lang);
    row["unit"] = indicator.unit;
    row["better"] =
        tr.Tr(lang, indicator.direction == Direction::kLowerIsBetter ? N_("Lower") : N_("Higher"));
    row["raw"] = reading.raw ? RawValue(*reading.raw, lang) : "";
    row["raw_sort"] = reading.raw ? FormatShortest(*reading.raw) : "";
    row["has_raw"] = reading.raw.has_value();
    indicators.push_back(row);
    classify(indicator.name, N_("indicator"), reading.normalised);
  }

  json chart_datasets =
      json::array({{{"label", region_name}, {"data", chart_region}, {"style", "primary"}}});
  if (any_peer_median) {
    chart_datasets.push_back(
        {{"label", tr.Tr(lang, N_("Peer median"))}, {"data", chart_peers}, {"style", "secondary"}});
  }
  json chart = ChartData(
      "bar",
      tr.Tr(lang, N_("Bar chart of the component scores of {{region}}"), {{"region", region_name}}),
      chart_labels, chart_datasets, true);
  std::string caption;
  if (best && worst) {
    caption =
        tr.Tr(lang,
              N_("Component scores of {{region}} in {{year}} on the scale 0–100. The highest is "
                 "{{best}} with {{best_score}}, the lowest {{worst}} with {{worst_score}}."),
              {{"region", region_name},
               {"year", std::to_string(card.year)},
               {"best", framework.component(*best).name.In(lang)},
               {"best_score", Score(card.components[*best].score, lang)},
               {"worst", framework.component(*worst).name.In(lang)},
               {"worst_score", Score(card.components[*worst].score, lang)}});
    if (any_peer_median)
      caption += " " + tr.Tr(lang, N_("The grey bars show the median of the peers."));
    caption += " " + tr.Tr(lang, N_("The table of components below has the same values."));
  }

  // Change over years: a table, and a line chart when there are at least two years.
  json trend_rows = json::array();
  json trend_labels = json::array();
  json trend_series = json::array();
  json trend_index = json::array();
  std::vector<json> trend_dims(framework.dimension_count(), json::array());
  for (const TrendPoint& point : card.trend) {
    json dims = json::array();
    for (size_t d = 0; d < framework.dimension_count(); ++d) {
      std::optional<double> value =
          d < point.dimensions.size() ? point.dimensions[d] : std::nullopt;
      dims.push_back({{"text", value ? Score(value, lang) : tr.Tr(lang, N_("Not available"))}});
      trend_dims[d].push_back(ChartValue(value));
    }
    trend_rows.push_back(
        {{"year", point.year},
         {"index", point.index ? Score(point.index, lang) : tr.Tr(lang, N_("Not available"))},
         {"dimensions", dims}});
    trend_labels.push_back(std::to_string(point.year));
    trend_index.push_back(ChartValue(point.index));
  }
  trend_series.push_back(
      {{"label", tr.Tr(lang, N_("Index"))}, {"data", trend_index}, {"style", "primary"}});
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    trend_series.push_back({{"label", framework.dimension(d).name.In(lang)},
                            {"data", trend_dims[d]},
                            {"style", "series"}});
  }
  json trend_chart = ChartData(
      "line", tr.Tr(lang, N_("Line chart of the index and the dimensions over the years")),
      trend_labels, trend_series, false);
  std::string trend_caption;
  if (card.trend.size() > 1) {
    const TrendPoint& first = card.trend.front();
    const TrendPoint& last = card.trend.back();
    trend_caption =
        tr.Tr(lang,
              N_("The index of {{region}} and its dimensions from {{first}} to {{last}}: the index "
                 "went from {{from}} to {{to}}. The table below has every value."),
              {{"region", region_name},
               {"first", std::to_string(first.year)},
               {"last", std::to_string(last.year)},
               {"from", first.index ? Score(first.index, lang) : tr.Tr(lang, N_("Not available"))},
               {"to", last.index ? Score(last.index, lang) : tr.Tr(lang, N_("Not available"))}});
  }

  json notes = json::array();
  for (const ScoreNote& note : card.notes) notes.push_back(NoteText(note, framework, tr, lang));

  // Who the peers are, in words.
  std::string peer_names;
  for (const RegionInfo& peer : view.peer_regions) {
    if (!peer_names.empty()) peer_names += ", ";
    peer_names += RegionLabel(peer);
  }
  std::string peer_text;
  const std::string count = std::to_string(view.peer_regions.size());
  if (view.peer_regions.empty()) {
    peer_text = tr.Tr(lang, N_("There are no peers to compare with, so no score is assessed as a "
                               "strength or weakness."));
  } else if (view.peers.kind == PeerGroupKind::kSameCountry) {
    peer_text =
        tr.Tr(lang, N_("Compared with the {{count}} other regions of {{country}}: {{peers}}."),
              {{"count", count}, {"country", view.region.country}, {"peers", peer_names}});
  } else if (view.peers.kind == PeerGroupKind::kNearestOnCovariate) {
    peer_text =
        tr.Tr(lang, N_("Compared with the {{count}} regions nearest on {{covariate}}: {{peers}}."),
              {{"count", count}, {"covariate", view.peers.covariate}, {"peers", peer_names}});
  } else {
    peer_text =
        tr.Tr(lang, N_("Compared with the chosen regions: {{peers}}."), {{"peers", peer_names}});
  }

  json covariates = json::array();
  for (const std::string& c : view.covariates) {
    covariates.push_back({{"value", c}, {"selected", view.peers.covariate == c}});
  }
  std::string chosen;
  if (view.peers.kind == PeerGroupKind::kChosenRegions) {
    for (const std::string& code : view.peers.regions)
      chosen += (chosen.empty() ? "" : ", ") + code;
  }
  std::string peers_query;
  switch (view.peers.kind) {
    case PeerGroupKind::kSameCountry:
      peers_query = "&peers=country";
      break;
    case PeerGroupKind::kChosenRegions:
      if (!chosen.empty()) peers_query = "&peers=chosen&regions=" + web::PercentEncode(chosen);
      break;
    case PeerGroupKind::kNearestOnCovariate:
      peers_query = "&peers=nearest&covariate=" + web::PercentEncode(view.peers.covariate) +
                    "&k=" + std::to_string(view.peers.k);
      break;
  }

  json figures = json::array();
  figures.push_back({{"label", tr.Tr(lang, N_("Social Progress Index"))},
                     {"value", card.index.score ? Score(card.index.score, lang)
                                                : tr.Tr(lang, N_("Not available"))}});
  if (card.index.rank) {
    figures.push_back({{"label", tr.Tr(lang, N_("Rank"))},
                       {"value", tr.Tr(lang, N_("{{rank}} of {{count}}"),
                                       {{"rank", std::to_string(*card.index.rank)},
                                        {"count", std::to_string(card.index.ranked_regions)}})}});
  }
  if (card.index.change && card.index.change_since) {
    figures.push_back({{"label", tr.Tr(lang, N_("Change since {{year}}"),
                                       {{"year", std::to_string(*card.index.change_since)}})},
                       {"value", Signed(*card.index.change, lang)}});
  }

  json data = {
      {"dataset", {{"name", ShownText(dataset.name, lang)}, {"slug", dataset.slug}}},
      {"ranking_href", RankingHref(dataset, card.year)},
      {"heading", region_name},
      {"code", view.region.code},
      {"lead", tr.Tr(lang,
                     N_("Scorecard {{year}} in {{dataset}}: the index, its dimensions and "
                        "components, and every indicator, raw and on the scale 0–100, with the "
                        "rank among all regions and the comparison with peers."),
                     {{"year", std::to_string(card.year)}, {"dataset", dataset.name.In(lang)}})},
      {"figures", figures},
      {"peer_text", peer_text},
      {"has_strengths", !relative_strengths.empty()},
      {"strengths", relative_strengths},
      {"has_weaknesses", !relative_weaknesses.empty()},
      {"weaknesses", relative_weaknesses},
      {"dimensions", dimensions},
      {"components", components},
      {"indicators", indicators},
      {"has_chart", best.has_value()},
      {"chart_json", ScriptJson(chart)},
      {"chart_caption", caption},
      {"trend", trend_rows},
      {"has_trend", card.trend.size() > 1},
      {"trend_chart_json", ScriptJson(trend_chart)},
      {"trend_caption", trend_caption},
      {"single_year",
       tr.Tr(lang,
             N_("Scores exist for {{year}} only, so there is no change over the years to show."),
             {{"year", std::to_string(card.year)}})},
      {"dimension_headers",
       [&] {
         json headers = json::array();
         for (const Dimension& d : framework.dimensions())
           headers.push_back(ShownText(d.name, lang));
         return headers;
       }()},
      {"notes", notes},
      {"has_notes", !notes.empty()},
      {"action", DatasetBase(dataset) + "/" + web::PercentEncode(view.region.code)},
      {"has_years", dataset.years.size() > 1},
      {"years", YearOptions(dataset.years, card.year)},
      {"peers_country", view.peers.kind == PeerGroupKind::kSameCountry},
      {"peers_chosen", view.peers.kind == PeerGroupKind::kChosenRegions},
      {"peers_nearest", view.peers.kind == PeerGroupKind::kNearestOnCovariate},
      {"chosen_regions", chosen},
      {"covariates", covariates},
      {"has_covariates", !view.covariates.empty()},
      {"k", view.peers.k},
      {"api_href", "/api/v1/progress/datasets/" + dataset.slug + "/regions/" +
                       web::PercentEncode(view.region.code) +
                       "/scorecard?year=" + std::to_string(card.year) + peers_query}};
  return {.template_name = "progress/scorecard",
          .title = tr.Tr(lang, N_("{{region}}: scorecard {{year}}"),
                         {{"region", region_name}, {"year", std::to_string(card.year)}}),
          .data = std::move(data)};
}

Result<DatasetImport> ImportFromForm(const web::Params& form) {
  DatasetImport input;
  std::vector<FieldError> errors;
  input.dataset = form.GetOr("dataset", "");
  input.draft.slug = form.GetOr("slug", "");
  input.draft.name = {form.GetOr("name_sv", ""), form.GetOr("name_en", "")};
  input.draft.description = {form.GetOr("description_sv", ""), form.GetOr("description_en", "")};
  input.draft.source = form.GetOr("source", "");
  input.framework_code = form.GetOr("framework", "");
  input.data_csv = form.GetOr("data", "");
  input.regions_csv = form.GetOr("regions", "");
  input.check_only = form.Has("check_only");
  auto exponent = [&](const char* field, double& target) {
    std::string text = form.GetOr(field, "");
    if (text.empty()) return;
    std::optional<double> value = ParseDecimal(text, true);
    if (!value) {
      errors.push_back({field, N_("The exponent must be a number."), {}});
    } else {
      target = *value;
    }
  };
  exponent("exponent_dimension", input.draft.aggregation.dimension_exponent);
  exponent("exponent_index", input.draft.aggregation.index_exponent);
  auto year = YearFromParams(form);
  if (!year.ok()) {
    for (const auto& f : year.error().fields()) errors.push_back(f);
  } else {
    input.year = *year;
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return input;
}

web::PageView ImportPage(const web::Request& req, const web::Translator& tr,
                         const std::vector<FrameworkSummary>& frameworks,
                         const std::vector<DatasetInfo>& datasets, const web::Params& form,
                         const Error* error, const ImportOutcome* outcome) {
  const Language lang = req.lang;
  const std::string selected_dataset = form.GetOr("dataset", "");
  json dataset_options = json::array();
  for (const DatasetInfo& d : datasets) {
    dataset_options.push_back(
        {{"value", d.slug}, {"label", d.name.In(lang)}, {"selected", d.slug == selected_dataset}});
  }
  const std::string selected_framework = form.GetOr("framework", "");
  json framework_options = json::array();
  for (const FrameworkSummary& f : frameworks) {
    framework_options.push_back({{"value", f.code},
                                 {"label", f.name.In(lang)},
                                 {"selected", f.code == selected_framework}});
  }
  json data = {
      {"csrf_token", req.csrf_token},
      {"datasets", dataset_options},
      {"frameworks", framework_options},
      {"new_dataset", selected_dataset.empty()},
      {"slug", FormValue(form, "slug")},
      {"name_sv", FormValue(form, "name_sv")},
      {"name_en", FormValue(form, "name_en")},
      {"description_sv", FormValue(form, "description_sv")},
      {"description_en", FormValue(form, "description_en")},
      {"source", FormValue(form, "source")},
      {"exponent_dimension", FormValue(form, "exponent_dimension", FormatNumber(0.5, 1, lang))},
      {"exponent_index", FormValue(form, "exponent_index", FormatNumber(0.5, 1, lang))},
      {"year", FormValue(form, "year")},
      {"data", FormValue(form, "data")},
      {"regions", FormValue(form, "regions")},
      {"check_only", form.Has("check_only")}};
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  if (outcome) {
    json rejected = json::array();
    for (const RejectedRow& row : outcome->data.rejected) {
      rejected.push_back({{"line", row.line}, {"reason", tr.Tr(lang, row.message, row.args)}});
    }
    json region_rejected = json::array();
    if (outcome->regions) {
      for (const RejectedRow& row : outcome->regions->rejected) {
        region_rejected.push_back(
            {{"line", row.line}, {"reason", tr.Tr(lang, row.message, row.args)}});
      }
    }
    std::string years;
    for (int y : outcome->years) years += (years.empty() ? "" : ", ") + std::to_string(y);
    std::map<std::string, std::string> args = {{"values", std::to_string(outcome->data.values)},
                                               {"rows", std::to_string(outcome->data.rows)},
                                               {"years", years},
                                               {"dataset", outcome->dataset.name.In(lang)},
                                               {"complete", std::to_string(outcome->complete)},
                                               {"incomplete", std::to_string(outcome->incomplete)}};
    json report = {
        {"stored", outcome->stored},
        {"summary",
         tr.Tr(lang,
               outcome->stored ? N_("{{values}} values from {{rows}} rows were imported into "
                                    "{{dataset}} for {{years}}.")
                               : N_("{{values}} values from {{rows}} rows can be imported into "
                                    "{{dataset}} for {{years}}. Nothing was stored."),
               args)},
        {"scores", tr.Tr(lang,
                         N_("{{complete}} region-years have an index; {{incomplete}} cannot be "
                            "computed from the data."),
                         args)},
        {"missing", tr.Tr(lang, N_("Cells marked as missing: {{count}}."),
                          {{"count", std::to_string(outcome->data.missing_values)}})},
        {"rejected", rejected},
        {"has_rejected", !rejected.empty()},
        {"region_rejected", region_rejected},
        {"has_region_rejected", !region_rejected.empty()},
        {"unused_columns", outcome->data.unused_columns},
        {"has_unused_columns", !outcome->data.unused_columns.empty()},
        {"absent_columns", outcome->data.absent_columns},
        {"has_absent_columns", !outcome->data.absent_columns.empty()},
        {"unknown_regions", outcome->unknown_regions},
        {"has_unknown_regions", !outcome->unknown_regions.empty()}};
    if (outcome->stored && !outcome->dataset.years.empty()) {
      report["ranking_href"] =
          RankingHref(outcome->dataset, outcome->years.empty() ? outcome->dataset.years.back()
                                                               : outcome->years.back());
    }
    data["report"] = report;
  }
  web::PageView view{.template_name = "progress/import",
                     .title = tr.Tr(lang, N_("Import indicator values")),
                     .data = std::move(data)};
  if (error) view.status = web::StatusFor(error->code());
  return view;
}

FrameworkDefinition FrameworkFromForm(const web::Params& form) {
  return {form.GetOr("code", ""),
          {form.GetOr("name_sv", ""), form.GetOr("name_en", "")},
          form.GetOr("framework", "")};
}

web::PageView FrameworkFormPage(const web::Request& req, const web::Translator& tr,
                                const web::Params& form, const Error* error) {
  json data = {{"csrf_token", req.csrf_token},
               {"code", FormValue(form, "code")},
               {"name_sv", FormValue(form, "name_sv")},
               {"name_en", FormValue(form, "name_en")},
               {"framework", FormValue(form, "framework")}};
  if (error) data.update(platform::FormErrors(tr, req.lang, *error));
  web::PageView view{.template_name = "progress/framework_form",
                     .title = tr.Tr(req.lang, N_("Define a framework")),
                     .data = std::move(data)};
  if (error) view.status = web::StatusFor(error->code());
  return view;
}

}  // namespace samverkan::progress
