// The directory (/aktorer) and profile (/aktorer/{id}) pages, and the query parameters they
// share with GET /api/v1/actors. Functions of what the service returned: no storage here.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/reference.h"
#include "core/result.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_filter.h"
#include "modules/actors/domain/actor_service.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::actors {

// The filter from the parameters q, sector, county, municipality, sdg, target_group,
// social_enterprise, member and external_id; an empty value means "any". InvalidArgument per
// parameter for an sdg that is not a number or a flag other than true/false.
Result<ActorFilter> FilterFromParams(const web::Params& params);

// Filter, limit and cursor of a request; the list is sorted in the request's language.
Result<ActorQuery> QueryFromRequest(const web::Request& req);

// The query string (without '?') that selects `filter` again, for links.
std::string FilterQueryString(const ActorFilter& filter);

// {facet: {value: count}} with every facet present.
nlohmann::json FacetsToJson(const FacetCounts& facets);

// `may_create`: whether to offer the link to the form for a new actor (the service decides
// whether creating is allowed; the page only leaves out a link that would be refused).
web::PageView DirectoryPage(const web::Request& req, const web::Translator& tr,
                            const ReferenceData& reference, const ActorQuery& query,
                            const ActorList& list, bool may_create);

// `actor` must already be redacted for the public (RedactForPublic). `may_edit`: whether to
// offer the link to the edit form, as for `may_create` above. With ?sparat in the query the
// page confirms that a change was saved.
web::PageView ProfilePage(const web::Request& req, const web::Translator& tr,
                          const ReferenceData& reference, const Actor& actor, bool may_edit);

// schema.org Organization as JSON-LD, with <, > and & escaped as \u003c, \u003e, \u0026 so
// that it is safe inside <script type="application/ld+json"> (a data block, which the CSP
// does not block because it is never executed).
std::string OrganizationJsonLd(const Actor& actor, const ReferenceData& reference,
                               Language lang);

// Markdown source as plain paragraphs (split at blank lines, lines joined with a space),
// to be shown escaped until the description is rendered with cmark.
std::vector<std::string> PlainParagraphs(std::string_view markdown);

}  // namespace samverkan::actors
