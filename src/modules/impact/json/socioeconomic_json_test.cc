#include "modules/impact/json/socioeconomic_json.h"

#include <gtest/gtest.h>

#include <string>

namespace samverkan::impact {
namespace {

using nlohmann::json;

// The example of FORMATS.md.
constexpr char kExampleCase[] = R"({
  "currency": "SEK",
  "group_size": 10,
  "horizon_years": 5,
  "discount_rate": 0.035,
  "convention": "end_of_year",
  "items": [
    {"name": "Försörjningsstöd", "kind": "transfer", "payer": "municipality",
     "recipient": "individual", "without": 120000, "with": 0},
    {"name": "Handläggning, socialtjänst", "kind": "resource_use", "actor": "municipality",
     "without": 20000, "with": 5000},
    {"name": "Primärvård och psykiatri", "kind": "resource_use", "actor": "region",
     "without": 30000, "with": 10000},
    {"name": "Produktionsvärde i arbete", "kind": "production", "actor": "enterprise",
     "without": 0, "with": 300000},
    {"name": "Lön", "kind": "transfer", "payer": "enterprise", "recipient": "individual",
     "without": 0, "with": 240000},
    {"name": "Kommunalskatt", "kind": "transfer", "payer": "individual",
     "recipient": "municipality", "without": 0, "with": 50000},
    {"name": "Arbetsgivaravgifter", "kind": "transfer", "payer": "enterprise",
     "recipient": "state", "without": 0, "with": 60000}
  ],
  "investments": [
    {"actor": "municipality", "value": 2500000, "year": 1, "description": "Programme"}
  ]
})";

const FieldError* FindField(const Error& error, const std::string& field) {
  for (const FieldError& f : error.fields()) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

TEST(SocioEconomicJsonTest, EvaluatesTheDocumentedExample) {
  Result<json> result = EvaluateSocioEconomicJson(json::parse(kExampleCase));
  ASSERT_TRUE(result.ok()) << result.error().fields().at(0).field;
  const json& r = *result;
  const json& person = r["per_person_year"];
  EXPECT_EQ(person["actors"][0]["actor"], "municipality");
  EXPECT_EQ(person["actors"][0]["transfers"], 170000.0);
  EXPECT_EQ(person["actors"][0]["total"], 185000.0);
  EXPECT_EQ(person["society"]["transfers"], 0.0);
  EXPECT_EQ(person["society"]["total"], 335000.0);
  EXPECT_EQ(r["group_per_year"]["society"]["total"], 3350000.0);
  // 3 350 000 x (1/1.035 + ... + 1/1.035^5) = 3 350 000 x 4.51505238 = 15 125 425.46 kr.
  EXPECT_NEAR(r["investment"]["society"]["gains_present_value"].get<double>(), 15125425.46, 0.01);
  ASSERT_EQ(r["repayment"].size(), 1u);
  EXPECT_EQ(r["repayment"][0]["investor"], "municipality");
  ASSERT_EQ(r["repayment"][0]["repaid_by"].size(), 6u);
  EXPECT_EQ(r["repayment"][0]["repaid_by"][5]["actor"], "society");
  EXPECT_TRUE(r["repayment"][0]["repaid_by"][4]["discounted_payback_years"].is_null());
  EXPECT_EQ(r["break_even_persons"], 2);
}

TEST(SocioEconomicJsonTest, PartiesDependOnTheKind) {
  json socio_case = json::parse(kExampleCase);
  socio_case["items"][0]["actor"] = "municipality";  // a transfer has payer and recipient
  socio_case["items"][1]["payer"] = "state";         // resource use has an actor
  socio_case["items"][2]["actor"] = "county";
  socio_case["items"][3]["kind"] = "tax";
  socio_case["items"][3]["payer"] = "state";  // not reported again: the kind is wrong
  Result<json> result = EvaluateSocioEconomicJson(socio_case);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(FindField(result.error(), "items[0].actor")->message,
            "A transfer has a payer and a recipient instead of an actor.");
  EXPECT_NE(FindField(result.error(), "items[1].payer"), nullptr);
  EXPECT_EQ(FindField(result.error(), "items[2].actor")->message, "Must be one of: {{options}}.");
  EXPECT_EQ(FindField(result.error(), "items[2].actor")->args.at("options"),
            "municipality, region, state, individual, enterprise");
  EXPECT_NE(FindField(result.error(), "items[3].kind"), nullptr);
  EXPECT_EQ(result.error().fields().size(), 4u);
}

TEST(SocioEconomicJsonTest, RequiredAndDomainErrors) {
  json missing = json::parse(kExampleCase);
  missing.erase("group_size");
  missing["items"][4].erase("with");
  Result<json> structural = EvaluateSocioEconomicJson(missing);
  ASSERT_FALSE(structural.ok());
  EXPECT_NE(FindField(structural.error(), "group_size"), nullptr);
  EXPECT_NE(FindField(structural.error(), "items[4].with"), nullptr);

  json invalid = json::parse(kExampleCase);
  invalid["items"][0]["recipient"] = "municipality";
  invalid["investments"][0]["year"] = 6;
  invalid["horizon_years"] = 5;
  Result<json> domain = EvaluateSocioEconomicJson(invalid);
  ASSERT_FALSE(domain.ok());
  EXPECT_NE(FindField(domain.error(), "items[0].recipient"), nullptr);
  EXPECT_NE(FindField(domain.error(), "investments[0].year"), nullptr);
}

TEST(SocioEconomicJsonTest, CaseRoundTripsAndTextApi) {
  Result<SocioEconomicCase> socio_case = SocioEconomicCaseFromJson(json::parse(kExampleCase));
  ASSERT_TRUE(socio_case.ok());
  EXPECT_EQ(socio_case->items[0].actor, Actor::kMunicipality);
  EXPECT_EQ(socio_case->items[0].recipient, Actor::kIndividual);
  const json written = SocioEconomicCaseToJson(*socio_case);
  Result<SocioEconomicCase> again = SocioEconomicCaseFromJson(written);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SocioEconomicCaseToJson(*again), written);

  Result<std::string> text = EvaluateSocioEconomicJsonText(kExampleCase, 2);
  ASSERT_TRUE(text.ok());
  EXPECT_NE(text->find("\"break_even_persons\": 2"), std::string::npos);
  Result<std::string> broken = EvaluateSocioEconomicJsonText("{\"items\": }");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().fields().at(0).field, "$");
}

}  // namespace
}  // namespace samverkan::impact
