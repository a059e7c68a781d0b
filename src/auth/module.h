// Accounts: registration, sign-in, the account page, API sign-in and tokens, and the
// authenticator the server runs before handlers. Mails go to the platform's outbox through
// the MailQueue given at construction.
#pragma once

#include <memory>

#include "auth/domain/account_service.h"
#include "auth/sql/sql_account_repository.h"
#include "platform/module.h"
#include "web/server.h"

namespace samverkan::auth {

class AccountsModule : public platform::Module {
 public:
  // `mail` queues a mail in a transaction; `settings` as AccountService takes them.
  AccountsModule(MailQueue mail, AccountSettings settings)
      : mail_(std::move(mail)), settings_(std::move(settings)) {}

  std::string name() const override { return "accounts"; }
  void Register(platform::ModuleRegistry& registry, const platform::Services& services) override;

  // For the server: resolves the session cookie or the bearer token of a request.
  web::Authenticator MakeAuthenticator();
  // For the command line and other modules.
  AccountService& service() { return *service_; }

 private:
  MailQueue mail_;
  AccountSettings settings_;
  std::unique_ptr<AccountService> service_;
  const platform::Services* services_ = nullptr;
};

}  // namespace samverkan::auth
