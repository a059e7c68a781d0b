#include "modules/impact/json/sroi_json.h"

#include <gtest/gtest.h>

#include <string>

namespace samverkan::impact {
namespace {

using nlohmann::json;

// The example of FORMATS.md.
constexpr char kExampleMap[] = R"({
  "currency": "SEK",
  "discount_rate": 0.035,
  "convention": "end_of_year",
  "inputs": [
    {"value": 400000, "year": 1, "kind": "cash", "description": "Grant"},
    {"value": 51750, "year": 2, "kind": "in_kind", "description": "Volunteer hours"}
  ],
  "outcomes": [
    {"stakeholder": "Participants", "outcome": "In paid work", "quantity": 12,
     "proxy": 60000, "deadweight": 0.25, "displacement": 0.1, "attribution": 0.2,
     "drop_off": 0.3, "duration": 3},
    {"stakeholder": "Municipality", "outcome": "Less social assistance paid", "quantity": 12,
     "proxy": "24000.50", "deadweight": 0.25, "duration": 2},
    {"stakeholder": "Neighbours", "outcome": "More traffic", "quantity": 40, "proxy": -250,
     "duration": 1}
  ]
})";

const FieldError* FindField(const Error& error, const std::string& field) {
  for (const FieldError& f : error.fields()) {
    if (f.field == field) return &f;
  }
  return nullptr;
}

TEST(SroiJsonTest, EvaluatesTheDocumentedExample) {
  Result<json> result = EvaluateSroiJson(json::parse(kExampleMap));
  ASSERT_TRUE(result.ok()) << result.error().fields().at(0).field;
  const json& r = *result;
  // Inputs: 400 000 + 51 750 / 1.035 = 450 000 kr.
  EXPECT_EQ(r["inputs_total"], 451750.0);
  EXPECT_EQ(r["inputs_in_kind"], 51750.0);
  EXPECT_EQ(r["inputs_present_value"], 450000.0);
  // Outcome 1, year 1: 12 x 60 000 x 0.75 x 0.9 x 0.8 = 388 800; then x 0.7 each year.
  EXPECT_EQ(r["outcomes"][0]["yearly"], json::parse("[388800.0, 272160.0, 190512.0]"));
  // Outcome 2: 12 x 24 000.50 x 0.75 = 216 004.50 a year for two years.
  EXPECT_EQ(r["outcomes"][1]["impact"], 216004.5);
  EXPECT_EQ(r["outcomes"][2]["present_value"], -9661.84);  // -10 000 / 1.035
  for (const char* key : {"present_value", "npv", "ratio", "net_ratio", "payback_months"}) {
    EXPECT_TRUE(r.contains(key)) << key;
  }
  EXPECT_NEAR(r["net_ratio"].get<double>(), r["ratio"].get<double>() - 1, 1e-12);
  EXPECT_NEAR(r["npv"].get<double>(),
              r["present_value"].get<double>() - r["inputs_present_value"].get<double>(), 0.005);
  ASSERT_EQ(r["sensitivity"]["discount_rates"].size(), 5u);
  ASSERT_EQ(r["sensitivity"]["switching_values"].size(), 3u);
  EXPECT_EQ(r["sensitivity"]["switching_values"][0]["deadweight"]["estimate"], 0.25);
  EXPECT_TRUE(r["sensitivity"]["switching_values"][2]["drop_off"]["switching_value"].is_null());
}

TEST(SroiJsonTest, MoneyIsExactToTheOre) {
  json map = json::parse(kExampleMap);
  map["inputs"] = json::parse(R"([{"value": 0.29}])");
  map["outcomes"] = json::parse(
      R"([{"stakeholder": "s", "outcome": "o", "quantity": 1, "proxy": 0.1, "duration": 1}])");
  map["discount_rate"] = 0;
  Result<json> result = EvaluateSroiJson(map);
  ASSERT_TRUE(result.ok());
  EXPECT_EQ((*result)["inputs_total"].dump(), "0.29");
  EXPECT_EQ((*result)["present_value"].dump(), "0.1");
  EXPECT_EQ((*result)["npv"].dump(), "-0.19");
}

TEST(SroiJsonTest, StructuralErrorsNameTheJsonPath) {
  json map = json::parse(kExampleMap);
  map["outcomes"][2]["deadweight"] = "0.2";
  map["outcomes"][1]["dead_weight"] = 0.2;
  map["outcomes"][0].erase("quantity");
  map["outcomes"][0]["duration"] = 2.5;
  map["inputs"][1]["value"] = 12.345;
  map["convention"] = "mid_year";
  Result<json> result = EvaluateSroiJson(map);
  ASSERT_FALSE(result.ok());
  EXPECT_TRUE(result.error().IsInvalid());
  EXPECT_EQ(FindField(result.error(), "outcomes[2].deadweight")->message, "Must be a number.");
  EXPECT_EQ(FindField(result.error(), "outcomes[1].dead_weight")->message, "Unknown field.");
  EXPECT_EQ(FindField(result.error(), "outcomes[0].quantity")->message, "This field is required.");
  EXPECT_EQ(FindField(result.error(), "outcomes[0].duration")->message, "Must be a whole number.");
  EXPECT_NE(FindField(result.error(), "inputs[1].value"), nullptr);
  EXPECT_EQ(FindField(result.error(), "convention")->args.at("options"),
            "end_of_year, start_of_year");
  EXPECT_EQ(result.error().fields().size(), 6u);
}

TEST(SroiJsonTest, DomainErrorsNameTheJsonPath) {
  json map = json::parse(kExampleMap);
  map["outcomes"][2]["deadweight"] = 1.5;
  map["outcomes"][0]["duration"] = 0;
  map["discount_rate"] = -0.01;
  Result<json> result = EvaluateSroiJson(map);
  ASSERT_FALSE(result.ok());
  const FieldError* deadweight = FindField(result.error(), "outcomes[2].deadweight");
  ASSERT_NE(deadweight, nullptr);
  EXPECT_EQ(deadweight->message, "Must be between {{min}} and {{max}}.");
  EXPECT_NE(FindField(result.error(), "outcomes[0].duration"), nullptr);
  EXPECT_NE(FindField(result.error(), "discount_rate"), nullptr);
}

TEST(SroiJsonTest, TextThatIsNotJsonOrNotAnObject) {
  Result<std::string> broken = EvaluateSroiJsonText(R"({"inputs": [)");
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(broken.error().fields().at(0).field, "$");
  EXPECT_EQ(broken.error().fields().at(0).args.count("position"), 1u);
  Result<std::string> list = EvaluateSroiJsonText("[]");
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().fields().at(0).field, "$");
  EXPECT_EQ(list.error().fields().at(0).message, "Must be an object.");
  EXPECT_EQ(list.error().fields().size(), 1u);
  // nlohmann reports a number beyond double as out_of_range, not as a parse error.
  Result<std::string> huge = EvaluateSroiJsonText(R"({"discount_rate": 1e999})");
  ASSERT_FALSE(huge.ok());
  EXPECT_EQ(huge.error().fields().at(0).field, "$");
}

TEST(SroiJsonTest, TextInTextOut) {
  Result<std::string> compact = EvaluateSroiJsonText(kExampleMap);
  ASSERT_TRUE(compact.ok());
  EXPECT_EQ(compact->find('\n'), std::string::npos);
  Result<std::string> pretty = EvaluateSroiJsonText(kExampleMap, 2);
  ASSERT_TRUE(pretty.ok());
  EXPECT_EQ(json::parse(*pretty), json::parse(*compact));
  EXPECT_NE(pretty->find("\n  \"convention\": \"end_of_year\""), std::string::npos);
}

TEST(SroiJsonTest, MapRoundTrips) {
  Result<SroiMap> map = SroiMapFromJson(json::parse(kExampleMap));
  ASSERT_TRUE(map.ok());
  EXPECT_EQ(map->outcomes[1].proxy, 2400050);
  EXPECT_EQ(map->inputs[1].kind, InputKind::kInKind);
  Result<SroiMap> again = SroiMapFromJson(SroiMapToJson(*map));
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(SroiMapToJson(*again), SroiMapToJson(*map));
  EXPECT_EQ(again->outcomes[1].proxy, 2400050);
  EXPECT_EQ(again->outcomes[0].drop_off, 0.3);
}

TEST(SroiJsonTest, DefaultsAndCustomSensitivityRates) {
  json map = json::parse(kExampleMap);
  map.erase("discount_rate");
  map.erase("convention");
  map["sensitivity"] = json::parse(R"({"discount_rates": [0, 0.1]})");
  Result<SroiMap> parsed = SroiMapFromJson(map);
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->discount_rate, 0.035);
  EXPECT_EQ(parsed->convention, DiscountConvention::kEndOfYear);
  EXPECT_EQ(parsed->sensitivity_discount_rates, (std::vector<double>{0, 0.1}));
  map["sensitivity"]["discount_rates"][1] = "ten";
  Result<SroiMap> bad = SroiMapFromJson(map);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields().at(0).field, "sensitivity.discount_rates[1]");
}

}  // namespace
}  // namespace samverkan::impact
