#include "modules/matching/domain/match_weights.h"

#include <gtest/gtest.h>

#include "modules/matching/domain/matching_testing.h"

namespace samverkan::matching {
namespace {

TEST(MatchWeightsTest, ReadsOverTheDefaults) {
  auto w = ParseMatchWeights("# a comment\n\ntext = 2.5\n  geography=0.25  # inline\n");
  ASSERT_TRUE(w.ok());
  EXPECT_DOUBLE_EQ(w->text, 2.5);
  EXPECT_DOUBLE_EQ(w->geography, 0.25);
  EXPECT_DOUBLE_EQ(w->sdg, MatchWeights{}.sdg);
}

TEST(MatchWeightsTest, RejectsUnknownNamesAndNonNumbers) {
  auto unknown = ParseMatchWeights("text = 1\nsize = 3\n");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields().at(0).args.at("line"), "2");
  EXPECT_EQ(unknown.error().fields().at(0).args.at("name"), "size");
  EXPECT_FALSE(ParseMatchWeights("text = much\n").ok());
  EXPECT_FALSE(ParseMatchWeights("text\n").ok());
  EXPECT_FALSE(ParseMatchWeights("candidates_per_result = 0\n").ok());
}

TEST(MatchWeightsTest, WholeNumberSettingsNameTheirRange) {
  auto w = ParseMatchWeights("query_terms = 12\nmin_candidates = 50\ntext_k1 = 1.2\n");
  ASSERT_TRUE(w.ok());
  EXPECT_EQ(w->query_terms, 12);
  EXPECT_EQ(w->min_candidates, 50);
  EXPECT_DOUBLE_EQ(w->text_k1, 1.2);
  auto fraction = ParseMatchWeights("query_terms = 2.5\n");
  ASSERT_FALSE(fraction.ok());
  EXPECT_EQ(fraction.error().fields().at(0).args.at("min"), "0");
  EXPECT_EQ(fraction.error().fields().at(0).args.at("max"), "1000");
  EXPECT_FALSE(ParseMatchWeights("min_candidates = 0\n").ok());
  auto negative = ParseMatchWeights("text = 1\ntext_k1 = -1\n");
  ASSERT_FALSE(negative.ok());
  EXPECT_EQ(negative.error().fields().at(0).args.at("line"), "2");
}

// The shipped file is what a deployment reads: it must parse and agree with the defaults the
// code documents as tuned, so the two cannot drift apart unnoticed.
TEST(MatchWeightsTest, ShippedFileEqualsTheDefaults) {
  auto w = ParseMatchWeights(
      testing::ReadTestFile(std::string(SAMVERKAN_DATA_DIR) + "/matching/weights.conf"));
  ASSERT_TRUE(w.ok());
  MatchWeights d;
  EXPECT_DOUBLE_EQ(w->text, d.text);
  EXPECT_DOUBLE_EQ(w->concepts, d.concepts);
  EXPECT_DOUBLE_EQ(w->sdg, d.sdg);
  EXPECT_DOUBLE_EQ(w->geography, d.geography);
  EXPECT_DOUBLE_EQ(w->target_groups, d.target_groups);
  EXPECT_DOUBLE_EQ(w->collaboration, d.collaboration);
  EXPECT_DOUBLE_EQ(w->budget, d.budget);
  EXPECT_DOUBLE_EQ(w->stage, d.stage);
  EXPECT_DOUBLE_EQ(w->capacity, d.capacity);
  EXPECT_DOUBLE_EQ(w->geo_municipality, d.geo_municipality);
  EXPECT_DOUBLE_EQ(w->geo_county, d.geo_county);
  EXPECT_DOUBLE_EQ(w->geo_part_of_county, d.geo_part_of_county);
  EXPECT_DOUBLE_EQ(w->geo_nuts2, d.geo_nuts2);
  EXPECT_DOUBLE_EQ(w->geo_national, d.geo_national);
  EXPECT_DOUBLE_EQ(w->geo_regional_for_national_need, d.geo_regional_for_national_need);
  EXPECT_DOUBLE_EQ(w->geo_elsewhere, d.geo_elsewhere);
  EXPECT_DOUBLE_EQ(w->query_concept_weight, d.query_concept_weight);
  EXPECT_EQ(w->candidates_per_result, d.candidates_per_result);
  EXPECT_EQ(w->min_candidates, d.min_candidates);
  EXPECT_EQ(w->query_terms, d.query_terms);
  EXPECT_DOUBLE_EQ(w->text_k1, d.text_k1);
}

}  // namespace
}  // namespace samverkan::matching
