// The audit trail's storage: an append-only table (triggers refuse UPDATE and DELETE on both
// engines), written inside the transaction of the change, browsed and exported by admins.
#pragma once

#include <optional>
#include <ostream>
#include <vector>

#include "core/audit.h"
#include "core/result.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::platform {

std::vector<storage::Migration> AuditMigrations();

struct StoredAuditEntry {
  int64_t id = 0;
  int64_t at_ms = 0;
  AuditEntry entry;
};

struct AuditFilter {
  std::string entity;                // exact, or empty for all
  std::string action;                // exact, or empty for all
  std::optional<int64_t> user_id;
  std::optional<int64_t> before_id;  // paging: entries older than this id
  int limit = 50;
};

Status AppendAudit(storage::Transaction& tx, const AuditEntry& entry, int64_t at_ms);
// Newest first.
Result<std::vector<StoredAuditEntry>> ListAudit(storage::Transaction& tx, const AuditFilter& filter);
// Every entry matching the filter (limit and paging ignored), oldest first, as JSON Lines.
Result<int64_t> ExportAudit(storage::Transaction& tx, const AuditFilter& filter, std::ostream& out);

}  // namespace samverkan::platform
