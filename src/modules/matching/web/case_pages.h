// The way from a match to an agreement on the web: the pages "My matches" (/matchningar) and
// one case (/matchningar/{id}: the need and the offer, the history of steps, the message
// thread and the forms for the next step), the form posts behind them, and their JSON twins
// under /api/v1/matches. No e-mail address is ever shown: the sides talk through the case.
// Rules are decided by CaseService; the pages only choose which forms to show.
#pragma once

#include <nlohmann/json.hpp>

#include "modules/matching/domain/case_service.h"
#include "platform/module.h"
#include "web/request.h"

namespace samverkan::matching {

// `service` must outlive the routes.
void RegisterCaseRoutes(platform::ModuleRegistry& registry, const platform::Services& services,
                        CaseService& service);

// For the match pages of a need (`kind` kNeed) or an offer: for a suggestion `other_id` (the
// offer's id on a need's page), either {"case_href": …} when `who` already has a case for
// the pair, or {"request": {need_id, offer_id, as, csrf_token}} for the "Request contact"
// form when `may_request`.
nlohmann::json ContactAction(const web::Request& req, ItemKind kind, int64_t item_id,
                             int64_t other_id, const std::map<int64_t, int64_t>& cases,
                             bool may_request);

}  // namespace samverkan::matching
