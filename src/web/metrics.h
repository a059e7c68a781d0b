// Request counts and latency histograms per route, in the Prometheus text format
// (https://prometheus.io/docs/instrumenting/exposition_formats/). Lock-free to record.
#pragma once

#include <array>
#include <atomic>
#include <deque>
#include <mutex>
#include <string>

namespace samverkan::web {

class Metrics {
 public:
  static constexpr std::array<double, 14> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1,    2.5,
                                                      5,      10};
  // Returns the slot for a route; call once per route at start-up (thread-safe anyway).
  int Register(const std::string& route, const std::string& method);
  void Observe(int slot, unsigned status, double seconds);
  void SetGauge(const std::string& name, const std::string& help, const std::atomic<int64_t>* value);
  std::string Render() const;

 private:
  struct Series {
    std::string route, method;
    std::array<std::atomic<uint64_t>, 6> by_status_class{};  // 1xx … 5xx, index 1..5
    std::array<std::atomic<uint64_t>, kBuckets.size() + 1> buckets{};  // last: +Inf
    std::atomic<uint64_t> sum_micros{0};
    std::atomic<uint64_t> count{0};
  };
  struct Gauge {
    std::string name, help;
    const std::atomic<int64_t>* value;
  };
  mutable std::mutex mu_;  // guards registration only; deque keeps addresses stable
  std::deque<Series> series_;
  std::deque<Gauge> gauges_;
};

}  // namespace samverkan::web
