// Swedish organisation numbers (organisationsnummer): ten digits written NNNNNN-NNNN, the last
// a Luhn check digit over the other nine. A legal entity's number has a third digit of 2 or
// more; a sole trader (enskild näringsidkare) uses their personal identity number
// (personnummer), whose third digit is the first of a month, 0 or 1. Such a number is
// personal data: it is accepted, but callers must never show it publicly.
//
// Source: Skatteverket, "Organisationsnummer" (SKV 709), and the Luhn (mod 10) algorithm it
// prescribes for the check digit.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace samverkan::actors {

struct OrgNumber {
  std::string formatted;  // always NNNNNN-NNNN
  bool personal = false;  // a sole trader's personal identity number
  bool operator==(const OrgNumber&) const = default;
};

// Accepts NNNNNN-NNNN or ten digits without the dash, ignoring surrounding spaces, and returns
// the number in the NNNNNN-NNNN form. A wrong form or check digit is an InvalidArgument on the
// field "org_number".
Result<OrgNumber> ParseOrgNumber(std::string_view text);

// Whether `digits` (only '0'–'9') passes the Luhn check: from the left, every other digit is
// doubled starting with the first, the digits of the products are summed with the others, and
// the total must be a multiple of ten.
bool LuhnValid(std::string_view digits);

}  // namespace samverkan::actors
