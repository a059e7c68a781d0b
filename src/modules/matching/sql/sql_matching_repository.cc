#include "modules/matching/sql/sql_matching_repository.h"

#include <limits>
#include <nlohmann/json.hpp>

#include "modules/matching/json/matching_json.h"
#include "modules/matching/sql/sql_case_repository.h"

namespace samverkan::matching {

using storage::Param;

std::vector<storage::Migration> MatchingMigrations() {
  // external_id may be NULL only inside the inserting transaction: an item without one gets
  // "need-<id>" once its id is known.
  storage::Migration create{
      "matching", 1, "create matching_needs, matching_offers and matching_outbox",
      "CREATE TABLE matching_needs ("
      " id {{id}},"
      " external_id TEXT UNIQUE,"
      " actor_id BIGINT NOT NULL,"
      " status TEXT NOT NULL,"
      " record TEXT NOT NULL,"
      " updated_at BIGINT NOT NULL);"
      "CREATE INDEX matching_needs_actor ON matching_needs (actor_id);"
      "CREATE TABLE matching_offers ("
      " id {{id}},"
      " external_id TEXT UNIQUE,"
      " actor_id BIGINT NOT NULL,"
      " status TEXT NOT NULL,"
      " record TEXT NOT NULL,"
      " updated_at BIGINT NOT NULL);"
      "CREATE INDEX matching_offers_actor ON matching_offers (actor_id);"
      // Written with every change in the same transaction, so the index cannot miss a
      // committed change; the indexer deletes a row only after the index committed it.
      "CREATE TABLE matching_outbox (id {{id}}, kind TEXT NOT NULL, item_id BIGINT NOT NULL)"};
  return {std::move(create), CaseMigration()};
}

namespace {

// The SQL and the record format of one side; the table names are constants, never input.
struct NeedTable {
  using Item = Need;
  using Record = NeedRecord;
  static constexpr const char* kTable = "matching_needs";
  static constexpr const char* kKind = "need";
  static constexpr const char* kPrefix = "need-";
  static Item& ItemOf(Record& r) { return r.need; }
  static const Item& ItemOf(const Record& r) { return r.need; }
  static std::string ToText(const Item& i) { return NeedToJson(i).dump(); }
  static Result<Item> FromText(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return Error::Internal("a stored need is not JSON");
    return NeedFromJson(parsed);
  }
};

struct OfferTable {
  using Item = Offer;
  using Record = OfferRecord;
  static constexpr const char* kTable = "matching_offers";
  static constexpr const char* kKind = "offer";
  static constexpr const char* kPrefix = "offer-";
  static Item& ItemOf(Record& r) { return r.offer; }
  static const Item& ItemOf(const Record& r) { return r.offer; }
  static std::string ToText(const Item& i) { return OfferToJson(i).dump(); }
  static Result<Item> FromText(const std::string& text) {
    auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_discarded()) return Error::Internal("a stored offer is not JSON");
    return OfferFromJson(parsed);
  }
};

Status Enqueue(storage::Transaction& tx, const char* kind, int64_t id) {
  auto r = tx.Execute("INSERT INTO matching_outbox (kind, item_id) VALUES ($1, $2)",
                      {Param(kind), Param(id)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

template <typename T>
Result<typename T::Record> FromRow(const storage::Row& row) {
  auto item = T::FromText(row.Text(4));
  if (!item.ok()) return Error::Internal("a stored item cannot be read");
  typename T::Record record;
  T::ItemOf(record) = std::move(item).value();
  T::ItemOf(record).id = row.Int(0);
  T::ItemOf(record).external_id = row.OptText(1).value_or("");
  record.actor_id = row.Int(2);
  record.updated_at = row.Int(5);
  record.created_at = row.OptInt(6).value_or(record.updated_at);
  return record;
}

template <typename T>
std::string Select(const char* where) {
  return std::string(
             "SELECT id, external_id, actor_id, status, record, updated_at, created_at FROM ") +
         T::kTable + " " + where;
}

template <typename T>
Result<int64_t> Insert(storage::Transaction& tx, const typename T::Record& record) {
  const auto& item = T::ItemOf(record);
  auto id = tx.InsertReturningId(
      std::string("INSERT INTO ") + T::kTable +
          " (external_id, actor_id, status, record, updated_at, created_at) "
          "VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      {item.external_id.empty() ? storage::Value(storage::Null{}) : Param(item.external_id),
       Param(record.actor_id), Param(ItemStatusCode(item.status)), Param(T::ToText(item)),
       Param(record.updated_at),
       Param(record.created_at != 0 ? record.created_at : record.updated_at)});
  if (!id.ok()) return std::move(id).error();
  if (item.external_id.empty()) {
    auto named =
        tx.Execute(std::string("UPDATE ") + T::kTable + " SET external_id = $1 WHERE id = $2",
                   {Param(T::kPrefix + std::to_string(*id)), Param(*id)});
    if (!named.ok()) return std::move(named).error();
  }
  SAMVERKAN_RETURN_IF_ERROR(Enqueue(tx, T::kKind, *id));
  return *id;
}

template <typename T>
Status Update(storage::Transaction& tx, const typename T::Record& record) {
  const auto& item = T::ItemOf(record);
  auto changed = tx.Execute(
      std::string("UPDATE ") + T::kTable +
          " SET external_id = $1, actor_id = $2, status = $3, record = $4, updated_at = $5 "
          "WHERE id = $6",
      {Param(item.external_id), Param(record.actor_id), Param(ItemStatusCode(item.status)),
       Param(T::ToText(item)), Param(record.updated_at), Param(item.id)});
  if (!changed.ok()) return std::move(changed).error();
  if (*changed == 0) return Error::NotFound();
  return Enqueue(tx, T::kKind, item.id);
}

template <typename T>
Result<std::optional<typename T::Record>> FindBy(storage::Transaction& tx, const char* where,
                                                 storage::Value key) {
  auto row = tx.QueryOne(Select<T>(where), {std::move(key)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<typename T::Record>();
  auto record = FromRow<T>(**row);
  if (!record.ok()) return std::move(record).error();
  return std::optional<typename T::Record>(std::move(record).value());
}

template <typename T>
Status ForEach(storage::Transaction& tx,
               const std::function<Status(const typename T::Record&)>& visit) {
  // In pages by id, so that a large table is not held in memory twice.
  constexpr int kPage = 1000;
  int64_t after = 0;
  while (true) {
    auto rows =
        tx.Query(Select<T>("WHERE id > $1 ORDER BY id LIMIT $2"), {Param(after), Param(kPage)});
    if (!rows.ok()) return std::move(rows).error();
    for (const auto& row : *rows) {
      auto record = FromRow<T>(row);
      if (!record.ok()) return std::move(record).error();
      after = T::ItemOf(*record).id;
      SAMVERKAN_RETURN_IF_ERROR(visit(*record));
    }
    if (rows->size() < static_cast<size_t>(kPage)) return Status::Ok();
  }
}

template <typename T>
Status Scan(storage::Transaction& tx, int64_t before, int64_t actor_id,
            const std::function<Result<bool>(const typename T::Record&)>& visit) {
  // Pages of a few hundred rows: a list's page is usually full after the first.
  constexpr int kPage = 200;
  int64_t below = before > 0 ? before : std::numeric_limits<int64_t>::max();
  while (true) {
    auto rows =
        actor_id != 0
            ? tx.Query(Select<T>("WHERE id < $1 AND actor_id = $2 ORDER BY id DESC LIMIT $3"),
                       {Param(below), Param(actor_id), Param(kPage)})
            : tx.Query(Select<T>("WHERE id < $1 ORDER BY id DESC LIMIT $2"),
                       {Param(below), Param(kPage)});
    if (!rows.ok()) return std::move(rows).error();
    for (const auto& row : *rows) {
      auto record = FromRow<T>(row);
      if (!record.ok()) return std::move(record).error();
      below = T::ItemOf(*record).id;
      auto more = visit(*record);
      if (!more.ok()) return std::move(more).error();
      if (!*more) return Status::Ok();
    }
    if (rows->size() < static_cast<size_t>(kPage)) return Status::Ok();
  }
}

}  // namespace

Result<int64_t> SqlMatchingRepository::InsertNeed(const NeedRecord& record) {
  return Insert<NeedTable>(tx_, record);
}
Status SqlMatchingRepository::UpdateNeed(const NeedRecord& record) {
  return Update<NeedTable>(tx_, record);
}
Result<std::optional<NeedRecord>> SqlMatchingRepository::FindNeed(int64_t id) {
  return FindBy<NeedTable>(tx_, "WHERE id = $1", Param(id));
}
Result<std::optional<NeedRecord>> SqlMatchingRepository::FindNeedByExternalId(
    const std::string& external_id) {
  return FindBy<NeedTable>(tx_, "WHERE external_id = $1", Param(external_id));
}
Status SqlMatchingRepository::ForEachNeed(const std::function<Status(const NeedRecord&)>& visit) {
  return ForEach<NeedTable>(tx_, visit);
}
Status SqlMatchingRepository::ScanNeeds(
    int64_t before, int64_t actor_id, const std::function<Result<bool>(const NeedRecord&)>& visit) {
  return Scan<NeedTable>(tx_, before, actor_id, visit);
}

Result<int64_t> SqlMatchingRepository::InsertOffer(const OfferRecord& record) {
  return Insert<OfferTable>(tx_, record);
}
Status SqlMatchingRepository::UpdateOffer(const OfferRecord& record) {
  return Update<OfferTable>(tx_, record);
}
Result<std::optional<OfferRecord>> SqlMatchingRepository::FindOffer(int64_t id) {
  return FindBy<OfferTable>(tx_, "WHERE id = $1", Param(id));
}
Result<std::optional<OfferRecord>> SqlMatchingRepository::FindOfferByExternalId(
    const std::string& external_id) {
  return FindBy<OfferTable>(tx_, "WHERE external_id = $1", Param(external_id));
}
Status SqlMatchingRepository::ForEachOffer(const std::function<Status(const OfferRecord&)>& visit) {
  return ForEach<OfferTable>(tx_, visit);
}
Status SqlMatchingRepository::ScanOffers(
    int64_t before, int64_t actor_id,
    const std::function<Result<bool>(const OfferRecord&)>& visit) {
  return Scan<OfferTable>(tx_, before, actor_id, visit);
}

Result<std::vector<PendingChange>> SqlMatchingRepository::PendingChanges(int limit) {
  auto rows = tx_.Query("SELECT id, kind, item_id FROM matching_outbox ORDER BY id LIMIT $1",
                        {Param(limit)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<PendingChange> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) {
    out.push_back({r.Int(0), r.Text(1) == "offer" ? ItemKind::kOffer : ItemKind::kNeed, r.Int(2)});
  }
  return out;
}

Result<int64_t> SqlMatchingRepository::LastChange() {
  auto row = tx_.QueryOne("SELECT MAX(id) FROM matching_outbox");
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value() || (*row)->IsNull(0)) return int64_t{0};
  return (*row)->Int(0);
}

Status SqlMatchingRepository::DeleteChanges(const std::vector<int64_t>& seqs) {
  for (int64_t seq : seqs) {
    auto r = tx_.Execute("DELETE FROM matching_outbox WHERE id = $1", {Param(seq)});
    if (!r.ok()) return std::move(r).error();
  }
  return Status::Ok();
}

Status SqlMatchingRepository::DeleteChangesUpTo(int64_t seq) {
  auto r = tx_.Execute("DELETE FROM matching_outbox WHERE id <= $1", {Param(seq)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

}  // namespace samverkan::matching
