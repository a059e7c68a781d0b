// Ranking quality measures for the evaluation set (data/matching/eval/): nDCG@k with graded
// judgements and recall@k. Pure.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverkan::matching {

// need external_id → offer external_id → grade 0–3. Pairs not listed are 0.
using Judgements = std::map<std::string, std::map<std::string, int>>;

// Reads the qrels format: `need<TAB>offer<TAB>grade` lines, `#` comments and blank lines
// skipped. A malformed line or a grade outside 0–3 is an InvalidArgument naming the line.
Result<Judgements> ParseJudgements(std::string_view text);

// Normalised discounted cumulative gain at k (Järvelin & Kekäläinen 2002, "Cumulated
// gain-based evaluation of IR techniques", with the exponential gain 2^grade − 1 of Burges et
// al. 2005): DCG@k = Σ_{i=1..k} (2^g_i − 1) / log2(i + 1), divided by the DCG@k of the ideal
// order of all judged offers. 0 when the need has no positive judgement.
double NdcgAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades,
              size_t k);

// The share of the offers graded at least `min_grade` that appear in the first k. 0 when there
// are none.
double RecallAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades,
                size_t k, int min_grade);

}  // namespace samverkan::matching
