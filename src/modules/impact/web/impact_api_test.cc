#include "modules/impact/web/impact_api.h"

#include <gtest/gtest.h>

#include "modules/impact/web/impact_web_testing.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;
using testing::Catalog;
using testing::ModuleTemplates;
using testing::TestRequest;

const web::Site& TestSite() {
  static const web::Site site(ModuleTemplates(), Catalog(), {}, "test");
  return site;
}

web::Response Post(web::Response (*handler)(const web::Site&, const web::Request&),
                   const std::string& path, Language lang, const std::string& body) {
  TestRequest request(lang, body, "application/json", path);
  return handler(TestSite(), request.req);
}

// The hand-computed case of the domain tests (EndOfYearConventionDiscountsYearOne):
// 1035 / 1.035 + 1035 / 1.035^2 = 1966.18 kr from 1000 kr of inputs.
constexpr char kTwoYearMap[] = R"({
  "discount_rate": 0.035,
  "inputs": [{"value": 1000}],
  "outcomes": [{"stakeholder": "Participants", "outcome": "In work", "quantity": 1,
                "proxy": 1035, "duration": 2}]
})";

TEST(SroiApiTest, CalculatesAMap) {
  const web::Response res =
      Post(HandleSroiApi, "/api/v1/impact/sroi", Language::kEnglish, kTwoYearMap);
  ASSERT_EQ(res.result(), web::http::status::ok) << res.body();
  EXPECT_EQ(res[web::http::field::content_type], "application/json");
  const json result = json::parse(res.body());
  EXPECT_EQ(result["present_value"], 1966.18);
  EXPECT_EQ(result["npv"], 966.18);
  EXPECT_NEAR(result["ratio"].get<double>(), 1.9661835748792271, 1e-12);
  EXPECT_NEAR(result["net_ratio"].get<double>(), 0.9661835748792271, 1e-12);
  EXPECT_EQ(result["outcomes"][0]["yearly"], json::parse("[1035.0, 1035.0]"));
  EXPECT_EQ(result["sensitivity"]["discount_rates"].size(), 5u);
}

TEST(SroiApiTest, AnswersProblemsWithJsonPathsInTheReadersLanguage) {
  const std::string bad = R"({"inputs": [{"value": 0}], "outcomes": [{"stakeholder": "A",
      "outcome": "B", "quantity": 1, "proxy": 10, "deadweight": 1.5, "duration": 0}]})";
  json details[2];
  int i = 0;
  for (Language lang : {Language::kSwedish, Language::kEnglish}) {
    const web::Response res = Post(HandleSroiApi, "/api/v1/impact/sroi", lang, bad);
    EXPECT_EQ(res.result(), web::http::status::unprocessable_entity);
    EXPECT_EQ(res[web::http::field::content_type], "application/problem+json");
    const json problem = json::parse(res.body());
    std::vector<std::string> fields;
    for (const json& e : problem["errors"]) fields.push_back(e["field"]);
    EXPECT_EQ(fields, (std::vector<std::string>{"inputs", "outcomes[0].deadweight",
                                                "outcomes[0].duration"}));
    details[i++] = problem;
  }
  EXPECT_NE(details[0]["detail"], details[1]["detail"]);
  EXPECT_NE(details[0]["errors"][0]["detail"], details[1]["errors"][0]["detail"]);
  EXPECT_EQ(details[1]["errors"][1]["detail"], "Must be between 0 and 1.");
  EXPECT_EQ(details[0]["errors"][1]["detail"], "Måste vara mellan 0 och 1.");
}

TEST(SroiApiTest, TextThatIsNotJsonIsAProblemOnTheDocument) {
  const web::Response res =
      Post(HandleSroiApi, "/api/v1/impact/sroi", Language::kEnglish, R"({"inputs": [)");
  EXPECT_EQ(res.result(), web::http::status::unprocessable_entity);
  const json problem = json::parse(res.body());
  EXPECT_EQ(problem["errors"][0]["field"], "$");
  EXPECT_NE(problem["errors"][0]["detail"].get<std::string>().find("not valid JSON"),
            std::string::npos);
}

TEST(SocioEconomicApiTest, TransfersCancelForSociety) {
  const std::string body = R"({"group_size": 2, "horizon_years": 1, "discount_rate": 0,
    "items": [
      {"name": "Social assistance", "kind": "transfer", "payer": "municipality",
       "recipient": "individual", "without": 1000, "with": 0},
      {"name": "Care", "kind": "resource_use", "actor": "region", "without": 300, "with": 100}]})";
  const web::Response res =
      Post(HandleSocioEconomicApi, "/api/v1/impact/socioeconomic", Language::kEnglish, body);
  ASSERT_EQ(res.result(), web::http::status::ok) << res.body();
  const json result = json::parse(res.body());
  EXPECT_EQ(result["per_person_year"]["actors"][0]["actor"], "municipality");
  EXPECT_EQ(result["per_person_year"]["actors"][0]["total"], 1000.0);
  EXPECT_EQ(result["per_person_year"]["actors"][3]["total"], -1000.0);
  EXPECT_EQ(result["per_person_year"]["society"]["transfers"], 0.0);
  EXPECT_EQ(result["per_person_year"]["society"]["total"], 200.0);
  EXPECT_EQ(result["group_per_year"]["society"]["total"], 400.0);

  const web::Response bad = Post(HandleSocioEconomicApi, "/api/v1/impact/socioeconomic",
                                 Language::kSwedish, R"({"group_size": 0, "items": []})");
  EXPECT_EQ(bad.result(), web::http::status::unprocessable_entity);
  const json problem = json::parse(bad.body());
  EXPECT_EQ(problem["errors"][0]["field"], "horizon_years");
}

TEST(ImpactApiDocTest, DescribesRequestAndResponse) {
  const web::ApiDoc sroi = SroiApiDoc();
  EXPECT_EQ(sroi.tag, "impact");
  EXPECT_EQ(sroi.request_body["required"], json::parse(R"(["inputs", "outcomes"])"));
  EXPECT_TRUE(
      sroi.request_body["properties"]["outcomes"]["items"]["properties"].contains("drop_off"));
  EXPECT_TRUE(sroi.response["properties"].contains("net_ratio"));
  const web::ApiDoc socio = SocioEconomicApiDoc();
  EXPECT_TRUE(
      socio.request_body["properties"]["items"]["items"]["properties"].contains("recipient"));
  EXPECT_TRUE(socio.response["properties"].contains("repayment"));
}

}  // namespace
}  // namespace samverkan::impact
