// Use cases of stored impact work: initiatives and their logic models, the shared indicator
// library, the indicators an initiative follows and the values it reports, the SDG roll-up
// and stored SROI maps. The service owns no storage (it is handed ImpactScopes) and decides
// from the Principal who may do what, whatever page or API called it (initiative.h).
//
// Thread-safe: it holds no mutable state.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "modules/impact/domain/impact_repository.h"

namespace samverkan::impact {

// Turns what a person typed for the owning actor (an id or external id) into the actor's id;
// nullopt when there is no such actor.
using ActorResolver = std::function<Result<std::optional<int64_t>>(const std::string&)>;

struct InitiativeInput {
  std::string actor;  // id or external id
  LocalizedText name;
  LocalizedText summary;
};

// An indicator an initiative follows, with its definition and the values reported.
struct FollowedIndicator {
  Indicator indicator;
  IndicatorPick pick;
  std::vector<StoredValue> values;  // by period
};

// Everything an initiative's page shows.
struct InitiativeView {
  Initiative initiative;
  LogicModel model;
  std::vector<Diagnostic> diagnostics;  // of the model; empty for an empty model too
  std::vector<FollowedIndicator> indicators;
  std::optional<SroiMap> sroi_map;
};

// One initiative's use of an indicator, for the indicator's page.
struct IndicatorUse {
  Initiative initiative;
  IndicatorPick pick;
  std::vector<StoredValue> values;
};

struct IndicatorView {
  Indicator indicator;
  std::vector<IndicatorUse> uses;  // by initiative id
};

class ImpactService {
 public:
  ImpactService(ImpactScope write, ImpactScope read, ActorResolver resolve_actor,
                std::function<int64_t()> now_ms)
      : write_(std::move(write)),
        read_(std::move(read)),
        resolve_actor_(std::move(resolve_actor)),
        now_ms_(std::move(now_ms)) {}

  // All initiatives (or one actor's), by id.
  Result<std::vector<Initiative>> ListInitiatives(std::optional<int64_t> actor_id = {});
  // NotFound when there is none.
  Result<InitiativeView> GetInitiative(int64_t id);

  // Errors: InvalidArgument (actor, name_sv …); Unauthenticated or PermissionDenied unless
  // `who` may edit the actor's initiatives (CheckMayEditInitiative).
  Result<int64_t> CreateInitiative(const Principal& who, const InitiativeInput& input);
  // The owning actor cannot change. Errors as CreateInitiative, and NotFound.
  Status UpdateInitiative(const Principal& who, int64_t id, const InitiativeInput& input);

  // Runs `edit` on the stored model and stores the result if it is valid
  // (ValidateLogicModel) and references only indicators the initiative follows. Errors:
  // NotFound, Unauthenticated/PermissionDenied, InvalidArgument from `edit` or validation.
  Status EditLogicModel(const Principal& who, int64_t id,
                        const std::function<Status(LogicModel&)>& edit);

  Result<std::vector<Indicator>> ListIndicators();
  // NotFound when there is none.
  Result<IndicatorView> GetIndicator(const std::string& id);
  // Adds (is_new) or replaces an indicator of the library. Errors: CheckMayCurateLibrary;
  // InvalidArgument (id and ValidateIndicator's fields); Conflict when a new id is taken,
  // NotFound when an existing one is not.
  Status SaveIndicator(const Principal& who, const Indicator& indicator, bool is_new);

  // The initiative follows an indicator of the library (or changes its baseline and target).
  Status PickIndicator(const Principal& who, int64_t initiative_id, const IndicatorPick& pick);
  // Stops following it; its reported values go too, and so do references in the model.
  Status UnpickIndicator(const Principal& who, int64_t initiative_id,
                         const std::string& indicator_id);
  // Reports (or corrects) the value of a followed indicator in a period. InvalidArgument
  // (indicator, period, value) for an indicator not followed, a bad period or number.
  Status ReportValue(const Principal& who, int64_t initiative_id, const std::string& indicator_id,
                     const std::string& period, double value);

  // Every stored value rolled up per SDG (indicator.h: no double counting).
  Result<SdgRollUp> RollUp(const SdgRollUpOptions& options = {});

  // Validates (ValidateSroiMap) and stores the initiative's SROI map.
  Status SaveSroiMap(const Principal& who, int64_t initiative_id, const SroiMap& map);

  // Financial proxies editors have added (the shipped library is read from data/impact).
  Result<std::vector<FinancialProxy>> ListProxies();
  // Adds a proxy. Errors: CheckMayCurateLibrary; InvalidArgument (id, name_sv, value, unit,
  // currency, price_year, source, licence); Conflict when the id is taken.
  Status AddProxy(const Principal& who, const FinancialProxy& proxy);

  // "Download my data" and "delete my account" (GDPR articles 15, 20 and 17): what the user
  // created or reported, and removing the user's id from it (the work stays, it belongs to
  // the organisations).
  Result<UserContributions> ContributionsOf(int64_t user_id);
  Status ForgetUser(int64_t user_id);

  // For shipped data (demo, seed): stores the library indicator unless its id exists.
  Status InstallIndicator(const Indicator& indicator);

  // For shipped data (demo): stores an initiative with its model, picks, values and SROI map
  // in one transaction, as the system (user 0), unless the actor already has an initiative
  // with the same Swedish name. Validates like the use cases above.
  struct Shipped {
    InitiativeDraft draft;
    LogicModel model;
    std::vector<IndicatorPick> picks;
    std::vector<IndicatorValue> values;  // initiative_id is ignored
    std::optional<SroiMap> sroi_map;
  };
  Status InstallInitiative(const Shipped& shipped);

 private:
  Result<Initiative> Editable(ImpactRepository& repo, const Principal& who, int64_t id);

  ImpactScope write_;
  ImpactScope read_;
  ActorResolver resolve_actor_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::impact
