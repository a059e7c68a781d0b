#include "modules/progress/domain/spi_compute_command.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <limits>
#include <nlohmann/json.hpp>

#include "core/csv.h"

namespace samverkan::progress {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Two dimensions with one component each; component a has two indicators.
constexpr char kFramework[] =
    "dimension_code,dimension_name_sv,dimension_name_en,component_code,component_name_sv,"
    "component_name_en,indicator_code,indicator_name_sv,indicator_name_en,unit,source,direction,"
    "utopia,dystopia,weight\n"
    "d1,Behov,Needs,a,A,A,x,X,X,,,higher,100,0,\n"
    "d1,Behov,Needs,a,A,A,y,Y,Y,,,lower,0,50,\n"
    "d2,Möjligheter,Opportunity,b,B,B,z,Z,Z,,,higher,100,0,\n";

// R1: x 64, y 0 (-> 100) -> a 82; z 81 -> b 81; index at order 0.5: ((sqrt 82 + 9) / 2)^2
//     = 81.4994 -> 81.50.
// R2: y missing -> a = x = 36; z empty -> b, d2 and the index unavailable.
// R3: z "oops" rejects the row (line 4).
constexpr char kData[] =
    "region,name,x,y,z\n"
    "R1,\"Region, one\",64,0,81\n"
    "R2,Two,36,NA,\n"
    "R3,Three,50,10,oops\n";

SpiComputeRequest Request() {
  SpiComputeRequest request;
  request.framework_csv = kFramework;
  request.data_csv = kData;
  return request;
}

TEST(RunSpiComputeTest, CsvHasOneRecordPerRegionWithNotes) {
  auto response = RunSpiCompute(Request());
  ASSERT_TRUE(response.ok());
  auto rows = ParseCsv(response->output);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);  // header, R1, R2 (R3 rejected)
  EXPECT_THAT((*rows)[0].fields, ElementsAre("region", "name", "country", "year", "complete", "a",
                                             "b", "d1", "d2", "index", "notes"));
  EXPECT_THAT((*rows)[1].fields, ElementsAre("R1", "Region, one", "", "", "yes", "82.00", "81.00",
                                             "82.00", "81.00", "81.50", ""));
  const auto& r2 = (*rows)[2].fields;
  EXPECT_EQ(r2[4], "no");
  EXPECT_EQ(r2[5], "36.00");
  EXPECT_EQ(r2[6], "");
  EXPECT_EQ(r2[9], "");
  EXPECT_THAT(r2[10], HasSubstr("No value for y: it is left out of a."));
  EXPECT_THAT(r2[10], HasSubstr("The index cannot be computed because d2 cannot."));
  EXPECT_EQ(response->complete_regions, 1);
  EXPECT_EQ(response->incomplete_regions, 1);
  EXPECT_THAT(response->diagnostics,
              ElementsAre("data line 4: Column z holds oops, which is not a number.",
                          HasSubstr("1 region-years have an index; 1 cannot be computed")));
}

TEST(RunSpiComputeTest, GlobalSpiExponents) {
  SpiComputeRequest request = Request();
  request.exponent_dimension = 1;
  request.exponent_index = 1;
  auto response = RunSpiCompute(request);
  ASSERT_TRUE(response.ok());
  auto rows = ParseCsv(response->output);
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ((*rows)[1].fields[9], "81.50");  // (82 + 81) / 2; order 0.5 gives 81.50 as well
  request.decimals = 4;
  response = RunSpiCompute(request);
  ASSERT_TRUE(response.ok());
  rows = ParseCsv(response->output);
  EXPECT_EQ((*rows)[1].fields[9], "81.5000");
}

TEST(RunSpiComputeTest, JsonIsValidAndCarriesMessagesForTranslation) {
  SpiComputeRequest request = Request();
  request.format = OutputFormat::kJson;
  auto response = RunSpiCompute(request);
  ASSERT_TRUE(response.ok());
  const auto json = nlohmann::json::parse(response->output);
  EXPECT_EQ(json["framework"]["dimensions"][1]["name"]["sv"], "Möjligheter");
  ASSERT_EQ(json["results"].size(), 2u);
  EXPECT_EQ(json["results"][0]["name"], "Region, one");
  EXPECT_DOUBLE_EQ(json["results"][0]["index"].get<double>(), 81.5);
  EXPECT_TRUE(json["results"][0]["year"].is_null());
  EXPECT_TRUE(json["results"][1]["index"].is_null());
  EXPECT_EQ(json["results"][1]["components"]["a"].get<double>(), 36.0);
  EXPECT_EQ(json["results"][1]["notes"][0]["message"],
            "No value for {{indicator}}: it is left out of {{component}}.");
  EXPECT_EQ(json["results"][1]["notes"][0]["args"]["indicator"], "y");
  EXPECT_EQ(json["summary"]["incomplete"], 1);
  EXPECT_EQ(json["imports"][0]["rejected"][0]["line"], 4);
}

TEST(RunSpiComputeTest, AggregatesGivenComponentScores) {
  SpiComputeRequest request = Request();
  request.data_csv.clear();
  request.components_csv = "region,year,a,b\nR1,2019,82,81\nR1,2020,100,100\n";
  auto response = RunSpiCompute(request);
  ASSERT_TRUE(response.ok());
  auto rows = ParseCsv(response->output);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 3u);
  EXPECT_EQ((*rows)[1].fields[3], "2019");
  EXPECT_EQ((*rows)[1].fields[9], "81.50");
  EXPECT_EQ((*rows)[2].fields[9], "100.00");
}

TEST(RunSpiComputeTest, AnchorsWithNationalDataAndPopulation) {
  SpiComputeRequest request = Request();
  request.data_csv = "region,country,x,y,z\nR1,X,40,0,50\nR2,X,80,0,70\n";
  request.national_csv = "country,x,y,z\nX,70,0,64\n";
  request.population_csv = "region,population\nR1,1\nR2,3\nR9,5\n";
  auto response = RunSpiCompute(request);
  ASSERT_TRUE(response.ok());
  auto rows = ParseCsv(response->output);
  ASSERT_TRUE(rows.ok());
  // a: R1 70, R2 90, national 85, weighted mean (70 + 270) / 4 = 85 -> unchanged.
  // b: R1 50, R2 70, national 64, weighted mean 65 -> R1 49, R2 69.
  EXPECT_EQ((*rows)[1].fields[5], "70.00");
  EXPECT_EQ((*rows)[1].fields[6], "49.00");
  EXPECT_EQ((*rows)[2].fields[6], "69.00");
  EXPECT_THAT(response->diagnostics,
              ::testing::Contains("population: region R9 is not in the data and is ignored."));
}

TEST(RunSpiComputeTest, RejectsContradictoryRequests) {
  SpiComputeRequest both = Request();
  both.components_csv = "region,a,b\nR1,1,2\n";
  EXPECT_TRUE(RunSpiCompute(both).error().IsInvalid());

  SpiComputeRequest half_anchoring = Request();
  half_anchoring.national_csv = "country,x\nX,1\n";
  auto error = RunSpiCompute(half_anchoring).error();
  EXPECT_EQ(error.fields().at(0).field, "national");

  SpiComputeRequest bad_exponent = Request();
  bad_exponent.exponent_index = std::numeric_limits<double>::infinity();
  EXPECT_EQ(RunSpiCompute(bad_exponent).error().fields().at(0).field, "exponent_index");

  SpiComputeRequest bad_framework = Request();
  bad_framework.framework_csv = "what,ever\n";
  EXPECT_TRUE(RunSpiCompute(bad_framework).error().IsInvalid());
}

TEST(ParseOutputFormatTest, KnowsCsvAndJson) {
  EXPECT_EQ(ParseOutputFormat("csv"), OutputFormat::kCsv);
  EXPECT_EQ(ParseOutputFormat("json"), OutputFormat::kJson);
  EXPECT_EQ(ParseOutputFormat("xml"), std::nullopt);
}

TEST(RenderMessageTest, FillsKnownPlaceholders) {
  EXPECT_EQ(RenderMessage("{{a}} and {{b}}", {{"a", "x"}}), "x and {{b}}");
  EXPECT_EQ(RenderMessage("no args", {}), "no args");
  EXPECT_EQ(RenderMessage("open {{a", {{"a", "x"}}), "open {{a");
}

TEST(JsonStringTest, EscapesWhatJsonRequires) {
  EXPECT_EQ(JsonString("a\"b\\c"), R"("a\"b\\c")");
  EXPECT_EQ(JsonString("line\nbreak\ttab"), R"("line\nbreak\ttab")");
  EXPECT_EQ(JsonString(std::string("\x01", 1)), R"("\u0001")");
  EXPECT_EQ(JsonString("Övre Norrland"), "\"Övre Norrland\"");
  const std::string nasty = std::string("x\x1f\"\\\r\b\f", 7) + "ö";
  EXPECT_EQ(nlohmann::json::parse(JsonString(nasty)).get<std::string>(), nasty);
}

}  // namespace
}  // namespace samverkan::progress
