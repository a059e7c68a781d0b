// The Cookie header: web::ParseCookies, and the language the server picks from the "lang"
// cookie.
//
// Properties:
//  * every name is non-empty, holds no '=' or ';' and has no surrounding spaces or tabs;
//    no value holds ';';
//  * writing the cookies back as `name="value"; …` and parsing again gives the same map;
//  * a language the cookie names reads back from its own code.
#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include "core/language.h"
#include "fuzz_check.h"
#include "web/request.h"

namespace {

using samverkan::fuzz::Quote;

bool IsBlank(char c) { return c == ' ' || c == '\t'; }

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view header(reinterpret_cast<const char*>(data), size);
  std::map<std::string, std::string> cookies = samverkan::web::ParseCookies(header);

  std::string written;
  for (const auto& [name, value] : cookies) {
    FUZZ_CHECK(!name.empty(), Quote(header));
    FUZZ_CHECK(name.find_first_of("=;") == std::string::npos, Quote(header) + ": " + Quote(name));
    FUZZ_CHECK(!IsBlank(name.front()) && !IsBlank(name.back()), Quote(header) + ": " + Quote(name));
    FUZZ_CHECK(value.find(';') == std::string::npos, Quote(header) + ": " + Quote(value));
    if (!written.empty()) written += "; ";
    written += name + "=\"" + value + "\"";
  }
  auto again = samverkan::web::ParseCookies(written);
  FUZZ_CHECK(again == cookies, Quote(header) + " written back as " + Quote(written));

  if (auto lang = cookies.find("lang"); lang != cookies.end()) {
    if (auto parsed = samverkan::ParseLanguage(lang->second)) {
      FUZZ_CHECK(samverkan::ParseLanguage(samverkan::LanguageCode(*parsed)) == parsed,
                 Quote(lang->second));
    }
  }
  return 0;
}
