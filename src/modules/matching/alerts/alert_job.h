// The alert runner: turns the queue of needs and offers saved open (matching_alert_queue,
// filled in the saving transaction by AlertQueueingRepository) into alerts and mails.
//
// For one queued item: read it as it is now (nothing to do unless it is still open); rank its
// counterparts with the engine (MatchSource, which first applies the committed outbox, so the
// index is current); then in ONE write transaction record the alerts DecideAlerts chooses
// (domain/alert_rules.h), queue one digest mail per account that wants mail (jobs::Outbox,
// recipient's language, titles and links only), and delete the queue row. A process killed
// before that commit leaves the row, and the next run does the item again; the unique key of
// matching_alerts and ON CONFLICT DO NOTHING make a second run (or a second server) add
// nothing twice.
//
// Thread-safe: RunPending serialises itself; Start runs it on a background thread, woken by
// Notify (after a need or offer is saved) or every `idle_poll`.
#pragma once

#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <stop_token>
#include <thread>

#include "jobs/outbox.h"
#include "modules/matching/domain/alert_rules.h"
#include "modules/matching/domain/alert_service.h"
#include "modules/matching/domain/matching_service.h"
#include "storage/database.h"

namespace samverkan::matching {

struct AlertJobOptions {
  std::chrono::milliseconds idle_poll{1000};
  std::chrono::milliseconds error_pause{5000};
  int batch = 50;           // queued items read at a time
  size_t candidates = 100;  // counterparts ranked per item (kMaxMatchLimit)
  std::string public_url = "http://localhost:8080";  // for the links in mails
  std::function<int64_t()> now_ms;                   // the system clock when empty
  std::function<void()> notify_mail;                 // wakes the mail sender after a commit
  std::function<void(const std::string&)> log;       // standard error when empty
};

class AlertJob {
 public:
  // `db`, `source`, `weights` must outlive the job. `translate` writes the mails.
  AlertJob(storage::Database& db, MatchSource& source, const MatchWeights& weights,
           Translate translate, AlertJobOptions options = {});
  ~AlertJob();
  AlertJob(const AlertJob&) = delete;
  AlertJob& operator=(const AlertJob&) = delete;

  // Processes queued items until the queue is empty or `stop` is requested (checked before each
  // item, so a server stops within one item's time however long the queue: a bulk import can
  // queue a million); returns how many alerts were recorded. Errors: those of the database and
  // the index; the failed item stays queued.
  Result<int64_t> RunPending(std::stop_token stop = {});

  void Start();
  void Notify();
  // Ends and joins the thread. Idempotent.
  void Stop();

 private:
  // One item, in its own transaction; returns its new alerts.
  Result<int64_t> Process(const QueuedItem& queued);
  void Run(std::stop_token stop);
  void Log(const std::string& line) const;
  int64_t Now() const;

  storage::Database& db_;
  MatchSource& source_;
  const MatchWeights& weights_;
  Translate translate_;
  AlertJobOptions options_;
  jobs::Outbox outbox_;

  std::mutex run_mu_;
  std::mutex wake_mu_;
  std::condition_variable_any wake_;
  bool notified_ = false;  // guarded by wake_mu_
  std::jthread thread_;
};

}  // namespace samverkan::matching
