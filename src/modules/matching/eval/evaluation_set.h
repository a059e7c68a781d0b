// The evaluation of the ranking engine against the labelled set in data/matching/eval/: the
// offers, the tuning needs with their judgements and the held-out needs with theirs, loaded
// into an in-memory Xapian index. Used by the `matching_eval` tool and by the acceptance test.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "core/reference.h"
#include "core/result.h"
#include "modules/matching/domain/evaluation.h"
#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/match_engine.h"
#include "modules/matching/search/xapian_match_index.h"

namespace samverkan::matching {

inline constexpr size_t kEvalCutoff = 10;
// recall@10 counts the offers judged at least this good (2: "a good counterpart").
inline constexpr int kRecallMinGrade = 2;

struct Figures {
  double ndcg = 0;
  double recall = 0;
};

struct NeedFigures {
  std::string need;  // external_id
  Figures engine;
  Figures baseline;
};

struct SetFigures {
  std::string name;  // "tuning" or "heldout"
  size_t needs = 0;
  Figures engine;  // averages over the needs
  Figures baseline;
  std::vector<NeedFigures> per_need;
};

class EvaluationSet {
 public:
  // Reads `data_dir`/reference/*.csv, `data_dir`/matching/lexicon.csv and
  // `data_dir`/matching/eval/ (offers.jsonl, needs.jsonl, qrels.tsv, heldout/needs.jsonl,
  // heldout/qrels.tsv). Every record is validated; the first problem is an InvalidArgument.
  static Result<std::unique_ptr<EvaluationSet>> Load(const std::string& data_dir);

  // nDCG@10 and recall@10 averaged over the needs of `set` ("tuning" or "heldout"), for the
  // engine with `weights` and for the plain BM25 baseline.
  Result<SetFigures> Run(const std::string& set, const MatchWeights& weights) const;

  // The engine's ranked offers for one need of either set, with reasons.
  Result<std::vector<Suggestion>> Rank(const std::string& need_external_id,
                                       const MatchWeights& weights, size_t limit) const;
  // The judgement of a pair (0 when not judged), from either set.
  int Grade(const std::string& need_external_id, const std::string& offer_external_id) const;

  const ReferenceData& reference() const { return *reference_; }
  const Lexicon& lexicon() const { return *lexicon_; }

 private:
  EvaluationSet() = default;
  const Need* FindNeed(const std::string& external_id) const;

  std::unique_ptr<ReferenceData> reference_;
  std::unique_ptr<Lexicon> lexicon_;
  std::unique_ptr<InMemoryMatchItems> items_;
  std::unique_ptr<XapianMatchIndex> index_;
  std::vector<Need> tuning_needs_;
  std::vector<Need> heldout_needs_;
  Judgements tuning_judgements_;
  Judgements heldout_judgements_;
};

}  // namespace samverkan::matching
