// What the fuzz targets share: a check that aborts (so that libFuzzer records the input as a
// crash) when a property of the code under test does not hold, and small helpers.
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace samverkan::fuzz {

// Prints what went wrong with the two values involved and aborts. Used for round-trip and
// other properties; the sanitizers catch crashes, UB and leaks themselves.
[[noreturn]] inline void Fail(const char* file, int line, const char* what,
                              std::string_view detail) {
  std::fprintf(stderr, "\n%s:%d: property violated: %s\n", file, line, what);
  if (!detail.empty()) {
    std::fprintf(stderr, "%.*s\n", static_cast<int>(detail.size()), detail.data());
  }
  std::abort();
}

// Bytes shown with C escapes, for failure messages.
inline std::string Quote(std::string_view s) {
  static const char* kHex = "0123456789abcdef";
  std::string out = "\"";
  for (unsigned char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += static_cast<char>(c);
    } else if (c >= 0x20 && c < 0x7f) {
      out += static_cast<char>(c);
    } else {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out + "\"";
}

// Whether the known problem `id` (reported, awaiting its fix) is to be let through, so that
// fuzzing can go on around it: SAMVERKAN_FUZZ_TOLERATE holds a comma-separated list of ids.
// By default nothing is.
inline bool Tolerated(std::string_view id) {
  static const std::string list = [] {
    const char* value = std::getenv("SAMVERKAN_FUZZ_TOLERATE");
    return "," + std::string(value ? value : "") + ",";
  }();
  return list.find("," + std::string(id) + ",") != std::string::npos;
}

}  // namespace samverkan::fuzz

#define FUZZ_CHECK(condition, detail)                                                  \
  do {                                                                                 \
    if (!(condition)) ::samverkan::fuzz::Fail(__FILE__, __LINE__, #condition, detail); \
  } while (false)

// A property a known bug breaks: fails unless `id` is tolerated (see Tolerated).
#define FUZZ_CHECK_KNOWN(id, condition, detail)                                  \
  do {                                                                           \
    if (!(condition) && !::samverkan::fuzz::Tolerated(id)) {                     \
      ::samverkan::fuzz::Fail(__FILE__, __LINE__, "[" id "] " #condition, detail); \
    }                                                                            \
  } while (false)
