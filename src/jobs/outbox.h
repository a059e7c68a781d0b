// The e-mail outbox: a table of mails waiting to be sent, written in the same transaction as
// the change that causes them, so a mail exists exactly when that change committed. Senders
// (one MailWorker per server) claim due mails one at a time, send them and mark the outcome;
// failed attempts are retried with exponential back-off until the attempts run out.
//
// Claiming is safe with several servers on one database: on PostgreSQL the claim locks the
// row with SELECT … FOR UPDATE SKIP LOCKED, on SQLite the write transaction (BEGIN IMMEDIATE)
// already serialises claims. A claim is a lease: it moves next_attempt_at forward by
// OutboxOptions::lease and counts an attempt, so the mail of a sender that crashed becomes due
// again when the lease runs out. The attempt number is the claim's token: marking a claim
// whose lease was taken over by another sender is refused (Conflict).
//
// Thread-safety: an Outbox is immutable after construction and may be shared by all threads;
// every method blocks on the database.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "jobs/mail.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::jobs {

using SystemTime = std::chrono::system_clock::time_point;

// Module "jobs": table `outbox`. Register them like a module's migrations.
std::vector<storage::Migration> OutboxMigrations();

enum class OutboxStatus { kPending, kSent, kFailed };
// "pending", "sent", "failed": the values of the status column, also for URLs and JSON.
std::string_view OutboxStatusName(OutboxStatus status);
std::optional<OutboxStatus> ParseOutboxStatus(std::string_view name);

struct OutboxOptions {
  int max_attempts = 10;  // then the mail is given up: status failed
  std::chrono::milliseconds first_retry{std::chrono::minutes(1)};  // doubles per attempt
  std::chrono::milliseconds max_retry{std::chrono::hours(6)};
  // How long a claim holds a mail; longer than a send can take (SmtpSettings::timeout).
  std::chrono::milliseconds lease{std::chrono::minutes(5)};
};

// The pause after failed attempt number `attempts` (1-based): first_retry · 2^(attempts−1),
// at most max_retry. Pure.
std::chrono::milliseconds RetryDelay(int attempts, const OutboxOptions& options);

struct QueuedMail {
  int64_t id = 0;
  Mail mail;
  int64_t created_at_ms = 0;
  int attempts = 0;  // claims so far, the current one included
  int64_t next_attempt_at_ms = 0;
  std::optional<int64_t> sent_at_ms;
  std::string last_error;  // log detail of the last failure, for operators; empty if none
  OutboxStatus status = OutboxStatus::kPending;
};

struct OutboxFilter {
  std::optional<OutboxStatus> status;
  std::string kind;  // exact; empty: every kind
  std::string to;    // exact recipient; empty: every recipient
};

// Newest first, in pages of `limit` (1–kMaxOutboxPage); `before_id` continues after the
// last mail of the previous page.
struct OutboxPageRequest {
  int limit = 50;
  std::optional<int64_t> before_id;
};
inline constexpr int kMaxOutboxPage = 200;

struct OutboxPage {
  std::vector<QueuedMail> mails;
  std::optional<int64_t> next_before_id;  // set when there may be more
};

struct OutboxCounts {
  int64_t pending = 0;
  int64_t sent = 0;
  int64_t failed = 0;
};

class Outbox {
 public:
  using Clock = std::function<SystemTime()>;

  // `db` must outlive the Outbox. `clock` stamps created_at in Enqueue (the system clock
  // unless a test gives another).
  explicit Outbox(storage::Database& db, OutboxOptions options = {}, Clock clock = nullptr);

  const OutboxOptions& options() const { return options_; }

  // Queues `mail` inside the caller's write transaction, due at once: it is sent only if that
  // transaction commits. InvalidArgument per field when ValidateMail refuses it (nothing is
  // written), or the database's error. Call MailWorker::Notify() after the commit to send it
  // without waiting for the worker's next poll.
  Status Enqueue(storage::Transaction& tx, const Mail& mail);

  // For an admin page: mails matching `filter`, newest first, one page.
  // InvalidArgument for a limit outside 1–kMaxOutboxPage.
  Result<OutboxPage> List(const OutboxFilter& filter, const OutboxPageRequest& page);
  Result<OutboxCounts> Counts();
  // One mail; NotFound when there is no such id.
  Result<QueuedMail> Get(int64_t id);

  // Claims the pending mail that has been due longest (next_attempt_at <= now), counting an
  // attempt and leasing it until now + lease; nullopt when none is due. Pending mails whose
  // attempts ran out while claimed (their sender died) are marked failed on the way.
  // Unavailable when the database is busy.
  Result<std::optional<QueuedMail>> ClaimNext(SystemTime now);

  // When the earliest pending mail is due (it may be due already); nullopt when none is
  // pending. The worker sleeps until then.
  Result<std::optional<SystemTime>> NextDue();

  // Records that the claimed mail was sent. Conflict when the claim is no longer this
  // sender's (its lease ran out and another sender claimed the mail, or an admin changed it).
  Status MarkSent(const QueuedMail& claimed, SystemTime now);

  // Records a failed attempt of the claimed mail with `error` (log detail, shown to admins).
  // The mail becomes due again after RetryDelay(attempts), or, when `permanent` or when its
  // attempts have run out, is given up (status failed). Returns the mail's new status.
  // Conflict as for MarkSent.
  Result<OutboxStatus> MarkFailed(const QueuedMail& claimed, std::string_view error, SystemTime now,
                                  bool permanent = false);

  // Puts a failed mail back in the queue, due at `now` with its attempts reset (for an admin
  // after fixing the SMTP settings). NotFound unless the mail exists and has failed.
  Status Requeue(int64_t id, SystemTime now);

  // Retention: deletes mails sent before `older_than`; returns how many. Pending and failed
  // mails stay for admins to see.
  Result<int64_t> PurgeSent(SystemTime older_than);

 private:
  storage::Database& db_;
  OutboxOptions options_;
  Clock clock_;
};

int64_t ToMillis(SystemTime time);
SystemTime FromMillis(int64_t ms);

}  // namespace samverkan::jobs
