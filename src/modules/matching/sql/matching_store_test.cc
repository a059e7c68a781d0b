// The service over the SQL repository and the indexer, on every engine the test run has
// (SQLite always, PostgreSQL when SAMVERKAN_TEST_POSTGRES is set): the repository contract,
// policy, import, and that a saved item is matchable by the next request.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "modules/matching/domain/matching_service.h"
#include "modules/matching/domain/matching_testing.h"
#include "modules/matching/json/matching_json.h"
#include "modules/matching/search/matching_indexer.h"
#include "modules/matching/sql/sql_matching_repository.h"
#include "storage/test_databases.h"

namespace samverkan::matching {
namespace {

using storage::Engine;
using testing::TestLexicon;
using testing::TestReference;

// Two actors: 1 ("umea", a municipality) and 2 ("lunchkoket", a social enterprise).
Result<std::optional<ActorKey>> Actors(const std::string& ref) {
  if (ref == "1" || ref == "umea") return std::optional<ActorKey>(ActorKey{1, "umea"});
  if (ref == "2" || ref == "lunchkoket") return std::optional<ActorKey>(ActorKey{2, "lunchkoket"});
  return std::optional<ActorKey>();
}

Principal RepresentativeOf(int64_t actor_id) {
  Principal p;
  p.user_id = 10 + actor_id;
  p.roles = {Role::kRepresentative};
  p.actor_ids = {actor_id};
  p.method = AuthMethod::kSession;
  return p;
}

Need LonelinessNeed() {
  Need n;
  n.owner = "umea";
  n.language = Language::kSwedish;
  n.title.sv = "Minska ensamheten bland äldre i Umeå";
  n.description.sv = "Kommunen söker partner som kan bryta ofrivillig ensamhet hos äldre.";
  n.sdgs = {3, 10};
  n.where.municipality = "2480";
  n.target_groups = {"elderly"};
  n.collaboration_forms = {"iop"};
  n.budget_sek = SekRange{100000, 500000};
  return n;
}

Offer DinnerOffer() {
  Offer o;
  o.actor = "lunchkoket";
  o.language = Language::kEnglish;
  o.title.en = "Dinner clubs for isolated seniors";
  o.description.en =
      "Weekly shared meals that bring older people out of loneliness and social isolation.";
  o.sdgs = {3, 10};
  o.reach.municipalities = {"2480"};
  o.target_groups = {"elderly"};
  o.collaboration_forms = {"iop"};
  o.stage = Stage::kProven;
  return o;
}

class MatchingStoreTest : public ::testing::TestWithParam<Engine> {
 protected:
  void SetUp() override {
    auto migrated = storage::ApplyMigrations(db(), MatchingMigrations());
    ASSERT_TRUE(migrated.ok()) << migrated.error().log_detail();
    service_ = std::make_unique<MatchingService>(Scope(storage::TxMode::kWrite),
                                                 Scope(storage::TxMode::kRead), &TestReference(),
                                                 Actors, [] { return int64_t{1000}; });
  }
  void TearDown() override {
    if (service_) service_->SetMatchSource(nullptr);
    indexer_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }

  storage::Database& db() { return test_db_.db(); }

  RepositoryScope Scope(storage::TxMode mode) {
    return [this, mode](const std::function<Status(MatchingRepository&)>& work) -> Status {
      return db().InTransaction(mode, [&](storage::Transaction& tx) -> Status {
        SqlMatchingRepository repo(tx);
        return work(repo);
      });
    };
  }

  // An indexer on disk in a fresh directory, loaded and serving the service.
  void StartIndexer() {
    dir_ = (std::filesystem::temp_directory_path() /
            ("samverkan-matching-test-" +
             std::to_string(::testing::UnitTest::GetInstance()->random_seed()) + "-" +
             storage::TestEngineName(GetParam())))
               .string();
    std::filesystem::remove_all(dir_);
    indexer_ = std::make_unique<MatchingIndexer>(
        Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead), TestReference(),
        TestLexicon(), MatchWeights{}, dir_,
        MatchingIndexerOptions{.log = [](const std::string&) {}});
    Status loaded = indexer_->Load();
    ASSERT_TRUE(loaded.ok()) << loaded.error().message() << loaded.error().log_detail();
    service_->SetMatchSource(indexer_.get());
  }

  storage::TestDatabase test_db_{GetParam()};
  std::unique_ptr<MatchingService> service_;
  std::unique_ptr<MatchingIndexer> indexer_;
  std::string dir_;
};

TEST_P(MatchingStoreTest, StoresAndReadsBackANeedByIdAndExternalId) {
  auto created = service_->CreateNeed(RepresentativeOf(1), LonelinessNeed());
  ASSERT_TRUE(created.ok()) << created.error().message();
  const int64_t id = created->need.id;
  EXPECT_GT(id, 0);
  EXPECT_EQ(created->need.external_id, "need-" + std::to_string(id));
  EXPECT_EQ(created->actor_id, 1);
  auto by_id = service_->GetNeed(Principal{}, std::to_string(id));
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->need.title.sv, "Minska ensamheten bland äldre i Umeå");
  EXPECT_EQ(by_id->need.where.municipality, "2480");
  ASSERT_TRUE(by_id->need.budget_sek.has_value());
  EXPECT_EQ(by_id->need.budget_sek->max, 500000);
  auto by_external = service_->GetNeed(Principal{}, "need-" + std::to_string(id));
  ASSERT_TRUE(by_external.ok());
  EXPECT_EQ(by_external->need.id, id);
  EXPECT_TRUE(service_->GetNeed(Principal{}, "no-such-need").error().IsNotFound());
}

TEST_P(MatchingStoreTest, OnlyARepresentativeOfTheOwnerOrAnEditorMayWrite) {
  auto refused = service_->CreateNeed(RepresentativeOf(2), LonelinessNeed());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kPermissionDenied);
  EXPECT_EQ(service_->CreateNeed(Principal{}, LonelinessNeed()).error().code(),
            ErrorCode::kUnauthenticated);

  auto created = service_->CreateNeed(RepresentativeOf(1), LonelinessNeed());
  ASSERT_TRUE(created.ok());
  Need changed = LonelinessNeed();
  changed.title.sv = "Ändrad titel";
  auto other = service_->UpdateNeed(RepresentativeOf(2), std::to_string(created->need.id), changed);
  EXPECT_EQ(other.error().code(), ErrorCode::kPermissionDenied);
  Principal editor;
  editor.user_id = 1;
  editor.roles = {Role::kEditor};
  auto saved = service_->UpdateNeed(editor, std::to_string(created->need.id), changed);
  ASSERT_TRUE(saved.ok()) << saved.error().message();
  EXPECT_EQ(service_->GetNeed(Principal{}, std::to_string(created->need.id))->need.title.sv,
            "Ändrad titel");
}

TEST_P(MatchingStoreTest, ValidationErrorsAndAnUnknownOwnerComeBackTogether) {
  Need bad = LonelinessNeed();
  bad.owner = "nobody";
  bad.sdgs = {42};
  Principal editor;
  editor.user_id = 1;
  editor.roles = {Role::kEditor};
  auto refused = service_->CreateNeed(editor, bad);
  ASSERT_FALSE(refused.ok());
  ASSERT_TRUE(refused.error().IsInvalid());
  std::set<std::string> fields;
  for (const auto& f : refused.error().fields()) fields.insert(f.field);
  EXPECT_TRUE(fields.count("owner"));
  EXPECT_TRUE(fields.count("sdgs"));
}

TEST_P(MatchingStoreTest, DraftsAreHiddenFromOthers) {
  Need draft = LonelinessNeed();
  draft.status = ItemStatus::kDraft;
  auto created = service_->CreateNeed(RepresentativeOf(1), draft);
  ASSERT_TRUE(created.ok());
  const std::string id = std::to_string(created->need.id);
  EXPECT_TRUE(service_->GetNeed(Principal{}, id).error().IsNotFound());
  EXPECT_TRUE(service_->GetNeed(RepresentativeOf(2), id).error().IsNotFound());
  EXPECT_TRUE(service_->GetNeed(RepresentativeOf(1), id).ok());
  EXPECT_TRUE(service_->ListNeeds(Principal{}, {})->items.empty());
  EXPECT_EQ(service_->ListNeeds(RepresentativeOf(1), {})->items.size(), 1u);
}

// Lists come a page at a time, newest first; the filters apply before the page is cut, and
// following next_before visits every item that passes them exactly once.
TEST_P(MatchingStoreTest, ListsComeInPagesNewestFirstWithTheFiltersApplied) {
  std::vector<int64_t> open_ids;
  for (int i = 0; i < 7; ++i) {
    Need need = LonelinessNeed();
    need.external_id = "page-" + std::to_string(i);
    if (i == 2) need.status = ItemStatus::kClosed;
    if (i == 4) need.sdgs = {4};
    auto created = service_->CreateNeed(RepresentativeOf(1), need);
    ASSERT_TRUE(created.ok()) << created.error().message();
    if (i != 2) open_ids.push_back(created->need.id);
  }
  std::reverse(open_ids.begin(), open_ids.end());  // newest first

  ItemFilter filter;
  filter.limit = 2;
  std::vector<int64_t> seen;
  int pages = 0;
  do {
    auto page = service_->ListNeeds(Principal{}, filter);
    ASSERT_TRUE(page.ok());
    ASSERT_LE(page->items.size(), 2u);
    for (const auto& r : page->items) seen.push_back(r.need.id);
    filter.before = page->next_before;
    ++pages;
  } while (filter.before != 0 && pages < 10);
  EXPECT_EQ(seen, open_ids);
  EXPECT_EQ(pages, 3);  // 6 open needs, 2 a page: the third page knows it is the last

  // Only the needs on goal 4 pass: one, and no next page.
  ItemFilter goal;
  goal.sdg = 4;
  goal.limit = 1;
  auto only = service_->ListNeeds(Principal{}, goal);
  ASSERT_TRUE(only.ok());
  ASSERT_EQ(only->items.size(), 1u);
  EXPECT_EQ(only->items[0].need.external_id, "page-4");
  EXPECT_EQ(only->next_before, 0);

  // A page below the oldest is empty.
  ItemFilter past;
  past.before = open_ids.back();
  EXPECT_TRUE(service_->ListNeeds(Principal{}, past)->items.empty());
}

TEST_P(MatchingStoreTest, ImportIsAllOrNothingUnlessPartialAndUpsertsByExternalId) {
  std::istringstream file(
      R"({"external_id": "n1", "owner": "umea", "title": "Ensamhet bland äldre", "where": {"municipality": "2480"}})"
      "\n"
      R"({"external_id": "n2", "owner": "nobody", "title": "Fel ägare", "where": {"national": true}})"
      "\n"
      "not json\n");
  std::vector<ImportLine<Need>> lines;
  for (auto& l : ReadNeedLines(file)) lines.push_back({l.line, std::move(l.item)});
  auto all_or_nothing = service_->ImportNeeds(lines, false);
  ASSERT_TRUE(all_or_nothing.ok());
  EXPECT_FALSE(all_or_nothing->written);
  ASSERT_EQ(all_or_nothing->rejected.size(), 2u);
  EXPECT_EQ(all_or_nothing->rejected[0].line, 2);
  EXPECT_EQ(all_or_nothing->rejected[1].line, 3);
  EXPECT_TRUE(service_->ListNeeds(Principal{}, {})->items.empty());

  auto partial = service_->ImportNeeds(lines, true);
  ASSERT_TRUE(partial.ok());
  EXPECT_TRUE(partial->written);
  EXPECT_EQ(partial->inserted, 1);
  auto again = service_->ImportNeeds(lines, true);
  EXPECT_EQ(again->inserted, 0);
  EXPECT_EQ(again->updated, 1);
  EXPECT_EQ(service_->ListNeeds(Principal{}, {})->items.size(), 1u);
}

TEST_P(MatchingStoreTest, ASavedOfferIsMatchableByTheNextRequestWithReasons) {
  auto need = service_->CreateNeed(RepresentativeOf(1), LonelinessNeed());
  ASSERT_TRUE(need.ok());
  StartIndexer();
  auto before = service_->MatchesForNeed(Principal{}, "need-" + std::to_string(need->need.id), 5);
  ASSERT_TRUE(before.ok()) << before.error().message();
  EXPECT_TRUE(before->offers.empty());

  auto offer = service_->CreateOffer(RepresentativeOf(2), DinnerOffer());
  ASSERT_TRUE(offer.ok()) << offer.error().message();
  auto after = service_->MatchesForNeed(Principal{}, std::to_string(need->need.id), 5);
  ASSERT_TRUE(after.ok()) << after.error().message();
  ASSERT_EQ(after->offers.size(), 1u);
  EXPECT_EQ(after->offers[0].record.offer.id, offer->offer.id);
  EXPECT_GT(after->offers[0].suggestion.score, 0);
  bool sdg = false;
  for (const auto& r : after->offers[0].suggestion.reasons) sdg = sdg || r.factor == Factor::kSdg;
  EXPECT_TRUE(sdg);

  auto back = service_->MatchesForOffer(Principal{}, offer->offer.external_id, 5);
  ASSERT_TRUE(back.ok());
  ASSERT_EQ(back->needs.size(), 1u);
  EXPECT_EQ(back->needs[0].record.need.id, need->need.id);

  // Closing the offer takes it out of the ranking.
  Offer closed = DinnerOffer();
  closed.status = ItemStatus::kClosed;
  ASSERT_TRUE(
      service_->UpdateOffer(RepresentativeOf(2), std::to_string(offer->offer.id), closed).ok());
  EXPECT_TRUE(
      service_->MatchesForNeed(Principal{}, std::to_string(need->need.id), 5)->offers.empty());
}

TEST_P(MatchingStoreTest, AnIndexOnDiskIsRebuiltWhenMissingAndReusedWhenComplete) {
  ASSERT_TRUE(service_->CreateNeed(RepresentativeOf(1), LonelinessNeed()).ok());
  ASSERT_TRUE(service_->CreateOffer(RepresentativeOf(2), DinnerOffer()).ok());
  StartIndexer();
  EXPECT_TRUE(std::filesystem::exists(std::filesystem::path(dir_) / "complete"));
  EXPECT_EQ(service_->MatchesForNeed(Principal{}, "need-1", 5)->offers.size(), 1u);
  // Reopened: the outbox is empty and the index on disk still finds the offer.
  service_->SetMatchSource(nullptr);
  indexer_.reset();
  indexer_ = std::make_unique<MatchingIndexer>(
      Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead), TestReference(), TestLexicon(),
      MatchWeights{}, dir_, MatchingIndexerOptions{.log = [](const std::string&) {}});
  ASSERT_TRUE(indexer_->Load().ok());
  service_->SetMatchSource(indexer_.get());
  EXPECT_EQ(service_->MatchesForNeed(Principal{}, "need-1", 5)->offers.size(), 1u);
  auto rebuilt = indexer_->Rebuild();
  ASSERT_TRUE(rebuilt.ok());
  EXPECT_EQ(*rebuilt, 2);
}

// An index of the first format kept closed items behind a filter term that searches no longer
// use: its marker makes the next start rebuild it.
TEST_P(MatchingStoreTest, AnIndexOfAnEarlierFormatIsRebuilt) {
  ASSERT_TRUE(service_->CreateNeed(RepresentativeOf(1), LonelinessNeed()).ok());
  ASSERT_TRUE(service_->CreateOffer(RepresentativeOf(2), DinnerOffer()).ok());
  StartIndexer();
  service_->SetMatchSource(nullptr);
  indexer_.reset();
  std::ofstream(std::filesystem::path(dir_) / "complete") << "1\n";
  std::vector<std::string> logged;
  indexer_ = std::make_unique<MatchingIndexer>(
      Scope(storage::TxMode::kWrite), Scope(storage::TxMode::kRead), TestReference(), TestLexicon(),
      MatchWeights{}, dir_,
      MatchingIndexerOptions{.log = [&](const std::string& line) { logged.push_back(line); }});
  ASSERT_TRUE(indexer_->Load().ok());
  service_->SetMatchSource(indexer_.get());
  bool rebuilt = false;
  for (const auto& line : logged) rebuilt = rebuilt || line.find("index rebuilt") != std::string::npos;
  EXPECT_TRUE(rebuilt);
  EXPECT_EQ(service_->MatchesForNeed(Principal{}, "need-1", 5)->offers.size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Engines, MatchingStoreTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::matching
