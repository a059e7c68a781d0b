// The alliance: the actors of the registry that have joined, and its goal (issue: the
// alliance). Pages under /allians (the goal dashboard, the member list, applying to join and
// one's applications), review pages under /admin/allians (applications, memberships, goals),
// the API under /api/v1/alliance, the tables in sql/, demo members and applications.
// Membership reaches the registry through platform::Services::set_alliance_membership, and
// actors are read through Services::actor_lookup: the module never touches the actors' tables.
#pragma once

#include <memory>

#include "modules/alliance/domain/alliance_service.h"
#include "platform/module.h"

namespace samverkan::alliance {

class AllianceModule : public platform::Module {
 public:
  std::string name() const override { return "alliance"; }
  // Needs services.reference to be set already (sectors and counties).
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

  AllianceService* service() const { return service_.get(); }

 private:
  std::unique_ptr<AllianceService> service_;
};

}  // namespace samverkan::alliance
