#include "modules/impact/domain/logic_model.h"

#include <algorithm>
#include <map>
#include <set>
#include <utility>

#include "modules/impact/domain/field_checker.h"

namespace samverkan::impact {
namespace {

constexpr LogicLevel kLevels[] = {
    LogicLevel::kInput,
    LogicLevel::kActivity,
    LogicLevel::kOutput,
    LogicLevel::kShortTermOutcome,
    LogicLevel::kIntermediateOutcome,
    LogicLevel::kLongTermOutcome,
    LogicLevel::kImpact,
};

int Rank(LogicLevel level) { return static_cast<int>(level); }

// The links as adjacency lists over element positions.
struct Graph {
  std::vector<std::vector<size_t>> out;
  std::vector<std::vector<size_t>> in;
};

Graph BuildGraph(const LogicModel& model) {
  std::map<std::string, size_t> index;
  for (size_t i = 0; i < model.elements.size(); ++i) index[model.elements[i].id] = i;
  Graph graph;
  graph.out.resize(model.elements.size());
  graph.in.resize(model.elements.size());
  for (const LogicLink& link : model.links) {
    const size_t from = index.at(link.from);  // validated
    const size_t to = index.at(link.to);
    graph.out[from].push_back(to);
    graph.in[to].push_back(from);
  }
  return graph;
}

// Strongly connected components with more than one element: the loops (Tarjan 1972),
// iterative so that a long chain cannot exhaust the stack.
std::vector<std::vector<size_t>> Loops(const Graph& graph) {
  const size_t n = graph.out.size();
  constexpr size_t kUnvisited = static_cast<size_t>(-1);
  std::vector<size_t> order(n, kUnvisited);
  std::vector<size_t> low(n, 0);
  std::vector<bool> on_stack(n, false);
  std::vector<size_t> stack;
  std::vector<std::vector<size_t>> loops;
  size_t counter = 0;
  for (size_t root = 0; root < n; ++root) {
    if (order[root] != kUnvisited) continue;
    std::vector<std::pair<size_t, size_t>> frames{{root, 0}};  // (node, next edge)
    order[root] = low[root] = counter++;
    stack.push_back(root);
    on_stack[root] = true;
    while (!frames.empty()) {
      auto& [node, edge] = frames.back();
      if (edge < graph.out[node].size()) {
        const size_t next = graph.out[node][edge++];
        if (order[next] == kUnvisited) {
          order[next] = low[next] = counter++;
          stack.push_back(next);
          on_stack[next] = true;
          frames.emplace_back(next, 0);
        } else if (on_stack[next]) {
          low[node] = std::min(low[node], order[next]);
        }
        continue;
      }
      const size_t done = node;
      frames.pop_back();
      if (!frames.empty()) low[frames.back().first] = std::min(low[frames.back().first], low[done]);
      if (low[done] != order[done]) continue;
      std::vector<size_t> component;
      size_t member;
      do {
        member = stack.back();
        stack.pop_back();
        on_stack[member] = false;
        component.push_back(member);
      } while (member != done);
      if (component.size() > 1) {
        std::sort(component.begin(), component.end());
        loops.push_back(std::move(component));
      }
    }
  }
  return loops;
}

bool HasEvidence(const LogicLink& link) {
  return std::any_of(link.evidence.begin(), link.evidence.end(),
                     [](const Evidence& e) { return e.level != EvidenceLevel::kNone; });
}

}  // namespace

std::string_view LogicLevelCode(LogicLevel level) {
  switch (level) {
    case LogicLevel::kInput:
      return "input";
    case LogicLevel::kActivity:
      return "activity";
    case LogicLevel::kOutput:
      return "output";
    case LogicLevel::kShortTermOutcome:
      return "short_term_outcome";
    case LogicLevel::kIntermediateOutcome:
      return "intermediate_outcome";
    case LogicLevel::kLongTermOutcome:
      return "long_term_outcome";
    case LogicLevel::kImpact:
      return "impact";
  }
  return "activity";
}

std::optional<LogicLevel> ParseLogicLevel(std::string_view code) {
  for (LogicLevel level : kLevels) {
    if (LogicLevelCode(level) == code) return level;
  }
  return std::nullopt;
}

bool IsOutcome(LogicLevel level) {
  return level == LogicLevel::kShortTermOutcome || level == LogicLevel::kIntermediateOutcome ||
         level == LogicLevel::kLongTermOutcome;
}

std::string_view DiagnosticCodeName(DiagnosticCode code) {
  switch (code) {
    case DiagnosticCode::kEmptyModel:
      return "empty-model";
    case DiagnosticCode::kNoInputs:
      return "no-inputs";
    case DiagnosticCode::kNoActivities:
      return "no-activities";
    case DiagnosticCode::kNoOutputs:
      return "no-outputs";
    case DiagnosticCode::kStopsAtOutputs:
      return "stops-at-outputs";
    case DiagnosticCode::kStopsAtShortTermOutcomes:
      return "stops-at-short-term-outcomes";
    case DiagnosticCode::kNoImpact:
      return "no-impact";
    case DiagnosticCode::kOutcomeWithoutIndicator:
      return "outcome-without-indicator";
    case DiagnosticCode::kNothingLeadsHere:
      return "nothing-leads-here";
    case DiagnosticCode::kLeadsNowhere:
      return "leads-nowhere";
    case DiagnosticCode::kActivityReachesNoOutcome:
      return "activity-reaches-no-outcome";
    case DiagnosticCode::kBackwardLink:
      return "backward-link";
    case DiagnosticCode::kLeapOverOutcomes:
      return "leap-over-outcomes";
    case DiagnosticCode::kLoop:
      return "loop";
    case DiagnosticCode::kLinkWithoutAssumption:
      return "link-without-assumption";
    case DiagnosticCode::kLinkWithoutEvidence:
      return "link-without-evidence";
  }
  return "unknown";
}

Status ValidateLogicModel(const LogicModel& model) {
  FieldChecker check;
  std::set<std::string> ids;
  for (size_t i = 0; i < model.elements.size(); ++i) {
    const LogicElement& element = model.elements[i];
    const std::string path = FieldPath("elements", i, "id");
    if (element.id.empty()) {
      check.Add(path, "Give the element an id.");
    } else if (!ids.insert(element.id).second) {
      check.Add(path, "Another element already has this id.");
    }
    if (element.title.empty()) {
      check.Add(FieldPath("elements", i, "title"), "Give the element a title.");
    }
  }
  std::set<std::pair<std::string, std::string>> links;
  for (size_t i = 0; i < model.links.size(); ++i) {
    const LogicLink& link = model.links[i];
    bool known = true;
    for (const auto& [end, field] : {std::pair{&link.from, "from"}, std::pair{&link.to, "to"}}) {
      if (!ids.count(*end)) {
        check.Add(FieldPath("links", i, field), "No element has this id.");
        known = false;
      }
    }
    if (!known) continue;
    if (link.from == link.to) {
      check.Add(FieldPath("links", i, "to"), "A link must connect two different elements.");
    } else if (!links.emplace(link.from, link.to).second) {
      check.Add(FieldPath("links", i, ""), "These two elements are already linked.");
    }
  }
  return check.ToStatus();
}

Result<std::vector<Diagnostic>> DiagnoseLogicModel(const LogicModel& model) {
  SAMVERKAN_RETURN_IF_ERROR(ValidateLogicModel(model));
  std::vector<Diagnostic> found;
  auto report = [&found](DiagnosticCode code, DiagnosticSeverity severity, std::string message,
                         std::vector<std::string> element_ids = {}, int link_index = -1) {
    found.push_back(
        Diagnostic{code, severity, std::move(message), std::move(element_ids), link_index});
  };

  if (model.elements.empty()) {
    report(DiagnosticCode::kEmptyModel, DiagnosticSeverity::kWarning,
           "The logic model is empty: start with the change you want to see, then work back to "
           "what you do to bring it about.");
    return found;
  }

  std::map<LogicLevel, int> count;
  for (const LogicElement& element : model.elements) ++count[element.level];
  const int outcomes = count[LogicLevel::kShortTermOutcome] +
                       count[LogicLevel::kIntermediateOutcome] +
                       count[LogicLevel::kLongTermOutcome];

  // Missing stages.
  if (count[LogicLevel::kInput] == 0) {
    report(DiagnosticCode::kNoInputs, DiagnosticSeverity::kAdvice,
           "No inputs: list the resources the work depends on, such as staff, money, premises "
           "and partners.");
  }
  if (count[LogicLevel::kActivity] == 0) {
    report(DiagnosticCode::kNoActivities, DiagnosticSeverity::kWarning,
           "No activities: describe what you do with the inputs.");
  }
  if (count[LogicLevel::kOutput] == 0) {
    report(DiagnosticCode::kNoOutputs, DiagnosticSeverity::kWarning,
           "No outputs: say what the activities produce, such as people reached or sessions "
           "held.");
  }
  if (outcomes == 0) {
    report(DiagnosticCode::kStopsAtOutputs, DiagnosticSeverity::kWarning,
           "The model stops at outputs: describe the changes in people's lives that the "
           "outputs lead to.");
  } else if (count[LogicLevel::kShortTermOutcome] == outcomes) {
    report(DiagnosticCode::kStopsAtShortTermOutcomes, DiagnosticSeverity::kAdvice,
           "All outcomes are short-term: describe the lasting changes they lead to.");
  }
  if (outcomes > 0 && count[LogicLevel::kImpact] == 0) {
    report(DiagnosticCode::kNoImpact, DiagnosticSeverity::kWarning,
           "No impact: name the long-term change in society that the outcomes contribute to.");
  }

  // Per element.
  const Graph graph = BuildGraph(model);
  for (size_t i = 0; i < model.elements.size(); ++i) {
    const LogicElement& element = model.elements[i];
    if (IsOutcome(element.level) && element.indicator_ids.empty()) {
      report(DiagnosticCode::kOutcomeWithoutIndicator, DiagnosticSeverity::kWarning,
             "This outcome has no indicator: choose how you will know that it happened.",
             {element.id});
    }
    if (element.level != LogicLevel::kInput && graph.in[i].empty()) {
      report(DiagnosticCode::kNothingLeadsHere, DiagnosticSeverity::kWarning,
             "Nothing in the model leads to this: link it to what brings it about.", {element.id});
    }
    if (element.level != LogicLevel::kImpact && graph.out[i].empty()) {
      report(DiagnosticCode::kLeadsNowhere, DiagnosticSeverity::kWarning,
             "This leads nowhere: link it to the change it contributes to.", {element.id});
    }
    if (element.level == LogicLevel::kActivity && !graph.out[i].empty()) {
      // Walk forward: does any chain from this activity reach an outcome or the impact?
      std::vector<bool> seen(model.elements.size(), false);
      std::vector<size_t> pending{i};
      seen[i] = true;
      bool reaches = false;
      while (!pending.empty() && !reaches) {
        const size_t node = pending.back();
        pending.pop_back();
        for (size_t next : graph.out[node]) {
          if (seen[next]) continue;
          seen[next] = true;
          if (Rank(model.elements[next].level) >= Rank(LogicLevel::kShortTermOutcome)) {
            reaches = true;
          }
          pending.push_back(next);
        }
      }
      if (!reaches) {
        report(DiagnosticCode::kActivityReachesNoOutcome, DiagnosticSeverity::kWarning,
               "This activity does not lead to any outcome: show what change it contributes "
               "to.",
               {element.id});
      }
    }
  }

  // Per link.
  std::map<std::string, LogicLevel> level_of;
  for (const LogicElement& element : model.elements) level_of[element.id] = element.level;
  for (size_t i = 0; i < model.links.size(); ++i) {
    const LogicLink& link = model.links[i];
    const LogicLevel from = level_of.at(link.from);
    const LogicLevel to = level_of.at(link.to);
    const int index = static_cast<int>(i);
    if (Rank(to) < Rank(from)) {
      report(DiagnosticCode::kBackwardLink, DiagnosticSeverity::kError,
             "This link points backwards, from a later stage to an earlier one: links run from "
             "cause to effect.",
             {link.from, link.to}, index);
      continue;
    }
    if (Rank(from) <= Rank(LogicLevel::kOutput) && Rank(to) >= Rank(LogicLevel::kLongTermOutcome)) {
      report(DiagnosticCode::kLeapOverOutcomes, DiagnosticSeverity::kWarning,
             "This link leaps straight to long-term change: describe the outcomes in between.",
             {link.from, link.to}, index);
    }
    if (Rank(to) >= Rank(LogicLevel::kShortTermOutcome)) {
      if (link.assumptions.empty()) {
        report(DiagnosticCode::kLinkWithoutAssumption, DiagnosticSeverity::kAdvice,
               "No assumption on this link: say what must hold for the one to lead to the "
               "other.",
               {link.from, link.to}, index);
      }
      if (!HasEvidence(link)) {
        report(DiagnosticCode::kLinkWithoutEvidence, DiagnosticSeverity::kAdvice,
               "No evidence for this link: cite research or your own data that support it.",
               {link.from, link.to}, index);
      }
    }
  }

  for (const std::vector<size_t>& loop : Loops(graph)) {
    std::vector<std::string> ids;
    for (size_t member : loop) ids.push_back(model.elements[member].id);
    report(DiagnosticCode::kLoop, DiagnosticSeverity::kError,
           "These elements lead to each other in a loop: a chain of change runs forward.",
           std::move(ids));
  }

  std::stable_sort(found.begin(), found.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return static_cast<int>(a.severity) < static_cast<int>(b.severity);
  });
  return found;
}

}  // namespace samverkan::impact
