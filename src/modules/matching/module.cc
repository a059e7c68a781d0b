#include "modules/matching/module.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "modules/matching/domain/matching_policy.h"
#include "modules/matching/json/matching_json.h"
#include "modules/matching/sql/sql_alert_repository.h"
#include "modules/matching/sql/sql_matching_repository.h"
#include "modules/matching/web/alert_pages.h"
#include "modules/matching/web/dashboard_page.h"
#include "modules/matching/web/item_filter_query.h"
#include "modules/matching/web/matching_api_doc.h"
#include "modules/matching/web/matching_json_api.h"
#include "modules/matching/web/matching_pages.h"
#include "platform/api.h"

namespace samverkan::matching {
namespace {

using platform::NowMs;

namespace fs = std::filesystem;
using nlohmann::json;
using web::Request;
using web::Response;

RepositoryScope Scope(const platform::Services* s, storage::TxMode mode) {
  return [s, mode](const std::function<Status(MatchingRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlMatchingRepository repo(tx);
      return work(repo);
    });
  };
}

std::string ReadText(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("matching: cannot read " + path.string());
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string IndexPath(const platform::Services& s) {
  return (fs::path(s.data_dir) / "search" / "matching").string();
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
  platform::ImportReport report{.inserted = outcome.written ? outcome.inserted : 0,
                                .updated = outcome.written ? outcome.updated : 0};
  for (const auto& r : outcome.rejected) report.rejected.push_back({r.line, Reason(r.error)});
  return report;
}

template <typename T>
std::vector<ImportLine<T>> ToImportLines(std::vector<JsonLine<T>> lines) {
  std::vector<ImportLine<T>> out;
  out.reserve(lines.size());
  for (auto& l : lines) out.push_back({l.line, std::move(l.item)});
  return out;
}

Result<platform::ImportReport> ImportNeedLines(MatchingService& service, std::istream& in,
                                               bool partial) {
  auto outcome = service.ImportNeeds(ToImportLines(ReadNeedLines(in)), partial);
  if (!outcome.ok()) return std::move(outcome).error();
  return ReportOf(*outcome);
}

Result<platform::ImportReport> ImportOfferLines(MatchingService& service, std::istream& in,
                                                bool partial) {
  auto outcome = service.ImportOffers(ToImportLines(ReadOfferLines(in)), partial);
  if (!outcome.ok()) return std::move(outcome).error();
  return ReportOf(*outcome);
}

Result<int64_t> ExportNeeds(MatchingService& service, std::ostream& out) {
  int64_t count = 0;
  Status s = service.ForEachNeed([&](const NeedRecord& r) -> Status {
    out << NeedToJson(r.need).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    ++count;
    return out ? Status::Ok() : Error::Internal("writing the export failed");
  });
  if (!s.ok()) return std::move(s).error();
  return count;
}

Result<int64_t> ExportOffers(MatchingService& service, std::ostream& out) {
  int64_t count = 0;
  Status s = service.ForEachOffer([&](const OfferRecord& r) -> Status {
    out << OfferToJson(r.offer).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
    ++count;
    return out ? Status::Ok() : Error::Internal("writing the export failed");
  });
  if (!s.ok()) return std::move(s).error();
  return count;
}

Status LoadDemoFile(const platform::Services& s, const char* file,
                    const std::function<Result<platform::ImportReport>(std::istream&)>& import) {
  auto path = fs::path(s.share_dir) / "data" / "demo" / file;
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::Internal("cannot read " + path.string());
  auto report = import(in);
  if (!report.ok()) return std::move(report).error();
  if (!report->rejected.empty()) {
    const auto& first = report->rejected.front();
    return Error::Internal(path.string() + " line " + std::to_string(first.line) + ": " +
                           first.reason);
  }
  return Status::Ok();
}

// ?limit=N: 1–100, 10 when missing.
Result<size_t> LimitFrom(const Request& req) {
  auto text = req.query.Get("limit");
  if (!text || text->empty()) return kDefaultMatchLimit;
  size_t limit = 0;
  auto [ptr, ec] = std::from_chars(text->data(), text->data() + text->size(), limit);
  if (ec != std::errc() || ptr != text->data() + text->size() || limit < 1 ||
      limit > kMaxMatchLimit) {
    return Error::InvalidField("limit", N_("Give a whole number from 1 to 100."));
  }
  return limit;
}

web::ApiParameter RefParam(const char* what) {
  return {.name = "id",
          .in = "path",
          .description = std::string("The ") + what + "'s numeric id or external_id",
          .required = true};
}

std::vector<web::ApiParameter> FilterParams() {
  auto query = [](std::string name, std::string description, json schema = {{"type", "string"}}) {
    return web::ApiParameter{.name = std::move(name),
                             .in = "query",
                             .description = std::move(description),
                             .schema = std::move(schema)};
  };
  return {query("status", "draft, open or closed (default: open, and the reader's drafts)"),
          query("county", "County code: needs in the county, offers that deliver there"),
          query("sdg", "UN Sustainable Development Goal",
                {{"type", "integer"}, {"minimum", 1}, {"maximum", 17}}),
          query("actor", "The owning actor's id or external_id"),
          query("before", "An item id: the page of items older than it (next_before of a page)",
                {{"type", "integer"}, {"minimum", 1}}),
          query("limit", "Items per page, 1–200 (default 50)",
                {{"type", "integer"}, {"minimum", 1}, {"maximum", 200}})};
}

json ListSchema(json item) {
  json schema = ItemsSchema(std::move(item));
  schema["required"].push_back("next_before");
  schema["properties"]["next_before"] = {
      {"type", {"integer", "null"}},
      {"description", "Pass as before= for the next page; null on the last page"}};
  return schema;
}

}  // namespace

std::unique_ptr<MatchingIndexer> MatchingModule::NewIndexer(const platform::Services& services,
                                                            std::string directory) {
  const platform::Services* s = &services;
  return std::make_unique<MatchingIndexer>(Scope(s, storage::TxMode::kWrite),
                                           Scope(s, storage::TxMode::kRead), *services.reference,
                                           *lexicon_, weights_, std::move(directory));
}

Status MatchingModule::StartMatching(const platform::Services& services) {
  auto indexer = NewIndexer(services, IndexPath(services));
  SAMVERKAN_RETURN_IF_ERROR(indexer->Load());
  indexer_ = std::move(indexer);
  service_->SetMatchSource(indexer_.get());
  indexer_->Start();
  return Status::Ok();
}

void MatchingModule::StartAlerts(const platform::Services& services,
                                 std::function<void()> notify_mail) {
  if (!indexer_ || alert_job_) return;
  // Alerts of needs and offers saved open (also while the server was down: the queue keeps them).
  const platform::Services* s = &services;
  AlertJobOptions alert_options{.public_url = services.public_url,
                                .notify_mail = std::move(notify_mail)};
  alert_job_ = std::make_unique<AlertJob>(
      *services.db, *indexer_, weights_,
      [s](Language lang, std::string_view msgid) { return s->site->tr().Tr(lang, msgid); },
      std::move(alert_options));
  alert_job_ptr_.store(alert_job_.get());
  alert_job_->Start();
}

void MatchingModule::StopMatching() {
  if (!indexer_) return;
  alert_job_ptr_.store(nullptr);
  if (alert_job_) alert_job_->Stop();
  alert_job_.reset();
  service_->SetMatchSource(nullptr);
  indexer_->Stop();
  indexer_.reset();
}

Result<int64_t> MatchingModule::Reindex(const platform::Services& services) {
  auto indexer = NewIndexer(services, IndexPath(services));
  return indexer->Rebuild();
}

Status MatchingModule::PrintMatches(const platform::Services& services, const std::string& kind,
                                    const std::string& ref, size_t limit, bool as_json,
                                    Language lang, const Translate& translate, std::ostream& out) {
  if (kind != "need" && kind != "offer") {
    return Error(ErrorCode::kInvalidArgument, "Say need or offer.");
  }
  auto indexer = NewIndexer(services, "");
  SAMVERKAN_RETURN_IF_ERROR(indexer->Load());
  service_->SetMatchSource(indexer.get());
  struct Unset {
    MatchingService* service;
    ~Unset() { service->SetMatchSource(nullptr); }
  } unset{service_.get()};
  const Principal operator_principal;  // the command line sees what is public
  json body;
  if (kind == "need") {
    auto matches = service_->MatchesForNeed(operator_principal, ref, limit);
    if (!matches.ok()) return std::move(matches).error();
    body = NeedMatchesJson(*matches, lang, translate, *services.reference, *lexicon_);
  } else {
    auto matches = service_->MatchesForOffer(operator_principal, ref, limit);
    if (!matches.ok()) return std::move(matches).error();
    body = OfferMatchesJson(*matches, lang, translate, *services.reference, *lexicon_);
  }
  if (as_json) {
    for (auto& item : body["items"]) item.erase("item");
    out << body.dump(2) << "\n";
    return Status::Ok();
  }
  int rank = 0;
  for (const auto& item : body["items"]) {
    char score[32];
    std::snprintf(score, sizeof score, "%.3f", item["score"].get<double>());
    out << ++rank << ". " << score << "  " << item["external_id"].get<std::string>() << "  "
        << item["title"].get<std::string>() << "  (" << item["actor"].get<std::string>() << ")\n";
    for (const auto& reason : item["reasons"]) {
      const auto& sentence = reason["sentence"].get_ref<const std::string&>();
      if (!sentence.empty()) out << "     - " << sentence << "\n";
    }
  }
  return Status::Ok();
}

void MatchingModule::Register(platform::ModuleRegistry& registry,
                              const platform::Services& services) {
  const platform::Services* s = &services;
  if (!services.reference) {
    throw std::logic_error("matching: the reference data must be loaded before modules register");
  }
  const fs::path data = fs::path(services.share_dir) / "data" / "matching";
  auto lexicon = Lexicon::FromCsv(ReadText(data / "lexicon.csv"));
  if (!lexicon.ok())
    throw std::runtime_error("matching: lexicon.csv: " + lexicon.error().message());
  lexicon_ = std::make_unique<Lexicon>(std::move(lexicon).value());
  auto weights = ParseMatchWeights(ReadText(data / "weights.conf"));
  if (!weights.ok())
    throw std::runtime_error("matching: weights.conf: " + weights.error().message());
  weights_ = std::move(weights).value();

  // Actors are reached through the platform's lookup, set by the composition root after the
  // modules registered: read it at call time.
  ActorResolver actors = [s](const std::string& ref) -> Result<std::optional<ActorKey>> {
    if (!s->actor_lookup)
      return Error(ErrorCode::kUnavailable, "The actor registry is not available.");
    auto found = s->actor_lookup(ref, Language::kSwedish);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value()) return std::optional<ActorKey>();
    return std::optional<ActorKey>(ActorKey{(*found)->id, (*found)->external_id});
  };
  // Writes also queue every need or offer saved open for its alerts (domain/alert_service.h).
  // services.db is set after Register: read it at call time.
  RepositoryScope write = [s, this](const std::function<Status(MatchingRepository&)>& work) {
    return AlertQueueingScope(s->db, NowMs, [this] {
      if (AlertJob* job = alert_job_ptr_.load()) job->Notify();
    })(work);
  };
  // A first load tells nobody: its writes skip the alert queue (`import --no-notify`).
  quiet_service_ = std::make_unique<MatchingService>(Scope(s, storage::TxMode::kWrite),
                                                     Scope(s, storage::TxMode::kRead),
                                                     services.reference, actors, NowMs);
  service_ = std::make_unique<MatchingService>(std::move(write), Scope(s, storage::TxMode::kRead),
                                               services.reference, std::move(actors), NowMs);
  MatchingService* service = service_.get();
  MatchingService* quiet = quiet_service_.get();
  const Lexicon* lexicon_ptr = lexicon_.get();

  for (auto& m : MatchingMigrations()) registry.AddMigration(std::move(m));
  for (auto& m : AlertMigrations()) registry.AddMigration(std::move(m));
  alerts_ = std::make_unique<AlertService>(
      [s](const auto& work) { return SqlAlertScope(s->db, storage::TxMode::kWrite)(work); },
      [s](const auto& work) { return SqlAlertScope(s->db, storage::TxMode::kRead)(work); }, NowMs);
  registry.AddNavigation({"/behov", N_("Needs"), 30});
  registry.AddNavigation({"/erbjudanden", N_("Offers"), 31});

  auto translate = [s](Language lang, std::string_view msgid) {
    return s->site->tr().Tr(lang, msgid);
  };

  // --- API -----------------------------------------------------------------------------------
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/needs",
       .name = "api.needs.list",
       .handler =
           [s, service](Request& req) {
             auto filter = ItemFilterFromQuery(req.query);
             if (!filter.ok()) return s->site->ErrorResponse(req, filter.error());
             auto list = service->ListNeeds(req.principal, *filter);
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             json items = json::array();
             for (const auto& r : list->items) items.push_back(NeedApiJson(r));
             json next = list->next_before != 0 ? json(list->next_before) : json(nullptr);
             return s->site->Json(req, {{"items", std::move(items)}, {"next_before", next}});
           },
       .api = MatchingApiDoc(
           "Needs, newest first, a page at a time: open ones and the reader's drafts "
           "unless a status is asked for",
           ListSchema(NeedSchema()), FilterParams(), {422})});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/offers",
       .name = "api.offers.list",
       .handler =
           [s, service](Request& req) {
             auto filter = ItemFilterFromQuery(req.query);
             if (!filter.ok()) return s->site->ErrorResponse(req, filter.error());
             auto list = service->ListOffers(req.principal, *filter);
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             json items = json::array();
             for (const auto& r : list->items) items.push_back(OfferApiJson(r));
             json next = list->next_before != 0 ? json(list->next_before) : json(nullptr);
             return s->site->Json(req, {{"items", std::move(items)}, {"next_before", next}});
           },
       .api = MatchingApiDoc(
           "Offers, newest first, a page at a time: open ones and the reader's drafts "
           "unless a status is asked for",
           ListSchema(OfferSchema()), FilterParams(), {422})});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/api/v1/needs/{id}",
                     .name = "api.needs.show",
                     .handler =
                         [s, service](Request& req) {
                           auto need = service->GetNeed(req.principal, req.path_params["id"]);
                           if (!need.ok()) return s->site->ErrorResponse(req, need.error());
                           return s->site->Json(req, NeedApiJson(*need));
                         },
                     .api = MatchingApiDoc("One need", NeedSchema(), {RefParam("need")}, {404})});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/offers/{id}",
       .name = "api.offers.show",
       .handler =
           [s, service](Request& req) {
             auto offer = service->GetOffer(req.principal, req.path_params["id"]);
             if (!offer.ok()) return s->site->ErrorResponse(req, offer.error());
             return s->site->Json(req, OfferApiJson(*offer));
           },
       .api = MatchingApiDoc("One offer", OfferSchema(), {RefParam("offer")}, {404})});

  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/needs",
       .name = "api.needs.create",
       .handler =
           [s, service](Request& req) {
             if (Status may = CheckMayPost(req.principal); !may.ok())
               return s->site->ErrorResponse(req, may.error());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto need = NeedFromJson(*body);
             if (!need.ok()) return s->site->ErrorResponse(req, need.error());
             auto created = service->CreateNeed(req.principal, std::move(need).value());
             if (!created.ok()) return s->site->ErrorResponse(req, created.error());
             Response res = s->site->Json(req, NeedApiJson(*created), web::http::status::created);
             res.set(web::http::field::location,
                     "/api/v1/needs/" + std::to_string(created->need.id));
             return res;
           },
       .api = MatchingApiDoc(
           "Post a need: a representative of the owner, or an editor; an API token needs the write "
           "scope. Matchable at once.",
           NeedSchema(), {}, {401, 403, 409, 422}, NeedSchema(), 201)});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/offers",
       .name = "api.offers.create",
       .handler =
           [s, service](Request& req) {
             if (Status may = CheckMayPost(req.principal); !may.ok())
               return s->site->ErrorResponse(req, may.error());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto offer = OfferFromJson(*body);
             if (!offer.ok()) return s->site->ErrorResponse(req, offer.error());
             auto created = service->CreateOffer(req.principal, std::move(offer).value());
             if (!created.ok()) return s->site->ErrorResponse(req, created.error());
             Response res = s->site->Json(req, OfferApiJson(*created), web::http::status::created);
             res.set(web::http::field::location,
                     "/api/v1/offers/" + std::to_string(created->offer.id));
             return res;
           },
       .api = MatchingApiDoc(
           "Post an offer: a representative of the offering actor, or an editor; an API token "
           "needs the write scope. Matchable at once.",
           OfferSchema(), {}, {401, 403, 409, 422}, OfferSchema(), 201)});
  registry.AddRoute(
      {.method = web::http::verb::put,
       .pattern = "/api/v1/needs/{id}",
       .name = "api.needs.replace",
       .handler =
           [s, service](Request& req) {
             if (!req.principal.authenticated()) {
               return s->site->ErrorResponse(
                   req, Error(ErrorCode::kUnauthenticated, "Sign in to continue."));
             }
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto need = NeedFromJson(*body);
             if (!need.ok()) return s->site->ErrorResponse(req, need.error());
             auto saved =
                 service->UpdateNeed(req.principal, req.path_params["id"], std::move(need).value());
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             return s->site->Json(req, NeedApiJson(*saved));
           },
       .api = MatchingApiDoc("Replace a need: a representative of the owner, or an editor",
                             NeedSchema(), {RefParam("need")}, {401, 403, 404, 409, 422},
                             NeedSchema())});
  registry.AddRoute(
      {.method = web::http::verb::put,
       .pattern = "/api/v1/offers/{id}",
       .name = "api.offers.replace",
       .handler =
           [s, service](Request& req) {
             if (!req.principal.authenticated()) {
               return s->site->ErrorResponse(
                   req, Error(ErrorCode::kUnauthenticated, "Sign in to continue."));
             }
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto offer = OfferFromJson(*body);
             if (!offer.ok()) return s->site->ErrorResponse(req, offer.error());
             auto saved = service->UpdateOffer(req.principal, req.path_params["id"],
                                               std::move(offer).value());
             if (!saved.ok()) return s->site->ErrorResponse(req, saved.error());
             return s->site->Json(req, OfferApiJson(*saved));
           },
       .api = MatchingApiDoc(
           "Replace an offer: a representative of the offering actor, or an editor", OfferSchema(),
           {RefParam("offer")}, {401, 403, 404, 409, 422}, OfferSchema())});

  web::ApiParameter limit_param{.name = "limit",
                                .in = "query",
                                .description = "How many, 1–100 (default 10)",
                                .schema = {{"type", "integer"}, {"minimum", 1}, {"maximum", 100}}};
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/needs/{id}/matches",
       .name = "api.needs.matches",
       .handler =
           [s, service, lexicon_ptr, translate](Request& req) {
             auto limit = LimitFrom(req);
             if (!limit.ok()) return s->site->ErrorResponse(req, limit.error());
             auto matches = service->MatchesForNeed(req.principal, req.path_params["id"], *limit);
             if (!matches.ok()) return s->site->ErrorResponse(req, matches.error());
             return s->site->Json(
                 req, NeedMatchesJson(*matches, req.lang, translate, *s->reference, *lexicon_ptr));
           },
       .api = MatchingApiDoc(
           "The open offers that best answer a need, best first, with the score and the reasons "
           "(factor, contribution, sentence in the reader's language)",
           MatchesSchema("need"), {RefParam("need"), limit_param}, {404, 422, 503})});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/offers/{id}/matches",
       .name = "api.offers.matches",
       .handler =
           [s, service, lexicon_ptr, translate](Request& req) {
             auto limit = LimitFrom(req);
             if (!limit.ok()) return s->site->ErrorResponse(req, limit.error());
             auto matches = service->MatchesForOffer(req.principal, req.path_params["id"], *limit);
             if (!matches.ok()) return s->site->ErrorResponse(req, matches.error());
             return s->site->Json(
                 req, OfferMatchesJson(*matches, req.lang, translate, *s->reference, *lexicon_ptr));
           },
       .api = MatchingApiDoc(
           "The open needs an offer best answers, best first, with the score and the reasons",
           MatchesSchema("offer"), {RefParam("offer"), limit_param}, {404, 422, 503})});

  cases_ = NewCaseService(services, *service, &case_mail_wake_);
  RegisterMatchingPages(registry, services, *service, *lexicon_ptr, cases_.get());
  RegisterMatchingDashboard(registry, services);
  RegisterCases(registry, services, *cases_);
  RegisterAlertRoutes(registry, services, *alerts_, weights_);
  registry.AddNavigation({"/bevakningar", N_("Alerts"), 32});
  AlertService* alerts = alerts_.get();
  registry.AddPersonalData(
      {.section = "matching_alerts",
       .export_json = [alerts](const platform::Services&, const Principal& who) -> Result<json> {
         auto data = alerts->Export(who);
         if (!data.ok()) return std::move(data).error();
         json out = {{"alerts", json::array()}, {"subscriptions", json::array()}};
         for (const Alert& a : data->first) {
           out["alerts"].push_back(
               {{"id", a.id},
                {"own_kind", std::string(ItemKindCode(a.own_kind))},
                {"own_item_id", a.own_item_id},
                {"other_item_id", a.other_item_id},
                {"score", a.score},
                {"created_at", a.created_at},
                {"read_at", a.read_at ? json(*a.read_at) : json(nullptr)},
                {"mailed_at", a.mailed_at ? json(*a.mailed_at) : json(nullptr)}});
         }
         for (const AlertSubscription& sub : data->second) {
           out["subscriptions"].push_back({{"kind", std::string(ItemKindCode(sub.own_kind))},
                                           {"item_id", sub.own_item_id},
                                           {"enabled", sub.enabled},
                                           {"email", sub.email},
                                           {"level", std::string(AlertLevelCode(sub.level))},
                                           {"updated_at", sub.updated_at}});
         }
         return out;
       },
       .erase = [alerts](const platform::Services&,
                         const Principal& who) { return alerts->Erase(who); }});

  registry.AddPorter(
      {.name = "needs",
       .description = "Needs of the matching function as JSON Lines "
                      "(src/modules/matching/FORMATS.md), upserted by external_id",
       .export_jsonl = [service](const platform::Services&,
                                 std::ostream& out) { return ExportNeeds(*service, out); },
       .import_jsonl =
           [service, quiet](const platform::Services&, std::istream& in,
                            const platform::ImportOptions& options) {
             return ImportNeedLines(options.notify ? *service : *quiet, in, options.partial);
           }});
  registry.AddPorter(
      {.name = "offers",
       .description = "Offers of the matching function as JSON Lines "
                      "(src/modules/matching/FORMATS.md), upserted by external_id",
       .export_jsonl = [service](const platform::Services&,
                                 std::ostream& out) { return ExportOffers(*service, out); },
       .import_jsonl =
           [service, quiet](const platform::Services&, std::istream& in,
                            const platform::ImportOptions& options) {
             return ImportOfferLines(options.notify ? *service : *quiet, in, options.partial);
           }});

  registry.AddDemoLoader("matching", [service](const platform::Services& s) -> Status {
    SAMVERKAN_RETURN_IF_ERROR(LoadDemoFile(s, "needs.jsonl", [service](std::istream& in) {
      return ImportNeedLines(*service, in, false);
    }));
    return LoadDemoFile(s, "offers.jsonl", [service](std::istream& in) {
      return ImportOfferLines(*service, in, false);
    });
  });
}

}  // namespace samverkan::matching
