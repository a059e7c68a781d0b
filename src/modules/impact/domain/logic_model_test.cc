#include "modules/impact/domain/logic_model.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <string>

namespace samverkan::impact {
namespace {

LogicElement Element(std::string id, LogicLevel level, std::vector<std::string> indicators = {}) {
  return LogicElement{id, level, LocalizedText{id, id}, std::move(indicators)};
}

LogicLink Link(std::string from, std::string to, bool supported = true) {
  LogicLink link{std::move(from), std::move(to), {}, {}};
  if (supported) {
    link.assumptions.push_back(LocalizedText{"", "Participants keep coming"});
    link.evidence.push_back(Evidence{EvidenceLevel::kCorrelated, {}, "Own follow-up 2024"});
  }
  return link;
}

// A complete chain a reviewer would have nothing to say about.
LogicModel CompleteModel() {
  LogicModel model;
  model.elements = {
      Element("staff", LogicLevel::kInput),
      Element("coaching", LogicLevel::kActivity),
      Element("sessions", LogicLevel::kOutput),
      Element("confidence", LogicLevel::kShortTermOutcome, {"self-efficacy"}),
      Element("job", LogicLevel::kIntermediateOutcome, {"in-work"}),
      Element("stable-income", LogicLevel::kLongTermOutcome, {"income"}),
      Element("less-poverty", LogicLevel::kImpact),
  };
  model.links = {Link("staff", "coaching"),      Link("coaching", "sessions"),
                 Link("sessions", "confidence"), Link("confidence", "job"),
                 Link("job", "stable-income"),   Link("stable-income", "less-poverty")};
  return model;
}

std::vector<DiagnosticCode> Codes(const LogicModel& model) {
  Result<std::vector<Diagnostic>> diagnostics = DiagnoseLogicModel(model);
  EXPECT_TRUE(diagnostics.ok());
  std::vector<DiagnosticCode> codes;
  if (diagnostics.ok()) {
    for (const Diagnostic& d : *diagnostics) codes.push_back(d.code);
  }
  return codes;
}

bool Has(const std::vector<DiagnosticCode>& codes, DiagnosticCode code) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

TEST(LogicModelTest, CompleteModelHasNothingToRemark) {
  EXPECT_TRUE(Codes(CompleteModel()).empty());
}

TEST(LogicModelTest, EmptyModel) {
  EXPECT_EQ(Codes(LogicModel{}), std::vector<DiagnosticCode>{DiagnosticCode::kEmptyModel});
}

TEST(LogicModelTest, StopsAtOutputs) {
  LogicModel model;
  model.elements = {Element("staff", LogicLevel::kInput),
                    Element("coaching", LogicLevel::kActivity),
                    Element("sessions", LogicLevel::kOutput)};
  model.links = {Link("staff", "coaching"), Link("coaching", "sessions")};
  Result<std::vector<Diagnostic>> diagnostics = DiagnoseLogicModel(model);
  ASSERT_TRUE(diagnostics.ok());
  const auto stops = std::find_if(diagnostics->begin(), diagnostics->end(), [](const auto& d) {
    return d.code == DiagnosticCode::kStopsAtOutputs;
  });
  ASSERT_NE(stops, diagnostics->end());
  EXPECT_EQ(stops->severity, DiagnosticSeverity::kWarning);
  EXPECT_EQ(stops->message,
            "The model stops at outputs: describe the changes in people's lives that the outputs "
            "lead to.");
  EXPECT_EQ(DiagnosticCodeName(stops->code), "stops-at-outputs");
  // The output leads nowhere and the activity reaches no outcome, too.
  const std::vector<DiagnosticCode> codes = Codes(model);
  EXPECT_TRUE(Has(codes, DiagnosticCode::kLeadsNowhere));
  EXPECT_TRUE(Has(codes, DiagnosticCode::kActivityReachesNoOutcome));
  EXPECT_FALSE(Has(codes, DiagnosticCode::kNoImpact));  // one remark about the missing end
}

TEST(LogicModelTest, OutcomeWithoutIndicatorPointsAtTheOutcome) {
  LogicModel model = CompleteModel();
  model.elements[4].indicator_ids.clear();  // "job"
  Result<std::vector<Diagnostic>> diagnostics = DiagnoseLogicModel(model);
  ASSERT_TRUE(diagnostics.ok());
  ASSERT_EQ(diagnostics->size(), 1u);
  EXPECT_EQ((*diagnostics)[0].code, DiagnosticCode::kOutcomeWithoutIndicator);
  EXPECT_EQ((*diagnostics)[0].element_ids, std::vector<std::string>{"job"});
}

TEST(LogicModelTest, MissingStages) {
  LogicModel model = CompleteModel();
  model.elements.erase(model.elements.begin());  // no input
  model.links.erase(model.links.begin());
  model.elements.pop_back();  // no impact
  model.links.pop_back();
  const std::vector<DiagnosticCode> codes = Codes(model);
  EXPECT_TRUE(Has(codes, DiagnosticCode::kNoInputs));
  EXPECT_TRUE(Has(codes, DiagnosticCode::kNoImpact));
  EXPECT_TRUE(Has(codes, DiagnosticCode::kLeadsNowhere));      // the long-term outcome
  EXPECT_TRUE(Has(codes, DiagnosticCode::kNothingLeadsHere));  // the activity
}

TEST(LogicModelTest, OnlyShortTermOutcomes) {
  LogicModel model = CompleteModel();
  model.elements[4].level = LogicLevel::kShortTermOutcome;
  model.elements[5].level = LogicLevel::kShortTermOutcome;
  EXPECT_TRUE(Has(Codes(model), DiagnosticCode::kStopsAtShortTermOutcomes));
}

TEST(LogicModelTest, BackwardLinksAndLoopsAreErrorsListedFirst) {
  LogicModel model = CompleteModel();
  model.links.push_back(Link("job", "sessions"));  // an outcome "causing" an output
  Result<std::vector<Diagnostic>> diagnostics = DiagnoseLogicModel(model);
  ASSERT_TRUE(diagnostics.ok());
  ASSERT_GE(diagnostics->size(), 2u);
  EXPECT_EQ((*diagnostics)[0].severity, DiagnosticSeverity::kError);
  EXPECT_EQ((*diagnostics)[0].code, DiagnosticCode::kBackwardLink);
  EXPECT_EQ((*diagnostics)[0].link_index, 6);
  const auto loop = std::find_if(diagnostics->begin(), diagnostics->end(),
                                 [](const auto& d) { return d.code == DiagnosticCode::kLoop; });
  ASSERT_NE(loop, diagnostics->end());
  EXPECT_EQ(loop->severity, DiagnosticSeverity::kError);
  EXPECT_EQ(loop->element_ids, (std::vector<std::string>{"sessions", "confidence", "job"}));
}

TEST(LogicModelTest, LoopWithinOneLevel) {
  LogicModel model = CompleteModel();
  model.elements.push_back(Element("trust", LogicLevel::kShortTermOutcome, {"trust"}));
  model.links.push_back(Link("confidence", "trust"));
  model.links.push_back(Link("trust", "confidence"));
  const std::vector<DiagnosticCode> codes = Codes(model);
  EXPECT_TRUE(Has(codes, DiagnosticCode::kLoop));
  EXPECT_FALSE(Has(codes, DiagnosticCode::kBackwardLink));
}

TEST(LogicModelTest, LeapFromActivityToImpact) {
  LogicModel model = CompleteModel();
  model.links.push_back(Link("coaching", "less-poverty"));
  EXPECT_EQ(Codes(model), std::vector<DiagnosticCode>{DiagnosticCode::kLeapOverOutcomes});
}

TEST(LogicModelTest, LinksIntoOutcomesNeedAssumptionsAndEvidence) {
  LogicModel model = CompleteModel();
  model.links[2] = Link("sessions", "confidence", /*supported=*/false);
  model.links[0] = Link("staff", "coaching", /*supported=*/false);  // before outcomes: fine
  Result<std::vector<Diagnostic>> diagnostics = DiagnoseLogicModel(model);
  ASSERT_TRUE(diagnostics.ok());
  ASSERT_EQ(diagnostics->size(), 2u);
  EXPECT_EQ((*diagnostics)[0].code, DiagnosticCode::kLinkWithoutAssumption);
  EXPECT_EQ((*diagnostics)[1].code, DiagnosticCode::kLinkWithoutEvidence);
  EXPECT_EQ((*diagnostics)[1].link_index, 2);
  EXPECT_EQ((*diagnostics)[1].severity, DiagnosticSeverity::kAdvice);
  // Evidence rated "none" is no evidence.
  model.links[2].evidence.push_back(Evidence{EvidenceLevel::kNone, {}, "hunch"});
  model.links[2].assumptions.push_back(LocalizedText{"Deltagarna stannar", ""});
  EXPECT_EQ(Codes(model), std::vector<DiagnosticCode>{DiagnosticCode::kLinkWithoutEvidence});
}

TEST(LogicModelTest, ValidationNamesBrokenFields) {
  LogicModel model = CompleteModel();
  model.elements[1].id = "staff";  // duplicate
  model.elements[2].title = {};
  model.links.push_back(Link("job", "nowhere"));
  model.links.push_back(Link("job", "job"));
  model.links.push_back(Link("staff", "sessions"));
  model.links.push_back(Link("staff", "sessions"));
  Status status = ValidateLogicModel(model);
  ASSERT_FALSE(status.ok());
  std::vector<std::string> fields;
  for (const FieldError& f : status.error().fields()) fields.push_back(f.field);
  // "coaching" no longer exists, so the links to and from it break as well.
  EXPECT_EQ(fields,
            (std::vector<std::string>{"elements[1].id", "elements[2].title", "links[0].to",
                                      "links[1].from", "links[6].to", "links[7].to", "links[9]"}));
  EXPECT_FALSE(DiagnoseLogicModel(model).ok());
}

TEST(LogicModelTest, LevelCodesRoundTrip) {
  for (LogicLevel level :
       {LogicLevel::kInput, LogicLevel::kIntermediateOutcome, LogicLevel::kImpact}) {
    EXPECT_EQ(ParseLogicLevel(LogicLevelCode(level)), level);
  }
  EXPECT_FALSE(ParseLogicLevel("goal").has_value());
}

}  // namespace
}  // namespace samverkan::impact
