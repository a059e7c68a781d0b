#include "modules/actors/sql/sql_actor_repository.h"

#include "modules/actors/json/actor_json.h"
#include "platform/audit.h"

#include <map>

namespace samverkan::actors {
namespace {

using storage::Null;
using storage::Param;
using storage::Row;
using storage::Value;

// The sort keys are compared byte by byte on both engines (SortKey makes byte order Swedish
// order): SQLite's default collation does that, PostgreSQL needs the "C" collation, or the
// database's locale would reorder them and break cursor pagination.
std::string CreateActorsSql(std::string_view byte_order) {
  std::string collate(byte_order);
  return "CREATE TABLE actors ("
         " id {{id}},"
         " external_id TEXT UNIQUE,"
         " language TEXT NOT NULL,"
         " name_sv TEXT NOT NULL, name_en TEXT NOT NULL,"
         " summary_sv TEXT NOT NULL, summary_en TEXT NOT NULL,"
         " description_sv TEXT NOT NULL, description_en TEXT NOT NULL,"
         " offers_sv TEXT NOT NULL, offers_en TEXT NOT NULL,"
         " seeks_sv TEXT NOT NULL, seeks_en TEXT NOT NULL,"
         " sector TEXT NOT NULL,"
         " social_enterprise INTEGER NOT NULL,"
         " wise INTEGER NOT NULL,"
         " municipality TEXT,"
         " org_number TEXT,"
         " org_number_personal INTEGER NOT NULL,"  // personal data: never shown publicly
         " website TEXT,"
         " founded INTEGER,"
         " size_band TEXT,"
         " alliance_member INTEGER NOT NULL,"
         " member_since TEXT,"
         " sort_sv TEXT" + collate + " NOT NULL,"
         " sort_en TEXT" + collate + " NOT NULL,"
         " search_text TEXT NOT NULL,"
         " created_at BIGINT NOT NULL,"
         " updated_at BIGINT NOT NULL);"
         "CREATE INDEX actors_sort_sv ON actors (sort_sv, id);"
         "CREATE INDEX actors_sort_en ON actors (sort_en, id);"
         "CREATE INDEX actors_sector ON actors (sector);"
         "CREATE INDEX actors_municipality ON actors (municipality);"
         "CREATE TABLE actor_sdgs ("
         " actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
         " goal INTEGER NOT NULL,"
         " PRIMARY KEY (actor_id, goal));"
         "CREATE INDEX actor_sdgs_goal ON actor_sdgs (goal, actor_id);"
         "CREATE TABLE actor_regions ("
         " actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
         " position INTEGER NOT NULL,"
         " region TEXT NOT NULL,"
         " PRIMARY KEY (actor_id, region));"
         "CREATE INDEX actor_regions_region ON actor_regions (region, actor_id);"
         "CREATE TABLE actor_target_groups ("
         " actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
         " position INTEGER NOT NULL,"
         " code TEXT NOT NULL,"
         " PRIMARY KEY (actor_id, code));"
         "CREATE INDEX actor_target_groups_code ON actor_target_groups (code, actor_id);"
         "CREATE TABLE actor_certifications ("
         " actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
         " position INTEGER NOT NULL,"
         " name TEXT NOT NULL,"
         " issuer TEXT NOT NULL,"
         " valid_until TEXT,"
         " PRIMARY KEY (actor_id, position));"
         // Partnerships as each actor declares them; a pair named by both sides appears twice.
         "CREATE TABLE actor_partners ("
         " actor_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
         " partner_id BIGINT NOT NULL REFERENCES actors(id) ON DELETE CASCADE,"
         " position INTEGER NOT NULL,"
         " PRIMARY KEY (actor_id, partner_id));"
         "CREATE INDEX actor_partners_partner ON actor_partners (partner_id);";
}

constexpr const char* kColumns =
    "a.id, a.external_id, a.language, a.name_sv, a.name_en, a.summary_sv, a.summary_en, "
    "a.description_sv, a.description_en, a.offers_sv, a.offers_en, a.seeks_sv, a.seeks_en, "
    "a.sector, a.social_enterprise, a.wise, a.municipality, a.org_number, "
    "a.org_number_personal, a.website, a.founded, a.size_band, a.alliance_member, "
    "a.member_since, a.created_at, a.updated_at";

// Ids per IN (…) list. Lists are padded to this length so that each query has one text and
// is prepared once per connection.
constexpr size_t kInBatch = 100;

Value TextOrNull(const std::string& s) { return s.empty() ? Value(Null{}) : Param(s); }

Actor ActorFromRow(const Row& r) {
  Actor a;
  ActorProfile& p = a.profile;
  a.id = r.Int(0);
  p.external_id = r.OptText(1).value_or("");
  p.language = ParseLanguage(r.Text(2)).value_or(kDefaultLanguage);
  p.name = {r.Text(3), r.Text(4)};
  p.summary = {r.Text(5), r.Text(6)};
  p.description = {r.Text(7), r.Text(8)};
  p.offers = {r.Text(9), r.Text(10)};
  p.seeks = {r.Text(11), r.Text(12)};
  p.sector = r.Text(13);
  p.social_enterprise = r.Bool(14);
  p.wise = r.Bool(15);
  p.municipality = r.OptText(16).value_or("");
  p.org_number = r.OptText(17).value_or("");
  a.org_number_personal = r.Bool(18);
  p.website = r.OptText(19).value_or("");
  if (auto founded = r.OptInt(20)) p.founded = static_cast<int>(*founded);
  p.size_band = r.OptText(21).value_or("");
  p.alliance_member = r.Bool(22);
  p.member_since = r.OptText(23).value_or("");
  a.created_at_ms = r.Int(24);
  a.updated_at_ms = r.Int(25);
  return a;
}

// Numbers the parameters of one statement.
class Params {
 public:
  std::string Add(Value v) {
    values_.push_back(std::move(v));
    return "$" + std::to_string(values_.size());
  }
  const std::vector<Value>& values() const { return values_; }

 private:
  std::vector<Value> values_;
};

// LIKE pattern for a substring, with '!' escaping the pattern characters.
std::string ContainsPattern(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '!' || c == '%' || c == '_') out += '!';
    out += c;
  }
  return out + "%";
}

// The conditions of `f` on actors a, leaving out the facet `except`; the same meaning as
// Matches() in the domain.
std::string Conditions(const ActorFilter& f, std::optional<Facet> except, Params& params) {
  std::string sql = "1 = 1";
  auto child = [&](const char* table, const char* column, Value v) {
    sql += std::string(" AND EXISTS (SELECT 1 FROM ") + table + " c WHERE c.actor_id = a.id AND c." +
           column + " = " + params.Add(std::move(v)) + ")";
  };
  if (!f.q.empty()) {
    sql += " AND a.search_text LIKE " + params.Add(ContainsPattern(FoldForSearch(f.q))) + " ESCAPE '!'";
  }
  if (!f.external_id.empty()) sql += " AND a.external_id = " + params.Add(f.external_id);
  for (Facet facet : kFacets) {
    if (facet == except || !Restricts(f, facet)) continue;
    switch (facet) {
      case Facet::kSector: sql += " AND a.sector = " + params.Add(f.sector); break;
      case Facet::kCounty: child("actor_regions", "region", f.county); break;
      case Facet::kMunicipality: sql += " AND a.municipality = " + params.Add(f.municipality); break;
      case Facet::kSdg: child("actor_sdgs", "goal", Param(*f.sdg)); break;
      case Facet::kTargetGroup: child("actor_target_groups", "code", f.target_group); break;
      case Facet::kSocialEnterprise:
        sql += " AND a.social_enterprise = " + params.Add(Param(*f.social_enterprise));
        break;
      case Facet::kMember: sql += " AND a.alliance_member = " + params.Add(Param(*f.member)); break;
    }
  }
  return sql;
}

// SELECT value, count for one facet, over the actors matching every other part of `f`.
std::string FacetSelect(Facet facet, const ActorFilter& f, Params& params) {
  std::string name = "'" + std::string(FacetName(facet)) + "'";
  std::string where = " WHERE " + Conditions(f, facet, params);
  auto on_actor = [&](const char* expr) {
    return "SELECT " + name + ", " + expr + ", COUNT(*) FROM actors a" + where +
           " AND " + expr + " IS NOT NULL GROUP BY " + expr;
  };
  // Child rows are unique per actor and value (primary keys), so COUNT(*) counts actors.
  auto on_child = [&](const char* table, const char* column) {
    std::string expr = std::string("CAST(c.") + column + " AS TEXT)";
    return "SELECT " + name + ", " + expr + ", COUNT(*) FROM actors a JOIN " + table +
           " c ON c.actor_id = a.id" + where + " GROUP BY " + expr;
  };
  switch (facet) {
    case Facet::kSector: return on_actor("a.sector");
    case Facet::kCounty: return on_child("actor_regions", "region");
    case Facet::kMunicipality: return on_actor("a.municipality");
    case Facet::kSdg: return on_child("actor_sdgs", "goal");
    case Facet::kTargetGroup: return on_child("actor_target_groups", "code");
    case Facet::kSocialEnterprise: return on_actor("CAST(a.social_enterprise AS TEXT)");
    case Facet::kMember: return on_actor("CAST(a.alliance_member AS TEXT)");
  }
  return {};
}

}  // namespace

std::vector<storage::Migration> ActorMigrations() {
  storage::Migration create{"actors", 1, "create actors with SDGs, regions, target groups, "
                                         "certifications and partners",
                            CreateActorsSql(""), CreateActorsSql(" COLLATE \"C\"")};
  // Written with every actor change in the same transaction, so the search index cannot miss
  // a committed change; the indexer deletes a row only after the index committed it.
  storage::Migration outbox{"actors", 2, "create search_outbox for the search indexer",
                            "CREATE TABLE search_outbox (id {{id}}, actor_id BIGINT NOT NULL)"};
  return {std::move(create), std::move(outbox)};
}

namespace {

// Tells the search indexer that actor `id` changed.
Status EnqueueForSearch(storage::Transaction& tx, int64_t id) {
  auto r = tx.Execute("INSERT INTO search_outbox (actor_id) VALUES ($1)", {Param(id)});
  if (!r.ok()) return std::move(r).error();
  return Status::Ok();
}

}  // namespace

Result<std::vector<SearchOutboxRow>> PendingSearchRows(storage::Transaction& tx, int limit) {
  auto rows = tx.Query("SELECT id, actor_id FROM search_outbox ORDER BY id LIMIT $1", {Param(limit)});
  if (!rows.ok()) return std::move(rows).error();
  std::vector<SearchOutboxRow> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back({r.Int(0), r.Int(1)});
  return out;
}

Result<std::vector<int64_t>> AllSearchRowIds(storage::Transaction& tx) {
  auto rows = tx.Query("SELECT id FROM search_outbox ORDER BY id");
  if (!rows.ok()) return std::move(rows).error();
  std::vector<int64_t> out;
  out.reserve(rows->size());
  for (const auto& r : *rows) out.push_back(r.Int(0));
  return out;
}

Status DeleteSearchRows(storage::Transaction& tx, const std::vector<int64_t>& ids) {
  for (size_t start = 0; start < ids.size(); start += kInBatch) {
    std::vector<Value> params;
    std::string in;
    for (size_t i = 0; i < kInBatch; ++i) {
      params.push_back(Param(ids[start + i < ids.size() ? start + i : start]));
      in += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    auto r = tx.Execute("DELETE FROM search_outbox WHERE id IN (" + in + ")", params);
    if (!r.ok()) return std::move(r).error();
  }
  return Status::Ok();
}

Status SqlActorRepository::WriteChildren(int64_t id, const ActorProfile& p, bool replace) {
  // A new actor has no rows to delete: skipping the deletes matters for large imports.
  for (const char* table : {"actor_sdgs", "actor_regions", "actor_target_groups", "actor_certifications"}) {
    if (!replace) break;
    auto deleted = tx_.Execute(std::string("DELETE FROM ") + table + " WHERE actor_id = $1", {Param(id)});
    if (!deleted.ok()) return std::move(deleted).error();
  }
  for (int goal : p.sdgs) {
    auto r = tx_.Execute("INSERT INTO actor_sdgs (actor_id, goal) VALUES ($1, $2)", {Param(id), Param(goal)});
    if (!r.ok()) return std::move(r).error();
  }
  for (size_t i = 0; i < p.regions.size(); ++i) {
    auto r = tx_.Execute("INSERT INTO actor_regions (actor_id, position, region) VALUES ($1, $2, $3)",
                         {Param(id), Param(static_cast<int64_t>(i)), Param(p.regions[i])});
    if (!r.ok()) return std::move(r).error();
  }
  for (size_t i = 0; i < p.target_groups.size(); ++i) {
    auto r = tx_.Execute("INSERT INTO actor_target_groups (actor_id, position, code) VALUES ($1, $2, $3)",
                         {Param(id), Param(static_cast<int64_t>(i)), Param(p.target_groups[i])});
    if (!r.ok()) return std::move(r).error();
  }
  for (size_t i = 0; i < p.certifications.size(); ++i) {
    const Certification& c = p.certifications[i];
    auto r = tx_.Execute(
        "INSERT INTO actor_certifications (actor_id, position, name, issuer, valid_until) "
        "VALUES ($1, $2, $3, $4, $5)",
        {Param(id), Param(static_cast<int64_t>(i)), Param(c.name), Param(c.issuer), TextOrNull(c.valid_until)});
    if (!r.ok()) return std::move(r).error();
  }
  return Status::Ok();
}

namespace {

// The parameters shared by INSERT and UPDATE, in column order.
std::vector<Value> ProfileParams(const ActorProfile& p, bool personal) {
  return {TextOrNull(p.external_id),
          Param(LanguageCode(p.language)),
          Param(p.name.sv), Param(p.name.en),
          Param(p.summary.sv), Param(p.summary.en),
          Param(p.description.sv), Param(p.description.en),
          Param(p.offers.sv), Param(p.offers.en),
          Param(p.seeks.sv), Param(p.seeks.en),
          Param(p.sector),
          Param(p.social_enterprise),
          Param(p.wise),
          TextOrNull(p.municipality),
          TextOrNull(p.org_number),
          Param(personal),
          TextOrNull(p.website),
          Param(p.founded),
          TextOrNull(p.size_band),
          Param(p.alliance_member),
          TextOrNull(p.member_since),
          Param(SortKey(p.name.In(Language::kSwedish))),
          Param(SortKey(p.name.In(Language::kEnglish))),
          Param(SearchText(p))};
}

}  // namespace

// The audit trail's copy of a profile: the interchange format, without a sole trader's
// personal identity number.
std::string AuditJson(const ActorProfile& p, bool personal) {
  auto json = ProfileToJson(p);
  if (personal) json.erase("org_number");
  return json.dump();
}

Result<int64_t> SqlActorRepository::Insert(const ActorProfile& p, bool personal, int64_t now_ms,
                                           int64_t user_id) {
  std::vector<Value> params = ProfileParams(p, personal);
  params.push_back(Param(now_ms));
  auto id = tx_.InsertReturningId(
      "INSERT INTO actors (external_id, language, name_sv, name_en, summary_sv, summary_en, "
      "description_sv, description_en, offers_sv, offers_en, seeks_sv, seeks_en, sector, "
      "social_enterprise, wise, municipality, org_number, org_number_personal, website, founded, "
      "size_band, alliance_member, member_since, sort_sv, sort_en, search_text, created_at, "
      "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, "
      "$17, $18, $19, $20, $21, $22, $23, $24, $25, $26, $27, $27) RETURNING id",
      params);
  if (!id.ok()) return std::move(id).error();
  SAMVERKAN_RETURN_IF_ERROR(WriteChildren(*id, p, false));
  SAMVERKAN_RETURN_IF_ERROR(EnqueueForSearch(tx_, *id));
  if (!importing_) {
    SAMVERKAN_RETURN_IF_ERROR(platform::AppendAudit(
        tx_, {user_id, "actor.create", "actor", std::to_string(*id), "", AuditJson(p, personal)}, now_ms));
  }
  return *id;
}

Status SqlActorRepository::Update(int64_t id, const ActorProfile& p, bool personal, int64_t now_ms,
                                  int64_t user_id) {
  // The profile before, for the audit entry (an import writes one entry for all).
  std::optional<Actor> before;
  if (!importing_) {
    auto stored = Get(id);
    if (!stored.ok()) return std::move(stored).error();
    if (!stored->has_value()) return Error::NotFound("There is no such actor.");
    before = std::move(stored).value();
  }
  std::vector<Value> params = ProfileParams(p, personal);
  params.push_back(Param(now_ms));
  params.push_back(Param(id));
  auto changed = tx_.Execute(
      "UPDATE actors SET external_id = $1, language = $2, name_sv = $3, name_en = $4, "
      "summary_sv = $5, summary_en = $6, description_sv = $7, description_en = $8, "
      "offers_sv = $9, offers_en = $10, seeks_sv = $11, seeks_en = $12, sector = $13, "
      "social_enterprise = $14, wise = $15, municipality = $16, org_number = $17, "
      "org_number_personal = $18, website = $19, founded = $20, size_band = $21, "
      "alliance_member = $22, member_since = $23, sort_sv = $24, sort_en = $25, "
      "search_text = $26, updated_at = $27 WHERE id = $28",
      params);
  if (!changed.ok()) return std::move(changed).error();
  if (*changed == 0) return Error::NotFound("There is no such actor.");
  SAMVERKAN_RETURN_IF_ERROR(WriteChildren(id, p, true));
  SAMVERKAN_RETURN_IF_ERROR(EnqueueForSearch(tx_, id));
  if (importing_) return Status::Ok();
  return platform::AppendAudit(
      tx_,
      {user_id, "actor.update", "actor", std::to_string(id),
       AuditJson(before->profile, before->org_number_personal), AuditJson(p, personal)},
      now_ms);
}

// SQLite's page cache while an import writes: a million actors' index pages (external id,
// sort keys, children) fit, where the default 2 MiB spills them to the write-ahead log and
// reads them back at every insert. Pages are taken as needed, so a small import uses little.
constexpr int64_t kImportCacheKiB = 512 * 1024;

Status SqlActorRepository::BeginImport() {
  importing_ = true;
  if (tx_.engine() != storage::Engine::kSqlite || saved_cache_size_) return Status::Ok();
  auto current = tx_.QueryOne("PRAGMA cache_size");
  if (!current.ok()) return std::move(current).error();
  if (!current->has_value()) return Status::Ok();
  saved_cache_size_ = (*current)->Int(0);
  // A negative size is in KiB; the value is a constant, not input.
  return tx_.ExecuteScript("PRAGMA cache_size = -" + std::to_string(kImportCacheKiB));
}

void SqlActorRepository::EndImport() {
  importing_ = false;
  if (!saved_cache_size_) return;
  // Shrinking the cache writes nothing: the pages the import changed stay until the commit.
  Status restored = tx_.ExecuteScript("PRAGMA cache_size = " + std::to_string(*saved_cache_size_));
  (void)restored;  // the connection keeps working with the larger cache
  saved_cache_size_.reset();
}

Status SqlActorRepository::RecordImport(const ImportSummary& summary, int64_t now_ms, int64_t user_id) {
  nlohmann::json counts = {{"inserted", summary.inserted},
                           {"updated", summary.updated},
                           {"rejected", summary.rejected},
                           {"partial", summary.partial}};
  return platform::AppendAudit(tx_, {user_id, "actor.import", "actor", "", "", counts.dump()}, now_ms);
}

Status SqlActorRepository::SetPartners(int64_t id, const std::vector<int64_t>& partner_ids) {
  auto deleted = tx_.Execute("DELETE FROM actor_partners WHERE actor_id = $1", {Param(id)});
  if (!deleted.ok()) return std::move(deleted).error();
  for (size_t i = 0; i < partner_ids.size(); ++i) {
    auto r = tx_.Execute("INSERT INTO actor_partners (actor_id, partner_id, position) VALUES ($1, $2, $3)",
                         {Param(id), Param(partner_ids[i]), Param(static_cast<int64_t>(i))});
    if (!r.ok()) return std::move(r).error();
  }
  return Status::Ok();
}

Result<std::vector<Actor>> SqlActorRepository::QueryActors(const std::string& sql,
                                                           const std::vector<Value>& params) {
  auto rows = tx_.Query(sql, params);
  if (!rows.ok()) return std::move(rows).error();
  std::vector<Actor> actors;
  actors.reserve(rows->size());
  for (const auto& r : *rows) actors.push_back(ActorFromRow(r));
  SAMVERKAN_RETURN_IF_ERROR(LoadChildren(actors));
  return actors;
}

Status SqlActorRepository::LoadChildren(std::vector<Actor>& actors) {
  std::map<int64_t, Actor*> by_id;
  for (auto& a : actors) by_id[a.id] = &a;
  for (size_t start = 0; start < actors.size(); start += kInBatch) {
    std::vector<Value> ids;
    std::string in;
    for (size_t i = 0; i < kInBatch; ++i) {
      // Padding repeats the batch's first id: it changes nothing in an IN list.
      size_t index = start + i < actors.size() ? start + i : start;
      ids.push_back(Param(actors[index].id));
      in += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    auto query = [&](const std::string& sql) { return tx_.Query(sql, ids); };

    auto sdgs = query("SELECT actor_id, goal FROM actor_sdgs WHERE actor_id IN (" + in +
                      ") ORDER BY actor_id, goal");
    if (!sdgs.ok()) return std::move(sdgs).error();
    for (const auto& r : *sdgs) by_id[r.Int(0)]->profile.sdgs.push_back(static_cast<int>(r.Int(1)));

    auto regions = query("SELECT actor_id, region FROM actor_regions WHERE actor_id IN (" + in +
                         ") ORDER BY actor_id, position");
    if (!regions.ok()) return std::move(regions).error();
    for (const auto& r : *regions) by_id[r.Int(0)]->profile.regions.push_back(r.Text(1));

    auto groups = query("SELECT actor_id, code FROM actor_target_groups WHERE actor_id IN (" + in +
                        ") ORDER BY actor_id, position");
    if (!groups.ok()) return std::move(groups).error();
    for (const auto& r : *groups) by_id[r.Int(0)]->profile.target_groups.push_back(r.Text(1));

    auto certifications = query(
        "SELECT actor_id, name, issuer, valid_until FROM actor_certifications WHERE actor_id IN (" +
        in + ") ORDER BY actor_id, position");
    if (!certifications.ok()) return std::move(certifications).error();
    for (const auto& r : *certifications) {
      by_id[r.Int(0)]->profile.certifications.push_back(
          {r.Text(1), r.Text(2), r.OptText(3).value_or("")});
    }

    auto partners = query(
        "SELECT p.actor_id, b.id, b.external_id, b.name_sv, b.name_en FROM actor_partners p "
        "JOIN actors b ON b.id = p.partner_id WHERE p.actor_id IN (" + in +
        ") ORDER BY p.actor_id, p.position");
    if (!partners.ok()) return std::move(partners).error();
    for (const auto& r : *partners) {
      Actor* a = by_id[r.Int(0)];
      ActorRef ref{r.Int(1), r.OptText(2).value_or(""), {r.Text(3), r.Text(4)}};
      if (!ref.external_id.empty()) a->profile.partners.push_back(ref.external_id);
      a->partners.push_back(std::move(ref));
    }
  }
  return Status::Ok();
}

Result<std::optional<Actor>> SqlActorRepository::Get(int64_t id) {
  auto actors = QueryActors(std::string("SELECT ") + kColumns + " FROM actors a WHERE a.id = $1",
                            {Param(id)});
  if (!actors.ok()) return std::move(actors).error();
  if (actors->empty()) return std::optional<Actor>();
  return std::optional<Actor>(std::move(actors->front()));
}

Result<std::vector<Actor>> SqlActorRepository::GetMany(const std::vector<int64_t>& ids) {
  std::vector<Actor> found;
  for (size_t start = 0; start < ids.size(); start += kInBatch) {
    std::vector<Value> params;
    std::string in;
    for (size_t i = 0; i < kInBatch; ++i) {
      // Padded like LoadChildren's lists, so that the statement is prepared once.
      params.push_back(Param(ids[start + i < ids.size() ? start + i : start]));
      in += (i ? ", $" : "$") + std::to_string(i + 1);
    }
    auto batch = QueryActors(std::string("SELECT ") + kColumns + " FROM actors a WHERE a.id IN (" + in + ")",
                             params);
    if (!batch.ok()) return std::move(batch).error();
    for (auto& a : *batch) found.push_back(std::move(a));
  }
  std::map<int64_t, Actor*> by_id;
  for (auto& a : found) by_id[a.id] = &a;
  std::vector<Actor> ordered;
  ordered.reserve(found.size());
  for (int64_t id : ids) {
    auto it = by_id.find(id);
    if (it == by_id.end() || !it->second) continue;
    ordered.push_back(std::move(*it->second));
    it->second = nullptr;  // an id asked twice is returned once
  }
  return ordered;
}

Result<std::optional<int64_t>> SqlActorRepository::FindByExternalId(const std::string& external_id) {
  auto row = tx_.QueryOne("SELECT id FROM actors WHERE external_id = $1", {Param(external_id)});
  if (!row.ok()) return std::move(row).error();
  if (!row->has_value()) return std::optional<int64_t>();
  return std::optional<int64_t>((*row)->Int(0));
}

Result<std::vector<Actor>> SqlActorRepository::List(const ActorQuery& query) {
  // Column names come from this list, never from the request.
  const char* sort = query.language == Language::kEnglish ? "a.sort_en" : "a.sort_sv";
  Params params;
  std::string sql = std::string("SELECT ") + kColumns + " FROM actors a WHERE " +
                    Conditions(query.filter, std::nullopt, params);
  if (query.after) {
    std::string key = params.Add(query.after->sort_key);
    std::string id = params.Add(Param(query.after->id));
    sql += std::string(" AND (") + sort + " > " + key + " OR (" + sort + " = " + key +
           " AND a.id > " + id + "))";
  }
  sql += std::string(" ORDER BY ") + sort + ", a.id LIMIT " + params.Add(Param(query.limit));
  return QueryActors(sql, params.values());
}

Result<int64_t> SqlActorRepository::Count(const ActorFilter& filter) {
  Params params;
  auto row = tx_.QueryOne("SELECT COUNT(*) FROM actors a WHERE " +
                              Conditions(filter, std::nullopt, params),
                          params.values());
  if (!row.ok()) return std::move(row).error();
  return (*row)->Int(0);
}

Result<FacetCounts> SqlActorRepository::CountFacets(const ActorFilter& filter) {
  // One statement for all facets, so that PostgreSQL answers in one round trip.
  Params params;
  std::string sql;
  for (Facet facet : kFacets) {
    if (!sql.empty()) sql += " UNION ALL ";
    sql += FacetSelect(facet, filter, params);
  }
  auto rows = tx_.Query(sql, params.values());
  if (!rows.ok()) return std::move(rows).error();
  std::map<std::string_view, Facet> by_name;
  for (Facet facet : kFacets) by_name[FacetName(facet)] = facet;
  FacetCounts counts;
  for (const auto& r : *rows) {
    Facet facet = by_name.at(r.Text(0));
    std::string value = r.Text(1);
    if (facet == Facet::kSocialEnterprise || facet == Facet::kMember) {
      value = value == "1" ? "true" : "false";
    }
    counts[facet][value] = r.Int(2);
  }
  return counts;
}

Result<std::vector<Actor>> SqlActorRepository::ListById(int64_t after_id, int limit) {
  return QueryActors(std::string("SELECT ") + kColumns +
                         " FROM actors a WHERE a.id > $1 ORDER BY a.id LIMIT $2",
                     {Param(after_id), Param(limit)});
}

}  // namespace samverkan::actors
