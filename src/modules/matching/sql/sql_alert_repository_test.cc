// Alerts on every engine the test run has: the queue written with the item, the runner that
// records alerts and queues one digest per account in the same transaction, never twice, the
// thresholds and switches of a subscription, an account's own alerts only, and erasure.
#include <gtest/gtest.h>

#include <stop_token>

#include "auth/sql/sql_account_repository.h"
#include "jobs/outbox.h"
#include "modules/matching/alerts/alert_job.h"
#include "modules/matching/sql/sql_alert_repository.h"
#include "modules/matching/sql/sql_matching_repository.h"
#include "storage/test_databases.h"

namespace samverkan::matching {
namespace {

using storage::Engine;
using storage::Param;

const MatchWeights kWeights;

// The ranking as the test sets it: the engine itself is tested elsewhere.
class FixedSource : public MatchSource {
 public:
  std::vector<Suggestion> offers, needs;
  int calls = 0;
  Result<std::vector<Suggestion>> OffersForNeed(const Need&, size_t) override {
    ++calls;
    return offers;
  }
  Result<std::vector<Suggestion>> NeedsForOffer(const Offer&, size_t) override {
    ++calls;
    return needs;
  }
  void CatchUp() override {}
};

Suggestion Suggest(int64_t id, double share) {
  Suggestion s;
  s.id = id;
  s.score = share * MaxScore(kWeights);
  return s;
}

std::string Translate(Language lang, std::string_view msgid) {
  return (lang == Language::kSwedish ? "[sv] " : "") + std::string(msgid);
}

class AlertStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    std::vector<storage::Migration> all = auth::AccountMigrations();
    for (auto& m : jobs::OutboxMigrations()) all.push_back(m);
    for (auto& m : MatchingMigrations()) all.push_back(m);
    for (auto& m : AlertMigrations()) all.push_back(m);
    auto migrated = storage::ApplyMigrations(db(), all);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    // Accounts: 1 represents the city (actor 1); 2 and 3 the enterprise (actor 2), 3 has not
    // verified the address; 4 represents nobody.
    Status s = db().Write([](storage::Transaction& tx) -> Status {
      struct U { int64_t id; const char* email; const char* lang; bool verified; };
      for (const U& u : {U{1, "stad@example.se", "sv", true}, U{2, "anna@example.se", "en", true},
                         U{3, "bo@example.se", "sv", false}, U{4, "ove@example.se", "sv", true}}) {
        auto r = tx.Execute(
            "INSERT INTO users (id, email, display_name, password_hash, language, verified_at, "
            "created_at) VALUES ($1, $2, 'X', 'x', $3, $4, 1)",
            {Param(u.id), Param(u.email), Param(u.lang),
             u.verified ? Param(int64_t{1}) : storage::Value(storage::Null{})});
        if (!r.ok()) return std::move(r).error();
      }
      for (auto [user, actor] : {std::pair{1, 1}, std::pair{2, 2}, std::pair{3, 2}}) {
        auto r = tx.Execute("INSERT INTO user_actors (user_id, actor_id) VALUES ($1, $2)",
                            {Param(user), Param(actor)});
        if (!r.ok()) return std::move(r).error();
      }
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().log_detail();
  }

  storage::Database& db() { return test_db_.db(); }

  // Saves through the queueing scope, as MatchingService does.
  int64_t SaveNeed(ItemStatus status = ItemStatus::kOpen) {
    NeedRecord r;
    r.need.title.sv = "Minska ensamheten bland äldre";
    r.need.status = status;
    r.actor_id = 1;
    r.updated_at = 1;
    int64_t id = 0;
    Status s = AlertQueueingScope(&db(), [] { return int64_t{1}; }, [this] { ++woken_; })(
        [&](MatchingRepository& repo) -> Status {
          auto inserted = repo.InsertNeed(r);
          if (!inserted.ok()) return std::move(inserted).error();
          id = *inserted;
          return Status::Ok();
        });
    EXPECT_TRUE(s.ok());
    return id;
  }
  int64_t SaveOffer(int64_t actor, const char* title) {
    OfferRecord r;
    r.offer.title.sv = std::string(title) + " (sv)";
    r.offer.title.en = title;
    r.actor_id = actor;
    r.updated_at = 1;
    int64_t id = 0;
    Status s = AlertQueueingScope(&db(), [] { return int64_t{1}; }, nullptr)(
        [&](MatchingRepository& repo) -> Status {
          auto inserted = repo.InsertOffer(r);
          if (!inserted.ok()) return std::move(inserted).error();
          id = *inserted;
          return Status::Ok();
        });
    EXPECT_TRUE(s.ok());
    return id;
  }

  std::unique_ptr<AlertJob> Job() {
    return std::make_unique<AlertJob>(
        db(), source_, kWeights, Translate,
        AlertJobOptions{.public_url = "https://samverkan.example",
                        .now_ms = [this] { return now_; },
                        .notify_mail = [this] { ++mail_notified_; },
                        .log = [](const std::string&) {}});
  }

  int64_t Count(const char* sql) {
    auto row = db().Read([&](storage::Transaction& tx) { return tx.QueryOne(sql); });
    EXPECT_TRUE(row.ok());
    return row.ok() && row->has_value() ? (*row)->Int(0) : -1;
  }

  std::vector<jobs::QueuedMail> Mails() {
    jobs::Outbox outbox(db());
    auto page = outbox.List({.kind = "matching-alert"}, {.limit = 100});
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->mails : std::vector<jobs::QueuedMail>{};
  }

  AlertService Service() {
    return AlertService(SqlAlertScope(&db(), storage::TxMode::kWrite),
                        SqlAlertScope(&db(), storage::TxMode::kRead), [] { return int64_t{77}; });
  }

  static Principal Person(int64_t id, std::set<int64_t> actors) {
    Principal p;
    p.user_id = id;
    p.actor_ids = std::move(actors);
    p.roles = {Role::kRepresentative};
    p.method = AuthMethod::kSession;
    return p;
  }

  storage::TestDatabase test_db_{GetParam()};
  FixedSource source_;
  int woken_ = 0;
  int64_t now_ = 1000;  // the job's clock, in ms
  int mail_notified_ = 0;
};

TEST_P(AlertStoreTest, ANewNeedAlertsTheOfferersAboveTheThresholdAndMailsOnceEach) {
  int64_t strong = SaveOffer(2, "Dinner clubs");
  int64_t weak = SaveOffer(2, "Bicycle repair");
  int64_t need = SaveNeed();
  EXPECT_EQ(woken_, 1) << "the runner is woken after the commit";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 3);
  source_.offers = {Suggest(strong, 0.70), Suggest(weak, 0.40)};  // good is 45 %
  source_.needs = {Suggest(need, 0.70)};

  auto job = Job();
  auto created = job->RunPending();
  ASSERT_TRUE(created.ok()) << created.error().log_detail();
  // The need: accounts 2 and 3 about the strong offer (the weak one is below 45 %). Each
  // offer's run: account 1 about its need (two pairs, two alerts).
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE own_kind = 'offer'"), 2);
  EXPECT_EQ(Count(("SELECT COUNT(*) FROM matching_alerts WHERE own_item_id = " +
                   std::to_string(weak) + " AND own_kind = 'offer'").c_str()),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE own_kind = 'need'"), 2);
  auto mails = Mails();
  // Account 3 has no verified address: an alert, no mail. Account 2 gets one digest; account 1
  // gets one per offer run (each run is its own digest).
  int to_anna = 0, to_bo = 0, to_stad = 0;
  for (const auto& m : mails) {
    to_anna += m.mail.to == "anna@example.se";
    to_bo += m.mail.to == "bo@example.se";
    to_stad += m.mail.to == "stad@example.se";
  }
  EXPECT_EQ(to_anna, 1);
  EXPECT_EQ(to_bo, 0);
  EXPECT_GE(to_stad, 1);
  for (const auto& m : mails) {
    if (m.mail.to != "anna@example.se") continue;
    EXPECT_EQ(m.mail.language, Language::kEnglish);
    EXPECT_NE(m.mail.text.find("Dinner clubs"), std::string::npos) << m.mail.text;
    EXPECT_NE(m.mail.text.find("https://samverkan.example/behov/" + std::to_string(need)),
              std::string::npos);
    EXPECT_EQ(m.mail.text.find("stad@example.se"), std::string::npos) << "no addresses";
    EXPECT_EQ(m.mail.text.find("Bicycle repair"), std::string::npos) << "below the threshold";
  }
  EXPECT_GE(mail_notified_, 1);

  // Saved again (edited while open): queued again, but nothing is delivered twice.
  Status again = AlertQueueingScope(&db(), [] { return int64_t{2}; }, nullptr)(
      [&](MatchingRepository& repo) -> Status {
        auto r = repo.FindNeed(need);
        if (!r.ok()) return std::move(r).error();
        return repo.UpdateNeed(**r);
      });
  ASSERT_TRUE(again.ok());
  size_t mails_before = Mails().size();
  int64_t alerts_before = Count("SELECT COUNT(*) FROM matching_alerts");
  auto second = job->RunPending();
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second, 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts"), alerts_before);
  EXPECT_EQ(Mails().size(), mails_before);
}

// A stop asked for ends a run before the next item: what is left stays queued for the next.
TEST_P(AlertStoreTest, AStoppedRunLeavesTheRestQueued) {
  SaveOffer(2, "Dinner clubs");
  SaveOffer(2, "Bicycle repair");
  source_.needs = {};
  std::stop_source stop;
  stop.request_stop();
  auto stopped = Job()->RunPending(stop.get_token());
  ASSERT_TRUE(stopped.ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 2);
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 0);
}

TEST_P(AlertStoreTest, TheBelowThresholdPairAndDraftsAlertNobody) {
  int64_t weak = SaveOffer(2, "Bicycle repair");
  int64_t draft = SaveNeed(ItemStatus::kDraft);
  EXPECT_GT(draft, 0);
  source_.needs = {};  // the offer's run finds nothing
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 0);
  int64_t need = SaveNeed();
  source_.offers = {Suggest(weak, 0.44)};
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts"), 0);
  EXPECT_TRUE(Mails().empty());
  EXPECT_GT(need, 0);
}

TEST_P(AlertStoreTest, SubscriptionsChangeTheThresholdAndTheMail) {
  int64_t offer = SaveOffer(2, "Dinner clubs");
  ASSERT_TRUE(Job()->RunPending().ok());  // the offer's own run: no needs yet
  AlertService service = Service();
  // Anna wants every plausible match, without mail; Bo switches alerts off.
  auto set = service.SetSubscription(
      Person(2, {2}), {.own_kind = ItemKind::kOffer, .own_item_id = offer, .enabled = true,
                       .email = false, .level = AlertLevel::kBroad});
  ASSERT_TRUE(set.ok());
  ASSERT_TRUE(service
                  .SetSubscription(Person(3, {2}), {.own_kind = ItemKind::kOffer,
                                                    .own_item_id = offer,
                                                    .enabled = false})
                  .ok());
  // Someone who does not represent the enterprise may keep a choice (it is only theirs), but it
  // alerts them of nothing; an unknown item is not found.
  auto other = service.SetSubscription(
      Person(4, {}), {.own_kind = ItemKind::kOffer, .own_item_id = offer, .level = AlertLevel::kBroad});
  ASSERT_TRUE(other.ok());
  auto unknown = service.SetSubscription(Person(2, {2}), {.own_kind = ItemKind::kNeed, .own_item_id = 999});
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.error().IsNotFound());

  SaveNeed();
  source_.offers = {Suggest(offer, 0.35)};
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE account_id = 2"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE account_id = 3"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE account_id = 4"), 0);
  EXPECT_TRUE(Mails().empty());

  auto subs = service.Subscriptions(Person(2, {2}));
  ASSERT_TRUE(subs.ok());
  ASSERT_EQ(subs->size(), 1u);
  EXPECT_EQ((*subs)[0].subscription.level, AlertLevel::kBroad);
  EXPECT_FALSE((*subs)[0].subscription.email);
}

TEST_P(AlertStoreTest, EachAccountSeesAndMarksOnlyItsOwnAlertsAndErasureRemovesThem) {
  int64_t offer = SaveOffer(2, "Dinner clubs");
  int64_t need = SaveNeed();
  source_.offers = {Suggest(offer, 0.8)};
  ASSERT_TRUE(Job()->RunPending().ok());
  AlertService service = Service();
  auto mine = service.List(Person(2, {2}), false, 50);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->size(), 1u);
  const AlertView& v = mine->front();
  EXPECT_EQ(v.alert.own_item_id, offer);
  EXPECT_EQ(v.alert.other_item_id, need);
  EXPECT_EQ(v.own_title.en, "Dinner clubs");
  EXPECT_EQ(v.other_title.sv, "Minska ensamheten bland äldre");
  EXPECT_TRUE(v.alert.mailed_at.has_value());
  EXPECT_EQ(*service.UnreadCount(Person(2, {2})), 1);

  auto theirs = service.List(Person(4, {}), false, 50);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  auto stolen = service.MarkRead(Person(4, {}), v.alert.id);
  ASSERT_TRUE(stolen.ok());
  EXPECT_FALSE(*stolen) << "another account's alert is left alone";
  auto none = service.MarkRead(Person(2, {2}), v.alert.id + 1000);
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(*none);
  EXPECT_EQ(*service.UnreadCount(Person(2, {2})), 1);
  EXPECT_FALSE(service.List(Principal{}, false, 10).ok());

  auto marked = service.MarkRead(Person(2, {2}), v.alert.id);
  ASSERT_TRUE(marked.ok());
  EXPECT_TRUE(*marked);
  EXPECT_EQ(*service.UnreadCount(Person(2, {2})), 0);
  EXPECT_TRUE(service.MarkRead(Person(2, {2}), v.alert.id).ok()) << "marking twice is harmless";

  auto exported = service.Export(Person(2, {2}));
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported->first.size(), 1u);
  ASSERT_TRUE(service.Erase(Person(2, {2})).ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE account_id = 2"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE account_id = 3"), 1);
}

TEST_P(AlertStoreTest, AFailedItemStaysQueuedWritesNothingAndDoesNotHoldUpTheOthers) {
  int64_t offer = SaveOffer(2, "Dinner clubs");
  ASSERT_TRUE(Job()->RunPending().ok());
  int64_t need = SaveNeed();
  // The need's digest cannot be queued (an address the outbox refuses): its whole run rolls back.
  ASSERT_TRUE(db().Write([](storage::Transaction& tx) -> Status {
                    auto r = tx.Execute("UPDATE users SET email = 'not an address' WHERE id = 2");
                    if (!r.ok()) return std::move(r).error();
                    return Status::Ok();
                  }).ok());
  source_.offers = {Suggest(offer, 0.8)};
  // An offer queued after it, whose alert goes to the need owner's representative.
  SaveOffer(2, "Walking groups");
  source_.needs = {Suggest(need, 0.8)};
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE own_kind = 'offer'"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE own_kind = 'need'"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue WHERE attempts = 1 AND not_before = 2000"), 1)
      << "deferred by a second (the clock stands at 1000 ms)";
  // Not due yet: a second run leaves it alone; once the address is mended and it is due, it
  // is done.
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue WHERE attempts = 1"), 1);
  ASSERT_TRUE(db().Write([](storage::Transaction& tx) -> Status {
                    auto r = tx.Execute("UPDATE users SET email = 'mended@example.se' WHERE id = 2");
                    if (!r.ok()) return std::move(r).error();
                    return Status::Ok();
                  }).ok());
  now_ = 2000;
  ASSERT_TRUE(Job()->RunPending().ok());
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alert_queue"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM matching_alerts WHERE own_kind = 'offer'"), 2)
      << "both representatives of the offering actor";
}

INSTANTIATE_TEST_SUITE_P(Engines, AlertStoreTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::matching
