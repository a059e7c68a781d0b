// Where the alliance keeps applications, memberships and goals. The service is the only
// caller; implementations work inside the caller's transaction (see RepositoryScope), append
// to the audit trail on every change, and turn engine errors into domain errors.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/alliance/domain/alliance.h"

namespace samverkan::alliance {

struct ApplicationFilter {
  std::optional<ApplicationStatus> status;
  // Applications for these actors or sent by this user (either); neither: all.
  std::optional<std::vector<int64_t>> actor_ids;
  std::optional<int64_t> submitted_by;
};

class AllianceRepository {
 public:
  virtual ~AllianceRepository() = default;

  // A new pending application of a validated draft; Conflict when the actor has a pending one.
  // `user_id` is who sent it (0 for an operator).
  virtual Result<int64_t> InsertApplication(const ApplicationDraft& draft, int64_t user_id,
                                            int64_t now_ms) = 0;
  virtual Result<std::optional<Application>> GetApplication(int64_t id) = 0;
  virtual Result<std::optional<int64_t>> FindPendingApplication(int64_t actor_id) = 0;
  // Newest first.
  virtual Result<std::vector<Application>> ListApplications(const ApplicationFilter& filter) = 0;
  // Records the decision on a pending application (NotFound otherwise): approved with the
  // membership's start date, or refused with the reason.
  virtual Status DecideApplication(int64_t id, ApplicationStatus status, const std::string& reason,
                                   const std::string& member_since, int64_t user_id,
                                   int64_t now_ms) = 0;

  // A new membership period; Conflict when the actor has one that lasts.
  virtual Result<int64_t> InsertMembership(int64_t actor_id, const std::string& since,
                                           const std::string& until, int64_t application_id,
                                           int64_t user_id, int64_t now_ms) = 0;
  virtual Status EndMembership(int64_t membership_id, const std::string& until, int64_t user_id,
                               int64_t now_ms) = 0;
  virtual Result<std::optional<Membership>> ActiveMembership(int64_t actor_id) = 0;
  // Every period, ended ones too, by start date then id.
  virtual Result<std::vector<Membership>> ListMemberships() = 0;

  // nullopt until an admin has set goals.
  virtual Result<std::optional<Goals>> LoadGoals() = 0;
  virtual Status SaveGoals(const Goals& goals, int64_t user_id, int64_t now_ms) = 0;

  // Removes the contact person from the applications `user_id` sent and forgets the sender
  // (the applications stay: they are the organisation's). Returns how many changed.
  virtual Result<int64_t> EraseSender(int64_t user_id, int64_t now_ms) = 0;
};

// Runs `work` with a repository in one transaction: committed if `work` succeeds.
using RepositoryScope =
    std::function<Status(const std::function<Status(AllianceRepository&)>& work)>;

}  // namespace samverkan::alliance
