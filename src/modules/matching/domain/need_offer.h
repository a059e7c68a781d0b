// Needs and offers, the two sides of the matching function (issue 5). A need owner (a
// municipality, a company, a non-profit) posts a need; a social enterprise or innovation posts
// an offer. Pure value types and their validation against the reference data; no storage,
// HTTP or search engine.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/reference.h"
#include "core/result.h"

namespace samverkan::matching {

// An amount range in whole Swedish kronor (integers: money is never a float here). A range
// with only one known end uses the same value for both.
struct SekRange {
  int64_t min = 0;
  int64_t max = 0;
  bool operator==(const SekRange&) const = default;
};

// The life of a need or an offer: only open ones are matched.
enum class ItemStatus { kDraft, kOpen, kClosed };

// How far an offer has come; the order is the order of maturity.
enum class Stage { kIdea, kPilot, kProven, kScaling };

std::string_view ItemStatusCode(ItemStatus status);  // "draft", "open", "closed"
std::optional<ItemStatus> ParseItemStatus(std::string_view code);
std::string_view StageCode(Stage stage);  // "idea", "pilot", "proven", "scaling"
std::optional<Stage> ParseStage(std::string_view code);

// Where a need is: one municipality (its county follows from the code), one county, or the
// whole country. Exactly one of the three once validated.
struct NeedArea {
  std::string municipality;  // SCB code, four digits, or empty
  std::string county;        // SCB code, two digits, or empty
  bool national = false;
  bool operator==(const NeedArea&) const = default;
};

// Where an offer can deliver: any mix of municipalities and counties, or the whole country.
struct OfferReach {
  std::vector<std::string> municipalities;
  std::vector<std::string> counties;
  bool national = false;
  bool empty() const { return municipalities.empty() && counties.empty() && !national; }
  bool operator==(const OfferReach&) const = default;
};

// When the need owner wants the work done: ISO dates YYYY-MM-DD, either may be empty.
struct TimeFrame {
  std::string start;
  std::string end;
  bool operator==(const TimeFrame&) const = default;
};

struct Need {
  int64_t id = 0;                        // the store's id; 0 before it is stored
  std::string external_id;               // the importer's stable key
  std::string owner;                     // external_id of the owning actor
  Language language = kDefaultLanguage;  // the language the texts were written in first
  LocalizedText title;
  LocalizedText description;
  std::vector<int> sdgs;  // 1–17, ascending once validated
  NeedArea where;
  std::vector<std::string> target_groups;        // target-groups.csv codes
  std::vector<std::string> collaboration_forms;  // collaboration-forms.csv codes
  std::optional<SekRange> budget_sek;
  TimeFrame time_frame;
  ItemStatus status = ItemStatus::kOpen;
  bool operator==(const Need&) const = default;
};

struct Offer {
  int64_t id = 0;
  std::string external_id;
  std::string actor;  // external_id of the offering actor
  Language language = kDefaultLanguage;
  LocalizedText title;
  LocalizedText description;
  std::vector<int> sdgs;
  OfferReach reach;
  std::vector<std::string> target_groups;
  std::vector<std::string> collaboration_forms;
  std::optional<SekRange> price_sek;
  // How many more assignments the actor can take on now; nullopt when it has not said. Zero
  // means it is fully booked.
  std::optional<int> capacity;
  Stage stage = Stage::kIdea;
  ItemStatus status = ItemStatus::kOpen;
  bool operator==(const Offer&) const = default;
};

inline constexpr size_t kMaxExternalIdLength = 100;
inline constexpr size_t kMaxTitleLength = 200;
inline constexpr size_t kMaxDescriptionLength = 10000;
inline constexpr size_t kMaxListLength = 50;
inline constexpr int64_t kMaxSek = 1'000'000'000'000;  // a thousand billion kronor
inline constexpr int kMaxCapacity = 100000;

// Trim and normalise (SDGs and codes sorted, duplicates dropped) and check every field against
// `reference`. Every problem comes back at once: an InvalidArgument with one FieldError per
// problem, named after the JSON field of FORMATS.md (e.g. "where", "budget_sek").
Result<Need> ValidateNeed(Need need, const ReferenceData& reference);
Result<Offer> ValidateOffer(Offer offer, const ReferenceData& reference);

// The county a need is in: its own county, or its municipality's; empty for a national need
// or an unknown code.
std::string NeedCounty(const NeedArea& where, const ReferenceData& reference);

}  // namespace samverkan::matching
