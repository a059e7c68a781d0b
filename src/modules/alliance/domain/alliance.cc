#include "modules/alliance/domain/alliance.h"

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "core/text.h"

namespace samverkan::alliance {
namespace {

std::string Trim(std::string s) {
  s.erase(0, s.find_first_not_of(" \t\r\n"));
  s.erase(s.find_last_not_of(" \t\r\n") + 1);
  return s;
}

size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

FieldError TooLong(const char* field, size_t max) {
  return {field, N_("Use at most {{max}} characters."), {{"max", std::to_string(max)}}};
}

// Digits, spaces and + - ( ) only: a number someone can dial, written as people write it.
bool LooksLikePhone(std::string_view phone) {
  int digits = 0;
  for (char c : phone) {
    if (c >= '0' && c <= '9') {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-' && c != '(' && c != ')') {
      return false;
    }
  }
  return digits >= 5;
}

}  // namespace

const std::vector<Commitment>& Commitments() {
  static const std::vector<Commitment> kList = {
      {"buy_social", N_("Buy from social enterprises, or procure with social criteria")},
      {"share_needs", N_("Share our needs and societal challenges with the ecosystem")},
      {"measure_impact", N_("Measure and report impact with the common framework")},
      {"challenge", N_("Pose a challenge or sit on a jury in the Social Innovation Challenge")},
      {"share_knowledge", N_("Share knowledge and take part in Co-Labs and Science Shops")},
      {"communicate", N_("Tell others about the alliance and its goal")},
  };
  return kList;
}

const Commitment* FindCommitment(std::string_view code) {
  for (const auto& c : Commitments()) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

const char* StatusCode(ApplicationStatus status) {
  switch (status) {
    case ApplicationStatus::kPending:
      return "pending";
    case ApplicationStatus::kApproved:
      return "approved";
    case ApplicationStatus::kRefused:
      return "refused";
  }
  return "pending";
}

std::optional<ApplicationStatus> ParseStatus(std::string_view code) {
  for (auto s : {ApplicationStatus::kPending, ApplicationStatus::kApproved, ApplicationStatus::kRefused}) {
    if (code == StatusCode(s)) return s;
  }
  return std::nullopt;
}

Goals DefaultGoals(const std::vector<std::string>& sector_codes) {
  Goals goals;
  goals.total = 50;
  for (const auto& code : sector_codes) goals.per_sector[code] = 1;
  return goals;
}

Result<ApplicationDraft> ValidateApplication(ApplicationDraft draft) {
  draft.motivation = Trim(std::move(draft.motivation));
  draft.contact.name = Trim(std::move(draft.contact.name));
  draft.contact.email = Trim(std::move(draft.contact.email));
  draft.contact.phone = Trim(std::move(draft.contact.phone));
  draft.other_commitment = Trim(std::move(draft.other_commitment));
  std::vector<FieldError> errors;
  auto text = [&](const std::string& value, const char* field) {
    if (!IsValidText(value)) errors.push_back({field, N_("The text is not valid UTF-8.")});
  };
  text(draft.motivation, "motivation");
  text(draft.contact.name, "contact_name");
  text(draft.other_commitment, "other_commitment");

  if (draft.motivation.empty()) {
    errors.push_back({"motivation", N_("Tell us why your organisation wants to join.")});
  } else if (Utf8Length(draft.motivation) > kMaxMotivationLength) {
    errors.push_back(TooLong("motivation", kMaxMotivationLength));
  }
  if (draft.contact.name.empty()) {
    errors.push_back({"contact_name", N_("Enter the contact person's name.")});
  } else if (Utf8Length(draft.contact.name) > kMaxContactNameLength) {
    errors.push_back(TooLong("contact_name", kMaxContactNameLength));
  }
  if (draft.contact.email.empty()) {
    errors.push_back({"contact_email", N_("Enter the contact person's e-mail address.")});
  } else if (!IsPlainEmailAddress(draft.contact.email)) {
    errors.push_back({"contact_email", N_("Enter an e-mail address like name@example.se.")});
  }
  if (!draft.contact.phone.empty() &&
      (draft.contact.phone.size() > kMaxPhoneLength || !LooksLikePhone(draft.contact.phone))) {
    errors.push_back({"contact_phone", N_("Enter a phone number like 070-123 45 67.")});
  }
  std::vector<std::string> ordered;
  bool unknown = false;
  for (const auto& code : draft.commitments) {
    if (!FindCommitment(code)) {
      unknown = true;
      errors.push_back({"commitments", N_("{{code}} is not one of the commitments."), {{"code", code}}});
    }
  }
  for (const auto& c : Commitments()) {
    if (std::find(draft.commitments.begin(), draft.commitments.end(), c.code) != draft.commitments.end()) {
      ordered.emplace_back(c.code);
    }
  }
  draft.commitments = std::move(ordered);
  if (Utf8Length(draft.other_commitment) > kMaxOtherCommitmentLength) {
    errors.push_back(TooLong("other_commitment", kMaxOtherCommitmentLength));
  }
  if (!unknown && draft.commitments.empty() && draft.other_commitment.empty()) {
    errors.push_back({"commitments", N_("Choose at least one commitment, or describe your own.")});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return draft;
}

Result<std::string> ValidateReason(std::string reason) {
  reason = Trim(std::move(reason));
  if (reason.empty()) return Error::InvalidField("reason", N_("Give the reason for the refusal; the applicant sees it."));
  if (!IsValidText(reason)) return Error::InvalidField("reason", N_("The text is not valid UTF-8."));
  if (Utf8Length(reason) > kMaxReasonLength) {
    return Error::Invalid({TooLong("reason", kMaxReasonLength)});
  }
  return reason;
}

Status ValidateGoals(const Goals& goals, const std::vector<std::string>& sector_codes) {
  std::vector<FieldError> errors;
  auto range = [&](int value, const std::string& field) {
    if (value < 0 || value > kMaxGoal) {
      errors.push_back({field, N_("Must be a whole number from {{min}} to {{max}}."),
                        {{"min", "0"}, {"max", std::to_string(kMaxGoal)}}});
    }
  };
  range(goals.total, "total");
  for (const auto& [sector, target] : goals.per_sector) {
    if (std::find(sector_codes.begin(), sector_codes.end(), sector) == sector_codes.end()) {
      errors.push_back({"sector_" + sector, N_("{{code}} is not a sector."), {{"code", sector}}});
    } else {
      range(target, "sector_" + sector);
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

bool IsIsoDate(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return false;
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9}) {
    if (text[i] < '0' || text[i] > '9') return false;
  }
  int y = std::stoi(std::string(text.substr(0, 4)));
  unsigned m = std::stoi(std::string(text.substr(5, 2)));
  unsigned d = std::stoi(std::string(text.substr(8, 2)));
  return std::chrono::year_month_day(std::chrono::year(y), std::chrono::month(m), std::chrono::day(d)).ok();
}

std::string IsoDateOf(int64_t ms) {
  using namespace std::chrono;
  year_month_day ymd(floor<days>(sys_time<milliseconds>(milliseconds(ms))));
  char buffer[16];
  std::snprintf(buffer, sizeof buffer, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buffer;
}

int YearOf(std::string_view iso_date) { return std::stoi(std::string(iso_date.substr(0, 4))); }

Result<std::string> ValidateDecisionDate(std::string_view text, std::string_view today,
                                         const std::string& field) {
  std::string date = Trim(std::string(text));
  if (date.empty()) return std::string(today);
  if (!IsIsoDate(date) || date < "1900-01-01") {
    return Error::InvalidField(field, N_("Enter a date as YYYY-MM-DD, e.g. 2026-03-01."));
  }
  // ISO dates compare as text.
  if (date > today) return Error::InvalidField(field, N_("The date cannot be in the future."));
  return date;
}

}  // namespace samverkan::alliance
