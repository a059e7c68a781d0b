// The filters and the page of the need and offer lists from a query string, one reading for
// the pages (/behov, /erbjudanden) and the API (/api/v1/needs, /api/v1/offers):
//   status  draft, open or closed (default: open, and the reader's drafts)
//   county  a county code; sdg 1–17; actor an actor's id or external_id
//   before  an item id: the page of items older than it (ItemPage::next_before)
//   limit   1–200 items per page (default 50)
// A value that cannot be read is a field error naming the parameter; nothing is guessed.
#pragma once

#include <string>

#include "core/result.h"
#include "modules/matching/domain/matching_service.h"
#include "web/request.h"

namespace samverkan::matching {

Result<ItemFilter> ItemFilterFromQuery(const web::Params& query);

// The query string of `filter` for the page that starts below `before`, for a "next page"
// link ("status=open&sdg=3&before=120"); empty values left out, the page size only when it is
// not the default.
std::string ItemFilterQueryString(const ItemFilter& filter, int64_t before);

}  // namespace samverkan::matching
