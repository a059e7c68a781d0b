#include "modules/actors/domain/org_number.h"

#include <algorithm>

namespace samverkan::actors {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }

std::string_view TrimSpaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

}  // namespace

bool LuhnValid(std::string_view digits) {
  if (digits.empty() || !std::all_of(digits.begin(), digits.end(), IsDigit)) return false;
  int sum = 0;
  for (size_t i = 0; i < digits.size(); ++i) {
    // Ten-digit numbers double the digits at even positions counted from the left, which is
    // the same as every second digit from the right starting with the one before the check.
    int weight = (digits.size() - i) % 2 == 0 ? 2 : 1;
    int v = (digits[i] - '0') * weight;
    sum += v / 10 + v % 10;
  }
  return sum % 10 == 0;
}

Result<OrgNumber> ParseOrgNumber(std::string_view text) {
  text = TrimSpaces(text);
  std::string digits;
  if (text.size() == 11 && text[6] == '-') {
    digits.append(text.substr(0, 6));
    digits.append(text.substr(7));
  } else if (text.size() == 10) {
    digits.assign(text);
  }
  if (digits.size() != 10 || !std::all_of(digits.begin(), digits.end(), IsDigit)) {
    return Error::InvalidField("org_number",
                               "Write the organisation number as NNNNNN-NNNN (ten digits).");
  }
  if (!LuhnValid(digits)) {
    return Error::InvalidField("org_number",
                               "The organisation number's check digit is wrong; check for a typing mistake.");
  }
  OrgNumber n;
  n.formatted = digits.substr(0, 6) + "-" + digits.substr(6);
  n.personal = digits[2] < '2';
  return n;
}

}  // namespace samverkan::actors
