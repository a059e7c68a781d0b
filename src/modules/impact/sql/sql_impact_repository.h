// The impact module's tables and the repository over them, on both engines.
//
//   impact_initiatives        one row per initiative, owned by an actor (by id: the actors
//                             module's tables are not ours to reference)
//   impact_logic_elements     the elements of an initiative's logic model, in order, with the
//                             indicators that measure them (comma-separated library ids)
//   impact_logic_links        its links in order; impact_logic_assumptions and
//                             impact_logic_evidence hang off (initiative, link position)
//   impact_indicators         the shared indicator library; impact_indicator_sdgs its SDG links
//   impact_picks              the indicators an initiative follows, with baseline and target
//   impact_values             reported values, one per (initiative, indicator, period)
//   impact_proxies            financial proxies editors add to the shipped library
//   impact_sroi_maps          an initiative's SROI map in the calculator's JSON format
//                             (FORMATS.md), so that the stored map and the API read alike
#pragma once

#include <vector>

#include "modules/impact/domain/impact_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::impact {

std::vector<storage::Migration> ImpactMigrations();

// Works inside the caller's transaction. Writes append to the audit trail.
class SqlImpactRepository : public ImpactRepository {
 public:
  explicit SqlImpactRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<std::vector<Initiative>> ListInitiatives(std::optional<int64_t> actor_id) override;
  Result<std::optional<Initiative>> FindInitiative(int64_t id) override;
  Result<int64_t> InsertInitiative(const InitiativeDraft& draft, int64_t user_id,
                                   int64_t now_ms) override;
  Status UpdateInitiative(int64_t id, const InitiativeDraft& draft, int64_t user_id,
                          int64_t now_ms) override;

  Result<LogicModel> LoadLogicModel(int64_t initiative_id) override;
  Status SaveLogicModel(int64_t initiative_id, const LogicModel& model, int64_t user_id,
                        int64_t now_ms) override;

  Result<std::vector<Indicator>> ListIndicators() override;
  Result<std::optional<Indicator>> FindIndicator(const std::string& id) override;
  Status SaveIndicator(const Indicator& indicator, int64_t user_id, int64_t now_ms) override;

  Result<std::vector<IndicatorPick>> ListPicks(int64_t initiative_id) override;
  Result<std::vector<std::pair<int64_t, IndicatorPick>>> ListPicksOf(
      const std::string& indicator_id) override;
  Status SavePick(int64_t initiative_id, const IndicatorPick& pick, int64_t user_id,
                  int64_t now_ms) override;
  Result<bool> RemovePick(int64_t initiative_id, const std::string& indicator_id, int64_t user_id,
                          int64_t now_ms) override;

  Result<std::vector<StoredValue>> ListValues(const ValueFilter& filter) override;
  Status SaveValue(const IndicatorValue& value, int64_t user_id, int64_t now_ms) override;

  Result<std::vector<FinancialProxy>> ListProxies() override;
  Status InsertProxy(const FinancialProxy& proxy, int64_t user_id, int64_t now_ms) override;

  Result<std::optional<SroiMap>> LoadSroiMap(int64_t initiative_id) override;
  Status SaveSroiMap(int64_t initiative_id, const SroiMap& map, int64_t user_id,
                     int64_t now_ms) override;

  Result<UserContributions> ContributionsOf(int64_t user_id) override;
  Status ForgetUser(int64_t user_id) override;

 private:
  Result<std::vector<Indicator>> Indicators(std::string_view where,
                                            const std::vector<storage::Value>& params);
  Status Audit(int64_t user_id, const char* action, const char* entity, std::string entity_id,
               std::string after, int64_t now_ms);

  storage::Transaction& tx_;
};

}  // namespace samverkan::impact
