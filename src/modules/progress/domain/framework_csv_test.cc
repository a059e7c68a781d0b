#include "modules/progress/domain/framework_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace samverkan::progress {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Optional;

constexpr char kEuSpiExcerpt[] =
    "order,indicator_raw_data_name,indicator_normalisation_table_name,component_no,component,"
    "dimension,lower_is_better,utopia,dystopia\n"
    "1,Premature mortality (<65),Premature mortality (>65),1,Nutrition & basic medical care,"
    "Basic Human Needs,TRUE,0.07,0.54\n"
    "2,Infant mortality,Infant mortality,1,Nutrition & basic medical care,Basic Human Needs,"
    "TRUE,0,15.8\n"
    "13,Crime,Crime,4,Personal security,Basic Human Needs,TRUE,0,43.93\n"
    "52,Tertiary education attainment,Tertiary education attainment,12,"
    "Access to advanced education,Opportunity,FALSE,40,0\n";

TEST(CodeFromNameTest, MakesReadableCodes) {
  EXPECT_EQ(CodeFromName("Nutrition & basic medical care"), "nutrition_basic_medical_care");
  EXPECT_EQ(CodeFromName("Premature mortality (<65)"), "premature_mortality_65");
  EXPECT_EQ(CodeFromName("Air pollution pm2.5"), "air_pollution_pm2_5");
  EXPECT_EQ(CodeFromName("Assaulted/Mugged"), "assaulted_mugged");
}

TEST(ParseEuSpiMetadataTest, BuildsTheHierarchyInFileOrder) {
  auto framework = ParseEuSpiMetadata(kEuSpiExcerpt);
  ASSERT_TRUE(framework.ok()) << framework.error().fields().at(0).message;
  EXPECT_EQ(framework->code(), "eu-spi-2020");
  ASSERT_EQ(framework->dimension_count(), 2u);
  EXPECT_EQ(framework->dimension(0).code, "basic_human_needs");
  EXPECT_EQ(framework->dimension(0).name.en, "Basic Human Needs");
  EXPECT_EQ(framework->component_count(), 3u);
  EXPECT_EQ(framework->component(1).code, "personal_security");
  const Indicator& premature = framework->indicator(0);
  EXPECT_EQ(premature.code, "premature_mortality_65");
  EXPECT_EQ(premature.direction, Direction::kLowerIsBetter);
  EXPECT_DOUBLE_EQ(premature.utopia, 0.07);
  EXPECT_DOUBLE_EQ(premature.dystopia, 0.54);
  EXPECT_EQ(framework->indicator(3).direction, Direction::kHigherIsBetter);
  // Both names of an indicator find it; so does the 2016 name of a component.
  EXPECT_THAT(framework->FindIndicator("Premature mortality (>65)"), Optional(0u));
  EXPECT_THAT(framework->FindComponent("Personal Safety"), Optional(1u));
  EXPECT_THAT(framework->FindComponent("Nutrition and Basic Medical Care"), Optional(0u));
}

TEST(ParseEuSpiMetadataTest, AppliesSwedishNames) {
  constexpr char kNames[] =
      "level,name_en,name_sv\n"
      "dimension,Basic Human Needs,Grundläggande mänskliga behov\n"
      "component,Personal security,Personlig säkerhet\n"
      "indicator,Infant mortality,Spädbarnsdödlighet\n";
  auto framework = ParseEuSpiMetadata(kEuSpiExcerpt, kNames);
  ASSERT_TRUE(framework.ok());
  EXPECT_EQ(framework->dimension(0).name.sv, "Grundläggande mänskliga behov");
  EXPECT_EQ(framework->component(1).name.sv, "Personlig säkerhet");
  EXPECT_EQ(framework->indicator(1).name.In(Language::kSwedish), "Spädbarnsdödlighet");
  // Not translated: falls back to English.
  EXPECT_EQ(framework->indicator(2).name.In(Language::kSwedish), "Crime");
}

TEST(ParseEuSpiMetadataTest, SwedishNameForUnknownItemIsAnError) {
  auto framework =
      ParseEuSpiMetadata(kEuSpiExcerpt, "level,name_en,name_sv\nindicator,Smog,Smog\n");
  ASSERT_FALSE(framework.ok());
  EXPECT_EQ(framework.error().fields().at(0).args.at("line"), "2");
}

TEST(ParseEuSpiMetadataTest, NamesTheLinesThatAreWrong) {
  std::string text = kEuSpiExcerpt;
  text +=
      "53,Tertiary enrolment,Tertiary enrolment,12,Access to advanced education,Opportunity,"
      "MAYBE,6.2,0\n";
  text +=
      "54,Lifelong learning,Lifelong learning,12,Access to advanced education,Opportunity,"
      "FALSE,high,0\n";
  auto framework = ParseEuSpiMetadata(text);
  ASSERT_FALSE(framework.ok());
  ASSERT_EQ(framework.error().fields().size(), 2u);
  EXPECT_EQ(framework.error().fields()[0].args.at("line"), "6");
  EXPECT_EQ(framework.error().fields()[1].args.at("line"), "7");
}

TEST(ParseEuSpiMetadataTest, MissingColumnIsAnError) {
  auto framework = ParseEuSpiMetadata("order,indicator_raw_data_name\n1,x\n");
  ASSERT_FALSE(framework.ok());
  EXPECT_THAT(framework.error().fields().at(0).message, HasSubstr("no column"));
}

constexpr char kPlatformFormat[] =
    "dimension_code,dimension_name_sv,dimension_name_en,component_code,component_name_sv,"
    "component_name_en,indicator_code,indicator_name_sv,indicator_name_en,unit,source,direction,"
    "utopia,dystopia,weight\n"
    "needs,Behov,Needs,health,Hälsa,Health,N00923,Förväntad livslängd,Life expectancy,years,"
    "Kolada,higher,86,72,\n"
    "needs,Behov,Needs,health,Hälsa,Health,N00002,Ohälsotal,Sickness days,days,Kolada,lower,0,"
    "60,2\n"
    "opportunity,Möjligheter,Opportunity,education,Utbildning,Education,N15419,"
    "Behörighet gymnasiet,Eligible for upper secondary,%,Kolada,högre,100,50,\n";

TEST(ParseFrameworkCsvTest, ReadsThePlatformFormat) {
  auto framework = ParseFrameworkCsv(kPlatformFormat, "umea", {"Umeå", "Umeå"});
  ASSERT_TRUE(framework.ok()) << framework.error().fields().at(0).message;
  EXPECT_EQ(framework->code(), "umea");
  EXPECT_EQ(framework->indicator_count(), 3u);
  const Indicator& sickness = framework->indicator(1);
  EXPECT_EQ(sickness.name.sv, "Ohälsotal");
  EXPECT_EQ(sickness.unit, "days");
  EXPECT_EQ(sickness.direction, Direction::kLowerIsBetter);
  EXPECT_THAT(sickness.weight, Optional(2.0));
  EXPECT_EQ(framework->indicator(0).weight, std::nullopt);
  EXPECT_EQ(framework->indicator(2).direction, Direction::kHigherIsBetter);
  EXPECT_EQ(framework->component(1).name.sv, "Utbildning");
}

TEST(ParseFrameworkCsvTest, RoundTripsThroughWrite) {
  auto framework = ParseFrameworkCsv(kPlatformFormat, "umea", {});
  ASSERT_TRUE(framework.ok());
  const std::string written = WriteFrameworkCsv(*framework);
  auto again = ParseFrameworkCsv(written, "umea", {});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(WriteFrameworkCsv(*again), written);
  EXPECT_THAT(written, HasSubstr("N00002,Ohälsotal,Sickness days,days,Kolada,lower,0,60,2\r\n"));
}

TEST(ParseFrameworkCsvTest, ValidatesThroughFrameworkCreate) {
  std::string text = kPlatformFormat;
  text += "needs,Behov,Needs,health,Hälsa,Health,N00003,X,X,,,higher,0,10,\n";  // contradiction
  auto framework = ParseFrameworkCsv(text, "umea", {});
  ASSERT_FALSE(framework.ok());
  EXPECT_THAT(framework.error().fields().at(0).message, HasSubstr("direction"));
}

TEST(ParseAnyFrameworkCsvTest, TellsTheFormatsApart) {
  auto eu = ParseAnyFrameworkCsv(kEuSpiExcerpt);
  ASSERT_TRUE(eu.ok());
  EXPECT_EQ(eu->code(), "eu-spi-2020");
  auto platform = ParseAnyFrameworkCsv(kPlatformFormat);
  ASSERT_TRUE(platform.ok());
  EXPECT_EQ(platform->code(), "custom");
  auto neither = ParseAnyFrameworkCsv("a,b\n1,2\n");
  ASSERT_FALSE(neither.ok());
  EXPECT_TRUE(neither.error().IsInvalid());
}

}  // namespace
}  // namespace samverkan::progress
