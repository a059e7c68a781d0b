// The stateless calculators as JSON API: POST /api/v1/impact/sroi and
// POST /api/v1/impact/socioeconomic, with their OpenAPI descriptions. The formats are those
// of FORMATS.md; the handlers are functions of the request alone.
#pragma once

#include "web/request.h"
#include "web/router.h"
#include "web/site.h"

namespace samverkan::impact {

web::ApiDoc SroiApiDoc();
web::ApiDoc SocioEconomicApiDoc();

// The body is an impact map (or a case); the answer is its result as application/json, or an
// application/problem+json 422 whose `errors` name the JSON path of each problem ("$" for a
// body that is not JSON), with details in the language of the request.
web::Response HandleSroiApi(const web::Site& site, const web::Request& req);
web::Response HandleSocioEconomicApi(const web::Site& site, const web::Request& req);

}  // namespace samverkan::impact
