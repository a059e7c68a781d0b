#include "modules/impact/web/socioeconomic_page.h"

#include <algorithm>
#include <span>

#include "modules/impact/domain/field_checker.h"
#include "modules/impact/web/calculator_form.h"
#include "modules/impact/web/form_reader.h"
#include "modules/impact/web/number_text.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

const std::vector<std::string> kItemTextFields = {"name", "without", "with"};
const std::vector<std::string> kItemChoiceFields = {"kind", "actor", "recipient"};
const std::vector<std::string> kInvestmentTextFields = {"value", "year", "description"};
const std::vector<std::string> kInvestmentChoiceFields = {"actor"};
const std::vector<std::string> kRowFieldOrder = {"name", "kind",  "actor", "recipient",  "without",
                                                 "with", "value", "year",  "description"};

constexpr int kMinItemRows = 4;
constexpr int kMinInvestmentRows = 1;

const FieldSpec kTopSpecs[] = {
    {"group_size", N_("Group size (persons)"), N_("How many participants the calculation is for."),
     GuideTopic::kSocioEconomicAccounts, "grupp", Control::kText, "numeric"},
    {"horizon_years", N_("Years in the investment calculation"),
     N_("How many years the gains are counted, e.g. 5."), GuideTopic::kSocioEconomicAccounts,
     "investeringskalkyl", Control::kText, "numeric"},
    {"discount_rate", N_("Discount rate (%)"),
     N_("The yearly rate at which later values are discounted: 3.5 unless your funder asks for "
        "another."),
     GuideTopic::kDiscounting, "", Control::kText, "decimal"},
    {"convention", N_("Discounting of the first year"),
     N_("Whether the values of year 1 are discounted by one year or not at all."),
     GuideTopic::kDiscounting, "forsta-aret", Control::kRadio},
};

const FieldSpec kItemSpecs[] = {
    {"name", N_("Item"),
     N_("For example social assistance, treatment, or production value in work."),
     GuideTopic::kSocioEconomicAccounts, "poster"},
    {"kind", N_("Kind"),
     N_("Resource use consumes real resources; a transfer moves money between actors; "
        "production value is value created."),
     GuideTopic::kSocioEconomicAccounts, "slag", Control::kSelect},
    {"actor", N_("Actor (the payer of a transfer)"),
     N_("Who bears the resource use, receives the production value or pays the transfer."),
     GuideTopic::kSocioEconomicAccounts, "aktorer", Control::kSelect},
    {"recipient", N_("Recipient (transfers only)"),
     N_("Who receives the transfer; none for the other kinds."), GuideTopic::kSocioEconomicAccounts,
     "aktorer", Control::kSelect},
    {"without", N_("Without the intervention (SEK per person and year)"),
     N_("What the item amounts to in the situation without the intervention; empty is 0."),
     GuideTopic::kSocioEconomicAccounts, "med-och-utan", Control::kText, "decimal"},
    {"with", N_("With the intervention (SEK per person and year)"),
     N_("What the item amounts to with the intervention; empty is 0."),
     GuideTopic::kSocioEconomicAccounts, "med-och-utan", Control::kText, "decimal"},
};

const FieldSpec kInvestmentSpecs[] = {
    {"actor", N_("Actor"), N_("Who puts the money into the intervention."),
     GuideTopic::kSocioEconomicAccounts, "investeringskalkyl", Control::kSelect},
    {"value", N_("Amount (SEK)"), N_("The amount invested that year."),
     GuideTopic::kSocioEconomicAccounts, "investeringskalkyl", Control::kText, "decimal"},
    {"year", N_("Year"),
     N_("1 for the first year (the default); later investments are discounted."),
     GuideTopic::kDiscounting, "insatser", Control::kText, "numeric"},
    {"description", N_("What it is"),
     N_("For example the programme or a start-up grant (optional)."),
     GuideTopic::kSocioEconomicAccounts, "investeringskalkyl"},
};

constexpr const char* kActorLabels[] = {N_("The municipality"), N_("The region"), N_("The state"),
                                        N_("The individual"), N_("The enterprise")};

std::string ActorLabel(Actor actor, const web::Translator& tr, Language lang) {
  return tr.Tr(lang, kActorLabels[static_cast<size_t>(actor)]);
}

std::string Get(const std::map<std::string, std::string>& row, const std::string& field) {
  const auto it = row.find(field);
  return it == row.end() ? "" : it->second;
}

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string OtherLanguageButton(Language lang) {
  return lang == Language::kSwedish ? "Show the result in English" : "Visa resultatet på svenska";
}

json GainRows(const SocioEconomicAccounts& accounts, const web::Translator& tr, Language lang) {
  auto row = [&](std::string label, const ActorGain& gain, bool society) {
    return json{{"label", std::move(label)},
                {"society", society},
                {"resource_use", FormatMoney(gain.resource_use, lang)},
                {"transfers", FormatMoney(gain.transfers, lang)},
                {"production", FormatMoney(gain.production, lang)},
                {"total", FormatMoney(gain.total, lang)}};
  };
  json rows = json::array();
  for (Actor actor : kActors)
    rows.push_back(row(ActorLabel(actor, tr, lang), accounts.For(actor), false));
  rows.push_back(row(tr.Tr(lang, "Society as a whole"), accounts.society, true));
  return rows;
}

json ResultView(const SocioEconomicCase& socio_case, const SocioEconomicResult& result,
                const web::Translator& tr, Language lang) {
  const std::string horizon = std::to_string(socio_case.horizon_years);
  auto years = [&](const std::optional<double>& value) -> std::string {
    if (!value) return tr.Tr(lang, "Not within {{years}} years", {{"years", horizon}});
    return FormatDecimal(*value, 2, lang);
  };
  json investment = json::array();
  auto investment_row = [&](std::string label, const InvestmentResult& r, bool society) {
    const bool invests = r.investment_total > 0;
    return json{{"label", std::move(label)},
                {"society", society},
                {"investment_total", FormatMoney(r.investment_total, lang)},
                {"investment_present_value", FormatMoney(r.investment_present_value, lang)},
                {"gains_present_value", FormatMoney(r.gains_present_value, lang)},
                {"net_present_value", FormatMoney(r.net_present_value, lang)},
                {"payback", invests ? years(r.payback_years) : tr.Tr(lang, "No investment")},
                {"discounted_payback",
                 invests ? years(r.discounted_payback_years) : tr.Tr(lang, "No investment")}};
  };
  for (Actor actor : kActors) {
    investment.push_back(
        investment_row(ActorLabel(actor, tr, lang), result.InvestmentOf(actor), false));
  }
  investment.push_back(
      investment_row(tr.Tr(lang, "Society as a whole"), result.investment_society, true));

  json repayment_columns = json::array();
  for (Actor actor : kActors) repayment_columns.push_back({{"label", ActorLabel(actor, tr, lang)}});
  repayment_columns.push_back({{"label", tr.Tr(lang, "Society as a whole")}});
  json repayments = json::array();
  for (const Repayment& repayment : result.repayments) {
    json cells = json::array();
    for (const auto& by_actor : repayment.by_actor) cells.push_back({{"text", years(by_actor)}});
    cells.push_back({{"text", years(repayment.by_society)}});
    repayments.push_back(
        {{"investor", ActorLabel(repayment.investor, tr, lang)},
         {"investment_present_value", FormatMoney(repayment.investment_present_value, lang)},
         {"cells", std::move(cells)}});
  }

  const std::string group = std::to_string(socio_case.group_size);
  std::string break_even;
  if (!result.break_even_persons) {
    break_even = tr.Tr(lang,
                       "One person's gain for society is not positive, so no number of "
                       "persons repays the investments.");
  } else if (result.investment_society.investment_total == 0) {
    break_even = tr.Tr(lang, "Nothing is invested, so there is nothing to repay.");
  } else {
    break_even = tr.Tr(lang,
                       "{{persons}} of the {{group}} persons must reach the situation with the "
                       "intervention for the gains of society to repay all investments within "
                       "{{years}} years.",
                       {{"persons", std::to_string(*result.break_even_persons)},
                        {"group", group},
                        {"years", horizon}});
  }
  return json{
      {"summary", tr.Tr(lang,
                        "Society gains {{person}} kronor per person and year; the group of "
                        "{{group}}, {{total}} kronor a year.",
                        {{"person", FormatMoney(result.per_person_year.society.total, lang)},
                         {"group", group},
                         {"total", FormatMoney(result.group_per_year.society.total, lang)}})},
      {"per_person", GainRows(result.per_person_year, tr, lang)},
      {"group_caption",
       tr.Tr(lang, "Gains for the group of {{group}} persons per year (SEK)", {{"group", group}})},
      {"group", GainRows(result.group_per_year, tr, lang)},
      {"investment_caption",
       tr.Tr(lang, "Investment calculation over {{years}} years at {{rate}} (SEK)",
             {{"years", horizon}, {"rate", FormatPercent(socio_case.discount_rate, lang)}})},
      {"investment", std::move(investment)},
      {"has_repayments", !repayments.empty()},
      {"repayment_columns", std::move(repayment_columns)},
      {"repayments", std::move(repayments)},
      {"break_even", std::move(break_even)}};
}

json HiddenFields(const SocioEconomicForm& form) {
  json fields = json::array();
  for (const auto& [name, value] :
       std::initializer_list<std::pair<const char*, const std::string*>>{
           {"group_size", &form.group_size},
           {"horizon_years", &form.horizon_years},
           {"discount_rate", &form.discount_rate},
           {"convention", &form.convention}}) {
    fields.push_back({{"name", name}, {"value", *value}});
  }
  auto rows = [&](const char* list, const std::vector<std::map<std::string, std::string>>& all) {
    for (size_t i = 0; i < all.size(); ++i) {
      for (const auto& [name, value] : all[i]) {
        fields.push_back({{"name", FieldPath(list, i, name)}, {"value", value}});
      }
    }
  };
  rows("items", form.items);
  rows("investments", form.investments);
  return fields;
}

}  // namespace

SocioEconomicForm EmptySocioEconomicForm(Language lang) {
  SocioEconomicForm form;
  form.horizon_years = "5";
  form.discount_rate = FormatForInput(kDefaultDiscountRate * 100.0, 6, lang);
  return form;
}

SocioEconomicForm SocioEconomicFormFromParams(const web::Params& params) {
  SocioEconomicForm form;
  form.group_size = params.GetOr("group_size", "");
  form.horizon_years = params.GetOr("horizon_years", "");
  form.discount_rate = params.GetOr("discount_rate", "");
  form.convention = params.GetOr("convention", "end_of_year");
  form.items = ReadRows(params, "items", kItemTextFields, kItemChoiceFields);
  form.investments =
      ReadRows(params, "investments", kInvestmentTextFields, kInvestmentChoiceFields);
  return form;
}

Result<SocioEconomicCase> SocioEconomicCaseFromForm(const SocioEconomicForm& form, Language lang) {
  FormReader read(lang);
  SocioEconomicCase socio_case;
  if (auto size =
          read.Whole(form.group_size, "group_size", N_("Enter how many persons the group has."))) {
    socio_case.group_size = *size;
  }
  if (auto years = read.Whole(form.horizon_years, "horizon_years",
                              N_("Enter how many years the calculation covers."))) {
    socio_case.horizon_years = *years;
  }
  if (auto rate = read.Percent(form.discount_rate, "discount_rate", true)) {
    socio_case.discount_rate = *rate;
  }
  if (auto convention = ParseDiscountConvention(form.convention)) {
    socio_case.convention = *convention;
  } else {
    read.Add("convention", "Choose how the first year is discounted.");
  }
  for (size_t i = 0; i < form.items.size(); ++i) {
    const auto& row = form.items[i];
    auto path = [&](const char* field) { return FieldPath("items", i, field); };
    SocioEconomicItem item;
    item.name = Trimmed(Get(row, "name"));
    if (auto kind = ParseFlowKind(Get(row, "kind"))) {
      item.kind = *kind;
    } else {
      read.Add(path("kind"), "Choose resource use, transfer or production value.");
    }
    if (auto actor = ParseActor(Get(row, "actor"))) {
      item.actor = *actor;
    } else {
      read.Add(path("actor"), "Choose an actor.");
    }
    const std::string recipient = Get(row, "recipient");
    if (item.kind == FlowKind::kTransfer) {
      if (IsBlank(recipient)) {
        read.Add(path("recipient"), "Choose who receives the transfer.");
      } else if (auto actor = ParseActor(recipient)) {
        item.recipient = *actor;
      } else {
        read.Add(path("recipient"), "Choose an actor.");
      }
    } else if (!IsBlank(recipient)) {
      read.Add(path("recipient"), "Only a transfer has a recipient: choose none.");
    }
    if (auto amount = read.Money(Get(row, "without"), path("without"), nullptr)) {
      item.without = *amount;
    }
    if (auto amount = read.Money(Get(row, "with"), path("with"), nullptr)) item.with = *amount;
    socio_case.items.push_back(std::move(item));
  }
  for (size_t i = 0; i < form.investments.size(); ++i) {
    const auto& row = form.investments[i];
    auto path = [&](const char* field) { return FieldPath("investments", i, field); };
    SocioEconomicInvestment investment;
    investment.description = Trimmed(Get(row, "description"));
    if (auto actor = ParseActor(Get(row, "actor"))) {
      investment.actor = *actor;
    } else {
      read.Add(path("actor"), "Choose an actor.");
    }
    if (auto value =
            read.Money(Get(row, "value"), path("value"), N_("Enter the value in kronor."))) {
      investment.value = *value;
    }
    if (auto year = read.Whole(Get(row, "year"), path("year"), nullptr)) investment.year = *year;
    socio_case.investments.push_back(std::move(investment));
  }

  const Status valid = ValidateSocioEconomicCase(socio_case);
  if (!valid.ok()) {
    for (const FieldError& error : valid.error().fields()) read.AddDomainError(error);
  }
  if (!read.ok()) {
    return Error::Invalid(
        InFormOrder(read.errors(), {"group_size", "horizon_years", "discount_rate", "convention"},
                    {"items", "investments"}, kRowFieldOrder));
  }
  return socio_case;
}

SocioEconomicForm SocioEconomicFormFromCase(const SocioEconomicCase& socio_case, Language lang) {
  SocioEconomicForm form;
  form.group_size = std::to_string(socio_case.group_size);
  form.horizon_years = std::to_string(socio_case.horizon_years);
  form.discount_rate = FormatForInput(socio_case.discount_rate * 100.0, 6, lang);
  form.convention = std::string(DiscountConventionCode(socio_case.convention));
  for (const SocioEconomicItem& item : socio_case.items) {
    form.items.push_back(
        {{"name", item.name},
         {"kind", std::string(FlowKindCode(item.kind))},
         {"actor", std::string(ActorCode(item.actor))},
         {"recipient",
          item.kind == FlowKind::kTransfer ? std::string(ActorCode(item.recipient)) : ""},
         {"without", FormatMoneyForInput(item.without, lang)},
         {"with", FormatMoneyForInput(item.with, lang)}});
  }
  for (const SocioEconomicInvestment& investment : socio_case.investments) {
    form.investments.push_back({{"actor", std::string(ActorCode(investment.actor))},
                                {"value", FormatMoneyForInput(investment.value, lang)},
                                {"year", std::to_string(investment.year)},
                                {"description", investment.description}});
  }
  return form;
}

SocioEconomicCase ExampleSocioEconomicCase(const web::Translator& tr, Language lang) {
  // The example of FORMATS.md; illustrative figures, not sourced estimates.
  constexpr Ore kKrona = kOrePerKrona;
  SocioEconomicCase socio_case;
  socio_case.group_size = 10;
  socio_case.horizon_years = 5;
  auto item = [&](const char* name, FlowKind kind, Actor actor, Actor recipient, Ore without,
                  Ore with) {
    return SocioEconomicItem{tr.Tr(lang, name), kind,         actor, recipient,
                             without * kKrona,  with * kKrona};
  };
  socio_case.items = {
      item(N_("Social assistance"), FlowKind::kTransfer, Actor::kMunicipality, Actor::kIndividual,
           120'000, 0),
      item(N_("Case handling, social services"), FlowKind::kResourceUse, Actor::kMunicipality,
           Actor::kIndividual, 20'000, 5'000),
      item(N_("Primary care and psychiatry"), FlowKind::kResourceUse, Actor::kRegion,
           Actor::kIndividual, 30'000, 10'000),
      item(N_("Production value in work"), FlowKind::kProduction, Actor::kEnterprise,
           Actor::kIndividual, 0, 300'000),
      item(N_("Wage"), FlowKind::kTransfer, Actor::kEnterprise, Actor::kIndividual, 0, 240'000),
      item(N_("Municipal income tax"), FlowKind::kTransfer, Actor::kIndividual,
           Actor::kMunicipality, 0, 50'000),
      item(N_("Employer contributions"), FlowKind::kTransfer, Actor::kEnterprise, Actor::kState, 0,
           60'000),
  };
  socio_case.investments = {SocioEconomicInvestment{tr.Tr(lang, "Programme"), Actor::kMunicipality,
                                                    2'500'000 * kKrona, 1}};
  return socio_case;
}

web::PageView SocioEconomicPage(const web::Request& req, const web::Translator& tr,
                                const SocioEconomicPageView& view) {
  const Language lang = req.lang;
  FormView form(tr, lang, view.error);
  const SocioEconomicForm& values = view.form;

  std::vector<FieldOption> actors;
  for (Actor actor : kActors) {
    actors.push_back({std::string(ActorCode(actor)), ActorLabel(actor, tr, lang)});
  }
  std::vector<FieldOption> recipients = {{"", tr.Tr(lang, "None (not a transfer)")}};
  recipients.insert(recipients.end(), actors.begin(), actors.end());
  const std::vector<FieldOption> kinds = {{"resource_use", tr.Tr(lang, "Resource use")},
                                          {"transfer", tr.Tr(lang, "Transfer")},
                                          {"production", tr.Tr(lang, "Production value")}};
  const std::vector<FieldOption> conventions = {
      {"end_of_year",
       tr.Tr(lang, "End of year: year 1 discounted by one year (the formula of the SROI guide)")},
      {"start_of_year", tr.Tr(lang, "Start of year: year 1 not discounted")}};

  const std::map<std::string, const std::string*> top_values = {
      {"group_size", &values.group_size},
      {"horizon_years", &values.horizon_years},
      {"discount_rate", &values.discount_rate},
      {"convention", &values.convention}};
  json settings = json::array();
  for (const FieldSpec& spec : kTopSpecs) {
    settings.push_back(
        form.Field(spec, spec.name, *top_values.at(spec.name),
                   spec.control == Control::kRadio ? conventions : std::vector<FieldOption>{}));
  }

  auto options_for = [&](const std::string& field) -> const std::vector<FieldOption>& {
    static const std::vector<FieldOption> kNone;
    if (field == "kind") return kinds;
    if (field == "actor") return actors;
    if (field == "recipient") return recipients;
    return kNone;
  };
  auto rows = [&](const char* list, const std::vector<std::map<std::string, std::string>>& filled,
                  std::span<const FieldSpec> specs, int min_rows, const char* legend,
                  const std::map<std::string, std::string>& defaults) {
    const size_t count = std::max<size_t>(min_rows, filled.size() + kEmptyRowsBelow);
    json out = json::array();
    for (size_t i = 0; i < count; ++i) {
      json fields = json::array();
      for (const FieldSpec& spec : specs) {
        std::string value = i < filled.size() ? Get(filled[i], spec.name) : "";
        if (i >= filled.size() && defaults.count(spec.name)) value = defaults.at(spec.name);
        fields.push_back(form.Field(spec, FieldPath(list, i, spec.name), value,
                                    spec.control == Control::kSelect ? options_for(spec.name)
                                                                     : std::vector<FieldOption>{}));
      }
      out.push_back({{"legend", tr.Tr(lang, legend, {{"n", std::to_string(i + 1)}})},
                     {"fields", std::move(fields)}});
    }
    return out;
  };
  json items = rows("items", values.items, kItemSpecs, kMinItemRows, N_("Item {{n}}"),
                    {{"kind", "resource_use"}, {"actor", "municipality"}, {"recipient", ""}});
  json investments = rows("investments", values.investments, kInvestmentSpecs, kMinInvestmentRows,
                          N_("Investment {{n}}"), {{"actor", "municipality"}});
  const std::string items_error = form.SectionError("items");
  const std::string investments_error = form.SectionError("investments");

  json data = form.Summary("calculator");
  data["csrf_token"] = req.csrf_token;
  data["settings"] = std::move(settings);
  data["items"] = {{"id", FieldId("items")},
                   {"error", items_error.empty() ? json(false) : json(items_error)},
                   {"rows", std::move(items)}};
  data["investments"] = {
      {"id", FieldId("investments")},
      {"error", investments_error.empty() ? json(false) : json(investments_error)},
      {"rows", std::move(investments)}};
  data["result"] = false;
  data["other_language"] = false;
  if (view.result && view.socio_case) {
    data["result"] = ResultView(*view.socio_case, *view.result, tr, lang);
    const Language other = OtherLanguage(lang);
    data["other_language"] = {
        {"action", "/effekt/samhallsekonomi?lang=" + std::string(LanguageCode(other)) + "#result"},
        {"lang", LanguageCode(other)},
        {"label", OtherLanguageButton(lang)},
        {"fields", HiddenFields(SocioEconomicFormFromCase(*view.socio_case, other))}};
  }

  web::http::status status = web::http::status::ok;
  if (view.error) status = web::StatusFor(view.error->code());
  return web::PageView{
      .template_name = "impact/socioeconomic",
      .title = tr.Tr(lang, "Socio-economic calculator"),
      .data = std::move(data),
      .status = status,
      .description = tr.Tr(lang,
                           "Socio-economic accounts: what exclusion costs each actor, what "
                           "an intervention gives back, and who repays whom.")};
}

}  // namespace samverkan::impact
