#include "search/xapian/doc_set.h"

#include <bit>

namespace samverkan::search {

// Without -mpopcnt, std::popcount is a call into libgcc per word (about 3 ns); with the
// instruction it is a fraction of a nanosecond. target_clones builds both and picks one when
// the program loads, so the binary still runs on CPUs without it.
__attribute__((target_clones("popcnt", "default")))
int64_t DocSet::CountWords(const uint64_t* words, size_t n) {
  int64_t count = 0;
  for (size_t i = 0; i < n; ++i) count += std::popcount(words[i]);
  return count;
}

__attribute__((target_clones("popcnt", "default")))
int64_t DocSet::CountCommonWords(const uint64_t* a, const uint64_t* b, size_t n) {
  int64_t count = 0;
  for (size_t i = 0; i < n; ++i) count += std::popcount(a[i] & b[i]);
  return count;
}

}  // namespace samverkan::search
