#include "modules/matching/web/alert_pages.h"

#include <chrono>
#include <cstdio>

#include "modules/matching/web/matching_api_doc.h"
#include "platform/api.h"

namespace samverkan::matching {
namespace {

using nlohmann::json;
using platform::SignInFirst;
using web::Request;
using web::Response;

constexpr int kPageAlerts = 100;

// YYYY-MM-DD HH:MM (UTC) of a time in milliseconds.
std::string WhenText(int64_t ms) {
  using namespace std::chrono;
  sys_time<milliseconds> t{milliseconds(ms)};
  auto day = floor<days>(t);
  year_month_day ymd{day};
  hh_mm_ss hms{floor<minutes>(t - day)};
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u %02ld:%02ld", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<long>(hms.hours().count()), static_cast<long>(hms.minutes().count()));
  return buf;
}

std::string ItemHref(ItemKind kind, int64_t id) {
  return (kind == ItemKind::kNeed ? "/behov/" : "/erbjudanden/") + std::to_string(id);
}

ItemKind OtherKind(ItemKind kind) {
  return kind == ItemKind::kNeed ? ItemKind::kOffer : ItemKind::kNeed;
}

json AlertApiJson(const AlertView& v, Language lang, const MatchWeights& weights) {
  const Alert& a = v.alert;
  json j = {{"id", a.id},
            {"own_kind", std::string(ItemKindCode(a.own_kind))},
            {"own_item_id", a.own_item_id},
            {"own_title", v.own_title.In(lang)},
            {"other_kind", std::string(ItemKindCode(OtherKind(a.own_kind)))},
            {"other_item_id", a.other_item_id},
            {"other_title", v.other_exists ? json(v.other_title.In(lang)) : json(nullptr)},
            {"score", a.score},
            {"percent", ScorePercent(a.score, weights)},
            {"created_at", a.created_at},
            {"read", a.read_at.has_value()},
            {"read_at", a.read_at ? json(*a.read_at) : json(nullptr)},
            {"mailed_at", a.mailed_at ? json(*a.mailed_at) : json(nullptr)}};
  if (v.other_exists) j["other_href"] = ItemHref(OtherKind(a.own_kind), a.other_item_id);
  return j;
}

json SubscriptionApiJson(const SubscriptionView& v, Language lang, const MatchWeights& weights) {
  const AlertSubscription& s = v.subscription;
  return {{"kind", std::string(ItemKindCode(s.own_kind))},
          {"item_id", s.own_item_id},
          {"title", v.title.In(lang)},
          {"status", std::string(ItemStatusCode(v.status))},
          {"enabled", s.enabled},
          {"email", s.email},
          {"level", std::string(AlertLevelCode(s.level))},
          {"threshold_percent", static_cast<int>(AlertLevelShare(s.level) * 100 + 0.5)},
          {"threshold_score", LevelThreshold(s.level, weights)},
          {"stored", s.updated_at != 0}};
}

json SubscriptionSchema() {
  return {{"type", "object"},
          {"required", {"kind", "item_id", "level", "email", "enabled"}},
          {"properties",
           {{"kind", {{"type", "string"}, {"enum", {"need", "offer"}}}},
            {"item_id", {{"type", "integer"}}},
            {"title", {{"type", "string"}}},
            {"status", {{"type", "string"}}},
            {"enabled", {{"type", "boolean"}}},
            {"email", {{"type", "boolean"}}},
            {"level", {{"type", "string"}, {"enum", {"strong", "good", "broad"}}}},
            {"threshold_percent", {{"type", "integer"}}},
            {"stored", {{"type", "boolean"}}}}}};
}

json AlertSchema() {
  return {
      {"type", "object"},
      {"required", {"id", "own_kind", "own_item_id", "other_item_id", "score", "percent", "read"}},
      {"properties",
       {{"id", {{"type", "integer"}}},
        {"own_kind", {{"type", "string"}, {"enum", {"need", "offer"}}}},
        {"own_item_id", {{"type", "integer"}}},
        {"own_title", {{"type", "string"}}},
        {"other_kind", {{"type", "string"}}},
        {"other_item_id", {{"type", "integer"}}},
        {"other_title", {{"type", {"string", "null"}}}},
        {"other_href", {{"type", "string"}}},
        {"score", {{"type", "number"}}},
        {"percent", {{"type", "integer"}}},
        {"created_at", {{"type", "integer"}}},
        {"read", {{"type", "boolean"}}}}}};
}

// A subscription from a form or a JSON body: every problem at once.
Result<AlertSubscription> ReadSubscription(const std::string& kind, const std::string& item,
                                           const std::string& level, bool email, bool enabled) {
  std::vector<FieldError> errors;
  AlertSubscription s;
  auto k = ParseItemKind(kind);
  if (!k) errors.push_back({"kind", N_("Say need or offer."), {}});
  auto id = platform::ParseId(item);
  if (!id) errors.push_back({"item_id", N_("Choose one of your needs or offers."), {}});
  auto l = ParseAlertLevel(level);
  if (!l) errors.push_back({"level", N_("Choose strong, good or broad."), {}});
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  s.own_kind = *k;
  s.own_item_id = *id;
  s.level = *l;
  s.email = email;
  s.enabled = enabled;
  return s;
}

struct Context {
  const platform::Services* s;
  AlertService* service;
  const MatchWeights* weights;
};

Response AlertsPage(const Context& c, Request& req, const Error* error,
                    web::http::status status = web::http::status::ok) {
  auto tr = [&](std::string_view msgid) { return c.s->site->Tr(req, msgid); };
  auto list = c.service->List(req.principal, false, kPageAlerts);
  if (!list.ok()) return c.s->site->ErrorResponse(req, list.error());
  auto subs = c.service->Subscriptions(req.principal);
  if (!subs.ok()) return c.s->site->ErrorResponse(req, subs.error());
  int64_t unread = 0;
  json alerts = json::array();
  for (const AlertView& v : *list) {
    const Alert& a = v.alert;
    if (!a.read_at) ++unread;
    std::string sentence = a.own_kind == ItemKind::kOffer ? tr(N_("A new need matches your offer"))
                                                          : tr(N_("A new offer fits your need"));
    alerts.push_back(
        {{"id", a.id},
         {"unread", !a.read_at},
         {"sentence", sentence},
         {"own_title", v.own_title.In(req.lang)},
         {"own_href", ItemHref(a.own_kind, a.own_item_id)},
         {"other_title",
          v.other_exists ? v.other_title.In(req.lang) : tr(N_("(no longer public)"))},
         {"other_href", v.other_exists ? ItemHref(OtherKind(a.own_kind), a.other_item_id) : ""},
         {"percent", ScorePercent(a.score, *c.weights)},
         {"when", WhenText(a.created_at)},
         {"mailed", a.mailed_at.has_value()}});
  }
  json items = json::array();
  for (const SubscriptionView& v : *subs) {
    const AlertSubscription& sub = v.subscription;
    std::string key =
        std::string(ItemKindCode(sub.own_kind)) + "-" + std::to_string(sub.own_item_id);
    json levels = json::array();
    for (AlertLevel level : AllAlertLevels()) {
      levels.push_back({{"value", std::string(AlertLevelCode(level))},
                        {"label", tr(AlertLevelLabel(level))},
                        {"selected", level == sub.level}});
    }
    items.push_back(
        {{"key", key},
         {"kind", std::string(ItemKindCode(sub.own_kind))},
         {"kind_label", sub.own_kind == ItemKind::kNeed ? tr(N_("Need")) : tr(N_("Offer"))},
         {"item_id", sub.own_item_id},
         {"title", v.title.In(req.lang)},
         {"href", ItemHref(sub.own_kind, sub.own_item_id)},
         {"is_draft", v.status == ItemStatus::kDraft},
         {"enabled", sub.enabled},
         {"email", sub.email},
         {"levels", levels}});
  }
  json data = {{"alerts", alerts},
               {"has_alerts", !alerts.empty()},
               {"unread", unread},
               {"has_unread", unread > 0},
               {"items", items},
               {"has_items", !items.empty()},
               {"saved", req.query.Has("sparat")},
               {"marked", req.query.Has("last")},
               {"csrf_token", req.csrf_token}};
  if (error) {
    json errors = platform::FormErrors(c.s->site->tr(), req.lang, *error);
    for (auto& [k, v] : errors.items()) data[k] = v;
  }
  web::PageView view{
      .template_name = "matching/alerts", .title = tr(N_("Alerts")), .data = std::move(data)};
  view.status = status;
  return c.s->site->Page(req, view);
}

}  // namespace

void RegisterAlertRoutes(platform::ModuleRegistry& registry, const platform::Services& services,
                         AlertService& service, const MatchWeights& weights) {
  Context c{&services, &service, &weights};
  auto refused = [c](const Request& req, const Error& error) {
    if (error.code() == ErrorCode::kUnauthenticated) return SignInFirst(req);
    return c.s->site->ErrorResponse(req, error);
  };

  // --- Pages -----------------------------------------------------------------------------------
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/bevakningar",
                     .name = "matching.alerts",
                     .handler = [c](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       return AlertsPage(c, req, nullptr);
                     }});
  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/bevakningar/{id}/last",
                     .name = "matching.alert_read",
                     .handler = [c, refused](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       auto id = platform::ParseId(req.path_params["id"]);
                       if (!id) return c.s->site->NotFound(req);
                       auto marked = c.service->MarkRead(req.principal, *id);
                       if (!marked.ok()) return refused(req, marked.error());
                       return web::Redirect(*marked ? "/bevakningar?last=1" : "/bevakningar");
                     }});
  registry.AddRoute({.method = web::http::verb::post,
                     .pattern = "/bevakningar/las-alla",
                     .name = "matching.alerts_read_all",
                     .handler = [c, refused](Request& req) {
                       if (!req.principal.authenticated()) return SignInFirst(req);
                       auto marked = c.service->MarkAllRead(req.principal);
                       if (!marked.ok()) return refused(req, marked.error());
                       return web::Redirect("/bevakningar?last=1");
                     }});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/bevakningar/installningar",
       .name = "matching.alert_settings",
       .handler = [c, refused](Request& req) {
         if (!req.principal.authenticated()) return SignInFirst(req);
         const auto& form = req.Form();
         auto sub = ReadSubscription(form.GetOr("kind", ""), form.GetOr("item_id", ""),
                                     form.GetOr("level", ""), form.GetOr("email", "") == "1",
                                     form.GetOr("enabled", "") == "1");
         if (sub.ok()) {
           auto saved = c.service->SetSubscription(req.principal, *sub);
           if (saved.ok()) return web::Redirect("/bevakningar?sparat=1#installningar");
           if (saved.error().code() != ErrorCode::kInvalidArgument)
             return refused(req, saved.error());
           sub = std::move(saved).error();
         }
         return AlertsPage(c, req, &sub.error(), web::http::status::unprocessable_entity);
       }});

  // --- API -------------------------------------------------------------------------------------
  registry.AddRoute(
      {.method = web::http::verb::get,
       .pattern = "/api/v1/alerts",
       .name = "api.alerts.list",
       .handler =
           [c](Request& req) {
             bool unread_only =
                 req.query.GetOr("unread", "") == "true" || req.query.GetOr("unread", "") == "1";
             auto list = c.service->List(req.principal, unread_only, kMaxAlertList);
             if (!list.ok()) return c.s->site->ErrorResponse(req, list.error());
             auto unread = c.service->UnreadCount(req.principal);
             if (!unread.ok()) return c.s->site->ErrorResponse(req, unread.error());
             json items = json::array();
             for (const auto& v : *list) items.push_back(AlertApiJson(v, req.lang, *c.weights));
             return c.s->site->Json(req, {{"items", std::move(items)}, {"unread", *unread}});
           },
       .api = MatchingApiDoc(
           "The signed-in person's own alerts, newest first (at most 200): a new need "
           "that matches one of their organisation's offers, or a new offer that fits "
           "one of its open needs, with the score and its percentage of the best "
           "possible score",
           {{"type", "object"},
            {"required", {"items", "unread"}},
            {"properties",
             {{"items", {{"type", "array"}, {"items", AlertSchema()}}},
              {"unread", {{"type", "integer"}}}}}},
           {web::ApiParameter{.name = "unread",
                              .in = "query",
                              .description = "true: only the unread ones",
                              .schema = {{"type", "boolean"}}}},
           {401})});
  registry.AddRoute(
      {.method = web::http::verb::post,
       .pattern = "/api/v1/alerts/{id}/read",
       .name = "api.alerts.read",
       .handler =
           [c](Request& req) {
             if (req.principal.authenticated() && !req.principal.Allows("write"))
               return c.s->site->ErrorResponse(req, Error::Forbidden());
             // The body is {} (or {"read": true}); anything else is a mistake worth saying.
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return c.s->site->ErrorResponse(req, body.error());
             for (const auto& [key, value] : body->items()) {
               if (key != "read" || !value.is_boolean() || !value.get<bool>()) {
                 return c.s->site->ErrorResponse(
                     req, Error::InvalidField(key, N_("Send {} or {\"read\": true}.")));
               }
             }
             auto id = platform::ParseId(req.path_params["id"]);
             if (!id) return c.s->site->NotFound(req);
             auto marked = c.service->MarkRead(req.principal, *id);
             if (!marked.ok()) return c.s->site->ErrorResponse(req, marked.error());
             return c.s->site->Json(req, {{"id", *id}, {"read", *marked}});
           },
       .api = MatchingApiDoc(
           "Mark one of the person's own alerts read; read is false (and nothing changes) "
           "when the id is not one of the person's alerts",
           {{"type", "object"},
            {"properties", {{"id", {{"type", "integer"}}}, {"read", {{"type", "boolean"}}}}}},
           {web::ApiParameter{
               .name = "id", .in = "path", .description = "The alert's id", .required = true}},
           {401})});
  registry.AddRoute({.method = web::http::verb::get,
                     .pattern = "/api/v1/alert-subscriptions",
                     .name = "api.alert_subscriptions.list",
                     .handler =
                         [c](Request& req) {
                           auto subs = c.service->Subscriptions(req.principal);
                           if (!subs.ok()) return c.s->site->ErrorResponse(req, subs.error());
                           json items = json::array();
                           for (const auto& v : *subs)
                             items.push_back(SubscriptionApiJson(v, req.lang, *c.weights));
                           return c.s->site->Json(req, {{"items", std::move(items)}});
                         },
                     .api = MatchingApiDoc(
                         "The alert settings of the person's own needs and offers (those of the "
                         "organisations they represent); without a stored choice the default: on, "
                         "e-mail on, level good (45 % of the best possible score)",
                         ItemsSchema(SubscriptionSchema()), {}, {401})});
  registry.AddRoute(
      {.method = web::http::verb::put,
       .pattern = "/api/v1/alert-subscriptions",
       .name = "api.alert_subscriptions.put",
       .handler =
           [c](Request& req) {
             if (!req.principal.authenticated()) {
               return c.s->site->ErrorResponse(
                   req, Error(ErrorCode::kUnauthenticated, "Sign in to continue."));
             }
             if (!req.principal.Allows("write"))
               return c.s->site->ErrorResponse(req, Error::Forbidden());
             auto body = platform::ParseJsonBody(req);
             if (!body.ok()) return c.s->site->ErrorResponse(req, body.error());
             const json& b = *body;
             auto text = [&](const char* key) -> std::string {
               if (!b.contains(key)) return "";
               if (b[key].is_string()) return b[key].get<std::string>();
               if (b[key].is_number_integer()) return std::to_string(b[key].get<int64_t>());
               return "";
             };
             // email and enabled default to true; anything but a boolean is an error.
             std::vector<FieldError> flag_errors;
             auto flag = [&](const char* key) {
               if (!b.contains(key)) return true;
               if (!b[key].is_boolean()) {
                 flag_errors.push_back({key, N_("Give true or false."), {}});
                 return true;
               }
               return b[key].get<bool>();
             };
             bool email = flag("email");
             bool enabled = flag("enabled");
             if (!flag_errors.empty())
               return c.s->site->ErrorResponse(req, Error::Invalid(std::move(flag_errors)));
             auto sub =
                 ReadSubscription(text("kind"), text("item_id"),
                                  b.contains("level") ? text("level") : "good", email, enabled);
             if (!sub.ok()) return c.s->site->ErrorResponse(req, sub.error());
             auto saved = c.service->SetSubscription(req.principal, *sub);
             if (!saved.ok()) return c.s->site->ErrorResponse(req, saved.error());
             SubscriptionView v{.subscription = *saved};
             json out = SubscriptionApiJson(v, req.lang, *c.weights);
             out.erase("title");
             out.erase("status");
             return c.s->site->Json(req, out);
           },
       .api =
           MatchingApiDoc("Set the person's own alerts for a need or offer (in effect while they "
                          "represent its actor): level strong "
                          "(≥ 65 % of the best possible score), good (≥ 45 %) or broad (≥ 30 %), "
                          "e-mail and on/off (both default true)",
                          SubscriptionSchema(), {}, {401, 404, 422}, SubscriptionSchema())});
}

}  // namespace samverkan::matching
