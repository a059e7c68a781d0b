#include "modules/matching/search/matching_indexer.h"

#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <limits>
#include <optional>

namespace samverkan::matching {
namespace {

namespace fs = std::filesystem;

constexpr const char* kCompleteMarker = "complete";
// What the marker holds: the index's format. A marker of another format (1: closed items were
// kept with a filter term) makes the next start rebuild the index.
constexpr const char* kIndexFormat = "2";
constexpr int kBatch = 1000;
// A rebuild commits the index after this many documents.
constexpr int64_t kRebuildCommit = 100000;
// How long a search waits for a running apply before it answers from the index as it is.
constexpr std::chrono::milliseconds kCatchUpWait{1000};

// One item of a rebuild on its way from the database to the writer.
struct RebuildItem {
  std::optional<Need> need;
  std::optional<Offer> offer;
  std::vector<ConceptHit> concepts;
};

// The writer of a rebuild: a thread that puts batches of items into the index and the store,
// in the order they were added, while the caller reads the next ones. The queue holds at most
// kQueuedBatches batches, so memory stays bounded when the writer is the slower side. The
// first error stops the writer; Add and Finish return it.
class RebuildWriter {
 public:
  RebuildWriter(XapianMatchIndex& index, InMemoryMatchItems& items,
                std::function<Status()> after_each)
      : index_(index),
        items_(items),
        after_each_(std::move(after_each)),
        thread_([this] { Run(); }) {}
  ~RebuildWriter() { static_cast<void>(Finish()); }  // an error was already returned by Add

  Status Add(RebuildItem item) {
    batch_.push_back(std::move(item));
    if (batch_.size() < kBatchSize) return Status::Ok();
    return Flush();
  }

  // Writes what is left and waits for the writer. Idempotent.
  Status Finish() {
    if (thread_.joinable()) {
      Status flushed = Flush();
      {
        std::lock_guard lock(mu_);
        done_ = true;
      }
      changed_.notify_all();
      thread_.join();
      if (!flushed.ok()) return flushed;
    }
    std::lock_guard lock(mu_);
    return error_;
  }

 private:
  static constexpr size_t kBatchSize = 2000;
  static constexpr size_t kQueuedBatches = 4;

  Status Flush() {
    std::unique_lock lock(mu_);
    changed_.wait(lock, [&] { return queue_.size() < kQueuedBatches || !error_.ok(); });
    if (!error_.ok()) return error_;
    if (!batch_.empty()) queue_.push_back(std::move(batch_));
    batch_.clear();
    changed_.notify_all();
    return Status::Ok();
  }

  void Run() {
    for (;;) {
      std::vector<RebuildItem> batch;
      {
        std::unique_lock lock(mu_);
        changed_.wait(lock, [&] { return !queue_.empty() || done_; });
        if (queue_.empty()) return;
        batch = std::move(queue_.front());
        queue_.pop_front();
      }
      changed_.notify_all();
      Status written = Write(batch);
      if (!written.ok()) {
        std::lock_guard lock(mu_);
        error_ = std::move(written);
        queue_.clear();
        changed_.notify_all();
        return;
      }
    }
  }

  Status Write(std::vector<RebuildItem>& batch) {
    for (RebuildItem& item : batch) {
      if (item.need) {
        SAMVERKAN_RETURN_IF_ERROR(index_.PutNeed(*item.need, item.concepts));
        items_.PutNeed(std::move(*item.need), std::move(item.concepts));
      } else if (item.offer) {
        SAMVERKAN_RETURN_IF_ERROR(index_.PutOffer(*item.offer, item.concepts));
        items_.PutOffer(std::move(*item.offer), std::move(item.concepts));
      }
      SAMVERKAN_RETURN_IF_ERROR(after_each_());
    }
    return Status::Ok();
  }

  XapianMatchIndex& index_;
  InMemoryMatchItems& items_;
  std::function<Status()> after_each_;
  std::vector<RebuildItem> batch_;  // the caller's
  std::mutex mu_;
  std::condition_variable changed_;
  std::deque<std::vector<RebuildItem>> queue_;  // guarded by mu_
  bool done_ = false;                           // guarded by mu_
  Status error_;                                // guarded by mu_
  std::thread thread_;                          // last: starts once the rest is ready
};

}  // namespace

MatchingIndexer::MatchingIndexer(RepositoryScope write, RepositoryScope read,
                                 const ReferenceData& reference, const Lexicon& lexicon,
                                 MatchWeights weights, std::string directory,
                                 MatchingIndexerOptions options)
    : write_(std::move(write)),
      read_(std::move(read)),
      reference_(reference),
      lexicon_(lexicon),
      weights_(std::move(weights)),
      finder_(lexicon),
      directory_(std::move(directory)),
      options_(std::move(options)) {}

MatchingIndexer::~MatchingIndexer() { Stop(); }

void MatchingIndexer::Log(const std::string& line) const {
  if (options_.log) {
    options_.log(line);
  } else {
    std::cerr << line << "\n";
  }
}

// Under an exclusive mu_. Recreating removes the directory first: an interrupted rebuild must
// not leave items of an older state behind.
Status MatchingIndexer::OpenIndex(bool recreate) {
  engine_.reset();
  index_.reset();
  if (!directory_.empty() && recreate) {
    std::error_code ec;
    fs::remove_all(directory_, ec);
    if (ec)
      return Error(ErrorCode::kUnavailable, "Cannot remove the matching index.")
          .WithLogDetail(ec.message());
  }
  auto opened = XapianMatchIndex::Open(directory_);
  if (!opened.ok()) return std::move(opened).error();
  index_ = std::move(opened).value();
  if (!items_) items_ = std::make_unique<InMemoryMatchItems>(lexicon_, /*keep_texts=*/false);
  engine_ = std::make_unique<MatchEngine>(*index_, *items_, reference_, lexicon_, weights_);
  return Status::Ok();
}

Status MatchingIndexer::Load() {
  bool complete = false;
  if (!directory_.empty()) {
    std::ifstream marker(fs::path(directory_) / kCompleteMarker);
    std::string format;
    complete = marker && std::getline(marker, format) && format == kIndexFormat;
  }
  if (!complete) {
    auto count = Rebuild();
    if (!count.ok()) return std::move(count).error();
    return Status::Ok();
  }
  {
    std::lock_guard apply(apply_mu_);
    auto items = std::make_unique<InMemoryMatchItems>(lexicon_, /*keep_texts=*/false);
    Status read = read_([&](MatchingRepository& repo) -> Status {
      SAMVERKAN_RETURN_IF_ERROR(repo.ForEachNeed([&](const NeedRecord& r) -> Status {
        items->PutNeed(r.need, finder_.Find(NeedText(r.need)));
        return Status::Ok();
      }));
      return repo.ForEachOffer([&](const OfferRecord& r) -> Status {
        items->PutOffer(r.offer, finder_.Find(OfferText(r.offer)));
        return Status::Ok();
      });
    });
    if (!read.ok()) return read;
    std::unique_lock lock(mu_);
    items_ = std::move(items);
    SAMVERKAN_RETURN_IF_ERROR(OpenIndex(false));
  }
  auto applied = ApplyPending();
  if (!applied.ok()) return std::move(applied).error();
  return Status::Ok();
}

Result<int64_t> MatchingIndexer::Rebuild() {
  std::lock_guard apply(apply_mu_);
  auto started = std::chrono::steady_clock::now();
  std::vector<int64_t> covered;
  int64_t count = 0;
  {
    // Searches wait for the rebuild (an index without its complete marker is not usable).
    // The items stream from the database into the index and the compact store; the index is
    // committed every kRebuildCommit documents, so memory stays bounded however many there are.
    std::unique_lock lock(mu_);
    items_ = std::make_unique<InMemoryMatchItems>(lexicon_, /*keep_texts=*/false);
    SAMVERKAN_RETURN_IF_ERROR(OpenIndex(true));
    // Two threads share the work: this one reads the database and finds the concepts, a writer
    // puts the items into Xapian and the compact store. Each was about half of a rebuild at a
    // million offers (bench/matching/RESULTS.md).
    RebuildWriter writer(*index_, *items_, [&]() -> Status {
      if (++count % kRebuildCommit != 0) return Status::Ok();
      SAMVERKAN_RETURN_IF_ERROR(index_->Commit());
      Log("matching: indexed " + std::to_string(count) + " needs and offers");
      return Status::Ok();
    });
    // One snapshot: the items and the changes they already include.
    Status read = read_([&](MatchingRepository& repo) -> Status {
      auto pending = repo.PendingChanges(std::numeric_limits<int>::max());
      if (!pending.ok()) return std::move(pending).error();
      covered.reserve(pending->size());
      for (const auto& c : *pending) covered.push_back(c.seq);
      SAMVERKAN_RETURN_IF_ERROR(repo.ForEachNeed([&](const NeedRecord& r) -> Status {
        return writer.Add(RebuildItem{r.need, std::nullopt, finder_.Find(NeedText(r.need))});
      }));
      return repo.ForEachOffer([&](const OfferRecord& r) -> Status {
        return writer.Add(RebuildItem{std::nullopt, r.offer, finder_.Find(OfferText(r.offer))});
      });
    });
    Status written = writer.Finish();
    if (read.ok()) read = written;
    if (read.ok()) read = index_->Commit();
    if (!read.ok()) {
      // Half an index must not answer: searches say the index is unavailable until a
      // rebuild completes (the missing marker makes the next Load rebuild).
      engine_.reset();
      index_.reset();
      items_.reset();
      return std::move(read).error();
    }
  }
  if (!directory_.empty()) {
    std::ofstream marker(fs::path(directory_) / kCompleteMarker);
    marker << kIndexFormat << "\n";
    if (!marker) return Error(ErrorCode::kUnavailable, "Cannot write the matching index marker.");
  }
  // Only an index on disk takes over the outbox: one in memory (the command line) must leave
  // the rows to the server's.
  if (!directory_.empty()) {
    Status forgot = write_([&](MatchingRepository& repo) { return repo.DeleteChanges(covered); });
    if (!forgot.ok()) return std::move(forgot).error();
  }
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                                  started)
                .count();
  Log("matching: index rebuilt with " + std::to_string(count) + " needs and offers in " +
      std::to_string(ms) + " ms");
  return count;
}

Result<int64_t> MatchingIndexer::ApplyBatch() {
  std::vector<PendingChange> changes;
  std::vector<NeedRecord> needs;
  std::vector<OfferRecord> offers;
  Status read = read_([&](MatchingRepository& repo) -> Status {
    auto pending = repo.PendingChanges(kBatch);
    if (!pending.ok()) return std::move(pending).error();
    changes = std::move(pending).value();
    for (const auto& c : changes) {
      if (c.kind == ItemKind::kNeed) {
        auto found = repo.FindNeed(c.item_id);
        if (!found.ok()) return std::move(found).error();
        if (found->has_value()) needs.push_back(std::move(**found));
      } else {
        auto found = repo.FindOffer(c.item_id);
        if (!found.ok()) return std::move(found).error();
        if (found->has_value()) offers.push_back(std::move(**found));
      }
    }
    return Status::Ok();
  });
  if (!read.ok()) return std::move(read).error();
  if (changes.empty()) return int64_t{0};
  {
    std::unique_lock lock(mu_);
    if (!index_) return Error(ErrorCode::kUnavailable, "The matching index is not open.");
    for (auto& r : needs) {
      std::vector<ConceptHit> concepts = finder_.Find(NeedText(r.need));
      SAMVERKAN_RETURN_IF_ERROR(index_->PutNeed(r.need, concepts));
      items_->PutNeed(std::move(r.need), std::move(concepts));
    }
    for (auto& r : offers) {
      std::vector<ConceptHit> concepts = finder_.Find(OfferText(r.offer));
      SAMVERKAN_RETURN_IF_ERROR(index_->PutOffer(r.offer, concepts));
      items_->PutOffer(std::move(r.offer), std::move(concepts));
    }
    SAMVERKAN_RETURN_IF_ERROR(index_->Commit());
  }
  std::vector<int64_t> seqs;
  seqs.reserve(changes.size());
  for (const auto& c : changes) seqs.push_back(c.seq);
  Status forgot = write_([&](MatchingRepository& repo) { return repo.DeleteChanges(seqs); });
  if (!forgot.ok()) return std::move(forgot).error();
  return static_cast<int64_t>(changes.size());
}

Result<int64_t> MatchingIndexer::ApplyPending() {
  // An index in memory is a snapshot that leaves the outbox alone (see Rebuild).
  if (directory_.empty()) return int64_t{0};
  std::lock_guard apply(apply_mu_);
  int64_t total = 0;
  while (true) {
    auto n = ApplyBatch();
    if (!n.ok()) return std::move(n).error();
    if (*n == 0) return total;
    total += *n;
  }
}

void MatchingIndexer::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Run(stop); });
}

void MatchingIndexer::Notify() {
  {
    std::lock_guard lock(wake_mu_);
    notified_ = true;
  }
  wake_.notify_all();
}

void MatchingIndexer::Stop() {
  if (!thread_.joinable()) return;
  thread_.request_stop();
  wake_.notify_all();
  thread_.join();
}

void MatchingIndexer::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    auto applied = ApplyPending();
    std::chrono::milliseconds pause = options_.idle_poll;
    if (!applied.ok()) {
      Log("matching: applying changes failed: " + applied.error().message() + " " +
          applied.error().log_detail());
      pause = options_.error_pause;
    }
    std::unique_lock lock(wake_mu_);
    wake_.wait_for(lock, stop, pause, [this] { return notified_; });
    notified_ = false;
  }
}

// Catches up with what is committed, unless another thread is applying for longer than a
// request should wait; the background thread then finishes the work.
void MatchingIndexer::CatchUp() {
  if (directory_.empty()) return;
  if (!apply_mu_.try_lock_for(kCatchUpWait)) {
    Notify();
    return;
  }
  apply_mu_.unlock();
  auto applied = ApplyPending();
  if (!applied.ok()) {
    Log("matching: catching up failed, the indexer retries: " + applied.error().message());
    Notify();
  }
}

Result<std::vector<Suggestion>> MatchingIndexer::OffersForNeed(const Need& need, size_t limit) {
  CatchUp();
  std::shared_lock lock(mu_);
  if (!engine_) return Error(ErrorCode::kUnavailable, "The matching index is not open.");
  return engine_->OffersForNeed(need, limit);
}

Result<std::vector<Suggestion>> MatchingIndexer::NeedsForOffer(const Offer& offer, size_t limit) {
  CatchUp();
  std::shared_lock lock(mu_);
  if (!engine_) return Error(ErrorCode::kUnavailable, "The matching index is not open.");
  return engine_->NeedsForOffer(offer, limit);
}

}  // namespace samverkan::matching
