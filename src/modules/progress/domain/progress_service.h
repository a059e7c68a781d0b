// Use cases of the progress module over stored frameworks and datasets: listing them, the
// ranking of a year, the scorecard of a region, importing indicator values (editors) and
// defining frameworks (admins). The service owns no storage: it is handed a way to run work
// against a repository in one transaction (RepositoryScope), and it decides who may do what
// from the Principal, whatever page or API called it.
//
// Results are computed with the dataset's own aggregation options when data is imported and
// stored; the ranking reads the stored results, the scorecard recomputes the region's year
// from the observations (it needs normalised indicator values, which are not stored) with the
// same options and the same code, so both agree.
//
// Thread-safe: it holds no mutable state.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/principal.h"
#include "core/result.h"
#include "modules/progress/domain/observation_csv.h"
#include "modules/progress/domain/progress_repository.h"
#include "modules/progress/domain/scorecard.h"

namespace samverkan::progress {

inline constexpr size_t kMaxSlugLength = 60;
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxDescriptionLength = 2000;
inline constexpr int kMinYear = 1900;
inline constexpr int kMaxYear = 2100;

// Importing indicator values: editors and admins (API tokens need the "write" scope).
// Unauthenticated for visitors, PermissionDenied for other accounts.
Status CheckMayImportData(const Principal& who);
// Defining frameworks: admins (API tokens need the "write" scope).
Status CheckMayDefineFramework(const Principal& who);

// Lower-case ASCII letters, digits and '-', 2-60 characters, at least one letter, not a word
// the pages use themselves ("importera", "nytt-ramverk", "ramverk"). InvalidArgument for
// `field` otherwise.
Status ValidateSlug(std::string_view slug, const std::string& field);

// Values for a dataset, from a CSV file in wide or long form (observation_csv.h).
struct DatasetImport {
  // The slug of an existing dataset to add the values to (values for the same region,
  // indicator and year are replaced); empty for a new dataset described by `draft`.
  std::string dataset;
  DatasetDraft draft;          // new datasets only
  std::string framework_code;  // new datasets only
  std::string data_csv;
  // The year of rows without one; required when the file has no year column.
  std::optional<int> year;
  // Optional region table: names, country, population and covariates (for peer groups).
  std::string regions_csv;
  // Report what would be imported and computed, and store nothing.
  bool check_only = false;
};

struct ImportOutcome {
  DatasetInfo dataset;  // as stored afterwards (as it would be, with check_only)
  ImportReport data;
  std::optional<ImportReport> regions;       // when a region table was given
  std::vector<std::string> unknown_regions;  // in the region table, not in the dataset
  std::vector<int> years;                    // years the file had values for
  int complete = 0;                          // region-years of those years with an index
  int incomplete = 0;                        // and without one
  bool stored = false;
};

// A framework an admin defines: the platform's framework format or EU-SPI metadata
// (framework_csv.h), stored under `code` and `name`.
struct FrameworkDefinition {
  std::string code;
  LocalizedText name;
  std::string csv;
};

struct RankingRow {
  RegionInfo region;
  std::optional<int> rank;  // by index, 1 = best; none without an index
  RegionScores scores;      // components, dimensions, index and notes
};

struct Ranking {
  DatasetInfo dataset;
  Framework framework;
  int year = kUnspecifiedYear;
  // By rank; regions without an index last, by code.
  std::vector<RankingRow> rows;
  int complete = 0;  // rows with an index
};

struct ScorecardView {
  DatasetInfo dataset;
  Framework framework;
  RegionInfo region;
  Scorecard card;
  PeerGroupSpec peers;                   // as applied
  std::vector<RegionInfo> peer_regions;  // card.peers with their names, same order
  std::vector<std::string> covariates;   // covariates some region has, for kNearestOnCovariate
};

class ProgressService {
 public:
  ProgressService(RepositoryScope write, RepositoryScope read, std::function<int64_t()> now_ms)
      : write_(std::move(write)), read_(std::move(read)), now_ms_(std::move(now_ms)) {}

  Result<std::vector<FrameworkSummary>> ListFrameworks();
  // NotFound when there is no framework with this code.
  Result<StoredFramework> GetFramework(std::string_view code);
  Result<std::vector<DatasetInfo>> ListDatasets();
  // By slug, or by numeric id written in decimal. NotFound when there is none.
  Result<DatasetInfo> GetDataset(std::string_view dataset);

  // The stored results of `year` (the latest year when empty). NotFound for an unknown
  // dataset or a year without results.
  Result<Ranking> GetRanking(std::string_view dataset, std::optional<int> year);

  // The scorecard of `region` in `year` (the latest when empty) against `peers`; without
  // `peers`, the other regions of the same country, or no peers when the country is unknown.
  // NotFound for an unknown dataset, region or year; InvalidArgument for bad peers.
  Result<ScorecardView> GetScorecard(std::string_view dataset, std::string_view region,
                                     std::optional<int> year,
                                     const std::optional<PeerGroupSpec>& peers);

  // Parses, merges, computes every year and stores (unless check_only) in one transaction.
  // Rows the file cannot use are skipped and reported, not errors. Errors: Unauthenticated or
  // PermissionDenied (CheckMayImportData); InvalidArgument with per-field messages (dataset,
  // slug, name, framework, data, year, regions) for bad input or a file without a single
  // usable value; NotFound for an unknown dataset or framework; Conflict for a slug taken.
  Result<ImportOutcome> ImportDataset(const Principal& who, const DatasetImport& input);

  // Validates and stores a framework. Errors: CheckMayDefineFramework; InvalidArgument (code,
  // name, framework); Conflict when the code is taken.
  Result<FrameworkSummary> DefineFramework(const Principal& who, const FrameworkDefinition& input);

  // For data shipped with the product (demo data): stores `framework` unless one with its code
  // exists, and a dataset from `data_csv` unless one with the draft's slug exists. Idempotent.
  Status InstallShipped(const Framework& framework, const DatasetDraft& draft,
                        std::string_view data_csv, std::optional<int> year);

 private:
  RepositoryScope write_;
  RepositoryScope read_;
  std::function<int64_t()> now_ms_;
};

}  // namespace samverkan::progress
