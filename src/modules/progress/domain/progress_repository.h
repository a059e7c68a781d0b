// Stored frameworks, datasets and computed results of the progress module, and the repository
// interface the service reads and writes them through. Only sql/ implements it; tests may
// pass their own.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"
#include "modules/progress/domain/dataset.h"
#include "modules/progress/domain/framework.h"
#include "modules/progress/domain/scoring.h"

namespace samverkan::progress {

// A framework as it is stored; frameworks never change once stored (datasets refer to their
// indicator codes).
struct StoredFramework {
  int64_t id = 0;
  Framework framework;
  int64_t created_at_ms = 0;
};

struct FrameworkSummary {
  int64_t id = 0;
  std::string code;
  LocalizedText name;
  int dimensions = 0;
  int components = 0;
  int indicators = 0;
  int64_t created_at_ms = 0;
};

// What describes a dataset, without its observations.
struct DatasetInfo {
  int64_t id = 0;
  std::string slug;  // its name in URLs: lower-case letters, digits and '-'
  int64_t framework_id = 0;
  std::string framework_code;
  LocalizedText framework_name;
  LocalizedText name;
  LocalizedText description;
  std::string source;  // where the data comes from, free text
  AggregationOptions aggregation;
  std::vector<int> years;  // years with stored results, ascending
  int regions = 0;
  int64_t values = 0;  // stored observations
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// A new dataset before it has an id.
struct DatasetDraft {
  std::string slug;
  LocalizedText name;
  LocalizedText description;
  std::string source;
  AggregationOptions aggregation = kEuSpiAggregation;
};

// The computed results of one year, as stored: per region, components, dimensions, index and
// notes (RegionScores::raw and ::normalised stay empty; the scorecard recomputes them from
// the observations). years.regions[r].region indexes `regions`.
struct StoredResults {
  std::vector<RegionInfo> regions;
  YearScores year;
};

class ProgressRepository {
 public:
  virtual ~ProgressRepository() = default;

  virtual Result<std::vector<FrameworkSummary>> ListFrameworks() = 0;
  // By code; nullopt when there is none.
  virtual Result<std::optional<StoredFramework>> FindFramework(std::string_view code) = 0;
  virtual Result<std::optional<StoredFramework>> GetFramework(int64_t id) = 0;
  // Conflict when the code is taken.
  virtual Result<int64_t> InsertFramework(const Framework& framework, int64_t user_id,
                                          int64_t now_ms) = 0;

  // By name in the reader's language is the caller's business: ordered by id.
  virtual Result<std::vector<DatasetInfo>> ListDatasets() = 0;
  virtual Result<std::optional<DatasetInfo>> FindDataset(std::string_view slug) = 0;
  // Conflict when the slug is taken.
  virtual Result<int64_t> InsertDataset(const DatasetDraft& draft, int64_t framework_id,
                                        int64_t user_id, int64_t now_ms) = 0;

  // Replaces the dataset's regions and observations with those of `data` (whose indicators
  // are `framework`'s) and its results with `results`, and records who did it.
  virtual Status ReplaceData(int64_t dataset_id, const Framework& framework, const Dataset& data,
                             const std::vector<YearScores>& results, int64_t user_id,
                             int64_t now_ms) = 0;
  // The regions (in stored order) and observations of a dataset. Observations of indicators
  // that `framework` lacks are skipped.
  virtual Result<Dataset> LoadData(int64_t dataset_id, const Framework& framework) = 0;
  // The stored results of one year; regions without results that year are left out.
  virtual Result<StoredResults> LoadResults(int64_t dataset_id, int year,
                                            const Framework& framework) = 0;
};

// Runs `work` with a repository in one transaction: committed if `work` succeeds.
using RepositoryScope =
    std::function<Status(const std::function<Status(ProgressRepository&)>& work)>;

}  // namespace samverkan::progress
