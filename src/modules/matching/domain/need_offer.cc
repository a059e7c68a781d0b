#include "modules/matching/domain/need_offer.h"

#include <algorithm>
#include <chrono>

namespace samverkan::matching {
namespace {

std::string Trim(std::string s) {
  auto space = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && space(s.back())) s.pop_back();
  size_t start = 0;
  while (start < s.size() && space(s[start])) ++start;
  return s.substr(start);
}

// Limits are promised to people, so they count characters, not bytes.
size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

bool IsExternalIdChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
         c == '_' || c == ':' || c == '-';
}

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  int parts[3] = {0, 0, 0};
  size_t spans[3][2] = {{0, 4}, {5, 2}, {8, 2}};
  for (int p = 0; p < 3; ++p) {
    for (size_t i = spans[p][0]; i < spans[p][0] + spans[p][1]; ++i) {
      if (text[i] < '0' || text[i] > '9') return false;
      parts[p] = parts[p] * 10 + (text[i] - '0');
    }
  }
  return std::chrono::year_month_day{std::chrono::year(parts[0]),
                                     std::chrono::month(static_cast<unsigned>(parts[1])),
                                     std::chrono::day(static_cast<unsigned>(parts[2]))}
      .ok();
}

class Checker {
 public:
  explicit Checker(const ReferenceData& ref) : ref_(ref) {}

  void Add(std::string field, std::string message, std::map<std::string, std::string> args = {}) {
    errors_.push_back({std::move(field), std::move(message), std::move(args)});
  }

  void ExternalId(const char* field, std::string& id, bool required) {
    id = Trim(std::move(id));
    if (id.empty()) {
      if (required) Add(field, N_("Enter an external id."));
      return;
    }
    if (id.size() > kMaxExternalIdLength || !std::all_of(id.begin(), id.end(), IsExternalIdChar)) {
      Add(field,
          N_("An external id has at most {{max}} letters a–z, digits and the characters . _ : -"),
          {{"max", std::to_string(kMaxExternalIdLength)}});
    }
  }

  void Text(const char* field, LocalizedText& text, size_t max, bool required) {
    text.sv = Trim(std::move(text.sv));
    text.en = Trim(std::move(text.en));
    if (Utf8Length(text.sv) > max || Utf8Length(text.en) > max) {
      Add(field, N_("Use at most {{max}} characters."), {{"max", std::to_string(max)}});
    }
    if (required && text.empty()) Add(field, N_("Enter a title in Swedish or English."));
  }

  void Sdgs(std::vector<int>& sdgs) {
    std::sort(sdgs.begin(), sdgs.end());
    sdgs.erase(std::unique(sdgs.begin(), sdgs.end()), sdgs.end());
    for (int goal : sdgs) {
      if (!ref_.FindSdg(goal)) {
        Add("sdgs", N_("There is no goal {{goal}}; the goals are numbered 1 to 17."),
            {{"goal", std::to_string(goal)}});
      }
    }
  }

  // Sorted and without duplicates, so that two records that say the same compare equal.
  void Codes(const char* field, std::vector<std::string>& codes,
             const CodeName* (ReferenceData::*find)(const std::string&) const) {
    for (auto& c : codes) c = Trim(std::move(c));
    std::sort(codes.begin(), codes.end());
    codes.erase(std::unique(codes.begin(), codes.end()), codes.end());
    if (codes.size() > kMaxListLength) {
      Add(field, N_("Give at most {{max}} items."), {{"max", std::to_string(kMaxListLength)}});
    }
    for (const auto& c : codes) {
      if (!(ref_.*find)(c))
        Add(field, N_("There is no code {{code}} in this list."), {{"code", c}});
    }
  }

  void Money(const char* field, const std::optional<SekRange>& range) {
    if (!range) return;
    if (range->min < 0 || range->max < 0 || range->max > kMaxSek) {
      Add(field, N_("Give amounts between 0 and {{max}} kronor."),
          {{"max", std::to_string(kMaxSek)}});
    } else if (range->min > range->max) {
      Add(field, N_("The lowest amount is larger than the highest."));
    }
  }

  void Municipality(const char* field, std::string& code) {
    code = Trim(std::move(code));
    if (!code.empty() && !ref_.FindMunicipality(code)) {
      Add(field, N_("There is no municipality with the code {{code}}."), {{"code", code}});
    }
  }

  void County(const char* field, std::string& code) {
    code = Trim(std::move(code));
    if (!code.empty() && !ref_.FindCounty(code)) {
      Add(field, N_("There is no county with the code {{code}}."), {{"code", code}});
    }
  }

  Error Errors() { return Error::Invalid(std::move(errors_)); }
  bool ok() const { return errors_.empty(); }

 private:
  const ReferenceData& ref_;
  std::vector<FieldError> errors_;
};

template <typename T>
void SortUnique(std::vector<T>& v) {
  std::sort(v.begin(), v.end());
  v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

std::string_view ItemStatusCode(ItemStatus status) {
  switch (status) {
    case ItemStatus::kDraft:
      return "draft";
    case ItemStatus::kOpen:
      return "open";
    case ItemStatus::kClosed:
      return "closed";
  }
  return "open";
}

std::optional<ItemStatus> ParseItemStatus(std::string_view code) {
  for (auto s : {ItemStatus::kDraft, ItemStatus::kOpen, ItemStatus::kClosed}) {
    if (ItemStatusCode(s) == code) return s;
  }
  return std::nullopt;
}

std::string_view StageCode(Stage stage) {
  switch (stage) {
    case Stage::kIdea:
      return "idea";
    case Stage::kPilot:
      return "pilot";
    case Stage::kProven:
      return "proven";
    case Stage::kScaling:
      return "scaling";
  }
  return "idea";
}

std::optional<Stage> ParseStage(std::string_view code) {
  for (auto s : {Stage::kIdea, Stage::kPilot, Stage::kProven, Stage::kScaling}) {
    if (StageCode(s) == code) return s;
  }
  return std::nullopt;
}

std::string NeedCounty(const NeedArea& where, const ReferenceData& reference) {
  if (where.national) return {};
  if (!where.county.empty()) return where.county;
  if (const Municipality* m = reference.FindMunicipality(where.municipality)) return m->county_code;
  return {};
}

Result<Need> ValidateNeed(Need n, const ReferenceData& ref) {
  Checker check(ref);
  check.ExternalId("external_id", n.external_id, false);
  check.ExternalId("owner", n.owner, false);
  check.Text("title", n.title, kMaxTitleLength, true);
  check.Text("description", n.description, kMaxDescriptionLength, false);
  check.Sdgs(n.sdgs);
  check.Codes("target_groups", n.target_groups, &ReferenceData::FindTargetGroup);
  check.Codes("collaboration_forms", n.collaboration_forms, &ReferenceData::FindCollaborationForm);
  check.Money("budget_sek", n.budget_sek);

  check.Municipality("where", n.where.municipality);
  check.County("where", n.where.county);
  int given = !n.where.municipality.empty() + !n.where.county.empty() + n.where.national;
  if (given != 1) {
    check.Add("where", N_("Give one municipality, one county or the whole country."));
  }

  n.time_frame.start = Trim(std::move(n.time_frame.start));
  n.time_frame.end = Trim(std::move(n.time_frame.end));
  for (const std::string* date : {&n.time_frame.start, &n.time_frame.end}) {
    if (!date->empty() && !IsIsoDate(*date)) {
      check.Add("time_frame", N_("Write dates as YYYY-MM-DD."));
    }
  }
  if (!n.time_frame.start.empty() && !n.time_frame.end.empty() &&
      n.time_frame.end < n.time_frame.start) {
    check.Add("time_frame", N_("The end comes before the start."));
  }

  if (!check.ok()) return check.Errors();
  return n;
}

Result<Offer> ValidateOffer(Offer o, const ReferenceData& ref) {
  Checker check(ref);
  check.ExternalId("external_id", o.external_id, false);
  check.ExternalId("actor", o.actor, false);
  check.Text("title", o.title, kMaxTitleLength, true);
  check.Text("description", o.description, kMaxDescriptionLength, false);
  check.Sdgs(o.sdgs);
  check.Codes("target_groups", o.target_groups, &ReferenceData::FindTargetGroup);
  check.Codes("collaboration_forms", o.collaboration_forms, &ReferenceData::FindCollaborationForm);
  check.Money("price_sek", o.price_sek);

  for (auto& m : o.reach.municipalities) check.Municipality("reach", m);
  for (auto& c : o.reach.counties) check.County("reach", c);
  SortUnique(o.reach.municipalities);
  SortUnique(o.reach.counties);
  if (o.reach.municipalities.size() + o.reach.counties.size() > 400) {
    check.Add("reach", N_("Give at most {{max}} items."), {{"max", "400"}});
  }
  if (o.reach.empty()) {
    check.Add("reach",
              N_("Say where you can deliver: municipalities, counties or the whole country."));
  }
  if (o.capacity && (*o.capacity < 0 || *o.capacity > kMaxCapacity)) {
    check.Add("capacity", N_("Give a capacity between 0 and {{max}}."),
              {{"max", std::to_string(kMaxCapacity)}});
  }

  if (!check.ok()) return check.Errors();
  return o;
}

}  // namespace samverkan::matching
