// End-to-end SPI computation at the size of Sweden's municipalities: 290 municipalities x 60
// indicators x 20 years (348 000 observations, about 1 % missing), in a framework of
// 3 dimensions x 4 components x 5 indicators. File reading is excluded; the data is built in
// memory once, before timing. Results and the command are in RESULTS.md.
//
//  BM_ComputeScores             normalisation, components, dimensions, index for every
//                               municipality and year, missing-data notes included
//  BM_ComputeScoresAnchored     the same, anchored to national scores with population weights
//  BM_ParseLongCsvAndCompute    the same from long-form CSV text (Kolada shape) in memory:
//                               parsing, validation and the rejected-row report included
//  BM_BaselineArithmeticMean    one plain arithmetic mean of the 60 raw values per
//                               municipality and year over the same Dataset: the floor any
//                               computation over this data pays
#include <benchmark/benchmark.h>

#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "core/csv.h"
#include "modules/progress/domain/dataset.h"
#include "modules/progress/domain/framework.h"
#include "modules/progress/domain/observation_csv.h"
#include "modules/progress/domain/scoring.h"

namespace samverkan::progress {
namespace {

constexpr int kMunicipalities = 290;
constexpr int kDimensions = 3;
constexpr int kComponentsPerDimension = 4;
constexpr int kIndicatorsPerComponent = 5;  // 60 indicators
constexpr int kFirstYear = 2004;
constexpr int kYears = 20;
constexpr double kMissingShare = 0.01;

std::string Numbered(const char* prefix, int n) {
  std::string code = prefix;
  code += std::to_string(n);
  return code;
}

Framework MunicipalFramework() {
  std::vector<Dimension> dimensions(kDimensions);
  int serial = 0;
  for (int d = 0; d < kDimensions; ++d) {
    dimensions[d].code = Numbered("d", d);
    dimensions[d].components.resize(kComponentsPerDimension);
    for (int c = 0; c < kComponentsPerDimension; ++c) {
      Component& component = dimensions[d].components[c];
      component.code = Numbered("c", d * kComponentsPerDimension + c);
      for (int i = 0; i < kIndicatorsPerComponent; ++i, ++serial) {
        Indicator indicator;
        indicator.code = Numbered("N", 10000 + serial);
        const bool lower_is_better = serial % 3 == 0;
        indicator.direction =
            lower_is_better ? Direction::kLowerIsBetter : Direction::kHigherIsBetter;
        indicator.utopia = lower_is_better ? 0 : 100;
        indicator.dystopia = lower_is_better ? 100 : 0;
        if (serial % 7 == 0) indicator.weight = 2;
        component.indicators.push_back(std::move(indicator));
      }
    }
  }
  auto framework = Framework::Create("bench", {}, std::move(dimensions));
  if (!framework.ok()) std::abort();
  return std::move(framework).value();
}

std::string MunicipalityCode(int m) {
  std::string code = std::to_string(114 + m * 7);  // four digits, like SCB codes
  return std::string(4 - code.size(), '0') + code;
}

// Values slightly beyond utopia and dystopia on both sides, so capping is exercised.
Dataset MunicipalDataset(const Framework& framework) {
  std::mt19937 rng(290);
  std::uniform_real_distribution<double> value(-5, 105), coin(0, 1);
  Dataset dataset(framework.indicator_count());
  for (int m = 0; m < kMunicipalities; ++m) {
    const size_t r = dataset.AddRegion(MunicipalityCode(m));
    dataset.region(r).country = "SE";
    dataset.region(r).population = 2000 + 1000.0 * m;
  }
  for (int year = kFirstYear; year < kFirstYear + kYears; ++year) {
    for (int m = 0; m < kMunicipalities; ++m) {
      for (size_t i = 0; i < framework.indicator_count(); ++i) {
        if (coin(rng) < kMissingShare) continue;
        dataset.Set(m, i, year, value(rng));
      }
    }
  }
  return dataset;
}

std::string LongCsv(const Framework& framework, const Dataset& dataset) {
  std::string text;
  AppendCsvRecord(text, {"kpi", "municipality", "period", "gender", "value"});
  for (const Observation& o : dataset.ToObservations(framework)) {
    AppendCsvRecord(text,
                    {o.indicator, o.region, std::to_string(o.year), "T", std::to_string(o.value)});
  }
  return text;
}

struct Fixture {
  Framework framework = MunicipalFramework();
  Dataset dataset = MunicipalDataset(framework);
  Dataset national = [this] {
    Dataset national(framework.indicator_count());
    national.AddRegion("SE");
    for (int year = kFirstYear; year < kFirstYear + kYears; ++year) {
      for (size_t i = 0; i < framework.indicator_count(); ++i) national.Set(0, i, year, 55);
    }
    return national;
  }();
  std::string long_csv = LongCsv(framework, dataset);
};

const Fixture& Data() {
  static const Fixture* fixture = new Fixture();
  return *fixture;
}

void SetCounters(benchmark::State& state) {
  state.SetItemsProcessed(state.iterations() * kMunicipalities * kYears);  // region-years
  state.counters["observations"] =
      static_cast<double>(kMunicipalities) * kYears * Data().framework.indicator_count();
}

void BM_ComputeScores(benchmark::State& state) {
  const Fixture& data = Data();
  for (auto _ : state) {
    auto years = ComputeScores(data.framework, data.dataset, {});
    if (!years.ok() || years->size() != kYears) state.SkipWithError("computation failed");
    benchmark::DoNotOptimize(years);
  }
  SetCounters(state);
}
BENCHMARK(BM_ComputeScores)->Unit(benchmark::kMillisecond);

void BM_ComputeScoresAnchored(benchmark::State& state) {
  const Fixture& data = Data();
  for (auto _ : state) {
    auto years = ComputeScores(data.framework, data.dataset, {}, &data.national);
    if (!years.ok() || years->size() != kYears) state.SkipWithError("computation failed");
    benchmark::DoNotOptimize(years);
  }
  SetCounters(state);
}
BENCHMARK(BM_ComputeScoresAnchored)->Unit(benchmark::kMillisecond);

void BM_ParseLongCsvAndCompute(benchmark::State& state) {
  const Fixture& data = Data();
  for (auto _ : state) {
    auto imported = ParseLongObservations(data.long_csv, data.framework);
    if (!imported.ok() || !imported->report.rejected.empty()) {
      state.SkipWithError("parsing failed");
      break;
    }
    auto years = ComputeScores(data.framework, imported->dataset, {});
    benchmark::DoNotOptimize(years);
  }
  SetCounters(state);
  state.counters["csv_MB"] = static_cast<double>(data.long_csv.size()) / 1e6;
}
BENCHMARK(BM_ParseLongCsvAndCompute)->Unit(benchmark::kMillisecond);

void BM_BaselineArithmeticMean(benchmark::State& state) {
  const Fixture& data = Data();
  const std::vector<int> years = data.dataset.Years();
  for (auto _ : state) {
    std::vector<double> means;
    means.reserve(kMunicipalities * kYears);
    for (int year : years) {
      for (size_t r = 0; r < data.dataset.regions().size(); ++r) {
        double sum = 0;
        int count = 0;
        for (double v : data.dataset.Row(r, year)) {
          if (std::isnan(v)) continue;
          sum += v;
          ++count;
        }
        means.push_back(sum / count);
      }
    }
    benchmark::DoNotOptimize(means);
  }
  SetCounters(state);
}
BENCHMARK(BM_BaselineArithmeticMean)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace samverkan::progress

BENCHMARK_MAIN();
