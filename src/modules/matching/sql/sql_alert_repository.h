// The alert tables (migration module "matching_alerts") and the repository over them, on both
// engines:
// - matching_alerts: one row per (account, own item, other item), never delivered twice
//   (unique key); read_at when the person marked it read, mailed_at when its digest was queued.
// - matching_alert_subscriptions: a person's stored choice per own item (level, e-mail, on/off);
//   no row means the default of domain/alert_rules.h.
// - matching_alert_queue: needs and offers saved open and not yet turned into alerts, written
//   in the saving transaction by AlertQueueingRepository, deleted by the runner in the
//   transaction that records their alerts.
//
// RepresentativesOf reads the accounts module's users and user_actors: the accounts domain has
// no query "who represents this actor" yet. It belongs in the accounts repository; move it
// there when that module grows one.
#pragma once

#include <functional>

#include "modules/matching/domain/alert_service.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::matching {

std::vector<storage::Migration> AlertMigrations();

// Works inside the caller's transaction; holds no state of its own.
class SqlAlertRepository : public AlertRepository {
 public:
  explicit SqlAlertRepository(storage::Transaction& tx) : tx_(tx) {}

  Status QueueItem(ItemKind kind, int64_t item_id, int64_t at) override;
  Result<std::vector<QueuedItem>> QueuedItems(int limit, int64_t now) override;
  Status DeleteQueued(int64_t seq) override;
  Status DeferQueued(int64_t seq, int64_t not_before) override;

  Result<std::optional<AlertSubscription>> FindSubscription(int64_t account_id, ItemKind kind,
                                                            int64_t item_id) override;
  Result<std::vector<AlertSubscription>> SubscriptionsOf(int64_t account_id) override;
  Status PutSubscription(const AlertSubscription& subscription) override;

  Result<bool> InsertAlert(Alert& alert) override;
  Status MarkMailed(const std::vector<int64_t>& alert_ids, int64_t at) override;
  Result<std::vector<Alert>> AlertsOf(int64_t account_id, bool unread_only, int limit) override;
  Result<int64_t> UnreadCount(int64_t account_id) override;
  Result<bool> MarkRead(int64_t account_id, int64_t alert_id, int64_t at) override;
  Result<int64_t> MarkAllRead(int64_t account_id, int64_t at) override;
  Status EraseAccount(int64_t account_id) override;

  Result<std::vector<Recipient>> RepresentativesOf(int64_t actor_id) override;

 private:
  storage::Transaction& tx_;
};

// Both repositories over one transaction of `db`.
AlertScope SqlAlertScope(storage::Database* db, storage::TxMode mode);

// The write scope of MatchingService with the queueing hook: every need or offer saved open is
// queued for alerts in its transaction, and `on_queued` runs after that transaction commits
// (to wake the runner). `db` must outlive the scope.
RepositoryScope AlertQueueingScope(storage::Database* db, std::function<int64_t()> now_ms,
                                   std::function<void()> on_queued);

}  // namespace samverkan::matching
