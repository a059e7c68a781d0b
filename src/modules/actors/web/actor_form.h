// The actor form of /aktorer/ny and /aktorer/{id}/redigera: reading a posted form into a
// profile, and the page that shows the form empty, filled in, or again with the errors of a
// failed attempt. Functions of their arguments: no storage, no authorisation (the service
// decides who may save; `editor_fields` only says which fields to show and read).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/reference.h"
#include "core/result.h"
#include "modules/actors/domain/actor.h"
#include "web/i18n.h"
#include "web/request.h"
#include "web/site.h"

namespace samverkan::actors {

// Empty certification rows the form offers below the filled ones.
inline constexpr int kEmptyCertificationRows = 3;

struct ActorFormInput {
  ActorProfile profile;
  std::string founded;             // as typed, to show again when it is not a year
  std::vector<FieldError> errors;  // what could not be read at all (letters in the year)
};

// Reads the posted fields onto `base` (the stored profile, or an empty one for a new actor):
// what the form does not show keeps its value from `base`, namely the partners, the language
// the texts were first written in, and, unless `editor_fields`, external_id, alliance_member
// and member_since. Unticked checkboxes are false or absent; certification rows left blank
// are dropped. Nothing is validated here beyond reading numbers (ValidateActor does that).
ActorFormInput ReadActorForm(const web::Params& form, const ActorProfile& base, bool editor_fields);

// For a form that could not be read completely: the read errors together with what
// ValidateActor finds in the rest, so that the person sees every problem at once. Nothing
// when the form was read completely (the service validates it when saving).
std::optional<Error> ActorFormErrors(const ActorFormInput& input, const ReferenceData& reference,
                                     int current_year);

struct ActorFormView {
  std::optional<int64_t> actor_id;  // nothing for a new actor
  ActorProfile profile;
  std::string founded;           // the text of the year field
  bool editor_fields = false;    // show external_id and the alliance membership as fields
  const Error* error = nullptr;  // a failed attempt; the page's status follows its code
  LocalizedText stored_name;     // the name in the title of an edit form, as stored
};

// The founded year as the form shows it.
std::string FoundedText(const ActorProfile& profile);

web::PageView ActorFormPage(const web::Request& req, const web::Translator& tr,
                            const ReferenceData& reference, const ActorFormView& view);

}  // namespace samverkan::actors
