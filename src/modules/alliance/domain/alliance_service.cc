#include "modules/alliance/domain/alliance_service.h"

#include <algorithm>
#include <set>

#include "modules/alliance/domain/alliance_policy.h"

namespace samverkan::alliance {
namespace {

Error AlreadyPending() {
  return Error(ErrorCode::kConflict, N_("This organisation already has an application waiting for a decision."));
}
Error AlreadyMember() {
  return Error(ErrorCode::kConflict, N_("This organisation is already a member of the alliance."));
}
Error NoSuchApplication() { return Error::NotFound(N_("There is no such application.")); }

}  // namespace

AllianceService::AllianceService(RepositoryScope write, RepositoryScope read,
                                 ActorDirectory directory, MembershipSync sync,
                                 std::vector<std::string> sector_codes,
                                 std::vector<std::string> county_codes,
                                 std::function<int64_t()> now_ms)
    : write_(std::move(write)),
      read_(std::move(read)),
      directory_(std::move(directory)),
      sync_(std::move(sync)),
      sector_codes_(std::move(sector_codes)),
      county_codes_(std::move(county_codes)),
      now_ms_(std::move(now_ms)) {}

std::string AllianceService::Today() const { return IsoDateOf(now_ms_()); }

Result<int64_t> AllianceService::Apply(const Principal& who, ApplicationDraft draft) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayApply(who, draft.actor_id));
  return Insert(who.user_id, std::move(draft));
}

Result<int64_t> AllianceService::ApplyAsOperator(ApplicationDraft draft) {
  return Insert(0, std::move(draft));
}

Result<int64_t> AllianceService::Insert(int64_t user_id, ApplicationDraft draft) {
  auto valid = ValidateApplication(std::move(draft));
  if (!valid.ok()) return std::move(valid).error();
  auto actor = directory_(valid->actor_id, kDefaultLanguage);
  if (!actor.ok()) return std::move(actor).error();
  if (!actor->has_value()) return Error::InvalidField("actor_id", N_("There is no such actor."));
  int64_t id = 0;
  Status s = write_([&](AllianceRepository& repo) -> Status {
    auto pending = repo.FindPendingApplication(valid->actor_id);
    if (!pending.ok()) return std::move(pending).error();
    if (pending->has_value()) return AlreadyPending();
    auto member = repo.ActiveMembership(valid->actor_id);
    if (!member.ok()) return std::move(member).error();
    if (member->has_value()) return AlreadyMember();
    auto inserted = repo.InsertApplication(*valid, user_id, now_ms_());
    if (!inserted.ok()) {
      // Two applications at once: the unique index decides, the message stays the same.
      if (inserted.error().code() == ErrorCode::kConflict) return AlreadyPending();
      return std::move(inserted).error();
    }
    id = *inserted;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return id;
}

Result<ApplicationView> AllianceService::GetApplication(const Principal& who, int64_t id,
                                                       Language lang) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  std::optional<Application> found;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto a = repo.GetApplication(id);
    if (!a.ok()) return std::move(a).error();
    found = std::move(a).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!found) return NoSuchApplication();
  if (!MaySeeApplication(who, found->draft.actor_id, found->submitted_by)) return Error::Forbidden();
  auto actor = directory_(found->draft.actor_id, lang);
  if (!actor.ok()) return std::move(actor).error();
  ApplicationView view{std::move(*found), actor->has_value() ? (*actor)->name : ""};
  return view;
}

Result<std::vector<ApplicationView>> AllianceService::ListApplications(
    const Principal& who, std::optional<ApplicationStatus> status, Language lang) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  ApplicationFilter filter;
  filter.status = status;
  if (!who.IsEditor()) {
    filter.submitted_by = who.user_id;
    if (who.Has(Role::kRepresentative)) {
      filter.actor_ids = std::vector<int64_t>(who.actor_ids.begin(), who.actor_ids.end());
    }
  }
  std::vector<Application> list;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto l = repo.ListApplications(filter);
    if (!l.ok()) return std::move(l).error();
    list = std::move(l).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  std::vector<ApplicationView> out;
  for (auto& a : list) {
    auto actor = directory_(a.draft.actor_id, lang);
    if (!actor.ok()) return std::move(actor).error();
    out.push_back({std::move(a), actor->has_value() ? (*actor)->name : ""});
  }
  return out;
}

Result<Membership> AllianceService::Approve(const Principal& who, int64_t application_id,
                                            const std::string& since_text) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayReview(who));
  auto since = ValidateDecisionDate(since_text, Today(), "since");
  if (!since.ok()) return std::move(since).error();
  Membership membership;
  Status s = write_([&](AllianceRepository& repo) -> Status {
    auto a = repo.GetApplication(application_id);
    if (!a.ok()) return std::move(a).error();
    if (!a->has_value()) return NoSuchApplication();
    const Application& app = **a;
    if (app.status != ApplicationStatus::kPending) {
      return Error(ErrorCode::kConflict, N_("The application has been decided already."));
    }
    auto member = repo.ActiveMembership(app.draft.actor_id);
    if (!member.ok()) return std::move(member).error();
    if (member->has_value()) return AlreadyMember();
    // Periods of one actor never overlap, or the dashboard's history would count it twice.
    auto periods = repo.ListMemberships();
    if (!periods.ok()) return std::move(periods).error();
    for (const Membership& earlier : *periods) {
      if (earlier.actor_id == app.draft.actor_id && *since < earlier.until) {
        return Error::InvalidField("since", N_("The membership cannot start before the previous one ended ({{date}})."),
                                   {{"date", earlier.until}});
      }
    }
    int64_t now = now_ms_();
    SAMVERKAN_RETURN_IF_ERROR(repo.DecideApplication(application_id, ApplicationStatus::kApproved,
                                                     "", *since, who.user_id, now));
    auto id = repo.InsertMembership(app.draft.actor_id, *since, "", application_id, who.user_id, now);
    if (!id.ok()) return std::move(id).error();
    membership = {*id, app.draft.actor_id, *since, "", application_id};
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  SAMVERKAN_RETURN_IF_ERROR(sync_(who.user_id, membership.actor_id, membership.since));
  return membership;
}

Status AllianceService::Refuse(const Principal& who, int64_t application_id,
                               const std::string& reason_text) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayReview(who));
  auto reason = ValidateReason(reason_text);
  if (!reason.ok()) return std::move(reason).error();
  return write_([&](AllianceRepository& repo) -> Status {
    auto a = repo.GetApplication(application_id);
    if (!a.ok()) return std::move(a).error();
    if (!a->has_value()) return NoSuchApplication();
    if ((*a)->status != ApplicationStatus::kPending) {
      return Error(ErrorCode::kConflict, N_("The application has been decided already."));
    }
    return repo.DecideApplication(application_id, ApplicationStatus::kRefused, *reason, "",
                                  who.user_id, now_ms_());
  });
}

Result<Membership> AllianceService::EndMembership(const Principal& who, int64_t actor_id,
                                                  const std::string& until_text) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayReview(who));
  auto until = ValidateDecisionDate(until_text, Today(), "until");
  if (!until.ok()) return std::move(until).error();
  Membership ended;
  Status s = write_([&](AllianceRepository& repo) -> Status {
    auto m = repo.ActiveMembership(actor_id);
    if (!m.ok()) return std::move(m).error();
    if (!m->has_value()) return Error::NotFound(N_("The organisation is not a member of the alliance."));
    if (*until < (*m)->since) {
      return Error::InvalidField("until", N_("The membership cannot end before it started ({{date}})."),
                                 {{"date", (*m)->since}});
    }
    SAMVERKAN_RETURN_IF_ERROR(repo.EndMembership((*m)->id, *until, who.user_id, now_ms_()));
    ended = **m;
    ended.until = *until;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  SAMVERKAN_RETURN_IF_ERROR(sync_(who.user_id, actor_id, std::nullopt));
  return ended;
}

Status AllianceService::SetGoals(const Principal& who, const Goals& goals) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMaySetGoals(who));
  SAMVERKAN_RETURN_IF_ERROR(ValidateGoals(goals, sector_codes_));
  Goals complete = goals;
  // Sectors left out have no target of their own.
  for (const auto& code : sector_codes_) complete.per_sector.emplace(code, 0);
  return write_([&](AllianceRepository& repo) { return repo.SaveGoals(complete, who.user_id, now_ms_()); });
}

Result<std::vector<Member>> AllianceService::Members(Language lang) {
  std::vector<Membership> all;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto l = repo.ListMemberships();
    if (!l.ok()) return std::move(l).error();
    all = std::move(l).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  const std::string today = Today();
  std::vector<Member> out;
  for (auto& m : all) {
    if (!ActiveOn(m, today)) continue;
    auto actor = directory_(m.actor_id, lang);
    if (!actor.ok()) return std::move(actor).error();
    ActorInfo info = actor->has_value() ? **actor : ActorInfo{m.actor_id, "", "", ""};
    out.push_back({std::move(m), std::move(info)});
  }
  std::sort(out.begin(), out.end(), [](const Member& a, const Member& b) {
    return a.actor.name != b.actor.name ? a.actor.name < b.actor.name : a.actor.id < b.actor.id;
  });
  return out;
}

Result<Dashboard> AllianceService::GetDashboard() {
  std::vector<Membership> all;
  std::optional<Goals> goals;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto l = repo.ListMemberships();
    if (!l.ok()) return std::move(l).error();
    all = std::move(l).value();
    auto g = repo.LoadGoals();
    if (!g.ok()) return std::move(g).error();
    goals = std::move(g).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  std::map<int64_t, MemberFacts> facts;
  for (const auto& m : all) {
    if (facts.count(m.actor_id)) continue;
    auto actor = directory_(m.actor_id, kDefaultLanguage);
    if (!actor.ok()) return std::move(actor).error();
    if (actor->has_value()) facts[m.actor_id] = {(*actor)->sector, (*actor)->county};
  }
  return ComputeDashboard(all, facts, goals ? *goals : DefaultGoals(sector_codes_), sector_codes_,
                          county_codes_, Today());
}

Result<Goals> AllianceService::GetGoals() {
  std::optional<Goals> goals;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto g = repo.LoadGoals();
    if (!g.ok()) return std::move(g).error();
    goals = std::move(g).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return goals ? *goals : DefaultGoals(sector_codes_);
}

Result<std::optional<Membership>> AllianceService::ActiveMembership(int64_t actor_id) {
  std::optional<Membership> out;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto m = repo.ActiveMembership(actor_id);
    if (!m.ok()) return std::move(m).error();
    out = std::move(m).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Status AllianceService::RecordMembership(int64_t actor_id, const std::string& since,
                                         const std::string& until) {
  if (!IsIsoDate(since) || (!until.empty() && (!IsIsoDate(until) || until < since))) {
    return Error::InvalidField("since", N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."));
  }
  auto actor = directory_(actor_id, kDefaultLanguage);
  if (!actor.ok()) return std::move(actor).error();
  if (!actor->has_value()) return Error::InvalidField("actor_id", N_("There is no such actor."));
  SAMVERKAN_RETURN_IF_ERROR(write_([&](AllianceRepository& repo) -> Status {
    auto id = repo.InsertMembership(actor_id, since, until, 0, 0, now_ms_());
    if (!id.ok()) return std::move(id).error();
    return Status::Ok();
  }));
  if (until.empty()) return sync_(0, actor_id, since);
  return Status::Ok();
}

bool AllianceService::HasMemberships() {
  bool any = false;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    auto l = repo.ListMemberships();
    if (!l.ok()) return std::move(l).error();
    any = !l->empty();
    return Status::Ok();
  });
  return s.ok() && any;
}

Result<std::vector<Application>> AllianceService::ApplicationsSentBy(int64_t user_id) {
  std::vector<Application> out;
  Status s = read_([&](AllianceRepository& repo) -> Status {
    ApplicationFilter filter;
    filter.submitted_by = user_id;
    auto l = repo.ListApplications(filter);
    if (!l.ok()) return std::move(l).error();
    out = std::move(l).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Status AllianceService::EraseSender(int64_t user_id) {
  return write_([&](AllianceRepository& repo) -> Status {
    auto n = repo.EraseSender(user_id, now_ms_());
    if (!n.ok()) return std::move(n).error();
    return Status::Ok();
  });
}

}  // namespace samverkan::alliance
