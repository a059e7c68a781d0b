#include "modules/impact/domain/proxy_library.h"

#include <charconv>
#include <set>

#include "core/csv.h"
#include "modules/impact/domain/field_checker.h"

namespace samverkan::impact {
namespace {

constexpr const char* kColumns[] = {"id",       "name_sv",    "name_en", "kind",    "value", "unit",
                                    "currency", "price_year", "source",  "licence", "status"};

template <typename Number>
std::optional<Number> ParseNumber(const std::string& text) {
  Number number{};
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return number;
}

}  // namespace

Result<std::vector<FinancialProxy>> ParseProxyLibrary(std::string_view csv_text) {
  Result<CsvTable> table = CsvTable::Parse(csv_text);
  if (!table.ok()) return std::move(table).error();
  FieldChecker check;
  for (const char* column : kColumns) {
    if (table->Column(column) < 0) check.Add(column, "The column is missing.");
  }
  if (!check.ok()) return check.ToStatus().error();

  std::vector<FinancialProxy> proxies;
  std::set<std::string> ids;
  for (const CsvRow& row : table->rows()) {
    const std::map<std::string, std::string> line{{"line", std::to_string(row.line)}};
    auto get = [&](const char* column) -> const std::string& { return table->Get(row, column); };
    auto require = [&](const char* column) {
      if (get(column).empty()) check.Add(column, "Line {{line}}: the field is empty.", line);
    };
    FinancialProxy proxy;
    proxy.id = get("id");
    proxy.name = LocalizedText{get("name_sv"), get("name_en")};
    proxy.unit = get("unit");
    proxy.currency = get("currency");
    proxy.source = get("source");
    proxy.licence = get("licence");
    for (const char* column : {"id", "name_sv", "name_en", "unit", "source", "licence"}) {
      require(column);
    }
    if (!proxy.id.empty() && !ids.insert(proxy.id).second) {
      check.Add("id", "Line {{line}}: another row already has this id.", line);
    }

    const std::string& kind = get("kind");
    const std::string& value = get("value");
    if (kind == "amount") {
      proxy.kind = ProxyKind::kAmount;
      const std::optional<Ore> amount = ParseKronor(value);
      if (!amount) {
        check.Add("value", "Line {{line}}: not an amount with at most two decimals.", line);
      } else {
        proxy.amount = *amount;
      }
      if (proxy.currency.size() != 3) {
        check.Add("currency", "Line {{line}}: give the three-letter currency code.", line);
      }
    } else if (kind == "rate") {
      proxy.kind = ProxyKind::kRate;
      const std::optional<double> rate = ParseNumber<double>(value);
      if (!rate || !(*rate >= 0 && *rate <= 1)) {
        check.Add("value", "Line {{line}}: a rate is a number between 0 and 1.", line);
      } else {
        proxy.rate = *rate;
      }
    } else {
      check.Add("kind", "Line {{line}}: must be amount or rate.", line);
    }

    const std::optional<int> year = ParseNumber<int>(get("price_year"));
    if (!year || *year < 1900 || *year > 2200) {
      check.Add("price_year", "Line {{line}}: give the year as four digits.", line);
    } else {
      proxy.price_year = *year;
    }

    const std::string& status = get("status");
    if (status == "verified" || status == "example-verify") {
      proxy.verified = status == "verified";
    } else {
      check.Add("status", "Line {{line}}: must be verified or example-verify.", line);
    }
    proxies.push_back(std::move(proxy));
  }
  if (!check.ok()) return check.ToStatus().error();
  return proxies;
}

}  // namespace samverkan::impact
