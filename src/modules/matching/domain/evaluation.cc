#include "modules/matching/domain/evaluation.h"

#include <algorithm>
#include <cmath>

namespace samverkan::matching {
namespace {

double Gain(int grade) { return std::pow(2.0, grade) - 1.0; }

double Dcg(const std::vector<int>& grades, size_t k) {
  double sum = 0;
  for (size_t i = 0; i < grades.size() && i < k; ++i) {
    sum += Gain(grades[i]) / std::log2(static_cast<double>(i) + 2.0);
  }
  return sum;
}

int GradeOf(const std::map<std::string, int>& grades, const std::string& id) {
  auto it = grades.find(id);
  return it == grades.end() ? 0 : it->second;
}

}  // namespace

Result<Judgements> ParseJudgements(std::string_view text) {
  Judgements out;
  int number = 0;
  while (!text.empty()) {
    ++number;
    size_t end = text.find('\n');
    std::string_view line = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view() : text.substr(end + 1);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    size_t a = line.find('\t');
    size_t b = a == std::string_view::npos ? a : line.find('\t', a + 1);
    std::string grade = b == std::string_view::npos ? "" : std::string(line.substr(b + 1));
    if (b == std::string_view::npos || a == 0 || b == a + 1 || grade.size() != 1 ||
        grade[0] < '0' || grade[0] > '3') {
      return Error::InvalidField(
          "judgements", N_("Line {{line}}: write need, offer and a grade 0–3, separated by tabs."),
          {{"line", std::to_string(number)}});
    }
    out[std::string(line.substr(0, a))][std::string(line.substr(a + 1, b - a - 1))] =
        grade[0] - '0';
  }
  return out;
}

double NdcgAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades,
              size_t k) {
  std::vector<int> ideal;
  for (const auto& [id, g] : grades) {
    if (g > 0) ideal.push_back(g);
  }
  if (ideal.empty()) return 0;
  std::sort(ideal.rbegin(), ideal.rend());
  std::vector<int> got;
  for (size_t i = 0; i < ranked.size() && i < k; ++i) got.push_back(GradeOf(grades, ranked[i]));
  return Dcg(got, k) / Dcg(ideal, k);
}

double RecallAt(const std::vector<std::string>& ranked, const std::map<std::string, int>& grades,
                size_t k, int min_grade) {
  size_t relevant = 0;
  for (const auto& [id, g] : grades) relevant += g >= min_grade;
  if (relevant == 0) return 0;
  size_t found = 0;
  for (size_t i = 0; i < ranked.size() && i < k; ++i)
    found += GradeOf(grades, ranked[i]) >= min_grade;
  return static_cast<double>(found) / static_cast<double>(relevant);
}

}  // namespace samverkan::matching
