#include "jobs/mail_worker.h"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <vector>

#include "storage/test_databases.h"

namespace samverkan::jobs {
namespace {

using namespace std::chrono_literals;
using storage::Engine;
using storage::Transaction;
using Steady = std::chrono::steady_clock;

struct SendCall {
  Mail mail;
  std::string key;
};

// Records what it is asked to send; answers with `answer` (Ok by default).
class FakeSender : public MailSender {
 public:
  Status Send(const Mail& mail, std::string_view key, std::stop_token stop) override {
    std::function<Status(std::stop_token)> answer;
    {
      std::lock_guard lock(mu_);
      calls_.push_back({mail, std::string(key)});
      answer = answer_;
    }
    changed_.notify_all();
    return answer ? answer(stop) : Status::Ok();
  }

  void Answer(std::function<Status(std::stop_token)> answer) {
    std::lock_guard lock(mu_);
    answer_ = std::move(answer);
  }

  // Waits until at least `n` sends were attempted; false after `timeout`.
  bool WaitForCalls(size_t n, std::chrono::milliseconds timeout) {
    std::unique_lock lock(mu_);
    return changed_.wait_for(lock, timeout, [&] { return calls_.size() >= n; });
  }

  std::vector<SendCall> calls() {
    std::lock_guard lock(mu_);
    return calls_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<SendCall> calls_;
  std::function<Status(std::stop_token)> answer_;
};

Mail Sample(std::string to = "anna@example.se") {
  return {.to = std::move(to), .subject = "Välkommen", .text = "Hej!", .kind = "verify-email"};
}

Status Down() {
  return Error(ErrorCode::kUnavailable,
               "The e-mail could not be sent. It will be tried again later.")
      .WithLogDetail("smtp: Couldn't connect to server");
}

class MailWorkerTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override { ASSERT_TRUE(storage::ApplyMigrations(db(), OutboxMigrations()).ok()); }
  storage::Database& db() { return test_db_.db(); }

  void Enqueue(const Mail& mail) {
    ASSERT_TRUE(db().Write([&](Transaction& tx) { return outbox_.Enqueue(tx, mail); }).ok());
  }

  // Polls until mail `id` has `status`; the worker records after the send returned.
  bool WaitForStatus(int64_t id, OutboxStatus status, std::chrono::milliseconds timeout) {
    auto deadline = Steady::now() + timeout;
    while (Steady::now() < deadline) {
      auto got = outbox_.Get(id);
      if (got.ok() && got->status == status) return true;
      std::this_thread::sleep_for(10ms);
    }
    return false;
  }

  int64_t OnlyId() {
    auto page = outbox_.List({}, {});
    EXPECT_TRUE(page.ok() && page->mails.size() == 1);
    return page.ok() && !page->mails.empty() ? page->mails[0].id : 0;
  }

  MailWorkerOptions Quiet(std::chrono::milliseconds idle_poll) {
    return {.idle_poll = idle_poll, .error_pause = 1h, .log = [this](const std::string& line) {
              std::lock_guard lock(log_mu_);
              log_.push_back(line);
            }};
  }

  std::vector<std::string> LogLines() {
    std::lock_guard lock(log_mu_);
    return log_;
  }

  storage::TestDatabase test_db_{GetParam()};
  Outbox outbox_{db()};
  FakeSender sender_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
};

TEST_P(MailWorkerTest, NotifyWakesTheWorkerAtOnce) {
  MailWorker worker(outbox_, sender_, Quiet(1h));
  worker.Start();
  std::this_thread::sleep_for(100ms);  // its first look found nothing; now it sleeps for an hour
  Enqueue(Sample());
  auto start = Steady::now();
  worker.Notify();
  ASSERT_TRUE(sender_.WaitForCalls(1, 5s));
  EXPECT_LT(Steady::now() - start, 2s);
  int64_t id = OnlyId();
  ASSERT_TRUE(WaitForStatus(id, OutboxStatus::kSent, 5s));
  auto calls = sender_.calls();
  EXPECT_EQ(calls[0].mail, Sample());
  auto q = outbox_.Get(id);
  EXPECT_EQ(calls[0].key, "outbox." + std::to_string(id) + "." + std::to_string(q->created_at_ms));
  worker.Stop();
  EXPECT_EQ(worker.stats().sent, 1);
  ASSERT_EQ(LogLines().size(), 1u);
  EXPECT_EQ(LogLines()[0], "mail: sent #" + std::to_string(id) + " (verify-email)");
}

TEST_P(MailWorkerTest, WithoutNotifyTheNextPollFindsTheMail) {
  MailWorker worker(outbox_, sender_, Quiet(200ms));
  worker.Start();
  std::this_thread::sleep_for(50ms);
  Enqueue(Sample());  // as if by another server, which cannot notify this one
  EXPECT_TRUE(sender_.WaitForCalls(1, 5s));
}

TEST_P(MailWorkerTest, AFailedSendIsRecordedForARetryAndEndsTheRound) {
  SystemTime now = FromMillis(1'700'000'000'000);
  Outbox outbox(db(), {}, [&] { return now; });
  for (int i = 0; i < 3; ++i) {
    ASSERT_TRUE(db().Write([&](Transaction& tx) {
                      return outbox.Enqueue(tx, Sample("m" + std::to_string(i) + "@example.se"));
                    })
                    .ok());
  }
  sender_.Answer([](std::stop_token) { return Down(); });
  MailWorkerOptions options = Quiet(1h);
  options.clock = [&] { return now; };
  MailWorker worker(outbox, sender_, options);
  auto attempted = worker.SendDue();
  ASSERT_TRUE(attempted.ok());
  EXPECT_EQ(*attempted, 1);  // the server is down: the other two keep their attempts
  auto page = outbox.List({}, {});
  const QueuedMail& first = page->mails.back();
  EXPECT_EQ(first.status, OutboxStatus::kPending);
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.next_attempt_at_ms, ToMillis(now + 1min));
  EXPECT_EQ(first.last_error, "smtp: Couldn't connect to server");
  EXPECT_EQ(page->mails[0].attempts, 0);
  EXPECT_EQ(worker.stats().failed_attempts, 1);
  ASSERT_EQ(LogLines().size(), 1u);
  EXPECT_NE(LogLines()[0].find("attempt 1 of #" + std::to_string(first.id) +
                               " (verify-email) failed, next in 60 s"),
            std::string::npos)
      << LogLines()[0];
  for (const auto& line : LogLines()) EXPECT_EQ(line.find("example.se"), std::string::npos) << line;

  sender_.Answer(nullptr);
  now += 1min;
  attempted = worker.SendDue();
  EXPECT_EQ(*attempted, 3);
  EXPECT_EQ(outbox.Counts()->sent, 3);
}

TEST_P(MailWorkerTest, AMailTheSenderRefusesIsGivenUpAtOnce) {
  Enqueue(Sample());
  Enqueue(Sample("other@example.se"));
  sender_.Answer([](std::stop_token) -> Status {
    return Error::InvalidField("to", "Enter an e-mail address like name@example.se.");
  });
  MailWorker worker(outbox_, sender_, Quiet(1h));
  auto attempted = worker.SendDue();
  ASSERT_TRUE(attempted.ok());
  EXPECT_EQ(*attempted, 2);  // a refused mail says nothing about the next one
  EXPECT_EQ(outbox_.Counts()->failed, 2);
  EXPECT_EQ(worker.stats().given_up, 2);
}

TEST_P(MailWorkerTest, StopJoinsPromptlyWhileIdle) {
  MailWorker worker(outbox_, sender_, Quiet(1h));
  worker.Start();
  std::this_thread::sleep_for(100ms);
  auto start = Steady::now();
  worker.Stop();
  EXPECT_LT(Steady::now() - start, 1s);
  worker.Stop();  // idempotent
}

TEST_P(MailWorkerTest, StopAbortsASendInProgressAndTheMailIsRetriedLater) {
  sender_.Answer([](std::stop_token stop) -> Status {
    std::mutex mu;
    std::condition_variable_any cv;
    std::unique_lock lock(mu);
    cv.wait_for(lock, stop, 60s, [] { return false; });
    return Error(ErrorCode::kUnavailable,
                 "The e-mail could not be sent. It will be tried again later.")
        .WithLogDetail("smtp: stopped while sending");
  });
  Enqueue(Sample());
  MailWorker worker(outbox_, sender_, Quiet(1h));
  worker.Start();
  ASSERT_TRUE(sender_.WaitForCalls(1, 5s));
  auto start = Steady::now();
  worker.Stop();
  EXPECT_LT(Steady::now() - start, 2s);
  auto q = outbox_.Get(OnlyId());
  EXPECT_EQ(q->status, OutboxStatus::kPending);
  EXPECT_EQ(q->attempts, 1);
  EXPECT_EQ(q->last_error, "smtp: stopped while sending");
}

TEST_P(MailWorkerTest, DestroyingARunningWorkerStopsIt) {
  auto start = Steady::now();
  {
    MailWorker worker(outbox_, sender_, Quiet(1h));
    worker.Start();
    worker.Start();  // a second start does nothing
    worker.Notify();
  }
  EXPECT_LT(Steady::now() - start, 2s);
}

INSTANTIATE_TEST_SUITE_P(Engines, MailWorkerTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::jobs
