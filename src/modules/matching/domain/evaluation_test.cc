#include "modules/matching/domain/evaluation.h"

#include <gtest/gtest.h>

#include <cmath>

namespace samverkan::matching {
namespace {

TEST(EvaluationTest, PerfectOrderScoresOne) {
  std::map<std::string, int> grades = {{"a", 3}, {"b", 2}, {"c", 1}};
  EXPECT_DOUBLE_EQ(NdcgAt({"a", "b", "c"}, grades, 10), 1.0);
}

TEST(EvaluationTest, NdcgFollowsTheFormula) {
  std::map<std::string, int> grades = {{"a", 3}, {"b", 1}};
  // Ranked b, x, a: DCG = 1/log2(2) + 7/log2(4); ideal a, b: 7/log2(2) + 1/log2(3).
  double dcg = 1.0 + 7.0 / 2.0;
  double ideal = 7.0 + 1.0 / std::log2(3.0);
  EXPECT_NEAR(NdcgAt({"b", "x", "a"}, grades, 10), dcg / ideal, 1e-12);
  // Cut at 1: only b counts.
  EXPECT_NEAR(NdcgAt({"b", "x", "a"}, grades, 1), 1.0 / 7.0, 1e-12);
}

TEST(EvaluationTest, NoRelevantOffersIsZero) {
  EXPECT_EQ(NdcgAt({"a"}, {}, 10), 0.0);
  EXPECT_EQ(RecallAt({"a"}, {{"a", 1}}, 10, 2), 0.0);
}

TEST(EvaluationTest, RecallCountsOnlyGoodEnoughGrades) {
  std::map<std::string, int> grades = {{"a", 3}, {"b", 2}, {"c", 1}, {"d", 2}};
  EXPECT_NEAR(RecallAt({"c", "a", "x"}, grades, 10, 2), 1.0 / 3.0, 1e-12);
  EXPECT_NEAR(RecallAt({"c", "a", "b"}, grades, 2, 2), 1.0 / 3.0, 1e-12);
}

TEST(EvaluationTest, ParsesJudgements) {
  auto j = ParseJudgements("# comment\nn1\to1\t3\nn1\to2\t0\r\n\nn2\to1\t1\n");
  ASSERT_TRUE(j.ok());
  EXPECT_EQ(j->at("n1").at("o1"), 3);
  EXPECT_EQ(j->at("n1").at("o2"), 0);
  EXPECT_EQ(j->at("n2").at("o1"), 1);
}

TEST(EvaluationTest, RejectsBadGrades) {
  EXPECT_FALSE(ParseJudgements("n1\to1\t4\n").ok());
  EXPECT_FALSE(ParseJudgements("n1 o1 3\n").ok());
  auto bad = ParseJudgements("n1\to1\t1\nn1\t\t2\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().at(0).args.at("line"), "2");
}

}  // namespace
}  // namespace samverkan::matching
