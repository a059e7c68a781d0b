#include "modules/matching/sql/sql_matching_dashboard.h"

#include <array>
#include <limits>

namespace samverkan::matching {
namespace {

using storage::Param;

constexpr int64_t kDayMs = 86'400'000;

// Every query returns (day, owner actor, sector, municipality, count, value) grouped by the
// first four. `{at}` is the instant a fact happened, `{from}` the rest of the FROM clause with
// the need as `n`; the owner's actor row is `a`. Instants are whole milliseconds ≥ 0, so the
// integer division is the UTC day on both engines.
std::string GroupedSql(const std::string& at, const std::string& value, const std::string& from,
                       const std::string& where) {
  return "SELECT " + at + " / 86400000 AS day, n.actor_id, COALESCE(a.sector, ''),"
         " COALESCE(a.municipality, ''), COUNT(*), CAST(" + value + " AS BIGINT) FROM " + from +
         " LEFT JOIN actors a ON a.id = n.actor_id WHERE " + at + " >= $1 AND " + at +
         " < $2" + where + " GROUP BY " + at + " / 86400000, n.actor_id, a.sector, a.municipality";
}

// The need-offer pairs the platform proposed: a suggestion delivered to a user (an alert,
// from either side) or a case opened between them; each pair on the day it first happened.
const std::string kSuggestionPairs =
    "(SELECT need_id, offer_id, MIN(at) AS first_at FROM ("
    " SELECT CASE WHEN own_kind = 'need' THEN own_item_id ELSE other_item_id END AS need_id,"
    "  CASE WHEN own_kind = 'need' THEN other_item_id ELSE own_item_id END AS offer_id,"
    "  created_at AS at FROM matching_alerts"
    " UNION ALL SELECT need_id, offer_id, created_at AS at FROM matching_cases) s"
    " GROUP BY need_id, offer_id) p JOIN matching_needs n ON n.id = p.need_id";

// The cases that reached "contact requested", on the day they did: the first such step, or
// for a case that is past it without one on record, the day it was opened.
const std::string kContacts =
    "(SELECT c.need_id, COALESCE((SELECT MIN(e.at) FROM matching_case_events e"
    "  WHERE e.case_id = c.id AND e.to_state = 'contact_requested'), c.created_at) AS at"
    " FROM matching_cases c WHERE c.state IN ('contact_requested', 'in_dialogue', 'agreement',"
    "  'completed') OR EXISTS (SELECT 1 FROM matching_case_events e"
    "  WHERE e.case_id = c.id AND e.to_state = 'contact_requested')) k"
    " JOIN matching_needs n ON n.id = k.need_id";

const std::string kAgreements =
    "matching_agreements g JOIN matching_cases c ON c.id = g.case_id"
    " JOIN matching_needs n ON n.id = c.need_id";

const std::string kSocialEnterpriseAgreements =
    kAgreements +
    " JOIN matching_offers o ON o.id = c.offer_id"
    " JOIN actors oa ON oa.id = o.actor_id AND oa.social_enterprise = 1";

}  // namespace

Result<DashboardSource> ReadDashboardSource(storage::Transaction& tx, int64_t from_day,
                                            int64_t to_day) {
  struct Query {
    Measure measure;
    std::string sql;
  };
  // COALESCE: a need from before matching_needs.created_at existed counts from its last change.
  const std::array<Query, 5> queries = {{
      {Measure::kNeed, GroupedSql("COALESCE(n.created_at, n.updated_at)", "0",
                                  "matching_needs n", " AND n.status <> 'draft'")},
      {Measure::kSuggestion, GroupedSql("p.first_at", "0", kSuggestionPairs, "")},
      {Measure::kContact, GroupedSql("k.at", "0", kContacts, "")},
      {Measure::kAgreement, GroupedSql("g.recorded_at", "SUM(g.value_sek)", kAgreements, "")},
      {Measure::kSocialEnterpriseAgreement,
       GroupedSql("g.recorded_at", "0", kSocialEnterpriseAgreements, "")},
  }};
  const int64_t from_ms = std::max<int64_t>(0, from_day) * kDayMs;
  const int64_t to_ms = to_day >= std::numeric_limits<int64_t>::max() / kDayMs - 1
                            ? std::numeric_limits<int64_t>::max()
                            : (to_day + 1) * kDayMs;
  DashboardSource out;
  for (const Query& q : queries) {
    auto rows = tx.Query(q.sql, {Param(from_ms), Param(to_ms)});
    if (!rows.ok()) return std::move(rows).error();
    for (const auto& r : *rows) {
      out.facts.push_back({.measure = q.measure,
                           .day = r.Int(0),
                           .owner_actor_id = r.Int(1),
                           .sector = r.Text(2),
                           .municipality = r.Text(3),
                           .count = r.Int(4),
                           .value_sek = r.IsNull(5) ? 0 : r.Int(5)});
    }
  }
  auto spans = tx.Query(
      "SELECT actor_id, since, COALESCE(until, '') FROM alliance_memberships ORDER BY id");
  if (!spans.ok()) return std::move(spans).error();
  for (const auto& r : *spans) out.memberships.push_back({r.Int(0), r.Text(1), r.Text(2)});
  return out;
}

Result<MatchingDashboard> LoadMatchingDashboard(storage::Database& db,
                                                const ReferenceData& reference,
                                                const DashboardQuery& query, int64_t today) {
  const int64_t from_day = query.from ? query.from->first : 0;
  const int64_t to_day = query.to ? query.to->last : std::numeric_limits<int64_t>::max();
  auto source = db.InTransaction(storage::TxMode::kRead,
                                 [&](storage::Transaction& tx) -> Result<DashboardSource> {
                                   return ReadDashboardSource(tx, from_day, to_day);
                                 });
  if (!source.ok()) return std::move(source).error();
  return ComputeMatchingDashboard(source->facts, source->memberships, reference, query, today);
}

}  // namespace samverkan::matching
