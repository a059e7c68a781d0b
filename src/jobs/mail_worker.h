// The background sender: one thread per server that claims due mails from the Outbox, sends
// them through a MailSender and records the outcome, then sleeps until the next mail is due,
// Notify() is called or Stop() is.
//
// Wiring (src/app/main.cc): only when SMTP is configured; otherwise no worker runs and mails
// stay pending in the outbox for admins to see.
//   jobs::Outbox outbox(db);
//   auto sender = jobs::SmtpSender::Create(settings);         // fail the start when refused
//   jobs::MailWorker worker(outbox, **sender);
//   worker.Start();
//   … after each commit that enqueued a mail: worker.Notify();
//   … on shutdown, after the server stopped: worker.Stop();
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <stop_token>
#include <string>
#include <thread>

#include "jobs/mail_sender.h"
#include "jobs/outbox.h"

namespace samverkan::jobs {

struct MailWorkerOptions {
  // The longest sleep when nothing is due. Mails queued by other servers (which cannot
  // Notify this one) and mails whose claim expired wait at most this long.
  std::chrono::milliseconds idle_poll{std::chrono::seconds(30)};
  // The pause after a database error or a send that failed for a reason other than the mail
  // itself (the SMTP server is probably down: trying the next mail at once would only spend
  // its attempts). Notify() still wakes the worker early.
  std::chrono::milliseconds error_pause{std::chrono::seconds(5)};
  // One line per sent mail, failed attempt or error: outbox id, kind and the error's log
  // detail, never the recipient or the contents. Standard error when not given.
  std::function<void(const std::string&)> log;
  Outbox::Clock clock;  // the system clock when not given
};

struct MailWorkerStats {
  int64_t sent = 0;
  int64_t failed_attempts = 0;  // will be retried
  int64_t given_up = 0;         // status failed
};

class MailWorker {
 public:
  // `outbox` and `sender` must outlive the worker.
  MailWorker(Outbox& outbox, MailSender& sender, MailWorkerOptions options = {});
  // Stops the thread.
  ~MailWorker();
  MailWorker(const MailWorker&) = delete;
  MailWorker& operator=(const MailWorker&) = delete;

  // Starts the background thread; it looks at the outbox at once. Calling it again while
  // running does nothing. Not after Stop().
  void Start();

  // Wakes the thread to look at the outbox now, e.g. right after a transaction that enqueued
  // a mail committed. Cheap, never blocks on I/O, thread-safe; harmless before Start().
  void Notify();

  // Asks the thread to end and joins it: a send in progress is aborted (within about a
  // second, libcurl's progress interval) and its mail retried later, by this server's next
  // start or by another server. Idempotent and thread-safe.
  void Stop();

  // Sends due mails on the calling thread until none is due, `stop` is requested, or a send
  // fails for a reason other than the mail itself. Returns how many mails were attempted.
  // The thread runs this; tests and a command-line "send now" may too. Errors of the outbox
  // (database) come back; send failures are recorded in the outbox, not returned.
  Result<int> SendDue(std::stop_token stop = {});

  MailWorkerStats stats() const;

 private:
  enum class Outcome { kSent, kMailRefused, kSendFailed, kNotRecorded };
  struct Round {
    int attempted = 0;
    bool ended_by_failure = false;  // a send or its record failed: pause before the next
  };
  Result<Round> SendRound(std::stop_token stop);
  void Run(std::stop_token stop);
  Outcome Deliver(const QueuedMail& mail, std::stop_token stop);
  void Log(const std::string& line) const;

  Outbox& outbox_;
  MailSender& sender_;
  MailWorkerOptions options_;

  std::mutex mu_;
  std::condition_variable_any wake_;
  bool notified_ = false;  // guarded by mu_

  std::mutex lifecycle_mu_;  // Start and Stop
  std::jthread thread_;

  std::atomic<int64_t> sent_{0};
  std::atomic<int64_t> failed_attempts_{0};
  std::atomic<int64_t> given_up_{0};
};

}  // namespace samverkan::jobs
