// Engine-neutral backup and restore. A backup is JSON Lines written from one consistent
// snapshot while the server keeps running: a header line, then for each table a line naming
// it and its columns followed by one line per row. Because it names no engine-specific types,
// a backup of SQLite restores into PostgreSQL and the other way round, which is also how an
// installation moves to PostgreSQL when it outgrows one machine.
#pragma once

#include <istream>
#include <ostream>

#include "core/result.h"
#include "storage/database.h"

namespace samverkan::storage {

struct BackupStats {
  int tables = 0;
  int64_t rows = 0;
};

// Writes every table of the schema, schema_migrations included, from one read transaction.
Result<BackupStats> WriteBackup(Database& db, std::ostream& out);

struct RestoreOptions {
  // Delete what the target tables hold first; without it, restoring into a database with
  // data in it is refused (Conflict) so that nothing is overwritten by mistake.
  bool replace = false;
};

// Restores into a database that has been migrated to at least the backup's migrations. All or
// nothing: one write transaction. A malformed line is an InvalidArgument naming its number.
Result<BackupStats> RestoreBackup(Database& db, std::istream& in, const RestoreOptions& options);

}  // namespace samverkan::storage
