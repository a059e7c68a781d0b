// The directory's full-text search, as the service sees it: words with stemming, the same
// filters, sort and facet counts as ActorRepository::List/Count/CountFacets, from an index
// kept beside the database. The implementation (search/actor_indexer.h) keeps the index
// current from the outbox that every actor write fills in its transaction.
#pragma once

#include <cstdint>
#include <vector>

#include "core/result.h"
#include "modules/actors/domain/actor_filter.h"

namespace samverkan::actors {

struct ActorSearchPage {
  std::vector<int64_t> ids;  // at most query.limit, in the list's order
  int64_t total = 0;         // matching the filter, over all pages
  FacetCounts facets;
};

// Thread-safe.
class ActorSearch {
 public:
  virtual ~ActorSearch() = default;

  // Whether the index holds every actor (it is not being rebuilt). While it does not, the
  // service answers from the repository.
  virtual bool Ready() const = 0;

  // The page, total and counts for `query`: the meaning of ActorRepository::List, Count and
  // CountFacets, except that `filter.q` is words (all must occur, in any inflected form)
  // rather than a substring. Unavailable when the index cannot be read.
  virtual Result<ActorSearchPage> Search(const ActorQuery& query) = 0;

  // Called after a write committed: applies what is waiting, so that the writer's next page
  // shows the change. Failures are logged and left for the background indexer to retry.
  virtual void CatchUp() = 0;
};

}  // namespace samverkan::actors
