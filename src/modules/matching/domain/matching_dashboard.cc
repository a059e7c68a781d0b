#include "modules/matching/domain/matching_dashboard.h"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "core/language.h"

namespace samverkan::matching {
namespace {

using std::chrono::day;
using std::chrono::days;
using std::chrono::month;
using std::chrono::sys_days;
using std::chrono::year;
using std::chrono::year_month_day;

int64_t DayOf(int y, unsigned m, unsigned d) {
  return sys_days(year_month_day(year(y), month(m), day(d))).time_since_epoch().count();
}

year_month_day Ymd(int64_t d) { return year_month_day(sys_days(days(d))); }

bool Digits(std::string_view s, size_t n, int& out) {
  if (s.size() != n) return false;
  for (char c : s)
    if (c < '0' || c > '9') return false;
  std::from_chars(s.data(), s.data() + s.size(), out);
  return true;
}

// Periods are numbered from year 0 so that consecutive periods differ by one.
int64_t PeriodIndex(PeriodKind kind, int64_t d) {
  year_month_day ymd = Ymd(d);
  const int64_t y = static_cast<int>(ymd.year());
  const int64_t m = static_cast<unsigned>(ymd.month());
  switch (kind) {
    case PeriodKind::kYear:
      return y;
    case PeriodKind::kQuarter:
      return y * 4 + (m - 1) / 3;
    case PeriodKind::kMonth:
      return y * 12 + (m - 1);
  }
  return y;
}

std::string IndexLabel(PeriodKind kind, int64_t index) {
  char buf[48];
  switch (kind) {
    case PeriodKind::kYear:
      std::snprintf(buf, sizeof buf, "%04lld", static_cast<long long>(index));
      break;
    case PeriodKind::kQuarter:
      std::snprintf(buf, sizeof buf, "%04lld-Q%lld", static_cast<long long>(index / 4),
                    static_cast<long long>(index % 4 + 1));
      break;
    case PeriodKind::kMonth:
      std::snprintf(buf, sizeof buf, "%04lld-%02lld", static_cast<long long>(index / 12),
                    static_cast<long long>(index % 12 + 1));
      break;
  }
  return buf;
}

// Membership periods hold ISO dates, which compare as text.
bool MemberOn(const std::vector<MembershipSpan>& spans, int64_t actor_id, const std::string& date) {
  for (const auto& m : spans) {
    if (m.actor_id == actor_id && m.since <= date && (m.until.empty() || m.until > date))
      return true;
  }
  return false;
}

// The figures of one row while they are summed, with the members counted once each.
struct Accumulator {
  DashboardFigures figures;
  std::set<int64_t> customers;

  void Add(const DashboardFact& f, bool alliance_customer) {
    switch (f.measure) {
      case Measure::kNeed:
        figures.needs += f.count;
        break;
      case Measure::kSuggestion:
        figures.suggestions += f.count;
        break;
      case Measure::kContact:
        figures.contacts += f.count;
        break;
      case Measure::kAgreement:
        figures.agreements += f.count;
        figures.value_sek += f.value_sek;
        break;
      case Measure::kSocialEnterpriseAgreement:
        if (alliance_customer) {
          figures.alliance_customer_agreements += f.count;
          customers.insert(f.owner_actor_id);
        }
        break;
    }
  }
  DashboardFigures Done() const {
    DashboardFigures out = figures;
    out.alliance_customers = static_cast<int64_t>(customers.size());
    return out;
  }
};

}  // namespace

std::optional<PeriodKind> ParsePeriodKind(std::string_view text) {
  if (text == "year") return PeriodKind::kYear;
  if (text == "quarter") return PeriodKind::kQuarter;
  if (text == "month") return PeriodKind::kMonth;
  return std::nullopt;
}

std::string_view PeriodKindName(PeriodKind kind) {
  switch (kind) {
    case PeriodKind::kYear:
      return "year";
    case PeriodKind::kQuarter:
      return "quarter";
    case PeriodKind::kMonth:
      return "month";
  }
  return "year";
}

int64_t DayOfMs(int64_t ms) {
  // Floor division: an instant before the epoch belongs to the day before.
  int64_t d = ms / 86'400'000;
  if (ms % 86'400'000 < 0) --d;
  return d;
}

std::string IsoDateOfDay(int64_t d) {
  year_month_day ymd = Ymd(d);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

Result<DayRange> ParsePeriodBound(std::string_view text) {
  const Error invalid(ErrorCode::kInvalidArgument,
                      N_("Give a period as a year (2026), a quarter (2026-Q2), a month (2026-05) "
                         "or a date (2026-05-14)."));
  int y = 0;
  if (text.size() < 4 || !Digits(text.substr(0, 4), 4, y) || y < 1970) return invalid;
  if (text.size() == 4) return DayRange{DayOf(y, 1, 1), DayOf(y, 12, 31)};
  if (text[4] != '-') return invalid;
  std::string_view rest = text.substr(5);
  int n = 0;
  if (rest.size() == 2 && (rest[0] == 'Q' || rest[0] == 'q')) {
    if (!Digits(rest.substr(1), 1, n) || n < 1 || n > 4) return invalid;
    const unsigned first_month = static_cast<unsigned>(n - 1) * 3 + 1;
    int64_t first = DayOf(y, first_month, 1);
    int64_t next = n == 4 ? DayOf(y + 1, 1, 1) : DayOf(y, first_month + 3, 1);
    return DayRange{first, next - 1};
  }
  if (rest.size() == 2) {
    if (!Digits(rest, 2, n) || n < 1 || n > 12) return invalid;
    int64_t first = DayOf(y, static_cast<unsigned>(n), 1);
    int64_t next = n == 12 ? DayOf(y + 1, 1, 1) : DayOf(y, static_cast<unsigned>(n) + 1, 1);
    return DayRange{first, next - 1};
  }
  int d = 0;
  if (rest.size() == 5 && rest[2] == '-' && Digits(rest.substr(0, 2), 2, n) &&
      Digits(rest.substr(3), 2, d)) {
    year_month_day ymd(year(y), month(static_cast<unsigned>(n)), day(static_cast<unsigned>(d)));
    if (!ymd.ok()) return invalid;
    int64_t at = sys_days(ymd).time_since_epoch().count();
    return DayRange{at, at};
  }
  return invalid;
}

std::string PeriodLabel(PeriodKind kind, int64_t d) { return IndexLabel(kind, PeriodIndex(kind, d)); }

Result<MatchingDashboard> ComputeMatchingDashboard(const std::vector<DashboardFact>& facts,
                                                   const std::vector<MembershipSpan>& memberships,
                                                   const ReferenceData& reference,
                                                   const DashboardQuery& query, int64_t today) {
  if (query.from && query.to && query.from->first > query.to->last) {
    return Error::InvalidField("to", N_("The end of the range comes before its start."));
  }
  const PeriodKind kind = query.period;
  MatchingDashboard out;
  out.period = kind;

  Accumulator total;
  std::map<int64_t, Accumulator> by_period;
  std::map<std::string, Accumulator> by_sector;
  std::map<std::string, Accumulator> by_county;
  std::optional<int64_t> first_period;
  std::optional<int64_t> last_period;
  for (const DashboardFact& f : facts) {
    if (query.from && f.day < query.from->first) continue;
    if (query.to && f.day > query.to->last) continue;
    if (!query.sector.empty() && f.sector != query.sector) continue;
    const Municipality* m = f.municipality.empty() ? nullptr
                                                   : reference.FindMunicipality(f.municipality);
    const std::string county = m ? m->county_code : "";
    if (!query.county.empty() && county != query.county) continue;
    const bool alliance_customer =
        f.measure == Measure::kSocialEnterpriseAgreement &&
        MemberOn(memberships, f.owner_actor_id, IsoDateOfDay(f.day));
    const int64_t period = PeriodIndex(kind, f.day);
    total.Add(f, alliance_customer);
    by_period[period].Add(f, alliance_customer);
    const bool known_sector = reference.FindSector(f.sector) != nullptr;
    by_sector[known_sector ? f.sector : ""].Add(f, alliance_customer);
    by_county[county].Add(f, alliance_customer);
    first_period = std::min(first_period.value_or(period), period);
    last_period = std::max(last_period.value_or(period), period);
  }
  out.total = total.Done();

  // The range shown: what the query asked for, else what the facts cover up to today.
  std::optional<int64_t> from =
      query.from ? std::optional<int64_t>(PeriodIndex(kind, query.from->first)) : first_period;
  int64_t to = PeriodIndex(kind, query.to ? query.to->last : today);
  if (!query.to && last_period) to = std::max(to, *last_period);
  if (!from) from = to;
  if (*from > to) from = to;
  if (to - *from + 1 > kMaxDashboardPeriods) {
    return Error::InvalidField("to", N_("Choose a shorter range or longer periods: at most "
                                        "{{max}} periods fit in one overview."),
                               {{"max", std::to_string(kMaxDashboardPeriods)}});
  }
  for (int64_t p = *from; p <= to; ++p) {
    auto it = by_period.find(p);
    out.periods.push_back(
        {IndexLabel(kind, p), it == by_period.end() ? DashboardFigures{} : it->second.Done()});
  }
  for (const auto& s : reference.sectors()) {
    auto it = by_sector.find(s.code);
    out.sectors.push_back(
        {s.code, it == by_sector.end() ? DashboardFigures{} : it->second.Done()});
  }
  if (auto it = by_sector.find(""); it != by_sector.end()) out.sectors.push_back({"", it->second.Done()});
  for (const auto& c : reference.counties()) {
    auto it = by_county.find(c.code);
    out.counties.push_back(
        {c.code, it == by_county.end() ? DashboardFigures{} : it->second.Done()});
  }
  if (auto it = by_county.find(""); it != by_county.end()) out.counties.push_back({"", it->second.Done()});
  return out;
}

}  // namespace samverkan::matching
