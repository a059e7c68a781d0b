// The actors' tables and the repository over them, in SQL both engines run: bound $n
// parameters only, facet counts with GROUP BY in the database.
#pragma once

#include <vector>

#include "modules/actors/domain/actor_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::actors {

std::vector<storage::Migration> ActorMigrations();

// Works inside the caller's transaction; holds no state of its own.
class SqlActorRepository : public ActorRepository {
 public:
  explicit SqlActorRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<int64_t> Insert(const ActorProfile& profile, bool org_number_personal,
                         int64_t now_ms) override;
  Status Update(int64_t id, const ActorProfile& profile, bool org_number_personal,
                int64_t now_ms) override;
  Status SetPartners(int64_t id, const std::vector<int64_t>& partner_ids) override;
  Result<std::optional<Actor>> Get(int64_t id) override;
  Result<std::optional<int64_t>> FindByExternalId(const std::string& external_id) override;
  Result<std::vector<Actor>> List(const ActorQuery& query) override;
  Result<int64_t> Count(const ActorFilter& filter) override;
  Result<FacetCounts> CountFacets(const ActorFilter& filter) override;
  Result<std::vector<Actor>> ListById(int64_t after_id, int limit) override;

 private:
  Status WriteChildren(int64_t id, const ActorProfile& profile);
  // Fills the lists (SDGs, regions, target groups, certifications, partners) of `actors`.
  Status LoadChildren(std::vector<Actor>& actors);
  Result<std::vector<Actor>> QueryActors(const std::string& sql,
                                         const std::vector<storage::Value>& params);

  storage::Transaction& tx_;
};

}  // namespace samverkan::actors
