#include "modules/matching/domain/match_engine.h"

#include <algorithm>

namespace samverkan::matching {
namespace {

std::string Join(std::initializer_list<const std::string*> parts) {
  std::string out;
  for (const std::string* p : parts) {
    if (p->empty()) continue;
    if (!out.empty()) out += '\n';
    out += *p;
  }
  return out;
}

// Relative BM25: the best candidate is 1. BM25 values mean nothing across queries, and the
// structured factors need a scale that does not change with the length of the need's text.
double Relative(double weight, double best) { return best > 0 ? weight / best : 0; }

void SortAndCut(std::vector<Suggestion>& out, size_t limit) {
  std::stable_sort(out.begin(), out.end(), [](const Suggestion& a, const Suggestion& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.id < b.id;  // a stable order for equal scores, so pages do not shuffle
  });
  if (out.size() > limit) out.resize(limit);
}

}  // namespace

ConceptFinder::ConceptFinder(const Lexicon& lexicon) {
  // Concept::variants are the folded variant words joined by one space, in the order of
  // Lexicon's own list, so the order of hits is the same.
  const auto& concepts = lexicon.concepts();
  for (size_t c = 0; c < concepts.size(); ++c) {
    for (const std::string& joined : concepts[c].variants) {
      Variant v;
      v.concept_index = c;
      size_t start = 0;
      while (start <= joined.size()) {
        size_t space = joined.find(' ', start);
        if (space == std::string::npos) space = joined.size();
        if (space > start) v.words.push_back(joined.substr(start, space - start));
        start = space + 1;
      }
      if (!v.words.empty()) variants_.push_back(std::move(v));
    }
  }
  for (size_t v = 0; v < variants_.size(); ++v) {
    by_first_word_[variants_[v].words.front()].push_back(static_cast<uint32_t>(v));
  }
}

std::vector<uint32_t> ConceptFinder::Starts(const std::string& word) const {
  {
    std::lock_guard lock(mu_);
    auto it = starts_.find(word);
    if (it != starts_.end()) return it->second;
  }
  std::vector<uint32_t> found;
  auto consider = [&](const std::string& piece) {
    auto it = by_first_word_.find(piece);
    if (it == by_first_word_.end()) return;
    for (uint32_t v : it->second) {
      if (LexiconWordMatches(word, variants_[v].words.front())) found.push_back(v);
    }
  };
  for (size_t length = 1; length <= word.size(); ++length) consider(word.substr(0, length));
  for (size_t start = 1; start < word.size(); ++start) consider(word.substr(start));
  // A variant that is both a prefix and a suffix of the word is counted once, and
  // the order is the lexicon's, as Lexicon::Find gives it.
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::lock_guard lock(mu_);
  if (starts_.size() >= kMaxWords) starts_.clear();
  starts_.emplace(word, found);
  return found;
}

std::vector<ConceptHit> ConceptFinder::Find(std::string_view text) const {
  std::vector<std::string> words = LexiconWords(text);
  std::vector<ConceptHit> hits;
  std::vector<size_t> here;
  for (size_t i = 0; i < words.size(); ++i) {
    // One mention per concept per position, however many of its variants match there.
    here.clear();
    for (uint32_t v : Starts(words[i])) {
      const Variant& variant = variants_[v];
      if (std::find(here.begin(), here.end(), variant.concept_index) != here.end()) continue;
      if (i + variant.words.size() > words.size()) continue;
      bool all = true;
      for (size_t k = 1; k < variant.words.size() && all; ++k) {
        all = LexiconWordMatches(words[i + k], variant.words[k]);
      }
      if (all) here.push_back(variant.concept_index);
    }
    for (size_t c : here) CountMention(hits, c);
  }
  return hits;
}

std::string NeedText(const Need& n) {
  return Join({&n.title.sv, &n.title.en, &n.description.sv, &n.description.en});
}

std::string OfferText(const Offer& o) {
  return Join({&o.title.sv, &o.title.en, &o.description.sv, &o.description.en});
}

const IndexedNeed& InMemoryMatchItems::PutNeed(Need need) {
  std::vector<ConceptHit> concepts = lexicon_.Find(NeedText(need));
  return PutNeed(std::move(need), std::move(concepts));
}

const IndexedOffer& InMemoryMatchItems::PutOffer(Offer offer) {
  std::vector<ConceptHit> concepts = lexicon_.Find(OfferText(offer));
  return PutOffer(std::move(offer), std::move(concepts));
}

const IndexedNeed& InMemoryMatchItems::PutNeed(Need need, std::vector<ConceptHit> concepts) {
  auto item = std::make_unique<IndexedNeed>();
  item->concepts = std::move(concepts);
  item->concepts.shrink_to_fit();
  item->need = std::move(need);
  if (!keep_texts_) {
    item->need.title = {};
    item->need.description = {};
    item->need.owner = {};
  }
  auto& slot = needs_[item->need.id];
  slot = std::move(item);
  return *slot;
}

const IndexedOffer& InMemoryMatchItems::PutOffer(Offer offer, std::vector<ConceptHit> concepts) {
  auto item = std::make_unique<IndexedOffer>();
  item->concepts = std::move(concepts);
  item->concepts.shrink_to_fit();
  item->offer = std::move(offer);
  if (!keep_texts_) {
    item->offer.title = {};
    item->offer.description = {};
    item->offer.actor = {};
  }
  auto& slot = offers_[item->offer.id];
  slot = std::move(item);
  return *slot;
}

const IndexedNeed* InMemoryMatchItems::FindNeed(int64_t id) const {
  auto it = needs_.find(id);
  return it == needs_.end() ? nullptr : it->second.get();
}

const IndexedOffer* InMemoryMatchItems::FindOffer(int64_t id) const {
  auto it = offers_.find(id);
  return it == offers_.end() ? nullptr : it->second.get();
}

MatchEngine::MatchEngine(const MatchIndex& index, const MatchItems& items,
                         const ReferenceData& reference, const Lexicon& lexicon,
                         MatchWeights weights)
    : index_(index),
      items_(items),
      reference_(reference),
      lexicon_(lexicon),
      weights_(weights),
      finder_(lexicon) {}

size_t MatchEngine::CandidateCount(size_t limit) const {
  size_t per = static_cast<size_t>(std::max(1, weights_.candidates_per_result));
  return std::max(static_cast<size_t>(std::max(1, weights_.min_candidates)), limit * per);
}

TextQuery MatchEngine::Query(std::string text, std::vector<ConceptHit> concepts) const {
  TextQuery q{std::move(text), std::move(concepts), weights_.query_concept_weight};
  q.max_terms = static_cast<size_t>(std::max(0, weights_.query_terms));
  q.bm25_k1 = weights_.text_k1;
  return q;
}

Result<std::vector<Suggestion>> MatchEngine::OffersForNeed(const Need& need, size_t limit) const {
  std::string text = NeedText(need);
  std::vector<ConceptHit> concepts = finder_.Find(text);
  auto hits = index_.FindOffers(Query(std::move(text), concepts), CandidateCount(limit));
  if (!hits.ok()) return std::move(hits).error();
  double best = hits->empty() ? 0 : hits->front().weight;
  std::vector<Suggestion> out;
  for (const TextHit& hit : *hits) {
    const IndexedOffer* item = items_.FindOffer(hit.id);
    if (!item || item->offer.status != ItemStatus::kOpen) continue;
    Suggestion s =
        ScorePair({&need, &item->offer, Relative(hit.weight, best), &concepts, &item->concepts},
                  reference_, weights_);
    s.id = item->offer.id;
    s.external_id = item->offer.external_id;
    out.push_back(std::move(s));
  }
  SortAndCut(out, limit);
  return out;
}

Result<std::vector<Suggestion>> MatchEngine::NeedsForOffer(const Offer& offer, size_t limit) const {
  std::string text = OfferText(offer);
  std::vector<ConceptHit> concepts = finder_.Find(text);
  auto hits = index_.FindNeeds(Query(std::move(text), concepts), CandidateCount(limit));
  if (!hits.ok()) return std::move(hits).error();
  double best = hits->empty() ? 0 : hits->front().weight;
  std::vector<Suggestion> out;
  for (const TextHit& hit : *hits) {
    const IndexedNeed* item = items_.FindNeed(hit.id);
    if (!item || item->need.status != ItemStatus::kOpen) continue;
    // The same pair score as the other direction: a need and an offer fit each other equally
    // well whichever side asks. The concept share is the need's, as the need defines the task.
    Suggestion s =
        ScorePair({&item->need, &offer, Relative(hit.weight, best), &item->concepts, &concepts},
                  reference_, weights_);
    s.id = item->need.id;
    s.external_id = item->need.external_id;
    out.push_back(std::move(s));
  }
  SortAndCut(out, limit);
  return out;
}

Result<std::vector<int64_t>> BaselineOffersForNeed(const MatchIndex& index, const Need& need,
                                                   size_t limit) {
  auto hits = index.FindOffers({NeedText(need), {}, 0}, limit);
  if (!hits.ok()) return std::move(hits).error();
  std::vector<int64_t> ids;
  for (const TextHit& h : *hits) ids.push_back(h.id);
  return ids;
}

}  // namespace samverkan::matching
