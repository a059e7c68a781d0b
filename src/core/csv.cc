#include "core/csv.h"

#include <csv.h>

#include <algorithm>
#include <cctype>

namespace samverkan {
namespace {

struct ParseState {
  std::vector<CsvRow> rows;
  CsvRow current;
  int record_start = 1;  // the line the open record started on
};

// libcsv's state before the first character of a record (libcsv.c's ROW_NOT_BEGUN); blank
// lines leave it there, so a record starts on the first line fed while the parser is in it.
constexpr int kRowNotBegun = 0;

// The end of the line that starts at `pos`: after an LF, a CRLF or a bare CR (libcsv ends a
// record at each of them).
size_t LineEnd(std::string_view text, size_t pos) {
  size_t end = text.find_first_of("\r\n", pos);
  if (end == std::string_view::npos) return text.size();
  if (text[end] == '\r' && end + 1 < text.size() && text[end + 1] == '\n') ++end;
  return end + 1;
}

void OnField(void* data, size_t len, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  state->current.fields.emplace_back(static_cast<const char*>(data), len);
}

void OnRecord(int /*terminator*/, void* state_ptr) {
  auto* state = static_cast<ParseState*>(state_ptr);
  state->current.line = state->record_start;
  state->rows.push_back(std::move(state->current));
  state->current = CsvRow{};
}

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

Result<std::vector<CsvRow>> ParseCsv(std::string_view text, char delimiter) {
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);
  csv_parser parser;
  if (csv_init(&parser, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL) != 0) {
    return Error::Internal("csv_init failed");
  }
  csv_set_delim(&parser, static_cast<unsigned char>(delimiter));
  ParseState state;
  // Feed line by line so that every record knows the line it started on.
  bool failed = false;
  size_t pos = 0;
  for (int line = 1; pos < text.size(); ++line) {
    size_t end = LineEnd(text, pos);
    if (parser.pstate == kRowNotBegun) state.record_start = line;
    if (csv_parse(&parser, text.data() + pos, end - pos, OnField, OnRecord, &state) != end - pos) {
      failed = true;
      break;
    }
    pos = end;
  }
  if (!failed) failed = csv_fini(&parser, OnField, OnRecord, &state) != 0;
  int failed_line = state.record_start;
  csv_free(&parser);
  if (failed) {
    return Error::InvalidField("file", "Malformed CSV (check the quotes) at line {{line}}.",
                               {{"line", std::to_string(failed_line)}});
  }
  return std::move(state.rows);
}

Result<CsvTable> CsvTable::Parse(std::string_view text, char delimiter) {
  auto rows = ParseCsv(text, delimiter);
  if (!rows.ok()) return std::move(rows).error();
  CsvTable table;
  if (rows->empty()) {
    return Error::InvalidField("file", "The CSV file is empty: a header row is required.");
  }
  table.header_ = std::move(rows->front().fields);
  for (auto& name : table.header_) {
    while (!name.empty() && (name.back() == ' ' || name.back() == '\r')) name.pop_back();
  }
  table.rows_.assign(std::make_move_iterator(rows->begin() + 1),
                     std::make_move_iterator(rows->end()));
  return table;
}

int CsvTable::Column(std::string_view name) const {
  auto it = std::find(header_.begin(), header_.end(), name);
  return it == header_.end() ? -1 : static_cast<int>(it - header_.begin());
}

const std::string& CsvTable::Get(const CsvRow& row, std::string_view name) const {
  static const std::string kEmpty;
  int col = Column(name);
  if (col < 0 || static_cast<size_t>(col) >= row.fields.size()) return kEmpty;
  return row.fields[col];
}

void AppendCsvRecord(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    const std::string& f = fields[i];
    // libcsv drops blanks around an unquoted field, so a field that starts or ends with one
    // is quoted to keep them.
    bool quote = f.find_first_of(",\"\r\n") != std::string::npos ||
                 (!f.empty() && (IsBlank(f.front()) || IsBlank(f.back())));
    // A leading = + - @ would be run as a formula by spreadsheet programs: quote and prefix.
    bool formula = !f.empty() && (f[0] == '=' || f[0] == '@' ||
                                  ((f[0] == '+' || f[0] == '-') &&
                                   (f.size() == 1 || !(std::isdigit(static_cast<unsigned char>(f[1])) || f[1] == '.'))));
    if (!quote && !formula) {
      out += f;
      continue;
    }
    out += '"';
    if (formula) out += '\'';
    for (char c : f) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

}  // namespace samverkan
