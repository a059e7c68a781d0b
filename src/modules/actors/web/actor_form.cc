#include "modules/actors/web/actor_form.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "platform/api.h"

namespace samverkan::actors {
namespace {

using nlohmann::json;

std::string Trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

std::string CertificationKey(const char* part, size_t row) {
  return std::string("certification_") + part + "_" + std::to_string(row);
}

// The bilingual texts of the form, in the order shown: the JSON field, the legend and the
// labels of its two halves, a hint, and how it is typed.
struct TextField {
  const char* field;
  const char* legend;
  const char* label_sv;
  const char* label_en;
  const char* hint;  // or nullptr
  size_t max_length;
  int rows;  // 0: a one-line input
  LocalizedText ActorProfile::*text;
};

const TextField kTextFields[] = {
    {"name", N_("Name"), N_("Name in Swedish"), N_("Name in English"),
     N_("Give the name in Swedish, English or both."), kMaxNameLength, 0, &ActorProfile::name},
    {"summary", N_("Summary"), N_("Summary in Swedish"), N_("Summary in English"),
     N_("One or two sentences, shown in the directory."), kMaxSummaryLength, 3,
     &ActorProfile::summary},
    {"description", N_("About the organisation"), N_("Description in Swedish"),
     N_("Description in English"), N_("Separate paragraphs with a blank line."),
     kMaxDescriptionLength, 8, &ActorProfile::description},
    {"offers", N_("What we offer"), N_("What we offer, in Swedish"),
     N_("What we offer, in English"), nullptr, kMaxOffersLength, 4, &ActorProfile::offers},
    {"seeks", N_("What we are looking for"), N_("What we are looking for, in Swedish"),
     N_("What we are looking for, in English"), nullptr, kMaxOffersLength, 4, &ActorProfile::seeks},
};

// The ids that describe a control: its hint and its error, when there are any.
std::string DescribedBy(const std::string& hint_id, const std::string& error_id) {
  std::string out = hint_id;
  if (!error_id.empty()) out += (out.empty() ? "" : " ") + error_id;
  return out;
}

json DescribedByJson(const std::string& ids) { return ids.empty() ? json(false) : json(ids); }

// The translated error of `field`, or false.
json ErrorOf(const json& errors, const std::string& field) {
  auto it = errors.find("error_" + field);
  return it != errors.end() ? *it : json(false);
}

}  // namespace

ActorFormInput ReadActorForm(const web::Params& form, const ActorProfile& base,
                             bool editor_fields) {
  ActorFormInput input;
  ActorProfile& p = input.profile;
  p = base;
  auto text = [&](const std::string& name) { return form.GetOr(name, ""); };
  for (const auto& f : kTextFields) {
    (p.*f.text).sv = text(std::string(f.field) + "_sv");
    (p.*f.text).en = text(std::string(f.field) + "_en");
  }
  p.sector = text("sector");
  p.social_enterprise = form.Has("social_enterprise");
  p.wise = form.Has("wise");
  p.municipality = text("municipality");
  p.regions = form.GetAll("regions");
  p.org_number = text("org_number");
  p.target_groups = form.GetAll("target_groups");
  p.website = text("website");
  p.size_band = text("size_band");

  p.sdgs.clear();
  bool bad_goal = false;
  for (const auto& value : form.GetAll("sdgs")) {
    int goal = 0;
    auto [ptr, ec] = std::from_chars(value.data(), value.data() + value.size(), goal);
    if (ec != std::errc() || ptr != value.data() + value.size()) {
      bad_goal = true;
    } else {
      p.sdgs.push_back(goal);
    }
  }
  if (bad_goal) {
    input.errors.push_back({"sdgs",
                            N_("Must be a whole number from {{min}} to {{max}}."),
                            {{"min", "1"}, {"max", "17"}}});
  }

  input.founded = Trimmed(text("founded"));
  p.founded.reset();
  if (!input.founded.empty()) {
    int year = 0;
    const std::string& y = input.founded;
    auto [ptr, ec] = std::from_chars(y.data(), y.data() + y.size(), year);
    if (ec != std::errc() || ptr != y.data() + y.size() || y.size() > 6) {
      input.errors.push_back({"founded", N_("Write the year with digits, for example 2012.")});
    } else {
      p.founded = year;
    }
  }

  // Rows are numbered from 0 without gaps; the bound keeps a forged form from looping long.
  p.certifications.clear();
  for (size_t row = 0; row < kMaxListLength + kEmptyCertificationRows; ++row) {
    auto name = form.Get(CertificationKey("name", row));
    auto issuer = form.Get(CertificationKey("issuer", row));
    auto valid_until = form.Get(CertificationKey("valid_until", row));
    if (!name && !issuer && !valid_until) break;
    Certification c{Trimmed(name.value_or("")), Trimmed(issuer.value_or("")),
                    Trimmed(valid_until.value_or(""))};
    if (c.name.empty() && c.issuer.empty() && c.valid_until.empty()) continue;
    p.certifications.push_back(std::move(c));
  }

  // The alliance membership is never read from the form: the alliance keeps it.
  if (editor_fields) p.external_id = text("external_id");
  return input;
}

std::optional<Error> ActorFormErrors(const ActorFormInput& input, const ReferenceData& reference,
                                     int current_year) {
  if (input.errors.empty()) return std::nullopt;
  std::vector<FieldError> errors = input.errors;
  auto valid = ValidateActor(input.profile, reference, current_year);
  if (!valid.ok()) {
    for (const auto& f : valid.error().fields()) {
      bool read_already = std::any_of(errors.begin(), errors.end(),
                                      [&](const auto& e) { return e.field == f.field; });
      if (!read_already) errors.push_back(f);
    }
  }
  return Error::Invalid(std::move(errors));
}

std::string FoundedText(const ActorProfile& profile) {
  return profile.founded ? std::to_string(*profile.founded) : "";
}

web::PageView ActorFormPage(const web::Request& req, const web::Translator& tr,
                            const ReferenceData& ref, const ActorFormView& view) {
  Language lang = req.lang;
  const ActorProfile& p = view.profile;
  json errors = view.error ? platform::FormErrors(tr, lang, *view.error) : json::object();

  json texts = json::array();
  for (const auto& f : kTextFields) {
    std::string field = f.field;
    json error = ErrorOf(errors, field);
    std::string hint_id = f.hint ? "hint-" + field : "";
    std::string error_id = error.is_string() ? "error-" + field : "";
    json describedby = DescribedByJson(DescribedBy(hint_id, error_id));
    auto half = [&](Language text_lang, const char* label) {
      std::string code(LanguageCode(text_lang));
      return json{{"id", text_lang == Language::kSwedish ? "field-" + field
                                                         : "field-" + field + "-" + code},
                  {"name", field + "_" + code},
                  {"lang", code},
                  {"label", tr.Tr(lang, label)},
                  {"value", text_lang == Language::kSwedish ? (p.*f.text).sv : (p.*f.text).en},
                  {"invalid", error.is_string()},
                  {"describedby", describedby}};
    };
    texts.push_back({{"field", field},
                     {"legend", tr.Tr(lang, f.legend)},
                     {"hint", f.hint ? json(tr.Tr(lang, f.hint)) : json(false)},
                     {"hint_id", hint_id},
                     {"error", error},
                     {"error_id", error_id},
                     {"multiline", f.rows > 0},
                     {"rows", f.rows},
                     {"maxlength", f.max_length},
                     {"halves", json::array({half(Language::kSwedish, f.label_sv),
                                             half(Language::kEnglish, f.label_en)})}});
  }

  json sectors = json::array();
  sectors.push_back({{"value", ""},
                     {"label", tr.Tr(lang, N_("Choose a sector"))},
                     {"selected", p.sector.empty()}});
  for (const auto& s : ref.sectors()) {
    sectors.push_back(
        {{"value", s.code}, {"label", s.name.In(lang)}, {"selected", s.code == p.sector}});
  }

  // Municipalities under their counties, in the reference data's order.
  json counties = json::array();
  for (const auto& county : ref.counties()) {
    json options = json::array();
    for (const auto& m : ref.municipalities()) {
      if (m.county_code != county.code) continue;
      options.push_back(
          {{"value", m.code}, {"label", m.name}, {"selected", m.code == p.municipality}});
    }
    if (!options.empty())
      counties.push_back({{"label", county.name}, {"options", std::move(options)}});
  }

  json size_bands = json::array();
  size_bands.push_back(
      {{"value", ""}, {"label", tr.Tr(lang, N_("Not given"))}, {"selected", p.size_band.empty()}});
  for (std::string_view band : kSizeBands) {
    size_bands.push_back({{"value", std::string(band)},
                          {"label", std::string(band)},
                          {"selected", band == p.size_band}});
  }

  // Groups of checkboxes; the first box carries the id the error summary links to.
  auto group = [&](std::string name, const char* legend, const char* hint,
                   std::vector<std::pair<std::string, std::string>> choices,
                   const std::set<std::string>& checked) {
    json error = ErrorOf(errors, name);
    std::string hint_id = hint ? "hint-" + name : "";
    std::string error_id = error.is_string() ? "error-" + name : "";
    json options = json::array();
    for (size_t i = 0; i < choices.size(); ++i) {
      options.push_back(
          {{"id", i == 0 ? "field-" + name : "field-" + name + "-" + choices[i].first},
           {"value", choices[i].first},
           {"label", choices[i].second},
           {"checked", checked.count(choices[i].first) > 0}});
    }
    return json{{"name", name},
                {"legend", tr.Tr(lang, legend)},
                {"hint", hint ? json(tr.Tr(lang, hint)) : json(false)},
                {"hint_id", hint_id},
                {"error", error},
                {"error_id", error_id},
                {"describedby", DescribedByJson(DescribedBy(hint_id, error_id))},
                {"options", std::move(options)}};
  };
  std::vector<std::pair<std::string, std::string>> region_choices = {
      {std::string(kWholeCountry), tr.Tr(lang, N_("Whole of Sweden"))}};
  for (const auto& c : ref.counties()) region_choices.emplace_back(c.code, c.name);
  std::vector<std::pair<std::string, std::string>> sdg_choices;
  for (const auto& s : ref.sdgs()) {
    sdg_choices.emplace_back(std::to_string(s.goal),
                             std::to_string(s.goal) + ". " + s.name.In(lang));
  }
  std::set<std::string> goals;
  for (int g : p.sdgs) goals.insert(std::to_string(g));
  std::vector<std::pair<std::string, std::string>> target_choices;
  for (const auto& t : ref.target_groups()) target_choices.emplace_back(t.code, t.name.In(lang));
  json groups = json::array({
      group("regions", N_("Works in"), N_("The counties where it works, or the whole of Sweden."),
            region_choices, {p.regions.begin(), p.regions.end()}),
      group("sdgs", N_("Global Goals"),
            N_("The UN Sustainable Development Goals it contributes to."), sdg_choices, goals),
      group("target_groups", N_("Target groups"), nullptr, target_choices,
            {p.target_groups.begin(), p.target_groups.end()}),
  });

  json certifications = json::array();
  size_t rows = p.certifications.size() + kEmptyCertificationRows;
  for (size_t row = 0; row < rows; ++row) {
    Certification c = row < p.certifications.size() ? p.certifications[row] : Certification{};
    std::string suffix = std::to_string(row);
    certifications.push_back({{"number", std::to_string(row + 1)},
                              {"name_id", row == 0 ? std::string("field-certifications")
                                                   : "certification-name-" + suffix},
                              {"name_name", CertificationKey("name", row)},
                              {"issuer_name", CertificationKey("issuer", row)},
                              {"valid_until_name", CertificationKey("valid_until", row)},
                              {"row", suffix},
                              {"cert_name", c.name},
                              {"cert_issuer", c.issuer},
                              {"cert_valid_until", c.valid_until}});
  }

  bool is_new = !view.actor_id;
  std::string title =
      is_new ? tr.Tr(lang, N_("New actor"))
             : tr.Tr(lang, N_("Edit {{name}}"),
                     {{"name", (view.stored_name.empty() ? p.name : view.stored_name).In(lang)}});
  std::string profile_href = is_new ? "/aktorer" : "/aktorer/" + std::to_string(*view.actor_id);
  json data = {{"csrf_token", req.csrf_token},
               {"heading", title},
               {"is_new", is_new},
               {"action", is_new ? "/aktorer/ny" : profile_href + "/redigera"},
               {"cancel_href", profile_href},
               {"texts", std::move(texts)},
               {"sectors", std::move(sectors)},
               {"social_enterprise", p.social_enterprise},
               {"wise", p.wise},
               {"no_municipality", p.municipality.empty()},
               {"counties", std::move(counties)},
               {"groups", std::move(groups)},
               {"org_number", p.org_number},
               {"website", p.website},
               {"founded", view.founded},
               {"size_bands", std::move(size_bands)},
               {"certifications", std::move(certifications)},
               {"max_name", kMaxNameLength},
               {"max_certification", kMaxCertificationTextLength},
               {"max_website", kMaxWebsiteLength},
               {"max_external_id", kMaxExternalIdLength},
               {"editor_fields", view.editor_fields},
               {"external_id", p.external_id},
               {"is_member", p.alliance_member},
               {"member_since", p.member_since}};
  // Single fields' errors as the contact form has them: error_<field> beside the field.
  for (const char* field :
       {"sector", "wise", "municipality", "org_number", "website", "founded", "size_band",
        "certifications", "external_id", "alliance_member", "member_since", "partners"}) {
    data[std::string("error_") + field] = ErrorOf(errors, field);
  }
  data["errors"] = errors.value("errors", json::array());
  data["has_errors"] = errors.value("has_errors", false);
  web::PageView page{.template_name = "actors/form", .title = title, .data = std::move(data)};
  if (view.error) page.status = web::StatusFor(view.error->code());
  return page;
}

}  // namespace samverkan::actors
