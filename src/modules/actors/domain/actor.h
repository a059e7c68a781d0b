// Actors of the ecosystem registry: organisations of the four sectors (and sole traders) with
// bilingual profiles. Pure: the model, its validation against the reference data, and the
// text keys used to sort and search; no storage or HTTP.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/reference.h"
#include "core/result.h"

namespace samverkan::actors {

struct Certification {
  std::string name;
  std::string issuer;
  std::string valid_until;  // ISO date YYYY-MM-DD, or empty
  bool operator==(const Certification&) const = default;
};

// The region code for "the whole of Sweden" in ActorProfile::regions, beside county codes.
inline constexpr std::string_view kWholeCountry = "SE";

// The size bands of an actor by number of employees, smallest first.
inline constexpr std::string_view kSizeBands[] = {"1-9", "10-49", "50-249", "250+"};

// Everything an actor says about itself: what an import row, a form or the API supplies, and
// what is stored. Texts are Swedish and/or English; `description` is Markdown source, kept as
// written (rendering is the web layer's business).
struct ActorProfile {
  std::string external_id;  // the importer's stable key; empty for none
  Language language = kDefaultLanguage;  // the language the texts were written in first
  LocalizedText name;
  LocalizedText summary;
  LocalizedText description;
  LocalizedText offers;
  LocalizedText seeks;
  std::string sector;  // sectors.csv code
  bool social_enterprise = false;
  bool wise = false;  // work-integration social enterprise; implies social_enterprise
  std::string municipality;          // SCB code of its seat, or empty
  std::vector<std::string> regions;  // county codes where it works, or kWholeCountry
  std::string org_number;            // NNNNNN-NNNN once validated, or empty
  std::vector<int> sdgs;             // 1–17, ascending once validated
  std::vector<std::string> target_groups;
  std::vector<Certification> certifications;
  std::string website;  // http(s) URL, or empty
  std::optional<int> founded;
  std::string size_band;  // one of kSizeBands, or empty
  // Alliance membership as imported. The alliance part of the registry (applications,
  // approval, start and end) will take this over.
  bool alliance_member = false;
  std::string member_since;  // ISO date, or empty
  // External ids of the actors this one names as partners, in its own order.
  std::vector<std::string> partners;

  bool operator==(const ActorProfile&) const = default;
};

// Another actor as a link target.
struct ActorRef {
  int64_t id = 0;
  std::string external_id;
  LocalizedText name;
  bool operator==(const ActorRef&) const = default;
};

struct Actor {
  int64_t id = 0;
  ActorProfile profile;
  // The organisation number is a sole trader's personal identity number: personal data, never
  // shown publicly (see RedactForPublic).
  bool org_number_personal = false;
  std::vector<ActorRef> partners;  // the actors named in profile.partners, in that order
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

inline constexpr size_t kMaxExternalIdLength = 100;
inline constexpr size_t kMaxNameLength = 200;
inline constexpr size_t kMaxSummaryLength = 500;
inline constexpr size_t kMaxDescriptionLength = 20000;
inline constexpr size_t kMaxOffersLength = 2000;
inline constexpr size_t kMaxWebsiteLength = 500;
inline constexpr size_t kMaxCertificationTextLength = 200;
inline constexpr size_t kMaxListLength = 100;  // regions, target groups, certifications, partners

// Trims and normalises `profile` (organisation number to NNNNNN-NNNN, SDGs sorted, duplicates
// dropped) and checks every field against `reference`; every problem is reported at once as
// an InvalidArgument with one FieldError per problem, named after the JSON field. Whether
// partners exist is not checked here: that needs the store.
Result<ActorProfile> ValidateActor(ActorProfile profile, const ReferenceData& reference,
                                   int current_year);

// Whether an ISO date YYYY-MM-DD names a real calendar day.
bool IsIsoDate(std::string_view text);

// The actor as anyone may see it: a sole trader's personal identity number is removed. Every
// public page, public API answer and export for non-administrators goes through this.
Actor RedactForPublic(Actor actor);

// Lower-cases ASCII and the Latin-1 letters (Å, Ä, Ö, É, Ü …) so that case-insensitive
// substring search works the same on every database engine.
std::string FoldForSearch(std::string_view utf8);

// The text a simple search looks in: names and summaries in both languages, folded.
std::string SearchText(const ActorProfile& profile);

// A key whose byte order is Swedish alphabetical order: folded, with å, ä, ö after z (in that
// order) and accented letters sorted with their base letter. Stored beside the name so that
// both engines sort and paginate alike with plain byte comparison.
std::string SortKey(std::string_view name);

}  // namespace samverkan::actors
