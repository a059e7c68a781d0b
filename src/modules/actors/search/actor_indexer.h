// The actors' full-text index: ActorSearch over a search::SearchIndex, kept current from the
// search_outbox table that every actor write fills in its transaction.
//
// Applying the outbox: read the oldest rows, read those actors as they are now, write them to
// the index, commit the index, and only then delete the rows. A process killed anywhere in
// between leaves the rows, and the next run applies them again (applying is idempotent).
// An index that is missing, unreadable or was not finished is rebuilt from the database.
//
// Wiring (ActorsModule::StartSearch): one indexer per server process, which holds the
// index's write lock; a background thread applies the outbox, woken by CatchUp or Notify and
// polling every `idle_poll` for rows written by other processes (the import command).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "modules/actors/domain/actor_search.h"
#include "search/search_index.h"
#include "storage/database.h"

namespace samverkan::actors {

struct ActorIndexerOptions {
  int batch = 5000;  // outbox rows per index commit
  std::chrono::milliseconds idle_poll{1000};
  std::chrono::milliseconds error_pause{5000};
  // One line per rebuild, batch error or slow catch-up; standard error when not given.
  std::function<void(const std::string&)> log;
};

// What an actor looks like to the index, and a directory query as an index request.
search::SearchDocument ActorDocument(const Actor& actor);
search::SearchRequest ActorSearchRequest(const ActorQuery& query);

class ActorIndexer : public ActorSearch {
 public:
  // `db` must outlive the indexer. Does no I/O.
  ActorIndexer(storage::Database& db, std::unique_ptr<search::SearchIndex> index,
               ActorIndexerOptions options = {});
  // Opens the Xapian index at `path`, recreating it when it cannot be read. Conflict when
  // another process holds it.
  static Result<std::unique_ptr<ActorIndexer>> Open(storage::Database& db, const std::string& path,
                                                    ActorIndexerOptions options = {});
  ~ActorIndexer() override;
  ActorIndexer(const ActorIndexer&) = delete;
  ActorIndexer& operator=(const ActorIndexer&) = delete;

  // Replaces the index with every actor of one database snapshot, then deletes the outbox
  // rows that snapshot covered. Returns how many actors were indexed.
  Result<int64_t> Rebuild();
  // Rebuilds when the index is not complete (new, recreated, or a rebuild was interrupted).
  Status RebuildIfNeeded();
  // Applies outbox rows until none is left; returns how many rows were applied.
  Result<int64_t> ApplyPending();

  // The background thread: RebuildIfNeeded, then ApplyPending whenever woken or polled.
  void Start();
  void Notify();
  // Ends and joins the thread (after the batch in progress). Idempotent.
  void Stop();

  bool Ready() const override { return ready_.load(); }
  Result<ActorSearchPage> Search(const ActorQuery& query) override;
  void CatchUp() override;

 private:
  // One batch: returns rows applied (0 when the outbox is empty).
  Result<int64_t> ApplyBatch();
  void Run(std::stop_token stop);
  void Log(const std::string& line) const;

  storage::Database& db_;
  std::unique_ptr<search::SearchIndex> index_;
  ActorIndexerOptions options_;
  std::atomic<bool> ready_{false};
  // Held while applying or rebuilding: two appliers could otherwise write an older state of
  // an actor after a newer one.
  std::timed_mutex apply_mu_;

  std::mutex mu_;
  std::condition_variable_any wake_;
  bool notified_ = false;  // guarded by mu_
  std::jthread thread_;
};

}  // namespace samverkan::actors
