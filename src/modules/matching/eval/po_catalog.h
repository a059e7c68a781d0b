// A minimal reader of gettext .po files, so that the evaluation tool and the tests can show
// and check the Swedish reasons without the web layer's Boost.Locale translator. It reads
// what po/sv.po uses: msgid/msgstr pairs, strings continued on following lines, comments.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "modules/matching/domain/scoring.h"

namespace samverkan::matching {

// msgid → msgstr for every entry with a translation (fuzzy entries included).
std::map<std::string, std::string> ParsePo(std::string_view text);

// A Translate over `catalog` (Swedish) that returns the msgid itself for English and for a
// msgid the catalog lacks. The catalog must outlive the function.
Translate CatalogTranslate(const std::map<std::string, std::string>& catalog);

}  // namespace samverkan::matching
