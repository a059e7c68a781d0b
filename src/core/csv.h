// CSV (RFC 4180, UTF-8) reading and writing over libcsv. Used for reference data, imports
// and downloads; pure: it works on strings, not files.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverkan {

struct CsvRow {
  int line = 0;  // 1-based line in the input where the row starts, for error reports
  std::vector<std::string> fields;
};

// Parses the whole text. A leading UTF-8 byte-order mark is dropped; quoted fields may hold
// commas, quotes and line breaks. Malformed quoting is an InvalidArgument naming the line.
Result<std::vector<CsvRow>> ParseCsv(std::string_view text, char delimiter = ',');

// A table with a header row, looked up by column name.
class CsvTable {
 public:
  static Result<CsvTable> Parse(std::string_view text, char delimiter = ',');

  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  // Column index by name, or -1.
  int Column(std::string_view name) const;
  // The field of `row` under column `name`; empty when the column or the field is missing.
  const std::string& Get(const CsvRow& row, std::string_view name) const;

 private:
  std::vector<std::string> header_;
  std::vector<CsvRow> rows_;
};

// Appends one CSV record (quoted where needed, CRLF-terminated as RFC 4180 says).
void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields);

}  // namespace samverkan
