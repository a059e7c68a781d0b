#include "modules/actors/domain/actor_filter.h"

#include <algorithm>
#include <charconv>

namespace samverkan::actors {
namespace {

constexpr char kSeparator = '\x1f';

bool Contains(const std::vector<std::string>& list, const std::string& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

std::string_view FacetName(Facet facet) {
  switch (facet) {
    case Facet::kSector: return "sector";
    case Facet::kCounty: return "county";
    case Facet::kMunicipality: return "municipality";
    case Facet::kSdg: return "sdg";
    case Facet::kTargetGroup: return "target_group";
    case Facet::kSocialEnterprise: return "social_enterprise";
    case Facet::kMember: return "member";
  }
  return "";
}

Status ValidateFilter(const ActorFilter& f, const ReferenceData& ref) {
  std::vector<FieldError> errors;
  if (!f.sector.empty() && !ref.FindSector(f.sector)) {
    errors.push_back({"sector", N_("There is no sector {{code}}."), {{"code", f.sector}}});
  }
  if (!f.county.empty() && f.county != kWholeCountry && !ref.FindCounty(f.county)) {
    errors.push_back({"county", N_("There is no county with the code {{code}}; use a two-digit county code or SE for the whole country."),
                      {{"code", f.county}}});
  }
  if (!f.municipality.empty() && !ref.FindMunicipality(f.municipality)) {
    errors.push_back({"municipality", N_("There is no municipality with the code {{code}}."),
                      {{"code", f.municipality}}});
  }
  if (f.sdg && !ref.FindSdg(*f.sdg)) {
    errors.push_back({"sdg", N_("There is no goal {{goal}}; the goals are numbered 1 to 17."),
                      {{"goal", std::to_string(*f.sdg)}}});
  }
  if (!f.target_group.empty() && !ref.FindTargetGroup(f.target_group)) {
    errors.push_back({"target_group", N_("There is no target group {{code}}."), {{"code", f.target_group}}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

bool Restricts(const ActorFilter& f, Facet facet) {
  switch (facet) {
    case Facet::kSector: return !f.sector.empty();
    case Facet::kCounty: return !f.county.empty();
    case Facet::kMunicipality: return !f.municipality.empty();
    case Facet::kSdg: return f.sdg.has_value();
    case Facet::kTargetGroup: return !f.target_group.empty();
    case Facet::kSocialEnterprise: return f.social_enterprise.has_value();
    case Facet::kMember: return f.member.has_value();
  }
  return false;
}

std::vector<std::string> FacetValues(const ActorProfile& a, Facet facet) {
  switch (facet) {
    case Facet::kSector: return {a.sector};
    case Facet::kCounty: return a.regions;
    case Facet::kMunicipality:
      return a.municipality.empty() ? std::vector<std::string>{} : std::vector{a.municipality};
    case Facet::kSdg: {
      std::vector<std::string> goals;
      for (int g : a.sdgs) goals.push_back(std::to_string(g));
      return goals;
    }
    case Facet::kTargetGroup: return a.target_groups;
    case Facet::kSocialEnterprise: return {a.social_enterprise ? "true" : "false"};
    case Facet::kMember: return {a.alliance_member ? "true" : "false"};
  }
  return {};
}

bool Matches(const ActorProfile& a, const ActorFilter& f, std::optional<Facet> except) {
  if (!f.q.empty() && SearchText(a).find(FoldForSearch(f.q)) == std::string::npos) return false;
  if (!f.external_id.empty() && a.external_id != f.external_id) return false;
  for (Facet facet : kFacets) {
    if (facet == except || !Restricts(f, facet)) continue;
    std::string wanted;
    switch (facet) {
      case Facet::kSector: wanted = f.sector; break;
      case Facet::kCounty: wanted = f.county; break;
      case Facet::kMunicipality: wanted = f.municipality; break;
      case Facet::kSdg: wanted = std::to_string(*f.sdg); break;
      case Facet::kTargetGroup: wanted = f.target_group; break;
      case Facet::kSocialEnterprise: wanted = *f.social_enterprise ? "true" : "false"; break;
      case Facet::kMember: wanted = *f.member ? "true" : "false"; break;
    }
    if (!Contains(FacetValues(a, facet), wanted)) return false;
  }
  return true;
}

std::string EncodeCursorKey(const ActorCursor& c) {
  return std::string(LanguageCode(c.language)) + kSeparator + c.sort_key + kSeparator +
         std::to_string(c.id);
}

Result<ActorCursor> DecodeCursorKey(std::string_view key) {
  auto bad = [] {
    return Error::InvalidField("cursor", "The cursor is not valid. Start again from the first page.");
  };
  size_t first = key.find(kSeparator);
  size_t last = key.rfind(kSeparator);
  if (first == std::string_view::npos || first == last) return bad();
  auto lang = ParseLanguage(key.substr(0, first));
  if (!lang || first != 2) return bad();
  ActorCursor c;
  c.language = *lang;
  c.sort_key = std::string(key.substr(first + 1, last - first - 1));
  std::string_view id = key.substr(last + 1);
  auto [ptr, ec] = std::from_chars(id.data(), id.data() + id.size(), c.id);
  if (ec != std::errc() || ptr != id.data() + id.size() || id.empty() || c.id <= 0) return bad();
  return c;
}

}  // namespace samverkan::actors
