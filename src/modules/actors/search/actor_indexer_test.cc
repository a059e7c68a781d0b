// The search path of the directory, on every engine the test run has: the index against a
// count one actor at a time, pages in name order, and the outbox's recovery when a process
// dies before or after the index committed.
#include "modules/actors/search/actor_indexer.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>

#include "modules/actors/domain/actor_service.h"
#include "modules/actors/domain/actor_testing.h"
#include "modules/actors/sql/sql_actor_repository.h"
#include "platform/audit.h"
#include "storage/test_databases.h"

namespace samverkan::actors {
namespace {

namespace fs = std::filesystem;
using storage::Engine;
using testing::GeneratedProfiles;
using testing::SampleProfile;
using testing::ShippedReference;

constexpr int64_t kNow = 1'790'000'000'000;

class ActorIndexerTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto schema = platform::AuditMigrations();
    for (auto& m : ActorMigrations()) schema.push_back(std::move(m));
    auto migrated = storage::ApplyMigrations(db(), schema);
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    dir_ = fs::temp_directory_path() / ("samverkan-actor-index-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter_++));
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  storage::Database& db() { return test_db_.db(); }
  std::string IndexPath() const { return (dir_ / "search" / "actors").string(); }

  std::unique_ptr<ActorIndexer> OpenIndexer() {
    auto indexer = ActorIndexer::Open(db(), IndexPath(), {.log = [](const std::string&) {}});
    EXPECT_TRUE(indexer.ok()) << indexer.error().log_detail();
    return std::move(indexer).value();
  }

  RepositoryScope Scope(storage::TxMode mode) {
    return [this, mode](const std::function<Status(ActorRepository&)>& work) -> Status {
      return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlActorRepository repo(tx);
        return work(repo);
      });
    };
  }
  ActorService Service() {
    return ActorService(Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead), &ShippedReference(),
                        [] { return kNow; });
  }

  // Validates and stores `profiles` (partners left out); returns the ids.
  std::vector<int64_t> Store(std::vector<ActorProfile>& profiles) {
    std::vector<int64_t> ids;
    Status s = db().Write([&](storage::Transaction& tx) -> Status {
      SqlActorRepository repo(tx);
      for (auto& p : profiles) {
        p.partners.clear();
        auto valid = ValidateActor(p, ShippedReference(), 2026);
        if (!valid.ok()) return std::move(valid).error();
        p = std::move(valid).value();
        auto id = repo.Insert(p, false, kNow, 0);
        if (!id.ok()) return std::move(id).error();
        ids.push_back(*id);
      }
      return Status::Ok();
    });
    EXPECT_TRUE(s.ok()) << s.error().log_detail();
    return ids;
  }

  int64_t PendingRows() {
    int64_t n = -1;
    EXPECT_TRUE(db().Read([&](storage::Transaction& tx) -> Status {
      auto rows = AllSearchRowIds(tx);
      if (!rows.ok()) return std::move(rows).error();
      n = static_cast<int64_t>(rows->size());
      return Status::Ok();
    }).ok());
    return n;
  }

  ActorSearchPage MustSearch(ActorIndexer& indexer, ActorQuery query) {
    auto page = indexer.Search(query);
    EXPECT_TRUE(page.ok()) << page.error().log_detail();
    return page.ok() ? std::move(page).value() : ActorSearchPage{};
  }

  fs::path dir_;
  static inline int counter_ = 0;

 private:
  storage::TestDatabase test_db_{GetParam()};
};

// Random filters over the generated actors' own values, with and without words.
std::vector<ActorFilter> Filters(const std::vector<ActorProfile>& actors) {
  std::vector<ActorFilter> filters = {{},
                                      {.sector = "business"},
                                      {.county = "SE"},
                                      {.sdg = 3},
                                      {.target_group = "elderly"},
                                      {.social_enterprise = true},
                                      {.member = false},
                                      {.q = "ÄLDREOMSORG"},
                                      {.q = "björk"},
                                      {.external_id = "gen-5"}};
  std::mt19937 rng(23);
  auto pick = [&](size_t n) { return std::uniform_int_distribution<size_t>(0, n - 1)(rng); };
  for (int i = 0; i < 60; ++i) {
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
    if (pick(4) == 0) f.q = pick(2) ? "björk" : "äldreomsorg";
    filters.push_back(f);
  }
  return filters;
}

TEST_P(ActorIndexerTest, FacetCountsAndTotalsEqualABruteForceCount) {
  auto profiles = GeneratedProfiles(300, 42, ShippedReference());
  Store(profiles);
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
  ASSERT_TRUE(indexer->Ready());
  // The generated texts hold the searched words only as whole words, so the substring of
  // Matches and the words of the index agree on them.
  for (const auto& filter : Filters(profiles)) {
    auto page = MustSearch(*indexer, {.filter = filter, .limit = 0});
    EXPECT_EQ(page.facets, testing::BruteForceFacets(profiles, filter))
        << "q=" << filter.q << " sector=" << filter.sector << " county=" << filter.county
        << " sdg=" << filter.sdg.value_or(0) << " target_group=" << filter.target_group;
    int64_t brute = std::count_if(profiles.begin(), profiles.end(),
                                  [&](const ActorProfile& p) { return Matches(p, filter); });
    EXPECT_EQ(page.total, brute) << "q=" << filter.q;
  }
}

TEST_P(ActorIndexerTest, TheServicePagesInNameOrderInBothLanguages) {
  auto profiles = GeneratedProfiles(120, 5, ShippedReference());
  auto ids = Store(profiles);
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
  ActorService service = Service();
  service.SetSearch(indexer.get());
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    for (const ActorFilter& filter : {ActorFilter{}, ActorFilter{.sector = "civil_society"},
                                      ActorFilter{.q = "unga", .social_enterprise = false}}) {
      std::vector<std::pair<std::string, int64_t>> expected;
      for (size_t i = 0; i < profiles.size(); ++i) {
        if (Matches(profiles[i], filter)) expected.emplace_back(SortKey(profiles[i].name.In(lang)), ids[i]);
      }
      std::sort(expected.begin(), expected.end());
      std::vector<std::pair<std::string, int64_t>> walked;
      ActorQuery query{.filter = filter, .language = lang, .limit = 7};
      for (int guard = 0; guard < 100; ++guard) {
        auto list = service.List(query);
        ASSERT_TRUE(list.ok()) << list.error().log_detail();
        EXPECT_EQ(list->total, static_cast<int64_t>(expected.size()));
        for (const auto& a : list->items) walked.emplace_back(SortKey(a.profile.name.In(lang)), a.id);
        if (!list->next_cursor) break;
        auto cursor = DecodeCursorKey(*list->next_cursor);
        ASSERT_TRUE(cursor.ok());
        query.after = *cursor;
      }
      EXPECT_EQ(walked, expected) << "language " << LanguageCode(lang);
    }
  }
}

TEST_P(ActorIndexerTest, StemmedWordsFindTheActor) {
  std::vector<ActorProfile> profiles = {SampleProfile("a"), SampleProfile("b")};
  profiles[0].seeks = {"Samarbete med äldreomsorg.", ""};
  profiles[0].summary = {"Ett café.", "Social enterprises in Umeå."};
  profiles[1].name = {"Ungdomsföreningen", "The Youth Association"};
  profiles[1].summary = {"Läxhjälp.", "Homework help."};
  profiles[1].seeks = {"", ""};
  profiles[1].description = {"", ""};
  profiles[1].offers = {"", ""};
  auto ids = Store(profiles);
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
  auto found = [&](std::string q) { return MustSearch(*indexer, {.filter = {.q = std::move(q)}}).ids; };
  EXPECT_EQ(found("äldreomsorgen"), std::vector<int64_t>{ids[0]});
  EXPECT_EQ(found("ÄLDREOMSORGEN"), std::vector<int64_t>{ids[0]});
  EXPECT_EQ(found("enterprise"), std::vector<int64_t>{ids[0]});
  EXPECT_EQ(found("cafe"), std::vector<int64_t>{ids[0]});
  EXPECT_EQ(found("ungdomsföreningens"), std::vector<int64_t>{ids[1]});
  EXPECT_EQ(found("associations"), std::vector<int64_t>{ids[1]});
  EXPECT_TRUE(found("läxhjälp enterprise").empty());
}

TEST_P(ActorIndexerTest, AnEditIsFoundAsSoonAsTheServiceReturns) {
  std::vector<ActorProfile> profiles = {SampleProfile("a")};
  auto ids = Store(profiles);
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
  ActorService service = Service();
  service.SetSearch(indexer.get());
  ActorProfile changed = profiles[0];
  changed.name = {"Textilverkstaden", "The Textile Workshop"};
  changed.sector = "civil_society";
  ASSERT_TRUE(service.Update(ids[0], changed).ok());
  auto list = service.List({.filter = {.q = "TEXTILVERKSTADENS"}});
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->items.size(), 1u);
  EXPECT_EQ(list->items[0].profile.name.sv, "Textilverkstaden");
  EXPECT_EQ(list->facets[Facet::kSector], (std::map<std::string, int64_t>{{"civil_society", 1}}));
  auto created = service.Create(SampleProfile("c"));
  ASSERT_TRUE(created.ok());
  EXPECT_EQ(service.List({})->total, 2);
  EXPECT_EQ(PendingRows(), 0);
}

TEST_P(ActorIndexerTest, RowsWrittenWhileNoIndexerRanAreAppliedOnTheNextStart) {
  std::vector<ActorProfile> first = {SampleProfile("a")};
  Store(first);
  {
    auto indexer = OpenIndexer();
    ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
    EXPECT_EQ(PendingRows(), 0);
  }
  // The server is down (or was killed): writes go on, the outbox keeps them.
  auto later = GeneratedProfiles(30, 9, ShippedReference());
  Store(later);
  EXPECT_EQ(PendingRows(), 30);
  auto indexer = OpenIndexer();
  EXPECT_TRUE(indexer->Ready());  // complete, only behind
  EXPECT_EQ(MustSearch(*indexer, {}).total, 1);
  auto applied = indexer->ApplyPending();
  ASSERT_TRUE(applied.ok()) << applied.error().log_detail();
  EXPECT_EQ(*applied, 30);
  EXPECT_EQ(PendingRows(), 0);
  EXPECT_EQ(MustSearch(*indexer, {}).total, 31);
}

TEST_P(ActorIndexerTest, RowsKeptAfterTheIndexCommittedAreAppliedAgainHarmlessly) {
  auto profiles = GeneratedProfiles(10, 4, ShippedReference());
  auto ids = Store(profiles);
  auto indexer = OpenIndexer();
  ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
  // As if killed between the index commit and the delete: the rows come back.
  ASSERT_TRUE(db().Write([&](storage::Transaction& tx) -> Status {
    for (int64_t id : ids) {
      auto r = tx.Execute("INSERT INTO search_outbox (actor_id) VALUES ($1)", {storage::Param(id)});
      if (!r.ok()) return std::move(r).error();
    }
    return Status::Ok();
  }).ok());
  ASSERT_TRUE(indexer->ApplyPending().ok());
  EXPECT_EQ(PendingRows(), 0);
  auto page = MustSearch(*indexer, {.limit = 100});
  EXPECT_EQ(page.total, 10);
  EXPECT_EQ(page.facets, testing::BruteForceFacets(profiles, {}));
}

TEST_P(ActorIndexerTest, AMissingOrCorruptIndexIsRebuiltFromTheDatabase) {
  auto profiles = GeneratedProfiles(25, 8, ShippedReference());
  Store(profiles);
  {
    auto indexer = OpenIndexer();
    EXPECT_FALSE(indexer->Ready());  // new: nothing indexed yet
    ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
    EXPECT_EQ(MustSearch(*indexer, {}).total, 25);
  }
  for (const auto& entry : fs::directory_iterator(IndexPath())) {
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "garbage";
  }
  auto indexer = OpenIndexer();
  EXPECT_FALSE(indexer->Ready());
  ASSERT_TRUE(indexer->RebuildIfNeeded().ok());
  EXPECT_TRUE(indexer->Ready());
  EXPECT_EQ(MustSearch(*indexer, {}).total, 25);
}

TEST_P(ActorIndexerTest, TheBackgroundThreadRebuildsAndFollowsTheOutbox) {
  auto profiles = GeneratedProfiles(20, 2, ShippedReference());
  Store(profiles);
  auto indexer = ActorIndexer::Open(db(), IndexPath(), {.idle_poll = std::chrono::milliseconds(20),
                                                        .log = [](const std::string&) {}});
  ASSERT_TRUE(indexer.ok());
  (*indexer)->Start();
  auto wait_for_total = [&](int64_t want) {
    for (int i = 0; i < 500; ++i) {
      if ((*indexer)->Ready()) {
        auto page = (*indexer)->Search({});
        if (page.ok() && page->total == want) return true;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
  };
  EXPECT_TRUE(wait_for_total(20));
  std::vector<ActorProfile> more = {SampleProfile("x")};
  Store(more);  // another process's write: no Notify, found by polling
  EXPECT_TRUE(wait_for_total(21));
  (*indexer)->Stop();
}

INSTANTIATE_TEST_SUITE_P(Engines, ActorIndexerTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::actors
