#include "modules/matching/web/dashboard_page.h"

#include <algorithm>

#include "modules/matching/sql/sql_matching_dashboard.h"
#include "platform/api.h"
#include "web/html/script_json.h"

namespace samverkan::matching {
namespace {

using nlohmann::json;
using web::ScriptJson;
using web::Request;

// Whole numbers with thousands grouped as each language writes them: "1 250 000" (with
// no-break spaces) and "1,250,000".
std::string Grouped(int64_t n, Language lang) {
  std::string digits = std::to_string(n < 0 ? -n : n);
  const std::string sep = lang == Language::kSwedish ? "\u00a0" : ",";
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += sep;
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::string Kronor(int64_t n, Language lang) {
  return lang == Language::kSwedish ? Grouped(n, lang) + "\u00a0kr" : "SEK " + Grouped(n, lang);
}

json FiguresJson(const DashboardFigures& f) {
  return {{"needs", f.needs},
          {"suggestions", f.suggestions},
          {"contacts", f.contacts},
          {"agreements", f.agreements},
          {"value_sek", f.value_sek},
          {"alliance_customer_agreements", f.alliance_customer_agreements},
          {"alliance_customers", f.alliance_customers}};
}

json KeyOrNull(const std::string& key) { return key.empty() ? json(nullptr) : json(key); }

std::string SectorName(const ReferenceData& ref, const std::string& code, Language lang,
                       const web::Translator& tr) {
  if (code.empty()) return tr.Tr(lang, N_("Sector not known"));
  const CodeName* s = ref.FindSector(code);
  return s ? s->name.In(lang) : code;
}

std::string CountyName(const ReferenceData& ref, const std::string& code, Language lang,
                       const web::Translator& tr) {
  if (code.empty()) return tr.Tr(lang, N_("County not known"));
  const County* c = ref.FindCounty(code);
  return c ? c->name : code;
}

bool AnyFigure(const DashboardFigures& f) {
  return f.needs || f.suggestions || f.contacts || f.agreements || f.value_sek;
}

// One table row: the heading cell and the figures in the reader's number format.
json TableRow(const std::string& name, const DashboardFigures& f, Language lang) {
  return {{"name", name},
          {"needs", Grouped(f.needs, lang)},
          {"suggestions", Grouped(f.suggestions, lang)},
          {"contacts", Grouped(f.contacts, lang)},
          {"agreements", Grouped(f.agreements, lang)},
          {"value", Kronor(f.value_sek, lang)},
          {"alliance_customers", Grouped(f.alliance_customers, lang)}};
}

struct FormValues {
  std::string period = "year";
  std::string from;
  std::string to;
  std::string sector;
  std::string county;
};

FormValues ValuesOf(const Request& req) {
  FormValues v;
  v.period = req.query.GetOr("period", "year");
  v.from = req.query.GetOr("from", "");
  v.to = req.query.GetOr("to", "");
  v.sector = req.query.GetOr("sector", "");
  v.county = req.query.GetOr("county", "");
  return v;
}

json FormData(const Request& req, const web::Translator& tr, const ReferenceData& ref,
              const FormValues& v) {
  const Language lang = req.lang;
  json periods = json::array();
  for (auto [code, label] : {std::pair{"year", N_("Year")}, std::pair{"quarter", N_("Quarter")},
                             std::pair{"month", N_("Month")}}) {
    periods.push_back(
        {{"value", code}, {"label", tr.Tr(lang, label)}, {"selected", v.period == code}});
  }
  json sectors = json::array();
  for (const auto& s : ref.sectors()) {
    sectors.push_back(
        {{"value", s.code}, {"label", s.name.In(lang)}, {"selected", v.sector == s.code}});
  }
  json counties = json::array();
  for (const auto& c : ref.counties()) {
    counties.push_back({{"value", c.code}, {"label", c.name}, {"selected", v.county == c.code}});
  }
  return {{"period_options", periods}, {"sector_options", sectors},
          {"county_options", counties}, {"from", v.from},
          {"to", v.to}};
}

web::PageView Page(const Request& req, const web::Translator& tr, const ReferenceData& ref,
                   const FormValues& values, const MatchingDashboard* d, const Error* error) {
  const Language lang = req.lang;
  json data = FormData(req, tr, ref, values);
  const std::string title = tr.Tr(lang, N_("Matching dashboard"));
  data["heading"] = title;
  data["json_href"] = "/api/v1/matching/dashboard" +
                      (req.query_string.empty() ? std::string() : "?" + req.query_string);
  if (error) {
    data.update(platform::FormErrors(tr, lang, *error));
  }
  if (d) {
    data["has_figures"] = true;
    const DashboardFigures& t = d->total;
    data["figures"] = json::array({
        {{"id", "needs"}, {"label", tr.Tr(lang, N_("Needs posted"))}, {"value", Grouped(t.needs, lang)}},
        {{"id", "suggestions"}, {"label", tr.Tr(lang, N_("Suggestions made"))}, {"value", Grouped(t.suggestions, lang)}},
        {{"id", "contacts"}, {"label", tr.Tr(lang, N_("Contacts requested"))}, {"value", Grouped(t.contacts, lang)}},
        {{"id", "agreements"}, {"label", tr.Tr(lang, N_("Agreements"))}, {"value", Grouped(t.agreements, lang)}},
        {{"id", "value"}, {"label", tr.Tr(lang, N_("Value of the agreements"))}, {"value", Kronor(t.value_sek, lang)}},
        {{"id", "alliance-customers"}, {"label", tr.Tr(lang, N_("Alliance members who became customers of social enterprises"))}, {"value", Grouped(t.alliance_customers, lang)}},
    });
    const std::string first = d->periods.front().key;
    const std::string last = d->periods.back().key;
    data["summary"] = tr.Tr(
        lang,
        N_("From {{first}} to {{last}}: {{needs}} needs posted, {{suggestions}} suggestions made, "
           "{{contacts}} contacts requested and {{agreements}} agreements worth {{value}} in "
           "total. In {{customer_agreements}} of the agreements an alliance member became the "
           "customer of a social enterprise ({{customers}} members in all)."),
        {{"first", first},
         {"last", last},
         {"needs", Grouped(t.needs, lang)},
         {"suggestions", Grouped(t.suggestions, lang)},
         {"contacts", Grouped(t.contacts, lang)},
         {"agreements", Grouped(t.agreements, lang)},
         {"value", Kronor(t.value_sek, lang)},
         {"customer_agreements", Grouped(t.alliance_customer_agreements, lang)},
         {"customers", Grouped(t.alliance_customers, lang)}});

    json labels = json::array(), needs = json::array(), suggestions = json::array(),
         contacts = json::array(), agreements = json::array(), values = json::array();
    json period_rows = json::array();
    int64_t top_count = 0;
    int64_t top_value = 0;
    for (const auto& p : d->periods) {
      labels.push_back(p.key);
      needs.push_back(p.figures.needs);
      suggestions.push_back(p.figures.suggestions);
      contacts.push_back(p.figures.contacts);
      agreements.push_back(p.figures.agreements);
      values.push_back(p.figures.value_sek);
      top_count = std::max({top_count, p.figures.needs, p.figures.suggestions, p.figures.contacts,
                            p.figures.agreements});
      top_value = std::max(top_value, p.figures.value_sek);
      period_rows.push_back(TableRow(p.key, p.figures, lang));
    }
    json counts_chart = {
        {"type", "bar"},
        {"label", tr.Tr(lang, N_("Bar chart of needs posted, suggestions made, contacts requested and agreements per period"))},
        {"labels", labels},
        {"datasets", json::array({{{"label", tr.Tr(lang, N_("Needs posted"))}, {"data", needs}, {"style", "series"}},
                                  {{"label", tr.Tr(lang, N_("Suggestions made"))}, {"data", suggestions}, {"style", "series"}},
                                  {{"label", tr.Tr(lang, N_("Contacts requested"))}, {"data", contacts}, {"style", "series"}},
                                  {{"label", tr.Tr(lang, N_("Agreements"))}, {"data", agreements}, {"style", "series"}}})},
        {"horizontal", false},
        {"min", 0},
        {"max", std::max<int64_t>(5, top_count + top_count / 10 + 1)}};
    json value_chart = {
        {"type", "bar"},
        {"label", tr.Tr(lang, N_("Bar chart of the value of the agreements in kronor per period"))},
        {"labels", labels},
        {"datasets", json::array({{{"label", tr.Tr(lang, N_("Value of the agreements"))}, {"data", values}, {"style", "primary"}}})},
        {"horizontal", false},
        {"min", 0},
        {"max", std::max<int64_t>(1000, top_value + top_value / 10)}};
    data["counts_chart_json"] = ScriptJson(counts_chart);
    data["value_chart_json"] = ScriptJson(value_chart);
    data["counts_caption"] = tr.Tr(
        lang, N_("Needs posted, suggestions made, contacts requested and agreements per period, from {{first}} to {{last}}. The table below has the same figures."),
        {{"first", first}, {"last", last}});
    data["value_caption"] = tr.Tr(
        lang, N_("The value of the agreements recorded per period, from {{first}} to {{last}}, in total {{value}}. The table below has the same figures."),
        {{"first", first}, {"last", last}, {"value", Kronor(t.value_sek, lang)}});
    data["periods"] = period_rows;
    json sector_rows = json::array();
    for (const auto& s : d->sectors) {
      sector_rows.push_back(TableRow(SectorName(ref, s.key, lang, tr), s.figures, lang));
    }
    data["sectors"] = sector_rows;
    json county_rows = json::array();
    int left_out = 0;
    for (const auto& c : d->counties) {
      if (!AnyFigure(c.figures)) {
        ++left_out;
        continue;
      }
      county_rows.push_back(TableRow(CountyName(ref, c.key, lang, tr), c.figures, lang));
    }
    data["counties"] = county_rows;
    data["has_counties"] = !county_rows.empty();
    data["counties_left_out"] = left_out > 0;
  }
  web::PageView view{
      .template_name = "matching/dashboard",
      .title = title,
      .data = std::move(data),
      .description = tr.Tr(lang, N_("What the matching of needs and offers has led to: suggestions, contacts, agreements and their value, per period, sector and county"))};
  if (error) view.status = web::http::status::unprocessable_entity;
  return view;
}

json FiguresSchema() {
  json integer = {{"type", "integer"}, {"minimum", 0}};
  return {{"type", "object"},
          {"required", {"needs", "suggestions", "contacts", "agreements", "value_sek",
                        "alliance_customer_agreements", "alliance_customers"}},
          {"properties",
           {{"needs", integer},
            {"suggestions", integer},
            {"contacts", integer},
            {"agreements", integer},
            {"value_sek", integer},
            {"alliance_customer_agreements", integer},
            {"alliance_customers", integer}}}};
}

json RowsSchema(const char* key) {
  json row = {{"type", "object"},
              {"required", {key, "figures"}},
              {"properties", {{key, {{"type", {"string", "null"}}}}, {"figures", FiguresSchema()}}}};
  return {{"type", "array"}, {"items", row}};
}

web::ApiParameter QueryParam(const char* name, const char* description) {
  return {.name = name, .in = "query", .description = description};
}

}  // namespace

Result<DashboardQuery> DashboardQueryFrom(const Request& req, const ReferenceData& reference) {
  DashboardQuery q;
  std::vector<FieldError> errors;
  const std::string period = req.query.GetOr("period", "");
  if (!period.empty()) {
    if (auto kind = ParsePeriodKind(period)) {
      q.period = *kind;
    } else {
      errors.push_back({"period", N_("Choose year, quarter or month."), {}});
    }
  }
  for (const char* field : {"from", "to"}) {
    const std::string text = req.query.GetOr(field, "");
    if (text.empty()) continue;
    auto bound = ParsePeriodBound(text);
    if (!bound.ok()) {
      errors.push_back({field, bound.error().message(), {}});
    } else if (std::string_view(field) == "from") {
      q.from = *bound;
    } else {
      q.to = *bound;
    }
  }
  q.sector = req.query.GetOr("sector", "");
  if (!q.sector.empty() && !reference.FindSector(q.sector)) {
    errors.push_back({"sector", N_("Choose a sector from the list."), {}});
  }
  q.county = req.query.GetOr("county", "");
  if (!q.county.empty() && !reference.FindCounty(q.county)) {
    errors.push_back({"county", N_("Choose a county from the list."), {}});
  }
  if (errors.empty() && q.from && q.to && q.from->first > q.to->last) {
    errors.push_back({"to", N_("The end of the range comes before its start."), {}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return q;
}

json MatchingDashboardJson(const MatchingDashboard& d, const DashboardQuery& q,
                           const std::string& from_text, const std::string& to_text) {
  json periods = json::array(), sectors = json::array(), counties = json::array();
  for (const auto& p : d.periods) periods.push_back({{"period", p.key}, {"figures", FiguresJson(p.figures)}});
  for (const auto& s : d.sectors) sectors.push_back({{"sector", KeyOrNull(s.key)}, {"figures", FiguresJson(s.figures)}});
  for (const auto& c : d.counties) counties.push_back({{"county", KeyOrNull(c.key)}, {"figures", FiguresJson(c.figures)}});
  return {{"period", std::string(PeriodKindName(d.period))},
          {"from", from_text.empty() ? json(nullptr) : json(from_text)},
          {"to", to_text.empty() ? json(nullptr) : json(to_text)},
          {"sector", KeyOrNull(q.sector)},
          {"county", KeyOrNull(q.county)},
          {"total", FiguresJson(d.total)},
          {"periods", periods},
          {"sectors", sectors},
          {"counties", counties}};
}

json MatchingDashboardSchema() {
  json nullable_string = {{"type", {"string", "null"}}};
  return {{"type", "object"},
          {"required", {"period", "total", "periods", "sectors", "counties"}},
          {"properties",
           {{"period", {{"type", "string"}, {"enum", {"year", "quarter", "month"}}}},
            {"from", nullable_string},
            {"to", nullable_string},
            {"sector", nullable_string},
            {"county", nullable_string},
            {"total", FiguresSchema()},
            {"periods", RowsSchema("period")},
            {"sectors", RowsSchema("sector")},
            {"counties", RowsSchema("county")}}}};
}

void RegisterMatchingDashboard(platform::ModuleRegistry& registry,
                               const platform::Services& services) {
  const platform::Services* s = &services;
  auto load = [s](const DashboardQuery& q) {
    return LoadMatchingDashboard(*s->db, *s->reference, q, DayOfMs(platform::NowMs()));
  };
  registry.AddNavigation({"/matchningar/oversikt", N_("Matching dashboard"), 33});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/matchningar/oversikt",
       .name = "matching.dashboard",
       .handler = [s, load](Request& req) {
         const FormValues values = ValuesOf(req);
         auto query = DashboardQueryFrom(req, *s->reference);
         if (!query.ok()) {
           return s->site->Page(req, Page(req, s->site->tr(), *s->reference, values, nullptr,
                                          &query.error()));
         }
         auto d = load(*query);
         if (!d.ok() && d.error().IsInvalid()) {
           return s->site->Page(req, Page(req, s->site->tr(), *s->reference, values, nullptr,
                                          &d.error()));
         }
         if (!d.ok()) return s->site->ErrorResponse(req, d.error());
         return s->site->Page(req, Page(req, s->site->tr(), *s->reference, values, &*d, nullptr));
       }});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/matching/dashboard",
       .name = "api.matching.dashboard",
       .handler =
           [s, load](Request& req) {
             auto query = DashboardQueryFrom(req, *s->reference);
             if (!query.ok()) return s->site->ErrorResponse(req, query.error());
             auto d = load(*query);
             if (!d.ok()) return s->site->ErrorResponse(req, d.error());
             return s->site->Json(req, MatchingDashboardJson(*d, *query, req.query.GetOr("from", ""),
                                                             req.query.GetOr("to", "")));
           },
       .api = web::ApiDoc{
           .summary = "What matching led to, per period and per sector and county of the need's "
                      "owner: needs posted, suggestions made (distinct need-offer pairs proposed "
                      "in alerts or opened as cases), contacts requested, agreements and their "
                      "value in SEK, and agreements in which an alliance member became the "
                      "customer of a social enterprise",
           .tag = "matching",
           .parameters =
               {QueryParam("period", "year (default), quarter or month"),
                QueryParam("from", "First period: 2026, 2026-Q2, 2026-05 or 2026-05-14"),
                QueryParam("to", "Last period, in the same forms"),
                QueryParam("sector", "Only needs whose owner is in this sector (a sector code)"),
                QueryParam("county", "Only needs whose owner is seated in this county (SCB code)")},
           .response = MatchingDashboardSchema(),
           .error_statuses = {422}}});
}

}  // namespace samverkan::matching
