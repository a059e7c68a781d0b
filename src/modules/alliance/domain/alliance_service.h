// Use cases of the alliance: applying to join, reviewing applications, ending memberships,
// the member list, the goal dashboard and the goals. The service owns no storage: it is
// handed a way to run work against a repository in one transaction, a way to look up actors
// in the registry, and a way to tell the registry about membership (the registry's
// ActorProfile::alliance_member and member_since), so that it never touches the actors'
// tables. Thread-safe when those are.
//
// The alliance's own tables are the record of membership. The registry is told right after
// the alliance's transaction commits; should that fail, the change stands and the error is
// returned (Unavailable from the registry), and the next change for the actor tells it again.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/principal.h"
#include "core/result.h"
#include "modules/alliance/domain/alliance.h"
#include "modules/alliance/domain/alliance_repository.h"
#include "modules/alliance/domain/dashboard.h"

namespace samverkan::alliance {

// An actor of the registry as the alliance sees it.
struct ActorInfo {
  int64_t id = 0;
  std::string name;    // in the language asked for, falling back to the other
  std::string sector;  // sector code
  std::string county;  // county code of its seat, or empty
};
// nullopt when there is no such actor.
using ActorDirectory = std::function<Result<std::optional<ActorInfo>>(int64_t id, Language lang)>;
// Sets (a start date) or clears (nullopt) an actor's membership in the registry, on behalf of
// `user_id` (0: an operator).
using MembershipSync = std::function<Status(int64_t user_id, int64_t actor_id,
                                            const std::optional<std::string>& since)>;

struct Member {
  Membership membership;
  ActorInfo actor;
};

struct ApplicationView {
  Application application;
  std::string actor_name;  // empty when the actor is gone
};

class AllianceService {
 public:
  AllianceService(RepositoryScope write, RepositoryScope read, ActorDirectory directory,
                  MembershipSync sync, std::vector<std::string> sector_codes,
                  std::vector<std::string> county_codes, std::function<int64_t()> now_ms);

  // --- For people and integrations: authorised by alliance_policy.h -----------------------
  // Policy errors come first: Unauthenticated for anonymous visitors, PermissionDenied.

  // A new pending application. InvalidArgument per field (actor_id for an unknown actor);
  // Conflict when the actor has a pending application or is a member.
  Result<int64_t> Apply(const Principal& who, ApplicationDraft draft);
  // NotFound, or PermissionDenied for those who may not see it (MaySeeApplication).
  Result<ApplicationView> GetApplication(const Principal& who, int64_t id,
                                         Language lang = kDefaultLanguage);
  // Reviewers see all (optionally by status); others the applications for the actors they
  // represent and those they sent. Unauthenticated for visitors.
  Result<std::vector<ApplicationView>> ListApplications(const Principal& who,
                                                        std::optional<ApplicationStatus> status,
                                                        Language lang);
  // Approves a pending application: membership from `since` (empty: today). NotFound;
  // Conflict when it is decided already or the actor is a member; InvalidArgument "since".
  Result<Membership> Approve(const Principal& who, int64_t application_id, const std::string& since);
  // Refuses a pending application with a reason the applicant sees. NotFound; Conflict;
  // InvalidArgument "reason".
  Status Refuse(const Principal& who, int64_t application_id, const std::string& reason);
  // Ends the actor's membership on `until` (empty: today). NotFound when it is not a member;
  // InvalidArgument "until" for a date before the start.
  Result<Membership> EndMembership(const Principal& who, int64_t actor_id, const std::string& until);
  // Errors of CheckMaySetGoals, then InvalidArgument per field.
  Status SetGoals(const Principal& who, const Goals& goals);

  // --- Public ----------------------------------------------------------------------------
  // Members today, by name in `lang`.
  Result<std::vector<Member>> Members(Language lang);
  Result<Dashboard> GetDashboard();
  // The stored goals, or DefaultGoals.
  Result<Goals> GetGoals();
  // The actor's membership that lasts, if any.
  Result<std::optional<Membership>> ActiveMembership(int64_t actor_id);

  // --- For operators (demo data) and the account hooks -----------------------------------
  Result<int64_t> ApplyAsOperator(ApplicationDraft draft);
  // Records a membership period (until empty: it lasts) and tells the registry.
  Status RecordMembership(int64_t actor_id, const std::string& since, const std::string& until);
  bool HasMemberships();
  // The applications a user sent, with their contact person (download my data).
  Result<std::vector<Application>> ApplicationsSentBy(int64_t user_id);
  // Removes the contact person from them (delete my account).
  Status EraseSender(int64_t user_id);

 private:
  Result<int64_t> Insert(int64_t user_id, ApplicationDraft draft);
  std::string Today() const;

  RepositoryScope write_;
  RepositoryScope read_;
  ActorDirectory directory_;
  MembershipSync sync_;
  std::vector<std::string> sector_codes_;
  std::vector<std::string> county_codes_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::alliance
