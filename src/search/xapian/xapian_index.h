// SearchIndex on a Xapian 1.4 database in one directory (glass backend).
//
// Terms: the Swedish and/or English stems of words (text_analyzer.h; the word itself is found
// through its stems) and "X<field>:<value>" for every facet and filter pair. Values: slot 0
// lists a document's facet pairs, slot 1 + i holds sort key i followed by the zero-padded id.
//
// A search asks Xapian only for the documents of its words (their posting lists); the facet
// pairs and sort keys of every document are also kept in memory (loaded from the values at
// open, updated by Commit), and filters, facet counts and the sorted page are computed there
// with bit sets (doc_set.h). At a million documents a common word plus three facets takes a
// few milliseconds this way instead of the 40–80 ms of Xapian's boolean matcher, for about
// 150 MB of memory.
//
// One writer (this object, which holds Xapian's lock on the directory) and a pool of readers
// that reopen after each Commit. Xapian calls block on disk: run them off the network threads.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "search/search_index.h"

namespace Xapian {
class WritableDatabase;
}

namespace samverkan::search {

class XapianIndex : public SearchIndex {
 public:
  // Opens the index at `path`, creating an empty one when there is none. Errors: Conflict
  // when another process holds the index (a running server), Internal when it cannot be
  // read (corrupt, or written by an incompatible version): Recreate it then.
  static Result<std::unique_ptr<XapianIndex>> Open(const std::string& path);
  // Deletes whatever is at `path` and creates an empty index there.
  static Result<std::unique_ptr<XapianIndex>> Recreate(const std::string& path);

  ~XapianIndex() override;

  Status Replace(const std::vector<SearchDocument>& documents) override;
  Status Remove(const std::vector<int64_t>& ids) override;
  Status Commit() override;
  Status Clear() override;
  Result<SearchResult> Search(const SearchRequest& request) const override;
  Result<int64_t> DocumentCount() const override;
  Result<std::string> GetMetadata(const std::string& key) const override;
  Status SetMetadata(const std::string& key, const std::string& value) override;

 private:
  struct Reader;
  XapianIndex(std::string path, std::unique_ptr<Xapian::WritableDatabase> writer);
  std::unique_ptr<Reader> AcquireReader() const;
  void ReleaseReader(std::unique_ptr<Reader> reader) const;
  Result<SearchResult> SearchWith(Reader& reader, const SearchRequest& request) const;

  struct FacetColumn;
  // Loads the column from the values of every committed document.
  void LoadColumn();

  // A document replaced (or removed) since the last Commit.
  struct PendingDocument {
    int64_t id = 0;
    bool removed = false;
    std::string facet_slot;
    std::vector<std::string> sort_keys;
  };

  std::string path_;
  // Every document's facet pairs and sort keys in memory, as the last Commit left them.
  std::unique_ptr<FacetColumn> column_;
  std::mutex write_mu_;
  // Guarded by write_mu_; moved into the column by Commit.
  std::vector<PendingDocument> pending_;
  std::unique_ptr<Xapian::WritableDatabase> writer_;  // guarded by write_mu_
  // Bumped by each Commit; a reader older than this reopens before use.
  std::atomic<uint64_t> generation_{0};
  mutable std::mutex pool_mu_;
  mutable std::vector<std::unique_ptr<Reader>> readers_;  // guarded by pool_mu_
};

}  // namespace samverkan::search
