// The pages of matching: /behov and /erbjudanden (lists with filters), /behov/{id} (a need
// with its ranked offers and the reasons in the reader's language), /erbjudanden/{id} (an
// offer with the needs it answers), and the forms that post and edit them
// (/behov/ny, /behov/{id}/redigera, and the same for offers). No JavaScript needed.
#pragma once

#include "modules/matching/domain/case_service.h"
#include "modules/matching/domain/lexicon.h"
#include "modules/matching/domain/matching_service.h"
#include "platform/module.h"

namespace samverkan::matching {

// `service`, `lexicon` and `cases` must outlive the routes. With `cases`, each match has a
// "Request contact" form (or a link to its case) for those who may ask.
void RegisterMatchingPages(platform::ModuleRegistry& registry, const platform::Services& services,
                           MatchingService& service, const Lexicon& lexicon,
                           CaseService* cases = nullptr);

}  // namespace samverkan::matching
