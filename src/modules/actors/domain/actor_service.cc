#include "modules/actors/domain/actor_service.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <utility>
#include <set>
#include <unordered_map>

#include "modules/actors/domain/actor_policy.h"
#include "modules/actors/domain/org_number.h"

namespace samverkan::actors {
namespace {

constexpr size_t kMaxQueryLength = 200;
constexpr const char* kAllianceKeepsMembership =
    N_("The alliance membership cannot be changed here: the alliance keeps it.");
constexpr const char* kAllianceKeepsMembershipField =
    N_("The alliance keeps this: an actor becomes a member when its application to join is approved.");
constexpr int kExportBatch = 500;

bool PersonalOrgNumber(const ActorProfile& p) {
  if (p.org_number.empty()) return false;
  auto number = ParseOrgNumber(p.org_number);
  return number.ok() && number->personal;
}

Error NoSuchPartner(const std::string& external_id) {
  return Error::InvalidField("partners", "There is no actor with the external id {{id}}.",
                             {{"id", external_id}});
}

Error ExternalIdTaken(const std::string& external_id) {
  Error error(ErrorCode::kConflict, "An actor with the external id {{id}} exists already.",
              {{"id", external_id}});
  error.AddField({"external_id", N_("An actor with the external id {{id}} exists already."),
                  {{"id", external_id}}});
  return error;
}

// The alliance keeps the record of membership (the alliance module, through
// SetAllianceMembership): people and integrations cannot set alliance_member or
// member_since, only send them back as stored. The external id is the editors'.
Status CheckManagedFieldsKept(const ActorProfile& stored, const ActorProfile& submitted,
                              bool external_id_locked) {
  std::vector<const char*> alliance;
  if (submitted.alliance_member != stored.alliance_member) alliance.push_back("alliance_member");
  if (submitted.member_since != stored.member_since) alliance.push_back("member_since");
  bool external_id_changed = external_id_locked && submitted.external_id != stored.external_id;
  if (alliance.empty() && !external_id_changed) return Status::Ok();
  Error error = external_id_changed
                    ? Error(ErrorCode::kPermissionDenied,
                            "Only editors can change the external id, and the alliance keeps the membership.")
                    : Error(ErrorCode::kInvalidArgument, kAllianceKeepsMembership);
  if (external_id_changed) error.AddField({"external_id", N_("Only editors can change this.")});
  for (const char* field : alliance) error.AddField({field, kAllianceKeepsMembershipField});
  return error;
}

// The rows of a whole file as an ImportSource: all of them, then none.
ImportSource RowsOnce(std::vector<ImportRow> rows) {
  auto left = std::make_shared<std::vector<ImportRow>>(std::move(rows));
  return [left]() -> Result<std::vector<ImportRow>> { return std::exchange(*left, {}); };
}

}  // namespace

ActorService::ActorService(RepositoryScope write, RepositoryScope read,
                           const ReferenceData* reference, std::function<int64_t()> now_ms)
    : write_(std::move(write)),
      read_(std::move(read)),
      reference_(reference),
      now_ms_(std::move(now_ms)) {}

int ActorService::CurrentYear() const {
  using namespace std::chrono;
  sys_days today = floor<days>(sys_time<milliseconds>(milliseconds(now_ms_())));
  return static_cast<int>(year_month_day(today).year());
}

void ActorService::WriteCommitted() {
  if (search_) search_->CatchUp();
}

Result<Actor> ActorService::Get(int64_t id) {
  std::optional<Actor> found;
  Status s = read_([&](ActorRepository& repo) -> Status {
    auto actor = repo.Get(id);
    if (!actor.ok()) return std::move(actor).error();
    found = std::move(actor).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!found) return Error::NotFound("There is no such actor.");
  return std::move(*found);
}

Result<Actor> ActorService::GetByExternalId(const std::string& external_id) {
  std::optional<Actor> found;
  Status s = read_([&](ActorRepository& repo) -> Status {
    auto id = repo.FindByExternalId(external_id);
    if (!id.ok()) return std::move(id).error();
    if (!id->has_value()) return Status::Ok();
    auto actor = repo.Get(**id);
    if (!actor.ok()) return std::move(actor).error();
    found = std::move(actor).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  if (!found) return Error::NotFound("There is no such actor.");
  return std::move(*found);
}

Result<ActorList> ActorService::List(ActorQuery query) {
  std::vector<FieldError> errors;
  if (query.limit < 1 || query.limit > kMaxPageSize) {
    errors.push_back({"limit", N_("Must be a whole number from {{min}} to {{max}}."),
                      {{"min", "1"}, {"max", std::to_string(kMaxPageSize)}}});
  }
  auto& q = query.filter.q;
  q.erase(0, q.find_first_not_of(" \t\r\n"));
  q.erase(q.find_last_not_of(" \t\r\n") + 1);
  if (q.size() > kMaxQueryLength) {
    errors.push_back({"q", N_("Use at most {{max}} characters."),
                      {{"max", std::to_string(kMaxQueryLength)}}});
  }
  if (query.after && query.after->language != query.language) {
    errors.push_back({"cursor", N_("The cursor is not valid. Start again from the first page.")});
  }
  if (Status valid = ValidateFilter(query.filter, *reference_); !valid.ok()) {
    for (const auto& f : valid.error().fields()) errors.push_back(f);
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));

  ActorList list;
  if (search_ && search_->Ready()) {
    // The index finds the ids, the total and the counts; the repository reads the actors.
    ActorQuery one_more = query;
    one_more.limit = query.limit + 1;
    // The whole directory in name order is a walk of the database's sort index, while the
    // index would sort every actor; its counts are cheap in the index either way.
    bool everything = query.filter == ActorFilter{};
    ActorQuery counted = one_more;
    if (everything) counted.limit = 0;
    auto found = search_->Search(counted);
    if (!found.ok()) return std::move(found).error();
    list.total = found->total;
    list.facets = std::move(found->facets);
    size_t candidates = 0;
    Status s = read_([&](ActorRepository& repo) -> Status {
      auto items = everything ? repo.List(one_more) : repo.GetMany(found->ids);
      if (!items.ok()) return std::move(items).error();
      list.items = std::move(items).value();
      candidates = everything ? list.items.size() : found->ids.size();
      return Status::Ok();
    });
    if (!s.ok()) return std::move(s).error();
    // Judged by the ids the index found: an actor deleted since is only left out.
    if (candidates > static_cast<size_t>(query.limit) && !list.items.empty()) {
      if (list.items.size() > static_cast<size_t>(query.limit)) list.items.resize(query.limit);
      const Actor& last = list.items.back();
      list.next_cursor = EncodeCursorKey(
          {query.language, SortKey(last.profile.name.In(query.language)), last.id});
    }
    return list;
  }
  Status s = read_([&](ActorRepository& repo) -> Status {
    ActorQuery one_more = query;
    one_more.limit = query.limit + 1;
    auto items = repo.List(one_more);
    if (!items.ok()) return std::move(items).error();
    list.items = std::move(items).value();
    if (list.items.size() > static_cast<size_t>(query.limit)) {
      list.items.resize(query.limit);
      const Actor& last = list.items.back();
      list.next_cursor = EncodeCursorKey(
          {query.language, SortKey(last.profile.name.In(query.language)), last.id});
    }
    auto total = repo.Count(query.filter);
    if (!total.ok()) return std::move(total).error();
    list.total = *total;
    auto facets = repo.CountFacets(query.filter);
    if (!facets.ok()) return std::move(facets).error();
    list.facets = std::move(facets).value();
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  return list;
}

Result<std::vector<int64_t>> ActorService::ResolvePartners(
    ActorRepository& repo, const std::vector<std::string>& external_ids) {
  std::vector<int64_t> ids;
  for (const auto& external_id : external_ids) {
    auto id = repo.FindByExternalId(external_id);
    if (!id.ok()) return std::move(id).error();
    if (!id->has_value()) return NoSuchPartner(external_id);
    ids.push_back(**id);
  }
  return ids;
}

Result<int64_t> ActorService::Create(const Principal& who, ActorProfile profile) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayCreate(who));
  SAMVERKAN_RETURN_IF_ERROR(CheckManagedFieldsKept(ActorProfile{}, profile, false));
  return CreateAs(who.user_id, std::move(profile));
}

Status ActorService::Update(const Principal& who, int64_t id, ActorProfile profile) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayEdit(who, id));
  return UpdateAs(who.user_id, id, std::move(profile), true, !MayChangeEditorFields(who));
}

Result<Actor> ActorService::GetForEdit(const Principal& who, int64_t id) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayEdit(who, id));
  return Get(id);
}

Result<int64_t> ActorService::Create(ActorProfile profile) { return CreateAs(0, std::move(profile)); }

Status ActorService::Update(int64_t id, ActorProfile profile) {
  return UpdateAs(0, id, std::move(profile), false, false);
}

Result<int64_t> ActorService::CreateAs(int64_t user_id, ActorProfile profile) {
  auto valid = ValidateActor(std::move(profile), *reference_, CurrentYear());
  if (!valid.ok()) return std::move(valid).error();
  int64_t id = 0;
  Status s = write_([&](ActorRepository& repo) -> Status {
    if (!valid->external_id.empty()) {
      auto existing = repo.FindByExternalId(valid->external_id);
      if (!existing.ok()) return std::move(existing).error();
      if (existing->has_value()) {
        return ExternalIdTaken(valid->external_id);
      }
    }
    auto partners = ResolvePartners(repo, valid->partners);
    if (!partners.ok()) return std::move(partners).error();
    auto inserted = repo.Insert(*valid, PersonalOrgNumber(*valid), now_ms_(), user_id);
    if (!inserted.ok()) return std::move(inserted).error();
    id = *inserted;
    return repo.SetPartners(id, *partners);
  });
  if (!s.ok()) return std::move(s).error();
  WriteCommitted();
  return id;
}

Status ActorService::UpdateAs(int64_t user_id, int64_t id, ActorProfile profile,
                              bool membership_locked, bool external_id_locked) {
  auto valid = ValidateActor(std::move(profile), *reference_, CurrentYear());
  if (!valid.ok()) return std::move(valid).error();
  Status s = write_([&](ActorRepository& repo) -> Status {
    auto current = repo.Get(id);
    if (!current.ok()) return std::move(current).error();
    if (!current->has_value()) return Error::NotFound("There is no such actor.");
    // Compared inside the transaction, with the stored values as they are now.
    if (membership_locked) {
      SAMVERKAN_RETURN_IF_ERROR(CheckManagedFieldsKept((*current)->profile, *valid, external_id_locked));
    }
    if (!valid->external_id.empty()) {
      auto existing = repo.FindByExternalId(valid->external_id);
      if (!existing.ok()) return std::move(existing).error();
      if (existing->has_value() && **existing != id) {
        return ExternalIdTaken(valid->external_id);
      }
    }
    auto partners = ResolvePartners(repo, valid->partners);
    if (!partners.ok()) return std::move(partners).error();
    if (std::find(partners->begin(), partners->end(), id) != partners->end()) {
      return Error::InvalidField("partners", "An actor cannot name itself as a partner.");
    }
    SAMVERKAN_RETURN_IF_ERROR(repo.Update(id, *valid, PersonalOrgNumber(*valid), now_ms_(), user_id));
    return repo.SetPartners(id, *partners);
  });
  if (s.ok()) WriteCommitted();
  return s;
}

Result<UpsertResult> ActorService::Upsert(ActorProfile profile) {
  // Validated here too, for the external id as it will be stored (trimmed).
  auto valid = ValidateActor(std::move(profile), *reference_, CurrentYear());
  if (!valid.ok()) return std::move(valid).error();
  if (valid->external_id.empty()) {
    return Error::InvalidField("external_id", "Every row needs an external_id to insert or update by.");
  }
  UpsertResult result;
  Status s = write_([&](ActorRepository& repo) -> Status {
    ImportOutcome outcome;
    SAMVERKAN_RETURN_IF_ERROR(ApplyImport(repo, RowsOnce({{0, *valid}}), false, 0, false, outcome));
    if (!outcome.rejected.empty()) return std::move(outcome.rejected.front().error);
    auto id = repo.FindByExternalId(valid->external_id);
    if (!id.ok()) return std::move(id).error();
    if (!id->has_value()) return Error::Internal("upserted actor not found");
    result.id = **id;
    result.inserted = outcome.inserted == 1;
    return Status::Ok();
  });
  if (!s.ok()) return std::move(s).error();
  WriteCommitted();
  return result;
}

Result<ImportOutcome> ActorService::Import(const Principal& who, std::vector<ImportRow> rows,
                                           bool partial) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayImportOrExport(who));
  return RunImport(RowsOnce(std::move(rows)), partial, who.user_id);
}

Result<ImportOutcome> ActorService::Import(std::vector<ImportRow> rows, bool partial) {
  return RunImport(RowsOnce(std::move(rows)), partial, 0);
}

Result<ImportOutcome> ActorService::Import(const ImportSource& next, bool partial) {
  return RunImport(next, partial, 0);
}

Result<ImportOutcome> ActorService::RunImport(const ImportSource& next, bool partial, int64_t user_id) {
  ImportOutcome outcome;
  bool refused = false;  // all or nothing met a rejected row
  Status s = write_([&](ActorRepository& repo) -> Status {
    SAMVERKAN_RETURN_IF_ERROR(ApplyImport(repo, next, partial, user_id, true, outcome));
    if (outcome.written) return Status::Ok();
    // Rows before the first rejected one may have been written: roll them back.
    refused = true;
    return Error(ErrorCode::kInvalidArgument, "Nothing was imported: rows rejected: {{count}}.",
                 {{"count", std::to_string(outcome.rejected.size())}});
  });
  if (refused) {
    outcome.inserted = outcome.updated = 0;
    return outcome;
  }
  if (!s.ok()) return std::move(s).error();
  if (outcome.inserted + outcome.updated > 0) WriteCommitted();
  return outcome;
}

Status ActorService::ApplyImport(ActorRepository& repo, const ImportSource& next, bool partial,
                                 int64_t user_id, bool one_audit_entry, ImportOutcome& outcome) {
  // A row waiting for the end of the file: it names a partner that is neither stored nor an
  // accepted row above it. All or nothing writes its profile where it stands (a rejection
  // later rolls everything back anyway), so that actors get their ids in file order, and keeps
  // only its key and partners; partial mode keeps the whole row and writes it at the end.
  struct Deferred {
    int line = 0;
    ActorProfile profile;
    bool rejected = false;
    bool written = false;
  };
  // A valid row, by its external id.
  struct Accepted {
    int line = 0;
    int64_t id = 0;         // once written
    int deferred = -1;      // index in `deferred`, or -1 when it was handled where it stood
  };
  std::unordered_map<std::string, Accepted> accepted;
  std::unordered_map<std::string, int> invalid_lines;  // external ids of rows that failed validation
  std::unordered_map<std::string, std::optional<int64_t>> stored;  // partners looked up in the store
  std::vector<Deferred> deferred;
  // Whether rows are still written: all or nothing stops at the first rejected row (and the
  // caller rolls back), but reads on to report every rejected row.
  bool writing = true;
  const int year = CurrentYear();
  const int64_t now = now_ms_();
  auto reject = [&](int line, Error error) {
    outcome.rejected.push_back({line, std::move(error)});
    if (!partial) writing = false;
  };
  // A partner outside the import, as stored before it (and cached: many rows name the same).
  auto lookup = [&](const std::string& external_id) -> Result<std::optional<int64_t>> {
    if (auto it = stored.find(external_id); it != stored.end()) return it->second;
    auto id = repo.FindByExternalId(external_id);
    if (!id.ok()) return std::move(id).error();
    stored[external_id] = *id;
    return *id;
  };
  // A partner's id: written by this import, or stored before it.
  auto partner_id = [&](const std::string& partner) -> Result<int64_t> {
    if (auto it = accepted.find(partner); it != accepted.end() && it->second.id != 0) return it->second.id;
    auto id = lookup(partner);
    if (!id.ok()) return std::move(id).error();
    if (!id->has_value()) return Error::Internal("import partner " + partner + " not found");
    return **id;
  };
  // Stores the profile (its partners after: see write_partners) and returns its id; a
  // negative id for an actor it inserted.
  auto write_profile = [&](const ActorProfile& profile) -> Result<int64_t> {
    auto existing = repo.FindByExternalId(profile.external_id);
    if (!existing.ok()) return std::move(existing).error();
    bool personal = PersonalOrgNumber(profile);
    if (existing->has_value()) {
      SAMVERKAN_RETURN_IF_ERROR(repo.Update(**existing, profile, personal, now, user_id));
      ++outcome.updated;
      return **existing;
    }
    auto id = repo.Insert(profile, personal, now, user_id);
    if (!id.ok()) return std::move(id).error();
    ++outcome.inserted;
    return -*id;
  };
  // `signed_id` as write_profile returned it.
  auto write_partners = [&](int64_t signed_id, const ActorProfile& profile) -> Status {
    // A new actor without partners has none to replace.
    if (signed_id < 0 && profile.partners.empty()) return Status::Ok();
    std::vector<int64_t> partner_ids;
    partner_ids.reserve(profile.partners.size());
    for (const auto& partner : profile.partners) {
      auto pid = partner_id(partner);
      if (!pid.ok()) return std::move(pid).error();
      partner_ids.push_back(*pid);
    }
    return repo.SetPartners(std::abs(signed_id), partner_ids);
  };

  if (one_audit_entry) SAMVERKAN_RETURN_IF_ERROR(repo.BeginImport());
  struct EndImport {
    ActorRepository& repo;
    bool on;
    ~EndImport() {
      if (on) repo.EndImport();
    }
  } end_import{repo, one_audit_entry};

  // Each row on its own as it comes: readable, valid, keyed, not a repeat. A row whose
  // partners are all known is written at once; it can never be rejected later, since only
  // a missing or rejected partner strands a row. The others wait (see Deferred).
  while (true) {
    auto chunk = next();
    if (!chunk.ok()) return std::move(chunk).error();
    if (chunk->empty()) break;
    for (auto& row : *chunk) {
      if (!row.profile.ok()) {
        reject(row.line, std::move(row.profile).error());
        continue;
      }
      std::string raw_key = row.profile->external_id;
      auto valid = ValidateActor(std::move(row.profile).value(), *reference_, year);
      if (!valid.ok()) {
        raw_key.erase(0, raw_key.find_first_not_of(" \t"));
        raw_key.erase(raw_key.find_last_not_of(" \t") + 1);
        if (!raw_key.empty()) invalid_lines.emplace(raw_key, row.line);
        reject(row.line, std::move(valid).error());
        continue;
      }
      const std::string& key = valid->external_id;
      if (key.empty()) {
        reject(row.line, Error::InvalidField("external_id", "Every row needs an external_id to insert or update by."));
        continue;
      }
      if (auto it = accepted.find(key); it != accepted.end()) {
        reject(row.line, Error::InvalidField("external_id", "The external id {{id}} is already on line {{line}}.",
                                             {{"id", key}, {"line", std::to_string(it->second.line)}}));
        continue;
      }
      bool partners_known = true;
      for (const auto& partner : valid->partners) {
        if (auto it = accepted.find(partner); it != accepted.end() && it->second.deferred < 0) continue;
        auto id = lookup(partner);
        if (!id.ok()) return std::move(id).error();
        if (!id->has_value()) {
          partners_known = false;
          break;
        }
      }
      if (!partners_known) {
        Accepted& entry = accepted[key];
        entry = {row.line, 0, static_cast<int>(deferred.size())};
        Deferred& d = deferred.emplace_back(Deferred{row.line, std::move(valid).value()});
        if (!partial && writing) {
          auto id = write_profile(d.profile);
          if (!id.ok()) return std::move(id).error();
          entry.id = std::abs(*id);
          d.written = true;
          ActorProfile kept;
          kept.external_id = std::move(d.profile.external_id);
          kept.partners = std::move(d.profile.partners);
          d.profile = std::move(kept);
        }
        continue;
      }
      Accepted& entry = accepted[key];
      entry.line = row.line;
      if (!writing) continue;
      auto id = write_profile(*valid);
      if (!id.ok()) return std::move(id).error();
      entry.id = std::abs(*id);
      SAMVERKAN_RETURN_IF_ERROR(write_partners(*id, *valid));
    }
  }

  // The rows that waited: a partner must be stored already or be written by this import.
  // Rejecting a row can strand rows that name it, so repeat until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& d : deferred) {
      if (d.rejected) continue;
      for (const auto& partner : d.profile.partners) {
        auto in_file = accepted.find(partner);
        if (in_file != accepted.end() &&
            (in_file->second.deferred < 0 || !deferred[in_file->second.deferred].rejected)) {
          continue;
        }
        auto id = lookup(partner);
        if (!id.ok()) return std::move(id).error();
        if (id->has_value()) continue;
        d.rejected = true;
        changed = true;
        int rejected_line = in_file != accepted.end() ? in_file->second.line : 0;
        if (auto invalid = invalid_lines.find(partner); invalid != invalid_lines.end()) {
          rejected_line = invalid->second;
        }
        if (rejected_line == 0) {
          reject(d.line, NoSuchPartner(partner));
        } else {
          reject(d.line, Error::InvalidField(
                             "partners", "The partner {{id}} is on line {{line}}, which was rejected.",
                             {{"id", partner}, {"line", std::to_string(rejected_line)}}));
        }
        break;
      }
    }
  }
  std::stable_sort(outcome.rejected.begin(), outcome.rejected.end(),
                   [](const RejectedActor& a, const RejectedActor& b) { return a.line < b.line; });
  if (!writing) return Status::Ok();  // outcome.written stays false: the caller rolls back

  // Profiles first, so that every partner has an id; then the partnerships (every row
  // waiting names at least one).
  for (auto& d : deferred) {
    if (d.rejected || d.written) continue;
    auto id = write_profile(d.profile);
    if (!id.ok()) return std::move(id).error();
    accepted[d.profile.external_id].id = std::abs(*id);
  }
  for (const auto& d : deferred) {
    if (d.rejected) continue;
    SAMVERKAN_RETURN_IF_ERROR(write_partners(accepted[d.profile.external_id].id, d.profile));
  }
  if (one_audit_entry && outcome.inserted + outcome.updated > 0) {
    SAMVERKAN_RETURN_IF_ERROR(repo.RecordImport(
        {outcome.inserted, outcome.updated, static_cast<int64_t>(outcome.rejected.size()), partial},
        now, user_id));
  }
  outcome.written = true;
  return Status::Ok();
}

Status ActorService::SetAllianceMembership(int64_t user_id, int64_t actor_id,
                                           const std::optional<std::string>& member_since) {
  if (member_since && !IsIsoDate(*member_since)) {
    return Error::InvalidField("member_since", "Enter a date as YYYY-MM-DD, e.g. 2026-03-01.");
  }
  Status s = write_([&](ActorRepository& repo) -> Status {
    auto current = repo.Get(actor_id);
    if (!current.ok()) return std::move(current).error();
    if (!current->has_value()) return Error::NotFound("There is no such actor.");
    // Only the two fields change; the stored profile was validated when it was written.
    ActorProfile profile = (*current)->profile;
    profile.alliance_member = member_since.has_value();
    profile.member_since = member_since.value_or("");
    return repo.Update(actor_id, profile, (*current)->org_number_personal, now_ms_(), user_id);
  });
  if (s.ok()) WriteCommitted();
  return s;
}

Status ActorService::ForEach(const std::function<Status(const Actor&)>& sink) {
  return read_([&](ActorRepository& repo) -> Status {
    int64_t after = 0;
    while (true) {
      auto page = repo.ListById(after, kExportBatch);
      if (!page.ok()) return std::move(page).error();
      if (page->empty()) return Status::Ok();
      for (const auto& actor : *page) {
        SAMVERKAN_RETURN_IF_ERROR(sink(actor));
        after = actor.id;
      }
    }
  });
}

}  // namespace samverkan::actors
