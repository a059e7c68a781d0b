#include "modules/alliance/module.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <stdexcept>

#include "modules/alliance/domain/alliance_policy.h"
#include "modules/alliance/sql/sql_alliance_repository.h"
#include "modules/alliance/web/alliance_web.h"
#include "platform/api.h"

namespace samverkan::alliance {
namespace {

using platform::NowMs;
using platform::ParseId;
using platform::SignInFirst;

using nlohmann::json;
using web::Request;
using web::Response;
namespace http = web::http;

RepositoryScope Scope(const platform::Services* s, storage::TxMode mode) {
  return [s, mode](const std::function<Status(AllianceRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlAllianceRepository repo(tx);
      return work(repo);
    });
  };
}

// Actors through the registry's lookup, with the county of their seat.
ActorDirectory Directory(const platform::Services* s) {
  return [s](int64_t id, Language lang) -> Result<std::optional<ActorInfo>> {
    if (!s->actor_lookup) return std::optional<ActorInfo>();
    auto ref = s->actor_lookup(std::to_string(id), lang);
    if (!ref.ok()) return std::move(ref).error();
    if (!ref->has_value()) return std::optional<ActorInfo>();
    const platform::ActorRef& a = **ref;
    std::string county;
    if (const Municipality* m = s->reference->FindMunicipality(a.municipality)) county = m->county_code;
    return std::optional<ActorInfo>(ActorInfo{a.id, a.name, a.sector, county});
  };
}

MembershipSync Sync(const platform::Services* s) {
  return [s](int64_t user_id, int64_t actor_id, const std::optional<std::string>& since) -> Status {
    if (!s->set_alliance_membership) return Status::Ok();
    return s->set_alliance_membership(user_id, actor_id, since);
  };
}

web::ApiParameter PathParam(std::string name, std::string description) {
  return {.name = std::move(name), .in = "path", .description = std::move(description),
          .schema = {{"type", "integer"}, {"minimum", 1}}, .required = true};
}

web::ApiDoc Doc(std::string summary, json response, std::vector<web::ApiParameter> parameters,
                std::vector<int> errors, json request = nullptr, int success = 200) {
  web::ApiDoc doc;
  doc.summary = std::move(summary);
  doc.tag = "alliance";
  doc.response = std::move(response);
  doc.parameters = std::move(parameters);
  doc.error_statuses = std::move(errors);
  if (!request.is_null()) doc.request_body = std::move(request);
  doc.success_status = success;
  return doc;
}

json ListSchema(json item) {
  return {{"type", "object"},
          {"required", {"items"}},
          {"properties", {{"items", {{"type", "array"}, {"items", std::move(item)}}}}}};
}

// The one string field of a JSON body that may leave it out ({} for the default).
Result<std::string> OptionalField(const Request& req, const char* name) {
  auto body = platform::ParseJsonBody(req);
  if (!body.ok()) return std::move(body).error();
  SAMVERKAN_RETURN_IF_ERROR(CheckKnownFields(*body, {name}));
  auto it = body->find(name);
  if (it == body->end() || it->is_null()) return std::string();
  if (!it->is_string()) return Error::InvalidField(name, N_("Must be a text."));
  return it->get<std::string>();
}

// The organisations the signed-in person represents, by name.
std::vector<ActorChoice> ChoicesFor(const platform::Services* s, const Principal& who, Language lang) {
  std::vector<ActorChoice> out;
  if (!who.Has(Role::kRepresentative) || !s->actor_lookup) return out;
  for (int64_t id : who.actor_ids) {
    auto ref = s->actor_lookup(std::to_string(id), lang);
    if (ref.ok() && ref->has_value()) out.push_back({id, (*ref)->name});
  }
  return out;
}

Status LoadDemo(AllianceService& service, const platform::Services& s) {
  if (service.HasMemberships()) return Status::Ok();
  auto path = std::filesystem::path(s.share_dir) / "data" / "demo" / "alliance.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Internal("cannot read " + path.string());
  json doc = json::parse(in, nullptr, false);
  if (!doc.is_object()) return Error::Internal(path.string() + " is not a JSON object");
  auto actor_id = [&](const json& item) -> Result<int64_t> {
    std::string external = item.value("actor", "");
    auto ref = s.actor_lookup ? s.actor_lookup(external, kDefaultLanguage)
                              : Result<std::optional<platform::ActorRef>>(std::optional<platform::ActorRef>());
    if (!ref.ok()) return std::move(ref).error();
    if (!ref->has_value()) return Error::Internal(path.string() + ": no demo actor " + external);
    return (*ref)->id;
  };
  for (const json& m : doc.value("memberships", json::array())) {
    auto id = actor_id(m);
    if (!id.ok()) return std::move(id).error();
    SAMVERKAN_RETURN_IF_ERROR(service.RecordMembership(*id, m.value("since", ""), m.value("until", "")));
  }
  for (const json& a : doc.value("applications", json::array())) {
    auto id = actor_id(a);
    if (!id.ok()) return std::move(id).error();
    json body = a;
    body.erase("actor");
    body["actor_id"] = *id;
    auto draft = DraftFromJson(body);
    if (!draft.ok()) return std::move(draft).error();
    auto applied = service.ApplyAsOperator(std::move(draft).value());
    if (!applied.ok()) return std::move(applied).error();
  }
  return Status::Ok();
}

}  // namespace

void AllianceModule::Register(platform::ModuleRegistry& registry, const platform::Services& services) {
  const platform::Services* s = &services;
  if (!services.reference) {
    throw std::logic_error("alliance: the reference data must be loaded before modules register");
  }
  std::vector<std::string> sectors;
  for (const auto& sector : services.reference->sectors()) sectors.push_back(sector.code);
  std::vector<std::string> counties;
  for (const auto& county : services.reference->counties()) counties.push_back(county.code);
  service_ = std::make_unique<AllianceService>(Scope(s, storage::TxMode::kWrite),
                                               Scope(s, storage::TxMode::kRead), Directory(s),
                                               Sync(s), sectors, counties, NowMs);
  AllianceService* service = service_.get();

  for (auto& m : AllianceMigrations()) registry.AddMigration(std::move(m));
  registry.AddNavigation({"/allians", N_("Alliance"), 15});

  // An error a page shows as a page: sign in first for visitors.
  auto refused = [s](const Request& req, const Error& error) {
    if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
    return s->site->ErrorResponse(req, error);
  };

  // --- Public pages --------------------------------------------------------------------------
  registry.AddRoute({.method = http::verb::get, .pattern = "/allians", .name = "alliance.dashboard",
                     .handler = [s, service](Request& req) {
                       auto d = service->GetDashboard();
                       if (!d.ok()) return s->site->ErrorResponse(req, d.error());
                       bool may_apply = !req.principal.authenticated() || MayApplyForAny(req.principal);
                       return s->site->Page(req, DashboardPage(req, s->site->tr(), *s->reference, *d, may_apply,
                                                               MayReview(req.principal)));
                     }});
  registry.AddRoute({.method = http::verb::get, .pattern = "/allians/medlemmar", .name = "alliance.members",
                     .handler = [s, service](Request& req) {
                       auto members = service->Members(req.lang);
                       if (!members.ok()) return s->site->ErrorResponse(req, members.error());
                       return s->site->Page(req, MembersPage(req, s->site->tr(), *s->reference, *members));
                     }});

  // --- Applying ------------------------------------------------------------------------------
  auto apply_page = [s, service](const Request& req, const ApplicationDraft& draft, const Error* error) {
    auto mine = service->ListApplications(req.principal, std::nullopt, req.lang);
    if (!mine.ok()) return s->site->ErrorResponse(req, mine.error());
    return s->site->Page(req, ApplyPage(req, s->site->tr(), ChoicesFor(s, req.principal, req.lang),
                                        req.principal.IsEditor(), draft, error, *mine));
  };
  registry.AddRoute({.method = http::verb::get, .pattern = "/allians/ansok", .name = "alliance.apply_form",
                     .handler = [apply_page, refused](Request& req) {
                       if (Status may = CheckMayApplyForAny(req.principal); !may.ok()) return refused(req, may.error());
                       ApplicationDraft draft;
                       draft.actor_id = ParseId(req.query.GetOr("aktor", "")).value_or(0);
                       draft.contact.name = req.principal.display_name;
                       draft.contact.email = req.principal.email;
                       return apply_page(req, draft, nullptr);
                     }});
  registry.AddRoute({.method = http::verb::post, .pattern = "/allians/ansok", .name = "alliance.apply",
                     .handler = [service, apply_page, refused](Request& req) {
                       if (Status may = CheckMayApplyForAny(req.principal); !may.ok()) return refused(req, may.error());
                       ApplicationDraft draft = DraftFromForm(req.Form());
                       auto id = service->Apply(req.principal, draft);
                       if (id.ok()) return web::Redirect("/allians/ansokningar/" + std::to_string(*id) + "?sparat=1");
                       const Error& error = id.error();
                       if (error.IsInvalid() || error.code() == ErrorCode::kConflict) return apply_page(req, draft, &error);
                       return refused(req, error);
                     }});

  // --- One application, and the decisions on it --------------------------------------------
  auto application_page = [s, service, refused](Request& req, const web::Params& form, const Error* error) {
    auto id = ParseId(req.path_params["id"]);
    if (!id) return s->site->NotFound(req);
    auto view = service->GetApplication(req.principal, *id, req.lang);
    if (!view.ok()) return refused(req, view.error());
    return s->site->Page(req, ApplicationPage(req, s->site->tr(), *view, MayReview(req.principal), form, error));
  };
  registry.AddRoute({.method = http::verb::get, .pattern = "/allians/ansokningar/{id}", .name = "alliance.application",
                     .handler = [application_page](Request& req) { return application_page(req, req.query, nullptr); }});
  auto decision = [s, application_page, refused](Request& req, const std::function<Status(int64_t)>& decide) {
    if (Status may = CheckMayReview(req.principal); !may.ok()) return refused(req, may.error());
    auto id = ParseId(req.path_params["id"]);
    if (!id) return s->site->NotFound(req);
    const web::Params& form = req.Form();
    Status done = decide(*id);
    if (done.ok()) return web::Redirect("/allians/ansokningar/" + std::to_string(*id) + "?sparat=1");
    if (done.error().IsInvalid() || done.error().code() == ErrorCode::kConflict) {
      return application_page(req, form, &done.error());
    }
    return refused(req, done.error());
  };
  registry.AddRoute({.method = http::verb::post, .pattern = "/allians/ansokningar/{id}/godkann", .name = "alliance.approve",
                     .handler = [service, decision](Request& req) {
                       return decision(req, [&](int64_t id) -> Status {
                         auto m = service->Approve(req.principal, id, req.Form().GetOr("since", ""));
                         return m.ok() ? Status::Ok() : Status(std::move(m).error());
                       });
                     }});
  registry.AddRoute({.method = http::verb::post, .pattern = "/allians/ansokningar/{id}/avsla", .name = "alliance.refuse",
                     .handler = [service, decision](Request& req) {
                       return decision(req, [&](int64_t id) {
                         return service->Refuse(req.principal, id, req.Form().GetOr("reason", ""));
                       });
                     }});

  // --- Review: applications, members, goals --------------------------------------------------
  auto admin_page = [s, service, refused](Request& req, const web::Params& form, const Error* error,
                                          int64_t error_actor) {
    if (Status may = CheckMayReview(req.principal); !may.ok()) return refused(req, may.error());
    auto applications = service->ListApplications(req.principal, std::nullopt, req.lang);
    if (!applications.ok()) return s->site->ErrorResponse(req, applications.error());
    auto members = service->Members(req.lang);
    if (!members.ok()) return s->site->ErrorResponse(req, members.error());
    return s->site->Page(req, AdminPage(req, s->site->tr(), *s->reference, *applications, *members, form,
                                        error, error_actor));
  };
  registry.AddRoute({.method = http::verb::get, .pattern = "/admin/allians", .name = "alliance.admin",
                     .handler = [admin_page](Request& req) { return admin_page(req, req.query, nullptr, 0); }});
  registry.AddRoute({.method = http::verb::post, .pattern = "/admin/allians/medlemmar/{actor}/avsluta",
                     .name = "alliance.end_membership",
                     .handler = [s, service, admin_page, refused](Request& req) {
                       if (Status may = CheckMayReview(req.principal); !may.ok()) return refused(req, may.error());
                       auto actor = ParseId(req.path_params["actor"]);
                       if (!actor) return s->site->NotFound(req);
                       const web::Params& form = req.Form();
                       auto ended = service->EndMembership(req.principal, *actor, form.GetOr("until", ""));
                       if (ended.ok()) return web::Redirect("/admin/allians?avslutat=1");
                       if (ended.error().IsInvalid()) return admin_page(req, form, &ended.error(), *actor);
                       return refused(req, ended.error());
                     }});
  registry.AddRoute({.method = http::verb::get, .pattern = "/admin/allians/mal", .name = "alliance.goals_form",
                     .handler = [s, service, refused](Request& req) {
                       if (Status may = CheckMaySetGoals(req.principal); !may.ok()) return refused(req, may.error());
                       auto goals = service->GetGoals();
                       if (!goals.ok()) return s->site->ErrorResponse(req, goals.error());
                       return s->site->Page(req, GoalsPage(req, s->site->tr(), *s->reference, *goals, nullptr,
                                                           req.query.Has("sparat")));
                     }});
  registry.AddRoute({.method = http::verb::post, .pattern = "/admin/allians/mal", .name = "alliance.set_goals",
                     .handler = [s, service, refused](Request& req) {
                       if (Status may = CheckMaySetGoals(req.principal); !may.ok()) return refused(req, may.error());
                       auto goals = GoalsFromForm(req.Form(), *s->reference);
                       Status saved = goals.ok() ? service->SetGoals(req.principal, *goals) : Status(goals.error());
                       if (saved.ok()) return web::Redirect("/admin/allians/mal?sparat=1");
                       if (!saved.error().IsInvalid()) return refused(req, saved.error());
                       Goals shown = goals.ok() ? *goals : Goals{};
                       if (!goals.ok()) {
                         auto stored = service->GetGoals();
                         if (stored.ok()) shown = *stored;
                       }
                       return s->site->Page(req, GoalsPage(req, s->site->tr(), *s->reference, shown, &saved.error(), false));
                     }});

  // --- API -----------------------------------------------------------------------------------
  registry.AddRoute({.method = http::verb::get, .pattern = "/api/v1/alliance/dashboard", .name = "api.alliance.dashboard",
                     .handler = [s, service](Request& req) {
                       auto d = service->GetDashboard();
                       if (!d.ok()) return s->site->ErrorResponse(req, d.error());
                       return s->site->Json(req, DashboardJson(*d));
                     },
                     .api = Doc("The goal dashboard: members today against the goal in total and per sector, "
                                "members per county, members at the end of each year, new members this year",
                                DashboardSchema(), {}, {})});
  registry.AddRoute({.method = http::verb::get, .pattern = "/api/v1/alliance/members", .name = "api.alliance.members",
                     .handler = [s, service](Request& req) {
                       auto members = service->Members(req.lang);
                       if (!members.ok()) return s->site->ErrorResponse(req, members.error());
                       json items = json::array();
                       for (const auto& m : *members) items.push_back(MemberJson(m));
                       return s->site->Json(req, {{"items", items}});
                     },
                     .api = Doc("The members of the alliance today, by name, with sector, county and start date",
                                ListSchema(MemberSchema()), {}, {})});
  registry.AddRoute({.method = http::verb::get, .pattern = "/api/v1/alliance/goals", .name = "api.alliance.goals",
                     .handler = [s, service](Request& req) {
                       auto goals = service->GetGoals();
                       if (!goals.ok()) return s->site->ErrorResponse(req, goals.error());
                       return s->site->Json(req, GoalsJson(*goals));
                     },
                     .api = Doc("The alliance's goal: members in total and per sector", GoalsSchema(), {}, {})});
  registry.AddRoute({.method = http::verb::put, .pattern = "/api/v1/alliance/goals", .name = "api.alliance.set_goals",
                     .handler = [s, service](Request& req) {
                       if (Status may = CheckMaySetGoals(req.principal); !may.ok()) return s->site->ErrorResponse(req, may.error());
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto goals = GoalsFromJson(*body);
                       if (!goals.ok()) return s->site->ErrorResponse(req, goals.error());
                       Status saved = service->SetGoals(req.principal, *goals);
                       if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
                       auto stored = service->GetGoals();
                       if (!stored.ok()) return s->site->ErrorResponse(req, stored.error());
                       return s->site->Json(req, GoalsJson(*stored));
                     },
                     .api = Doc("Set the alliance's goal: admins; an API token needs the write scope",
                                GoalsSchema(), {}, {401, 403, 422}, GoalsSchema())});
  registry.AddRoute({.method = http::verb::get, .pattern = "/api/v1/alliance/applications",
                     .name = "api.alliance.applications",
                     .handler = [s, service](Request& req) {
                       std::optional<ApplicationStatus> status;
                       if (auto text = req.query.Get("status")) {
                         status = ParseStatus(*text);
                         if (!status) {
                           return s->site->ErrorResponse(req, Error::InvalidField("status", N_("Use pending, approved or refused.")));
                         }
                       }
                       auto list = service->ListApplications(req.principal, status, req.lang);
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       json items = json::array();
                       for (const auto& v : *list) items.push_back(ApplicationJson(v));
                       return s->site->Json(req, {{"items", items}});
                     },
                     .api = Doc("Applications: all for editors and admins; otherwise those for the organisations "
                                "one represents and those one sent",
                                ListSchema(ApplicationSchema()),
                                {{.name = "status", .in = "query", .description = "pending, approved or refused",
                                  .schema = {{"type", "string"}, {"enum", {"pending", "approved", "refused"}}}}},
                                {401, 422})});
  registry.AddRoute({.method = http::verb::post, .pattern = "/api/v1/alliance/applications", .name = "api.alliance.apply",
                     .handler = [s, service](Request& req) {
                       if (Status may = CheckMayApplyForAny(req.principal); !may.ok()) return s->site->ErrorResponse(req, may.error());
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto draft = DraftFromJson(*body);
                       if (!draft.ok()) return s->site->ErrorResponse(req, draft.error());
                       auto id = service->Apply(req.principal, std::move(draft).value());
                       if (!id.ok()) return s->site->ErrorResponse(req, id.error());
                       auto view = service->GetApplication(req.principal, *id, req.lang);
                       if (!view.ok()) return s->site->ErrorResponse(req, view.error());
                       Response res = s->site->Json(req, ApplicationJson(*view), http::status::created);
                       res.set(http::field::location, "/api/v1/alliance/applications/" + std::to_string(*id));
                       return res;
                     },
                     .api = Doc("Apply to join on behalf of an organisation: its representatives (and editors "
                                "and admins); one pending application per organisation",
                                ApplicationSchema(), {}, {401, 403, 409, 422}, ApplicationRequestSchema(), 201)});
  registry.AddRoute({.method = http::verb::get, .pattern = "/api/v1/alliance/applications/{id}",
                     .name = "api.alliance.application",
                     .handler = [s, service](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->ErrorResponse(req, Error::NotFound("There is no such application."));
                       auto view = service->GetApplication(req.principal, *id, req.lang);
                       if (!view.ok()) return s->site->ErrorResponse(req, view.error());
                       return s->site->Json(req, ApplicationJson(*view));
                     },
                     .api = Doc("One application, with the refusal reason when refused", ApplicationSchema(),
                                {PathParam("id", "The application's id")}, {401, 403, 404})});
  json approve_body = {{"type", "object"},
                       {"properties", {{"since", {{"type", "string"}, {"format", "date"},
                                                  {"description", "When the membership starts (default: today)"}}}}}};
  registry.AddRoute({.method = http::verb::post, .pattern = "/api/v1/alliance/applications/{id}/approve",
                     .name = "api.alliance.approve",
                     .handler = [s, service](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->ErrorResponse(req, Error::NotFound("There is no such application."));
                       if (Status may = CheckMayReview(req.principal); !may.ok()) return s->site->ErrorResponse(req, may.error());
                       auto since = OptionalField(req, "since");
                       if (!since.ok()) return s->site->ErrorResponse(req, since.error());
                       auto m = service->Approve(req.principal, *id, *since);
                       if (!m.ok()) return s->site->ErrorResponse(req, m.error());
                       return s->site->Json(req, MembershipJson(*m));
                     },
                     .api = Doc("Approve a pending application: editors and admins; the membership starts on "
                                "`since` (default today)",
                                MembershipSchema(), {PathParam("id", "The application's id")},
                                {401, 403, 404, 409, 422}, approve_body)});
  json refuse_body = {{"type", "object"},
                      {"required", {"reason"}},
                      {"properties", {{"reason", {{"type", "string"}, {"description", "Shown to the applicant"}}}}}};
  registry.AddRoute({.method = http::verb::post, .pattern = "/api/v1/alliance/applications/{id}/refuse",
                     .name = "api.alliance.refuse",
                     .handler = [s, service](Request& req) {
                       auto id = ParseId(req.path_params["id"]);
                       if (!id) return s->site->ErrorResponse(req, Error::NotFound("There is no such application."));
                       if (Status may = CheckMayReview(req.principal); !may.ok()) return s->site->ErrorResponse(req, may.error());
                       auto reason = OptionalField(req, "reason");
                       if (!reason.ok()) return s->site->ErrorResponse(req, reason.error());
                       Status refused = service->Refuse(req.principal, *id, *reason);
                       if (!refused.ok()) return s->site->ErrorResponse(req, refused.error());
                       auto view = service->GetApplication(req.principal, *id, req.lang);
                       if (!view.ok()) return s->site->ErrorResponse(req, view.error());
                       return s->site->Json(req, ApplicationJson(*view));
                     },
                     .api = Doc("Refuse a pending application with a reason the applicant sees: editors and admins",
                                ApplicationSchema(), {PathParam("id", "The application's id")},
                                {401, 403, 404, 409, 422}, refuse_body)});
  json end_body = {{"type", "object"},
                   {"properties", {{"until", {{"type", "string"}, {"format", "date"},
                                              {"description", "When the membership ends (default: today)"}}}}}};
  registry.AddRoute({.method = http::verb::post, .pattern = "/api/v1/alliance/members/{actor}/end",
                     .name = "api.alliance.end_membership",
                     .handler = [s, service](Request& req) {
                       auto actor = ParseId(req.path_params["actor"]);
                       if (!actor) return s->site->ErrorResponse(req, Error::NotFound(N_("The organisation is not a member of the alliance.")));
                       if (Status may = CheckMayReview(req.principal); !may.ok()) return s->site->ErrorResponse(req, may.error());
                       auto until = OptionalField(req, "until");
                       if (!until.ok()) return s->site->ErrorResponse(req, until.error());
                       auto m = service->EndMembership(req.principal, *actor, *until);
                       if (!m.ok()) return s->site->ErrorResponse(req, m.error());
                       return s->site->Json(req, MembershipJson(*m));
                     },
                     .api = Doc("End an organisation's membership (it leaves): editors and admins",
                                MembershipSchema(), {PathParam("actor", "The actor's id")},
                                {401, 403, 404, 422}, end_body)});

  registry.AddPersonalData(
      {.section = "alliance_applications",
       .export_json = [service](const platform::Services&, const Principal& who) -> Result<json> {
         auto list = service->ApplicationsSentBy(who.user_id);
         if (!list.ok()) return std::move(list).error();
         json out = json::array();
         for (const auto& a : *list) out.push_back(ApplicationJson({a, ""}));
         return out;
       },
       .erase = [service](const platform::Services&, const Principal& who) {
         return service->EraseSender(who.user_id);
       }});

  registry.AddDemoLoader("alliance", [service](const platform::Services& s) { return LoadDemo(*service, s); });
}

}  // namespace samverkan::alliance
