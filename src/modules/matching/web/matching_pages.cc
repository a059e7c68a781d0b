#include "modules/matching/web/matching_pages.h"

#include <charconv>
#include <cstdio>

#include "modules/matching/domain/matching_policy.h"
#include "modules/matching/web/case_pages.h"
#include "modules/matching/web/item_filter_query.h"
#include "modules/matching/web/matching_json_api.h"
#include "platform/api.h"

namespace samverkan::matching {
namespace {

using platform::SignInFirst;

using nlohmann::json;
using web::Request;
using web::Response;

constexpr size_t kPageMatches = 10;

// What the pages need besides the request: the site, the reference data, the actors.
struct Context {
  const platform::Services* s;
  MatchingService* service;
  const Lexicon* lexicon;
  CaseService* cases;  // may be null: no contact requests

  std::string Tr(const Request& req, std::string_view msgid) const {
    return s->site->Tr(req, msgid);
  }

  // The actor's name in the reader's language, or the reference itself when unknown.
  std::string ActorName(const Request& req, const std::string& ref) const {
    if (!s->actor_lookup || ref.empty()) return ref;
    auto found = s->actor_lookup(ref, req.lang);
    if (!found.ok() || !found->has_value()) return ref;
    return (*found)->name;
  }
  std::string ActorLink(const std::string& ref) const {
    if (!s->actor_lookup || ref.empty()) return "";
    auto found = s->actor_lookup(ref, Language::kSwedish);
    if (!found.ok() || !found->has_value()) return "";
    return "/aktorer/" + std::to_string((*found)->id);
  }

  std::string PlaceName(const std::string& municipality, const std::string& county) const {
    if (!municipality.empty()) {
      const Municipality* m = s->reference->FindMunicipality(municipality);
      return m ? m->name : municipality;
    }
    const County* c = s->reference->FindCounty(county);
    return c ? c->name : county;
  }

  std::string Where(const Request& req, const NeedArea& where) const {
    if (where.national) return Tr(req, "The whole country");
    return PlaceName(where.municipality, where.county);
  }

  std::string Reach(const Request& req, const OfferReach& reach) const {
    if (reach.national) return Tr(req, "The whole country");
    std::string out;
    for (const auto& c : reach.counties) out += (out.empty() ? "" : ", ") + PlaceName("", c);
    for (const auto& m : reach.municipalities) out += (out.empty() ? "" : ", ") + PlaceName(m, "");
    return out;
  }

  std::string Sdgs(const Request& req, const std::vector<int>& sdgs) const {
    std::string out;
    for (int goal : sdgs) {
      const Sdg* sdg = s->reference->FindSdg(goal);
      out += (out.empty() ? "" : "; ") + std::to_string(goal) +
             (sdg ? " " + sdg->name.In(req.lang) : "");
    }
    return out;
  }

  std::string Codes(const Request& req, const std::vector<std::string>& codes, bool forms) const {
    std::string out;
    for (const auto& code : codes) {
      const CodeName* found =
          forms ? s->reference->FindCollaborationForm(code) : s->reference->FindTargetGroup(code);
      out += (out.empty() ? "" : ", ") + (found ? found->name.In(req.lang) : code);
    }
    return out;
  }

  std::string StatusName(const Request& req, ItemStatus status) const {
    switch (status) {
      case ItemStatus::kDraft:
        return Tr(req, "Draft");
      case ItemStatus::kOpen:
        return Tr(req, "Open");
      case ItemStatus::kClosed:
        return Tr(req, "Closed");
    }
    return "";
  }

  std::string StageName(const Request& req, Stage stage) const {
    switch (stage) {
      case Stage::kIdea:
        return Tr(req, "Idea");
      case Stage::kPilot:
        return Tr(req, "Pilot");
      case Stage::kProven:
        return Tr(req, "Proven");
      case Stage::kScaling:
        return Tr(req, "Scaling");
    }
    return "";
  }

  // The cases `req`'s reader already has for this item's matches (other item's id → case).
  std::map<int64_t, int64_t> ExistingCases(const Request& req, ItemKind kind, int64_t id) const {
    if (!cases || !req.principal.authenticated()) return {};
    auto found = cases->CasesOf(req.principal, kind, id);
    return found.ok() ? std::move(found).value() : std::map<int64_t, int64_t>{};
  }
  // Whether to offer "Request contact" for an item of `actor_id` (the service decides).
  bool MayRequestFor(const Request& req, int64_t actor_id) const {
    return cases && MayWriteFor(req.principal, actor_id);
  }

  Translate Translator() const {
    const platform::Services* services = s;
    return [services](Language lang, std::string_view msgid) {
      return services->site->tr().Tr(lang, msgid);
    };
  }
};

std::string Sek(const std::optional<SekRange>& range) {
  if (!range) return "";
  auto grouped = [](int64_t v) {
    std::string digits = std::to_string(v), out;
    int n = 0;
    for (auto it = digits.rbegin(); it != digits.rend(); ++it) {
      if (n > 0 && n % 3 == 0) out.insert(out.begin(), ' ');
      out.insert(out.begin(), *it);
      ++n;
    }
    return out;
  };
  if (range->min == range->max) return grouped(range->min) + " kr";
  return grouped(range->min) + "–" + grouped(range->max) + " kr";
}

std::string ScoreText(double score) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.2f", score);
  return buffer;
}

// One row of a definition list; left out when empty.
void AddFact(json& facts, std::string label, std::string value) {
  if (!value.empty()) facts.push_back({{"label", std::move(label)}, {"value", std::move(value)}});
}

json NeedSummary(const Context& c, const Request& req, const NeedRecord& r) {
  const Need& n = r.need;
  return {{"href", "/behov/" + std::to_string(n.id)},
          {"title", n.title.In(req.lang)},
          {"title_lang", LanguageCode(n.title.ShownLanguage(req.lang))},
          {"actor", c.ActorName(req, n.owner)},
          {"place", c.Where(req, n.where)},
          {"sdgs", c.Sdgs(req, n.sdgs)},
          {"status", c.StatusName(req, n.status)},
          {"not_open", n.status != ItemStatus::kOpen}};
}

json OfferSummary(const Context& c, const Request& req, const OfferRecord& r) {
  const Offer& o = r.offer;
  return {{"href", "/erbjudanden/" + std::to_string(o.id)},
          {"title", o.title.In(req.lang)},
          {"title_lang", LanguageCode(o.title.ShownLanguage(req.lang))},
          {"actor", c.ActorName(req, o.actor)},
          {"place", c.Reach(req, o.reach)},
          {"sdgs", c.Sdgs(req, o.sdgs)},
          {"status", c.StatusName(req, o.status)},
          {"not_open", o.status != ItemStatus::kOpen}};
}

json Reasons(const Context& c, const Request& req, const Suggestion& suggestion) {
  json out = json::array();
  for (const auto& sentence :
       ReasonSentences(suggestion, req.lang, c.Translator(), *c.s->reference, *c.lexicon)) {
    out.push_back({{"sentence", sentence}});
  }
  return out;
}

// The filter form of the lists: the chosen values and the options.
json FilterOptions(const Context& c, const Request& req, const ItemFilter& filter) {
  json counties = json::array();
  for (const auto& county : c.s->reference->counties()) {
    counties.push_back({{"value", county.code},
                        {"label", county.name},
                        {"selected", county.code == filter.county}});
  }
  json sdgs = json::array();
  for (const auto& sdg : c.s->reference->sdgs()) {
    sdgs.push_back({{"value", sdg.goal},
                    {"label", std::to_string(sdg.goal) + " " + sdg.name.In(req.lang)},
                    {"selected", sdg.goal == filter.sdg}});
  }
  json statuses = json::array();
  for (ItemStatus st : {ItemStatus::kOpen, ItemStatus::kClosed, ItemStatus::kDraft}) {
    statuses.push_back({{"value", ItemStatusCode(st)},
                        {"label", c.StatusName(req, st)},
                        {"selected", filter.status && *filter.status == st}});
  }
  return {{"counties", counties}, {"sdg_options", sdgs}, {"statuses", statuses}};
}

// --- Forms -------------------------------------------------------------------------------------

// The form's fields as submitted (or as stored, for a new edit), for re-rendering.
struct FormState {
  std::string actor;
  Language language = Language::kSwedish;
  std::string title;
  std::string description;
  std::string status = "open";
  std::string where;                        // "national", "county:NN", "municipality:NNNN" (needs)
  std::vector<std::string> counties;        // offers
  std::vector<std::string> municipalities;  // offers
  bool national = false;                    // offers
  std::vector<std::string> sdgs;
  std::vector<std::string> target_groups;
  std::vector<std::string> collaboration_forms;
  std::string money_min;
  std::string money_max;
  std::string stage = "idea";
  std::string capacity;
};

std::string MoneyText(const std::optional<SekRange>& range, bool max) {
  if (!range) return "";
  return std::to_string(max ? range->max : range->min);
}

FormState StateOf(const Need& n, Language lang) {
  FormState f;
  f.actor = n.owner;
  f.language = lang;
  f.title = n.title.In(lang);
  f.description = n.description.In(lang);
  f.status = std::string(ItemStatusCode(n.status));
  if (n.where.national)
    f.where = "national";
  else if (!n.where.municipality.empty())
    f.where = "municipality:" + n.where.municipality;
  else if (!n.where.county.empty())
    f.where = "county:" + n.where.county;
  for (int g : n.sdgs) f.sdgs.push_back(std::to_string(g));
  f.target_groups = n.target_groups;
  f.collaboration_forms = n.collaboration_forms;
  f.money_min = MoneyText(n.budget_sek, false);
  f.money_max = MoneyText(n.budget_sek, true);
  return f;
}

FormState StateOf(const Offer& o, Language lang) {
  FormState f;
  f.actor = o.actor;
  f.language = lang;
  f.title = o.title.In(lang);
  f.description = o.description.In(lang);
  f.status = std::string(ItemStatusCode(o.status));
  f.counties = o.reach.counties;
  f.municipalities = o.reach.municipalities;
  f.national = o.reach.national;
  for (int g : o.sdgs) f.sdgs.push_back(std::to_string(g));
  f.target_groups = o.target_groups;
  f.collaboration_forms = o.collaboration_forms;
  f.money_min = MoneyText(o.price_sek, false);
  f.money_max = MoneyText(o.price_sek, true);
  f.stage = std::string(StageCode(o.stage));
  f.capacity = o.capacity ? std::to_string(*o.capacity) : "";
  return f;
}

FormState StateFromForm(const web::Params& form) {
  FormState f;
  f.actor = form.GetOr("actor", "");
  f.language = ParseLanguage(form.GetOr("language", "sv")).value_or(Language::kSwedish);
  f.title = form.GetOr("title", "");
  f.description = form.GetOr("description", "");
  f.status = form.GetOr("status", "open");
  f.where = form.GetOr("where", "");
  f.counties = form.GetAll("counties");
  f.municipalities = form.GetAll("municipalities");
  f.national = form.GetOr("national", "") == "1";
  f.sdgs = form.GetAll("sdgs");
  f.target_groups = form.GetAll("target_groups");
  f.collaboration_forms = form.GetAll("collaboration_forms");
  f.money_min = form.GetOr("money_min", "");
  f.money_max = form.GetOr("money_max", "");
  f.stage = form.GetOr("stage", "idea");
  f.capacity = form.GetOr("capacity", "");
  return f;
}

// A whole number of kronor from a form field; nullopt for an empty field.
Result<std::optional<int64_t>> ParseAmount(std::string text, const std::string& field) {
  std::string digits;
  for (char ch : text) {
    if (ch != ' ') digits += ch;
  }
  if (digits.empty()) return std::optional<int64_t>();
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), v);
  if (ec != std::errc() || ptr != digits.data() + digits.size() || v < 0) {
    return Error::InvalidField(field, N_("Give a whole number of kronor."));
  }
  return std::optional<int64_t>(v);
}

// Reads the parts every item has into `title`, `description`, lists and money. The other
// language's texts of `base` are kept: the form edits one language at a time.
template <typename Item>
std::vector<FieldError> ReadCommon(const FormState& f, Item& item, std::optional<SekRange>& money,
                                   const char* money_field) {
  std::vector<FieldError> errors;
  item.language = f.language;
  (f.language == Language::kSwedish ? item.title.sv : item.title.en) = f.title;
  (f.language == Language::kSwedish ? item.description.sv : item.description.en) = f.description;
  auto status = ParseItemStatus(f.status);
  if (!status)
    errors.push_back({"status", N_("The status is draft, open or closed."), {}});
  else
    item.status = *status;
  item.sdgs.clear();
  for (const auto& text : f.sdgs) {
    int goal = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), goal);
    if (ec == std::errc() && ptr == text.data() + text.size()) item.sdgs.push_back(goal);
  }
  item.target_groups = f.target_groups;
  item.collaboration_forms = f.collaboration_forms;
  auto min = ParseAmount(f.money_min, money_field);
  auto max = ParseAmount(f.money_max, money_field);
  if (!min.ok() || !max.ok()) {
    errors.push_back({money_field, N_("Give a whole number of kronor."), {}});
  } else if (!min->has_value() && !max->has_value()) {
    money.reset();
  } else {
    int64_t lo = min->value_or(max->value_or(0));
    int64_t hi = max->value_or(lo);
    money = SekRange{lo, hi};
  }
  return errors;
}

std::vector<FieldError> ReadNeed(const FormState& f, Need& need) {
  need.owner = f.actor;
  auto errors = ReadCommon(f, need, need.budget_sek, "budget_sek");
  need.where = NeedArea{};
  if (f.where == "national")
    need.where.national = true;
  else if (f.where.rfind("county:", 0) == 0)
    need.where.county = f.where.substr(7);
  else if (f.where.rfind("municipality:", 0) == 0)
    need.where.municipality = f.where.substr(13);
  return errors;
}

std::vector<FieldError> ReadOffer(const FormState& f, Offer& offer) {
  offer.actor = f.actor;
  auto errors = ReadCommon(f, offer, offer.price_sek, "price_sek");
  offer.reach = OfferReach{f.municipalities, f.counties, f.national};
  auto stage = ParseStage(f.stage);
  if (!stage)
    errors.push_back({"stage", N_("Choose a stage."), {}});
  else
    offer.stage = *stage;
  offer.capacity.reset();
  if (!f.capacity.empty()) {
    int v = 0;
    auto [ptr, ec] = std::from_chars(f.capacity.data(), f.capacity.data() + f.capacity.size(), v);
    if (ec != std::errc() || ptr != f.capacity.data() + f.capacity.size()) {
      errors.push_back({"capacity", N_("Give a whole number."), {}});
    } else {
      offer.capacity = v;
    }
  }
  return errors;
}

bool Contains(const std::vector<std::string>& list, const std::string& v) {
  return std::find(list.begin(), list.end(), v) != list.end();
}

json Checkboxes(const std::string& name,
                const std::vector<std::pair<std::string, std::string>>& options,
                const std::vector<std::string>& checked) {
  json out = json::array();
  for (const auto& [value, label] : options) {
    out.push_back({{"id", "field-" + name + "-" + value},
                   {"name", name},
                   {"value", value},
                   {"label", label},
                   {"checked", Contains(checked, value)}});
  }
  return out;
}

// The actors `who` may post for, as options; editors type a reference instead.
json ActorOptions(const Context& c, const Request& req, const std::string& chosen) {
  json out = json::array();
  for (int64_t id : req.principal.actor_ids) {
    if (!c.s->actor_lookup) break;
    auto found = c.s->actor_lookup(std::to_string(id), req.lang);
    if (!found.ok() || !found->has_value()) continue;
    std::string value = (*found)->external_id.empty() ? std::to_string(id) : (*found)->external_id;
    out.push_back({{"value", value}, {"label", (*found)->name}, {"selected", value == chosen}});
  }
  return out;
}

web::PageView FormPage(const Context& c, const Request& req, bool is_need, const FormState& f,
                       const std::string& action, bool is_new, const Error* error) {
  const ReferenceData& ref = *c.s->reference;
  json data = error ? platform::FormErrors(c.s->site->tr(), req.lang, *error) : json::object();
  data["csrf_token"] = req.csrf_token;
  data["action"] = action;
  data["is_need"] = is_need;
  data["is_offer"] = !is_need;
  data["is_new"] = is_new;
  data["actor_field"] = is_need ? "owner" : "actor";
  data["actor_value"] = f.actor;
  json actors = ActorOptions(c, req, f.actor);
  data["actor_options"] = actors;
  data["actor_select"] = !actors.empty() && !req.principal.IsEditor();
  data["lang_sv"] = f.language == Language::kSwedish;
  data["lang_en"] = f.language == Language::kEnglish;
  data["title_value"] = f.title;
  data["description_value"] = f.description;
  json statuses = json::array();
  for (ItemStatus st : {ItemStatus::kOpen, ItemStatus::kDraft, ItemStatus::kClosed}) {
    statuses.push_back({{"value", ItemStatusCode(st)},
                        {"label", c.StatusName(req, st)},
                        {"selected", f.status == ItemStatusCode(st)}});
  }
  data["statuses"] = statuses;
  // Where a need is: the country, a county, or a municipality grouped by county.
  json places = json::array();
  for (const auto& county : ref.counties()) {
    json options = json::array();
    options.push_back({{"value", "county:" + county.code},
                       {"label", county.name},
                       {"selected", f.where == "county:" + county.code}});
    for (const auto& m : ref.municipalities()) {
      if (m.county_code != county.code) continue;
      options.push_back({{"value", "municipality:" + m.code},
                         {"label", m.name},
                         {"selected", f.where == "municipality:" + m.code}});
    }
    places.push_back({{"label", county.name}, {"options", options}});
  }
  data["places"] = places;
  data["national_selected"] = f.where == "national";
  std::vector<std::pair<std::string, std::string>> counties, sdgs, groups, forms;
  for (const auto& county : ref.counties()) counties.emplace_back(county.code, county.name);
  for (const auto& sdg : ref.sdgs())
    sdgs.emplace_back(std::to_string(sdg.goal),
                      std::to_string(sdg.goal) + " " + sdg.name.In(req.lang));
  for (const auto& g : ref.target_groups()) groups.emplace_back(g.code, g.name.In(req.lang));
  for (const auto& g : ref.collaboration_forms()) forms.emplace_back(g.code, g.name.In(req.lang));
  data["county_boxes"] = Checkboxes("counties", counties, f.counties);
  json municipalities = json::array();
  for (const auto& m : ref.municipalities()) {
    municipalities.push_back(
        {{"value", m.code}, {"label", m.name}, {"selected", Contains(f.municipalities, m.code)}});
  }
  data["municipality_options"] = municipalities;
  data["national"] = f.national;
  data["sdg_boxes"] = Checkboxes("sdgs", sdgs, f.sdgs);
  data["group_boxes"] = Checkboxes("target_groups", groups, f.target_groups);
  data["form_boxes"] = Checkboxes("collaboration_forms", forms, f.collaboration_forms);
  data["money_field"] = is_need ? "budget_sek" : "price_sek";
  data["money_min"] = f.money_min;
  data["money_max"] = f.money_max;
  json stages = json::array();
  for (Stage st : {Stage::kIdea, Stage::kPilot, Stage::kProven, Stage::kScaling}) {
    stages.push_back({{"value", StageCode(st)},
                      {"label", c.StageName(req, st)},
                      {"selected", f.stage == StageCode(st)}});
  }
  data["stages"] = stages;
  data["capacity"] = f.capacity;
  std::string title = is_need ? (is_new ? c.Tr(req, "Post a need") : c.Tr(req, "Edit the need"))
                              : (is_new ? c.Tr(req, "Post an offer") : c.Tr(req, "Edit the offer"));
  data["heading"] = title;
  web::PageView view{.template_name = "matching/form", .title = title, .data = std::move(data)};
  if (error) view.status = web::http::status::unprocessable_entity;
  return view;
}

bool ShownInForm(const Error& error) {
  return error.IsInvalid() || error.code() == ErrorCode::kConflict;
}

// Conflict has no fields; show it in the summary as one.
Error ForForm(const Error& error) {
  if (error.code() != ErrorCode::kConflict) return error;
  return Error::InvalidField("external_id", error.message(), error.args());
}

}  // namespace

void RegisterMatchingPages(platform::ModuleRegistry& registry, const platform::Services& services,
                           MatchingService& service, const Lexicon& lexicon, CaseService* cases) {
  const Context c{&services, &service, &lexicon, cases};
  const platform::Services* s = &services;
  auto refused = [s](const Request& req, const Error& error) {
    if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
    return s->site->ErrorResponse(req, error);
  };

  // --- Lists -----------------------------------------------------------------------------------
  auto list_page = [c](const Request& req, bool needs, const ItemFilter& filter, json items,
                       int64_t next_before) {
    json data = FilterOptions(c, req, filter);
    data["items"] = std::move(items);
    data["empty"] = data["items"].empty();
    // Newest first, a page at a time: "Next page" continues below the last item shown, "First
    // page" goes back to the newest with the same filters.
    const std::string path = needs ? "/behov" : "/erbjudanden";
    auto href = [&](int64_t before) {
      std::string query = ItemFilterQueryString(filter, before);
      return query.empty() ? path : path + "?" + query;
    };
    data["next_href"] = next_before != 0 ? json(href(next_before)) : json(false);
    data["first_href"] = filter.before != 0 ? json(href(0)) : json(false);
    data["has_pages"] = next_before != 0 || filter.before != 0;
    data["is_need"] = needs;
    data["action"] = needs ? "/behov" : "/erbjudanden";
    data["new_href"] = needs ? "/behov/ny" : "/erbjudanden/ny";
    data["may_post"] = MayPost(req.principal);
    std::string title = needs ? c.Tr(req, "Needs") : c.Tr(req, "Offers");
    data["heading"] = title;
    return c.s->site->Page(
        req,
        web::PageView{.template_name = "matching/list", .title = title, .data = std::move(data)});
  };
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/behov",
                     .name = "matching.needs",
                     .handler = [c, list_page](Request& req) {
                       auto filter = ItemFilterFromQuery(req.query);
                       if (!filter.ok()) return c.s->site->ErrorResponse(req, filter.error());
                       auto list = c.service->ListNeeds(req.principal, *filter);
                       if (!list.ok()) return c.s->site->ErrorResponse(req, list.error());
                       json items = json::array();
                       for (const auto& r : list->items) items.push_back(NeedSummary(c, req, r));
                       return list_page(req, true, *filter, std::move(items), list->next_before);
                     }});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/erbjudanden",
                     .name = "matching.offers",
                     .handler = [c, list_page](Request& req) {
                       auto filter = ItemFilterFromQuery(req.query);
                       if (!filter.ok()) return c.s->site->ErrorResponse(req, filter.error());
                       auto list = c.service->ListOffers(req.principal, *filter);
                       if (!list.ok()) return c.s->site->ErrorResponse(req, list.error());
                       json items = json::array();
                       for (const auto& r : list->items) items.push_back(OfferSummary(c, req, r));
                       return list_page(req, false, *filter, std::move(items), list->next_before);
                     }});

  // --- One item with its matches -------------------------------------------------------------
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/behov/{id}",
       .name = "matching.need",
       .handler = [c](Request& req) {
         auto matches =
             c.service->MatchesForNeed(req.principal, req.path_params["id"], kPageMatches);
         bool unavailable = !matches.ok() && matches.error().code() == ErrorCode::kUnavailable;
         NeedRecord record;
         if (matches.ok()) {
           record = matches->need;
         } else if (unavailable) {
           auto need = c.service->GetNeed(req.principal, req.path_params["id"]);
           if (!need.ok()) return c.s->site->ErrorResponse(req, need.error());
           record = std::move(need).value();
         } else {
           return c.s->site->ErrorResponse(req, matches.error());
         }
         const Need& n = record.need;
         json facts = json::array();
         AddFact(facts, c.Tr(req, "Need owner"), c.ActorName(req, n.owner));
         AddFact(facts, c.Tr(req, "Where"), c.Where(req, n.where));
         AddFact(facts, c.Tr(req, "Status"), c.StatusName(req, n.status));
         AddFact(facts, c.Tr(req, "Sustainable Development Goals"), c.Sdgs(req, n.sdgs));
         AddFact(facts, c.Tr(req, "Target groups"), c.Codes(req, n.target_groups, false));
         AddFact(facts, c.Tr(req, "Collaboration forms"),
                 c.Codes(req, n.collaboration_forms, true));
         AddFact(facts, c.Tr(req, "Budget"), Sek(n.budget_sek));
         json items = json::array();
         const auto cases = c.ExistingCases(req, ItemKind::kNeed, n.id);
         const bool may_request = c.MayRequestFor(req, record.actor_id);
         if (matches.ok()) {
           for (const auto& m : matches->offers) {
             json item = OfferSummary(c, req, m.record);
             item["score"] = ScoreText(m.suggestion.score);
             item["reasons"] = Reasons(c, req, m.suggestion);
             item["contact"] =
                 ContactAction(req, ItemKind::kNeed, n.id, m.record.offer.id, cases,
                               may_request || c.MayRequestFor(req, m.record.actor_id));
             items.push_back(std::move(item));
           }
         }
         json data = {{"title", n.title.In(req.lang)},
                      {"title_lang", LanguageCode(n.title.ShownLanguage(req.lang))},
                      {"description", n.description.In(req.lang)},
                      {"description_lang", LanguageCode(n.description.ShownLanguage(req.lang))},
                      {"actor_href", c.ActorLink(n.owner)},
                      {"facts", facts},
                      {"matches", items},
                      {"no_matches", items.empty() && !unavailable},
                      {"unavailable", unavailable},
                      {"is_need", true},
                      {"saved", req.query.Has("sparat")},
                      {"may_edit", MayWriteFor(req.principal, record.actor_id)},
                      {"edit_href", "/behov/" + std::to_string(n.id) + "/redigera"}};
         return c.s->site->Page(req, web::PageView{.template_name = "matching/item",
                                                   .title = n.title.In(req.lang),
                                                   .data = std::move(data)});
       }});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/erbjudanden/{id}",
       .name = "matching.offer",
       .handler = [c](Request& req) {
         auto matches =
             c.service->MatchesForOffer(req.principal, req.path_params["id"], kPageMatches);
         bool unavailable = !matches.ok() && matches.error().code() == ErrorCode::kUnavailable;
         OfferRecord record;
         if (matches.ok()) {
           record = matches->offer;
         } else if (unavailable) {
           auto offer = c.service->GetOffer(req.principal, req.path_params["id"]);
           if (!offer.ok()) return c.s->site->ErrorResponse(req, offer.error());
           record = std::move(offer).value();
         } else {
           return c.s->site->ErrorResponse(req, matches.error());
         }
         const Offer& o = record.offer;
         json facts = json::array();
         AddFact(facts, c.Tr(req, "Offered by"), c.ActorName(req, o.actor));
         AddFact(facts, c.Tr(req, "Delivers in"), c.Reach(req, o.reach));
         AddFact(facts, c.Tr(req, "Status"), c.StatusName(req, o.status));
         AddFact(facts, c.Tr(req, "Stage"), c.StageName(req, o.stage));
         AddFact(facts, c.Tr(req, "Sustainable Development Goals"), c.Sdgs(req, o.sdgs));
         AddFact(facts, c.Tr(req, "Target groups"), c.Codes(req, o.target_groups, false));
         AddFact(facts, c.Tr(req, "Collaboration forms"),
                 c.Codes(req, o.collaboration_forms, true));
         AddFact(facts, c.Tr(req, "Price"), Sek(o.price_sek));
         if (o.capacity) AddFact(facts, c.Tr(req, "Capacity"), std::to_string(*o.capacity));
         json items = json::array();
         const auto cases = c.ExistingCases(req, ItemKind::kOffer, o.id);
         const bool may_request = c.MayRequestFor(req, record.actor_id);
         if (matches.ok()) {
           for (const auto& m : matches->needs) {
             json item = NeedSummary(c, req, m.record);
             item["score"] = ScoreText(m.suggestion.score);
             item["reasons"] = Reasons(c, req, m.suggestion);
             item["contact"] =
                 ContactAction(req, ItemKind::kOffer, o.id, m.record.need.id, cases,
                               may_request || c.MayRequestFor(req, m.record.actor_id));
             items.push_back(std::move(item));
           }
         }
         json data = {{"title", o.title.In(req.lang)},
                      {"title_lang", LanguageCode(o.title.ShownLanguage(req.lang))},
                      {"description", o.description.In(req.lang)},
                      {"description_lang", LanguageCode(o.description.ShownLanguage(req.lang))},
                      {"actor_href", c.ActorLink(o.actor)},
                      {"facts", facts},
                      {"matches", items},
                      {"no_matches", items.empty() && !unavailable},
                      {"unavailable", unavailable},
                      {"is_need", false},
                      {"saved", req.query.Has("sparat")},
                      {"may_edit", MayWriteFor(req.principal, record.actor_id)},
                      {"edit_href", "/erbjudanden/" + std::to_string(o.id) + "/redigera"}};
         return c.s->site->Page(req, web::PageView{.template_name = "matching/item",
                                                   .title = o.title.In(req.lang),
                                                   .data = std::move(data)});
       }});

  // --- Forms -----------------------------------------------------------------------------------
  // The policy is the service's; checking it here first only chooses the answer (sign in, or
  // an error page) before a form is read.
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/behov/ny",
                     .name = "matching.need_new_form",
                     .handler = [c, refused](Request& req) {
                       if (Status may = CheckMayPost(req.principal); !may.ok())
                         return refused(req, may.error());
                       FormState f;
                       f.language = req.lang;
                       return c.s->site->Page(
                           req, FormPage(c, req, true, f, "/behov/ny", true, nullptr));
                     }});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/behov/ny",
       .name = "matching.need_create",
       .handler = [c, refused](Request& req) {
         if (Status may = CheckMayPost(req.principal); !may.ok()) return refused(req, may.error());
         FormState f = StateFromForm(req.Form());
         Need need;
         auto errors = ReadNeed(f, need);
         Result<NeedRecord> created = errors.empty()
                                          ? c.service->CreateNeed(req.principal, std::move(need))
                                          : Result<NeedRecord>(Error::Invalid(errors));
         if (created.ok()) {
           return web::Redirect("/behov/" + std::to_string(created->need.id) + "?sparat=1");
         }
         if (!ShownInForm(created.error())) return refused(req, created.error());
         Error shown = ForForm(created.error());
         return c.s->site->Page(req, FormPage(c, req, true, f, "/behov/ny", true, &shown));
       }});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/behov/{id}/redigera",
                     .name = "matching.need_edit_form",
                     .handler = [c, refused](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       auto need = c.service->GetNeed(req.principal, req.path_params["id"]);
                       if (!need.ok()) return refused(req, need.error());
                       if (Status may = CheckMayWriteFor(req.principal, need->actor_id);
                           !may.ok()) {
                         return refused(req, may.error());
                       }
                       std::string action = "/behov/" + std::to_string(need->need.id) + "/redigera";
                       return c.s->site->Page(
                           req, FormPage(c, req, true, StateOf(need->need, need->need.language),
                                         action, false, nullptr));
                     }});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/behov/{id}/redigera",
       .name = "matching.need_update",
       .handler = [c, refused](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         auto current = c.service->GetNeed(req.principal, req.path_params["id"]);
         if (!current.ok()) return refused(req, current.error());
         if (Status may = CheckMayWriteFor(req.principal, current->actor_id); !may.ok()) {
           return refused(req, may.error());
         }
         std::string action = "/behov/" + std::to_string(current->need.id) + "/redigera";
         FormState f = StateFromForm(req.Form());
         Need need = current->need;  // what the form does not show is kept
         auto errors = ReadNeed(f, need);
         Result<NeedRecord> saved =
             errors.empty() ? c.service->UpdateNeed(req.principal, std::to_string(current->need.id),
                                                    std::move(need))
                            : Result<NeedRecord>(Error::Invalid(errors));
         if (saved.ok())
           return web::Redirect("/behov/" + std::to_string(saved->need.id) + "?sparat=1");
         if (!ShownInForm(saved.error())) return refused(req, saved.error());
         Error shown = ForForm(saved.error());
         return c.s->site->Page(req, FormPage(c, req, true, f, action, false, &shown));
       }});

  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/erbjudanden/ny",
                     .name = "matching.offer_new_form",
                     .handler = [c, refused](Request& req) {
                       if (Status may = CheckMayPost(req.principal); !may.ok())
                         return refused(req, may.error());
                       FormState f;
                       f.language = req.lang;
                       return c.s->site->Page(
                           req, FormPage(c, req, false, f, "/erbjudanden/ny", true, nullptr));
                     }});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/erbjudanden/ny",
       .name = "matching.offer_create",
       .handler = [c, refused](Request& req) {
         if (Status may = CheckMayPost(req.principal); !may.ok()) return refused(req, may.error());
         FormState f = StateFromForm(req.Form());
         Offer offer;
         auto errors = ReadOffer(f, offer);
         Result<OfferRecord> created = errors.empty()
                                           ? c.service->CreateOffer(req.principal, std::move(offer))
                                           : Result<OfferRecord>(Error::Invalid(errors));
         if (created.ok()) {
           return web::Redirect("/erbjudanden/" + std::to_string(created->offer.id) + "?sparat=1");
         }
         if (!ShownInForm(created.error())) return refused(req, created.error());
         Error shown = ForForm(created.error());
         return c.s->site->Page(req, FormPage(c, req, false, f, "/erbjudanden/ny", true, &shown));
       }});
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/erbjudanden/{id}/redigera",
       .name = "matching.offer_edit_form",
       .handler = [c, refused](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         auto offer = c.service->GetOffer(req.principal, req.path_params["id"]);
         if (!offer.ok()) return refused(req, offer.error());
         if (Status may = CheckMayWriteFor(req.principal, offer->actor_id); !may.ok()) {
           return refused(req, may.error());
         }
         std::string action = "/erbjudanden/" + std::to_string(offer->offer.id) + "/redigera";
         return c.s->site->Page(
             req, FormPage(c, req, false, StateOf(offer->offer, offer->offer.language), action,
                           false, nullptr));
       }});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/erbjudanden/{id}/redigera",
       .name = "matching.offer_update",
       .handler = [c, refused](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         auto current = c.service->GetOffer(req.principal, req.path_params["id"]);
         if (!current.ok()) return refused(req, current.error());
         if (Status may = CheckMayWriteFor(req.principal, current->actor_id); !may.ok()) {
           return refused(req, may.error());
         }
         std::string action = "/erbjudanden/" + std::to_string(current->offer.id) + "/redigera";
         FormState f = StateFromForm(req.Form());
         Offer offer = current->offer;
         auto errors = ReadOffer(f, offer);
         Result<OfferRecord> saved =
             errors.empty()
                 ? c.service->UpdateOffer(req.principal, std::to_string(current->offer.id),
                                          std::move(offer))
                 : Result<OfferRecord>(Error::Invalid(errors));
         if (saved.ok())
           return web::Redirect("/erbjudanden/" + std::to_string(saved->offer.id) + "?sparat=1");
         if (!ShownInForm(saved.error())) return refused(req, saved.error());
         Error shown = ForForm(saved.error());
         return c.s->site->Page(req, FormPage(c, req, false, f, action, false, &shown));
       }});
}

}  // namespace samverkan::matching
