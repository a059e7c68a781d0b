// End to end over a real socket: SmtpSender (and the MailWorker with it) talks SMTP to the
// local sink tests/http/smtp-sink.mjs, which parses what arrives with an independent MIME
// parser (mailparser) and writes it out as JSON.
#include "jobs/smtp_sender.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <random>
#include <thread>

#include "jobs/mail_worker.h"
#include "storage/test_databases.h"

extern char** environ;

namespace samverkan::jobs {
namespace {

using namespace std::chrono_literals;
using nlohmann::json;
using Steady = std::chrono::steady_clock;
namespace fs = std::filesystem;

const std::string kSwedish = "Välkommen till Samverkan – åäö";

// The sink as a child process: `node smtp-sink.mjs --out DIR --stdin-lifeline`. Its standard
// input is a pipe this object holds, so the sink also ends when the test process dies.
class SmtpSink {
 public:
  SmtpSink() {
    std::random_device rd;
    dir_ = fs::temp_directory_path() /
           ("samverkan-smtp-" + std::to_string(getpid()) + "-" + std::to_string(rd()));
    fs::create_directories(dir_);
    const std::string script = std::string(SAMVERKAN_SOURCE_DIR) + "/tests/http/smtp-sink.mjs";
    int out[2], in[2];
    if (pipe2(out, O_CLOEXEC) != 0 || pipe2(in, O_CLOEXEC) != 0) return;
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out[1], 1);
    std::string out_dir = dir_.string();
    const char* argv[] = {"node",          script.c_str(),     "--out",
                          out_dir.c_str(), "--stdin-lifeline", nullptr};
    int rc = posix_spawnp(&pid_, "node", &actions, nullptr, const_cast<char**>(argv), environ);
    posix_spawn_file_actions_destroy(&actions);
    close(in[0]);
    close(out[1]);
    lifeline_ = in[1];
    stdout_ = out[0];
    if (rc != 0) {
      pid_ = 0;
      return;
    }
    // The first line is the URL, once it listens.
    std::string line;
    auto deadline = Steady::now() + 20s;
    while (line.find('\n') == std::string::npos && Steady::now() < deadline) {
      pollfd p{stdout_, POLLIN, 0};
      if (poll(&p, 1, 200) <= 0) continue;
      char buf[256];
      ssize_t n = read(stdout_, buf, sizeof buf);
      if (n <= 0) break;
      line.append(buf, n);
    }
    if (line.rfind("smtp://", 0) == 0 && line.find('\n') != std::string::npos) {
      url_ = line.substr(0, line.find('\n'));
    }
  }

  ~SmtpSink() {
    if (lifeline_ >= 0) close(lifeline_);
    if (stdout_ >= 0) close(stdout_);
    if (pid_ > 0) {
      kill(pid_, SIGTERM);
      int status = 0;
      waitpid(pid_, &status, 0);
    }
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Empty when the sink did not start (node or tests/node_modules missing: scripts/install-deps).
  const std::string& url() const { return url_; }

  // Message number `n` (1-based) as the sink parsed it; nullopt when it did not arrive.
  std::optional<json> WaitForMessage(int n, std::chrono::milliseconds timeout = 10s) const {
    fs::path file = dir_ / (std::to_string(n) + ".json");
    auto deadline = Steady::now() + timeout;
    while (Steady::now() < deadline) {
      if (fs::exists(file)) {
        std::ifstream in(file);
        return json::parse(in);
      }
      std::this_thread::sleep_for(20ms);
    }
    return std::nullopt;
  }

  std::string Raw(int n) const {
    std::ifstream in(dir_ / (std::to_string(n) + ".eml"), std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

 private:
  fs::path dir_;
  pid_t pid_ = 0;
  int lifeline_ = -1;
  int stdout_ = -1;
  std::string url_;
};

// A TCP port on 127.0.0.1 that listens but never speaks: a server that hangs.
class SilentServer {
 public:
  SilentServer() {
    fd_ = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof addr;
    bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    listen(fd_, 8);
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
  }
  ~SilentServer() { close(fd_); }
  std::string url() const { return "smtp://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

// A port nothing listens on (it did a moment ago).
int ClosedPort() {
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  close(fd);
  return ntohs(addr.sin_port);
}

Mail Welcome() {
  return {.to = "anna@example.se",
          .subject = kSwedish,
          .text = "Hej Anna!\n\n" + kSwedish + ".\n" +
                  // one long line, so the quoted-printable body needs soft line breaks
                  "Bekräfta din e-postadress på https://samverkan.example.se/konto/bekrafta?"
                  "token=" +
                  std::string(120, 'x') + " – tack!\n",
          .html = "",
          .language = Language::kSwedish,
          .kind = "verify-email"};
}

std::unique_ptr<SmtpSender> Sender(SmtpSettings settings) {
  auto sender = SmtpSender::Create(std::move(settings));
  EXPECT_TRUE(sender.ok()) << (sender.ok() ? "" : sender.error().message());
  return sender.ok() ? std::move(sender).value() : nullptr;
}

SmtpSettings To(const std::string& url) {
  return {.url = url, .from = "Samverkan <noreply@samverkan.test>", .timeout = 10s};
}

#define ASSERT_SINK(sink)                                                                   \
  ASSERT_FALSE((sink).url().empty()) << "the SMTP sink did not start: is node on PATH and " \
                                        "tests/node_modules installed (scripts/install-deps)?"

TEST(SmtpSenderSettingsTest, RefusesWhatCannotWork) {
  for (const std::string& url :
       std::vector<std::string>{"", "http://mail.example.se", "smtp://", "mail.example.se:25",
                                "smtp://mail.example.se\r\n:25", "file:///etc/passwd"}) {
    auto s = SmtpSender::Create({.url = url, .from = "noreply@example.se"});
    ASSERT_FALSE(s.ok()) << url;
    EXPECT_EQ(s.error().fields().at(0).field, "url") << url;
  }
  auto bad_from = SmtpSender::Create({.url = "smtp://127.0.0.1:25", .from = "Samverkan"});
  ASSERT_FALSE(bad_from.ok());
  EXPECT_EQ(bad_from.error().fields().at(0).field, "from");
  auto bad_timeout = SmtpSender::Create(
      {.url = "smtps://mail.example.se", .from = "noreply@example.se", .timeout = 0s});
  ASSERT_FALSE(bad_timeout.ok());
  EXPECT_EQ(bad_timeout.error().fields().at(0).field, "timeout");
  EXPECT_TRUE(
      SmtpSender::Create({.url = "smtps://mail.example.se:465", .from = "noreply@example.se"})
          .ok());
}

TEST(SmtpSenderTest, SwedishSubjectAndBodyArriveIntact) {
  SmtpSink sink;
  ASSERT_SINK(sink);
  auto sender = Sender(To(sink.url()));
  ASSERT_TRUE(sender);
  Status sent = sender->Send(Welcome(), "outbox.1.1700000000000", {});
  ASSERT_TRUE(sent.ok()) << sent.error().log_detail();
  auto m = sink.WaitForMessage(1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ((*m)["subject"], kSwedish);
  EXPECT_EQ((*m)["text"], Welcome().text);
  EXPECT_EQ((*m)["html"], "");
  EXPECT_EQ((*m)["to"], "anna@example.se");
  EXPECT_EQ((*m)["from"], "noreply@samverkan.test");
  EXPECT_EQ((*m)["fromName"], "Samverkan");
  EXPECT_EQ((*m)["envelope"]["from"], "noreply@samverkan.test");
  EXPECT_EQ((*m)["envelope"]["to"], json::array({"anna@example.se"}));
  EXPECT_EQ((*m)["messageId"], "<outbox.1.1700000000000@samverkan.test>");
  EXPECT_EQ((*m)["headers"]["content-language"], "sv");
  EXPECT_EQ((*m)["headers"]["auto-submitted"], "auto-generated");
  EXPECT_TRUE((*m)["auth"].is_null());
  // On the wire it is 7-bit: the text travelled encoded, not as raw UTF-8.
  std::string raw = sink.Raw(1);
  EXPECT_EQ(raw.find("Välkommen"), std::string::npos);
  EXPECT_NE(raw.find("Subject: =?UTF-8?B?"), std::string::npos);
}

TEST(SmtpSenderTest, HtmlArrivesAsTheAlternativeBesideTheText) {
  SmtpSink sink;
  ASSERT_SINK(sink);
  auto sender = Sender(To(sink.url()));
  ASSERT_TRUE(sender);
  Mail mail = Welcome();
  mail.language = Language::kEnglish;
  mail.subject = "Welcome to Samverkan";
  mail.html = "<p>Hej <b>Anna</b>!</p>\n<p>" + kSwedish + ".</p>\n";
  ASSERT_TRUE(sender->Send(mail, "k2", {}).ok());
  auto m = sink.WaitForMessage(1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ((*m)["subject"], "Welcome to Samverkan");
  EXPECT_EQ((*m)["text"], mail.text);
  EXPECT_EQ((*m)["html"], mail.html);
  EXPECT_EQ((*m)["headers"]["content-language"], "en");
  EXPECT_NE((*m)["headers"]["content-type"].get<std::string>().find("multipart/alternative"),
            std::string::npos);
}

TEST(SmtpSenderTest, AnInjectedHeaderIsRefusedAndNothingIsSent) {
  SmtpSink sink;
  ASSERT_SINK(sink);
  auto sender = Sender(To(sink.url()));
  ASSERT_TRUE(sender);
  Mail evil = Welcome();
  evil.to = "anna@example.se\r\nBcc: eve@example.com";
  Status refused = sender->Send(evil, "k3", {});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), ErrorCode::kInvalidArgument);
  evil = Welcome();
  evil.subject = "Hej\r\nBcc: eve@example.com";
  EXPECT_EQ(sender->Send(evil, "k4", {}).error().code(), ErrorCode::kInvalidArgument);

  ASSERT_TRUE(sender->Send(Welcome(), "k5", {}).ok());
  auto first = sink.WaitForMessage(1);
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ((*first)["messageId"], "<k5@samverkan.test>");  // the refused ones never arrived
  EXPECT_EQ((*first)["envelope"]["to"], json::array({"anna@example.se"}));
  EXPECT_FALSE(sink.WaitForMessage(2, 300ms).has_value());
}

TEST(SmtpSenderTest, LogsInWhenGivenCredentials) {
  SmtpSink sink;
  ASSERT_SINK(sink);
  SmtpSettings settings = To(sink.url());
  settings.username = "mailer";
  settings.password = "hemligt";
  auto sender = Sender(settings);
  ASSERT_TRUE(sender);
  ASSERT_TRUE(sender->Send(Welcome(), "k6", {}).ok());
  auto m = sink.WaitForMessage(1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ((*m)["auth"], "mailer");
}

TEST(SmtpSenderTest, RequiringTlsRefusesAServerWithoutStartTls) {
  SmtpSink sink;
  ASSERT_SINK(sink);
  SmtpSettings settings = To(sink.url());
  settings.require_tls = true;
  settings.username = "mailer";
  settings.password = "hemligt";
  auto sender = Sender(settings);
  ASSERT_TRUE(sender);
  Status s = sender->Send(Welcome(), "k7", {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(s.error().log_detail().find("hemligt"), std::string::npos);
  EXPECT_FALSE(sink.WaitForMessage(1, 300ms).has_value());
}

TEST(SmtpSenderTest, AnUnreachableServerIsUnavailableWithCurlsReason) {
  auto sender = Sender(To("smtp://127.0.0.1:" + std::to_string(ClosedPort())));
  ASSERT_TRUE(sender);
  Status s = sender->Send(Welcome(), "k8", {});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.error().log_detail().find("smtp: Couldn't connect"), std::string::npos)
      << s.error().log_detail();
}

TEST(SmtpSenderTest, AServerThatDoesNotAnswerTimesOut) {
  SilentServer silent;
  SmtpSettings settings = To(silent.url());
  settings.timeout = 1s;
  auto sender = Sender(settings);
  ASSERT_TRUE(sender);
  auto start = Steady::now();
  Status s = sender->Send(Welcome(), "k9", {});
  auto took = Steady::now() - start;
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.error().log_detail().find("Timeout"), std::string::npos) << s.error().log_detail();
  EXPECT_GE(took, 900ms);
  EXPECT_LT(took, 5s);
}

TEST(SmtpSenderTest, AStopRequestAbortsAWaitingSendPromptly) {
  SilentServer silent;
  auto sender = Sender(To(silent.url()));  // 10 s timeout
  ASSERT_TRUE(sender);
  std::stop_source stop;
  std::jthread stopper([&] {
    std::this_thread::sleep_for(300ms);
    stop.request_stop();
  });
  auto start = Steady::now();
  Status s = sender->Send(Welcome(), "k10", stop.get_token());
  ASSERT_FALSE(s.ok());
  EXPECT_LT(Steady::now() - start, 3s);
  EXPECT_NE(s.error().log_detail().find("stopped"), std::string::npos) << s.error().log_detail();
}

// The whole path: a mail enqueued in a transaction reaches the SMTP server through the
// worker, and the outbox records it as sent.
class MailDeliveryTest : public ::testing::TestWithParam<storage::Engine> {};

TEST_P(MailDeliveryTest, AQueuedMailIsDeliveredByTheWorker) {
  SmtpSink sink;
  ASSERT_SINK(sink);
  storage::TestDatabase test_db(GetParam());
  ASSERT_TRUE(storage::ApplyMigrations(test_db.db(), OutboxMigrations()).ok());
  Outbox outbox(test_db.db());
  auto sender = Sender(To(sink.url()));
  ASSERT_TRUE(sender);
  MailWorker worker(outbox, *sender, {.idle_poll = 1h, .log = [](const std::string&) {}});
  worker.Start();
  ASSERT_TRUE(test_db.db()
                  .Write([&](storage::Transaction& tx) { return outbox.Enqueue(tx, Welcome()); })
                  .ok());
  worker.Notify();
  auto m = sink.WaitForMessage(1);
  ASSERT_TRUE(m.has_value());
  EXPECT_EQ((*m)["subject"], kSwedish);
  EXPECT_EQ((*m)["text"], Welcome().text);
  auto deadline = Steady::now() + 5s;
  while (outbox.Counts()->sent != 1 && Steady::now() < deadline) std::this_thread::sleep_for(10ms);
  worker.Stop();
  auto page = outbox.List({}, {});
  ASSERT_EQ(page->mails.size(), 1u);
  EXPECT_EQ(page->mails[0].status, OutboxStatus::kSent);
  EXPECT_EQ((*m)["messageId"], "<outbox." + std::to_string(page->mails[0].id) + "." +
                                   std::to_string(page->mails[0].created_at_ms) +
                                   "@samverkan.test>");
}

INSTANTIATE_TEST_SUITE_P(Engines, MailDeliveryTest, ::testing::ValuesIn(storage::TestEngines()),
                         [](const auto& info) { return storage::TestEngineName(info.param); });

}  // namespace
}  // namespace samverkan::jobs
