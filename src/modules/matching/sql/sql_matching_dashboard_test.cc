// The dashboard's queries on every engine the test run has (SQLite always, PostgreSQL when
// SAMVERKAN_TEST_POSTGRES is set), over the real migrations of the registry, the alliance and
// matching, with rows written straight into the tables.
#include "modules/matching/sql/sql_matching_dashboard.h"

#include <gtest/gtest.h>

#include "modules/actors/sql/sql_actor_repository.h"
#include "modules/alliance/sql/sql_alliance_repository.h"
#include "modules/matching/domain/matching_testing.h"
#include "modules/matching/sql/sql_alert_repository.h"
#include "modules/matching/sql/sql_matching_repository.h"
#include "storage/test_databases.h"

namespace samverkan::matching {
namespace {

using storage::Engine;
using storage::Param;
using testing::TestReference;

int64_t Ms(const char* iso, int hour = 12) {
  return ParsePeriodBound(iso).value().first * 86'400'000 + hour * 3'600'000;
}

const DashboardRow* Row(const std::vector<DashboardRow>& rows, const std::string& key) {
  for (const auto& r : rows)
    if (r.key == key) return &r;
  return nullptr;
}

class MatchingDashboardStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    std::vector<storage::Migration> schema = actors::ActorMigrations();
    for (auto& m : alliance::AllianceMigrations()) schema.push_back(std::move(m));
    for (auto& m : MatchingMigrations()) schema.push_back(std::move(m));
    for (auto& m : AlertMigrations()) schema.push_back(std::move(m));
    auto migrated = storage::ApplyMigrations(db(), schema);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    Exec(
        "INSERT INTO alliance_memberships (actor_id, since, until, application_id, created_by,"
        " created_at) VALUES (1, '2026-01-01', NULL, 1, 1, 0), (3, '2025-01-01', '2026-01-01', 2,"
        " 1, 0)");
    Actor(1, "public", "2480", false);  // Umeå kommun, an alliance member since 2026
    Actor(2, "civil_society", "1480", true);  // a social enterprise in Göteborg
    Actor(3, "business", "1480", false);  // a member in 2025 only
    Need(11, 1, "open", "2026-02-01");
    Need(12, 1, "draft", "2026-02-02");
    Need(13, 3, "open", "2026-03-01");
    Need(14, 1, "closed", "2025-06-01");
    Offer(21, 2);
    Offer(22, 3);
    // n11-o21 proposed to both sides and then opened as a case: one pair, first on 02-05.
    Alert(1, "need", 11, 21, "2026-02-05");
    Alert(2, "offer", 21, 11, "2026-02-03");
    Alert(1, "need", 13, 22, "2026-03-02");
    Case(31, 11, 21, "agreement", "2026-02-10");
    Event(31, "suggested", "contact_requested", "2026-02-11");
    Event(31, "contact_requested", "in_dialogue", "2026-02-12");
    Event(31, "in_dialogue", "agreement", "2026-03-05");
    Exec("INSERT INTO matching_agreements (case_id, collaboration_form, value_sek, starts_on,"
         " ends_on, recorded_at, recorded_by) VALUES (31, 'iop', 250000, '2026-04-01', NULL, " +
         std::to_string(Ms("2026-03-05")) + ", 1)");
    // Past "contact requested" without the step on record: counts from its opening.
    Case(32, 11, 22, "in_dialogue", "2026-04-01");
    // A case that stays a suggestion: a pair, no contact.
    Case(33, 13, 21, "suggested", "2026-04-02");
    // Declined after contact: the contact counts.
    Case(34, 14, 21, "declined", "2025-06-10");
    Event(34, "suggested", "contact_requested", "2025-06-11");
    Event(34, "contact_requested", "declined", "2025-06-12");
  }

  storage::Database& db() { return test_db_.db(); }

  void Exec(const std::string& sql, const std::vector<storage::Value>& params = {}) {
    Status s = db().Write([&](storage::Transaction& tx) -> Status {
      auto r = tx.Execute(sql, params);
      if (!r.ok()) return std::move(r).error();
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().log_detail() << "\n" << sql;
  }

  void Actor(int64_t id, const char* sector, const char* municipality, bool social_enterprise) {
    Exec("INSERT INTO actors (id, external_id, language, name_sv, name_en, summary_sv,"
         " summary_en, description_sv, description_en, offers_sv, offers_en, seeks_sv, seeks_en,"
         " sector, social_enterprise, wise, municipality, org_number_personal, alliance_member,"
         " sort_sv, sort_en, search_text, created_at, updated_at) VALUES ($1, $2, 'sv', $3, $3,"
         " '', '', '', '', '', '', '', '', $4, $5, 0, $6, 0, 0, $3, $3, '', 0, 0)",
         {Param(id), Param("actor-" + std::to_string(id)), Param("Aktör " + std::to_string(id)),
          Param(sector), Param(social_enterprise), Param(municipality)});
  }
  void Need(int64_t id, int64_t actor, const char* status, const char* created) {
    Exec("INSERT INTO matching_needs (id, external_id, actor_id, status, record, updated_at,"
         " created_at) VALUES ($1, $2, $3, $4, '{}', $5, $6)",
         {Param(id), Param("need-" + std::to_string(id)), Param(actor), Param(status),
          Param(Ms("2026-10-01")), Param(Ms(created))});
  }
  void Offer(int64_t id, int64_t actor) {
    Exec("INSERT INTO matching_offers (id, external_id, actor_id, status, record, updated_at,"
         " created_at) VALUES ($1, $2, $3, 'open', '{}', 0, 0)",
         {Param(id), Param("offer-" + std::to_string(id)), Param(actor)});
  }
  void Alert(int64_t account, const char* kind, int64_t own, int64_t other, const char* at) {
    Exec("INSERT INTO matching_alerts (account_id, own_kind, own_item_id, other_item_id, score,"
         " created_at) VALUES ($1, $2, $3, $4, 0.5, $5)",
         {Param(account), Param(kind), Param(own), Param(other), Param(Ms(at))});
  }
  void Case(int64_t id, int64_t need, int64_t offer, const char* state, const char* at) {
    Exec("INSERT INTO matching_cases (id, need_id, offer_id, state, score, opened_by_actor,"
         " created_at, updated_at) VALUES ($1, $2, $3, $4, 0.5, 1, $5, $5)",
         {Param(id), Param(need), Param(offer), Param(state), Param(Ms(at))});
  }
  void Event(int64_t case_id, const char* from, const char* to, const char* at) {
    Exec("INSERT INTO matching_case_events (case_id, at, by_account, by_actor, from_state,"
         " to_state, note) VALUES ($1, $2, 1, 1, $3, $4, '')",
         {Param(case_id), Param(Ms(at)), Param(from), Param(to)});
  }

  Result<MatchingDashboard> Load(DashboardQuery q) {
    return LoadMatchingDashboard(db(), TestReference(), q,
                                 ParsePeriodBound("2026-11-22").value().first);
  }

  storage::TestDatabase test_db_{GetParam()};
};

TEST_P(MatchingDashboardStoreTest, CountsEveryMeasureOnce) {
  auto d = Load({});
  ASSERT_TRUE(d.ok()) << d.error().log_detail();
  EXPECT_EQ(d->total.needs, 3);        // not the draft
  EXPECT_EQ(d->total.suggestions, 5);  // n11-o21, n13-o22, n11-o22, n13-o21, n14-o21
  EXPECT_EQ(d->total.contacts, 3);     // cases 31, 32 and 34
  EXPECT_EQ(d->total.agreements, 1);
  EXPECT_EQ(d->total.value_sek, 250000);
  EXPECT_EQ(d->total.alliance_customer_agreements, 1);
  EXPECT_EQ(d->total.alliance_customers, 1);
  ASSERT_EQ(d->periods.size(), 2u);
  EXPECT_EQ(d->periods[0].key, "2025");
  EXPECT_EQ(d->periods[0].figures.contacts, 1);
  EXPECT_EQ(d->periods[1].figures.contacts, 2);
  EXPECT_EQ(Row(d->sectors, "public")->figures.value_sek, 250000);
  EXPECT_EQ(Row(d->sectors, "business")->figures.needs, 1);
  EXPECT_EQ(Row(d->counties, "24")->figures.suggestions, 3);
  EXPECT_EQ(Row(d->counties, "14")->figures.suggestions, 2);
}

TEST_P(MatchingDashboardStoreTest, PutsEachFactInItsMonth) {
  DashboardQuery q;
  q.period = PeriodKind::kMonth;
  q.from = ParsePeriodBound("2026-02").value();
  q.to = ParsePeriodBound("2026-04").value();
  auto d = Load(q);
  ASSERT_TRUE(d.ok()) << d.error().log_detail();
  ASSERT_EQ(d->periods.size(), 3u);
  const auto& feb = d->periods[0].figures;
  EXPECT_EQ(feb.needs, 1);
  EXPECT_EQ(feb.suggestions, 1);  // n11-o21 on 02-03, however often it was proposed again
  EXPECT_EQ(feb.contacts, 1);
  const auto& mar = d->periods[1].figures;
  EXPECT_EQ(mar.needs, 1);
  EXPECT_EQ(mar.suggestions, 1);
  EXPECT_EQ(mar.agreements, 1);
  EXPECT_EQ(mar.value_sek, 250000);
  EXPECT_EQ(mar.alliance_customers, 1);
  const auto& apr = d->periods[2].figures;
  EXPECT_EQ(apr.suggestions, 2);
  EXPECT_EQ(apr.contacts, 1);
  EXPECT_EQ(d->total.contacts, 2);  // not 2025's
}

TEST_P(MatchingDashboardStoreTest, RangeEdgesAreWholeDays) {
  DashboardQuery q;
  q.period = PeriodKind::kMonth;
  q.from = ParsePeriodBound("2026-03-05").value();
  q.to = ParsePeriodBound("2026-03-05").value();
  auto d = Load(q);
  ASSERT_TRUE(d.ok()) << d.error().log_detail();
  EXPECT_EQ(d->total.agreements, 1);
  EXPECT_EQ(d->total.needs, 0);
  q.from = ParsePeriodBound("2026-03-06").value();
  q.to = ParsePeriodBound("2026-12").value();
  d = Load(q);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->total.agreements, 0);
  EXPECT_EQ(d->periods.size(), 10u);  // March to December
}

TEST_P(MatchingDashboardStoreTest, FiltersByTheNeedOwnersSectorAndCounty) {
  DashboardQuery q;
  q.county = "14";
  auto d = Load(q);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->total.needs, 1);
  EXPECT_EQ(d->total.agreements, 0);
  q.county.clear();
  q.sector = "public";
  d = Load(q);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->total.needs, 2);
  EXPECT_EQ(d->total.agreements, 1);
  EXPECT_EQ(d->total.contacts, 3);
}

INSTANTIATE_TEST_SUITE_P(Engines, MatchingDashboardStoreTest,
                         ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::matching
