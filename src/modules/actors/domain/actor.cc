#include "modules/actors/domain/actor.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "modules/actors/domain/org_number.h"

namespace samverkan::actors {
namespace {

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t start = 0;
  while (start < s.size() && space(s[start])) ++start;
  return s.substr(start);
}

// Length in characters, not bytes: limits are promised to people.
size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

class Checker {
 public:
  void Add(std::string field, std::string message, std::map<std::string, std::string> args = {}) {
    errors_.push_back({std::move(field), std::move(message), std::move(args)});
  }
  void MaxLength(const std::string& field, const std::string& text, size_t max) {
    if (Utf8Length(text) > max) {
      Add(field, N_("Use at most {{max}} characters."), {{"max", std::to_string(max)}});
    }
  }
  void Text(const std::string& field, LocalizedText& text, size_t max) {
    text.sv = Trim(std::move(text.sv));
    text.en = Trim(std::move(text.en));
    MaxLength(field, text.sv, max);
    MaxLength(field, text.en, max);
  }
  void ListLength(const std::string& field, size_t size) {
    if (size > kMaxListLength) {
      Add(field, N_("Give at most {{max}} items."), {{"max", std::to_string(kMaxListLength)}});
    }
  }
  std::vector<FieldError>& errors() { return errors_; }

 private:
  std::vector<FieldError> errors_;
};

// Keeps the first of each value, in order.
template <typename T>
void DropDuplicates(std::vector<T>& values) {
  std::vector<T> out;
  for (auto& v : values) {
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(std::move(v));
  }
  values = std::move(out);
}

bool IsExternalIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

bool LooksLikeWebAddress(std::string_view url) {
  size_t scheme = url.rfind("https://", 0) == 0 ? 8 : url.rfind("http://", 0) == 0 ? 7 : 0;
  if (scheme == 0 || url.size() == scheme) return false;
  if (url[scheme] == '/' || url[scheme] == '.') return false;
  return std::none_of(url.begin(), url.end(), [](unsigned char c) {
    return c <= ' ' || c == 0x7F || c == '<' || c == '>' || c == '"' || c == '\\';
  });
}

// Whether a two-byte UTF-8 sequence for U+0080–U+017F (Latin-1 and Latin Extended-A) starts
// at s[i]; these are the only letters folding and sort keys change beyond ASCII.
bool LatinPairAt(std::string_view s, size_t i) {
  unsigned char c = s[i];
  return c >= 0xC2 && c <= 0xC5 && i + 1 < s.size() && (s[i + 1] & 0xC0) == 0x80;
}

char32_t DecodePair(std::string_view s, size_t i) {
  return ((static_cast<unsigned char>(s[i]) & 0x1F) << 6) | (static_cast<unsigned char>(s[i + 1]) & 0x3F);
}

char32_t LowerLatin(char32_t cp) {
  if (cp >= 'A' && cp <= 'Z') return cp + 0x20;
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  // Latin Extended-A: upper and lower case alternate in pairs.
  if ((cp >= 0x100 && cp <= 0x137) || (cp >= 0x14A && cp <= 0x177)) return cp | 1;
  if (((cp >= 0x139 && cp <= 0x148) || (cp >= 0x179 && cp <= 0x17E)) && cp % 2 == 1) return cp + 1;
  if (cp == 0x178) return 0xFF;
  return cp;
}

void AppendUtf8(std::string& out, char32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// The sort letter of a folded code point: Swedish order puts å, ä, ö after z.
std::string_view SortLetter(char32_t cp) {
  switch (cp) {
    case 0xE5: return "{";                        // å
    case 0xE4: case 0xE6: return "|";             // ä, æ
    case 0xF6: case 0xF8: return "}";             // ö, ø
    case 0xE0: case 0xE1: case 0xE2: case 0xE3: return "a";
    case 0xE7: return "c";
    case 0xE8: case 0xE9: case 0xEA: case 0xEB: return "e";
    case 0xEC: case 0xED: case 0xEE: case 0xEF: return "i";
    case 0xF1: return "n";
    case 0xF2: case 0xF3: case 0xF4: case 0xF5: return "o";
    case 0xF9: case 0xFA: case 0xFB: return "u";
    case 0xFC: case 0xFD: case 0xFF: return "y";  // ü sorts as y in Swedish
    default: return {};
  }
}

}  // namespace

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  auto number = [&](size_t pos, size_t len) {
    int v = 0;
    for (size_t i = pos; i < pos + len; ++i) v = v * 10 + (text[i] - '0');
    return v;
  };
  std::chrono::year_month_day day{std::chrono::year(number(0, 4)),
                                  std::chrono::month(static_cast<unsigned>(number(5, 2))),
                                  std::chrono::day(static_cast<unsigned>(number(8, 2)))};
  return day.ok();
}

Result<ActorProfile> ValidateActor(ActorProfile p, const ReferenceData& ref, int current_year) {
  Checker check;

  p.external_id = Trim(std::move(p.external_id));
  if (p.external_id.size() > kMaxExternalIdLength ||
      !std::all_of(p.external_id.begin(), p.external_id.end(), IsExternalIdChar)) {
    check.Add("external_id",
              N_("An external id has at most {{max}} letters a–z, digits and the characters . _ : -"),
              {{"max", std::to_string(kMaxExternalIdLength)}});
  }

  check.Text("name", p.name, kMaxNameLength);
  if (p.name.empty()) check.Add("name", N_("Enter the name in Swedish or English."));
  check.Text("summary", p.summary, kMaxSummaryLength);
  check.Text("description", p.description, kMaxDescriptionLength);
  check.Text("offers", p.offers, kMaxOffersLength);
  check.Text("seeks", p.seeks, kMaxOffersLength);

  p.sector = Trim(std::move(p.sector));
  if (p.sector.empty()) {
    check.Add("sector", N_("Choose a sector."));
  } else if (!ref.FindSector(p.sector)) {
    check.Add("sector", N_("There is no sector {{code}}."), {{"code", p.sector}});
  }
  if (p.wise && !p.social_enterprise) {
    check.Add("wise", N_("A work-integration social enterprise is also a social enterprise."));
  }

  p.municipality = Trim(std::move(p.municipality));
  if (!p.municipality.empty() && !ref.FindMunicipality(p.municipality)) {
    check.Add("municipality", N_("There is no municipality with the code {{code}}."),
              {{"code", p.municipality}});
  }

  for (auto& r : p.regions) r = Trim(std::move(r));
  DropDuplicates(p.regions);
  check.ListLength("regions", p.regions.size());
  for (const auto& r : p.regions) {
    if (r != kWholeCountry && !ref.FindCounty(r)) {
      check.Add("regions", N_("There is no county with the code {{code}}; use a two-digit county code or SE for the whole country."),
                {{"code", r}});
    }
  }

  p.org_number = Trim(std::move(p.org_number));
  if (!p.org_number.empty()) {
    auto number = ParseOrgNumber(p.org_number);
    if (number.ok()) {
      p.org_number = number->formatted;
    } else {
      for (const auto& f : number.error().fields()) check.errors().push_back(f);
    }
  }

  std::sort(p.sdgs.begin(), p.sdgs.end());
  p.sdgs.erase(std::unique(p.sdgs.begin(), p.sdgs.end()), p.sdgs.end());
  for (int goal : p.sdgs) {
    if (!ref.FindSdg(goal)) {
      check.Add("sdgs", N_("There is no goal {{goal}}; the goals are numbered 1 to 17."),
                {{"goal", std::to_string(goal)}});
    }
  }

  for (auto& t : p.target_groups) t = Trim(std::move(t));
  DropDuplicates(p.target_groups);
  check.ListLength("target_groups", p.target_groups.size());
  for (const auto& t : p.target_groups) {
    if (!ref.FindTargetGroup(t)) {
      check.Add("target_groups", N_("There is no target group {{code}}."), {{"code", t}});
    }
  }

  check.ListLength("certifications", p.certifications.size());
  for (auto& c : p.certifications) {
    c.name = Trim(std::move(c.name));
    c.issuer = Trim(std::move(c.issuer));
    c.valid_until = Trim(std::move(c.valid_until));
    if (c.name.empty()) check.Add("certifications", N_("Give every certification a name."));
    check.MaxLength("certifications", c.name, kMaxCertificationTextLength);
    check.MaxLength("certifications", c.issuer, kMaxCertificationTextLength);
    if (!c.valid_until.empty() && !IsIsoDate(c.valid_until)) {
      check.Add("certifications", N_("Write the date as YYYY-MM-DD, for example 2027-06-30."));
    }
  }

  p.website = Trim(std::move(p.website));
  if (!p.website.empty() &&
      (p.website.size() > kMaxWebsiteLength || !LooksLikeWebAddress(p.website))) {
    check.Add("website", N_("Enter a web address that starts with https:// or http://."));
  }

  if (p.founded && (*p.founded < 1000 || *p.founded > current_year)) {
    check.Add("founded", N_("Enter a year from {{min}} to {{max}}."),
              {{"min", "1000"}, {"max", std::to_string(current_year)}});
  }

  p.size_band = Trim(std::move(p.size_band));
  if (!p.size_band.empty() &&
      std::find(std::begin(kSizeBands), std::end(kSizeBands), p.size_band) == std::end(kSizeBands)) {
    check.Add("size_band", N_("Choose one of the size bands 1-9, 10-49, 50-249 or 250+."));
  }

  p.member_since = Trim(std::move(p.member_since));
  if (!p.member_since.empty() && !IsIsoDate(p.member_since)) {
    check.Add("member_since", N_("Write the date as YYYY-MM-DD, for example 2027-06-30."));
  }

  for (auto& partner : p.partners) partner = Trim(std::move(partner));
  DropDuplicates(p.partners);
  check.ListLength("partners", p.partners.size());
  for (const auto& partner : p.partners) {
    if (partner.empty()) {
      check.Add("partners", N_("A partner is named by its external id, which cannot be empty."));
    } else if (!p.external_id.empty() && partner == p.external_id) {
      check.Add("partners", N_("An actor cannot name itself as a partner."));
    }
  }

  if (!check.errors().empty()) return Error::Invalid(std::move(check.errors()));
  return p;
}

Actor RedactForPublic(Actor actor) {
  if (actor.org_number_personal) actor.profile.org_number.clear();
  return actor;
}

std::string FoldForSearch(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size();) {
    unsigned char c = s[i];
    if (LatinPairAt(s, i)) {
      AppendUtf8(out, LowerLatin(DecodePair(s, i)));
      i += 2;
    } else {
      out += static_cast<char>(c >= 'A' && c <= 'Z' ? c + 0x20 : c);
      ++i;
    }
  }
  return out;
}

std::string SearchText(const ActorProfile& p) {
  return FoldForSearch(p.name.sv + "\n" + p.name.en + "\n" + p.summary.sv + "\n" + p.summary.en);
}

std::string SortKey(std::string_view name) {
  std::string folded = FoldForSearch(Trim(std::string(name)));
  std::string out;
  out.reserve(folded.size());
  for (size_t i = 0; i < folded.size();) {
    unsigned char c = folded[i];
    if (LatinPairAt(folded, i)) {
      std::string_view letter = SortLetter(DecodePair(folded, i));
      if (letter.empty()) {
        out.append(folded, i, 2);
      } else {
        out += letter;
      }
      i += 2;
    } else {
      out += static_cast<char>(c);
      ++i;
    }
  }
  return out;
}

}  // namespace samverkan::actors
