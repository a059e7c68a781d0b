// The matching dashboard: /matchningar/oversikt and GET /api/v1/matching/dashboard. What the
// matching function led to (needs posted, suggestions, contacts, agreements and their value,
// alliance members that became customers of social enterprises) per period, sector and county
// of the need's owner, filterable by period range, sector and county.
//
// Public, like the alliance's dashboard: the figures are counts and sums over agreements
// between organisations, with no person in them, and agreements with public bodies are public
// records anyway. Nothing on the page names an organisation.
#pragma once

#include "modules/matching/domain/matching_dashboard.h"
#include "platform/module.h"
#include "web/request.h"

namespace samverkan::matching {

// The query of the page and the API: period=year|quarter|month (default year), from and to
// ("2026", "2026-Q2", "2026-05" or "2026-05-14"), sector (a sector code), county (a county
// code); empty values are absent. InvalidArgument per field for anything else.
Result<DashboardQuery> DashboardQueryFrom(const web::Request& req, const ReferenceData& reference);

nlohmann::json MatchingDashboardJson(const MatchingDashboard& d, const DashboardQuery& q,
                                     const std::string& from_text, const std::string& to_text);
nlohmann::json MatchingDashboardSchema();

// Registers the page and the API route. `services` must outlive them.
void RegisterMatchingDashboard(platform::ModuleRegistry& registry,
                               const platform::Services& services);

}  // namespace samverkan::matching
