#include "modules/matching/web/case_pages.h"

#include <chrono>
#include <cstdio>

#include "modules/matching/domain/match_case.h"
#include "modules/matching/web/matching_api_doc.h"
#include "platform/api.h"

namespace samverkan::matching {
namespace {

using nlohmann::json;
using platform::SignInFirst;
using web::Request;
using web::Response;

std::string CaseHref(int64_t id) { return "/matchningar/" + std::to_string(id); }

// "2026-03-01 14:05 UTC"
std::string WhenText(int64_t ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(ms)};
  auto day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<minutes> hms(floor<minutes>(t - day));
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u %02d:%02d UTC", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()));
  return buffer;
}

std::string IsoTime(int64_t ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(ms)};
  auto day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<seconds> hms(floor<seconds>(t - day));
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02uT%02d:%02d:%02dZ",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buffer;
}

const char* StateMsgid(CaseState state) {
  switch (state) {
    case CaseState::kSuggested:
      return N_("Suggested");
    case CaseState::kContactRequested:
      return N_("Contact requested");
    case CaseState::kInDialogue:
      return N_("In dialogue");
    case CaseState::kAgreement:
      return N_("Agreement");
    case CaseState::kCompleted:
      return N_("Completed");
    case CaseState::kDeclined:
      return N_("Declined");
  }
  return "";
}

struct Context {
  const platform::Services* s;
  CaseService* service;

  std::string Tr(const Request& req, std::string_view msgid) const {
    return s->site->Tr(req, msgid);
  }
  std::string ActorName(const Request& req, int64_t actor) const {
    if (actor == 0) return Tr(req, "Samverkan's editors");
    if (!s->actor_lookup) return std::to_string(actor);
    auto found = s->actor_lookup(std::to_string(actor), req.lang);
    if (!found.ok() || !found->has_value()) return std::to_string(actor);
    return (*found)->name;
  }
  Response Refused(const Request& req, const Error& error) const {
    if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
    return s->site->ErrorResponse(req, error);
  }
};

json ItemJson(int64_t id, const std::string& external_id, const LocalizedText& title,
              int64_t actor_id) {
  return {{"id", id},
          {"external_id", external_id},
          {"title", platform::ToJson(title)},
          {"actor_id", actor_id}};
}

json CaseJson(const CaseSummary& s) {
  const MatchCase& c = s.c;
  return {{"id", c.id},
          {"state", std::string(CaseStateCode(c.state))},
          {"score", c.score ? json(*c.score) : json(nullptr)},
          {"opened_by_actor", c.opened_by_actor},
          {"created_at", IsoTime(c.created_at)},
          {"updated_at", IsoTime(c.updated_at)},
          {"need",
           ItemJson(s.need.need.id, s.need.need.external_id, s.need.need.title, s.need.actor_id)},
          {"offer", ItemJson(s.offer.offer.id, s.offer.offer.external_id, s.offer.offer.title,
                             s.offer.actor_id)},
          {"href", CaseHref(c.id)}};
}

json AgreementJson(const Agreement& a) {
  return {{"collaboration_form", a.collaboration_form},
          {"value_sek", a.value_sek},
          {"starts_on", a.starts_on},
          {"ends_on", a.ends_on ? json(*a.ends_on) : json(nullptr)},
          {"recorded_at", IsoTime(a.recorded_at)}};
}

// Accounts stay out of the JSON: the sides are organisations.
json DetailJson(const CaseDetail& d) {
  json out = CaseJson(d.summary);
  json events = json::array();
  for (const auto& e : d.events) {
    events.push_back(
        {{"at", IsoTime(e.at)},
         {"by_actor", e.by_actor ? json(*e.by_actor) : json(nullptr)},
         {"from_state", e.from_state ? json(CaseStateCode(*e.from_state)) : json(nullptr)},
         {"to_state", std::string(CaseStateCode(e.to_state))},
         {"note", e.note}});
  }
  json messages = json::array();
  for (const auto& m : d.messages) {
    messages.push_back({{"id", m.id},
                        {"at", IsoTime(m.at)},
                        {"by_actor", m.by_actor == 0 ? json(nullptr) : json(m.by_actor)},
                        {"body", m.body}});
  }
  out["events"] = std::move(events);
  out["messages"] = std::move(messages);
  out["agreement"] = d.agreement ? AgreementJson(*d.agreement) : json(nullptr);
  return out;
}

json CaseSchema() {
  json item = {{"type", "object"},
               {"properties",
                {{"id", {{"type", "integer"}}},
                 {"external_id", {{"type", "string"}}},
                 {"title", {{"type", "object"}}},
                 {"actor_id", {{"type", "integer"}}}}}};
  return {{"type", "object"},
          {"required", {"id", "state", "need", "offer"}},
          {"properties",
           {{"id", {{"type", "integer"}}},
            {"state",
             {{"type", "string"},
              {"enum",
               {"suggested", "contact_requested", "in_dialogue", "agreement", "completed",
                "declined"}}}},
            {"score", {{"type", {"number", "null"}}}},
            {"opened_by_actor", {{"type", "integer"}}},
            {"created_at", {{"type", "string"}, {"format", "date-time"}}},
            {"updated_at", {{"type", "string"}, {"format", "date-time"}}},
            {"need", item},
            {"offer", item},
            {"events", {{"type", "array"}, {"items", {{"type", "object"}}}}},
            {"messages", {{"type", "array"}, {"items", {{"type", "object"}}}}},
            {"agreement", {{"type", {"object", "null"}}}}}}};
}

web::ApiParameter IdParam() {
  return {.name = "id", .in = "path", .description = "The case's id", .required = true};
}

// A string field of a JSON body, or of a number given as one; empty when missing.
std::string Field(const json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return "";
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<int64_t>());
  return "\x01";  // a wrong type: never a valid value
}

Result<int64_t> CaseId(const Request& req) {
  auto id = platform::ParseId(req.path_params.at("id"));
  if (!id) return Error::NotFound(N_("There is no such case."));
  return *id;
}

// The handler of an API route that acts on one case with a JSON body: the id and the body are
// read first, and a problem with either is the answer.
template <typename Act>
web::Handler CaseJsonAction(const platform::Services* s, Act act) {
  return [s, act](Request& req) -> Response {
    auto id = CaseId(req);
    if (!id.ok()) return s->site->ErrorResponse(req, id.error());
    auto body = platform::ParseJsonBody(req);
    if (!body.ok()) return s->site->ErrorResponse(req, body.error());
    return act(req, *id, *body);
  };
}

// The agreement of a form or a JSON body. A value that is not a whole number ≥ 0 becomes −1,
// which ValidateAgreement (in the service) reports with the other fields' problems.
Agreement AgreementFrom(const std::string& form, const std::string& value,
                        const std::string& starts, const std::string& ends) {
  Agreement a;
  a.collaboration_form = form;
  a.starts_on = starts;
  if (!ends.empty()) a.ends_on = ends;
  a.value_sek = ParseSek(value).value_or(-1);
  return a;
}

// The case page, with the forms `who` may use; `error` and `values` re-show a failed form.
Response CasePage(const Context& c, const Request& req, const CaseDetail& d, const Error* error,
                  const std::string& failed_form, const json& values) {
  const Principal& who = req.principal;
  const MatchCase& mc = d.summary.c;
  json data = error ? platform::FormErrors(c.s->site->tr(), req.lang, *error) : json::object();
  data["csrf_token"] = req.csrf_token;
  data["id"] = mc.id;
  data["action_base"] = CaseHref(mc.id);
  data["state"] = c.Tr(req, StateMsgid(mc.state));
  data["state_code"] = std::string(CaseStateCode(mc.state));
  data["need_title"] = d.summary.need.need.title.In(req.lang);
  data["need_href"] = "/behov/" + std::to_string(mc.need_id);
  data["need_actor"] = c.ActorName(req, mc.need_actor);
  data["offer_title"] = d.summary.offer.offer.title.In(req.lang);
  data["offer_href"] = "/erbjudanden/" + std::to_string(mc.offer_id);
  data["offer_actor"] = c.ActorName(req, mc.offer_actor);
  data["requester"] = c.ActorName(req, mc.opened_by_actor);
  data["opened"] = WhenText(mc.created_at);
  json events = json::array();
  for (const auto& e : d.events) {
    events.push_back({{"when", WhenText(e.at)},
                      {"datetime", IsoTime(e.at)},
                      {"state", c.Tr(req, StateMsgid(e.to_state))},
                      {"by", c.ActorName(req, e.by_actor.value_or(0))},
                      {"note", e.note}});
  }
  data["events"] = events;
  json messages = json::array();
  for (const auto& m : d.messages) {
    messages.push_back({{"when", WhenText(m.at)},
                        {"datetime", IsoTime(m.at)},
                        {"by", c.ActorName(req, m.by_actor)},
                        {"body", m.body}});
  }
  data["messages"] = messages;
  data["no_messages"] = messages.empty();
  if (d.agreement) {
    const CodeName* form = c.s->reference->FindCollaborationForm(d.agreement->collaboration_form);
    data["agreement"] = {{"form", form ? form->name.In(req.lang) : d.agreement->collaboration_form},
                         {"value", std::to_string(d.agreement->value_sek) + " kr"},
                         {"starts_on", d.agreement->starts_on},
                         {"ends_on", d.agreement->ends_on.value_or("")}};
  }
  // Which forms: asked of the rules with a placeholder note, so that the page offers only
  // what the service would accept.
  const std::string probe = "-";
  data["may_request"] = CheckStep(who, mc, CaseState::kContactRequested, probe).ok();
  data["may_accept"] = CheckStep(who, mc, CaseState::kInDialogue, probe).ok();
  data["may_decline"] = CheckStep(who, mc, CaseState::kDeclined, probe).ok();
  data["may_complete"] = CheckStep(who, mc, CaseState::kCompleted, probe).ok();
  data["may_message"] = CheckMessage(who, mc, probe).ok();
  const bool may_agree = CheckAgreementStep(who, mc).ok();
  data["may_agree"] = may_agree;
  data["closed"] = !IsOpen(mc.state);
  data["waiting"] = mc.state == CaseState::kContactRequested && !data["may_accept"].get<bool>();
  if (may_agree) {
    json forms = json::array();
    const std::string chosen =
        failed_form == "agreement" ? values.value("collaboration_form", "") : "";
    for (const auto& f : c.s->reference->collaboration_forms()) {
      forms.push_back(
          {{"value", f.code}, {"label", f.name.In(req.lang)}, {"selected", f.code == chosen}});
    }
    data["form_options"] = forms;
  }
  data["saved"] = !error && (req.query.Has("sparat") || req.query.Has("skickat"));
  data["failed_" + failed_form] = true;
  data["values"] = values;
  std::string title = c.Tr(req, "Case") + " " + std::to_string(mc.id) + ": " +
                      d.summary.need.need.title.In(req.lang);
  web::PageView view{.template_name = "matching/case", .title = title, .data = std::move(data)};
  if (error) view.status = web::http::status::unprocessable_entity;
  return c.s->site->Page(req, view);
}

// After a failed form: the page again with the error, or the error page.
Response AfterFailure(const Context& c, const Request& req, int64_t id, const Error& error,
                      const std::string& form, const json& values) {
  if (!error.IsInvalid()) return c.Refused(req, error);
  auto detail = c.service->Get(req.principal, id);
  if (!detail.ok()) return c.Refused(req, detail.error());
  return CasePage(c, req, *detail, &error, form, values);
}

}  // namespace

json ContactAction(const Request& req, ItemKind kind, int64_t item_id, int64_t other_id,
                   const std::map<int64_t, int64_t>& cases, bool may_request) {
  if (auto it = cases.find(other_id); it != cases.end()) {
    return {{"case_href", CaseHref(it->second)}};
  }
  if (!may_request) return json::object();
  const bool on_need = kind == ItemKind::kNeed;
  return {{"request",
           {{"need_id", on_need ? item_id : other_id},
            {"offer_id", on_need ? other_id : item_id},
            {"as", on_need ? "need" : "offer"},
            {"csrf_token", req.csrf_token}}}};
}

void RegisterCaseRoutes(platform::ModuleRegistry& registry, const platform::Services& services,
                        CaseService& service) {
  const Context c{&services, &service};
  const platform::Services* s = &services;

  // --- Pages -----------------------------------------------------------------------------------
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/matchningar",
       .name = "matching.cases",
       .handler = [c](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         auto list = c.service->List(req.principal);
         if (!list.ok()) return c.Refused(req, list.error());
         json items = json::array();
         for (const auto& summary : *list) {
           const MatchCase& mc = summary.c;
           items.push_back({{"href", CaseHref(mc.id)},
                            {"id", mc.id},
                            {"need_title", summary.need.need.title.In(req.lang)},
                            {"need_actor", c.ActorName(req, mc.need_actor)},
                            {"offer_title", summary.offer.offer.title.In(req.lang)},
                            {"offer_actor", c.ActorName(req, mc.offer_actor)},
                            {"state", c.Tr(req, StateMsgid(mc.state))},
                            {"updated", WhenText(mc.updated_at)},
                            {"datetime", IsoTime(mc.updated_at)}});
         }
         json data = {
             {"items", items}, {"empty", items.empty()}, {"editor", req.principal.IsEditor()}};
         std::string title = c.Tr(req, "My matches");
         return c.s->site->Page(
             req, web::PageView{.template_name = "matching/cases", .title = title, .data = data});
       }});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/matchningar/{id}",
                     .name = "matching.case",
                     .handler = [c](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       auto id = CaseId(req);
                       if (!id.ok()) return c.Refused(req, id.error());
                       auto detail = c.service->Get(req.principal, *id);
                       if (!detail.ok()) return c.Refused(req, detail.error());
                       return CasePage(c, req, *detail, nullptr, "", json::object());
                     }});

  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/matchningar",
                     .name = "matching.case_request",
                     .handler = [c](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       const auto& form = req.Form();
                       auto opened = c.service->RequestContact(
                           req.principal, form.GetOr("need_id", ""), form.GetOr("offer_id", ""),
                           form.GetOr("as", "need") == "offer", form.GetOr("note", ""));
                       if (opened.ok()) return web::Redirect(CaseHref(opened->id) + "?skickat=1");
                       // The pair already has a case: show it.
                       if (opened.error().code() == ErrorCode::kConflict &&
                           opened.error().args().count("id")) {
                         return web::Redirect(CaseHref(std::stoll(opened.error().args().at("id"))));
                       }
                       return c.Refused(req, opened.error());
                     }});
  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/matchningar/{id}/steg",
                     .name = "matching.case_step",
                     .handler = [c](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       auto id = CaseId(req);
                       if (!id.ok()) return c.Refused(req, id.error());
                       const auto& form = req.Form();
                       const std::string to_code = form.GetOr("to_state", "");
                       const std::string note = form.GetOr("note", "");
                       auto to = ParseCaseState(to_code);
                       Result<MatchCase> stepped =
                           to ? c.service->Step(req.principal, *id, *to, note)
                              : Result<MatchCase>(Error::InvalidField(
                                    "to_state", N_("Choose a step the case can take.")));
                       if (stepped.ok()) return web::Redirect(CaseHref(*id) + "?sparat=1");
                       return AfterFailure(c, req, *id, stepped.error(),
                                           to_code.empty() ? "step" : to_code, {{"note", note}});
                     }});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/matchningar/{id}/meddelanden",
       .name = "matching.case_message",
       .handler = [c](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         auto id = CaseId(req);
         if (!id.ok()) return c.Refused(req, id.error());
         const std::string body = req.Form().GetOr("body", "");
         auto posted = c.service->PostMessage(req.principal, *id, body);
         if (posted.ok()) return web::Redirect(CaseHref(*id) + "?skickat=1#messages");
         return AfterFailure(c, req, *id, posted.error(), "message", {{"body", body}});
       }});
  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/matchningar/{id}/avtal",
                     .name = "matching.case_agreement",
                     .handler = [c](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       auto id = CaseId(req);
                       if (!id.ok()) return c.Refused(req, id.error());
                       const auto& form = req.Form();
                       json values = {{"collaboration_form", form.GetOr("collaboration_form", "")},
                                      {"value_sek", form.GetOr("value_sek", "")},
                                      {"starts_on", form.GetOr("starts_on", "")},
                                      {"ends_on", form.GetOr("ends_on", "")}};
                       auto recorded = c.service->RecordAgreement(
                           req.principal, *id,
                           AgreementFrom(values["collaboration_form"].get<std::string>(),
                                         values["value_sek"].get<std::string>(),
                                         values["starts_on"].get<std::string>(),
                                         values["ends_on"].get<std::string>()));
                       if (recorded.ok()) return web::Redirect(CaseHref(*id) + "?sparat=1");
                       return AfterFailure(c, req, *id, recorded.error(), "agreement", values);
                     }});

  // --- API -------------------------------------------------------------------------------------
  json request_body = {
      {"type", "object"},
      {"required", {"need_id", "offer_id"}},
      {"properties",
       {{"need_id", {{"type", {"integer", "string"}}, {"description", "id or external_id"}}},
        {"offer_id", {{"type", {"integer", "string"}}, {"description", "id or external_id"}}},
        {"as",
         {{"type", "string"},
          {"enum", {"need", "offer"}},
          {"description", "The side to ask for when the caller represents both"}}},
        {"note", {{"type", "string"}, {"maxLength", kMaxNoteLength}}}}}};
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/matches",
       .name = "api.matches.list",
       .handler =
           [s, c](Request& req) {
             auto list = c.service->List(req.principal);
             if (!list.ok()) return s->site->ErrorResponse(req, list.error());
             json items = json::array();
             for (const auto& summary : *list) items.push_back(CaseJson(summary));
             return s->site->Json(req, {{"items", std::move(items)}});
           },
       .api = MatchingApiDoc("The caller's match cases (an editor's: all), newest change first",
                             ItemsSchema(CaseSchema()), {}, {401})});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/matches",
       .name = "api.matches.request",
       .handler =
           [s, c](Request& req) {
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return s->site->ErrorResponse(req, body.error());
             auto opened = c.service->RequestContact(
                 req.principal, Field(*body, "need_id"), Field(*body, "offer_id"),
                 Field(*body, "as") == "offer", Field(*body, "note"));
             if (!opened.ok()) return s->site->ErrorResponse(req, opened.error());
             auto detail = c.service->Get(req.principal, opened->id);
             if (!detail.ok()) return s->site->ErrorResponse(req, detail.error());
             Response res = s->site->Json(req, DetailJson(*detail), web::http::status::created);
             res.set(web::http::field::location, "/api/v1/matches/" + std::to_string(opened->id));
             return res;
           },
       .api = MatchingApiDoc(
           "Request contact between a need and an offer: a representative of either "
           "organisation, or an editor. The other side's representatives are notified "
           "by e-mail with a link to the case.",
           CaseSchema(), {}, {401, 403, 404, 409, 422}, request_body, 201)});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/api/v1/matches/{id}",
                     .name = "api.matches.show",
                     .handler =
                         [s, c](Request& req) {
                           auto id = CaseId(req);
                           if (!id.ok()) return s->site->ErrorResponse(req, id.error());
                           auto detail = c.service->Get(req.principal, *id);
                           if (!detail.ok()) return s->site->ErrorResponse(req, detail.error());
                           return s->site->Json(req, DetailJson(*detail));
                         },
                     .api = MatchingApiDoc(
                         "One match case with its steps, messages and agreement: the two sides' "
                         "representatives and editors",
                         CaseSchema(), {IdParam()}, {404})});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/matches/{id}/events",
       .name = "api.matches.step",
       .handler = CaseJsonAction(
           s,
           [s, c](Request& req, int64_t id, const json& body) {
             auto to = ParseCaseState(Field(body, "to_state"));
             if (!to) {
               return s->site->ErrorResponse(
                   req, Error::InvalidField("to_state", N_("Choose a step the case can take.")));
             }
             auto stepped = c.service->Step(req.principal, id, *to, Field(body, "note"));
             if (!stepped.ok()) return s->site->ErrorResponse(req, stepped.error());
             auto detail = c.service->Get(req.principal, id);
             if (!detail.ok()) return s->site->ErrorResponse(req, detail.error());
             return s->site->Json(req, DetailJson(*detail), web::http::status::created);
           }),
       .api = MatchingApiDoc(
           "Take a step: to_state contact_requested (from suggested), in_dialogue (the "
           "side that was asked accepts, with a message), declined (with a reason) or "
           "completed (after the agreement)",
           CaseSchema(), {IdParam()}, {401, 403, 404, 409, 422},
           {{"type", "object"},
            {"required", {"to_state"}},
            {"properties",
             {{"to_state", {{"type", "string"}}},
              {"note", {{"type", "string"}, {"maxLength", kMaxNoteLength}}}}}},
           201)});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/matches/{id}/messages",
       .name = "api.matches.message",
       .handler = CaseJsonAction(
           s,
           [s, c](Request& req, int64_t id, const json& body) {
             auto posted = c.service->PostMessage(req.principal, id, Field(body, "body"));
             if (!posted.ok()) return s->site->ErrorResponse(req, posted.error());
             return s->site->Json(
                 req,
                 {{"id", posted->id},
                  {"at", IsoTime(posted->at)},
                  {"by_actor", posted->by_actor == 0 ? json(nullptr) : json(posted->by_actor)},
                  {"body", posted->body}},
                 web::http::status::created);
           }),
       .api = MatchingApiDoc(
           "Send a message to the other side of an open case; its representatives are "
           "notified by e-mail",
           {{"type", "object"}}, {IdParam()}, {401, 403, 404, 409, 422},
           {{"type", "object"},
            {"required", {"body"}},
            {"properties", {{"body", {{"type", "string"}, {"maxLength", kMaxMessageLength}}}}}},
           201)});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/matches/{id}/agreement",
       .name = "api.matches.agreement",
       .handler = CaseJsonAction(
           s,
           [s, c](Request& req, int64_t id, const json& body) {
             auto agreement =
                 AgreementFrom(Field(body, "collaboration_form"), Field(body, "value_sek"),
                               Field(body, "starts_on"), Field(body, "ends_on"));
             auto recorded = c.service->RecordAgreement(req.principal, id, agreement);
             if (!recorded.ok()) return s->site->ErrorResponse(req, recorded.error());
             return s->site->Json(req, AgreementJson(*recorded), web::http::status::created);
           }),
       .api = MatchingApiDoc(
           "Record the agreement of a case in dialogue: collaboration form (reference "
           "code), value in SEK (whole number ≥ 0), start and optional end date "
           "(YYYY-MM-DD, end ≥ start)",
           {{"type", "object"}}, {IdParam()}, {401, 403, 404, 409, 422},
           {{"type", "object"},
            {"required", {"collaboration_form", "value_sek", "starts_on"}},
            {"properties",
             {{"collaboration_form", {{"type", "string"}}},
              {"value_sek", {{"type", "integer"}, {"minimum", 0}}},
              {"starts_on", {{"type", "string"}, {"format", "date"}}},
              {"ends_on", {{"type", {"string", "null"}}, {"format", "date"}}}}}},
           201)});
}

}  // namespace samverkan::matching
