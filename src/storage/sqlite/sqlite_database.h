// The embedded engine: one SQLite file in WAL mode with foreign keys on, a busy timeout, and
// synchronous=FULL so that a commit that returned survives a killed process or a power cut.
#pragma once

#include <string>

#include "storage/database.h"

namespace samverkan::storage {

class SqliteDatabase : public Database {
 public:
  SqliteDatabase(std::string path, const DatabaseOptions& options);

 protected:
  Result<std::unique_ptr<Connection>> Connect() override;
  std::string_view BeginSql(TxMode mode) const override;

 private:
  std::string path_;
  DatabaseOptions options_;
};

}  // namespace samverkan::storage
