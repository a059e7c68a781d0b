// What the MailWorker sends through: SmtpSender in production, a fake in tests.
#pragma once

#include <stop_token>
#include <string_view>

#include "core/result.h"
#include "jobs/mail.h"

namespace samverkan::jobs {

class MailSender {
 public:
  virtual ~MailSender() = default;
  // Delivers `mail` to the next hop, blocking until it has accepted it, refused it, or a
  // time limit ran out. `message_key` is unique per mail and the same on every retry; it
  // becomes the left part of the Message-ID. Returns promptly (Unavailable) once `stop` is
  // requested. InvalidArgument when the mail itself can never be sent (a malformed
  // header); Unavailable for everything that may go better later.
  // Thread-safe: the worker calls it from its own thread.
  virtual Status Send(const Mail& mail, std::string_view message_key, std::stop_token stop) = 0;
};

}  // namespace samverkan::jobs
