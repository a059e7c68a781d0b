// Progress: the Social Progress Index of regions and municipalities (issue 6). Pages under
// /framsteg (overview, frameworks, rankings, scorecards, import for editors, frameworks for
// admins), the API under /api/v1/progress (a stateless compute endpoint and read endpoints for
// stored results), the tables in sql/, and the EU-SPI 2020 framework and data (data/spi/) as
// demo data. The computation itself is domain/; `samverkan spi compute` is cli/.
#pragma once

#include <memory>

#include "modules/progress/domain/progress_service.h"
#include "platform/module.h"

namespace samverkan::progress {

class ProgressModule : public platform::Module {
 public:
  std::string name() const override { return "progress"; }
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

  ProgressService* service() const { return service_.get(); }

 private:
  std::unique_ptr<ProgressService> service_;
};

// Stores the EU-SPI 2020 framework and its regional and national data from
// `share_dir`/data/spi/ unless they are there already (the demo loader).
Status InstallEuSpi2020(ProgressService& service, const std::string& share_dir);

}  // namespace samverkan::progress
