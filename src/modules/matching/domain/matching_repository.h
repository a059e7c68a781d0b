// Where needs and offers are kept: the repository interface the service and the indexer use,
// implemented on both database engines by sql/sql_matching_repository.h. Every insert or
// update also records a change in the matching outbox, in the same transaction, so that the
// index learns of it (search/matching_indexer.h).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/matching/domain/need_offer.h"

namespace samverkan::matching {

// A stored need and the id of the actor that owns it (Need::owner is that actor's
// external_id, or its numeric id when it has none).
struct NeedRecord {
  Need need;
  int64_t actor_id = 0;
  int64_t updated_at = 0;  // milliseconds since the epoch
  int64_t created_at = 0;  // set by the repository on insert (0: updated_at), kept on update
};

struct OfferRecord {
  Offer offer;
  int64_t actor_id = 0;
  int64_t updated_at = 0;
  int64_t created_at = 0;
};

enum class ItemKind { kNeed, kOffer };

// A need or an offer that was written and not yet applied to the index.
struct PendingChange {
  int64_t seq = 0;
  ItemKind kind = ItemKind::kNeed;
  int64_t item_id = 0;
};

// Runs in one transaction (see RepositoryScope). Errors: Conflict for a duplicate external_id,
// Unavailable when the database is busy, Internal otherwise.
class MatchingRepository {
 public:
  virtual ~MatchingRepository() = default;

  // Inserts and returns the new id. An empty external_id becomes "need-<id>" / "offer-<id>".
  virtual Result<int64_t> InsertNeed(const NeedRecord& record) = 0;
  // Replaces the need with record.need.id; NotFound when there is none.
  virtual Status UpdateNeed(const NeedRecord& record) = 0;
  virtual Result<std::optional<NeedRecord>> FindNeed(int64_t id) = 0;
  virtual Result<std::optional<NeedRecord>> FindNeedByExternalId(
      const std::string& external_id) = 0;
  // Every need, by id.
  virtual Status ForEachNeed(const std::function<Status(const NeedRecord&)>& visit) = 0;
  // Needs newest first (by id, descending) with an id below `before` (0: from the newest),
  // only those of `actor_id` unless it is 0, until `visit` returns false. Read in pages, so a
  // list stops reading once its page is full.
  virtual Status ScanNeeds(int64_t before, int64_t actor_id,
                           const std::function<Result<bool>(const NeedRecord&)>& visit) = 0;

  virtual Result<int64_t> InsertOffer(const OfferRecord& record) = 0;
  virtual Status UpdateOffer(const OfferRecord& record) = 0;
  virtual Result<std::optional<OfferRecord>> FindOffer(int64_t id) = 0;
  virtual Result<std::optional<OfferRecord>> FindOfferByExternalId(
      const std::string& external_id) = 0;
  virtual Status ForEachOffer(const std::function<Status(const OfferRecord&)>& visit) = 0;
  virtual Status ScanOffers(int64_t before, int64_t actor_id,
                            const std::function<Result<bool>(const OfferRecord&)>& visit) = 0;

  // The oldest `limit` changes not yet applied to the index, oldest first.
  virtual Result<std::vector<PendingChange>> PendingChanges(int limit) = 0;
  // The newest change's seq, 0 when there is none.
  virtual Result<int64_t> LastChange() = 0;
  // Forgets applied changes: those listed, or every one up to `seq`.
  virtual Status DeleteChanges(const std::vector<int64_t>& seqs) = 0;
  virtual Status DeleteChangesUpTo(int64_t seq) = 0;
};

// Runs `work` in one transaction (committed when it returns Ok).
using RepositoryScope =
    std::function<Status(const std::function<Status(MatchingRepository&)>& work)>;

}  // namespace samverkan::matching
