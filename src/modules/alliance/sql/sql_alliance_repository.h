// The alliance's tables and the repository over them, on both engines.
//
//   alliance_applications  one row per application; at most one pending per actor (a partial
//                          unique index); the contact person's name, e-mail and phone are
//                          personal data (erased with the sender's account)
//   alliance_memberships   membership periods; at most one without an end per actor
//   alliance_goals         key -> target: "total", or "sector:<code>"
//
// Actors are referred to by id without a foreign key: the registry's tables are the actors
// module's own.
#pragma once

#include <vector>

#include "modules/alliance/domain/alliance_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::alliance {

std::vector<storage::Migration> AllianceMigrations();

// Works inside the caller's transaction. Writes append to the audit trail.
class SqlAllianceRepository : public AllianceRepository {
 public:
  explicit SqlAllianceRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<int64_t> InsertApplication(const ApplicationDraft& draft, int64_t user_id,
                                    int64_t now_ms) override;
  Result<std::optional<Application>> GetApplication(int64_t id) override;
  Result<std::optional<int64_t>> FindPendingApplication(int64_t actor_id) override;
  Result<std::vector<Application>> ListApplications(const ApplicationFilter& filter) override;
  Status DecideApplication(int64_t id, ApplicationStatus status, const std::string& reason,
                           const std::string& member_since, int64_t user_id,
                           int64_t now_ms) override;
  Result<int64_t> InsertMembership(int64_t actor_id, const std::string& since,
                                   const std::string& until, int64_t application_id,
                                   int64_t user_id, int64_t now_ms) override;
  Status EndMembership(int64_t membership_id, const std::string& until, int64_t user_id,
                       int64_t now_ms) override;
  Result<std::optional<Membership>> ActiveMembership(int64_t actor_id) override;
  Result<std::vector<Membership>> ListMemberships() override;
  Result<std::optional<Goals>> LoadGoals() override;
  Status SaveGoals(const Goals& goals, int64_t user_id, int64_t now_ms) override;
  Result<int64_t> EraseSender(int64_t user_id, int64_t now_ms) override;

 private:
  storage::Transaction& tx_;
};

}  // namespace samverkan::alliance
