// Query strings and form bodies: web::Params::ParseUrlEncoded, PercentDecode/PercentEncode,
// and what the platform reads from them (pagination, the "next" address after signing in).
//
// Properties:
//  * PercentDecode(PercentEncode(x)) == x for any bytes x, with and without '+' as space, and
//    PercentEncode writes only unreserved characters and %XX;
//  * re-encoding the parsed pairs and parsing again gives the same pairs; Get/GetAll agree
//    with items();
//  * a cursor made by EncodeCursor comes back unchanged from ParsePageRequest;
//  * LocalPathOr only lets through addresses that a browser resolves on this site.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "platform/api.h"
#include "web/request.h"

namespace {

using samverkan::fuzz::Quote;
using samverkan::web::Params;

bool IsUnreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
         c == '-' || c == '_' || c == '.' || c == '~';
}

bool IsUpperHex(char c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'); }

void CheckPercentRoundTrip(std::string_view text) {
  std::string encoded = samverkan::web::PercentEncode(text);
  for (size_t i = 0; i < encoded.size(); ++i) {
    if (encoded[i] == '%') {
      FUZZ_CHECK(i + 2 < encoded.size() && IsUpperHex(encoded[i + 1]) &&
                     IsUpperHex(encoded[i + 2]),
                 Quote(encoded));
      i += 2;
    } else {
      FUZZ_CHECK(IsUnreserved(encoded[i]), Quote(encoded));
    }
  }
  FUZZ_CHECK(samverkan::web::PercentDecode(encoded, false) == text,
             Quote(text) + " -> " + Quote(encoded));
  FUZZ_CHECK(samverkan::web::PercentDecode(encoded, true) == text,
             Quote(text) + " -> " + Quote(encoded));
  // Decoding never makes text longer.
  FUZZ_CHECK(samverkan::web::PercentDecode(text, true).size() <= text.size(), Quote(text));
  FUZZ_CHECK(samverkan::web::PercentDecode(text, false).size() <= text.size(), Quote(text));
}

void CheckParams(std::string_view text, const Params& params) {
  std::string reencoded;
  for (const auto& [name, value] : params.items()) {
    // The first value of a name is what Get returns, and GetAll lists them all in order.
    auto first = params.Get(name);
    FUZZ_CHECK(first.has_value(), Quote(name));
    FUZZ_CHECK(params.Has(name), Quote(name));
    auto all = params.GetAll(name);
    FUZZ_CHECK(!all.empty() && all.front() == *first, Quote(name));
    if (!reencoded.empty()) reencoded += '&';
    reencoded += samverkan::web::PercentEncode(name) + "=" + samverkan::web::PercentEncode(value);
  }
  Params again = Params::ParseUrlEncoded(reencoded);
  FUZZ_CHECK(again.items() == params.items(), Quote(text) + " re-encoded as " + Quote(reencoded));
}

void CheckPageRequest(std::string_view text, const Params& query) {
  samverkan::web::Request req;
  req.query = query;
  auto page = samverkan::platform::ParsePageRequest(req);
  if (page.ok()) {
    FUZZ_CHECK(page->limit >= 1 && page->limit <= 100, Quote(text));
  }
  // Any key survives the trip through an opaque cursor.
  std::string cursor = samverkan::platform::EncodeCursor(text);
  samverkan::web::Request next;
  next.query = Params::ParseUrlEncoded("limit=5&cursor=" + cursor);
  auto decoded = samverkan::platform::ParsePageRequest(next);
  FUZZ_CHECK(decoded.ok(), Quote(text) + " -> cursor " + Quote(cursor));
  if (text.empty()) {
    FUZZ_CHECK(!decoded->after.has_value(), Quote(cursor));
  } else {
    FUZZ_CHECK(decoded->after == std::string(text), Quote(text) + " -> cursor " + Quote(cursor));
  }
}

// What a browser does with a Location header value before resolving it against the page
// (WHATWG URL parser): leading and trailing C0 controls and spaces are dropped, and every
// tab, line feed and carriage return anywhere is removed.
std::string AsBrowserSeesIt(std::string_view location) {
  while (!location.empty() && static_cast<unsigned char>(location.front()) <= 0x20) {
    location.remove_prefix(1);
  }
  while (!location.empty() && static_cast<unsigned char>(location.back()) <= 0x20) {
    location.remove_suffix(1);
  }
  std::string out;
  for (char c : location) {
    if (c != '\t' && c != '\n' && c != '\r') out += c;
  }
  return out;
}

// LocalPathOr decides where the browser goes after signing in: anything it lets through must
// stay on this site, that is be a path ("/x"), never scheme-relative ("//host", "/\host").
void CheckLocalPath(const std::string& next) {
  std::string chosen = samverkan::platform::LocalPathOr(next, "/konto");
  if (chosen == "/konto") return;
  FUZZ_CHECK(chosen == next, Quote(next));
  std::string seen = AsBrowserSeesIt(chosen);
  FUZZ_CHECK(!seen.empty() && seen[0] == '/', Quote(next));
  FUZZ_CHECK(seen.size() == 1 || (seen[1] != '/' && seen[1] != '\\'),
                   "LocalPathOr(" + Quote(next) + ") lets through a Location a browser reads as " +
                       Quote(seen));
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);

  CheckPercentRoundTrip(text);

  Params params = Params::ParseUrlEncoded(text);
  CheckParams(text, params);
  CheckPageRequest(text, params);

  CheckLocalPath(std::string(text));
  for (const auto& value : params.GetAll("next")) CheckLocalPath(value);
  return 0;
}
