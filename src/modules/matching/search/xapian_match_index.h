// MatchIndex on Xapian 1.4: two databases, one of offers and one of needs, in memory or on
// disk. The generic search index (src/search/) ranks by sort keys and requires every word;
// matching needs BM25 over any of the words, so it has its own databases but the same
// analyser (search/xapian/text_analyzer.h: each word as written and with its Swedish and
// English Snowball stem).
//
// Only open items are in the index (a draft or closed one is removed when it is put): every
// search wants open ones only, and a filter term in nine documents of ten cost half of each
// search at a million offers (bench/matching/RESULTS.md). Terms of a document: every word of
// its texts (titles count twice) and its stems; "XC<n>" for lexicon concept n, as often as the
// text mentions it. A query is the OR of its words (each word and its two stems as one
// Xapian synonym, so a word is not counted three times) and, when expanded, of its concept
// terms scaled by TextQuery::concept_weight, cut to the TextQuery::max_terms of highest weight
// (Xapian's elite set) when a limit is given; TextQuery::bm25_k1 replaces BM25's k1. Common
// Swedish and English function words are left out of queries.
//
// Thread-safe. Xapian objects are not safe to share between threads, so an index on disk has
// one writer (holding Xapian's lock on the directory; writes are serialised by a mutex) and a
// pool of readers, one per concurrent search, that reopen at the revision of the latest
// Commit: searches run in parallel and never wait for a write. An index in memory cannot be
// opened twice, so there writes and searches share one mutex (tests, the evaluation and the
// command line). Xapian calls block on disk for an on-disk index: run them off the network
// threads.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/matching/domain/match_engine.h"

namespace samverkan::matching {

class XapianMatchIndex : public MatchIndex {
 public:
  // An index in memory (`directory` empty) or in `directory` (created when missing; offers/
  // and needs/ below it). Errors: Unavailable when it cannot be opened.
  static Result<std::unique_ptr<XapianMatchIndex>> Open(const std::string& directory);
  ~XapianMatchIndex() override;

  // Adds or replaces an item by its id (1 … 2^32-1; InvalidArgument otherwise) with the lexicon
  // concepts of its texts, or removes it when it is not open. Visible to searches at once in
  // memory, after Commit on disk.
  Status PutNeed(const Need& need, const std::vector<ConceptHit>& concepts);
  Status PutOffer(const Offer& offer, const std::vector<ConceptHit>& concepts);
  Status RemoveNeed(int64_t id);
  Status RemoveOffer(int64_t id);
  Status Commit();

  Result<std::vector<TextHit>> FindOffers(const TextQuery& query, size_t limit) const override;
  Result<std::vector<TextHit>> FindNeeds(const TextQuery& query, size_t limit) const override;

 private:
  struct Databases;
  struct Reader;
  enum class Side { kOffers, kNeeds };
  XapianMatchIndex(std::unique_ptr<Databases> databases, std::string directory);
  Result<std::vector<TextHit>> Find(Side side, const TextQuery& query, size_t limit) const;
  std::unique_ptr<Reader> AcquireReader(Side side) const;
  void ReleaseReader(Side side, std::unique_ptr<Reader> reader) const;

  const std::string directory_;  // empty: in memory
  // Writes (and, in memory, searches).
  mutable std::mutex mu_;
  std::unique_ptr<Databases> db_;  // guarded by mu_
  // Bumped by each Commit; a reader older than this reopens before use.
  std::atomic<uint64_t> generation_{0};
  mutable std::mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Reader>> offer_readers_;  // guarded by pool_mu_
  mutable std::vector<std::unique_ptr<Reader>> need_readers_;   // guarded by pool_mu_
};

}  // namespace samverkan::matching
