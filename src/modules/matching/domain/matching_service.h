// The use cases of stored needs and offers: list, read, create, edit, import, and the ranked
// counterparts of one item. Policy (domain/matching_policy.h) is decided here, not in the
// pages. Thread-safe: every call runs in its own transaction through the scopes.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/reference.h"
#include "core/result.h"
#include "modules/matching/domain/matching_repository.h"
#include "modules/matching/domain/need_offer.h"
#include "modules/matching/domain/scoring.h"

namespace samverkan::matching {

// The actor an item belongs to, as the registry knows it.
struct ActorKey {
  int64_t id = 0;
  std::string external_id;  // may be empty
};
// Finds an actor by its id or external_id; nullopt when there is none.
using ActorResolver = std::function<Result<std::optional<ActorKey>>(const std::string& ref)>;

// Ranks stored items (search/matching_indexer.h). Implementations first apply the changes
// already committed, so that a saved item is matchable by the next call. Errors: Unavailable
// when the index cannot be read.
class MatchSource {
 public:
  virtual ~MatchSource() = default;
  virtual Result<std::vector<Suggestion>> OffersForNeed(const Need& need, size_t limit) = 0;
  virtual Result<std::vector<Suggestion>> NeedsForOffer(const Offer& offer, size_t limit) = 0;
  // Applies the committed changes now (bounded: behind a long batch they are left to the
  // background); called by the service after every write, so the outbox is drained before the
  // answer is sent.
  virtual void CatchUp() = 0;
};

inline constexpr size_t kDefaultListLimit = 50;
inline constexpr size_t kMaxListLimit = 200;

// The filters and the page of the lists; empty fields filter nothing.
struct ItemFilter {
  std::optional<ItemStatus> status;  // nullopt: open ones (and drafts the reader may see)
  std::string county;                // needs in the county; offers that deliver there
  int sdg = 0;
  std::string actor;  // the owning actor's id or external_id
  // The page: items with an id below `before` (0: from the newest), at most `limit`.
  int64_t before = 0;
  size_t limit = kDefaultListLimit;
};

// One page of a list, newest first. `next_before` is what ItemFilter::before asks for the next
// page, 0 when this is the last.
template <typename Record>
struct ItemPage {
  std::vector<Record> items;
  int64_t next_before = 0;
};

// One line of an import file: its number and the item or why it could not be read.
template <typename T>
struct ImportLine {
  int line = 0;
  Result<T> item;
};

struct ImportRejection {
  int line = 0;
  Error error;
};

struct ImportOutcome {
  int64_t inserted = 0;
  int64_t updated = 0;
  bool written = false;  // false when all-or-nothing met a rejected row
  std::vector<ImportRejection> rejected;
};

template <typename Record>
struct Ranked {
  Record record;
  Suggestion suggestion;
};

struct NeedMatches {
  NeedRecord need;
  std::vector<Ranked<OfferRecord>> offers;  // best first
};

struct OfferMatches {
  OfferRecord offer;
  std::vector<Ranked<NeedRecord>> needs;
};

inline constexpr size_t kDefaultMatchLimit = 10;
inline constexpr size_t kMaxMatchLimit = 100;

class MatchingService {
 public:
  // `reference` must outlive the service; `actors` is called at request time.
  MatchingService(RepositoryScope write, RepositoryScope read, const ReferenceData* reference,
                  ActorResolver actors, std::function<int64_t()> now_ms);

  // The ranking behind MatchesFor…; nullptr (the default) makes them Unavailable. The source
  // must outlive its use; set it before serving and clear it before destroying the source.
  void SetMatchSource(MatchSource* source) { source_.store(source); }

  // One page of the items `who` may read that pass `filter`, newest first. The database is
  // read newest first until the page is full, so a page costs about its own size unless the
  // filter is rare.
  Result<ItemPage<NeedRecord>> ListNeeds(const Principal& who, const ItemFilter& filter);
  Result<ItemPage<OfferRecord>> ListOffers(const Principal& who, const ItemFilter& filter);

  // By numeric id or external_id. NotFound also for a draft `who` may not read.
  Result<NeedRecord> GetNeed(const Principal& who, const std::string& ref);
  Result<OfferRecord> GetOffer(const Principal& who, const std::string& ref);

  // Validates and stores. `owner` / `actor` names the actor (id or external_id), which `who`
  // must represent unless an editor. InvalidArgument with fields, Unauthenticated,
  // PermissionDenied, Conflict (external_id taken).
  Result<NeedRecord> CreateNeed(const Principal& who, Need need);
  Result<OfferRecord> CreateOffer(const Principal& who, Offer offer);
  // Replaces a stored item; `who` must be allowed to write for the old and the new actor. An
  // empty external_id keeps the stored one.
  Result<NeedRecord> UpdateNeed(const Principal& who, const std::string& ref, Need need);
  Result<OfferRecord> UpdateOffer(const Principal& who, const std::string& ref, Offer offer);

  // The best `limit` (1–100) open counterparts with their reasons.
  Result<NeedMatches> MatchesForNeed(const Principal& who, const std::string& ref, size_t limit);
  Result<OfferMatches> MatchesForOffer(const Principal& who, const std::string& ref, size_t limit);

  // The operator's import (`samverkan import`, demo data): upsert by external_id, which every
  // line needs. All or nothing unless `partial`.
  Result<ImportOutcome> ImportNeeds(std::vector<ImportLine<Need>> lines, bool partial);
  Result<ImportOutcome> ImportOffers(std::vector<ImportLine<Offer>> lines, bool partial);

  // Every stored item, for the export.
  Status ForEachNeed(const std::function<Status(const NeedRecord&)>& visit);
  Status ForEachOffer(const std::function<Status(const OfferRecord&)>& visit);

  const ReferenceData& reference() const { return *reference_; }

 private:
  RepositoryScope write_;
  RepositoryScope read_;
  const ReferenceData* reference_;
  ActorResolver actors_;
  std::function<int64_t()> now_ms_;
  std::atomic<MatchSource*> source_{nullptr};
};

}  // namespace samverkan::matching
