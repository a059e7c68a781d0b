// The curated library of financial proxies and reference amounts, kept as data in
// data/impact/proxies.csv (see the README there for the columns, sources and licences).
// Parsing is pure: the caller reads the file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"
#include "modules/impact/domain/money.h"

namespace samverkan::impact {

enum class ProxyKind {
  kAmount,  // money per unit (per year, per WELLBY ...)
  kRate,    // a share between 0 and 1 (e.g. employer contributions on gross salary)
};

struct FinancialProxy {
  std::string id;
  LocalizedText name;
  ProxyKind kind = ProxyKind::kAmount;
  Ore amount = 0;   // kAmount: in the minor unit of `currency`
  double rate = 0;  // kRate
  std::string unit;
  std::string currency;  // ISO 4217 for amounts, empty for rates
  int price_year = 0;
  std::string source;     // who publishes or decides it, and where
  std::string licence;    // the reuse terms
  bool verified = false;  // false for the shipped "example-verify" rows
};

// Parses the library's CSV text. InvalidArgument when a column is missing, or when a row has
// an empty id, name, source or licence, a duplicate id, an unknown kind or status, an amount
// with more than two decimals, a rate outside [0, 1] or a price year that is not a year; each
// error names the column and carries the line in {{line}}.
Result<std::vector<FinancialProxy>> ParseProxyLibrary(std::string_view csv_text);

}  // namespace samverkan::impact
