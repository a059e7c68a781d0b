// Contact: visitors write to the node's staff through a form (/kontakt) or the API.
#pragma once

#include <memory>

#include "modules/contact/domain/contact_service.h"
#include "platform/module.h"

namespace samverkan::contact {

class ContactModule : public platform::Module {
 public:
  std::string name() const override { return "contact"; }
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

 private:
  std::unique_ptr<ContactService> service_;
};

}  // namespace samverkan::contact
