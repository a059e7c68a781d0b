#include "search/xapian/doc_set.h"

namespace samverkan::search {
namespace {

// Without -mpopcnt a popcount is a call into the compiler's runtime per word (about 3 ns);
// with the instruction it is a fraction of a nanosecond. Both versions are built and the
// CPU picks one at run time, so the binary still runs on CPUs without the instruction.
__attribute__((target("popcnt"))) int64_t CountWithInstruction(const uint64_t* a, const uint64_t* b,
                                                                size_t n) {
  int64_t count = 0;
  if (b == nullptr) {
    for (size_t i = 0; i < n; ++i) count += __builtin_popcountll(a[i]);
  } else {
    for (size_t i = 0; i < n; ++i) count += __builtin_popcountll(a[i] & b[i]);
  }
  return count;
}

int64_t CountPortably(const uint64_t* a, const uint64_t* b, size_t n) {
  int64_t count = 0;
  if (b == nullptr) {
    for (size_t i = 0; i < n; ++i) count += std::popcount(a[i]);
  } else {
    for (size_t i = 0; i < n; ++i) count += std::popcount(a[i] & b[i]);
  }
  return count;
}

int64_t CountBits(const uint64_t* a, const uint64_t* b, size_t n) {
  static const bool has_instruction = [] {
    __builtin_cpu_init();
    return __builtin_cpu_supports("popcnt") != 0;
  }();
  return has_instruction ? CountWithInstruction(a, b, n) : CountPortably(a, b, n);
}

}  // namespace

int64_t DocSet::CountWords(const uint64_t* words, size_t n) { return CountBits(words, nullptr, n); }

int64_t DocSet::CountCommonWords(const uint64_t* a, const uint64_t* b, size_t n) {
  return CountBits(a, b, n);
}

}  // namespace samverkan::search
