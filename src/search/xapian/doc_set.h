// A set of document numbers, one bit each. Intersecting two sets of a million documents and
// counting them takes microseconds, where Xapian's boolean matcher decodes every posting of
// every filter term (a common facet value has hundreds of thousands). Dense on purpose: the
// documents of an index are numbered from 1 without large gaps (database ids), so a bit per
// number is smaller than any list once a set holds more than one number in 32.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace samverkan::search {

class DocSet {
 public:
  void Insert(uint32_t id) {
    size_t word = id >> 6;
    if (word >= words_.size()) words_.resize(word + 1, 0);
    words_[word] |= Bit(id);
  }
  void Erase(uint32_t id) {
    size_t word = id >> 6;
    if (word < words_.size()) words_[word] &= ~Bit(id);
  }
  bool Contains(uint32_t id) const {
    size_t word = id >> 6;
    return word < words_.size() && (words_[word] & Bit(id)) != 0;
  }
  void Clear() { words_.clear(); }

  // this ∩= other
  void IntersectWith(const DocSet& other) {
    size_t common = std::min(words_.size(), other.words_.size());
    for (size_t i = 0; i < common; ++i) words_[i] &= other.words_[i];
    words_.resize(common);
  }
  // this ∪= other
  void UniteWith(const DocSet& other) {
    if (other.words_.size() > words_.size()) words_.resize(other.words_.size(), 0);
    for (size_t i = 0; i < other.words_.size(); ++i) words_[i] |= other.words_[i];
  }

  int64_t Count() const { return CountWords(words_.data(), words_.size()); }
  // |this ∩ other| without building the intersection.
  int64_t CountCommon(const DocSet& other) const {
    return CountCommonWords(words_.data(), other.words_.data(), std::min(words_.size(), other.words_.size()));
  }
  // The number of 64-bit words the set spans: the cost of a pass over it.
  size_t Span() const { return words_.size(); }
  bool Empty() const {
    return std::all_of(words_.begin(), words_.end(), [](uint64_t w) { return w == 0; });
  }

  // Calls f(id) for every member in ascending order.
  template <typename F>
  void ForEach(F&& f) const {
    for (size_t i = 0; i < words_.size(); ++i) {
      for (uint64_t w = words_[i]; w != 0; w &= w - 1) {
        f(static_cast<uint32_t>((i << 6) + std::countr_zero(w)));
      }
    }
  }

  // Releases capacity beyond the highest member's word (after many erasures).
  void Shrink() {
    while (!words_.empty() && words_.back() == 0) words_.pop_back();
    words_.shrink_to_fit();
  }

 private:
  // In doc_set.cc, compiled for CPUs with and without a popcount instruction.
  static int64_t CountWords(const uint64_t* words, size_t n);
  static int64_t CountCommonWords(const uint64_t* a, const uint64_t* b, size_t n);
  static uint64_t Bit(uint32_t id) { return uint64_t{1} << (id & 63); }
  std::vector<uint64_t> words_;
};

}  // namespace samverkan::search
