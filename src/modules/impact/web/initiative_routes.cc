#include "modules/impact/web/initiative_routes.h"

#include <charconv>

#include "modules/impact/json/sroi_json.h"
#include "modules/impact/web/initiative_pages.h"
#include "platform/api.h"

namespace samverkan::impact {
namespace {

using platform::ParseId;
using platform::SignInFirst;

using nlohmann::json;
using web::Request;
using web::Response;
namespace http = web::http;

PageContext ContextFor(const platform::Services* s, Language lang,
                       const SdgTargets& targets = {}) {
  return {.actor_name =
              [s, lang](int64_t id) -> std::string {
                if (!s->actor_lookup) return "";
                auto actor = s->actor_lookup(std::to_string(id), lang);
                return actor.ok() && actor->has_value() ? (*actor)->name : "";
              },
          .goal_name = [s, lang](int goal) -> std::string {
            const Sdg* sdg = s->reference ? s->reference->FindSdg(goal) : nullptr;
            return sdg ? sdg->name.In(lang) : "";
          },
          .target_title = [targets](const std::string& target) -> std::string {
            const auto* titles = targets ? targets() : nullptr;
            if (!titles) return "";
            auto found = titles->find(target);
            return found == titles->end() ? "" : found->second;
          }};
}

ActorOptions ActorsOf(const platform::Services* s, const Principal& who, Language lang) {
  ActorOptions out;
  for (int64_t id : who.actor_ids) {
    std::string name = std::to_string(id);
    if (s->actor_lookup) {
      auto actor = s->actor_lookup(name, lang);
      if (actor.ok() && actor->has_value()) name = (*actor)->name;
    }
    out.emplace_back(id, name);
  }
  return out;
}

web::ApiParameter PathParam(std::string name, std::string description) {
  return {.name = std::move(name), .in = "path", .description = std::move(description),
          .required = true};
}

web::ApiDoc Doc(std::string summary, std::vector<web::ApiParameter> parameters,
                std::vector<int> errors, json request_body = nullptr, int success = 200) {
  web::ApiDoc doc;
  doc.summary = std::move(summary);
  doc.tag = "impact";
  doc.parameters = std::move(parameters);
  doc.error_statuses = std::move(errors);
  doc.request_body = std::move(request_body);
  doc.response = {{"type", "object"}};
  doc.success_status = success;
  return doc;
}

const json kObject = {{"type", "object"}};

web::ApiParameter InitiativeParam() { return PathParam("id", "The initiative's numeric id"); }
web::ApiParameter IndicatorParam() {
  return PathParam("indicator", "The indicator's id in the library, e.g. people-in-work");
}

// Whether an error should re-render the form (and with which view) rather than end the request.
bool ShowsOnForm(const Error& error) { return error.IsInvalid() || error.code() == ErrorCode::kConflict; }

}  // namespace

ActorResolver ActorResolverFor(const platform::Services& services) {
  const platform::Services* s = &services;
  return [s](const std::string& text) -> Result<std::optional<int64_t>> {
    if (!s->actor_lookup) return std::optional<int64_t>();
    auto actor = s->actor_lookup(text, Language::kSwedish);
    if (!actor.ok()) return std::move(actor).error();
    if (!actor->has_value()) return std::optional<int64_t>();
    return std::optional<int64_t>((*actor)->id);
  };
}

void RegisterInitiativeRoutes(platform::ModuleRegistry& registry, const platform::Services& services,
                              ImpactService* service,
                              std::function<const std::vector<FinancialProxy>*()> proxies,
                              SdgTargets targets) {
  const platform::Services* s = &services;

  // The shipped proxy library followed by what editors added.
  auto all_proxies = [service, proxies]() -> Result<std::vector<FinancialProxy>> {
    std::vector<FinancialProxy> out;
    if (const auto* shipped = proxies()) out = *shipped;
    auto added = service->ListProxies();
    if (!added.ok()) return std::move(added).error();
    out.insert(out.end(), added->begin(), added->end());
    return out;
  };

  // Loads the initiative of the path, or answers 404.
  auto load = [s, service](Request& req) -> Result<InitiativeView> {
    auto id = ParseId(req.path_params["id"]);
    if (!id) return Error::NotFound();
    return service->GetInitiative(*id);
  };
  // Loads it for an editing page: signed in and allowed, or the matching answer.
  auto load_editable = [s, load](Request& req) -> std::variant<InitiativeView, Response> {
    if (!req.principal.authenticated()) return SignInFirst(req);
    auto view = load(req);
    if (!view.ok()) return s->site->ErrorResponse(req, view.error());
    if (Status may = CheckMayEditInitiative(req.principal, view->initiative.actor_id); !may.ok()) {
      return s->site->ErrorResponse(req, may.error());
    }
    return std::move(view).value();
  };

  // --- Pages ---------------------------------------------------------------------------------
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/initiativ",
                     .name = "impact.initiatives",
                     .handler = [s, service](Request& req) {
                       auto list = service->ListInitiatives();
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       return s->site->Page(req, InitiativeListPage(req, s->site->tr(), *list,
                                                                    ContextFor(s, req.lang)));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/initiativ/ny",
                     .name = "impact.initiative.new_form",
                     .handler = [s](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       web::Params form;
                       auto actors = ActorsOf(s, req.principal, req.lang);
                       if (!actors.empty()) form.Add("actor", std::to_string(actors[0].first));
                       return s->site->Page(req, InitiativeFormPage(req, s->site->tr(), nullptr,
                                                                    actors, form, nullptr));
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/initiativ/ny",
       .name = "impact.initiative.create",
       .handler = [s, service](Request& req) {
         const web::Params& form = req.Form();
         auto id = service->CreateInitiative(req.principal, InitiativeInputFromForm(form));
         if (!id.ok()) {
           if (id.error().code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
           if (ShowsOnForm(id.error())) {
             return s->site->Page(
                 req, InitiativeFormPage(req, s->site->tr(), nullptr,
                                         ActorsOf(s, req.principal, req.lang), form, &id.error()));
           }
           return s->site->ErrorResponse(req, id.error());
         }
         return web::Redirect("/effekt/initiativ/" + std::to_string(*id) + "/modell");
       }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/initiativ/{id}",
                     .name = "impact.initiative",
                     .handler = [s, load](Request& req) {
                       auto view = load(req);
                       if (!view.ok()) return s->site->ErrorResponse(req, view.error());
                       const bool may_edit =
                           CheckMayEditInitiative(req.principal, view->initiative.actor_id).ok();
                       return s->site->Page(req, InitiativePage(req, s->site->tr(), *view,
                                                                ContextFor(s, req.lang), may_edit));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/initiativ/{id}/redigera",
                     .name = "impact.initiative.edit_form",
                     .handler = [s, load_editable](Request& req) {
                       auto loaded = load_editable(req);
                       if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
                       const auto& view = std::get<InitiativeView>(loaded);
                       return s->site->Page(req, InitiativeFormPage(req, s->site->tr(),
                                                                    &view.initiative, {},
                                                                    req.query, nullptr));
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/initiativ/{id}/redigera",
       .name = "impact.initiative.update",
       .handler = [s, service, load_editable](Request& req) {
         auto loaded = load_editable(req);
         if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
         const auto& view = std::get<InitiativeView>(loaded);
         const web::Params& form = req.Form();
         Status updated =
             service->UpdateInitiative(req.principal, view.initiative.id, InitiativeInputFromForm(form));
         if (!updated.ok()) {
           if (ShowsOnForm(updated.error())) {
             return s->site->Page(req, InitiativeFormPage(req, s->site->tr(), &view.initiative,
                                                          {}, form, &updated.error()));
           }
           return s->site->ErrorResponse(req, updated.error());
         }
         return web::Redirect("/effekt/initiativ/" + std::to_string(view.initiative.id));
       }});

  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/initiativ/{id}/modell",
                     .name = "impact.logic_model.form",
                     .handler = [s, load_editable](Request& req) {
                       auto loaded = load_editable(req);
                       if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
                       return s->site->Page(
                           req, LogicModelFormPage(req, s->site->tr(),
                                                   std::get<InitiativeView>(loaded), {}, nullptr));
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/initiativ/{id}/modell",
       .name = "impact.logic_model.edit",
       .handler = [s, service, load, load_editable](Request& req) {
         auto loaded = load_editable(req);
         if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
         const int64_t id = std::get<InitiativeView>(loaded).initiative.id;
         const web::Params& form = req.Form();
         Status edited = service->EditLogicModel(
             req.principal, id, [&form](LogicModel& model) { return ApplyLogicModelForm(form, model); });
         if (!edited.ok()) {
           if (!ShowsOnForm(edited.error())) return s->site->ErrorResponse(req, edited.error());
           return s->site->Page(req, LogicModelFormPage(req, s->site->tr(),
                                                        std::get<InitiativeView>(loaded), form,
                                                        &edited.error()));
         }
         return web::Redirect("/effekt/initiativ/" + std::to_string(id) + "/modell#modell");
       }});

  auto indicators_page = [s, service](Request& req, const InitiativeView& view,
                                      const web::Params& form, const Error* error) {
    auto library = service->ListIndicators();
    if (!library.ok()) return s->site->ErrorResponse(req, library.error());
    return s->site->Page(
        req, InitiativeIndicatorsPage(req, s->site->tr(), view, *library, form, error));
  };
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/initiativ/{id}/indikatorer",
                     .name = "impact.initiative.indicators",
                     .handler = [load_editable, indicators_page](Request& req) {
                       auto loaded = load_editable(req);
                       if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
                       return indicators_page(req, std::get<InitiativeView>(loaded), {}, nullptr);
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/initiativ/{id}/indikatorer",
       .name = "impact.initiative.indicators_edit",
       .handler = [s, service, load_editable, indicators_page](Request& req) {
         auto loaded = load_editable(req);
         if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
         const int64_t id = std::get<InitiativeView>(loaded).initiative.id;
         const web::Params& form = req.Form();
         const std::string action = form.GetOr("action", "");
         Status done = Error::InvalidField("action", N_("Unknown action."));
         if (action == "pick") {
           auto pick = PickFromForm(form, req.lang);
           done = pick.ok() ? service->PickIndicator(req.principal, id, *pick)
                            : Status(std::move(pick).error());
         } else if (action == "unpick") {
           done = service->UnpickIndicator(req.principal, id, form.GetOr("indicator", ""));
         } else if (action == "report") {
           auto value = ValueFromForm(form, req.lang);
           done = value.ok() ? service->ReportValue(req.principal, id, value->first,
                                                    form.GetOr("period", ""), value->second)
                             : Status(std::move(value).error());
         }
         if (!done.ok()) {
           if (!ShowsOnForm(done.error())) return s->site->ErrorResponse(req, done.error());
           return indicators_page(req, std::get<InitiativeView>(loaded), form, &done.error());
         }
         return web::Redirect("/effekt/initiativ/" + std::to_string(id) + "/indikatorer#foljda");
       }});

  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/effekt/initiativ/{id}/sroi",
       .name = "impact.initiative.sroi_form",
       .handler = [s, load_editable, all_proxies](Request& req) {
         auto loaded = load_editable(req);
         if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
         const auto& view = std::get<InitiativeView>(loaded);
         const web::Translator& tr = s->site->tr();
         SroiPageView sroi{.form = EmptySroiForm(req.lang)};
         std::optional<SroiMap> example;
         if (req.query.Has("exempel")) {
           example = ExampleSroiMap(tr, req.lang);
           sroi.form = SroiFormFromMap(*example, req.lang);
         } else if (view.sroi_map) {
           sroi.form = SroiFormFromMap(*view.sroi_map, req.lang);
         }
         auto offered = all_proxies();
         if (!offered.ok()) return s->site->ErrorResponse(req, offered.error());
         return s->site->Page(req, InitiativeSroiPage(req, tr, view, sroi, &*offered, false));
       }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/initiativ/{id}/sroi",
       .name = "impact.initiative.sroi_save",
       .handler = [s, service, load_editable, all_proxies](Request& req) {
         auto loaded = load_editable(req);
         if (auto* res = std::get_if<Response>(&loaded)) return std::move(*res);
         const auto& view = std::get<InitiativeView>(loaded);
         const web::Translator& tr = s->site->tr();
         auto offered = all_proxies();
         if (!offered.ok()) return s->site->ErrorResponse(req, offered.error());
         SroiPageView sroi{.form = SroiFormFromParams(req.Form())};
         Result<SroiMap> map = SroiMapFromForm(sroi.form, req.lang);
         if (!map.ok()) {
           sroi.error = &map.error();
           return s->site->Page(req, InitiativeSroiPage(req, tr, view, sroi, &*offered, false));
         }
         Result<SroiResult> result = CalculateSroi(*map);
         if (!result.ok()) {
           if (!result.error().IsInvalid()) return s->site->ErrorResponse(req, result.error());
           sroi.error = &result.error();
           return s->site->Page(req, InitiativeSroiPage(req, tr, view, sroi, &*offered, false));
         }
         Status saved = service->SaveSroiMap(req.principal, view.initiative.id, *map);
         if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
         sroi.map = &*map;
         sroi.result = &*result;
         return s->site->Page(req, InitiativeSroiPage(req, tr, view, sroi, &*offered, true));
       }});

  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/effekt/initiativ/{id}/rapport",
       .name = "impact.initiative.report",
       .handler = [s, load](Request& req) {
         auto view = load(req);
         if (!view.ok()) return s->site->ErrorResponse(req, view.error());
         std::optional<SroiResult> result;
         if (view->sroi_map) {
           auto calculated = CalculateSroi(*view->sroi_map);
           if (calculated.ok()) result = std::move(calculated).value();
         }
         const SroiResult* r = result ? &*result : nullptr;
         if (req.query.GetOr("format", "") == "csv") {
           Response res = web::TextResponse(http::status::ok, "text/csv; charset=utf-8",
                                            ReportCsv(*view, r, s->site->tr(), req.lang));
           res.set(http::field::content_disposition,
                   "attachment; filename=\"impact-report-" + std::to_string(view->initiative.id) +
                       ".csv\"");
           return res;
         }
         return s->site->Page(req, ReportPage(req, s->site->tr(), *view, r, ContextFor(s, req.lang),
                                              req.query.Has("utskrift")));
       }});

  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/indikatorer",
                     .name = "impact.library",
                     .handler = [s, service](Request& req) {
                       auto list = service->ListIndicators();
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       return s->site->Page(
                           req, LibraryPage(req, s->site->tr(), *list, ContextFor(s, req.lang),
                                            CheckMayCurateLibrary(req.principal).ok()));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/indikatorer/ny",
                     .name = "impact.indicator.new_form",
                     .handler = [s](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       if (Status may = CheckMayCurateLibrary(req.principal); !may.ok()) {
                         return s->site->ErrorResponse(req, may.error());
                       }
                       return s->site->Page(
                           req, IndicatorFormPage(req, s->site->tr(), req.query, nullptr));
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/indikatorer/ny",
       .name = "impact.indicator.create",
       .handler = [s, service](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         if (Status may = CheckMayCurateLibrary(req.principal); !may.ok()) {
           return s->site->ErrorResponse(req, may.error());
         }
         const web::Params& form = req.Form();
         auto indicator = IndicatorFromForm(form);
         Status saved = indicator.ok() ? service->SaveIndicator(req.principal, *indicator, true)
                                       : Status(std::move(indicator).error());
         if (!saved.ok()) {
           if (!ShowsOnForm(saved.error())) return s->site->ErrorResponse(req, saved.error());
           return s->site->Page(req, IndicatorFormPage(req, s->site->tr(), form, &saved.error()));
         }
         return web::Redirect("/effekt/indikatorer/" + form.GetOr("id", ""));
       }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/indikatorer/{indicator}",
                     .name = "impact.indicator",
                     .handler = [s, service, targets](Request& req) {
                       auto view = service->GetIndicator(req.path_params["indicator"]);
                       if (!view.ok()) return s->site->ErrorResponse(req, view.error());
                       return s->site->Page(req, IndicatorPage(req, s->site->tr(), *view,
                                                               ContextFor(s, req.lang, targets)));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/proxyer",
                     .name = "impact.proxies",
                     .handler = [s, all_proxies](Request& req) {
                       auto list = all_proxies();
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       return s->site->Page(
                           req, ProxyLibraryPage(req, s->site->tr(), *list,
                                                 CheckMayCurateLibrary(req.principal).ok()));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/proxyer/ny",
                     .name = "impact.proxy.new_form",
                     .handler = [s](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       if (Status may = CheckMayCurateLibrary(req.principal); !may.ok()) {
                         return s->site->ErrorResponse(req, may.error());
                       }
                       return s->site->Page(req, ProxyFormPage(req, s->site->tr(), req.query, nullptr));
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/effekt/proxyer/ny",
       .name = "impact.proxy.create",
       .handler = [s, service, proxies](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         if (Status may = CheckMayCurateLibrary(req.principal); !may.ok()) {
           return s->site->ErrorResponse(req, may.error());
         }
         const web::Params& form = req.Form();
         auto proxy = ProxyFromForm(form, req.lang);
         Status added = proxy.ok() ? Status::Ok() : Status(proxy.error());
         if (added.ok() && proxies()) {
           for (const auto& shipped : *proxies()) {
             if (shipped.id == proxy->id) {
               added = Error::Conflict(N_("A financial proxy with this id exists already."));
             }
           }
         }
         if (added.ok()) added = service->AddProxy(req.principal, *proxy);
         if (!added.ok()) {
           if (!ShowsOnForm(added.error())) return s->site->ErrorResponse(req, added.error());
           return s->site->Page(req, ProxyFormPage(req, s->site->tr(), form, &added.error()));
         }
         return web::Redirect("/effekt/proxyer");
       }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/effekt/sdg",
                     .name = "impact.sdg",
                     .handler = [s, service](Request& req) {
                       auto rollup = service->RollUp();
                       if (!rollup.ok()) return s->site->ErrorResponse(req, rollup.error());
                       auto list = service->ListIndicators();
                       if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                       return s->site->Page(req, SdgPage(req, s->site->tr(), *rollup, *list,
                                                         ContextFor(s, req.lang)));
                     }});

  // --- API -----------------------------------------------------------------------------------
  // Who may change an initiative is decided before its body is read, so that a stranger
  // learns nothing from the validation; the service decides again.
  auto refuse_editing = [s, service](Request& req) -> std::optional<Response> {
    if (!req.principal.authenticated()) {
      return s->site->ErrorResponse(req, Error(ErrorCode::kUnauthenticated, "Sign in to continue."));
    }
    auto id = ParseId(req.path_params["id"]);
    if (!id) return s->site->ErrorResponse(req, Error::NotFound());
    auto view = service->GetInitiative(*id);
    if (!view.ok()) return s->site->ErrorResponse(req, view.error());
    if (Status may = CheckMayEditInitiative(req.principal, view->initiative.actor_id); !may.ok()) {
      return s->site->ErrorResponse(req, may.error());
    }
    return std::nullopt;
  };
  auto api_load = [service](Request& req) -> Result<InitiativeView> {
    auto id = ParseId(req.path_params["id"]);
    if (!id) return Error::NotFound();
    return service->GetInitiative(*id);
  };
  auto input_from_json = [](const json& body, Language lang) -> Result<InitiativeInput> {
    InitiativeInput input;
    std::vector<FieldError> unknown;
    RejectUnknown(body, {"actor", "name", "summary"}, "", unknown);
    if (!unknown.empty()) return Error::Invalid(std::move(unknown));
    if (body.contains("actor")) {
      const json& actor = body["actor"];
      if (actor.is_number_integer()) {
        input.actor = std::to_string(actor.get<int64_t>());
      } else if (actor.is_string()) {
        input.actor = actor.get<std::string>();
      } else {
        return Error::InvalidField("actor", N_("Must be an id or an external id."));
      }
    }
    if (body.contains("name")) {
      auto name = platform::LocalizedFromJson(body["name"], lang, "name");
      if (!name.ok()) return std::move(name).error();
      input.name = *name;
    }
    if (body.contains("summary")) {
      auto summary = platform::LocalizedFromJson(body["summary"], lang, "summary");
      if (!summary.ok()) return std::move(summary).error();
      input.summary = *summary;
    }
    return input;
  };
  const json initiative_body = {
      {"type", "object"},
      {"properties",
       {{"actor", {{"description", "The owning actor's id or external id (create only)"}}},
        {"name", {{"description", "A text, or {\"sv\": …, \"en\": …}"}}},
        {"summary", {{"description", "A text, or {\"sv\": …, \"en\": …}"}}}}}};

  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/initiatives",
       .name = "api.impact.initiatives",
       .handler =
           [s, service](Request& req) {
             auto list = service->ListInitiatives();
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             const PageContext ctx = ContextFor(s, req.lang);
             json items = json::array();
             for (const auto& i : *list) items.push_back(InitiativeJson(i, ctx));
             return s->site->Json(req, {{"items", items}});
           },
       .api = Doc("Initiatives: actors' programmes whose impact is measured", {}, {})});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/api/v1/impact/initiatives",
       .name = "api.impact.initiative_create",
       .handler =
           [s, service, input_from_json](Request& req) {
             if (!req.principal.authenticated()) {
               return s->site->ErrorResponse(
                   req, Error(ErrorCode::kUnauthenticated, "Sign in to continue."));
             }
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto input = input_from_json(*body, req.lang);
             if (!input.ok()) return s->site->ErrorResponse(req, input.error());
             auto id = service->CreateInitiative(req.principal, *input);
             if (!id.ok()) return s->site->ErrorResponse(req, id.error());
             auto view = service->GetInitiative(*id);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             return s->site->Json(req, InitiativeJson(view->initiative, ContextFor(s, req.lang)),
                                  http::status::created);
           },
       .api = Doc("Creates an initiative of an actor (its representatives, editors, admins)", {},
                  {401, 403, 422}, initiative_body, 201)});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/initiatives/{id}",
       .name = "api.impact.initiative",
       .handler =
           [s, api_load](Request& req) {
             auto view = api_load(req);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             return s->site->Json(
                 req, InitiativeViewJson(*view, ContextFor(s, req.lang), s->site->tr(), req.lang));
           },
       .api = Doc("An initiative with its logic model, diagnosis, indicators, values and SROI map",
                  {InitiativeParam()}, {404})});
  registry.AddRoute(
      {.method = http::verb::put,
       .pattern = "/api/v1/impact/initiatives/{id}",
       .name = "api.impact.initiative_update",
       .handler =
           [s, service, refuse_editing, input_from_json](Request& req) {
             if (auto refused = refuse_editing(req)) return std::move(*refused);
             auto id = ParseId(req.path_params["id"]);
             if (!id) return s->site->ErrorResponse(req, Error::NotFound());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto input = input_from_json(*body, req.lang);
             if (!input.ok()) return s->site->ErrorResponse(req, input.error());
             Status updated = service->UpdateInitiative(req.principal, *id, *input);
             if (!updated.ok()) return s->site->ErrorResponse(req, updated.error());
             auto view = service->GetInitiative(*id);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             return s->site->Json(req, InitiativeJson(view->initiative, ContextFor(s, req.lang)));
           },
       .api = Doc("Changes an initiative's name and summary", {InitiativeParam()},
                  {401, 403, 404, 422}, initiative_body)});
  registry.AddRoute(
      {.method = http::verb::put,
       .pattern = "/api/v1/impact/initiatives/{id}/logic-model",
       .name = "api.impact.logic_model",
       .handler =
           [s, service, refuse_editing](Request& req) {
             if (auto refused = refuse_editing(req)) return std::move(*refused);
             auto id = ParseId(req.path_params["id"]);
             if (!id) return s->site->ErrorResponse(req, Error::NotFound());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto model = LogicModelFromJson(*body);
             if (!model.ok()) return s->site->ErrorResponse(req, model.error());
             Status saved = service->EditLogicModel(req.principal, *id, [&](LogicModel& m) {
               m = *model;
               return Status::Ok();
             });
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             auto view = service->GetInitiative(*id);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             return s->site->Json(
                 req, InitiativeViewJson(*view, ContextFor(s, req.lang), s->site->tr(), req.lang));
           },
       .api = Doc("Replaces the initiative's logic model: elements (id, level, title, "
                  "indicator_ids) and links (from, to, assumptions, evidence with level 0-5)",
                  {InitiativeParam()}, {401, 403, 404, 422}, kObject)});
  registry.AddRoute(
      {.method = http::verb::put,
       .pattern = "/api/v1/impact/initiatives/{id}/indicators/{indicator}",
       .name = "api.impact.pick",
       .handler =
           [s, service, refuse_editing](Request& req) {
             if (auto refused = refuse_editing(req)) return std::move(*refused);
             auto id = ParseId(req.path_params["id"]);
             if (!id) return s->site->ErrorResponse(req, Error::NotFound());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             IndicatorPick pick{.indicator_id = req.path_params["indicator"]};
             std::vector<FieldError> errors;
             RejectUnknown(*body, {"baseline", "baseline_period", "target", "target_period"}, "",
                           errors);
             for (auto [key, slot] :
                  {std::pair{"baseline", &pick.baseline}, {"target", &pick.target}}) {
               if (!body->contains(key) || (*body)[key].is_null()) continue;
               if (!(*body)[key].is_number()) {
                 errors.push_back({key, N_("Enter a number."), {}});
               } else {
                 *slot = (*body)[key].get<double>();
               }
             }
             for (auto [key, slot] : {std::pair{"baseline_period", &pick.baseline_period},
                                      {"target_period", &pick.target_period}}) {
               if (body->contains(key) && (*body)[key].is_string()) {
                 *slot = (*body)[key].get<std::string>();
               }
             }
             if (!errors.empty()) return s->site->ErrorResponse(req, Error::Invalid(errors));
             Status saved = service->PickIndicator(req.principal, *id, pick);
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             return s->site->Json(req, {{"indicator", pick.indicator_id}, {"followed", true}});
           },
       .api = Doc("The initiative follows an indicator of the library, with baseline and target",
                  {InitiativeParam(), IndicatorParam()}, {401, 403, 404, 422},
                  {{"type", "object"},
                   {"properties",
                    {{"baseline", {{"type", "number"}}},
                     {"baseline_period", {{"type", "string"}}},
                     {"target", {{"type", "number"}}},
                     {"target_period", {{"type", "string"}}}}}})});
  registry.AddRoute(
      {.method = http::verb::delete_,
       .pattern = "/api/v1/impact/initiatives/{id}/indicators/{indicator}",
       .name = "api.impact.unpick",
       .handler =
           [s, service](Request& req) {
             auto id = ParseId(req.path_params["id"]);
             if (!id) return s->site->ErrorResponse(req, Error::NotFound());
             Status removed =
                 service->UnpickIndicator(req.principal, *id, req.path_params["indicator"]);
             if (!removed.ok()) return s->site->ErrorResponse(req, removed.error());
             return s->site->Json(
                 req, {{"indicator", req.path_params["indicator"]}, {"followed", false}});
           },
       .api = Doc("The initiative stops following an indicator; its values are removed",
                  {InitiativeParam(), IndicatorParam()}, {401, 403, 404})});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/api/v1/impact/initiatives/{id}/values",
       .name = "api.impact.report_value",
       .handler =
           [s, service, refuse_editing](Request& req) {
             if (auto refused = refuse_editing(req)) return std::move(*refused);
             auto id = ParseId(req.path_params["id"]);
             if (!id) return s->site->ErrorResponse(req, Error::NotFound());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             std::vector<FieldError> errors;
             RejectUnknown(*body, {"indicator", "period", "value"}, "", errors);
             if (!body->contains("indicator") || !(*body)["indicator"].is_string()) {
               errors.push_back({"indicator", N_("Choose an indicator."), {}});
             }
             if (!body->contains("period") || !(*body)["period"].is_string()) {
               errors.push_back({"period", N_("Write the period as 2025, 2025-Q1 or 2025-01."), {}});
             }
             if (!errors.empty()) return s->site->ErrorResponse(req, Error::Invalid(errors));
             const std::string indicator = body->value("indicator", std::string());
             const std::string period = body->value("period", std::string());
             if (!body->contains("value") || !(*body)["value"].is_number()) {
               errors.push_back({"value", N_("Enter a number."), {}});
             }
             if (!errors.empty()) return s->site->ErrorResponse(req, Error::Invalid(errors));
             const double value = (*body)["value"].get<double>();
             Status saved = service->ReportValue(req.principal, *id, indicator, period, value);
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             return s->site->Json(
                 req, {{"indicator", indicator}, {"period", period}, {"value", value}},
                 http::status::created);
           },
       .api = Doc("Reports (or corrects) the value of a followed indicator in a period",
                  {InitiativeParam()}, {401, 403, 404, 422},
                  {{"type", "object"},
                   {"required", {"indicator", "period", "value"}},
                   {"properties",
                    {{"indicator", {{"type", "string"}}},
                     {"period", {{"type", "string"}, {"description", "2025, 2025-Q1 or 2025-01"}}},
                     {"value", {{"type", "number"}}}}}},
                  201)});
  registry.AddRoute(
      {.method = http::verb::put,
       .pattern = "/api/v1/impact/initiatives/{id}/sroi-map",
       .name = "api.impact.sroi_map",
       .handler =
           [s, service, refuse_editing](Request& req) {
             if (auto refused = refuse_editing(req)) return std::move(*refused);
             auto id = ParseId(req.path_params["id"]);
             if (!id) return s->site->ErrorResponse(req, Error::NotFound());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto map = SroiMapFromJson(*body);
             if (!map.ok()) return s->site->ErrorResponse(req, map.error());
             auto result = CalculateSroi(*map);
             if (!result.ok()) return s->site->ErrorResponse(req, result.error());
             Status saved = service->SaveSroiMap(req.principal, *id, *map);
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             return s->site->Json(req, SroiResultToJson(*map, *result));
           },
       .api = Doc("Stores the initiative's SROI map (the format of POST /api/v1/impact/sroi) "
                  "and returns its result",
                  {InitiativeParam()}, {401, 403, 404, 422}, kObject)});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/initiatives/{id}/report",
       .name = "api.impact.report",
       .handler =
           [s, api_load](Request& req) {
             auto view = api_load(req);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             std::optional<SroiResult> result;
             if (view->sroi_map) {
               auto calculated = CalculateSroi(*view->sroi_map);
               if (calculated.ok()) result = std::move(calculated).value();
             }
             return s->site->Json(req, ReportJson(*view, result ? &*result : nullptr,
                                                  ContextFor(s, req.lang), s->site->tr(),
                                                  req.lang));
           },
       .api = Doc("The impact report: the initiative, its indicators and values, and the result "
                  "of its SROI map",
                  {InitiativeParam()}, {404})});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/indicators",
       .name = "api.impact.indicators",
       .handler =
           [s, service](Request& req) {
             auto list = service->ListIndicators();
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             json items = json::array();
             for (const auto& i : *list) items.push_back(IndicatorJson(i));
             return s->site->Json(req, {{"items", items}});
           },
       .api = Doc("The shared indicator library with its links to UN SDG goals and targets", {},
                  {})});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/api/v1/impact/indicators",
       .name = "api.impact.indicator_create",
       .handler =
           [s, service](Request& req) {
             if (Status may = CheckMayCurateLibrary(req.principal); !may.ok()) {
               return s->site->ErrorResponse(req, may.error());
             }
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto indicator = IndicatorFromJson(*body);
             if (!indicator.ok()) return s->site->ErrorResponse(req, indicator.error());
             Status saved = service->SaveIndicator(req.principal, *indicator, true);
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             return s->site->Json(req, IndicatorJson(*indicator), http::status::created);
           },
       .api = Doc("Adds an indicator to the library (editors and admins)", {},
                  {401, 403, 409, 422}, kObject, 201)});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/indicators/{indicator}",
       .name = "api.impact.indicator",
       .handler =
           [s, service](Request& req) {
             auto view = service->GetIndicator(req.path_params["indicator"]);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             return s->site->Json(req, IndicatorViewJson(*view, ContextFor(s, req.lang)));
           },
       .api = Doc("One indicator across every initiative that follows it", {IndicatorParam()},
                  {404})});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/proxies",
       .name = "api.impact.proxies",
       .handler =
           [s, all_proxies](Request& req) {
             auto list = all_proxies();
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             json items = json::array();
             for (const auto& p : *list) items.push_back(ProxyJson(p));
             return s->site->Json(req, {{"items", items}});
           },
       .api = Doc("The financial proxy library: the shipped figures and those editors added", {},
                  {})});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/api/v1/impact/proxies",
       .name = "api.impact.proxy_create",
       .handler =
           [s, service, proxies](Request& req) {
             if (Status may = CheckMayCurateLibrary(req.principal); !may.ok()) {
               return s->site->ErrorResponse(req, may.error());
             }
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto proxy = ProxyFromJson(*body);
             if (!proxy.ok()) return s->site->ErrorResponse(req, proxy.error());
             if (const auto* shipped = proxies()) {
               for (const auto& p : *shipped) {
                 if (p.id == proxy->id) {
                   return s->site->ErrorResponse(
                       req, Error::Conflict(N_("A financial proxy with this id exists already.")));
                 }
               }
             }
             Status added = service->AddProxy(req.principal, *proxy);
             if (!added.ok()) return s->site->ErrorResponse(req, added.error());
             return s->site->Json(req, ProxyJson(*proxy), http::status::created);
           },
       .api = Doc("Adds a financial proxy to the library (editors and admins): id, name, kind "
                  "(amount or rate), value (kronor, or a share for a rate), unit, currency, "
                  "price_year, source, licence",
                  {}, {401, 403, 409, 422}, kObject, 201)});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/impact/sdg",
       .name = "api.impact.sdg",
       .handler =
           [s, service](Request& req) {
             auto rollup = service->RollUp();
             if (!rollup.ok()) return s->site->ErrorResponse(req, rollup.error());
             return s->site->Json(req, SdgRollUpJson(*rollup, ContextFor(s, req.lang)));
           },
       .api = Doc("Reported values rolled up per SDG: each value at most once per goal and once "
                  "overall",
                  {}, {})});
}

}  // namespace samverkan::impact
