#include "modules/actors/json/actor_json.h"

#include <algorithm>
#include <climits>
#include <limits>
#include <cstdint>
#include <string>

#include "platform/api.h"

namespace samverkan::actors {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Reads the fields of one record, collecting every type error.
class RecordReader {
 public:
  explicit RecordReader(const json& record) : record_(record) {}

  const json* Find(const char* field) const {
    auto it = record_.find(field);
    return it == record_.end() || it->is_null() ? nullptr : &*it;
  }
  void Fail(const char* field, const char* message) { errors_.push_back({field, message}); }

  std::string Text(const char* field) {
    const json* v = Find(field);
    if (!v) return {};
    if (!v->is_string()) {
      Fail(field, N_("Must be a string."));
      return {};
    }
    return v->get<std::string>();
  }
  bool Flag(const char* field) {
    const json* v = Find(field);
    if (!v) return false;
    if (!v->is_boolean()) {
      Fail(field, N_("Must be true or false."));
      return false;
    }
    return v->get<bool>();
  }
  std::optional<int> Integer(const char* field) {
    const json* v = Find(field);
    if (!v) return std::nullopt;
    if (!v->is_number_integer()) {
      Fail(field, N_("Must be a whole number."));
      return std::nullopt;
    }
    return static_cast<int>(std::clamp<int64_t>(v->get<int64_t>(), INT32_MIN, INT32_MAX));
  }
  std::vector<std::string> Strings(const char* field) {
    std::vector<std::string> out;
    const json* v = Find(field);
    if (!v) return out;
    if (!v->is_array()) {
      Fail(field, N_("Must be a list of strings."));
      return out;
    }
    for (const auto& item : *v) {
      if (!item.is_string()) {
        Fail(field, N_("Must be a list of strings."));
        return {};
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  std::vector<int> Integers(const char* field) {
    std::vector<int> out;
    const json* v = Find(field);
    if (!v) return out;
    bool ok = v->is_array();
    if (ok) {
      for (const auto& item : *v) {
        if (!item.is_number_integer() || item.get<int64_t>() < INT32_MIN ||
            item.get<int64_t>() > INT32_MAX) {
          ok = false;
          break;
        }
        out.push_back(static_cast<int>(item.get<int64_t>()));
      }
    }
    if (!ok) {
      Fail(field, N_("Must be a list of whole numbers."));
      return {};
    }
    return out;
  }
  LocalizedText Localized(const char* field, Language language) {
    const json* v = Find(field);
    if (!v) return {};
    auto text = platform::LocalizedFromJson(*v, language, field);
    if (!text.ok()) {
      for (const auto& f : text.error().fields()) errors_.push_back(f);
      return {};
    }
    return std::move(text).value();
  }
  std::vector<Certification> Certifications(const char* field) {
    std::vector<Certification> out;
    const json* v = Find(field);
    if (!v) return out;
    auto string_or_null = [](const json& o, const char* key) {
      auto it = o.find(key);
      return it == o.end() || it->is_null() || it->is_string();
    };
    bool ok = v->is_array();
    if (ok) {
      for (const auto& item : *v) {
        if (!item.is_object() || !string_or_null(item, "name") ||
            !string_or_null(item, "issuer") || !string_or_null(item, "valid_until")) {
          ok = false;
          break;
        }
        auto get = [&](const char* key) {
          auto it = item.find(key);
          return it == item.end() || it->is_null() ? std::string() : it->get<std::string>();
        };
        out.push_back({get("name"), get("issuer"), get("valid_until")});
      }
    }
    if (!ok) {
      Fail(field, N_("Must be a list of objects with the strings name, issuer and valid_until."));
      return {};
    }
    return out;
  }

  std::vector<FieldError>& errors() { return errors_; }

 private:
  const json& record_;
  std::vector<FieldError> errors_;
};

ordered_json Texts(const LocalizedText& t) { return {{"sv", t.sv}, {"en", t.en}}; }
ordered_json TextOrNull(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

}  // namespace

Result<ActorProfile> ProfileFromJson(const json& record) {
  if (!record.is_object()) {
    return Error::InvalidField("line", "Each line must hold one JSON object.");
  }
  RecordReader r(record);
  ActorProfile p;
  std::string language = r.Text("language");
  if (!language.empty()) {
    auto parsed = ParseLanguage(language);
    if (parsed) {
      p.language = *parsed;
    } else {
      r.Fail("language", N_("The language is sv or en."));
    }
  }
  p.external_id = r.Text("external_id");
  p.name = r.Localized("name", p.language);
  p.summary = r.Localized("summary", p.language);
  p.description = r.Localized("description", p.language);
  p.offers = r.Localized("offers", p.language);
  p.seeks = r.Localized("seeks", p.language);
  p.sector = r.Text("sector");
  p.social_enterprise = r.Flag("social_enterprise");
  p.wise = r.Flag("wise");
  p.municipality = r.Text("municipality");
  p.regions = r.Strings("regions");
  p.org_number = r.Text("org_number");
  p.sdgs = r.Integers("sdgs");
  p.target_groups = r.Strings("target_groups");
  p.certifications = r.Certifications("certifications");
  p.website = r.Text("website");
  p.founded = r.Integer("founded");
  p.size_band = r.Text("size_band");
  p.alliance_member = r.Flag("alliance_member");
  p.member_since = r.Text("member_since");
  p.partners = r.Strings("partners");
  if (!r.errors().empty()) return Error::Invalid(std::move(r.errors()));
  return p;
}

ordered_json ProfileToJson(const ActorProfile& p) {
  ordered_json certifications = ordered_json::array();
  for (const auto& c : p.certifications) {
    certifications.push_back(
        {{"name", c.name}, {"issuer", c.issuer}, {"valid_until", TextOrNull(c.valid_until)}});
  }
  return {{"external_id", TextOrNull(p.external_id)},
          {"language", LanguageCode(p.language)},
          {"name", Texts(p.name)},
          {"sector", p.sector},
          {"social_enterprise", p.social_enterprise},
          {"wise", p.wise},
          {"municipality", TextOrNull(p.municipality)},
          {"regions", p.regions},
          {"org_number", TextOrNull(p.org_number)},
          {"sdgs", p.sdgs},
          {"target_groups", p.target_groups},
          {"summary", Texts(p.summary)},
          {"description", Texts(p.description)},
          {"offers", Texts(p.offers)},
          {"seeks", Texts(p.seeks)},
          {"website", TextOrNull(p.website)},
          {"founded", p.founded ? ordered_json(*p.founded) : ordered_json()},
          {"size_band", TextOrNull(p.size_band)},
          {"certifications", std::move(certifications)},
          {"alliance_member", p.alliance_member},
          {"member_since", TextOrNull(p.member_since)},
          {"partners", p.partners}};
}

std::vector<ImportRow> JsonLinesReader::Next(size_t max_rows) {
  std::vector<ImportRow> rows;
  rows.reserve(std::min<size_t>(max_rows, 4096));
  while (rows.size() < max_rows && std::getline(in_, line_)) {
    ++number_;
    if (number_ == 1 && line_.rfind("\xEF\xBB\xBF", 0) == 0) line_.erase(0, 3);
    if (!line_.empty() && line_.back() == '\r') line_.pop_back();
    if (line_.find_first_not_of(" \t") == std::string::npos) continue;
    json record = json::parse(line_, nullptr, false);
    if (record.is_discarded()) {
      rows.push_back({number_, Error::InvalidField("line", "The line is not valid JSON.")});
      continue;
    }
    rows.push_back({number_, ProfileFromJson(record)});
  }
  return rows;
}

std::vector<ImportRow> ReadJsonLines(std::istream& in) {
  JsonLinesReader reader(in);
  return reader.Next(std::numeric_limits<size_t>::max());
}

json ActorToApiJson(const Actor& a) {
  const ActorProfile& p = a.profile;
  auto or_null = [](const std::string& s) { return s.empty() ? json() : json(s); };
  json certifications = json::array();
  for (const auto& c : p.certifications) {
    certifications.push_back({{"name", c.name}, {"issuer", c.issuer}, {"valid_until", or_null(c.valid_until)}});
  }
  json partners = json::array();
  for (const auto& partner : a.partners) {
    partners.push_back({{"id", partner.id},
                        {"external_id", or_null(partner.external_id)},
                        {"name", platform::ToJson(partner.name)},
                        {"url", "/aktorer/" + std::to_string(partner.id)}});
  }
  return {{"id", a.id},
          {"external_id", or_null(p.external_id)},
          {"url", "/aktorer/" + std::to_string(a.id)},
          {"language", LanguageCode(p.language)},
          {"name", platform::ToJson(p.name)},
          {"summary", platform::ToJson(p.summary)},
          {"description", platform::ToJson(p.description)},
          {"offers", platform::ToJson(p.offers)},
          {"seeks", platform::ToJson(p.seeks)},
          {"sector", p.sector},
          {"social_enterprise", p.social_enterprise},
          {"wise", p.wise},
          {"municipality", or_null(p.municipality)},
          {"regions", p.regions},
          {"org_number", or_null(p.org_number)},
          {"sdgs", p.sdgs},
          {"target_groups", p.target_groups},
          {"certifications", std::move(certifications)},
          {"website", or_null(p.website)},
          {"founded", p.founded ? json(*p.founded) : json()},
          {"size_band", or_null(p.size_band)},
          {"alliance_member", p.alliance_member},
          {"member_since", or_null(p.member_since)},
          {"partners", std::move(partners)},
          {"updated_at_ms", a.updated_at_ms}};
}

json ActorApiSchema() {
  json text = {{"type", "object"},
               {"properties", {{"sv", {{"type", "string"}}}, {"en", {{"type", "string"}}}}}};
  json nullable_string = {{"type", {"string", "null"}}};
  json strings = {{"type", "array"}, {"items", {{"type", "string"}}}};
  return {
      {"type", "object"},
      {"required", {"id", "url", "name", "sector", "social_enterprise", "wise", "regions", "sdgs",
                    "target_groups"}},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"external_id", nullable_string},
        {"url", {{"type", "string"}, {"description", "The public page"}}},
        {"language", {{"type", "string"}, {"enum", {"sv", "en"}}}},
        {"name", text},
        {"summary", text},
        {"description", {{"type", "object"}, {"description", "Markdown source"},
                         {"properties", {{"sv", {{"type", "string"}}}, {"en", {{"type", "string"}}}}}}},
        {"offers", text},
        {"seeks", text},
        {"sector", {{"type", "string"}, {"description", "Code from /api/v1/reference/sectors"}}},
        {"social_enterprise", {{"type", "boolean"}}},
        {"wise", {{"type", "boolean"}, {"description", "Work-integration social enterprise"}}},
        {"municipality", nullable_string},
        {"regions", {{"type", "array"}, {"items", {{"type", "string"}}},
                     {"description", "County codes, or SE for the whole country"}}},
        {"org_number", {{"type", {"string", "null"}},
                        {"description", "NNNNNN-NNNN; null when absent or when it is a sole "
                                        "trader's personal identity number"}}},
        {"sdgs", {{"type", "array"}, {"items", {{"type", "integer"}, {"minimum", 1}, {"maximum", 17}}}}},
        {"target_groups", strings},
        {"certifications",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"name", {{"type", "string"}}},
              {"issuer", {{"type", "string"}}},
              {"valid_until", {{"type", {"string", "null"}}, {"format", "date"}}}}}}}}},
        {"website", nullable_string},
        {"founded", {{"type", {"integer", "null"}}}},
        {"size_band", {{"type", {"string", "null"}}, {"enum", {"1-9", "10-49", "50-249", "250+", nullptr}}}},
        {"alliance_member", {{"type", "boolean"}}},
        {"member_since", {{"type", {"string", "null"}}, {"format", "date"}}},
        {"partners",
         {{"type", "array"},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"id", {{"type", "integer"}}}, {"external_id", nullable_string}, {"name", text},
              {"url", {{"type", "string"}}}}}}}}},
        {"updated_at_ms", {{"type", "integer"}}}}}};
}

json ActorInterchangeSchema() {
  json nullable_string = {{"type", {"string", "null"}}};
  json pair = {{"type", "object"},
               {"additionalProperties", false},
               {"properties", {{"sv", nullable_string}, {"en", nullable_string}}}};
  json text = {{"description", "A string in the record's language, or {\"sv\": …, \"en\": …}"},
               {"oneOf", json::array({nullable_string, pair})}};
  json strings = {{"type", {"array", "null"}}, {"items", {{"type", "string"}}}};
  return {
      {"type", "object"},
      {"description",
       "One actor in the interchange format of `samverkan import actors` (data/demo/actors.jsonl). "
       "Missing fields and null are empty; the whole profile is replaced, partners included."},
      {"required", {"name", "sector"}},
      {"properties",
       {{"external_id", {{"type", {"string", "null"}}, {"maxLength", kMaxExternalIdLength},
                         {"description", "The importer's key; only editors and admins may set or change it"}}},
        {"language", {{"type", {"string", "null"}}, {"enum", {"sv", "en", nullptr}},
                      {"description", "The language of texts given as plain strings (default sv)"}}},
        {"name", text},
        {"summary", text},
        {"description", text},
        {"offers", text},
        {"seeks", text},
        {"sector", {{"type", "string"}, {"description", "Code from /api/v1/reference/sectors"}}},
        {"social_enterprise", {{"type", {"boolean", "null"}}}},
        {"wise", {{"type", {"boolean", "null"}}, {"description", "Work-integration social enterprise; implies social_enterprise"}}},
        {"municipality", nullable_string},
        {"regions", {{"type", {"array", "null"}}, {"items", {{"type", "string"}}},
                     {"description", "County codes, or SE for the whole country"}}},
        {"org_number", {{"type", {"string", "null"}}, {"description", "NNNNNN-NNNN with a valid check digit"}}},
        {"sdgs", {{"type", {"array", "null"}}, {"items", {{"type", "integer"}, {"minimum", 1}, {"maximum", 17}}}}},
        {"target_groups", strings},
        {"certifications",
         {{"type", {"array", "null"}},
          {"items",
           {{"type", "object"},
            {"properties",
             {{"name", {{"type", "string"}}},
              {"issuer", nullable_string},
              {"valid_until", {{"type", {"string", "null"}}, {"format", "date"}}}}}}}}},
        {"website", nullable_string},
        {"founded", {{"type", {"integer", "null"}}}},
        {"size_band", {{"type", {"string", "null"}}, {"enum", {"1-9", "10-49", "50-249", "250+", nullptr}}}},
        {"alliance_member", {{"type", {"boolean", "null"}},
                             {"description", "Kept by the alliance: the API refuses a change (422); imports may set it"}}},
        {"member_since", {{"type", {"string", "null"}}, {"format", "date"},
                          {"description", "Kept by the alliance: the API refuses a change (422); imports may set it"}}},
        {"partners", {{"type", {"array", "null"}}, {"items", {{"type", "string"}}},
                      {"description", "External ids of existing actors"}}}}}};
}

}  // namespace samverkan::actors
