// Reference data shared by every module: UN SDGs, Swedish counties (with NUTS codes) and
// municipalities, sectors, target groups and collaboration forms. Built from the CSV files in
// data/reference/ (see data/README.md for their sources); immutable once built, so it can be
// read from any thread.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace samverkan {

struct CodeName {
  std::string code;
  LocalizedText name;
};

struct Sdg {
  int goal = 0;
  LocalizedText name;
};

struct County {
  std::string code;  // two digits, SCB
  std::string name;  // official Swedish name, the same in both languages
  std::string nuts2;
  std::string nuts2_name;
  std::string nuts3;
};

struct Municipality {
  std::string code;  // four digits, SCB; the first two are the county
  std::string name;
  std::string county_code;
};

class ReferenceData {
 public:
  // The CSV texts, keyed by file name: sdg-goals.csv, se-counties.csv, se-municipalities.csv,
  // sectors.csv, target-groups.csv, collaboration-forms.csv. A missing file or column is an
  // InvalidArgument naming it.
  static Result<ReferenceData> FromCsv(const std::map<std::string, std::string>& files);

  const std::vector<Sdg>& sdgs() const { return sdgs_; }
  const std::vector<County>& counties() const { return counties_; }
  const std::vector<Municipality>& municipalities() const { return municipalities_; }
  const std::vector<CodeName>& sectors() const { return sectors_; }
  const std::vector<CodeName>& target_groups() const { return target_groups_; }
  const std::vector<CodeName>& collaboration_forms() const { return collaboration_forms_; }

  const Sdg* FindSdg(int goal) const;
  const County* FindCounty(const std::string& code) const;
  const Municipality* FindMunicipality(const std::string& code) const;
  const CodeName* FindSector(const std::string& code) const;
  const CodeName* FindTargetGroup(const std::string& code) const;
  const CodeName* FindCollaborationForm(const std::string& code) const;

 private:
  std::vector<Sdg> sdgs_;
  std::vector<County> counties_;
  std::vector<Municipality> municipalities_;
  std::vector<CodeName> sectors_;
  std::vector<CodeName> target_groups_;
  std::vector<CodeName> collaboration_forms_;
  std::map<std::string, size_t> county_index_;
  std::map<std::string, size_t> municipality_index_;
};

}  // namespace samverkan
