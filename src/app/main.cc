// The composition root and command line of Samverkan. The only place that knows every
// concrete class: it opens the database, lists the modules in order, and wires them to the
// web server or to the command asked for.
#include <unistd.h>

#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <thread>

#include "auth/module.h"
#include "core/reference.h"
#include "jobs/mail_worker.h"
#include "jobs/outbox.h"
#include "jobs/smtp_sender.h"
#include "modules/actors/module.h"
#include "modules/matching/module.h"
#include "modules/alliance/module.h"
#include "modules/contact/module.h"
#include "modules/ecosystem/module.h"
#include "modules/impact/cli/impact_commands.h"
#include "modules/impact/module.h"
#include "modules/progress/cli/spi_command.h"
#include "modules/progress/module.h"
#include "modules/reference/module.h"
#include "platform/audit_module.h"
#include "platform/module.h"
#include "storage/backup.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "web/i18n.h"
#include "web/openapi.h"
#include "web/server.h"
#include "web/static_files.h"

namespace samverkan::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr const char* kVersion = "0.1.0";

struct CommonOptions {
  std::string data_dir = "./var";
  std::string database;  // empty: SQLite in data_dir
  std::string public_url = "http://localhost:8080";
  bool secure_cookies = false;
  // Tests only: the cheapest Argon2id parameters libsodium accepts (SAMVERKAN_FAST_HASH=1).
  bool fast_password_hash = false;
};

// Run-time files live in share/samverkan next to the bin/ folder of the executable, unless
// SAMVERKAN_SHARE says otherwise.
std::string ShareDir() {
  if (const char* env = std::getenv("SAMVERKAN_SHARE"); env && *env) return env;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  return (exe.parent_path().parent_path() / "share" / "samverkan").string();
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int Fail(const Error& error) {
  std::cerr << "samverkan: " << web::FillPlaceholders(error.message(), error.args());
  for (const auto& f : error.fields()) {
    std::cerr << "\n  " << f.field << ": " << web::FillPlaceholders(f.message, f.args);
  }
  if (!error.log_detail().empty()) std::cerr << "\n  (" << error.log_detail() << ")";
  std::cerr << "\n";
  return 1;
}

// The platform's own pages and endpoints: home, about, health, metrics, OpenAPI, static files.
class PlatformModule : public platform::Module {
 public:
  PlatformModule(const web::Router* router, const web::StaticFiles* statics, web::Metrics* metrics,
                 jobs::Outbox* outbox)
      : router_(router), statics_(statics), metrics_(metrics), outbox_(outbox) {}
  std::string name() const override { return "platform"; }

  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override {
    const platform::Services* s = &services;
    registry.AddMigration({"platform", 1, "create platform_settings",
                           "CREATE TABLE platform_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL)"});
    for (auto& m : jobs::OutboxMigrations()) registry.AddMigration(std::move(m));
    registry.AddNavigation({"/", N_("Home"), 0});
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/integritet", .name = "privacy",
                       .handler = [s](web::Request& req) {
                         return s->site->Page(req, {.template_name = "privacy",
                                                    .title = s->site->Tr(req, "Privacy notice")});
                       },
                       .blocking = false});
    jobs::Outbox* outbox = outbox_;
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/admin/utkorg", .name = "admin.outbox",
                       .handler = [s, outbox](web::Request& req) { return OutboxPage(s, outbox, req); }});
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/", .name = "home",
                       .handler = [s](web::Request& req) { return HomePage(s, req); },
                       .blocking = false});
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/om", .name = "about",
                       .handler = [s](web::Request& req) {
                         return s->site->Page(req, {.template_name = "about",
                                                    .title = s->site->Tr(req, "About Samverkan")});
                       },
                       .blocking = false});
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/healthz", .name = "healthz",
                       .handler = [](web::Request&) {
                         return web::TextResponse(web::http::status::ok, "text/plain; charset=utf-8", "ok\n");
                       },
                       .blocking = false});
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/readyz", .name = "readyz",
                       .handler = [s](web::Request&) {
                         bool ready = s->db->Ping();
                         return web::TextResponse(
                             ready ? web::http::status::ok : web::http::status::service_unavailable,
                             "text/plain; charset=utf-8", ready ? "ready\n" : "database unavailable\n");
                       }});
    web::Metrics* metrics = metrics_;
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/metrics", .name = "metrics",
                       .handler = [metrics](web::Request&) {
                         return web::TextResponse(web::http::status::ok,
                                                  "text/plain; version=0.0.4; charset=utf-8",
                                                  metrics->Render());
                       },
                       .blocking = false});
    const web::StaticFiles* statics = statics_;
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/static/{file}", .name = "static",
                       .handler = [statics](web::Request& req) {
                         return statics->Serve(req, req.path_params["file"]);
                       },
                       .blocking = false});
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/favicon.ico", .name = "favicon",
                       .handler = [](web::Request&) { return web::Redirect("/static/favicon.svg", web::http::status::moved_permanently); },
                       .blocking = false});
    const web::Router* router = router_;
    web::ApiDoc doc;
    doc.summary = "This OpenAPI 3.1 document";
    doc.tag = "platform";
    doc.response = {{"type", "object"}};
    registry.AddRoute({.method = web::http::verb::get, .pattern = "/api/v1/openapi.json",
                       .name = "api.openapi",
                       .handler = [s, router](web::Request& req) {
                         return s->site->Json(req, web::BuildOpenApi(*router, kVersion));
                       },
                       .blocking = false,
                       .api = doc});
  }

 private:
  static web::Response HomePage(const platform::Services* s, web::Request& req) {
    const auto& ref = *s->reference;
    const web::Site& site = *s->site;
    json figures = json::array({
        {{"label", site.Tr(req, "Counties")}, {"value", ref.counties().size()}},
        {{"label", site.Tr(req, "Municipalities")}, {"value", ref.municipalities().size()}},
        {{"label", site.Tr(req, "Global Goals")}, {"value", ref.sdgs().size()}},
        {{"label", site.Tr(req, "Sectors")}, {"value", ref.sectors().size()}},
    });
    json sections = json::array({
        {{"href", "/sdg"}, {"title", site.Tr(req, "Global Goals")},
         {"text", site.Tr(req, "The 17 goals that actors, needs and initiatives are tagged with.")}},
        {{"href", "/regioner"}, {"title", site.Tr(req, "Regions")},
         {"text", site.Tr(req, "Counties, NUTS regions and municipalities.")}},
        {{"href", "/kontakt"}, {"title", site.Tr(req, "Contact")},
         {"text", site.Tr(req, "Write to the node's staff.")}},
    });
    return site.Page(req, {.template_name = "home",
                           .title = site.Tr(req, "Samverkan – social innovation together"),
                           .data = {{"figures", figures}, {"sections", sections}},
                           .description = site.Tr(req, "The shared home of the social-innovation ecosystem")});
  }

  // Mails waiting, sent and given up, for administrators: without SMTP configured this is
  // where verification and reset mails can be read.
  static web::Response OutboxPage(const platform::Services* s, jobs::Outbox* outbox, web::Request& req) {
    if (!req.principal.authenticated()) return web::Redirect("/logga-in?next=%2Fadmin%2Futkorg");
    if (!req.principal.IsAdmin()) return s->site->ErrorResponse(req, Error::Forbidden());
    jobs::OutboxFilter filter;
    if (auto st = req.query.Get("status")) filter.status = jobs::ParseOutboxStatus(*st);
    jobs::OutboxPageRequest page;
    if (auto before = req.query.Get("before")) {
      try {
        page.before_id = std::stoll(*before);
      } catch (const std::exception&) {
        return s->site->ErrorResponse(req, Error::InvalidField("before", "The cursor is not valid. Start again from the first page."));
      }
    }
    auto list = outbox->List(filter, page);
    if (!list.ok()) return s->site->ErrorResponse(req, list.error());
    auto counts = outbox->Counts();
    if (!counts.ok()) return s->site->ErrorResponse(req, counts.error());
    json mails = json::array();
    for (const auto& m : list->mails) {
      mails.push_back({{"id", m.id}, {"to", m.mail.to}, {"subject", m.mail.subject}, {"text", m.mail.text},
                       {"kind", m.mail.kind}, {"status", std::string(jobs::OutboxStatusName(m.status))},
                       {"attempts", m.attempts}});
    }
    json data = {{"mails", mails},
                 {"has_mails", !mails.empty()},
                 {"pending", counts->pending},
                 {"sent", counts->sent},
                 {"failed", counts->failed}};
    if (list->next_before_id) data["next"] = "/admin/utkorg?before=" + std::to_string(*list->next_before_id);
    return s->site->Page(req, {.template_name = "admin_outbox", .title = s->site->Tr(req, "Outbox"), .data = data});
  }

  const web::Router* router_;
  const web::StaticFiles* statics_;
  web::Metrics* metrics_;
  jobs::Outbox* outbox_;
};

// Everything a command needs, built in one place.
struct App {
  CommonOptions options;
  std::string share_dir = ShareDir();
  std::unique_ptr<storage::Database> db;
  ReferenceData reference;
  std::unique_ptr<web::Translator> translator;
  std::unique_ptr<web::Templates> templates;
  std::unique_ptr<web::StaticFiles> statics;
  std::unique_ptr<web::Site> site;
  web::Metrics metrics;
  web::Router router;
  platform::Services services;
  platform::ModuleRegistry registry;
  std::vector<std::unique_ptr<platform::Module>> modules;
  std::unique_ptr<jobs::Outbox> outbox;
  std::function<void()> notify_mail = [] {};
  auth::AccountsModule* accounts = nullptr;
  actors::ActorsModule* actors = nullptr;
  matching::MatchingModule* matching = nullptr;

  // Turns an account mail (msgids) into a mail in the recipient's language, in the outbox.
  auth::MailQueue AccountMail() {
    return [this](storage::Transaction& tx, const auth::OutgoingMail& m) -> Status {
      jobs::Mail mail;
      mail.to = m.to;
      mail.language = m.language;
      mail.kind = m.kind;
      mail.subject = translator->Tr(m.language, m.subject, m.args);
      mail.text = translator->Tr(m.language, m.body, m.args) + "\n\n-- \nSamverkan\n";
      SAMVERKAN_RETURN_IF_ERROR(outbox->Enqueue(tx, mail));
      // Wake the sender once the mail is committed, rather than at its next poll.
      tx.OnCommit([this] { notify_mail(); });
      return Status::Ok();
    };
  }

  Status Open(int pool_size) {
    std::error_code ec;
    fs::create_directories(options.data_dir, ec);
    if (ec) {
      return Error(ErrorCode::kInvalidArgument, "Cannot create the data directory {{dir}}.",
                   {{"dir", options.data_dir}});
    }
    std::string url = options.database.empty()
                          ? "sqlite:" + (fs::path(options.data_dir) / "samverkan.db").string()
                          : options.database;
    auto opened = storage::Database::Open(url, {.pool_size = pool_size});
    if (!opened.ok()) return std::move(opened).error();
    db = std::move(opened).value();

    std::map<std::string, std::string> files;
    for (const auto& entry : fs::directory_iterator(fs::path(share_dir) / "data" / "reference", ec)) {
      if (entry.path().extension() == ".csv") files[entry.path().filename().string()] = ReadFile(entry.path());
    }
    if (ec) {
      return Error(ErrorCode::kInternal, "Cannot read reference data in {{dir}}.", {{"dir", share_dir}});
    }
    auto ref = ReferenceData::FromCsv(files);
    if (!ref.ok()) return std::move(ref).error();
    reference = std::move(ref).value();

    translator = std::make_unique<web::Translator>((fs::path(share_dir) / "locale").string());
    outbox = std::make_unique<jobs::Outbox>(*db);
    services.db = db.get();
    services.reference = &reference;
    services.public_url = options.public_url;
    services.secure_cookies = options.secure_cookies;
    services.share_dir = share_dir;
    services.data_dir = options.data_dir;

    // Modules in order: later ones may use earlier ones' domain interfaces.
    auto statics_loaded = web::StaticFiles::Load((fs::path(share_dir) / "static").string());
    if (!statics_loaded.ok()) return std::move(statics_loaded).error();
    statics = std::move(statics_loaded).value();
    modules.push_back(std::make_unique<PlatformModule>(&router, statics.get(), &metrics, outbox.get()));
    modules.push_back(std::make_unique<platform::AuditModule>());
    auth::AccountSettings account_settings;
    account_settings.public_url = options.public_url;
    if (options.fast_password_hash) account_settings.password_params = auth::MinimalPasswordParams();
    auto accounts_module = std::make_unique<auth::AccountsModule>(AccountMail(), account_settings);
    accounts = accounts_module.get();
    modules.push_back(std::move(accounts_module));
    modules.push_back(std::make_unique<reference::ReferenceModule>());
    modules.push_back(std::make_unique<contact::ContactModule>());
    auto actors_module = std::make_unique<actors::ActorsModule>();
    actors::ActorsModule* actors_registry = actors_module.get();
    actors = actors_registry;
    modules.push_back(std::move(actors_module));
    modules.push_back(std::make_unique<ecosystem::EcosystemModule>(actors_registry));
    modules.push_back(std::make_unique<progress::ProgressModule>());
    modules.push_back(std::make_unique<alliance::AllianceModule>());  // after actors: its demo data names them
    modules.push_back(std::make_unique<impact::ImpactModule>());  // after actors: its demo data names them
    auto matching_module = std::make_unique<matching::MatchingModule>();  // after actors: needs and offers name them
    matching = matching_module.get();
    modules.push_back(std::move(matching_module));
    for (auto& m : modules) m->Register(registry, services);
    // Other modules name organisations through this lookup, not through the actors module.
    services.actor_lookup = [actors_registry](const std::string& ref, Language lang)
        -> Result<std::optional<platform::ActorRef>> {
      actors::ActorService* service = actors_registry->service();
      bool numeric = !ref.empty() && std::all_of(ref.begin(), ref.end(), [](char c) { return c >= '0' && c <= '9'; });
      auto actor = numeric && ref.size() < 18 ? service->Get(std::stoll(ref)) : service->GetByExternalId(ref);
      if (!actor.ok()) {
        if (actor.error().IsNotFound()) return std::optional<platform::ActorRef>();
        return std::move(actor).error();
      }
      return std::optional<platform::ActorRef>(
          platform::ActorRef{actor->id, actor->profile.external_id, actor->profile.name.In(lang),
                             actor->profile.sector, actor->profile.municipality});
    };
    // The alliance keeps the record of membership and tells the registry through this.
    services.set_alliance_membership = [actors_registry](int64_t user_id, int64_t actor_id,
                                                         const std::optional<std::string>& since) {
      return actors_registry->service()->SetAllianceMembership(user_id, actor_id, since);
    };
    for (auto& route : registry.routes()) router.Add(std::move(route));
    return Status::Ok();
  }

  Status LoadWeb() {
    auto t = web::Templates::Load((fs::path(share_dir) / "templates").string(), *translator);
    if (!t.ok()) return std::move(t).error();
    templates = std::move(t).value();
    site = std::make_unique<web::Site>(*templates, *translator, registry.navigation(), statics->version());
    services.site = site.get();
    return Status::Ok();
  }

  Result<storage::MigrationReport> Migrate() {
    return storage::ApplyMigrations(*db, registry.migrations());
  }

  // The content every installation starts with (see ModuleRegistry::AddSeedLoader). Not part
  // of Migrate: `restore` needs a migrated database that holds nothing yet.
  Status LoadSeeds() {
    for (const auto& [module, load] : registry.seed_loaders()) {
      if (Status s = load(services); !s.ok()) return s;
    }
    return Status::Ok();
  }

  Status LoadDemo(bool only_first_time) {
    if (only_first_time) {
      auto loaded = db->Read([](storage::Transaction& tx) {
        return tx.QueryOne("SELECT value FROM platform_settings WHERE key = 'demo_loaded'");
      });
      if (!loaded.ok()) return std::move(loaded).error();
      if (loaded->has_value()) return Status::Ok();
    }
    for (const auto& [module, load] : registry.demo_loaders()) {
      Status s = load(services);
      if (!s.ok()) return s;
      std::cerr << "demo data loaded: " << module << "\n";
    }
    auto marked = db->Write([](storage::Transaction& tx) {
      return tx.Execute(
          "INSERT INTO platform_settings (key, value) VALUES ('demo_loaded', '1') "
          "ON CONFLICT (key) DO NOTHING");
    });
    if (!marked.ok()) return std::move(marked).error();
    return Status::Ok();
  }

  const platform::DataPorter* Porter(const std::string& name) const {
    for (const auto& p : registry.porters()) {
      if (p.name == name) return &p;
    }
    return nullptr;
  }
};

void AddCommon(CLI::App* cmd, CommonOptions& o) {
  cmd->add_option("--data", o.data_dir,
                  "Directory for the SQLite file, search index and uploads")
      ->envname("SAMVERKAN_DATA")
      ->capture_default_str();
  cmd->add_option("--database", o.database,
                  "Database URL: sqlite:PATH or postgresql://… (default: SQLite in --data)")
      ->envname("SAMVERKAN_DATABASE");
}

int Serve(App& app, const std::string& listen, bool no_demo, const std::string& access_log,
          int threads, const jobs::SmtpSettings& smtp) {
  if (Status s = auth::InitCrypto(); !s.ok()) return Fail(s.error());
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  int workers = threads > 0 ? threads : static_cast<int>(cores);
  if (Status s = app.Open(workers + 2); !s.ok()) return Fail(s.error());
  if (Status s = app.LoadWeb(); !s.ok()) return Fail(s.error());
  auto migrated = app.Migrate();
  if (!migrated.ok()) return Fail(migrated.error());
  for (const auto& m : migrated->applied) std::cerr << "migrated: " << m << "\n";
  if (Status s = app.LoadSeeds(); !s.ok()) return Fail(s.error());
  if (!no_demo) {
    if (Status s = app.LoadDemo(true); !s.ok()) return Fail(s.error());
  }
  // The directory's full-text index, fed from the outbox; rebuilt in the background when
  // missing, while the directory answers from the database.
  if (Status s = app.actors->StartSearch(app.services); !s.ok()) return Fail(s.error());
  // The matching index, fed from its outbox; rebuilt before serving when missing.
  if (Status s = app.matching->StartMatching(app.services); !s.ok()) return Fail(s.error());
  web::ServerOptions options;
  size_t colon = listen.rfind(':');
  if (colon == std::string::npos) {
    return Fail(Error(ErrorCode::kInvalidArgument, "--listen takes HOST:PORT, e.g. 127.0.0.1:8080."));
  }
  options.host = listen.substr(0, colon);
  if (options.host.size() > 2 && options.host.front() == '[') options.host = options.host.substr(1, options.host.size() - 2);
  try {
    options.port = static_cast<unsigned short>(std::stoi(listen.substr(colon + 1)));
  } catch (const std::exception&) {
    return Fail(Error(ErrorCode::kInvalidArgument, "--listen takes HOST:PORT, e.g. 127.0.0.1:8080."));
  }
  options.io_threads = threads;
  options.secure_cookies = app.options.secure_cookies;
  options.worker_threads = workers;
  std::unique_ptr<web::AccessLog> log;
  std::FILE* log_file = nullptr;
  if (access_log == "-") {
    log = std::make_unique<web::AccessLog>(stdout);
  } else if (access_log != "off") {
    log_file = std::fopen(access_log.c_str(), "a");
    if (!log_file) return Fail(Error(ErrorCode::kInvalidArgument, "Cannot open the access log {{file}}.", {{"file", access_log}}));
    log = std::make_unique<web::AccessLog>(log_file);
  }
  storage::Database* db = app.db.get();
  web::Server server(options, app.router, *app.site, app.metrics, log.get(), [db] { return db->Ping(); },
                     app.accounts->MakeAuthenticator());
  if (Status s = server.Bind(); !s.ok()) return Fail(s.error());
  // Mail: sent in the background when SMTP is configured; otherwise kept in the outbox for
  // administrators to read at /admin/utkorg.
  std::unique_ptr<jobs::SmtpSender> sender;
  std::unique_ptr<jobs::MailWorker> mail_worker;
  if (smtp.configured()) {
    auto created = jobs::SmtpSender::Create(smtp);
    if (!created.ok()) return Fail(created.error());
    sender = std::move(created).value();
    jobs::MailWorkerOptions worker_options;
    worker_options.log = [](const std::string& line) { std::cerr << line << "\n"; };
    mail_worker = std::make_unique<jobs::MailWorker>(*app.outbox, *sender, worker_options);
    mail_worker->Start();
    jobs::MailWorker* worker = mail_worker.get();
    app.notify_mail = [worker] { worker->Notify(); };
    std::cerr << "mail: sending through " << smtp.url << "\n";
  } else {
    std::cerr << "mail: no SMTP configured (--smtp-url); mails stay in the outbox\n";
  }
  // Matching alerts, once the mail sender is known (it is woken after alert mails commit).
  app.matching->StartAlerts(app.services, app.notify_mail);
  // Notices of match cases wake it the same way.
  app.matching->SetCaseMailWake(app.notify_mail);
  // Retention, hourly: expired sessions and links, and sent mails older than 30 days (the
  // periods the privacy notice promises).
  std::mutex retention_mu;
  std::condition_variable retention_cv;
  bool retention_stop = false;
  std::thread retention([&] {
    std::unique_lock lock(retention_mu);
    do {
      lock.unlock();
      auto purged = app.accounts->service().PurgeExpired();
      auto mails = app.outbox->PurgeSent(std::chrono::system_clock::now() - std::chrono::hours(24 * 30));
      if (!purged.ok() || !mails.ok()) std::cerr << "retention: failed, will try again\n";
      lock.lock();
    } while (!retention_cv.wait_for(lock, std::chrono::hours(1), [&] { return retention_stop; }));
  });
  std::cerr << "samverkan " << kVersion << " serving http://" << listen << " on "
            << storage::EngineName(app.db->engine()) << "\n";
  Status run = server.Run();
  app.actors->StopSearch();
  app.matching->StopMatching();
  app.matching->SetCaseMailWake(nullptr);
  app.notify_mail = [] {};
  if (mail_worker) mail_worker->Stop();
  {
    std::lock_guard lock(retention_mu);
    retention_stop = true;
  }
  retention_cv.notify_all();
  retention.join();
  log.reset();
  if (log_file) std::fclose(log_file);
  if (!run.ok()) return Fail(run.error());
  std::cerr << "samverkan stopped\n";
  return 0;
}

int Main(int argc, char** argv) {
  CLI::App cli{"Samverkan: the shared home of a social-innovation ecosystem"};
  cli.require_subcommand(1);
  App app;

  auto* serve = cli.add_subcommand("serve", "Migrate, load the demo data on first start, and serve HTTP");
  AddCommon(serve, app.options);
  std::string listen = "127.0.0.1:8080", access_log = "-";
  bool no_demo = false;
  int threads = 0;
  serve->add_option("--listen", listen, "HOST:PORT to listen on")->envname("SAMVERKAN_LISTEN")->capture_default_str();
  serve->add_flag("--no-demo", no_demo, "Do not load the demo dataset on first start");
  serve->add_option("--access-log", access_log, "File for the access log, - for standard output, off for none")->capture_default_str();
  serve->add_option("--threads", threads, "Network and worker threads each (default: one per core)");
  serve->add_option("--public-url", app.options.public_url,
                    "How users reach this server, for links in mails")
      ->envname("SAMVERKAN_PUBLIC_URL")
      ->capture_default_str();
  serve->add_flag("--secure-cookies", app.options.secure_cookies,
                  "Mark cookies Secure (when served over HTTPS, e.g. behind nginx)")
      ->envname("SAMVERKAN_SECURE_COOKIES");
  jobs::SmtpSettings smtp;
  serve->add_option("--smtp-url", smtp.url, "SMTP server, e.g. smtp://mail.example.se:587")
      ->envname("SAMVERKAN_SMTP_URL");
  serve->add_option("--smtp-from", smtp.from, "Sender, e.g. \"Samverkan <noreply@example.se>\"")
      ->envname("SAMVERKAN_SMTP_FROM");
  serve->add_option("--smtp-user", smtp.username, "SMTP user name (the password comes from "
                    "SAMVERKAN_SMTP_PASSWORD only, so that it never shows in the process list)")
      ->envname("SAMVERKAN_SMTP_USER");
  serve->add_flag("--smtp-require-tls", smtp.require_tls, "Refuse to send without TLS")
      ->envname("SAMVERKAN_SMTP_REQUIRE_TLS");
  if (const char* password = std::getenv("SAMVERKAN_SMTP_PASSWORD")) smtp.password = password;

  auto* migrate = cli.add_subcommand("migrate", "Apply the database migrations (safe to run again)");
  AddCommon(migrate, app.options);

  auto* demo = cli.add_subcommand("demo", "Load the demo dataset (again)");
  AddCommon(demo, app.options);

  auto* backup = cli.add_subcommand("backup", "Write an online, consistent backup (JSON Lines)");
  AddCommon(backup, app.options);
  std::string backup_file;
  backup->add_option("--to", backup_file, "File to write; - for standard output")->required();

  auto* restore = cli.add_subcommand("restore", "Restore a backup into an empty database");
  AddCommon(restore, app.options);
  std::string restore_file;
  bool replace = false;
  restore->add_option("--from", restore_file, "Backup file to read")->required();
  restore->add_flag("--replace", replace, "Delete the data the database holds first");

  auto* exp = cli.add_subcommand("export", "Write one kind of data as JSON Lines (or CSV) to standard output");
  AddCommon(exp, app.options);
  std::string export_name, export_format = "jsonl";
  exp->add_option("kind", export_name, "What to export, e.g. messages")->required();
  exp->add_option("--format", export_format, "jsonl (default) or csv (for actors)")
      ->check(CLI::IsMember({"jsonl", "csv"}));

  auto* imp = cli.add_subcommand("import", "Read one kind of data from a JSON Lines (or CSV) file");
  AddCommon(imp, app.options);
  std::string import_name, import_file, import_format;
  bool partial = false;
  imp->add_option("kind", import_name, "What to import")->required();
  imp->add_option("file", import_file, "JSON Lines or CSV file")->required();
  imp->add_option("--format", import_format, "jsonl or csv (default: csv for a file ending in .csv)")
      ->check(CLI::IsMember({"jsonl", "csv"}));
  imp->add_flag("--partial", partial, "Write the valid rows even when some are rejected");
  bool no_notify = false;
  imp->add_flag("--no-notify", no_notify,
                "Tell nobody about the imported records, for a first load (no match alerts)");

  auto* reindex = cli.add_subcommand(
      "reindex", "Rebuild the search index from the database (stop the server first: it holds the index)");
  AddCommon(reindex, app.options);

  auto* match = cli.add_subcommand("match", "Print the ranked counterparts of a need or an offer with the reasons");
  AddCommon(match, app.options);
  std::string match_kind, match_ref, match_lang = "en";
  size_t match_limit = 10;
  bool match_json = false;
  match->add_option("kind", match_kind, "need or offer")->required()->check(CLI::IsMember({"need", "offer"}));
  match->add_option("id", match_ref, "The external_id (or numeric id) of the need or offer")->required();
  match->add_option("--limit", match_limit, "How many, 1-100")->check(CLI::Range(1, 100))->capture_default_str();
  match->add_flag("--json", match_json, "Print JSON as the API answers");
  match->add_option("--lang", match_lang, "Language of the reasons: sv or en")
      ->check(CLI::IsMember({"sv", "en"}))
      ->capture_default_str();

  auto* routes = cli.add_subcommand("routes", "List every route with its name (for operators and tests)");
  AddCommon(routes, app.options);

  auto* user = cli.add_subcommand("user", "Manage accounts from the command line");
  user->require_subcommand(1);
  auto* user_add = user->add_subcommand("add", "Add a verified account; the password is read from standard input");
  AddCommon(user_add, app.options);
  std::string user_email, user_name;
  std::vector<std::string> user_roles;
  user_add->add_option("--email", user_email, "E-mail address")->required();
  user_add->add_option("--name", user_name, "Display name (default: the part before @)");
  user_add->add_option("--role", user_roles, "admin, editor, representative, juror or member (repeatable)");

  auto* token = cli.add_subcommand("token", "Manage API tokens from the command line");
  token->require_subcommand(1);
  auto* token_create = token->add_subcommand("create", "Create an API token and print it once");
  AddCommon(token_create, app.options);
  std::string token_email, token_name = "command line";
  std::vector<std::string> token_scopes;
  token_create->add_option("--email", token_email, "The account the token acts for")->required();
  token_create->add_option("--scope", token_scopes, "read, write or admin (repeatable; default read)");
  token_create->add_option("--name", token_name, "What the token is for")->capture_default_str();

  std::function<int()> run_spi;  // set when `spi …` is asked for; needs no database
  progress::AddSpiCommands(cli, app.share_dir, run_spi);

  impact::ImpactCommands impact_commands(cli);  // `impact …`: needs no database

  auto* version = cli.add_subcommand("version", "Print the version");
  AddCommon(version, app.options);

  try {
    cli.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return cli.exit(e);
  }

  if (run_spi) return run_spi();
  if (impact_commands.selected()) return impact_commands.Run(std::cin, std::cout, std::cerr);
  if (*version) {
    std::cout << "samverkan " << kVersion << "\n";
    return 0;
  }
  if (const char* fast = std::getenv("SAMVERKAN_FAST_HASH"); fast && std::string(fast) == "1") {
    app.options.fast_password_hash = true;
  }
  if (*serve) return Serve(app, listen, no_demo, access_log, threads, smtp);

  if (Status s = app.Open(2); !s.ok()) return Fail(s.error());
  if (*routes) {
    for (const auto& r : app.router.routes()) {
      std::cout << web::http::to_string(r->method) << " " << r->pattern << " " << r->name << "\n";
    }
    return 0;
  }
  auto migrated = app.Migrate();
  if (!migrated.ok()) return Fail(migrated.error());
  if (*migrate) {
    for (const auto& m : migrated->applied) std::cout << "applied " << m << "\n";
    std::cout << migrated->applied.size() << " applied, " << migrated->already_applied
              << " already applied\n";
    return 0;
  }
  if (*user_add) {
    if (Status s = auth::InitCrypto(); !s.ok()) return Fail(s.error());
    std::set<Role> roles;
    for (const auto& code : user_roles) {
      auto role = ParseRole(code);
      if (!role) {
        return Fail(Error(ErrorCode::kInvalidArgument,
                          "Unknown role {{role}}: use admin, editor, representative, juror or member.",
                          {{"role", code}}));
      }
      roles.insert(*role);
    }
    // The password comes from standard input so it never shows in the process list or history.
    std::string password;
    std::getline(std::cin, password);
    if (!password.empty() && password.back() == '\r') password.pop_back();
    auto id = app.accounts->service().AddUser(user_email, user_name, password, roles);
    if (!id.ok()) return Fail(id.error());
    std::cout << "added user " << *id << " " << auth::NormaliseEmail(user_email) << "\n";
    return 0;
  }
  if (*token_create) {
    if (Status s = auth::InitCrypto(); !s.ok()) return Fail(s.error());
    std::set<std::string> scopes(token_scopes.begin(), token_scopes.end());
    if (scopes.empty()) scopes.insert("read");
    auto created = app.accounts->service().CreateApiTokenForEmail(token_email, token_name, scopes);
    if (!created.ok()) return Fail(created.error());
    std::cout << *created << "\n";
    std::cerr << "Keep this token secret: it is shown only now. Use it as Authorization: Bearer TOKEN.\n";
    return 0;
  }
  if (*demo) {
    if (Status s = app.LoadDemo(false); !s.ok()) return Fail(s.error());
    return 0;
  }
  if (*reindex) {
    auto started = std::chrono::steady_clock::now();
    auto count = app.actors->Reindex(app.services);
    if (!count.ok()) return Fail(count.error());
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    std::cerr << "reindexed " << *count << " actors in " << ms.count() << " ms\n";
    auto items = app.matching->Reindex(app.services);
    if (!items.ok()) return Fail(items.error());
    std::cerr << "reindexed " << *items << " needs and offers\n";
    return 0;
  }
  if (*match) {
    const web::Translator* tr = app.translator.get();
    auto translate = [tr](Language lang, std::string_view msgid) { return tr->Tr(lang, msgid); };
    Status printed = app.matching->PrintMatches(app.services, match_kind, match_ref, match_limit, match_json,
                                                ParseLanguage(match_lang).value_or(Language::kEnglish), translate,
                                                std::cout);
    if (!printed.ok()) return Fail(printed.error());
    return 0;
  }
  if (*backup) {
    std::ofstream file;
    std::ostream* out = &std::cout;
    std::string temp = backup_file + ".partial";
    if (backup_file != "-") {
      file.open(temp, std::ios::binary | std::ios::trunc);
      out = &file;
    }
    auto stats = storage::WriteBackup(*app.db, *out);
    if (!stats.ok()) return Fail(stats.error());
    if (backup_file != "-") {
      file.close();
      // Only a complete backup gets the name asked for.
      fs::rename(temp, backup_file);
    }
    std::cerr << "backup: " << stats->tables << " tables, " << stats->rows << " rows\n";
    return 0;
  }
  if (*restore) {
    std::ifstream in(restore_file, std::ios::binary);
    if (!in) return Fail(Error(ErrorCode::kInvalidArgument, "Cannot read {{file}}.", {{"file", restore_file}}));
    auto stats = storage::RestoreBackup(*app.db, in, {.replace = replace});
    if (!stats.ok()) return Fail(stats.error());
    std::cerr << "restored: " << stats->tables << " tables, " << stats->rows << " rows\n";
    // The search index described the old data: the next start rebuilds it from the new.
    std::error_code removed;
    fs::remove_all(fs::path(app.options.data_dir) / "search", removed);
    return 0;
  }
  if (*exp || *imp) {
    const std::string& name = *exp ? export_name : import_name;
    const platform::DataPorter* porter = app.Porter(name);
    if (import_format.empty()) {
      import_format = fs::path(import_file).extension() == ".csv" ? "csv" : "jsonl";
    }
    const bool csv = *exp ? export_format == "csv" : import_format == "csv";
    const bool supported = porter && (*exp ? (csv ? bool(porter->export_csv) : true)
                                           : (csv ? bool(porter->import_csv) : bool(porter->import_jsonl)));
    if (!supported) {
      std::string known;
      for (const auto& p : app.registry.porters()) known += " " + p.name;
      return Fail(Error(ErrorCode::kInvalidArgument,
                        "Unknown kind {{kind}} (or not in this format); known:{{known}}",
                        {{"kind", name}, {"known", known}}));
    }
    if (*exp) {
      auto count = csv ? porter->export_csv(app.services, std::cout)
                       : porter->export_jsonl(app.services, std::cout);
      if (!count.ok()) return Fail(count.error());
      std::cerr << "exported " << *count << " " << name << "\n";
      return 0;
    }
    std::ifstream in(import_file, std::ios::binary);
    if (!in) return Fail(Error(ErrorCode::kInvalidArgument, "Cannot read {{file}}.", {{"file", import_file}}));
    Result<platform::ImportReport> report = platform::ImportReport{};
    if (csv) {
      std::stringstream text;
      text << in.rdbuf();
      report = porter->import_csv(app.services, text.str(), {.partial = partial, .notify = !no_notify});
    } else {
      report = porter->import_jsonl(app.services, in, {.partial = partial, .notify = !no_notify});
    }
    if (!report.ok()) return Fail(report.error());
    for (const auto& r : report->rejected) std::cerr << "line " << r.line << ": " << r.reason << "\n";
    std::cerr << "inserted " << report->inserted << ", updated " << report->updated << ", rejected "
              << report->rejected.size() << "\n";
    return report->rejected.empty() ? 0 : 1;
  }
  return 0;
}

}  // namespace
}  // namespace samverkan::app

int main(int argc, char** argv) { return samverkan::app::Main(argc, argv); }
