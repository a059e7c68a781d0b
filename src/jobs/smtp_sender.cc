#include "jobs/smtp_sender.h"

#include <curl/curl.h>

#include <algorithm>
#include <cstring>
#include <mutex>

namespace samverkan::jobs {
namespace {

constexpr auto kMinTimeout = std::chrono::seconds(1);
constexpr auto kMaxTimeout = std::chrono::minutes(10);

void GlobalInit() {
  // curl_global_init is not thread-safe in every libcurl build; once for the process.
  static std::once_flag once;
  std::call_once(once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
}

struct EasyDeleter {
  void operator()(CURL* c) const { curl_easy_cleanup(c); }
};
struct ListDeleter {
  void operator()(curl_slist* l) const { curl_slist_free_all(l); }
};
struct UrlDeleter {
  void operator()(CURLU* u) const { curl_url_cleanup(u); }
};

struct Upload {
  std::string_view data;
  size_t offset = 0;
};

size_t ReadMessage(char* buffer, size_t size, size_t count, void* user) {
  auto* upload = static_cast<Upload*>(user);
  size_t n = std::min(size * count, upload->data.size() - upload->offset);
  std::memcpy(buffer, upload->data.data() + upload->offset, n);
  upload->offset += n;
  return n;
}

// libcurl calls this at least once a second while it waits; non-zero aborts the transfer.
int CheckStop(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const std::stop_token*>(user)->stop_requested() ? 1 : 0;
}

Error NotSent(std::string detail) {
  return Error(ErrorCode::kUnavailable,
               "The e-mail could not be sent. It will be tried again later.")
      .WithLogDetail(std::move(detail));
}

Error BadUrl() {
  return Error::InvalidField(
      "url", "Use an SMTP URL like smtp://mail.example.se:587 or smtps://mail.example.se:465.");
}

}  // namespace

Result<std::unique_ptr<SmtpSender>> SmtpSender::Create(SmtpSettings settings) {
  GlobalInit();
  std::unique_ptr<CURLU, UrlDeleter> url(curl_url());
  if (!url) return Error::Internal("curl_url failed");
  if (HasHeaderBreakingCharacter(settings.url) ||
      curl_url_set(url.get(), CURLUPART_URL, settings.url.c_str(), 0) != CURLUE_OK) {
    return BadUrl();
  }
  char* scheme = nullptr;
  char* host = nullptr;
  bool ok = curl_url_get(url.get(), CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
            curl_url_get(url.get(), CURLUPART_HOST, &host, 0) == CURLUE_OK && host && *host &&
            (std::strcmp(scheme, "smtp") == 0 || std::strcmp(scheme, "smtps") == 0);
  curl_free(scheme);
  curl_free(host);
  if (!ok) return BadUrl();
  auto from = ParseMailbox(settings.from);
  if (!from.ok()) return std::move(from).error();
  if (settings.timeout < kMinTimeout || settings.timeout > kMaxTimeout) {
    return Error::InvalidField(
        "timeout", "Must be a whole number from {{min}} to {{max}}.",
        {{"min", std::to_string(kMinTimeout.count())},
         {"max", std::to_string(std::chrono::seconds(kMaxTimeout).count())}});
  }
  return std::unique_ptr<SmtpSender>(new SmtpSender(std::move(settings), std::move(from).value()));
}

SmtpSender::SmtpSender(SmtpSettings settings, Mailbox from)
    : settings_(std::move(settings)), from_(std::move(from)) {}

Status SmtpSender::Send(const Mail& mail, std::string_view message_key, std::stop_token stop) {
  if (stop.stop_requested()) return NotSent("not sent: stopping");
  const std::string domain = from_.address.substr(from_.address.find('@') + 1);
  auto message = BuildMimeMessage(mail, from_, std::chrono::system_clock::now(),
                                  std::string(message_key) + "@" + domain);
  if (!message.ok()) return std::move(message).error();

  std::unique_ptr<CURL, EasyDeleter> curl(curl_easy_init());
  if (!curl) return Error::Internal("curl_easy_init failed");
  CURL* c = curl.get();
  char error_buffer[CURL_ERROR_SIZE] = {0};
  const std::string envelope_from = "<" + from_.address + ">";
  const std::string envelope_to = "<" + mail.to + ">";
  std::unique_ptr<curl_slist, ListDeleter> recipients(
      curl_slist_append(nullptr, envelope_to.c_str()));
  Upload upload{*message};
  const long timeout_ms = static_cast<long>(std::chrono::milliseconds(settings_.timeout).count());

  curl_easy_setopt(c, CURLOPT_URL, settings_.url.c_str());
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);  // no SIGALRM from a worker thread
  curl_easy_setopt(c, CURLOPT_ERRORBUFFER, error_buffer);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, timeout_ms);
  curl_easy_setopt(c, CURLOPT_USE_SSL, settings_.require_tls ? CURLUSESSL_ALL : CURLUSESSL_TRY);
  if (!settings_.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, settings_.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, settings_.password.c_str());
  }
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, envelope_from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, recipients.get());
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, ReadMessage);
  curl_easy_setopt(c, CURLOPT_READDATA, &upload);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message->size()));
  curl_easy_setopt(c, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(c, CURLOPT_XFERINFOFUNCTION, CheckStop);
  curl_easy_setopt(c, CURLOPT_XFERINFODATA, &stop);

  CURLcode rc = curl_easy_perform(c);
  if (rc == CURLE_OK) return Status::Ok();
  long reply = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &reply);
  std::string detail = rc == CURLE_ABORTED_BY_CALLBACK
                           ? "smtp: stopped while sending"
                           : std::string("smtp: ") + curl_easy_strerror(rc);
  if (error_buffer[0]) detail += std::string(": ") + error_buffer;
  if (reply != 0) detail += " (last SMTP reply " + std::to_string(reply) + ")";
  return NotSent(std::move(detail));
}

}  // namespace samverkan::jobs
