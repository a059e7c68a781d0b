#include "modules/impact/domain/initiative.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <set>


namespace samverkan::impact {
namespace {

constexpr std::string_view kWriteScope = "write";

Status Refuse(const Principal& who, const char* message) {
  if (!who.authenticated()) return Error(ErrorCode::kUnauthenticated, "Sign in to continue.");
  return Error::Forbidden(message);
}

bool AllDigits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isdigit(c); });
}

void CheckLength(const std::string& text, size_t max, const char* field,
                 std::vector<FieldError>& errors) {
  if (text.size() > max) {
    errors.push_back({field, N_("At most {{max}} characters."), {{"max", std::to_string(max)}}});
  }
}

}  // namespace

Status CheckMayEditInitiative(const Principal& who, int64_t actor_id) {
  if (who.authenticated() && who.Allows(kWriteScope) &&
      (who.IsEditor() || (actor_id != 0 && who.Represents(actor_id)))) {
    return Status::Ok();
  }
  return Refuse(who, N_("Only representatives of the organisation, editors and administrators "
                        "can change its initiatives."));
}

Status CheckMayCurateLibrary(const Principal& who) {
  if (who.authenticated() && who.IsEditor() && who.Allows(kWriteScope)) return Status::Ok();
  return Refuse(who, N_("Only editors and administrators can curate the indicator library."));
}

Status ValidateInitiativeDraft(const InitiativeDraft& draft) {
  std::vector<FieldError> errors;
  if (draft.actor_id <= 0) errors.push_back({"actor", N_("Choose the organisation."), {}});
  if (draft.name.sv.empty() && draft.name.en.empty()) {
    errors.push_back({"name_sv", N_("Give the initiative a name in Swedish or English."), {}});
  }
  CheckLength(draft.name.sv, kMaxInitiativeNameLength, "name_sv", errors);
  CheckLength(draft.name.en, kMaxInitiativeNameLength, "name_en", errors);
  CheckLength(draft.summary.sv, kMaxInitiativeSummaryLength, "summary_sv", errors);
  CheckLength(draft.summary.en, kMaxInitiativeSummaryLength, "summary_en", errors);
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

bool IsValidPeriod(std::string_view period) {
  if (period.size() < 4 || !AllDigits(period.substr(0, 4))) return false;
  if (period.size() == 4) return true;
  if (period.size() == 7 && period[4] == '-' && period[5] == 'Q') {
    return period[6] >= '1' && period[6] <= '4';
  }
  if (period.size() == 7 && period[4] == '-' && AllDigits(period.substr(5))) {
    const int month = (period[5] - '0') * 10 + (period[6] - '0');
    return month >= 1 && month <= 12;
  }
  return false;
}

Status ValidatePick(const IndicatorPick& pick) {
  std::vector<FieldError> errors;
  if (pick.indicator_id.empty()) errors.push_back({"indicator", N_("Choose an indicator."), {}});
  auto check = [&](const std::optional<double>& value, const std::string& period,
                   const char* value_field, const char* period_field) {
    if (value && !std::isfinite(*value)) {
      errors.push_back({value_field, N_("Enter a number."), {}});
    }
    if (!period.empty() && !IsValidPeriod(period)) {
      errors.push_back({period_field, N_("Write the period as 2025, 2025-Q1 or 2025-01."), {}});
    }
  };
  check(pick.baseline, pick.baseline_period, "baseline", "baseline_period");
  check(pick.target, pick.target_period, "target", "target_period");
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

bool IsValidIndicatorId(std::string_view id) {
  if (id.size() < 2 || id.size() > 60) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
  });
}

std::string NextElementId(const std::vector<std::string>& taken) {
  std::set<std::string> used(taken.begin(), taken.end());
  for (size_t n = taken.size() + 1;; ++n) {
    std::string id = "e" + std::to_string(n);
    if (!used.count(id)) return id;
  }
}

}  // namespace samverkan::impact
