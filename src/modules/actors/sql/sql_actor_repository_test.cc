// The repository contract, on every engine the test run has (SQLite always, PostgreSQL when
// SAMVERKAN_TEST_POSTGRES is set).
#include "modules/actors/sql/sql_actor_repository.h"
#include "platform/audit.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <random>

#include "modules/actors/domain/actor_testing.h"
#include "storage/test_databases.h"

namespace samverkan::actors {
namespace {

using storage::Engine;
using testing::GeneratedProfiles;
using testing::SampleProfile;
using testing::ShippedReference;

constexpr int64_t kNow = 1'790'000'000'000;

class ActorRepositoryTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto schema = platform::AuditMigrations();
    for (auto& m : ActorMigrations()) schema.push_back(std::move(m));
    auto migrated = storage::ApplyMigrations(db(), schema);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
  }

  storage::Database& db() { return test_db_.db(); }

  template <typename Fn>
  Status Write(Fn fn) {
    return db().Write([&](storage::Transaction& tx) -> Status {
      SqlActorRepository repo(tx);
      return fn(repo);
    });
  }
  template <typename Fn>
  Status Read(Fn fn) {
    return db().Read([&](storage::Transaction& tx) -> Status {
      SqlActorRepository repo(tx);
      return fn(repo);
    });
  }

  // Validates and stores `profiles` with their partners (earlier ones only); returns the ids.
  std::vector<int64_t> Store(std::vector<ActorProfile>& profiles) {
    std::vector<int64_t> ids;
    std::map<std::string, int64_t> by_external_id;
    Status s = Write([&](ActorRepository& repo) -> Status {
      for (auto& p : profiles) {
        auto valid = ValidateActor(p, ShippedReference(), 2026);
        if (!valid.ok()) return std::move(valid).error();
        p = std::move(valid).value();
        auto id = repo.Insert(p, false, kNow, 0);
        if (!id.ok()) return std::move(id).error();
        ids.push_back(*id);
        by_external_id[p.external_id] = *id;
        std::vector<int64_t> partners;
        for (const auto& partner : p.partners) partners.push_back(by_external_id.at(partner));
        SAMVERKAN_RETURN_IF_ERROR(repo.SetPartners(*id, partners));
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().message() << " " << s.error().log_detail();
    return ids;
  }

  Actor MustGet(int64_t id) {
    Actor out;
    Status s = Read([&](ActorRepository& repo) -> Status {
      auto a = repo.Get(id);
      if (!a.ok()) return std::move(a).error();
      if (!a->has_value()) return Error::NotFound();
      out = **a;
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok());
    return out;
  }

  storage::TestDatabase test_db_{GetParam()};
};

TEST_P(ActorRepositoryTest, StoresAndReadsBackEveryField) {
  std::vector<ActorProfile> profiles = {SampleProfile("partner"), SampleProfile("main")};
  profiles[1].partners = {"partner"};
  profiles[1].name = {"Robert'); DROP TABLE actors;-- \"åäö\"", "<b>Bold</b>"};
  profiles[1].founded.reset();
  profiles[1].website.clear();
  auto ids = Store(profiles);
  ASSERT_EQ(ids.size(), 2u);
  Actor a = MustGet(ids[1]);
  EXPECT_EQ(a.id, ids[1]);
  EXPECT_EQ(a.profile, profiles[1]);
  EXPECT_EQ(a.created_at_ms, kNow);
  ASSERT_EQ(a.partners.size(), 1u);
  EXPECT_EQ(a.partners[0].id, ids[0]);
  EXPECT_EQ(a.partners[0].name, profiles[0].name);
}

TEST_P(ActorRepositoryTest, UpdateReplacesTheProfileAndKeepsThePartners) {
  std::vector<ActorProfile> profiles = {SampleProfile("p"), SampleProfile("a")};
  profiles[1].partners = {"p"};
  auto ids = Store(profiles);
  ActorProfile changed = profiles[1];
  changed.sdgs = {17};
  changed.regions = {"SE"};
  changed.target_groups.clear();
  changed.certifications = {{"Ny", "", ""}};
  changed.org_number = "811218-9876";
  Status s = Write([&](ActorRepository& repo) { return repo.Update(ids[1], changed, true, kNow + 1, 0); });
  ASSERT_TRUE(s.ok()) << s.error().log_detail();
  Actor a = MustGet(ids[1]);
  EXPECT_EQ(a.profile, changed);
  EXPECT_TRUE(a.org_number_personal);
  EXPECT_EQ(a.updated_at_ms, kNow + 1);
  EXPECT_EQ(a.created_at_ms, kNow);

  Status missing = Write([&](ActorRepository& repo) { return repo.Update(ids[1] + 100, changed, false, kNow, 0); });
  ASSERT_FALSE(missing.ok());
  EXPECT_TRUE(missing.error().IsNotFound());
}

TEST_P(ActorRepositoryTest, TheAuditTrailNamesWhoActed) {
  std::vector<ActorProfile> profiles = {SampleProfile("audited")};
  auto ids = Store(profiles);  // as an operator: user 0
  ActorProfile changed = profiles[0];
  changed.summary.sv = "Ändrad av en redaktör.";
  changed.org_number = "811218-9876";
  ASSERT_TRUE(Write([&](ActorRepository& repo) { return repo.Update(ids[0], changed, true, kNow + 1, 42); }).ok());
  std::vector<platform::StoredAuditEntry> entries;
  ASSERT_TRUE(db().Read([&](storage::Transaction& tx) -> Status {
                auto listed = platform::ListAudit(tx, {.entity = "actor"});
                if (!listed.ok()) return std::move(listed).error();
                entries = std::move(listed).value();
                return Status::Ok();
              }).ok());
  ASSERT_EQ(entries.size(), 2u);  // newest first
  EXPECT_EQ(entries[0].entry.action, "actor.update");
  EXPECT_EQ(entries[0].entry.user_id, 42);
  EXPECT_EQ(entries[0].entry.entity_id, std::to_string(ids[0]));
  EXPECT_NE(entries[0].entry.after.find("Ändrad av en redaktör."), std::string::npos);
  EXPECT_EQ(entries[0].entry.after.find("811218"), std::string::npos);  // personal data stays out
  EXPECT_EQ(entries[1].entry.action, "actor.create");
  EXPECT_EQ(entries[1].entry.user_id, 0);
}

TEST_P(ActorRepositoryTest, AnImportIsOneAuditEntryAndLeavesThePageCacheAsItWas) {
  std::vector<ActorProfile> profiles = {SampleProfile("before-import")};
  auto ids = Store(profiles);
  auto cache_size = [&]() -> int64_t {
    int64_t size = 0;
    EXPECT_TRUE(db().Read([&](storage::Transaction& tx) -> Status {
                  auto row = tx.QueryOne("PRAGMA cache_size");
                  if (!row.ok()) return std::move(row).error();
                  size = (*row)->Int(0);
                  return Status::Ok();
                }).ok());
    return size;
  };
  const int64_t cache_before = GetParam() == Engine::kSqlite ? cache_size() : 0;
  ASSERT_TRUE(Write([&](ActorRepository& repo) -> Status {
                SAMVERKAN_RETURN_IF_ERROR(repo.BeginImport());
                auto id = repo.Insert(SampleProfile("imported"), false, kNow + 1, 7);
                if (!id.ok()) return std::move(id).error();
                ActorProfile changed = profiles[0];
                changed.summary.sv = "Importerad ändring.";
                SAMVERKAN_RETURN_IF_ERROR(repo.Update(ids[0], changed, false, kNow + 1, 7));
                // A missing actor is still NotFound without the audit entry's read.
                Status missing = repo.Update(ids[0] + 100, changed, false, kNow + 1, 7);
                if (missing.ok() || !missing.error().IsNotFound()) return Error::Internal("missing actor updated");
                SAMVERKAN_RETURN_IF_ERROR(repo.RecordImport({.inserted = 1, .updated = 1, .rejected = 2, .partial = true},
                                                            kNow + 1, 7));
                repo.EndImport();
                return Status::Ok();
              }).ok());
  std::vector<platform::StoredAuditEntry> entries;
  ASSERT_TRUE(db().Read([&](storage::Transaction& tx) -> Status {
                auto listed = platform::ListAudit(tx, {.entity = "actor"});
                if (!listed.ok()) return std::move(listed).error();
                entries = std::move(listed).value();
                return Status::Ok();
              }).ok());
  ASSERT_EQ(entries.size(), 2u);  // the first actor's creation, then the import's one entry
  EXPECT_EQ(entries[0].entry.action, "actor.import");
  EXPECT_EQ(entries[0].entry.user_id, 7);
  auto counts = nlohmann::json::parse(entries[0].entry.after);
  EXPECT_EQ(counts["inserted"], 1);
  EXPECT_EQ(counts["updated"], 1);
  EXPECT_EQ(counts["rejected"], 2);
  EXPECT_EQ(counts["partial"], true);
  EXPECT_EQ(entries[1].entry.action, "actor.create");
  // The import's writes are stored and searchable like any other.
  ASSERT_TRUE(Read([&](ActorRepository& repo) -> Status {
                auto found = repo.FindByExternalId("imported");
                if (!found.ok()) return std::move(found).error();
                EXPECT_TRUE(found->has_value());
                auto a = repo.Get(ids[0]);
                if (!a.ok()) return std::move(a).error();
                EXPECT_EQ((*a)->profile.summary.sv, "Importerad ändring.");
                return Status::Ok();
              }).ok());
  // Every pooled connection has the page cache it had (the import's was restored).
  if (GetParam() == Engine::kSqlite) {
    for (int i = 0; i < 4; ++i) EXPECT_EQ(cache_size(), cache_before);
  }
  // After EndImport, writes are audited one by one again.
  ASSERT_TRUE(Write([&](ActorRepository& repo) -> Status {
                SAMVERKAN_RETURN_IF_ERROR(repo.BeginImport());
                repo.EndImport();
                auto id = repo.Insert(SampleProfile("after-import"), false, kNow + 2, 8);
                return id.ok() ? Status::Ok() : Status(std::move(id).error());
              }).ok());
  ASSERT_TRUE(db().Read([&](storage::Transaction& tx) -> Status {
                auto listed = platform::ListAudit(tx, {.entity = "actor"});
                if (!listed.ok()) return std::move(listed).error();
                EXPECT_EQ(listed->front().entry.action, "actor.create");
                EXPECT_EQ(listed->front().entry.user_id, 8);
                return Status::Ok();
              }).ok());
}

TEST_P(ActorRepositoryTest, ExternalIdsAreUniqueAndFound) {
  std::vector<ActorProfile> profiles = {SampleProfile("x")};
  auto ids = Store(profiles);
  Status dup = Write([&](ActorRepository& repo) -> Status {
    auto id = repo.Insert(profiles[0], false, kNow, 0);
    if (!id.ok()) return std::move(id).error();
    return Status::Ok();
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code(), ErrorCode::kConflict);
  Status found = Read([&](ActorRepository& repo) -> Status {
    auto id = repo.FindByExternalId("x");
    EXPECT_TRUE(id.ok() && *id == ids[0]);
    auto none = repo.FindByExternalId("y");
    EXPECT_TRUE(none.ok() && !none->has_value());
    return Status::Ok();
  });
  EXPECT_TRUE(found.ok());
  // Actors without an external id do not clash with each other.
  std::vector<ActorProfile> anonymous = {SampleProfile(""), SampleProfile("")};
  EXPECT_EQ(Store(anonymous).size(), 2u);
}

TEST_P(ActorRepositoryTest, SearchTreatsPatternCharactersLiterally) {
  std::vector<ActorProfile> profiles = {SampleProfile("a"), SampleProfile("b"), SampleProfile("c")};
  profiles[0].name = {"Hundra 100% Återbruk", ""};
  profiles[1].name = {"Hundra 1000 Återbruk", ""};
  profiles[2].name = {"snake_case!", ""};
  Store(profiles);
  auto count = [&](std::string q) {
    int64_t n = -1;
    EXPECT_TRUE(Read([&](ActorRepository& repo) -> Status {
      auto c = repo.Count({.q = q});
      if (!c.ok()) return std::move(c).error();
      n = *c;
      return Status::Ok();
    }).ok());
    return n;
  };
  EXPECT_EQ(count("100%"), 1);
  EXPECT_EQ(count("ÅTERBRUK"), 2);
  EXPECT_EQ(count("e_c"), 1);
  EXPECT_EQ(count("e!"), 1);
  EXPECT_EQ(count("_"), 1);
  EXPECT_EQ(count("'"), 0);
}

// Filters to try: nothing, each facet alone, text, and random combinations.
std::vector<ActorFilter> FiltersToTry(const std::vector<ActorProfile>& actors) {
  std::vector<ActorFilter> filters = {{},
                                      {.sector = "business"},
                                      {.county = actors[0].regions.empty() ? "01" : actors[0].regions[0]},
                                      {.county = "SE"},
                                      {.municipality = actors[1].municipality},
                                      {.sdg = 3},
                                      {.target_group = "elderly"},
                                      {.social_enterprise = true},
                                      {.member = false},
                                      {.q = "ÄLDREOMSORG"},
                                      {.external_id = "gen-5"}};
  std::mt19937 rng(11);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  for (int i = 0; i < 40; ++i) {
    const ActorProfile& a = actors[pick(actors.size())];
    const ActorProfile& b = actors[pick(actors.size())];
    ActorFilter f;
    if (pick(2)) f.sector = a.sector;
    if (pick(2) && !b.regions.empty()) f.county = b.regions[pick(b.regions.size())];
    if (pick(3) == 0) f.municipality = b.municipality;
    if (pick(2) && !a.sdgs.empty()) f.sdg = a.sdgs[pick(a.sdgs.size())];
    if (pick(2) && !b.target_groups.empty()) f.target_group = b.target_groups[pick(b.target_groups.size())];
    if (pick(3) == 0) f.social_enterprise = pick(2) == 0;
    if (pick(3) == 0) f.member = pick(2) == 0;
    if (pick(4) == 0) f.q = "björk";
    filters.push_back(f);
  }
  return filters;
}

TEST_P(ActorRepositoryTest, FacetCountsAndTotalsEqualABruteForceCount) {
  auto profiles = GeneratedProfiles(300, 42, ShippedReference());
  Store(profiles);
  for (const auto& filter : FiltersToTry(profiles)) {
    FacetCounts counts;
    int64_t total = -1;
    Status s = Read([&](ActorRepository& repo) -> Status {
      auto c = repo.CountFacets(filter);
      if (!c.ok()) return std::move(c).error();
      counts = std::move(c).value();
      auto t = repo.Count(filter);
      if (!t.ok()) return std::move(t).error();
      total = *t;
      return Status::Ok();
    });
    ASSERT_TRUE(s.ok()) << s.error().log_detail();
    FacetCounts expected = testing::BruteForceFacets(profiles, filter);
    EXPECT_EQ(counts, expected) << "filter q=" << filter.q << " sector=" << filter.sector
                                << " county=" << filter.county << " sdg=" << filter.sdg.value_or(0);
    int64_t brute = std::count_if(profiles.begin(), profiles.end(),
                                  [&](const ActorProfile& p) { return Matches(p, filter); });
    EXPECT_EQ(total, brute);
  }
}

TEST_P(ActorRepositoryTest, PagesWalkEveryMatchInNameOrderInBothLanguages) {
  auto profiles = GeneratedProfiles(120, 5, ShippedReference());
  auto ids = Store(profiles);
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    for (const ActorFilter& filter : {ActorFilter{}, ActorFilter{.sector = "civil_society"},
                                      ActorFilter{.q = "omsorg", .social_enterprise = false}}) {
      std::vector<std::pair<std::string, int64_t>> expected;
      for (size_t i = 0; i < profiles.size(); ++i) {
        if (Matches(profiles[i], filter)) expected.emplace_back(SortKey(profiles[i].name.In(lang)), ids[i]);
      }
      std::sort(expected.begin(), expected.end());
      std::vector<std::pair<std::string, int64_t>> walked;
      ActorQuery query{.filter = filter, .language = lang, .limit = 7};
      for (int guard = 0; guard < 100; ++guard) {
        std::vector<Actor> page;
        ASSERT_TRUE(Read([&](ActorRepository& repo) -> Status {
          auto list = repo.List(query);
          if (!list.ok()) return std::move(list).error();
          page = std::move(list).value();
          return Status::Ok();
        }).ok());
        for (const auto& a : page) walked.emplace_back(SortKey(a.profile.name.In(lang)), a.id);
        if (page.size() < 7) break;
        query.after = ActorCursor{lang, walked.back().first, walked.back().second};
      }
      EXPECT_EQ(walked, expected);
    }
  }
}

TEST_P(ActorRepositoryTest, ListsByIdForExports) {
  auto profiles = GeneratedProfiles(250, 3, ShippedReference());
  auto ids = Store(profiles);
  std::vector<int64_t> seen;
  int64_t after = 0;
  while (true) {
    std::vector<Actor> page;
    ASSERT_TRUE(Read([&](ActorRepository& repo) -> Status {
      auto list = repo.ListById(after, 100);
      if (!list.ok()) return std::move(list).error();
      page = std::move(list).value();
      return Status::Ok();
    }).ok());
    if (page.empty()) break;
    for (const auto& a : page) {
      seen.push_back(a.id);
      // Children are loaded for every actor of a batch, also past the first hundred.
      size_t index = std::find(ids.begin(), ids.end(), a.id) - ids.begin();
      EXPECT_EQ(a.profile, profiles[index]);
    }
    after = page.back().id;
  }
  EXPECT_EQ(seen, ids);
}

INSTANTIATE_TEST_SUITE_P(Engines, ActorRepositoryTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::actors
