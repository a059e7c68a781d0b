// Reading and writing frameworks as CSV text. Pure: strings in, values out.
//
// Two formats are read:
//  - the EU-SPI 2020 indicator metadata (data/spi/eu_spi_2020_indicator_metadata.csv):
//      order, indicator_raw_data_name, indicator_normalisation_table_name, component_no,
//      component, dimension, lower_is_better, utopia, dystopia
//    Codes are made from the English names ("Infant mortality" -> "infant_mortality",
//    "Nutrition & basic medical care" -> "nutrition_basic_medical_care"); both names of an
//    indicator become aliases so that data columns may use either.
//  - the framework format of this platform, for frameworks that admins define (one row per
//    indicator; a dimension or component is declared by its first row):
//      dimension_code, dimension_name_sv, dimension_name_en, component_code, component_name_sv,
//      component_name_en, indicator_code, indicator_name_sv, indicator_name_en, unit, source,
//      direction (higher|lower), utopia, dystopia, weight (empty = 1)
//
// A framework file is accepted whole or not at all: every problem comes back as one FieldError
// (field "framework", message naming the line) inside an InvalidArgument.
#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "modules/progress/domain/framework.h"

namespace samverkan::progress {

// The EU-SPI 2020 framework from its metadata file. `swedish_names_csv` (optional, columns
// level,name_en,name_sv with level dimension|component|indicator; see
// data/spi/eu_spi_2020_names_sv.csv) supplies the Swedish names; a name it lists that the
// metadata lacks is an error, a name it omits stays English-only.
Result<Framework> ParseEuSpiMetadata(std::string_view metadata_csv,
                                     std::string_view swedish_names_csv = {});

// A framework in this platform's format. `code` and `name` name the framework itself.
Result<Framework> ParseFrameworkCsv(std::string_view text, std::string code, LocalizedText name);

// Either format, told apart by the header. Frameworks in the platform format get the code
// "custom". `swedish_names_csv` is passed to ParseEuSpiMetadata and ignored for the platform
// format, which carries its own Swedish names.
Result<Framework> ParseAnyFrameworkCsv(std::string_view text,
                                       std::string_view swedish_names_csv = {});

// The platform format, readable by ParseFrameworkCsv (aliases are not written).
std::string WriteFrameworkCsv(const Framework& framework);

// "Nutrition & basic medical care" -> "nutrition_basic_medical_care": ASCII letters and digits
// lower-cased, '&' dropped, every other run of characters turned into one '_'.
std::string CodeFromName(std::string_view name);

}  // namespace samverkan::progress
