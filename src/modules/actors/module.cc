#include "modules/actors/module.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "modules/actors/json/actor_json.h"
#include "modules/actors/sql/sql_actor_repository.h"
#include "modules/actors/web/actor_pages.h"
#include "platform/api.h"

namespace samverkan::actors {
namespace {

using nlohmann::json;
using web::Request;
using web::Response;

RepositoryScope Scope(const platform::Services* s, storage::TxMode mode) {
  return [s, mode](const std::function<Status(ActorRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlActorRepository repo(tx);
      return work(repo);
    });
  };
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::optional<int64_t> ParseId(const std::string& text) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// Why a row was rejected, for the operator running the import: the command line has no
// reader language, so the English messages are used.
std::string Reason(const Error& error) {
  if (error.fields().empty()) return web::FillPlaceholders(error.message(), error.args());
  std::string out;
  for (const auto& f : error.fields()) {
    if (!out.empty()) out += "; ";
    out += f.field + ": " + web::FillPlaceholders(f.message, f.args);
  }
  return out;
}

Result<platform::ImportReport> ImportJsonLines(ActorService& service, std::istream& in, bool partial) {
  auto outcome = service.Import(ReadJsonLines(in), partial);
  if (!outcome.ok()) return std::move(outcome).error();
  platform::ImportReport report{.inserted = outcome->inserted, .updated = outcome->updated};
  for (const auto& r : outcome->rejected) report.rejected.push_back({r.line, Reason(r.error)});
  return report;
}

web::ApiDoc ListDoc() {
  web::ApiDoc doc;
  doc.summary = "The directory of actors: a page of actors, the total and the facet counts";
  doc.tag = "actors";
  auto query = [](std::string name, std::string description, json schema = {{"type", "string"}}) {
    return web::ApiParameter{.name = std::move(name), .in = "query",
                             .description = std::move(description), .schema = std::move(schema)};
  };
  doc.parameters = {
      query("q", "Words in the names or summaries, any case (a substring for now)"),
      query("sector", "Sector code (/api/v1/reference/sectors)"),
      query("county", "County code (/api/v1/reference/counties), or SE for actors working in the whole country"),
      query("municipality", "Municipality code of the actor's seat"),
      query("sdg", "UN Sustainable Development Goal", {{"type", "integer"}, {"minimum", 1}, {"maximum", 17}}),
      query("target_group", "Target-group code (/api/v1/reference/target-groups)"),
      query("social_enterprise", "Only social enterprises (true) or only others (false)", {{"type", "boolean"}}),
      query("member", "Only alliance members (true) or only others (false)", {{"type", "boolean"}}),
      query("external_id", "The importer's id of one actor"),
      query("limit", "Actors per page, 1–100 (default 20)", {{"type", "integer"}, {"minimum", 1}, {"maximum", kMaxPageSize}}),
      query("cursor", "next_cursor of the previous page"),
  };
  json counts = {{"type", "object"}, {"additionalProperties", {{"type", "integer"}}}};
  json facet_properties = json::object();
  for (Facet facet : kFacets) facet_properties[std::string(FacetName(facet))] = counts;
  doc.response = {
      {"type", "object"},
      {"required", {"items", "total", "facets", "next_cursor"}},
      {"properties",
       {{"items", {{"type", "array"}, {"items", ActorApiSchema()}}},
        {"total", {{"type", "integer"}, {"description", "Actors matching the filter on all pages"}}},
        {"facets",
         {{"type", "object"},
          {"description",
           "For each facet, value → number of actors. A facet's counts leave out its own "
           "filter and apply all the others: how many there would be with that value instead."},
          {"properties", facet_properties}}},
        {"next_cursor", {{"type", {"string", "null"}}, {"description", "null on the last page"}}}}}};
  doc.error_statuses = {422};
  return doc;
}

web::ApiDoc ShowDoc() {
  web::ApiDoc doc;
  doc.summary = "One actor's public profile";
  doc.tag = "actors";
  doc.parameters = {{.name = "id", .in = "path", .description = "The actor's id",
                     .schema = {{"type", "integer"}, {"minimum", 1}}, .required = true}};
  doc.response = ActorApiSchema();
  doc.error_statuses = {404};
  return doc;
}

}  // namespace

void ActorsModule::Register(platform::ModuleRegistry& registry, const platform::Services& services) {
  const platform::Services* s = &services;
  if (!services.reference) {
    throw std::logic_error("actors: the reference data must be loaded before modules register");
  }
  service_ = std::make_unique<ActorService>(Scope(s, storage::TxMode::kWrite),
                                            Scope(s, storage::TxMode::kRead), services.reference, NowMs);
  ActorService* service = service_.get();

  for (auto& m : ActorMigrations()) registry.AddMigration(std::move(m));
  registry.AddNavigation({"/aktorer", N_("Actors"), 10});

  registry.AddRoute({.method = web::http::verb::get, .pattern = "/aktorer", .name = "actors.directory",
                     .handler = [s, service](Request& req) {
                       auto query = QueryFromRequest(req);
                       if (!query.ok()) return s->site->ErrorResponse(req, query.error());
                       auto list = service->List(*query);
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       return s->site->Page(req, DirectoryPage(req, s->site->tr(), *s->reference, *query, *list));
                     }});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/aktorer/{id}", .name = "actors.profile",
                     .handler = [s, service](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->NotFound(req);
                       auto actor = service->Get(*id);
                       if (!actor.ok()) return s->site->ErrorResponse(req, actor.error());
                       Actor shown = RedactForPublic(std::move(actor).value());
                       return s->site->Page(req, ProfilePage(req, s->site->tr(), *s->reference, shown));
                     }});

  registry.AddRoute({.method = web::http::verb::get, .pattern = "/api/v1/actors", .name = "api.actors.list",
                     .handler = [s, service](Request& req) {
                       auto query = QueryFromRequest(req);
                       if (!query.ok()) return s->site->ErrorResponse(req, query.error());
                       auto list = service->List(*query);
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       json items = json::array();
                       for (auto& a : list->items) items.push_back(ActorToApiJson(RedactForPublic(std::move(a))));
                       json body = {{"items", std::move(items)},
                                    {"total", list->total},
                                    {"facets", FacetsToJson(list->facets)},
                                    {"next_cursor", list->next_cursor
                                                        ? json(platform::EncodeCursor(*list->next_cursor))
                                                        : json(nullptr)}};
                       return s->site->Json(req, body);
                     },
                     .api = ListDoc()});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/api/v1/actors/{id}", .name = "api.actors.show",
                     .handler = [s, service](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->ErrorResponse(req, Error::NotFound("There is no such actor."));
                       auto actor = service->Get(*id);
                       if (!actor.ok()) return s->site->ErrorResponse(req, actor.error());
                       return s->site->Json(req, ActorToApiJson(RedactForPublic(std::move(actor).value())));
                     },
                     .api = ShowDoc()});

  registry.AddPorter(
      {.name = "actors",
       .description = "Actors of the ecosystem registry as JSON Lines (data/demo/actors.jsonl "
                      "shows the format). The export holds sole traders' personal identity "
                      "numbers: handle it as personal data.",
       .export_jsonl = [service](const platform::Services&, std::ostream& out) -> Result<int64_t> {
         int64_t count = 0;
         Status s = service->ForEach([&](const Actor& a) -> Status {
           out << ProfileToJson(a.profile).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
           ++count;
           return out ? Status::Ok() : Error::Internal("writing the export failed");
         });
         if (!s.ok()) return std::move(s).error();
         return count;
       },
       .import_jsonl = [service](const platform::Services&, std::istream& in,
                                 const platform::ImportOptions& options) {
         return ImportJsonLines(*service, in, options.partial);
       }});

  registry.AddDemoLoader("actors", [service](const platform::Services& s) -> Status {
    auto path = std::filesystem::path(s.share_dir) / "data" / "demo" / "actors.jsonl";
    std::ifstream in(path, std::ios::binary);
    if (!in) return Error::Internal("cannot read " + path.string());
    auto report = ImportJsonLines(*service, in, false);
    if (!report.ok()) return std::move(report).error();
    if (!report->rejected.empty()) {
      const auto& first = report->rejected.front();
      return Error::Internal(path.string() + " line " + std::to_string(first.line) + ": " + first.reason);
    }
    return Status::Ok();
  });
}

}  // namespace samverkan::actors
