// The ranking engine: text relevance from an index (BM25 over Swedish and English, the query
// expanded with the lexicon's concepts) combined with the structured fit of scoring.h, both
// ways: offers for a need and needs for an offer. The index and the store of items are
// interfaces, so that the domain knows no search engine (search/xapian_match_index.h is the
// Xapian one) and no database.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/reference.h"
#include "core/result.h"
#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/match_weights.h"
#include "modules/matching/domain/need_offer.h"
#include "modules/matching/domain/scoring.h"

namespace samverkan::matching {

// What the index is asked: the words of a text and, for an expanded query, lexicon concepts
// (each counting `concept_weight` against one word of the text).
// `max_terms` keeps only that many terms of highest weight (0: all); `bm25_k1` replaces the
// index's BM25 k1 when set (MatchWeights::query_terms and text_k1 say why).
struct TextQuery {
  std::string text;
  std::vector<ConceptHit> concepts;
  double concept_weight = 1.0;
  size_t max_terms = 0;
  std::optional<double> bm25_k1;
};

struct TextHit {
  int64_t id = 0;
  double weight = 0;  // BM25; only comparable within one answer
};

// The text side of matching. Implementations are thread-safe for concurrent searches.
// Errors: Unavailable when the index cannot be read.
class MatchIndex {
 public:
  virtual ~MatchIndex() = default;
  // The best `limit` open offers (or needs) for the query, best first.
  virtual Result<std::vector<TextHit>> FindOffers(const TextQuery& query, size_t limit) const = 0;
  virtual Result<std::vector<TextHit>> FindNeeds(const TextQuery& query, size_t limit) const = 0;
};

// An item with the lexicon concepts of its texts, found once when it is stored.
struct IndexedNeed {
  Need need;
  std::vector<ConceptHit> concepts;
};
struct IndexedOffer {
  Offer offer;
  std::vector<ConceptHit> concepts;
};

// The items the index refers to, by id. Pointers stay valid as long as the store lives and the
// item is not replaced.
class MatchItems {
 public:
  virtual ~MatchItems() = default;
  virtual const IndexedNeed* FindNeed(int64_t id) const = 0;
  virtual const IndexedOffer* FindOffer(int64_t id) const = 0;
};

// The text of an item as the index and the lexicon read it: titles and descriptions in both
// languages.
std::string NeedText(const Need& need);
std::string OfferText(const Offer& offer);

// Lexicon::Find with a memo: for each word seen, the variants whose first word it matches.
// The same hits in the same order as Lexicon::Find, which compares every word of a text with
// every variant (some 2,000): at a million items that comparison was nine tenths of the index
// build (bench/matching/RESULTS.md). The memo holds at most kMaxWords words (then starts
// again). Thread-safe. The lexicon must outlive the finder.
class ConceptFinder {
 public:
  explicit ConceptFinder(const Lexicon& lexicon);
  std::vector<ConceptHit> Find(std::string_view text) const;

  static constexpr size_t kMaxWords = 200000;

 private:
  struct Variant {
    std::vector<std::string> words;
    size_t concept_index = 0;
  };
  // The variants (indexes into variants_, ascending) whose first word `word` matches.
  std::vector<uint32_t> Starts(const std::string& word) const;

  std::vector<Variant> variants_;
  // Variants by their first word. LexiconWordMatches holds only when that word is the whole
  // word, a prefix or a suffix of it, so a word not in the memo looks up its prefixes and
  // suffixes here instead of comparing itself with every variant (some 2,000): the queries of
  // the bench met a new word in most needs (bench/matching/RESULTS.md).
  std::unordered_map<std::string, std::vector<uint32_t>> by_first_word_;
  mutable std::mutex mu_;
  mutable std::unordered_map<std::string, std::vector<uint32_t>> starts_;  // guarded by mu_
};

// MatchItems in memory, for the evaluation, the tests and the server's indexer. Not thread-safe
// for writes; reads may run concurrently once writing is done.
//
// `keep_texts` false keeps only what ranking reads (MatchEngine and ScorePair never read the
// titles, descriptions or owner): the texts are dropped once their concepts are found, which
// keeps a million offers at about a third of the memory (bench/matching/RESULTS.md).
class InMemoryMatchItems : public MatchItems {
 public:
  explicit InMemoryMatchItems(const Lexicon& lexicon, bool keep_texts = true)
      : lexicon_(lexicon), keep_texts_(keep_texts) {}
  // Adds or replaces by id (which must be non-zero) and returns the stored item.
  const IndexedNeed& PutNeed(Need need);
  const IndexedOffer& PutOffer(Offer offer);
  // The same with the concepts already found (lexicon.Find of NeedText / OfferText).
  const IndexedNeed& PutNeed(Need need, std::vector<ConceptHit> concepts);
  const IndexedOffer& PutOffer(Offer offer, std::vector<ConceptHit> concepts);
  size_t need_count() const { return needs_.size(); }
  size_t offer_count() const { return offers_.size(); }

  const IndexedNeed* FindNeed(int64_t id) const override;
  const IndexedOffer* FindOffer(int64_t id) const override;

 private:
  const Lexicon& lexicon_;
  bool keep_texts_;
  // Hashed: ranking looks up some 200 candidates per query among up to a million items.
  std::unordered_map<int64_t, std::unique_ptr<IndexedNeed>> needs_;
  std::unordered_map<int64_t, std::unique_ptr<IndexedOffer>> offers_;
};

// Thread-safe for concurrent calls when the index and the items are. Holds references: the
// index, items, reference data and lexicon must outlive the engine.
class MatchEngine {
 public:
  MatchEngine(const MatchIndex& index, const MatchItems& items, const ReferenceData& reference,
              const Lexicon& lexicon, MatchWeights weights = {});

  // The best `limit` open offers for `need`, best first, each with its reasons. The need itself
  // need not be stored. Errors: those of the index.
  Result<std::vector<Suggestion>> OffersForNeed(const Need& need, size_t limit) const;
  // The best `limit` open needs for `offer`.
  Result<std::vector<Suggestion>> NeedsForOffer(const Offer& offer, size_t limit) const;

  const MatchWeights& weights() const { return weights_; }
  // The query the engine sends the index for a text and its concepts (the benchmark times it
  // alone).
  TextQuery Query(std::string text, std::vector<ConceptHit> concepts) const;

 private:
  size_t CandidateCount(size_t limit) const;

  const MatchIndex& index_;
  const MatchItems& items_;
  const ReferenceData& reference_;
  const Lexicon& lexicon_;
  MatchWeights weights_;
  ConceptFinder finder_;
};

// The plain BM25 baseline of the evaluation: the same index, the need's words only (no
// lexicon), no structured factors. Ids best first.
Result<std::vector<int64_t>> BaselineOffersForNeed(const MatchIndex& index, const Need& need,
                                                   size_t limit);

}  // namespace samverkan::matching
