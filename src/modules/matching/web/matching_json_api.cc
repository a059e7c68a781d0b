#include "modules/matching/web/matching_json_api.h"

#include <cmath>

#include "modules/matching/json/matching_json.h"

namespace samverkan::matching {
namespace {

using nlohmann::json;

// Scores and contributions rounded to four decimals: more is noise to a reader.
double Round4(double v) { return std::round(v * 10000.0) / 10000.0; }

template <typename Record, typename ItemJson>
json MatchItem(const Record& record, const LocalizedText& title, const std::string& actor,
               const Suggestion& suggestion, Language lang, const Translate& translate,
               const ReferenceData& reference, const Lexicon& lexicon, ItemJson item_json) {
  return {{"id", suggestion.id},
          {"external_id", suggestion.external_id},
          {"title", title.In(lang)},
          {"actor", actor},
          {"score", Round4(suggestion.score)},
          {"reasons", ReasonsJson(suggestion, lang, translate, reference, lexicon)},
          {"item", item_json(record)}};
}

json ObjectWithId(int64_t id, const nlohmann::ordered_json& record) {
  json out = json::parse(record.dump());
  out["id"] = id;
  return out;
}

json MoneySchema() {
  return {{"type", {"object", "null"}},
          {"properties", {{"min", {{"type", "integer"}}}, {"max", {{"type", "integer"}}}}}};
}

json TextSchema() {
  return {{"type", "object"},
          {"properties",
           {{"sv", {{"type", {"string", "null"}}}}, {"en", {{"type", {"string", "null"}}}}}}};
}

json CodesSchema() { return {{"type", "array"}, {"items", {{"type", "string"}}}}; }
json SdgsSchema() {
  return {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 1}, {"maximum", 17}}}};
}

}  // namespace

json NeedApiJson(const NeedRecord& record) {
  return ObjectWithId(record.need.id, NeedToJson(record.need));
}
json OfferApiJson(const OfferRecord& record) {
  return ObjectWithId(record.offer.id, OfferToJson(record.offer));
}

json ReasonsJson(const Suggestion& suggestion, Language lang, const Translate& translate,
                 const ReferenceData& reference, const Lexicon& lexicon) {
  json reasons = json::array();
  for (const auto& reason : suggestion.reasons) {
    reasons.push_back({{"factor", FactorCode(reason.factor)},
                       {"contribution", Round4(reason.contribution)},
                       {"sentence", ReasonSentence(reason, lang, translate, reference, lexicon)}});
  }
  return reasons;
}

json NeedMatchesJson(const NeedMatches& matches, Language lang, const Translate& translate,
                     const ReferenceData& reference, const Lexicon& lexicon) {
  json items = json::array();
  for (const auto& r : matches.offers) {
    items.push_back(MatchItem(r.record, r.record.offer.title, r.record.offer.actor, r.suggestion,
                              lang, translate, reference, lexicon, OfferApiJson));
  }
  return {{"need", NeedApiJson(matches.need)}, {"items", std::move(items)}};
}

json OfferMatchesJson(const OfferMatches& matches, Language lang, const Translate& translate,
                      const ReferenceData& reference, const Lexicon& lexicon) {
  json items = json::array();
  for (const auto& r : matches.needs) {
    items.push_back(MatchItem(r.record, r.record.need.title, r.record.need.owner, r.suggestion,
                              lang, translate, reference, lexicon, NeedApiJson));
  }
  return {{"offer", OfferApiJson(matches.offer)}, {"items", std::move(items)}};
}

json NeedSchema() {
  return {
      {"type", "object"},
      {"description",
       "A need in the JSON Lines interchange format (src/modules/matching/FORMATS.md)"},
      {"required", {"title", "where"}},
      {"properties",
       {{"id", {{"type", "integer"}, {"readOnly", true}}},
        {"external_id", {{"type", "string"}}},
        {"owner", {{"type", "string"}, {"description", "The owning actor's external_id or id"}}},
        {"language", {{"type", "string"}, {"enum", {"sv", "en"}}}},
        {"title", TextSchema()},
        {"description", TextSchema()},
        {"sdgs", SdgsSchema()},
        {"where",
         {{"type", "object"},
          {"properties",
           {{"municipality", {{"type", {"string", "null"}}}},
            {"county", {{"type", {"string", "null"}}}},
            {"national", {{"type", "boolean"}}}}}}},
        {"target_groups", CodesSchema()},
        {"collaboration_forms", CodesSchema()},
        {"budget_sek", MoneySchema()},
        {"time_frame", {{"type", {"object", "null"}}}},
        {"status", {{"type", "string"}, {"enum", {"draft", "open", "closed"}}}}}}};
}

json OfferSchema() {
  return {
      {"type", "object"},
      {"description",
       "An offer in the JSON Lines interchange format (src/modules/matching/FORMATS.md)"},
      {"required", {"title", "reach"}},
      {"properties",
       {{"id", {{"type", "integer"}, {"readOnly", true}}},
        {"external_id", {{"type", "string"}}},
        {"actor", {{"type", "string"}, {"description", "The offering actor's external_id or id"}}},
        {"language", {{"type", "string"}, {"enum", {"sv", "en"}}}},
        {"title", TextSchema()},
        {"description", TextSchema()},
        {"sdgs", SdgsSchema()},
        {"reach",
         {{"type", "object"},
          {"properties",
           {{"municipalities", CodesSchema()},
            {"counties", CodesSchema()},
            {"national", {{"type", "boolean"}}}}}}},
        {"target_groups", CodesSchema()},
        {"collaboration_forms", CodesSchema()},
        {"price_sek", MoneySchema()},
        {"capacity", {{"type", {"integer", "null"}}}},
        {"stage", {{"type", "string"}, {"enum", {"idea", "pilot", "proven", "scaling"}}}},
        {"status", {{"type", "string"}, {"enum", {"draft", "open", "closed"}}}}}}};
}

json MatchesSchema(const char* subject) {
  json reason = {
      {"type", "object"},
      {"required", {"factor", "contribution", "sentence"}},
      {"properties",
       {{"factor",
         {{"type", "string"},
          {"enum",
           {"text", "concepts", "sdg", "geography", "target_groups", "collaboration", "budget",
            "stage", "capacity"}}}},
        {"contribution", {{"type", "number"}}},
        {"sentence", {{"type", "string"}, {"description", "In the reader's language"}}}}}};
  json item = {{"type", "object"},
               {"required", {"id", "external_id", "title", "actor", "score", "reasons"}},
               {"properties",
                {{"id", {{"type", "integer"}}},
                 {"external_id", {{"type", "string"}}},
                 {"title", {{"type", "string"}}},
                 {"actor", {{"type", "string"}}},
                 {"score", {{"type", "number"}}},
                 {"reasons", {{"type", "array"}, {"items", reason}}},
                 {"item", {{"type", "object"}}}}}};
  return {{"type", "object"},
          {"required", {subject, "items"}},
          {"properties",
           {{subject, {{"type", "object"}}}, {"items", {{"type", "array"}, {"items", item}}}}}};
}

}  // namespace samverkan::matching
