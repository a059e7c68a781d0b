// Registers the routes of stored impact work: pages under /effekt/initiativ, /effekt/indikatorer
// and /effekt/sdg, and their JSON twins under /api/v1/impact/.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "modules/impact/domain/impact_service.h"
#include "modules/impact/domain/proxy_library.h"
#include "platform/module.h"

namespace samverkan::impact {

// The UN titles of SDG targets by number ("8.5"), or nullptr when they cannot be read.
using SdgTargets = std::function<const std::map<std::string, std::string>*()>;

// `service`, `proxies` and `targets` must outlive the registry's routes.
void RegisterInitiativeRoutes(platform::ModuleRegistry& registry, const platform::Services& services,
                              ImpactService* service,
                              std::function<const std::vector<FinancialProxy>*()> proxies,
                              SdgTargets targets);

// The resolver the service is built with: actors through Services::actor_lookup.
ActorResolver ActorResolverFor(const platform::Services& services);

}  // namespace samverkan::impact
