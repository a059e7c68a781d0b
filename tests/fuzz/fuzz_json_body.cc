// The JSON input layer: one text through everything that reads JSON from people.
//  * platform::ParseJsonBody (API request bodies) and platform::LocalizedFromJson on every
//    member, in both languages;
//  * actors::ReadJsonLines (`samverkan import actors`, one record per line), then
//    actors::ValidateActor against the reference data from data/reference/*.csv;
//  * impact::EvaluateSroiJsonText and EvaluateSocioEconomicJsonText (the calculators' CLI and
//    API), for texts up to kMaxImpactText so that one huge map does not stall the run.
//
// Properties:
//  * LocalizedFromJson keeps a string in the language asked for and {"sv","en"} as given;
//  * an actor read from a line comes back unchanged after export (ProfileToJson, dumped and
//    read again), before and after validation; validation accepts its own output unchanged;
//    folding for search is idempotent; the public API object of a valid actor serialises;
//  * an impact map or case read from JSON is written back (…ToJson) to a document that reads
//    to the same map or case; a calculator result is valid JSON without NaN or infinity.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "core/reference.h"
#include "fuzz_check.h"
#include "modules/actors/domain/actor.h"
#include "modules/actors/json/actor_json.h"
#include "modules/impact/json/socioeconomic_json.h"
#include "modules/impact/json/sroi_json.h"
#include "platform/api.h"
#include "web/request.h"

namespace {

using nlohmann::json;
using samverkan::fuzz::Quote;

// A fixed "current year" so that a crash reproduces whatever the date.
constexpr int kCurrentYear = 2025;
// Beyond this the calculators are not run (the API takes up to 1 MiB; the cost grows with
// the number of outcomes and years, which is not what this target looks for).
constexpr size_t kMaxImpactText = 64 * 1024;

const samverkan::ReferenceData* reference = nullptr;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "fuzz_json_body: cannot read %s\n", path.c_str());
    std::exit(1);
  }
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void CheckLocalized(const json& body) {
  for (auto member = body.begin(); member != body.end(); ++member) {
    const std::string& key = member.key();
    const json& value = member.value();
    for (auto language : {samverkan::Language::kSwedish, samverkan::Language::kEnglish}) {
      auto text = samverkan::platform::LocalizedFromJson(value, language, key);
      if (!text.ok()) continue;
      if (value.is_string()) {
        const std::string& kept = language == samverkan::Language::kSwedish ? text->sv : text->en;
        const std::string& other = language == samverkan::Language::kSwedish ? text->en : text->sv;
        FUZZ_CHECK(kept == value.get<std::string>() && other.empty(), Quote(key));
      } else if (value.is_object()) {
        auto given = [&](const char* lang) {
          auto it = value.find(lang);
          return it == value.end() || it->is_null() ? std::string() : it->get<std::string>();
        };
        FUZZ_CHECK(text->sv == given("sv") && text->en == given("en"), Quote(key));
      } else {
        FUZZ_CHECK(value.is_null() && text->empty(), Quote(key));
      }
    }
  }
}

void CheckRequestBody(std::string_view text) {
  samverkan::web::HttpRequest message;
  message.body() = std::string(text);
  samverkan::web::Request req;
  req.http = &message;
  auto body = samverkan::platform::ParseJsonBody(req);
  if (!body.ok()) return;
  FUZZ_CHECK(body->is_object(), "");
  CheckLocalized(*body);
}

// What `samverkan export actors` writes for a profile, read back by the importer.
samverkan::actors::ActorProfile ExportedAndReadBack(const samverkan::actors::ActorProfile& p) {
  std::string line = samverkan::actors::ProfileToJson(p).dump();
  std::istringstream in(line + "\n");
  auto rows = samverkan::actors::ReadJsonLines(in);
  FUZZ_CHECK(rows.size() == 1 && rows[0].profile.ok(), "export wrote " + Quote(line));
  return std::move(rows[0].profile).value();
}

void CheckActors(std::string_view text) {
  std::istringstream in{std::string(text)};
  for (auto& row : samverkan::actors::ReadJsonLines(in)) {
    if (!row.profile.ok()) continue;
    const auto& profile = *row.profile;
    std::string where = "line " + std::to_string(row.line);
    FUZZ_CHECK(ExportedAndReadBack(profile) == profile, where + " changed by export and import");

    auto valid = samverkan::actors::ValidateActor(profile, *reference, kCurrentYear);
    if (!valid.ok()) {
      FUZZ_CHECK(!valid.error().fields().empty(), where);
      continue;
    }
    auto again = samverkan::actors::ValidateActor(*valid, *reference, kCurrentYear);
    FUZZ_CHECK(again.ok() && *again == *valid, where + ": validation does not accept its own output");
    FUZZ_CHECK(ExportedAndReadBack(*valid) == *valid, where + " (validated) changed by export");

    std::string folded = samverkan::actors::SearchText(*valid);
    FUZZ_CHECK(samverkan::actors::FoldForSearch(folded) == folded, Quote(folded));
    (void)samverkan::actors::SortKey(valid->name.sv);
    (void)samverkan::actors::SortKey(valid->name.en);

    samverkan::actors::Actor actor;
    actor.id = 1;
    actor.profile = *valid;
    (void)samverkan::actors::ActorToApiJson(samverkan::actors::RedactForPublic(actor)).dump();
  }
}

// Whether every number in a result is finite (a NaN or infinity would be written as null,
// which the formats reserve for "not repaid" and "none within range").
bool AllFinite(const json& value) {
  if (value.is_number_float()) return std::isfinite(value.get<double>());
  if (value.is_structured()) {
    for (const auto& item : value) {
      if (!AllFinite(item)) return false;
    }
  }
  return true;
}

void CheckImpact(std::string_view text) {
  if (text.size() > kMaxImpactText) return;
  for (bool sroi : {true, false}) {
    samverkan::Result<std::string> evaluated = std::string();
    try {
      evaluated = sroi ? samverkan::impact::EvaluateSroiJsonText(text)
                       : samverkan::impact::EvaluateSocioEconomicJsonText(text);
    } catch (const json::exception& e) {
      FUZZ_CHECK(false, std::string("Evaluate…JsonText threw ") + e.what());
    }
    if (!evaluated.ok()) {
      FUZZ_CHECK(!evaluated.error().fields().empty(), "");
      continue;
    }
    json result = json::parse(*evaluated, nullptr, false);
    FUZZ_CHECK(!result.is_discarded() && result.is_object(), Quote(*evaluated));
    FUZZ_CHECK(AllFinite(result), *evaluated);
  }

  json document = json::parse(text, nullptr, false);
  if (document.is_discarded()) return;
  if (auto map = samverkan::impact::SroiMapFromJson(document); map.ok()) {
    json written = samverkan::impact::SroiMapToJson(*map);
    auto read = samverkan::impact::SroiMapFromJson(written);
    FUZZ_CHECK(read.ok(), written.dump(-1, ' ', false, json::error_handler_t::replace));
    json again = samverkan::impact::SroiMapToJson(*read);
    FUZZ_CHECK(again == written, written.dump(-1, ' ', false, json::error_handler_t::replace) +
                                     "\nread back as\n" +
                                     again.dump(-1, ' ', false, json::error_handler_t::replace));
  }
  if (auto socio_case = samverkan::impact::SocioEconomicCaseFromJson(document); socio_case.ok()) {
    json written = samverkan::impact::SocioEconomicCaseToJson(*socio_case);
    auto read = samverkan::impact::SocioEconomicCaseFromJson(written);
    FUZZ_CHECK(read.ok(), written.dump(-1, ' ', false, json::error_handler_t::replace));
    json again = samverkan::impact::SocioEconomicCaseToJson(*read);
    FUZZ_CHECK(again == written, written.dump(-1, ' ', false, json::error_handler_t::replace) +
                                     "\nread back as\n" +
                                     again.dump(-1, ' ', false, json::error_handler_t::replace));
  }
}

}  // namespace

// The reference data, from SAMVERKAN_REFERENCE_DIR or the source tree's data/reference.
extern "C" int LLVMFuzzerInitialize(int*, char***) {
  const char* dir = std::getenv("SAMVERKAN_REFERENCE_DIR");
  std::string base = dir ? dir : SAMVERKAN_SOURCE_DIR "/data/reference";
  std::map<std::string, std::string> files;
  for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                           "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
    files[name] = ReadFile(base + "/" + name);
  }
  auto data = samverkan::ReferenceData::FromCsv(files);
  if (!data.ok()) {
    std::fprintf(stderr, "fuzz_json_body: bad reference data in %s: %s\n", base.c_str(),
                 data.error().message().c_str());
    std::exit(1);
  }
  // Lives as long as the process.
  static const samverkan::ReferenceData kReference = std::move(data).value();
  reference = &kReference;
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  CheckRequestBody(text);
  CheckActors(text);
  CheckImpact(text);
  return 0;
}
