#include "modules/impact/web/guides.h"

#include <array>

#include "modules/impact/web/number_text.h"

namespace samverkan::impact {
namespace {

using nlohmann::json;

constexpr std::array<Guide, 8> kGuides = {{
    {GuideTopic::kTheoryOfChange, "forandringsteori", "impact/guides/theory_of_change",
     N_("Theory of change and logic models"),
     N_("How the work of a programme leads to change: inputs, activities, outputs, outcomes and "
        "impact, with the assumptions between them.")},
    {GuideTopic::kFinancialProxies, "finansiella-proxyer", "impact/guides/financial_proxies",
     N_("Financial proxies"),
     N_("How to put a value in kronor on an outcome that is not bought or sold, and where to "
        "find figures you can cite.")},
    {GuideTopic::kDeadweight, "dodvikt", "impact/guides/deadweight", N_("Deadweight"),
     N_("How much of the outcome would have happened anyway, without the activity.")},
    {GuideTopic::kDisplacement, "undantrangning", "impact/guides/displacement", N_("Displacement"),
     N_("How much of the outcome only moved a problem or a benefit somewhere else.")},
    {GuideTopic::kAttribution, "attribution", "impact/guides/attribution", N_("Attribution"),
     N_("How much of the outcome is owed to the contributions of other people and "
        "organisations.")},
    {GuideTopic::kDropOff, "avtagande", "impact/guides/drop_off", N_("Drop-off and duration"),
     N_("How long an outcome lasts, and how much of it fades each year.")},
    {GuideTopic::kDiscounting, "diskontering", "impact/guides/discounting",
     N_("Discounting and present value"),
     N_("Why a krona next year is worth less than a krona today, and how present value, the "
        "SROI ratio and the payback period are calculated.")},
    {GuideTopic::kSocioEconomicAccounts, "socioekonomiskt-bokslut",
     "impact/guides/socioeconomic_accounts", N_("Socio-economic accounts"),
     N_("The Swedish method that shows, actor by actor, what exclusion costs and what an "
        "intervention gives back.")},
}};

json GuideList(const web::Translator& tr, Language lang, const Guide* except) {
  json list = json::array();
  for (const Guide& guide : kGuides) {
    if (&guide == except) continue;
    list.push_back({{"href", GuideHref(guide.topic)},
                    {"title", tr.Tr(lang, guide.title)},
                    {"summary", tr.Tr(lang, guide.summary)}});
  }
  return list;
}

// The shipped proxy library as table rows. Names exist in both languages; the other columns
// are written in English only and are marked so on Swedish pages.
json ProxyRows(const std::vector<FinancialProxy>& proxies, Language lang) {
  json rows = json::array();
  for (const FinancialProxy& proxy : proxies) {
    std::string value = proxy.kind == ProxyKind::kRate
                            ? FormatPercent(proxy.rate, lang)
                            : FormatMoney(proxy.amount, lang) + " " + proxy.currency;
    rows.push_back({{"id", proxy.id},
                    {"name", proxy.name.In(lang)},
                    {"name_lang", LanguageCode(proxy.name.ShownLanguage(lang))},
                    {"value", value},
                    {"unit", proxy.unit},
                    {"price_year", proxy.price_year},
                    {"source", proxy.source},
                    {"licence", proxy.licence},
                    {"verified", proxy.verified}});
  }
  return rows;
}

}  // namespace

std::span<const Guide> Guides() { return kGuides; }

const Guide* FindGuide(std::string_view slug) {
  for (const Guide& guide : kGuides) {
    if (guide.slug == slug) return &guide;
  }
  return nullptr;
}

const Guide& GuideFor(GuideTopic topic) {
  for (const Guide& guide : kGuides) {
    if (guide.topic == topic) return guide;
  }
  return kGuides.front();  // unreachable: every topic has a guide
}

std::string GuideHref(GuideTopic topic, std::string_view section) {
  std::string href = "/effekt/guider/" + std::string(GuideFor(topic).slug);
  if (!section.empty()) href += "#" + std::string(section);
  return href;
}

web::PageView OverviewPage(const web::Request& req, const web::Translator& tr) {
  json data = {{"guides", GuideList(tr, req.lang, nullptr)}};
  return web::PageView{.template_name = "impact/overview",
                       .title = tr.Tr(req.lang, "Measuring impact"),
                       .data = std::move(data),
                       .description = tr.Tr(req.lang,
                                            "A common framework for showing the effect of social "
                                            "innovation: theory of change, indicators, SROI and "
                                            "socio-economic accounts.")};
}

web::PageView GuideIndexPage(const web::Request& req, const web::Translator& tr) {
  return web::PageView{.template_name = "impact/guides",
                       .title = tr.Tr(req.lang, "Guides to measuring impact"),
                       .data = {{"guides", GuideList(tr, req.lang, nullptr)}}};
}

web::PageView GuidePage(const web::Request& req, const web::Translator& tr, const Guide& guide,
                        const std::vector<FinancialProxy>* proxies) {
  json data = {{"other_guides", GuideList(tr, req.lang, &guide)},
               {"english_only", req.lang == Language::kSwedish}};
  if (guide.topic == GuideTopic::kFinancialProxies) {
    data["proxies_unavailable"] = proxies == nullptr;
    data["proxies"] = proxies ? ProxyRows(*proxies, req.lang) : json::array();
  }
  return web::PageView{.template_name = std::string(guide.template_name),
                       .title = tr.Tr(req.lang, guide.title),
                       .data = std::move(data),
                       .description = tr.Tr(req.lang, guide.summary)};
}

}  // namespace samverkan::impact
