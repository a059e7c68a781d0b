#include "modules/impact/web/initiative_pages.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <sstream>

#include "core/csv.h"
#include "modules/impact/json/sroi_json.h"
#include "modules/impact/web/guides.h"
#include "modules/impact/web/number_text.h"
#include "platform/api.h"
#include "web/html/script_json.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;
using web::ScriptJson;

constexpr LogicLevel kLevels[] = {LogicLevel::kInput,
                                  LogicLevel::kActivity,
                                  LogicLevel::kOutput,
                                  LogicLevel::kShortTermOutcome,
                                  LogicLevel::kIntermediateOutcome,
                                  LogicLevel::kLongTermOutcome,
                                  LogicLevel::kImpact};

const char* LevelLabel(LogicLevel level) {
  switch (level) {
    case LogicLevel::kInput: return N_("Inputs");
    case LogicLevel::kActivity: return N_("Activities");
    case LogicLevel::kOutput: return N_("Outputs");
    case LogicLevel::kShortTermOutcome: return N_("Short-term outcomes");
    case LogicLevel::kIntermediateOutcome: return N_("Intermediate outcomes");
    case LogicLevel::kLongTermOutcome: return N_("Long-term outcomes");
    case LogicLevel::kImpact: return N_("Impact");
  }
  return "";
}

const char* EvidenceLabel(EvidenceLevel level) {
  switch (level) {
    case EvidenceLevel::kNone: return N_("No evidence yet");
    case EvidenceLevel::kDescribed: return N_("Level 1: described");
    case EvidenceLevel::kCorrelated: return N_("Level 2: data show change");
    case EvidenceLevel::kCausal: return N_("Level 3: causal (comparison group)");
    case EvidenceLevel::kReplicated: return N_("Level 4: replicated");
    case EvidenceLevel::kScalable: return N_("Level 5: works at scale");
  }
  return "";
}

const char* SeverityLabel(DiagnosticSeverity severity) {
  switch (severity) {
    case DiagnosticSeverity::kError: return N_("Error");
    case DiagnosticSeverity::kWarning: return N_("Gap");
    case DiagnosticSeverity::kAdvice: return N_("Advice");
  }
  return "";
}

const char* RelationLabel(SdgRelation relation) {
  switch (relation) {
    case SdgRelation::kMeasures: return N_("measures");
    case SdgRelation::kContributesTo: return N_("contributes to");
    case SdgRelation::kProxyFor: return N_("proxy for");
  }
  return "";
}

const char* DirectionLabel(IndicatorDirection direction) {
  switch (direction) {
    case IndicatorDirection::kHigherIsBetter: return N_("Higher is better");
    case IndicatorDirection::kLowerIsBetter: return N_("Lower is better");
    case IndicatorDirection::kNeither: return N_("Neither higher nor lower is better");
  }
  return "";
}

std::string_view DirectionCode(IndicatorDirection d) {
  switch (d) {
    case IndicatorDirection::kHigherIsBetter: return "higher";
    case IndicatorDirection::kLowerIsBetter: return "lower";
    case IndicatorDirection::kNeither: return "neither";
  }
  return "neither";
}

std::optional<IndicatorDirection> ParseDirection(std::string_view code) {
  if (code == "higher") return IndicatorDirection::kHigherIsBetter;
  if (code == "lower") return IndicatorDirection::kLowerIsBetter;
  if (code == "neither") return IndicatorDirection::kNeither;
  return std::nullopt;
}

std::string InitiativeHref(int64_t id) { return "/effekt/initiativ/" + std::to_string(id); }
std::string IndicatorHref(const std::string& id) { return "/effekt/indikatorer/" + id; }

// A reported value as people read it: grouped, at most two decimals, trailing zeros dropped
// ("2,5" rather than "2,50").
std::string Number(double value, Language lang) {
  const double rounded = std::round(value);
  if (std::fabs(value - rounded) < 1e-9) return FormatDecimal(value, 0, lang);
  std::string text = FormatDecimal(value, 2, lang);
  const char decimal_sign = lang == Language::kSwedish ? ',' : '.';
  if (text.find(decimal_sign) != std::string::npos) {
    while (!text.empty() && text.back() == '0') text.pop_back();
    if (!text.empty() && text.back() == decimal_sign) text.pop_back();
  }
  return text;
}

std::string OptNumber(const std::optional<double>& value, Language lang) {
  return value ? Number(*value, lang) : std::string("–");
}

std::string SdgText(const SdgLink& link) {
  return link.target.empty() ? std::to_string(link.goal) : link.target;
}

// The form's value, or `fallback` when the form has none.
std::string FormValue(const web::Params& form, std::string_view name, std::string fallback = "") {
  return form.GetOr(name, std::move(fallback));
}

web::PageView WithError(web::PageView view, const Error* error) {
  if (error) view.status = web::StatusFor(error->code());
  return view;
}

json ElementsByLevel(const LogicModel& model, const std::map<std::string, const Indicator*>& named,
                     const web::Translator& tr, Language lang) {
  json levels = json::array();
  for (LogicLevel level : kLevels) {
    json elements = json::array();
    for (const LogicElement& e : model.elements) {
      if (e.level != level) continue;
      json indicators = json::array();
      for (const auto& id : e.indicator_ids) {
        auto found = named.find(id);
        indicators.push_back({{"href", IndicatorHref(id)},
                              {"name", found != named.end() ? found->second->name.In(lang) : id}});
      }
      elements.push_back({{"id", e.id},
                          {"title", e.title.In(lang)},
                          {"indicators", indicators},
                          {"has_indicators", !indicators.empty()}});
    }
    levels.push_back({{"code", LogicLevelCode(level)},
                      {"label", tr.Tr(lang, LevelLabel(level))},
                      {"elements", elements},
                      {"empty", elements.empty()}});
  }
  return levels;
}

std::string TitleOf(const LogicModel& model, const std::string& id, Language lang) {
  for (const auto& e : model.elements) {
    if (e.id == id) return e.title.In(lang);
  }
  return id;
}

json LinksView(const LogicModel& model, const web::Translator& tr, Language lang) {
  json links = json::array();
  for (size_t i = 0; i < model.links.size(); ++i) {
    const LogicLink& link = model.links[i];
    json assumptions = json::array();
    for (const auto& a : link.assumptions) assumptions.push_back(a.In(lang));
    json evidence = json::array();
    for (const auto& ev : link.evidence) {
      evidence.push_back({{"level", tr.Tr(lang, EvidenceLabel(ev.level))},
                          {"description", ev.description.In(lang)},
                          {"source", ev.source}});
    }
    links.push_back({{"index", i},
                     {"from", TitleOf(model, link.from, lang)},
                     {"to", TitleOf(model, link.to, lang)},
                     {"assumptions", assumptions},
                     {"has_assumptions", !assumptions.empty()},
                     {"evidence", evidence},
                     {"has_evidence", !evidence.empty()}});
  }
  return links;
}

json DiagnosticsView(const InitiativeView& view, const web::Translator& tr, Language lang) {
  json out = json::array();
  for (const Diagnostic& d : view.diagnostics) {
    std::string concerns;
    for (const auto& id : d.element_ids) {
      concerns += (concerns.empty() ? "" : ", ") + TitleOf(view.model, id, lang);
    }
    if (d.link_index >= 0 && static_cast<size_t>(d.link_index) < view.model.links.size()) {
      const LogicLink& link = view.model.links[d.link_index];
      concerns = TitleOf(view.model, link.from, lang) + " → " + TitleOf(view.model, link.to, lang);
    }
    out.push_back({{"code", DiagnosticCodeName(d.code)},
                   {"severity", tr.Tr(lang, SeverityLabel(d.severity))},
                   {"severity_code", d.severity == DiagnosticSeverity::kError     ? "error"
                                     : d.severity == DiagnosticSeverity::kWarning ? "warning"
                                                                                   : "advice"},
                   {"message", tr.Tr(lang, d.message)},
                   {"concerns", concerns}});
  }
  return out;
}

std::map<std::string, const Indicator*> Named(const InitiativeView& view) {
  std::map<std::string, const Indicator*> named;
  for (const auto& f : view.indicators) named[f.indicator.id] = &f.indicator;
  return named;
}

json FollowedView(const InitiativeView& view, Language lang) {
  json out = json::array();
  for (const FollowedIndicator& f : view.indicators) {
    json values = json::array();
    for (const auto& v : f.values) {
      values.push_back({{"period", v.value.period}, {"value", Number(v.value.value, lang)}});
    }
    std::string latest = "–";
    if (!f.values.empty()) {
      latest = Number(f.values.back().value.value, lang) + " (" + f.values.back().value.period + ")";
    }
    auto with_period = [&](const std::optional<double>& v, const std::string& period) {
      std::string text = OptNumber(v, lang);
      if (v && !period.empty()) text += " (" + period + ")";
      return text;
    };
    out.push_back({{"id", f.indicator.id},
                   {"href", IndicatorHref(f.indicator.id)},
                   {"name", f.indicator.name.In(lang)},
                   {"unit", f.indicator.unit},
                   {"baseline", with_period(f.pick.baseline, f.pick.baseline_period)},
                   {"target", with_period(f.pick.target, f.pick.target_period)},
                   {"latest", latest},
                   {"values", values},
                   {"has_values", !values.empty()}});
  }
  return out;
}

json LevelOptions(const web::Translator& tr, Language lang, const std::string& selected) {
  json out = json::array();
  for (LogicLevel level : kLevels) {
    const std::string code(LogicLevelCode(level));
    out.push_back({{"value", code},
                   {"label", tr.Tr(lang, LevelLabel(level))},
                   {"selected", code == selected}});
  }
  return out;
}

json EvidenceOptions(const web::Translator& tr, Language lang, const std::string& selected) {
  json out = json::array();
  for (int i = 0; i <= 5; ++i) {
    const std::string code = std::to_string(i);
    out.push_back({{"value", code},
                   {"label", tr.Tr(lang, EvidenceLabel(static_cast<EvidenceLevel>(i)))},
                   {"selected", code == selected}});
  }
  return out;
}

json ElementOptions(const LogicModel& model, Language lang, const std::string& selected) {
  json out = json::array();
  for (const auto& e : model.elements) {
    out.push_back({{"value", e.id}, {"label", e.title.In(lang)}, {"selected", e.id == selected}});
  }
  return out;
}

LocalizedText TextPair(const web::Params& form, const std::string& name) {
  return {FormValue(form, name + "_sv"), FormValue(form, name + "_en")};
}

// Trims spaces at both ends: what people paste often carries them.
std::string Trim(std::string text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) return "";
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

json BaseData(const web::Request& req, const InitiativeView& view, Language lang) {
  return {{"csrf_token", req.csrf_token},
          {"id", view.initiative.id},
          {"href", InitiativeHref(view.initiative.id)},
          {"model_action", InitiativeHref(view.initiative.id) + "/modell"},
          {"indicators_action", InitiativeHref(view.initiative.id) + "/indikatorer"},
          {"name", view.initiative.name.In(lang)}};
}

json ChartData(std::string type, std::string label, const std::vector<std::string>& labels,
               json datasets, bool horizontal) {
  return {{"type", std::move(type)},
          {"label", std::move(label)},
          {"labels", labels},
          {"datasets", std::move(datasets)},
          {"horizontal", horizontal}};
}

double Kronor(Ore ore) { return static_cast<double>(ore) / 100.0; }

json ProxyRows(const std::vector<FinancialProxy>& proxies, Language lang) {
  json rows = json::array();
  for (const auto& p : proxies) {
    rows.push_back(
        {{"id", p.id},
         {"name", p.name.In(lang)},
         {"value", p.kind == ProxyKind::kAmount ? FormatMoney(p.amount, lang) + " " + p.currency
                                                : FormatPercent(p.rate, lang)},
         {"unit", p.unit},
         {"year", p.price_year},
         {"source", p.source},
         {"licence", p.licence},
         {"verified", p.verified}});
  }
  return rows;
}

}  // namespace

// --- Initiatives ---------------------------------------------------------------------------

web::PageView InitiativeListPage(const web::Request& req, const web::Translator& tr,
                                 const std::vector<Initiative>& initiatives,
                                 const PageContext& ctx) {
  const Language lang = req.lang;
  json items = json::array();
  for (const auto& i : initiatives) {
    items.push_back({{"href", InitiativeHref(i.id)},
                     {"name", i.name.In(lang)},
                     {"actor", ctx.actor_name(i.actor_id)},
                     {"summary", i.summary.In(lang)}});
  }
  json data = {{"initiatives", items},
               {"has_initiatives", !items.empty()},
               {"may_create", req.principal.authenticated()}};
  return {.template_name = "impact/initiatives",
          .title = tr.Tr(lang, N_("Initiatives and their impact")),
          .data = std::move(data)};
}

InitiativeInput InitiativeInputFromForm(const web::Params& form) {
  return {.actor = Trim(FormValue(form, "actor")),
          .name = {Trim(FormValue(form, "name_sv")), Trim(FormValue(form, "name_en"))},
          .summary = {Trim(FormValue(form, "summary_sv")), Trim(FormValue(form, "summary_en"))}};
}

web::PageView InitiativeFormPage(const web::Request& req, const web::Translator& tr,
                                 const Initiative* existing, const ActorOptions& actors,
                                 const web::Params& form, const Error* error) {
  const Language lang = req.lang;
  auto value = [&](const char* name, const std::string& stored) {
    return FormValue(form, name, existing ? stored : "");
  };
  const std::string actor = FormValue(form, "actor");
  json actor_options = json::array();
  for (const auto& [id, name] : actors) {
    actor_options.push_back({{"value", std::to_string(id)},
                             {"label", name},
                             {"selected", actor == std::to_string(id)}});
  }
  json data = {{"csrf_token", req.csrf_token},
               {"is_new", existing == nullptr},
               {"action", existing ? InitiativeHref(existing->id) + "/redigera"
                                   : std::string("/effekt/initiativ/ny")},
               {"has_actor_options", !actor_options.empty()},
               {"actor_options", actor_options},
               {"actor", actor},
               {"name_sv", value("name_sv", existing ? existing->name.sv : "")},
               {"name_en", value("name_en", existing ? existing->name.en : "")},
               {"summary_sv", value("summary_sv", existing ? existing->summary.sv : "")},
               {"summary_en", value("summary_en", existing ? existing->summary.en : "")},
               {"guide_href", GuideHref(GuideTopic::kTheoryOfChange)}};
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  const std::string title = existing ? tr.Tr(lang, N_("Change the initiative"))
                                     : tr.Tr(lang, N_("New initiative"));
  data["heading"] = title;
  return WithError({.template_name = "impact/initiative_form", .title = title, .data = data},
                   error);
}

web::PageView InitiativePage(const web::Request& req, const web::Translator& tr,
                             const InitiativeView& view, const PageContext& ctx, bool may_edit) {
  const Language lang = req.lang;
  json data = BaseData(req, view, lang);
  data["actor"] = ctx.actor_name(view.initiative.actor_id);
  data["summary"] = view.initiative.summary.In(lang);
  data["may_edit"] = may_edit;
  data["levels"] = ElementsByLevel(view.model, Named(view), tr, lang);
  data["links"] = LinksView(view.model, tr, lang);
  data["has_links"] = !view.model.links.empty();
  data["has_model"] = !view.model.elements.empty();
  json diagnostics = DiagnosticsView(view, tr, lang);
  data["has_diagnostics"] = !diagnostics.empty();
  data["diagnostics"] = std::move(diagnostics);
  json followed = FollowedView(view, lang);
  data["has_indicators"] = !followed.empty();
  data["indicators"] = std::move(followed);
  data["has_sroi_map"] = view.sroi_map.has_value();
  data["guide_href"] = GuideHref(GuideTopic::kTheoryOfChange);
  return {.template_name = "impact/initiative",
          .title = view.initiative.name.In(lang),
          .data = std::move(data)};
}

// --- Logic model ---------------------------------------------------------------------------

Status ApplyLogicModelForm(const web::Params& form, LogicModel& model) {
  const std::string action = FormValue(form, "action");
  if (action == "add-element") {
    LogicElement e;
    auto level = ParseLogicLevel(FormValue(form, "level"));
    std::vector<FieldError> errors;
    if (!level) errors.push_back({"level", N_("Choose a stage of the chain."), {}});
    e.title = {Trim(FormValue(form, "title_sv")), Trim(FormValue(form, "title_en"))};
    if (e.title.empty()) errors.push_back({"title_sv", N_("Give the element a title."), {}});
    if (e.title.sv.size() > kMaxElementTitleLength || e.title.en.size() > kMaxElementTitleLength) {
      errors.push_back({"title_sv",
                        N_("At most {{max}} characters."),
                        {{"max", std::to_string(kMaxElementTitleLength)}}});
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    e.level = *level;
    const std::string indicator = FormValue(form, "indicator");
    if (!indicator.empty()) e.indicator_ids.push_back(indicator);
    std::vector<std::string> taken;
    for (const auto& existing : model.elements) taken.push_back(existing.id);
    e.id = NextElementId(taken);
    model.elements.push_back(std::move(e));
    return Status::Ok();
  }
  if (action == "remove-element") {
    const std::string id = FormValue(form, "element");
    const auto before = model.elements.size();
    std::erase_if(model.elements, [&](const LogicElement& e) { return e.id == id; });
    if (model.elements.size() == before) return Error::NotFound();
    // Links to or from it go with it.
    std::erase_if(model.links, [&](const LogicLink& l) { return l.from == id || l.to == id; });
    return Status::Ok();
  }
  if (action == "add-link") {
    LogicLink link{.from = FormValue(form, "from"), .to = FormValue(form, "to")};
    std::vector<FieldError> errors;
    if (link.from.empty()) errors.push_back({"from", N_("Choose where the link starts."), {}});
    if (link.to.empty()) errors.push_back({"to", N_("Choose where the link leads."), {}});
    LocalizedText assumption = {Trim(FormValue(form, "assumption_sv")),
                                Trim(FormValue(form, "assumption_en"))};
    LocalizedText evidence = {Trim(FormValue(form, "evidence_sv")),
                              Trim(FormValue(form, "evidence_en"))};
    const std::string source = Trim(FormValue(form, "evidence_source"));
    for (const std::string* text : std::initializer_list<const std::string*>{
             &assumption.sv, &assumption.en, &evidence.sv, &evidence.en,
                                    &source}) {
      if (text->size() > kMaxLinkTextLength) {
        errors.push_back({"assumption_sv",
                          N_("At most {{max}} characters."),
                          {{"max", std::to_string(kMaxLinkTextLength)}}});
        break;
      }
    }
    const std::string level_text = FormValue(form, "evidence_level", "0");
    int level = 0;
    if (level_text.size() != 1 || level_text[0] < '0' || level_text[0] > '5') {
      errors.push_back({"evidence_level", N_("Choose a level of evidence."), {}});
    } else {
      level = level_text[0] - '0';
    }
    if (!errors.empty()) return Error::Invalid(std::move(errors));
    if (!assumption.empty()) link.assumptions.push_back(assumption);
    if (!evidence.empty() || !source.empty() || level > 0) {
      link.evidence.push_back({.level = static_cast<EvidenceLevel>(level),
                               .description = evidence,
                               .source = source});
    }
    model.links.push_back(std::move(link));
    return Status::Ok();
  }
  if (action == "remove-link") {
    const std::string index = FormValue(form, "link");
    size_t at = 0;
    try {
      at = std::stoul(index);
    } catch (const std::exception&) {
      return Error::NotFound();
    }
    if (at >= model.links.size()) return Error::NotFound();
    model.links.erase(model.links.begin() + static_cast<std::ptrdiff_t>(at));
    return Status::Ok();
  }
  return Error::InvalidField("action", N_("Unknown action."));
}

web::PageView LogicModelFormPage(const web::Request& req, const web::Translator& tr,
                                 const InitiativeView& view, const web::Params& form,
                                 const Error* error) {
  const Language lang = req.lang;
  json data = BaseData(req, view, lang);
  data["levels"] = ElementsByLevel(view.model, Named(view), tr, lang);
  data["links"] = LinksView(view.model, tr, lang);
  data["has_links"] = !view.model.links.empty();
  data["has_model"] = !view.model.elements.empty();
  data["has_two_elements"] = view.model.elements.size() >= 2;
  json diagnostics = DiagnosticsView(view, tr, lang);
  data["has_diagnostics"] = !diagnostics.empty();
  data["diagnostics"] = std::move(diagnostics);
  const bool adding_link = FormValue(form, "action") == "add-link";
  data["level_options"] =
      LevelOptions(tr, lang, adding_link ? "" : FormValue(form, "level", "activity"));
  json indicator_options = json::array();
  for (const auto& f : view.indicators) {
    indicator_options.push_back({{"value", f.indicator.id},
                                 {"label", f.indicator.name.In(lang)},
                                 {"selected", f.indicator.id == FormValue(form, "indicator")}});
  }
  data["has_indicator_options"] = !indicator_options.empty();
  data["indicator_options"] = indicator_options;
  data["from_options"] = ElementOptions(view.model, lang, FormValue(form, "from"));
  data["to_options"] = ElementOptions(view.model, lang, FormValue(form, "to"));
  data["evidence_options"] = EvidenceOptions(tr, lang, FormValue(form, "evidence_level", "0"));
  for (const char* name : {"title_sv", "title_en", "assumption_sv", "assumption_en",
                           "evidence_sv", "evidence_en", "evidence_source"}) {
    data[name] = FormValue(form, name);
  }
  data["guide_levels"] = GuideHref(GuideTopic::kTheoryOfChange, "insatser");
  data["guide_outcomes"] = GuideHref(GuideTopic::kTheoryOfChange, "utfall");
  data["guide_assumptions"] = GuideHref(GuideTopic::kTheoryOfChange, "antaganden");
  data["guide_indicators"] = GuideHref(GuideTopic::kTheoryOfChange, "indikatorer");
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  return WithError({.template_name = "impact/logic_model_form",
                    .title = tr.Tr(lang, N_("Logic model: {{name}}"),
                                   {{"name", view.initiative.name.In(lang)}}),
                    .data = std::move(data)},
                   error);
}

// --- Indicators of an initiative -------------------------------------------------------------

Result<IndicatorPick> PickFromForm(const web::Params& form, Language lang) {
  IndicatorPick pick{.indicator_id = FormValue(form, "indicator"),
                     .baseline_period = Trim(FormValue(form, "baseline_period")),
                     .target_period = Trim(FormValue(form, "target_period"))};
  std::vector<FieldError> errors;
  for (auto [name, slot] : {std::pair{"baseline", &pick.baseline}, {"target", &pick.target}}) {
    const std::string text = FormValue(form, name);
    if (IsBlank(text)) continue;
    auto number = ParseNumberInput(text, lang);
    if (!number) {
      errors.push_back({name, N_("Enter a number."), {}});
    } else {
      *slot = *number;
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  SAMVERKAN_RETURN_IF_ERROR(ValidatePick(pick));
  return pick;
}

Result<std::pair<std::string, double>> ValueFromForm(const web::Params& form, Language lang) {
  std::vector<FieldError> errors;
  const std::string indicator = FormValue(form, "indicator");
  if (indicator.empty()) errors.push_back({"indicator", N_("Choose an indicator."), {}});
  auto number = ParseNumberInput(FormValue(form, "value"), lang);
  if (!number) errors.push_back({"value", N_("Enter a number."), {}});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return std::pair{indicator, *number};
}

web::PageView InitiativeIndicatorsPage(const web::Request& req, const web::Translator& tr,
                                       const InitiativeView& view,
                                       const std::vector<Indicator>& library,
                                       const web::Params& form, const Error* error) {
  const Language lang = req.lang;
  json data = BaseData(req, view, lang);
  json followed = FollowedView(view, lang);
  data["has_indicators"] = !followed.empty();
  data["indicators"] = followed;
  std::set<std::string> picked;
  for (const auto& f : view.indicators) picked.insert(f.indicator.id);
  const std::string action = FormValue(form, "action");
  json library_options = json::array();
  for (const auto& i : library) {
    library_options.push_back(
        {{"value", i.id},
         {"label", i.name.In(lang) + " (" + i.unit + ")" +
                       (picked.count(i.id) ? " – " + tr.Tr(lang, N_("followed")) : "")},
         {"selected", action == "pick" && FormValue(form, "indicator") == i.id}});
  }
  data["library_options"] = library_options;
  json report_options = json::array();
  for (const auto& f : view.indicators) {
    report_options.push_back({{"value", f.indicator.id},
                              {"label", f.indicator.name.In(lang) + " (" + f.indicator.unit + ")"},
                              {"selected", action == "report" &&
                                               FormValue(form, "indicator") == f.indicator.id}});
  }
  data["report_options"] = report_options;
  for (const char* name : {"baseline", "baseline_period", "target", "target_period"}) {
    data[name] = action == "pick" ? FormValue(form, name) : "";
  }
  data["period"] = action == "report" ? FormValue(form, "period") : "";
  data["value"] = action == "report" ? FormValue(form, "value") : "";
  data["guide_indicators"] = GuideHref(GuideTopic::kTheoryOfChange, "indikatorer");
  if (error) {
    data.update(platform::FormErrors(tr, lang, *error));
    // Field ids are per form: the summary links to the form that failed.
    data["error_form"] = action == "report" ? "report" : "pick";
  }
  return WithError({.template_name = "impact/initiative_indicators",
                    .title = tr.Tr(lang, N_("Indicators: {{name}}"),
                                   {{"name", view.initiative.name.In(lang)}}),
                    .data = std::move(data)},
                   error);
}

// --- SROI map --------------------------------------------------------------------------------

web::PageView InitiativeSroiPage(const web::Request& req, const web::Translator& tr,
                                 const InitiativeView& view, const SroiPageView& sroi,
                                 const std::vector<FinancialProxy>* proxies, bool saved) {
  const Language lang = req.lang;
  web::PageView calculator = SroiPage(req, tr, sroi);
  json data = std::move(calculator.data);
  data.update(BaseData(req, view, lang));
  data["saved"] = saved;
  json proxy_rows = proxies ? ProxyRows(*proxies, lang) : json::array();
  data["proxies"] = proxy_rows;
  data["has_proxies"] = !proxy_rows.empty();
  data["guide_proxies"] = GuideHref(GuideTopic::kFinancialProxies);
  return {.template_name = "impact/initiative_sroi",
          .title = tr.Tr(lang, N_("SROI map: {{name}}"), {{"name", view.initiative.name.In(lang)}}),
          .data = std::move(data),
          .status = calculator.status};
}

// --- Report ----------------------------------------------------------------------------------

web::PageView ReportPage(const web::Request& req, const web::Translator& tr,
                         const InitiativeView& view, const SroiResult* result,
                         const PageContext& ctx, bool print) {
  const Language lang = req.lang;
  json data = BaseData(req, view, lang);
  data["actor"] = ctx.actor_name(view.initiative.actor_id);
  data["summary"] = view.initiative.summary.In(lang);
  data["print"] = print;
  data["levels"] = ElementsByLevel(view.model, Named(view), tr, lang);
  data["has_model"] = !view.model.elements.empty();
  json diagnostics = DiagnosticsView(view, tr, lang);
  data["has_diagnostics"] = !diagnostics.empty();
  data["diagnostics"] = std::move(diagnostics);
  json followed = FollowedView(view, lang);
  data["has_indicators"] = !followed.empty();
  data["indicators"] = std::move(followed);
  const Language other = OtherLanguage(lang);
  data["other_language_href"] = InitiativeHref(view.initiative.id) + "/rapport?lang=" +
                                std::string(LanguageCode(other));
  data["other_language_label"] =
      other == Language::kEnglish ? "Read the report in English" : "Läs rapporten på svenska";
  data["other_language"] = LanguageCode(other);
  data["sroi"] = false;
  if (result && view.sroi_map) {
    SroiPageView sroi{.form = SroiFormFromMap(*view.sroi_map, lang),
                      .map = &*view.sroi_map,
                      .result = result};
    json calculator = SroiPage(req, tr, sroi).data;
    json sroi_data = calculator["result"];
    // Charts, each with the table above it as its alternative.
    std::vector<std::string> stakeholder_labels;
    json stakeholder_values = json::array();
    for (const auto& s : result->stakeholders) {
      stakeholder_labels.push_back(s.stakeholder);
      stakeholder_values.push_back(Kronor(s.present_value));
    }
    sroi_data["stakeholder_chart_json"] = ScriptJson(ChartData(
        "bar", tr.Tr(lang, N_("Present value per stakeholder (SEK)")), stakeholder_labels,
        json::array({{{"label", tr.Tr(lang, N_("Present value"))},
                      {"data", stakeholder_values},
                      {"style", "primary"}}}),
        true));
    std::vector<std::string> year_labels;
    json year_values = json::array();
    json year_inputs = json::array();
    for (const auto& y : result->years) {
      year_labels.push_back(std::to_string(y.year));
      year_values.push_back(Kronor(y.value));
      year_inputs.push_back(Kronor(y.inputs));
    }
    sroi_data["year_chart_json"] = ScriptJson(ChartData(
        "bar", tr.Tr(lang, N_("Value and inputs per year (SEK)")), year_labels,
        json::array({{{"label", tr.Tr(lang, N_("Value of the outcomes"))},
                      {"data", year_values},
                      {"style", "primary"}},
                     {{"label", tr.Tr(lang, N_("Inputs paid"))},
                      {"data", year_inputs},
                      {"style", "secondary"}}}),
        false));
    sroi_data["has_sensitivity_chart"] = false;
    if (result->sensitivity) {
      std::vector<std::string> rate_labels;
      json ratios = json::array();
      for (const auto& r : result->sensitivity->discount_rates) {
        rate_labels.push_back(FormatPercent(r.discount_rate, lang));
        ratios.push_back(std::round(r.ratio * 100) / 100);
      }
      sroi_data["sensitivity_chart_json"] = ScriptJson(ChartData(
          "line", tr.Tr(lang, N_("SROI ratio at other discount rates")), rate_labels,
          json::array({{{"label", tr.Tr(lang, N_("SROI ratio"))},
                        {"data", ratios},
                        {"style", "primary"}}}),
          false));
      sroi_data["has_sensitivity_chart"] = true;
    }
    data["sroi"] = std::move(sroi_data);
  }
  data["csv_href"] = InitiativeHref(view.initiative.id) + "/rapport?format=csv&lang=" +
                     std::string(LanguageCode(lang));
  data["print_href"] = InitiativeHref(view.initiative.id) + "/rapport?utskrift=1&lang=" +
                       std::string(LanguageCode(lang));
  return {.template_name = "impact/report",
          .title = tr.Tr(lang, N_("Impact report: {{name}}"),
                         {{"name", view.initiative.name.In(lang)}}),
          .data = std::move(data)};
}

std::string ReportCsv(const InitiativeView& view, const SroiResult* result,
                      const web::Translator& tr, Language lang) {
  std::vector<std::vector<std::string>> rows;
  rows.push_back({tr.Tr(lang, N_("Section")), tr.Tr(lang, N_("Item")), tr.Tr(lang, N_("Period")),
                  tr.Tr(lang, N_("Value")), tr.Tr(lang, N_("Unit"))});
  const std::string indicator_section = tr.Tr(lang, N_("Indicator"));
  for (const auto& f : view.indicators) {
    const std::string name = f.indicator.name.In(lang);
    if (f.pick.baseline) {
      rows.push_back({tr.Tr(lang, N_("Baseline")), name, f.pick.baseline_period,
                      FormatForInput(*f.pick.baseline, 6, Language::kEnglish), f.indicator.unit});
    }
    if (f.pick.target) {
      rows.push_back({tr.Tr(lang, N_("Target")), name, f.pick.target_period,
                      FormatForInput(*f.pick.target, 6, Language::kEnglish), f.indicator.unit});
    }
    for (const auto& v : f.values) {
      rows.push_back({indicator_section, name, v.value.period,
                      FormatForInput(v.value.value, 6, Language::kEnglish), f.indicator.unit});
    }
  }
  if (result) {
    const std::string sek = "SEK";
    auto money = [](Ore ore) { return FormatForInput(Kronor(ore), 2, Language::kEnglish); };
    rows.push_back({"SROI", tr.Tr(lang, N_("Present value of the outcomes (SEK)")), "",
                    money(result->headline.present_value), sek});
    rows.push_back({"SROI", tr.Tr(lang, N_("Present value of the inputs (SEK)")), "",
                    money(result->headline.inputs_present_value), sek});
    rows.push_back({"SROI", tr.Tr(lang, N_("SROI ratio")), "",
                    FormatForInput(result->headline.ratio, 4, Language::kEnglish), ""});
    for (const auto& s : result->stakeholders) {
      rows.push_back({tr.Tr(lang, N_("Stakeholder")), s.stakeholder, "", money(s.present_value),
                      sek});
    }
    for (const auto& y : result->years) {
      rows.push_back({tr.Tr(lang, N_("Year")), tr.Tr(lang, N_("Value of the outcomes")),
                      std::to_string(y.year), money(y.value), sek});
    }
  }
  std::string out;
  for (const auto& row : rows) AppendCsvRecord(out, row);
  return out;
}

// --- Proxy library ---------------------------------------------------------------------------

web::PageView ProxyLibraryPage(const web::Request& req, const web::Translator& tr,
                               const std::vector<FinancialProxy>& proxies, bool may_curate) {
  const Language lang = req.lang;
  json rows = ProxyRows(proxies, lang);
  json data = {{"proxies", rows},
               {"has_proxies", !rows.empty()},
               {"may_curate", may_curate},
               {"guide_proxies", GuideHref(GuideTopic::kFinancialProxies)}};
  return {.template_name = "impact/proxies",
          .title = tr.Tr(lang, N_("Proxy library")),
          .data = std::move(data)};
}

Result<FinancialProxy> ProxyFromForm(const web::Params& form, Language lang) {
  FinancialProxy p{.id = Trim(FormValue(form, "id")),
                   .name = TextPair(form, "name"),
                   .kind = FormValue(form, "kind") == "rate" ? ProxyKind::kRate
                                                             : ProxyKind::kAmount,
                   .unit = Trim(FormValue(form, "unit")),
                   .currency = Trim(FormValue(form, "currency", "SEK")),
                   .source = Trim(FormValue(form, "source")),
                   .licence = Trim(FormValue(form, "licence")),
                   .verified = true};
  p.name.sv = Trim(p.name.sv);
  p.name.en = Trim(p.name.en);
  std::vector<FieldError> errors;
  const std::string value = FormValue(form, "value");
  if (p.kind == ProxyKind::kAmount) {
    auto amount = ParseMoneyInput(value, lang);
    if (!amount) {
      errors.push_back({"value", N_("Enter an amount with at most two decimals."), {}});
    } else {
      p.amount = *amount;
    }
  } else {
    auto percent = ParseNumberInput(value, lang);
    if (!percent) {
      errors.push_back({"value", N_("Enter a number."), {}});
    } else {
      p.rate = *percent / 100.0;
      p.currency.clear();
    }
  }
  auto year = ParseWholeInput(FormValue(form, "price_year"), lang);
  p.price_year = year.value_or(0);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return p;
}

web::PageView ProxyFormPage(const web::Request& req, const web::Translator& tr,
                            const web::Params& form, const Error* error) {
  const Language lang = req.lang;
  json data = {{"csrf_token", req.csrf_token},
               {"guide_proxies", GuideHref(GuideTopic::kFinancialProxies)}};
  for (const char* name : {"id", "name_sv", "name_en", "value", "unit", "price_year", "source",
                           "licence"}) {
    data[name] = FormValue(form, name);
  }
  data["currency"] = FormValue(form, "currency", "SEK");
  const bool rate = FormValue(form, "kind") == "rate";
  data["kinds"] = json::array(
      {{{"value", "amount"}, {"label", tr.Tr(lang, N_("An amount of money per unit"))},
        {"selected", !rate}},
       {{"value", "rate"}, {"label", tr.Tr(lang, N_("A rate in per cent"))}, {"selected", rate}}});
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  return WithError({.template_name = "impact/proxy_form",
                    .title = tr.Tr(lang, N_("New financial proxy")),
                    .data = std::move(data)},
                   error);
}

json ProxyJson(const FinancialProxy& p) {
  return {{"id", p.id},
          {"name", platform::ToJson(p.name)},
          {"kind", p.kind == ProxyKind::kRate ? "rate" : "amount"},
          {"value", p.kind == ProxyKind::kRate ? json(p.rate) : json(Kronor(p.amount))},
          {"unit", p.unit},
          {"currency", p.currency},
          {"price_year", p.price_year},
          {"source", p.source},
          {"licence", p.licence},
          {"verified", p.verified}};
}

// --- Library ---------------------------------------------------------------------------------

web::PageView LibraryPage(const web::Request& req, const web::Translator& tr,
                          const std::vector<Indicator>& indicators, const PageContext& ctx,
                          bool may_curate) {
  const Language lang = req.lang;
  json items = json::array();
  for (const auto& i : indicators) {
    json goals = json::array();
    for (const auto& link : i.sdg_links) {
      goals.push_back({{"text", SdgText(link)},
                       {"relation", tr.Tr(lang, RelationLabel(link.relation))},
                       {"goal_name", ctx.goal_name(link.goal)}});
    }
    items.push_back({{"href", IndicatorHref(i.id)},
                     {"name", i.name.In(lang)},
                     {"unit", i.unit},
                     {"definition", i.definition.In(lang)},
                     {"goals", goals}});
  }
  json data = {{"indicators", items},
               {"has_indicators", !items.empty()},
               {"may_curate", may_curate}};
  return {.template_name = "impact/library",
          .title = tr.Tr(lang, N_("Indicator library")),
          .data = std::move(data)};
}

Result<Indicator> IndicatorFromForm(const web::Params& form) {
  Indicator i{.id = Trim(FormValue(form, "id")),
              .name = TextPair(form, "name"),
              .definition = TextPair(form, "definition"),
              .calculation = TextPair(form, "calculation"),
              .unit = Trim(FormValue(form, "unit")),
              .source = Trim(FormValue(form, "source"))};
  std::vector<FieldError> errors;
  auto direction = ParseDirection(FormValue(form, "direction", "higher"));
  if (!direction) {
    errors.push_back({"direction", N_("Choose a direction."), {}});
  } else {
    i.direction = *direction;
  }
  i.aggregation = FormValue(form, "aggregation") == "mean" ? Aggregation::kMean : Aggregation::kSum;
  for (int k = 0; k < 3; ++k) {
    const std::string n = std::to_string(k);
    const std::string text = Trim(FormValue(form, "sdg_" + n));
    if (text.empty()) continue;
    SdgLink link;
    const auto dot = text.find('.');
    const std::string goal = text.substr(0, dot);
    try {
      size_t used = 0;
      link.goal = std::stoi(goal, &used);
      if (used != goal.size()) throw std::invalid_argument(goal);
    } catch (const std::exception&) {
      errors.push_back({"sdg_" + n, N_("Write a goal (8) or a target (8.5)."), {}});
      continue;
    }
    if (dot != std::string::npos) link.target = text;
    auto relation = ParseSdgRelation(FormValue(form, "relation_" + n, "contributes_to"));
    link.relation = relation.value_or(SdgRelation::kContributesTo);
    i.sdg_links.push_back(std::move(link));
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return i;
}

web::PageView IndicatorFormPage(const web::Request& req, const web::Translator& tr,
                                const web::Params& form, const Error* error) {
  const Language lang = req.lang;
  json data = {{"csrf_token", req.csrf_token}};
  for (const char* name : {"id", "name_sv", "name_en", "definition_sv", "definition_en",
                           "calculation_sv", "calculation_en", "unit", "source"}) {
    data[name] = FormValue(form, name);
  }
  const std::string direction = FormValue(form, "direction", "higher");
  json directions = json::array();
  for (auto d : {IndicatorDirection::kHigherIsBetter, IndicatorDirection::kLowerIsBetter,
                 IndicatorDirection::kNeither}) {
    directions.push_back({{"value", DirectionCode(d)},
                          {"label", tr.Tr(lang, DirectionLabel(d))},
                          {"selected", DirectionCode(d) == direction}});
  }
  data["directions"] = directions;
  const bool mean = FormValue(form, "aggregation") == "mean";
  data["aggregations"] = json::array(
      {{{"value", "sum"},
        {"label", tr.Tr(lang, N_("Sum: counts and flows (people, tonnes)"))},
        {"selected", !mean}},
       {{"value", "mean"},
        {"label", tr.Tr(lang, N_("Mean: shares and scores"))},
        {"selected", mean}}});
  json sdg_rows = json::array();
  for (int k = 0; k < 3; ++k) {
    const std::string n = std::to_string(k);
    const std::string relation = FormValue(form, "relation_" + n, "contributes_to");
    json relations = json::array();
    for (auto r : {SdgRelation::kMeasures, SdgRelation::kContributesTo, SdgRelation::kProxyFor}) {
      relations.push_back({{"value", SdgRelationCode(r)},
                           {"label", tr.Tr(lang, RelationLabel(r))},
                           {"selected", SdgRelationCode(r) == relation}});
    }
    sdg_rows.push_back({{"n", k},
                        {"number", k + 1},
                        {"value", FormValue(form, "sdg_" + n)},
                        {"relations", relations}});
  }
  data["sdg_rows"] = sdg_rows;
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  return WithError({.template_name = "impact/indicator_form",
                    .title = tr.Tr(lang, N_("New indicator")),
                    .data = std::move(data)},
                   error);
}

web::PageView IndicatorPage(const web::Request& req, const web::Translator& tr,
                            const IndicatorView& view, const PageContext& ctx) {
  const Language lang = req.lang;
  const Indicator& i = view.indicator;
  json goals = json::array();
  for (const auto& link : i.sdg_links) {
    const std::string title = link.target.empty() ? "" : ctx.target_title(link.target);
    goals.push_back({{"text", SdgText(link)},
                     {"relation", tr.Tr(lang, RelationLabel(link.relation))},
                     {"goal_name", ctx.goal_name(link.goal)},
                     {"target_title", title.empty() ? json(false) : json(title)}});
  }
  json uses = json::array();
  for (const auto& use : view.uses) {
    json values = json::array();
    for (const auto& v : use.values) {
      values.push_back({{"period", v.value.period}, {"value", Number(v.value.value, lang)}});
    }
    uses.push_back({{"href", InitiativeHref(use.initiative.id)},
                    {"name", use.initiative.name.In(lang)},
                    {"actor", ctx.actor_name(use.initiative.actor_id)},
                    {"baseline", OptNumber(use.pick.baseline, lang)},
                    {"baseline_period", use.pick.baseline_period},
                    {"target", OptNumber(use.pick.target, lang)},
                    {"target_period", use.pick.target_period},
                    {"values", values},
                    {"has_values", !values.empty()}});
  }
  json data = {{"id", i.id},
               {"name", i.name.In(lang)},
               {"definition", i.definition.In(lang)},
               {"calculation", i.calculation.In(lang)},
               {"unit", i.unit},
               {"direction", tr.Tr(lang, DirectionLabel(i.direction))},
               {"aggregation", i.aggregation == Aggregation::kMean
                                   ? tr.Tr(lang, N_("Mean: shares and scores"))
                                   : tr.Tr(lang, N_("Sum: counts and flows (people, tonnes)"))},
               {"source", i.source},
               {"goals", goals},
               {"has_goals", !goals.empty()},
               {"uses", uses},
               {"has_uses", !uses.empty()}};
  return {.template_name = "impact/indicator", .title = i.name.In(lang), .data = std::move(data)};
}

web::PageView SdgPage(const web::Request& req, const web::Translator& tr, const SdgRollUp& rollup,
                      const std::vector<Indicator>& indicators, const PageContext& ctx) {
  const Language lang = req.lang;
  std::map<std::string, const Indicator*> by_id;
  for (const auto& i : indicators) by_id[i.id] = &i;
  auto totals = [&](const std::vector<IndicatorTotal>& list) {
    json out = json::array();
    for (const auto& t : list) {
      const Indicator* i = by_id.count(t.indicator_id) ? by_id[t.indicator_id] : nullptr;
      std::string relations;
      for (auto r : t.relations) {
        relations += (relations.empty() ? "" : ", ") + tr.Tr(lang, RelationLabel(r));
      }
      std::string targets;
      for (const auto& target : t.targets) targets += (targets.empty() ? "" : ", ") + target;
      out.push_back({{"href", IndicatorHref(t.indicator_id)},
                     {"name", i ? i->name.In(lang) : t.indicator_id},
                     {"unit", i ? i->unit : ""},
                     {"period", t.period},
                     {"value", Number(t.value, lang)},
                     {"aggregation", t.aggregation == Aggregation::kMean
                                         ? tr.Tr(lang, N_("mean"))
                                         : tr.Tr(lang, N_("sum"))},
                     {"count", t.values},
                     {"relations", relations},
                     {"targets", targets}});
    }
    return out;
  };
  json goals = json::array();
  for (const auto& g : rollup.goals) {
    goals.push_back({{"goal", g.goal},
                     {"name", ctx.goal_name(g.goal)},
                     {"values", g.values},
                     {"initiatives", g.initiatives},
                     {"indicators", totals(g.indicators)}});
  }
  json data = {{"goals", goals},
               {"has_goals", !goals.empty()},
               {"values", rollup.values},
               {"initiatives", rollup.initiatives},
               {"overall", totals(rollup.indicators)}};
  return {.template_name = "impact/sdg",
          .title = tr.Tr(lang, N_("Impact per Sustainable Development Goal")),
          .data = std::move(data)};
}

// --- JSON ------------------------------------------------------------------------------------

json InitiativeJson(const Initiative& initiative, const PageContext& ctx) {
  return {{"id", initiative.id},
          {"actor_id", initiative.actor_id},
          {"actor_name", ctx.actor_name(initiative.actor_id)},
          {"name", platform::ToJson(initiative.name)},
          {"summary", platform::ToJson(initiative.summary)},
          {"updated_at_ms", initiative.updated_at_ms}};
}

// Records "Unknown field." for every member of `object` not in `known`: a misspelt member
// must not silently count as missing.
void RejectUnknown(const json& object, std::initializer_list<const char*> known,
                   const std::string& path, std::vector<FieldError>& errors) {
  for (const auto& [key, value] : object.items()) {
    bool found = false;
    for (const char* k : known) found = found || key == k;
    if (!found) errors.push_back({path.empty() ? key : path + "." + key, N_("Unknown field."), {}});
  }
}

json LogicModelJson(const LogicModel& model) {
  json elements = json::array();
  for (const auto& e : model.elements) {
    elements.push_back({{"id", e.id},
                        {"level", LogicLevelCode(e.level)},
                        {"title", platform::ToJson(e.title)},
                        {"indicator_ids", e.indicator_ids}});
  }
  json links = json::array();
  for (const auto& l : model.links) {
    json assumptions = json::array();
    for (const auto& a : l.assumptions) assumptions.push_back(platform::ToJson(a));
    json evidence = json::array();
    for (const auto& ev : l.evidence) {
      evidence.push_back({{"level", static_cast<int>(ev.level)},
                          {"description", platform::ToJson(ev.description)},
                          {"source", ev.source}});
    }
    links.push_back({{"from", l.from},
                     {"to", l.to},
                     {"assumptions", assumptions},
                     {"evidence", evidence}});
  }
  return {{"elements", elements}, {"links", links}};
}

namespace {

// A bilingual text in JSON: {"sv": …, "en": …} (either may be missing) or a plain string
// (taken as both). Records an error on `path` otherwise.
LocalizedText TextFromJson(const json& value, const std::string& path,
                           std::vector<FieldError>& errors) {
  if (value.is_string()) return {value.get<std::string>(), value.get<std::string>()};
  if (value.is_object()) {
    LocalizedText text;
    if (value.contains("sv") && value["sv"].is_string()) text.sv = value["sv"].get<std::string>();
    if (value.contains("en") && value["en"].is_string()) text.en = value["en"].get<std::string>();
    return text;
  }
  if (!value.is_null()) errors.push_back({path, N_("Must be a text or {\"sv\", \"en\"}."), {}});
  return {};
}

// The text member `key`, or `fallback` when it is absent or null; an error when it is not text.
std::string StringOr(const json& object, const char* key, std::string fallback,
                     const std::string& path, std::vector<FieldError>& errors) {
  if (!object.contains(key) || object[key].is_null()) return fallback;
  if (!object[key].is_string()) {
    errors.push_back({path.empty() ? std::string(key) : path + "." + key, N_("Must be a text."), {}});
    return fallback;
  }
  return object[key].get<std::string>();
}

std::string StringAt(const json& object, const char* key, const std::string& path,
                     std::vector<FieldError>& errors) {
  if (!object.contains(key) || object[key].is_null()) return "";
  if (!object[key].is_string()) {
    errors.push_back({path + "." + key, N_("Must be a text."), {}});
    return "";
  }
  return object[key].get<std::string>();
}

}  // namespace

Result<LogicModel> LogicModelFromJson(const json& document) {
  if (!document.is_object()) return Error::InvalidField("$", N_("Must be a JSON object."));
  std::vector<FieldError> errors;
  LogicModel model;
  RejectUnknown(document, {"elements", "links"}, "", errors);
  const json empty = json::array();
  const json& elements = document.contains("elements") ? document["elements"] : empty;
  const json& links = document.contains("links") ? document["links"] : empty;
  if (!document.contains("elements")) errors.push_back({"elements", N_("Must be a list."), {}});
  if (!elements.is_array()) errors.push_back({"elements", N_("Must be a list."), {}});
  if (!links.is_array()) errors.push_back({"links", N_("Must be a list."), {}});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  for (size_t i = 0; i < elements.size() && i <= kMaxLogicElements; ++i) {
    const std::string path = "elements[" + std::to_string(i) + "]";
    const json& e = elements[i];
    if (!e.is_object()) {
      errors.push_back({path, N_("Must be a JSON object."), {}});
      continue;
    }
    RejectUnknown(e, {"id", "level", "title", "indicator_ids"}, path, errors);
    LogicElement element{.id = StringAt(e, "id", path, errors)};
    auto level = ParseLogicLevel(StringAt(e, "level", path, errors));
    if (!level) {
      errors.push_back({path + ".level", N_("Must be one of: {{options}}."),
                        {{"options", "input, activity, output, short_term_outcome, "
                                     "intermediate_outcome, long_term_outcome, impact"}}});
    } else {
      element.level = *level;
    }
    element.title = TextFromJson(e.value("title", json()), path + ".title", errors);
    if (e.contains("indicator_ids") && e["indicator_ids"].is_array()) {
      for (const auto& id : e["indicator_ids"]) {
        if (id.is_string()) element.indicator_ids.push_back(id.get<std::string>());
      }
    }
    model.elements.push_back(std::move(element));
  }
  for (size_t i = 0; i < links.size() && i <= 4 * kMaxLogicElements; ++i) {
    const std::string path = "links[" + std::to_string(i) + "]";
    const json& l = links[i];
    if (!l.is_object()) {
      errors.push_back({path, N_("Must be a JSON object."), {}});
      continue;
    }
    RejectUnknown(l, {"from", "to", "assumptions", "evidence"}, path, errors);
    LogicLink link{.from = StringAt(l, "from", path, errors), .to = StringAt(l, "to", path, errors)};
    if (l.contains("assumptions") && l["assumptions"].is_array()) {
      for (size_t k = 0; k < l["assumptions"].size(); ++k) {
        link.assumptions.push_back(TextFromJson(
            l["assumptions"][k], path + ".assumptions[" + std::to_string(k) + "]", errors));
      }
    }
    if (l.contains("evidence") && l["evidence"].is_array()) {
      for (size_t k = 0; k < l["evidence"].size(); ++k) {
        const json& ev = l["evidence"][k];
        const std::string ev_path = path + ".evidence[" + std::to_string(k) + "]";
        if (!ev.is_object()) {
          errors.push_back({ev_path, N_("Must be a JSON object."), {}});
          continue;
        }
        int level = 0;
        if (ev.contains("level") && !ev["level"].is_null()) {
          const int64_t given = ev["level"].is_number_integer() ? ev["level"].get<int64_t>() : -1;
          level = given >= 0 && given <= 5 ? static_cast<int>(given) : -1;
        }
        if (level < 0 || level > 5) {
          errors.push_back({ev_path + ".level", N_("Must be a whole number from 0 to 5."), {}});
        }
        link.evidence.push_back(
            {.level = static_cast<EvidenceLevel>(std::clamp(level, 0, 5)),
             .description = TextFromJson(ev.value("description", json()),
                                         ev_path + ".description", errors),
             .source = StringAt(ev, "source", ev_path, errors)});
      }
    }
    model.links.push_back(std::move(link));
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return model;
}

json IndicatorJson(const Indicator& i) {
  json links = json::array();
  for (const auto& link : i.sdg_links) {
    links.push_back({{"goal", link.goal},
                     {"target", link.target},
                     {"relation", SdgRelationCode(link.relation)}});
  }
  return {{"id", i.id},
          {"name", platform::ToJson(i.name)},
          {"definition", platform::ToJson(i.definition)},
          {"calculation", platform::ToJson(i.calculation)},
          {"unit", i.unit},
          {"direction", DirectionCode(i.direction)},
          {"aggregation", i.aggregation == Aggregation::kMean ? "mean" : "sum"},
          {"source", i.source},
          {"sdg_links", links}};
}

Result<Indicator> IndicatorFromJson(const json& d) {
  if (!d.is_object()) return Error::InvalidField("$", N_("Must be a JSON object."));
  std::vector<FieldError> errors;
  RejectUnknown(d, {"id", "name", "definition", "calculation", "unit", "direction", "aggregation",
                    "source", "sdg_links"},
                "", errors);
  Indicator i{.id = StringAt(d, "id", "", errors),
              .name = TextFromJson(d.value("name", json()), "name", errors),
              .definition = TextFromJson(d.value("definition", json()), "definition", errors),
              .calculation = TextFromJson(d.value("calculation", json()), "calculation", errors),
              .unit = StringAt(d, "unit", "", errors),
              .source = StringAt(d, "source", "", errors)};
  auto direction = ParseDirection(StringOr(d, "direction", "higher", "", errors));
  if (!direction) {
    errors.push_back({"direction", N_("Must be one of: {{options}}."),
                      {{"options", "higher, lower, neither"}}});
  } else {
    i.direction = *direction;
  }
  i.aggregation = StringOr(d, "aggregation", "sum", "", errors) == "mean" ? Aggregation::kMean
                                                                        : Aggregation::kSum;
  if (d.contains("sdg_links") && d["sdg_links"].is_array()) {
    for (size_t k = 0; k < d["sdg_links"].size() && k < 50; ++k) {
      const json& l = d["sdg_links"][k];
      const std::string path = "sdg_links[" + std::to_string(k) + "]";
      if (!l.is_object() || !l.contains("goal") || !l["goal"].is_number_integer()) {
        errors.push_back({path + ".goal", N_("Must be a whole number from 1 to 17."), {}});
        continue;
      }
      auto relation = ParseSdgRelation(StringOr(l, "relation", "contributes_to", path, errors));
      if (!relation) {
        errors.push_back({path + ".relation", N_("Must be one of: {{options}}."),
                          {{"options", "measures, contributes_to, proxy_for"}}});
        continue;
      }
      const int64_t goal = l["goal"].get<int64_t>();
      i.sdg_links.push_back({.goal = goal >= 1 && goal <= kSdgGoals ? static_cast<int>(goal) : 0,
                             .target = StringOr(l, "target", "", path, errors),
                             .relation = *relation});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return i;
}

Result<FinancialProxy> ProxyFromJson(const json& d) {
  if (!d.is_object()) return Error::InvalidField("$", N_("Must be a JSON object."));
  std::vector<FieldError> errors;
  RejectUnknown(d, {"id", "name", "kind", "value", "unit", "currency", "price_year", "source",
                    "licence"},
                "", errors);
  FinancialProxy p{.id = StringAt(d, "id", "", errors),
                   .name = TextFromJson(d.value("name", json()), "name", errors),
                   .kind = StringOr(d, "kind", "amount", "", errors) == "rate" ? ProxyKind::kRate
                                                                            : ProxyKind::kAmount,
                   .unit = StringAt(d, "unit", "", errors),
                   .currency = StringOr(d, "currency", "SEK", "", errors),
                   .source = StringAt(d, "source", "", errors),
                   .licence = StringAt(d, "licence", "", errors),
                   .verified = true};
  if (!d.contains("value") || !d["value"].is_number()) {
    errors.push_back({"value", N_("Enter a number."), {}});
  } else if (p.kind == ProxyKind::kRate) {
    p.rate = d["value"].get<double>();
    p.currency.clear();
  } else {
    // Kronor with at most two decimals, as the calculators' money (money.h).
    const double kronor = d["value"].get<double>();
    const double ore = std::round(kronor * 100);
    if (!std::isfinite(kronor) || std::fabs(ore - kronor * 100) > 1e-6 || std::fabs(ore) > 1e14) {
      errors.push_back({"value", N_("Enter an amount with at most two decimals."), {}});
    } else {
      p.amount = static_cast<Ore>(ore);
    }
  }
  if (d.contains("price_year") && d["price_year"].is_number_integer()) {
    const int64_t year = d["price_year"].get<int64_t>();
    p.price_year = year >= 1900 && year <= 2100 ? static_cast<int>(year) : 0;
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return p;
}

json InitiativeViewJson(const InitiativeView& view, const PageContext& ctx,
                        const web::Translator& tr, Language lang) {
  json out = InitiativeJson(view.initiative, ctx);
  out["logic_model"] = LogicModelJson(view.model);
  json diagnostics = json::array();
  for (const auto& d : view.diagnostics) {
    diagnostics.push_back({{"code", DiagnosticCodeName(d.code)},
                           {"severity", d.severity == DiagnosticSeverity::kError     ? "error"
                                        : d.severity == DiagnosticSeverity::kWarning ? "warning"
                                                                                      : "advice"},
                           {"message", tr.Tr(lang, d.message)},
                           {"element_ids", d.element_ids},
                           {"link_index", d.link_index}});
  }
  out["diagnostics"] = diagnostics;
  json indicators = json::array();
  for (const auto& f : view.indicators) {
    json values = json::array();
    for (const auto& v : f.values) {
      values.push_back({{"period", v.value.period}, {"value", v.value.value}});
    }
    indicators.push_back({{"indicator", f.indicator.id},
                          {"name", platform::ToJson(f.indicator.name)},
                          {"unit", f.indicator.unit},
                          {"baseline", f.pick.baseline ? json(*f.pick.baseline) : json(nullptr)},
                          {"baseline_period", f.pick.baseline_period},
                          {"target", f.pick.target ? json(*f.pick.target) : json(nullptr)},
                          {"target_period", f.pick.target_period},
                          {"values", values}});
  }
  out["indicators"] = indicators;
  out["sroi_map"] = view.sroi_map ? SroiMapToJson(*view.sroi_map) : json(nullptr);
  return out;
}

json IndicatorViewJson(const IndicatorView& view, const PageContext& ctx) {
  json out = IndicatorJson(view.indicator);
  json uses = json::array();
  for (const auto& use : view.uses) {
    json values = json::array();
    for (const auto& v : use.values) {
      values.push_back({{"period", v.value.period}, {"value", v.value.value}});
    }
    uses.push_back({{"initiative", InitiativeJson(use.initiative, ctx)},
                    {"baseline", use.pick.baseline ? json(*use.pick.baseline) : json(nullptr)},
                    {"baseline_period", use.pick.baseline_period},
                    {"target", use.pick.target ? json(*use.pick.target) : json(nullptr)},
                    {"target_period", use.pick.target_period},
                    {"values", values}});
  }
  out["uses"] = uses;
  return out;
}

json SdgRollUpJson(const SdgRollUp& rollup, const PageContext& ctx) {
  auto totals = [](const std::vector<IndicatorTotal>& list) {
    json out = json::array();
    for (const auto& t : list) {
      json relations = json::array();
      for (auto r : t.relations) relations.push_back(SdgRelationCode(r));
      out.push_back({{"indicator", t.indicator_id},
                     {"period", t.period},
                     {"aggregation", t.aggregation == Aggregation::kMean ? "mean" : "sum"},
                     {"value", t.value},
                     {"values", t.values},
                     {"relations", relations},
                     {"targets", t.targets}});
    }
    return out;
  };
  json goals = json::array();
  for (const auto& g : rollup.goals) {
    goals.push_back({{"goal", g.goal},
                     {"name", ctx.goal_name(g.goal)},
                     {"values", g.values},
                     {"initiatives", g.initiatives},
                     {"indicators", totals(g.indicators)}});
  }
  return {{"goals", goals},
          {"values", rollup.values},
          {"initiatives", rollup.initiatives},
          {"indicators", totals(rollup.indicators)}};
}

json ReportJson(const InitiativeView& view, const SroiResult* result, const PageContext& ctx,
                const web::Translator& tr, Language lang) {
  json out = InitiativeViewJson(view, ctx, tr, lang);
  out["sroi_result"] =
      result && view.sroi_map ? SroiResultToJson(*view.sroi_map, *result) : json(nullptr);
  return out;
}

}  // namespace samverkan::impact
