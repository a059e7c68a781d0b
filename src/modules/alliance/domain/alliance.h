// The alliance: the actors of the registry that have joined, what they committed to, and the
// goal the node has set for it. Pure: value types, the fixed list of commitments, validation
// of applications, decisions and goals, and calendar dates; no storage or HTTP.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace samverkan::alliance {

// What an applicant may commit to, besides free text. `code` is stored; `label` is the
// English msgid (Swedish in po/sv.po).
struct Commitment {
  std::string_view code;
  const char* label;
};
const std::vector<Commitment>& Commitments();
const Commitment* FindCommitment(std::string_view code);

// The person the node contacts about the application: personal data, shown only to the
// applicant's organisation and the node's staff, exported and erased with the account of the
// person who sent the application.
struct ContactPerson {
  std::string name;
  std::string email;
  std::string phone;
  bool operator==(const ContactPerson&) const = default;
};

// An application as a form or the API supplies it.
struct ApplicationDraft {
  int64_t actor_id = 0;
  std::string motivation;
  ContactPerson contact;
  std::vector<std::string> commitments;  // Commitment codes, in the list's order once validated
  std::string other_commitment;          // free text, may be empty
};

enum class ApplicationStatus { kPending, kApproved, kRefused };
// "pending", "approved", "refused".
const char* StatusCode(ApplicationStatus status);
std::optional<ApplicationStatus> ParseStatus(std::string_view code);

struct Application {
  int64_t id = 0;
  ApplicationDraft draft;
  ApplicationStatus status = ApplicationStatus::kPending;
  int64_t submitted_by = 0;  // user id; 0 once that account is deleted, or for demo data
  int64_t submitted_at_ms = 0;
  int64_t decided_by = 0;
  int64_t decided_at_ms = 0;
  std::string refusal_reason;  // shown to the applicant
  std::string member_since;    // ISO date, for approved applications
};

// One period of membership; an actor that leaves and joins again has two.
struct Membership {
  int64_t id = 0;
  int64_t actor_id = 0;
  std::string since;  // ISO date YYYY-MM-DD
  std::string until;  // ISO date it ended, or empty while it lasts
  int64_t application_id = 0;  // 0 for memberships recorded without one
  bool active() const { return until.empty(); }
};

// The alliance's goal: members in total and per sector (sector code -> minimum). The
// founding goal is 50 key actors with every sector present (DefaultGoals).
struct Goals {
  int total = 50;
  std::map<std::string, int> per_sector;
  bool operator==(const Goals&) const = default;
};
Goals DefaultGoals(const std::vector<std::string>& sector_codes);

inline constexpr size_t kMaxMotivationLength = 4000;
inline constexpr size_t kMaxOtherCommitmentLength = 2000;
inline constexpr size_t kMaxContactNameLength = 200;
inline constexpr size_t kMaxPhoneLength = 40;
inline constexpr size_t kMaxReasonLength = 2000;
inline constexpr int kMaxGoal = 100000;

// Trims the texts, orders the commitments as the list does (duplicates dropped), and reports
// every problem at once as InvalidArgument with one FieldError per field: motivation,
// contact_name, contact_email, contact_phone, commitments, other_commitment.
Result<ApplicationDraft> ValidateApplication(ApplicationDraft draft);

// A refusal needs a reason (field "reason"), at most kMaxReasonLength characters; trimmed.
Result<std::string> ValidateReason(std::string reason);

// Non-negative targets up to kMaxGoal for known sectors (fields "total" and "sector_<code>").
Status ValidateGoals(const Goals& goals, const std::vector<std::string>& sector_codes);

// Calendar dates as ISO text YYYY-MM-DD.
bool IsIsoDate(std::string_view text);
// The UTC date of a time in milliseconds since the epoch.
std::string IsoDateOf(int64_t ms);
// The year of an ISO date (which must be valid).
int YearOf(std::string_view iso_date);

// A start or end date for `field`: empty means `today`; otherwise a valid date not after
// today and not before 1900. InvalidArgument for `field` otherwise.
Result<std::string> ValidateDecisionDate(std::string_view text, std::string_view today,
                                         const std::string& field);

}  // namespace samverkan::alliance
