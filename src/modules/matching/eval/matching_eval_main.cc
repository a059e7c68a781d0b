// matching_eval: prints nDCG@10 and recall@10 of the ranking engine and of the plain BM25
// baseline on the tuning and held-out halves of data/matching/eval/, or the ranked offers of
// one need with their reasons.
//
//   matching_eval [--data DIR] [--weights FILE] [--set tuning|heldout|all] [--per-need]
//   matching_eval [--data DIR] [--weights FILE] --explain NEED_ID [--lang sv|en]
//
// DIR is the repository's data/ folder (default: the one this binary was built from); FILE is
// a weights file (default DIR/matching/weights.conf). Exit status 1 on any error.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>

#include "modules/matching/domain/match_weights.h"
#include "modules/matching/eval/evaluation_set.h"
#include "modules/matching/eval/po_catalog.h"

namespace {

using namespace samverkan;
using namespace samverkan::matching;

int Fail(const std::string& message) {
  std::cerr << "matching_eval: " << message << "\n";
  return 1;
}

std::string ReadAll(const std::string& path, bool& ok) {
  std::ifstream in(path, std::ios::binary);
  ok = static_cast<bool>(in);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void PrintFigures(const SetFigures& f) {
  std::printf("%-8s needs=%-3zu engine   nDCG@10=%.3f recall@10=%.3f\n", f.name.c_str(), f.needs,
              f.engine.ndcg, f.engine.recall);
  std::printf("%-8s %-9s baseline nDCG@10=%.3f recall@10=%.3f\n", "", "", f.baseline.ndcg,
              f.baseline.recall);
  std::printf("%-8s %-9s margin   nDCG@10=%+.3f\n", "", "", f.engine.ndcg - f.baseline.ndcg);
}

}  // namespace

int main(int argc, char** argv) {
  std::string data_dir = SAMVERKAN_DATA_DIR;
  std::string weights_file, set = "all", explain, lang_code = "en";
  bool per_need = false;
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : std::string(); };
    if (arg == "--data")
      data_dir = value();
    else if (arg == "--weights")
      weights_file = value();
    else if (arg == "--set")
      set = value();
    else if (arg == "--explain")
      explain = value();
    else if (arg == "--lang")
      lang_code = value();
    else if (arg == "--per-need")
      per_need = true;
    else if (arg == "--help" || arg == "-h") {
      std::cout << "usage: matching_eval [--data DIR] [--weights FILE] [--set tuning|heldout|all] "
                   "[--per-need]\n"
                   "       matching_eval [--data DIR] [--weights FILE] --explain NEED_ID [--lang "
                   "sv|en]\n";
      return 0;
    } else {
      return Fail("unknown argument " + arg + " (try --help)");
    }
  }
  if (weights_file.empty()) weights_file = data_dir + "/matching/weights.conf";

  bool ok = false;
  std::string weights_text = ReadAll(weights_file, ok);
  if (!ok) return Fail("cannot read " + weights_file);
  auto weights = ParseMatchWeights(weights_text);
  if (!weights.ok()) {
    std::string detail = weights.error().message();
    for (const auto& [k, v] : weights.error().args()) detail += " " + k + "=" + v;
    return Fail(weights_file + ": " + detail);
  }

  auto loaded = EvaluationSet::Load(data_dir);
  if (!loaded.ok()) return Fail(loaded.error().message());
  const EvaluationSet& eval = **loaded;

  if (!explain.empty()) {
    auto lang = ParseLanguage(lang_code);
    if (!lang) return Fail("the language is sv or en");
    std::string po = ReadAll(data_dir + "/../po/sv.po", ok);
    auto catalog = ParsePo(po);
    Translate tr = CatalogTranslate(catalog);
    auto ranked = eval.Rank(explain, *weights, kEvalCutoff);
    if (!ranked.ok()) return Fail(ranked.error().message());
    int rank = 0;
    for (const Suggestion& s : *ranked) {
      std::printf("%2d. %s score=%.3f grade=%d\n", ++rank, s.external_id.c_str(), s.score,
                  eval.Grade(explain, s.external_id));
      for (const Reason& r : s.reasons) {
        std::string sentence = ReasonSentence(r, *lang, tr, eval.reference(), eval.lexicon());
        std::printf("      %-13s %+.3f  %s\n", std::string(FactorCode(r.factor)).c_str(),
                    r.contribution, sentence.c_str());
      }
    }
    return 0;
  }

  for (const std::string name : {"tuning", "heldout"}) {
    if (set != "all" && set != name) continue;
    auto figures = eval.Run(name, *weights);
    if (!figures.ok()) return Fail(figures.error().message());
    PrintFigures(*figures);
    if (per_need) {
      for (const NeedFigures& n : figures->per_need) {
        std::printf(
            "  %-6s engine nDCG@10=%.3f recall@10=%.3f  baseline nDCG@10=%.3f recall@10=%.3f\n",
            n.need.c_str(), n.engine.ndcg, n.engine.recall, n.baseline.ndcg, n.baseline.recall);
      }
    }
  }
  return 0;
}
