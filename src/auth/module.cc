#include "auth/module.h"

#include <algorithm>
#include <chrono>

#include "platform/api.h"

namespace samverkan::auth {
namespace {

using nlohmann::json;
using web::http::status;
using web::http::verb;
using web::Request;
using web::Response;

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RepositoryScope Scope(const platform::Services* s, const MailQueue* mail, storage::TxMode mode) {
  return [s, mail, mode](const std::function<Status(AccountRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlAccountRepository repo(tx, *mail);
      return work(repo);
    });
  };
}

std::string SessionCookie(const platform::Services* s, const std::string& token, int64_t max_age_s) {
  std::string cookie = std::string(web::kSessionCookie) + "=" + token +
                       "; Path=/; HttpOnly; SameSite=Lax; Max-Age=" + std::to_string(max_age_s);
  if (s->secure_cookies) cookie += "; Secure";
  return cookie;
}

json UserJson(const User& u) {
  json roles = json::array();
  for (Role r : u.roles) roles.push_back(RoleCode(r));
  return {{"id", u.id},
          {"email", u.email},
          {"name", u.display_name},
          {"language", LanguageCode(u.language)},
          {"verified", u.verified_at_ms.has_value()},
          {"public_profile", u.public_profile},
          {"roles", roles},
          {"actor_ids", u.actor_ids},
          {"created_at_ms", u.created_at_ms}};
}

const json kUserSchema = {
    {"type", "object"},
    {"required", {"id", "email", "name", "roles"}},
    {"properties",
     {{"id", {{"type", "integer"}}},
      {"email", {{"type", "string"}}},
      {"name", {{"type", "string"}}},
      {"language", {{"type", "string"}, {"enum", {"sv", "en"}}}},
      {"verified", {{"type", "boolean"}}},
      {"public_profile", {{"type", "boolean"}}},
      {"roles", {{"type", "array"}, {"items", {{"type", "string"}}}}},
      {"actor_ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}}}};

web::ApiDoc Doc(std::string summary, json response, int success = 200, std::vector<int> errors = {}) {
  web::ApiDoc doc;
  doc.summary = std::move(summary);
  doc.tag = "accounts";
  doc.response = std::move(response);
  doc.success_status = success;
  doc.error_statuses = std::move(errors);
  return doc;
}

}  // namespace

web::Authenticator AccountsModule::MakeAuthenticator() {
  AccountService* service = service_.get();
  return [service](Request& req) -> std::optional<Error> {
    std::string_view authorization = req.Header(web::http::field::authorization);
    if (!authorization.empty()) {
      constexpr std::string_view kBearer = "Bearer ";
      if (authorization.substr(0, kBearer.size()) != kBearer) {
        return Error(ErrorCode::kUnauthenticated, "Use Authorization: Bearer with an API token.");
      }
      auto who = service->AuthenticateApiToken(std::string(authorization.substr(kBearer.size())));
      if (!who.ok()) return std::move(who).error();
      req.principal = std::move(who).value();
      return std::nullopt;
    }
    auto cookie = req.cookies.find(std::string(web::kSessionCookie));
    if (cookie != req.cookies.end()) {
      auto who = service->AuthenticateSession(cookie->second);
      // An expired or ended session is simply no session.
      if (who.ok()) req.principal = std::move(who).value();
    }
    return std::nullopt;
  };
}

void AccountsModule::Register(platform::ModuleRegistry& registry, const platform::Services& services) {
  services_ = &services;
  const platform::Services* s = &services;
  const MailQueue* mail = &mail_;
  service_ = std::make_unique<AccountService>(Scope(s, mail, storage::TxMode::kWrite),
                                              Scope(s, mail, storage::TxMode::kRead), NowMs,
                                              settings_);
  AccountService* service = service_.get();
  const int64_t session_max_age_s = settings_.session_lifetime_ms / 1000;

  for (auto& m : AccountMigrations()) registry.AddMigration(std::move(m));

  // A page of this module, with the form's previous values and errors when given.
  auto page = [s](const Request& req, std::string name, std::string title_msgid, json data = json::object(),
                  const Error* error = nullptr) {
    data["csrf_token"] = req.csrf_token;
    if (error) data.update(platform::FormErrors(s->site->tr(), req.lang, *error));
    web::PageView view{.template_name = "accounts/" + name,
                       .title = s->site->Tr(req, title_msgid),
                       .data = std::move(data)};
    if (error) view.status = web::StatusFor(error->code());
    Response res = s->site->Page(req, view);
    if (error && error->code() == ErrorCode::kRateLimited) {
      if (auto it = error->args().find("seconds"); it != error->args().end()) {
        res.set(web::http::field::retry_after, it->second);
      }
    }
    return res;
  };
  auto add = [&](verb method, std::string pattern, std::string name, web::Handler handler) {
    registry.AddRoute({.method = method, .pattern = std::move(pattern), .name = std::move(name),
                       .handler = std::move(handler)});
  };

  // --- Registration and verification ---------------------------------------------------------
  add(verb::get, "/registrera", "accounts.register_form", [page](Request& req) {
    return page(req, "register", N_("Create an account"));
  });
  add(verb::post, "/registrera", "accounts.register", [page, service](Request& req) {
    const auto& f = req.Form();
    Registration r{f.GetOr("email", ""), f.GetOr("name", ""), f.GetOr("password", ""), req.lang,
                   req.client_address};
    Status done = service->Register(r);
    if (!done.ok()) {
      return page(req, "register", N_("Create an account"),
                  {{"email", r.email}, {"name", r.name}}, &done.error());
    }
    return page(req, "register_sent", N_("Check your e-mail"), {{"email", r.email}});
  });
  add(verb::get, "/verifiera", "accounts.verify", [page, service](Request& req) {
    Status done = service->VerifyEmail(req.query.GetOr("token", ""));
    if (!done.ok()) return page(req, "verified", N_("The link did not work"), {{"failed", true}}, nullptr);
    return page(req, "verified", N_("Your e-mail address is confirmed"), {{"failed", false}});
  });

  // --- Signing in and out -------------------------------------------------------------------
  add(verb::get, "/logga-in", "accounts.sign_in_form", [page](Request& req) {
    return page(req, "sign_in", N_("Sign in"), {{"next", req.query.GetOr("next", "")}});
  });
  add(verb::post, "/logga-in", "accounts.sign_in", [s, page, service, session_max_age_s](Request& req) {
    const auto& f = req.Form();
    std::string email = f.GetOr("email", "");
    auto signed_in = service->SignIn(email, f.GetOr("password", ""), req.client_address);
    if (!signed_in.ok()) {
      Response res = page(req, "sign_in", N_("Sign in"), {{"email", email}, {"next", f.GetOr("next", "")}},
                          &signed_in.error());
      if (signed_in.error().code() == ErrorCode::kRateLimited) {
        res.set(web::http::field::retry_after, signed_in.error().args().at("seconds"));
      }
      return res;
    }
    Response res = web::Redirect(platform::LocalPathOr(f.Get("next"), "/konto"));
    res.set(web::http::field::set_cookie, SessionCookie(s, signed_in->session_token, session_max_age_s));
    return res;
  });
  add(verb::post, "/logga-ut", "accounts.sign_out", [s, service](Request& req) {
    if (auto c = req.cookies.find(std::string(web::kSessionCookie)); c != req.cookies.end()) {
      (void)service->SignOut(c->second);
    }
    Response res = web::Redirect("/");
    res.set(web::http::field::set_cookie, SessionCookie(s, "", 0));
    return res;
  });

  // --- Forgotten password -------------------------------------------------------------------
  add(verb::get, "/glomt-losenord", "accounts.forgot_form", [page](Request& req) {
    return page(req, "forgot", N_("Forgotten password"));
  });
  add(verb::post, "/glomt-losenord", "accounts.forgot", [page, service](Request& req) {
    std::string email = req.Form().GetOr("email", "");
    Status done = service->RequestPasswordReset(email, req.lang, req.client_address);
    if (!done.ok()) return page(req, "forgot", N_("Forgotten password"), {{"email", email}}, &done.error());
    return page(req, "forgot_sent", N_("Check your e-mail"), {{"email", email}});
  });
  add(verb::get, "/aterstall-losenord", "accounts.reset_form", [page](Request& req) {
    return page(req, "reset", N_("Choose a new password"), {{"token", req.query.GetOr("token", "")}});
  });
  add(verb::post, "/aterstall-losenord", "accounts.reset", [page, service](Request& req) {
    const auto& f = req.Form();
    std::string token = f.GetOr("token", "");
    Status done = service->ResetPassword(token, f.GetOr("password", ""));
    if (!done.ok()) {
      return page(req, "reset", N_("Choose a new password"), {{"token", token}}, &done.error());
    }
    return web::Redirect("/logga-in?reset=1");
  });

  // --- The account page ---------------------------------------------------------------------
  auto account_page = [page, service](Request& req, const Error* error, json extra) {
    auto me = service->Me(req.principal);
    if (!me.ok()) return web::Redirect("/logga-in?next=%2Fkonto");
    auto tokens = service->ListApiTokens(req.principal);
    json token_list = json::array();
    if (tokens.ok()) {
      for (const auto& t : *tokens) {
        if (t.revoked_at_ms) continue;
        std::string scopes;
        for (const auto& sc : t.scopes) scopes += (scopes.empty() ? "" : ", ") + sc;
        token_list.push_back({{"id", t.id}, {"name", t.name}, {"scopes", scopes}});
      }
    }
    json data = {{"user", UserJson(*me)},
                 {"name", me->display_name},
                 {"email", me->email},
                 {"public_profile", me->public_profile},
                 {"lang_sv", me->language == Language::kSwedish},
                 {"tokens", token_list},
                 {"has_tokens", !token_list.empty()}};
    data.update(extra);
    return page(req, "account", N_("My account"), std::move(data), error);
  };
  add(verb::get, "/konto", "accounts.account", [account_page](Request& req) {
    return account_page(req, nullptr, {{"saved", req.query.Has("sparat")}});
  });
  add(verb::post, "/konto/profil", "accounts.update_profile", [account_page, service](Request& req) {
    const auto& f = req.Form();
    Language lang = ParseLanguage(f.GetOr("language", "sv")).value_or(kDefaultLanguage);
    Status done = service->UpdateProfile(req.principal, f.GetOr("name", ""), lang, f.Has("public_profile"));
    if (done.ok()) return web::Redirect("/konto?sparat=1");
    if (done.error().code() == ErrorCode::kUnauthenticated) return web::Redirect("/logga-in?next=%2Fkonto");
    return account_page(req, &done.error(), json::object());
  });
  add(verb::post, "/konto/losenord", "accounts.change_password", [account_page, service](Request& req) {
    const auto& f = req.Form();
    Status done = service->ChangePassword(req.principal, f.GetOr("current_password", ""), f.GetOr("password", ""));
    if (done.ok()) return web::Redirect("/konto?sparat=1");
    if (done.error().code() == ErrorCode::kUnauthenticated) return web::Redirect("/logga-in?next=%2Fkonto");
    return account_page(req, &done.error(), json::object());
  });
  add(verb::post, "/konto/logga-ut-overallt", "accounts.sign_out_everywhere", [s, service](Request& req) {
    Status done = service->SignOutEverywhere(req.principal);
    if (!done.ok()) return s->site->ErrorResponse(req, done.error());
    Response res = web::Redirect("/logga-in");
    res.set(web::http::field::set_cookie, SessionCookie(s, "", 0));
    return res;
  });
  add(verb::post, "/konto/nycklar", "accounts.create_token", [account_page, service](Request& req) {
    const auto& f = req.Form();
    std::set<std::string> scopes;
    for (const auto& sc : f.GetAll("scope")) scopes.insert(sc);
    auto token = service->CreateApiToken(req.principal, f.GetOr("token_name", ""), scopes);
    if (!token.ok()) return account_page(req, &token.error(), json::object());
    // Shown once, on this response only.
    return account_page(req, nullptr, {{"new_token", *token}});
  });
  add(verb::post, "/konto/nycklar/{id}/aterkalla", "accounts.revoke_token", [s, service](Request& req) {
    int64_t id = 0;
    try {
      id = std::stoll(req.path_params["id"]);
    } catch (const std::exception&) {
      return s->site->NotFound(req);
    }
    Status done = service->RevokeApiToken(req.principal, id);
    if (!done.ok()) return s->site->ErrorResponse(req, done.error());
    return web::Redirect("/konto?sparat=1");
  });
  const platform::ModuleRegistry* reg = &registry;
  // Everything the platform holds about the signed-in person, section by section.
  auto my_data = [s, service, reg](const Request& req) -> Result<json> {
    auto me = service->Me(req.principal);
    if (!me.ok()) return std::move(me).error();
    json out = {{"account", UserJson(*me)}};
    auto tokens = service->ListApiTokens(req.principal);
    if (!tokens.ok()) return std::move(tokens).error();
    json token_list = json::array();
    for (const auto& t : *tokens) {
      token_list.push_back({{"id", t.id}, {"name", t.name}, {"scopes", t.scopes},
                            {"created_at_ms", t.created_at_ms}, {"last_used_ms", t.last_used_ms.value_or(0)},
                            {"revoked", t.revoked_at_ms.has_value()}});
    }
    out["api_tokens"] = token_list;
    for (const auto& handler : reg->personal_data()) {
      if (!handler.export_json) continue;
      auto part = handler.export_json(*s, req.principal);
      if (!part.ok()) return std::move(part).error();
      out[handler.section] = std::move(part).value();
    }
    return out;
  };
  add(verb::get, "/konto/mina-data", "accounts.download_data", [s, my_data](Request& req) {
    if (!req.principal.authenticated()) return web::Redirect("/logga-in?next=%2Fkonto");
    auto data = my_data(req);
    if (!data.ok()) return s->site->ErrorResponse(req, data.error());
    Response res = s->site->Json(req, *data);
    res.set(web::http::field::content_disposition, "attachment; filename=\"samverkan-my-data.json\"");
    return res;
  });
  registry.AddRoute({.method = verb::get, .pattern = "/api/v1/me/data", .name = "api.accounts.my_data",
                     .handler = [s, my_data](Request& req) {
                       auto data = my_data(req);
                       if (!data.ok()) return s->site->ErrorResponse(req, data.error());
                       return s->site->Json(req, *data);
                     },
                     .api = Doc("Everything the platform holds about the signed-in user (GDPR)",
                                {{"type", "object"}, {"required", {"account"}},
                                 {"properties", {{"account", kUserSchema}}}},
                                200, {401})});

  add(verb::post, "/konto/radera", "accounts.delete", [s, reg, account_page, service](Request& req) {
    Principal who = req.principal;
    Status done = service->DeleteAccount(who, req.Form().GetOr("password", ""));
    if (!done.ok()) {
      if (done.error().code() == ErrorCode::kUnauthenticated) return web::Redirect("/logga-in?next=%2Fkonto");
      return account_page(req, &done.error(), json::object());
    }
    // The account is gone; now what other modules hold about the person.
    for (const auto& handler : reg->personal_data()) {
      if (!handler.erase) continue;
      if (Status erased = handler.erase(*s, who); !erased.ok()) {
        return s->site->ErrorResponse(req, erased.error());
      }
    }
    Response res = web::Redirect("/?konto=raderat");
    res.set(web::http::field::set_cookie, SessionCookie(s, "", 0));
    return res;
  });

  // --- Administration of users ------------------------------------------------------------
  // Roles an administrator grants directly; "representative" follows from organisations and
  // "member" everyone has.
  static const std::vector<Role> kGrantable = {Role::kAdmin, Role::kEditor, Role::kJuror};
  auto parse_id = [](const std::string& text) -> std::optional<int64_t> {
    try {
      size_t used = 0;
      int64_t v = std::stoll(text, &used);
      if (used == text.size() && v > 0) return v;
    } catch (const std::exception&) {
    }
    return std::nullopt;
  };
  // Organisations named by id or external id, separated by commas or spaces.
  auto resolve_actors = [s](const std::string& text, Language lang) -> Result<std::set<int64_t>> {
    std::set<int64_t> ids;
    std::string token;
    std::vector<std::string> refs;
    for (char c : text + ",") {
      if (c == ',' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
        if (!token.empty()) refs.push_back(token);
        token.clear();
      } else {
        token += c;
      }
    }
    for (const auto& ref : refs) {
      if (!s->actor_lookup) return Error::InvalidField("actors", "There is no organisation {{ref}}.", {{"ref", ref}});
      auto found = s->actor_lookup(ref, lang);
      if (!found.ok()) return std::move(found).error();
      if (!found->has_value()) return Error::InvalidField("actors", "There is no organisation {{ref}}.", {{"ref", ref}});
      ids.insert((*found)->id);
    }
    return ids;
  };
  auto actor_names = [s](const std::set<int64_t>& ids, Language lang) {
    json out = json::array();
    for (int64_t id : ids) {
      std::string name = "#" + std::to_string(id);
      std::string external;
      if (s->actor_lookup) {
        auto found = s->actor_lookup(std::to_string(id), lang);
        if (found.ok() && found->has_value()) {
          name = (*found)->name;
          external = (*found)->external_id;
        }
      }
      out.push_back({{"id", id}, {"name", name}, {"external_id", external}});
    }
    return out;
  };
  auto role_list = [](const std::set<Role>& roles) {
    std::string out;
    for (Role r : roles) out += (out.empty() ? "" : ", ") + std::string(RoleCode(r));
    return out;
  };
  add(verb::get, "/admin/anvandare", "admin.users", [s, page, service, parse_id, role_list](Request& req) {
    if (!req.principal.authenticated()) return web::Redirect("/logga-in?next=%2Fadmin%2Fanvandare");
    int64_t after = parse_id(req.query.GetOr("efter", "")).value_or(0);
    auto users = service->ListUsers(req.principal, after, 50);
    if (!users.ok()) return s->site->ErrorResponse(req, users.error());
    json rows = json::array();
    for (const auto& u : *users) {
      rows.push_back({{"id", u.id}, {"name", u.display_name}, {"email", u.email},
                      {"roles", role_list(u.roles)}, {"organisations", u.actor_ids.size()},
                      {"verified", u.verified_at_ms.has_value()}});
    }
    json data = {{"users", rows}};
    if (users->size() == 50) data["next"] = "/admin/anvandare?efter=" + std::to_string(users->back().id);
    return page(req, "admin_users", N_("Users"), data);
  });
  auto user_page = [s, page, service, actor_names](Request& req, int64_t id, const Error* error,
                                                   const std::string& actors_text) {
    auto user = service->GetUser(req.principal, id);
    if (!user.ok()) return s->site->ErrorResponse(req, user.error());
    json roles = json::array();
    for (Role r : kGrantable) {
      roles.push_back({{"code", RoleCode(r)}, {"checked", user->roles.count(r) > 0}});
    }
    json data = {{"user", UserJson(*user)},
                 {"id", user->id},
                 {"name", user->display_name},
                 {"email", user->email},
                 {"roles", roles},
                 {"actors", actor_names(user->actor_ids, req.lang)},
                 {"has_actors", !user->actor_ids.empty()},
                 {"actors_text", actors_text},
                 {"saved", req.query.Has("sparat")}};
    return page(req, "admin_user", N_("User"), data, error);
  };
  add(verb::get, "/admin/anvandare/{id}", "admin.user", [s, user_page, parse_id](Request& req) {
    if (!req.principal.authenticated()) return web::Redirect("/logga-in?next=%2Fadmin%2Fanvandare");
    auto id = parse_id(req.path_params["id"]);
    if (!id) return s->site->NotFound(req);
    return user_page(req, *id, nullptr, "");
  });
  add(verb::post, "/admin/anvandare/{id}/roller", "admin.user_roles", [s, user_page, service, parse_id](Request& req) {
    auto id = parse_id(req.path_params["id"]);
    if (!id) return s->site->NotFound(req);
    std::set<Role> roles;
    for (const auto& code : req.Form().GetAll("role")) {
      auto role = ParseRole(code);
      if (!role || std::find(kGrantable.begin(), kGrantable.end(), *role) == kGrantable.end()) {
        Error e = Error::InvalidField("role", "Unknown role {{role}}: use admin, editor, representative, juror or member.", {{"role", code}});
        return user_page(req, *id, &e, "");
      }
      roles.insert(*role);
    }
    // Representation is kept: it is managed with the organisations.
    auto current = service->GetUser(req.principal, *id);
    if (!current.ok()) return s->site->ErrorResponse(req, current.error());
    if (current->roles.count(Role::kRepresentative)) roles.insert(Role::kRepresentative);
    Status done = service->SetRoles(req.principal, *id, roles);
    if (!done.ok()) {
      if (done.error().IsInvalid()) return user_page(req, *id, &done.error(), "");
      return s->site->ErrorResponse(req, done.error());
    }
    return web::Redirect("/admin/anvandare/" + std::to_string(*id) + "?sparat=1");
  });
  add(verb::post, "/admin/anvandare/{id}/organisationer", "admin.user_actors",
      [s, user_page, service, parse_id, resolve_actors](Request& req) {
        auto id = parse_id(req.path_params["id"]);
        if (!id) return s->site->NotFound(req);
        std::string text = req.Form().GetOr("actors", "");
        if (!req.principal.IsAdmin()) return s->site->ErrorResponse(req, Error::Forbidden());
        auto ids = resolve_actors(text, req.lang);
        if (!ids.ok()) return user_page(req, *id, &ids.error(), text);
        Status done = service->SetRepresentation(req.principal, *id, *ids);
        if (!done.ok()) return s->site->ErrorResponse(req, done.error());
        return web::Redirect("/admin/anvandare/" + std::to_string(*id) + "?sparat=1");
      });

  web::ApiDoc users_doc = Doc("Users, in id order (administrators; tokens need the admin scope)",
                              {{"type", "object"},
                               {"required", {"items"}},
                               {"properties", {{"items", {{"type", "array"}, {"items", kUserSchema}}},
                                               {"next_cursor", {{"type", {"string", "null"}}}}}}},
                              200, {401, 403, 422});
  users_doc.parameters = {{"limit", "query", "1–100, default 20", {{"type", "integer"}}},
                          {"cursor", "query", "From next_cursor of the previous page"}};
  registry.AddRoute({.method = verb::get, .pattern = "/api/v1/users", .name = "api.accounts.users",
                     .handler = [s, service](Request& req) {
                       auto paging = platform::ParsePageRequest(req);
                       if (!paging.ok()) return s->site->ErrorResponse(req, paging.error());
                       int64_t after = 0;
                       if (paging->after) {
                         try {
                           after = std::stoll(*paging->after);
                         } catch (const std::exception&) {
                           return s->site->ErrorResponse(req, Error::InvalidField("cursor", "The cursor is not valid. Start again from the first page."));
                         }
                       }
                       auto users = service->ListUsers(req.principal, after, paging->limit);
                       if (!users.ok()) return s->site->ErrorResponse(req, users.error());
                       json items = json::array();
                       for (const auto& u : *users) items.push_back(UserJson(u));
                       json next = static_cast<int>(users->size()) == paging->limit
                                       ? json(platform::EncodeCursor(std::to_string(users->back().id)))
                                       : json(nullptr);
                       return s->site->Json(req, {{"items", items}, {"next_cursor", next}});
                     },
                     .api = users_doc});
  web::ApiDoc roles_doc = Doc("Set a user's roles (admin, editor, juror; member is implied)",
                              kUserSchema, 200, {401, 403, 404});
  roles_doc.parameters = {{"id", "path", "User id", {{"type", "integer"}}}};
  roles_doc.request_body = {{"type", "object"},
                            {"required", {"roles"}},
                            {"properties", {{"roles", {{"type", "array"}, {"items", {{"type", "string"}, {"enum", {"admin", "editor", "juror", "member"}}}}}}}}};
  registry.AddRoute({.method = verb::put, .pattern = "/api/v1/users/{id}/roles", .name = "api.accounts.set_roles",
                     .handler = [s, service, parse_id](Request& req) {
                       auto id = parse_id(req.path_params["id"]);
                       if (!id) return s->site->NotFound(req);
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto list = body->find("roles");
                       if (list == body->end() || !list->is_array()) {
                         return s->site->ErrorResponse(req, Error::InvalidField("roles", "Must be a list."));
                       }
                       std::set<Role> roles;
                       for (const auto& r : *list) {
                         auto role = r.is_string() ? ParseRole(r.get<std::string>()) : std::nullopt;
                         if (!role || *role == Role::kRepresentative) {
                           return s->site->ErrorResponse(req, Error::InvalidField("roles", "Unknown role {{role}}: use admin, editor, representative, juror or member.", {{"role", r.dump()}}));
                         }
                         roles.insert(*role);
                       }
                       auto current = service->GetUser(req.principal, *id);
                       if (!current.ok()) return s->site->ErrorResponse(req, current.error());
                       if (current->roles.count(Role::kRepresentative)) roles.insert(Role::kRepresentative);
                       Status done = service->SetRoles(req.principal, *id, roles);
                       if (!done.ok()) return s->site->ErrorResponse(req, done.error());
                       auto updated = service->GetUser(req.principal, *id);
                       if (!updated.ok()) return s->site->ErrorResponse(req, updated.error());
                       return s->site->Json(req, UserJson(*updated));
                     },
                     .api = roles_doc});
  web::ApiDoc actors_doc = Doc("Set the organisations a user represents (ids or external ids)",
                               kUserSchema, 200, {401, 403, 404});
  actors_doc.parameters = {{"id", "path", "User id", {{"type", "integer"}}}};
  actors_doc.request_body = {{"type", "object"},
                             {"required", {"actors"}},
                             {"properties", {{"actors", {{"type", "array"}, {"items", {{"type", {"string", "integer"}}}}}}}}};
  registry.AddRoute({.method = verb::put, .pattern = "/api/v1/users/{id}/actors", .name = "api.accounts.set_actors",
                     .handler = [s, service, parse_id, resolve_actors](Request& req) {
                       auto id = parse_id(req.path_params["id"]);
                       if (!id) return s->site->NotFound(req);
                       if (!req.principal.IsAdmin() || !req.principal.Allows("admin")) {
                         return s->site->ErrorResponse(req, req.principal.authenticated()
                                                                ? Error::Forbidden()
                                                                : Error(ErrorCode::kUnauthenticated, "Sign in to continue."));
                       }
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto list = body->find("actors");
                       if (list == body->end() || !list->is_array()) {
                         return s->site->ErrorResponse(req, Error::InvalidField("actors", "Must be a list."));
                       }
                       std::string text;
                       for (const auto& a : *list) {
                         if (a.is_string()) text += a.get<std::string>() + ",";
                         else if (a.is_number_integer()) text += std::to_string(a.get<int64_t>()) + ",";
                         else return s->site->ErrorResponse(req, Error::InvalidField("actors", "Must be a list."));
                       }
                       auto ids = resolve_actors(text, req.lang);
                       if (!ids.ok()) return s->site->ErrorResponse(req, ids.error());
                       Status done = service->SetRepresentation(req.principal, *id, *ids);
                       if (!done.ok()) return s->site->ErrorResponse(req, done.error());
                       auto updated = service->GetUser(req.principal, *id);
                       if (!updated.ok()) return s->site->ErrorResponse(req, updated.error());
                       return s->site->Json(req, UserJson(*updated));
                     },
                     .api = actors_doc});

  // --- API ----------------------------------------------------------------------------------
  web::ApiDoc sign_in_doc = Doc("Sign in with e-mail and password; sets the session cookie",
                                {{"type", "object"}, {"properties", {{"user", kUserSchema}}}}, 200,
                                {401, 403, 429});
  sign_in_doc.request_body = {{"type", "object"},
                              {"required", {"email", "password"}},
                              {"properties", {{"email", {{"type", "string"}}}, {"password", {{"type", "string"}}}}}};
  registry.AddRoute({.method = verb::post, .pattern = "/api/v1/session", .name = "api.accounts.sign_in",
                     .handler = [s, service, session_max_age_s](Request& req) {
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto text = [&](const char* k) {
                         auto it = body->find(k);
                         return it != body->end() && it->is_string() ? it->get<std::string>() : "";
                       };
                       auto signed_in = service->SignIn(text("email"), text("password"), req.client_address);
                       if (!signed_in.ok()) return s->site->ErrorResponse(req, signed_in.error());
                       auto me = service->Me(signed_in->principal);
                       if (!me.ok()) return s->site->ErrorResponse(req, me.error());
                       Response res = s->site->Json(req, {{"user", UserJson(*me)},
                                                          {"expires_at_ms", signed_in->expires_at_ms}});
                       res.set(web::http::field::set_cookie,
                               SessionCookie(s, signed_in->session_token, session_max_age_s));
                       return res;
                     },
                     .api = sign_in_doc});
  registry.AddRoute({.method = verb::delete_, .pattern = "/api/v1/session", .name = "api.accounts.sign_out",
                     .handler = [s, service](Request& req) {
                       if (auto c = req.cookies.find(std::string(web::kSessionCookie)); c != req.cookies.end()) {
                         (void)service->SignOut(c->second);
                       }
                       Response res = s->site->Json(req, {{"signed_out", true}});
                       res.set(web::http::field::set_cookie, SessionCookie(s, "", 0));
                       return res;
                     },
                     .api = Doc("Sign out (ends this session)",
                                {{"type", "object"}, {"properties", {{"signed_out", {{"type", "boolean"}}}}}})});
  registry.AddRoute({.method = verb::get, .pattern = "/api/v1/me", .name = "api.accounts.me",
                     .handler = [s, service](Request& req) {
                       auto me = service->Me(req.principal);
                       if (!me.ok()) return s->site->ErrorResponse(req, me.error());
                       return s->site->Json(req, UserJson(*me));
                     },
                     .api = Doc("The signed-in user", kUserSchema, 200, {401})});
}

}  // namespace samverkan::auth
