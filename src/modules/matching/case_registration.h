// The match cases' part of the module's registration: the service over the SQL repositories,
// the e-mail notices to the other side's representatives (queued in the step's transaction
// through the platform's outbox), the pages and API (web/case_pages.h), "My matches" in the
// navigation, and the cases' part of a person's data.
#pragma once

#include <functional>
#include <memory>

#include "modules/matching/domain/case_service.h"
#include "modules/matching/domain/matching_service.h"
#include "platform/module.h"

namespace samverkan::matching {

// Wakes the mail sender after a notice committed; may be empty (the sender polls).
using MailWake = std::function<void()>;

// Builds the case service. `items` and `wake` must outlive it; `wake` is read at call time.
std::unique_ptr<CaseService> NewCaseService(const platform::Services& services,
                                            MatchingService& items, const MailWake* wake);

// Registers the routes, the navigation entry and the personal data of `cases`.
void RegisterCases(platform::ModuleRegistry& registry, const platform::Services& services,
                   CaseService& cases);

}  // namespace samverkan::matching
