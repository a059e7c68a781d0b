#include "web/server.h"

#include <sodium.h>

#include <boost/asio.hpp>
#include <boost/asio/experimental/awaitable_operators.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/url/parse.hpp>

#include <algorithm>
#include <ctime>

#include "core/text.h"
#include <iostream>
#include <thread>

namespace samverkan::web {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
using tcp = asio::ip::tcp;
using asio::awaitable;
using asio::use_awaitable;
constexpr auto kTuple = asio::as_tuple(use_awaitable);

constexpr std::string_view kCsrfCookie = "samverkan_csrf";
constexpr std::string_view kLangCookie = "lang";

// No inline script or style anywhere: every script and stylesheet is a file under /static.
constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

std::string NewToken() {
  unsigned char raw[32];
  randombytes_buf(raw, sizeof raw);
  char encoded[sodium_base64_ENCODED_LEN(32, sodium_base64_VARIANT_URLSAFE_NO_PADDING)];
  sodium_bin2base64(encoded, sizeof encoded, raw, sizeof raw,
                    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  return encoded;
}

bool TokensEqual(std::string_view a, std::string_view b) {
  return a.size() == b.size() && !a.empty() &&
         sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool IsSafeMethod(http::verb v) {
  return v == http::verb::get || v == http::verb::head || v == http::verb::options;
}

std::string Now() {
  std::time_t t = std::time(nullptr);
  std::tm tm;
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%d/%b/%Y:%H:%M:%S +0000", &tm);
  return buf;
}

}  // namespace

AccessLog::~AccessLog() { Flush(); }

void AccessLog::Write(const std::string& line) {
  std::lock_guard lock(mu_);
  buffer_ += line;
  buffer_ += '\n';
  if (buffer_.size() > 64 * 1024) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    std::fflush(out_);
    buffer_.clear();
  }
}

void AccessLog::Flush() {
  std::lock_guard lock(mu_);
  if (!buffer_.empty()) {
    std::fwrite(buffer_.data(), 1, buffer_.size(), out_);
    buffer_.clear();
  }
  std::fflush(out_);
}

struct Server::Impl {
  ServerOptions options;
  const Router& router;
  const Site& site;
  Metrics& metrics;
  AccessLog* access_log;
  std::function<bool()> readiness;
  Authenticator authenticate;

  // One io_context per network thread (run by that thread alone, hence the concurrency hint
  // of 1: no locking inside Asio's scheduler). `io` also holds the acceptor, the signals and
  // the timers; accepted connections are dealt out to the contexts in turn.
  asio::io_context io{1};
  std::vector<std::unique_ptr<asio::io_context>> extra_ios;
  std::vector<asio::io_context*> contexts{&io};
  size_t next_context = 0;
  asio::thread_pool* workers = nullptr;
  std::unique_ptr<asio::thread_pool> worker_pool;
  tcp::acceptor acceptor{io};
  asio::signal_set signals{io, SIGTERM, SIGINT};
  std::atomic<bool> stopping{false};
  std::atomic<int64_t> in_flight{0};
  std::atomic<int64_t> open_connections{0};
  std::map<const Route*, int> metric_slots;
  int not_found_slot = 0, method_slot = 0, bad_request_slot = 0;
  size_t largest_body_limit = 0;  // over the server and its routes

  Impl(ServerOptions o, const Router& r, const Site& s, Metrics& m, AccessLog* log,
       std::function<bool()> ready, Authenticator auth)
      : options(std::move(o)), router(r), site(s), metrics(m), access_log(log),
        readiness(std::move(ready)), authenticate(std::move(auth)) {
    largest_body_limit = options.body_limit;
    for (const auto& route : router.routes()) {
      metric_slots[route.get()] =
          metrics.Register(route->name, std::string(http::to_string(route->method)));
      largest_body_limit = std::max(largest_body_limit, route->body_limit);
    }
    not_found_slot = metrics.Register("not_found", "ANY");
    method_slot = metrics.Register("method_not_allowed", "ANY");
    bad_request_slot = metrics.Register("bad_request", "ANY");
    metrics.SetGauge("samverkan_http_requests_in_flight", "Requests being handled.", &in_flight);
    metrics.SetGauge("samverkan_http_open_connections", "Open client connections.",
                     &open_connections);
  }

  // The body limit of the route a request's header names: the server's unless the route
  // takes more.
  size_t BodyLimitFor(const HttpRequest& header) const {
    auto target = boost::urls::parse_origin_form(
        std::string_view(header.target().data(), header.target().size()));
    if (!target) return options.body_limit;
    RouteMatch match = router.Match(header.method(), target->path());
    return match.route ? std::max(options.body_limit, match.route->body_limit) : options.body_limit;
  }

  void AddCommonHeaders(Response& res) {
    res.set(http::field::server, "samverkan");
    res.set("Content-Security-Policy", kContentSecurityPolicy);
    res.set("X-Content-Type-Options", "nosniff");
    res.set("Referrer-Policy", "strict-origin-when-cross-origin");
    res.set("X-Frame-Options", "DENY");
    res.set("Cross-Origin-Opener-Policy", "same-origin");
    res.set("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }

  std::string CookieAttributes(std::string_view max_age) {
    std::string attrs = "; Path=/; SameSite=Lax; HttpOnly; Max-Age=" + std::string(max_age);
    if (options.secure_cookies) attrs += "; Secure";
    return attrs;
  }

  // Everything between a parsed request and its response, except the handler's own work.
  // Returns the handler to run (or nullptr with `res` filled in) so that the caller decides
  // on which thread it runs.
  const Route* Prepare(const HttpRequest& http_req, Request& req, Response& res, int& slot) {
    req.http = &http_req;
    auto target = boost::urls::parse_origin_form(
        std::string_view(http_req.target().data(), http_req.target().size()));
    if (!target) {
      slot = bad_request_slot;
      res = site.ErrorResponse(req, Error::InvalidField("target", "The address is not valid."));
      res.result(http::status::bad_request);
      return nullptr;
    }
    req.path = target->path();
    req.query_string = target->encoded_query();
    req.query = Params::ParseUrlEncoded(req.query_string);
    req.cookies = ParseCookies(req.Header(http::field::cookie));
    // Text that is not UTF-8 (or holds NUL) goes no further than here: the engines would
    // store it differently or not at all.
    auto valid = [](const Params& params) {
      return std::all_of(params.items().begin(), params.items().end(), [](const auto& kv) {
        return IsValidText(kv.first) && IsValidText(kv.second);
      });
    };
    if (!IsValidText(req.path) || !valid(req.query) || !valid(req.Form())) {
      slot = bad_request_slot;
      res = site.ErrorResponse(req, Error(ErrorCode::kInvalidArgument,
                                          "The request holds text that is not valid UTF-8."),
                               http::status::bad_request);
      return nullptr;
    }

    // Language: ?lang= wins and is remembered; then the cookie; then Swedish.
    std::optional<Language> from_query;
    if (auto q = req.query.Get("lang")) from_query = ParseLanguage(*q);
    if (from_query) {
      req.lang = *from_query;
    } else if (auto c = req.cookies.find(std::string(kLangCookie)); c != req.cookies.end()) {
      req.lang = ParseLanguage(c->second).value_or(kDefaultLanguage);
    }

    auto csrf = req.cookies.find(std::string(kCsrfCookie));
    bool has_csrf_cookie = csrf != req.cookies.end() && csrf->second.size() >= 32;
    req.csrf_token = has_csrf_cookie ? csrf->second : NewToken();

    RouteMatch match = router.Match(http_req.method(), req.path);
    if (!match.route) {
      slot = match.path_matched ? method_slot : not_found_slot;
      if (match.path_matched) {
        res = site.ErrorResponse(req,
                                 Error(ErrorCode::kInvalidArgument,
                                       "This address does not accept that method."),
                                 http::status::method_not_allowed);
        std::string allow;
        for (auto v : match.allowed) allow += (allow.empty() ? "" : ", ") + std::string(http::to_string(v));
        res.set(http::field::allow, allow);
      } else {
        res = site.NotFound(req);
      }
    } else {
      slot = metric_slots[match.route];
      req.route_name = match.route->name;
      req.path_params = std::move(match.params);
      if (!IsSafeMethod(http_req.method())) {
        if (auto refused = CheckCsrf(req, has_csrf_cookie)) {
          res = site.ErrorResponse(req, *refused);
          return nullptr;
        }
      }
    }
    if (from_query) {
      res.set(http::field::set_cookie, std::string(kLangCookie) + "=" +
                                           std::string(LanguageCode(*from_query)) +
                                           CookieAttributes("31536000"));
    }
    return match.route;
  }

  // State changes must come from our own pages (the CSRF token of a form matches the cookie)
  // or from API clients sending JSON, which a cross-site form cannot do. A request with an
  // Origin header must come from this site.
  std::optional<Error> CheckCsrf(const Request& req, bool has_cookie) {
    std::string_view origin = req.Header(http::field::origin);
    if (!origin.empty()) {
      std::string_view host = req.Header(http::field::host);
      size_t scheme = origin.find("://");
      std::string_view origin_host =
          scheme == std::string_view::npos ? origin : origin.substr(scheme + 3);
      if (origin_host != host) {
        return Error::Forbidden("The request came from another site and was refused.");
      }
    }
    std::string_view type = req.Header(http::field::content_type);
    if (req.is_api()) {
      // A body must be JSON; DELETE without a body needs no type (forms cannot send DELETE).
      bool has_body = !req.http->body().empty() || req.http->method() != http::verb::delete_;
      if (has_body && type.rfind("application/json", 0) != 0) {
        return Error(ErrorCode::kInvalidArgument, "Send the request body as application/json.");
      }
      // A browser session (cookie) must also send the token from the page's csrf-token meta
      // element; token-authenticated scripts carry no cookies.
      if (req.cookies.count(std::string(kSessionCookie)) &&
          req.http->find(http::field::authorization) == req.http->end()) {
        auto header = req.http->find("X-CSRF-Token");
        std::string_view sent = header == req.http->end()
                                    ? std::string_view()
                                    : std::string_view(header->value().data(), header->value().size());
        if (!TokensEqual(sent, req.csrf_token)) {
          return Error::Forbidden("The form has expired. Reload the page and try again.");
        }
      }
      return std::nullopt;
    }
    auto token = req.Form().Get("csrf_token");
    if (!has_cookie || !token || !TokensEqual(*token, req.csrf_token)) {
      return Error::Forbidden("The form has expired. Reload the page and try again.");
    }
    return std::nullopt;
  }

  // Whether answering needs the worker pool: the route blocks, or the request carries
  // credentials whose lookup does.
  bool NeedsWorker(const Route* route, const Request& req) const {
    if (route->blocking) return true;
    if (!authenticate) return false;
    return req.cookies.count(std::string(kSessionCookie)) ||
           req.http->find(http::field::authorization) != req.http->end();
  }

  Response RunHandler(const Route* route, Request& req) {
    try {
      if (authenticate && NeedsWorker(route, req)) {
        if (auto refused = authenticate(req)) return site.ErrorResponse(req, *refused);
      }
      return route->handler(req);
    } catch (const std::exception& e) {
      std::cerr << "error: unhandled exception in " << route->name << ": " << e.what() << "\n";
      return site.ErrorResponse(req, Error::Internal(e.what()));
    }
  }

  void Finish(Request& req, Response& res, const HttpRequest& http_req, bool set_csrf_cookie) {
    AddCommonHeaders(res);
    if (set_csrf_cookie && res[http::field::content_type].starts_with("text/html")) {
      res.insert(http::field::set_cookie,
                 std::string(kCsrfCookie) + "=" + req.csrf_token + CookieAttributes("86400"));
    }
    if (http_req.method() == http::verb::head) {
      auto length = res.body().size();
      res.body().clear();
      res.content_length(length);
    }
  }

  void Log(const Request& req, const HttpRequest& http_req, const Response& res, double seconds) {
    if (!access_log) return;
    char buf[96];
    std::snprintf(buf, sizeof buf, " %u %zu %.3fms", res.result_int(), res.body().size(),
                  seconds * 1000);
    std::string line;
    line.reserve(160);
    line += req.client_address;
    line += " - - [";
    line += Now();
    line += "] \"";
    line += std::string(http::to_string(http_req.method()));
    line += ' ';
    // The target only up to its query: query strings may hold search words or tokens.
    line += req.path;
    line += "\"";
    line += buf;
    line += ' ';
    line += req.route_name.empty() ? "-" : req.route_name;
    access_log->Write(line);
  }

  awaitable<void> Session(tcp::socket socket) {
    beast::tcp_stream stream(std::move(socket));
    beast::flat_buffer buffer;
    std::string client;
    {
      boost::system::error_code ec;
      auto ep = stream.socket().remote_endpoint(ec);
      client = ec ? "-" : ep.address().to_string();
    }
    ++open_connections;
    bool first = true;
    // A request counts as in flight from its first byte, so that SIGTERM lets a request that
    // is still arriving finish too.
    struct InFlight {
      std::atomic<int64_t>* counter = nullptr;
      void Begin(std::atomic<int64_t>& c) { counter = &c; ++c; }
      void End() { if (counter) --*counter; counter = nullptr; }
      ~InFlight() { End(); }
    } in_flight_guard;
    while (!stopping || buffer.size() > 0) {
      // Wait for the first byte of the next request under the idle deadline, unless a
      // pipelined request is already buffered.
      if (buffer.size() == 0) {
        stream.expires_after(first ? options.read_timeout : options.idle_timeout);
        auto [ec, n] = co_await stream.async_read_some(buffer.prepare(4096), kTuple);
        if (ec) break;
        buffer.commit(n);
      }
      in_flight_guard.Begin(in_flight);
      first = false;
      // The whole request must now arrive within the read deadline.
      stream.expires_after(options.read_timeout);
      http::request_parser<http::string_body> parser;
      parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
      // The header first: it names the route, and the route its body limit. A declared length
      // over the limit is refused before any of the body is read.
      parser.body_limit(largest_body_limit);
      auto [ec, n] = co_await http::async_read_header(stream, buffer, parser, kTuple);
      if (!ec) {
        size_t limit = BodyLimitFor(parser.get());
        if (parser.content_length() && *parser.content_length() > limit) {
          ec = http::error::body_limit;
        } else {
          parser.body_limit(limit);
          auto [body_ec, body_n] = co_await http::async_read(stream, buffer, parser, kTuple);
          ec = body_ec;
        }
      }
      auto started = std::chrono::steady_clock::now();
      if (ec) {
        http::status status;
        std::string message;
        if (ec == http::error::body_limit) {
          status = http::status::payload_too_large;
          message = N_("The request body is too large.");
        } else if (ec == http::error::header_limit) {
          status = http::status::request_header_fields_too_large;
          message = N_("The request headers are too large.");
        } else if (ec == beast::error::timeout || ec == http::error::end_of_stream ||
                   ec == asio::error::eof || ec == asio::error::connection_reset) {
          break;  // a slow or vanished client: nothing to answer
        } else {
          status = http::status::bad_request;
          message = N_("The request could not be understood.");
        }
        // The connection cannot be trusted after a framing error: answer and close. When the
        // header arrived (a body over the limit), the answer has the form of its route: a
        // problem for the API, a page for people.
        HttpRequest empty;
        Request req;
        req.http = &empty;
        req.client_address = client;
        Error error(status == http::status::payload_too_large ? ErrorCode::kTooLarge
                                                              : ErrorCode::kInvalidArgument,
                    message);
        Response res;
        // Beast fills in the request line and fields as they arrive, so the target is known
        // even when the body limit stops the read at the end of the header.
        if (!parser.get().target().empty()) {
          auto target = boost::urls::parse_origin_form(std::string_view(
              parser.get().target().data(), parser.get().target().size()));
          if (target) req.path = target->path();
          auto cookies = ParseCookies(std::string_view(parser.get()[http::field::cookie]));
          if (auto c = cookies.find(std::string(kLangCookie)); c != cookies.end()) {
            req.lang = ParseLanguage(c->second).value_or(kDefaultLanguage);
          }
          res = site.ErrorResponse(req, error, status);
        } else {
          res = TextResponse(status, "text/plain; charset=utf-8",
                             site.tr().Tr(kDefaultLanguage, message) + "\n" +
                                 site.tr().Tr(Language::kEnglish, message) + "\n");
        }
        AddCommonHeaders(res);
        res.keep_alive(false);
        metrics.Observe(bad_request_slot, static_cast<unsigned>(status), 0);
        stream.expires_after(options.read_timeout);
        co_await http::async_write(stream, res, kTuple);
        // Lingering close: closing with unread data in the socket makes the kernel send a
        // reset, and the client could lose the answer. Stop sending, then read and drop what
        // the client still sends, for a bounded time and amount.
        boost::system::error_code ignored;
        stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
        stream.expires_after(std::chrono::seconds(2));
        for (size_t drained = 0; drained < 2 * largest_body_limit;) {
          buffer.clear();
          auto [dec, dn] = co_await stream.async_read_some(buffer.prepare(64 * 1024), kTuple);
          if (dec) break;
          drained += dn;
        }
        break;
      }

      HttpRequest http_req = parser.release();
      Request req;
      req.client_address = client;
      Response res;
      int slot = 0;
      const Route* route = Prepare(http_req, req, res, slot);
      bool set_csrf_cookie = !req.cookies.count(std::string(kCsrfCookie));
      if (route) {
        Response handled;
        if (NeedsWorker(route, req)) {
          stream.expires_after(options.handle_timeout);
          handled = co_await asio::co_spawn(
              *workers, [&]() -> awaitable<Response> { co_return RunHandler(route, req); },
              use_awaitable);
        } else {
          handled = RunHandler(route, req);
        }
        // Keep cookies set while preparing (language) next to the handler's own.
        for (const auto& field : res) {
          if (field.name() == http::field::set_cookie) handled.insert(http::field::set_cookie, field.value());
        }
        res = std::move(handled);
      }
      res.version(http_req.version());
      bool keep_alive = http_req.keep_alive() && !stopping;
      res.keep_alive(keep_alive);
      Finish(req, res, http_req, set_csrf_cookie);
      stream.expires_after(options.handle_timeout);
      auto [wec, written] = co_await http::async_write(stream, res, kTuple);
      double seconds =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
      metrics.Observe(slot, res.result_int(), seconds);
      Log(req, http_req, res, seconds);
      in_flight_guard.End();
      if (wec || !keep_alive) break;
    }
    boost::system::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
    --open_connections;
  }

  awaitable<void> Accept() {
    for (;;) {
      asio::io_context& target = *contexts[next_context++ % contexts.size()];
      auto [ec, socket] = co_await acceptor.async_accept(target, kTuple);
      if (ec) {
        if (stopping || ec == asio::error::operation_aborted) co_return;
        continue;  // e.g. too many open files: keep serving the connections we have
      }
      socket.set_option(tcp::no_delay(true));
      asio::co_spawn(target, Session(std::move(socket)), [](std::exception_ptr e) {
        if (!e) return;
        try {
          std::rethrow_exception(e);
        } catch (const std::exception& ex) {
          std::cerr << "error: connection failed: " << ex.what() << "\n";
        }
      });
    }
  }

  // Stop accepting, wait for requests in flight (up to the grace period), then stop.
  awaitable<void> Drain() {
    stopping = true;
    boost::system::error_code ignored;
    acceptor.close(ignored);
    auto deadline = std::chrono::steady_clock::now() + options.shutdown_grace;
    asio::steady_timer timer(io);
    while (in_flight > 0 && std::chrono::steady_clock::now() < deadline) {
      timer.expires_after(std::chrono::milliseconds(10));
      co_await timer.async_wait(kTuple);
    }
    for (auto* context : contexts) context->stop();
  }

  awaitable<void> FlushLogPeriodically() {
    asio::steady_timer timer(io);
    while (!stopping) {
      timer.expires_after(std::chrono::seconds(1));
      co_await timer.async_wait(kTuple);
      if (access_log) access_log->Flush();
    }
  }
};

Server::Server(ServerOptions options, const Router& router, const Site& site, Metrics& metrics,
               AccessLog* access_log, std::function<bool()> readiness, Authenticator authenticate)
    : impl_(std::make_unique<Impl>(std::move(options), router, site, metrics, access_log,
                                   std::move(readiness), std::move(authenticate))) {}

Server::~Server() = default;

Status Server::Bind() {
  boost::system::error_code ec;
  auto address = asio::ip::make_address(impl_->options.host, ec);
  if (ec) {
    return Error(ErrorCode::kInvalidArgument, "Invalid listen address {{address}}.",
                 {{"address", impl_->options.host}});
  }
  tcp::endpoint endpoint(address, impl_->options.port);
  auto& acceptor = impl_->acceptor;
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error(ErrorCode::kUnavailable, "Cannot listen on {{address}}: {{reason}}",
                 {{"address", impl_->options.host + ":" + std::to_string(impl_->options.port)},
                  {"reason", ec.message()}});
  }
  return Status::Ok();
}

unsigned short Server::port() const { return impl_->acceptor.local_endpoint().port(); }

Status Server::Run() {
  if (!impl_->acceptor.is_open()) SAMVERKAN_RETURN_IF_ERROR(Bind());
  unsigned cores = std::max(1u, std::thread::hardware_concurrency());
  int io_threads = impl_->options.io_threads > 0 ? impl_->options.io_threads : static_cast<int>(cores);
  int worker_threads =
      impl_->options.worker_threads > 0 ? impl_->options.worker_threads : static_cast<int>(cores);
  impl_->worker_pool = std::make_unique<asio::thread_pool>(worker_threads);
  impl_->workers = impl_->worker_pool.get();

  impl_->signals.async_wait([this](const boost::system::error_code& ec, int) {
    if (!ec) asio::co_spawn(impl_->io, impl_->Drain(), asio::detached);
  });
  asio::co_spawn(impl_->io, impl_->Accept(), asio::detached);
  asio::co_spawn(impl_->io, impl_->FlushLogPeriodically(), asio::detached);

  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> keep_running;
  for (int i = 1; i < io_threads; ++i) {
    impl_->extra_ios.push_back(std::make_unique<asio::io_context>(1));
    impl_->contexts.push_back(impl_->extra_ios.back().get());
    keep_running.push_back(asio::make_work_guard(*impl_->extra_ios.back()));
  }
  std::vector<std::thread> threads;
  for (size_t i = 1; i < impl_->contexts.size(); ++i) {
    threads.emplace_back([context = impl_->contexts[i]] { context->run(); });
  }
  impl_->io.run();
  for (auto& t : threads) t.join();
  impl_->worker_pool->join();
  if (impl_->access_log) impl_->access_log->Flush();
  return Status::Ok();
}

void Server::Stop() {
  asio::post(impl_->io, [this] {
    boost::system::error_code ignored;
    impl_->signals.cancel(ignored);
    asio::co_spawn(impl_->io, impl_->Drain(), asio::detached);
  });
}

}  // namespace samverkan::web
