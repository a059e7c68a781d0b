#include "modules/alliance/web/alliance_web.h"

#include <algorithm>
#include <charconv>
#include <chrono>

#include "platform/api.h"
#include "web/html/script_json.h"

namespace samverkan::alliance {
namespace {

using platform::ParseId;

using nlohmann::json;
using web::ScriptJson;

std::string SectorName(const ReferenceData& ref, const std::string& code, Language lang) {
  const CodeName* s = ref.FindSector(code);
  return s ? s->name.In(lang) : code;
}

std::string CountyName(const ReferenceData& ref, const std::string& code) {
  const County* c = ref.FindCounty(code);
  return c ? c->name : code;
}

const char* StatusLabel(ApplicationStatus status) {
  switch (status) {
    case ApplicationStatus::kPending:
      return N_("Waiting for a decision");
    case ApplicationStatus::kApproved:
      return N_("Approved");
    case ApplicationStatus::kRefused:
      return N_("Refused");
  }
  return "";
}

// Reads a string field; absent is empty, another type an error for `field`.
bool ReadString(const json& body, const char* name, std::string& out, std::vector<FieldError>& errors,
                const char* field = nullptr) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return true;
  if (!it->is_string()) {
    errors.push_back({field ? field : name, N_("Must be a text.")});
    return false;
  }
  out = it->get<std::string>();
  return true;
}

json Commitments(const web::Translator& tr, Language lang, const std::vector<std::string>& chosen) {
  json out = json::array();
  for (const auto& c : alliance::Commitments()) {
    bool checked = std::find(chosen.begin(), chosen.end(), c.code) != chosen.end();
    out.push_back({{"code", std::string(c.code)}, {"label", tr.Tr(lang, c.label)}, {"checked", checked}});
  }
  return out;
}

json ChosenCommitments(const web::Translator& tr, Language lang, const std::vector<std::string>& chosen) {
  json out = json::array();
  for (const auto& code : chosen) {
    if (const Commitment* c = FindCommitment(code)) out.push_back(tr.Tr(lang, c->label));
  }
  return out;
}

json ApplicationRow(const web::Translator& tr, Language lang, const ApplicationView& v) {
  const Application& a = v.application;
  return {{"id", a.id},
          {"href", "/allians/ansokningar/" + std::to_string(a.id)},
          {"actor_name", v.actor_name.empty() ? "#" + std::to_string(a.draft.actor_id) : v.actor_name},
          {"status", StatusCode(a.status)},
          {"status_label", tr.Tr(lang, StatusLabel(a.status))},
          {"submitted", IsoDateOf(a.submitted_at_ms)},
          {"refused", a.status == ApplicationStatus::kRefused},
          {"refusal_reason", a.refusal_reason},
          {"member_since", a.member_since}};
}

}  // namespace

Status CheckKnownFields(const json& body, std::initializer_list<std::string_view> known) {
  std::vector<FieldError> errors;
  for (const auto& [key, value] : body.items()) {
    if (std::find(known.begin(), known.end(), key) == known.end()) {
      errors.push_back({key, N_("Unknown field.")});
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

ApplicationDraft DraftFromForm(const web::Params& form) {
  ApplicationDraft d;
  d.actor_id = ParseId(form.GetOr("actor_id", "")).value_or(0);
  d.motivation = form.GetOr("motivation", "");
  d.contact = {form.GetOr("contact_name", ""), form.GetOr("contact_email", ""),
               form.GetOr("contact_phone", "")};
  d.commitments = form.GetAll("commitments");
  d.other_commitment = form.GetOr("other_commitment", "");
  return d;
}

Result<ApplicationDraft> DraftFromJson(const json& body) {
  // Unknown fields are refused rather than ignored, so that a misspelt one is noticed.
  SAMVERKAN_RETURN_IF_ERROR(CheckKnownFields(body, {"actor_id", "motivation", "contact", "contact_name",
                                                    "contact_email", "contact_phone", "commitments",
                                                    "other_commitment"}));
  ApplicationDraft d;
  std::vector<FieldError> errors;
  auto actor = body.find("actor_id");
  if (actor == body.end() || !actor->is_number_integer() || actor->get<int64_t>() <= 0) {
    errors.push_back({"actor_id", N_("Give the id of the organisation that applies.")});
  } else {
    d.actor_id = actor->get<int64_t>();
  }
  ReadString(body, "motivation", d.motivation, errors);
  const json* contact = &body;
  if (auto c = body.find("contact"); c != body.end() && !c->is_null()) {
    if (!c->is_object()) {
      errors.push_back({"contact", N_("Must be an object with name, email and phone.")});
    } else {
      ReadString(*c, "name", d.contact.name, errors, "contact_name");
      ReadString(*c, "email", d.contact.email, errors, "contact_email");
      ReadString(*c, "phone", d.contact.phone, errors, "contact_phone");
      contact = nullptr;
    }
  }
  if (contact) {
    ReadString(body, "contact_name", d.contact.name, errors);
    ReadString(body, "contact_email", d.contact.email, errors);
    ReadString(body, "contact_phone", d.contact.phone, errors);
  }
  if (auto c = body.find("commitments"); c != body.end() && !c->is_null()) {
    if (!c->is_array()) {
      errors.push_back({"commitments", N_("Must be a list of commitment codes.")});
    } else {
      for (const auto& code : *c) {
        if (!code.is_string()) {
          errors.push_back({"commitments", N_("Must be a list of commitment codes.")});
          break;
        }
        d.commitments.push_back(code.get<std::string>());
      }
    }
  }
  ReadString(body, "other_commitment", d.other_commitment, errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return d;
}

Result<Goals> GoalsFromJson(const json& body) {
  SAMVERKAN_RETURN_IF_ERROR(CheckKnownFields(body, {"total", "per_sector"}));
  Goals g;
  std::vector<FieldError> errors;
  auto total = body.find("total");
  if (total == body.end() || !total->is_number_integer()) {
    errors.push_back({"total", N_("Must be a whole number.")});
  } else {
    g.total = total->get<int>();
  }
  if (auto per = body.find("per_sector"); per != body.end() && !per->is_null()) {
    if (!per->is_object()) {
      errors.push_back({"per_sector", N_("Must be an object of sector codes and numbers.")});
    } else {
      for (const auto& [code, value] : per->items()) {
        if (!value.is_number_integer()) {
          errors.push_back({"sector_" + code, N_("Must be a whole number.")});
        } else {
          g.per_sector[code] = value.get<int>();
        }
      }
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return g;
}

Result<Goals> GoalsFromForm(const web::Params& form, const ReferenceData& reference) {
  Goals g;
  std::vector<FieldError> errors;
  auto number = [&](const std::string& field, int& out) {
    std::string text = form.GetOr(field, "");
    int value = 0;
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (text.empty() || ec != std::errc() || ptr != text.data() + text.size()) {
      errors.push_back({field, N_("Must be a whole number.")});
    } else {
      out = value;
    }
  };
  number("total", g.total);
  for (const auto& s : reference.sectors()) {
    int value = 0;
    number("sector_" + s.code, value);
    g.per_sector[s.code] = value;
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return g;
}

json ApplicationJson(const ApplicationView& v) {
  const Application& a = v.application;
  return {{"id", a.id},
          {"actor_id", a.draft.actor_id},
          {"actor_name", v.actor_name},
          {"status", StatusCode(a.status)},
          {"motivation", a.draft.motivation},
          {"contact", {{"name", a.draft.contact.name}, {"email", a.draft.contact.email}, {"phone", a.draft.contact.phone}}},
          {"commitments", a.draft.commitments},
          {"other_commitment", a.draft.other_commitment},
          {"submitted_at_ms", a.submitted_at_ms},
          {"decided_at_ms", a.decided_at_ms ? json(a.decided_at_ms) : json(nullptr)},
          {"refusal_reason", a.status == ApplicationStatus::kRefused ? json(a.refusal_reason) : json(nullptr)},
          {"member_since", a.member_since.empty() ? json(nullptr) : json(a.member_since)}};
}

json ApplicationSchema() {
  json text = {{"type", "string"}};
  json nullable_text = {{"type", {"string", "null"}}};
  return {{"type", "object"},
          {"required", {"id", "actor_id", "status", "motivation", "contact", "commitments"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"actor_id", {{"type", "integer"}}},
            {"actor_name", text},
            {"status", {{"type", "string"}, {"enum", {"pending", "approved", "refused"}}}},
            {"motivation", text},
            {"contact", {{"type", "object"}, {"properties", {{"name", text}, {"email", text}, {"phone", text}}}}},
            {"commitments", {{"type", "array"}, {"items", text}}},
            {"other_commitment", text},
            {"submitted_at_ms", {{"type", "integer"}}},
            {"decided_at_ms", {{"type", {"integer", "null"}}}},
            {"refusal_reason", nullable_text},
            {"member_since", nullable_text}}}};
}

json ApplicationRequestSchema() {
  json text = {{"type", "string"}};
  json codes = json::array();
  for (const auto& c : alliance::Commitments()) codes.push_back(std::string(c.code));
  return {{"type", "object"},
          {"required", {"actor_id", "motivation", "contact"}},
          {"properties",
           {{"actor_id", {{"type", "integer"}, {"description", "The organisation that applies"}}},
            {"motivation", text},
            {"contact", {{"type", "object"}, {"properties", {{"name", text}, {"email", text}, {"phone", text}}}}},
            {"commitments", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", codes}}}}},
            {"other_commitment", text}}}};
}

json MembershipJson(const Membership& m) {
  return {{"actor_id", m.actor_id},
          {"since", m.since},
          {"until", m.until.empty() ? json(nullptr) : json(m.until)},
          {"application_id", m.application_id ? json(m.application_id) : json(nullptr)}};
}

json MembershipSchema() {
  return {{"type", "object"},
          {"required", {"actor_id", "since", "until"}},
          {"properties",
           {{"actor_id", {{"type", "integer"}}},
            {"since", {{"type", "string"}, {"format", "date"}}},
            {"until", {{"type", {"string", "null"}}, {"format", "date"}}},
            {"application_id", {{"type", {"integer", "null"}}}}}}};
}

json MemberJson(const Member& m) {
  return {{"actor_id", m.actor.id},
          {"name", m.actor.name},
          {"sector", m.actor.sector},
          {"county", m.actor.county.empty() ? json(nullptr) : json(m.actor.county)},
          {"since", m.membership.since}};
}

json MemberSchema() {
  return {{"type", "object"},
          {"required", {"actor_id", "name", "sector", "county", "since"}},
          {"properties",
           {{"actor_id", {{"type", "integer"}}},
            {"name", {{"type", "string"}}},
            {"sector", {{"type", "string"}}},
            {"county", {{"type", {"string", "null"}}}},
            {"since", {{"type", "string"}, {"format", "date"}}}}}};
}

json GoalsJson(const Goals& g) { return {{"total", g.total}, {"per_sector", g.per_sector}}; }

json GoalsSchema() {
  return {{"type", "object"},
          {"required", {"total", "per_sector"}},
          {"properties",
           {{"total", {{"type", "integer"}, {"minimum", 0}}},
            {"per_sector", {{"type", "object"}, {"additionalProperties", {{"type", "integer"}, {"minimum", 0}}}}}}}};
}

json DashboardJson(const Dashboard& d) {
  json sectors = json::array();
  for (const auto& s : d.sectors) {
    sectors.push_back({{"sector", s.code}, {"members", s.members}, {"target", s.target}, {"met", s.met}});
  }
  json counties = json::array();
  for (const auto& c : d.counties) counties.push_back({{"county", c.code}, {"members", c.members}});
  json years = json::array();
  for (const auto& y : d.years) {
    years.push_back({{"year", y.year}, {"members", y.members}, {"joined", y.joined}, {"left", y.left}});
  }
  return {{"date", d.today},
          {"members", d.members},
          {"goal", GoalsJson(d.goals)},
          {"remaining", d.remaining},
          {"percent", d.percent},
          {"total_met", d.total_met},
          {"sectors_met", d.sectors_met},
          {"goal_met", d.goal_met},
          {"sectors", sectors},
          {"unknown_sector", d.unknown_sector},
          {"counties", counties},
          {"unknown_county", d.unknown_county},
          {"years", years},
          {"joined_this_year", d.joined_this_year}};
}

json DashboardSchema() {
  json integer = {{"type", "integer"}};
  json boolean = {{"type", "boolean"}};
  auto list = [](json properties) {
    return json{{"type", "array"}, {"items", {{"type", "object"}, {"properties", std::move(properties)}}}};
  };
  return {{"type", "object"},
          {"required", {"date", "members", "goal", "sectors", "counties", "years", "joined_this_year"}},
          {"properties",
           {{"date", {{"type", "string"}, {"format", "date"}}},
            {"members", integer},
            {"goal", GoalsSchema()},
            {"remaining", integer},
            {"percent", integer},
            {"total_met", boolean},
            {"sectors_met", boolean},
            {"goal_met", boolean},
            {"sectors", list({{"sector", {{"type", "string"}}}, {"members", integer}, {"target", integer}, {"met", boolean}})},
            {"unknown_sector", integer},
            {"counties", list({{"county", {{"type", "string"}}}, {"members", integer}})},
            {"unknown_county", integer},
            {"years", list({{"year", integer}, {"members", integer}, {"joined", integer}, {"left", integer}})},
            {"joined_this_year", integer}}}};
}

web::PageView DashboardPage(const web::Request& req, const web::Translator& tr,
                            const ReferenceData& reference, const Dashboard& d, bool may_apply,
                            bool may_review) {
  const Language lang = req.lang;
  json sectors = json::array();
  for (const auto& s : d.sectors) {
    sectors.push_back({{"name", SectorName(reference, s.code, lang)},
                       {"members", s.members},
                       {"target", s.target},
                       {"status", tr.Tr(lang, s.met ? N_("Reached") : N_("Not yet"))},
                       {"met", s.met}});
  }
  json counties = json::array();
  for (const auto& c : d.counties) {
    counties.push_back({{"name", CountyName(reference, c.code)}, {"members", c.members}});
  }
  json years = json::array();
  json labels = json::array();
  json members = json::array();
  json targets = json::array();
  for (const auto& y : d.years) {
    years.push_back({{"year", y.year}, {"members", y.members}, {"joined", y.joined}, {"left", y.left}});
    labels.push_back(std::to_string(y.year));
    members.push_back(y.members);
    targets.push_back(d.goals.total);
  }
  int top = d.goals.total;
  for (const auto& y : d.years) top = std::max(top, y.members);
  json chart = {{"type", "line"},
                {"label", tr.Tr(lang, N_("Line chart of the number of members at the end of each year, with the goal"))},
                {"labels", labels},
                {"datasets", json::array({{{"label", tr.Tr(lang, N_("Members"))}, {"data", members}, {"style", "primary"}},
                                          {{"label", tr.Tr(lang, N_("Goal"))}, {"data", targets}, {"style", "secondary"}}})},
                {"horizontal", false},
                {"min", 0},
                {"max", top + 5}};
  json figures = json::array({
      {{"label", tr.Tr(lang, N_("Members"))}, {"value", std::to_string(d.members)}},
      {{"label", tr.Tr(lang, N_("Goal"))}, {"value", std::to_string(d.goals.total)}},
      {{"label", tr.Tr(lang, N_("Still needed"))}, {"value", std::to_string(d.remaining)}},
      {{"label", tr.Tr(lang, N_("New members this year"))}, {"value", std::to_string(d.joined_this_year)}},
  });
  json data = {{"figures", figures},
               {"summary", tr.Tr(lang, N_("{{members}} of {{goal}} members ({{percent}} %)."),
                                 {{"members", std::to_string(d.members)},
                                  {"goal", std::to_string(d.goals.total)},
                                  {"percent", std::to_string(d.percent)}})},
               {"goal_met", d.goal_met},
               {"percent", d.percent},
               {"sectors", sectors},
               {"counties", counties},
               {"unknown_county", d.unknown_county},
               {"has_unknown_county", d.unknown_county > 0},
               {"years", years},
               {"has_years", !d.years.empty()},
               {"chart_json", ScriptJson(chart)},
               {"chart_caption", tr.Tr(lang, N_("Members at the end of each year (today for this year) against the goal of {{goal}}. The table below has the same figures."),
                                       {{"goal", std::to_string(d.goals.total)}})},
               {"may_apply", may_apply},
               {"may_review", may_review}};
  return {.template_name = "alliance/dashboard",
          .title = tr.Tr(lang, N_("The alliance")),
          .data = std::move(data),
          .description = tr.Tr(lang, N_("The alliance's members and how far it has come towards its goal"))};
}

web::PageView MembersPage(const web::Request& req, const web::Translator& tr,
                          const ReferenceData& reference, const std::vector<Member>& members) {
  const Language lang = req.lang;
  json rows = json::array();
  for (const auto& m : members) {
    rows.push_back({{"href", "/aktorer/" + std::to_string(m.actor.id)},
                    {"name", m.actor.name},
                    {"sector", SectorName(reference, m.actor.sector, lang)},
                    {"county", m.actor.county.empty() ? tr.Tr(lang, N_("Unknown")) : CountyName(reference, m.actor.county)},
                    {"since", m.membership.since}});
  }
  return {.template_name = "alliance/members",
          .title = tr.Tr(lang, N_("Members of the alliance")),
          .data = {{"members", rows}, {"has_members", !rows.empty()}, {"count", rows.size()}}};
}

web::PageView ApplyPage(const web::Request& req, const web::Translator& tr,
                        const std::vector<ActorChoice>& choices, bool free_actor_id,
                        const ApplicationDraft& draft, const Error* error,
                        const std::vector<ApplicationView>& mine) {
  const Language lang = req.lang;
  json actors = json::array();
  for (const auto& c : choices) {
    actors.push_back({{"id", c.id}, {"name", c.name}, {"selected", c.id == draft.actor_id}});
  }
  json data = {{"csrf_token", req.csrf_token},
               {"actors", actors},
               {"has_actors", !actors.empty()},
               {"free_actor_id", free_actor_id && actors.empty()},
               {"actor_id", draft.actor_id ? std::to_string(draft.actor_id) : ""},
               {"motivation", draft.motivation},
               {"contact_name", draft.contact.name},
               {"contact_email", draft.contact.email},
               {"contact_phone", draft.contact.phone},
               {"commitments", Commitments(tr, lang, draft.commitments)},
               {"other_commitment", draft.other_commitment},
               {"max_motivation", kMaxMotivationLength},
               {"max_other", kMaxOtherCommitmentLength}};
  json rows = json::array();
  for (const auto& v : mine) rows.push_back(ApplicationRow(tr, lang, v));
  data["mine"] = rows;
  data["has_mine"] = !rows.empty();
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  if (error && error->fields().empty()) {
    data["has_errors"] = true;
    data["errors"] = json::array({{{"field", "actor_id"}, {"detail", tr.Tr(lang, error->message(), error->args())}}});
  }
  return {.template_name = "alliance/apply",
          .title = tr.Tr(lang, N_("Apply to join the alliance")),
          .data = std::move(data),
          .status = error ? web::http::status::unprocessable_entity : web::http::status::ok};
}

web::PageView ApplicationPage(const web::Request& req, const web::Translator& tr,
                              const ApplicationView& view, bool may_review,
                              const web::Params& form, const Error* error) {
  const Language lang = req.lang;
  const Application& a = view.application;
  json data = ApplicationRow(tr, lang, view);
  data.update({{"csrf_token", req.csrf_token},
               {"actor_href", "/aktorer/" + std::to_string(a.draft.actor_id)},
               {"motivation", a.draft.motivation},
               {"contact_name", a.draft.contact.name},
               {"contact_email", a.draft.contact.email},
               {"contact_phone", a.draft.contact.phone},
               {"has_contact", !a.draft.contact.name.empty()},
               {"chosen", ChosenCommitments(tr, lang, a.draft.commitments)},
               {"other_commitment", a.draft.other_commitment},
               {"approved", a.status == ApplicationStatus::kApproved},
               {"pending", a.status == ApplicationStatus::kPending},
               {"may_decide", may_review && a.status == ApplicationStatus::kPending},
               {"since", form.GetOr("since", IsoDateOf(std::chrono::duration_cast<std::chrono::milliseconds>(
                                                           std::chrono::system_clock::now().time_since_epoch())
                                                           .count()))},
               {"reason", form.GetOr("reason", "")},
               {"saved", req.query.Has("sparat")}});
  if (error) data.update(platform::FormErrors(tr, lang, *error));
  if (error && error->fields().empty()) {
    data["has_errors"] = true;
    data["errors"] = json::array({{{"field", "since"}, {"detail", tr.Tr(lang, error->message(), error->args())}}});
  }
  return {.template_name = "alliance/application",
          .title = tr.Tr(lang, N_("Application to join the alliance")),
          .data = std::move(data),
          .status = error ? web::http::status::unprocessable_entity : web::http::status::ok};
}

web::PageView AdminPage(const web::Request& req, const web::Translator& tr,
                        const ReferenceData& reference,
                        const std::vector<ApplicationView>& applications,
                        const std::vector<Member>& members, const web::Params& form,
                        const Error* error, int64_t error_actor) {
  const Language lang = req.lang;
  json pending = json::array();
  json decided = json::array();
  for (const auto& v : applications) {
    (v.application.status == ApplicationStatus::kPending ? pending : decided).push_back(ApplicationRow(tr, lang, v));
  }
  std::string today = IsoDateOf(std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::system_clock::now().time_since_epoch())
                                    .count());
  json rows = json::array();
  for (const auto& m : members) {
    bool failed = error && m.actor.id == error_actor;
    json row = {{"id", m.actor.id},
                {"href", "/aktorer/" + std::to_string(m.actor.id)},
                {"name", m.actor.name},
                {"sector", SectorName(reference, m.actor.sector, lang)},
                {"since", m.membership.since},
                {"until", failed ? form.GetOr("until", today) : today},
                {"action", "/admin/allians/medlemmar/" + std::to_string(m.actor.id) + "/avsluta"}};
    if (failed) {
      std::string detail = error->fields().empty() ? tr.Tr(lang, error->message(), error->args())
                                                   : tr.FieldMessage(lang, error->fields().front());
      row["error"] = detail;
    }
    rows.push_back(std::move(row));
  }
  json data = {{"csrf_token", req.csrf_token},
               {"pending", pending},
               {"has_pending", !pending.empty()},
               {"decided", decided},
               {"has_decided", !decided.empty()},
               {"members", rows},
               {"has_members", !rows.empty()},
               {"ended", req.query.Has("avslutat")}};
  return {.template_name = "alliance/admin",
          .title = tr.Tr(lang, N_("Review the alliance")),
          .data = std::move(data),
          .status = error ? web::http::status::unprocessable_entity : web::http::status::ok};
}

web::PageView GoalsPage(const web::Request& req, const web::Translator& tr,
                        const ReferenceData& reference, const Goals& goals, const Error* error,
                        bool saved) {
  const Language lang = req.lang;
  json sectors = json::array();
  for (const auto& s : reference.sectors()) {
    auto it = goals.per_sector.find(s.code);
    std::string field = "sector_" + s.code;
    json row = {{"field", field},
                {"name", s.name.In(lang)},
                {"value", it != goals.per_sector.end() ? it->second : 0}};
    sectors.push_back(std::move(row));
  }
  json data = {{"csrf_token", req.csrf_token}, {"total", goals.total}, {"sectors", sectors}, {"saved", saved}};
  if (error) {
    json errors = platform::FormErrors(tr, lang, *error);
    for (auto& s : data["sectors"]) {
      std::string key = "error_" + s["field"].get<std::string>();
      if (errors.contains(key)) s["error"] = errors[key];
    }
    data.update(errors);
  }
  return {.template_name = "alliance/goals",
          .title = tr.Tr(lang, N_("The alliance's goals")),
          .data = std::move(data),
          .status = error ? web::http::status::unprocessable_entity : web::http::status::ok};
}

}  // namespace samverkan::alliance
