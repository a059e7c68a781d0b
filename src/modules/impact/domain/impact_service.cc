#include "modules/impact/domain/impact_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

namespace samverkan::impact {
namespace {

// Resolves the owning actor of `input`; InvalidArgument on "actor" when there is none.
Result<InitiativeDraft> DraftOf(const ActorResolver& resolve, const InitiativeInput& input) {
  InitiativeDraft draft{.name = input.name, .summary = input.summary};
  if (!input.actor.empty()) {
    auto actor = resolve(input.actor);
    if (!actor.ok()) return std::move(actor).error();
    if (!actor->has_value()) {
      return Error::InvalidField("actor", N_("There is no organisation with this id."));
    }
    draft.actor_id = **actor;
  }
  SAMVERKAN_RETURN_IF_ERROR(ValidateInitiativeDraft(draft));
  return draft;
}

// Element indicator references must name indicators the initiative follows: the model page
// shows their values next to the outcome.
Status CheckModelIndicators(const LogicModel& model, const std::vector<IndicatorPick>& picks) {
  std::set<std::string> followed;
  for (const auto& p : picks) followed.insert(p.indicator_id);
  std::vector<FieldError> errors;
  for (size_t i = 0; i < model.elements.size(); ++i) {
    const auto& ids = model.elements[i].indicator_ids;
    for (size_t j = 0; j < ids.size(); ++j) {
      if (!followed.count(ids[j])) {
        errors.push_back({"elements[" + std::to_string(i) + "].indicator_ids[" +
                              std::to_string(j) + "]",
                          N_("The initiative does not follow this indicator."),
                          {}});
      }
    }
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return Status::Ok();
}

}  // namespace

Result<std::vector<Initiative>> ImpactService::ListInitiatives(std::optional<int64_t> actor_id) {
  std::vector<Initiative> out;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto list = repo.ListInitiatives(actor_id);
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  }));
  return out;
}

Result<InitiativeView> ImpactService::GetInitiative(int64_t id) {
  InitiativeView view;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto initiative = repo.FindInitiative(id);
    if (!initiative.ok()) return std::move(initiative).error();
    if (!initiative->has_value()) return Error::NotFound();
    view.initiative = std::move(**initiative);
    auto model = repo.LoadLogicModel(id);
    if (!model.ok()) return std::move(model).error();
    view.model = std::move(model).value();
    auto picks = repo.ListPicks(id);
    if (!picks.ok()) return std::move(picks).error();
    auto values = repo.ListValues({.initiative_id = id});
    if (!values.ok()) return std::move(values).error();
    for (auto& pick : *picks) {
      auto indicator = repo.FindIndicator(pick.indicator_id);
      if (!indicator.ok()) return std::move(indicator).error();
      if (!indicator->has_value()) continue;  // cannot happen: foreign key
      FollowedIndicator followed{.indicator = std::move(**indicator), .pick = pick};
      for (const auto& v : *values) {
        if (v.value.indicator_id == pick.indicator_id) followed.values.push_back(v);
      }
      view.indicators.push_back(std::move(followed));
    }
    auto map = repo.LoadSroiMap(id);
    if (!map.ok()) return std::move(map).error();
    view.sroi_map = std::move(map).value();
    return Status::Ok();
  }));
  if (!view.model.elements.empty()) {
    auto diagnostics = DiagnoseLogicModel(view.model);
    if (diagnostics.ok()) view.diagnostics = std::move(diagnostics).value();
  }
  return view;
}

Result<Initiative> ImpactService::Editable(ImpactRepository& repo, const Principal& who,
                                           int64_t id) {
  auto initiative = repo.FindInitiative(id);
  if (!initiative.ok()) return std::move(initiative).error();
  if (!initiative->has_value()) return Error::NotFound();
  SAMVERKAN_RETURN_IF_ERROR(CheckMayEditInitiative(who, (*initiative)->actor_id));
  return std::move(**initiative);
}

Result<int64_t> ImpactService::CreateInitiative(const Principal& who,
                                                const InitiativeInput& input) {
  // Anonymous visitors are told to sign in before they are told what is wrong with the form.
  if (!who.authenticated()) SAMVERKAN_RETURN_IF_ERROR(CheckMayEditInitiative(who, 0));
  auto draft = DraftOf(resolve_actor_, input);
  if (!draft.ok()) return std::move(draft).error();
  SAMVERKAN_RETURN_IF_ERROR(CheckMayEditInitiative(who, draft->actor_id));
  int64_t id = 0;
  SAMVERKAN_RETURN_IF_ERROR(write_([&](ImpactRepository& repo) -> Status {
    auto inserted = repo.InsertInitiative(*draft, who.user_id, now_ms_());
    if (!inserted.ok()) return std::move(inserted).error();
    id = *inserted;
    return Status::Ok();
  }));
  return id;
}

Status ImpactService::UpdateInitiative(const Principal& who, int64_t id,
                                       const InitiativeInput& input) {
  return write_([&](ImpactRepository& repo) -> Status {
    auto initiative = Editable(repo, who, id);
    if (!initiative.ok()) return std::move(initiative).error();
    InitiativeDraft draft{
        .actor_id = initiative->actor_id, .name = input.name, .summary = input.summary};
    SAMVERKAN_RETURN_IF_ERROR(ValidateInitiativeDraft(draft));
    return repo.UpdateInitiative(id, draft, who.user_id, now_ms_());
  });
}

Status ImpactService::EditLogicModel(const Principal& who, int64_t id,
                                     const std::function<Status(LogicModel&)>& edit) {
  return write_([&](ImpactRepository& repo) -> Status {
    auto initiative = Editable(repo, who, id);
    if (!initiative.ok()) return std::move(initiative).error();
    auto model = repo.LoadLogicModel(id);
    if (!model.ok()) return std::move(model).error();
    SAMVERKAN_RETURN_IF_ERROR(edit(*model));
    if (model->elements.size() > kMaxLogicElements) {
      return Error::InvalidField("elements", N_("A model has at most {{max}} elements."),
                                 {{"max", std::to_string(kMaxLogicElements)}});
    }
    SAMVERKAN_RETURN_IF_ERROR(ValidateLogicModel(*model));
    auto picks = repo.ListPicks(id);
    if (!picks.ok()) return std::move(picks).error();
    SAMVERKAN_RETURN_IF_ERROR(CheckModelIndicators(*model, *picks));
    return repo.SaveLogicModel(id, *model, who.user_id, now_ms_());
  });
}

Result<std::vector<Indicator>> ImpactService::ListIndicators() {
  std::vector<Indicator> out;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto list = repo.ListIndicators();
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  }));
  return out;
}

Result<IndicatorView> ImpactService::GetIndicator(const std::string& id) {
  IndicatorView view;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto indicator = repo.FindIndicator(id);
    if (!indicator.ok()) return std::move(indicator).error();
    if (!indicator->has_value()) return Error::NotFound();
    view.indicator = std::move(**indicator);
    auto picks = repo.ListPicksOf(id);
    if (!picks.ok()) return std::move(picks).error();
    auto values = repo.ListValues({.indicator_id = id});
    if (!values.ok()) return std::move(values).error();
    for (auto& [initiative_id, pick] : *picks) {
      auto initiative = repo.FindInitiative(initiative_id);
      if (!initiative.ok()) return std::move(initiative).error();
      if (!initiative->has_value()) continue;
      IndicatorUse use{.initiative = std::move(**initiative), .pick = std::move(pick)};
      for (const auto& v : *values) {
        if (v.value.initiative_id == std::to_string(initiative_id)) use.values.push_back(v);
      }
      view.uses.push_back(std::move(use));
    }
    return Status::Ok();
  }));
  return view;
}

Status ImpactService::SaveIndicator(const Principal& who, const Indicator& indicator,
                                    bool is_new) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayCurateLibrary(who));
  if (!IsValidIndicatorId(indicator.id)) {
    return Error::InvalidField(
        "id", N_("Use 2-60 lower-case letters a-z, digits and hyphens, e.g. people-in-work."));
  }
  SAMVERKAN_RETURN_IF_ERROR(ValidateIndicator(indicator));
  return write_([&](ImpactRepository& repo) -> Status {
    auto existing = repo.FindIndicator(indicator.id);
    if (!existing.ok()) return std::move(existing).error();
    if (is_new && existing->has_value()) {
      return Error::Conflict(N_("An indicator with this id exists already."));
    }
    if (!is_new && !existing->has_value()) return Error::NotFound();
    return repo.SaveIndicator(indicator, who.user_id, now_ms_());
  });
}

Status ImpactService::InstallIndicator(const Indicator& indicator) {
  SAMVERKAN_RETURN_IF_ERROR(ValidateIndicator(indicator));
  return write_([&](ImpactRepository& repo) -> Status {
    auto existing = repo.FindIndicator(indicator.id);
    if (!existing.ok()) return std::move(existing).error();
    if (existing->has_value()) return Status::Ok();
    return repo.SaveIndicator(indicator, 0, now_ms_());
  });
}

Result<std::vector<FinancialProxy>> ImpactService::ListProxies() {
  std::vector<FinancialProxy> out;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto list = repo.ListProxies();
    if (!list.ok()) return std::move(list).error();
    out = std::move(list).value();
    return Status::Ok();
  }));
  return out;
}

Status ImpactService::AddProxy(const Principal& who, const FinancialProxy& proxy) {
  SAMVERKAN_RETURN_IF_ERROR(CheckMayCurateLibrary(who));
  std::vector<FieldError> errors;
  if (!IsValidIndicatorId(proxy.id)) {
    errors.push_back(
        {"id", N_("Use 2-60 lower-case letters a-z, digits and hyphens, e.g. people-in-work."), {}});
  }
  if (proxy.name.empty()) errors.push_back({"name_sv", N_("Name the financial proxy."), {}});
  if (proxy.kind == ProxyKind::kRate && !(proxy.rate >= 0 && proxy.rate <= 1)) {
    errors.push_back({"value", N_("A rate is a share between 0 and 100 per cent."), {}});
  }
  if (proxy.kind == ProxyKind::kAmount && proxy.currency.size() != 3) {
    errors.push_back({"currency", N_("Write the currency as three letters, e.g. SEK."), {}});
  }
  if (proxy.unit.empty()) errors.push_back({"unit", N_("Give the unit, e.g. per person and year."), {}});
  if (proxy.price_year < 1900 || proxy.price_year > 2100) {
    errors.push_back({"price_year", N_("Give the price year, e.g. 2025."), {}});
  }
  if (proxy.source.empty()) errors.push_back({"source", N_("Name the source of the figure."), {}});
  if (proxy.licence.empty()) {
    errors.push_back({"licence", N_("Give the terms on which the figure may be reused."), {}});
  }
  if (!errors.empty()) return Error::Invalid(std::move(errors));
  return write_([&](ImpactRepository& repo) {
    return repo.InsertProxy(proxy, who.user_id, now_ms_());
  });
}

Result<UserContributions> ImpactService::ContributionsOf(int64_t user_id) {
  UserContributions out;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto found = repo.ContributionsOf(user_id);
    if (!found.ok()) return std::move(found).error();
    out = std::move(found).value();
    return Status::Ok();
  }));
  return out;
}

Status ImpactService::ForgetUser(int64_t user_id) {
  if (user_id == 0) return Status::Ok();
  return write_([&](ImpactRepository& repo) { return repo.ForgetUser(user_id); });
}

Status ImpactService::InstallInitiative(const Shipped& shipped) {
  SAMVERKAN_RETURN_IF_ERROR(ValidateInitiativeDraft(shipped.draft));
  SAMVERKAN_RETURN_IF_ERROR(ValidateLogicModel(shipped.model));
  SAMVERKAN_RETURN_IF_ERROR(CheckModelIndicators(shipped.model, shipped.picks));
  for (const auto& pick : shipped.picks) SAMVERKAN_RETURN_IF_ERROR(ValidatePick(pick));
  if (shipped.sroi_map) SAMVERKAN_RETURN_IF_ERROR(ValidateSroiMap(*shipped.sroi_map));
  return write_([&](ImpactRepository& repo) -> Status {
    auto existing = repo.ListInitiatives(shipped.draft.actor_id);
    if (!existing.ok()) return std::move(existing).error();
    for (const auto& i : *existing) {
      if (i.name.sv == shipped.draft.name.sv) return Status::Ok();
    }
    const int64_t now = now_ms_();
    auto id = repo.InsertInitiative(shipped.draft, 0, now);
    if (!id.ok()) return std::move(id).error();
    for (const auto& pick : shipped.picks) {
      SAMVERKAN_RETURN_IF_ERROR(repo.SavePick(*id, pick, 0, now));
    }
    SAMVERKAN_RETURN_IF_ERROR(repo.SaveLogicModel(*id, shipped.model, 0, now));
    for (IndicatorValue v : shipped.values) {
      if (!IsValidPeriod(v.period) || !std::isfinite(v.value)) {
        return Error::InvalidField("values", N_("Write the period as 2025, 2025-Q1 or 2025-01."));
      }
      v.initiative_id = std::to_string(*id);
      SAMVERKAN_RETURN_IF_ERROR(repo.SaveValue(v, 0, now));
    }
    if (shipped.sroi_map) SAMVERKAN_RETURN_IF_ERROR(repo.SaveSroiMap(*id, *shipped.sroi_map, 0, now));
    return Status::Ok();
  });
}

Status ImpactService::PickIndicator(const Principal& who, int64_t initiative_id,
                                    const IndicatorPick& pick) {
  SAMVERKAN_RETURN_IF_ERROR(ValidatePick(pick));
  return write_([&](ImpactRepository& repo) -> Status {
    auto initiative = Editable(repo, who, initiative_id);
    if (!initiative.ok()) return std::move(initiative).error();
    auto indicator = repo.FindIndicator(pick.indicator_id);
    if (!indicator.ok()) return std::move(indicator).error();
    if (!indicator->has_value()) {
      return Error::InvalidField("indicator", N_("There is no such indicator in the library."));
    }
    return repo.SavePick(initiative_id, pick, who.user_id, now_ms_());
  });
}

Status ImpactService::UnpickIndicator(const Principal& who, int64_t initiative_id,
                                      const std::string& indicator_id) {
  return write_([&](ImpactRepository& repo) -> Status {
    auto initiative = Editable(repo, who, initiative_id);
    if (!initiative.ok()) return std::move(initiative).error();
    // The model may point at the indicator: drop those references first.
    auto model = repo.LoadLogicModel(initiative_id);
    if (!model.ok()) return std::move(model).error();
    bool changed = false;
    for (auto& element : model->elements) {
      auto& ids = element.indicator_ids;
      const auto before = ids.size();
      ids.erase(std::remove(ids.begin(), ids.end(), indicator_id), ids.end());
      changed = changed || ids.size() != before;
    }
    if (changed) {
      SAMVERKAN_RETURN_IF_ERROR(
          repo.SaveLogicModel(initiative_id, *model, who.user_id, now_ms_()));
    }
    auto removed = repo.RemovePick(initiative_id, indicator_id, who.user_id, now_ms_());
    if (!removed.ok()) return std::move(removed).error();
    if (!*removed) return Error::NotFound();
    return Status::Ok();
  });
}

Status ImpactService::ReportValue(const Principal& who, int64_t initiative_id,
                                  const std::string& indicator_id, const std::string& period,
                                  double value) {
  std::vector<FieldError> errors;
  if (!IsValidPeriod(period)) {
    errors.push_back({"period", N_("Write the period as 2025, 2025-Q1 or 2025-01."), {}});
  }
  if (!std::isfinite(value)) errors.push_back({"value", N_("Enter a number."), {}});
  if (!errors.empty()) {
    // Permission first: a stranger learns nothing from the validation of the form.
    SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
      auto initiative = Editable(repo, who, initiative_id);
      return initiative.ok() ? Status::Ok() : Status(std::move(initiative).error());
    }));
    return Error::Invalid(std::move(errors));
  }
  return write_([&](ImpactRepository& repo) -> Status {
    auto initiative = Editable(repo, who, initiative_id);
    if (!initiative.ok()) return std::move(initiative).error();
    auto picks = repo.ListPicks(initiative_id);
    if (!picks.ok()) return std::move(picks).error();
    const bool followed = std::any_of(picks->begin(), picks->end(), [&](const auto& p) {
      return p.indicator_id == indicator_id;
    });
    if (!followed) {
      return Error::InvalidField("indicator",
                                 N_("Choose one of the indicators the initiative follows."));
    }
    IndicatorValue v{.indicator_id = indicator_id,
                     .initiative_id = std::to_string(initiative_id),
                     .period = period,
                     .value = value};
    return repo.SaveValue(v, who.user_id, now_ms_());
  });
}

Result<SdgRollUp> ImpactService::RollUp(const SdgRollUpOptions& options) {
  std::vector<Indicator> indicators;
  std::vector<IndicatorValue> values;
  SAMVERKAN_RETURN_IF_ERROR(read_([&](ImpactRepository& repo) -> Status {
    auto list = repo.ListIndicators();
    if (!list.ok()) return std::move(list).error();
    indicators = std::move(list).value();
    auto stored = repo.ListValues({});
    if (!stored.ok()) return std::move(stored).error();
    for (auto& v : *stored) values.push_back(std::move(v.value));
    return Status::Ok();
  }));
  return RollUpBySdg(indicators, values, options);
}

Status ImpactService::SaveSroiMap(const Principal& who, int64_t initiative_id,
                                  const SroiMap& map) {
  return write_([&](ImpactRepository& repo) -> Status {
    auto initiative = Editable(repo, who, initiative_id);
    if (!initiative.ok()) return std::move(initiative).error();
    SAMVERKAN_RETURN_IF_ERROR(ValidateSroiMap(map));
    return repo.SaveSroiMap(initiative_id, map, who.user_id, now_ms_());
  });
}

}  // namespace samverkan::impact
