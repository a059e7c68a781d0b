#include "storage/backup.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <set>

namespace samverkan::storage {
namespace {

using nlohmann::json;

constexpr std::string_view kFormat = "samverkan-backup";
constexpr int kFormatVersion = 1;

// Tables in creation order, so that referenced tables come before those referring to them.
Result<std::vector<std::string>> ListTables(Transaction& tx) {
  std::string_view sql =
      tx.engine() == Engine::kSqlite
          ? "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
            "ORDER BY rowid"
          : "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = current_schema() AND c.relkind = 'r' ORDER BY c.oid";
  auto rows = tx.Query(sql);
  if (!rows.ok()) return std::move(rows).error();
  std::vector<std::string> tables;
  for (const auto& row : *rows) tables.push_back(row.Text(0));
  return tables;
}

// Identifiers come from the catalogue, never from input, and are quoted all the same.
std::string Quote(const std::string& identifier) {
  std::string out = "\"";
  for (char c : identifier) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

json ToJson(const Value& v) {
  return std::visit(
      [](const auto& x) -> json {
        using T = std::decay_t<decltype(x)>;
        if constexpr (std::is_same_v<T, Null>) {
          return nullptr;
        } else {
          return x;
        }
      },
      v);
}

Result<Value> FromJson(const json& j) {
  if (j.is_null()) return Value(Null{});
  if (j.is_boolean()) return Param(j.get<bool>());
  if (j.is_number_integer()) return Value(j.get<int64_t>());
  if (j.is_number_float()) return Value(j.get<double>());
  if (j.is_string()) return Value(j.get<std::string>());
  return Error::InvalidField("backup", "A backup value must be a string, number or null.");
}

}  // namespace

Result<BackupStats> WriteBackup(Database& db, std::ostream& out) {
  return db.Read([&](Transaction& tx) -> Result<BackupStats> {
    auto tables = ListTables(tx);
    if (!tables.ok()) return std::move(tables).error();
    BackupStats stats;
    out << json{{"format", kFormat}, {"version", kFormatVersion},
                {"engine", EngineName(db.engine())}}
               .dump()
        << '\n';
    for (const auto& table : *tables) {
      auto rows = tx.Query("SELECT * FROM " + Quote(table));
      if (!rows.ok()) return std::move(rows).error();
      out << json{{"table", table}, {"columns", rows->columns}}.dump() << '\n';
      for (const auto& row : *rows) {
        json values = json::array();
        for (size_t i = 0; i < row.size(); ++i) values.push_back(ToJson(row.at(i)));
        out << json{{"row", std::move(values)}}.dump(-1, ' ', false, json::error_handler_t::replace)
            << '\n';
        ++stats.rows;
      }
      ++stats.tables;
    }
    if (!out) return Error::Internal("writing the backup failed");
    return stats;
  });
}

Result<BackupStats> RestoreBackup(Database& db, std::istream& in, const RestoreOptions& options) {
  return db.Write([&](Transaction& tx) -> Result<BackupStats> {
    auto existing = ListTables(tx);
    if (!existing.ok()) return std::move(existing).error();
    std::set<std::string> known(existing->begin(), existing->end());
    if (tx.engine() == Engine::kSqlite) {
      SAMVERKAN_RETURN_IF_ERROR(tx.ExecuteScript("PRAGMA defer_foreign_keys = ON"));
    }
    // Refuse or clear: every data table must be empty before rows arrive.
    for (auto it = existing->rbegin(); it != existing->rend(); ++it) {
      if (*it == "schema_migrations") continue;
      if (options.replace) {
        auto cleared = tx.Execute("DELETE FROM " + Quote(*it));
        if (!cleared.ok()) return std::move(cleared).error();
      } else {
        auto any = tx.QueryOne("SELECT 1 FROM " + Quote(*it) + " LIMIT 1");
        if (!any.ok()) return std::move(any).error();
        if (any->has_value()) {
          return Error::Conflict(
              "The database already holds data (table {{table}}). Restore into an empty "
              "database or use --replace.")
              .WithLogDetail(*it);
        }
      }
    }

    BackupStats stats;
    std::string line;
    int line_number = 0;
    std::string table, insert_sql;
    bool header_seen = false, skip_table = false;
    size_t column_count = 0;
    auto bad = [&](const std::string& why) {
      return Error::InvalidField("backup", "The backup is damaged at line {{line}}: {{reason}}",
                                 {{"line", std::to_string(line_number)}, {"reason", why}});
    };
    while (std::getline(in, line)) {
      ++line_number;
      if (line.empty()) continue;
      json j = json::parse(line, nullptr, false);
      if (j.is_discarded() || !j.is_object()) return bad("not a JSON object");
      if (!header_seen) {
        if (j.value("format", "") != kFormat || j.value("version", 0) != kFormatVersion) {
          return bad("not a Samverkan backup of a known version");
        }
        header_seen = true;
        continue;
      }
      if (j.contains("table")) {
        if (!j["table"].is_string() || !j["columns"].is_array()) return bad("table line");
        table = j["table"].get<std::string>();
        if (!known.count(table)) {
          return bad("table " + table + " does not exist here (migrate first)");
        }
        // Migration records describe this database's schema, not the backup's.
        skip_table = table == "schema_migrations";
        column_count = j["columns"].size();
        insert_sql = "INSERT INTO " + Quote(table) + " (";
        std::string placeholders;
        for (size_t i = 0; i < column_count; ++i) {
          if (!j["columns"][i].is_string()) return bad("column name");
          if (i > 0) insert_sql += ", ", placeholders += ", ";
          insert_sql += Quote(j["columns"][i].get<std::string>());
          placeholders += "$" + std::to_string(i + 1);
        }
        insert_sql += ") VALUES (" + placeholders + ")";
        ++stats.tables;
        continue;
      }
      if (!j.contains("row") || table.empty()) return bad("row outside a table");
      if (skip_table) continue;
      const json& row = j["row"];
      if (!row.is_array() || row.size() != column_count) return bad("row width");
      std::vector<Value> params;
      params.reserve(column_count);
      for (const auto& v : row) {
        auto value = FromJson(v);
        if (!value.ok()) return bad("value type");
        params.push_back(std::move(value).value());
      }
      auto inserted = tx.Execute(insert_sql, params);
      if (!inserted.ok()) return std::move(inserted).error();
      ++stats.rows;
    }
    if (!header_seen) return bad("empty file");
    if (tx.engine() == Engine::kPostgres) {
      // Identity columns must continue after the restored ids.
      auto identities = tx.Query(
          "SELECT table_name, column_name FROM information_schema.columns "
          "WHERE table_schema = current_schema() AND is_identity = 'YES'");
      if (!identities.ok()) return std::move(identities).error();
      for (const auto& r : *identities) {
        std::string t = Quote(r.Text(0)), c = Quote(r.Text(1));
        auto reset = tx.Query("SELECT setval(pg_get_serial_sequence($1, $2), "
                              "COALESCE((SELECT MAX(" + c + ") FROM " + t + "), 0) + 1, false)",
                              {Param(t), Param(r.Text(1))});
        if (!reset.ok()) return std::move(reset).error();
      }
    }
    return stats;
  });
}

}  // namespace samverkan::storage
