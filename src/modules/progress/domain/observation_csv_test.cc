#include "modules/progress/domain/observation_csv.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace samverkan::progress {
namespace {

using ::testing::ElementsAre;
using ::testing::Optional;

Framework ThreeIndicators() {
  auto make = [](std::string code, std::string name) {
    Indicator indicator;
    indicator.code = std::move(code);
    indicator.name.en = std::move(name);
    return indicator;
  };
  Indicator sick = make("N00002", "Sickness days");
  sick.direction = Direction::kLowerIsBetter;
  sick.utopia = 0;
  sick.dystopia = 60;
  std::vector<Dimension> dimensions = {
      {"d",
       {"D", "D"},
       {{"health", {"Hälsa", "Health"}, {make("N00923", "Life expectancy"), sick}, {}},
        {"school", {"Skola", "School"}, {make("N15419", "Eligible")}, {}}},
       {}}};
  auto framework = Framework::Create("t", {}, std::move(dimensions));
  EXPECT_TRUE(framework.ok());
  return std::move(framework).value();
}

std::vector<int> RejectedLines(const ImportReport& report) {
  std::vector<int> lines;
  for (const auto& row : report.rejected) lines.push_back(row.line);
  return lines;
}

TEST(ParseWideObservationsTest, ReadsRegionsValuesAndMissingCells) {
  const Framework framework = ThreeIndicators();
  constexpr char kText[] =
      "country,nuts_id,region_name,Life expectancy,Sickness days,Eligible,Comment\n"
      "SE,SE33,Övre Norrland,82.1,25,NA,x\n"
      "SE,SE32,Mellersta Norrland,81.5,,90,y\n";
  auto imported = ParseWideObservations(kText, framework, {.year = 2020});
  ASSERT_TRUE(imported.ok());
  const Dataset& dataset = imported->dataset;
  ASSERT_EQ(dataset.regions().size(), 2u);
  EXPECT_EQ(dataset.region(0).code, "SE33");
  EXPECT_EQ(dataset.region(0).name, "Övre Norrland");
  EXPECT_EQ(dataset.region(0).country, "SE");
  EXPECT_THAT(dataset.Get(0, 0, 2020), Optional(82.1));
  EXPECT_EQ(dataset.Get(0, 2, 2020), std::nullopt);
  EXPECT_EQ(dataset.Get(1, 1, 2020), std::nullopt);
  EXPECT_THAT(dataset.Years(), ElementsAre(2020));
  EXPECT_EQ(imported->report.rows, 2u);
  EXPECT_EQ(imported->report.values, 4u);
  EXPECT_EQ(imported->report.missing_values, 2u);
  EXPECT_THAT(imported->report.unused_columns, ElementsAre("Comment"));
  EXPECT_TRUE(imported->report.absent_columns.empty());
}

TEST(ParseWideObservationsTest, RejectsBadRowsWithTheirLines) {
  const Framework framework = ThreeIndicators();
  constexpr char kText[] =
      "nuts_id,N00923,N00002\n"
      "SE11,82,20\n"
      ",81,20\n"          // line 3: no region
      "SE12,eighty,20\n"  // line 4: not a number
      "SE11,80,20\n"      // line 5: seen before
      "SE21,80\n"         // line 6: too few fields
      "SE22,80,19\n";
  auto imported = ParseWideObservations(kText, framework);
  ASSERT_TRUE(imported.ok());
  EXPECT_THAT(RejectedLines(imported->report), ElementsAre(3, 4, 5, 6));
  EXPECT_EQ(imported->report.rejected[1].args.at("column"), "N00923");
  EXPECT_EQ(imported->report.rejected[1].args.at("value"), "eighty");
  EXPECT_EQ(imported->dataset.regions().size(), 2u);  // SE11, SE22
  EXPECT_THAT(imported->dataset.Get(0, 0, kUnspecifiedYear), Optional(82.0));
  EXPECT_EQ(imported->dataset.region(1).country, "SE");  // from the NUTS code
  EXPECT_THAT(imported->report.absent_columns, ElementsAre("N15419"));
}

TEST(ParseWideObservationsTest, YearColumnGivesSeveralYears) {
  const Framework framework = ThreeIndicators();
  constexpr char kText[] =
      "kommunkod;år;N00923\n"
      "2480;2019;82,5\n"
      "2480;2020;82,7\n"
      "2480;20x0;82,7\n";
  auto imported = ParseWideObservations(kText, framework);
  ASSERT_TRUE(imported.ok());
  EXPECT_THAT(imported->dataset.Years(), ElementsAre(2019, 2020));
  EXPECT_THAT(imported->dataset.Get(0, 0, 2020), Optional(82.7));
  EXPECT_EQ(imported->dataset.region(0).country, "");  // not a NUTS code
  EXPECT_THAT(RejectedLines(imported->report), ElementsAre(4));
}

TEST(ParseWideObservationsTest, FileWithoutRegionOrIndicatorsIsAnError) {
  const Framework framework = ThreeIndicators();
  EXPECT_FALSE(ParseWideObservations("a,b\n1,2\n", framework).ok());
  auto no_indicator = ParseWideObservations("nuts_id,foo\nSE11,2\n", framework);
  ASSERT_FALSE(no_indicator.ok());
  EXPECT_EQ(no_indicator.error().fields().at(0).field, "file");
}

TEST(ParseLongObservationsTest, ReadsKoladaStyleExport) {
  const Framework framework = ThreeIndicators();
  constexpr char kText[] =
      "kpi;municipality;period;gender;value\n"
      "N00923;2480;2019;T;82,5\n"
      "N00923;2480;2019;K;84,0\n"  // line 3: not a total
      "N00002;2480;2019;T;21,4\n"
      "N00002;2480;2020;T;..\n"       // missing, not rejected
      "N99999;2480;2019;T;1\n"        // line 6: unknown indicator
      "N00923;2480;2020;T;abc\n"      // line 7: not a number
      "N00923;2480;2019;T;82,6\n"     // line 8: second value
      "N00923;0114;last year;T;80\n"  // line 9: period
      "Sickness days;0114;2020;T;30\n";
  auto imported = ParseLongObservations(kText, framework);
  ASSERT_TRUE(imported.ok());
  const Dataset& dataset = imported->dataset;
  EXPECT_THAT(RejectedLines(imported->report), ElementsAre(3, 6, 7, 8, 9));
  EXPECT_EQ(imported->report.rejected[0].args.at("gender"), "K");
  EXPECT_EQ(imported->report.rejected[1].args.at("indicator"), "N99999");
  EXPECT_EQ(imported->report.missing_values, 1u);
  EXPECT_EQ(imported->report.values, 3u);
  EXPECT_THAT(dataset.Get(0, 0, 2019), Optional(82.5));
  EXPECT_THAT(dataset.Get(0, 1, 2019), Optional(21.4));
  EXPECT_EQ(dataset.Get(0, 1, 2020), std::nullopt);
  ASSERT_EQ(dataset.regions().size(), 2u);
  EXPECT_THAT(dataset.Get(1, 1, 2020), Optional(30.0));  // indicator found by name
}

TEST(ParseObservationsTest, DetectsLongAndWideForms) {
  const Framework framework = ThreeIndicators();
  auto long_form = ParseObservations("region,indicator,year,value\nA,N00923,2020,80\n", framework);
  ASSERT_TRUE(long_form.ok());
  EXPECT_THAT(long_form->dataset.Get(0, 0, 2020), Optional(80.0));
  auto wide_form = ParseObservations("region,N00923\nA,80\n", framework);
  ASSERT_TRUE(wide_form.ok());
  EXPECT_THAT(wide_form->dataset.Get(0, 0, kUnspecifiedYear), Optional(80.0));
}

TEST(ParseRegionTableTest, ReadsPopulationAndCovariates) {
  constexpr char kText[] =
      "region,name,population,gdp_per_capita\n"
      "SE33,Övre Norrland,520000,38000\n"
      "SE32,Mellersta Norrland,370000,NA\n"
      "SE33,Again,1,1\n"        // line 4: repeat
      "SE31,Norra,-5,1\n"       // line 5: negative population
      "SE21,Småland,many,1\n";  // line 6: not a number
  auto imported = ParseRegionTable(kText);
  ASSERT_TRUE(imported.ok());
  ASSERT_EQ(imported->regions.size(), 2u);
  EXPECT_THAT(imported->regions[0].population, Optional(520000.0));
  EXPECT_EQ(imported->regions[0].covariates.at("gdp_per_capita"), 38000);
  EXPECT_EQ(imported->regions[0].country, "SE");
  EXPECT_TRUE(imported->regions[1].covariates.empty());
  EXPECT_THAT(RejectedLines(imported->report), ElementsAre(4, 5, 6));
}

TEST(MergeRegionInfoTest, CopiesOntoKnownRegionsAndListsTheOthers) {
  Dataset dataset(1);
  dataset.AddRegion("SE33");
  RegionInfo known;
  known.code = "SE33";
  known.population = 520000;
  known.covariates["gdp_per_capita"] = 38000;
  RegionInfo unknown;
  unknown.code = "XX99";
  EXPECT_THAT(MergeRegionInfo({known, unknown}, dataset), ElementsAre("XX99"));
  EXPECT_THAT(dataset.region(0).population, Optional(520000.0));
  EXPECT_EQ(dataset.region(0).covariates.at("gdp_per_capita"), 38000);
}

TEST(ParseComponentScoresTest, ReadsScoresAndNotesMissingOnes) {
  const Framework framework = ThreeIndicators();
  constexpr char kText[] =
      "\"Region Code\",\"Health\",\"School\"\n"
      "\"AT11\",87.16,98.19\n"
      "\"AT12\",86.24,NA\n"
      "\"AT13\",101,50\n";  // line 4: outside 0-100
  auto imported = ParseComponentScores(kText, framework);
  ASSERT_TRUE(imported.ok());
  ASSERT_EQ(imported->years.size(), 1u);
  const auto& regions = imported->years[0].regions;
  ASSERT_EQ(regions.size(), 2u);
  EXPECT_THAT(regions[0].components, ElementsAre(Optional(87.16), Optional(98.19)));
  EXPECT_EQ(regions[1].components[1], std::nullopt);
  ASSERT_EQ(regions[1].notes.size(), 1u);
  EXPECT_EQ(regions[1].notes[0].code, "school");
  EXPECT_THAT(RejectedLines(imported->report), ElementsAre(4));
  EXPECT_EQ(imported->regions[1].code, "AT12");
}

TEST(DatasetTest, FromObservationsAndBack) {
  const Framework framework = ThreeIndicators();
  auto dataset = Dataset::FromObservations(
      framework, {{"2480", "N00923", 2020, 82.5}, {"2480", "Sickness days", 2020, 21}});
  ASSERT_TRUE(dataset.ok());
  EXPECT_EQ(dataset->value_count(), 2u);
  auto observations = dataset->ToObservations(framework);
  ASSERT_EQ(observations.size(), 2u);
  EXPECT_EQ(observations[1].indicator, "N00002");
  auto duplicate = Dataset::FromObservations(
      framework, {{"2480", "N00923", 2020, 82.5}, {"2480", "N00923", 2020, 82}});
  EXPECT_FALSE(duplicate.ok());
  auto unknown = Dataset::FromObservations(framework, {{"2480", "X", 2020, 1}});
  EXPECT_FALSE(unknown.ok());
}

}  // namespace
}  // namespace samverkan::progress
