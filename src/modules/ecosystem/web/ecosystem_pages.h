// The ecosystem map page (/ekosystem) and its JSON twin (GET /api/v1/ecosystem/graph):
// functions of the built graph, no storage here.
//
// The page has a filter form (sector, county, SDG; plain GET, works without JavaScript), the
// map as a figure whose caption describes it in words, a legend where shape and colour both
// tell the sector, and a table with every selected actor and its relations, page by page. The
// map itself is drawn by ui/src/ecosystem-map.js (Cytoscape.js) from a JSON data block
// (<script type="application/json">, never executed, so the CSP allows it); without
// JavaScript the figure stays hidden and the table carries the same information.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "core/reference.h"
#include "core/result.h"
#include "modules/ecosystem/domain/ecosystem_graph.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::ecosystem {

// Above this many selected actors the map is not drawn (a hairball tells nothing and the
// browser slows down); the page asks for a narrower filter and the table still lists them.
inline constexpr size_t kMaxMapActors = 400;
// Rows of the table per page.
inline constexpr size_t kTableRowsPerPage = 50;

// sector, county and sdg from the query; empty values mean "any". InvalidArgument for an sdg
// that is not a whole number (unknown codes are ValidateMapFilter's business).
Result<MapFilter> FilterFromParams(const web::Params& params);

// ?page= (1-based); InvalidArgument for anything but a whole number from 1.
Result<size_t> TablePageFromParams(const web::Params& params);

// The JSON twin: nodes, edges, kinds, unconfirmed claims, the filter and counts.
nlohmann::json GraphJson(const EcosystemGraph& graph, const MapFilter& filter,
                         const ReferenceData& reference, const web::Translator& tr,
                         Language lang);
// JSON Schema of GraphJson, for the OpenAPI document.
nlohmann::json GraphSchema();

web::PageView MapPage(const web::Request& req, const web::Translator& tr,
                      const ReferenceData& reference, const EcosystemGraph& graph,
                      const MapFilter& filter, size_t table_page);

}  // namespace samverkan::ecosystem
