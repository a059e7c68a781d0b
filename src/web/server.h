// The HTTP/1.1 server: Boost.Beast over Asio with one small coroutine per connection.
//
// - Keep-alive, and pipelining handled in order (one request is answered before the next is
//   read from the same connection).
// - Explicit limits: header and body sizes (431/413), a deadline for reading a whole request
//   (a slow client cannot hold a worker), an idle deadline between requests, a deadline for
//   handling and writing.
// - Handlers that block run on a worker pool, not on the network threads.
// - SIGTERM/SIGINT stop accepting, let requests in flight finish (within a grace period),
//   then Run() returns.
// - Security headers on every response, CSRF checks on every state-changing request, the
//   reader's language from ?lang= or the cookie, an access log line and metrics per request.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

#include "core/result.h"
#include "web/metrics.h"
#include "web/router.h"
#include "web/site.h"

namespace samverkan::web {

struct ServerOptions {
  std::string host = "127.0.0.1";
  unsigned short port = 8080;  // 0 picks a free port; see Server::port()
  int io_threads = 0;          // 0: one per core
  int worker_threads = 0;      // 0: one per core
  size_t header_limit = 16 * 1024;
  size_t body_limit = 1024 * 1024;
  std::chrono::milliseconds read_timeout{10'000};     // whole request, first byte to last
  std::chrono::milliseconds idle_timeout{30'000};     // keep-alive wait for the next request
  std::chrono::milliseconds handle_timeout{60'000};   // handling and writing the response
  std::chrono::milliseconds shutdown_grace{10'000};   // for requests in flight at SIGTERM
  bool secure_cookies = false;                        // set when served over TLS (behind a proxy)
};

// Buffered access log, one line per request; thread-safe. Flushed every second and at exit.
class AccessLog {
 public:
  explicit AccessLog(std::FILE* out) : out_(out) {}
  ~AccessLog();
  void Write(const std::string& line);
  void Flush();

 private:
  std::mutex mu_;
  std::FILE* out_;
  std::string buffer_;
};

// Resolves who is asking (session cookie, bearer token) into req.principal. Runs on a worker
// thread, may block; an Error (e.g. a revoked token) is answered instead of the handler.
using Authenticator = std::function<std::optional<Error>(Request& req)>;

// The cookie that carries a signed-in session.
inline constexpr std::string_view kSessionCookie = "samverkan_session";

class Server {
 public:
  // `router`, `site` and `metrics` must outlive the server. `readiness` answers /readyz.
  Server(ServerOptions options, const Router& router, const Site& site, Metrics& metrics,
         AccessLog* access_log, std::function<bool()> readiness,
         Authenticator authenticate = nullptr);
  ~Server();

  // Binds the listening socket; after this, port() is the real port.
  Status Bind();
  unsigned short port() const;
  // Serves until SIGTERM or SIGINT (or Stop()), then drains and returns.
  Status Run();
  // Asks a running server to stop as SIGTERM does; safe from any thread.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace samverkan::web
