#include "jobs/outbox.h"

#include <algorithm>

namespace samverkan::jobs {
namespace {

using storage::Param;
using storage::Row;
using storage::Transaction;
using storage::TxMode;
using storage::Value;

constexpr size_t kMaxErrorLength = 2000;  // bytes of last_error kept

constexpr std::string_view kColumns =
    "id, recipient, subject, body_text, body_html, language, kind, created_at, attempts, "
    "next_attempt_at, sent_at, last_error, status";

QueuedMail FromRow(const Row& r) {
  QueuedMail q;
  q.id = r.Int(0);
  q.mail.to = r.Text(1);
  q.mail.subject = r.Text(2);
  q.mail.text = r.Text(3);
  q.mail.html = r.OptText(4).value_or("");
  q.mail.language = ParseLanguage(r.Text(5)).value_or(kDefaultLanguage);
  q.mail.kind = r.Text(6);
  q.created_at_ms = r.Int(7);
  q.attempts = static_cast<int>(r.Int(8));
  q.next_attempt_at_ms = r.Int(9);
  q.sent_at_ms = r.OptInt(10);
  q.last_error = r.OptText(11).value_or("");
  q.status = ParseOutboxStatus(r.Text(12)).value_or(OutboxStatus::kPending);
  return q;
}

// Cut to at most kMaxErrorLength bytes without splitting a UTF-8 character (PostgreSQL
// refuses invalid UTF-8).
std::string Truncated(std::string_view text) {
  if (text.size() <= kMaxErrorLength) return std::string(text);
  size_t n = kMaxErrorLength;
  while (n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;
  return std::string(text.substr(0, n));
}

Error LostClaim(const QueuedMail& claimed) {
  return Error::Conflict("The mail was taken over by another sender.")
      .WithLogDetail("outbox mail " + std::to_string(claimed.id) + ": claim " +
                     std::to_string(claimed.attempts) + " is no longer held");
}

}  // namespace

std::vector<storage::Migration> OutboxMigrations() {
  return {{"jobs", 1, "create outbox",
           "CREATE TABLE outbox ("
           " id {{id}},"
           " recipient TEXT NOT NULL,"
           " subject TEXT NOT NULL,"
           " body_text TEXT NOT NULL,"
           " body_html TEXT,"
           " language TEXT NOT NULL,"
           " kind TEXT NOT NULL,"
           " created_at BIGINT NOT NULL,"
           " attempts INTEGER NOT NULL DEFAULT 0,"
           " next_attempt_at BIGINT NOT NULL,"
           " sent_at BIGINT,"
           " last_error TEXT,"
           " status TEXT NOT NULL DEFAULT 'pending'"
           "  CHECK (status IN ('pending', 'sent', 'failed')));"
           // Claims and NextDue read pending mails in due order; retention reads sent ones.
           "CREATE INDEX outbox_due ON outbox (status, next_attempt_at);"
           "CREATE INDEX outbox_sent ON outbox (status, sent_at);"}};
}

std::string_view OutboxStatusName(OutboxStatus status) {
  switch (status) {
    case OutboxStatus::kPending:
      return "pending";
    case OutboxStatus::kSent:
      return "sent";
    case OutboxStatus::kFailed:
      return "failed";
  }
  return "pending";
}

std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name) {
  for (OutboxStatus s : {OutboxStatus::kPending, OutboxStatus::kSent, OutboxStatus::kFailed}) {
    if (OutboxStatusName(s) == name) return s;
  }
  return std::nullopt;
}

std::chrono::milliseconds RetryDelay(int attempts, const OutboxOptions& options) {
  auto delay = options.first_retry;
  for (int i = 1; i < attempts && delay < options.max_retry; ++i) delay *= 2;
  return std::min(delay, options.max_retry);
}

int64_t ToMillis(SystemTime time) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(time.time_since_epoch()).count();
}

SystemTime FromMillis(int64_t ms) { return SystemTime(std::chrono::milliseconds(ms)); }

Outbox::Outbox(storage::Database& db, OutboxOptions options, Clock clock)
    : db_(db),
      options_(options),
      clock_(clock ? std::move(clock) : [] { return std::chrono::system_clock::now(); }) {}

Status Outbox::Enqueue(Transaction& tx, const Mail& mail) {
  if (tx.mode() != TxMode::kWrite)
    return Error::Internal("Outbox::Enqueue needs a write transaction");
  SAMVERKAN_RETURN_IF_ERROR(ValidateMail(mail));
  int64_t now = ToMillis(clock_());
  auto inserted = tx.Execute(
      "INSERT INTO outbox (recipient, subject, body_text, body_html, language, kind, created_at, "
      "attempts, next_attempt_at, status) VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, 'pending')",
      {Param(mail.to), Param(mail.subject), Param(mail.text),
       mail.html.empty() ? Value(storage::Null{}) : Param(mail.html),
       Param(LanguageCode(mail.language)), Param(mail.kind), Param(now), Param(now)});
  if (!inserted.ok()) return std::move(inserted).error();
  return Status::Ok();
}

Result<OutboxPage> Outbox::List(const OutboxFilter& filter, const OutboxPageRequest& page) {
  if (page.limit < 1 || page.limit > kMaxOutboxPage) {
    return Error::InvalidField("limit", "Must be a whole number from {{min}} to {{max}}.",
                               {{"min", "1"}, {"max", std::to_string(kMaxOutboxPage)}});
  }
  // The query is put together from fixed clauses; every value is a bound parameter.
  std::string sql = "SELECT " + std::string(kColumns) + " FROM outbox WHERE 1 = 1";
  std::vector<Value> params;
  auto where = [&](std::string_view clause, Value value) {
    params.push_back(std::move(value));
    sql += " AND ";
    sql += clause;
    sql += " $" + std::to_string(params.size());
  };
  if (filter.status) where("status =", Param(OutboxStatusName(*filter.status)));
  if (!filter.kind.empty()) where("kind =", Param(filter.kind));
  if (!filter.to.empty()) where("recipient =", Param(filter.to));
  if (page.before_id) where("id <", Param(*page.before_id));
  params.push_back(Param(page.limit + 1));  // one more tells whether there is a next page
  sql += " ORDER BY id DESC LIMIT $" + std::to_string(params.size());

  return db_.Read([&](Transaction& tx) -> Result<OutboxPage> {
    auto rows = tx.Query(sql, params);
    if (!rows.ok()) return std::move(rows).error();
    OutboxPage out;
    for (const auto& r : *rows) {
      if (static_cast<int>(out.mails.size()) == page.limit) {
        out.next_before_id = out.mails.back().id;
        break;
      }
      out.mails.push_back(FromRow(r));
    }
    return out;
  });
}

Result<OutboxCounts> Outbox::Counts() {
  return db_.Read([&](Transaction& tx) -> Result<OutboxCounts> {
    auto rows = tx.Query("SELECT status, COUNT(*) FROM outbox GROUP BY status");
    if (!rows.ok()) return std::move(rows).error();
    OutboxCounts counts;
    for (const auto& r : *rows) {
      switch (ParseOutboxStatus(r.Text(0)).value_or(OutboxStatus::kPending)) {
        case OutboxStatus::kPending:
          counts.pending += r.Int(1);
          break;
        case OutboxStatus::kSent:
          counts.sent += r.Int(1);
          break;
        case OutboxStatus::kFailed:
          counts.failed += r.Int(1);
          break;
      }
    }
    return counts;
  });
}

Result<QueuedMail> Outbox::Get(int64_t id) {
  return db_.Read([&](Transaction& tx) -> Result<QueuedMail> {
    auto row =
        tx.QueryOne("SELECT " + std::string(kColumns) + " FROM outbox WHERE id = $1", {Param(id)});
    if (!row.ok()) return std::move(row).error();
    if (!row->has_value()) return Error::NotFound();
    return FromRow(**row);
  });
}

Result<std::optional<QueuedMail>> Outbox::ClaimNext(SystemTime now) {
  const int64_t now_ms = ToMillis(now);
  const int64_t lease_until = now_ms + options_.lease.count();
  // PostgreSQL: the row lock keeps a concurrent claimer off this mail until the commit (it
  // skips to the next one), and after the commit the moved next_attempt_at does. SQLite:
  // BEGIN IMMEDIATE admits one writer at a time, so the same two statements are enough.
  const std::string select =
      "SELECT " + std::string(kColumns) +
      " FROM outbox WHERE status = 'pending' AND next_attempt_at <= $1 AND attempts < $2"
      " ORDER BY next_attempt_at, id LIMIT 1" +
      (db_.engine() == storage::Engine::kPostgres ? " FOR UPDATE SKIP LOCKED" : "");
  return db_.Write([&](Transaction& tx) -> Result<std::optional<QueuedMail>> {
    auto gave_up = tx.Execute(
        "UPDATE outbox SET status = 'failed', last_error = $1 WHERE status = 'pending'"
        " AND next_attempt_at <= $2 AND attempts >= $3",
        {Param("the last attempt never finished (the sender stopped) and no attempts are left"),
         Param(now_ms), Param(options_.max_attempts)});
    if (!gave_up.ok()) return std::move(gave_up).error();
    auto row = tx.QueryOne(select, {Param(now_ms), Param(options_.max_attempts)});
    if (!row.ok()) return std::move(row).error();
    if (!row->has_value()) return std::optional<QueuedMail>();
    QueuedMail mail = FromRow(**row);
    auto claimed =
        tx.Execute("UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $1 WHERE id = $2",
                   {Param(lease_until), Param(mail.id)});
    if (!claimed.ok()) return std::move(claimed).error();
    mail.attempts += 1;
    mail.next_attempt_at_ms = lease_until;
    return std::optional<QueuedMail>(std::move(mail));
  });
}

Result<std::optional<SystemTime>> Outbox::NextDue() {
  return db_.Read([&](Transaction& tx) -> Result<std::optional<SystemTime>> {
    auto row = tx.QueryOne("SELECT MIN(next_attempt_at) FROM outbox WHERE status = 'pending'");
    if (!row.ok()) return std::move(row).error();
    if (!row->has_value() || (*row)->IsNull(0)) return std::optional<SystemTime>();
    return std::optional<SystemTime>(FromMillis((*row)->Int(0)));
  });
}

Status Outbox::MarkSent(const QueuedMail& claimed, SystemTime now) {
  return db_.Write([&](Transaction& tx) -> Status {
    auto changed = tx.Execute(
        "UPDATE outbox SET status = 'sent', sent_at = $1"
        " WHERE id = $2 AND attempts = $3 AND status = 'pending'",
        {Param(ToMillis(now)), Param(claimed.id), Param(claimed.attempts)});
    if (!changed.ok()) return std::move(changed).error();
    if (*changed == 0) return LostClaim(claimed);
    return Status::Ok();
  });
}

Result<OutboxStatus> Outbox::MarkFailed(const QueuedMail& claimed, std::string_view error,
                                        SystemTime now, bool permanent) {
  const bool give_up = permanent || claimed.attempts >= options_.max_attempts;
  const int64_t next = ToMillis(now) + RetryDelay(claimed.attempts, options_).count();
  return db_.Write([&](Transaction& tx) -> Result<OutboxStatus> {
    auto changed = give_up
                       ? tx.Execute(
                             "UPDATE outbox SET status = 'failed', last_error = $1"
                             " WHERE id = $2 AND attempts = $3 AND status = 'pending'",
                             {Param(Truncated(error)), Param(claimed.id), Param(claimed.attempts)})
                       : tx.Execute(
                             "UPDATE outbox SET next_attempt_at = $1, last_error = $2"
                             " WHERE id = $3 AND attempts = $4 AND status = 'pending'",
                             {Param(next), Param(Truncated(error)), Param(claimed.id),
                              Param(claimed.attempts)});
    if (!changed.ok()) return std::move(changed).error();
    if (*changed == 0) return LostClaim(claimed);
    return give_up ? OutboxStatus::kFailed : OutboxStatus::kPending;
  });
}

Status Outbox::Requeue(int64_t id, SystemTime now) {
  return db_.Write([&](Transaction& tx) -> Status {
    auto changed = tx.Execute(
        "UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = $1"
        " WHERE id = $2 AND status = 'failed'",
        {Param(ToMillis(now)), Param(id)});
    if (!changed.ok()) return std::move(changed).error();
    if (*changed == 0) return Error::NotFound();
    return Status::Ok();
  });
}

Result<int64_t> Outbox::PurgeSent(SystemTime older_than) {
  return db_.Write([&](Transaction& tx) {
    return tx.Execute("DELETE FROM outbox WHERE status = 'sent' AND sent_at < $1",
                      {Param(ToMillis(older_than))});
  });
}

}  // namespace samverkan::jobs
