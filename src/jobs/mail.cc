#include "jobs/mail.h"

#include <algorithm>
#include <cstdint>
#include <vector>

namespace samverkan::jobs {
namespace {

// Length in characters, not bytes: limits are promised to people.
size_t Utf8Length(std::string_view s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

bool IsValidUtf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t extra;
    uint32_t cp;
    if (c >= 0xC2 && c <= 0xDF) {
      extra = 1, cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      extra = 2, cp = c & 0x0F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      extra = 3, cp = c & 0x07;
    } else {
      return false;
    }
    if (s.size() - i <= extra) return false;
    for (size_t k = 1; k <= extra; ++k) {
      unsigned char b = static_cast<unsigned char>(s[i + k]);
      if ((b & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (b & 0x3F);
    }
    // Overlong forms, UTF-16 surrogates and code points past U+10FFFF are not UTF-8.
    if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
      return false;
    }
    i += extra + 1;
  }
  return true;
}

}  // namespace

bool IsPlainAddress(std::string_view address) {
  if (address.empty() || address.size() > kMaxAddressLength) return false;
  size_t at = address.find('@');
  if (at == 0 || at == std::string_view::npos || at + 1 == address.size() ||
      address.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  constexpr std::string_view kForbidden = "<>()[]\\,;:\"";
  return std::all_of(address.begin(), address.end(), [&](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return c > ' ' && c < 0x7F && kForbidden.find(ch) == std::string_view::npos;
  });
}

bool HasHeaderBreakingCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(), [](char ch) {
    unsigned char c = static_cast<unsigned char>(ch);
    return (c < 0x20 && c != '\t') || c == 0x7F;
  });
}

Status ValidateMail(const Mail& mail) {
  if (mail.kind.empty() || mail.kind.size() > kMaxKindLength ||
      !std::all_of(mail.kind.begin(), mail.kind.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-';
      })) {
    return Error::Internal("mail kind must be a non-empty token of [a-z0-9-]: '" +
                           mail.kind.substr(0, kMaxKindLength) + "'");
  }
  std::vector<FieldError> errors;
  if (!IsPlainAddress(mail.to)) {
    errors.push_back({"to", N_("Enter an e-mail address like name@example.se.")});
  }
  if (mail.subject.empty()) {
    errors.push_back({"subject", N_("Enter a subject.")});
  } else if (HasHeaderBreakingCharacter(mail.subject)) {
    errors.push_back(
        {"subject", N_("The subject must be a single line without control characters.")});
  } else if (Utf8Length(mail.subject) > kMaxSubjectLength) {
    errors.push_back({"subject",
                      N_("Use at most {{max}} characters."),
                      {{"max", std::to_string(kMaxSubjectLength)}}});
  } else if (!IsValidUtf8(mail.subject)) {
    errors.push_back({"subject", N_("The text is not valid UTF-8.")});
  }
  if (mail.text.empty()) {
    errors.push_back({"text", N_("Write a message.")});
  } else if (Utf8Length(mail.text) > kMaxBodyLength) {
    errors.push_back(
        {"text", N_("Use at most {{max}} characters."), {{"max", std::to_string(kMaxBodyLength)}}});
  } else if (!IsValidUtf8(mail.text)) {
    errors.push_back({"text", N_("The text is not valid UTF-8.")});
  }
  if (Utf8Length(mail.html) > kMaxBodyLength) {
    errors.push_back(
        {"html", N_("Use at most {{max}} characters."), {{"max", std::to_string(kMaxBodyLength)}}});
  } else if (!IsValidUtf8(mail.html)) {
    errors.push_back({"html", N_("The text is not valid UTF-8.")});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

}  // namespace samverkan::jobs
