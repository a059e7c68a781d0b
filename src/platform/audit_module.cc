#include "platform/audit_module.h"

#include <sstream>

#include "platform/audit.h"

namespace samverkan::platform {
namespace {

using nlohmann::json;
using web::http::verb;
using web::Request;
using web::Response;

Result<AuditFilter> FilterFrom(const Request& req) {
  AuditFilter f;
  f.entity = req.query.GetOr("entity", "");
  f.action = req.query.GetOr("action", "");
  try {
    if (auto u = req.query.Get("user"); u && !u->empty()) f.user_id = std::stoll(*u);
    if (auto b = req.query.Get("before"); b && !b->empty()) f.before_id = std::stoll(*b);
  } catch (const std::exception&) {
    return Error::InvalidField("user", "Must be a whole number from {{min}} to {{max}}.",
                               {{"min", "1"}, {"max", "9223372036854775807"}});
  }
  if (auto l = req.query.Get("limit")) {
    try {
      f.limit = std::stoi(*l);
    } catch (const std::exception&) {
      f.limit = 0;
    }
    if (f.limit < 1 || f.limit > 500) {
      return Error::InvalidField("limit", "Must be a whole number from {{min}} to {{max}}.",
                                 {{"min", "1"}, {"max", "500"}});
    }
  }
  return f;
}

// Admins only; API tokens need the admin scope.
std::optional<Error> Refuse(const Request& req) {
  if (!req.principal.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  if (!req.principal.IsAdmin() || !req.principal.Allows("admin")) return Error::Forbidden();
  return std::nullopt;
}

json EntryJson(const StoredAuditEntry& e) {
  return {{"id", e.id},
          {"at_ms", e.at_ms},
          {"user_id", e.entry.user_id},
          {"action", e.entry.action},
          {"entity", e.entry.entity},
          {"entity_id", e.entry.entity_id},
          {"before", json::parse(e.entry.before, nullptr, false)},
          {"after", json::parse(e.entry.after, nullptr, false)}};
}

}  // namespace

void AuditModule::Register(ModuleRegistry& registry, const Services& services) {
  const Services* s = &services;
  for (auto& m : AuditMigrations()) registry.AddMigration(std::move(m));

  auto list = [s](const Request& req) -> Result<std::vector<StoredAuditEntry>> {
    auto filter = FilterFrom(req);
    if (!filter.ok()) return std::move(filter).error();
    std::vector<StoredAuditEntry> out;
    Status st = s->db->Read([&](storage::Transaction& tx) -> Status {
      auto entries = ListAudit(tx, *filter);
      if (!entries.ok()) return std::move(entries).error();
      out = std::move(entries).value();
      return Status::Ok();
    });
    if (!st.ok()) return std::move(st).error();
    return out;
  };

  registry.AddRoute({.method = verb::get, .pattern = "/admin/logg", .name = "admin.audit",
                     .handler = [s, list](Request& req) {
                       if (!req.principal.authenticated()) return web::Redirect("/logga-in?next=%2Fadmin%2Flogg");
                       if (auto refused = Refuse(req)) return s->site->ErrorResponse(req, *refused);
                       auto entries = list(req);
                       if (!entries.ok()) return s->site->ErrorResponse(req, entries.error());
                       json rows = json::array();
                       for (const auto& e : *entries) {
                         json row = EntryJson(e);
                         row["before"] = e.entry.before;
                         row["after"] = e.entry.after;
                         rows.push_back(row);
                       }
                       json data = {{"entries", rows},
                                    {"has_entries", !rows.empty()},
                                    {"entity", req.query.GetOr("entity", "")},
                                    {"action", req.query.GetOr("action", "")},
                                    {"user", req.query.GetOr("user", "")},
                                    {"export_query", req.query_string}};
                       if (!entries->empty() && entries->size() == 50) {
                         data["next"] = "/admin/logg?entity=" + web::PercentEncode(req.query.GetOr("entity", "")) +
                                        "&action=" + web::PercentEncode(req.query.GetOr("action", "")) +
                                        "&user=" + web::PercentEncode(req.query.GetOr("user", "")) +
                                        "&before=" + std::to_string(entries->back().id);
                       }
                       return s->site->Page(req, {.template_name = "admin_audit",
                                                  .title = s->site->Tr(req, "Audit trail"),
                                                  .data = data});
                     }});
  registry.AddRoute({.method = verb::get, .pattern = "/admin/logg/export", .name = "admin.audit_export",
                     .handler = [s](Request& req) {
                       if (auto refused = Refuse(req)) return s->site->ErrorResponse(req, *refused);
                       auto filter = FilterFrom(req);
                       if (!filter.ok()) return s->site->ErrorResponse(req, filter.error());
                       std::ostringstream out;
                       Status st = s->db->Read([&](storage::Transaction& tx) -> Status {
                         auto n = ExportAudit(tx, *filter, out);
                         if (!n.ok()) return std::move(n).error();
                         return Status::Ok();
                       });
                       if (!st.ok()) return s->site->ErrorResponse(req, st.error());
                       Response res = web::TextResponse(web::http::status::ok, "application/x-ndjson", out.str());
                       res.set(web::http::field::content_disposition,
                               "attachment; filename=\"samverkan-audit.jsonl\"");
                       return res;
                     }});
  web::ApiDoc doc;
  doc.summary = "The audit trail, newest first (administrators; tokens need the admin scope)";
  doc.tag = "audit";
  doc.parameters = {{"entity", "query", "Only entries about this kind of record, e.g. user or actor"},
                    {"action", "query", "Only this action, e.g. account.roles"},
                    {"user", "query", "Only what this user id did", {{"type", "integer"}}},
                    {"before", "query", "Entries older than this id (paging)", {{"type", "integer"}}},
                    {"limit", "query", "1–500, default 50", {{"type", "integer"}}}};
  doc.response = {{"type", "object"},
                  {"required", {"items"}},
                  {"properties", {{"items", {{"type", "array"}, {"items", {{"type", "object"}}}}},
                                  {"next_before", {{"type", {"integer", "null"}}}}}}};
  doc.error_statuses = {401, 403, 422};
  registry.AddRoute({.method = verb::get, .pattern = "/api/v1/audit", .name = "api.audit.list",
                     .handler = [s, list](Request& req) {
                       if (auto refused = Refuse(req)) return s->site->ErrorResponse(req, *refused);
                       auto entries = list(req);
                       if (!entries.ok()) return s->site->ErrorResponse(req, entries.error());
                       json items = json::array();
                       for (const auto& e : *entries) items.push_back(EntryJson(e));
                       json next = entries->empty() ? json(nullptr) : json(entries->back().id);
                       return s->site->Json(req, {{"items", items}, {"next_before", next}});
                     },
                     .api = doc});
}

}  // namespace samverkan::platform
