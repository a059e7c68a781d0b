#include "modules/ecosystem/module.h"

#include <algorithm>

#include "modules/actors/domain/actor.h"
#include "modules/ecosystem/domain/ecosystem_graph.h"
#include "modules/ecosystem/web/ecosystem_pages.h"

namespace samverkan::ecosystem {
namespace {

using nlohmann::json;
using web::Request;
using web::Response;
namespace http = web::http;

// Every actor as the map needs it, sorted by name in `lang` (Swedish alphabetical order, as
// the directory), from one snapshot of the actors module.
Result<std::vector<MapActor>> ListActors(actors::ActorService& service, Language lang) {
  std::vector<std::pair<std::string, MapActor>> keyed;
  Status read = service.ForEach([&](const actors::Actor& actor) -> Status {
    const actors::ActorProfile& p = actor.profile;
    keyed.emplace_back(actors::SortKey(p.name.In(lang)),
                       MapActor{.id = actor.id,
                                .external_id = p.external_id,
                                .name = p.name,
                                .sector = p.sector,
                                .regions = p.regions,
                                .sdgs = p.sdgs,
                                .social_enterprise = p.social_enterprise});
    return Status::Ok();
  });
  if (!read.ok()) return std::move(read).error();
  std::sort(keyed.begin(), keyed.end(), [](const auto& x, const auto& y) {
    return std::tie(x.first, x.second.id) < std::tie(y.first, y.second.id);
  });
  std::vector<MapActor> out;
  out.reserve(keyed.size());
  for (auto& [key, actor] : keyed) out.push_back(std::move(actor));
  return out;
}

Result<EcosystemGraph> Build(actors::ActorService& service,
                             const platform::ModuleRegistry& registry, const MapFilter& filter,
                             Language lang) {
  auto actors = ListActors(service, lang);
  if (!actors.ok()) return std::move(actors).error();
  std::vector<RelationSet> sets;
  for (const platform::RelationSource& source : registry.relation_sources()) {
    auto set = source.list();
    if (!set.ok()) return std::move(set).error();
    sets.push_back(std::move(set).value());
  }
  return BuildGraph(std::move(actors).value(), sets, filter);
}

web::ApiDoc GraphDoc() {
  web::ApiDoc doc;
  doc.summary =
      "The ecosystem map: actors and hubs as nodes, their relations as edges (partnerships "
      "named by both sides, alliance membership, and the kinds other modules add), with "
      "one-sided partnership claims listed apart";
  doc.tag = "ecosystem";
  auto query = [](std::string name, std::string description, json schema = {{"type", "string"}}) {
    return web::ApiParameter{.name = std::move(name),
                             .in = "query",
                             .description = std::move(description),
                             .schema = std::move(schema)};
  };
  doc.parameters = {
      query("sector", "Sector code (/api/v1/reference/sectors)"),
      query("county",
            "County code (/api/v1/reference/counties), or SE for actors working in the whole "
            "country"),
      query("sdg", "UN Sustainable Development Goal",
            {{"type", "integer"}, {"minimum", 1}, {"maximum", 17}}),
  };
  doc.response = GraphSchema();
  doc.error_statuses = {422};
  return doc;
}

}  // namespace

platform::RelationSource ActorRelationSource(actors::ActorService* service) {
  return {
      .name = "actors",
      .list = [service]() -> Result<RelationSet> {
        RelationSet set;
        set.kinds = {{"partner", N_("Partnership"), true},
                     {"alliance_member", N_("Alliance membership"), false}};
        set.hubs = {{"alliance", {"Alliansen", "The alliance"}}};
        Status read = service->ForEach([&](const actors::Actor& actor) -> Status {
          for (const actors::ActorRef& partner : actor.partners) {
            set.relations.push_back({.from = actor.id, .to_actor = partner.id, .kind = "partner"});
          }
          if (actor.profile.alliance_member) {
            set.relations.push_back(
                {.from = actor.id, .to_hub = "alliance", .kind = "alliance_member"});
          }
          return Status::Ok();
        });
        if (!read.ok()) return std::move(read).error();
        return set;
      }};
}

void EcosystemModule::Register(platform::ModuleRegistry& registry,
                               const platform::Services& services) {
  const platform::Services* s = &services;
  const platform::ModuleRegistry* reg = &registry;
  actors::ActorService* service = actors_->service();

  registry.AddRelationSource(ActorRelationSource(service));
  registry.AddNavigation({"/ekosystem", N_("Ecosystem map"), 15});

  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/ekosystem",
                     .name = "ecosystem.map",
                     .handler = [s, reg, service](Request& req) {
                       auto filter = FilterFromParams(req.query);
                       if (!filter.ok()) return s->site->ErrorResponse(req, filter.error());
                       if (Status valid = ValidateMapFilter(*filter, *s->reference); !valid.ok()) {
                         return s->site->ErrorResponse(req, valid.error());
                       }
                       auto page = TablePageFromParams(req.query);
                       if (!page.ok()) return s->site->ErrorResponse(req, page.error());
                       auto graph = Build(*service, *reg, *filter, req.lang);
                       if (!graph.ok()) return s->site->ErrorResponse(req, graph.error());
                       return s->site->Page(req, MapPage(req, s->site->tr(), *s->reference,
                                                         *graph, *filter, *page));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/api/v1/ecosystem/graph",
                     .name = "api.ecosystem.graph",
                     .handler =
                         [s, reg, service](Request& req) {
                           auto filter = FilterFromParams(req.query);
                           if (!filter.ok()) return s->site->ErrorResponse(req, filter.error());
                           if (Status valid = ValidateMapFilter(*filter, *s->reference);
                               !valid.ok()) {
                             return s->site->ErrorResponse(req, valid.error());
                           }
                           auto graph = Build(*service, *reg, *filter, req.lang);
                           if (!graph.ok()) return s->site->ErrorResponse(req, graph.error());
                           return s->site->Json(req, GraphJson(*graph, *filter, *s->reference,
                                                               s->site->tr(), req.lang));
                         },
                     .api = GraphDoc()});
}

}  // namespace samverkan::ecosystem
