// The audit trail for administrators: browse with filters at /admin/logg, export as JSON
// Lines, and GET /api/v1/audit (admin scope).
#pragma once

#include "platform/module.h"

namespace samverkan::platform {

class AuditModule : public Module {
 public:
  std::string name() const override { return "audit"; }
  void Register(ModuleRegistry& registry, const Services& services) override;
};

}  // namespace samverkan::platform
