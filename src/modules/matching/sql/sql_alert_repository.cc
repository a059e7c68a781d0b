#include "modules/matching/sql/sql_alert_repository.h"

#include "modules/matching/sql/sql_matching_repository.h"

namespace samverkan::matching {

using storage::Param;

std::vector<storage::Migration> AlertMigrations() {
  storage::Migration create{
      "matching_alerts", 1,
      "create matching_alerts, matching_alert_subscriptions and matching_alert_queue",
      "CREATE TABLE matching_alerts ("
      " id {{id}},"
      " account_id BIGINT,"
      " own_kind TEXT NOT NULL,"
      " own_item_id BIGINT NOT NULL,"
      " other_item_id BIGINT NOT NULL,"
      " score {{double}} NOT NULL,"
      " created_at BIGINT NOT NULL,"
      " read_at BIGINT,"
      " mailed_at BIGINT,"
      " UNIQUE (account_id, own_kind, own_item_id, other_item_id));"
      "CREATE INDEX matching_alerts_by_account ON matching_alerts (account_id, id);"
      "CREATE TABLE matching_alert_subscriptions ("
      " account_id BIGINT NOT NULL,"
      " own_kind TEXT NOT NULL,"
      " own_item_id BIGINT NOT NULL,"
      " enabled INTEGER NOT NULL,"
      " email INTEGER NOT NULL,"
      " level TEXT NOT NULL,"
      " updated_at BIGINT NOT NULL,"
      " PRIMARY KEY (account_id, own_kind, own_item_id));"
      "CREATE TABLE matching_alert_queue ("
      " id {{id}},"
      " kind TEXT NOT NULL,"
      " item_id BIGINT NOT NULL,"
      " queued_at BIGINT NOT NULL)"};
  // An item that fails (an address the outbox refuses, say) is retried later instead of
  // holding up the items queued after it.
  storage::Migration retry{
      "matching_alerts", 2, "retry failed items of matching_alert_queue with back-off",
      "ALTER TABLE matching_alert_queue ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;"
      "ALTER TABLE matching_alert_queue ADD COLUMN not_before BIGINT NOT NULL DEFAULT 0"};
  return {std::move(create), std::move(retry)};
}

namespace {

constexpr const char* kAlertColumns =
    "SELECT id, account_id, own_kind, own_item_id, other_item_id, score, created_at, read_at, "
    "mailed_at FROM matching_alerts ";

Alert AlertFromRow(const storage::Row& r) {
  Alert a;
  a.id = r.Int(0);
  a.account_id = r.OptInt(1).value_or(0);
  a.own_kind = ParseItemKind(r.Text(2)).value_or(ItemKind::kOffer);
  a.own_item_id = r.Int(3);
  a.other_item_id = r.Int(4);
  a.score = r.Real(5);
  a.created_at = r.Int(6);
  a.read_at = r.OptInt(7);
  a.mailed_at = r.OptInt(8);
  return a;
}

AlertSubscription SubscriptionFromRow(const storage::Row& r) {
  AlertSubscription s;
  s.account_id = r.Int(0);
  s.own_kind = ParseItemKind(r.Text(1)).value_or(ItemKind::kOffer);
  s.own_item_id = r.Int(2);
  s.enabled = r.Bool(3);
  s.email = r.Bool(4);
  s.level = ParseAlertLevel(r.Text(5)).value_or(kDefaultAlertLevel);
  s.updated_at = r.Int(6);
  return s;
}

constexpr const char* kSubscriptionColumns =
    "SELECT account_id, own_kind, own_item_id, enabled, email, level, updated_at "
    "FROM matching_alert_subscriptions ";

}  // namespace

Status SqlAlertRepository::QueueItem(ItemKind kind, int64_t item_id, int64_t at) {
  auto r = tx_.Execute("INSERT INTO matching_alert_queue (kind, item_id, queued_at) "
                       "VALUES ($1, $2, $3)",
                       {Param(ItemKindCode(kind)), Param(item_id), Param(at)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

Result<std::vector<QueuedItem>> SqlAlertRepository::QueuedItems(int limit, int64_t now) {
  auto rows = tx_.Query(
      "SELECT id, kind, item_id, attempts FROM matching_alert_queue WHERE not_before <= $1 "
      "ORDER BY id LIMIT $2",
      {Param(now), Param(limit)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<QueuedItem> out;
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), ParseItemKind(r.Text(1)).value_or(ItemKind::kNeed), r.Int(2),
                   static_cast<int>(r.Int(3))});
  }
  return out;
}

Status SqlAlertRepository::DeferQueued(int64_t seq, int64_t not_before) {
  auto r = tx_.Execute(
      "UPDATE matching_alert_queue SET attempts = attempts + 1, not_before = $1 WHERE id = $2",
      {Param(not_before), Param(seq)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

Status SqlAlertRepository::DeleteQueued(int64_t seq) {
  auto r = tx_.Execute("DELETE FROM matching_alert_queue WHERE id = $1", {Param(seq)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

Result<std::optional<AlertSubscription>> SqlAlertRepository::FindSubscription(int64_t account_id,
                                                                              ItemKind kind,
                                                                              int64_t item_id) {
  auto row = tx_.QueryOne(std::string(kSubscriptionColumns) +
                              "WHERE account_id = $1 AND own_kind = $2 AND own_item_id = $3",
                          {Param(account_id), Param(ItemKindCode(kind)), Param(item_id)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<AlertSubscription>();
  return std::optional<AlertSubscription>(SubscriptionFromRow(**row));
}

Result<std::vector<AlertSubscription>> SqlAlertRepository::SubscriptionsOf(int64_t account_id) {
  auto rows = tx_.Query(std::string(kSubscriptionColumns) +
                            "WHERE account_id = $1 ORDER BY own_kind, own_item_id",
                        {Param(account_id)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<AlertSubscription> out;
  for (const auto& r : *rows) out.push_back(SubscriptionFromRow(r));
  return out;
}

Status SqlAlertRepository::PutSubscription(const AlertSubscription& s) {
  auto r = tx_.Execute(
      "INSERT INTO matching_alert_subscriptions "
      "(account_id, own_kind, own_item_id, enabled, email, level, updated_at) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7) "
      "ON CONFLICT (account_id, own_kind, own_item_id) DO UPDATE SET "
      "enabled = excluded.enabled, email = excluded.email, level = excluded.level, "
      "updated_at = excluded.updated_at",
      {Param(s.account_id), Param(ItemKindCode(s.own_kind)), Param(s.own_item_id),
       Param(s.enabled), Param(s.email), Param(AlertLevelCode(s.level)), Param(s.updated_at)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

// ON CONFLICT DO NOTHING: when two servers process the same queued item, the second finds the
// first's row (on PostgreSQL after waiting for its commit) and neither alerts nor mails twice.
Result<bool> SqlAlertRepository::InsertAlert(Alert& alert) {
  auto rows = tx_.Query(
      "INSERT INTO matching_alerts "
      "(account_id, own_kind, own_item_id, other_item_id, score, created_at) "
      "VALUES ($1, $2, $3, $4, $5, $6) "
      "ON CONFLICT (account_id, own_kind, own_item_id, other_item_id) DO NOTHING RETURNING id",
      {Param(alert.account_id), Param(ItemKindCode(alert.own_kind)), Param(alert.own_item_id),
       Param(alert.other_item_id), Param(alert.score), Param(alert.created_at)});
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return false;
  alert.id = rows->rows.front().Int(0);
  return true;
}

Status SqlAlertRepository::MarkMailed(const std::vector<int64_t>& alert_ids, int64_t at) {
  for (int64_t id : alert_ids) {
    auto r = tx_.Execute("UPDATE matching_alerts SET mailed_at = $1 WHERE id = $2",
                         {Param(at), Param(id)});
    if (!r.ok()) return std::move(r).error();
  }
  return Status::Ok();
}

Result<std::vector<Alert>> SqlAlertRepository::AlertsOf(int64_t account_id, bool unread_only,
                                                       int limit) {
  std::string sql = std::string(kAlertColumns) + "WHERE account_id = $1 " +
                    (unread_only ? "AND read_at IS NULL " : "") + "ORDER BY id DESC LIMIT $2";
  auto rows = tx_.Query(sql, {Param(account_id), Param(static_cast<int64_t>(limit))});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Alert> out;
  for (const auto& r : *rows) out.push_back(AlertFromRow(r));
  return out;
}

Result<int64_t> SqlAlertRepository::UnreadCount(int64_t account_id) {
  auto row = tx_.QueryOne(
      "SELECT COUNT(*) FROM matching_alerts WHERE account_id = $1 AND read_at IS NULL",
      {Param(account_id)});
  if (!row.ok()) return std::move(row).error();
  return row->has_value() ? (*row)->Int(0) : int64_t{0};
}

Result<bool> SqlAlertRepository::MarkRead(int64_t account_id, int64_t alert_id, int64_t at) {
  auto exists = tx_.QueryOne("SELECT id FROM matching_alerts WHERE id = $1 AND account_id = $2",
                             {Param(alert_id), Param(account_id)});
  if (!exists.ok()) return std::move(exists).error();
  if (!exists->has_value()) return false;
  auto r = tx_.Execute(
      "UPDATE matching_alerts SET read_at = $1 WHERE id = $2 AND account_id = $3 "
      "AND read_at IS NULL",
      {Param(at), Param(alert_id), Param(account_id)});
  if (!r.ok()) return std::move(r).error();
  return true;
}

Result<int64_t> SqlAlertRepository::MarkAllRead(int64_t account_id, int64_t at) {
  return tx_.Execute(
      "UPDATE matching_alerts SET read_at = $1 WHERE account_id = $2 AND read_at IS NULL",
      {Param(at), Param(account_id)});
}

Status SqlAlertRepository::EraseAccount(int64_t account_id) {
  auto a = tx_.Execute("DELETE FROM matching_alerts WHERE account_id = $1", {Param(account_id)});
  if (!a.ok()) return std::move(a).error();
  auto s = tx_.Execute("DELETE FROM matching_alert_subscriptions WHERE account_id = $1",
                       {Param(account_id)});
  if (!s.ok()) return std::move(s).error();
  return Status::Ok();
}

Result<std::vector<Recipient>> SqlAlertRepository::RepresentativesOf(int64_t actor_id) {
  auto rows = tx_.Query(
      "SELECT u.id, u.email, u.language, u.verified_at FROM user_actors a "
      "JOIN users u ON u.id = a.user_id WHERE a.actor_id = $1 AND u.erased_at IS NULL "
      "ORDER BY u.id",
      {Param(actor_id)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Recipient> out;
  for (const auto& r : *rows) {
    Recipient rec;
    rec.account_id = r.Int(0);
    rec.email = r.Text(1);
    rec.language = ParseLanguage(r.Text(2)).value_or(kDefaultLanguage);
    rec.verified = !r.IsNull(3);
    out.push_back(std::move(rec));
  }
  return out;
}

AlertScope SqlAlertScope(storage::Database* db, storage::TxMode mode) {
  return [db, mode](const std::function<Status(AlertRepository&, MatchingRepository&)>& work) {
    return db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlAlertRepository alerts(tx);
      SqlMatchingRepository items(tx);
      return work(alerts, items);
    });
  };
}

RepositoryScope AlertQueueingScope(storage::Database* db, std::function<int64_t()> now_ms,
                                   std::function<void()> on_queued) {
  return [db, now_ms, on_queued](const std::function<Status(MatchingRepository&)>& work) {
    return db->InTransaction(storage::TxMode::kWrite, [&](storage::Transaction& tx) -> Status {
      SqlMatchingRepository items(tx);
      SqlAlertRepository alerts(tx);
      AlertQueueingRepository queueing(items, alerts, now_ms);
      if (on_queued) tx.OnCommit(on_queued);
      return work(queueing);
    });
  };
}

}  // namespace samverkan::matching
