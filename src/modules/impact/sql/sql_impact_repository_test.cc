// ImpactService over the SQL repository, on every engine the test run has (SQLite always,
// PostgreSQL when SAMVERKAN_TEST_POSTGRES is set): initiatives and who may change them, the
// logic model stored and read back with its diagnosis, the library, picks, values, the SDG
// roll-up and stored SROI maps, and the audit trail.
#include "modules/impact/sql/sql_impact_repository.h"

#include <gtest/gtest.h>

#include "modules/impact/domain/impact_service.h"
#include "platform/audit.h"
#include "storage/test_databases.h"

namespace samverkan::impact {
namespace {

using storage::Engine;

constexpr int64_t kNow = 1'790'000'000'000;
constexpr int64_t kActor = 42;
constexpr int64_t kOtherActor = 43;

Principal Representative(int64_t actor = kActor) {
  Principal p;
  p.user_id = 11;
  p.roles = {Role::kRepresentative};
  p.actor_ids = {actor};
  p.method = AuthMethod::kSession;
  return p;
}

Principal Editor() {
  Principal p;
  p.user_id = 12;
  p.roles = {Role::kEditor};
  p.method = AuthMethod::kSession;
  return p;
}

Indicator PeopleInWork() {
  return {.id = "people-in-work",
          .name = {"Personer i arbete", "People in work"},
          .definition = {"Deltagare med anställning", "Participants with a job"},
          .unit = "people",
          .source = "Own records",
          .sdg_links = {{8, "8.5", SdgRelation::kMeasures}, {10, "", SdgRelation::kContributesTo}}};
}

class ImpactServiceTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto schema = platform::AuditMigrations();
    for (auto& m : ImpactMigrations()) schema.push_back(std::move(m));
    auto migrated = storage::ApplyMigrations(db(), schema);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
  }

  storage::Database& db() { return test_db_.db(); }

  ImpactScope Scope(storage::TxMode mode) {
    return [this, mode](const std::function<Status(ImpactRepository&)>& work) -> Status {
      return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlImpactRepository repo(tx);
        return work(repo);
      });
    };
  }

  int64_t Count(const std::string& table) {
    auto row = db().Read(
        [&](storage::Transaction& tx) { return tx.QueryOne("SELECT COUNT(*) FROM " + table); });
    EXPECT_TRUE(row.ok());
    return row.ok() && row->has_value() ? (*row)->Int(0) : -1;
  }

  int64_t NewInitiative() {
    auto id = service_.CreateInitiative(
        Representative(), {.actor = std::to_string(kActor),
                           .name = {"Jobbspåret", "The job track"},
                           .summary = {"Arbetsträning", "Work training"}});
    EXPECT_TRUE(id.ok()) << (id.ok() ? "" : id.error().message());
    return id.ok() ? *id : 0;
  }

  storage::TestDatabase test_db_{GetParam()};
  ImpactService service_{Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead),
                         [](const std::string& text) -> Result<std::optional<int64_t>> {
                           if (text == "42" || text == "sf-42") return std::optional<int64_t>(42);
                           if (text == "43") return std::optional<int64_t>(43);
                           return std::optional<int64_t>();
                         },
                         [] { return kNow; }};
};

TEST_P(ImpactServiceTest, RepresentativeCreatesAndEditsAnInitiative) {
  const int64_t id = NewInitiative();
  ASSERT_GT(id, 0);
  auto view = service_.GetInitiative(id);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->initiative.actor_id, kActor);
  EXPECT_EQ(view->initiative.name.en, "The job track");
  EXPECT_TRUE(view->model.elements.empty());

  ASSERT_TRUE(service_
                  .UpdateInitiative(Representative(), id,
                                    {.name = {"Jobbspåret 2", "Job track 2"}, .summary = {}})
                  .ok());
  EXPECT_EQ(service_.GetInitiative(id)->initiative.name.sv, "Jobbspåret 2");
  EXPECT_EQ(Count("audit_log"), 2);

  auto by_actor = service_.ListInitiatives(kActor);
  ASSERT_TRUE(by_actor.ok());
  EXPECT_EQ(by_actor->size(), 1u);
  EXPECT_TRUE(service_.ListInitiatives(kOtherActor)->empty());
}

TEST_P(ImpactServiceTest, OthersCannotCreateOrEdit) {
  auto foreign = service_.CreateInitiative(Representative(kOtherActor),
                                           {.actor = "42", .name = {"X", ""}});
  ASSERT_FALSE(foreign.ok());
  EXPECT_EQ(foreign.error().code(), ErrorCode::kPermissionDenied);
  auto anonymous = service_.CreateInitiative(Principal{}, {.actor = "42", .name = {"X", ""}});
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code(), ErrorCode::kUnauthenticated);
  auto unknown = service_.CreateInitiative(Editor(), {.actor = "nobody", .name = {"X", ""}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.error().IsInvalid());

  const int64_t id = NewInitiative();
  Status edit = service_.UpdateInitiative(Representative(kOtherActor), id, {.name = {"Y", ""}});
  ASSERT_FALSE(edit.ok());
  EXPECT_EQ(edit.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_TRUE(service_.UpdateInitiative(Editor(), id, {.name = {"Y", ""}}).ok());
  EXPECT_EQ(service_.UpdateInitiative(Editor(), 9999, {.name = {"Y", ""}}).error().code(),
            ErrorCode::kNotFound);
  // Nothing half-written: only the creation and the editor's change are audited.
  EXPECT_EQ(Count("impact_initiatives"), 1);
  EXPECT_EQ(Count("audit_log"), 2);
}

TEST_P(ImpactServiceTest, StoresTheLogicModelAndDiagnosesIt) {
  ASSERT_TRUE(service_.SaveIndicator(Editor(), PeopleInWork(), true).ok());
  const int64_t id = NewInitiative();
  ASSERT_TRUE(service_.PickIndicator(Representative(), id, {.indicator_id = "people-in-work"}).ok());
  Status edited = service_.EditLogicModel(Representative(), id, [](LogicModel& m) {
    m.elements = {{"e1", LogicLevel::kInput, {"Handledare", "Supervisors"}, {}},
                  {"e2", LogicLevel::kActivity, {"Arbetsträning", "Work training"}, {}},
                  {"e3", LogicLevel::kOutput, {"Deltagare", "Participants"}, {}}};
    m.links = {{"e1", "e2", {{"Finansiering finns", "Funding is there"}}, {}},
               {"e2",
                "e3",
                {},
                {{EvidenceLevel::kCorrelated, {"Uppföljning", "Follow-up"}, "Report 2024"}}}};
    return Status::Ok();
  });
  ASSERT_TRUE(edited.ok()) << edited.error().message();

  auto view = service_.GetInitiative(id);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->model.elements.size(), 3u);
  EXPECT_EQ(view->model.elements[1].title.en, "Work training");
  ASSERT_EQ(view->model.links.size(), 2u);
  ASSERT_EQ(view->model.links[0].assumptions.size(), 1u);
  EXPECT_EQ(view->model.links[0].assumptions[0].sv, "Finansiering finns");
  ASSERT_EQ(view->model.links[1].evidence.size(), 1u);
  EXPECT_EQ(view->model.links[1].evidence[0].level, EvidenceLevel::kCorrelated);
  EXPECT_EQ(view->model.links[1].evidence[0].source, "Report 2024");
  bool stops_at_outputs = false;
  for (const auto& d : view->diagnostics) {
    stops_at_outputs = stops_at_outputs || d.code == DiagnosticCode::kStopsAtOutputs;
  }
  EXPECT_TRUE(stops_at_outputs);

  // Adding an outcome measured by the followed indicator; an unfollowed one is refused.
  Status unfollowed = service_.EditLogicModel(Representative(), id, [](LogicModel& m) {
    m.elements.push_back({"e4", LogicLevel::kShortTermOutcome, {"Jobb", "Jobs"}, {"other"}});
    return Status::Ok();
  });
  ASSERT_FALSE(unfollowed.ok());
  EXPECT_TRUE(unfollowed.error().IsInvalid());
  ASSERT_TRUE(service_
                  .EditLogicModel(Representative(), id,
                                  [](LogicModel& m) {
                                    m.elements.push_back({"e4",
                                                          LogicLevel::kShortTermOutcome,
                                                          {"Jobb", "Jobs"},
                                                          {"people-in-work"}});
                                    m.links.push_back({"e3", "e4", {}, {}});
                                    return Status::Ok();
                                  })
                  .ok());
  EXPECT_EQ(service_.GetInitiative(id)->model.elements[3].indicator_ids,
            std::vector<std::string>{"people-in-work"});

  // An invalid model (a link to nowhere) leaves the stored one as it was.
  Status broken = service_.EditLogicModel(Representative(), id, [](LogicModel& m) {
    m.links.push_back({"e1", "missing", {}, {}});
    return Status::Ok();
  });
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(service_.GetInitiative(id)->model.links.size(), 3u);

  // Unpicking the indicator removes the model's reference to it.
  ASSERT_TRUE(service_.UnpickIndicator(Representative(), id, "people-in-work").ok());
  EXPECT_TRUE(service_.GetInitiative(id)->model.elements[3].indicator_ids.empty());
}

TEST_P(ImpactServiceTest, LibraryPicksValuesAndRollUp) {
  Status by_representative = service_.SaveIndicator(Representative(), PeopleInWork(), true);
  ASSERT_FALSE(by_representative.ok());
  EXPECT_EQ(by_representative.error().code(), ErrorCode::kPermissionDenied);
  ASSERT_TRUE(service_.SaveIndicator(Editor(), PeopleInWork(), true).ok());
  EXPECT_EQ(service_.SaveIndicator(Editor(), PeopleInWork(), true).error().code(),
            ErrorCode::kConflict);
  Indicator bad = PeopleInWork();
  bad.id = "Bad Id";
  EXPECT_TRUE(service_.SaveIndicator(Editor(), bad, true).error().IsInvalid());

  auto library = service_.ListIndicators();
  ASSERT_TRUE(library.ok());
  ASSERT_EQ(library->size(), 1u);
  ASSERT_EQ((*library)[0].sdg_links.size(), 2u);
  EXPECT_EQ((*library)[0].sdg_links[0].target, "8.5");
  EXPECT_EQ((*library)[0].sdg_links[1].relation, SdgRelation::kContributesTo);

  const int64_t a = NewInitiative();
  const int64_t b = NewInitiative();
  for (int64_t id : {a, b}) {
    ASSERT_TRUE(service_
                    .PickIndicator(Representative(), id,
                                   {.indicator_id = "people-in-work",
                                    .baseline = 2,
                                    .baseline_period = "2024",
                                    .target = 12,
                                    .target_period = "2026"})
                    .ok());
  }
  EXPECT_TRUE(service_.PickIndicator(Representative(), a, {.indicator_id = "nope"})
                  .error()
                  .IsInvalid());
  ASSERT_TRUE(service_.ReportValue(Representative(), a, "people-in-work", "2025", 5).ok());
  // Correcting the same period replaces the value.
  ASSERT_TRUE(service_.ReportValue(Representative(), a, "people-in-work", "2025", 6).ok());
  ASSERT_TRUE(service_.ReportValue(Representative(), b, "people-in-work", "2025", 4).ok());
  EXPECT_TRUE(
      service_.ReportValue(Representative(), a, "people-in-work", "last year", 1).error().IsInvalid());
  EXPECT_EQ(service_.ReportValue(Representative(kOtherActor), a, "people-in-work", "2025", 1)
                .error()
                .code(),
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(Count("impact_values"), 2);

  auto indicator = service_.GetIndicator("people-in-work");
  ASSERT_TRUE(indicator.ok());
  ASSERT_EQ(indicator->uses.size(), 2u);
  ASSERT_EQ(indicator->uses[0].values.size(), 1u);
  EXPECT_DOUBLE_EQ(indicator->uses[0].values[0].value.value, 6);
  EXPECT_EQ(indicator->uses[0].pick.target, 12);

  // Linked to two goals: each goal counts both values, the overall total counts them once.
  auto rollup = service_.RollUp();
  ASSERT_TRUE(rollup.ok());
  ASSERT_EQ(rollup->goals.size(), 2u);
  EXPECT_EQ(rollup->goals[0].goal, 8);
  EXPECT_EQ(rollup->goals[0].values, 2);
  EXPECT_EQ(rollup->values, 2);
  ASSERT_EQ(rollup->indicators.size(), 1u);
  EXPECT_DOUBLE_EQ(rollup->indicators[0].value, 10);

  ASSERT_TRUE(service_.UnpickIndicator(Representative(), a, "people-in-work").ok());
  EXPECT_EQ(Count("impact_values"), 1);
  EXPECT_TRUE(service_.UnpickIndicator(Representative(), a, "people-in-work").error().IsNotFound());
}

TEST_P(ImpactServiceTest, StoresTheSroiMap) {
  const int64_t id = NewInitiative();
  SroiMap map;
  map.inputs.push_back({.description = "Grant", .value = 100'000'00});
  SroiOutcome outcome;
  outcome.stakeholder = "Participants";
  outcome.outcome = "Jobs";
  outcome.quantity = 5;
  outcome.proxy = 50'000'00;
  outcome.duration = 2;
  map.outcomes.push_back(outcome);
  Status saved = service_.SaveSroiMap(Representative(), id, map);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  auto view = service_.GetInitiative(id);
  ASSERT_TRUE(view.ok());
  ASSERT_TRUE(view->sroi_map.has_value());
  ASSERT_EQ(view->sroi_map->outcomes.size(), 1u);
  EXPECT_EQ(view->sroi_map->outcomes[0].proxy, 50'000'00);
  EXPECT_EQ(view->sroi_map->inputs[0].value, 100'000'00);

  SroiMap empty;
  EXPECT_TRUE(service_.SaveSroiMap(Representative(), id, empty).error().IsInvalid());
  EXPECT_EQ(service_.SaveSroiMap(Representative(kOtherActor), id, map).error().code(),
            ErrorCode::kPermissionDenied);
}

TEST_P(ImpactServiceTest, EditorsExtendTheProxyLibrary) {
  FinancialProxy proxy{.id = "repair-value",
                       .name = {"Lagad cykel", "Repaired bicycle"},
                       .amount = 1250'50,
                       .unit = "per bicycle",
                       .currency = "SEK",
                       .price_year = 2025,
                       .source = "Own price survey",
                       .licence = "CC BY 4.0"};
  EXPECT_EQ(service_.AddProxy(Representative(), proxy).error().code(),
            ErrorCode::kPermissionDenied);
  ASSERT_TRUE(service_.AddProxy(Editor(), proxy).ok());
  EXPECT_EQ(service_.AddProxy(Editor(), proxy).error().code(), ErrorCode::kConflict);
  FinancialProxy bad = proxy;
  bad.id = "other";
  bad.source.clear();
  bad.kind = ProxyKind::kRate;
  bad.rate = 1.5;
  Status invalid = service_.AddProxy(Editor(), bad);
  ASSERT_FALSE(invalid.ok());
  ASSERT_EQ(invalid.error().fields().size(), 2u);
  EXPECT_EQ(invalid.error().fields()[0].field, "value");
  EXPECT_EQ(invalid.error().fields()[1].field, "source");
  auto list = service_.ListProxies();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].amount, 1250'50);
  EXPECT_EQ((*list)[0].name.en, "Repaired bicycle");
  EXPECT_TRUE((*list)[0].verified);
}

TEST_P(ImpactServiceTest, ExportsAndForgetsWhatAPersonContributed) {
  ASSERT_TRUE(service_.SaveIndicator(Editor(), PeopleInWork(), true).ok());
  const int64_t id = NewInitiative();
  ASSERT_TRUE(service_.PickIndicator(Representative(), id, {.indicator_id = "people-in-work"}).ok());
  ASSERT_TRUE(service_.ReportValue(Representative(), id, "people-in-work", "2025", 4).ok());
  auto mine = service_.ContributionsOf(Representative().user_id);
  ASSERT_TRUE(mine.ok());
  ASSERT_EQ(mine->initiatives_created.size(), 1u);
  ASSERT_EQ(mine->values_reported.size(), 1u);
  EXPECT_EQ(mine->values_reported[0].value.period, "2025");

  ASSERT_TRUE(service_.ForgetUser(Representative().user_id).ok());
  auto after = service_.ContributionsOf(Representative().user_id);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->initiatives_created.empty());
  EXPECT_TRUE(after->values_reported.empty());
  // The work stays.
  EXPECT_EQ(service_.GetInitiative(id)->indicators[0].values.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, ImpactServiceTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::impact
