#include "modules/impact/module.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "core/csv.h"
#include "modules/impact/json/sroi_json.h"
#include "modules/impact/sql/sql_impact_repository.h"
#include "modules/impact/web/initiative_pages.h"
#include "modules/impact/web/initiative_routes.h"
#include "platform/api.h"

#include "modules/impact/web/guides.h"
#include "modules/impact/web/impact_api.h"
#include "modules/impact/web/socioeconomic_page.h"
#include "modules/impact/web/sroi_page.h"

namespace samverkan::impact {
namespace {

using platform::NowMs;

using web::Request;
using web::Response;

Response SroiFormResponse(const platform::Services* s, const Request& req) {
  const web::Translator& tr = s->site->tr();
  if (req.query.Has("exempel")) {
    const SroiMap example = ExampleSroiMap(tr, req.lang);
    return s->site->Page(req, SroiPage(req, tr, {.form = SroiFormFromMap(example, req.lang)}));
  }
  return s->site->Page(req, SroiPage(req, tr, {.form = EmptySroiForm(req.lang)}));
}

Response SroiCalculateResponse(const platform::Services* s, const Request& req) {
  const web::Translator& tr = s->site->tr();
  SroiPageView view{.form = SroiFormFromParams(req.Form())};
  Result<SroiMap> map = SroiMapFromForm(view.form, req.lang);
  if (!map.ok()) {
    view.error = &map.error();
    return s->site->Page(req, SroiPage(req, tr, view));
  }
  Result<SroiResult> result = CalculateSroi(*map);
  if (!result.ok()) {
    if (!result.error().IsInvalid()) return s->site->ErrorResponse(req, result.error());
    view.error = &result.error();
    return s->site->Page(req, SroiPage(req, tr, view));
  }
  view.map = &*map;
  view.result = &*result;
  return s->site->Page(req, SroiPage(req, tr, view));
}

Response SocioEconomicFormResponse(const platform::Services* s, const Request& req) {
  const web::Translator& tr = s->site->tr();
  if (req.query.Has("exempel")) {
    const SocioEconomicCase example = ExampleSocioEconomicCase(tr, req.lang);
    return s->site->Page(
        req, SocioEconomicPage(req, tr, {.form = SocioEconomicFormFromCase(example, req.lang)}));
  }
  return s->site->Page(req, SocioEconomicPage(req, tr, {.form = EmptySocioEconomicForm(req.lang)}));
}

Response SocioEconomicCalculateResponse(const platform::Services* s, const Request& req) {
  const web::Translator& tr = s->site->tr();
  SocioEconomicPageView view{.form = SocioEconomicFormFromParams(req.Form())};
  Result<SocioEconomicCase> socio_case = SocioEconomicCaseFromForm(view.form, req.lang);
  if (!socio_case.ok()) {
    view.error = &socio_case.error();
    return s->site->Page(req, SocioEconomicPage(req, tr, view));
  }
  Result<SocioEconomicResult> result = CalculateSocioEconomic(*socio_case);
  if (!result.ok()) {
    if (!result.error().IsInvalid()) return s->site->ErrorResponse(req, result.error());
    view.error = &result.error();
    return s->site->Page(req, SocioEconomicPage(req, tr, view));
  }
  view.socio_case = &*socio_case;
  view.result = &*result;
  return s->site->Page(req, SocioEconomicPage(req, tr, view));
}

ImpactScope Scope(const platform::Services* s, storage::TxMode mode) {
  return [s, mode](const std::function<Status(ImpactRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlImpactRepository repo(tx);
      return work(repo);
    });
  };
}

Result<nlohmann::json> ReadJsonFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Internal("cannot read " + path.string());
  nlohmann::json document = nlohmann::json::parse(in, nullptr, false);
  if (document.is_discarded()) return Error::Internal(path.string() + " is not valid JSON");
  return document;
}

// One demo initiative of data/impact/demo.json.
Result<ImpactService::Shipped> ShippedFromJson(const nlohmann::json& item,
                                               const platform::Services& services) {
  ImpactService::Shipped shipped;
  const std::string actor = item.value("actor", std::string());
  auto resolved = ActorResolverFor(services)(actor);
  if (!resolved.ok()) return std::move(resolved).error();
  if (!resolved->has_value()) return Error::Internal("demo initiative of unknown actor " + actor);
  shipped.draft.actor_id = **resolved;
  auto text = [&](const char* key) -> LocalizedText {
    const nlohmann::json& t = item.contains(key) ? item[key] : nlohmann::json::object();
    return {t.value("sv", std::string()), t.value("en", std::string())};
  };
  shipped.draft.name = text("name");
  shipped.draft.summary = text("summary");
  if (item.contains("logic_model")) {
    auto model = LogicModelFromJson(item["logic_model"]);
    if (!model.ok()) return Error::Internal("demo logic model of " + shipped.draft.name.sv);
    shipped.model = std::move(model).value();
  }
  for (const auto& f : item.value("indicators", nlohmann::json::array())) {
    IndicatorPick pick{.indicator_id = f.value("indicator", std::string()),
                       .baseline_period = f.value("baseline_period", std::string()),
                       .target_period = f.value("target_period", std::string())};
    if (f.contains("baseline")) pick.baseline = f["baseline"].get<double>();
    if (f.contains("target")) pick.target = f["target"].get<double>();
    for (const auto& v : f.value("values", nlohmann::json::array())) {
      shipped.values.push_back({.indicator_id = pick.indicator_id,
                                .period = v.value("period", std::string()),
                                .value = v.value("value", 0.0)});
    }
    shipped.picks.push_back(std::move(pick));
  }
  if (item.contains("sroi_map")) {
    auto map = SroiMapFromJson(item["sroi_map"]);
    if (!map.ok()) return Error::Internal("demo SROI map of " + shipped.draft.name.sv);
    shipped.sroi_map = std::move(map).value();
  }
  return shipped;
}

}  // namespace

Status InstallIndicatorLibrary(ImpactService& service, const platform::Services& services) {
  const auto dir = std::filesystem::path(services.share_dir) / "data" / "impact";
  auto library = ReadJsonFile(dir / "indicators.json");
  if (!library.ok()) return std::move(library).error();
  for (const auto& item : library->value("indicators", nlohmann::json::array())) {
    auto indicator = IndicatorFromJson(item);
    if (!indicator.ok()) {
      return Error::Internal("indicators.json: invalid indicator " + item.value("id", std::string()));
    }
    SAMVERKAN_RETURN_IF_ERROR(service.InstallIndicator(*indicator));
  }
  return Status::Ok();
}

Status LoadImpactDemo(ImpactService& service, const platform::Services& services) {
  // The demo initiatives use the library; `samverkan demo` runs without the server's seeds.
  SAMVERKAN_RETURN_IF_ERROR(InstallIndicatorLibrary(service, services));
  const auto dir = std::filesystem::path(services.share_dir) / "data" / "impact";
  auto demo = ReadJsonFile(dir / "demo.json");
  if (!demo.ok()) return std::move(demo).error();
  for (const auto& item : demo->value("initiatives", nlohmann::json::array())) {
    auto shipped = ShippedFromJson(item, services);
    if (!shipped.ok()) return std::move(shipped).error();
    SAMVERKAN_RETURN_IF_ERROR(service.InstallInitiative(*shipped));
  }
  return Status::Ok();
}

const std::vector<FinancialProxy>* ImpactModule::Proxies(const platform::Services& services) {
  std::call_once(proxies_once_, [&] {
    const auto path = std::filesystem::path(services.share_dir) / "data" / "impact" / "proxies.csv";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    Result<std::vector<FinancialProxy>> parsed = ParseProxyLibrary(text.str());
    if (in.is_open() && parsed.ok()) {
      proxies_ = std::move(parsed).value();
    } else {
      std::cerr << "impact: cannot read the proxy library " << path.string() << "\n";
    }
  });
  return proxies_ ? &*proxies_ : nullptr;
}

const std::map<std::string, std::string>* ImpactModule::SdgTargetTitles(
    const platform::Services& services) {
  std::call_once(targets_once_, [&] {
    const auto path =
        std::filesystem::path(services.share_dir) / "data" / "impact" / "sdg" / "sdg_targets.csv";
    std::ifstream in(path, std::ios::binary);
    std::stringstream text;
    text << in.rdbuf();
    auto table = CsvTable::Parse(text.str());
    if (!in.is_open() || !table.ok() || table->Column("target") < 0 || table->Column("title") < 0) {
      std::cerr << "impact: cannot read the SDG targets " << path.string() << "\n";
      return;
    }
    std::map<std::string, std::string> titles;
    for (const auto& row : table->rows()) titles[table->Get(row, "target")] = table->Get(row, "title");
    targets_ = std::move(titles);
  });
  return targets_ ? &*targets_ : nullptr;
}

void ImpactModule::Register(platform::ModuleRegistry& registry,
                            const platform::Services& services) {
  const platform::Services* s = &services;
  registry.AddNavigation({"/effekt", N_("Impact"), 50});
  for (auto& m : ImpactMigrations()) registry.AddMigration(std::move(m));
  service_ = std::make_unique<ImpactService>(Scope(s, storage::TxMode::kWrite),
                                             Scope(s, storage::TxMode::kRead),
                                             ActorResolverFor(services), NowMs);
  ImpactService* service = service_.get();
  RegisterInitiativeRoutes(
      registry, services, service, [this, s] { return Proxies(*s); },
      [this, s] { return SdgTargetTitles(*s); });
  registry.AddPersonalData(
      {.section = "impact_contributions",
       .export_json = [service](const platform::Services&,
                                const Principal& who) -> Result<nlohmann::json> {
         auto found = service->ContributionsOf(who.user_id);
         if (!found.ok()) return std::move(found).error();
         nlohmann::json initiatives = nlohmann::json::array();
         for (const auto& i : found->initiatives_created) {
           initiatives.push_back({{"id", i.id},
                                  {"actor_id", i.actor_id},
                                  {"name", platform::ToJson(i.name)},
                                  {"created_at_ms", i.created_at_ms}});
         }
         nlohmann::json values = nlohmann::json::array();
         for (const auto& v : found->values_reported) {
           values.push_back({{"initiative_id", v.value.initiative_id},
                             {"indicator", v.value.indicator_id},
                             {"period", v.value.period},
                             {"value", v.value.value},
                             {"reported_at_ms", v.reported_at_ms}});
         }
         return nlohmann::json{{"initiatives_created", initiatives}, {"values_reported", values}};
       },
       .erase = [service](const platform::Services&, const Principal& who) {
         return service->ForgetUser(who.user_id);
       }});
  // The shared indicator library is part of every installation, not only of the demo.
  registry.AddSeedLoader("impact", [service](const platform::Services& services) {
    return InstallIndicatorLibrary(*service, services);
  });
  registry.AddDemoLoader("impact", [service](const platform::Services& services) {
    return LoadImpactDemo(*service, services);
  });

  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/effekt",
       .name = "impact.overview",
       .handler =
           [s](Request& req) { return s->site->Page(req, OverviewPage(req, s->site->tr())); },
       .blocking = false});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/effekt/sroi",
                     .name = "impact.sroi.form",
                     .handler = [s](Request& req) { return SroiFormResponse(s, req); },
                     .blocking = false});
  // Calculating is pure but can take a few milliseconds for a large map: the worker pool.
  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/effekt/sroi",
                     .name = "impact.sroi.calculate",
                     .handler = [s](Request& req) { return SroiCalculateResponse(s, req); }});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/effekt/samhallsekonomi",
                     .name = "impact.socioeconomic.form",
                     .handler = [s](Request& req) { return SocioEconomicFormResponse(s, req); },
                     .blocking = false});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/effekt/samhallsekonomi",
       .name = "impact.socioeconomic.calculate",
       .handler = [s](Request& req) { return SocioEconomicCalculateResponse(s, req); }});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/effekt/guider",
       .name = "impact.guides",
       .handler =
           [s](Request& req) { return s->site->Page(req, GuideIndexPage(req, s->site->tr())); },
       .blocking = false});
  // The guide to financial proxies reads the shipped library once (file I/O): the worker pool.
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/effekt/guider/{topic}",
                     .name = "impact.guide",
                     .handler = [this, s](Request& req) {
                       const Guide* guide = FindGuide(req.path_params["topic"]);
                       if (!guide) return s->site->NotFound(req);
                       const std::vector<FinancialProxy>* proxies =
                           guide->topic == GuideTopic::kFinancialProxies ? Proxies(*s) : nullptr;
                       return s->site->Page(req, GuidePage(req, s->site->tr(), *guide, proxies));
                     }});

  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/api/v1/impact/sroi",
                     .name = "api.impact.sroi",
                     .handler = [s](Request& req) { return HandleSroiApi(*s->site, req); },
                     .api = SroiApiDoc()});
  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/api/v1/impact/socioeconomic",
                     .name = "api.impact.socioeconomic",
                     .handler = [s](Request& req) { return HandleSocioEconomicApi(*s->site, req); },
                     .api = SocioEconomicApiDoc()});
}

}  // namespace samverkan::impact
