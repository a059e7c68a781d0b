#include "modules/reference/module.h"

#include <memory>
#include <mutex>

namespace samverkan::reference {
namespace {

using nlohmann::json;
using web::Request;
using web::Response;

json CodeNames(const std::vector<CodeName>& list, Language lang) {
  json items = json::array();
  for (const auto& c : list) {
    items.push_back({{"code", c.code}, {"name", c.name.In(lang)}, {"names", {{"sv", c.name.sv}, {"en", c.name.en}}}});
  }
  return items;
}

json Sdgs(const ReferenceData& ref, Language lang) {
  json items = json::array();
  for (const auto& s : ref.sdgs()) {
    items.push_back({{"goal", s.goal}, {"name", s.name.In(lang)}, {"names", {{"sv", s.name.sv}, {"en", s.name.en}}}});
  }
  return items;
}

// Counties with their municipalities nested, in SCB code order.
json Counties(const ReferenceData& ref, bool with_municipalities) {
  json items = json::array();
  for (const auto& c : ref.counties()) {
    json county = {{"code", c.code}, {"name", c.name}, {"nuts2", c.nuts2},
                   {"nuts2_name", c.nuts2_name}, {"nuts3", c.nuts3}};
    if (with_municipalities) {
      json municipalities = json::array();
      for (const auto& m : ref.municipalities()) {
        if (m.county_code == c.code) municipalities.push_back({{"code", m.code}, {"name", m.name}});
      }
      county["municipality_count"] = municipalities.size();
      county["municipalities"] = std::move(municipalities);
    }
    items.push_back(std::move(county));
  }
  return items;
}

web::ApiDoc ListDoc(std::string summary, json item_schema) {
  web::ApiDoc doc;
  doc.summary = std::move(summary);
  doc.tag = "reference";
  doc.response = {{"type", "object"},
                  {"required", {"items"}},
                  {"properties", {{"items", {{"type", "array"}, {"items", std::move(item_schema)}}}}}};
  return doc;
}

const json kCodeNameSchema = {
    {"type", "object"},
    {"required", {"code", "name"}},
    {"properties", {{"code", {{"type", "string"}}}, {"name", {{"type", "string"}}}}}};

struct ResponseCache {
  std::once_flag built[2];
  Response response[2];
};

}  // namespace

void ReferenceModule::Register(platform::ModuleRegistry& registry,
                               const platform::Services& services) {
  const platform::Services* s = &services;

  registry.AddNavigation({"/sdg", N_("Global Goals"), 80});
  registry.AddNavigation({"/regioner", N_("Regions"), 90});

  registry.AddRoute({.method = web::http::verb::get, .pattern = "/sdg", .name = "reference.sdgs",
                     .handler = [s](Request& req) {
                       web::PageView view{.template_name = "reference/sdgs",
                                          .title = s->site->Tr(req, "The Global Goals for Sustainable Development"),
                                          .data = {{"sdgs", Sdgs(*s->reference, req.lang)}}};
                       return s->site->Page(req, view);
                     }});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/regioner", .name = "reference.regions",
                     .handler = [s](Request& req) {
                       web::PageView view{.template_name = "reference/regions",
                                          .title = s->site->Tr(req, "Counties and municipalities"),
                                          .data = {{"counties", Counties(*s->reference, true)}}};
                       return s->site->Page(req, view);
                     }});

  auto api = [&](std::string path, std::string name, web::ApiDoc doc,
                 std::function<json(const ReferenceData&, Language)> items) {
    registry.AddRoute({.method = web::http::verb::get,
                       .pattern = "/api/v1/reference/" + path,
                       .name = "api.reference." + name,
                       // Reference data never changes while the server runs: each
                       // language's response is built once and copied out after that.
                       .handler = [s, items, cache = std::make_shared<ResponseCache>()](Request& req) {
                         int slot = req.lang == Language::kSwedish ? 0 : 1;
                         std::call_once(cache->built[slot], [&] {
                           cache->response[slot] =
                               s->site->Json(req, {{"items", items(*s->reference, req.lang)}});
                         });
                         return cache->response[slot];
                       },
                       .blocking = false,
                       .api = std::move(doc)});
  };
  api("sdgs", "sdgs",
      ListDoc("The 17 UN Sustainable Development Goals",
              {{"type", "object"},
               {"required", {"goal", "name"}},
               {"properties", {{"goal", {{"type", "integer"}}}, {"name", {{"type", "string"}}}}}}),
      Sdgs);
  api("counties", "counties",
      ListDoc("Swedish counties with NUTS 2 and NUTS 3 codes and their municipalities",
              {{"type", "object"},
               {"required", {"code", "name", "nuts2"}},
               {"properties",
                {{"code", {{"type", "string"}}}, {"name", {{"type", "string"}}},
                 {"nuts2", {{"type", "string"}}}, {"nuts3", {{"type", "string"}}}}}}),
      [](const ReferenceData& r, Language) { return Counties(r, true); });
  api("municipalities", "municipalities",
      ListDoc("Swedish municipalities (SCB codes)",
              {{"type", "object"},
               {"required", {"code", "name", "county_code"}},
               {"properties",
                {{"code", {{"type", "string"}}}, {"name", {{"type", "string"}}},
                 {"county_code", {{"type", "string"}}}}}}),
      [](const ReferenceData& r, Language) {
        json items = json::array();
        for (const auto& m : r.municipalities()) {
          items.push_back({{"code", m.code}, {"name", m.name}, {"county_code", m.county_code}});
        }
        return items;
      });
  api("sectors", "sectors", ListDoc("The four sectors of an actor", kCodeNameSchema),
      [](const ReferenceData& r, Language l) { return CodeNames(r.sectors(), l); });
  api("target-groups", "target_groups", ListDoc("Target groups of needs, offers and initiatives", kCodeNameSchema),
      [](const ReferenceData& r, Language l) { return CodeNames(r.target_groups(), l); });
  api("collaboration-forms", "collaboration_forms",
      ListDoc("Collaboration forms between need owners and social enterprises", kCodeNameSchema),
      [](const ReferenceData& r, Language l) { return CodeNames(r.collaboration_forms(), l); });
}

}  // namespace samverkan::reference
