#include "modules/progress/module.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modules/progress/domain/framework_csv.h"
#include "modules/progress/sql/sql_progress_repository.h"
#include "modules/progress/web/compute_api.h"
#include "modules/progress/web/progress_json.h"
#include "modules/progress/web/progress_pages.h"
#include "platform/api.h"

namespace samverkan::progress {
namespace {

using platform::NowMs;
using platform::SignInFirst;

using nlohmann::json;
using web::Request;
using web::Response;
namespace fs = std::filesystem;
namespace http = web::http;

RepositoryScope Scope(const platform::Services* s, storage::TxMode mode) {
  return [s, mode](const std::function<Status(ProgressRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlProgressRepository repo(tx);
      return work(repo);
    });
  };
}

Result<std::string> ReadShipped(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Internal("cannot read " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A CSV download; `filename` is made of slugs, codes and digits only.
Response CsvDownload(std::string body, const std::string& filename) {
  Response res = web::TextResponse(http::status::ok, "text/csv; charset=utf-8", std::move(body));
  res.set(http::field::content_disposition, "attachment; filename=\"" + filename + "\"");
  res.set(http::field::cache_control, "no-cache");
  return res;
}

web::ApiParameter PathParam(std::string name, std::string description) {
  return {.name = std::move(name),
          .in = "path",
          .description = std::move(description),
          .required = true};
}
web::ApiParameter QueryParam(std::string name, std::string description,
                             json schema = {{"type", "string"}}) {
  return {.name = std::move(name),
          .in = "query",
          .description = std::move(description),
          .schema = std::move(schema)};
}

web::ApiDoc Doc(std::string summary, json response, std::vector<web::ApiParameter> parameters,
                std::vector<int> errors) {
  web::ApiDoc doc;
  doc.summary = std::move(summary);
  doc.tag = "progress";
  doc.response = std::move(response);
  doc.parameters = std::move(parameters);
  doc.error_statuses = std::move(errors);
  return doc;
}

json ListSchema(json item) {
  return {{"type", "object"},
          {"required", {"items"}},
          {"properties", {{"items", {{"type", "array"}, {"items", std::move(item)}}}}}};
}

web::ApiParameter DatasetParam() {
  return PathParam("dataset", "The dataset's slug (e.g. eu-spi-2020) or numeric id");
}
web::ApiParameter YearParam() {
  return QueryParam("year", "The year (default: the latest with results)", {{"type", "integer"}});
}

}  // namespace

Status InstallEuSpi2020(ProgressService& service, const std::string& share_dir) {
  const fs::path dir = fs::path(share_dir) / "data" / "spi";
  auto metadata = ReadShipped(dir / "eu_spi_2020_indicator_metadata.csv");
  if (!metadata.ok()) return std::move(metadata).error();
  auto names = ReadShipped(dir / "eu_spi_2020_names_sv.csv");
  if (!names.ok()) return std::move(names).error();
  auto framework = ParseEuSpiMetadata(*metadata, *names);
  if (!framework.ok()) return std::move(framework).error();
  const std::string source =
      "European Commission, DG REGIO, EU Regional Social Progress Index 2020 (CC BY 4.0)";

  auto regional = ReadShipped(dir / "eu_spi_2020_indicators_regional.csv");
  if (!regional.ok()) return std::move(regional).error();
  DatasetDraft regions{
      .slug = "eu-spi-2020",
      .name = {"EU-regionerna 2020 (EU-SPI)", "EU regions 2020 (EU-SPI)"},
      .description = {"De 240 NUTS 2-regionerna i EU-27 med indikatorerna i EU:s regionala "
                      "index för sociala framsteg 2020.",
                      "The 240 NUTS 2 regions of the EU-27 with the indicators of the EU "
                      "Regional Social Progress Index 2020."},
      .source = source,
      .aggregation = kEuSpiAggregation};
  SAMVERKAN_RETURN_IF_ERROR(service.InstallShipped(*framework, regions, *regional, 2020));

  auto national = ReadShipped(dir / "eu_spi_2020_indicators_national.csv");
  if (!national.ok()) return std::move(national).error();
  DatasetDraft countries{
      .slug = "eu-spi-2020-lander",
      .name = {"EU-länderna 2020 (EU-SPI)", "EU countries 2020 (EU-SPI)"},
      .description = {"De 27 medlemsländerna med samma indikatorer på nationell nivå.",
                      "The 27 member states with the same indicators at national level."},
      .source = source,
      .aggregation = kEuSpiAggregation};
  return service.InstallShipped(*framework, countries, *national, 2020);
}

void ProgressModule::Register(platform::ModuleRegistry& registry,
                              const platform::Services& services) {
  const platform::Services* s = &services;
  service_ = std::make_unique<ProgressService>(Scope(s, storage::TxMode::kWrite),
                                               Scope(s, storage::TxMode::kRead), NowMs);
  ProgressService* service = service_.get();

  for (auto& m : ProgressMigrations()) registry.AddMigration(std::move(m));
  registry.AddNavigation({"/framsteg", N_("Social progress"), 70});

  // --- Pages ---------------------------------------------------------------------------------
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/framsteg",
                     .name = "progress.overview",
                     .handler = [s, service](Request& req) {
                       auto frameworks = service->ListFrameworks();
                       if (!frameworks.ok()) return s->site->ErrorResponse(req, frameworks.error());
                       auto datasets = service->ListDatasets();
                       if (!datasets.ok()) return s->site->ErrorResponse(req, datasets.error());
                       return s->site->Page(
                           req, OverviewPage(req, s->site->tr(), *frameworks, *datasets));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/framsteg/ramverk/{framework}",
                     .name = "progress.framework",
                     .handler = [s, service](Request& req) {
                       auto framework = service->GetFramework(req.path_params["framework"]);
                       if (!framework.ok()) return s->site->ErrorResponse(req, framework.error());
                       if (req.query.GetOr("format", "") == "csv") {
                         return CsvDownload(WriteFrameworkCsv(framework->framework),
                                            framework->framework.code() + ".csv");
                       }
                       auto datasets = service->ListDatasets();
                       if (!datasets.ok()) return s->site->ErrorResponse(req, datasets.error());
                       return s->site->Page(
                           req, FrameworkPage(req, s->site->tr(), *framework, *datasets));
                     }});

  auto import_form = [s, service](Request& req, const web::Params& form, const Error* error,
                                  const ImportOutcome* outcome) {
    auto frameworks = service->ListFrameworks();
    if (!frameworks.ok()) return s->site->ErrorResponse(req, frameworks.error());
    auto datasets = service->ListDatasets();
    if (!datasets.ok()) return s->site->ErrorResponse(req, datasets.error());
    return s->site->Page(
        req, ImportPage(req, s->site->tr(), *frameworks, *datasets, form, error, outcome));
  };
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/framsteg/importera",
                     .name = "progress.import_form",
                     .handler = [s, import_form](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       if (Status may = CheckMayImportData(req.principal); !may.ok()) {
                         return s->site->ErrorResponse(req, may.error());
                       }
                       return import_form(req, req.query, nullptr, nullptr);
                     }});
  registry.AddRoute({.method = http::verb::post,
                     .pattern = "/framsteg/importera",
                     .name = "progress.import",
                     .handler = [s, service, import_form](Request& req) {
                       // Who may import is decided before the form is read; the service
                       // decides again.
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       if (Status may = CheckMayImportData(req.principal); !may.ok()) {
                         return s->site->ErrorResponse(req, may.error());
                       }
                       const web::Params& form = req.Form();
                       auto input = ImportFromForm(form);
                       if (!input.ok()) return import_form(req, form, &input.error(), nullptr);
                       auto outcome = service->ImportDataset(req.principal, *input);
                       if (!outcome.ok()) {
                         const Error& error = outcome.error();
                         if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
                         if (error.IsInvalid() || error.IsNotFound())
                           return import_form(req, form, &error, nullptr);
                         return s->site->ErrorResponse(req, error);
                       }
                       if (!outcome->stored) return import_form(req, form, nullptr, &*outcome);
                       // Stored: a fresh form for the next file, the report above it.
                       web::Params next;
                       next.Add("dataset", outcome->dataset.slug);
                       return import_form(req, next, nullptr, &*outcome);
                     }});

  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/framsteg/nytt-ramverk",
                     .name = "progress.framework_form",
                     .handler = [s](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       if (Status may = CheckMayDefineFramework(req.principal); !may.ok()) {
                         return s->site->ErrorResponse(req, may.error());
                       }
                       return s->site->Page(
                           req, FrameworkFormPage(req, s->site->tr(), req.query, nullptr));
                     }});
  registry.AddRoute(
      {.method = http::verb::post,
       .pattern = "/framsteg/nytt-ramverk",
       .name = "progress.framework_define",
       .handler = [s, service](Request& req) {
         const web::Params& form = req.Form();
         auto defined = service->DefineFramework(req.principal, FrameworkFromForm(form));
         if (!defined.ok()) {
           const Error& error = defined.error();
           if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
           if (error.IsInvalid()) {
             return s->site->Page(req, FrameworkFormPage(req, s->site->tr(), form, &error));
           }
           return s->site->ErrorResponse(req, error);
         }
         return web::Redirect("/framsteg/ramverk/" + defined->code);
       }});

  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/framsteg/{dataset}/rankning",
                     .name = "progress.ranking",
                     .handler = [s, service](Request& req) {
                       auto year = YearFromParams(req.query);
                       if (!year.ok()) return s->site->ErrorResponse(req, year.error());
                       auto ranking = service->GetRanking(req.path_params["dataset"], *year);
                       if (!ranking.ok()) return s->site->ErrorResponse(req, ranking.error());
                       if (req.query.GetOr("format", "") == "csv") {
                         return CsvDownload(
                             RankingCsv(*ranking, s->site->tr(), req.lang),
                             ranking->dataset.slug + "-" + std::to_string(ranking->year) + ".csv");
                       }
                       return s->site->Page(req, RankingPage(req, s->site->tr(), *ranking));
                     }});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/framsteg/{dataset}/{region}",
                     .name = "progress.scorecard",
                     .handler = [s, service](Request& req) {
                       auto year = YearFromParams(req.query);
                       if (!year.ok()) return s->site->ErrorResponse(req, year.error());
                       auto peers = PeersFromParams(req.query);
                       if (!peers.ok()) return s->site->ErrorResponse(req, peers.error());
                       auto view = service->GetScorecard(req.path_params["dataset"],
                                                         req.path_params["region"], *year, *peers);
                       if (!view.ok()) return s->site->ErrorResponse(req, view.error());
                       return s->site->Page(req, ScorecardPage(req, s->site->tr(), *view));
                     }});

  // --- API -----------------------------------------------------------------------------------
  registry.AddRoute({.method = http::verb::post,
                     .pattern = "/api/v1/progress/compute",
                     .name = "api.progress.compute",
                     .handler =
                         [s, service](Request& req) {
                           auto body = platform::ParseJsonBody(req);
                           if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                           auto call = ParseComputeBody(
                               *body, req.lang,
                               [service](std::string_view code) -> Result<Framework> {
                                 auto stored = service->GetFramework(code);
                                 if (!stored.ok()) return std::move(stored).error();
                                 return std::move(stored->framework);
                               });
                           if (!call.ok()) return s->site->ErrorResponse(req, call.error());
                           auto result = RunCompute(*call, s->site->tr(), req.lang);
                           if (!result.ok()) return s->site->ErrorResponse(req, result.error());
                           return s->site->Json(req, *result);
                         },
                     .api = ComputeApiDoc()});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/progress/frameworks",
       .name = "api.progress.frameworks",
       .handler =
           [s, service](Request& req) {
             auto list = service->ListFrameworks();
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             json items = json::array();
             for (const auto& f : *list) items.push_back(FrameworkSummaryJson(f));
             return s->site->Json(req, {{"items", items}});
           },
       .api = Doc(
           "Frameworks of the Social Progress Index: dimensions, components and indicators counted",
           ListSchema(FrameworkSummarySchema()), {}, {})});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/progress/frameworks/{framework}",
       .name = "api.progress.framework",
       .handler =
           [s, service](Request& req) {
             auto framework = service->GetFramework(req.path_params["framework"]);
             if (!framework.ok()) return s->site->ErrorResponse(req, framework.error());
             return s->site->Json(req, FrameworkJson(framework->framework));
           },
       .api = Doc("One framework with every indicator's direction, utopia, dystopia and weight",
                  FrameworkSchema(),
                  {PathParam("framework", "The framework's code, e.g. eu-spi-2020")}, {404})});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/api/v1/progress/datasets",
                     .name = "api.progress.datasets",
                     .handler =
                         [s, service](Request& req) {
                           auto list = service->ListDatasets();
                           if (!list.ok()) return s->site->ErrorResponse(req, list.error());
                           json items = json::array();
                           for (const auto& d : *list) items.push_back(DatasetJson(d));
                           return s->site->Json(req, {{"items", items}});
                         },
                     .api = Doc("Datasets: indicator values of regions with their computed results",
                                ListSchema(DatasetSchema()), {}, {})});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/api/v1/progress/datasets/{dataset}",
                     .name = "api.progress.dataset",
                     .handler =
                         [s, service](Request& req) {
                           auto dataset = service->GetDataset(req.path_params["dataset"]);
                           if (!dataset.ok()) return s->site->ErrorResponse(req, dataset.error());
                           return s->site->Json(req, DatasetJson(*dataset));
                         },
                     .api = Doc("One dataset", DatasetSchema(), {DatasetParam()}, {404})});
  registry.AddRoute({.method = http::verb::get,
                     .pattern = "/api/v1/progress/datasets/{dataset}/ranking",
                     .name = "api.progress.ranking",
                     .handler =
                         [s, service](Request& req) {
                           auto year = YearFromParams(req.query);
                           if (!year.ok()) return s->site->ErrorResponse(req, year.error());
                           auto ranking = service->GetRanking(req.path_params["dataset"], *year);
                           if (!ranking.ok()) return s->site->ErrorResponse(req, ranking.error());
                           return s->site->Json(req,
                                                RankingJson(*ranking, s->site->tr(), req.lang));
                         },
                     .api = Doc("The stored results of a year, by rank: index, dimensions, "
                                "components and why scores are missing",
                                RankingSchema(), {DatasetParam(), YearParam()}, {404, 422})});
  registry.AddRoute(
      {.method = http::verb::get,
       .pattern = "/api/v1/progress/datasets/{dataset}/regions/{region}/scorecard",
       .name = "api.progress.scorecard",
       .handler =
           [s, service](Request& req) {
             auto year = YearFromParams(req.query);
             if (!year.ok()) return s->site->ErrorResponse(req, year.error());
             auto peers = PeersFromParams(req.query);
             if (!peers.ok()) return s->site->ErrorResponse(req, peers.error());
             auto view = service->GetScorecard(req.path_params["dataset"],
                                               req.path_params["region"], *year, *peers);
             if (!view.ok()) return s->site->ErrorResponse(req, view.error());
             return s->site->Json(req, ScorecardJson(*view, s->site->tr(), req.lang));
           },
       .api = Doc(
           "The scorecard of a region: index, dimensions, components and indicators (raw and "
           "0-100) "
           "with ranks, strengths and weaknesses against peers, and change over years",
           ScorecardSchema(),
           {DatasetParam(), PathParam("region", "The region's code, e.g. SE33"), YearParam(),
            QueryParam(
                "peers",
                "country (default: the other regions of the same country), chosen (with regions), "
                "nearest (with covariate and k), or a comma-separated list of region codes"),
            QueryParam("regions", "With peers=chosen: comma-separated region codes"),
            QueryParam("covariate",
                       "With peers=nearest: a covariate of the region table, e.g. gdp_per_capita"),
            QueryParam("k", "With peers=nearest: how many peers (1-100, default 20)",
                       {{"type", "integer"}})},
           {404, 422})});

  registry.AddDemoLoader("progress", [service](const platform::Services& services) {
    return InstallEuSpi2020(*service, services.share_dir);
  });
}

}  // namespace samverkan::progress
