#include "modules/progress/domain/column_lookup.h"

#include <string>

#include "modules/progress/domain/framework.h"

namespace samverkan::progress {

int FindColumn(const CsvTable& table, std::span<const std::string_view> names) {
  for (std::string_view name : names) {
    const std::string wanted = NameMatchKey(name);
    for (size_t col = 0; col < table.header().size(); ++col) {
      if (NameMatchKey(table.header()[col]) == wanted) return static_cast<int>(col);
    }
  }
  return -1;
}

char DetectDelimiter(std::string_view text) {
  std::string_view first_line = text.substr(0, text.find('\n'));
  size_t commas = 0, semicolons = 0, tabs = 0;
  for (char c : first_line) {
    commas += c == ',';
    semicolons += c == ';';
    tabs += c == '\t';
  }
  if (semicolons > commas && semicolons >= tabs) return ';';
  if (tabs > commas) return '\t';
  return ',';
}

}  // namespace samverkan::progress
