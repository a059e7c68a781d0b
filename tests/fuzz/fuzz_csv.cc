// CSV (src/core/csv.h): ParseCsv with the delimiters imports use, CsvTable::Parse, and
// AppendCsvRecord (what downloads are written with) read back by ParseCsv.
//
// Properties:
//  * rows come in input order with line numbers from 1 that go up, and never past the last
//    line of the input (lines end at CRLF, LF or CR, as records do); an error names a line;
//  * a table's header names have no trailing space or CR, and Column/Get agree with them;
//  * writing the parsed records with AppendCsvRecord and parsing that gives the same fields
//    back, except that a field a spreadsheet would run as a formula comes back with the
//    documented "'" in front. Records that CSV cannot tell from a blank line (no fields, or
//    one empty field) are left out.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/csv.h"
#include "fuzz_check.h"

namespace {

using samverkan::fuzz::Quote;

std::string Describe(const std::vector<std::vector<std::string>>& records) {
  std::string out;
  for (const auto& fields : records) {
    out += "  [";
    for (size_t i = 0; i < fields.size(); ++i) out += (i ? ", " : "") + Quote(fields[i]);
    out += "]\n";
  }
  return out;
}

// AppendCsvRecord's rule (src/core/csv.cc): = and @ always; + and - unless a number follows.
bool LooksLikeFormula(const std::string& f) {
  if (f.empty()) return false;
  if (f[0] == '=' || f[0] == '@') return true;
  if (f[0] != '+' && f[0] != '-') return false;
  return f.size() == 1 || !((f[1] >= '0' && f[1] <= '9') || f[1] == '.');
}

int CountLines(std::string_view text) {
  int lines = 1;
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '\n' || (text[i] == '\r' && (i + 1 == text.size() || text[i + 1] != '\n'))) {
      ++lines;
    }
  }
  return lines;
}

void CheckRows(std::string_view text, const std::vector<samverkan::CsvRow>& rows) {
  int lines = CountLines(text);
  int last = 0;
  for (const auto& row : rows) {
    FUZZ_CHECK(row.line > last && row.line <= lines,
                     "row at line " + std::to_string(row.line) + " after a row at line " +
                         std::to_string(last) + ", of " + std::to_string(lines) + " lines");
    last = row.line;
  }
}

void CheckTable(std::string_view text, char delimiter) {
  auto table = samverkan::CsvTable::Parse(text, delimiter);
  if (!table.ok()) return;
  const auto& header = table->header();
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string& name = header[i];
    FUZZ_CHECK(name.empty() || (name.back() != ' ' && name.back() != '\r'), Quote(name));
    int column = table->Column(name);
    FUZZ_CHECK(column >= 0 && static_cast<size_t>(column) <= i && header[column] == name,
               Quote(name));
    for (const auto& row : table->rows()) {
      const std::string& value = table->Get(row, name);
      if (static_cast<size_t>(column) < row.fields.size()) {
        FUZZ_CHECK(&value == &row.fields[column], Quote(name));
      } else {
        FUZZ_CHECK(value.empty(), Quote(name));
      }
    }
  }
  const std::string kMissing = "\x01 no such column";
  if (table->Column(kMissing) < 0) {
    for (const auto& row : table->rows()) FUZZ_CHECK(table->Get(row, kMissing).empty(), "");
  }
}

void CheckWriteAndRead(const std::vector<samverkan::CsvRow>& rows) {
  std::vector<std::vector<std::string>> records;
  for (const auto& row : rows) {
    if (row.fields.empty() || (row.fields.size() == 1 && row.fields[0].empty())) continue;
    records.push_back(row.fields);
  }
  // ParseCsv drops a byte-order mark at the start of the text; what the project writes starts
  // with a header row of fixed names, never with one.
  if (!records.empty() && records[0][0].rfind("\xEF\xBB\xBF", 0) == 0) return;
  std::string written;
  for (const auto& fields : records) samverkan::AppendCsvRecord(written, fields);
  auto read = samverkan::ParseCsv(written);
  FUZZ_CHECK(read.ok(), "AppendCsvRecord wrote what ParseCsv refuses:\n" + Describe(records) +
                            "as " + Quote(written));
  std::vector<std::vector<std::string>> expected;
  for (const auto& fields : records) {
    std::vector<std::string> exact;
    for (const auto& f : fields) exact.push_back(LooksLikeFormula(f) ? "'" + f : f);
    expected.push_back(std::move(exact));
  }
  std::vector<std::vector<std::string>> got;
  for (const auto& row : *read) got.push_back(row.fields);
  FUZZ_CHECK(got == expected, "wrote\n" + Describe(records) + "as " + Quote(written) +
                                  "\nand read back\n" + Describe(got));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  for (char delimiter : {',', ';', '\t'}) {
    auto rows = samverkan::ParseCsv(text, delimiter);
    if (!rows.ok()) {
      const auto& fields = rows.error().fields();
      FUZZ_CHECK(fields.size() == 1 && fields[0].args.count("line") == 1, "");
      continue;
    }
    CheckRows(text, *rows);
    if (delimiter == ',') CheckWriteAndRead(*rows);
    CheckTable(text, delimiter);
  }
  return 0;
}
