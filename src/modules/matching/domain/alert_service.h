// Alerts of the matching function: where they are kept (AlertRepository, implemented on both
// engines by sql/sql_alert_repository.h), the hook that queues every need or offer saved open
// (AlertQueueingRepository), and the use cases of the pages and the API (AlertService): a
// person's alerts, marking them read, the settings per own item, and their personal data.
// The runner that turns the queue into alerts and mails is alerts/alert_job.h.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "modules/matching/domain/alert_rules.h"
#include "modules/matching/domain/matching_repository.h"

namespace samverkan::matching {

// A need or offer saved open and not yet turned into alerts.
struct QueuedItem {
  int64_t seq = 0;
  ItemKind kind = ItemKind::kNeed;
  int64_t item_id = 0;
  int attempts = 0;  // failed runs so far
};

// An account that represents an actor, as far as alerts need to know it.
struct Recipient {
  int64_t account_id = 0;
  std::string email;
  Language language = kDefaultLanguage;
  bool verified = false;  // only verified addresses get mail
};

// Runs inside the caller's transaction. Errors: Unavailable when the database is busy,
// Internal otherwise.
class AlertRepository {
 public:
  virtual ~AlertRepository() = default;

  virtual Status QueueItem(ItemKind kind, int64_t item_id, int64_t at) = 0;
  // The oldest `limit` queued items that are due at `now`, oldest first.
  virtual Result<std::vector<QueuedItem>> QueuedItems(int limit, int64_t now) = 0;
  virtual Status DeleteQueued(int64_t seq) = 0;
  // After a failed run: one more attempt counted, not due again before `not_before`.
  virtual Status DeferQueued(int64_t seq, int64_t not_before) = 0;

  virtual Result<std::optional<AlertSubscription>> FindSubscription(int64_t account_id,
                                                                    ItemKind kind,
                                                                    int64_t item_id) = 0;
  virtual Result<std::vector<AlertSubscription>> SubscriptionsOf(int64_t account_id) = 0;
  // Inserts or replaces by (account, kind, item).
  virtual Status PutSubscription(const AlertSubscription& subscription) = 0;

  // Stores the alert and sets its id; false (and nothing written) when the account already has
  // an alert for that pair.
  virtual Result<bool> InsertAlert(Alert& alert) = 0;
  virtual Status MarkMailed(const std::vector<int64_t>& alert_ids, int64_t at) = 0;
  // The account's alerts, newest first.
  virtual Result<std::vector<Alert>> AlertsOf(int64_t account_id, bool unread_only, int limit) = 0;
  virtual Result<int64_t> UnreadCount(int64_t account_id) = 0;
  // False when the account has no such alert.
  virtual Result<bool> MarkRead(int64_t account_id, int64_t alert_id, int64_t at) = 0;
  virtual Result<int64_t> MarkAllRead(int64_t account_id, int64_t at) = 0;
  // Removes the account's alerts and subscriptions.
  virtual Status EraseAccount(int64_t account_id) = 0;

  // The accounts (not erased) that represent the actor.
  virtual Result<std::vector<Recipient>> RepresentativesOf(int64_t actor_id) = 0;
};

// A MatchingRepository that also queues every need or offer it stores with status open (new,
// opened, or edited while open) in the same transaction, so that the alerts of a saved item
// are never lost to a crash. Everything else is passed through. Holds references only.
class AlertQueueingRepository : public MatchingRepository {
 public:
  AlertQueueingRepository(MatchingRepository& inner, AlertRepository& alerts,
                          std::function<int64_t()> now_ms)
      : inner_(inner), alerts_(alerts), now_ms_(std::move(now_ms)) {}

  Result<int64_t> InsertNeed(const NeedRecord& record) override;
  Status UpdateNeed(const NeedRecord& record) override;
  Result<std::optional<NeedRecord>> FindNeed(int64_t id) override { return inner_.FindNeed(id); }
  Result<std::optional<NeedRecord>> FindNeedByExternalId(const std::string& id) override {
    return inner_.FindNeedByExternalId(id);
  }
  Status ForEachNeed(const std::function<Status(const NeedRecord&)>& visit) override {
    return inner_.ForEachNeed(visit);
  }
  Status ScanNeeds(int64_t before, int64_t actor_id,
                   const std::function<Result<bool>(const NeedRecord&)>& visit) override {
    return inner_.ScanNeeds(before, actor_id, visit);
  }
  Result<int64_t> InsertOffer(const OfferRecord& record) override;
  Status UpdateOffer(const OfferRecord& record) override;
  Result<std::optional<OfferRecord>> FindOffer(int64_t id) override { return inner_.FindOffer(id); }
  Result<std::optional<OfferRecord>> FindOfferByExternalId(const std::string& id) override {
    return inner_.FindOfferByExternalId(id);
  }
  Status ForEachOffer(const std::function<Status(const OfferRecord&)>& visit) override {
    return inner_.ForEachOffer(visit);
  }
  Status ScanOffers(int64_t before, int64_t actor_id,
                    const std::function<Result<bool>(const OfferRecord&)>& visit) override {
    return inner_.ScanOffers(before, actor_id, visit);
  }
  Result<std::vector<PendingChange>> PendingChanges(int limit) override {
    return inner_.PendingChanges(limit);
  }
  Result<int64_t> LastChange() override { return inner_.LastChange(); }
  Status DeleteChanges(const std::vector<int64_t>& seqs) override {
    return inner_.DeleteChanges(seqs);
  }
  Status DeleteChangesUpTo(int64_t seq) override { return inner_.DeleteChangesUpTo(seq); }

 private:
  MatchingRepository& inner_;
  AlertRepository& alerts_;
  std::function<int64_t()> now_ms_;
};

// Runs `work` with both repositories in one transaction (committed when it returns Ok).
using AlertScope =
    std::function<Status(const std::function<Status(AlertRepository&, MatchingRepository&)>&)>;

// An alert as a page shows it: the two items' titles (empty when an item is gone).
struct AlertView {
  Alert alert;
  LocalizedText own_title;
  LocalizedText other_title;
  bool other_exists = false;
};

// One of the person's items with its subscription (stored or the default).
struct SubscriptionView {
  AlertSubscription subscription;
  LocalizedText title;
  ItemStatus status = ItemStatus::kOpen;
};

inline constexpr int kMaxAlertList = 200;

// Thread-safe: every call runs in its own transaction through the scopes.
class AlertService {
 public:
  AlertService(AlertScope write, AlertScope read, std::function<int64_t()> now_ms)
      : write_(std::move(write)), read_(std::move(read)), now_ms_(std::move(now_ms)) {}

  // The signed-in person's own alerts, newest first, at most `limit` (1–kMaxAlertList).
  // Unauthenticated for a visitor.
  Result<std::vector<AlertView>> List(const Principal& who, bool unread_only, int limit);
  Result<int64_t> UnreadCount(const Principal& who);
  // Marks the alert read if it is the person's own and returns whether it was; another
  // account's alert (or none) is left alone with the same answer, so ids reveal nothing.
  Result<bool> MarkRead(const Principal& who, int64_t alert_id);
  Result<int64_t> MarkAllRead(const Principal& who);

  // The needs and offers (drafts and open ones) of the actors the person represents, each
  // with its subscription.
  Result<std::vector<SubscriptionView>> Subscriptions(const Principal& who);
  // Stores the person's own choice for an item they may read. It changes only what this person
  // hears, and it takes effect while they represent the item's actor (DecideAlerts alerts
  // representatives only), so anyone signed in may store it. NotFound for no such item (or a
  // draft they may not read), Unauthenticated for a visitor.
  Result<AlertSubscription> SetSubscription(const Principal& who, AlertSubscription subscription);

  // Personal data: every alert and stored subscription of the account; and their erasure.
  Result<std::pair<std::vector<Alert>, std::vector<AlertSubscription>>> Export(
      const Principal& who);
  Status Erase(const Principal& who);

 private:
  AlertScope write_;
  AlertScope read_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::matching
