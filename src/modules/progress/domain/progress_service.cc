#include "modules/progress/domain/progress_service.h"

#include <algorithm>
#include <charconv>
#include <set>
#include <utility>

#include "modules/progress/domain/framework_csv.h"

namespace samverkan::progress {
namespace {

constexpr std::string_view kWriteScope = "write";

Status Refuse(const Principal& who, const char* message) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  return Error::Forbidden(message);
}

std::optional<int64_t> ParseId(std::string_view text) {
  int64_t id = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || ptr != text.data() + text.size() || id <= 0) return std::nullopt;
  return id;
}

Result<DatasetInfo> FindDatasetIn(ProgressRepository& repo, std::string_view dataset) {
  if (std::optional<int64_t> id = ParseId(dataset)) {
    auto all = repo.ListDatasets();
    if (!all.ok()) return std::move(all).error();
    for (DatasetInfo& info : *all) {
      if (info.id == *id) return std::move(info);
    }
  } else {
    auto found = repo.FindDataset(dataset);
    if (!found.ok()) return std::move(found).error();
    if (found->has_value()) return std::move(**found);
  }
  return Error::NotFound("There is no such dataset.");
}

Result<StoredFramework> FrameworkById(ProgressRepository& repo, int64_t id) {
  auto framework = repo.GetFramework(id);
  if (!framework.ok()) return std::move(framework).error();
  if (!framework->has_value()) return Error::Internal("dataset without its framework");
  return std::move(**framework);
}

FrameworkSummary Summarise(int64_t id, const Framework& framework, int64_t created_at_ms) {
  return {id,
          framework.code(),
          framework.name(),
          static_cast<int>(framework.dimension_count()),
          static_cast<int>(framework.component_count()),
          static_cast<int>(framework.indicator_count()),
          created_at_ms};
}

std::optional<int> LatestYear(const DatasetInfo& info) {
  if (info.years.empty()) return std::nullopt;
  return info.years.back();
}

void ValidateDraft(const DatasetDraft& draft, std::vector<FieldError>& errors) {
  Status slug = ValidateSlug(draft.slug, "slug");
  if (!slug.ok()) {
    for (const auto& f : slug.error().fields()) errors.push_back(f);
  }
  if (draft.name.sv.empty() && draft.name.en.empty()) {
    errors.push_back({"name", N_("Name the dataset in Swedish, English or both."), {}});
  }
  if (draft.name.sv.size() > kMaxNameLength || draft.name.en.size() > kMaxNameLength) {
    errors.push_back({"name",
                      N_("The name may be at most {{max}} characters long."),
                      {{"max", std::to_string(kMaxNameLength)}}});
  }
  if (draft.description.sv.size() > kMaxDescriptionLength ||
      draft.description.en.size() > kMaxDescriptionLength ||
      draft.source.size() > kMaxDescriptionLength) {
    errors.push_back({"description",
                      N_("The description may be at most {{max}} characters long."),
                      {{"max", std::to_string(kMaxDescriptionLength)}}});
  }
  ComputeOptions options;
  options.aggregation = draft.aggregation;
  Status valid = ValidateOptions(options);
  if (!valid.ok()) {
    if (valid.error().fields().empty()) {
      errors.push_back({"exponents", valid.error().message(), valid.error().args()});
    }
    for (const auto& f : valid.error().fields()) errors.push_back(f);
  }
}

// Copies every value and what is known about each region of `from` into `into` (values for
// the same region, indicator and year replaced).
void MergeInto(const Dataset& from, Dataset& into) {
  for (size_t r = 0; r < from.regions().size(); ++r) {
    const RegionInfo& info = from.region(r);
    size_t target = into.AddRegion(info.code);
    RegionInfo& kept = into.region(target);
    if (!info.name.empty()) kept.name = info.name;
    if (!info.country.empty()) kept.country = info.country;
    if (info.population) kept.population = info.population;
    for (const auto& [name, value] : info.covariates) kept.covariates[name] = value;
  }
  for (int year : from.Years()) {
    for (size_t r = 0; r < from.regions().size(); ++r) {
      std::span<const double> row = from.Row(r, year);
      if (row.empty()) continue;
      size_t target = *into.FindRegion(from.region(r).code);
      for (size_t i = 0; i < row.size(); ++i) {
        if (auto value = from.Get(r, i, year)) into.Set(target, i, year, *value);
      }
    }
  }
}

// An InvalidArgument about a whole input (a CSV file, a framework) as errors of the form
// field that holds it, so that a form can show them there; other errors as they are.
Error AsFieldError(Error error, const std::string& field) {
  if (!error.IsInvalid()) return error;
  if (error.fields().empty()) return Error::InvalidField(field, error.message(), error.args());
  std::vector<FieldError> fields = error.fields();
  for (FieldError& f : fields) f.field = field;
  return Error::Invalid(std::move(fields));
}

// Everything an import computes before anything is stored.
struct PreparedImport {
  StoredFramework framework;
  std::optional<DatasetInfo> existing;
  Dataset merged{0};
  std::vector<YearScores> results;
};

}  // namespace

Status CheckMayImportData(const Principal& who) {
  if (who.authenticated() && who.IsEditor() && who.Allows(kWriteScope)) return Status::Ok();
  return Refuse(who, N_("Only editors and administrators can import data."));
}

Status CheckMayDefineFramework(const Principal& who) {
  if (who.authenticated() && who.IsAdmin() && who.Allows(kWriteScope)) return Status::Ok();
  return Refuse(who, N_("Only administrators can define frameworks."));
}

Status ValidateSlug(std::string_view slug, const std::string& field) {
  static const std::set<std::string_view> kReserved = {"importera", "nytt-ramverk", "ramverk"};
  bool letters = false;
  bool valid = slug.size() >= 2 && slug.size() <= kMaxSlugLength && slug.front() != '-' &&
               slug.back() != '-';
  for (char c : slug) {
    if (c >= 'a' && c <= 'z') {
      letters = true;
    } else if (!(c >= '0' && c <= '9') && c != '-') {
      valid = false;
    }
  }
  if (!valid || !letters) {
    return Error::InvalidField(field,
                               "Use 2 to 60 lower-case letters a-z, digits and hyphens, with at "
                               "least one letter, e.g. kommuner-2024.");
  }
  if (kReserved.count(slug)) {
    return Error::InvalidField(field, "{{slug}} is a reserved word; choose another.",
                               {{"slug", std::string(slug)}});
  }
  return Status::Ok();
}

Result<std::vector<FrameworkSummary>> ProgressService::ListFrameworks() {
  std::vector<FrameworkSummary> out;
  Status s = read_([&](ProgressRepository& repo) -> Status {
    auto list = repo.ListFrameworks();
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<StoredFramework> ProgressService::GetFramework(std::string_view code) {
  std::optional<StoredFramework> out;
  Status s = read_([&](ProgressRepository& repo) -> Status {
    auto found = repo.FindFramework(code);
    if (!found.ok()) return std::move(found).error();
    out = std::move(found).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!out) return Error::NotFound("There is no such framework.");
  return std::move(*out);
}

Result<std::vector<DatasetInfo>> ProgressService::ListDatasets() {
  std::vector<DatasetInfo> out;
  Status s = read_([&](ProgressRepository& repo) -> Status {
    auto list = repo.ListDatasets();
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return out;
}

Result<DatasetInfo> ProgressService::GetDataset(std::string_view dataset) {
  std::optional<DatasetInfo> out;
  Status s = read_([&](ProgressRepository& repo) -> Status {
    auto found = FindDatasetIn(repo, dataset);
    if (!found.ok()) return std::move(found).error();
    out = std::move(found).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return std::move(*out);
}

Result<Ranking> ProgressService::GetRanking(std::string_view dataset, std::optional<int> year) {
  Ranking ranking;
  StoredResults stored;
  Status s = read_([&](ProgressRepository& repo) -> Status {
    auto info = FindDatasetIn(repo, dataset);
    if (!info.ok()) return std::move(info).error();
    ranking.dataset = std::move(info).value();
    if (!year) year = LatestYear(ranking.dataset);
    if (!year || std::find(ranking.dataset.years.begin(), ranking.dataset.years.end(), *year) ==
                     ranking.dataset.years.end()) {
      return Error(ErrorCode::kNotFound, "There are no scores for {{year}}.",
                   {{"year", year ? std::to_string(*year) : std::string("-")}});
    }
    auto framework = FrameworkById(repo, ranking.dataset.framework_id);
    if (!framework.ok()) return std::move(framework).error();
    ranking.framework = std::move(framework->framework);
    auto results = repo.LoadResults(ranking.dataset.id, *year, ranking.framework);
    if (!results.ok()) return std::move(results).error();
    stored = std::move(results).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();

  ranking.year = *year;
  std::vector<std::optional<double>> index;
  for (const RegionScores& scores : stored.year.regions) index.push_back(scores.index);
  std::vector<std::optional<int>> ranks = RankDescending(index);
  for (size_t k = 0; k < stored.year.regions.size(); ++k) {
    RegionScores& scores = stored.year.regions[k];
    ranking.rows.push_back({stored.regions[scores.region], ranks[k], std::move(scores)});
  }
  std::stable_sort(ranking.rows.begin(), ranking.rows.end(),
                   [](const RankingRow& a, const RankingRow& b) {
                     if (a.rank.has_value() != b.rank.has_value()) return a.rank.has_value();
                     if (a.rank && *a.rank != *b.rank) return *a.rank < *b.rank;
                     return a.region.code < b.region.code;
                   });
  ranking.complete =
      static_cast<int>(std::count_if(ranking.rows.begin(), ranking.rows.end(),
                                     [](const RankingRow& r) { return r.rank.has_value(); }));
  return ranking;
}

Result<ScorecardView> ProgressService::GetScorecard(std::string_view dataset,
                                                    std::string_view region,
                                                    std::optional<int> year,
                                                    const std::optional<PeerGroupSpec>& peers) {
  ScorecardView view;
  std::optional<Dataset> data;
  Status s = read_([&](ProgressRepository& repo) -> Status {
    auto info = FindDatasetIn(repo, dataset);
    if (!info.ok()) return std::move(info).error();
    view.dataset = std::move(info).value();
    auto framework = FrameworkById(repo, view.dataset.framework_id);
    if (!framework.ok()) return std::move(framework).error();
    view.framework = std::move(framework->framework);
    auto loaded = repo.LoadData(view.dataset.id, view.framework);
    if (!loaded.ok()) return std::move(loaded).error();
    data = std::move(loaded).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();

  std::optional<size_t> index = data->FindRegion(region);
  if (!index) {
    return Error(ErrorCode::kNotFound, "There is no region {{region}} in the data.",
                 {{"region", std::string(region)}});
  }
  view.region = data->region(*index);
  if (!year) year = LatestYear(view.dataset);
  if (!year) {
    return Error(ErrorCode::kNotFound, "There are no scores for {{year}}.", {{"year", "-"}});
  }
  if (peers) {
    view.peers = *peers;
  } else if (view.region.country.empty()) {
    view.peers = {.kind = PeerGroupKind::kChosenRegions};
  } else {
    view.peers = {.kind = PeerGroupKind::kSameCountry};
  }

  ComputeOptions options;
  options.aggregation = view.dataset.aggregation;
  auto scores = ComputeScores(view.framework, *data, options);
  if (!scores.ok()) return std::move(scores).error();
  auto card = BuildScorecard(view.framework, *data, *scores, view.region.code, *year, view.peers);
  if (!card.ok()) return std::move(card).error();
  view.card = std::move(card).value();
  for (const std::string& code : view.card.peers) {
    view.peer_regions.push_back(data->region(*data->FindRegion(code)));
  }
  std::set<std::string> covariates;
  for (const RegionInfo& info : data->regions()) {
    for (const auto& [name, value] : info.covariates) covariates.insert(name);
  }
  view.covariates.assign(covariates.begin(), covariates.end());
  return view;
}

Result<ImportOutcome> ProgressService::ImportDataset(const Principal& who,
                                                     const DatasetImport& input) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayImportData(who));
  std::vector<FieldError> errors;
  const bool is_new = input.dataset.empty();
  if (is_new) {
    ValidateDraft(input.draft, errors);
    if (input.framework_code.empty()) {
      errors.push_back({"framework", N_("Choose the framework of the dataset."), {}});
    }
  }
  if (input.data_csv.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({"data", N_("Paste or choose the CSV file with the indicator values."), {}});
  }
  if (input.year && (*input.year < kMinYear || *input.year > kMaxYear)) {
    errors.push_back({"year",
                      N_("The year must lie between {{min}} and {{max}}."),
                      {{"min", std::to_string(kMinYear)}, {"max", std::to_string(kMaxYear)}}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  PreparedImport prepared;
  Status loaded = read_([&](ProgressRepository& repo) -> Status {
    if (is_new) {
      auto taken = repo.FindDataset(input.draft.slug);
      if (!taken.ok()) return std::move(taken).error();
      if (taken->has_value()) {
        return Error::InvalidField("slug", "Another dataset already has this name in addresses.");
      }
      auto framework = repo.FindFramework(input.framework_code);
      if (!framework.ok()) return std::move(framework).error();
      if (!framework->has_value()) {
        return Error::InvalidField("framework", "There is no such framework.");
      }
      prepared.framework = std::move(**framework);
      prepared.merged = Dataset(prepared.framework.framework.indicator_count());
      return Status::Ok();
    }
    auto info = FindDatasetIn(repo, input.dataset);
    if (!info.ok()) return std::move(info).error();
    prepared.existing = std::move(info).value();
    auto framework = FrameworkById(repo, prepared.existing->framework_id);
    if (!framework.ok()) return std::move(framework).error();
    prepared.framework = std::move(framework).value();
    auto data = repo.LoadData(prepared.existing->id, prepared.framework.framework);
    if (!data.ok()) return std::move(data).error();
    prepared.merged = std::move(data).value();
    return Status::Ok();
  });
  if (!loaded.ok()) return std::move(loaded).error();
  const Framework& framework = prepared.framework.framework;

  ObservationCsvOptions csv_options;
  csv_options.year = input.year;
  auto parsed = ParseObservations(input.data_csv, framework, csv_options);
  if (!parsed.ok()) return AsFieldError(std::move(parsed).error(), "data");
  ImportOutcome outcome;
  outcome.data = std::move(parsed->report);
  const Dataset& incoming = parsed->dataset;
  outcome.years = incoming.Years();
  if (incoming.value_count() == 0) {
    return Error::InvalidField("data", "No value in the file could be imported.");
  }
  if (std::find(outcome.years.begin(), outcome.years.end(), kUnspecifiedYear) !=
      outcome.years.end()) {
    return Error::InvalidField("year", "The file has no year column: give the year of its values.");
  }
  for (int y : outcome.years) {
    if (y < kMinYear || y > kMaxYear) {
      return Error::InvalidField("data", "The year {{year}} is out of range.",
                                 {{"year", std::to_string(y)}});
    }
  }
  MergeInto(incoming, prepared.merged);
  if (input.regions_csv.find_first_not_of(" \t\r\n") != std::string::npos) {
    auto regions = ParseRegionTable(input.regions_csv);
    if (!regions.ok()) return AsFieldError(std::move(regions).error(), "regions");
    outcome.unknown_regions = MergeRegionInfo(regions->regions, prepared.merged);
    outcome.regions = std::move(regions->report);
  }

  ComputeOptions options;
  options.aggregation =
      prepared.existing ? prepared.existing->aggregation : input.draft.aggregation;
  auto results = ComputeScores(framework, prepared.merged, options);
  if (!results.ok()) return std::move(results).error();
  prepared.results = std::move(results).value();
  for (const YearScores& year : prepared.results) {
    if (std::find(outcome.years.begin(), outcome.years.end(), year.year) == outcome.years.end()) {
      continue;
    }
    for (const RegionScores& scores : year.regions) {
      ++(scores.complete() ? outcome.complete : outcome.incomplete);
    }
  }

  if (input.check_only) {
    if (prepared.existing) {
      outcome.dataset = *prepared.existing;
    } else {
      outcome.dataset.slug = input.draft.slug;
      outcome.dataset.name = input.draft.name;
      outcome.dataset.description = input.draft.description;
      outcome.dataset.source = input.draft.source;
      outcome.dataset.aggregation = input.draft.aggregation;
      outcome.dataset.framework_code = framework.code();
      outcome.dataset.framework_name = framework.name();
    }
    for (const YearScores& year : prepared.results) outcome.dataset.years.push_back(year.year);
    outcome.dataset.regions = static_cast<int>(prepared.merged.regions().size());
    outcome.dataset.values = static_cast<int64_t>(prepared.merged.value_count());
    return outcome;
  }

  const int64_t now = now_ms_();
  Status stored = write_([&](ProgressRepository& repo) -> Status {
    int64_t id = 0;
    if (prepared.existing) {
      id = prepared.existing->id;
    } else {
      auto inserted = repo.InsertDataset(input.draft, prepared.framework.id, who.user_id, now);
      if (!inserted.ok()) {
        if (inserted.error().code() == ErrorCode::kConflict) {
          return Error::InvalidField("slug", "Another dataset already has this name in addresses.");
        }
        return std::move(inserted).error();
      }
      id = *inserted;
    }
    SAMVERKAN_RETURN_IF_ERROR(
        repo.ReplaceData(id, framework, prepared.merged, prepared.results, who.user_id, now));
    auto info = repo.FindDataset(prepared.existing ? prepared.existing->slug : input.draft.slug);
    if (!info.ok()) return std::move(info).error();
    if (!info->has_value()) return Error::Internal("imported dataset not found again");
    outcome.dataset = std::move(**info);
    return Status::Ok();
  });
  if (!stored.ok()) return std::move(stored).error();
  outcome.stored = true;
  return outcome;
}

Result<FrameworkSummary> ProgressService::DefineFramework(const Principal& who,
                                                          const FrameworkDefinition& input) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayDefineFramework(who));
  std::vector<FieldError> errors;
  Status code = ValidateSlug(input.code, "code");
  if (!code.ok()) {
    for (const auto& f : code.error().fields()) errors.push_back(f);
  }
  if (input.name.sv.empty() && input.name.en.empty()) {
    errors.push_back({"name", N_("Name the framework in Swedish, English or both."), {}});
  }
  if (input.name.sv.size() > kMaxNameLength || input.name.en.size() > kMaxNameLength) {
    errors.push_back({"name",
                      N_("The name may be at most {{max}} characters long."),
                      {{"max", std::to_string(kMaxNameLength)}}});
  }
  if (input.csv.find_first_not_of(" \t\r\n") == std::string::npos) {
    errors.push_back({"framework", N_("Paste the framework as CSV."), {}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  auto parsed = ParseAnyFrameworkCsv(input.csv);
  if (!parsed.ok()) return AsFieldError(std::move(parsed).error(), "framework");
  auto framework = Framework::Create(input.code, input.name, parsed->dimensions());
  if (!framework.ok()) return AsFieldError(std::move(framework).error(), "framework");

  const int64_t now = now_ms_();
  int64_t id = 0;
  Status stored = write_([&](ProgressRepository& repo) -> Status {
    auto inserted = repo.InsertFramework(*framework, who.user_id, now);
    if (!inserted.ok()) {
      if (inserted.error().code() == ErrorCode::kConflict) {
        return Error::InvalidField("code", "Another framework already has this code.");
      }
      return std::move(inserted).error();
    }
    id = *inserted;
    return Status::Ok();
  });
  if (!stored.ok()) return std::move(stored).error();
  return Summarise(id, *framework, now);
}

Status ProgressService::InstallShipped(const Framework& framework, const DatasetDraft& draft,
                                       std::string_view data_csv, std::optional<int> year) {
  const int64_t now = now_ms_();
  return write_([&](ProgressRepository& repo) -> Status {
    auto existing = repo.FindFramework(framework.code());
    if (!existing.ok()) return std::move(existing).error();
    int64_t framework_id = 0;
    const Framework* stored = &framework;
    if (existing->has_value()) {
      framework_id = (*existing)->id;
      stored = &(*existing)->framework;
    } else {
      auto inserted = repo.InsertFramework(framework, 0, now);
      if (!inserted.ok()) return std::move(inserted).error();
      framework_id = *inserted;
    }
    auto dataset = repo.FindDataset(draft.slug);
    if (!dataset.ok()) return std::move(dataset).error();
    if (dataset->has_value()) return Status::Ok();

    ObservationCsvOptions csv_options;
    csv_options.year = year;
    auto parsed = ParseObservations(data_csv, *stored, csv_options);
    if (!parsed.ok()) return std::move(parsed).error();
    if (!parsed->report.rejected.empty()) {
      const RejectedRow& row = parsed->report.rejected.front();
      return Error::Internal("shipped data, line " + std::to_string(row.line) + ": " + row.message);
    }
    ComputeOptions options;
    options.aggregation = draft.aggregation;
    auto results = ComputeScores(*stored, parsed->dataset, options);
    if (!results.ok()) return std::move(results).error();
    auto id = repo.InsertDataset(draft, framework_id, 0, now);
    if (!id.ok()) return std::move(id).error();
    return repo.ReplaceData(*id, *stored, parsed->dataset, *results, 0, now);
  });
}

}  // namespace samverkan::progress
