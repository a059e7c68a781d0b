// MatchIndex on Xapian 1.4: two databases, one of offers and one of needs, in memory or on
// disk. The generic search index (src/search/) ranks by sort keys and requires every word;
// matching needs BM25 over any of the words, so it has its own databases but the same
// analyser (search/xapian/text_analyzer.h: each word as written and with its Swedish and
// English Snowball stem).
//
// Terms of a document: every word of its texts (titles count twice) and its stems; "XC<n>" for
// lexicon concept n, as often as the text mentions it; "XSopen" when the item is open, the
// filter of every search. A query is the OR of its words (each word and its two stems as one
// Xapian synonym, so a word is not counted three times) and, when expanded, of its concept
// terms scaled by TextQuery::concept_weight. Common Swedish and English function words are left
// out of queries.
//
// Thread-safe: writes and searches are serialised by one mutex (Xapian objects are not safe to
// share between threads). Xapian calls block on disk for an on-disk index: run them off the
// network threads.
#pragma once

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
  // concepts of its texts. Visible to searches at once in memory, after Commit on disk.
  Status PutNeed(const Need& need, const std::vector<ConceptHit>& concepts);
  Status PutOffer(const Offer& offer, const std::vector<ConceptHit>& concepts);
  Status RemoveNeed(int64_t id);
  Status RemoveOffer(int64_t id);
  Status Commit();

  Result<std::vector<TextHit>> FindOffers(const TextQuery& query, size_t limit) const override;
  Result<std::vector<TextHit>> FindNeeds(const TextQuery& query, size_t limit) const override;

 private:
  struct Databases;
  explicit XapianMatchIndex(std::unique_ptr<Databases> databases);

  mutable std::mutex mu_;
  std::unique_ptr<Databases> db_;  // guarded by mu_
};

}  // namespace samverkan::matching
