// POST /api/v1/progress/compute without a server: the body read into a computation, CSV texts
// and JSON arrays alike, and the errors a client can make.
#include "modules/progress/web/compute_api.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "modules/progress/domain/framework_csv.h"

namespace samverkan::progress {
namespace {

using nlohmann::json;
using ::testing::DoubleNear;

const web::Translator& English() {
  static const web::Translator tr("/nonexistent");
  return tr;
}

std::string ReadSpiFile(const std::string& name) {
  std::ifstream in(std::string(SAMVERKAN_SPI_DATA_DIR) + "/" + name, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Two indicators in one component in one dimension: the index is the component.
const json kFramework = {
    {"code", "mini"},
    {"name", {{"sv", "Mini"}, {"en", "Mini"}}},
    {"dimensions",
     {{{"code", "d"},
       {"name", "D"},
       {"components",
        {{{"code", "c"},
          {"name", "C"},
          {"indicators",
           {{{"code", "up"},
             {"name", "Up"},
             {"direction", "higher"},
             {"utopia", 100},
             {"dystopia", 0}},
            {{"code", "down"}, {"name", "Down"}, {"utopia", 0}, {"dystopia", 10}}}}}}}}}}};

Result<Framework> NoStoredFrameworks(std::string_view code) {
  return Error::NotFound("There is no such framework.");
}

Result<json> Compute(const json& body) {
  auto call = ParseComputeBody(body, Language::kEnglish, NoStoredFrameworks);
  if (!call.ok()) return std::move(call).error();
  return RunCompute(*call, English(), Language::kEnglish);
}

TEST(ComputeApiTest, ComputesTheEuSpiFromCsvTexts) {
  auto result = Compute({{"framework", ReadSpiFile("eu_spi_2020_indicator_metadata.csv")},
                         {"data", ReadSpiFile("eu_spi_2020_indicators_regional.csv")},
                         {"year", nullptr}});
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_EQ((*result)["summary"]["regions"], 240);
  EXPECT_EQ((*result)["summary"]["complete"], 231);
  for (const json& region : (*result)["results"]) {
    if (region["region"] == "SE33") {
      EXPECT_THAT(region["index"].get<double>(), DoubleNear(85.16, 0.005));
    }
    if (region["region"] == "FI20") {
      EXPECT_TRUE(region["index"].is_null());
      ASSERT_FALSE(region["notes"].empty());
      // The text names components, not codes.
      bool named = false;
      for (const json& note : region["notes"]) {
        const std::string text = note["text"].get<std::string>();
        named = named || (text.find("Access to ICT") != std::string::npos &&
                          text.find("access_to_ict") == std::string::npos);
      }
      EXPECT_TRUE(named) << region["notes"].dump();
    }
  }
}

TEST(ComputeApiTest, ReadsArraysAndPointsAtTheItemsItRejects) {
  auto result = Compute(
      {{"framework", kFramework},
       {"data",
        json::array({{{"region", "A"}, {"indicator", "up"}, {"year", 2024}, {"value", 80}},
                     {{"region", "A"}, {"indicator", "down"}, {"year", 2024}, {"value", 5}},
                     {{"region", "B"}, {"indicator", "up"}, {"year", 2024}, {"value", "lots"}},
                     {{"region", "B"}, {"indicator", "down"}, {"year", 2024}, {"value", 5}},
                     {{"region", "B"}, {"indicator", "down"}, {"year", 2025}, {"value", nullptr}},
                     {{"region", "C"}, {"indicator", "sideways"}, {"year", 2024}, {"value", 1}}})},
       {"exponent_dimension", 1},
       {"exponent_index", 1}});
  ASSERT_TRUE(result.ok()) << result.error().message();
  const json& results = (*result)["results"];
  ASSERT_EQ(results.size(), 2u);  // C has no accepted value, B none in 2025
  EXPECT_EQ(results[0]["region"], "A");
  EXPECT_EQ(results[0]["year"], 2024);
  EXPECT_DOUBLE_EQ(results[0]["index"].get<double>(), 65);  // (80 + 50) / 2
  EXPECT_EQ(results[1]["region"], "B");
  EXPECT_DOUBLE_EQ(results[1]["index"].get<double>(), 50);  // "down" alone
  ASSERT_EQ(results[1]["notes"].size(), 1u);
  EXPECT_EQ(results[1]["notes"][0]["text"], "No value for Up: it is left out of C.");
  const json& rejected = (*result)["imports"][0]["rejected"];
  ASSERT_EQ(rejected.size(), 2u);
  EXPECT_EQ(rejected[0]["item"], 2);
  EXPECT_EQ(rejected[0]["text"], "The value lots is not a number.");
  EXPECT_EQ(rejected[1]["item"], 5);
  EXPECT_EQ((*result)["framework"]["code"], "mini");
}

TEST(ComputeApiTest, AggregatesComponentScoresGivenAsObjects) {
  auto result =
      Compute({{"framework", kFramework},
               {"components", json::array({{{"region", "A"}, {"scores", {{"c", 64}}}}})}});
  ASSERT_TRUE(result.ok()) << result.error().message();
  EXPECT_DOUBLE_EQ((*result)["results"][0]["index"].get<double>(), 64);
  EXPECT_EQ((*result)["options"]["input"], "components");
}

TEST(ComputeApiTest, AnchorsWithRegionsAndNationalData) {
  json data = json::array();
  json national = json::array();
  for (const char* region : {"XA1", "XA2"}) {
    data.push_back(
        {{"region", region}, {"indicator", "up"}, {"value", region[2] == '1' ? 40 : 60}});
    data.push_back({{"region", region}, {"indicator", "down"}, {"value", 5}});
  }
  national.push_back({{"region", "XA"}, {"indicator", "up"}, {"value", 70}});
  national.push_back({{"region", "XA"}, {"indicator", "down"}, {"value", 5}});
  auto result = Compute(
      {{"framework", kFramework},
       {"data", data},
       {"national", national},
       {"regions", json::array({{{"code", "XA1"}, {"country", "XA"}, {"population", 1}},
                                {{"code", "XA2"}, {"country", "XA"}, {"population", 1}}})}});
  ASSERT_TRUE(result.ok()) << result.error().message();
  // Regional components 45 and 55 (mean 50) anchored to the national 60: 55 and 65.
  EXPECT_DOUBLE_EQ((*result)["results"][0]["components"]["c"].get<double>(), 55);
  EXPECT_DOUBLE_EQ((*result)["results"][1]["components"]["c"].get<double>(), 65);
  EXPECT_EQ((*result)["options"]["anchored_to_national"], true);
}

TEST(ComputeApiTest, UsesAStoredFrameworkByCode) {
  auto stored = ParseEuSpiMetadata(ReadSpiFile("eu_spi_2020_indicator_metadata.csv"));
  ASSERT_TRUE(stored.ok());
  auto call = ParseComputeBody(
      {{"framework", "eu-spi-2020"}, {"data", ReadSpiFile("eu_spi_2020_indicators_national.csv")}},
      Language::kSwedish, [&](std::string_view code) -> Result<Framework> {
        if (code == "eu-spi-2020") return *stored;
        return Error::NotFound();
      });
  ASSERT_TRUE(call.ok());
  auto result = RunCompute(*call, English(), Language::kSwedish);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)["summary"]["regions"], 27);
  auto unknown = ParseComputeBody({{"framework", "no-such"}, {"data", "a,b\n"}}, Language::kEnglish,
                                  NoStoredFrameworks);
  ASSERT_FALSE(unknown.ok());
  EXPECT_TRUE(unknown.error().IsNotFound());
}

TEST(ComputeApiTest, SaysWhichFieldsAreWrong) {
  auto empty = ParseComputeBody(json::object(), Language::kEnglish, NoStoredFrameworks);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().fields()[0].field, "framework");

  auto types =
      ParseComputeBody({{"framework", 5}, {"data", {{"a", 1}}}, {"year", "2020"}, {"decimals", 11}},
                       Language::kEnglish, NoStoredFrameworks);
  ASSERT_FALSE(types.ok());
  std::vector<std::string> fields;
  for (const auto& f : types.error().fields()) fields.push_back(f.field);
  EXPECT_THAT(fields, ::testing::ElementsAre("framework", "data", "decimals", "year"));

  // A framework object with holes names the paths.
  json holes = kFramework;
  holes["dimensions"][0]["components"][0]["indicators"][1]["utopia"] = "zero";
  auto framework = Compute({{"framework", holes}, {"data", "region,up\nA,1\n"}});
  ASSERT_FALSE(framework.ok());
  ASSERT_EQ(framework.error().fields().size(), 1u);
  EXPECT_EQ(framework.error().fields()[0].args.at("path"),
            "framework.dimensions[0].components[0].indicators[1].utopia");

  // Both data and components, from RunSpiCompute.
  auto both = Compute(
      {{"framework", kFramework}, {"data", "region,up\nA,1\n"}, {"components", "region,c\nA,1\n"}});
  ASSERT_FALSE(both.ok());
  EXPECT_EQ(both.error().fields()[0].field, "data");

  // Nothing usable in the data.
  auto unusable = Compute({{"framework", kFramework}, {"data", "foo,bar\n1,2\n"}});
  ASSERT_FALSE(unusable.ok());
  EXPECT_TRUE(unusable.error().IsInvalid());
}

}  // namespace
}  // namespace samverkan::progress
