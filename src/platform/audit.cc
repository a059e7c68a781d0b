#include "platform/audit.h"

#include <nlohmann/json.hpp>

namespace samverkan::platform {

using storage::Param;

std::vector<storage::Migration> AuditMigrations() {
  const std::string table =
      "CREATE TABLE audit_log ("
      " id {{id}},"
      " at BIGINT NOT NULL,"
      " user_id BIGINT NOT NULL,"
      " action TEXT NOT NULL,"
      " entity TEXT NOT NULL,"
      " entity_id TEXT NOT NULL,"
      " before_json TEXT NOT NULL,"
      " after_json TEXT NOT NULL);"
      "CREATE INDEX audit_by_entity ON audit_log (entity, entity_id);"
      "CREATE INDEX audit_by_user ON audit_log (user_id);";
  return {{"audit", 1, "create the append-only audit_log",
           table +
               "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
               "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
               "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
           table +
               "CREATE FUNCTION audit_log_append_only() RETURNS trigger AS $$ BEGIN "
               "RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql;"
               "CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log "
               "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();"}};
}

Status AppendAudit(storage::Transaction& tx, const AuditEntry& e, int64_t at_ms) {
  auto done = tx.Execute(
      "INSERT INTO audit_log (at, user_id, action, entity, entity_id, before_json, after_json) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {Param(at_ms), Param(e.user_id), Param(e.action), Param(e.entity), Param(e.entity_id),
       Param(e.before.empty() ? "{}" : e.before), Param(e.after.empty() ? "{}" : e.after)});
  if (!done.ok()) return std::move(done).error();
  return Status::Ok();
}

namespace {

// The WHERE clause and parameters of a filter; only fixed SQL fragments are joined.
std::pair<std::string, std::vector<storage::Value>> Where(const AuditFilter& f, bool paging) {
  std::string where = " WHERE 1 = 1";
  std::vector<storage::Value> params;
  auto add = [&](const char* clause, storage::Value v) {
    params.push_back(std::move(v));
    where += std::string(" AND ") + clause + " $" + std::to_string(params.size());
  };
  if (!f.entity.empty()) add("entity =", Param(f.entity));
  if (!f.action.empty()) add("action =", Param(f.action));
  if (f.user_id) add("user_id =", Param(*f.user_id));
  if (paging && f.before_id) add("id <", Param(*f.before_id));
  return {where, params};
}

StoredAuditEntry FromRow(const storage::Row& r) {
  return {r.Int(0), r.Int(1), {r.Int(2), r.Text(3), r.Text(4), r.Text(5), r.Text(6), r.Text(7)}};
}

constexpr std::string_view kColumns =
    "SELECT id, at, user_id, action, entity, entity_id, before_json, after_json FROM audit_log";

}  // namespace

Result<std::vector<StoredAuditEntry>> ListAudit(storage::Transaction& tx, const AuditFilter& filter) {
  auto [where, params] = Where(filter, true);
  params.push_back(Param(filter.limit));
  auto rows = tx.Query(std::string(kColumns) + where + " ORDER BY id DESC LIMIT $" +
                           std::to_string(params.size()),
                       params);
  if (!rows.ok()) return std::move(rows).error();
  std::vector<StoredAuditEntry> out;
  for (const auto& r : *rows) out.push_back(FromRow(r));
  return out;
}

Result<int64_t> ExportAudit(storage::Transaction& tx, const AuditFilter& filter, std::ostream& out) {
  auto [where, params] = Where(filter, false);
  auto rows = tx.Query(std::string(kColumns) + where + " ORDER BY id", params);
  if (!rows.ok()) return std::move(rows).error();
  int64_t n = 0;
  for (const auto& r : *rows) {
    StoredAuditEntry e = FromRow(r);
    nlohmann::json line = {{"id", e.id},
                           {"at_ms", e.at_ms},
                           {"user_id", e.entry.user_id},
                           {"action", e.entry.action},
                           {"entity", e.entry.entity},
                           {"entity_id", e.entry.entity_id},
                           {"before", nlohmann::json::parse(e.entry.before, nullptr, false)},
                           {"after", nlohmann::json::parse(e.entry.after, nullptr, false)}};
    out << line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    ++n;
  }
  return n;
}

}  // namespace samverkan::platform
