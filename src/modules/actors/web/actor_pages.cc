#include "modules/actors/web/actor_pages.h"

#include <charconv>

#include "platform/api.h"

namespace samverkan::actors {
namespace {

using nlohmann::json;

std::string Trimmed(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

// A text with the `lang` attribute it needs when it is shown in the other language.
json ShownText(const LocalizedText& text, Language lang) {
  Language shown = text.ShownLanguage(lang);
  return {{"text", text.In(lang)}, {"lang", shown != lang ? json(LanguageCode(shown)) : json(false)}};
}

std::string FlagValue(const std::optional<bool>& flag) {
  return flag ? (*flag ? "true" : "false") : "";
}

std::string SelectedValue(const ActorFilter& f, Facet facet) {
  switch (facet) {
    case Facet::kSector: return f.sector;
    case Facet::kCounty: return f.county;
    case Facet::kMunicipality: return f.municipality;
    case Facet::kSdg: return f.sdg ? std::to_string(*f.sdg) : "";
    case Facet::kTargetGroup: return f.target_group;
    case Facet::kSocialEnterprise: return FlagValue(f.social_enterprise);
    case Facet::kMember: return FlagValue(f.member);
  }
  return "";
}

const char* FacetLabel(Facet facet) {
  switch (facet) {
    case Facet::kSector: return N_("Sector");
    case Facet::kCounty: return N_("County");
    case Facet::kMunicipality: return N_("Municipality");
    case Facet::kSdg: return N_("Global Goal");
    case Facet::kTargetGroup: return N_("Target group");
    case Facet::kSocialEnterprise: return N_("Social enterprise");
    case Facet::kMember: return N_("Alliance member");
  }
  return "";
}

std::string RegionName(const std::string& code, const ReferenceData& ref, const web::Translator& tr,
                       Language lang) {
  if (code == kWholeCountry) return tr.Tr(lang, N_("Whole of Sweden"));
  const County* county = ref.FindCounty(code);
  return county ? county->name : code;
}

std::string MunicipalityName(const std::string& code, const ReferenceData& ref) {
  const Municipality* m = ref.FindMunicipality(code);
  return m ? m->name : code;
}

// Every value a facet can take, with its label, in reference-data order.
std::vector<std::pair<std::string, std::string>> FacetChoices(Facet facet, const ReferenceData& ref,
                                                              const web::Translator& tr, Language lang) {
  std::vector<std::pair<std::string, std::string>> out;
  switch (facet) {
    case Facet::kSector:
      for (const auto& s : ref.sectors()) out.emplace_back(s.code, s.name.In(lang));
      break;
    case Facet::kCounty:
      out.emplace_back(std::string(kWholeCountry), tr.Tr(lang, N_("Whole of Sweden")));
      for (const auto& c : ref.counties()) out.emplace_back(c.code, c.name);
      break;
    case Facet::kMunicipality:
      for (const auto& m : ref.municipalities()) out.emplace_back(m.code, m.name);
      break;
    case Facet::kSdg:
      for (const auto& s : ref.sdgs()) {
        out.emplace_back(std::to_string(s.goal), std::to_string(s.goal) + ". " + s.name.In(lang));
      }
      break;
    case Facet::kTargetGroup:
      for (const auto& t : ref.target_groups()) out.emplace_back(t.code, t.name.In(lang));
      break;
    case Facet::kSocialEnterprise:
    case Facet::kMember:
      out.emplace_back("true", tr.Tr(lang, N_("Yes")));
      out.emplace_back("false", tr.Tr(lang, N_("No")));
      break;
  }
  return out;
}

json FacetControls(const ActorFilter& filter, const FacetCounts& counts, const ReferenceData& ref,
                   const web::Translator& tr, Language lang) {
  json facets = json::array();
  for (Facet facet : kFacets) {
    std::string name(FacetName(facet));
    std::string selected = SelectedValue(filter, facet);
    auto facet_counts = counts.find(facet);
    json options = json::array();
    options.push_back({{"value", ""}, {"label", tr.Tr(lang, N_("All"))}, {"selected", selected.empty()}});
    for (const auto& [value, label] : FacetChoices(facet, ref, tr, lang)) {
      int64_t count = 0;
      if (facet_counts != counts.end()) {
        auto it = facet_counts->second.find(value);
        if (it != facet_counts->second.end()) count = it->second;
      }
      // 290 municipalities would drown the few that have actors.
      if (facet == Facet::kMunicipality && count == 0 && value != selected) continue;
      options.push_back({{"value", value},
                         {"label", label + " (" + std::to_string(count) + ")"},
                         {"selected", value == selected}});
    }
    facets.push_back({{"name", name},
                      {"id", "filter-" + name},
                      {"label", tr.Tr(lang, FacetLabel(facet))},
                      {"options", std::move(options)}});
  }
  return facets;
}

// "Business · Umeå · Social enterprise": what a card says under the summary.
std::string CardMeta(const Actor& a, const ReferenceData& ref, const web::Translator& tr,
                     Language lang) {
  std::vector<std::string> parts;
  if (const CodeName* sector = ref.FindSector(a.profile.sector)) parts.push_back(sector->name.In(lang));
  if (!a.profile.municipality.empty()) parts.push_back(MunicipalityName(a.profile.municipality, ref));
  if (a.profile.wise) {
    parts.push_back(tr.Tr(lang, N_("Work-integration social enterprise")));
  } else if (a.profile.social_enterprise) {
    parts.push_back(tr.Tr(lang, N_("Social enterprise")));
  }
  if (a.profile.alliance_member) parts.push_back(tr.Tr(lang, N_("Alliance member")));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : " · ") + p;
  return out;
}

std::string Escaped(std::string_view name, const std::string& value) {
  return std::string(name) + "=" + web::PercentEncode(value);
}

}  // namespace

Result<ActorFilter> FilterFromParams(const web::Params& params) {
  ActorFilter f;
  std::vector<FieldError> errors;
  auto text = [&](const char* name) { return Trimmed(params.GetOr(name, "")); };
  auto flag = [&](const char* name) -> std::optional<bool> {
    std::string v = text(name);
    if (v.empty()) return std::nullopt;
    if (v == "true" || v == "1") return true;
    if (v == "false" || v == "0") return false;
    errors.push_back({name, N_("Must be true or false.")});
    return std::nullopt;
  };
  f.q = text("q");
  f.sector = text("sector");
  f.county = text("county");
  f.municipality = text("municipality");
  f.target_group = text("target_group");
  f.external_id = text("external_id");
  if (std::string sdg = text("sdg"); !sdg.empty()) {
    int goal = 0;
    auto [ptr, ec] = std::from_chars(sdg.data(), sdg.data() + sdg.size(), goal);
    if (ec != std::errc() || ptr != sdg.data() + sdg.size()) {
      errors.push_back({"sdg", N_("Must be a whole number from {{min}} to {{max}}."), {{"min", "1"}, {"max", "17"}}});
    } else {
      f.sdg = goal;
    }
  }
  f.social_enterprise = flag("social_enterprise");
  f.member = flag("member");
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return f;
}

Result<ActorQuery> QueryFromRequest(const web::Request& req) {
  std::vector<FieldError> errors;
  auto filter = FilterFromParams(req.query);
  if (!filter.ok()) errors = filter.error().fields();
  auto page = platform::ParsePageRequest(req, kMaxPageSize);
  ActorQuery query;
  query.language = req.lang;
  if (page.ok()) {
    query.limit = page->limit;
    if (page->after) {
      auto cursor = DecodeCursorKey(*page->after);
      if (cursor.ok()) {
        query.after = std::move(cursor).value();
      } else {
        for (const auto& f : cursor.error().fields()) errors.push_back(f);
      }
    }
  } else {
    for (const auto& f : page.error().fields()) errors.push_back(f);
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  query.filter = std::move(filter).value();
  return query;
}

std::string FilterQueryString(const ActorFilter& f) {
  std::vector<std::string> parts;
  if (!f.q.empty()) parts.push_back(Escaped("q", f.q));
  for (Facet facet : kFacets) {
    std::string value = SelectedValue(f, facet);
    if (!value.empty()) parts.push_back(Escaped(FacetName(facet), value));
  }
  if (!f.external_id.empty()) parts.push_back(Escaped("external_id", f.external_id));
  std::string out;
  for (const auto& p : parts) out += (out.empty() ? "" : "&") + p;
  return out;
}

json FacetsToJson(const FacetCounts& facets) {
  json out = json::object();
  for (Facet facet : kFacets) {
    json values = json::object();
    if (auto it = facets.find(facet); it != facets.end()) {
      for (const auto& [value, count] : it->second) values[value] = count;
    }
    out[std::string(FacetName(facet))] = std::move(values);
  }
  return out;
}

web::PageView DirectoryPage(const web::Request& req, const web::Translator& tr,
                            const ReferenceData& ref, const ActorQuery& query, const ActorList& list,
                            bool may_create) {
  Language lang = req.lang;
  json actors = json::array();
  for (const auto& a : list.items) {
    actors.push_back({{"href", "/aktorer/" + std::to_string(a.id)},
                      {"name", ShownText(a.profile.name, lang)},
                      {"summary", ShownText(a.profile.summary, lang)},
                      {"meta", CardMeta(a, ref, tr, lang)}});
  }
  std::string filter_query = FilterQueryString(query.filter);
  std::string base = "/aktorer?" + filter_query;
  if (query.limit != 20) base += (filter_query.empty() ? "" : "&") + Escaped("limit", std::to_string(query.limit));
  if (base.back() == '?') base.pop_back();
  json next = false, first = false;
  if (list.next_cursor) {
    next = base + (base.find('?') == std::string::npos ? "?" : "&") +
           Escaped("cursor", platform::EncodeCursor(*list.next_cursor));
  }
  if (query.after) first = base;
  std::string heading =
      tr.Tr(lang, list.total == 1 ? N_("{{count}} actor found") : N_("{{count}} actors found"),
            {{"count", std::to_string(list.total)}});
  json data = {{"q", query.filter.q},
               {"facets", FacetControls(query.filter, list.facets, ref, tr, lang)},
               {"results_heading", heading},
               {"actors", std::move(actors)},
               {"has_actors", !list.items.empty()},
               {"next_href", next},
               {"first_href", first},
               {"has_pages", list.next_cursor.has_value() || query.after.has_value()},
               {"filtered", !filter_query.empty()},
               {"new_href", may_create ? json("/aktorer/ny") : json(false)}};
  return {.template_name = "actors/directory",
          .title = tr.Tr(lang, "Actors"),
          .data = std::move(data),
          .description = tr.Tr(lang, "Organisations of every sector in the social-innovation ecosystem, and the social enterprises among them.")};
}

web::PageView ProfilePage(const web::Request& req, const web::Translator& tr,
                          const ReferenceData& ref, const Actor& a, bool may_edit) {
  Language lang = req.lang;
  const ActorProfile& p = a.profile;
  json facts = json::array();
  auto fact = [&](const char* label, std::string value, std::string href = {}) {
    facts.push_back({{"label", tr.Tr(lang, label)},
                     {"value", std::move(value)},
                     {"href", href.empty() ? json(false) : json(href)}});
  };
  if (const CodeName* sector = ref.FindSector(p.sector)) fact(N_("Sector"), sector->name.In(lang));
  if (p.wise) {
    fact(N_("Social enterprise"), tr.Tr(lang, N_("Yes, a work-integration social enterprise (WISE)")));
  } else if (p.social_enterprise) {
    fact(N_("Social enterprise"), tr.Tr(lang, N_("Yes")));
  }
  if (!p.municipality.empty()) fact(N_("Municipality"), MunicipalityName(p.municipality, ref));
  if (!p.regions.empty()) {
    std::string regions;
    for (const auto& r : p.regions) regions += (regions.empty() ? "" : ", ") + RegionName(r, ref, tr, lang);
    fact(N_("Works in"), regions);
  }
  if (p.founded) fact(N_("Founded"), std::to_string(*p.founded));
  if (!p.size_band.empty()) fact(N_("Employees"), p.size_band);
  if (!p.website.empty()) fact(N_("Website"), p.website, p.website);
  if (!p.org_number.empty()) fact(N_("Organisation number"), p.org_number);
  if (p.alliance_member) {
    fact(N_("Alliance member"),
         p.member_since.empty() ? tr.Tr(lang, N_("Yes"))
                                : tr.Tr(lang, N_("Since {{date}}"), {{"date", p.member_since}}));
  }

  json description = json::array();
  Language description_lang = p.description.ShownLanguage(lang);
  for (const auto& paragraph : PlainParagraphs(p.description.In(lang))) {
    description.push_back({{"text", paragraph},
                           {"lang", description_lang != lang ? json(LanguageCode(description_lang)) : json(false)}});
  }
  json sdgs = json::array();
  for (int goal : p.sdgs) {
    if (const Sdg* sdg = ref.FindSdg(goal)) sdgs.push_back({{"goal", goal}, {"name", sdg->name.In(lang)}});
  }
  json target_groups = json::array();
  for (const auto& code : p.target_groups) {
    if (const CodeName* t = ref.FindTargetGroup(code)) target_groups.push_back(t->name.In(lang));
  }
  json certifications = json::array();
  for (const auto& c : p.certifications) {
    certifications.push_back({{"name", c.name},
                              {"issuer", c.issuer.empty() ? "–" : c.issuer},
                              {"valid_until", c.valid_until.empty() ? "–" : c.valid_until}});
  }
  json partners = json::array();
  for (const auto& partner : a.partners) {
    partners.push_back({{"href", "/aktorer/" + std::to_string(partner.id)},
                        {"name", ShownText(partner.name, lang)}});
  }
  json data = {{"name", ShownText(p.name, lang)},
               {"summary", ShownText(p.summary, lang)},
               {"facts", std::move(facts)},
               {"description", description},
               {"has_description", !description.empty()},
               {"offers", ShownText(p.offers, lang)},
               {"seeks", ShownText(p.seeks, lang)},
               {"sdgs", sdgs},
               {"has_sdgs", !sdgs.empty()},
               {"target_groups", target_groups},
               {"has_target_groups", !target_groups.empty()},
               {"certifications", certifications},
               {"has_certifications", !certifications.empty()},
               {"partners", partners},
               {"has_partners", !partners.empty()},
               {"api_href", "/api/v1/actors/" + std::to_string(a.id)},
               {"edit_href", may_edit ? json("/aktorer/" + std::to_string(a.id) + "/redigera") : json(false)},
               {"saved", req.query.Has("sparat")},
               {"json_ld", OrganizationJsonLd(a, ref, lang)}};
  return {.template_name = "actors/profile",
          .title = p.name.In(lang),
          .data = std::move(data),
          .description = p.summary.In(lang)};
}

std::string OrganizationJsonLd(const Actor& a, const ReferenceData& ref, Language lang) {
  const ActorProfile& p = a.profile;
  json ld = {{"@context", "https://schema.org"}, {"@type", "Organization"}, {"name", p.name.In(lang)}};
  const std::string& other_name = p.name.In(OtherLanguage(lang));
  if (!other_name.empty() && other_name != p.name.In(lang)) ld["alternateName"] = other_name;
  if (!p.summary.empty()) ld["description"] = p.summary.In(lang);
  if (!p.website.empty()) ld["url"] = p.website;
  if (p.founded) ld["foundingDate"] = std::to_string(*p.founded);
  if (const Municipality* m = ref.FindMunicipality(p.municipality)) {
    json address = {{"@type", "PostalAddress"}, {"addressLocality", m->name}, {"addressCountry", "SE"}};
    if (const County* c = ref.FindCounty(m->county_code)) address["addressRegion"] = c->name;
    ld["address"] = std::move(address);
  }
  json areas = json::array();
  for (const auto& r : p.regions) {
    if (r == kWholeCountry) {
      areas.push_back({{"@type", "Country"}, {"name", "SE"}});
    } else if (const County* c = ref.FindCounty(r)) {
      areas.push_back({{"@type", "AdministrativeArea"}, {"name", c->name}});
    }
  }
  if (!areas.empty()) ld["areaServed"] = std::move(areas);
  if (!p.org_number.empty() && !a.org_number_personal) {
    ld["identifier"] = {{"@type", "PropertyValue"}, {"propertyID", "organisationsnummer"}, {"value", p.org_number}};
  }
  if (!p.size_band.empty()) {
    json employees = {{"@type", "QuantitativeValue"}};
    std::string band = p.size_band;
    size_t dash = band.find('-');
    if (dash != std::string::npos) {
      employees["minValue"] = std::stoi(band.substr(0, dash));
      employees["maxValue"] = std::stoi(band.substr(dash + 1));
    } else if (!band.empty() && band.back() == '+') {
      employees["minValue"] = std::stoi(band.substr(0, band.size() - 1));
    }
    ld["numberOfEmployees"] = std::move(employees);
  }
  std::string text = ld.dump(-1, ' ', false, json::error_handler_t::replace);
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '<': out += "\\u003c"; break;
      case '>': out += "\\u003e"; break;
      case '&': out += "\\u0026"; break;
      default: out += c;
    }
  }
  return out;
}

std::vector<std::string> PlainParagraphs(std::string_view markdown) {
  std::vector<std::string> paragraphs;
  std::string current;
  auto flush = [&] {
    if (!current.empty()) paragraphs.push_back(std::move(current));
    current.clear();
  };
  size_t pos = 0;
  while (pos <= markdown.size()) {
    size_t end = markdown.find('\n', pos);
    if (end == std::string_view::npos) end = markdown.size();
    std::string line = Trimmed(std::string(markdown.substr(pos, end - pos)));
    if (line.empty()) {
      flush();
    } else {
      current += (current.empty() ? "" : " ") + line;
    }
    pos = end + 1;
  }
  flush();
  return paragraphs;
}

}  // namespace samverkan::actors
