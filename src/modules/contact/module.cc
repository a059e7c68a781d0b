#include "modules/contact/module.h"

#include <chrono>

#include "modules/contact/sql/sql_message_repository.h"
#include "platform/api.h"

namespace samverkan::contact {
namespace {

using platform::NowMs;

using nlohmann::json;
using web::Request;
using web::Response;

RepositoryScope Scope(const platform::Services* s, storage::TxMode mode) {
  return [s, mode](const std::function<Status(MessageRepository&)>& work) -> Status {
    return s->db->InTransaction(mode, [&](storage::Transaction& tx) -> Status {
      SqlMessageRepository repo(tx);
      return work(repo);
    });
  };
}

json MessageJson(const Message& m) {
  return {{"id", m.id}, {"name", m.name}, {"email", m.email}, {"message", m.message},
          {"language", LanguageCode(m.language)}, {"created_at_ms", m.created_at_ms}};
}

// The form page, with the values and errors of a failed attempt when there is one.
Response FormPage(const platform::Services* s, const Request& req, const MessageDraft& values,
                  const Error* error) {
  json data = {{"csrf_token", req.csrf_token},
               {"name", values.name},
               {"email", values.email},
               {"message", values.message},
               {"max_message", kMaxMessageLength}};
  if (error) {
    json errors = json::array();
    for (const auto& f : error->fields()) {
      std::string text = s->site->tr().FieldMessage(req.lang, f);
      errors.push_back({{"field", f.field}, {"detail", text}});
      data["error_" + f.field] = text;
    }
    data["errors"] = errors;
    data["has_errors"] = true;
  }
  web::PageView view{.template_name = "contact/form",
                     .title = s->site->Tr(req, "Contact us"),
                     .data = std::move(data),
                     .status = error ? web::http::status::unprocessable_entity : web::http::status::ok};
  return s->site->Page(req, view);
}

}  // namespace

void ContactModule::Register(platform::ModuleRegistry& registry, const platform::Services& services) {
  const platform::Services* s = &services;
  service_ = std::make_unique<ContactService>(Scope(s, storage::TxMode::kWrite),
                                              Scope(s, storage::TxMode::kRead), NowMs);
  ContactService* service = service_.get();

  for (auto& m : ContactMigrations()) registry.AddMigration(std::move(m));
  registry.AddNavigation({"/kontakt", N_("Contact"), 100});

  registry.AddRoute({.method = web::http::verb::get, .pattern = "/kontakt", .name = "contact.form",
                     .handler = [s](Request& req) { return FormPage(s, req, {}, nullptr); },
                     .blocking = false});
  registry.AddRoute({.method = web::http::verb::post, .pattern = "/kontakt", .name = "contact.send",
                     .handler = [s, service](Request& req) {
                       const auto& form = req.Form();
                       MessageDraft draft{form.GetOr("name", ""), form.GetOr("email", ""),
                                          form.GetOr("message", ""), req.lang};
                       auto sent = service->Send(draft);
                       if (sent.ok()) return web::Redirect("/kontakt/tack");
                       if (sent.error().IsInvalid()) return FormPage(s, req, draft, &sent.error());
                       return s->site->ErrorResponse(req, sent.error());
                     }});
  registry.AddRoute({.method = web::http::verb::get, .pattern = "/kontakt/tack", .name = "contact.thanks",
                     .handler = [s](Request& req) {
                       web::PageView view{.template_name = "contact/thanks",
                                          .title = s->site->Tr(req, "Thank you for your message")};
                       return s->site->Page(req, view);
                     },
                     .blocking = false});

  web::ApiDoc doc;
  doc.summary = "Send a message to the node's staff";
  doc.tag = "contact";
  doc.request_body = {{"type", "object"},
                      {"required", {"name", "email", "message"}},
                      {"properties",
                       {{"name", {{"type", "string"}, {"maxLength", kMaxNameLength}}},
                        {"email", {{"type", "string"}, {"format", "email"}}},
                        {"message", {{"type", "string"}, {"maxLength", kMaxMessageLength}}}}}};
  doc.response = {{"type", "object"}, {"required", {"id"}}, {"properties", {{"id", {{"type", "integer"}}}}}};
  doc.success_status = 201;
  registry.AddRoute({.method = web::http::verb::post, .pattern = "/api/v1/messages",
                     .name = "api.contact.send",
                     .handler = [s, service](Request& req) {
                       auto body = platform::ParseJsonBody(req);
                       if (!body.ok()) return s->site->ErrorResponse(req, body.error());
                       auto field = [&](const char* name) {
                         auto it = body->find(name);
                         return it != body->end() && it->is_string() ? it->get<std::string>() : "";
                       };
                       auto sent = service->Send({field("name"), field("email"), field("message"), req.lang});
                       if (!sent.ok()) return s->site->ErrorResponse(req, sent.error());
                       return s->site->Json(req, {{"id", *sent}}, web::http::status::created);
                     },
                     .api = doc});

  registry.AddPersonalData({.section = "contact_messages",
                            .export_json = [service](const platform::Services&, const Principal& who)
                                -> Result<json> {
                              auto list = service->MessagesFrom(who.email);
                              if (!list.ok()) return std::move(list).error();
                              json out = json::array();
                              for (const auto& m : *list) out.push_back(MessageJson(m));
                              return out;
                            },
                            .erase = [service](const platform::Services&, const Principal& who) {
                              return service->EraseMessagesFrom(who.email);
                            }});
  registry.AddPorter({.name = "messages",
                      .description = "Messages sent through the contact form (export only)",
                      .export_jsonl = [service](const platform::Services&, std::ostream& out)
                          -> Result<int64_t> {
                        int64_t after = 0, count = 0;
                        while (true) {
                          auto page = service->List(after, 1000);
                          if (!page.ok()) return std::move(page).error();
                          if (page->empty()) return count;
                          for (const auto& m : *page) {
                            out << MessageJson(m).dump(-1, ' ', false, json::error_handler_t::replace) << '\n';
                            after = m.id;
                            ++count;
                          }
                        }
                      }});
}

}  // namespace samverkan::contact
