// Actors as JSON: the JSON Lines records of `samverkan import|export actors` (the format of
// data/demo/actors.jsonl) and the objects of the /api/v1/actors API.
#pragma once

#include <istream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/domain/actor_service.h"

namespace samverkan::actors {

// Reads one record. Texts are a string in the record's `language` (default sv) or
// {"sv": …, "en": …}; missing fields and null are empty; unknown fields are ignored. Wrong
// types are an InvalidArgument with one error per field. Codes are not checked here
// (ValidateActor does that).
Result<ActorProfile> ProfileFromJson(const nlohmann::json& record);

// The record export writes: every field, in the order of data/demo/actors.jsonl, texts always
// as {"sv": …, "en": …}, empty values as null. ProfileFromJson reads it back unchanged.
nlohmann::ordered_json ProfileToJson(const ActorProfile& profile);

// Reads JSON Lines: one row per non-blank line, numbered from 1; a line that is not JSON is a
// row with an error. A UTF-8 byte-order mark and CR line ends are accepted.
std::vector<ImportRow> ReadJsonLines(std::istream& in);

// The same a chunk at a time, for a file too large to hold (ActorService's ImportSource):
// each Next gives the next `max_rows` rows or fewer, and none at the end. Line numbers count
// from the start of the stream.
class JsonLinesReader {
 public:
  explicit JsonLinesReader(std::istream& in) : in_(in) {}
  std::vector<ImportRow> Next(size_t max_rows);
  // Whether reading failed (an I/O error, not the end of the stream).
  bool failed() const { return in_.bad(); }

 private:
  std::istream& in_;
  int number_ = 0;
  std::string line_;
};

// The API object of an actor, as given: callers redact it first for the public.
nlohmann::json ActorToApiJson(const Actor& actor);

// JSON Schema of ActorToApiJson's object, for the OpenAPI document.
nlohmann::json ActorApiSchema();

// JSON Schema of the records ProfileFromJson reads (one line of the JSON Lines import), for
// the request bodies of POST and PUT /api/v1/actors.
nlohmann::json ActorInterchangeSchema();

}  // namespace samverkan::actors
