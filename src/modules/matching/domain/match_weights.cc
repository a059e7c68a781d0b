#include "modules/matching/domain/match_weights.h"

#include <cmath>
#include <cstdlib>
#include <string>
#include <utility>

namespace samverkan::matching {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
    s.remove_suffix(1);
  return s;
}

// One table of every setting, so that parsing and the documentation of the file agree.
std::pair<std::string_view, double MatchWeights::*> kDoubles[] = {
    {"text", &MatchWeights::text},
    {"concepts", &MatchWeights::concepts},
    {"sdg", &MatchWeights::sdg},
    {"geography", &MatchWeights::geography},
    {"target_groups", &MatchWeights::target_groups},
    {"collaboration", &MatchWeights::collaboration},
    {"budget", &MatchWeights::budget},
    {"stage", &MatchWeights::stage},
    {"capacity", &MatchWeights::capacity},
    {"geo_municipality", &MatchWeights::geo_municipality},
    {"geo_county", &MatchWeights::geo_county},
    {"geo_part_of_county", &MatchWeights::geo_part_of_county},
    {"geo_nuts2", &MatchWeights::geo_nuts2},
    {"geo_national", &MatchWeights::geo_national},
    {"geo_regional_for_national_need", &MatchWeights::geo_regional_for_national_need},
    {"geo_elsewhere", &MatchWeights::geo_elsewhere},
    {"query_concept_weight", &MatchWeights::query_concept_weight},
    {"text_k1", &MatchWeights::text_k1},
};

// Whole-number settings and their allowed ranges.
struct IntSetting {
  std::string_view name;
  int MatchWeights::*member;
  int min;
  int max;
};
constexpr IntSetting kInts[] = {
    {"candidates_per_result", &MatchWeights::candidates_per_result, 1, 1000},
    {"min_candidates", &MatchWeights::min_candidates, 1, 10000},
    {"query_terms", &MatchWeights::query_terms, 0, 1000},
};

}  // namespace

Result<MatchWeights> ParseMatchWeights(std::string_view text) {
  MatchWeights w;
  int line_number = 0;
  while (!text.empty()) {
    ++line_number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (size_t hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
    line = Trim(line);
    if (line.empty()) continue;
    size_t eq = line.find('=');
    std::string line_text = std::to_string(line_number);
    if (eq == std::string_view::npos) {
      return Error::InvalidField("weights", N_("Line {{line}}: write name = value."),
                                 {{"line", line_text}});
    }
    std::string_view name = Trim(line.substr(0, eq));
    std::string value(Trim(line.substr(eq + 1)));
    char* parsed_end = nullptr;
    double number = std::strtod(value.c_str(), &parsed_end);
    if (value.empty() || parsed_end != value.c_str() + value.size()) {
      return Error::InvalidField("weights", N_("Line {{line}}: the value is not a number."),
                                 {{"line", line_text}});
    }
    bool known = false;
    for (const auto& [key, member] : kDoubles) {
      if (key == name) {
        w.*member = number;
        known = true;
      }
    }
    for (const IntSetting& setting : kInts) {
      if (setting.name != name) continue;
      if (number < setting.min || number > setting.max || number != std::floor(number)) {
        return Error::InvalidField(
            "weights",
            N_("Line {{line}}: {{name}} must be a whole number from {{min}} to {{max}}."),
            {{"line", line_text},
             {"name", std::string(name)},
             {"min", std::to_string(setting.min)},
             {"max", std::to_string(setting.max)}});
      }
      w.*setting.member = static_cast<int>(number);
      known = true;
    }
    if (name == "text_k1" && number < 0) {
      return Error::InvalidField("weights", N_("Line {{line}}: {{name}} cannot be negative."),
                                 {{"line", line_text}, {"name", std::string(name)}});
    }
    if (!known) {
      return Error::InvalidField("weights", N_("Line {{line}}: unknown setting {{name}}."),
                                 {{"line", line_text}, {"name", std::string(name)}});
    }
  }
  return w;
}

}  // namespace samverkan::matching
