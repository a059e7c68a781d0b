// PostgreSQL through libpq, for when one machine is outgrown. Each pooled connection keeps
// its prepared statements; parameters travel as text and PostgreSQL infers their types.
#pragma once

#include <string>

#include "storage/database.h"

namespace samverkan::storage {

class PostgresDatabase : public Database {
 public:
  PostgresDatabase(std::string url, const DatabaseOptions& options);

 protected:
  Result<std::unique_ptr<Connection>> Connect() override;
  std::string_view BeginSql(TxMode mode) const override;

 private:
  std::string conninfo_;
};

}  // namespace samverkan::storage
