// The repository interface the impact service stores initiatives, logic models, the indicator
// library, picks, reported values and SROI maps through. Only sql/ implements it; writes take
// the acting user and the time for the audit trail.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/indicator.h"
#include "modules/impact/domain/initiative.h"
#include "modules/impact/domain/logic_model.h"
#include "modules/impact/domain/proxy_library.h"
#include "modules/impact/domain/sroi.h"

namespace samverkan::impact {

// A reported value as stored; IndicatorValue::id is the row id in decimal.
struct StoredValue {
  IndicatorValue value;
  int64_t reported_at_ms = 0;
};

// Which values to read; empty members do not filter.
struct ValueFilter {
  std::optional<int64_t> initiative_id;
  std::string indicator_id;
};

// What a person contributed, for "download my data": the initiatives they created and the
// values they reported last.
struct UserContributions {
  std::vector<Initiative> initiatives_created;
  std::vector<StoredValue> values_reported;
};

class ImpactRepository {
 public:
  virtual ~ImpactRepository() = default;

  // All initiatives, or those of one actor, by id.
  virtual Result<std::vector<Initiative>> ListInitiatives(std::optional<int64_t> actor_id) = 0;
  virtual Result<std::optional<Initiative>> FindInitiative(int64_t id) = 0;
  virtual Result<int64_t> InsertInitiative(const InitiativeDraft& draft, int64_t user_id,
                                           int64_t now_ms) = 0;
  virtual Status UpdateInitiative(int64_t id, const InitiativeDraft& draft, int64_t user_id,
                                  int64_t now_ms) = 0;

  // An initiative without a stored model has an empty one.
  virtual Result<LogicModel> LoadLogicModel(int64_t initiative_id) = 0;
  // Replaces the whole model (validated by the caller).
  virtual Status SaveLogicModel(int64_t initiative_id, const LogicModel& model, int64_t user_id,
                                int64_t now_ms) = 0;

  // The library, by id.
  virtual Result<std::vector<Indicator>> ListIndicators() = 0;
  virtual Result<std::optional<Indicator>> FindIndicator(const std::string& id) = 0;
  // Inserts or replaces the indicator with this id (validated by the caller).
  virtual Status SaveIndicator(const Indicator& indicator, int64_t user_id, int64_t now_ms) = 0;

  // The indicators an initiative follows, by indicator id.
  virtual Result<std::vector<IndicatorPick>> ListPicks(int64_t initiative_id) = 0;
  // Initiatives that follow `indicator_id`, with their pick.
  virtual Result<std::vector<std::pair<int64_t, IndicatorPick>>> ListPicksOf(
      const std::string& indicator_id) = 0;
  // Inserts or replaces the pick of pick.indicator_id.
  virtual Status SavePick(int64_t initiative_id, const IndicatorPick& pick, int64_t user_id,
                          int64_t now_ms) = 0;
  // Removes the pick and the values reported for it; false when there was none.
  virtual Result<bool> RemovePick(int64_t initiative_id, const std::string& indicator_id,
                                  int64_t user_id, int64_t now_ms) = 0;

  // By initiative, indicator, then period.
  virtual Result<std::vector<StoredValue>> ListValues(const ValueFilter& filter) = 0;
  // Inserts the value, or replaces the one of the same initiative, indicator and period.
  virtual Status SaveValue(const IndicatorValue& value, int64_t user_id, int64_t now_ms) = 0;

  // Financial proxies editors added to the shipped library, by id.
  virtual Result<std::vector<FinancialProxy>> ListProxies() = 0;
  // Conflict when the id is taken.
  virtual Status InsertProxy(const FinancialProxy& proxy, int64_t user_id, int64_t now_ms) = 0;

  virtual Result<std::optional<SroiMap>> LoadSroiMap(int64_t initiative_id) = 0;
  virtual Status SaveSroiMap(int64_t initiative_id, const SroiMap& map, int64_t user_id,
                             int64_t now_ms) = 0;

  virtual Result<UserContributions> ContributionsOf(int64_t user_id) = 0;
  // Replaces the user's id by 0 (nobody) wherever it is recorded; the work stays, it belongs
  // to the organisations.
  virtual Status ForgetUser(int64_t user_id) = 0;
};

// Runs `work` with a repository in one transaction: committed if `work` succeeds.
using ImpactScope = std::function<Status(const std::function<Status(ImpactRepository&)>& work)>;

}  // namespace samverkan::impact
