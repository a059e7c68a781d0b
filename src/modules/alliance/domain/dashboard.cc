#include "modules/alliance/domain/dashboard.h"

#include <algorithm>

namespace samverkan::alliance {

bool ActiveOn(const Membership& m, const std::string& date) {
  // ISO dates compare as text.
  return m.since <= date && (m.until.empty() || m.until > date);
}

Dashboard ComputeDashboard(const std::vector<Membership>& memberships,
                           const std::map<int64_t, MemberFacts>& facts, const Goals& goals,
                           const std::vector<std::string>& sector_codes,
                           const std::vector<std::string>& county_codes, const std::string& today) {
  Dashboard d;
  d.today = today;
  d.goals = goals;
  std::map<std::string, int> by_sector;
  std::map<std::string, int> by_county;
  for (const Membership& m : memberships) {
    if (!ActiveOn(m, today)) continue;
    ++d.members;
    auto it = facts.find(m.actor_id);
    const MemberFacts unknown;
    const MemberFacts& f = it != facts.end() ? it->second : unknown;
    if (std::find(sector_codes.begin(), sector_codes.end(), f.sector) != sector_codes.end()) {
      ++by_sector[f.sector];
    } else {
      ++d.unknown_sector;
    }
    if (std::find(county_codes.begin(), county_codes.end(), f.county) != county_codes.end()) {
      ++by_county[f.county];
    } else {
      ++d.unknown_county;
    }
  }
  d.sectors_met = true;
  for (const auto& code : sector_codes) {
    auto target = goals.per_sector.find(code);
    SectorFigure s{code, by_sector[code], target != goals.per_sector.end() ? target->second : 0};
    s.met = s.members >= s.target;
    d.sectors_met = d.sectors_met && s.met;
    d.sectors.push_back(s);
  }
  for (const auto& code : county_codes) d.counties.push_back({code, by_county[code]});
  d.total_met = d.members >= goals.total;
  d.goal_met = d.total_met && d.sectors_met;
  d.remaining = std::max(0, goals.total - d.members);
  d.percent = goals.total <= 0 ? 100 : std::min(100, d.members * 100 / goals.total);

  const int this_year = YearOf(today);
  int first_year = this_year;
  for (const Membership& m : memberships) {
    if (m.since <= today) first_year = std::min(first_year, YearOf(m.since));
  }
  for (int year = first_year; year <= this_year; ++year) {
    const std::string year_text = std::to_string(year);
    const std::string end = year == this_year ? today : year_text + "-12-31";
    YearFigure y{year};
    for (const Membership& m : memberships) {
      if (ActiveOn(m, end)) ++y.members;
      if (m.since <= today && YearOf(m.since) == year) ++y.joined;
      if (!m.until.empty() && m.until <= today && YearOf(m.until) == year) ++y.left;
    }
    d.years.push_back(y);
  }
  d.joined_this_year = d.years.back().joined;
  return d;
}

}  // namespace samverkan::alliance
