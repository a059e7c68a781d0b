// The ranking of stored needs and offers: a MatchEngine over an XapianMatchIndex (on disk in
// <data_dir>/search/matching, or in memory for the command line) and the items in memory in
// their compact form (what ranking reads, without texts: InMemoryMatchItems with keep_texts
// false), kept current from the matching outbox that every write fills in its transaction.
// A rebuild streams the items from one database snapshot into the index, committing every
// 100,000 documents.
//
// Applying the outbox: read the oldest rows and those items as they are now, put them into
// the items and the index, commit the index, and only then delete the rows. A process killed
// in between leaves the rows, and the next run applies them again (applying is idempotent).
// An index without the "complete" marker (new, or a rebuild was interrupted) is rebuilt from
// the database.
//
// Thread-safe: searches run concurrently under a shared lock; applying changes takes it
// exclusively for the moment it replaces items. Every search first applies the changes
// already committed, so a saved item is matchable by the next request of any thread; a
// background thread (Start) picks up the writes of other processes (the import command)
// within `idle_poll`.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <thread>

#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/match_engine.h"
#include "modules/matching/domain/match_weights.h"
#include "modules/matching/domain/matching_service.h"
#include "modules/matching/search/xapian_match_index.h"

namespace samverkan::matching {

struct MatchingIndexerOptions {
  std::chrono::milliseconds idle_poll{500};
  std::chrono::milliseconds error_pause{5000};
  // One line per rebuild or error; standard error when not given.
  std::function<void(const std::string&)> log;
};

class MatchingIndexer : public MatchSource {
 public:
  // `reference` and `lexicon` must outlive the indexer. `directory` empty: in memory, a
  // snapshot of the database at Load that never applies or deletes outbox rows (the server's
  // index on disk owns them). Does no I/O until Load.
  MatchingIndexer(RepositoryScope write, RepositoryScope read, const ReferenceData& reference,
                  const Lexicon& lexicon, MatchWeights weights, std::string directory,
                  MatchingIndexerOptions options = {});
  ~MatchingIndexer() override;
  MatchingIndexer(const MatchingIndexer&) = delete;
  MatchingIndexer& operator=(const MatchingIndexer&) = delete;

  // Reads every item (compact) into memory and opens the index, rebuilding it when it is not
  // complete,
  // then applies the pending changes. Unavailable when another process holds the index.
  Status Load();
  // Replaces the index and the items with those of one database snapshot and forgets the
  // changes that snapshot covered. Returns how many needs and offers were indexed.
  Result<int64_t> Rebuild();
  // Applies outbox rows until none is left; returns how many were applied.
  Result<int64_t> ApplyPending();

  // The background thread: ApplyPending whenever woken or polled. Call after Load.
  void Start();
  void Notify();
  // Ends and joins the thread. Idempotent.
  void Stop();

  Result<std::vector<Suggestion>> OffersForNeed(const Need& need, size_t limit) override;
  Result<std::vector<Suggestion>> NeedsForOffer(const Offer& offer, size_t limit) override;
  void CatchUp() override;

 private:
  Status OpenIndex(bool recreate);
  Result<int64_t> ApplyBatch();
  void Run(std::stop_token stop);
  void Log(const std::string& line) const;

  RepositoryScope write_;
  RepositoryScope read_;
  const ReferenceData& reference_;
  const Lexicon& lexicon_;
  MatchWeights weights_;
  ConceptFinder finder_;
  std::string directory_;
  MatchingIndexerOptions options_;

  // Guards index_, items_ and engine_: shared for searches, exclusive to replace them.
  mutable std::shared_mutex mu_;
  std::unique_ptr<XapianMatchIndex> index_;
  std::unique_ptr<InMemoryMatchItems> items_;
  std::unique_ptr<MatchEngine> engine_;
  // Held while applying or rebuilding: two appliers could otherwise write an older state of
  // an item after a newer one.
  std::timed_mutex apply_mu_;

  std::mutex wake_mu_;
  std::condition_variable_any wake_;
  bool notified_ = false;  // guarded by wake_mu_
  std::jthread thread_;
};

}  // namespace samverkan::matching
