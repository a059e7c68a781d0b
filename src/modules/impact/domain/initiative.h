// Stored impact work: initiatives (an actor's programme), their logic model, the indicators
// they follow with baseline and target, the values they report per period and their SROI map;
// the shared indicator library the node curates. Value types, the rules on who may change
// what, and checks of the input. Pure and thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/principal.h"
#include "core/result.h"
#include "modules/impact/domain/indicator.h"

namespace samverkan::impact {

inline constexpr size_t kMaxInitiativeNameLength = 200;
inline constexpr size_t kMaxInitiativeSummaryLength = 4000;
inline constexpr size_t kMaxElementTitleLength = 300;
inline constexpr size_t kMaxLinkTextLength = 2000;
inline constexpr size_t kMaxPeriodLength = 20;
inline constexpr size_t kMaxLogicElements = 100;

// What an initiative is, as entered.
struct InitiativeDraft {
  int64_t actor_id = 0;  // the owning actor
  LocalizedText name;
  LocalizedText summary;
};

struct Initiative {
  int64_t id = 0;
  int64_t actor_id = 0;
  LocalizedText name;
  LocalizedText summary;
  int64_t created_at_ms = 0;
  int64_t updated_at_ms = 0;
};

// An indicator an initiative follows, with where it started and where it aims to be.
struct IndicatorPick {
  std::string indicator_id;
  std::optional<double> baseline;
  std::string baseline_period;
  std::optional<double> target;
  std::string target_period;
};

// Creating, editing and reporting for an initiative: representatives of its actor, editors
// and admins (API tokens need the "write" scope). Unauthenticated for visitors,
// PermissionDenied for other accounts.
Status CheckMayEditInitiative(const Principal& who, int64_t actor_id);
// Curating the shared indicator library: editors and admins.
Status CheckMayCurateLibrary(const Principal& who);

// Name in at least one language, lengths within bounds, an actor. InvalidArgument with the
// fields "actor", "name_sv", "name_en", "summary_sv", "summary_en".
Status ValidateInitiativeDraft(const InitiativeDraft& draft);

// A reporting period: "2025", "2025-Q1" … "2025-Q4", "2025-01" … "2025-12". They sort in time
// order as text within one kind.
bool IsValidPeriod(std::string_view period);

// Checks a pick: a known indicator is the caller's business; finite numbers, periods valid
// when given. InvalidArgument with fields "baseline", "baseline_period", "target",
// "target_period".
Status ValidatePick(const IndicatorPick& pick);

// Indicator ids in the library: lower-case letters, digits and '-', 2-60 characters.
bool IsValidIndicatorId(std::string_view id);

// The next free element id of a model ("e1", "e2" …).
std::string NextElementId(const std::vector<std::string>& taken);

}  // namespace samverkan::impact
