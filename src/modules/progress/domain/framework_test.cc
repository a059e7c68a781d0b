#include "modules/progress/domain/framework.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace samverkan::progress {
namespace {

using ::testing::Optional;

Indicator Higher(std::string code) {
  Indicator indicator;
  indicator.code = std::move(code);
  indicator.utopia = 100;
  indicator.dystopia = 0;
  return indicator;
}

std::vector<Dimension> Valid() {
  Indicator lower = Higher("mortality");
  lower.name = {"Dödlighet", "Mortality"};
  lower.direction = Direction::kLowerIsBetter;
  lower.utopia = 0;
  lower.dystopia = 15.8;
  lower.aliases = {"Infant mortality (per 1000)"};
  return {
      {"needs",
       {"Behov", "Needs"},
       {{"health", {"Hälsa", "Health & care"}, {lower, Higher("doctors")}, {}},
        {"water", {"Vatten", "Water"}, {Higher("sewage")}, {}}},
       {}},
      {"opportunity", {"Möjligheter", "Opportunity"}, {{"rights", {}, {Higher("trust")}, {}}}, {}},
  };
}

std::vector<std::string> FieldMessages(const Error& error) {
  std::vector<std::string> messages;
  for (const auto& field : error.fields()) messages.push_back(field.message);
  return messages;
}

TEST(NameMatchKeyTest, IgnoresCaseSpacesAndPunctuation) {
  EXPECT_EQ(NameMatchKey("Nutrition & basic medical care"),
            NameMatchKey("Nutrition and Basic Medical Care"));
  EXPECT_EQ(NameMatchKey("Region Code"), NameMatchKey("region_code"));
  EXPECT_EQ(NameMatchKey("Värde"), "v\xc3\xa4rde");  // non-ASCII kept as is
}

TEST(FrameworkTest, FlatViewsAreDepthFirst) {
  auto framework = Framework::Create("f", {}, Valid());
  ASSERT_TRUE(framework.ok());
  EXPECT_EQ(framework->indicator_count(), 4u);
  EXPECT_EQ(framework->component_count(), 3u);
  EXPECT_EQ(framework->dimension_count(), 2u);
  EXPECT_EQ(framework->indicator(2).code, "sewage");
  EXPECT_EQ(framework->ComponentOfIndicator(2), 1u);
  EXPECT_EQ(framework->component(2).code, "rights");
  EXPECT_EQ(framework->DimensionOfComponent(2), 1u);
  EXPECT_EQ(framework->IndicatorsOfComponent(0).begin, 0u);
  EXPECT_EQ(framework->IndicatorsOfComponent(0).end, 2u);
  EXPECT_EQ(framework->ComponentsOfDimension(1).begin, 2u);
  EXPECT_EQ(framework->ComponentsOfDimension(1).size(), 1u);
}

TEST(FrameworkTest, FindsByCodeNameAndAlias) {
  auto framework = Framework::Create("f", {}, Valid());
  ASSERT_TRUE(framework.ok());
  EXPECT_THAT(framework->FindIndicator("mortality"), Optional(0u));
  EXPECT_THAT(framework->FindIndicator("MORTALITY"), Optional(0u));
  EXPECT_THAT(framework->FindIndicator("Dödlighet"), Optional(0u));
  EXPECT_THAT(framework->FindIndicator("infant mortality (per 1000)"), Optional(0u));
  EXPECT_EQ(framework->FindIndicator("births"), std::nullopt);
  EXPECT_THAT(framework->FindComponent("Health and care"), Optional(0u));
  EXPECT_THAT(framework->FindDimension("Möjligheter"), Optional(1u));
}

TEST(FrameworkTest, RejectsDirectionThatContradictsUtopiaAndDystopia) {
  auto dimensions = Valid();
  dimensions[0].components[0].indicators[0].direction = Direction::kHigherIsBetter;
  auto framework = Framework::Create("f", {}, dimensions);
  ASSERT_FALSE(framework.ok());
  EXPECT_TRUE(framework.error().IsInvalid());
  EXPECT_THAT(FieldMessages(framework.error()),
              ::testing::ElementsAre(::testing::HasSubstr("direction contradicts")));
}

TEST(FrameworkTest, ReportsEveryProblemAtOnce) {
  auto dimensions = Valid();
  dimensions[0].components[0].indicators[1].utopia = 0;  // utopia == dystopia
  dimensions[0].components[1].indicators[0].weight = -1;
  dimensions[1].components[0].indicators[0].code = "doctors";  // duplicate code
  dimensions[1].components.push_back({"empty", {}, {}, {}});
  auto framework = Framework::Create("f", {}, dimensions);
  ASSERT_FALSE(framework.ok());
  EXPECT_EQ(framework.error().fields().size(), 4u);
}

TEST(FrameworkTest, RejectsANameSharedByTwoItems) {
  auto dimensions = Valid();
  dimensions[0].components[1].name.en = "Health and care";  // same key as "Health & care"
  auto framework = Framework::Create("f", {}, dimensions);
  ASSERT_FALSE(framework.ok());
  EXPECT_EQ(framework.error().fields().at(0).args.at("second"), "water");
}

TEST(FrameworkTest, RejectsEmptyFramework) {
  auto framework = Framework::Create("", {}, {});
  ASSERT_FALSE(framework.ok());
  EXPECT_EQ(framework.error().fields().size(), 2u);
}

}  // namespace
}  // namespace samverkan::progress
