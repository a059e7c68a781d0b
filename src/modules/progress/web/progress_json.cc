#include "modules/progress/web/progress_json.h"

#include <cmath>

#include "core/csv.h"
#include "modules/progress/domain/decimal_text.h"
#include "platform/api.h"

namespace samverkan::progress {
namespace {

using nlohmann::json;

json Optional(const std::optional<double>& value) { return value ? json(*value) : json(nullptr); }
json Optional(const std::optional<int>& value) { return value ? json(*value) : json(nullptr); }

// The name of the item `code` names at `level` ("indicator", "component", "dimension"), in
// `lang`; the code itself when there is none.
std::string NameOf(const Framework& framework, std::string_view key, const std::string& code,
                   Language lang) {
  std::optional<size_t> found;
  if (key == "indicator") {
    found = framework.FindIndicator(code);
    if (found) return framework.indicator(*found).name.In(lang);
  } else if (key == "component" || key == "components") {
    found = framework.FindComponent(code);
    if (found) return framework.component(*found).name.In(lang);
  } else if (key == "dimension" || key == "dimensions") {
    found = framework.FindDimension(code);
    if (found) return framework.dimension(*found).name.In(lang);
  }
  return code;
}

json ReadingJson(const ScoreReading& r) {
  return {{"score", ScoreJson(r.score)},
          {"rank", Optional(r.rank)},
          {"ranked_regions", r.ranked_regions},
          {"peer_median", ScoreJson(r.peer_median)},
          {"peer_deviation", ScoreJson(r.peer_deviation)},
          {"performance", RelativePerformanceName(r.performance)},
          {"change", ScoreJson(r.change)},
          {"change_since", Optional(r.change_since)}};
}

json RegionJson(const RegionInfo& region) {
  json covariates = json::object();
  for (const auto& [name, value] : region.covariates) covariates[name] = value;
  return {{"code", region.code},
          {"name", region.name},
          {"country", region.country},
          {"population", Optional(region.population)},
          {"covariates", covariates}};
}

json StringSchema() { return {{"type", "string"}}; }
json ScoreSchema() { return {{"type", {"number", "null"}}, {"minimum", 0}, {"maximum", 100}}; }
json LocalizedSchema() {
  return {{"type", "object"}, {"properties", {{"sv", StringSchema()}, {"en", StringSchema()}}}};
}
json NoteSchema() {
  return {
      {"type", "object"},
      {"required", {"level", "code", "message", "args", "text"}},
      {"properties",
       {{"level", {{"type", "string"}, {"enum", {"indicator", "component", "dimension", "index"}}}},
        {"code", StringSchema()},
        {"message", {{"type", "string"}, {"description", "English msgid"}}},
        {"args", {{"type", "object"}, {"additionalProperties", StringSchema()}}},
        {"text", {{"type", "string"}, {"description", "In the request's language"}}}}}};
}
json ScoresByCodeSchema() { return {{"type", "object"}, {"additionalProperties", ScoreSchema()}}; }
json ReadingSchema() {
  return {{"type", "object"},
          {"required", {"score", "rank", "ranked_regions", "performance"}},
          {"properties",
           {{"score", ScoreSchema()},
            {"rank", {{"type", {"integer", "null"}}}},
            {"ranked_regions", {{"type", "integer"}}},
            {"peer_median", ScoreSchema()},
            {"peer_deviation", {{"type", {"number", "null"}}}},
            {"performance",
             {{"type", "string"}, {"enum", {"strength", "neutral", "weakness", "not-assessed"}}}},
            {"change", {{"type", {"number", "null"}}}},
            {"change_since", {{"type", {"integer", "null"}}}}}}};
}
json RegionSchema() {
  return {{"type", "object"},
          {"required", {"code", "name", "country"}},
          {"properties",
           {{"code", StringSchema()},
            {"name", StringSchema()},
            {"country", StringSchema()},
            {"population", {{"type", {"number", "null"}}}},
            {"covariates", {{"type", "object"}, {"additionalProperties", {{"type", "number"}}}}}}}};
}

}  // namespace

json ScoreJson(const std::optional<double>& score) {
  if (!score) return nullptr;
  return std::round(*score * 100.0) / 100.0;
}

std::string NoteText(const ScoreNote& note, const Framework& framework, const web::Translator& tr,
                     Language lang) {
  std::map<std::string, std::string> args = note.args;
  for (auto& [key, value] : args) {
    if (key == "components" || key == "dimensions") {
      std::string names;
      size_t pos = 0;
      while (pos <= value.size()) {
        size_t comma = value.find(", ", pos);
        if (comma == std::string::npos) comma = value.size();
        if (!names.empty()) names += ", ";
        names += NameOf(framework, key, value.substr(pos, comma - pos), lang);
        pos = comma + 2;
      }
      value = names;
    } else if (key == "indicator" || key == "component" || key == "dimension") {
      value = NameOf(framework, key, value, lang);
    }
  }
  return tr.Tr(lang, note.message, args);
}

json NoteJson(const ScoreNote& note, const Framework& framework, const web::Translator& tr,
              Language lang) {
  return {{"level", ScoreLevelName(note.level)},
          {"code", note.code},
          {"message", note.message},
          {"args", note.args},
          {"text", NoteText(note, framework, tr, lang)}};
}

json FrameworkSummaryJson(const FrameworkSummary& f) {
  return {{"code", f.code},
          {"name", platform::ToJson(f.name)},
          {"dimensions", f.dimensions},
          {"components", f.components},
          {"indicators", f.indicators},
          {"created_at_ms", f.created_at_ms}};
}

json FrameworkJson(const Framework& framework) {
  json dimensions = json::array();
  for (const Dimension& d : framework.dimensions()) {
    json components = json::array();
    for (const Component& c : d.components) {
      json indicators = json::array();
      for (const Indicator& i : c.indicators) {
        indicators.push_back(
            {{"code", i.code},
             {"name", platform::ToJson(i.name)},
             {"unit", i.unit},
             {"source", i.source},
             {"direction", i.direction == Direction::kLowerIsBetter ? "lower" : "higher"},
             {"utopia", i.utopia},
             {"dystopia", i.dystopia},
             {"weight", Optional(i.weight)}});
      }
      components.push_back(
          {{"code", c.code}, {"name", platform::ToJson(c.name)}, {"indicators", indicators}});
    }
    dimensions.push_back(
        {{"code", d.code}, {"name", platform::ToJson(d.name)}, {"components", components}});
  }
  return {{"code", framework.code()},
          {"name", platform::ToJson(framework.name())},
          {"dimensions", dimensions}};
}

json DatasetJson(const DatasetInfo& d) {
  return {{"id", d.id},
          {"slug", d.slug},
          {"name", platform::ToJson(d.name)},
          {"description", platform::ToJson(d.description)},
          {"source", d.source},
          {"framework", {{"code", d.framework_code}, {"name", platform::ToJson(d.framework_name)}}},
          {"aggregation",
           {{"exponent_dimension", d.aggregation.dimension_exponent},
            {"exponent_index", d.aggregation.index_exponent}}},
          {"years", d.years},
          {"regions", d.regions},
          {"values", d.values},
          {"updated_at_ms", d.updated_at_ms}};
}

json RankingJson(const Ranking& ranking, const web::Translator& tr, Language lang) {
  const Framework& framework = ranking.framework;
  json items = json::array();
  for (const RankingRow& row : ranking.rows) {
    json dimensions = json::object();
    for (size_t d = 0; d < framework.dimension_count(); ++d) {
      dimensions[framework.dimension(d).code] = ScoreJson(row.scores.dimensions[d]);
    }
    json components = json::object();
    for (size_t c = 0; c < framework.component_count(); ++c) {
      components[framework.component(c).code] = ScoreJson(row.scores.components[c]);
    }
    json notes = json::array();
    for (const ScoreNote& note : row.scores.notes)
      notes.push_back(NoteJson(note, framework, tr, lang));
    items.push_back({{"rank", Optional(row.rank)},
                     {"region", row.region.code},
                     {"name", row.region.name},
                     {"country", row.region.country},
                     {"complete", row.scores.index.has_value()},
                     {"index", ScoreJson(row.scores.index)},
                     {"dimensions", dimensions},
                     {"components", components},
                     {"notes", notes}});
  }
  return {{"dataset",
           {{"slug", ranking.dataset.slug}, {"name", platform::ToJson(ranking.dataset.name)}}},
          {"framework", ranking.framework.code()},
          {"year", ranking.year},
          {"years", ranking.dataset.years},
          {"regions", ranking.rows.size()},
          {"complete", ranking.complete},
          {"items", items}};
}

json ScorecardJson(const ScorecardView& view, const web::Translator& tr, Language lang) {
  const Framework& framework = view.framework;
  const Scorecard& card = view.card;
  json strengths = json::array();
  json weaknesses = json::array();
  auto classify = [&](const char* level, const std::string& code, const LocalizedText& name,
                      const ScoreReading& r) {
    if (r.performance != RelativePerformance::kStrength &&
        r.performance != RelativePerformance::kWeakness) {
      return;
    }
    json item = {{"level", level},
                 {"code", code},
                 {"name", name.In(lang)},
                 {"score", ScoreJson(r.score)},
                 {"peer_median", ScoreJson(r.peer_median)}};
    (r.performance == RelativePerformance::kStrength ? strengths : weaknesses).push_back(item);
  };
  json dimensions = json::array();
  for (size_t d = 0; d < framework.dimension_count(); ++d) {
    json item = ReadingJson(card.dimensions[d]);
    item["code"] = framework.dimension(d).code;
    item["name"] = framework.dimension(d).name.In(lang);
    dimensions.push_back(item);
    classify("dimension", framework.dimension(d).code, framework.dimension(d).name,
             card.dimensions[d]);
  }
  json components = json::array();
  for (size_t c = 0; c < framework.component_count(); ++c) {
    json item = ReadingJson(card.components[c]);
    item["code"] = framework.component(c).code;
    item["name"] = framework.component(c).name.In(lang);
    item["dimension"] = framework.dimension(framework.DimensionOfComponent(c)).code;
    components.push_back(item);
    classify("component", framework.component(c).code, framework.component(c).name,
             card.components[c]);
  }
  json indicators = json::array();
  for (size_t i = 0; i < framework.indicator_count(); ++i) {
    const Indicator& indicator = framework.indicator(i);
    json item = {
        {"code", indicator.code},
        {"name", indicator.name.In(lang)},
        {"component", framework.component(framework.ComponentOfIndicator(i)).code},
        {"unit", indicator.unit},
        {"direction", indicator.direction == Direction::kLowerIsBetter ? "lower" : "higher"},
        {"raw", Optional(card.indicators[i].raw)},
        {"normalised", ReadingJson(card.indicators[i].normalised)}};
    indicators.push_back(item);
    classify("indicator", indicator.code, indicator.name, card.indicators[i].normalised);
  }
  json trend = json::array();
  for (const TrendPoint& point : card.trend) {
    json dims = json::object();
    for (size_t d = 0; d < framework.dimension_count() && d < point.dimensions.size(); ++d) {
      dims[framework.dimension(d).code] = ScoreJson(point.dimensions[d]);
    }
    json comps = json::object();
    for (size_t c = 0; c < framework.component_count() && c < point.components.size(); ++c) {
      comps[framework.component(c).code] = ScoreJson(point.components[c]);
    }
    trend.push_back({{"year", point.year},
                     {"index", ScoreJson(point.index)},
                     {"dimensions", dims},
                     {"components", comps}});
  }
  json peers = json::array();
  for (const RegionInfo& peer : view.peer_regions) {
    peers.push_back({{"code", peer.code}, {"name", peer.name}, {"country", peer.country}});
  }
  const char* kind = view.peers.kind == PeerGroupKind::kSameCountry          ? "country"
                     : view.peers.kind == PeerGroupKind::kNearestOnCovariate ? "nearest"
                                                                             : "chosen";
  json peer_group = {{"kind", kind}, {"regions", peers}};
  if (view.peers.kind == PeerGroupKind::kNearestOnCovariate) {
    peer_group["covariate"] = view.peers.covariate;
    peer_group["k"] = view.peers.k;
  }
  json notes = json::array();
  for (const ScoreNote& note : card.notes) notes.push_back(NoteJson(note, framework, tr, lang));
  return {{"dataset", {{"slug", view.dataset.slug}, {"name", platform::ToJson(view.dataset.name)}}},
          {"framework", framework.code()},
          {"region", RegionJson(view.region)},
          {"year", card.year},
          {"years", view.dataset.years},
          {"peers", peer_group},
          {"index", ReadingJson(card.index)},
          {"dimensions", dimensions},
          {"components", components},
          {"indicators", indicators},
          {"strengths", strengths},
          {"weaknesses", weaknesses},
          {"trend", trend},
          {"notes", notes}};
}

std::string RankingCsv(const Ranking& ranking, const web::Translator& tr, Language lang) {
  const Framework& framework = ranking.framework;
  std::string out;
  std::vector<std::string> fields = {"rank", "region",   "name", "country",
                                     "year", "complete", "index"};
  for (size_t d = 0; d < framework.dimension_count(); ++d)
    fields.push_back(framework.dimension(d).code);
  for (size_t c = 0; c < framework.component_count(); ++c)
    fields.push_back(framework.component(c).code);
  fields.push_back("notes");
  AppendCsvRecord(out, fields);
  auto score = [](const std::optional<double>& s) {
    return s ? FormatDecimal(*s, 2) : std::string();
  };
  for (const RankingRow& row : ranking.rows) {
    fields = {row.rank ? std::to_string(*row.rank) : "",
              row.region.code,
              row.region.name,
              row.region.country,
              std::to_string(ranking.year),
              row.scores.index ? "yes" : "no",
              score(row.scores.index)};
    for (const auto& d : row.scores.dimensions) fields.push_back(score(d));
    for (const auto& c : row.scores.components) fields.push_back(score(c));
    std::string notes;
    for (const ScoreNote& note : row.scores.notes) {
      if (!notes.empty()) notes += " | ";
      notes += NoteText(note, framework, tr, lang);
    }
    fields.push_back(notes);
    AppendCsvRecord(out, fields);
  }
  return out;
}

json FrameworkSummarySchema() {
  return {{"type", "object"},
          {"required", {"code", "name", "dimensions", "components", "indicators"}},
          {"properties",
           {{"code", StringSchema()},
            {"name", LocalizedSchema()},
            {"dimensions", {{"type", "integer"}}},
            {"components", {{"type", "integer"}}},
            {"indicators", {{"type", "integer"}}},
            {"created_at_ms", {{"type", "integer"}}}}}};
}

json FrameworkSchema() {
  json indicator = {{"type", "object"},
                    {"required", {"code", "name", "direction", "utopia", "dystopia"}},
                    {"properties",
                     {{"code", StringSchema()},
                      {"name", LocalizedSchema()},
                      {"unit", StringSchema()},
                      {"source", StringSchema()},
                      {"direction",
                       {{"type", "string"},
                        {"enum", {"higher", "lower"}},
                        {"description", "Which values are better"}}},
                      {"utopia", {{"type", "number"}, {"description", "Scores 100"}}},
                      {"dystopia", {{"type", "number"}, {"description", "Scores 0"}}},
                      {"weight",
                       {{"type", {"number", "null"}},
                        {"description", "Relative weight in its component; null = 1"}}}}}};
  json component = {{"type", "object"},
                    {"required", {"code", "name", "indicators"}},
                    {"properties",
                     {{"code", StringSchema()},
                      {"name", LocalizedSchema()},
                      {"indicators", {{"type", "array"}, {"items", indicator}}}}}};
  json dimension = {{"type", "object"},
                    {"required", {"code", "name", "components"}},
                    {"properties",
                     {{"code", StringSchema()},
                      {"name", LocalizedSchema()},
                      {"components", {{"type", "array"}, {"items", component}}}}}};
  return {{"type", "object"},
          {"required", {"code", "name", "dimensions"}},
          {"properties",
           {{"code", StringSchema()},
            {"name", LocalizedSchema()},
            {"dimensions", {{"type", "array"}, {"items", dimension}}}}}};
}

json DatasetSchema() {
  return {{"type", "object"},
          {"required", {"id", "slug", "name", "framework", "years", "regions", "values"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"slug", {{"type", "string"}, {"description", "The dataset's name in URLs"}}},
            {"name", LocalizedSchema()},
            {"description", LocalizedSchema()},
            {"source", StringSchema()},
            {"framework",
             {{"type", "object"},
              {"properties", {{"code", StringSchema()}, {"name", LocalizedSchema()}}}}},
            {"aggregation",
             {{"type", "object"},
              {"properties",
               {{"exponent_dimension", {{"type", "number"}}},
                {"exponent_index", {{"type", "number"}}}}}}},
            {"years", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
            {"regions", {{"type", "integer"}}},
            {"values", {{"type", "integer"}}},
            {"updated_at_ms", {{"type", "integer"}}}}}};
}

json RankingSchema() {
  json item = {{"type", "object"},
               {"required",
                {"rank", "region", "name", "country", "complete", "index", "dimensions",
                 "components", "notes"}},
               {"properties",
                {{"rank",
                  {{"type", {"integer", "null"}},
                   {"description", "By index, 1 = best; null without an index"}}},
                 {"region", StringSchema()},
                 {"name", StringSchema()},
                 {"country", StringSchema()},
                 {"complete", {{"type", "boolean"}}},
                 {"index", ScoreSchema()},
                 {"dimensions", ScoresByCodeSchema()},
                 {"components", ScoresByCodeSchema()},
                 {"notes", {{"type", "array"}, {"items", NoteSchema()}}}}}};
  return {{"type", "object"},
          {"required", {"dataset", "year", "items"}},
          {"properties",
           {{"dataset", {{"type", "object"}}},
            {"framework", StringSchema()},
            {"year", {{"type", "integer"}}},
            {"years", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
            {"regions", {{"type", "integer"}}},
            {"complete", {{"type", "integer"}}},
            {"items", {{"type", "array"}, {"items", item}}}}}};
}

json ScorecardSchema() {
  json named = ReadingSchema();
  named["properties"]["code"] = StringSchema();
  named["properties"]["name"] = StringSchema();
  json indicator = {{"type", "object"},
                    {"properties",
                     {{"code", StringSchema()},
                      {"name", StringSchema()},
                      {"component", StringSchema()},
                      {"unit", StringSchema()},
                      {"direction", {{"type", "string"}, {"enum", {"higher", "lower"}}}},
                      {"raw", {{"type", {"number", "null"}}}},
                      {"normalised", ReadingSchema()}}}};
  json relative = {{"type", "array"},
                   {"items",
                    {{"type", "object"},
                     {"properties",
                      {{"level", StringSchema()},
                       {"code", StringSchema()},
                       {"name", StringSchema()},
                       {"score", ScoreSchema()},
                       {"peer_median", ScoreSchema()}}}}}};
  return {
      {"type", "object"},
      {"required", {"region", "year", "index", "dimensions", "components", "indicators", "peers"}},
      {"properties",
       {{"dataset", {{"type", "object"}}},
        {"framework", StringSchema()},
        {"region", RegionSchema()},
        {"year", {{"type", "integer"}}},
        {"years", {{"type", "array"}, {"items", {{"type", "integer"}}}}},
        {"peers",
         {{"type", "object"},
          {"properties",
           {{"kind", {{"type", "string"}, {"enum", {"country", "chosen", "nearest"}}}},
            {"regions", {{"type", "array"}, {"items", {{"type", "object"}}}}},
            {"covariate", StringSchema()},
            {"k", {{"type", "integer"}}}}}}},
        {"index", ReadingSchema()},
        {"dimensions", {{"type", "array"}, {"items", named}}},
        {"components", {{"type", "array"}, {"items", named}}},
        {"indicators", {{"type", "array"}, {"items", indicator}}},
        {"strengths", relative},
        {"weaknesses", relative},
        {"trend", {{"type", "array"}, {"items", {{"type", "object"}}}}},
        {"notes", {{"type", "array"}, {"items", NoteSchema()}}}}}};
}

}  // namespace samverkan::progress
