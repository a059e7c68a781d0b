// The weights of the ranking engine: how much each factor counts and the values of the
// geography and stage steps. Defaults are the values tuned on the tuning half of the
// evaluation set (data/matching/eval/); data/matching/weights.conf holds the same values and
// is what a deployment edits.
#pragma once

#include <string_view>

#include "core/result.h"

namespace samverkan::matching {

struct MatchWeights {
  // Factor weights: the score is the sum of weight × factor value (values in [-1, 1]).
  double text = 0.5;            // BM25 of the expanded query, relative to the best candidate
  double concepts = 1.5;        // share of the need's lexicon concepts the offer also mentions
  double sdg = 0.5;             // share of the need's SDGs the offer also works on
  double geography = 1.0;       // see the steps below; negative when it cannot deliver there
  double target_groups = 1.2;   // share of the need's target groups the offer also serves
  double collaboration = 0.15;  // 1 when they share a collaboration form, -0.5 when not
  double budget = 0.15;         // 1 when the price fits the budget, down to -1 far above it
  double stage = 0.1;           // maturity, or openness to testing when the need wants a pilot
  double capacity = 0.3;        // -1 when the offer is fully booked

  // Geography steps (issue 5: same municipality > same county > same NUTS 2 > national).
  double geo_municipality = 1.0;
  double geo_county = 0.85;
  double geo_part_of_county = 0.6;  // the offer covers some municipalities of the county
  double geo_nuts2 = 0.5;
  double geo_national = 0.45;
  double geo_regional_for_national_need = 0.3;
  double geo_elsewhere = -0.5;  // cannot deliver in the need's area: ranks low

  // The query: how much a lexicon concept counts against one word of the text.
  double query_concept_weight = 2.0;
  // The query keeps this many of its terms (words and concepts), those of highest weight, that
  // is the rarest (Xapian's elite set); 0 keeps all. Common terms add little to the ranking
  // but most of the cost: at 100,000 offers the full query took 5 times as long as with 8
  // terms, at the same evaluation figures (bench/matching/RESULTS.md).
  int query_terms = 8;
  // BM25's k1: how fast repeats of a word stop counting. 0 counts a word once per text, so
  // each term weighs its IDF and Xapian's upper bounds are exact, which lets it skip
  // documents that cannot reach the top; texts here are short, so repeats say little. The
  // plain BM25 baseline keeps Xapian's default (1).
  double text_k1 = 0;
  // How many candidates the text search hands to the structured scoring, per result wanted
  // (at least min_candidates). 100 and 200 gave the same evaluation figures; at a million
  // offers the second hundred cost a third of each search (bench/matching/RESULTS.md).
  int candidates_per_result = 10;
  int min_candidates = 100;
};

// Reads `name = value` lines over the defaults; blank lines and `#` comments are skipped. An
// unknown name or a value that is not a number is an InvalidArgument naming the line.
Result<MatchWeights> ParseMatchWeights(std::string_view text);

}  // namespace samverkan::matching
