#include "modules/alliance/sql/sql_alliance_repository.h"

#include <nlohmann/json.hpp>

#include "platform/audit.h"

namespace samverkan::alliance {
namespace {

using nlohmann::json;
using storage::Null;
using storage::Param;
using storage::Row;
using storage::Value;

constexpr const char* kApplicationColumns =
    "id, actor_id, status, motivation, contact_name, contact_email, contact_phone, commitments,"
    " other_commitment, submitted_by, submitted_at, decided_by, decided_at, refusal_reason,"
    " member_since";

// Commitment codes are [a-z_] only, so a comma separates them safely.
std::string JoinCodes(const std::vector<std::string>& codes) {
  std::string out;
  for (const auto& c : codes) out += (out.empty() ? "" : ",") + c;
  return out;
}

std::vector<std::string> SplitCodes(const std::string& text) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < text.size()) {
    size_t comma = text.find(',', start);
    if (comma == std::string::npos) comma = text.size();
    if (comma > start) out.push_back(text.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

Application ApplicationFrom(const Row& row) {
  Application a;
  a.id = row.Int(0);
  a.draft.actor_id = row.Int(1);
  a.status = ParseStatus(row.Text(2)).value_or(ApplicationStatus::kPending);
  a.draft.motivation = row.Text(3);
  a.draft.contact = {row.Text(4), row.Text(5), row.Text(6)};
  a.draft.commitments = SplitCodes(row.Text(7));
  a.draft.other_commitment = row.Text(8);
  a.submitted_by = row.Int(9);
  a.submitted_at_ms = row.Int(10);
  a.decided_by = row.Int(11);
  a.decided_at_ms = row.Int(12);
  a.refusal_reason = row.Text(13);
  a.member_since = row.Text(14);
  return a;
}

Membership MembershipFrom(const Row& row) {
  return {row.Int(0), row.Int(1), row.Text(2), row.OptText(3).value_or(""), row.Int(4)};
}

std::string Dump(const json& j) { return j.dump(-1, ' ', false, json::error_handler_t::replace); }

}  // namespace

std::vector<storage::Migration> AllianceMigrations() {
  return {{"alliance", 1, "create alliance applications, memberships and goals",
           "CREATE TABLE alliance_applications ("
           " id {{id}},"
           " actor_id BIGINT NOT NULL,"
           " status TEXT NOT NULL,"
           " motivation TEXT NOT NULL,"
           " contact_name TEXT NOT NULL, contact_email TEXT NOT NULL, contact_phone TEXT NOT NULL,"
           " commitments TEXT NOT NULL, other_commitment TEXT NOT NULL,"
           " submitted_by BIGINT NOT NULL, submitted_at BIGINT NOT NULL,"
           " decided_by BIGINT NOT NULL, decided_at BIGINT NOT NULL,"
           " refusal_reason TEXT NOT NULL, member_since TEXT NOT NULL);"
           // One open application per actor, also when two arrive at once.
           "CREATE UNIQUE INDEX alliance_applications_one_pending"
           " ON alliance_applications (actor_id) WHERE status = 'pending';"
           "CREATE INDEX alliance_applications_sender ON alliance_applications (submitted_by);"
           "CREATE TABLE alliance_memberships ("
           " id {{id}},"
           " actor_id BIGINT NOT NULL,"
           " since TEXT NOT NULL, until TEXT,"
           " application_id BIGINT NOT NULL,"
           " created_by BIGINT NOT NULL, created_at BIGINT NOT NULL,"
           " ended_by BIGINT, ended_at BIGINT);"
           "CREATE UNIQUE INDEX alliance_memberships_one_active"
           " ON alliance_memberships (actor_id) WHERE until IS NULL;"
           "CREATE TABLE alliance_goals (key TEXT PRIMARY KEY, target INTEGER NOT NULL);"}};
}

Result<int64_t> SqlAllianceRepository::InsertApplication(const ApplicationDraft& d, int64_t user_id,
                                                          int64_t now_ms) {
  auto id = tx_.InsertReturningId(
      "INSERT INTO alliance_applications (actor_id, status, motivation, contact_name,"
      " contact_email, contact_phone, commitments, other_commitment, submitted_by, submitted_at,"
      " decided_by, decided_at, refusal_reason, member_since)"
      " VALUES ($1, 'pending', $2, $3, $4, $5, $6, $7, $8, $9, 0, 0, '', '') RETURNING id",
      {Param(d.actor_id), Param(d.motivation), Param(d.contact.name), Param(d.contact.email),
       Param(d.contact.phone), Param(JoinCodes(d.commitments)), Param(d.other_commitment),
       Param(user_id), Param(now_ms)});
  if (!id.ok()) return id;
  // The contact person stays out of the trail (personal data).
  json after = {{"actor_id", d.actor_id}, {"status", "pending"}, {"commitments", d.commitments}};
  SAMVERKAN_RETURN_IF_ERROR(platform::AppendAudit(
      tx_, {user_id, "alliance.apply", "alliance_application", std::to_string(*id), "", Dump(after)},
      now_ms));
  return id;
}

Result<std::optional<Application>> SqlAllianceRepository::GetApplication(int64_t id) {
  auto row = tx_.QueryOne(std::string("SELECT ") + kApplicationColumns +
                              " FROM alliance_applications WHERE id = $1",
                          {Param(id)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<Application>();
  return std::optional<Application>(ApplicationFrom(**row));
}

Result<std::optional<int64_t>> SqlAllianceRepository::FindPendingApplication(int64_t actor_id) {
  auto row = tx_.QueryOne(
      "SELECT id FROM alliance_applications WHERE actor_id = $1 AND status = 'pending'",
      {Param(actor_id)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<int64_t>();
  return std::optional<int64_t>((*row)->Int(0));
}

Result<std::vector<Application>> SqlAllianceRepository::ListApplications(
    const ApplicationFilter& filter) {
  std::string sql = std::string("SELECT ") + kApplicationColumns + " FROM alliance_applications WHERE 1 = 1";
  std::vector<Value> params;
  if (filter.status) {
    params.push_back(Param(StatusCode(*filter.status)));
    sql += " AND status = $" + std::to_string(params.size());
  }
  if (filter.actor_ids || filter.submitted_by) {
    std::string either;
    if (filter.submitted_by) {
      params.push_back(Param(*filter.submitted_by));
      either = "submitted_by = $" + std::to_string(params.size());
    }
    if (filter.actor_ids && !filter.actor_ids->empty()) {
      std::string in;
      for (int64_t id : *filter.actor_ids) {
        params.push_back(Param(id));
        in += (in.empty() ? "$" : ", $") + std::to_string(params.size());
      }
      either += (either.empty() ? "" : " OR ") + std::string("actor_id IN (") + in + ")";
    }
    if (either.empty()) either = "1 = 0";
    sql += " AND (" + either + ")";
  }
  sql += " ORDER BY submitted_at DESC, id DESC";
  auto rows = tx_.Query(sql, params);
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Application> out;
  for (const Row& row : *rows) out.push_back(ApplicationFrom(row));
  return out;
}

Status SqlAllianceRepository::DecideApplication(int64_t id, ApplicationStatus status,
                                                const std::string& reason,
                                                const std::string& member_since, int64_t user_id,
                                                int64_t now_ms) {
  auto changed = tx_.Execute(
      "UPDATE alliance_applications SET status = $1, refusal_reason = $2, member_since = $3,"
      " decided_by = $4, decided_at = $5 WHERE id = $6 AND status = 'pending'",
      {Param(StatusCode(status)), Param(reason), Param(member_since), Param(user_id),
       Param(now_ms), Param(id)});
  if (!changed.ok()) return std::move(changed).error();
  if (*changed == 0) return Error::NotFound("There is no such application.");
  json after = {{"status", StatusCode(status)}};
  if (!reason.empty()) after["refusal_reason"] = reason;
  if (!member_since.empty()) after["member_since"] = member_since;
  return platform::AppendAudit(
      tx_,
      {user_id, status == ApplicationStatus::kApproved ? "alliance.approve" : "alliance.refuse",
       "alliance_application", std::to_string(id), Dump({{"status", "pending"}}), Dump(after)},
      now_ms);
}

Result<int64_t> SqlAllianceRepository::InsertMembership(int64_t actor_id, const std::string& since,
                                                        const std::string& until,
                                                        int64_t application_id, int64_t user_id,
                                                        int64_t now_ms) {
  Value until_value = until.empty() ? Value(Null{}) : Param(until);
  Value ended_by = until.empty() ? Value(Null{}) : Param(user_id);
  Value ended_at = until.empty() ? Value(Null{}) : Param(now_ms);
  auto id = tx_.InsertReturningId(
      "INSERT INTO alliance_memberships (actor_id, since, until, application_id, created_by,"
      " created_at, ended_by, ended_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
      {Param(actor_id), Param(since), until_value, Param(application_id), Param(user_id),
       Param(now_ms), ended_by, ended_at});
  if (!id.ok()) return id;
  json after = {{"actor_id", actor_id}, {"since", since}, {"application_id", application_id}};
  if (!until.empty()) after["until"] = until;
  SAMVERKAN_RETURN_IF_ERROR(platform::AppendAudit(
      tx_, {user_id, "alliance.membership.start", "alliance_membership", std::to_string(*id), "",
            Dump(after)},
      now_ms));
  return id;
}

Status SqlAllianceRepository::EndMembership(int64_t membership_id, const std::string& until,
                                            int64_t user_id, int64_t now_ms) {
  auto changed = tx_.Execute(
      "UPDATE alliance_memberships SET until = $1, ended_by = $2, ended_at = $3"
      " WHERE id = $4 AND until IS NULL",
      {Param(until), Param(user_id), Param(now_ms), Param(membership_id)});
  if (!changed.ok()) return std::move(changed).error();
  if (*changed == 0) return Error::NotFound("The organisation is not a member of the alliance.");
  return platform::AppendAudit(tx_,
                               {user_id, "alliance.membership.end", "alliance_membership",
                                std::to_string(membership_id), "", Dump({{"until", until}})},
                               now_ms);
}

Result<std::optional<Membership>> SqlAllianceRepository::ActiveMembership(int64_t actor_id) {
  auto row = tx_.QueryOne(
      "SELECT id, actor_id, since, until, application_id FROM alliance_memberships"
      " WHERE actor_id = $1 AND until IS NULL",
      {Param(actor_id)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<Membership>();
  return std::optional<Membership>(MembershipFrom(**row));
}

Result<std::vector<Membership>> SqlAllianceRepository::ListMemberships() {
  auto rows = tx_.Query(
      "SELECT id, actor_id, since, until, application_id FROM alliance_memberships"
      " ORDER BY since, id");
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Membership> out;
  for (const Row& row : *rows) out.push_back(MembershipFrom(row));
  return out;
}

Result<std::optional<Goals>> SqlAllianceRepository::LoadGoals() {
  auto rows = tx_.Query("SELECT key, target FROM alliance_goals ORDER BY key");
  if (!rows.ok()) return std::move(rows).error();
  if (rows->empty()) return std::optional<Goals>();
  Goals goals;
  goals.total = 0;
  for (const Row& row : *rows) {
    const std::string& key = row.Text(0);
    if (key == "total") {
      goals.total = static_cast<int>(row.Int(1));
    } else if (key.rfind("sector:", 0) == 0) {
      goals.per_sector[key.substr(7)] = static_cast<int>(row.Int(1));
    }
  }
  return std::optional<Goals>(std::move(goals));
}

Status SqlAllianceRepository::SaveGoals(const Goals& goals, int64_t user_id, int64_t now_ms) {
  auto before = LoadGoals();
  if (!before.ok()) return std::move(before).error();
  auto cleared = tx_.Execute("DELETE FROM alliance_goals");
  if (!cleared.ok()) return std::move(cleared).error();
  auto put = [&](const std::string& key, int target) -> Status {
    auto inserted = tx_.Execute("INSERT INTO alliance_goals (key, target) VALUES ($1, $2)",
                                {Param(key), Param(target)});
    if (!inserted.ok()) return std::move(inserted).error();
    return Status::Ok();
  };
  SAMVERKAN_RETURN_IF_ERROR(put("total", goals.total));
  json after = {{"total", goals.total}, {"per_sector", json::object()}};
  for (const auto& [sector, target] : goals.per_sector) {
    SAMVERKAN_RETURN_IF_ERROR(put("sector:" + sector, target));
    after["per_sector"][sector] = target;
  }
  json was;
  if (before->has_value()) {
    was = {{"total", (*before)->total}, {"per_sector", (*before)->per_sector}};
  }
  return platform::AppendAudit(
      tx_, {user_id, "alliance.goals", "alliance_goals", "goals", was.is_null() ? "" : Dump(was), Dump(after)},
      now_ms);
}

Result<int64_t> SqlAllianceRepository::EraseSender(int64_t user_id, int64_t now_ms) {
  auto rows = tx_.Query("SELECT id FROM alliance_applications WHERE submitted_by = $1",
                        {Param(user_id)});
  if (!rows.ok()) return std::move(rows).error();
  auto changed = tx_.Execute(
      "UPDATE alliance_applications SET contact_name = '', contact_email = '', contact_phone = '',"
      " submitted_by = 0 WHERE submitted_by = $1",
      {Param(user_id)});
  if (!changed.ok()) return std::move(changed).error();
  for (const Row& row : *rows) {
    SAMVERKAN_RETURN_IF_ERROR(platform::AppendAudit(
        tx_, {user_id, "alliance.erase_contact", "alliance_application", std::to_string(row.Int(0)),
              "", Dump({{"contact", "erased"}})},
        now_ms));
  }
  return *changed;
}

}  // namespace samverkan::alliance
