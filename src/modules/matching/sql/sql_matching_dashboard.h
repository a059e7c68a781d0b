// The matching dashboard's read-only queries, on SQLite and PostgreSQL. They group the facts
// by measure, day (UTC) and the need's owner, so that the rows grow with owners × days, not
// with the number of cases; ComputeMatchingDashboard does the rest.
//
// Reporting reads the registry's and the alliance's tables (the owner's sector and seat, the
// offering actor's social-enterprise flag, the membership periods) in the same snapshot
// instead of asking their modules actor by actor: these are read-only joins on columns the
// registry documents, and filtering by them in memory would need every actor.
#pragma once

#include <vector>

#include "core/reference.h"
#include "modules/matching/domain/matching_dashboard.h"
#include "storage/database.h"

namespace samverkan::matching {

struct DashboardSource {
  std::vector<DashboardFact> facts;
  std::vector<MembershipSpan> memberships;
};

// Facts from `from_day` to `to_day` (inclusive day numbers), in one read transaction. Needs
// the migrations of matching, matching_alerts, actors and alliance. Errors of the store as
// they come.
Result<DashboardSource> ReadDashboardSource(storage::Transaction& tx, int64_t from_day,
                                            int64_t to_day);

// Reads and computes the dashboard for `query` in one read transaction of `db`. InvalidArgument
// from ComputeMatchingDashboard.
Result<MatchingDashboard> LoadMatchingDashboard(storage::Database& db,
                                                const ReferenceData& reference,
                                                const DashboardQuery& query, int64_t today);

}  // namespace samverkan::matching
