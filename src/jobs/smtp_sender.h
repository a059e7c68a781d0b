// Sends mail over SMTP with libcurl: plain smtp:// (upgraded with STARTTLS when the server
// offers it, or required with require_tls) or smtps:// (TLS from the first byte). Each Send
// opens one connection, hands over one message and closes it: mail is rare and a held
// connection would time out between mails anyway.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "jobs/mail_sender.h"
#include "jobs/mime_message.h"

namespace samverkan::jobs {

struct SmtpSettings {
  std::string url;       // "smtp://host:port" or "smtps://host:port"; empty: no SMTP configured
  std::string from;      // "Samverkan <noreply@example.se>" or a plain address
  std::string username;  // empty: no AUTH
  std::string password;
  // With smtp://, refuse to send unless the server upgrades the connection with STARTTLS.
  // Certificates are always verified when TLS is used.
  bool require_tls = false;
  // For the whole of one Send: connecting, the conversation, the upload. The connection
  // attempt alone gets at most this too.
  std::chrono::seconds timeout{30};

  bool configured() const { return !url.empty(); }
};

class SmtpSender : public MailSender {
 public:
  // Checks the settings: InvalidArgument on the field "url" for anything but an smtp:// or
  // smtps:// URL with a host, on "from" for a sender that ParseMailbox refuses, on "timeout"
  // outside 1 s–10 min. Nothing is connected yet.
  static Result<std::unique_ptr<SmtpSender>> Create(SmtpSettings settings);

  // Builds the message (BuildMimeMessage, dated now, Message-ID message_key@<sender's
  // domain>) and sends it. InvalidArgument (nothing sent) for a header that BuildMimeMessage
  // refuses; Unavailable when the server cannot be reached, refuses the login, the sender or
  // the recipient, or does not answer in time, with curl's error and the last SMTP reply code
  // as log detail (never the password). Thread-safe: each call has its own connection.
  Status Send(const Mail& mail, std::string_view message_key, std::stop_token stop) override;

  const Mailbox& from() const { return from_; }

 private:
  SmtpSender(SmtpSettings settings, Mailbox from);

  SmtpSettings settings_;
  Mailbox from_;
};

}  // namespace samverkan::jobs
