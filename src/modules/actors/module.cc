#include "modules/actors/module.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <stdexcept>

#include "modules/actors/csv/actor_csv.h"
#include "modules/actors/domain/actor_policy.h"
#include "modules/actors/json/actor_json.h"
#include "modules/actors/sql/sql_actor_repository.h"
#include "modules/actors/web/actor_form.h"
#include "modules/actors/web/actor_pages.h"
#include "platform/api.h"

namespace samverkan::actors {
namespace {

using platform::NowMs;
using platform::SignInFirst;
using platform::ParseId;

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

// The calendar year now (UTC), for reading forms.
int CurrentYear() {
  using namespace std::chrono;
  return static_cast<int>(year_month_day(floor<days>(system_clock::now())).year());
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

platform::ImportReport ReportOf(const ImportOutcome& outcome) {
  platform::ImportReport report{.inserted = outcome.inserted, .updated = outcome.updated};
  for (const auto& r : outcome.rejected) report.rejected.push_back({r.line, Reason(r.error)});
  return report;
}

// Rows are read this many at a time: a large file is never held whole.
constexpr size_t kImportChunk = 2000;

Result<platform::ImportReport> ImportJsonLines(ActorService& service, std::istream& in, bool partial) {
  JsonLinesReader reader(in);
  // The next chunk is read and parsed on another thread while the service validates and
  // writes this one (reading is a third of an import's time). Only one read is under way at
  // a time, and `ahead` is waited for before `reader` goes away.
  auto read_ahead = [&reader] { return std::async(std::launch::async, [&reader] { return reader.Next(kImportChunk); }); };
  std::future<std::vector<ImportRow>> ahead = read_ahead();
  auto outcome = service.Import(
      [&]() -> Result<std::vector<ImportRow>> {
        if (!ahead.valid()) return std::vector<ImportRow>{};
        std::vector<ImportRow> rows = ahead.get();
        // A read error (not the end of the file) must not pass for the end of the import.
        if (reader.failed()) return Error::Internal("reading the file failed");
        if (!rows.empty()) ahead = read_ahead();
        return rows;
      },
      partial);
  if (ahead.valid()) ahead.wait();
  if (!outcome.ok()) return std::move(outcome).error();
  return ReportOf(*outcome);
}

Result<platform::ImportReport> ImportCsv(ActorService& service, std::string_view text, bool partial) {
  auto rows = ReadActorCsv(text);
  if (!rows.ok()) return std::move(rows).error();
  auto outcome = service.Import(std::move(rows).value(), partial);
  if (!outcome.ok()) return std::move(outcome).error();
  return ReportOf(*outcome);
}

// Writes every actor, unredacted (exports are for admins and operators), as CSV or JSON Lines.
Result<int64_t> ExportActors(ActorService& service, std::ostream& out, bool csv) {
  int64_t count = 0;
  if (csv) out << ActorCsvHeader();
  std::string record;
  Status s = service.ForEach([&](const Actor& a) -> Status {
    if (csv) {
      record.clear();
      AppendActorCsv(record, a.profile);
      out << record;
    } else {
      out << ProfileToJson(a.profile).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    }
    ++count;
    return out ? Status::Ok() : Error::Internal("writing the export failed");
  });
  if (!s.ok()) return std::move(s).error();
  return count;
}

// The largest import the API takes in one request; bigger files go through the command line.
constexpr size_t kImportBodyLimit = 32 * 1024 * 1024;

web::ApiDoc ImportDoc() {
  web::ApiDoc doc;
  doc.summary = "Import actors (admins; an API token needs the admin scope): a JSON Lines or CSV "
                "file as text, upserted by external_id. All or nothing unless partial is true: "
                "with a rejected row nothing is written (422 lists the rows). Up to 32 MiB.";
  doc.tag = "actors";
  json rejected = {{"type", "array"},
                   {"items", {{"type", "object"},
                              {"properties", {{"line", {{"type", "integer"}}},
                                              {"errors", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}}}};
  doc.request_body = {{"type", "object"},
                      {"required", {"format", "data"}},
                      {"properties", {{"format", {{"type", "string"}, {"enum", {"jsonl", "csv"}}}},
                                      {"data", {{"type", "string"}, {"description", "The file's text (UTF-8)"}}},
                                      {"partial", {{"type", "boolean"}, {"default", false}}}}}};
  doc.response = {{"type", "object"},
                  {"properties", {{"inserted", {{"type", "integer"}}},
                                  {"updated", {{"type", "integer"}}},
                                  {"written", {{"type", "boolean"}}},
                                  {"rejected", rejected}}}};
  doc.error_statuses = {401, 403, 413, 422};
  return doc;
}

web::ApiDoc ExportDoc() {
  web::ApiDoc doc;
  doc.summary = "Export every actor (admins; an API token needs the admin scope) as JSON Lines or "
                "CSV, unredacted: it holds sole traders' personal identity numbers";
  doc.tag = "actors";
  doc.parameters = {{.name = "format", .in = "query", .description = "jsonl (default) or csv",
                     .schema = {{"type", "string"}, {"enum", {"jsonl", "csv"}}}}};
  doc.response = {{"type", "string"}};
  doc.response_content_type = "application/x-ndjson";
  doc.error_statuses = {400, 401, 403};
  return doc;
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
      query("q", "Words in the names, summaries, descriptions, offers or needs, in any case and "
                 "inflection (Swedish and English stemming); every word must occur"),
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

// The errors of a form that shows them beside its fields; others get an error page.
bool ShownInForm(const Error& error) {
  return error.IsInvalid() || (error.code() == ErrorCode::kConflict && !error.fields().empty());
}

web::ApiDoc CreateDoc() {
  web::ApiDoc doc;
  doc.summary = "Create an actor: editors and admins; an API token needs the write scope. "
                "alliance_member must be false or left out and member_since empty (the alliance "
                "keeps the membership: 422 otherwise)";
  doc.tag = "actors";
  doc.request_body = ActorInterchangeSchema();
  doc.response = ActorApiSchema();
  doc.success_status = 201;
  doc.error_statuses = {401, 403, 409, 422};
  return doc;
}

web::ApiDoc ReplaceDoc() {
  web::ApiDoc doc;
  doc.summary = "Replace an actor's profile: editors and admins, or a representative of the actor "
                "(who cannot change external_id: 403); an API token needs the write scope. "
                "alliance_member and member_since are kept by the alliance: left out they stay "
                "as stored, sent they must be as stored (422 with a field error otherwise)";
  doc.tag = "actors";
  doc.parameters = {{.name = "id", .in = "path", .description = "The actor's id",
                     .schema = {{"type", "integer"}, {"minimum", 1}}, .required = true}};
  doc.request_body = ActorInterchangeSchema();
  doc.response = ActorApiSchema();
  doc.error_statuses = {401, 403, 404, 409, 422};
  return doc;
}

}  // namespace

namespace {

std::string IndexPath(const platform::Services& s) {
  return (std::filesystem::path(s.data_dir) / "search" / "actors").string();
}

}  // namespace

Status ActorsModule::StartSearch(const platform::Services& services) {
  auto indexer = ActorIndexer::Open(*services.db, IndexPath(services));
  if (!indexer.ok()) return std::move(indexer).error();
  indexer_ = std::move(indexer).value();
  service_->SetSearch(indexer_.get());
  indexer_->Start();
  return Status::Ok();
}

void ActorsModule::StopSearch() {
  if (!indexer_) return;
  service_->SetSearch(nullptr);
  indexer_->Stop();
  indexer_.reset();
}

Result<int64_t> ActorsModule::Reindex(const platform::Services& services) {
  auto indexer = ActorIndexer::Open(*services.db, IndexPath(services));
  if (!indexer.ok()) return std::move(indexer).error();
  return (*indexer)->Rebuild();
}

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
                       return s->site->Page(req, DirectoryPage(req, s->site->tr(), *s->reference, *query, *list,
                                                                               MayCreate(req.principal)));
                     }});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/aktorer/{id}", .name = "actors.profile",
                     .handler = [s, service](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->NotFound(req);
                       auto actor = service->Get(*id);
                       if (!actor.ok()) return s->site->ErrorResponse(req, actor.error());
                       Actor shown = RedactForPublic(std::move(actor).value());
                       return s->site->Page(req, ProfilePage(req, s->site->tr(), *s->reference, shown,
                                                                             MayEdit(req.principal, *id)));
                     }});

  // --- The form: /aktorer/ny and /aktorer/{id}/redigera ------------------------------------
  // The policy is the service's; checking it here first only chooses the answer (sign in, or
  // an error page) before a form is read.
  auto form_page = [s](const Request& req, ActorFormView view) {
    return s->site->Page(req, ActorFormPage(req, s->site->tr(), *s->reference, view));
  };
  auto refused = [s](const Request& req, const Error& error) {
    if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
    return s->site->ErrorResponse(req, error);
  };
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/aktorer/ny", .name = "actors.new_form",
                     .handler = [form_page, refused](Request& req) {
                       if (Status allowed = CheckMayCreate(req.principal); !allowed.ok()) {
                         return refused(req, allowed.error());
                       }
                       ActorFormView view;
                       view.profile.language = req.lang;
                       view.editor_fields = MayChangeEditorFields(req.principal);
                       return form_page(req, std::move(view));
                     }});
  registry.AddRoute({.method = web::http::verb::post, .pattern = "/aktorer/ny", .name = "actors.create",
                     .handler = [s, service, form_page, refused](Request& req) {
                       if (Status allowed = CheckMayCreate(req.principal); !allowed.ok()) {
                         return refused(req, allowed.error());
                       }
                       ActorProfile base;
                       base.language = req.lang;
                       bool editor_fields = MayChangeEditorFields(req.principal);
                       ActorFormInput input = ReadActorForm(req.Form(), base, editor_fields);
                       ActorFormView view{.profile = input.profile, .founded = input.founded,
                                          .editor_fields = editor_fields};
                       if (auto unreadable = ActorFormErrors(input, *s->reference, CurrentYear())) {
                         view.error = &*unreadable;
                         return form_page(req, std::move(view));
                       }
                       auto id = service->Create(req.principal, input.profile);
                       if (id.ok()) return web::Redirect("/aktorer/" + std::to_string(*id) + "?sparat=1");
                       if (!ShownInForm(id.error())) return refused(req, id.error());
                       view.error = &id.error();
                       return form_page(req, std::move(view));
                     }});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/aktorer/{id}/redigera", .name = "actors.edit_form",
                     .handler = [s, service, form_page, refused](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->NotFound(req);
                       auto actor = service->GetForEdit(req.principal, *id);
                       if (!actor.ok()) return refused(req, actor.error());
                       ActorFormView view{.actor_id = *id, .profile = actor->profile,
                                          .founded = FoundedText(actor->profile),
                                          .editor_fields = MayChangeEditorFields(req.principal)};
                       view.stored_name = actor->profile.name;
                       return form_page(req, std::move(view));
                     }});
  registry.AddRoute({.method = web::http::verb::post, .pattern = "/aktorer/{id}/redigera", .name = "actors.update",
                     .handler = [s, service, form_page, refused](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->NotFound(req);
                       // The form edits the stored profile: what it does not show is kept.
                       auto current = service->GetForEdit(req.principal, *id);
                       if (!current.ok()) return refused(req, current.error());
                       bool editor_fields = MayChangeEditorFields(req.principal);
                       ActorFormInput input = ReadActorForm(req.Form(), current->profile, editor_fields);
                       ActorFormView view{.actor_id = *id, .profile = input.profile,
                                          .founded = input.founded, .editor_fields = editor_fields};
                       view.stored_name = current->profile.name;
                       if (auto unreadable = ActorFormErrors(input, *s->reference, CurrentYear())) {
                         view.error = &*unreadable;
                         return form_page(req, std::move(view));
                       }
                       Status saved = service->Update(req.principal, *id, input.profile);
                       if (saved.ok()) return web::Redirect("/aktorer/" + std::to_string(*id) + "?sparat=1");
                       if (!ShownInForm(saved.error())) return refused(req, saved.error());
                       view.error = &saved.error();
                       return form_page(req, std::move(view));
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

  // The interchange JSON of the import, one actor per request; answered with the actor as
  // GET /api/v1/actors/{id} shows it.
  auto stored_json = [s, service](const Request& req, int64_t id, web::http::status status) {
    auto actor = service->Get(id);
    if (!actor.ok()) return s->site->ErrorResponse(req, actor.error());
    Response res = s->site->Json(req, ActorToApiJson(RedactForPublic(std::move(actor).value())), status);
    if (status == web::http::status::created) {
      res.set(web::http::field::location, "/api/v1/actors/" + std::to_string(id));
    }
    return res;
  };
  registry.AddRoute({.method = web::http::verb::post, .pattern = "/api/v1/actors", .name = "api.actors.create",
                     .handler = [s, service, stored_json](Request& req) {
                       if (Status allowed = CheckMayCreate(req.principal); !allowed.ok()) {
                         return s->site->ErrorResponse(req, allowed.error());
                       }
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto profile = ProfileFromJson(*body);
                       if (!profile.ok()) return s->site->ErrorResponse(req, profile.error());
                       auto id = service->Create(req.principal, std::move(profile).value());
                       if (!id.ok()) return s->site->ErrorResponse(req, id.error());
                       return stored_json(req, *id, web::http::status::created);
                     },
                     .api = CreateDoc()});
  registry.AddRoute({.method = web::http::verb::put, .pattern = "/api/v1/actors/{id}", .name = "api.actors.replace",
                     .handler = [s, service, stored_json](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->ErrorResponse(req, Error::NotFound("There is no such actor."));
                       if (Status allowed = CheckMayEdit(req.principal, *id); !allowed.ok()) {
                         return s->site->ErrorResponse(req, allowed.error());
                       }
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto profile = ProfileFromJson(*body);
                       if (!profile.ok()) return s->site->ErrorResponse(req, profile.error());
                       // The alliance keeps the membership: left out, it stays as stored; sent,
                       // it must be as stored (the service refuses a change).
                       if (!body->contains("alliance_member") || !body->contains("member_since")) {
                         auto stored = service->Get(*id);
                         if (!stored.ok()) return s->site->ErrorResponse(req, stored.error());
                         if (!body->contains("alliance_member")) profile->alliance_member = stored->profile.alliance_member;
                         if (!body->contains("member_since")) profile->member_since = stored->profile.member_since;
                       }
                       Status saved = service->Update(req.principal, *id, std::move(profile).value());
                       if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
                       return stored_json(req, *id, web::http::status::ok);
                     },
                     .api = ReplaceDoc()});

  registry.AddRoute({.method = web::http::verb::post, .pattern = "/api/v1/actors/import", .name = "api.actors.import",
                     .handler = [s, service](Request& req) {
                       if (Status allowed = CheckMayImportOrExport(req.principal); !allowed.ok()) {
                         return s->site->ErrorResponse(req, allowed.error());
                       }
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       const json& format = (*body)["format"];
                       const json& data = (*body)["data"];
                       const json& partial = body->value("partial", json(false));
                       std::vector<FieldError> errors;
                       if (!format.is_string() || (format != "jsonl" && format != "csv")) {
                         errors.push_back({"format", N_("The format is jsonl or csv."), {}});
                       }
                       if (!data.is_string()) errors.push_back({"data", N_("The file's text is required."), {}});
                       if (!partial.is_boolean()) errors.push_back({"partial", N_("Must be true or false."), {}});
                       if (!errors.empty()) return s->site->ErrorResponse(req, Error::Invalid(std::move(errors)));
                       std::vector<ImportRow> rows;
                       if (format == "csv") {
                         auto read = ReadActorCsv(data.get_ref<const std::string&>());
                         if (!read.ok()) return s->site->ErrorResponse(req, read.error());
                         rows = std::move(read).value();
                       } else {
                         std::istringstream in(data.get<std::string>());
                         rows = ReadJsonLines(in);
                       }
                       auto outcome = service->Import(req.principal, std::move(rows), partial.get<bool>());
                       if (!outcome.ok()) return s->site->ErrorResponse(req, outcome.error());
                       // Each rejected row with its errors in the reader's language.
                       json rejected = json::array();
                       for (const auto& r : outcome->rejected) {
                         json errors = json::array();
                         if (r.error.fields().empty()) {
                           errors.push_back({{"field", ""}, {"detail", s->site->tr().Message(req.lang, r.error)}});
                         }
                         for (const auto& f : r.error.fields()) {
                           errors.push_back({{"field", f.field}, {"detail", s->site->tr().FieldMessage(req.lang, f)}});
                         }
                         rejected.push_back({{"line", r.line}, {"errors", std::move(errors)}});
                       }
                       if (!outcome->written) {
                         // All or nothing met a rejected row: a problem that lists the rows.
                         Error refused(ErrorCode::kInvalidArgument,
                                       N_("Nothing was imported: rows rejected: {{count}}."),
                                       {{"count", std::to_string(outcome->rejected.size())}});
                         json problem = s->site->Problem(req, refused, web::http::status::unprocessable_entity);
                         problem["rejected"] = std::move(rejected);
                         Response res = s->site->Json(req, problem, web::http::status::unprocessable_entity);
                         res.set(web::http::field::content_type, "application/problem+json");
                         return res;
                       }
                       json report = {{"inserted", outcome->inserted},
                                      {"updated", outcome->updated},
                                      {"written", true},
                                      {"rejected", std::move(rejected)}};
                       return s->site->Json(req, report);
                     },
                     .api = ImportDoc(),
                     .body_limit = kImportBodyLimit});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/api/v1/actors/export", .name = "api.actors.export",
                     .handler = [s, service](Request& req) {
                       if (Status allowed = CheckMayImportOrExport(req.principal); !allowed.ok()) {
                         return s->site->ErrorResponse(req, allowed.error());
                       }
                       std::string format = req.query.Get("format").value_or("jsonl");
                       if (format != "jsonl" && format != "csv") {
                         return s->site->ErrorResponse(req, Error::InvalidField("format", N_("The format is jsonl or csv.")));
                       }
                       std::ostringstream out;
                       auto count = ExportActors(*service, out, format == "csv");
                       if (!count.ok()) return s->site->ErrorResponse(req, count.error());
                       Response res = web::TextResponse(web::http::status::ok,
                                                        format == "csv" ? "text/csv; charset=utf-8"
                                                                        : "application/x-ndjson; charset=utf-8",
                                                        std::move(out).str());
                       res.set(web::http::field::content_disposition,
                               "attachment; filename=\"actors." + format + "\"");
                       res.set(web::http::field::cache_control, "no-store");
                       return res;
                     },
                     .api = ExportDoc()});

  registry.AddPorter(
      {.name = "actors",
       .description = "Actors of the ecosystem registry as JSON Lines (data/demo/actors.jsonl "
                      "shows the format). The export holds sole traders' personal identity "
                      "numbers: handle it as personal data.",
       .export_jsonl = [service](const platform::Services&, std::ostream& out) {
         return ExportActors(*service, out, false);
       },
       .import_jsonl = [service](const platform::Services&, std::istream& in,
                                 const platform::ImportOptions& options) {
         return ImportJsonLines(*service, in, options.partial);
       },
       .export_csv = [service](const platform::Services&, std::ostream& out) {
         return ExportActors(*service, out, true);
       },
       .import_csv = [service](const platform::Services&, std::string_view text,
                               const platform::ImportOptions& options) {
         return ImportCsv(*service, text, options.partial);
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
