// The framing layer: bytes from a connection into boost::beast::http::request_parser with the
// server's limits (web::ServerOptions: header 16 KiB, body 1 MiB), one parser per request as
// web::Server does for pipelined requests, then for every parsed request what Prepare does
// with it: boost::urls::parse_origin_form on the target, the decoded path through the
// application's router, the query and the Cookie header through the project's parsers, and
// the body through Request::Form / platform::ParseJsonBody.
//
// Properties:
//  * how the bytes are split into reads does not change what is parsed: all at once, one byte
//    at a time and in pieces of a few bytes give the same requests, and end the connection
//    cleanly or with an error alike. Which error may differ (Beast checks a header's lines
//    before its blank line has arrived only on the first read, and reports some malformed
//    chunk extensions as "body limit exceeded" when they arrive in pieces): the server answers
//    every framing error with a 4xx and closes the connection;
//  * a parsed request's target, header names and values hold no CR, LF or NUL (they reach
//    logs and responses), and a body read by Content-Length has that length;
//  * a target Boost.URL accepts as origin-form decodes to a path starting with '/'.
#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include "fuzz_check.h"
#include "fuzz_routes.h"
#include "platform/api.h"
#include "web/request.h"
#include "web/router.h"
#include "web/server.h"

namespace {

namespace beast = boost::beast;
namespace http = beast::http;
using samverkan::fuzz::Quote;

// At most this many requests from one connection's bytes.
constexpr int kMaxRequests = 64;

struct ParsedRequest {
  std::string method;
  std::string target;
  unsigned version = 0;
  std::vector<std::pair<std::string, std::string>> fields;
  std::string body;
  bool keep_alive = false;
  bool operator==(const ParsedRequest&) const = default;
};

struct Outcome {
  std::vector<ParsedRequest> requests;
  std::vector<samverkan::web::HttpRequest> messages;
  beast::error_code error;  // why reading stopped: end_of_stream when the bytes ran out cleanly
};

std::string Describe(const Outcome& o) {
  std::string out = std::to_string(o.requests.size()) + " requests";
  for (const auto& r : o.requests) {
    out += "\n  " + r.method + " " + Quote(r.target) + " HTTP/" + std::to_string(r.version) +
           " body " + Quote(r.body) + (r.keep_alive ? " keep-alive" : " close");
    for (const auto& [n, v] : r.fields) out += "\n    " + Quote(n) + ": " + Quote(v);
  }
  return out + "\n  then " + o.error.message();
}

// Reads requests the way web::Server does (http::async_read into a buffer kept across the
// requests of a connection), with the connection delivering `piece` bytes per read.
Outcome ReadRequests(std::string_view input, size_t piece) {
  samverkan::web::ServerOptions options;
  Outcome outcome;
  beast::flat_buffer buffer;
  size_t delivered = 0;
  auto deliver = [&]() {
    size_t n = std::min(piece, input.size() - delivered);
    if (n == 0) return false;
    auto space = buffer.prepare(n);
    std::copy_n(input.data() + delivered, n, static_cast<char*>(space.data()));
    buffer.commit(n);
    delivered += n;
    return true;
  };
  while (outcome.requests.size() < kMaxRequests) {
    // The server waits for the first byte of the next request; the connection is done when
    // none comes.
    if (buffer.size() == 0 && !deliver()) {
      outcome.error = http::error::end_of_stream;
      return outcome;
    }
    http::request_parser<http::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(options.body_limit);
    parser.eager(true);  // as http::async_read sets it
    beast::error_code ec;
    while (!parser.is_done()) {
      size_t used = parser.put(buffer.data(), ec);
      buffer.consume(used);
      if (ec == http::error::need_more || (!ec && used == 0)) {
        ec = {};
        if (!deliver()) {
          // The peer closed the connection (http::read_some: end of stream).
          if (parser.got_some()) {
            parser.put_eof(ec);
            if (!ec && !parser.is_done()) ec = http::error::partial_message;
          } else {
            ec = http::error::end_of_stream;
          }
          break;
        }
        continue;
      }
      if (ec) break;
    }
    if (ec) {
      outcome.error = ec;
      return outcome;
    }
    samverkan::web::HttpRequest message = parser.release();
    ParsedRequest parsed;
    parsed.method = std::string(message.method_string());
    parsed.target = std::string(message.target());
    parsed.version = message.version();
    for (const auto& field : message) {
      parsed.fields.emplace_back(std::string(field.name_string()), std::string(field.value()));
    }
    parsed.body = message.body();
    parsed.keep_alive = message.keep_alive();
    outcome.requests.push_back(std::move(parsed));
    outcome.messages.push_back(std::move(message));
    // The server answers and closes: what follows is never read.
    if (!outcome.requests.back().keep_alive) {
      outcome.error = http::error::end_of_stream;
      return outcome;
    }
  }
  return outcome;
}

bool HasLineBreakOrNul(std::string_view s) {
  return s.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos;
}

// What web::Server's Prepare does with a parsed request before a handler runs.
void Prepare(const samverkan::web::HttpRequest& message) {
  static const samverkan::web::Router router = samverkan::fuzz::ApplicationRouter();
  std::string_view raw_target(message.target().data(), message.target().size());
  FUZZ_CHECK(!HasLineBreakOrNul(raw_target), Quote(raw_target));
  for (const auto& field : message) {
    FUZZ_CHECK(!HasLineBreakOrNul(field.name_string()) && !HasLineBreakOrNul(field.value()),
               Quote(field.name_string()) + ": " + Quote(field.value()));
  }
  if (message.has_content_length() && !message.chunked()) {
    std::string_view length = message[http::field::content_length];
    std::uint64_t value = 0;
    auto [end, error] = std::from_chars(length.data(), length.data() + length.size(), value);
    FUZZ_CHECK(error == std::errc() && end == length.data() + length.size() &&
                   value == message.body().size(),
               Quote(length) + " for a body of " + std::to_string(message.body().size()));
  }

  samverkan::web::Request req;
  req.http = &message;
  auto target = boost::urls::parse_origin_form(raw_target);
  if (!target) return;  // answered 400 by the server
  req.path = target->path();
  FUZZ_CHECK(!req.path.empty() && req.path.front() == '/',
             Quote(raw_target) + " decodes to " + Quote(req.path));
  req.query_string = target->encoded_query();
  req.query = samverkan::web::Params::ParseUrlEncoded(req.query_string);
  req.cookies = samverkan::web::ParseCookies(req.Header(http::field::cookie));
  if (auto lang = req.query.Get("lang")) (void)samverkan::ParseLanguage(*lang);
  samverkan::web::RouteMatch match = router.Match(message.method(), req.path);
  if (match.route) req.path_params = std::move(match.params);

  const auto& form = req.Form();
  FUZZ_CHECK(form.items().size() <= message.body().size(), Quote(message.body()));
  if (req.Header(http::field::content_type).rfind("application/json", 0) == 0) {
    auto body = samverkan::platform::ParseJsonBody(req);
    if (body.ok()) FUZZ_CHECK(body->is_object(), Quote(message.body()));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  Outcome whole = ReadRequests(input, std::max<size_t>(size, 1));
  for (size_t piece : {size_t{1}, size_t{2} + size % 13}) {
    Outcome split = ReadRequests(input, piece);
    bool whole_clean = whole.error == http::error::end_of_stream;
    bool split_clean = split.error == http::error::end_of_stream;
    FUZZ_CHECK(split.requests == whole.requests && split_clean == whole_clean,
               "read at once: " + Describe(whole) + "\nread " + std::to_string(piece) +
                   " bytes at a time: " + Describe(split));
  }
  for (const auto& message : whole.messages) Prepare(message);
  return 0;
}
