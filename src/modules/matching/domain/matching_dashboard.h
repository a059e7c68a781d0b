// The matching dashboard's arithmetic: what the platform's matching led to (needs posted,
// suggestions made, contacts requested, agreements and their value, alliance members that
// became customers of social enterprises) per period, per sector and per county of the need's
// owner. Pure: grouped facts from the store in, figures out.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/reference.h"
#include "core/result.h"

namespace samverkan::matching {

enum class PeriodKind { kYear, kQuarter, kMonth };

// "year", "quarter", "month"; nullopt for anything else.
std::optional<PeriodKind> ParsePeriodKind(std::string_view text);
std::string_view PeriodKindName(PeriodKind kind);

// Days since 1970-01-01 (UTC) of an instant in milliseconds since the epoch, and back to an
// ISO date. The store groups instants by this day number; periods are unions of days.
int64_t DayOfMs(int64_t ms);
std::string IsoDateOfDay(int64_t day);

// The first and last day (inclusive) of a period given as "2026", "2026-Q2", "2026-05" or
// "2026-05-14", for years 1970-9999. InvalidArgument for anything else.
struct DayRange {
  int64_t first = 0;
  int64_t last = 0;
};
Result<DayRange> ParsePeriodBound(std::string_view text);

// The label of the period of `kind` holding `day`: "2026", "2026-Q2" or "2026-05".
std::string PeriodLabel(PeriodKind kind, int64_t day);

// What a fact counts.
enum class Measure {
  kNeed,        // a need posted (not a draft), on the day it was created
  kSuggestion,  // a need-offer pair the platform proposed, on the day it first did
  kContact,     // a case that reached "contact requested", on the day it did
  kAgreement,   // an agreement recorded, with its value
  kSocialEnterpriseAgreement,  // an agreement whose offer's actor is a social enterprise
};

// Facts grouped by measure, day and the need owner: `count` of them and the sum of their
// agreement values.
struct DashboardFact {
  Measure measure = Measure::kNeed;
  int64_t day = 0;
  int64_t owner_actor_id = 0;
  std::string sector;        // the owner's sector code, or empty when unknown
  std::string municipality;  // SCB code of the owner's seat, or empty
  int64_t count = 0;
  int64_t value_sek = 0;
};

// A period of alliance membership of an actor: ISO dates, `until` empty while it lasts.
struct MembershipSpan {
  int64_t actor_id = 0;
  std::string since;
  std::string until;
};

struct DashboardQuery {
  PeriodKind period = PeriodKind::kYear;
  std::optional<DayRange> from;  // only facts on or after from->first
  std::optional<DayRange> to;    // only facts on or before to->last
  std::string sector;            // only needs of owners in this sector (empty: all)
  std::string county;            // only needs of owners seated in this county (empty: all)
};

struct DashboardFigures {
  int64_t needs = 0;
  int64_t suggestions = 0;
  int64_t contacts = 0;
  int64_t agreements = 0;
  int64_t value_sek = 0;
  // Agreements in which an alliance member (on the day it was recorded) became the customer
  // of a social enterprise, and how many different members did.
  int64_t alliance_customer_agreements = 0;
  int64_t alliance_customers = 0;
};

struct DashboardRow {
  std::string key;  // period label, sector code or county code ("" for unknown)
  DashboardFigures figures;
};

struct MatchingDashboard {
  PeriodKind period = PeriodKind::kYear;
  DashboardFigures total;
  // Every period from the first with a fact (or the query's `from`) to the last with one (or
  // the query's `to`, else `today`), ascending, empty ones included.
  std::vector<DashboardRow> periods;
  std::vector<DashboardRow> sectors;   // in the order of the sector codes; then "" if any
  std::vector<DashboardRow> counties;  // in the order of the county codes; then "" if any
};

// At most this many periods in one dashboard (e.g. 50 years of months).
inline constexpr int64_t kMaxDashboardPeriods = 600;

// Aggregates `facts` (as the store grouped them; any order) under `query`. `memberships` are
// the alliance's; `today` is the current day number. InvalidArgument ("to") when the range is
// reversed or holds more than kMaxDashboardPeriods periods.
Result<MatchingDashboard> ComputeMatchingDashboard(const std::vector<DashboardFact>& facts,
                                                   const std::vector<MembershipSpan>& memberships,
                                                   const ReferenceData& reference,
                                                   const DashboardQuery& query, int64_t today);

}  // namespace samverkan::matching
