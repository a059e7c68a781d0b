#include "modules/matching/domain/matching_service.h"

#include <algorithm>
#include <charconv>
#include <map>

#include "modules/matching/domain/matching_policy.h"

namespace samverkan::matching {
namespace {

// What differs between needs and offers, so that each use case is written once.
struct NeedSide {
  using Item = Need;
  using Record = NeedRecord;
  static constexpr const char* kOwnerField = "owner";
  static constexpr const char* kNotFound = N_("There is no such need.");
  static Item& ItemOf(Record& r) { return r.need; }
  static const Item& ItemOf(const Record& r) { return r.need; }
  static std::string& OwnerOf(Item& i) { return i.owner; }
  static Result<Item> Validate(Item i, const ReferenceData& ref) {
    return ValidateNeed(std::move(i), ref);
  }
  static Result<int64_t> Insert(MatchingRepository& repo, const Record& r) {
    return repo.InsertNeed(r);
  }
  static Status Update(MatchingRepository& repo, const Record& r) { return repo.UpdateNeed(r); }
  static Result<std::optional<Record>> Find(MatchingRepository& repo, int64_t id) {
    return repo.FindNeed(id);
  }
  static Result<std::optional<Record>> FindExternal(MatchingRepository& repo,
                                                    const std::string& e) {
    return repo.FindNeedByExternalId(e);
  }
  static Status ForEach(MatchingRepository& repo, const std::function<Status(const Record&)>& v) {
    return repo.ForEachNeed(v);
  }
  static Status Scan(MatchingRepository& repo, int64_t before, int64_t actor,
                     const std::function<Result<bool>(const Record&)>& v) {
    return repo.ScanNeeds(before, actor, v);
  }
  static bool InCounty(const Item& i, const std::string& county, const ReferenceData& ref) {
    return NeedCounty(i.where, ref) == county;
  }
};

struct OfferSide {
  using Item = Offer;
  using Record = OfferRecord;
  static constexpr const char* kOwnerField = "actor";
  static constexpr const char* kNotFound = N_("There is no such offer.");
  static Item& ItemOf(Record& r) { return r.offer; }
  static const Item& ItemOf(const Record& r) { return r.offer; }
  static std::string& OwnerOf(Item& i) { return i.actor; }
  static Result<Item> Validate(Item i, const ReferenceData& ref) {
    return ValidateOffer(std::move(i), ref);
  }
  static Result<int64_t> Insert(MatchingRepository& repo, const Record& r) {
    return repo.InsertOffer(r);
  }
  static Status Update(MatchingRepository& repo, const Record& r) { return repo.UpdateOffer(r); }
  static Result<std::optional<Record>> Find(MatchingRepository& repo, int64_t id) {
    return repo.FindOffer(id);
  }
  static Result<std::optional<Record>> FindExternal(MatchingRepository& repo,
                                                    const std::string& e) {
    return repo.FindOfferByExternalId(e);
  }
  static Status ForEach(MatchingRepository& repo, const std::function<Status(const Record&)>& v) {
    return repo.ForEachOffer(v);
  }
  static Status Scan(MatchingRepository& repo, int64_t before, int64_t actor,
                     const std::function<Result<bool>(const Record&)>& v) {
    return repo.ScanOffers(before, actor, v);
  }
  // Delivers in the county: nationally, in the county, or in one of its municipalities.
  static bool InCounty(const Item& i, const std::string& county, const ReferenceData& ref) {
    if (i.reach.national) return true;
    if (std::find(i.reach.counties.begin(), i.reach.counties.end(), county) !=
        i.reach.counties.end()) {
      return true;
    }
    for (const auto& m : i.reach.municipalities) {
      if (NeedCounty(NeedArea{.municipality = m}, ref) == county) return true;
    }
    return false;
  }
};

std::optional<int64_t> NumericId(const std::string& text) {
  if (text.empty() || text.size() > 18) return std::nullopt;
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

// The stored item `ref` names: a numeric id, or else an external_id.
template <typename Side>
Result<std::optional<typename Side::Record>> FindRef(MatchingRepository& repo,
                                                     const std::string& ref) {
  if (auto id = NumericId(ref)) {
    auto found = Side::Find(repo, *id);
    if (!found.ok() || found->has_value()) return found;
  }
  return Side::FindExternal(repo, ref);
}

// How an item names its actor once stored: the external_id, or the id when it has none.
std::string OwnerName(const ActorKey& actor) {
  return actor.external_id.empty() ? std::to_string(actor.id) : actor.external_id;
}

template <typename Side>
Result<ActorKey> ResolveOwner(const ActorResolver& actors, typename Side::Item& item) {
  std::string& owner = Side::OwnerOf(item);
  if (owner.empty()) return Error::InvalidField(Side::kOwnerField, N_("Choose the organisation."));
  if (!actors) return Error(ErrorCode::kUnavailable, "The actor registry is not available.");
  auto found = actors(owner);
  if (!found.ok()) return std::move(found).error();
  if (!found->has_value()) {
    return Error::InvalidField(Side::kOwnerField, N_("There is no actor {{actor}}."),
                               {{"actor", owner}});
  }
  owner = OwnerName(**found);
  return **found;
}

// Validation errors and an unknown owner in one answer.
template <typename Side>
Result<std::pair<typename Side::Item, ActorKey>> Prepare(const ActorResolver& actors,
                                                         const ReferenceData& reference,
                                                         typename Side::Item item) {
  std::vector<FieldError> fields;
  auto owner = ResolveOwner<Side>(actors, item);
  if (!owner.ok()) {
    if (!owner.error().IsInvalid()) return std::move(owner).error();
    for (const auto& f : owner.error().fields()) fields.push_back(f);
  }
  auto valid = Side::Validate(std::move(item), reference);
  if (!valid.ok()) {
    if (!valid.error().IsInvalid()) return std::move(valid).error();
    for (const auto& f : valid.error().fields()) fields.push_back(f);
  }
  if (!fields.empty()) return Error::Invalid(std::move(fields));
  return std::make_pair(std::move(valid).value(), *owner);
}

template <typename Side>
Result<ItemPage<typename Side::Record>> List(const RepositoryScope& read,
                                             const ActorResolver& actors,
                                             const ReferenceData& reference, const Principal& who,
                                             const ItemFilter& filter) {
  int64_t actor_id = 0;
  if (!filter.actor.empty()) {
    if (!actors) return Error(ErrorCode::kUnavailable, "The actor registry is not available.");
    auto found = actors(filter.actor);
    if (!found.ok()) return std::move(found).error();
    if (!found->has_value()) return ItemPage<typename Side::Record>{};
    actor_id = (*found)->id;
  }
  const size_t limit = std::clamp<size_t>(filter.limit, 1, kMaxListLimit);
  ItemPage<typename Side::Record> page;
  Status s = read([&](MatchingRepository& repo) {
    return Side::Scan(
        repo, filter.before, actor_id, [&](const typename Side::Record& r) -> Result<bool> {
          const auto& item = Side::ItemOf(r);
          if (!MayRead(who, item.status, r.actor_id)) return true;
          // Without a status filter the list shows what is open (and the
          // reader's drafts).
          if (filter.status ? item.status != *filter.status : item.status == ItemStatus::kClosed) {
            return true;
          }
          if (filter.sdg != 0 &&
              std::find(item.sdgs.begin(), item.sdgs.end(), filter.sdg) == item.sdgs.end()) {
            return true;
          }
          if (!filter.county.empty() && !Side::InCounty(item, filter.county, reference)) {
            return true;
          }
          if (page.items.size() == limit) {
            // One more passes: there is a next page, after the last one shown.
            page.next_before = Side::ItemOf(page.items.back()).id;
            return false;
          }
          page.items.push_back(r);
          return true;
        });
  });
  if (!s.ok()) return std::move(s).error();
  return page;
}

template <typename Side>
Result<typename Side::Record> Get(const RepositoryScope& read, const Principal& who,
                                  const std::string& ref) {
  std::optional<typename Side::Record> found;
  Status s = read([&](MatchingRepository& repo) -> Status {
    auto r = FindRef<Side>(repo, ref);
    if (!r.ok()) return std::move(r).error();
    found = std::move(r).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!found || !MayRead(who, Side::ItemOf(*found).status, found->actor_id)) {
    return Error::NotFound(Side::kNotFound);
  }
  return std::move(*found);
}

template <typename Side>
Result<typename Side::Record> Create(const MatchingService& service, const RepositoryScope& write,
                                     const ActorResolver& actors,
                                     const std::function<int64_t()>& now, const Principal& who,
                                     typename Side::Item item) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayPost(who));
  auto prepared = Prepare<Side>(actors, service.reference(), std::move(item));
  if (!prepared.ok()) return std::move(prepared).error();
  SAMVERKAN_RETURN_IF_ERROR(CheckMayWriteFor(who, prepared->second.id));
  typename Side::Record record;
  Side::ItemOf(record) = std::move(prepared->first);
  Side::ItemOf(record).id = 0;
  record.actor_id = prepared->second.id;
  record.updated_at = now();
  Status s = write([&](MatchingRepository& repo) -> Status {
    auto id = Side::Insert(repo, record);
    if (!id.ok()) return std::move(id).error();
    auto stored = Side::Find(repo, *id);
    if (!stored.ok()) return std::move(stored).error();
    if (!stored->has_value()) return Error::Internal("an inserted item is missing");
    record = std::move(**stored);
    return Status::Ok();
  });
  if (!s.ok()) {
    if (s.error().code() == ErrorCode::kConflict) {
      return Error(ErrorCode::kConflict, N_("The external id is already used."));
    }
    return std::move(s).error();
  }
  return record;
}

template <typename Side>
Result<typename Side::Record> Update(const MatchingService& service, const RepositoryScope& write,
                                     const ActorResolver& actors,
                                     const std::function<int64_t()>& now, const Principal& who,
                                     const std::string& ref, typename Side::Item item) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  auto prepared = Prepare<Side>(actors, service.reference(), std::move(item));
  // The stored item is read in the writing transaction, so the check and the write see the
  // same owner.
  typename Side::Record record;
  Status s = write([&](MatchingRepository& repo) -> Status {
    auto current = FindRef<Side>(repo, ref);
    if (!current.ok()) return std::move(current).error();
    if (!current->has_value() ||
        !MayRead(who, Side::ItemOf(**current).status, (*current)->actor_id)) {
      return Error::NotFound(Side::kNotFound);
    }
    SAMVERKAN_RETURN_IF_ERROR(CheckMayWriteFor(who, (*current)->actor_id));
    if (!prepared.ok()) return prepared.error();
    SAMVERKAN_RETURN_IF_ERROR(CheckMayWriteFor(who, prepared->second.id));
    Side::ItemOf(record) = prepared->first;
    Side::ItemOf(record).id = Side::ItemOf(**current).id;
    if (Side::ItemOf(record).external_id.empty()) {
      Side::ItemOf(record).external_id = Side::ItemOf(**current).external_id;
    }
    record.actor_id = prepared->second.id;
    record.updated_at = now();
    record.created_at = (*current)->created_at;
    return Side::Update(repo, record);
  });
  if (!s.ok()) {
    if (s.error().code() == ErrorCode::kConflict) {
      return Error(ErrorCode::kConflict, N_("The external id is already used."));
    }
    return std::move(s).error();
  }
  return record;
}

template <typename Side>
Result<ImportOutcome> Import(const MatchingService& service, const RepositoryScope& write,
                             const ActorResolver& actors, const std::function<int64_t()>& now,
                             std::vector<ImportLine<typename Side::Item>> lines, bool partial) {
  ImportOutcome outcome;
  struct Row {
    int line;
    typename Side::Item item;
    ActorKey owner;
  };
  std::vector<Row> rows;
  std::map<std::string, int> seen;  // external_id → line, for duplicates within the file
  for (auto& l : lines) {
    if (!l.item.ok()) {
      outcome.rejected.push_back({l.line, l.item.error()});
      continue;
    }
    if (l.item->external_id.empty()) {
      outcome.rejected.push_back(
          {l.line, Error::InvalidField("external_id", N_("An import needs the external id."))});
      continue;
    }
    auto prepared = Prepare<Side>(actors, service.reference(), std::move(l.item).value());
    if (!prepared.ok()) {
      if (!prepared.error().IsInvalid()) return std::move(prepared).error();
      outcome.rejected.push_back({l.line, prepared.error()});
      continue;
    }
    auto [it, fresh] = seen.emplace(prepared->first.external_id, l.line);
    if (!fresh) {
      outcome.rejected.push_back(
          {l.line,
           Error::InvalidField("external_id", N_("The same external id is on line {{line}}."),
                               {{"line", std::to_string(it->second)}})});
      continue;
    }
    rows.push_back({l.line, std::move(prepared->first), prepared->second});
  }
  if (!outcome.rejected.empty() && !partial) return outcome;
  const int64_t at = now();
  Status s = write([&](MatchingRepository& repo) -> Status {
    outcome.inserted = outcome.updated = 0;
    for (auto& row : rows) {
      typename Side::Record record;
      Side::ItemOf(record) = row.item;
      record.actor_id = row.owner.id;
      record.updated_at = at;
      auto current = Side::FindExternal(repo, row.item.external_id);
      if (!current.ok()) return std::move(current).error();
      if (current->has_value()) {
        Side::ItemOf(record).id = Side::ItemOf(**current).id;
        SAMVERKAN_RETURN_IF_ERROR(Side::Update(repo, record));
        ++outcome.updated;
      } else {
        Side::ItemOf(record).id = 0;
        auto id = Side::Insert(repo, record);
        if (!id.ok()) return std::move(id).error();
        ++outcome.inserted;
      }
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  outcome.written = true;
  return outcome;
}

size_t ClampLimit(size_t limit) {
  if (limit == 0) return kDefaultMatchLimit;
  return std::min(limit, kMaxMatchLimit);
}

// The stored records of the suggestions, in their order; a suggestion whose item has gone
// since the index saw it is left out.
template <typename Side>
Result<std::vector<Ranked<typename Side::Record>>> Resolve(const RepositoryScope& read,
                                                           std::vector<Suggestion> suggestions) {
  std::vector<Ranked<typename Side::Record>> out;
  Status s = read([&](MatchingRepository& repo) -> Status {
    for (auto& suggestion : suggestions) {
      auto found = Side::Find(repo, suggestion.id);
      if (!found.ok()) return std::move(found).error();
      if (!found->has_value() || Side::ItemOf(**found).status != ItemStatus::kOpen) continue;
      out.push_back({std::move(**found), std::move(suggestion)});
    }
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Error NoRanking() {
  return Error(ErrorCode::kUnavailable, N_("Matching is not available right now. Try again soon."));
}

template <typename T>
Result<T> CaughtUp(MatchSource* source, Result<T> written) {
  if (written.ok() && source) source->CatchUp();
  return written;
}

}  // namespace

MatchingService::MatchingService(RepositoryScope write, RepositoryScope read,
                                 const ReferenceData* reference, ActorResolver actors,
                                 std::function<int64_t()> now_ms)
    : write_(std::move(write)),
      read_(std::move(read)),
      reference_(reference),
      actors_(std::move(actors)),
      now_ms_(std::move(now_ms)) {}

Result<ItemPage<NeedRecord>> MatchingService::ListNeeds(const Principal& who,
                                                        const ItemFilter& filter) {
  return List<NeedSide>(read_, actors_, *reference_, who, filter);
}
Result<ItemPage<OfferRecord>> MatchingService::ListOffers(const Principal& who,
                                                          const ItemFilter& filter) {
  return List<OfferSide>(read_, actors_, *reference_, who, filter);
}
Result<NeedRecord> MatchingService::GetNeed(const Principal& who, const std::string& ref) {
  return Get<NeedSide>(read_, who, ref);
}
Result<OfferRecord> MatchingService::GetOffer(const Principal& who, const std::string& ref) {
  return Get<OfferSide>(read_, who, ref);
}
Result<NeedRecord> MatchingService::CreateNeed(const Principal& who, Need need) {
  return CaughtUp(source_.load(),
                  Create<NeedSide>(*this, write_, actors_, now_ms_, who, std::move(need)));
}
Result<OfferRecord> MatchingService::CreateOffer(const Principal& who, Offer offer) {
  return CaughtUp(source_.load(),
                  Create<OfferSide>(*this, write_, actors_, now_ms_, who, std::move(offer)));
}
Result<NeedRecord> MatchingService::UpdateNeed(const Principal& who, const std::string& ref,
                                               Need need) {
  return CaughtUp(source_.load(),
                  Update<NeedSide>(*this, write_, actors_, now_ms_, who, ref, std::move(need)));
}
Result<OfferRecord> MatchingService::UpdateOffer(const Principal& who, const std::string& ref,
                                                 Offer offer) {
  return CaughtUp(source_.load(),
                  Update<OfferSide>(*this, write_, actors_, now_ms_, who, ref, std::move(offer)));
}

Result<NeedMatches> MatchingService::MatchesForNeed(const Principal& who, const std::string& ref,
                                                    size_t limit) {
  auto need = GetNeed(who, ref);
  if (!need.ok()) return std::move(need).error();
  MatchSource* source = source_.load();
  if (!source) return NoRanking();
  auto suggestions = source->OffersForNeed(need->need, ClampLimit(limit));
  if (!suggestions.ok()) return std::move(suggestions).error();
  auto offers = Resolve<OfferSide>(read_, std::move(suggestions).value());
  if (!offers.ok()) return std::move(offers).error();
  return NeedMatches{std::move(need).value(), std::move(offers).value()};
}

Result<OfferMatches> MatchingService::MatchesForOffer(const Principal& who, const std::string& ref,
                                                      size_t limit) {
  auto offer = GetOffer(who, ref);
  if (!offer.ok()) return std::move(offer).error();
  MatchSource* source = source_.load();
  if (!source) return NoRanking();
  auto suggestions = source->NeedsForOffer(offer->offer, ClampLimit(limit));
  if (!suggestions.ok()) return std::move(suggestions).error();
  auto needs = Resolve<NeedSide>(read_, std::move(suggestions).value());
  if (!needs.ok()) return std::move(needs).error();
  return OfferMatches{std::move(offer).value(), std::move(needs).value()};
}

Result<ImportOutcome> MatchingService::ImportNeeds(std::vector<ImportLine<Need>> lines,
                                                   bool partial) {
  return CaughtUp(source_.load(),
                  Import<NeedSide>(*this, write_, actors_, now_ms_, std::move(lines), partial));
}
Result<ImportOutcome> MatchingService::ImportOffers(std::vector<ImportLine<Offer>> lines,
                                                    bool partial) {
  return CaughtUp(source_.load(),
                  Import<OfferSide>(*this, write_, actors_, now_ms_, std::move(lines), partial));
}

Status MatchingService::ForEachNeed(const std::function<Status(const NeedRecord&)>& visit) {
  return read_([&](MatchingRepository& repo) { return repo.ForEachNeed(visit); });
}
Status MatchingService::ForEachOffer(const std::function<Status(const OfferRecord&)>& visit) {
  return read_([&](MatchingRepository& repo) { return repo.ForEachOffer(visit); });
}

}  // namespace samverkan::matching
