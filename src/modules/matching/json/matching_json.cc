#include "modules/matching/json/matching_json.h"

#include <string>

namespace samverkan::matching {
namespace {

using nlohmann::json;
using nlohmann::ordered_json;

// Reads the fields of one record, collecting every type error instead of stopping at the first.
class FieldReader {
 public:
  explicit FieldReader(const json& record) : r_(record) {}

  const json* Get(const char* field) const {
    auto it = r_.find(field);
    if (it == r_.end() || it->is_null()) return nullptr;
    return &*it;
  }

  void Fail(std::string field, std::string message) {
    errors_.push_back({std::move(field), std::move(message), {}});
  }

  std::string Text(const char* field) {
    const json* v = Get(field);
    if (!v) return {};
    if (!v->is_string()) {
      Fail(field, N_("Give a text."));
      return {};
    }
    return v->get<std::string>();
  }

  LocalizedText Localized(const char* field, Language language) {
    LocalizedText out;
    const json* v = Get(field);
    if (!v) return out;
    if (v->is_string()) {
      (language == Language::kSwedish ? out.sv : out.en) = v->get<std::string>();
      return out;
    }
    if (v->is_object()) {
      for (const auto& [key, value] : v->items()) {
        if ((key != "sv" && key != "en") || !(value.is_string() || value.is_null())) {
          Fail(field, N_("Give a text, or an object with the texts \"sv\" and \"en\"."));
          return {};
        }
        if (value.is_string()) (key == "sv" ? out.sv : out.en) = value.get<std::string>();
      }
      return out;
    }
    Fail(field, N_("Give a text, or an object with the texts \"sv\" and \"en\"."));
    return out;
  }

  std::vector<std::string> Strings(const json* v, const char* field) {
    std::vector<std::string> out;
    if (!v) return out;
    if (!v->is_array()) {
      Fail(field, N_("Give a list of codes."));
      return out;
    }
    for (const auto& item : *v) {
      if (!item.is_string()) {
        Fail(field, N_("Give a list of codes."));
        return {};
      }
      out.push_back(item.get<std::string>());
    }
    return out;
  }
  std::vector<std::string> Strings(const char* field) { return Strings(Get(field), field); }

  std::vector<int> Sdgs() {
    std::vector<int> out;
    const json* v = Get("sdgs");
    if (!v) return out;
    if (!v->is_array()) {
      Fail("sdgs", N_("Give a list of goal numbers."));
      return out;
    }
    for (const auto& item : *v) {
      if (!item.is_number_integer()) {
        Fail("sdgs", N_("Give a list of goal numbers."));
        return {};
      }
      out.push_back(item.get<int>());
    }
    return out;
  }

  // {"min": N, "max": N} in whole kronor; one end may be missing and takes the other's value.
  std::optional<SekRange> Money(const char* field) {
    const json* v = Get(field);
    if (!v) return std::nullopt;
    auto amount = [&](const char* key) -> std::optional<int64_t> {
      auto it = v->find(key);
      if (it == v->end() || it->is_null()) return std::nullopt;
      if (!it->is_number_integer()) throw std::invalid_argument(key);
      return it->get<int64_t>();
    };
    try {
      if (!v->is_object()) throw std::invalid_argument(field);
      auto min = amount("min");
      auto max = amount("max");
      if (!min && !max) return std::nullopt;
      return SekRange{min.value_or(*max), max.value_or(*min)};
    } catch (const std::invalid_argument&) {
      Fail(field, N_("Give {\"min\": …, \"max\": …} in whole kronor, or null."));
      return std::nullopt;
    }
  }

  bool Bool(const json* v, const char* field) {
    if (!v) return false;
    if (!v->is_boolean()) {
      Fail(field, N_("Give true or false."));
      return false;
    }
    return v->get<bool>();
  }

  Language ReadLanguage() {
    std::string code = Text("language");
    if (code.empty()) return kDefaultLanguage;
    auto parsed = ParseLanguage(code);
    if (!parsed) {
      Fail("language", N_("The language is sv or en."));
      return kDefaultLanguage;
    }
    return *parsed;
  }

  ItemStatus Status() {
    std::string code = Text("status");
    if (code.empty()) return ItemStatus::kOpen;
    auto parsed = ParseItemStatus(code);
    if (!parsed) {
      Fail("status", N_("The status is draft, open or closed."));
      return ItemStatus::kOpen;
    }
    return *parsed;
  }

  std::vector<FieldError>& errors() { return errors_; }

 private:
  const json& r_;
  std::vector<FieldError> errors_;
};

ordered_json Texts(const LocalizedText& t) {
  return {{"sv", t.sv.empty() ? ordered_json() : ordered_json(t.sv)},
          {"en", t.en.empty() ? ordered_json() : ordered_json(t.en)}};
}

ordered_json Money(const std::optional<SekRange>& range) {
  if (!range) return nullptr;
  return {{"min", range->min}, {"max", range->max}};
}

ordered_json OrNull(const std::string& s) { return s.empty() ? ordered_json() : ordered_json(s); }

Error NotAnObject() { return Error::InvalidField("record", N_("Each line is one JSON object.")); }

template <typename T, typename Parse>
std::vector<JsonLine<T>> ReadLines(std::istream& in, Parse parse) {
  std::vector<JsonLine<T>> rows;
  std::string line;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (number == 1 && line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    json record = json::parse(line, nullptr, false);
    if (record.is_discarded() || !record.is_object()) {
      rows.push_back({number, NotAnObject()});
      continue;
    }
    rows.push_back({number, parse(record)});
  }
  return rows;
}

}  // namespace

Result<Need> NeedFromJson(const json& record) {
  if (!record.is_object()) return NotAnObject();
  FieldReader r(record);
  Need n;
  n.external_id = r.Text("external_id");
  n.owner = r.Text("owner");
  n.language = r.ReadLanguage();
  n.title = r.Localized("title", n.language);
  n.description = r.Localized("description", n.language);
  n.sdgs = r.Sdgs();
  if (const json* where = r.Get("where")) {
    if (!where->is_object()) {
      r.Fail("where", N_("Give {\"municipality\": …, \"county\": …, \"national\": …}."));
    } else {
      FieldReader w(*where);
      n.where.municipality = w.Text("municipality");
      n.where.county = w.Text("county");
      n.where.national = w.Bool(w.Get("national"), "national");
      for (auto& e : w.errors()) r.Fail("where", std::move(e.message));
    }
  }
  n.target_groups = r.Strings("target_groups");
  n.collaboration_forms = r.Strings("collaboration_forms");
  n.budget_sek = r.Money("budget_sek");
  if (const json* tf = r.Get("time_frame")) {
    if (!tf->is_object()) {
      r.Fail("time_frame", N_("Give {\"start\": …, \"end\": …} as dates YYYY-MM-DD, or null."));
    } else {
      FieldReader t(*tf);
      n.time_frame.start = t.Text("start");
      n.time_frame.end = t.Text("end");
      for (auto& e : t.errors()) r.Fail("time_frame", std::move(e.message));
    }
  }
  n.status = r.Status();
  if (!r.errors().empty()) return Error::Invalid(std::move(r.errors()));
  return n;
}

Result<Offer> OfferFromJson(const json& record) {
  if (!record.is_object()) return NotAnObject();
  FieldReader r(record);
  Offer o;
  o.external_id = r.Text("external_id");
  o.actor = r.Text("actor");
  o.language = r.ReadLanguage();
  o.title = r.Localized("title", o.language);
  o.description = r.Localized("description", o.language);
  o.sdgs = r.Sdgs();
  if (const json* reach = r.Get("reach")) {
    if (!reach->is_object()) {
      r.Fail("reach", N_("Give {\"municipalities\": […], \"counties\": […], \"national\": …}."));
    } else {
      FieldReader w(*reach);
      o.reach.municipalities = w.Strings("municipalities");
      o.reach.counties = w.Strings("counties");
      o.reach.national = w.Bool(w.Get("national"), "national");
      for (auto& e : w.errors()) r.Fail("reach", std::move(e.message));
    }
  }
  o.target_groups = r.Strings("target_groups");
  o.collaboration_forms = r.Strings("collaboration_forms");
  o.price_sek = r.Money("price_sek");
  if (const json* c = r.Get("capacity")) {
    if (!c->is_number_integer()) {
      r.Fail("capacity", N_("Give a whole number, or null."));
    } else {
      o.capacity = c->get<int>();
    }
  }
  std::string stage = r.Text("stage");
  if (!stage.empty()) {
    if (auto parsed = ParseStage(stage)) {
      o.stage = *parsed;
    } else {
      r.Fail("stage", N_("The stage is idea, pilot, proven or scaling."));
    }
  }
  o.status = r.Status();
  if (!r.errors().empty()) return Error::Invalid(std::move(r.errors()));
  return o;
}

ordered_json NeedToJson(const Need& n) {
  ordered_json where = {{"municipality", OrNull(n.where.municipality)},
                        {"county", OrNull(n.where.county)},
                        {"national", n.where.national}};
  ordered_json time_frame = nullptr;
  if (!n.time_frame.start.empty() || !n.time_frame.end.empty()) {
    time_frame = {{"start", OrNull(n.time_frame.start)}, {"end", OrNull(n.time_frame.end)}};
  }
  return {{"external_id", OrNull(n.external_id)},
          {"owner", OrNull(n.owner)},
          {"language", LanguageCode(n.language)},
          {"title", Texts(n.title)},
          {"description", Texts(n.description)},
          {"sdgs", n.sdgs},
          {"where", where},
          {"target_groups", n.target_groups},
          {"collaboration_forms", n.collaboration_forms},
          {"budget_sek", Money(n.budget_sek)},
          {"time_frame", time_frame},
          {"status", ItemStatusCode(n.status)}};
}

ordered_json OfferToJson(const Offer& o) {
  ordered_json reach = {{"municipalities", o.reach.municipalities},
                        {"counties", o.reach.counties},
                        {"national", o.reach.national}};
  return {{"external_id", OrNull(o.external_id)},
          {"actor", OrNull(o.actor)},
          {"language", LanguageCode(o.language)},
          {"title", Texts(o.title)},
          {"description", Texts(o.description)},
          {"sdgs", o.sdgs},
          {"reach", reach},
          {"target_groups", o.target_groups},
          {"collaboration_forms", o.collaboration_forms},
          {"price_sek", Money(o.price_sek)},
          {"capacity", o.capacity ? ordered_json(*o.capacity) : ordered_json()},
          {"stage", StageCode(o.stage)},
          {"status", ItemStatusCode(o.status)}};
}

std::vector<JsonLine<Need>> ReadNeedLines(std::istream& in) {
  return ReadLines<Need>(in, [](const json& r) { return NeedFromJson(r); });
}

std::vector<JsonLine<Offer>> ReadOfferLines(std::istream& in) {
  return ReadLines<Offer>(in, [](const json& r) { return OfferFromJson(r); });
}

void WriteNeedLines(std::ostream& out, const std::vector<Need>& needs) {
  for (const Need& n : needs) out << NeedToJson(n).dump() << '\n';
}

void WriteOfferLines(std::ostream& out, const std::vector<Offer>& offers) {
  for (const Offer& o : offers) out << OfferToJson(o).dump() << '\n';
}

}  // namespace samverkan::matching
