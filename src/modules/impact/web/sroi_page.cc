#include "modules/impact/web/sroi_page.h"

#include <algorithm>
#include <set>
#include <span>

#include "modules/impact/domain/field_checker.h"
#include "modules/impact/web/calculator_form.h"
#include "modules/impact/web/form_reader.h"
#include "modules/impact/web/number_text.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

const std::vector<std::string> kInputTextFields = {"description", "value", "year"};
const std::vector<std::string> kInputChoiceFields = {"kind"};
const std::vector<std::string> kOutcomeFields = {
    "stakeholder", "outcome",      "quantity",    "proxy",    "proxy_source",
    "deadweight",  "displacement", "attribution", "drop_off", "duration"};
// Every field of a row in the order the form shows them, for ordering errors.
const std::vector<std::string> kRowFieldOrder = {
    "description",  "kind",        "value",    "year",         "stakeholder",
    "outcome",      "quantity",    "proxy",    "proxy_source", "deadweight",
    "displacement", "attribution", "drop_off", "duration"};

constexpr int kMinInputRows = 2;
constexpr int kMinOutcomeRows = 3;

const FieldSpec kDiscountRateField{
    "discount_rate",
    N_("Discount rate (%)"),
    N_("The yearly rate at which later values are discounted: 3.5 unless your funder asks for "
       "another."),
    GuideTopic::kDiscounting,
    "",
    Control::kText,
    "decimal"};
const FieldSpec kConventionField{
    "convention",
    N_("Discounting of the first year"),
    N_("Whether the values of year 1 are discounted by one year or not at all."),
    GuideTopic::kDiscounting,
    "forsta-aret",
    Control::kRadio};

const FieldSpec kInputSpecs[] = {
    {"description", N_("What it is"),
     N_("For example a grant, volunteer hours or premises (optional)."),
     GuideTopic::kTheoryOfChange, "insatser"},
    {"kind", N_("Kind"), N_("Value contributions in kind at what they would cost to buy."),
     GuideTopic::kFinancialProxies, "i-natura", Control::kSelect},
    {"value", N_("Value (SEK)"), N_("The amount for the year it is paid."),
     GuideTopic::kDiscounting, "insatser", Control::kText, "decimal"},
    {"year", N_("Year"), N_("1 for the first year (the default); later inputs are discounted."),
     GuideTopic::kDiscounting, "insatser", Control::kText, "numeric"},
};

const FieldSpec kOutcomeSpecs[] = {
    {"stakeholder", N_("Stakeholder"),
     N_("Who experiences the change: participants, their families, the municipality …"),
     GuideTopic::kTheoryOfChange, "intressenter"},
    {"outcome", N_("Outcome"),
     N_("The change itself, such as “in paid work”: not the activity or what it produced."),
     GuideTopic::kTheoryOfChange, "utfall"},
    {"quantity", N_("Quantity"), N_("How many experience the outcome: people, households …"),
     GuideTopic::kTheoryOfChange, "indikatorer", Control::kText, "decimal"},
    {"proxy", N_("Financial proxy (SEK per unit and year)"),
     N_("What the outcome is worth for one of them for one year; negative for a harm."),
     GuideTopic::kFinancialProxies, "", Control::kText, "decimal"},
    {"proxy_source", N_("Source of the proxy"),
     N_("Where the figure comes from, so that others can check it (optional)."),
     GuideTopic::kFinancialProxies, "kallor"},
    {"deadweight", N_("Deadweight (%)"), N_("How much would have happened anyway."),
     GuideTopic::kDeadweight, "", Control::kText, "decimal"},
    {"displacement", N_("Displacement (%)"),
     N_("How much of the outcome pushed the same problem or benefit somewhere else."),
     GuideTopic::kDisplacement, "", Control::kText, "decimal"},
    {"attribution", N_("Attribution (%)"),
     N_("How much of the outcome is owed to the contributions of others."),
     GuideTopic::kAttribution, "", Control::kText, "decimal"},
    {"drop_off", N_("Drop-off (% a year)"),
     N_("How much of the outcome fades each year after the first."), GuideTopic::kDropOff, "",
     Control::kText, "decimal"},
    {"duration", N_("Duration (years)"), N_("How many years the outcome lasts."),
     GuideTopic::kDropOff, "varaktighet", Control::kText, "numeric"},
};

std::string Get(const std::map<std::string, std::string>& row, const std::string& field) {
  const auto it = row.find(field);
  return it == row.end() ? "" : it->second;
}

std::string Trimmed(const std::string& text) {
  const size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  return text.substr(first, text.find_last_not_of(" \t\r\n") - first + 1);
}

std::string PercentText(double share, Language lang) {
  return FormatForInput(share * 100.0, 6, lang);
}

// Which way round the page and its result are read: the page's language and the other.
std::string OtherLanguageButton(Language lang) {
  return lang == Language::kSwedish ? "Show the result in English" : "Visa resultatet på svenska";
}

json SwitchingCell(const std::optional<double>& value, bool share, const web::Translator& tr,
                   Language lang) {
  if (!value) return tr.Tr(lang, "None within range");
  return share ? FormatPercent(*value, lang) : FormatDecimal(*value, 2, lang);
}

json ResultView(const SroiMap& map, const SroiResult& result, const web::Translator& tr,
                Language lang) {
  const SroiRateResult& headline = result.headline;
  auto money = [&](Ore ore) { return FormatMoney(ore, lang); };
  auto months = [&](const std::optional<double>& value) -> std::string {
    if (!value) return tr.Tr(lang, "Not repaid within the durations of the outcomes");
    return tr.Tr(lang, "{{months}} months", {{"months", FormatDecimal(*value, 1, lang)}});
  };
  const std::string ratio = FormatDecimal(headline.ratio, 2, lang);
  json figures = json::array({
      {{"label", tr.Tr(lang, "Present value of the outcomes (SEK)")},
       {"value", money(headline.present_value)}},
      {{"label", tr.Tr(lang, "Present value of the inputs (SEK)")},
       {"value", money(headline.inputs_present_value)}},
      {{"label", tr.Tr(lang, "Net present value, NPV (SEK)")},
       {"value", money(headline.net_present_value)}},
      {{"label", tr.Tr(lang, "SROI ratio (present value ÷ inputs)")}, {"value", "1 : " + ratio}},
      {{"label", tr.Tr(lang, "Net SROI ratio (net present value ÷ inputs)")},
       {"value", FormatDecimal(headline.net_ratio, 2, lang)}},
      {{"label", tr.Tr(lang, "Payback period")}, {"value", months(result.payback_months)}},
      {{"label", tr.Tr(lang, "Payback period, discounted")},
       {"value", months(result.discounted_payback_months)}},
      {{"label", tr.Tr(lang, "Inputs in total, undiscounted (SEK)")},
       {"value", money(result.inputs_total)}},
      {{"label", tr.Tr(lang, "of which cash (SEK)")}, {"value", money(result.inputs_cash)}},
      {{"label", tr.Tr(lang, "of which in kind (SEK)")}, {"value", money(result.inputs_in_kind)}},
      {{"label", tr.Tr(lang, "Discount rate")}, {"value", FormatPercent(map.discount_rate, lang)}},
      {{"label", tr.Tr(lang, "Discounting of the first year")},
       {"value", map.convention == DiscountConvention::kEndOfYear
                     ? tr.Tr(lang, "End of year: year 1 discounted by one year")
                     : tr.Tr(lang, "Start of year: year 1 not discounted")}},
  });

  json outcomes = json::array();
  for (size_t i = 0; i < result.outcomes.size(); ++i) {
    const SroiOutcome& outcome = map.outcomes[i];
    outcomes.push_back({{"stakeholder", outcome.stakeholder},
                        {"outcome", outcome.outcome},
                        {"impact", money(result.outcomes[i].impact)},
                        {"duration", outcome.duration},
                        {"present_value", money(result.outcomes[i].present_value)}});
  }
  json stakeholders = json::array();
  for (const SroiStakeholderValue& stakeholder : result.stakeholders) {
    const double share = headline.present_value == 0
                             ? 0.0
                             : static_cast<double>(stakeholder.present_value) /
                                   static_cast<double>(headline.present_value);
    stakeholders.push_back({{"stakeholder", stakeholder.stakeholder},
                            {"present_value", money(stakeholder.present_value)},
                            {"share", FormatPercent(share, lang)}});
  }
  json years = json::array();
  for (const SroiYearValue& year : result.years) {
    years.push_back({{"year", year.year},
                     {"value", money(year.value)},
                     {"present_value", money(year.present_value)},
                     {"inputs", money(year.inputs)}});
  }

  json rates = json::array();
  json switching = json::array();
  if (result.sensitivity) {
    for (const SroiRateResult& at_rate : result.sensitivity->discount_rates) {
      rates.push_back({{"rate", FormatPercent(at_rate.discount_rate, lang)},
                       {"chosen", at_rate.discount_rate == map.discount_rate},
                       {"inputs_present_value", money(at_rate.inputs_present_value)},
                       {"present_value", money(at_rate.present_value)},
                       {"npv", money(at_rate.net_present_value)},
                       {"ratio", "1 : " + FormatDecimal(at_rate.ratio, 2, lang)},
                       {"net_ratio", FormatDecimal(at_rate.net_ratio, 2, lang)}});
    }
    for (size_t i = 0; i < result.sensitivity->switching_values.size(); ++i) {
      const SroiSwitchingValues& values = result.sensitivity->switching_values[i];
      const SroiOutcome& outcome = map.outcomes[i];
      auto row = [&](const char* label, std::string estimate, json value) {
        return json{{"estimate_label", tr.Tr(lang, label)},
                    {"estimate", std::move(estimate)},
                    {"switching_value", std::move(value)}};
      };
      json rows = json::array({
          row(N_("Quantity"), FormatDecimal(outcome.quantity, 2, lang),
              SwitchingCell(values.quantity, false, tr, lang)),
          row(N_("Financial proxy (SEK)"), money(outcome.proxy),
              values.proxy ? json(money(*values.proxy)) : json(tr.Tr(lang, "None within range"))),
          row(N_("Deadweight"), FormatPercent(outcome.deadweight, lang),
              SwitchingCell(values.deadweight, true, tr, lang)),
          row(N_("Displacement"), FormatPercent(outcome.displacement, lang),
              SwitchingCell(values.displacement, true, tr, lang)),
          row(N_("Attribution"), FormatPercent(outcome.attribution, lang),
              SwitchingCell(values.attribution, true, tr, lang)),
          row(N_("Drop-off"), FormatPercent(outcome.drop_off, lang),
              SwitchingCell(values.drop_off, true, tr, lang)),
      });
      switching.push_back({{"number", i + 1},
                           {"stakeholder", outcome.stakeholder},
                           {"outcome", outcome.outcome},
                           {"rows", std::move(rows)}});
    }
  }

  std::string summary =
      headline.ratio > 0
          ? tr.Tr(lang, "Every krona invested creates {{value}} kronor of social value.",
                  {{"value", ratio}})
          : tr.Tr(lang, "The outcomes do not add up to a positive value.");
  return json{
      {"summary", std::move(summary)},   {"figures", std::move(figures)},
      {"outcomes", std::move(outcomes)}, {"stakeholders", std::move(stakeholders)},
      {"years", std::move(years)},       {"has_sensitivity", result.sensitivity.has_value()},
      {"rates", std::move(rates)},       {"switching", std::move(switching)}};
}

// The form as hidden fields, to post the same map again (in the other language).
json HiddenFields(const SroiForm& form) {
  json fields = json::array();
  fields.push_back({{"name", "discount_rate"}, {"value", form.discount_rate}});
  fields.push_back({{"name", "convention"}, {"value", form.convention}});
  auto rows = [&](const char* list, const std::vector<std::map<std::string, std::string>>& all) {
    for (size_t i = 0; i < all.size(); ++i) {
      for (const auto& [name, value] : all[i]) {
        fields.push_back({{"name", FieldPath(list, i, name)}, {"value", value}});
      }
    }
  };
  rows("inputs", form.inputs);
  rows("outcomes", form.outcomes);
  return fields;
}

}  // namespace

SroiForm EmptySroiForm(Language lang) {
  SroiForm form;
  form.discount_rate = PercentText(kDefaultDiscountRate, lang);
  return form;
}

SroiForm SroiFormFromParams(const web::Params& params) {
  SroiForm form;
  form.discount_rate = params.GetOr("discount_rate", "");
  form.convention = params.GetOr("convention", "end_of_year");
  form.inputs = ReadRows(params, "inputs", kInputTextFields, kInputChoiceFields);
  form.outcomes = ReadRows(params, "outcomes", kOutcomeFields);
  return form;
}

Result<SroiMap> SroiMapFromForm(const SroiForm& form, Language lang) {
  FormReader read(lang);
  SroiMap map;
  if (auto rate = read.Percent(form.discount_rate, "discount_rate", true)) {
    map.discount_rate = *rate;
  }
  if (auto convention = ParseDiscountConvention(form.convention)) {
    map.convention = *convention;
  } else {
    read.Add("convention", "Choose how the first year is discounted.");
  }
  for (size_t i = 0; i < form.inputs.size(); ++i) {
    const auto& row = form.inputs[i];
    auto path = [&](const char* field) { return FieldPath("inputs", i, field); };
    SroiInput input;
    input.description = Trimmed(Get(row, "description"));
    if (auto kind = ParseInputKind(Get(row, "kind"))) {
      input.kind = *kind;
    } else {
      read.Add(path("kind"), "Choose cash or in kind.");
    }
    if (auto value =
            read.Money(Get(row, "value"), path("value"), N_("Enter the value in kronor."))) {
      input.value = *value;
    }
    if (auto year = read.Whole(Get(row, "year"), path("year"), nullptr)) input.year = *year;
    map.inputs.push_back(std::move(input));
  }
  for (size_t i = 0; i < form.outcomes.size(); ++i) {
    const auto& row = form.outcomes[i];
    auto path = [&](const char* field) { return FieldPath("outcomes", i, field); };
    SroiOutcome outcome;
    outcome.stakeholder = Trimmed(Get(row, "stakeholder"));
    outcome.outcome = Trimmed(Get(row, "outcome"));
    outcome.proxy_source = Trimmed(Get(row, "proxy_source"));
    if (auto quantity = read.Number(Get(row, "quantity"), path("quantity"),
                                    N_("Enter how many experience the outcome."))) {
      outcome.quantity = *quantity;
    }
    if (auto proxy = read.Money(Get(row, "proxy"), path("proxy"),
                                N_("Enter the financial proxy in kronor."))) {
      outcome.proxy = *proxy;
    }
    for (const char* share : {"deadweight", "displacement", "attribution", "drop_off"}) {
      const std::optional<double> value = read.Percent(Get(row, share), path(share), false);
      if (!value) continue;
      if (std::string_view(share) == "deadweight") outcome.deadweight = *value;
      if (std::string_view(share) == "displacement") outcome.displacement = *value;
      if (std::string_view(share) == "attribution") outcome.attribution = *value;
      if (std::string_view(share) == "drop_off") outcome.drop_off = *value;
    }
    if (auto years = read.Whole(Get(row, "duration"), path("duration"),
                                N_("Enter how many years the outcome lasts."))) {
      outcome.duration = *years;
    }
    map.outcomes.push_back(std::move(outcome));
  }

  const Status valid = ValidateSroiMap(map);
  if (!valid.ok()) {
    // An input that could not be read counts as zero: do not also say the inputs add up to
    // nothing.
    const bool unread_input = read.HasFailureIn("inputs[");
    for (const FieldError& error : valid.error().fields()) {
      if (error.field == "inputs" && unread_input) continue;
      read.AddDomainError(error);
    }
  }
  if (!read.ok()) {
    return Error::Invalid(InFormOrder(read.errors(), {"discount_rate", "convention"},
                                      {"inputs", "outcomes"}, kRowFieldOrder));
  }
  return map;
}

SroiForm SroiFormFromMap(const SroiMap& map, Language lang) {
  SroiForm form;
  form.discount_rate = PercentText(map.discount_rate, lang);
  form.convention = std::string(DiscountConventionCode(map.convention));
  for (const SroiInput& input : map.inputs) {
    form.inputs.push_back({{"description", input.description},
                           {"kind", std::string(InputKindCode(input.kind))},
                           {"value", FormatMoneyForInput(input.value, lang)},
                           {"year", std::to_string(input.year)}});
  }
  for (const SroiOutcome& outcome : map.outcomes) {
    form.outcomes.push_back({{"stakeholder", outcome.stakeholder},
                             {"outcome", outcome.outcome},
                             {"quantity", FormatForInput(outcome.quantity, 6, lang)},
                             {"proxy", FormatMoneyForInput(outcome.proxy, lang)},
                             {"proxy_source", outcome.proxy_source},
                             {"deadweight", PercentText(outcome.deadweight, lang)},
                             {"displacement", PercentText(outcome.displacement, lang)},
                             {"attribution", PercentText(outcome.attribution, lang)},
                             {"drop_off", PercentText(outcome.drop_off, lang)},
                             {"duration", std::to_string(outcome.duration)}});
  }
  return form;
}

SroiMap ExampleSroiMap(const web::Translator& tr, Language lang) {
  // The example of FORMATS.md; illustrative figures, not sourced estimates.
  SroiMap map;
  map.inputs = {
      SroiInput{tr.Tr(lang, "Grant"), InputKind::kCash, 400'000 * kOrePerKrona, 1},
      SroiInput{tr.Tr(lang, "Volunteer hours"), InputKind::kInKind, 51'750 * kOrePerKrona, 2},
  };
  SroiOutcome work;
  work.stakeholder = tr.Tr(lang, "Participants");
  work.outcome = tr.Tr(lang, "In paid work");
  work.quantity = 12;
  work.proxy = 60'000 * kOrePerKrona;
  work.deadweight = 0.25;
  work.displacement = 0.1;
  work.attribution = 0.2;
  work.drop_off = 0.3;
  work.duration = 3;
  SroiOutcome assistance;
  assistance.stakeholder = tr.Tr(lang, "The municipality");
  assistance.outcome = tr.Tr(lang, "Less social assistance paid");
  assistance.quantity = 12;
  assistance.proxy = 2'400'050;
  assistance.deadweight = 0.25;
  assistance.duration = 2;
  SroiOutcome traffic;
  traffic.stakeholder = tr.Tr(lang, "Neighbours");
  traffic.outcome = tr.Tr(lang, "More traffic");
  traffic.quantity = 40;
  traffic.proxy = -250 * kOrePerKrona;
  traffic.duration = 1;
  map.outcomes = {work, assistance, traffic};
  return map;
}

web::PageView SroiPage(const web::Request& req, const web::Translator& tr,
                       const SroiPageView& view) {
  const Language lang = req.lang;
  FormView form(tr, lang, view.error);
  const SroiForm& values = view.form;

  json settings = json::array({
      form.Field(kDiscountRateField, "discount_rate", values.discount_rate),
      form.Field(kConventionField, "convention", values.convention,
                 {{"end_of_year", tr.Tr(lang,
                                        "End of year: year 1 discounted by one year (the "
                                        "formula of the SROI guide)")},
                  {"start_of_year", tr.Tr(lang, "Start of year: year 1 not discounted")}}),
  });

  const std::vector<FieldOption> kinds = {{"cash", tr.Tr(lang, "Cash")},
                                          {"in_kind", tr.Tr(lang, "In kind")}};
  auto rows = [&](const char* list, const std::vector<std::map<std::string, std::string>>& filled,
                  std::span<const FieldSpec> specs, int min_rows, const char* legend) {
    const size_t count = std::max<size_t>(min_rows, filled.size() + kEmptyRowsBelow);
    json out = json::array();
    for (size_t i = 0; i < count; ++i) {
      static const std::map<std::string, std::string> kEmptyRow;
      const auto& row = i < filled.size() ? filled[i] : kEmptyRow;
      json fields = json::array();
      for (const FieldSpec& spec : specs) {
        std::string value = Get(row, spec.name);
        if (spec.control == Control::kSelect && value.empty()) value = "cash";
        fields.push_back(
            form.Field(spec, FieldPath(list, i, spec.name), value,
                       spec.control == Control::kSelect ? kinds : std::vector<FieldOption>{}));
      }
      out.push_back({{"legend", tr.Tr(lang, legend, {{"n", std::to_string(i + 1)}})},
                     {"fields", std::move(fields)}});
    }
    return out;
  };
  json inputs = rows("inputs", values.inputs, kInputSpecs, kMinInputRows, N_("Input {{n}}"));
  json outcomes =
      rows("outcomes", values.outcomes, kOutcomeSpecs, kMinOutcomeRows, N_("Outcome {{n}}"));
  const std::string inputs_error = form.SectionError("inputs");
  const std::string outcomes_error = form.SectionError("outcomes");

  json data = form.Summary("calculator");
  data["csrf_token"] = req.csrf_token;
  data["settings"] = std::move(settings);
  data["inputs"] = {{"id", FieldId("inputs")},
                    {"error", inputs_error.empty() ? json(false) : json(inputs_error)},
                    {"rows", std::move(inputs)}};
  data["outcomes"] = {{"id", FieldId("outcomes")},
                      {"error", outcomes_error.empty() ? json(false) : json(outcomes_error)},
                      {"rows", std::move(outcomes)}};
  data["result"] = false;
  data["other_language"] = false;
  if (view.result && view.map) {
    data["result"] = ResultView(*view.map, *view.result, tr, lang);
    const Language other = OtherLanguage(lang);
    data["other_language"] = {
        {"action", "/effekt/sroi?lang=" + std::string(LanguageCode(other)) + "#result"},
        {"lang", LanguageCode(other)},
        {"label", OtherLanguageButton(lang)},
        {"fields", HiddenFields(SroiFormFromMap(*view.map, other))}};
  }

  web::http::status status = web::http::status::ok;
  if (view.error) status = web::StatusFor(view.error->code());
  return web::PageView{
      .template_name = "impact/sroi",
      .title = tr.Tr(lang, "SROI calculator"),
      .data = std::move(data),
      .status = status,
      .description = tr.Tr(lang,
                           "Calculate the social return on investment of an impact map: "
                           "present value, ratio, payback and sensitivity.")};
}

}  // namespace samverkan::impact
