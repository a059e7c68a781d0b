// Versioned schema migrations, registered per module and applied in order. Applying is
// idempotent: what is recorded in schema_migrations is skipped, so `samverkan migrate` and
// every start can run it, also two servers at once.
#pragma once

#include <string>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace samverkan::storage {

struct Migration {
  std::string module;  // e.g. "actors"
  int version = 0;     // 1, 2, 3 … within the module; never reused or edited once released
  std::string name;    // what it does, for the log
  // Portable SQL. Tokens: {{id}} becomes an auto-increment integer primary key, {{blob}}
  // a byte string type, {{double}} a double-precision float; nothing else is rewritten.
  std::string sql;
  std::string postgres_sql;  // only when the engines need different SQL; empty otherwise
};

// The SQL of `m` for `engine`, tokens replaced.
std::string MigrationSql(const Migration& m, Engine engine);

struct MigrationReport {
  std::vector<std::string> applied;  // "module/version name"
  int already_applied = 0;
};

// Applies every migration not yet recorded, each in its own transaction together with its
// record, in registration order (modules registered earlier first, versions ascending).
Result<MigrationReport> ApplyMigrations(Database& db, const std::vector<Migration>& migrations);

}  // namespace samverkan::storage
