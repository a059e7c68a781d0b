// The needs and offers tables and the repository over them. Each item is kept as its
// interchange record (json/matching_json.h, the format of FORMATS.md) beside the columns the
// policy and the upsert need, so that both engines store it the same way and a new field of
// the format needs no migration. Lists are filtered in the service: at the scale of one
// ecosystem (thousands of items) reading them all is cheaper than keeping child tables.
#pragma once

#include <vector>

#include "modules/matching/domain/matching_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::matching {

std::vector<storage::Migration> MatchingMigrations();

// Works inside the caller's transaction; holds no state of its own.
class SqlMatchingRepository : public MatchingRepository {
 public:
  explicit SqlMatchingRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<int64_t> InsertNeed(const NeedRecord& record) override;
  Status UpdateNeed(const NeedRecord& record) override;
  Result<std::optional<NeedRecord>> FindNeed(int64_t id) override;
  Result<std::optional<NeedRecord>> FindNeedByExternalId(const std::string& external_id) override;
  Status ForEachNeed(const std::function<Status(const NeedRecord&)>& visit) override;
  Status ScanNeeds(int64_t before, int64_t actor_id,
                   const std::function<Result<bool>(const NeedRecord&)>& visit) override;

  Result<int64_t> InsertOffer(const OfferRecord& record) override;
  Status UpdateOffer(const OfferRecord& record) override;
  Result<std::optional<OfferRecord>> FindOffer(int64_t id) override;
  Result<std::optional<OfferRecord>> FindOfferByExternalId(const std::string& external_id) override;
  Status ForEachOffer(const std::function<Status(const OfferRecord&)>& visit) override;
  Status ScanOffers(int64_t before, int64_t actor_id,
                    const std::function<Result<bool>(const OfferRecord&)>& visit) override;

  Result<std::vector<PendingChange>> PendingChanges(int limit) override;
  Result<int64_t> LastChange() override;
  Status DeleteChanges(const std::vector<int64_t>& seqs) override;
  Status DeleteChangesUpTo(int64_t seq) override;

 private:
  storage::Transaction& tx_;
};

}  // namespace samverkan::matching
