// The SROI calculator page (/effekt/sroi): the form of an impact map, read into an SroiMap,
// and the page that shows the form (empty, filled in, or with the errors of a failed
// attempt) and the result: present value, NPV, SROI ratio and net ratio, payback, and the
// tables per outcome, stakeholder and year and of the sensitivity analysis.
//
// The form's fields are named by the JSON paths of the SROI format (FORMATS.md), except that
// shares are entered in per cent (25 for 0.25) and numbers as people write them in the page's
// language (number_text.h). Functions of their arguments: no storage. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/sroi.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::impact {

// The form as typed: every value is the text of its field.
struct SroiForm {
  std::string discount_rate;  // per cent
  std::string convention = "end_of_year";
  // Rows, each field name ("value", "deadweight" …) to its text.
  std::vector<std::map<std::string, std::string>> inputs;
  std::vector<std::map<std::string, std::string>> outcomes;
};

// The empty form in `lang` (the default discount rate written in its style).
SroiForm EmptySroiForm(Language lang);

// Reads a posted form. Rows left blank are dropped, so the rows of the result are numbered
// as the map's inputs and outcomes are.
SroiForm SroiFormFromParams(const web::Params& params);

// The map the form describes, with the default sensitivity rates. InvalidArgument listing
// every problem in the order of the form, each on the path of its field: what cannot be read
// (letters in a number, a percentage outside 0–100, a required field left empty) and what
// ValidateSroiMap finds in the rest.
Result<SroiMap> SroiMapFromForm(const SroiForm& form, Language lang);

// The form that shows `map` in `lang`, e.g. to post it again in the other language.
SroiForm SroiFormFromMap(const SroiMap& map, Language lang);

// The worked example of FORMATS.md, with names in `lang`.
SroiMap ExampleSroiMap(const web::Translator& tr, Language lang);

struct SroiPageView {
  SroiForm form;
  const SroiMap* map = nullptr;        // with `result`: what was calculated
  const SroiResult* result = nullptr;  // a calculation to show
  const Error* error = nullptr;        // a failed attempt; the status follows its code
};

web::PageView SroiPage(const web::Request& req, const web::Translator& tr,
                       const SroiPageView& view);

}  // namespace samverkan::impact
