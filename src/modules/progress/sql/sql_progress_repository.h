// The progress module's tables and the repository over them, on both engines.
//
//   progress_frameworks            one row per framework (code unique)
//   progress_framework_indicators  its indicators in flat order, each with its component and
//                                  dimension (the platform's framework format as a table, plus
//                                  the aliases data files may use)
//   progress_datasets              one row per dataset (slug unique) with its aggregation
//   progress_regions               regions of a dataset: name, country, population, covariates
//   progress_observations          raw values: (dataset, region, indicator, year) -> value
//   progress_results               computed scores: (dataset, year, region, level, code) -> score
//                                  (NULL when unavailable); level index|dimension|component
//   progress_result_notes          why scores are missing or values skipped, per region-year
#pragma once

#include <vector>

#include "modules/progress/domain/progress_repository.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace samverkan::progress {

std::vector<storage::Migration> ProgressMigrations();

// Works inside the caller's transaction. Writes append to the audit trail.
class SqlProgressRepository : public ProgressRepository {
 public:
  explicit SqlProgressRepository(storage::Transaction& tx) : tx_(tx) {}

  Result<std::vector<FrameworkSummary>> ListFrameworks() override;
  Result<std::optional<StoredFramework>> FindFramework(std::string_view code) override;
  Result<std::optional<StoredFramework>> GetFramework(int64_t id) override;
  Result<int64_t> InsertFramework(const Framework& framework, int64_t user_id,
                                  int64_t now_ms) override;

  Result<std::vector<DatasetInfo>> ListDatasets() override;
  Result<std::optional<DatasetInfo>> FindDataset(std::string_view slug) override;
  Result<int64_t> InsertDataset(const DatasetDraft& draft, int64_t framework_id, int64_t user_id,
                                int64_t now_ms) override;

  Status ReplaceData(int64_t dataset_id, const Framework& framework, const Dataset& data,
                     const std::vector<YearScores>& results, int64_t user_id,
                     int64_t now_ms) override;
  Result<Dataset> LoadData(int64_t dataset_id, const Framework& framework) override;
  Result<StoredResults> LoadResults(int64_t dataset_id, int year,
                                    const Framework& framework) override;

 private:
  Result<std::optional<StoredFramework>> LoadFramework(const storage::Row& row);
  Result<std::vector<DatasetInfo>> Datasets(std::string_view where,
                                            const std::vector<storage::Value>& params);

  storage::Transaction& tx_;
};

}  // namespace samverkan::progress
