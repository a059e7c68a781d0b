// Impact measurement: the overview of the framework (/effekt), the stateless calculators as
// pages (/effekt/sroi, /effekt/samhallsekonomi) and as JSON API (/api/v1/impact/sroi,
// /api/v1/impact/socioeconomic), the guides (/effekt/guider/{topic}), and stored impact work:
// initiatives with their logic models, indicators, values, SROI maps and reports
// (/effekt/initiativ), the shared indicator library (/effekt/indikatorer) and the SDG roll-up
// (/effekt/sdg), each with its JSON twin under /api/v1/impact/.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <mutex>
#include <optional>
#include <vector>

#include "modules/impact/domain/impact_service.h"
#include "modules/impact/domain/proxy_library.h"
#include "platform/module.h"

namespace samverkan::impact {

class ImpactModule : public platform::Module {
 public:
  std::string name() const override { return "impact"; }
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

 private:
  // The shipped proxy library (share/data/impact/proxies.csv), read on first use; nullptr
  // when it cannot be read or parsed. Thread-safe.
  const std::vector<FinancialProxy>* Proxies(const platform::Services& services);

  // The UN titles of SDG targets (share/data/impact/sdg/sdg_targets.csv), read on first use;
  // nullptr when unreadable. Thread-safe.
  const std::map<std::string, std::string>* SdgTargetTitles(const platform::Services& services);

  std::unique_ptr<ImpactService> service_;
  std::once_flag targets_once_;
  std::optional<std::map<std::string, std::string>> targets_;
  std::once_flag proxies_once_;
  std::optional<std::vector<FinancialProxy>> proxies_;
};

// Installs the shipped indicator library (data/impact/indicators.json) and the demo
// initiatives (data/impact/demo.json), whose actors are named by external id. Idempotent.
Status LoadImpactDemo(ImpactService& service, const platform::Services& services);

}  // namespace samverkan::impact
