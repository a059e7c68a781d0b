// Acceptance of the ranking engine (issue 5): on the held-out half of the evaluation set,
// which weights were never tuned on, the engine beats plain BM25 by at least 0.20 nDCG@10.
#include "modules/matching/eval/evaluation_set.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

namespace samverkan::matching {
namespace {

const EvaluationSet& Eval() {
  static const std::unique_ptr<EvaluationSet> set = [] {
    auto loaded = EvaluationSet::Load(SAMVERKAN_DATA_DIR);
    if (!loaded.ok()) {
      ADD_FAILURE() << loaded.error().message();
      return std::unique_ptr<EvaluationSet>();
    }
    return std::move(loaded).value();
  }();
  return *set;
}

MatchWeights ShippedWeights() {
  std::ifstream in(std::string(SAMVERKAN_DATA_DIR) + "/matching/weights.conf");
  std::ostringstream text;
  text << in.rdbuf();
  return ParseMatchWeights(text.str()).value();
}

TEST(EvaluationSetTest, IsLargeEnough) {
  auto tuning = Eval().Run("tuning", ShippedWeights());
  auto heldout = Eval().Run("heldout", ShippedWeights());
  ASSERT_TRUE(tuning.ok());
  ASSERT_TRUE(heldout.ok());
  EXPECT_GE(tuning->needs, 40u);
  EXPECT_GE(heldout->needs, 15u);
}

TEST(EvaluationSetTest, EngineBeatsPlainBm25OnTheHeldOutSet) {
  auto heldout = Eval().Run("heldout", ShippedWeights());
  ASSERT_TRUE(heldout.ok());
  RecordProperty("engine_ndcg10", std::to_string(heldout->engine.ndcg));
  RecordProperty("baseline_ndcg10", std::to_string(heldout->baseline.ndcg));
  EXPECT_GE(heldout->engine.ndcg - heldout->baseline.ndcg, 0.20)
      << "engine " << heldout->engine.ndcg << ", baseline " << heldout->baseline.ndcg;
  EXPECT_GE(heldout->engine.recall, heldout->baseline.recall);
}

TEST(EvaluationSetTest, SuggestionsCarryReasons) {
  auto ranked = Eval().Rank("h01", ShippedWeights(), 10);
  ASSERT_TRUE(ranked.ok());
  ASSERT_EQ(ranked->size(), 10u);
  for (const Suggestion& s : *ranked) EXPECT_FALSE(s.reasons.empty()) << s.external_id;
  for (size_t i = 1; i < ranked->size(); ++i) EXPECT_GE((*ranked)[i - 1].score, (*ranked)[i].score);
}

}  // namespace
}  // namespace samverkan::matching
