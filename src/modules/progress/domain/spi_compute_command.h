// The function behind
//
//   samverkan spi compute --framework METADATA.csv --data INDICATORS.csv
//       [--national NATIONAL.csv --population POPULATION.csv]
//       [--exponent-dimension X --exponent-index Y] [--components COMPONENTS.csv]
//       --format csv|json
//
// cli/spi_command.cc reads the files, fills an SpiComputeRequest with their texts, calls
// RunSpiCompute, prints SpiComputeResponse::output to stdout and each diagnostics line to
// stderr, and exits 1 when the Result is an error (printing its message). POST
// /api/v1/progress/compute (web/compute_api.h) calls it too. Nothing is stored.
//
// Inputs (texts of the files, UTF-8 CSV; see framework_csv.h and observation_csv.h for the
// accepted columns):
//  framework_csv   EU-SPI indicator metadata or the platform's framework format (with
//                  framework_names_sv_csv, the Swedish names of an EU-SPI framework).
//  data_csv        indicator values, wide or long form (told apart by the header).
//  national_csv    indicator values of countries (wide or long, region column = country
//                  code). Given with population_csv, regional component scores are anchored to
//                  the national ones [EU-SPI 2016, 4.5]; see AnchorToNational.
//  population_csv  region table with a population column (and optional covariates).
//  components_csv  already computed component scores (0-100), one column per component; they
//                  are only aggregated. Replaces data_csv (give one of the two) and cannot be
//                  combined with anchoring.
//  exponent_*      power-mean orders; 0.5 (EU-SPI) by default, 1 for global-SPI style.
//
// Output, one record per region and year, regions in input order, years ascending:
//  csv   header: region,name,country,year,complete,<component codes>,<dimension codes>,index,
//        notes. Scores rounded to `decimals`; an unavailable score is an empty field; `year`
//        is empty when the data names none; `complete` is "yes" or "no"; `notes` joins the
//        English reasons with " | ".
//  json  {"framework":{code,name:{sv,en},dimensions:[{code,name,components:[{code,name}]}]},
//         "options":{...}, "results":[{region,name,country,year|null,complete,index|null,
//         dimensions:{code:score|null},components:{code:score|null},
//         notes:[{level,code,message,args,text}]}],
//         "summary":{regions,complete,incomplete},
//         "imports":[{file,rows,values,missing_values,rejected:[{line,message,args,text}],
//                     unused_columns,absent_columns}]}
//        `message` is the English msgid and `args` its arguments, for translation; `text` is
//        the English rendering.
//
// Errors (InvalidArgument unless noted): a missing or contradictory input (data and
// components both or neither; national without population or the reverse; components with
// national), an unreadable or invalid framework, a file without a region column or without a
// single recognisable indicator or component column, exponents that are not finite numbers,
// `year` not in the data (NotFound). Bad rows are not errors: they are skipped and listed in
// the diagnostics (and under "imports" in JSON).
//
// Pure and thread-safe.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "modules/progress/domain/framework.h"

namespace samverkan::progress {

enum class OutputFormat { kCsv, kJson };

struct SpiComputeRequest {
  std::string framework_csv;
  // Swedish names for an EU-SPI metadata framework; the command passes the shipped
  // data/spi/eu_spi_2020_names_sv.csv for the shipped framework. Without it the names are
  // English only.
  std::string framework_names_sv_csv;
  std::string data_csv;
  std::optional<std::string> national_csv;
  std::optional<std::string> population_csv;
  std::optional<std::string> components_csv;
  double exponent_dimension = 0.5;
  double exponent_index = 0.5;
  OutputFormat format = OutputFormat::kCsv;
  int decimals = 2;         // 0-10; the EU-SPI publishes two
  std::optional<int> year;  // only this year; all years when empty
};

struct SpiComputeResponse {
  std::string output;
  // English, one line each: rejected rows, unused or absent columns, unknown regions in the
  // population file, and a summary of complete and incomplete regions.
  std::vector<std::string> diagnostics;
  int complete_regions = 0;    // region-years with an index
  int incomplete_regions = 0;  // region-years without one (reasons in the output's notes)
};

// Parses OutputFormat from "csv" or "json"; anything else is nullopt.
std::optional<OutputFormat> ParseOutputFormat(std::string_view text);

Result<SpiComputeResponse> RunSpiCompute(const SpiComputeRequest& request);

// The same with a framework already at hand (a stored one, or one given as JSON to the API);
// request.framework_csv and framework_names_sv_csv are not read.
Result<SpiComputeResponse> RunSpiCompute(const Framework& framework,
                                         const SpiComputeRequest& request);

// Fills the {{placeholders}} of an English msgid with `args` (unknown placeholders are kept).
std::string RenderMessage(std::string_view message, const std::map<std::string, std::string>& args);

// `text` as a JSON string literal, quotes included: ", \ and control characters escaped,
// everything else (UTF-8 included) passed through.
std::string JsonString(std::string_view text);

}  // namespace samverkan::progress
