#include "modules/matching/eval/evaluation_set.h"

#include <fstream>
#include <map>
#include <sstream>

#include "modules/matching/json/matching_json.h"

namespace samverkan::matching {
namespace {

// Problems of the evaluation files are for the developer running the tool, in English: built
// from a variable so that they stay out of the UI catalog.
Error ToolError(std::string text) { return Error(ErrorCode::kInvalidArgument, std::move(text)); }

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ToolError("Cannot read " + path + ".");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The first problem of a record, as one line for the person running the tool.
Error RecordError(const std::string& path, int line, const Error& error) {
  std::string detail = " " + error.message();
  for (const auto& f : error.fields()) detail += " " + f.field + ": " + f.message;
  return ToolError(path + " line " + std::to_string(line) + ":" + detail);
}

template <typename T, typename Read, typename Validate>
Result<std::vector<T>> LoadRecords(const std::string& path, Read read, Validate validate) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return ToolError("Cannot read " + path + ".");
  std::vector<T> out;
  for (auto& row : read(in)) {
    if (!row.item.ok()) return RecordError(path, row.line, row.item.error());
    auto valid = validate(std::move(row.item).value());
    if (!valid.ok()) return RecordError(path, row.line, valid.error());
    out.push_back(std::move(valid).value());
  }
  return out;
}

}  // namespace

Result<std::unique_ptr<EvaluationSet>> EvaluationSet::Load(const std::string& data_dir) {
  std::unique_ptr<EvaluationSet> set(new EvaluationSet());

  std::map<std::string, std::string> files;
  for (const char* name : {"sdg-goals.csv", "se-counties.csv", "se-municipalities.csv",
                           "sectors.csv", "target-groups.csv", "collaboration-forms.csv"}) {
    auto text = ReadFile(data_dir + "/reference/" + name);
    if (!text.ok()) return std::move(text).error();
    files[name] = std::move(text).value();
  }
  auto reference = ReferenceData::FromCsv(files);
  if (!reference.ok()) return std::move(reference).error();
  set->reference_ = std::make_unique<ReferenceData>(std::move(reference).value());

  auto lexicon_text = ReadFile(data_dir + "/matching/lexicon.csv");
  if (!lexicon_text.ok()) return std::move(lexicon_text).error();
  auto lexicon = Lexicon::FromCsv(*lexicon_text);
  if (!lexicon.ok()) return std::move(lexicon).error();
  set->lexicon_ = std::make_unique<Lexicon>(std::move(lexicon).value());

  const ReferenceData& ref = *set->reference_;
  std::string eval = data_dir + "/matching/eval";
  auto offers = LoadRecords<Offer>(eval + "/offers.jsonl", ReadOfferLines,
                                   [&](Offer o) { return ValidateOffer(std::move(o), ref); });
  if (!offers.ok()) return std::move(offers).error();
  auto read_needs = [&](const std::string& path) {
    return LoadRecords<Need>(path, ReadNeedLines,
                             [&](Need n) { return ValidateNeed(std::move(n), ref); });
  };
  auto tuning = read_needs(eval + "/needs.jsonl");
  if (!tuning.ok()) return std::move(tuning).error();
  auto heldout = read_needs(eval + "/heldout/needs.jsonl");
  if (!heldout.ok()) return std::move(heldout).error();

  for (auto [path, target] : {std::pair{eval + "/qrels.tsv", &set->tuning_judgements_},
                              std::pair{eval + "/heldout/qrels.tsv", &set->heldout_judgements_}}) {
    auto text = ReadFile(path);
    if (!text.ok()) return std::move(text).error();
    auto judgements = ParseJudgements(*text);
    if (!judgements.ok()) return std::move(judgements).error();
    *target = std::move(judgements).value();
  }

  auto index = XapianMatchIndex::Open("");
  if (!index.ok()) return std::move(index).error();
  set->index_ = std::move(index).value();
  set->items_ = std::make_unique<InMemoryMatchItems>(*set->lexicon_);
  int64_t next_id = 1;
  for (Offer& o : offers.value()) {
    o.id = next_id++;
    const IndexedOffer& stored = set->items_->PutOffer(std::move(o));
    SAMVERKAN_RETURN_IF_ERROR(set->index_->PutOffer(stored.offer, stored.concepts));
  }
  next_id = 1;
  for (auto* needs : {&tuning.value(), &heldout.value()}) {
    for (Need& n : *needs) {
      n.id = next_id++;
      const IndexedNeed& stored = set->items_->PutNeed(n);
      SAMVERKAN_RETURN_IF_ERROR(set->index_->PutNeed(stored.need, stored.concepts));
    }
  }
  set->tuning_needs_ = std::move(tuning).value();
  set->heldout_needs_ = std::move(heldout).value();
  return set;
}

Result<SetFigures> EvaluationSet::Run(const std::string& name, const MatchWeights& weights) const {
  bool heldout = name == "heldout";
  if (!heldout && name != "tuning") {
    return ToolError("The set is tuning or heldout.");
  }
  const auto& needs = heldout ? heldout_needs_ : tuning_needs_;
  const auto& judgements = heldout ? heldout_judgements_ : tuning_judgements_;
  MatchEngine engine(*index_, *items_, *reference_, *lexicon_, weights);
  SetFigures out{.name = name, .needs = needs.size()};
  const std::map<std::string, int> none;
  for (const Need& need : needs) {
    auto it = judgements.find(need.external_id);
    const auto& grades = it == judgements.end() ? none : it->second;

    auto ranked = engine.OffersForNeed(need, kEvalCutoff);
    if (!ranked.ok()) return std::move(ranked).error();
    std::vector<std::string> engine_ids;
    for (const Suggestion& s : *ranked) engine_ids.push_back(s.external_id);

    auto baseline = BaselineOffersForNeed(*index_, need, kEvalCutoff);
    if (!baseline.ok()) return std::move(baseline).error();
    std::vector<std::string> baseline_ids;
    for (int64_t id : *baseline) {
      if (const IndexedOffer* o = items_->FindOffer(id))
        baseline_ids.push_back(o->offer.external_id);
    }

    NeedFigures f{.need = need.external_id};
    f.engine = {NdcgAt(engine_ids, grades, kEvalCutoff),
                RecallAt(engine_ids, grades, kEvalCutoff, kRecallMinGrade)};
    f.baseline = {NdcgAt(baseline_ids, grades, kEvalCutoff),
                  RecallAt(baseline_ids, grades, kEvalCutoff, kRecallMinGrade)};
    out.engine.ndcg += f.engine.ndcg;
    out.engine.recall += f.engine.recall;
    out.baseline.ndcg += f.baseline.ndcg;
    out.baseline.recall += f.baseline.recall;
    out.per_need.push_back(std::move(f));
  }
  if (!needs.empty()) {
    double n = static_cast<double>(needs.size());
    for (Figures* f : {&out.engine, &out.baseline}) {
      f->ndcg /= n;
      f->recall /= n;
    }
  }
  return out;
}

const Need* EvaluationSet::FindNeed(const std::string& external_id) const {
  for (const auto* needs : {&tuning_needs_, &heldout_needs_}) {
    for (const Need& n : *needs) {
      if (n.external_id == external_id) return &n;
    }
  }
  return nullptr;
}

Result<std::vector<Suggestion>> EvaluationSet::Rank(const std::string& need_external_id,
                                                    const MatchWeights& weights,
                                                    size_t limit) const {
  const Need* need = FindNeed(need_external_id);
  if (!need) return ToolError("There is no need " + need_external_id + ".");
  MatchEngine engine(*index_, *items_, *reference_, *lexicon_, weights);
  return engine.OffersForNeed(*need, limit);
}

int EvaluationSet::Grade(const std::string& need, const std::string& offer) const {
  for (const auto* j : {&tuning_judgements_, &heldout_judgements_}) {
    auto it = j->find(need);
    if (it == j->end()) continue;
    auto g = it->second.find(offer);
    return g == it->second.end() ? 0 : g->second;
  }
  return 0;
}

}  // namespace samverkan::matching
