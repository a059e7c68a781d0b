#include "modules/impact/json/sroi_json.h"

#include "modules/impact/json/json_reader.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

json Kronor(Ore ore) { return OreToKronor(ore); }

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json RateResultToJson(const SroiRateResult& at_rate) {
  return json{{"discount_rate", at_rate.discount_rate},
              {"inputs_present_value", Kronor(at_rate.inputs_present_value)},
              {"present_value", Kronor(at_rate.present_value)},
              {"npv", Kronor(at_rate.net_present_value)},
              {"ratio", at_rate.ratio},
              {"net_ratio", at_rate.net_ratio}};
}

json Switching(double estimate, const std::optional<double>& value) {
  return json{{"estimate", estimate}, {"switching_value", OrNull(value)}};
}

}  // namespace

Result<SroiMap> SroiMapFromJson(const json& document) {
  std::vector<FieldError> errors;
  SroiMap map;
  JsonObjectReader root(document, "", errors);
  if (auto currency = root.Text("currency", false)) map.currency = *currency;
  if (auto rate = root.Number("discount_rate", false)) map.discount_rate = *rate;
  if (auto convention = root.Code("convention", {"end_of_year", "start_of_year"}, false)) {
    map.convention = *ParseDiscountConvention(*convention);
  }

  root.ForEach("inputs", true, [&](const json& element, const std::string& path) {
    JsonObjectReader reader(element, path, errors);
    SroiInput input;
    if (auto value = reader.Money("value", true)) input.value = *value;
    if (auto year = reader.WholeNumber("year", false)) input.year = static_cast<int>(*year);
    if (auto kind = reader.Code("kind", {"cash", "in_kind"}, false)) {
      input.kind = *ParseInputKind(*kind);
    }
    if (auto description = reader.Text("description", false)) input.description = *description;
    reader.RejectUnknownMembers();
    map.inputs.push_back(std::move(input));
  });

  root.ForEach("outcomes", true, [&](const json& element, const std::string& path) {
    JsonObjectReader reader(element, path, errors);
    SroiOutcome outcome;
    if (auto text = reader.Text("stakeholder", true)) outcome.stakeholder = *text;
    if (auto text = reader.Text("outcome", true)) outcome.outcome = *text;
    if (auto text = reader.Text("indicator", false)) outcome.indicator = *text;
    if (auto text = reader.Text("proxy_source", false)) outcome.proxy_source = *text;
    if (auto quantity = reader.Number("quantity", true)) outcome.quantity = *quantity;
    if (auto proxy = reader.Money("proxy", true)) outcome.proxy = *proxy;
    if (auto share = reader.Number("deadweight", false)) outcome.deadweight = *share;
    if (auto share = reader.Number("displacement", false)) outcome.displacement = *share;
    if (auto share = reader.Number("attribution", false)) outcome.attribution = *share;
    if (auto share = reader.Number("drop_off", false)) outcome.drop_off = *share;
    if (auto years = reader.WholeNumber("duration", true)) {
      outcome.duration = static_cast<int>(*years);
    }
    reader.RejectUnknownMembers();
    map.outcomes.push_back(std::move(outcome));
  });

  if (const json* sensitivity = root.Object("sensitivity", false)) {
    JsonObjectReader reader(*sensitivity, "sensitivity", errors);
    std::vector<double> rates;
    const bool listed =
        reader.ForEach("discount_rates", false, [&](const json& element, const std::string& path) {
          if (element.is_number()) {
            rates.push_back(element.get<double>());
          } else {
            reader.AddError(path, "Must be a number.");
          }
        });
    if (listed) map.sensitivity_discount_rates = std::move(rates);
    reader.RejectUnknownMembers();
  }
  root.RejectUnknownMembers();

  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return map;
}

json SroiMapToJson(const SroiMap& map) {
  json inputs = json::array();
  for (const SroiInput& input : map.inputs) {
    json item{
        {"value", Kronor(input.value)}, {"year", input.year}, {"kind", InputKindCode(input.kind)}};
    if (!input.description.empty()) item["description"] = input.description;
    inputs.push_back(std::move(item));
  }
  json outcomes = json::array();
  for (const SroiOutcome& outcome : map.outcomes) {
    json item{{"stakeholder", outcome.stakeholder}, {"outcome", outcome.outcome},
              {"quantity", outcome.quantity},       {"proxy", Kronor(outcome.proxy)},
              {"deadweight", outcome.deadweight},   {"displacement", outcome.displacement},
              {"attribution", outcome.attribution}, {"drop_off", outcome.drop_off},
              {"duration", outcome.duration}};
    if (!outcome.indicator.empty()) item["indicator"] = outcome.indicator;
    if (!outcome.proxy_source.empty()) item["proxy_source"] = outcome.proxy_source;
    outcomes.push_back(std::move(item));
  }
  return json{{"currency", map.currency},
              {"discount_rate", map.discount_rate},
              {"convention", DiscountConventionCode(map.convention)},
              {"inputs", std::move(inputs)},
              {"outcomes", std::move(outcomes)},
              {"sensitivity", {{"discount_rates", map.sensitivity_discount_rates}}}};
}

json SroiResultToJson(const SroiMap& map, const SroiResult& result) {
  json outcomes = json::array();
  for (size_t i = 0; i < result.outcomes.size(); ++i) {
    const SroiOutcomeValue& value = result.outcomes[i];
    json yearly = json::array();
    for (Ore ore : value.yearly) yearly.push_back(Kronor(ore));
    outcomes.push_back(json{{"stakeholder", map.outcomes[i].stakeholder},
                            {"outcome", map.outcomes[i].outcome},
                            {"impact", Kronor(value.impact)},
                            {"present_value", Kronor(value.present_value)},
                            {"yearly", std::move(yearly)}});
  }
  json years = json::array();
  for (const SroiYearValue& year : result.years) {
    years.push_back(json{{"year", year.year},
                         {"value", Kronor(year.value)},
                         {"present_value", Kronor(year.present_value)},
                         {"inputs", Kronor(year.inputs)}});
  }
  json stakeholders = json::array();
  for (const SroiStakeholderValue& stakeholder : result.stakeholders) {
    stakeholders.push_back(json{{"stakeholder", stakeholder.stakeholder},
                                {"present_value", Kronor(stakeholder.present_value)}});
  }

  json out{{"currency", map.currency},
           {"discount_rate", map.discount_rate},
           {"convention", DiscountConventionCode(map.convention)},
           {"inputs_total", Kronor(result.inputs_total)},
           {"inputs_cash", Kronor(result.inputs_cash)},
           {"inputs_in_kind", Kronor(result.inputs_in_kind)},
           {"inputs_present_value", Kronor(result.headline.inputs_present_value)},
           {"present_value", Kronor(result.headline.present_value)},
           {"npv", Kronor(result.headline.net_present_value)},
           {"ratio", result.headline.ratio},
           {"net_ratio", result.headline.net_ratio},
           {"payback_months", OrNull(result.payback_months)},
           {"discounted_payback_months", OrNull(result.discounted_payback_months)},
           {"outcomes", std::move(outcomes)},
           {"years", std::move(years)},
           {"stakeholders", std::move(stakeholders)},
           {"sensitivity", nullptr}};

  if (result.sensitivity) {
    json rates = json::array();
    for (const SroiRateResult& at_rate : result.sensitivity->discount_rates) {
      rates.push_back(RateResultToJson(at_rate));
    }
    json switching = json::array();
    for (size_t i = 0; i < result.sensitivity->switching_values.size(); ++i) {
      const SroiSwitchingValues& values = result.sensitivity->switching_values[i];
      const SroiOutcome& outcome = map.outcomes[i];
      switching.push_back(json{
          {"outcome_index", i},
          {"stakeholder", outcome.stakeholder},
          {"outcome", outcome.outcome},
          {"quantity", Switching(outcome.quantity, values.quantity)},
          {"proxy",
           json{{"estimate", Kronor(outcome.proxy)},
                {"switching_value", values.proxy ? Kronor(*values.proxy) : json(nullptr)}}},
          {"deadweight", Switching(outcome.deadweight, values.deadweight)},
          {"displacement", Switching(outcome.displacement, values.displacement)},
          {"attribution", Switching(outcome.attribution, values.attribution)},
          {"drop_off", Switching(outcome.drop_off, values.drop_off)},
      });
    }
    out["sensitivity"] =
        json{{"discount_rates", std::move(rates)}, {"switching_values", std::move(switching)}};
  }
  return out;
}

Result<json> EvaluateSroiJson(const json& map_document) {
  Result<SroiMap> map = SroiMapFromJson(map_document);
  if (!map.ok()) return std::move(map).error();
  Result<SroiResult> result = CalculateSroi(*map);
  if (!result.ok()) return std::move(result).error();
  return SroiResultToJson(*map, *result);
}

Result<std::string> EvaluateSroiJsonText(std::string_view map_text, int indent) {
  Result<json> document = ParseJsonText(map_text);
  if (!document.ok()) return std::move(document).error();
  Result<json> result = EvaluateSroiJson(*document);
  if (!result.ok()) return std::move(result).error();
  // Strings came through the JSON parser or a form, but never throw over bad UTF-8 here.
  return result->dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace samverkan::impact
