#include "modules/impact/json/socioeconomic_json.h"

#include "modules/impact/json/json_reader.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

const std::vector<std::string>& ActorCodes() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> all;
    for (Actor actor : kActors) all.emplace_back(ActorCode(actor));
    return all;
  }();
  return codes;
}

json Kronor(Ore ore) { return OreToKronor(ore); }

template <typename T>
json OrNull(const std::optional<T>& value) {
  return value ? json(*value) : json(nullptr);
}

json GainToJson(const ActorGain& gain) {
  return json{{"resource_use", Kronor(gain.resource_use)},
              {"transfers", Kronor(gain.transfers)},
              {"production", Kronor(gain.production)},
              {"total", Kronor(gain.total)}};
}

json AccountsToJson(const SocioEconomicAccounts& accounts) {
  json actors = json::array();
  for (Actor actor : kActors) {
    json gain = GainToJson(accounts.For(actor));
    gain["actor"] = ActorCode(actor);
    actors.push_back(std::move(gain));
  }
  return json{{"actors", std::move(actors)}, {"society", GainToJson(accounts.society)}};
}

json InvestmentToJson(const InvestmentResult& investment) {
  return json{{"investment_total", Kronor(investment.investment_total)},
              {"investment_present_value", Kronor(investment.investment_present_value)},
              {"gains_present_value", Kronor(investment.gains_present_value)},
              {"net_present_value", Kronor(investment.net_present_value)},
              {"payback_years", OrNull(investment.payback_years)},
              {"discounted_payback_years", OrNull(investment.discounted_payback_years)}};
}

}  // namespace

Result<SocioEconomicCase> SocioEconomicCaseFromJson(const json& document) {
  std::vector<FieldError> errors;
  SocioEconomicCase socio_case;
  JsonObjectReader root(document, "", errors);
  if (auto currency = root.Text("currency", false)) socio_case.currency = *currency;
  if (auto size = root.WholeNumber("group_size", true)) {
    socio_case.group_size = static_cast<int>(*size);
  }
  if (auto years = root.WholeNumber("horizon_years", true)) {
    socio_case.horizon_years = static_cast<int>(*years);
  }
  if (auto rate = root.Number("discount_rate", false)) socio_case.discount_rate = *rate;
  if (auto convention = root.Code("convention", {"end_of_year", "start_of_year"}, false)) {
    socio_case.convention = *ParseDiscountConvention(*convention);
  }

  root.ForEach("items", true, [&](const json& element, const std::string& path) {
    JsonObjectReader reader(element, path, errors);
    SocioEconomicItem item;
    if (auto name = reader.Text("name", true)) item.name = *name;
    const auto kind = reader.Code("kind", {"resource_use", "transfer", "production"}, true);
    if (kind) item.kind = *ParseFlowKind(*kind);
    if (kind == "transfer") {
      if (auto payer = reader.Code("payer", ActorCodes(), true)) item.actor = *ParseActor(*payer);
      if (auto recipient = reader.Code("recipient", ActorCodes(), true)) {
        item.recipient = *ParseActor(*recipient);
      }
      reader.Forbid("actor", "A transfer has a payer and a recipient instead of an actor.");
    } else if (kind) {
      if (auto actor = reader.Code("actor", ActorCodes(), true)) item.actor = *ParseActor(*actor);
      for (const char* key : {"payer", "recipient"}) {
        reader.Forbid(key, "Only a transfer has a payer and a recipient: give the actor.");
      }
    } else {
      // The kind is already reported; which parties belong to the item depends on it.
      for (const char* key : {"actor", "payer", "recipient"}) reader.Skip(key);
    }
    if (auto amount = reader.Money("without", true)) item.without = *amount;
    if (auto amount = reader.Money("with", true)) item.with = *amount;
    reader.RejectUnknownMembers();
    socio_case.items.push_back(std::move(item));
  });

  root.ForEach("investments", false, [&](const json& element, const std::string& path) {
    JsonObjectReader reader(element, path, errors);
    SocioEconomicInvestment investment;
    if (auto actor = reader.Code("actor", ActorCodes(), true)) {
      investment.actor = *ParseActor(*actor);
    }
    if (auto value = reader.Money("value", true)) investment.value = *value;
    if (auto year = reader.WholeNumber("year", false)) investment.year = static_cast<int>(*year);
    if (auto description = reader.Text("description", false)) {
      investment.description = *description;
    }
    reader.RejectUnknownMembers();
    socio_case.investments.push_back(std::move(investment));
  });
  root.RejectUnknownMembers();

  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return socio_case;
}

json SocioEconomicCaseToJson(const SocioEconomicCase& socio_case) {
  json items = json::array();
  for (const SocioEconomicItem& item : socio_case.items) {
    json out{{"name", item.name},
             {"kind", FlowKindCode(item.kind)},
             {"without", Kronor(item.without)},
             {"with", Kronor(item.with)}};
    if (item.kind == FlowKind::kTransfer) {
      out["payer"] = ActorCode(item.actor);
      out["recipient"] = ActorCode(item.recipient);
    } else {
      out["actor"] = ActorCode(item.actor);
    }
    items.push_back(std::move(out));
  }
  json investments = json::array();
  for (const SocioEconomicInvestment& investment : socio_case.investments) {
    json out{{"actor", ActorCode(investment.actor)},
             {"value", Kronor(investment.value)},
             {"year", investment.year}};
    if (!investment.description.empty()) out["description"] = investment.description;
    investments.push_back(std::move(out));
  }
  return json{{"currency", socio_case.currency},
              {"group_size", socio_case.group_size},
              {"horizon_years", socio_case.horizon_years},
              {"discount_rate", socio_case.discount_rate},
              {"convention", DiscountConventionCode(socio_case.convention)},
              {"items", std::move(items)},
              {"investments", std::move(investments)}};
}

json SocioEconomicResultToJson(const SocioEconomicCase& socio_case,
                               const SocioEconomicResult& result) {
  json by_actor = json::array();
  for (Actor actor : kActors) {
    json out = InvestmentToJson(result.InvestmentOf(actor));
    out["actor"] = ActorCode(actor);
    by_actor.push_back(std::move(out));
  }
  json repayments = json::array();
  for (const Repayment& repayment : result.repayments) {
    json repaid_by = json::array();
    for (size_t j = 0; j < kActors.size(); ++j) {
      repaid_by.push_back(json{{"actor", ActorCode(kActors[j])},
                               {"discounted_payback_years", OrNull(repayment.by_actor[j])}});
    }
    repaid_by.push_back(
        json{{"actor", "society"}, {"discounted_payback_years", OrNull(repayment.by_society)}});
    repayments.push_back(
        json{{"investor", ActorCode(repayment.investor)},
             {"investment_present_value", Kronor(repayment.investment_present_value)},
             {"repaid_by", std::move(repaid_by)}});
  }
  return json{{"currency", socio_case.currency},
              {"group_size", socio_case.group_size},
              {"horizon_years", socio_case.horizon_years},
              {"discount_rate", socio_case.discount_rate},
              {"convention", DiscountConventionCode(socio_case.convention)},
              {"per_person_year", AccountsToJson(result.per_person_year)},
              {"group_per_year", AccountsToJson(result.group_per_year)},
              {"investment", json{{"actors", std::move(by_actor)},
                                  {"society", InvestmentToJson(result.investment_society)}}},
              {"repayment", std::move(repayments)},
              {"break_even_persons", OrNull(result.break_even_persons)}};
}

Result<json> EvaluateSocioEconomicJson(const json& case_document) {
  Result<SocioEconomicCase> socio_case = SocioEconomicCaseFromJson(case_document);
  if (!socio_case.ok()) return std::move(socio_case).error();
  Result<SocioEconomicResult> result = CalculateSocioEconomic(*socio_case);
  if (!result.ok()) return std::move(result).error();
  return SocioEconomicResultToJson(*socio_case, *result);
}

Result<std::string> EvaluateSocioEconomicJsonText(std::string_view case_text, int indent) {
  Result<json> document = ParseJsonText(case_text);
  if (!document.ok()) return std::move(document).error();
  Result<json> result = EvaluateSocioEconomicJson(*document);
  if (!result.ok()) return std::move(result).error();
  return result->dump(indent, ' ', false, json::error_handler_t::replace);
}

}  // namespace samverkan::impact
