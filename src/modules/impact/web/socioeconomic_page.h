// The socio-economic calculator page (/effekt/samhallsekonomi): the form of a case (group,
// horizon, cost items per person-year, investments), read into a SocioEconomicCase, and the
// page that shows the form and the result: the gains per actor (the redistribution view), the
// societal result, the result for the group, the investment calculation and whose gains repay
// whose investment.
//
// Fields are named by the JSON paths of the socio-economic format (FORMATS.md), except that
// an item's payer is entered in its "actor" field (the form has one actor column whatever
// the kind), the discount rate is in per cent, and numbers are written as people write them
// in the page's language. Functions of their arguments: no storage. Thread-safe.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/socioeconomic.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::impact {

// The form as typed.
struct SocioEconomicForm {
  std::string group_size;
  std::string horizon_years;
  std::string discount_rate;  // per cent
  std::string convention = "end_of_year";
  std::vector<std::map<std::string, std::string>> items;
  std::vector<std::map<std::string, std::string>> investments;
};

// The empty form in `lang`: five years at the default discount rate.
SocioEconomicForm EmptySocioEconomicForm(Language lang);

// Reads a posted form; rows left blank are dropped.
SocioEconomicForm SocioEconomicFormFromParams(const web::Params& params);

// The case the form describes. InvalidArgument listing every problem in the order of the
// form: what cannot be read, a transfer without a recipient, a recipient on another kind, and
// what ValidateSocioEconomicCase finds in the rest. Blank amounts of an item count as zero.
Result<SocioEconomicCase> SocioEconomicCaseFromForm(const SocioEconomicForm& form, Language lang);

// The form that shows `socio_case` in `lang`.
SocioEconomicForm SocioEconomicFormFromCase(const SocioEconomicCase& socio_case, Language lang);

// The worked example of FORMATS.md, with the names of its items in `lang`.
SocioEconomicCase ExampleSocioEconomicCase(const web::Translator& tr, Language lang);

struct SocioEconomicPageView {
  SocioEconomicForm form;
  const SocioEconomicCase* socio_case = nullptr;  // with `result`: what was calculated
  const SocioEconomicResult* result = nullptr;
  const Error* error = nullptr;
};

web::PageView SocioEconomicPage(const web::Request& req, const web::Translator& tr,
                                const SocioEconomicPageView& view);

}  // namespace samverkan::impact
