// Theory of change as a logic model: inputs -> activities -> outputs -> outcomes (short-term,
// intermediate, long-term) -> impact, the chain of the W.K. Kellogg Foundation's "Logic Model
// Development Guide" (2004), with the assumptions and the evidence behind each link made
// explicit, as theory-of-change practice asks.
//
// DiagnoseLogicModel reads a model the way a practitioner reviewing it would and lists what
// is missing or broken ("the model stops at outputs", "this outcome has no indicator"). Each
// diagnostic has a stable code for programs and an English msgid for people, and points at
// the elements or link it concerns, so a page can show it next to them in either language.
//
// Pure and thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/language.h"
#include "core/result.h"

namespace samverkan::impact {

// The stages of the chain, in causal order.
enum class LogicLevel {
  kInput,
  kActivity,
  kOutput,
  kShortTermOutcome,
  kIntermediateOutcome,
  kLongTermOutcome,
  kImpact,
};
// "input", "activity", "output", "short_term_outcome", "intermediate_outcome",
// "long_term_outcome", "impact".
std::string_view LogicLevelCode(LogicLevel level);
std::optional<LogicLevel> ParseLogicLevel(std::string_view code);
bool IsOutcome(LogicLevel level);

struct LogicElement {
  std::string id;  // unique within the model
  LogicLevel level = LogicLevel::kActivity;
  LocalizedText title;
  std::vector<std::string> indicator_ids;  // how the change is measured (outcomes, impact)
};

// How strong the evidence for a link is, on the five levels of Nesta's Standards of Evidence
// (R. Puttick and J. Ludlow, Nesta, 2013); kNone when nothing supports it yet.
enum class EvidenceLevel {
  kNone = 0,
  kDescribed = 1,   // a clear account of what is done and why it should lead to the change
  kCorrelated = 2,  // data show change, but not that the work caused it
  kCausal = 3,      // a comparison or control group shows the work caused the change
  kReplicated = 4,  // one or more independent replications confirm it
  kScalable = 5,    // manualised; works when others deliver it at scale
};

struct Evidence {
  EvidenceLevel level = EvidenceLevel::kNone;
  LocalizedText description;
  std::string source;  // citation or link
};

// "A leads to B", with what must hold for it (assumptions) and what supports it (evidence).
struct LogicLink {
  std::string from;
  std::string to;
  std::vector<LocalizedText> assumptions;
  std::vector<Evidence> evidence;
};

struct LogicModel {
  std::vector<LogicElement> elements;
  std::vector<LogicLink> links;
};

// Structural checks a model must pass before it can be stored or diagnosed: ids present and
// unique, links between known, different elements, no link twice. Field names are JSON
// paths ("elements[2].id", "links[0].to"). InvalidArgument listing every problem.
Status ValidateLogicModel(const LogicModel& model);

enum class DiagnosticSeverity {
  kError,    // the chain is broken: a link points backwards, or elements form a loop
  kWarning,  // a gap a reviewer would send back: a missing stage, an unmeasured outcome
  kAdvice,   // would make the model more convincing: assumptions, evidence
};

enum class DiagnosticCode {
  kEmptyModel,
  kNoInputs,
  kNoActivities,
  kNoOutputs,
  kStopsAtOutputs,
  kStopsAtShortTermOutcomes,
  kNoImpact,
  kOutcomeWithoutIndicator,
  kNothingLeadsHere,
  kLeadsNowhere,
  kActivityReachesNoOutcome,
  kBackwardLink,
  kLeapOverOutcomes,
  kLoop,
  kLinkWithoutAssumption,
  kLinkWithoutEvidence,
};
// A stable kebab-case name, e.g. "stops-at-outputs", "outcome-without-indicator".
std::string_view DiagnosticCodeName(DiagnosticCode code);

struct Diagnostic {
  DiagnosticCode code;
  DiagnosticSeverity severity;
  std::string message;                   // English msgid, translated at the edge
  std::vector<std::string> element_ids;  // the elements concerned, if any
  int link_index = -1;                   // the link concerned, or -1
};

// Validates the model (see ValidateLogicModel), then returns its diagnostics, most severe
// first and otherwise in model order. An empty list means nothing to remark.
Result<std::vector<Diagnostic>> DiagnoseLogicModel(const LogicModel& model);

}  // namespace samverkan::impact
