// The alerts of matching on the web: the page /bevakningar (the signed-in person's alerts,
// newest first and unread marked, with forms to mark them read, and the settings per own need
// and offer: level, e-mail, on/off), and its JSON twins GET /api/v1/alerts,
// POST /api/v1/alerts/{id}/read, GET and PUT /api/v1/alert-subscriptions. Everything is the
// person's own: the service answers for `req.principal` only.
#pragma once

#include "modules/matching/domain/alert_service.h"
#include "modules/matching/domain/match_weights.h"
#include "platform/module.h"

namespace samverkan::matching {

// `service` and `weights` must outlive the routes.
void RegisterAlertRoutes(platform::ModuleRegistry& registry, const platform::Services& services,
                         AlertService& service, const MatchWeights& weights);

}  // namespace samverkan::matching
