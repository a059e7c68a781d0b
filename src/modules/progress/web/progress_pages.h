// The pages of the progress module and the query and form parameters they read. Functions of
// what the service returned: no storage here.
//
//   /framsteg                      overview: datasets and frameworks
//   /framsteg/ramverk/{code}       a framework: dimensions, components, indicators
//   /framsteg/{dataset}/rankning   the ranking of a year (a table, a chart, CSV download)
//   /framsteg/{dataset}/{region}   the scorecard of a region
//   /framsteg/importera            import of indicator values (editors)
//   /framsteg/nytt-ramverk         definition of a framework (admins)
//
// Charts are drawn by ui/src/charts.js from a JSON data block (<script type=
// "application/json">, never executed, so the CSP allows it) next to an empty container; the
// server always renders the same data as a table and describes the chart in a figcaption.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "modules/progress/domain/progress_service.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"
#include "web/html/script_json.h"

namespace samverkan::progress {

// ?year=: nullopt when absent or empty; InvalidArgument for anything but a year.
Result<std::optional<int>> YearFromParams(const web::Params& params);

// ?peers=country | chosen (with regions=SE11,SE12) | nearest (with covariate= and k=), or a
// list of region codes directly (peers=SE11,SE12). nullopt when absent: the service's default.
// InvalidArgument for a k that is not a whole number from 1 to 100, a nearest without a
// covariate, or chosen without regions.
Result<std::optional<PeerGroupSpec>> PeersFromParams(const web::Params& params);

// A number as pages show it: fixed decimals, a decimal comma in Swedish.
std::string FormatNumber(double value, int decimals, Language lang);

// JSON for a page's data block (web/html/script_json.h).
using web::ScriptJson;

web::PageView OverviewPage(const web::Request& req, const web::Translator& tr,
                           const std::vector<FrameworkSummary>& frameworks,
                           const std::vector<DatasetInfo>& datasets);
web::PageView FrameworkPage(const web::Request& req, const web::Translator& tr,
                            const StoredFramework& framework,
                            const std::vector<DatasetInfo>& datasets);
web::PageView RankingPage(const web::Request& req, const web::Translator& tr,
                          const Ranking& ranking);
web::PageView ScorecardPage(const web::Request& req, const web::Translator& tr,
                            const ScorecardView& view);

// The import form's fields (dataset, slug, name_sv, name_en, description_sv, description_en,
// source, framework, exponent_dimension, exponent_index, data, year, regions, check_only).
// Fields that cannot be read (a year or an exponent that is not a number) come back as errors.
Result<DatasetImport> ImportFromForm(const web::Params& form);
// The form with the values of `form` kept; `error` marks fields, `outcome` shows the report.
web::PageView ImportPage(const web::Request& req, const web::Translator& tr,
                         const std::vector<FrameworkSummary>& frameworks,
                         const std::vector<DatasetInfo>& datasets, const web::Params& form,
                         const Error* error, const ImportOutcome* outcome);

FrameworkDefinition FrameworkFromForm(const web::Params& form);
web::PageView FrameworkFormPage(const web::Request& req, const web::Translator& tr,
                                const web::Params& form, const Error* error);

}  // namespace samverkan::progress
