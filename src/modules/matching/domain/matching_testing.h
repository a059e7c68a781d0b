// Reference data and lexicon for the matching tests: the shipped files, read once.
#pragma once

#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "core/reference.h"
#include "modules/matching/domain/lexicon.h"

namespace samverkan::matching::testing {

inline std::string ReadTestFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

inline const ReferenceData& TestReference() {
  static const ReferenceData ref = [] {
    std::map<std::string, std::string> files;
    for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                             "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
      files[name] = ReadTestFile(std::string(SAMVERKAN_DATA_DIR) + "/reference/" + name);
    }
    return ReferenceData::FromCsv(files).value();
  }();
  return ref;
}

inline const Lexicon& TestLexicon() {
  static const Lexicon lexicon =
      Lexicon::FromCsv(ReadTestFile(std::string(SAMVERKAN_DATA_DIR) + "/matching/lexicon.csv"))
          .value();
  return lexicon;
}

}  // namespace samverkan::matching::testing
