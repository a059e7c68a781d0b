#include "modules/matching/search/xapian_match_index.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "modules/matching/json/matching_json.h"

#include "modules/matching/domain/matching_testing.h"

namespace samverkan::matching {
namespace {

Offer MakeOffer(int64_t id, std::string sv, std::string en, std::vector<std::string> counties) {
  Offer o;
  o.id = id;
  o.external_id = "o" + std::to_string(id);
  o.title.sv = std::move(sv);
  o.title.en = std::move(en);
  o.reach.counties = std::move(counties);
  o.sdgs = {3};
  return o;
}

class MatchIndexTest : public ::testing::Test {
 protected:
  void SetUp() override {
    index_ = XapianMatchIndex::Open("").value();
    items_ = std::make_unique<InMemoryMatchItems>(testing::TestLexicon());
  }
  void Put(Offer o) {
    const IndexedOffer& stored = items_->PutOffer(std::move(o));
    ASSERT_TRUE(index_->PutOffer(stored.offer, stored.concepts).ok());
  }
  void Put(Need n) {
    const IndexedNeed& stored = items_->PutNeed(std::move(n));
    ASSERT_TRUE(index_->PutNeed(stored.need, stored.concepts).ok());
  }
  std::vector<std::string> Ids(const std::vector<Suggestion>& s) {
    std::vector<std::string> out;
    for (const auto& x : s) out.push_back(x.external_id);
    return out;
  }

  std::unique_ptr<XapianMatchIndex> index_;
  std::unique_ptr<InMemoryMatchItems> items_;
};

TEST_F(MatchIndexTest, StemmingFindsOtherFormsOfAWord) {
  Put(MakeOffer(1, "", "Enterprises that employ people", {"01"}));
  auto hits = index_->FindOffers({"enterprise", {}, 0}, 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().id, 1);
}

// With a term limit the query keeps its rarest terms: a word in every offer is dropped before
// a word in one.
TEST_F(MatchIndexTest, ATermLimitKeepsTheRarestTerms) {
  for (int64_t id = 1; id <= 5; ++id) Put(MakeOffer(id, "kaffe och bullar", "", {"01"}));
  Put(MakeOffer(6, "kaffe och kardemumma", "", {"01"}));
  TextQuery all{"kaffe kardemumma", {}, 0};
  EXPECT_EQ(index_->FindOffers(all, 10)->size(), 6u);
  TextQuery rarest = all;
  rarest.max_terms = 1;
  auto hits = index_->FindOffers(rarest, 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().id, 6);
}

// k1 = 0 counts a word once per text: a text that repeats it weighs the same as one that
// names it once (at the same length); Xapian's default k1 ranks the repetition higher.
TEST_F(MatchIndexTest, KOneZeroCountsAWordOncePerText) {
  Put(MakeOffer(1, "matsvinn matsvinn bröd", "", {"01"}));
  Put(MakeOffer(2, "matsvinn ost bröd", "", {"01"}));
  Put(MakeOffer(3, "ost bröd smör", "", {"01"}));
  TextQuery plain{"matsvinn", {}, 0};
  auto ranked = index_->FindOffers(plain, 10);
  ASSERT_TRUE(ranked.ok());
  ASSERT_EQ(ranked->size(), 2u);
  EXPECT_EQ(ranked->front().id, 1);
  EXPECT_GT((*ranked)[0].weight, (*ranked)[1].weight);
  TextQuery once = plain;
  once.bm25_k1 = 0;
  auto flat = index_->FindOffers(once, 10);
  ASSERT_TRUE(flat.ok());
  ASSERT_EQ(flat->size(), 2u);
  EXPECT_DOUBLE_EQ((*flat)[0].weight, (*flat)[1].weight);
  EXPECT_GT((*flat)[0].weight, 0);
}

// The heart of query expansion: a Swedish need finds an English offer on the same theme only
// through the lexicon; plain BM25 cannot, the words differ.
TEST_F(MatchIndexTest, ASwedishNeedFindsAnEnglishOfferThroughTheLexicon) {
  Put(MakeOffer(1, "", "Dinner clubs against loneliness for elderly people", {"24"}));
  Put(MakeOffer(2, "", "Coding clubs for teenagers", {"24"}));
  Need need;
  need.title.sv = "Minska ensamheten bland äldre";
  need.where.municipality = "2480";
  need.sdgs = {3};

  auto baseline = BaselineOffersForNeed(*index_, need, 10);
  ASSERT_TRUE(baseline.ok());
  EXPECT_TRUE(baseline->empty());

  MatchEngine engine(*index_, *items_, testing::TestReference(), testing::TestLexicon());
  auto ranked = engine.OffersForNeed(need, 10);
  ASSERT_TRUE(ranked.ok());
  ASSERT_FALSE(ranked->empty());
  EXPECT_EQ(ranked->front().external_id, "o1");
}

TEST_F(MatchIndexTest, GeographyReordersEqualTexts) {
  Put(MakeOffer(1, "Läxhjälp för elever", "", {"12"}));
  Put(MakeOffer(2, "Läxhjälp för elever", "", {"24"}));
  Need need;
  need.title.sv = "Läxhjälp";
  need.where.municipality = "2480";
  MatchEngine engine(*index_, *items_, testing::TestReference(), testing::TestLexicon());
  auto ranked = engine.OffersForNeed(need, 10);
  ASSERT_TRUE(ranked.ok());
  EXPECT_EQ(Ids(*ranked), (std::vector<std::string>{"o2", "o1"}));
}

TEST_F(MatchIndexTest, ClosedItemsAreNotSuggestedAndRemovedOnesVanish) {
  Offer closed = MakeOffer(1, "Matsvinn", "", {"01"});
  closed.status = ItemStatus::kClosed;
  Put(closed);
  Put(MakeOffer(2, "Matsvinn i skolan", "", {"01"}));
  auto hits = index_->FindOffers({"matsvinn", {}, 0}, 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().id, 2);
  ASSERT_TRUE(index_->RemoveOffer(2).ok());
  ASSERT_TRUE(index_->RemoveOffer(99).ok());
  EXPECT_TRUE(index_->FindOffers({"matsvinn", {}, 0}, 10)->empty());
}

TEST_F(MatchIndexTest, TheOtherDirectionRanksNeedsForAnOffer) {
  Need near;
  near.id = 1;
  near.external_id = "n1";
  near.title.sv = "Arbetsträning för långtidsarbetslösa";
  near.where.municipality = "2480";
  Need far = near;
  far.id = 2;
  far.external_id = "n2";
  far.where.municipality = "1280";
  Need other = near;
  other.id = 3;
  other.external_id = "n3";
  other.title.sv = "Skolträdgårdar";
  Put(near);
  Put(far);
  Put(other);
  Offer offer = MakeOffer(10, "", "Job training for the long-term unemployed", {"24"});
  MatchEngine engine(*index_, *items_, testing::TestReference(), testing::TestLexicon());
  auto ranked = engine.NeedsForOffer(offer, 10);
  ASSERT_TRUE(ranked.ok());
  EXPECT_EQ(Ids(*ranked), (std::vector<std::string>{"n1", "n2"}));
}

TEST_F(MatchIndexTest, RejectsIdsOutOfRange) {
  Offer o = MakeOffer(0, "x", "", {"01"});
  EXPECT_TRUE(index_->PutOffer(o, {}).error().IsInvalid());
}

TEST(XapianMatchIndexDiskTest, KeepsCommittedItems) {
  auto dir =
      std::filesystem::temp_directory_path() /
      ("matching_index_test_" + std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  {
    auto index = XapianMatchIndex::Open(dir.string()).value();
    ASSERT_TRUE(index->PutOffer(MakeOffer(7, "Återbruk av möbler", "", {"14"}), {}).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  auto again = XapianMatchIndex::Open(dir.string()).value();
  auto hits = again->FindOffers({"återbruk", {}, 0}, 10);
  ASSERT_TRUE(hits.ok());
  ASSERT_EQ(hits->size(), 1u);
  EXPECT_EQ(hits->front().id, 7);
  again.reset();
  std::filesystem::remove_all(dir);
}

// The pool of readers: searches on several threads at once, each seeing every commit made
// before it started, while the writer keeps adding.
TEST(XapianMatchIndexDiskTest, ReadersRunConcurrentlyAndSeeEachCommit) {
  auto dir = std::filesystem::temp_directory_path() /
             ("matching_index_pool_" +
              std::to_string(::testing::UnitTest::GetInstance()->random_seed()));
  std::filesystem::remove_all(dir);
  auto index = XapianMatchIndex::Open(dir.string()).value();
  ASSERT_TRUE(index->PutOffer(MakeOffer(1, "Återbruk av möbler", "", {"14"}), {}).ok());
  ASSERT_TRUE(index->Commit().ok());
  std::atomic<int> committed{1};
  std::atomic<bool> failed{false};
  std::vector<std::thread> readers;
  for (int t = 0; t < 4; ++t) {
    readers.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        int before = committed.load();
        auto hits = index->FindOffers({"återbruk", {}, 0}, 1000);
        if (!hits.ok() || static_cast<int>(hits->size()) < before) failed = true;
      }
    });
  }
  for (int64_t id = 2; id <= 40; ++id) {
    ASSERT_TRUE(index->PutOffer(MakeOffer(id, "Återbruk av kläder", "", {"14"}), {}).ok());
    ASSERT_TRUE(index->Commit().ok());
    committed = static_cast<int>(id);
  }
  for (auto& r : readers) r.join();
  EXPECT_FALSE(failed);
  auto hits = index->FindOffers({"återbruk", {}, 0}, 1000);
  ASSERT_TRUE(hits.ok());
  EXPECT_EQ(hits->size(), 40u);
  index.reset();
  std::filesystem::remove_all(dir);
}

// ConceptFinder is Lexicon::Find with a memo: the same hits, in the same order, on every text
// of the evaluation set and the demo data (repeated, so that the memo answers).
TEST(ConceptFinderTest, FindsWhatTheLexiconFinds) {
  const Lexicon& lexicon = testing::TestLexicon();
  ConceptFinder finder(lexicon);
  std::vector<std::string> texts = {"", "äldre", "Minska ensamheten bland äldre i Umeå",
                                    "care for older people and ungdomsarbetslösheten"};
  for (const char* file : {"/matching/eval/offers.jsonl", "/demo/offers.jsonl"}) {
    std::ifstream in(std::string(SAMVERKAN_DATA_DIR) + file);
    for (auto& line : ReadOfferLines(in)) {
      if (line.item.ok()) texts.push_back(OfferText(*line.item));
    }
  }
  std::ifstream needs(std::string(SAMVERKAN_DATA_DIR) + "/demo/needs.jsonl");
  for (auto& line : ReadNeedLines(needs)) {
    if (line.item.ok()) texts.push_back(NeedText(*line.item));
  }
  ASSERT_GT(texts.size(), 60u);
  size_t with_hits = 0;
  for (int round = 0; round < 2; ++round) {
    for (const std::string& text : texts) {
      auto expected = lexicon.Find(text);
      EXPECT_EQ(finder.Find(text), expected) << text;
      if (!expected.empty()) ++with_hits;
    }
  }
  EXPECT_GT(with_hits, texts.size());  // most texts mention concepts
}

}  // namespace
}  // namespace samverkan::matching
