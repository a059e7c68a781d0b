#include "modules/actors/csv/actor_csv.h"

#include <charconv>

#include "core/csv.h"
#include <cctype>

namespace samverkan::actors {
namespace {

constexpr char kListSeparator = '|';
constexpr char kCertificationSeparator = ';';

std::vector<std::string> SplitOn(std::string_view text, char separator) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.emplace_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return parts;
}

std::string Trimmed(std::string_view text) {
  size_t start = text.find_first_not_of(" \t");
  if (start == std::string_view::npos) return "";
  size_t end = text.find_last_not_of(" \t");
  return std::string(text.substr(start, end - start + 1));
}

// Items of a list cell, trimmed, empty ones left out ("3| 8 |" is 3 and 8).
std::vector<std::string> ListItems(std::string_view cell) {
  std::vector<std::string> items;
  if (Trimmed(cell).empty()) return items;
  for (const auto& part : SplitOn(cell, kListSeparator)) {
    std::string item = Trimmed(part);
    if (!item.empty()) items.push_back(std::move(item));
  }
  return items;
}

std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) out += kListSeparator;
    out += items[i];
  }
  return out;
}

// AppendCsvRecord writes a cell that a spreadsheet would run as a formula with a "'" in front
// (a Markdown list item "- …" is one); reading takes it off again.
std::string Undefused(std::string cell) {
  if (cell.size() >= 2 && cell[0] == '\'' &&
      (cell[1] == '=' || cell[1] == '+' || cell[1] == '-' || cell[1] == '@')) {
    cell.erase(0, 1);
  }
  return cell;
}

// Reads the cells of one row into a profile, collecting one error per bad cell.
class RowReader {
 public:
  RowReader(const CsvTable& table, const CsvRow& row) : table_(table), row_(row) {}

  std::string Text(std::string_view column) const {
    return Undefused(table_.Get(row_, column));
  }

  bool Flag(std::string_view column) {
    std::string value = Trimmed(Text(column));
    for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (value.empty() || value == "false" || value == "0" || value == "no" || value == "nej") {
      return false;
    }
    if (value == "true" || value == "1" || value == "yes" || value == "ja") return true;
    Fail(column, N_("Must be true or false (ja or nej)."));
    return false;
  }

  std::optional<int> Integer(std::string_view column) {
    std::string value = Trimmed(Text(column));
    if (value.empty()) return std::nullopt;
    int parsed = 0;
    auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
    if (ec != std::errc() || end != value.data() + value.size()) {
      Fail(column, N_("Must be a whole number."));
      return std::nullopt;
    }
    return parsed;
  }

  std::vector<int> Integers(std::string_view column) {
    std::vector<int> numbers;
    for (const auto& item : ListItems(Text(column))) {
      int parsed = 0;
      auto [end, ec] = std::from_chars(item.data(), item.data() + item.size(), parsed);
      if (ec != std::errc() || end != item.data() + item.size()) {
        Fail(column, N_("Must be whole numbers separated by |."));
        return {};
      }
      numbers.push_back(parsed);
    }
    return numbers;
  }

  std::vector<Certification> Certifications(std::string_view column) {
    std::vector<Certification> certifications;
    for (const auto& item : ListItems(Text(column))) {
      auto parts = SplitOn(item, kCertificationSeparator);
      if (parts.size() > 3) {
        Fail(column, N_("A certification is name;issuer;valid until, separated by |."));
        return {};
      }
      parts.resize(3);
      certifications.push_back({Trimmed(parts[0]), Trimmed(parts[1]), Trimmed(parts[2])});
    }
    return certifications;
  }

  void Fail(std::string_view column, std::string message) {
    errors_.push_back(FieldError{std::string(column), std::move(message), {}});
  }
  std::vector<FieldError>& errors() { return errors_; }

 private:
  const CsvTable& table_;
  const CsvRow& row_;
  std::vector<FieldError> errors_;
};

Result<ActorProfile> ProfileFromRow(const CsvTable& table, const CsvRow& row) {
  RowReader r(table, row);
  ActorProfile p;
  std::string language = Trimmed(r.Text("language"));
  if (!language.empty()) {
    if (auto parsed = ParseLanguage(language)) {
      p.language = *parsed;
    } else {
      r.Fail("language", N_("The language is sv or en."));
    }
  }
  auto localized = [&](const std::string& field) {
    return LocalizedText{r.Text(field + "_sv"), r.Text(field + "_en")};
  };
  p.external_id = Trimmed(r.Text("external_id"));
  p.name = localized("name");
  p.summary = localized("summary");
  p.description = localized("description");
  p.offers = localized("offers");
  p.seeks = localized("seeks");
  p.sector = Trimmed(r.Text("sector"));
  p.social_enterprise = r.Flag("social_enterprise");
  p.wise = r.Flag("wise");
  p.municipality = Trimmed(r.Text("municipality"));
  p.regions = ListItems(r.Text("regions"));
  p.org_number = Trimmed(r.Text("org_number"));
  p.sdgs = r.Integers("sdgs");
  p.target_groups = ListItems(r.Text("target_groups"));
  p.certifications = r.Certifications("certifications");
  p.website = Trimmed(r.Text("website"));
  p.founded = r.Integer("founded");
  p.size_band = Trimmed(r.Text("size_band"));
  p.alliance_member = r.Flag("alliance_member");
  p.member_since = Trimmed(r.Text("member_since"));
  p.partners = ListItems(r.Text("partners"));
  if (!r.errors().empty()) return Error::Invalid(std::move(r.errors()));
  return p;
}

// Swedish spreadsheet programs separate fields with ";": whichever of the two the header row
// has more of (outside quotes) is the delimiter.
char DetectDelimiter(std::string_view text) {
  int commas = 0, semicolons = 0;
  bool quoted = false;
  for (char c : text) {
    if (c == '"') quoted = !quoted;
    if (quoted) continue;
    if (c == '\n' || c == '\r') break;
    if (c == ',') ++commas;
    if (c == ';') ++semicolons;
  }
  return semicolons > commas ? ';' : ',';
}

}  // namespace

const std::vector<std::string>& ActorCsvColumns() {
  static const std::vector<std::string> columns = {
      "external_id",    "language",     "name_sv",        "name_en",           "sector",
      "social_enterprise", "wise",      "municipality",   "regions",           "org_number",
      "sdgs",           "target_groups", "summary_sv",    "summary_en",        "description_sv",
      "description_en", "offers_sv",    "offers_en",      "seeks_sv",          "seeks_en",
      "website",        "founded",      "size_band",      "certifications",    "alliance_member",
      "member_since",   "partners"};
  return columns;
}

Result<std::vector<ImportRow>> ReadActorCsv(std::string_view text) {
  auto table = CsvTable::Parse(text, DetectDelimiter(text));
  if (!table.ok()) return std::move(table).error();
  bool has_name = table->Column("name_sv") >= 0 || table->Column("name_en") >= 0;
  if (!has_name || table->Column("sector") < 0) {
    return Error::InvalidField(
        "file", N_("The header row must name the columns, with at least name_sv or name_en and sector."));
  }
  std::vector<ImportRow> rows;
  for (const CsvRow& row : table->rows()) {
    // A blank line between records is no record.
    bool blank = true;
    for (const auto& field : row.fields) blank = blank && Trimmed(field).empty();
    if (blank) continue;
    rows.push_back({row.line, ProfileFromRow(*table, row)});
  }
  return rows;
}

std::string ActorCsvHeader() {
  std::string out = "\xEF\xBB\xBF";
  AppendCsvRecord(out, ActorCsvColumns());
  return out;
}

void AppendActorCsv(std::string& out, const ActorProfile& p) {
  std::vector<std::string> sdgs, certifications;
  for (int goal : p.sdgs) sdgs.push_back(std::to_string(goal));
  for (const auto& c : p.certifications) {
    certifications.push_back(c.name + kCertificationSeparator + c.issuer +
                             kCertificationSeparator + c.valid_until);
  }
  AppendCsvRecord(out, {p.external_id,
                        std::string(LanguageCode(p.language)),
                        p.name.sv,
                        p.name.en,
                        p.sector,
                        p.social_enterprise ? "true" : "false",
                        p.wise ? "true" : "false",
                        p.municipality,
                        JoinList(p.regions),
                        p.org_number,
                        JoinList(sdgs),
                        JoinList(p.target_groups),
                        p.summary.sv,
                        p.summary.en,
                        p.description.sv,
                        p.description.en,
                        p.offers.sv,
                        p.offers.en,
                        p.seeks.sv,
                        p.seeks.en,
                        p.website,
                        p.founded ? std::to_string(*p.founded) : "",
                        p.size_band,
                        JoinList(certifications),
                        p.alliance_member ? "true" : "false",
                        p.member_since,
                        JoinList(p.partners)});
}

}  // namespace samverkan::actors
