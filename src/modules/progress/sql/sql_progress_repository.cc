#include "modules/progress/sql/sql_progress_repository.h"

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <unordered_map>

#include "platform/audit.h"

namespace samverkan::progress {
namespace {

using nlohmann::json;
using storage::Null;
using storage::Param;
using storage::Row;
using storage::Value;

// Rows per INSERT statement: 1000 parameters at most, well below both engines' limits.
constexpr size_t kMaxParamsPerStatement = 1000;

const char* LevelName(ScoreLevel level) { return ScoreLevelName(level); }

std::optional<ScoreLevel> ParseLevel(std::string_view text) {
  for (ScoreLevel level : {ScoreLevel::kIndicator, ScoreLevel::kComponent, ScoreLevel::kDimension,
                           ScoreLevel::kIndex}) {
    if (text == ScoreLevelName(level)) return level;
  }
  return std::nullopt;
}

std::string AliasesJson(const std::vector<std::string>& aliases) {
  return json(aliases).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::vector<std::string> AliasesFromJson(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  std::vector<std::string> out;
  if (!parsed.is_array()) return out;
  for (const auto& alias : parsed) {
    if (alias.is_string()) out.push_back(alias.get<std::string>());
  }
  return out;
}

std::string ArgsJson(const std::map<std::string, std::string>& args) {
  return json(args).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::map<std::string, std::string> ArgsFromJson(const std::string& text) {
  json parsed = json::parse(text, nullptr, false);
  std::map<std::string, std::string> out;
  if (!parsed.is_object()) return out;
  for (const auto& [key, value] : parsed.items()) {
    if (value.is_string()) out[key] = value.get<std::string>();
  }
  return out;
}

Value OptionalDouble(const std::optional<double>& value) {
  return value ? Value(*value) : Value(Null{});
}

std::optional<double> OptReal(const Row& row, size_t i) {
  if (row.IsNull(i)) return std::nullopt;
  return row.Real(i);
}

// Inserts `values` (`columns` per row) into `table_and_columns` ("t (a, b)") in as few
// statements as the parameter limit allows.
Status InsertBatched(storage::Transaction& tx, std::string_view table_and_columns, size_t columns,
                     const std::vector<Value>& values) {
  const size_t rows_per_statement = kMaxParamsPerStatement / columns;
  const size_t rows = values.size() / columns;
  for (size_t first = 0; first < rows; first += rows_per_statement) {
    const size_t count = std::min(rows_per_statement, rows - first);
    std::string sql = "INSERT INTO " + std::string(table_and_columns) + " VALUES ";
    for (size_t r = 0; r < count; ++r) {
      sql += r ? ",(" : "(";
      for (size_t c = 0; c < columns; ++c) {
        if (c) sql += ',';
        sql += '$' + std::to_string(r * columns + c + 1);
      }
      sql += ')';
    }
    std::vector<Value> params(values.begin() + first * columns,
                              values.begin() + (first + count) * columns);
    auto inserted = tx.Execute(sql, params);
    if (!inserted.ok()) return std::move(inserted).error();
  }
  return Status::Ok();
}

// Codes to flat positions, by exact code (the stored data names codes, never aliases).
std::unordered_map<std::string, size_t> IndicatorPositions(const Framework& framework) {
  std::unordered_map<std::string, size_t> out;
  for (size_t i = 0; i < framework.indicator_count(); ++i) out[framework.indicator(i).code] = i;
  return out;
}
std::unordered_map<std::string, size_t> ComponentPositions(const Framework& framework) {
  std::unordered_map<std::string, size_t> out;
  for (size_t c = 0; c < framework.component_count(); ++c) out[framework.component(c).code] = c;
  return out;
}
std::unordered_map<std::string, size_t> DimensionPositions(const Framework& framework) {
  std::unordered_map<std::string, size_t> out;
  for (size_t d = 0; d < framework.dimension_count(); ++d) out[framework.dimension(d).code] = d;
  return out;
}

Result<std::vector<RegionInfo>> LoadRegions(storage::Transaction& tx, int64_t dataset_id) {
  auto rows = tx.Query(
      "SELECT code, name, country, population, covariates FROM progress_regions "
      "WHERE dataset_id = $1 ORDER BY position",
      {Param(dataset_id)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<RegionInfo> regions;
  for (const Row& row : *rows) {
    RegionInfo info;
    info.code = row.Text(0);
    info.name = row.Text(1);
    info.country = row.Text(2);
    info.population = OptReal(row, 3);
    json covariates = json::parse(row.Text(4), nullptr, false);
    if (covariates.is_object()) {
      for (const auto& [name, value] : covariates.items()) {
        if (value.is_number()) info.covariates[name] = value.get<double>();
      }
    }
    regions.push_back(std::move(info));
  }
  return regions;
}

}  // namespace

std::vector<storage::Migration> ProgressMigrations() {
  return {{"progress", 1, "create progress frameworks, datasets and results",
           "CREATE TABLE progress_frameworks ("
           " id {{id}},"
           " code TEXT NOT NULL UNIQUE,"
           " name_sv TEXT NOT NULL, name_en TEXT NOT NULL,"
           " created_by BIGINT NOT NULL,"
           " created_at BIGINT NOT NULL);"
           "CREATE TABLE progress_framework_indicators ("
           " framework_id BIGINT NOT NULL REFERENCES progress_frameworks(id) ON DELETE CASCADE,"
           " position INTEGER NOT NULL,"
           " dimension_code TEXT NOT NULL, dimension_name_sv TEXT NOT NULL,"
           " dimension_name_en TEXT NOT NULL, dimension_aliases TEXT NOT NULL,"
           " component_code TEXT NOT NULL, component_name_sv TEXT NOT NULL,"
           " component_name_en TEXT NOT NULL, component_aliases TEXT NOT NULL,"
           " code TEXT NOT NULL, name_sv TEXT NOT NULL, name_en TEXT NOT NULL,"
           " unit TEXT NOT NULL, source TEXT NOT NULL,"
           " lower_is_better INTEGER NOT NULL,"
           " utopia {{double}} NOT NULL, dystopia {{double}} NOT NULL, weight {{double}},"
           " aliases TEXT NOT NULL,"
           " PRIMARY KEY (framework_id, position));"
           "CREATE TABLE progress_datasets ("
           " id {{id}},"
           " slug TEXT NOT NULL UNIQUE,"
           " framework_id BIGINT NOT NULL REFERENCES progress_frameworks(id),"
           " name_sv TEXT NOT NULL, name_en TEXT NOT NULL,"
           " description_sv TEXT NOT NULL, description_en TEXT NOT NULL,"
           " source TEXT NOT NULL,"
           " exponent_dimension {{double}} NOT NULL, exponent_index {{double}} NOT NULL,"
           " created_by BIGINT NOT NULL,"
           " created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);"
           "CREATE TABLE progress_regions ("
           " dataset_id BIGINT NOT NULL REFERENCES progress_datasets(id) ON DELETE CASCADE,"
           " position INTEGER NOT NULL,"
           " code TEXT NOT NULL, name TEXT NOT NULL, country TEXT NOT NULL,"
           " population {{double}},"
           " covariates TEXT NOT NULL,"
           " PRIMARY KEY (dataset_id, code));"
           "CREATE TABLE progress_observations ("
           " dataset_id BIGINT NOT NULL REFERENCES progress_datasets(id) ON DELETE CASCADE,"
           " region TEXT NOT NULL, indicator TEXT NOT NULL, year INTEGER NOT NULL,"
           " value {{double}} NOT NULL,"
           " PRIMARY KEY (dataset_id, region, indicator, year));"
           "CREATE TABLE progress_results ("
           " dataset_id BIGINT NOT NULL REFERENCES progress_datasets(id) ON DELETE CASCADE,"
           " year INTEGER NOT NULL, region TEXT NOT NULL,"
           " level TEXT NOT NULL, code TEXT NOT NULL,"
           " score {{double}},"
           " PRIMARY KEY (dataset_id, year, region, level, code));"
           "CREATE TABLE progress_result_notes ("
           " dataset_id BIGINT NOT NULL REFERENCES progress_datasets(id) ON DELETE CASCADE,"
           " year INTEGER NOT NULL, region TEXT NOT NULL, position INTEGER NOT NULL,"
           " level TEXT NOT NULL, code TEXT NOT NULL,"
           " message TEXT NOT NULL, args TEXT NOT NULL,"
           " PRIMARY KEY (dataset_id, year, region, position));"}};
}

Result<std::vector<FrameworkSummary>> SqlProgressRepository::ListFrameworks() {
  auto rows = tx_.Query(
      "SELECT f.id, f.code, f.name_sv, f.name_en, f.created_at,"
      " COUNT(DISTINCT i.dimension_code), COUNT(DISTINCT i.component_code), COUNT(i.code)"
      " FROM progress_frameworks f JOIN progress_framework_indicators i ON i.framework_id = f.id"
      " GROUP BY f.id, f.code, f.name_sv, f.name_en, f.created_at ORDER BY f.id");
  if (!rows.ok()) return std::move(rows).error();
  std::vector<FrameworkSummary> out;
  for (const Row& row : *rows) {
    out.push_back({row.Int(0),
                   row.Text(1),
                   {row.Text(2), row.Text(3)},
                   static_cast<int>(row.Int(5)),
                   static_cast<int>(row.Int(6)),
                   static_cast<int>(row.Int(7)),
                   row.Int(4)});
  }
  return out;
}

Result<std::optional<StoredFramework>> SqlProgressRepository::LoadFramework(const Row& head) {
  const int64_t id = head.Int(0);
  auto rows = tx_.Query(
      "SELECT dimension_code, dimension_name_sv, dimension_name_en, dimension_aliases,"
      " component_code, component_name_sv, component_name_en, component_aliases,"
      " code, name_sv, name_en, unit, source, lower_is_better, utopia, dystopia, weight, aliases"
      " FROM progress_framework_indicators WHERE framework_id = $1 ORDER BY position",
      {Param(id)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Dimension> dimensions;
  for (const Row& row : *rows) {
    if (dimensions.empty() || dimensions.back().code != row.Text(0)) {
      dimensions.push_back(
          {row.Text(0), {row.Text(1), row.Text(2)}, {}, AliasesFromJson(row.Text(3))});
    }
    auto& components = dimensions.back().components;
    if (components.empty() || components.back().code != row.Text(4)) {
      components.push_back(
          {row.Text(4), {row.Text(5), row.Text(6)}, {}, AliasesFromJson(row.Text(7))});
    }
    Indicator indicator;
    indicator.code = row.Text(8);
    indicator.name = {row.Text(9), row.Text(10)};
    indicator.unit = row.Text(11);
    indicator.source = row.Text(12);
    indicator.direction = row.Bool(13) ? Direction::kLowerIsBetter : Direction::kHigherIsBetter;
    indicator.utopia = row.Real(14);
    indicator.dystopia = row.Real(15);
    indicator.weight = OptReal(row, 16);
    indicator.aliases = AliasesFromJson(row.Text(17));
    components.back().indicators.push_back(std::move(indicator));
  }
  auto framework =
      Framework::Create(head.Text(1), {head.Text(2), head.Text(3)}, std::move(dimensions));
  if (!framework.ok()) {
    return Error::Internal("stored framework " + head.Text(1) +
                           " is not valid: " + framework.error().message());
  }
  return std::optional<StoredFramework>(
      StoredFramework{id, std::move(framework).value(), head.Int(4)});
}

Result<std::optional<StoredFramework>> SqlProgressRepository::FindFramework(std::string_view code) {
  auto head = tx_.QueryOne(
      "SELECT id, code, name_sv, name_en, created_at FROM progress_frameworks WHERE code = $1",
      {Param(code)});
  if (!head.ok()) return std::move(head).error();
  if (!head->has_value()) return std::optional<StoredFramework>();
  return LoadFramework(**head);
}

Result<std::optional<StoredFramework>> SqlProgressRepository::GetFramework(int64_t id) {
  auto head = tx_.QueryOne(
      "SELECT id, code, name_sv, name_en, created_at FROM progress_frameworks WHERE id = $1",
      {Param(id)});
  if (!head.ok()) return std::move(head).error();
  if (!head->has_value()) return std::optional<StoredFramework>();
  return LoadFramework(**head);
}

Result<int64_t> SqlProgressRepository::InsertFramework(const Framework& framework, int64_t user_id,
                                                       int64_t now_ms) {
  auto id = tx_.InsertReturningId(
      "INSERT INTO progress_frameworks (code, name_sv, name_en, created_by, created_at) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {Param(framework.code()), Param(framework.name().sv), Param(framework.name().en),
       Param(user_id), Param(now_ms)});
  if (!id.ok()) return id;
  std::vector<Value> values;
  for (size_t i = 0; i < framework.indicator_count(); ++i) {
    const Indicator& indicator = framework.indicator(i);
    const Component& component = framework.component(framework.ComponentOfIndicator(i));
    const Dimension& dimension =
        framework.dimension(framework.DimensionOfComponent(framework.ComponentOfIndicator(i)));
    for (Value v : {Param(*id),
                    Param(static_cast<int64_t>(i)),
                    Param(dimension.code),
                    Param(dimension.name.sv),
                    Param(dimension.name.en),
                    Param(AliasesJson(dimension.aliases)),
                    Param(component.code),
                    Param(component.name.sv),
                    Param(component.name.en),
                    Param(AliasesJson(component.aliases)),
                    Param(indicator.code),
                    Param(indicator.name.sv),
                    Param(indicator.name.en),
                    Param(indicator.unit),
                    Param(indicator.source),
                    Param(indicator.direction == Direction::kLowerIsBetter),
                    Param(indicator.utopia),
                    Param(indicator.dystopia),
                    OptionalDouble(indicator.weight),
                    Param(AliasesJson(indicator.aliases))}) {
      values.push_back(std::move(v));
    }
  }
  SAMVERKAN_RETURN_IF_ERROR(InsertBatched(
      tx_,
      "progress_framework_indicators (framework_id, position, dimension_code, dimension_name_sv,"
      " dimension_name_en, dimension_aliases, component_code, component_name_sv,"
      " component_name_en, component_aliases, code, name_sv, name_en, unit, source,"
      " lower_is_better, utopia, dystopia, weight, aliases)",
      20, values));
  json after = {{"code", framework.code()},
                {"indicators", framework.indicator_count()},
                {"components", framework.component_count()},
                {"dimensions", framework.dimension_count()}};
  SAMVERKAN_RETURN_IF_ERROR(
      platform::AppendAudit(tx_,
                            {user_id, "progress.framework.create", "progress_framework",
                             std::to_string(*id), "", after.dump()},
                            now_ms));
  return id;
}

Result<std::vector<DatasetInfo>> SqlProgressRepository::Datasets(std::string_view where,
                                                                 const std::vector<Value>& params) {
  auto rows = tx_.Query(
      "SELECT d.id, d.slug, d.framework_id, f.code, f.name_sv, f.name_en, d.name_sv, d.name_en,"
      " d.description_sv, d.description_en, d.source, d.exponent_dimension, d.exponent_index,"
      " d.created_at, d.updated_at,"
      " (SELECT COUNT(*) FROM progress_regions r WHERE r.dataset_id = d.id),"
      " (SELECT COUNT(*) FROM progress_observations o WHERE o.dataset_id = d.id)"
      " FROM progress_datasets d JOIN progress_frameworks f ON f.id = d.framework_id " +
          std::string(where) + " ORDER BY d.id",
      params);
  if (!rows.ok()) return std::move(rows).error();
  std::vector<DatasetInfo> out;
  for (const Row& row : *rows) {
    DatasetInfo info;
    info.id = row.Int(0);
    info.slug = row.Text(1);
    info.framework_id = row.Int(2);
    info.framework_code = row.Text(3);
    info.framework_name = {row.Text(4), row.Text(5)};
    info.name = {row.Text(6), row.Text(7)};
    info.description = {row.Text(8), row.Text(9)};
    info.source = row.Text(10);
    info.aggregation = {row.Real(11), row.Real(12)};
    info.created_at_ms = row.Int(13);
    info.updated_at_ms = row.Int(14);
    info.regions = static_cast<int>(row.Int(15));
    info.values = row.Int(16);
    auto years = tx_.Query(
        "SELECT DISTINCT year FROM progress_results WHERE dataset_id = $1 AND level = 'index' "
        "ORDER BY year",
        {Param(info.id)});
    if (!years.ok()) return std::move(years).error();
    for (const Row& y : *years) info.years.push_back(static_cast<int>(y.Int(0)));
    out.push_back(std::move(info));
  }
  return out;
}

Result<std::vector<DatasetInfo>> SqlProgressRepository::ListDatasets() { return Datasets("", {}); }

Result<std::optional<DatasetInfo>> SqlProgressRepository::FindDataset(std::string_view slug) {
  auto found = Datasets("WHERE d.slug = $1", {Param(slug)});
  if (!found.ok()) return std::move(found).error();
  if (found->empty()) return std::optional<DatasetInfo>();
  return std::optional<DatasetInfo>(std::move(found->front()));
}

Result<int64_t> SqlProgressRepository::InsertDataset(const DatasetDraft& draft,
                                                     int64_t framework_id, int64_t user_id,
                                                     int64_t now_ms) {
  auto id = tx_.InsertReturningId(
      "INSERT INTO progress_datasets (slug, framework_id, name_sv, name_en, description_sv,"
      " description_en, source, exponent_dimension, exponent_index, created_by, created_at,"
      " updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
      {Param(draft.slug), Param(framework_id), Param(draft.name.sv), Param(draft.name.en),
       Param(draft.description.sv), Param(draft.description.en), Param(draft.source),
       Param(draft.aggregation.dimension_exponent), Param(draft.aggregation.index_exponent),
       Param(user_id), Param(now_ms)});
  if (!id.ok()) return id;
  json after = {{"slug", draft.slug}, {"framework_id", framework_id}};
  SAMVERKAN_RETURN_IF_ERROR(
      platform::AppendAudit(tx_,
                            {user_id, "progress.dataset.create", "progress_dataset",
                             std::to_string(*id), "", after.dump()},
                            now_ms));
  return id;
}

Status SqlProgressRepository::ReplaceData(int64_t dataset_id, const Framework& framework,
                                          const Dataset& data,
                                          const std::vector<YearScores>& results, int64_t user_id,
                                          int64_t now_ms) {
  auto before = tx_.QueryOne("SELECT COUNT(*) FROM progress_observations WHERE dataset_id = $1",
                             {Param(dataset_id)});
  if (!before.ok()) return std::move(before).error();
  const int64_t values_before = before->has_value() ? (*before)->Int(0) : 0;
  for (const char* table : {"DELETE FROM progress_result_notes WHERE dataset_id = $1",
                            "DELETE FROM progress_results WHERE dataset_id = $1",
                            "DELETE FROM progress_observations WHERE dataset_id = $1",
                            "DELETE FROM progress_regions WHERE dataset_id = $1"}) {
    auto deleted = tx_.Execute(table, {Param(dataset_id)});
    if (!deleted.ok()) return std::move(deleted).error();
  }

  std::vector<Value> values;
  for (size_t r = 0; r < data.regions().size(); ++r) {
    const RegionInfo& info = data.region(r);
    json covariates = json::object();
    for (const auto& [name, value] : info.covariates) covariates[name] = value;
    for (Value v : {Param(dataset_id), Param(static_cast<int64_t>(r)), Param(info.code),
                    Param(info.name), Param(info.country), OptionalDouble(info.population),
                    Param(covariates.dump(-1, ' ', false, json::error_handler_t::replace))}) {
      values.push_back(std::move(v));
    }
  }
  SAMVERKAN_RETURN_IF_ERROR(InsertBatched(
      tx_, "progress_regions (dataset_id, position, code, name, country, population, covariates)",
      7, values));

  values.clear();
  for (int year : data.Years()) {
    for (size_t r = 0; r < data.regions().size(); ++r) {
      std::span<const double> row = data.Row(r, year);
      for (size_t i = 0; i < row.size(); ++i) {
        std::optional<double> value = data.Get(r, i, year);
        if (!value) continue;
        for (Value v : {Param(dataset_id), Param(data.region(r).code),
                        Param(framework.indicator(i).code), Param(year), Param(*value)}) {
          values.push_back(std::move(v));
        }
      }
    }
  }
  const size_t observation_count = values.size() / 5;
  SAMVERKAN_RETURN_IF_ERROR(InsertBatched(
      tx_, "progress_observations (dataset_id, region, indicator, year, value)", 5, values));

  values.clear();
  std::vector<Value> notes;
  for (const YearScores& year : results) {
    for (const RegionScores& scores : year.regions) {
      const std::string& region = data.region(scores.region).code;
      auto add = [&](ScoreLevel level, const std::string& code,
                     const std::optional<double>& score) {
        for (Value v : {Param(dataset_id), Param(year.year), Param(region), Param(LevelName(level)),
                        Param(code), OptionalDouble(score)}) {
          values.push_back(std::move(v));
        }
      };
      add(ScoreLevel::kIndex, "", scores.index);
      for (size_t d = 0; d < scores.dimensions.size(); ++d) {
        add(ScoreLevel::kDimension, framework.dimension(d).code, scores.dimensions[d]);
      }
      for (size_t c = 0; c < scores.components.size(); ++c) {
        add(ScoreLevel::kComponent, framework.component(c).code, scores.components[c]);
      }
      for (size_t n = 0; n < scores.notes.size(); ++n) {
        const ScoreNote& note = scores.notes[n];
        for (Value v : {Param(dataset_id), Param(year.year), Param(region),
                        Param(static_cast<int64_t>(n)), Param(LevelName(note.level)),
                        Param(note.code), Param(note.message), Param(ArgsJson(note.args))}) {
          notes.push_back(std::move(v));
        }
      }
    }
  }
  SAMVERKAN_RETURN_IF_ERROR(InsertBatched(
      tx_, "progress_results (dataset_id, year, region, level, code, score)", 6, values));
  SAMVERKAN_RETURN_IF_ERROR(InsertBatched(
      tx_, "progress_result_notes (dataset_id, year, region, position, level, code, message, args)",
      8, notes));

  auto touched = tx_.Execute("UPDATE progress_datasets SET updated_at = $2 WHERE id = $1",
                             {Param(dataset_id), Param(now_ms)});
  if (!touched.ok()) return std::move(touched).error();
  if (*touched != 1) return Error::NotFound("There is no such dataset.");

  json after = {
      {"values", observation_count}, {"regions", data.regions().size()}, {"years", data.Years()}};
  return platform::AppendAudit(
      tx_,
      {user_id, "progress.dataset.data", "progress_dataset", std::to_string(dataset_id),
       json{{"values", values_before}}.dump(), after.dump()},
      now_ms);
}

Result<Dataset> SqlProgressRepository::LoadData(int64_t dataset_id, const Framework& framework) {
  auto regions = LoadRegions(tx_, dataset_id);
  if (!regions.ok()) return std::move(regions).error();
  Dataset data(framework.indicator_count());
  for (RegionInfo& info : *regions) {
    size_t r = data.AddRegion(info.code);
    data.region(r) = std::move(info);
  }
  auto rows = tx_.Query(
      "SELECT region, indicator, year, value FROM progress_observations WHERE dataset_id = $1",
      {Param(dataset_id)});
  if (!rows.ok()) return std::move(rows).error();
  const auto positions = IndicatorPositions(framework);
  for (const Row& row : *rows) {
    auto indicator = positions.find(row.Text(1));
    if (indicator == positions.end()) continue;
    size_t region = data.AddRegion(row.Text(0));
    data.Set(region, indicator->second, static_cast<int>(row.Int(2)), row.Real(3));
  }
  return data;
}

Result<StoredResults> SqlProgressRepository::LoadResults(int64_t dataset_id, int year,
                                                         const Framework& framework) {
  auto regions = LoadRegions(tx_, dataset_id);
  if (!regions.ok()) return std::move(regions).error();
  StoredResults out;
  out.regions = std::move(regions).value();
  out.year.year = year;
  std::unordered_map<std::string, size_t> region_positions;
  for (size_t r = 0; r < out.regions.size(); ++r) region_positions[out.regions[r].code] = r;

  auto rows = tx_.Query(
      "SELECT region, level, code, score FROM progress_results WHERE dataset_id = $1 AND year = $2",
      {Param(dataset_id), Param(year)});
  if (!rows.ok()) return std::move(rows).error();
  const auto components = ComponentPositions(framework);
  const auto dimensions = DimensionPositions(framework);
  // Region position -> its scores, in region order.
  std::map<size_t, RegionScores> by_region;
  for (const Row& row : *rows) {
    auto region = region_positions.find(row.Text(0));
    if (region == region_positions.end()) continue;
    auto [it, inserted] = by_region.try_emplace(region->second);
    RegionScores& scores = it->second;
    if (inserted) {
      scores.region = region->second;
      scores.region_code = row.Text(0);
      scores.year = year;
      scores.components.assign(framework.component_count(), std::nullopt);
      scores.dimensions.assign(framework.dimension_count(), std::nullopt);
    }
    std::optional<ScoreLevel> level = ParseLevel(row.Text(1));
    std::optional<double> score = OptReal(row, 3);
    if (level == ScoreLevel::kIndex) {
      scores.index = score;
    } else if (level == ScoreLevel::kDimension) {
      if (auto d = dimensions.find(row.Text(2)); d != dimensions.end()) {
        scores.dimensions[d->second] = score;
      }
    } else if (level == ScoreLevel::kComponent) {
      if (auto c = components.find(row.Text(2)); c != components.end()) {
        scores.components[c->second] = score;
      }
    }
  }
  auto notes = tx_.Query(
      "SELECT region, level, code, message, args FROM progress_result_notes"
      " WHERE dataset_id = $1 AND year = $2 ORDER BY region, position",
      {Param(dataset_id), Param(year)});
  if (!notes.ok()) return std::move(notes).error();
  for (const Row& row : *notes) {
    auto region = region_positions.find(row.Text(0));
    if (region == region_positions.end()) continue;
    auto scores = by_region.find(region->second);
    if (scores == by_region.end()) continue;
    scores->second.notes.push_back({ParseLevel(row.Text(1)).value_or(ScoreLevel::kIndex),
                                    row.Text(2), row.Text(3), ArgsFromJson(row.Text(4))});
  }
  for (auto& [position, scores] : by_region) out.year.regions.push_back(std::move(scores));
  return out;
}

}  // namespace samverkan::progress
