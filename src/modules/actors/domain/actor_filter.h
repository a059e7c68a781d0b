// What the directory can ask for: a filter over actors, the facets it counts by, and the
// position in a list sorted by name. Pure; the SQL repository implements the same meaning,
// and Matches is its reference (tests compare the two).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/reference.h"
#include "core/result.h"
#include "modules/actors/domain/actor.h"

namespace samverkan::actors {

// The facets of the directory, in the order pages show them. Their names are also the query
// parameters of the filter and the keys of `facets` in the API.
enum class Facet { kSector, kCounty, kMunicipality, kSdg, kTargetGroup, kSocialEnterprise, kMember };
inline constexpr Facet kFacets[] = {Facet::kSector,      Facet::kCounty,
                                    Facet::kMunicipality, Facet::kSdg,
                                    Facet::kTargetGroup,  Facet::kSocialEnterprise,
                                    Facet::kMember};
std::string_view FacetName(Facet facet);

// Every part that is set must match (AND). Within one facet there is one value.
struct ActorFilter {
  // Case-insensitive substring of the names and summaries in either language. A simple
  // stand-in: full-text search with stemming (Xapian) replaces it in a later step.
  std::string q;
  std::string sector;
  std::string county;  // a county code, or kWholeCountry; matches the actor's regions exactly
  std::string municipality;  // the actor's seat
  std::optional<int> sdg;
  std::string target_group;
  std::optional<bool> social_enterprise;
  std::optional<bool> member;  // alliance member
  std::string external_id;
  bool operator==(const ActorFilter&) const = default;
};

// Checks the codes against the reference data; unknown ones are InvalidArgument per field
// (named like the query parameters), so a mistyped code is reported instead of silently
// finding nothing.
Status ValidateFilter(const ActorFilter& filter, const ReferenceData& reference);

// Whether the filter selects on `facet`.
bool Restricts(const ActorFilter& filter, Facet facet);

// Whether `actor` passes every part of `filter`, leaving out the part on `except` when given.
bool Matches(const ActorProfile& actor, const ActorFilter& filter,
             std::optional<Facet> except = std::nullopt);

// The values `actor` has for `facet` (none, one, or several for regions, SDGs and target
// groups), as strings: codes, goal numbers, "true"/"false" for the flags.
std::vector<std::string> FacetValues(const ActorProfile& actor, Facet facet);

// For each facet, value → number of actors. The count of a value of facet F is the number of
// actors that match the filter with F's own part left out and have that value: how many the
// list would hold if F were set to that value instead ("disjunctive" facets, so that a
// chosen facet still shows its alternatives). Values with no actors are absent.
using FacetCounts = std::map<Facet, std::map<std::string, int64_t>>;

// A position in the directory, which is sorted by SortKey(name in `language`), then id.
struct ActorCursor {
  Language language = kDefaultLanguage;
  std::string sort_key;
  int64_t id = 0;
  bool operator==(const ActorCursor&) const = default;
};
std::string EncodeCursorKey(const ActorCursor& cursor);
// InvalidArgument on the field "cursor" for text EncodeCursorKey did not make.
Result<ActorCursor> DecodeCursorKey(std::string_view key);

inline constexpr int kMaxPageSize = 100;

struct ActorQuery {
  ActorFilter filter;
  Language language = kDefaultLanguage;  // whose names the list is sorted by
  int limit = 20;
  std::optional<ActorCursor> after;
};

}  // namespace samverkan::actors
