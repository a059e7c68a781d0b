// How a capability plugs into Samverkan. Each module (reference data, actors, matching, …)
// implements Module and, in Register, hands the registry everything it brings: routes,
// migrations, navigation entries, import/export of its data and its demo data. Nothing is
// registered behind the scenes; src/app/main.cc lists the modules in order.
#pragma once

#include <functional>
#include <istream>
#include <ostream>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/reference.h"
#include "core/result.h"
#include "platform/relations.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "web/router.h"
#include "web/site.h"

namespace samverkan::platform {

// An organisation as other modules see it, without depending on the actors module.
struct ActorRef {
  int64_t id = 0;
  std::string external_id;
  std::string name;  // in the language asked for, falling back to the other
  std::string sector;        // sector code
  std::string municipality;  // SCB code of its seat, or empty
};
// Finds an actor by its id or external id; nullopt when there is none. Set by the composition
// root when the registry is installed; empty otherwise.
using ActorLookup =
    std::function<Result<std::optional<ActorRef>>(const std::string& id_or_external_id, Language)>;

// Sets an actor's alliance membership in the registry (ActorProfile::alliance_member and
// member_since, an ISO date), or clears it when `member_since` is nullopt, on behalf of
// `user_id` (0: an operator). The caller has decided that the user may. NotFound when there is
// no such actor. Set by the composition root; the alliance module keeps the record.
using AllianceMembershipSetter = std::function<Status(
    int64_t user_id, int64_t actor_id, const std::optional<std::string>& member_since)>;

// What modules may use at request time. Filled in before the server starts; handlers read it
// through the reference they captured at registration.
struct Services {
  storage::Database* db = nullptr;
  const ReferenceData* reference = nullptr;
  const web::Site* site = nullptr;
  std::string share_dir;  // templates, catalogs, static files, shipped data
  std::string data_dir;   // the installation's own files (SQLite file, index, uploads)
  std::string public_url = "http://localhost:8080";  // how users reach us, for links in mails
  bool secure_cookies = false;  // served over TLS: cookies get the Secure attribute
  ActorLookup actor_lookup;
  AllianceMembershipSetter set_alliance_membership;
};

struct RejectedRow {
  int line = 0;
  std::string reason;  // translated for the operator's language at the edge
};

struct ImportReport {
  int64_t inserted = 0;
  int64_t updated = 0;
  std::vector<RejectedRow> rejected;
};

struct ImportOptions {
  // All or nothing: with any rejected row nothing is written (the default). With partial,
  // valid rows are written and the rejected ones reported.
  bool partial = false;
  // False for a first load: modules tell nobody about the imported records (matching queues no
  // alerts; a million imported offers would otherwise each be ranked for alerts).
  bool notify = true;
};

// JSON Lines (and for some kinds CSV) import and export of one kind of record, used by
// `samverkan import|export NAME` and the import/export APIs.
struct DataPorter {
  std::string name;  // "actors", "messages"
  std::string description;
  std::function<Result<int64_t>(const Services&, std::ostream&)> export_jsonl;
  // May be empty for data that is only exported.
  std::function<Result<ImportReport>(const Services&, std::istream&, const ImportOptions&)>
      import_jsonl;
  // The same as CSV, for the kinds people keep in spreadsheets; empty for the others. CSV is
  // read whole: a quoted field may span lines.
  std::function<Result<int64_t>(const Services&, std::ostream&)> export_csv;
  std::function<Result<ImportReport>(const Services&, std::string_view, const ImportOptions&)>
      import_csv;
};

// A module's part of a person's data, for "download my data" and "delete my account" (GDPR
// articles 15, 20 and 17). `erase` removes or anonymises what the module holds about the
// person; contributions made on behalf of an organisation stay, without the person.
struct PersonalDataHandler {
  std::string section;  // key in the downloaded JSON, e.g. "contact_messages"
  std::function<Result<nlohmann::json>(const Services&, const Principal&)> export_json;
  std::function<Status(const Services&, const Principal&)> erase;
};

class ModuleRegistry {
 public:
  void AddPersonalData(PersonalDataHandler handler) { personal_data_.push_back(std::move(handler)); }
  const std::vector<PersonalDataHandler>& personal_data() const { return personal_data_; }
  void AddRoute(web::Route route) { routes_.push_back(std::move(route)); }
  void AddMigration(storage::Migration migration) { migrations_.push_back(std::move(migration)); }
  void AddNavigation(web::NavEntry entry) { navigation_.push_back(std::move(entry)); }
  void AddPorter(DataPorter porter) { porters_.push_back(std::move(porter)); }
  // Relations between actors for the ecosystem map (platform/relations.h).
  void AddRelationSource(RelationSource source) { relation_sources_.push_back(std::move(source)); }
  // Installs content every installation starts with, demo or not (e.g. a curated library);
  // called in module order when the server starts, after the migrations. Must be idempotent
  // and must not overwrite what users changed.
  void AddSeedLoader(std::string module, std::function<Status(const Services&)> load) {
    seed_loaders_.emplace_back(std::move(module), std::move(load));
  }
  const std::vector<std::pair<std::string, std::function<Status(const Services&)>>>&
  seed_loaders() const {
    return seed_loaders_;
  }
  // Loads the module's part of the demo dataset; called in module order, idempotent.
  void AddDemoLoader(std::string module, std::function<Status(const Services&)> load) {
    demo_loaders_.emplace_back(std::move(module), std::move(load));
  }

  std::vector<web::Route>& routes() { return routes_; }
  const std::vector<storage::Migration>& migrations() const { return migrations_; }
  const std::vector<web::NavEntry>& navigation() const { return navigation_; }
  const std::vector<DataPorter>& porters() const { return porters_; }
  const std::vector<RelationSource>& relation_sources() const { return relation_sources_; }
  const std::vector<std::pair<std::string, std::function<Status(const Services&)>>>&
  demo_loaders() const {
    return demo_loaders_;
  }

 private:
  std::vector<web::Route> routes_;
  std::vector<storage::Migration> migrations_;
  std::vector<web::NavEntry> navigation_;
  std::vector<DataPorter> porters_;
  std::vector<RelationSource> relation_sources_;
  std::vector<PersonalDataHandler> personal_data_;
  std::vector<std::pair<std::string, std::function<Status(const Services&)>>> demo_loaders_;
  std::vector<std::pair<std::string, std::function<Status(const Services&)>>> seed_loaders_;
};

class Module {
 public:
  virtual ~Module() = default;
  virtual std::string name() const = 0;
  // `services` is filled in later; keep the reference, read it at request time.
  virtual void Register(ModuleRegistry& registry, const Services& services) = 0;
};

}  // namespace samverkan::platform
