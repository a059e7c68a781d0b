#include "modules/actors/domain/actor_service.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "modules/actors/domain/actor_policy.h"
#include "modules/actors/domain/org_number.h"

namespace samverkan::actors {
namespace {

constexpr size_t kMaxQueryLength = 200;
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

// The fields of `submitted` that only editors may change and that differ from `stored`.
Status CheckEditorFieldsKept(const ActorProfile& stored, const ActorProfile& submitted) {
  std::vector<const char*> changed;
  if (submitted.external_id != stored.external_id) changed.push_back("external_id");
  if (submitted.alliance_member != stored.alliance_member) changed.push_back("alliance_member");
  if (submitted.member_since != stored.member_since) changed.push_back("member_since");
  if (changed.empty()) return Status::Ok();
  Error error = Error(ErrorCode::kPermissionDenied,
                      "Only editors can change the alliance membership and the external id.");
  for (const char* field : changed) error.AddField({field, N_("Only editors can change this.")});
  return error;
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
  return CreateAs(who.user_id, std::move(profile));
}

Status ActorService::Update(const Principal& who, int64_t id, ActorProfile profile) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayEdit(who, id));
  return UpdateAs(who.user_id, id, std::move(profile), !MayChangeEditorFields(who));
}

Result<Actor> ActorService::GetForEdit(const Principal& who, int64_t id) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayEdit(who, id));
  return Get(id);
}

Result<int64_t> ActorService::Create(ActorProfile profile) { return CreateAs(0, std::move(profile)); }

Status ActorService::Update(int64_t id, ActorProfile profile) {
  return UpdateAs(0, id, std::move(profile), false);
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
                              bool editor_fields_locked) {
  auto valid = ValidateActor(std::move(profile), *reference_, CurrentYear());
  if (!valid.ok()) return std::move(valid).error();
  Status s = write_([&](ActorRepository& repo) -> Status {
    auto current = repo.Get(id);
    if (!current.ok()) return std::move(current).error();
    if (!current->has_value()) return Error::NotFound("There is no such actor.");
    // Compared inside the transaction, with the stored values as they are now.
    if (editor_fields_locked) SAMVERKAN_RETURN_IF_ERROR(CheckEditorFieldsKept((*current)->profile, *valid));
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
    std::vector<ImportRow> rows;
    rows.push_back({0, *valid});
    ImportOutcome outcome;
    SAMVERKAN_RETURN_IF_ERROR(ApplyImport(repo, std::move(rows), false, 0, outcome));
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
  ImportOutcome outcome;
  Status s = write_([&](ActorRepository& repo) -> Status {
    return ApplyImport(repo, std::move(rows), partial, who.user_id, outcome);
  });
  if (!s.ok()) return std::move(s).error();
  if (outcome.inserted + outcome.updated > 0) WriteCommitted();
  return outcome;
}

Result<ImportOutcome> ActorService::Import(std::vector<ImportRow> rows, bool partial) {
  ImportOutcome outcome;
  Status s = write_([&](ActorRepository& repo) -> Status {
    return ApplyImport(repo, std::move(rows), partial, 0, outcome);
  });
  if (!s.ok()) return std::move(s).error();
  if (outcome.inserted + outcome.updated > 0) WriteCommitted();
  return outcome;
}

Status ActorService::ApplyImport(ActorRepository& repo, std::vector<ImportRow> rows,
                                 bool partial, int64_t user_id, ImportOutcome& outcome) {
  struct Pending {
    int line = 0;
    ActorProfile profile;
    std::optional<int64_t> existing_id;
    bool rejected = false;
  };
  std::vector<Pending> pending;
  std::map<std::string, size_t> by_external_id;  // → index in pending
  std::map<std::string, int> invalid_lines;      // external ids of rows that failed validation
  int year = CurrentYear();
  auto reject = [&](int line, Error error) { outcome.rejected.push_back({line, std::move(error)}); };

  // Each row on its own: readable, valid, keyed, not a repeat.
  for (auto& row : rows) {
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
    if (auto it = by_external_id.find(key); it != by_external_id.end()) {
      reject(row.line, Error::InvalidField("external_id", "The external id {{id}} is already on line {{line}}.",
                                           {{"id", key}, {"line", std::to_string(pending[it->second].line)}}));
      continue;
    }
    by_external_id[key] = pending.size();
    pending.push_back({row.line, std::move(valid).value()});
  }

  // What is stored already: the rows' own actors and partners named outside the file.
  std::map<std::string, std::optional<int64_t>> stored;
  auto lookup = [&](const std::string& external_id) -> Result<std::optional<int64_t>> {
    if (auto it = stored.find(external_id); it != stored.end()) return it->second;
    auto id = repo.FindByExternalId(external_id);
    if (!id.ok()) return std::move(id).error();
    stored[external_id] = *id;
    return *id;
  };
  for (auto& p : pending) {
    auto id = lookup(p.profile.external_id);
    if (!id.ok()) return std::move(id).error();
    p.existing_id = *id;
  }

  // A partner must be stored already or be written by this import. Rejecting a row can
  // strand rows that name it, so repeat until nothing changes.
  for (bool changed = true; changed;) {
    changed = false;
    for (auto& p : pending) {
      if (p.rejected) continue;
      for (const auto& partner : p.profile.partners) {
        auto in_file = by_external_id.find(partner);
        if (in_file != by_external_id.end() && !pending[in_file->second].rejected) continue;
        auto id = lookup(partner);
        if (!id.ok()) return std::move(id).error();
        if (id->has_value()) continue;
        p.rejected = true;
        changed = true;
        int rejected_line = in_file != by_external_id.end() ? pending[in_file->second].line : 0;
        if (auto invalid = invalid_lines.find(partner); invalid != invalid_lines.end()) {
          rejected_line = invalid->second;
        }
        if (rejected_line == 0) {
          reject(p.line, NoSuchPartner(partner));
        } else {
          reject(p.line, Error::InvalidField(
                             "partners", "The partner {{id}} is on line {{line}}, which was rejected.",
                             {{"id", partner}, {"line", std::to_string(rejected_line)}}));
        }
        break;
      }
    }
  }
  std::stable_sort(outcome.rejected.begin(), outcome.rejected.end(),
                   [](const RejectedActor& a, const RejectedActor& b) { return a.line < b.line; });
  if (!outcome.rejected.empty() && !partial) return Status::Ok();

  // Profiles first, so that every partner has an id; then the partnerships.
  int64_t now = now_ms_();
  std::map<std::string, int64_t> written;
  for (auto& p : pending) {
    if (p.rejected) continue;
    bool personal = PersonalOrgNumber(p.profile);
    if (p.existing_id) {
      SAMVERKAN_RETURN_IF_ERROR(repo.Update(*p.existing_id, p.profile, personal, now, user_id));
      written[p.profile.external_id] = *p.existing_id;
      ++outcome.updated;
    } else {
      auto id = repo.Insert(p.profile, personal, now, user_id);
      if (!id.ok()) return std::move(id).error();
      written[p.profile.external_id] = *id;
      ++outcome.inserted;
    }
  }
  for (const auto& p : pending) {
    if (p.rejected) continue;
    std::vector<int64_t> partner_ids;
    for (const auto& partner : p.profile.partners) {
      auto it = written.find(partner);
      partner_ids.push_back(it != written.end() ? it->second : *stored[partner]);
    }
    SAMVERKAN_RETURN_IF_ERROR(repo.SetPartners(written[p.profile.external_id], partner_ids));
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
