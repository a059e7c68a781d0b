#include "search/xapian/xapian_index.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <random>
#include <set>

namespace samverkan::search {
namespace {

namespace fs = std::filesystem;

// A fresh directory per test, removed afterwards.
class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() /
            ("samverkan-search-" + std::to_string(::getpid()) + "-" + std::to_string(counter_++));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  std::string Index() const { return (path_ / "index").string(); }

 private:
  static inline int counter_ = 0;
  fs::path path_;
};

SearchDocument Doc(int64_t id, std::string text, std::string color, std::vector<std::string> sizes,
                   std::string key) {
  SearchDocument d;
  d.id = id;
  d.texts = {{std::move(text), 1}};
  d.facets.push_back({"color", color});
  for (auto& s : sizes) d.facets.push_back({"size", s});
  d.filters.push_back({"code", "c" + std::to_string(id)});
  d.sort_keys = {std::move(key)};
  return d;
}

std::unique_ptr<XapianIndex> MustOpen(const std::string& path) {
  auto index = XapianIndex::Open(path);
  EXPECT_TRUE(index.ok()) << index.error().log_detail();
  return std::move(index).value();
}

TEST(XapianIndexTest, FindsStemmedWordsInEitherLanguage) {
  TempDir dir;
  auto index = MustOpen(dir.Index());
  ASSERT_TRUE(index->Replace({Doc(1, "Vi arbetar med äldreomsorg i Umeå", "red", {"s"}, "a"),
                              Doc(2, "Social enterprises for young people", "blue", {"m"}, "b"),
                              Doc(3, "Café för unga", "red", {"l"}, "c")})
                  .ok());
  ASSERT_TRUE(index->Commit().ok());
  auto ids = [&](std::string text) {
    auto r = index->Search({.text = std::move(text)});
    EXPECT_TRUE(r.ok());
    return r->ids;
  };
  EXPECT_EQ(ids("äldreomsorgen"), std::vector<int64_t>{1});
  EXPECT_EQ(ids("ÄLDREOMSORG umeå"), std::vector<int64_t>{1});
  EXPECT_EQ(ids("enterprise"), std::vector<int64_t>{2});
  EXPECT_EQ(ids("CAFE"), std::vector<int64_t>{3});
  EXPECT_EQ(ids("café unga"), std::vector<int64_t>{3});
  EXPECT_TRUE(ids("äldreomsorg enterprise").empty());  // every word must occur
  EXPECT_EQ(ids("  ").size(), 3u);
}

TEST(XapianIndexTest, SortsByKeyThenIdAndPagesWithAKeyset) {
  TempDir dir;
  auto index = MustOpen(dir.Index());
  std::vector<SearchDocument> docs;
  for (int i = 1; i <= 30; ++i) docs.push_back(Doc(i, "ord", "red", {}, std::string(1, 'a' + (i * 7) % 5)));
  ASSERT_TRUE(index->Replace(docs).ok());
  ASSERT_TRUE(index->Commit().ok());
  std::vector<std::pair<std::string, int64_t>> expected;
  for (const auto& d : docs) expected.emplace_back(d.sort_keys[0], d.id);
  std::sort(expected.begin(), expected.end());
  std::vector<std::pair<std::string, int64_t>> walked;
  SearchRequest request{.limit = 4};
  for (int guard = 0; guard < 20; ++guard) {
    auto r = index->Search(request);
    ASSERT_TRUE(r.ok());
    for (int64_t id : r->ids) walked.emplace_back(docs[id - 1].sort_keys[0], id);
    if (r->ids.size() < 4) break;
    request.after = SortPosition{walked.back().first, walked.back().second};
  }
  EXPECT_EQ(walked, expected);
}

// The counts of a field leave out the request's filter on that field: checked against a
// count one document at a time, for random requests.
TEST(XapianIndexTest, DisjunctiveFacetCountsEqualABruteForceCount) {
  TempDir dir;
  auto index = MustOpen(dir.Index());
  std::mt19937 rng(7);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const char* colors[] = {"red", "blue", "green"};
  const char* sizes[] = {"s", "m", "l", "xl"};
  const char* words[] = {"omsorg", "äldreomsorgen", "bygg", "mat"};
  std::vector<SearchDocument> docs;
  for (int i = 1; i <= 200; ++i) {
    std::vector<std::string> s;
    for (int k = 0; k < 4; ++k) {
      if (pick(3) == 0) s.push_back(sizes[k]);
    }
    docs.push_back(Doc(i, words[pick(4)], colors[pick(3)], s, "k"));
  }
  ASSERT_TRUE(index->Replace(docs).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto has = [](const SearchDocument& d, const std::string& field, const std::string& value) {
    return std::find(d.facets.begin(), d.facets.end(), std::pair<std::string, std::string>{field, value}) !=
           d.facets.end();
  };
  for (int round = 0; round < 60; ++round) {
    SearchRequest request{.facet_fields = {"color", "size"}, .limit = 0};
    if (pick(2)) request.filters.push_back({"color", colors[pick(3)]});
    if (pick(2)) request.filters.push_back({"size", sizes[pick(4)]});
    bool text = pick(3) == 0;
    if (text) request.text = "äldreomsorg";
    auto passes = [&](const SearchDocument& d, const std::string& except) {
      if (text && d.texts[0].text != "äldreomsorgen") return false;
      for (const auto& [field, value] : request.filters) {
        if (field != except && !has(d, field, value)) return false;
      }
      return true;
    };
    std::map<std::string, std::map<std::string, int64_t>> expected;
    int64_t total = 0;
    for (const auto& d : docs) {
      if (passes(d, "")) ++total;
      for (const std::string field : {"color", "size"}) {
        if (!passes(d, field)) continue;
        for (const auto& [f, v] : d.facets) {
          if (f == field) ++expected[f][v];
        }
      }
    }
    auto r = index->Search(request);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->facets, expected) << "round " << round;
    EXPECT_EQ(r->total, total) << "round " << round;
  }
}

// Everything a search returns (page, total, counts) checked against a brute-force search
// one document at a time, for random requests with words, filters, offsets and keysets:
// after documents were replaced and removed, and again after reopening (which rebuilds the
// in-memory facets and sort keys from the index). With ids 1…300 the counts come mostly
// from intersecting bit sets; with ids spread over 300,000 mostly from reading each
// document's values: both ways are checked.
class BruteForceTest : public ::testing::TestWithParam<int64_t> {};

TEST_P(BruteForceTest, SearchesEqualABruteForceSearchAfterChangesAndReopening) {
  const int64_t stride = GetParam();
  TempDir dir;
  std::mt19937 rng(11);
  auto pick = [&](int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); };
  const char* colors[] = {"red", "blue", "green", "black"};
  const char* sizes[] = {"s", "m", "l"};
  const char* words[] = {"omsorg", "bygg", "mat", "skola"};
  auto random_doc = [&](int64_t id) {
    std::vector<std::string> s;
    for (const char* size : sizes) {
      if (pick(2) == 0) s.push_back(size);
    }
    std::string text = std::string(words[pick(4)]) + " " + words[pick(4)];
    return Doc(id * stride, text, colors[pick(4)], s, std::string(1, static_cast<char>('a' + pick(6))));
  };
  std::map<int64_t, SearchDocument> live;
  {
    auto index = MustOpen(dir.Index());
    std::vector<SearchDocument> docs;
    for (int64_t id = 1; id <= 300; ++id) docs.push_back(random_doc(id));
    ASSERT_TRUE(index->Replace(docs).ok());
    ASSERT_TRUE(index->Commit().ok());
    for (auto& d : docs) live[d.id] = d;
    std::vector<SearchDocument> changed;
    std::vector<int64_t> removed;
    for (int k = 0; k < 60; ++k) changed.push_back(random_doc(1 + pick(300)));
    for (int k = 0; k < 30; ++k) removed.push_back((1 + pick(300)) * stride);
    ASSERT_TRUE(index->Replace(changed).ok());
    ASSERT_TRUE(index->Remove(removed).ok());
    ASSERT_TRUE(index->Commit().ok());
    for (auto& d : changed) live[d.id] = d;
    for (int64_t id : removed) live.erase(id);
  }
  auto has = [](const SearchDocument& d, const std::string& field, const std::string& value) {
    for (const auto& pairs : {d.facets, d.filters}) {
      if (std::find(pairs.begin(), pairs.end(), std::pair<std::string, std::string>{field, value}) != pairs.end()) {
        return true;
      }
    }
    return false;
  };
  auto check = [&](XapianIndex& index, int round) {
    SearchRequest request{.facet_fields = {"color", "size"}, .limit = 1 + pick(8)};
    std::vector<std::string> query_words;
    for (int k = pick(3); k > 0; --k) query_words.push_back(words[pick(4)]);
    for (const auto& w : query_words) request.text += w + " ";
    if (pick(2)) request.filters.push_back({"color", colors[pick(4)]});
    if (pick(2)) request.filters.push_back({"size", sizes[pick(3)]});
    if (pick(5) == 0) request.filters.push_back({"code", "c" + std::to_string((1 + pick(300)) * stride)});
    if (pick(3) == 0) request.offset = pick(10);
    if (pick(3) == 0) {
      request.after = SortPosition{std::string(1, static_cast<char>('a' + pick(6))), pick(300) * stride};
    }
    auto passes = [&](const SearchDocument& d, const std::string& except) {
      for (const auto& w : query_words) {
        if (d.texts[0].text.find(w) == std::string::npos) return false;
      }
      for (const auto& [field, value] : request.filters) {
        if (field != except && !has(d, field, value)) return false;
      }
      return true;
    };
    std::map<std::string, std::map<std::string, int64_t>> counts;
    std::vector<std::pair<std::string, int64_t>> sorted;
    int64_t total = 0;
    for (const auto& [id, d] : live) {
      if (passes(d, "")) {
        ++total;
        std::pair<std::string, int64_t> position{d.sort_keys[0], id};
        if (!request.after || position > std::pair<std::string, int64_t>{request.after->key, request.after->id}) {
          sorted.push_back(position);
        }
      }
      for (const std::string field : {"color", "size"}) {
        if (!passes(d, field)) continue;
        for (const auto& [f, v] : d.facets) {
          if (f == field) ++counts[f][v];
        }
      }
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<int64_t> page;
    for (size_t i = request.offset; i < sorted.size() && page.size() < static_cast<size_t>(request.limit); ++i) {
      page.push_back(sorted[i].second);
    }
    auto r = index.Search(request);
    ASSERT_TRUE(r.ok());
    EXPECT_EQ(r->ids, page) << "round " << round << " text '" << request.text << "'";
    EXPECT_EQ(r->total, total) << "round " << round;
    EXPECT_EQ(r->facets, counts) << "round " << round;
  };
  for (int pass = 0; pass < 2; ++pass) {
    // The first pass runs on a fresh open after the changes; the second after one more
    // change made and committed while open.
    auto index = MustOpen(dir.Index());
    if (pass == 1) {
      SearchDocument d = random_doc(301);
      ASSERT_TRUE(index->Replace({d}).ok());
      ASSERT_TRUE(index->Remove({live.begin()->first}).ok());
      ASSERT_TRUE(index->Commit().ok());
      live[d.id] = d;
      live.erase(live.begin());
    }
    for (int round = 0; round < 150; ++round) check(*index, round);
  }
}

INSTANTIATE_TEST_SUITE_P(DenseAndSparseIds, BruteForceTest, ::testing::Values(1, 997));

// A document with more facet values than are kept inline (counties of a national actor),
// replaced by one with few and back: the counts follow every change.
TEST(XapianIndexTest, DocumentsWithManyFacetValuesAreCounted) {
  TempDir dir;
  auto index = MustOpen(dir.Index());
  auto many = [](int64_t id, int n) {
    std::vector<std::string> sizes;
    for (int i = 0; i < n; ++i) sizes.push_back("v" + std::to_string(i));
    return Doc(id, "ord", "red", sizes, "k");
  };
  auto counts = [&]() {
    auto r = index->Search({.text = "ord", .facet_fields = {"size"}, .limit = 0});
    EXPECT_TRUE(r.ok());
    int64_t sum = 0;
    for (const auto& [value, n] : r->facets["size"]) sum += n;
    return std::pair<int64_t, int64_t>{static_cast<int64_t>(r->facets["size"].size()), sum};
  };
  ASSERT_TRUE(index->Replace({many(1, 30), many(2, 2)}).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(counts(), (std::pair<int64_t, int64_t>{30, 32}));
  ASSERT_TRUE(index->Replace({many(1, 1), many(3, 25)}).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(counts(), (std::pair<int64_t, int64_t>{25, 28}));
  ASSERT_TRUE(index->Remove({3}).ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(counts(), (std::pair<int64_t, int64_t>{2, 3}));
  auto r = index->Search({.filters = {{"size", "v20"}}, .facet_fields = {"size"}});
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->ids.empty());
}

TEST(XapianIndexTest, NonFacetFiltersAlwaysApply) {
  TempDir dir;
  auto index = MustOpen(dir.Index());
  ASSERT_TRUE(index->Replace({Doc(1, "a", "red", {}, "a"), Doc(2, "a", "blue", {}, "b")}).ok());
  ASSERT_TRUE(index->Commit().ok());
  auto r = index->Search({.filters = {{"code", "c2"}}, .facet_fields = {"color"}});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->ids, std::vector<int64_t>{2});
  EXPECT_EQ(r->total, 1);
  EXPECT_EQ(r->facets["color"], (std::map<std::string, int64_t>{{"blue", 1}}));
}

TEST(XapianIndexTest, ChangesAreSeenOnlyAfterCommitAndSurviveReopening) {
  TempDir dir;
  {
    auto index = MustOpen(dir.Index());
    ASSERT_TRUE(index->Replace({Doc(1, "första", "red", {}, "a")}).ok());
    ASSERT_TRUE(index->Commit().ok());
    ASSERT_TRUE(index->Replace({Doc(1, "andra", "blue", {}, "a"), Doc(2, "tredje", "red", {}, "b")}).ok());
    EXPECT_EQ(*index->DocumentCount(), 1);  // not committed yet
    ASSERT_TRUE(index->Commit().ok());
    EXPECT_EQ(*index->DocumentCount(), 2);
    ASSERT_TRUE(index->Remove({2, 99}).ok());
    ASSERT_TRUE(index->SetMetadata("complete", "1").ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  auto index = MustOpen(dir.Index());
  EXPECT_EQ(*index->DocumentCount(), 1);
  EXPECT_EQ(*index->GetMetadata("complete"), "1");
  EXPECT_EQ(index->Search({.text = "andra"})->ids, std::vector<int64_t>{1});
  EXPECT_TRUE(index->Search({.text = "första"})->ids.empty());
}

TEST(XapianIndexTest, ASecondWriterIsRefusedAndACorruptIndexIsReportedForRecreation) {
  TempDir dir;
  {
    auto index = MustOpen(dir.Index());
    auto second = XapianIndex::Open(dir.Index());
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code(), ErrorCode::kConflict);
    ASSERT_TRUE(index->Replace({Doc(1, "ord", "red", {}, "a")}).ok());
    ASSERT_TRUE(index->Commit().ok());
  }
  // Garbage in every file of the index.
  for (const auto& entry : fs::directory_iterator(dir.Index())) {
    std::ofstream(entry.path(), std::ios::binary | std::ios::trunc) << "not an index";
  }
  auto broken = XapianIndex::Open(dir.Index());
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().code(), ErrorCode::kInternal);
  auto recreated = XapianIndex::Recreate(dir.Index());
  ASSERT_TRUE(recreated.ok()) << recreated.error().log_detail();
  EXPECT_EQ(*(*recreated)->DocumentCount(), 0);
}

TEST(XapianIndexTest, ClearEmptiesTheIndex) {
  TempDir dir;
  auto index = MustOpen(dir.Index());
  ASSERT_TRUE(index->Replace({Doc(1, "ord", "red", {}, "a")}).ok());
  ASSERT_TRUE(index->Commit().ok());
  ASSERT_TRUE(index->Clear().ok());
  ASSERT_TRUE(index->Commit().ok());
  EXPECT_EQ(*index->DocumentCount(), 0);
  EXPECT_TRUE(index->Search({.text = "ord"})->ids.empty());
}

}  // namespace
}  // namespace samverkan::search
