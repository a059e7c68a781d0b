#include "jobs/mail_worker.h"

#include <algorithm>
#include <cstdio>

namespace samverkan::jobs {
namespace {

// The shortest sleep, so that a mail that is due but locked by another server's claim
// transaction does not make the loop spin.
constexpr std::chrono::milliseconds kMinWait{100};

std::string Detail(const Error& e) {
  std::string out = e.log_detail().empty() ? e.message() : e.log_detail();
  for (const auto& f : e.fields()) out += " [" + f.field + ": " + f.message + "]";
  return out;
}

std::string Describe(const QueuedMail& m) {
  return "#" + std::to_string(m.id) + " (" + m.mail.kind + ")";
}

}  // namespace

MailWorker::MailWorker(Outbox& outbox, MailSender& sender, MailWorkerOptions options)
    : outbox_(outbox), sender_(sender), options_(std::move(options)) {
  if (!options_.clock) options_.clock = [] { return std::chrono::system_clock::now(); };
}

MailWorker::~MailWorker() { Stop(); }

void MailWorker::Start() {
  std::lock_guard lock(lifecycle_mu_);
  if (thread_.joinable()) return;
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void MailWorker::Notify() {
  {
    std::lock_guard lock(mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

void MailWorker::Stop() {
  std::lock_guard lock(lifecycle_mu_);
  if (!thread_.joinable()) return;
  thread_.request_stop();  // also wakes the wait below, through its stop_token
  thread_.join();
}

MailWorkerStats MailWorker::stats() const {
  return {sent_.load(), failed_attempts_.load(), given_up_.load()};
}

void MailWorker::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::fprintf(stderr, "%s\n", line.c_str());  // one write per line
  }
}

Result<int> MailWorker::SendDue(std::stop_token stop) {
  auto round = SendRound(stop);
  if (!round.ok()) return std::move(round).error();
  return round->attempted;
}

Result<MailWorker::Round> MailWorker::SendRound(std::stop_token stop) {
  Round round;
  while (!stop.stop_requested()) {
    auto claimed = outbox_.ClaimNext(options_.clock());
    if (!claimed.ok()) return std::move(claimed).error();
    if (!claimed->has_value()) break;
    ++round.attempted;
    Outcome outcome = Deliver(**claimed, stop);
    if (outcome == Outcome::kSendFailed || outcome == Outcome::kNotRecorded) {
      round.ended_by_failure = true;
      break;
    }
  }
  return round;
}

MailWorker::Outcome MailWorker::Deliver(const QueuedMail& m, std::stop_token stop) {
  // The same key on every attempt: a mail that arrives twice (sent, then the record failed)
  // carries one Message-ID, which mail clients use to show it once.
  const std::string key = "outbox." + std::to_string(m.id) + "." + std::to_string(m.created_at_ms);
  Status sent = sender_.Send(m.mail, key, stop);
  const auto now = options_.clock();
  if (sent.ok()) {
    ++sent_;
    Status recorded = outbox_.MarkSent(m, now);
    if (!recorded.ok()) {
      Log("mail: sent " + Describe(m) + " but could not record it: " + Detail(recorded.error()));
      return Outcome::kNotRecorded;
    }
    Log("mail: sent " + Describe(m));
    return Outcome::kSent;
  }
  const bool permanent = sent.error().code() == ErrorCode::kInvalidArgument;
  const std::string detail = Detail(sent.error());
  auto status = outbox_.MarkFailed(m, detail, now, permanent);
  if (!status.ok()) {
    Log("mail: attempt " + std::to_string(m.attempts) + " of " + Describe(m) +
        " failed and could not be recorded: " + detail + "; " + Detail(status.error()));
    return Outcome::kNotRecorded;
  }
  if (*status == OutboxStatus::kFailed) {
    ++given_up_;
    Log("mail: gave up on " + Describe(m) + " after " + std::to_string(m.attempts) +
        " attempt(s): " + detail);
  } else {
    ++failed_attempts_;
    auto delay =
        std::chrono::duration_cast<std::chrono::seconds>(RetryDelay(m.attempts, outbox_.options()));
    Log("mail: attempt " + std::to_string(m.attempts) + " of " + Describe(m) + " failed, next in " +
        std::to_string(delay.count()) + " s: " + detail);
  }
  return permanent ? Outcome::kMailRefused : Outcome::kSendFailed;
}

void MailWorker::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    {
      std::lock_guard lock(mu_);
      notified_ = false;  // a Notify from here on wakes the wait below
    }
    auto round = SendRound(stop);
    std::chrono::milliseconds wait = options_.idle_poll;
    if (!round.ok()) {
      Log("mail: outbox: " + Detail(round.error()));
      wait = options_.error_pause;
    } else if (round->ended_by_failure) {
      wait = options_.error_pause;
    } else {
      auto next = outbox_.NextDue();
      if (!next.ok()) {
        Log("mail: outbox: " + Detail(next.error()));
        wait = options_.error_pause;
      } else if (next->has_value()) {
        auto until =
            std::chrono::duration_cast<std::chrono::milliseconds>(**next - options_.clock());
        wait = std::clamp(until, kMinWait, std::max(kMinWait, options_.idle_poll));
      }
    }
    std::unique_lock lock(mu_);
    wake_.wait_for(lock, stop, wait, [&] { return notified_; });
  }
}

}  // namespace samverkan::jobs
