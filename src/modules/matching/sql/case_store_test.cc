// Match cases over the SQL repositories, on every engine the test run has (SQLite always,
// PostgreSQL when SAMVERKAN_TEST_POSTGRES is set): the whole way from a request to a completed
// agreement, the notices queued with each step, refusals that change nothing, the lists, the
// personal data of an account, and migration 2 on a database that already holds items.
#include <gtest/gtest.h>

#include "modules/matching/domain/case_service.h"
#include "modules/matching/domain/matching_service.h"
#include "modules/matching/domain/matching_testing.h"
#include "modules/matching/sql/sql_case_repository.h"
#include "modules/matching/sql/sql_matching_repository.h"
#include "storage/test_databases.h"

namespace samverkan::matching {
namespace {

using storage::Engine;
using testing::TestReference;

// Three actors: 1 and 2 own the need and the offer, 3 is unrelated.
Result<std::optional<ActorKey>> Actors(const std::string& ref) {
  for (int64_t id : {1, 2, 3}) {
    if (ref == std::to_string(id) || ref == "actor-" + std::to_string(id)) {
      return std::optional<ActorKey>(ActorKey{id, "actor-" + std::to_string(id)});
    }
  }
  return std::optional<ActorKey>();
}

Principal Rep(int64_t actor) {
  Principal p;
  p.user_id = 100 + actor;
  p.roles = {Role::kRepresentative};
  p.actor_ids = {actor};
  p.method = AuthMethod::kSession;
  return p;
}

Principal Editor() {
  Principal p;
  p.user_id = 50;
  p.roles = {Role::kEditor};
  p.method = AuthMethod::kSession;
  return p;
}

struct RecordingNotices : CaseNotices {
  std::vector<CaseNotice>* sink;
  explicit RecordingNotices(std::vector<CaseNotice>* s) : sink(s) {}
  Status Notify(const CaseNotice& n) override {
    sink->push_back(n);
    return Status::Ok();
  }
};

class CaseStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto migrated = storage::ApplyMigrations(db(), MatchingMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    items_ = std::make_unique<MatchingService>(ItemScope(storage::TxMode::kWrite),
                                               ItemScope(storage::TxMode::kRead),
                                               &TestReference(), Actors, [this] { return now_; });
    cases_ = std::make_unique<CaseService>(
        CaseScopeFor(storage::TxMode::kWrite), CaseScopeFor(storage::TxMode::kRead),
        &TestReference(),
        [](const Principal&, const NeedRecord&, int64_t) { return std::optional<double>(0.75); },
        [this] { return now_; });
    need_ = MakeNeed(1);
    offer_ = MakeOffer(2);
  }

  storage::Database& db() { return test_db_.db(); }

  RepositoryScope ItemScope(storage::TxMode mode) {
    return [this, mode](const std::function<Status(MatchingRepository&)>& work) -> Status {
      return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlMatchingRepository repo(tx);
        return work(repo);
      });
    };
  }

  CaseScope CaseScopeFor(storage::TxMode mode) {
    return [this, mode](const std::function<Status(CaseTx&)>& work) -> Status {
      std::vector<CaseNotice> pending;
      Status s = db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlCaseRepository cases(tx);
        SqlMatchingRepository items(tx);
        RecordingNotices notices(&pending);
        CaseTx ctx{cases, items, notices};
        return work(ctx);
      });
      // Like the outbox: notices exist only when the step committed.
      if (s.ok()) notices_.insert(notices_.end(), pending.begin(), pending.end());
      return s;
    };
  }

  int64_t MakeNeed(int64_t actor) {
    Need n;
    n.owner = std::to_string(actor);
    n.title.sv = "Läxhjälp för barn i Umeå";
    n.where.municipality = "2480";
    auto r = items_->CreateNeed(Rep(actor), n);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? r->need.id : 0;
  }

  int64_t MakeOffer(int64_t actor) {
    Offer o;
    o.actor = std::to_string(actor);
    o.title.sv = "Läxcafé med volontärer";
    o.reach.national = true;
    auto r = items_->CreateOffer(Rep(actor), o);
    EXPECT_TRUE(r.ok()) << r.error().message();
    return r.ok() ? r->offer.id : 0;
  }

  int64_t Count(const char* table) {
    auto r = db().Read([&](storage::Transaction& tx) {
      return tx.QueryOne(std::string("SELECT COUNT(*) FROM ") + table);
    });
    EXPECT_TRUE(r.ok());
    return r.ok() && r->has_value() ? (*r)->Int(0) : -1;
  }

  storage::TestDatabase test_db_{GetParam()};
  int64_t now_ = 1'700'000'000'000;
  std::unique_ptr<MatchingService> items_;
  std::unique_ptr<CaseService> cases_;
  std::vector<CaseNotice> notices_;
  int64_t need_ = 0;
  int64_t offer_ = 0;
};

TEST_P(CaseStoreTest, FromRequestToCompletedAgreement) {
  auto opened = cases_->RequestContact(Rep(1), std::to_string(need_), std::to_string(offer_), false,
                                       "Hej! Vi vill gärna prata.");
  ASSERT_TRUE(opened.ok()) << opened.error().message() << opened.error().log_detail();
  const int64_t id = opened->id;
  EXPECT_EQ(opened->state, CaseState::kContactRequested);
  EXPECT_EQ(opened->opened_by_actor, 1);
  ASSERT_EQ(notices_.size(), 1u);
  EXPECT_EQ(notices_[0].kind, NoticeKind::kContactRequested);
  EXPECT_EQ(notices_[0].to_actor, 2);
  EXPECT_EQ(notices_[0].case_id, id);

  // The offer's side accepts with a message; the need's side is told.
  now_ += 1000;
  auto accepted = cases_->Step(Rep(2), id, CaseState::kInDialogue, "Välkomna, vi ses!");
  ASSERT_TRUE(accepted.ok()) << accepted.error().message();
  EXPECT_EQ(notices_.back().kind, NoticeKind::kAccepted);
  EXPECT_EQ(notices_.back().to_actor, 1);

  now_ += 1000;
  auto message = cases_->PostMessage(Rep(1), id, "Passar tisdag?");
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(notices_.back().kind, NoticeKind::kMessage);
  EXPECT_EQ(notices_.back().to_actor, 2);

  now_ += 1000;
  auto agreement =
      cases_->RecordAgreement(Rep(2), id,
                              Agreement{.collaboration_form = "iop",
                                        .value_sek = 120000,
                                        .starts_on = "2026-02-01",
                                        .ends_on = std::string("2026-12-31")});
  ASSERT_TRUE(agreement.ok()) << agreement.error().message();
  now_ += 1000;
  auto completed = cases_->Step(Rep(1), id, CaseState::kCompleted, "");
  ASSERT_TRUE(completed.ok()) << completed.error().message();

  auto detail = cases_->Get(Rep(2), id);
  ASSERT_TRUE(detail.ok());
  const MatchCase& c = detail->summary.c;
  EXPECT_EQ(c.state, CaseState::kCompleted);
  ASSERT_TRUE(c.score.has_value());
  EXPECT_DOUBLE_EQ(*c.score, 0.75);
  EXPECT_EQ(c.need_actor, 1);
  EXPECT_EQ(c.offer_actor, 2);
  EXPECT_EQ(c.created_at, 1'700'000'000'000);
  EXPECT_EQ(c.updated_at, now_);
  EXPECT_EQ(detail->summary.need.need.id, need_);
  ASSERT_EQ(detail->events.size(), 4u);
  EXPECT_EQ(detail->events[0].from_state, std::optional<CaseState>(CaseState::kSuggested));
  EXPECT_EQ(detail->events[0].to_state, CaseState::kContactRequested);
  EXPECT_EQ(detail->events[0].by_account, std::optional<int64_t>(101));
  EXPECT_EQ(detail->events[0].by_actor, std::optional<int64_t>(1));
  EXPECT_EQ(detail->events[1].to_state, CaseState::kInDialogue);
  EXPECT_EQ(detail->events[1].note, "Välkomna, vi ses!");
  EXPECT_EQ(detail->events[1].by_actor, std::optional<int64_t>(2));
  EXPECT_EQ(detail->events[2].to_state, CaseState::kAgreement);
  EXPECT_EQ(detail->events[3].to_state, CaseState::kCompleted);
  ASSERT_EQ(detail->messages.size(), 3u);  // the request's note, the acceptance, the question
  EXPECT_EQ(detail->messages[0].body, "Hej! Vi vill gärna prata.");
  EXPECT_EQ(detail->messages[2].body, "Passar tisdag?");
  EXPECT_EQ(detail->messages[2].by_actor, 1);
  ASSERT_TRUE(detail->agreement.has_value());
  EXPECT_EQ(detail->agreement->collaboration_form, "iop");
  EXPECT_EQ(detail->agreement->value_sek, 120000);
  EXPECT_EQ(detail->agreement->ends_on, std::optional<std::string>("2026-12-31"));
  EXPECT_EQ(detail->agreement->recorded_by, std::optional<int64_t>(102));

  // Closed: no message, no decline.
  EXPECT_EQ(cases_->PostMessage(Rep(1), id, "Hej").error().code(), ErrorCode::kConflict);
  EXPECT_EQ(cases_->Step(Rep(2), id, CaseState::kDeclined, "Nej").error().code(),
            ErrorCode::kConflict);
}

TEST_P(CaseStoreTest, RefusalsChangeNothing) {
  auto opened = cases_->RequestContact(Rep(1), std::to_string(need_), std::to_string(offer_), false, "");
  ASSERT_TRUE(opened.ok());
  const int64_t id = opened->id;
  const size_t notices = notices_.size();
  const int64_t events = Count("matching_case_events");

  // An unrelated organisation's representative sees nothing and does nothing.
  EXPECT_EQ(cases_->Get(Rep(3), id).error().code(), ErrorCode::kNotFound);
  EXPECT_EQ(cases_->Step(Rep(3), id, CaseState::kDeclined, "Nej").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->PostMessage(Rep(3), id, "Hej").error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->RequestContact(Rep(3), std::to_string(need_), std::to_string(offer_), false, "")
                .error()
                .code(),
            ErrorCode::kPermissionDenied);
  auto listed = cases_->List(Rep(3));
  ASSERT_TRUE(listed.ok());
  EXPECT_TRUE(listed->empty());
  // The requester cannot accept its own request, nor record an agreement before the dialogue.
  EXPECT_EQ(cases_->Step(Rep(1), id, CaseState::kInDialogue, "Ja").error().code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(cases_->RecordAgreement(Rep(1), id, Agreement{.collaboration_form = "iop",
                                                           .starts_on = "2026-01-01"})
                .error()
                .code(),
            ErrorCode::kConflict);
  // A second request for the same pair.
  EXPECT_EQ(cases_->RequestContact(Rep(2), std::to_string(need_), std::to_string(offer_), true, "")
                .error()
                .code(),
            ErrorCode::kConflict);
  EXPECT_EQ(cases_->Step(Rep(2), 999999, CaseState::kDeclined, "Nej").error().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(notices_.size(), notices);
  EXPECT_EQ(Count("matching_case_events"), events);
  EXPECT_EQ(Count("matching_cases"), 1);

  // A bad agreement changes nothing either.
  ASSERT_TRUE(cases_->Step(Rep(2), id, CaseState::kInDialogue, "Ja").ok());
  auto bad = cases_->RecordAgreement(
      Rep(2), id, Agreement{.collaboration_form = "nope", .value_sek = 5, .starts_on = "2026-05-01",
                            .ends_on = std::string("2026-04-01")});
  ASSERT_FALSE(bad.ok());
  ASSERT_TRUE(bad.error().IsInvalid());
  EXPECT_EQ(bad.error().fields().size(), 2u);
  EXPECT_EQ(Count("matching_agreements"), 0);
  EXPECT_EQ(cases_->Get(Rep(1), id)->summary.c.state, CaseState::kInDialogue);
}

TEST_P(CaseStoreTest, DeclineWithReasonAndListsOfEachSide) {
  const int64_t other_offer = MakeOffer(3);
  auto a = cases_->RequestContact(Rep(1), std::to_string(need_), std::to_string(offer_), false, "");
  now_ += 10;
  auto b = cases_->RequestContact(Rep(3), std::to_string(need_), std::to_string(other_offer), true, "");
  ASSERT_TRUE(a.ok());
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_EQ(b->opened_by_actor, 3);
  EXPECT_EQ(notices_.back().to_actor, 1);

  auto declined = cases_->Step(Rep(1), b->id, CaseState::kDeclined, "Vi har redan en partner.");
  ASSERT_TRUE(declined.ok());
  EXPECT_EQ(notices_.back().kind, NoticeKind::kDeclined);
  EXPECT_EQ(notices_.back().to_actor, 3);

  auto need_side = cases_->List(Rep(1));
  ASSERT_TRUE(need_side.ok());
  ASSERT_EQ(need_side->size(), 2u);
  EXPECT_EQ(need_side->front().c.id, b->id);  // the newest change first
  auto offer_side = cases_->List(Rep(2));
  ASSERT_TRUE(offer_side.ok());
  ASSERT_EQ(offer_side->size(), 1u);
  EXPECT_EQ(offer_side->front().offer.offer.id, offer_);
  auto all = cases_->List(Editor());
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), 2u);
  auto of_need = cases_->CasesOf(Rep(1), ItemKind::kNeed, need_);
  ASSERT_TRUE(of_need.ok());
  EXPECT_EQ(of_need->at(offer_), a->id);
  EXPECT_EQ(of_need->at(other_offer), b->id);
  EXPECT_EQ(cases_->CasesOf(Rep(2), ItemKind::kNeed, need_)->size(), 1u);

  // An editor acting for neither side tells both.
  const size_t before = notices_.size();
  ASSERT_TRUE(cases_->PostMessage(Editor(), a->id, "Hör av er om ni behöver hjälp.").ok());
  ASSERT_EQ(notices_.size(), before + 2);
}

TEST_P(CaseStoreTest, PersonalDataOfAnAccount) {
  auto opened = cases_->RequestContact(Rep(1), std::to_string(need_), std::to_string(offer_), false,
                                       "Hej från oss");
  ASSERT_TRUE(opened.ok());
  ASSERT_TRUE(cases_->Step(Rep(2), opened->id, CaseState::kInDialogue, "Hej tillbaka").ok());
  auto events = cases_->EventsBy(101);
  ASSERT_TRUE(events.ok());
  ASSERT_EQ(events->size(), 1u);
  auto messages = cases_->MessagesBy(101);
  ASSERT_TRUE(messages.ok());
  ASSERT_EQ(messages->size(), 1u);
  EXPECT_EQ(messages->front().body, "Hej från oss");

  ASSERT_TRUE(cases_->Erase(101).ok());
  EXPECT_TRUE(cases_->EventsBy(101)->empty());
  EXPECT_TRUE(cases_->MessagesBy(101)->empty());
  // The steps stay, on behalf of the organisation, without the person.
  auto detail = cases_->Get(Rep(2), opened->id);
  ASSERT_TRUE(detail.ok());
  ASSERT_EQ(detail->events.size(), 2u);
  EXPECT_FALSE(detail->events[0].by_account.has_value());
  EXPECT_EQ(detail->events[0].by_actor, std::optional<int64_t>(1));
  EXPECT_EQ(detail->events[1].by_account, std::optional<int64_t>(102));
  EXPECT_FALSE(detail->messages[0].by_account.has_value());
}

TEST_P(CaseStoreTest, ItemsKeepTheirCreationTime) {
  auto need = items_->GetNeed(Principal{}, std::to_string(need_));
  ASSERT_TRUE(need.ok());
  EXPECT_EQ(need->created_at, 1'700'000'000'000);
  now_ += 5000;
  Need changed = need->need;
  changed.title.sv = "Läxhjälp, nu även på lördagar";
  auto saved = items_->UpdateNeed(Rep(1), std::to_string(need_), changed);
  ASSERT_TRUE(saved.ok());
  auto again = items_->GetNeed(Principal{}, std::to_string(need_));
  EXPECT_EQ(again->created_at, 1'700'000'000'000);
  EXPECT_EQ(again->updated_at, now_);
}

TEST(CaseMigrationTest, BackfillsCreatedAtOnAnExistingDatabase) {
  for (Engine engine : storage::TestEngines()) {
    storage::TestDatabase test_db(engine);
    auto all = MatchingMigrations();
    ASSERT_EQ(all.size(), 2u);
    ASSERT_TRUE(storage::ApplyMigrations(test_db.db(), {all[0]}).ok());
    auto inserted = test_db.db().Write([](storage::Transaction& tx) {
      return tx.Execute(
          "INSERT INTO matching_needs (external_id, actor_id, status, record, updated_at) "
          "VALUES ('old', 1, 'open', '{}', 1234)");
    });
    ASSERT_TRUE(inserted.ok());
    auto migrated = storage::ApplyMigrations(test_db.db(), all);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    auto row = test_db.db().Read([](storage::Transaction& tx) {
      return tx.QueryOne("SELECT created_at FROM matching_needs WHERE external_id = 'old'");
    });
    ASSERT_TRUE(row.ok() && row->has_value());
    EXPECT_EQ((*row)->Int(0), 1234) << storage::TestEngineName(engine);
  }
}

INSTANTIATE_TEST_SUITE_P(Engines, CaseStoreTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::matching
