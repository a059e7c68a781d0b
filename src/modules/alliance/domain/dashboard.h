// The goal dashboard's arithmetic: members per sector and county against the goals, and the
// number of members over the years. Pure: memberships and what is known about their actors
// in, figures out.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "modules/alliance/domain/alliance.h"

namespace samverkan::alliance {

// What the dashboard needs to know about a member actor (from the registry).
struct MemberFacts {
  std::string sector;  // sector code, or empty when unknown
  std::string county;  // county code of its seat, or empty when unknown
};

struct SectorFigure {
  std::string code;
  int members = 0;
  int target = 0;
  bool met = false;  // members >= target
};

struct CountyFigure {
  std::string code;
  int members = 0;
};

// Members on the last day of a year (today for the current year), and the memberships that
// started and ended during it.
struct YearFigure {
  int year = 0;
  int members = 0;
  int joined = 0;
  int left = 0;
};

struct Dashboard {
  std::string today;  // ISO date the figures are for
  Goals goals;
  int members = 0;     // members today
  int remaining = 0;   // members still needed for the total goal (0 when met)
  bool total_met = false;
  bool sectors_met = false;  // every sector's target met
  bool goal_met = false;     // both
  int percent = 0;           // members / total goal, 0-100 (100 for a goal of 0)
  std::vector<SectorFigure> sectors;  // in the order of `sector_codes`
  int unknown_sector = 0;             // members whose sector is not one of them
  std::vector<CountyFigure> counties;  // in the order of `county_codes`, zeros included
  int unknown_county = 0;              // members without a known county
  std::vector<YearFigure> years;       // from the first membership's year to today's, ascending
  int joined_this_year = 0;            // memberships that started in today's year
};

// Whether a membership lasts on `date` (ISO): it started on or before it and has not ended
// on or before it (a membership ending on a date is over that day).
bool ActiveOn(const Membership& m, const std::string& date);

// `facts` maps actor ids to what is known of them; members missing from it count as unknown
// sector and county. `today` is an ISO date.
Dashboard ComputeDashboard(const std::vector<Membership>& memberships,
                           const std::map<int64_t, MemberFacts>& facts, const Goals& goals,
                           const std::vector<std::string>& sector_codes,
                           const std::vector<std::string>& county_codes, const std::string& today);

}  // namespace samverkan::alliance
