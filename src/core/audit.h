// One entry of the audit trail: who changed what, and how it looked before and after.
// Entries are written in the same transaction as the change and never altered afterwards.
//
// Personal data is kept out of `before` and `after` (for a person's name, only that it
// changed), so that erasing an account never needs to rewrite the trail.
#pragma once

#include <cstdint>
#include <string>

namespace samverkan {

struct AuditEntry {
  int64_t user_id = 0;     // who acted; 0 for an anonymous visitor or the system
  std::string action;      // "account.roles", "actor.update", "contact.message" …
  std::string entity;      // "user", "actor", "contact_message" …
  std::string entity_id;   // the changed record's id
  std::string before;      // JSON object, or empty
  std::string after;       // JSON object, or empty
};

}  // namespace samverkan
