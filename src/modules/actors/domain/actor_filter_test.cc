#include "modules/actors/domain/actor_filter.h"

#include <gtest/gtest.h>

#include "modules/actors/domain/actor_testing.h"

namespace samverkan::actors {
namespace {

using testing::SampleProfile;
using testing::ShippedReference;

TEST(MatchesTest, EveryPartMustMatch) {
  ActorProfile p = SampleProfile("x");  // business, 2480, regions 24 25, SDGs 3 8 10, WISE, member
  EXPECT_TRUE(Matches(p, {}));
  EXPECT_TRUE(Matches(p, {.sector = "business", .county = "25", .sdg = 8}));
  EXPECT_FALSE(Matches(p, {.sector = "public"}));
  EXPECT_FALSE(Matches(p, {.county = "01"}));
  EXPECT_FALSE(Matches(p, {.county = "SE"}));  // the whole country is its own value
  EXPECT_FALSE(Matches(p, {.municipality = "2482"}));
  EXPECT_FALSE(Matches(p, {.sdg = 1}));
  EXPECT_TRUE(Matches(p, {.target_group = "elderly"}));
  EXPECT_FALSE(Matches(p, {.target_group = "youth"}));
  EXPECT_TRUE(Matches(p, {.social_enterprise = true, .member = true}));
  EXPECT_FALSE(Matches(p, {.social_enterprise = false}));
  EXPECT_FALSE(Matches(p, {.member = false}));
  EXPECT_TRUE(Matches(p, {.external_id = "x"}));
  EXPECT_FALSE(Matches(p, {.external_id = "y"}));
}

TEST(MatchesTest, LeavesOutTheExceptedFacet) {
  ActorProfile p = SampleProfile("x");
  ActorFilter f{.sector = "public", .county = "24"};
  EXPECT_FALSE(Matches(p, f));
  EXPECT_TRUE(Matches(p, f, Facet::kSector));
  EXPECT_FALSE(Matches(p, f, Facet::kCounty));
}

TEST(MatchesTest, SearchesNamesAndSummariesInAnyCase) {
  ActorProfile p = SampleProfile("x");  // summary: "Arbetsintegrerande café i Umeå."
  EXPECT_TRUE(Matches(p, {.q = "CAFÉ I UMEÅ"}));
  EXPECT_TRUE(Matches(p, {.q = "meadow"}));  // the English name
  EXPECT_FALSE(Matches(p, {.q = "catering"}));  // only in `offers`
}

TEST(FacetValuesTest, ListsTheActorsValues) {
  ActorProfile p = SampleProfile("x");
  EXPECT_EQ(FacetValues(p, Facet::kCounty), (std::vector<std::string>{"24", "25"}));
  EXPECT_EQ(FacetValues(p, Facet::kSdg), (std::vector<std::string>{"3", "8", "10"}));
  EXPECT_EQ(FacetValues(p, Facet::kSocialEnterprise), std::vector<std::string>{"true"});
  p.municipality.clear();
  EXPECT_TRUE(FacetValues(p, Facet::kMunicipality).empty());
}

TEST(ValidateFilterTest, NamesUnknownCodes) {
  EXPECT_TRUE(ValidateFilter({.sector = "public", .county = "SE", .sdg = 17}, ShippedReference()).ok());
  Status bad = ValidateFilter({.sector = "x", .county = "99", .municipality = "0000", .sdg = 18,
                               .target_group = "pets"},
                              ShippedReference());
  ASSERT_FALSE(bad.ok());
  ASSERT_EQ(bad.error().fields().size(), 5u);
  EXPECT_EQ(bad.error().fields()[0].field, "sector");
  EXPECT_EQ(bad.error().fields()[3].field, "sdg");
}

TEST(CursorTest, RoundTripsAndRefusesForgeries) {
  ActorCursor c{Language::kEnglish, "the {ngby", 42};
  auto back = DecodeCursorKey(EncodeCursorKey(c));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, c);
  for (const char* bad : {"", "en", "en\x1f" "x", "de\x1fx\x1f" "1", "en\x1fx\x1f", "en\x1fx\x1f-3",
                          "en\x1fx\x1f" "12a"}) {
    auto decoded = DecodeCursorKey(bad);
    ASSERT_FALSE(decoded.ok()) << bad;
    EXPECT_EQ(decoded.error().fields()[0].field, "cursor");
  }
}

}  // namespace
}  // namespace samverkan::actors
