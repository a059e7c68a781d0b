#include "modules/impact/web/impact_api.h"

#include "modules/impact/json/json_reader.h"
#include "modules/impact/json/socioeconomic_json.h"
#include "modules/impact/json/sroi_json.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

json Money(const char* description) {
  return {{"type", {"number", "string"}},
          {"description", std::string(description) +
                              " In kronor with at most two decimals, as a number or a decimal "
                              "string (\"24000.50\", exact)."}};
}

json OptionalShare(double fallback, const char* description) {
  return {{"type", {"number", "null"}},
          {"minimum", 0},
          {"maximum", 1},
          {"default", fallback},
          {"description", description}};
}

json OptionalText(const char* description) {
  return {{"type", {"string", "null"}}, {"description", description}};
}

json Conventions() {
  return {{"type", {"string", "null"}},
          {"enum", {"end_of_year", "start_of_year", nullptr}},
          {"default", "end_of_year"},
          {"description",
           "end_of_year discounts the benefits of year 1 by one period (PV = Σ V_t/(1+r)^t); "
           "start_of_year leaves year 1 undiscounted."}};
}

json Number(const char* description) { return {{"type", "number"}, {"description", description}}; }

json NullableNumber(const char* description) {
  return {{"type", {"number", "null"}}, {"description", description}};
}

json Object(json properties, std::vector<std::string> required, bool closed = true) {
  json schema = {{"type", "object"}, {"properties", std::move(properties)}};
  if (!required.empty()) schema["required"] = std::move(required);
  if (closed) schema["additionalProperties"] = false;
  return schema;
}

json Array(json items, const char* description = nullptr) {
  json schema = {{"type", "array"}, {"items", std::move(items)}};
  if (description) schema["description"] = description;
  return schema;
}

json SroiMapSchema() {
  json input =
      Object({{"value", Money("What the input is worth, >= 0.")},
              {"year",
               {{"type", {"integer", "null"}},
                {"minimum", 1},
                {"maximum", kMaxSroiYears},
                {"default", 1},
                {"description", "Paid at the start of this year; later years are discounted."}}},
              {"kind",
               {{"type", {"string", "null"}},
                {"enum", {"cash", "in_kind", nullptr}},
                {"default", "cash"}}},
              {"description", OptionalText("What it is.")}},
             {"value"});
  json outcome = Object(
      {{"stakeholder",
        {{"type", "string"}, {"minLength", 1}, {"description", "Who experiences the change."}}},
       {"outcome", {{"type", "string"}, {"minLength", 1}, {"description", "The change."}}},
       {"quantity",
        {{"type", "number"},
         {"minimum", 0},
         {"maximum", kMaxSroiQuantity},
         {"description", "How many experience it."}}},
       {"proxy", Money("Financial proxy per unit and year; negative for a harm.")},
       {"deadweight", OptionalShare(0, "Share that would have happened anyway.")},
       {"displacement", OptionalShare(0, "Share that displaced outcomes elsewhere.")},
       {"attribution", OptionalShare(0, "Share owed to the contributions of others.")},
       {"drop_off", OptionalShare(0, "Yearly decline from year 2, compounding.")},
       {"duration",
        {{"type", "integer"},
         {"minimum", 1},
         {"maximum", kMaxSroiYears},
         {"description", "Years the outcome lasts."}}},
       {"indicator", OptionalText("How the outcome is measured (documentation).")},
       {"proxy_source", OptionalText("Where the proxy comes from (documentation).")}},
      {"stakeholder", "outcome", "quantity", "proxy", "duration"});
  return Object(
      {{"currency", OptionalText("Informative; every amount is in it. Default SEK.")},
       {"discount_rate", OptionalShare(kDefaultDiscountRate, "Yearly discount rate.")},
       {"convention", Conventions()},
       {"inputs",
        Array(input, "What the activity uses, valued in money; must add up to more than zero.")},
       {"outcomes",
        {{"type", "array"},
         {"minItems", 1},
         {"maxItems", kMaxSroiOutcomes},
         {"items", outcome},
         {"description", "The rows of the impact map."}}},
       {"sensitivity",
        {{"type", {"object", "null"}},
         {"additionalProperties", false},
         {"properties",
          {{"discount_rates",
            {{"type", {"array", "null"}},
             {"maxItems", kMaxSensitivityRates},
             {"items", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
             {"default", {0.0, 0.015, 0.035, 0.05, 0.07}}}}}}}}},
      {"inputs", "outcomes"});
}

json SroiResultSchema() {
  json at_rate = Object({{"discount_rate", Number("")},
                         {"inputs_present_value", Number("")},
                         {"present_value", Number("")},
                         {"npv", Number("")},
                         {"ratio", Number("")},
                         {"net_ratio", Number("")}},
                        {}, false);
  json switching =
      Object({{"estimate", Number("The value in the map.")},
              {"switching_value",
               NullableNumber("The value that brings the ratio to 1:1; null: none within range.")}},
             {}, false);
  json switching_row = Object({{"outcome_index", {{"type", "integer"}}},
                               {"stakeholder", {{"type", "string"}}},
                               {"outcome", {{"type", "string"}}},
                               {"quantity", switching},
                               {"proxy", switching},
                               {"deadweight", switching},
                               {"displacement", switching},
                               {"attribution", switching},
                               {"drop_off", switching}},
                              {}, false);
  return Object(
      {{"currency", {{"type", "string"}}},
       {"discount_rate", Number("")},
       {"convention", {{"type", "string"}}},
       {"inputs_total", Number("Undiscounted.")},
       {"inputs_cash", Number("Undiscounted.")},
       {"inputs_in_kind", Number("Undiscounted.")},
       {"inputs_present_value", Number("Inputs discounted to the start of year 1.")},
       {"present_value", Number("Present value of the outcomes.")},
       {"npv", Number("Net present value = present_value - inputs_present_value.")},
       {"ratio", Number("SROI ratio = present value / inputs' present value.")},
       {"net_ratio", Number("Net SROI ratio = NPV / inputs' present value = ratio - 1.")},
       {"payback_months", NullableNumber("Months until undiscounted values repay the inputs; null "
                                         "when not within the durations.")},
       {"discounted_payback_months", NullableNumber("The same on discounted values.")},
       {"outcomes",
        Array(Object({{"stakeholder", {{"type", "string"}}},
                      {"outcome", {{"type", "string"}}},
                      {"impact", Number("Year-1 value after the filters.")},
                      {"present_value", Number("")},
                      {"yearly", Array({{"type", "number"}}, "Undiscounted value per year.")}},
                     {}, false))},
       {"years", Array(Object({{"year", {{"type", "integer"}}},
                               {"value", Number("")},
                               {"present_value", Number("")},
                               {"inputs", Number("")}},
                              {}, false))},
       {"stakeholders",
        Array(Object({{"stakeholder", {{"type", "string"}}}, {"present_value", Number("")}}, {},
                     false))},
       {"sensitivity",
        {{"type", {"object", "null"}},
         {"properties",
          {{"discount_rates", Array(at_rate)}, {"switching_values", Array(switching_row)}}}}}},
      {"present_value", "npv", "ratio", "net_ratio", "payback_months", "outcomes", "sensitivity"},
      false);
}

json ActorCodes() {
  json codes = json::array();
  for (Actor actor : kActors) codes.push_back(ActorCode(actor));
  return codes;
}

json SocioEconomicCaseSchema() {
  json actor = {{"type", "string"}, {"enum", ActorCodes()}};
  json item = Object(
      {{"name", {{"type", "string"}, {"minLength", 1}}},
       {"kind", {{"type", "string"}, {"enum", {"resource_use", "transfer", "production"}}}},
       {"actor",
        {{"type", "string"},
         {"enum", ActorCodes()},
         {"description",
          "Resource use and production: who consumes or receives. Not on transfers."}}},
       {"payer", {{"type", "string"}, {"enum", ActorCodes()}, {"description", "Transfers only."}}},
       {"recipient",
        {{"type", "string"},
         {"enum", ActorCodes()},
         {"description", "Transfers only; not the payer."}}},
       {"without", Money("Per person-year without the intervention, >= 0.")},
       {"with", Money("Per person-year with the intervention, >= 0.")}},
      {"name", "kind", "without", "with"});
  json investment =
      Object({{"actor", actor},
              {"value", Money("The amount, >= 0.")},
              {"year",
               {{"type", {"integer", "null"}},
                {"minimum", 1},
                {"default", 1},
                {"description", "Paid at the start of this year, within horizon_years."}}},
              {"description", OptionalText("What it is.")}},
             {"actor", "value"});
  return Object({{"currency", OptionalText("Informative. Default SEK.")},
                 {"group_size",
                  {{"type", "integer"},
                   {"minimum", 1},
                   {"maximum", kMaxSocioEconomicGroupSize},
                   {"description", "N participants."}}},
                 {"horizon_years",
                  {{"type", "integer"},
                   {"minimum", 1},
                   {"maximum", kMaxSocioEconomicYears},
                   {"description", "T, years of the investment calculation."}}},
                 {"discount_rate", OptionalShare(kDefaultDiscountRate, "Yearly discount rate.")},
                 {"convention", Conventions()},
                 {"items",
                  {{"type", "array"},
                   {"minItems", 1},
                   {"maxItems", kMaxSocioEconomicItems},
                   {"items", item},
                   {"description",
                    "The lines of the accounts, per person-year: resource use, transfers, "
                    "production value."}}},
                 {"investments",
                  {{"type", {"array", "null"}},
                   {"maxItems", kMaxSocioEconomicInvestments},
                   {"items", investment}}}},
                {"group_size", "horizon_years", "items"});
}

json SocioEconomicResultSchema() {
  json gain = Object({{"resource_use", Number("Resources saved.")},
                      {"transfers", Number("Net transfers gained.")},
                      {"production", Number("Production value gained.")},
                      {"total", Number("")}},
                     {}, false);
  json actor_gain = gain;
  actor_gain["properties"]["actor"] = {{"type", "string"}};
  json accounts = Object({{"actors", Array(actor_gain)}, {"society", gain}}, {}, false);
  json investment = Object({{"investment_total", Number("")},
                            {"investment_present_value", Number("")},
                            {"gains_present_value", Number("")},
                            {"net_present_value", Number("")},
                            {"payback_years", NullableNumber("")},
                            {"discounted_payback_years", NullableNumber("")}},
                           {}, false);
  json actor_investment = investment;
  actor_investment["properties"]["actor"] = {{"type", "string"}};
  json repayment =
      Object({{"investor", {{"type", "string"}}},
              {"investment_present_value", Number("")},
              {"repaid_by",
               Array(Object(
                   {{"actor", {{"type", "string"}, {"description", "An actor, or society."}}},
                    {"discounted_payback_years", NullableNumber("null: not within the horizon.")}},
                   {}, false))}},
             {}, false);
  return Object(
      {{"currency", {{"type", "string"}}},
       {"group_size", {{"type", "integer"}}},
       {"horizon_years", {{"type", "integer"}}},
       {"discount_rate", Number("")},
       {"convention", {{"type", "string"}}},
       {"per_person_year", accounts},
       {"group_per_year", accounts},
       {"investment",
        Object({{"actors", Array(actor_investment)}, {"society", investment}}, {}, false)},
       {"repayment", Array(repayment, "Whose gains repay whose investment.")},
       {"break_even_persons", {{"type", {"integer", "null"}}}}},
      {"per_person_year", "group_per_year", "investment", "repayment"}, false);
}

// Body text in, result or problem out.
template <typename Evaluate>
web::Response Calculate(const web::Site& site, const web::Request& req, Evaluate evaluate) {
  const std::string_view body = req.http ? std::string_view(req.http->body()) : std::string_view();
  Result<json> document = ParseJsonText(body);
  if (!document.ok()) return site.ErrorResponse(req, document.error());
  Result<json> result = evaluate(*document);
  if (!result.ok()) return site.ErrorResponse(req, result.error());
  return site.Json(req, *result);
}

}  // namespace

web::ApiDoc SroiApiDoc() {
  web::ApiDoc doc;
  doc.summary =
      "Calculate an SROI impact map: present value, NPV, SROI ratio and net ratio, payback, "
      "values per outcome, year and stakeholder, and the sensitivity analysis (stateless; "
      "formats in src/modules/impact/FORMATS.md)";
  doc.tag = "impact";
  doc.request_body = SroiMapSchema();
  doc.response = SroiResultSchema();
  doc.error_statuses = {422};
  return doc;
}

web::ApiDoc SocioEconomicApiDoc() {
  web::ApiDoc doc;
  doc.summary =
      "Calculate socio-economic accounts: gains per actor and for society per person-year and "
      "for the group, the investment calculation, and whose gains repay whose investment "
      "(stateless; formats in src/modules/impact/FORMATS.md)";
  doc.tag = "impact";
  doc.request_body = SocioEconomicCaseSchema();
  doc.response = SocioEconomicResultSchema();
  doc.error_statuses = {422};
  return doc;
}

web::Response HandleSroiApi(const web::Site& site, const web::Request& req) {
  return Calculate(site, req, [](const json& map) { return EvaluateSroiJson(map); });
}

web::Response HandleSocioEconomicApi(const web::Site& site, const web::Request& req) {
  return Calculate(site, req,
                   [](const json& socio_case) { return EvaluateSocioEconomicJson(socio_case); });
}

}  // namespace samverkan::impact
