// The pages and JSON of stored impact work: initiatives (/effekt/initiativ/…), their logic
// model, indicators and values, SROI map and report, the indicator library
// (/effekt/indikatorer/…) and the SDG roll-up (/effekt/sdg). Functions of their arguments:
// routes (initiative_routes.cc) call the service and hand the results here. Thread-safe.
#pragma once

#include <functional>
#include <initializer_list>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"
#include "modules/impact/domain/impact_service.h"
#include "modules/impact/domain/proxy_library.h"
#include "modules/impact/web/sroi_page.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::impact {

// What pages need to know besides the service's data.
struct PageContext {
  std::function<std::string(int64_t)> actor_name;  // "" when unknown
  std::function<std::string(int)> goal_name;       // SDG short name in the page's language
  // The UN title of an SDG target ("8.5"), in English (the only language of the shipped
  // list); "" when unknown.
  std::function<std::string(const std::string&)> target_title = [](const std::string&) {
    return std::string();
  };
};

// The organisations a person may create initiatives for: (id, name).
using ActorOptions = std::vector<std::pair<int64_t, std::string>>;

web::PageView InitiativeListPage(const web::Request& req, const web::Translator& tr,
                                 const std::vector<Initiative>& initiatives,
                                 const PageContext& ctx);

InitiativeInput InitiativeInputFromForm(const web::Params& form);
// `existing` null for a new initiative.
web::PageView InitiativeFormPage(const web::Request& req, const web::Translator& tr,
                                 const Initiative* existing, const ActorOptions& actors,
                                 const web::Params& form, const Error* error);

web::PageView InitiativePage(const web::Request& req, const web::Translator& tr,
                             const InitiativeView& view, const PageContext& ctx, bool may_edit);

// Applies what a posted logic-model form asks ("add-element", "remove-element", "add-link",
// "remove-link") to `model`. InvalidArgument naming the form's fields.
Status ApplyLogicModelForm(const web::Params& form, LogicModel& model);
web::PageView LogicModelFormPage(const web::Request& req, const web::Translator& tr,
                                 const InitiativeView& view, const web::Params& form,
                                 const Error* error);

// The pick and the report forms of the indicators page.
Result<IndicatorPick> PickFromForm(const web::Params& form, Language lang);
Result<std::pair<std::string, double>> ValueFromForm(const web::Params& form, Language lang);
web::PageView InitiativeIndicatorsPage(const web::Request& req, const web::Translator& tr,
                                       const InitiativeView& view,
                                       const std::vector<Indicator>& library,
                                       const web::Params& form, const Error* error);

// The stored SROI map's form: the calculator's form posting to the initiative, with the
// proxy library offered beside it.
web::PageView InitiativeSroiPage(const web::Request& req, const web::Translator& tr,
                                 const InitiativeView& view, const SroiPageView& sroi,
                                 const std::vector<FinancialProxy>* proxies, bool saved);

// The impact report; `result` is the calculated SROI map, if any. `print` leaves out links
// and forms for the printable view.
web::PageView ReportPage(const web::Request& req, const web::Translator& tr,
                         const InitiativeView& view, const SroiResult* result,
                         const PageContext& ctx, bool print);
std::string ReportCsv(const InitiativeView& view, const SroiResult* result,
                      const web::Translator& tr, Language lang);

// The proxy library: the shipped proxies and those editors added.
web::PageView ProxyLibraryPage(const web::Request& req, const web::Translator& tr,
                               const std::vector<FinancialProxy>& proxies, bool may_curate);
// A proxy from the editors' form: the value in kronor (amounts) or per cent (rates), written
// as in the page's language. InvalidArgument for what cannot be read.
Result<FinancialProxy> ProxyFromForm(const web::Params& form, Language lang);
web::PageView ProxyFormPage(const web::Request& req, const web::Translator& tr,
                            const web::Params& form, const Error* error);
nlohmann::json ProxyJson(const FinancialProxy& proxy);
// {"id", "name", "kind": "amount"|"rate", "value" (kronor or a share), "unit", "currency",
// "price_year", "source", "licence"}.
Result<FinancialProxy> ProxyFromJson(const nlohmann::json& document);

web::PageView LibraryPage(const web::Request& req, const web::Translator& tr,
                          const std::vector<Indicator>& indicators, const PageContext& ctx,
                          bool may_curate);
Result<Indicator> IndicatorFromForm(const web::Params& form);
web::PageView IndicatorFormPage(const web::Request& req, const web::Translator& tr,
                                const web::Params& form, const Error* error);
web::PageView IndicatorPage(const web::Request& req, const web::Translator& tr,
                            const IndicatorView& view, const PageContext& ctx);
web::PageView SdgPage(const web::Request& req, const web::Translator& tr, const SdgRollUp& rollup,
                      const std::vector<Indicator>& indicators, const PageContext& ctx);

// JSON twins.
nlohmann::json InitiativeJson(const Initiative& initiative, const PageContext& ctx);
nlohmann::json InitiativeViewJson(const InitiativeView& view, const PageContext& ctx,
                                  const web::Translator& tr, Language lang);
nlohmann::json LogicModelJson(const LogicModel& model);
// InvalidArgument naming JSON paths for a malformed document; ValidateLogicModel is the
// service's business.
Result<LogicModel> LogicModelFromJson(const nlohmann::json& document);
// Records "Unknown field." (on path.member) for every member of `object` not in `known`.
void RejectUnknown(const nlohmann::json& object, std::initializer_list<const char*> known,
                   const std::string& path, std::vector<FieldError>& errors);
nlohmann::json IndicatorJson(const Indicator& indicator);
Result<Indicator> IndicatorFromJson(const nlohmann::json& document);
nlohmann::json IndicatorViewJson(const IndicatorView& view, const PageContext& ctx);
nlohmann::json SdgRollUpJson(const SdgRollUp& rollup, const PageContext& ctx);
nlohmann::json ReportJson(const InitiativeView& view, const SroiResult* result,
                          const PageContext& ctx, const web::Translator& tr, Language lang);

}  // namespace samverkan::impact
