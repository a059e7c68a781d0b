#include "modules/impact/web/number_text.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>

namespace samverkan::impact {
namespace {

constexpr std::string_view kNoBreakSpace = "\xC2\xA0";

// Inserts the language's thousands separator into plain text such as "-1234567.89" and
// swaps in its decimal sign.
std::string Group(std::string_view plain, Language lang) {
  const std::string_view separator = lang == Language::kSwedish ? kNoBreakSpace : ",";
  const char decimal_sign = lang == Language::kSwedish ? ',' : '.';
  std::string out;
  size_t start = 0;
  if (!plain.empty() && plain.front() == '-') {
    out += '-';
    start = 1;
  }
  size_t point = plain.find('.', start);
  if (point == std::string_view::npos) point = plain.size();
  const std::string_view whole = plain.substr(start, point - start);
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) out += separator;
    out += whole[i];
  }
  if (point < plain.size()) {
    out += decimal_sign;
    out += plain.substr(point + 1);
  }
  return out;
}

// Drops trailing zeros after the decimal point, and the point itself when nothing is left.
std::string TrimZeros(std::string text) {
  if (text.find('.') == std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

// "-0.00" and "-0" are shown without their sign.
std::string WithoutNegativeZero(std::string text) {
  if (!text.empty() && text.front() == '-' &&
      text.find_first_not_of("0.", 1) == std::string::npos) {
    text.erase(0, 1);
  }
  return text;
}

std::string Fixed(double value, int decimals) {
  char buffer[512];
  const int n = std::snprintf(buffer, sizeof buffer, "%.*f", decimals, value);
  if (n < 0 || n >= static_cast<int>(sizeof buffer)) return "?";
  return WithoutNegativeZero(std::string(buffer, static_cast<size_t>(n)));
}

void ReplaceAll(std::string& text, std::string_view from, std::string_view to) {
  for (size_t pos = text.find(from); pos != std::string::npos; pos = text.find(from, pos)) {
    text.replace(pos, from.size(), to);
    pos += to.size();
  }
}

// The typed text as plain "-1234.5": spaces of every kind removed, the Unicode minus sign
// made ASCII, and the language's separators resolved.
std::string Normalise(std::string_view typed, Language lang) {
  std::string text(typed);
  ReplaceAll(text, kNoBreakSpace, "");
  ReplaceAll(text, "\xE2\x80\xAF", "");   // narrow no-break space
  ReplaceAll(text, "\xE2\x80\x89", "");   // thin space
  ReplaceAll(text, "\xE2\x88\x92", "-");  // minus sign
  std::string out;
  for (char c : text) {
    if (c == ' ' || c == '\t') continue;
    if (c == ',') {
      // A Swedish decimal comma; in English a thousands separator.
      if (lang == Language::kSwedish) out += '.';
      continue;
    }
    out += c;
  }
  if (!out.empty() && out.front() == '+') out.erase(0, 1);
  return out;
}

// Plain decimal text only: an optional minus, digits, at most one point with digits after.
bool IsPlainDecimal(std::string_view text) {
  size_t i = 0;
  if (i < text.size() && text[i] == '-') ++i;
  size_t digits = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++digits;
  if (digits == 0) return false;
  if (i == text.size()) return true;
  if (text[i] != '.') return false;
  ++i;
  size_t decimals = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) ++decimals;
  return decimals > 0 && i == text.size();
}

}  // namespace

std::string FormatDecimal(double value, int decimals, Language lang) {
  if (!std::isfinite(value)) return "–";
  return Group(Fixed(value, decimals), lang);
}

std::string FormatMoney(Ore ore, Language lang) {
  return Group(WithoutNegativeZero(FormatKronor(ore)), lang);
}

std::string FormatPercent(double share, Language lang) {
  if (!std::isfinite(share)) return "–";
  const std::string number = Group(TrimZeros(Fixed(share * 100.0, 2)), lang);
  return lang == Language::kSwedish ? number + std::string(kNoBreakSpace) + "%" : number + "%";
}

std::string FormatForInput(double value, int max_decimals, Language lang) {
  if (!std::isfinite(value)) return "";
  std::string text = TrimZeros(Fixed(value, max_decimals));
  if (lang == Language::kSwedish) ReplaceAll(text, ".", ",");
  return text;
}

std::string FormatMoneyForInput(Ore ore, Language lang) {
  std::string text = FormatKronor(ore);
  if (text.size() > 3 && text.compare(text.size() - 3, 3, ".00") == 0) {
    text.resize(text.size() - 3);
  } else if (lang == Language::kSwedish) {
    ReplaceAll(text, ".", ",");
  }
  return text;
}

std::optional<double> ParseNumberInput(std::string_view text, Language lang) {
  const std::string plain = Normalise(text, lang);
  if (!IsPlainDecimal(plain)) return std::nullopt;
  double value = 0;
  const auto [end, ec] = std::from_chars(plain.data(), plain.data() + plain.size(), value);
  if (ec != std::errc() || end != plain.data() + plain.size() || !std::isfinite(value)) {
    return std::nullopt;
  }
  return value;
}

std::optional<int> ParseWholeInput(std::string_view text, Language lang) {
  const std::optional<double> value = ParseNumberInput(text, lang);
  if (!value || std::floor(*value) != *value ||
      std::fabs(*value) > static_cast<double>(std::numeric_limits<int>::max())) {
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

std::optional<Ore> ParseMoneyInput(std::string_view text, Language lang) {
  std::string plain = Normalise(text, lang);
  // "60000kr", "60000 SEK": the unit is what the field asks for anyway.
  for (std::string_view unit : {"kr", "KR", "Kr", "SEK", "sek"}) {
    if (plain.size() > unit.size() &&
        plain.compare(plain.size() - unit.size(), unit.size(), unit) == 0) {
      plain.resize(plain.size() - unit.size());
      break;
    }
  }
  if (!IsPlainDecimal(plain)) return std::nullopt;
  return ParseKronor(plain);
}

bool IsBlank(std::string_view text) {
  return text.find_first_not_of(" \t\r\n") == std::string_view::npos;
}

}  // namespace samverkan::impact
