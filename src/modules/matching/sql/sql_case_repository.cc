#include "modules/matching/sql/sql_case_repository.h"

#include <algorithm>

namespace samverkan::matching {

using storage::Param;

storage::Migration CaseMigration() {
  return {"matching", 2,
          "needs' and offers' created_at; matching_cases, their events, messages and agreements",
          "ALTER TABLE matching_needs ADD COLUMN created_at BIGINT;"
          "UPDATE matching_needs SET created_at = updated_at;"
          "ALTER TABLE matching_offers ADD COLUMN created_at BIGINT;"
          "UPDATE matching_offers SET created_at = updated_at;"
          "CREATE TABLE matching_cases ("
          " id {{id}},"
          " need_id BIGINT NOT NULL,"
          " offer_id BIGINT NOT NULL,"
          // suggested | contact_requested | in_dialogue | agreement | completed | declined
          " state TEXT NOT NULL,"
          " score {{double}},"
          " opened_by_actor BIGINT NOT NULL,"
          " created_at BIGINT NOT NULL,"
          " updated_at BIGINT NOT NULL,"
          " UNIQUE (need_id, offer_id));"
          "CREATE INDEX matching_cases_need ON matching_cases (need_id);"
          "CREATE INDEX matching_cases_offer ON matching_cases (offer_id);"
          "CREATE TABLE matching_case_events ("
          " id {{id}},"
          " case_id BIGINT NOT NULL,"
          " at BIGINT NOT NULL,"
          " by_account BIGINT,"  // NULL after the account is erased
          " by_actor BIGINT,"
          " from_state TEXT,"
          " to_state TEXT NOT NULL,"
          " note TEXT NOT NULL);"
          "CREATE INDEX matching_case_events_case ON matching_case_events (case_id);"
          "CREATE TABLE matching_case_messages ("
          " id {{id}},"
          " case_id BIGINT NOT NULL,"
          " at BIGINT NOT NULL,"
          " by_account BIGINT,"
          " by_actor BIGINT NOT NULL,"
          " body TEXT NOT NULL);"
          "CREATE INDEX matching_case_messages_case ON matching_case_messages (case_id);"
          "CREATE TABLE matching_agreements ("
          " case_id BIGINT PRIMARY KEY,"
          " collaboration_form TEXT NOT NULL,"
          " value_sek BIGINT NOT NULL,"
          " starts_on TEXT NOT NULL,"  // YYYY-MM-DD
          " ends_on TEXT,"
          " recorded_at BIGINT NOT NULL,"
          " recorded_by BIGINT)"};
}

namespace {

// The case with the owners of its need and offer.
constexpr const char* kSelectCase =
    "SELECT c.id, c.need_id, c.offer_id, c.state, c.score, c.opened_by_actor, c.created_at, "
    "c.updated_at, n.actor_id, o.actor_id FROM matching_cases c "
    "JOIN matching_needs n ON n.id = c.need_id JOIN matching_offers o ON o.id = c.offer_id ";

Result<MatchCase> CaseFromRow(const storage::Row& row) {
  MatchCase c;
  c.id = row.Int(0);
  c.need_id = row.Int(1);
  c.offer_id = row.Int(2);
  auto state = ParseCaseState(row.Text(3));
  if (!state) return Error::Internal("a stored case has an unknown state");
  c.state = *state;
  if (!row.IsNull(4)) c.score = row.Real(4);
  c.opened_by_actor = row.Int(5);
  c.created_at = row.Int(6);
  c.updated_at = row.Int(7);
  c.need_actor = row.Int(8);
  c.offer_actor = row.Int(9);
  return c;
}

Result<std::vector<MatchCase>> Cases(storage::Transaction& tx, const std::string& sql,
                                     const std::vector<storage::Value>& params) {
  auto rows = tx.Query(sql, params);
  if (!rows.ok()) return std::move(rows).error();
  std::vector<MatchCase> out;
  out.reserve(rows->size());
  for (const auto& row : *rows) {
    auto c = CaseFromRow(row);
    if (!c.ok()) return std::move(c).error();
    out.push_back(std::move(c).value());
  }
  return out;
}

Result<std::optional<MatchCase>> OneCase(storage::Transaction& tx, const std::string& sql,
                                         const std::vector<storage::Value>& params) {
  auto list = Cases(tx, sql, params);
  if (!list.ok()) return std::move(list).error();
  if (list->empty()) return std::optional<MatchCase>();
  return std::optional<MatchCase>(std::move(list->front()));
}

void NewestFirst(std::vector<MatchCase>& cases) {
  std::sort(cases.begin(), cases.end(), [](const MatchCase& a, const MatchCase& b) {
    return a.updated_at != b.updated_at ? a.updated_at > b.updated_at : a.id > b.id;
  });
}

constexpr const char* kSelectEvent =
    "SELECT id, case_id, at, by_account, by_actor, from_state, to_state, note "
    "FROM matching_case_events ";

Result<std::vector<CaseEvent>> EventsWhere(storage::Transaction& tx, const char* where,
                                           int64_t key) {
  auto rows = tx.Query(std::string(kSelectEvent) + where + " ORDER BY at, id", {Param(key)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<CaseEvent> out;
  for (const auto& r : *rows) {
    CaseEvent e;
    e.id = r.Int(0);
    e.case_id = r.Int(1);
    e.at = r.Int(2);
    e.by_account = r.OptInt(3);
    e.by_actor = r.OptInt(4);
    if (auto from = r.OptText(5)) e.from_state = ParseCaseState(*from);
    auto to = ParseCaseState(r.Text(6));
    if (!to) return Error::Internal("a stored case event has an unknown state");
    e.to_state = *to;
    e.note = r.Text(7);
    out.push_back(std::move(e));
  }
  return out;
}

Result<std::vector<CaseMessage>> MessagesWhere(storage::Transaction& tx, const char* where,
                                               int64_t key) {
  auto rows = tx.Query(
      std::string("SELECT id, case_id, at, by_account, by_actor, body FROM matching_case_messages ") +
          where + " ORDER BY at, id",
      {Param(key)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<CaseMessage> out;
  for (const auto& r : *rows) {
    out.push_back({.id = r.Int(0),
                   .case_id = r.Int(1),
                   .at = r.Int(2),
                   .by_account = r.OptInt(3),
                   .by_actor = r.Int(4),
                   .body = r.Text(5)});
  }
  return out;
}

storage::Value OptState(const std::optional<CaseState>& s) {
  if (!s) return storage::Value(storage::Null{});
  return Param(CaseStateCode(*s));
}

}  // namespace

Result<std::optional<MatchCase>> SqlCaseRepository::FindCase(int64_t id) {
  return OneCase(tx_, std::string(kSelectCase) + "WHERE c.id = $1", {Param(id)});
}

Result<std::optional<MatchCase>> SqlCaseRepository::FindCaseByPair(int64_t need_id,
                                                                  int64_t offer_id) {
  return OneCase(tx_, std::string(kSelectCase) + "WHERE c.need_id = $1 AND c.offer_id = $2",
                 {Param(need_id), Param(offer_id)});
}

Result<std::vector<MatchCase>> SqlCaseRepository::CasesOfActors(const std::set<int64_t>& actors) {
  // One query per actor (a person represents a handful), merged without duplicates.
  std::vector<MatchCase> out;
  std::set<int64_t> seen;
  for (int64_t actor : actors) {
    auto list = Cases(tx_, std::string(kSelectCase) + "WHERE n.actor_id = $1 OR o.actor_id = $1",
                      {Param(actor)});
    if (!list.ok()) return std::move(list).error();
    for (auto& c : *list) {
      if (seen.insert(c.id).second) out.push_back(std::move(c));
    }
  }
  NewestFirst(out);
  return out;
}

Result<std::vector<MatchCase>> SqlCaseRepository::AllCases(int limit) {
  return Cases(tx_, std::string(kSelectCase) + "ORDER BY c.updated_at DESC, c.id DESC LIMIT $1",
               {Param(limit)});
}

Result<std::vector<MatchCase>> SqlCaseRepository::CasesOfItem(ItemKind kind, int64_t item_id) {
  return Cases(tx_,
               std::string(kSelectCase) +
                   (kind == ItemKind::kNeed ? "WHERE c.need_id = $1" : "WHERE c.offer_id = $1"),
               {Param(item_id)});
}

Result<int64_t> SqlCaseRepository::InsertCase(const MatchCase& c) {
  return tx_.InsertReturningId(
      "INSERT INTO matching_cases (need_id, offer_id, state, score, opened_by_actor, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {Param(c.need_id), Param(c.offer_id), Param(CaseStateCode(c.state)), Param(c.score),
       Param(c.opened_by_actor), Param(c.created_at), Param(c.updated_at)});
}

Status SqlCaseRepository::UpdateCaseState(int64_t id, CaseState from, CaseState to,
                                          int64_t opened_by_actor, int64_t at) {
  auto changed = tx_.Execute(
      "UPDATE matching_cases SET state = $1, opened_by_actor = $2, updated_at = $3 "
      "WHERE id = $4 AND state = $5",
      {Param(CaseStateCode(to)), Param(opened_by_actor), Param(at), Param(id),
       Param(CaseStateCode(from))});
  if (!changed.ok()) return std::move(changed).error();
  if (*changed == 0) {
    return Error::Conflict(N_("Someone else changed the case meanwhile. Reload the page."));
  }
  return Status::Ok();
}

Result<int64_t> SqlCaseRepository::InsertEvent(const CaseEvent& e) {
  return tx_.InsertReturningId(
      "INSERT INTO matching_case_events (case_id, at, by_account, by_actor, from_state, to_state, "
      "note) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
      {Param(e.case_id), Param(e.at), Param(e.by_account), Param(e.by_actor),
       OptState(e.from_state), Param(CaseStateCode(e.to_state)), Param(e.note)});
}

Result<std::vector<CaseEvent>> SqlCaseRepository::Events(int64_t case_id) {
  return EventsWhere(tx_, "WHERE case_id = $1", case_id);
}

Result<int64_t> SqlCaseRepository::InsertMessage(const CaseMessage& m) {
  return tx_.InsertReturningId(
      "INSERT INTO matching_case_messages (case_id, at, by_account, by_actor, body) "
      "VALUES ($1, $2, $3, $4, $5) RETURNING id",
      {Param(m.case_id), Param(m.at), Param(m.by_account), Param(m.by_actor), Param(m.body)});
}

Result<std::vector<CaseMessage>> SqlCaseRepository::Messages(int64_t case_id) {
  return MessagesWhere(tx_, "WHERE case_id = $1", case_id);
}

Status SqlCaseRepository::InsertAgreement(const Agreement& a) {
  auto r = tx_.Execute(
      "INSERT INTO matching_agreements (case_id, collaboration_form, value_sek, starts_on, "
      "ends_on, recorded_at, recorded_by) VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {Param(a.case_id), Param(a.collaboration_form), Param(a.value_sek), Param(a.starts_on),
       Param(a.ends_on), Param(a.recorded_at), Param(a.recorded_by)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

Result<std::optional<Agreement>> SqlCaseRepository::FindAgreement(int64_t case_id) {
  auto row = tx_.QueryOne(
      "SELECT case_id, collaboration_form, value_sek, starts_on, ends_on, recorded_at, "
      "recorded_by FROM matching_agreements WHERE case_id = $1",
      {Param(case_id)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<Agreement>();
  const auto& r = **row;
  return std::optional<Agreement>(Agreement{.case_id = r.Int(0),
                                            .collaboration_form = r.Text(1),
                                            .value_sek = r.Int(2),
                                            .starts_on = r.Text(3),
                                            .ends_on = r.OptText(4),
                                            .recorded_at = r.Int(5),
                                            .recorded_by = r.OptInt(6)});
}

Result<std::vector<CaseEvent>> SqlCaseRepository::EventsByAccount(int64_t account) {
  return EventsWhere(tx_, "WHERE by_account = $1", account);
}

Result<std::vector<CaseMessage>> SqlCaseRepository::MessagesByAccount(int64_t account) {
  return MessagesWhere(tx_, "WHERE by_account = $1", account);
}

Status SqlCaseRepository::EraseAccount(int64_t account) {
  for (const char* sql :
       {"UPDATE matching_case_events SET by_account = NULL WHERE by_account = $1",
        "UPDATE matching_case_messages SET by_account = NULL WHERE by_account = $1",
        "UPDATE matching_agreements SET recorded_by = NULL WHERE recorded_by = $1"}) {
    auto r = tx_.Execute(sql, {Param(account)});
    if (!r.ok()) return std::move(r).error();
  }
  return Status::Ok();
}

}  // namespace samverkan::matching
