#include "core/reference.h"

#include <algorithm>

#include "core/csv.h"

namespace samverkan {
namespace {

Result<CsvTable> Table(const std::map<std::string, std::string>& files, const std::string& name,
                       const std::vector<std::string>& columns) {
  auto it = files.find(name);
  if (it == files.end()) {
    return Error::InvalidField(name, "Reference file {{file}} is missing.", {{"file", name}});
  }
  auto table = CsvTable::Parse(it->second);
  if (!table.ok()) return std::move(table).error();
  for (const auto& column : columns) {
    if (table->Column(column) < 0) {
      return Error::InvalidField(name, "Reference file {{file}} lacks the column {{column}}.",
                                 {{"file", name}, {"column", column}});
    }
  }
  return table;
}

Result<std::vector<CodeName>> CodeNames(const std::map<std::string, std::string>& files,
                                        const std::string& name) {
  auto table = Table(files, name, {"code", "name_en", "name_sv"});
  if (!table.ok()) return std::move(table).error();
  std::vector<CodeName> out;
  for (const auto& row : table->rows()) {
    out.push_back({table->Get(row, "code"),
                   LocalizedText{table->Get(row, "name_sv"), table->Get(row, "name_en")}});
  }
  return out;
}

template <typename T>
const T* FindByCode(const std::vector<T>& items, const std::string& code) {
  auto it = std::find_if(items.begin(), items.end(), [&](const T& x) { return x.code == code; });
  return it == items.end() ? nullptr : &*it;
}

}  // namespace

Result<ReferenceData> ReferenceData::FromCsv(const std::map<std::string, std::string>& files) {
  ReferenceData data;
  auto sdgs = Table(files, "sdg-goals.csv", {"goal", "name_en", "name_sv"});
  if (!sdgs.ok()) return std::move(sdgs).error();
  for (const auto& row : sdgs->rows()) {
    data.sdgs_.push_back({std::stoi(sdgs->Get(row, "goal")),
                          LocalizedText{sdgs->Get(row, "name_sv"), sdgs->Get(row, "name_en")}});
  }
  auto counties = Table(files, "se-counties.csv", {"code", "name", "nuts2", "nuts2_name", "nuts3"});
  if (!counties.ok()) return std::move(counties).error();
  for (const auto& row : counties->rows()) {
    data.county_index_[counties->Get(row, "code")] = data.counties_.size();
    data.counties_.push_back({counties->Get(row, "code"), counties->Get(row, "name"),
                              counties->Get(row, "nuts2"), counties->Get(row, "nuts2_name"),
                              counties->Get(row, "nuts3")});
  }
  auto municipalities = Table(files, "se-municipalities.csv", {"code", "name", "county_code"});
  if (!municipalities.ok()) return std::move(municipalities).error();
  for (const auto& row : municipalities->rows()) {
    data.municipality_index_[municipalities->Get(row, "code")] = data.municipalities_.size();
    data.municipalities_.push_back({municipalities->Get(row, "code"),
                                    municipalities->Get(row, "name"),
                                    municipalities->Get(row, "county_code")});
  }
  for (auto [file, target] :
       {std::pair{"sectors.csv", &data.sectors_}, std::pair{"target-groups.csv", &data.target_groups_},
        std::pair{"collaboration-forms.csv", &data.collaboration_forms_}}) {
    auto list = CodeNames(files, file);
    if (!list.ok()) return std::move(list).error();
    *target = std::move(list).value();
  }
  return data;
}

const Sdg* ReferenceData::FindSdg(int goal) const {
  auto it = std::find_if(sdgs_.begin(), sdgs_.end(), [&](const Sdg& s) { return s.goal == goal; });
  return it == sdgs_.end() ? nullptr : &*it;
}

const County* ReferenceData::FindCounty(const std::string& code) const {
  auto it = county_index_.find(code);
  return it == county_index_.end() ? nullptr : &counties_[it->second];
}

const Municipality* ReferenceData::FindMunicipality(const std::string& code) const {
  auto it = municipality_index_.find(code);
  return it == municipality_index_.end() ? nullptr : &municipalities_[it->second];
}

const CodeName* ReferenceData::FindSector(const std::string& code) const {
  return FindByCode(sectors_, code);
}
const CodeName* ReferenceData::FindTargetGroup(const std::string& code) const {
  return FindByCode(target_groups_, code);
}
const CodeName* ReferenceData::FindCollaborationForm(const std::string& code) const {
  return FindByCode(collaboration_forms_, code);
}

}  // namespace samverkan
