// Reference data as pages and API: the UN SDGs, counties with their NUTS regions and
// municipalities, sectors, target groups and collaboration forms — the codes every other
// module and every import uses.
#pragma once

#include "platform/module.h"

namespace samverkan::reference {

class ReferenceModule : public platform::Module {
 public:
  std::string name() const override { return "reference"; }
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;
};

}  // namespace samverkan::reference
