// The actors' tables and the repository over them, in SQL both engines run: bound $n
// parameters only, facet counts with GROUP BY in the database.
#pragma once

#include <optional>
#include <vector>

#include "modules/actors/domain/actor_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::actors {

// Version 2 adds search_outbox: one row per actor written, in the writing transaction, for
// the search indexer (search/actor_indexer.h) to apply and then delete.
std::vector<storage::Migration> ActorMigrations();

// The search outbox, for the indexer. A row says "actor_id changed"; rows are deleted by id
// once the index has committed the change, so none is lost if the process dies in between.
struct SearchOutboxRow {
  int64_t id = 0;
  int64_t actor_id = 0;
};
// The oldest `limit` rows, by id.
Result<std::vector<SearchOutboxRow>> PendingSearchRows(storage::Transaction& tx, int limit);
// The ids of every row (for a rebuild, which covers them all).
Result<std::vector<int64_t>> AllSearchRowIds(storage::Transaction& tx);
Status DeleteSearchRows(storage::Transaction& tx, const std::vector<int64_t>& ids);

// Works inside the caller's transaction; holds no state of its own.
class SqlActorRepository : public ActorRepository {
 public:
  explicit SqlActorRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<int64_t> Insert(const ActorProfile& profile, bool org_number_personal, int64_t now_ms,
                         int64_t user_id) override;
  Status Update(int64_t id, const ActorProfile& profile, bool org_number_personal, int64_t now_ms,
                int64_t user_id) override;
  Status SetPartners(int64_t id, const std::vector<int64_t>& partner_ids) override;
  Status BeginImport() override;
  void EndImport() override;
  Status RecordImport(const ImportSummary& summary, int64_t now_ms, int64_t user_id) override;
  Result<std::optional<Actor>> Get(int64_t id) override;
  Result<std::optional<int64_t>> FindByExternalId(const std::string& external_id) override;
  Result<std::vector<Actor>> GetMany(const std::vector<int64_t>& ids) override;
  Result<std::vector<Actor>> List(const ActorQuery& query) override;
  Result<int64_t> Count(const ActorFilter& filter) override;
  Result<FacetCounts> CountFacets(const ActorFilter& filter) override;
  Result<std::vector<Actor>> ListById(int64_t after_id, int limit) override;

 private:
  // `replace`: delete the actor's existing rows first (an update).
  Status WriteChildren(int64_t id, const ActorProfile& profile, bool replace);
  // Fills the lists (SDGs, regions, target groups, certifications, partners) of `actors`.
  Status LoadChildren(std::vector<Actor>& actors);
  Result<std::vector<Actor>> QueryActors(const std::string& sql,
                                         const std::vector<storage::Value>& params);

  storage::Transaction& tx_;
  bool importing_ = false;
  std::optional<int64_t> saved_cache_size_;  // SQLite's page cache before BeginImport
};

}  // namespace samverkan::actors
