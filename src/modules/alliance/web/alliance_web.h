// The alliance's web layer: reading forms and JSON bodies, the JSON answers of the API, and
// the data of the pages (templates in web/templates/). Routes are registered in module.cc.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/reference.h"
#include "modules/alliance/domain/alliance_service.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::alliance {

// An organisation the signed-in person may apply for.
struct ActorChoice {
  int64_t id = 0;
  std::string name;
};

// InvalidArgument with "Unknown field." for every member of `body` not in `known`.
Status CheckKnownFields(const nlohmann::json& body, std::initializer_list<std::string_view> known);

// The form's fields: actor_id, motivation, contact_name, contact_email, contact_phone,
// commitments (repeated), other_commitment. An unreadable actor_id is 0.
ApplicationDraft DraftFromForm(const web::Params& form);
// The same fields in a JSON object (contact_* or a "contact" object). InvalidArgument for
// fields of the wrong type.
Result<ApplicationDraft> DraftFromJson(const nlohmann::json& body);
// {"total": n, "per_sector": {code: n}}; InvalidArgument for the wrong types.
Result<Goals> GoalsFromJson(const nlohmann::json& body);
// total and sector_<code> fields; unreadable numbers are InvalidArgument for their field.
Result<Goals> GoalsFromForm(const web::Params& form, const ReferenceData& reference);

nlohmann::json ApplicationJson(const ApplicationView& view);
nlohmann::json ApplicationSchema();
nlohmann::json MembershipJson(const Membership& m);
nlohmann::json MembershipSchema();
nlohmann::json MemberJson(const Member& m);
nlohmann::json MemberSchema();
nlohmann::json DashboardJson(const Dashboard& d);
nlohmann::json DashboardSchema();
nlohmann::json GoalsJson(const Goals& g);
nlohmann::json GoalsSchema();
nlohmann::json ApplicationRequestSchema();

web::PageView DashboardPage(const web::Request& req, const web::Translator& tr,
                            const ReferenceData& reference, const Dashboard& d, bool may_apply,
                            bool may_review);
web::PageView MembersPage(const web::Request& req, const web::Translator& tr,
                          const ReferenceData& reference, const std::vector<Member>& members);
web::PageView ApplyPage(const web::Request& req, const web::Translator& tr,
                        const std::vector<ActorChoice>& choices, bool free_actor_id,
                        const ApplicationDraft& draft, const Error* error,
                        const std::vector<ApplicationView>& mine);
web::PageView ApplicationPage(const web::Request& req, const web::Translator& tr,
                              const ApplicationView& view, bool may_review,
                              const web::Params& form, const Error* error);
web::PageView AdminPage(const web::Request& req, const web::Translator& tr,
                        const ReferenceData& reference,
                        const std::vector<ApplicationView>& applications,
                        const std::vector<Member>& members, const web::Params& form,
                        const Error* error, int64_t error_actor);
web::PageView GoalsPage(const web::Request& req, const web::Translator& tr,
                        const ReferenceData& reference, const Goals& goals, const Error* error,
                        bool saved);

}  // namespace samverkan::alliance
