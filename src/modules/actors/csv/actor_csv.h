// Actors as CSV: the spreadsheet twin of the JSON Lines interchange format, for
// `samverkan import|export actors --format csv` and the admin import API.
//
// One row per actor under a header row of column names (src/modules/actors/FORMATS.md lists
// them); texts have a column per language (name_sv, name_en, …); lists hold their items
// separated by "|" (sdgs "3|8|10"), a certification is "name;issuer;valid_until". Files are
// UTF-8; the export starts with a byte-order mark so that spreadsheet programs read å, ä and
// ö right, and the import accepts "," or ";" between fields (Swedish spreadsheet programs
// write ";").
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_service.h"

namespace samverkan::actors {

// The columns, in the order the export writes them.
const std::vector<std::string>& ActorCsvColumns();

// Reads a whole file: one row per record with the line it starts on, or why it could not be
// read. A file that is not CSV at all, or has no name or sector column, is one error.
Result<std::vector<ImportRow>> ReadActorCsv(std::string_view text);

// The byte-order mark and the header row.
std::string ActorCsvHeader();
// One record; ReadActorCsv reads it back unchanged.
void AppendActorCsv(std::string& out, const ActorProfile& profile);

}  // namespace samverkan::actors
