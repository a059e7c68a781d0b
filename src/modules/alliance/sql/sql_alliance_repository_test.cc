// AllianceService over the SQL repository, on every engine the test run has (SQLite always,
// PostgreSQL when SAMVERKAN_TEST_POSTGRES is set): applying, one pending application per
// actor, approving and refusing, ending memberships, the registry told each time, goals, the
// audit trail and the personal-data hooks.
#include "modules/alliance/sql/sql_alliance_repository.h"

#include <gtest/gtest.h>

#include <map>

#include "modules/alliance/domain/alliance_service.h"
#include "platform/audit.h"
#include "storage/test_databases.h"

namespace samverkan::alliance {
namespace {

using storage::Engine;

constexpr int64_t kNow = 1'790'000'000'000;  // 2026-09-21
constexpr int64_t kActorA = 101;
constexpr int64_t kActorB = 102;
constexpr int64_t kMissing = 999;

Principal With(int64_t user, std::set<Role> roles, std::set<int64_t> actors = {}) {
  Principal p;
  p.user_id = user;
  p.roles = std::move(roles);
  p.actor_ids = std::move(actors);
  p.method = AuthMethod::kSession;
  return p;
}

ApplicationDraft Draft(int64_t actor) {
  ApplicationDraft d;
  d.actor_id = actor;
  d.motivation = "Vi vill vara med.";
  d.contact = {"Testa Testsson", "testa@example.se", ""};
  d.commitments = {"share_needs"};
  return d;
}

class AllianceServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto schema = platform::AuditMigrations();
    for (auto& m : AllianceMigrations()) schema.push_back(std::move(m));
    auto migrated = storage::ApplyMigrations(db(), schema);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    service_ = std::make_unique<AllianceService>(
        Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead),
        [](int64_t id, Language) -> Result<std::optional<ActorInfo>> {
          if (id == kActorA) return std::optional<ActorInfo>(ActorInfo{id, "Aktör A", "business", "24"});
          if (id == kActorB) return std::optional<ActorInfo>(ActorInfo{id, "Aktör B", "public", ""});
          return std::optional<ActorInfo>();
        },
        [this](int64_t user, int64_t actor, const std::optional<std::string>& since) -> Status {
          registry_[actor] = since.value_or("cleared");
          last_sync_user_ = user;
          return Status::Ok();
        },
        std::vector<std::string>{"business", "public", "civil_society", "academia"},
        std::vector<std::string>{"01", "24"}, [] { return kNow; });
  }

  RepositoryScope Scope(storage::TxMode mode) {
    return [this, mode](const std::function<Status(AllianceRepository&)>& work) -> Status {
      return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlAllianceRepository repo(tx);
        return work(repo);
      });
    };
  }

  std::vector<std::string> AuditActions() {
    std::vector<std::string> out;
    Status s = db().Read([&](storage::Transaction& tx) -> Status {
      auto list = platform::ListAudit(tx, {.limit = 100});
      if (!list.ok()) return std::move(list).error();
      for (auto it = list->rbegin(); it != list->rend(); ++it) out.push_back(it->entry.action);
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    return out;
  }

  storage::Database& db() { return test_db_.db(); }

  storage::TestDatabase test_db_{GetParam()};
  std::unique_ptr<AllianceService> service_;
  std::map<int64_t, std::string> registry_;
  int64_t last_sync_user_ = -1;
  Principal rep_a_ = With(3, {Role::kRepresentative}, {kActorA});
  Principal editor_ = With(4, {Role::kEditor});
  Principal admin_ = With(5, {Role::kAdmin});
};

TEST_P(AllianceServiceTest, ApplyApproveAndTheRegistryIsTold) {
  auto id = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_TRUE(id.ok()) << id.error().message();
  auto view = service_->GetApplication(rep_a_, *id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->actor_name, "Aktör A");
  EXPECT_EQ(view->application.status, ApplicationStatus::kPending);
  EXPECT_EQ(view->application.draft.contact.email, "testa@example.se");

  auto m = service_->Approve(editor_, *id, "2026-03-01");
  ASSERT_TRUE(m.ok()) << m.error().message();
  EXPECT_EQ(m->since, "2026-03-01");
  EXPECT_EQ(registry_[kActorA], "2026-03-01");
  EXPECT_EQ(last_sync_user_, editor_.user_id);

  auto members = service_->Members(Language::kSwedish);
  ASSERT_TRUE(members.ok());
  ASSERT_EQ(members->size(), 1u);
  EXPECT_EQ((*members)[0].actor.name, "Aktör A");
  auto d = service_->GetDashboard();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->members, 1);
  EXPECT_EQ(d->sectors[0].members, 1);
  EXPECT_EQ(d->counties[1].members, 1);
  EXPECT_EQ(d->joined_this_year, 1);
  EXPECT_EQ(AuditActions(),
            (std::vector<std::string>{"alliance.apply", "alliance.approve", "alliance.membership.start"}));

  // Decided once; a member cannot apply again.
  EXPECT_EQ(service_->Approve(editor_, *id, "").error().code(), ErrorCode::kConflict);
  EXPECT_EQ(service_->Apply(rep_a_, Draft(kActorA)).error().code(), ErrorCode::kConflict);
}

TEST_P(AllianceServiceTest, OnePendingApplicationPerActor) {
  ASSERT_TRUE(service_->Apply(rep_a_, Draft(kActorA)).ok());
  auto again = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code(), ErrorCode::kConflict);
  // Another actor is fine, for an editor.
  EXPECT_TRUE(service_->Apply(editor_, Draft(kActorB)).ok());
}

TEST_P(AllianceServiceTest, WhoMayApplyAndDecide) {
  EXPECT_EQ(service_->Apply(rep_a_, Draft(kActorB)).error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Apply(Principal{}, Draft(kActorA)).error().code(), ErrorCode::kUnauthenticated);
  auto unknown = service_->Apply(editor_, Draft(kMissing));
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.error().IsInvalid());
  auto id = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(service_->Approve(rep_a_, *id, "").error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->Refuse(rep_a_, *id, "Nej").error().code(), ErrorCode::kPermissionDenied);
  // Someone else's application is not theirs to read.
  Principal rep_b = With(9, {Role::kRepresentative}, {kActorB});
  EXPECT_EQ(service_->GetApplication(rep_b, *id).error().code(), ErrorCode::kPermissionDenied);
  auto theirs = service_->ListApplications(rep_b, std::nullopt, Language::kSwedish);
  ASSERT_TRUE(theirs.ok());
  EXPECT_TRUE(theirs->empty());
  auto mine = service_->ListApplications(rep_a_, std::nullopt, Language::kSwedish);
  ASSERT_TRUE(mine.ok());
  EXPECT_EQ(mine->size(), 1u);
  EXPECT_TRUE(registry_.empty());
}

TEST_P(AllianceServiceTest, RefuseNeedsAReasonTheApplicantSees) {
  auto id = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_TRUE(id.ok());
  EXPECT_TRUE(service_->Refuse(editor_, *id, "  ").error().IsInvalid());
  ASSERT_TRUE(service_->Refuse(editor_, *id, "Komplettera med era åtaganden.").ok());
  auto view = service_->GetApplication(rep_a_, *id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->application.status, ApplicationStatus::kRefused);
  EXPECT_EQ(view->application.refusal_reason, "Komplettera med era åtaganden.");
  EXPECT_TRUE(registry_.empty());
  // Refused is not pending: the actor may apply again.
  EXPECT_TRUE(service_->Apply(rep_a_, Draft(kActorA)).ok());
}

TEST_P(AllianceServiceTest, EndingAMembershipClearsTheRegistryAndTheActorMayRejoin) {
  auto id = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_TRUE(id.ok());
  ASSERT_TRUE(service_->Approve(editor_, *id, "2025-01-01").ok());
  EXPECT_TRUE(service_->EndMembership(editor_, kActorA, "2024-12-31").error().IsInvalid());
  EXPECT_TRUE(service_->EndMembership(editor_, kActorA, "2099-01-01").error().IsInvalid());
  auto ended = service_->EndMembership(editor_, kActorA, "2026-06-30");
  ASSERT_TRUE(ended.ok()) << ended.error().message();
  EXPECT_EQ(ended->until, "2026-06-30");
  EXPECT_EQ(registry_[kActorA], "cleared");
  EXPECT_EQ(service_->EndMembership(editor_, kActorA, "").error().code(), ErrorCode::kNotFound);
  auto d = service_->GetDashboard();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->members, 0);
  ASSERT_EQ(d->years.size(), 2u);
  EXPECT_EQ(d->years[0].members, 1);
  EXPECT_EQ(d->years[1].left, 1);

  auto again = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(service_->Approve(admin_, *again, "2026-06-29").error().IsInvalid());  // overlaps
  ASSERT_TRUE(service_->Approve(admin_, *again, "").ok());
  EXPECT_EQ(registry_[kActorA], "2026-09-21");
}

TEST_P(AllianceServiceTest, GoalsDefaultToFiftyWithEverySectorAndAdminsChangeThem) {
  auto goals = service_->GetGoals();
  ASSERT_TRUE(goals.ok());
  EXPECT_EQ(goals->total, 50);
  EXPECT_EQ(goals->per_sector.size(), 4u);
  EXPECT_EQ(goals->per_sector.at("academia"), 1);
  Goals changed;
  changed.total = 60;
  changed.per_sector = {{"business", 20}, {"public", 10}};
  EXPECT_EQ(service_->SetGoals(editor_, changed).error().code(), ErrorCode::kPermissionDenied);
  ASSERT_TRUE(service_->SetGoals(admin_, changed).ok());
  goals = service_->GetGoals();
  ASSERT_TRUE(goals.ok());
  EXPECT_EQ(goals->total, 60);
  EXPECT_EQ(goals->per_sector.at("business"), 20);
  EXPECT_EQ(goals->per_sector.at("academia"), 0);
  changed.total = -3;
  EXPECT_TRUE(service_->SetGoals(admin_, changed).error().IsInvalid());
  EXPECT_EQ(AuditActions(), (std::vector<std::string>{"alliance.goals"}));
}

TEST_P(AllianceServiceTest, PersonalDataOfTheSenderIsExportedAndErased) {
  auto id = service_->Apply(rep_a_, Draft(kActorA));
  ASSERT_TRUE(id.ok());
  auto sent = service_->ApplicationsSentBy(rep_a_.user_id);
  ASSERT_TRUE(sent.ok());
  ASSERT_EQ(sent->size(), 1u);
  EXPECT_EQ((*sent)[0].draft.contact.name, "Testa Testsson");
  ASSERT_TRUE(service_->EraseSender(rep_a_.user_id).ok());
  EXPECT_TRUE(service_->ApplicationsSentBy(rep_a_.user_id)->empty());
  auto view = service_->GetApplication(editor_, *id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->application.draft.contact, ContactPerson{});
  EXPECT_EQ(view->application.submitted_by, 0);
  EXPECT_EQ(view->application.draft.motivation, "Vi vill vara med.");
}

TEST_P(AllianceServiceTest, RecordedMembershipsForDemoData) {
  ASSERT_TRUE(service_->RecordMembership(kActorA, "2023-02-15", "").ok());
  ASSERT_TRUE(service_->RecordMembership(kActorB, "2023-03-01", "2025-01-31").ok());
  EXPECT_TRUE(service_->HasMemberships());
  EXPECT_EQ(registry_[kActorA], "2023-02-15");
  EXPECT_EQ(registry_.count(kActorB), 0u);
  EXPECT_EQ(service_->RecordMembership(kActorA, "2024-01-01", "").error().code(), ErrorCode::kConflict);
  auto d = service_->GetDashboard();
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->members, 1);
  EXPECT_EQ(d->years.front().year, 2023);
  EXPECT_EQ(d->years.front().members, 2);
}

INSTANTIATE_TEST_SUITE_P(Engines, AllianceServiceTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::alliance
