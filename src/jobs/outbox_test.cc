#include "jobs/outbox.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <set>
#include <thread>

#include "storage/test_databases.h"

namespace samverkan::jobs {
namespace {

using namespace std::chrono_literals;
using storage::Engine;
using storage::Transaction;

const SystemTime kT0 = FromMillis(1'700'000'000'000);

Mail Sample(std::string to = "anna@example.se", std::string kind = "verify-email") {
  return {.to = std::move(to),
          .subject = "Välkommen till Samverkan – åäö",
          .text = "Hej!\nVälkommen.",
          .html = "<p>Hej!</p>",
          .language = Language::kSwedish,
          .kind = std::move(kind)};
}

class OutboxTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto applied = storage::ApplyMigrations(db(), OutboxMigrations());
    ASSERT_TRUE(applied.ok()) << applied.error().log_detail();
  }

  storage::Database& db() { return test_db_.db(); }

  // Enqueues in its own committed transaction, stamped at `now_`.
  void Enqueue(const Mail& mail) {
    Status s = db().Write([&](Transaction& tx) { return outbox_.Enqueue(tx, mail); });
    ASSERT_TRUE(s.ok()) << s.error().log_detail();
  }

  QueuedMail Claim(SystemTime at) {
    auto claimed = outbox_.ClaimNext(at);
    EXPECT_TRUE(claimed.ok()) << claimed.error().log_detail();
    EXPECT_TRUE(claimed.ok() && claimed->has_value());
    return claimed.ok() && claimed->has_value() ? **claimed : QueuedMail{};
  }

  bool NothingDue(SystemTime at) {
    auto claimed = outbox_.ClaimNext(at);
    return claimed.ok() && !claimed->has_value();
  }

  std::vector<QueuedMail> All() {
    auto page = outbox_.List({}, {.limit = kMaxOutboxPage});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->mails : std::vector<QueuedMail>{};
  }

  storage::TestDatabase test_db_{GetParam()};
  SystemTime now_ = kT0;
  OutboxOptions options_;
  Outbox outbox_{db(), options_, [this] { return now_; }};
};

TEST(RetryDelayTest, DoublesFromOneMinuteAndStopsAtSixHours) {
  OutboxOptions o;
  const std::vector<std::pair<int, std::chrono::milliseconds>> cases = {
      {1, 1min}, {2, 2min}, {3, 4min}, {4, 8min}, {9, 256min}, {10, 6h}, {11, 6h}, {100, 6h}};
  for (const auto& [attempts, delay] : cases) EXPECT_EQ(RetryDelay(attempts, o), delay) << attempts;
}

TEST(OutboxStatusTest, NamesRoundTrip) {
  for (auto s : {OutboxStatus::kPending, OutboxStatus::kSent, OutboxStatus::kFailed}) {
    EXPECT_EQ(ParseOutboxStatus(OutboxStatusName(s)), s);
  }
  EXPECT_FALSE(ParseOutboxStatus("queued").has_value());
}

TEST_P(OutboxTest, EnqueuedMailIsStoredPendingAndDueAtOnce) {
  Enqueue(Sample());
  auto mails = All();
  ASSERT_EQ(mails.size(), 1u);
  const QueuedMail& q = mails[0];
  EXPECT_EQ(q.mail, Sample());
  EXPECT_EQ(q.status, OutboxStatus::kPending);
  EXPECT_EQ(q.created_at_ms, ToMillis(kT0));
  EXPECT_EQ(q.next_attempt_at_ms, ToMillis(kT0));
  EXPECT_EQ(q.attempts, 0);
  EXPECT_FALSE(q.sent_at_ms.has_value());
  EXPECT_TRUE(q.last_error.empty());
  auto next = outbox_.NextDue();
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(*next, std::optional<SystemTime>(kT0));
}

TEST_P(OutboxTest, EnqueueInARolledBackTransactionLeavesNothing) {
  Status s = db().Write([&](Transaction& tx) -> Status {
    SAMVERKAN_RETURN_IF_ERROR(outbox_.Enqueue(tx, Sample()));
    return Error::Conflict("That already exists.");  // the change that caused the mail fails
  });
  ASSERT_FALSE(s.ok());
  {
    auto tx = db().Begin(storage::TxMode::kWrite);
    ASSERT_TRUE(tx.ok());
    ASSERT_TRUE(outbox_.Enqueue(*tx, Sample()).ok());
  }  // destroyed without commit
  EXPECT_TRUE(All().empty());
  EXPECT_TRUE(NothingDue(kT0 + 1h));
  auto next = outbox_.NextDue();
  ASSERT_TRUE(next.ok());
  EXPECT_FALSE(next->has_value());
}

TEST_P(OutboxTest, EnqueueRefusesInjectionAndWritesNothing) {
  Mail bad = Sample();
  bad.to = "anna@example.se\r\nBcc: eve@example.com";
  Status s = db().Write([&](Transaction& tx) { return outbox_.Enqueue(tx, bad); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInvalidArgument);
  EXPECT_TRUE(All().empty());
}

TEST_P(OutboxTest, EnqueueNeedsAWriteTransaction) {
  Status s = db().Read([&](Transaction& tx) { return outbox_.Enqueue(tx, Sample()); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kInternal);
}

TEST_P(OutboxTest, ClaimTakesTheLongestDueMailOnceAndLeasesIt) {
  Enqueue(Sample("first@example.se"));
  now_ = kT0 + 1s;
  Enqueue(Sample("second@example.se"));
  EXPECT_TRUE(NothingDue(kT0 - 1ms));

  QueuedMail first = Claim(kT0 + 2s);
  EXPECT_EQ(first.mail.to, "first@example.se");
  EXPECT_EQ(first.attempts, 1);
  EXPECT_EQ(first.next_attempt_at_ms, ToMillis(kT0 + 2s + options_.lease));
  QueuedMail second = Claim(kT0 + 2s);
  EXPECT_EQ(second.mail.to, "second@example.se");
  EXPECT_TRUE(NothingDue(kT0 + 2s));  // both are leased
  EXPECT_TRUE(NothingDue(kT0 + 2s + options_.lease - 1ms));

  // A sender that died: its lease runs out and the mail is claimed again, one attempt on.
  QueuedMail again = Claim(kT0 + 2s + options_.lease);
  EXPECT_EQ(again.id, first.id);
  EXPECT_EQ(again.attempts, 2);
  // The first claim is no longer its sender's to record.
  Status stale = outbox_.MarkSent(first, kT0 + 10min);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code(), ErrorCode::kConflict);
  EXPECT_TRUE(outbox_.MarkSent(again, kT0 + 10min).ok());
}

TEST_P(OutboxTest, MarkSentRecordsTheTimeAndTheMailIsNotClaimedAgain) {
  Enqueue(Sample());
  QueuedMail q = Claim(kT0);
  ASSERT_TRUE(outbox_.MarkSent(q, kT0 + 3s).ok());
  auto got = outbox_.Get(q.id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->status, OutboxStatus::kSent);
  EXPECT_EQ(got->sent_at_ms, ToMillis(kT0 + 3s));
  EXPECT_TRUE(NothingDue(kT0 + 24h));
  EXPECT_FALSE(outbox_.NextDue()->has_value());
  EXPECT_EQ(outbox_.MarkSent(q, kT0 + 4s).error().code(), ErrorCode::kConflict);
}

TEST_P(OutboxTest, FailuresBackOffExponentiallyThenGiveUpAfterTenAttempts) {
  Enqueue(Sample());
  SystemTime at = kT0;
  const std::vector<std::chrono::minutes> expected = {1min,  2min,  4min,   8min,  16min,
                                                      32min, 64min, 128min, 256min};
  for (size_t i = 0; i < expected.size(); ++i) {
    QueuedMail q = Claim(at);
    EXPECT_EQ(q.attempts, static_cast<int>(i) + 1);
    auto status =
        outbox_.MarkFailed(q, "smtp: Couldn't connect to server " + std::to_string(i), at);
    ASSERT_TRUE(status.ok()) << status.error().log_detail();
    EXPECT_EQ(*status, OutboxStatus::kPending);
    auto got = outbox_.Get(q.id);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(got->next_attempt_at_ms, ToMillis(at + expected[i])) << "attempt " << i + 1;
    EXPECT_EQ(got->last_error, "smtp: Couldn't connect to server " + std::to_string(i));
    EXPECT_TRUE(NothingDue(at + expected[i] - 1ms));
    at += expected[i];
  }
  QueuedMail last = Claim(at);
  EXPECT_EQ(last.attempts, 10);
  auto status = outbox_.MarkFailed(last, "smtp: still down", at);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, OutboxStatus::kFailed);
  auto got = outbox_.Get(last.id);
  EXPECT_EQ(got->status, OutboxStatus::kFailed);
  EXPECT_EQ(got->last_error, "smtp: still down");
  EXPECT_TRUE(NothingDue(at + 365 * 24h));
}

TEST_P(OutboxTest, APermanentFailureGivesUpAtOnce) {
  Enqueue(Sample());
  QueuedMail q = Claim(kT0);
  auto status = outbox_.MarkFailed(q, "refused header", kT0, /*permanent=*/true);
  ASSERT_TRUE(status.ok());
  EXPECT_EQ(*status, OutboxStatus::kFailed);
  EXPECT_EQ(outbox_.Get(q.id)->attempts, 1);
}

TEST_P(OutboxTest, AMailWhoseLastLeaseRanOutIsGivenUp) {
  OutboxOptions two{.max_attempts = 2};
  Outbox outbox(db(), two, [this] { return now_; });
  Enqueue(Sample());
  auto first = outbox.ClaimNext(kT0);
  ASSERT_TRUE(first.ok() && first->has_value());
  auto second = outbox.ClaimNext(kT0 + two.lease);  // the first sender died
  ASSERT_TRUE(second.ok() && second->has_value());
  EXPECT_EQ((*second)->attempts, 2);
  auto third = outbox.ClaimNext(kT0 + 2 * two.lease);  // and so did the second
  ASSERT_TRUE(third.ok());
  EXPECT_FALSE(third->has_value());
  auto got = outbox.Get((*first)->id);
  EXPECT_EQ(got->status, OutboxStatus::kFailed);
  EXPECT_FALSE(got->last_error.empty());
}

TEST_P(OutboxTest, RequeueGivesAFailedMailFreshAttempts) {
  Enqueue(Sample());
  QueuedMail q = Claim(kT0);
  ASSERT_TRUE(outbox_.MarkFailed(q, "bad", kT0, true).ok());
  EXPECT_EQ(outbox_.Requeue(q.id + 1000, kT0).error().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(outbox_.Requeue(q.id, kT0 + 1h).ok());
  QueuedMail again = Claim(kT0 + 1h);
  EXPECT_EQ(again.id, q.id);
  EXPECT_EQ(again.attempts, 1);
  EXPECT_EQ(outbox_.Requeue(q.id, kT0).error().code(), ErrorCode::kNotFound);  // not failed
}

TEST_P(OutboxTest, TwoConcurrentClaimersNeverGetTheSameMail) {
  constexpr int kMails = 60;
  for (int i = 0; i < kMails; ++i) Enqueue(Sample("m" + std::to_string(i) + "@example.se"));
  std::mutex mu;
  std::multiset<int64_t> claimed;
  std::atomic<int> errors{0};
  std::atomic<bool> go{false};
  auto claimer = [&] {
    while (!go) std::this_thread::yield();
    while (true) {
      auto r = outbox_.ClaimNext(kT0 + 1s);
      if (!r.ok()) {
        if (++errors > 100) return;  // busy: try again, but not for ever
        continue;
      }
      if (!r->has_value()) return;
      std::lock_guard lock(mu);
      claimed.insert((*r)->id);
    }
  };
  std::vector<std::thread> threads;
  for (int t = 0; t < 3; ++t) threads.emplace_back(claimer);
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(claimed.size(), static_cast<size_t>(kMails));
  EXPECT_EQ(std::set<int64_t>(claimed.begin(), claimed.end()).size(), static_cast<size_t>(kMails));
  EXPECT_EQ(errors, 0);
  for (const auto& q : All()) EXPECT_EQ(q.attempts, 1) << q.id;
}

TEST_P(OutboxTest, ListsNewestFirstWithFiltersAndPages) {
  for (int i = 0; i < 5; ++i) {
    Enqueue(
        Sample("p" + std::to_string(i) + "@example.se", i % 2 ? "password-reset" : "verify-email"));
    now_ += 1s;
  }
  QueuedMail sent = Claim(now_);  // p0
  ASSERT_TRUE(outbox_.MarkSent(sent, now_).ok());

  auto page1 = outbox_.List({}, {.limit = 2});
  ASSERT_TRUE(page1.ok());
  ASSERT_EQ(page1->mails.size(), 2u);
  EXPECT_EQ(page1->mails[0].mail.to, "p4@example.se");
  EXPECT_EQ(page1->mails[1].mail.to, "p3@example.se");
  ASSERT_TRUE(page1->next_before_id.has_value());
  auto page2 = outbox_.List({}, {.limit = 2, .before_id = page1->next_before_id});
  ASSERT_TRUE(page2.ok());
  ASSERT_EQ(page2->mails.size(), 2u);
  EXPECT_EQ(page2->mails[0].mail.to, "p2@example.se");
  auto page3 = outbox_.List({}, {.limit = 2, .before_id = page2->next_before_id});
  ASSERT_EQ(page3->mails.size(), 1u);
  EXPECT_EQ(page3->mails[0].status, OutboxStatus::kSent);
  EXPECT_FALSE(page3->next_before_id.has_value());

  auto resets = outbox_.List({.kind = "password-reset"}, {});
  ASSERT_EQ(resets->mails.size(), 2u);
  auto done = outbox_.List({.status = OutboxStatus::kSent}, {});
  ASSERT_EQ(done->mails.size(), 1u);
  EXPECT_EQ(done->mails[0].mail.to, "p0@example.se");
  auto one = outbox_.List({.status = OutboxStatus::kPending, .to = "p3@example.se"}, {});
  ASSERT_EQ(one->mails.size(), 1u);
  EXPECT_EQ(one->mails[0].mail.kind, "password-reset");

  auto counts = outbox_.Counts();
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(counts->pending, 4);
  EXPECT_EQ(counts->sent, 1);
  EXPECT_EQ(counts->failed, 0);
  EXPECT_EQ(outbox_.List({}, {.limit = 0}).error().code(), ErrorCode::kInvalidArgument);
  EXPECT_EQ(outbox_.List({}, {.limit = kMaxOutboxPage + 1}).error().code(),
            ErrorCode::kInvalidArgument);
}

TEST_P(OutboxTest, PurgeSentDeletesOnlySentMailOlderThanTheCutoff) {
  for (int i = 0; i < 4; ++i) Enqueue(Sample("r" + std::to_string(i) + "@example.se"));
  QueuedMail old_sent = Claim(kT0);
  ASSERT_TRUE(outbox_.MarkSent(old_sent, kT0).ok());
  QueuedMail new_sent = Claim(kT0);
  ASSERT_TRUE(outbox_.MarkSent(new_sent, kT0 + 48h).ok());
  QueuedMail failed = Claim(kT0);
  ASSERT_TRUE(outbox_.MarkFailed(failed, "x", kT0, true).ok());
  auto purged = outbox_.PurgeSent(kT0 + 24h);
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(outbox_.Get(old_sent.id).error().code(), ErrorCode::kNotFound);
  EXPECT_TRUE(outbox_.Get(new_sent.id).ok());
  EXPECT_TRUE(outbox_.Get(failed.id).ok());
  EXPECT_EQ(All().size(), 3u);
}

TEST_P(OutboxTest, KeepsLongErrorsShortAndValid) {
  Enqueue(Sample());
  QueuedMail q = Claim(kT0);
  std::string error(1999, 'x');
  error += "åäö";  // the cut falls inside a character
  ASSERT_TRUE(outbox_.MarkFailed(q, error, kT0).ok());
  EXPECT_EQ(outbox_.Get(q.id)->last_error, std::string(1999, 'x'));
}

INSTANTIATE_TEST_SUITE_P(Engines, OutboxTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::jobs
