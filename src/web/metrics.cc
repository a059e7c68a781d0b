#include "web/metrics.h"

#include <cstdio>

namespace samverkan::web {

int Metrics::Register(const std::string& route, const std::string& method) {
  std::lock_guard lock(mu_);
  for (size_t i = 0; i < series_.size(); ++i) {
    if (series_[i].route == route && series_[i].method == method) return static_cast<int>(i);
  }
  series_.emplace_back();
  series_.back().route = route;
  series_.back().method = method;
  return static_cast<int>(series_.size() - 1);
}

void Metrics::Observe(int slot, unsigned status, double seconds) {
  Series& s = series_[slot];
  unsigned cls = status / 100;
  if (cls >= 1 && cls <= 5) s.by_status_class[cls].fetch_add(1, std::memory_order_relaxed);
  size_t b = 0;
  while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
  s.buckets[b].fetch_add(1, std::memory_order_relaxed);
  s.sum_micros.fetch_add(static_cast<uint64_t>(seconds * 1e6), std::memory_order_relaxed);
  s.count.fetch_add(1, std::memory_order_relaxed);
}

void Metrics::SetGauge(const std::string& name, const std::string& help,
                       const std::atomic<int64_t>* value) {
  std::lock_guard lock(mu_);
  gauges_.push_back({name, help, value});
}

std::string Metrics::Render() const {
  std::lock_guard lock(mu_);
  std::string out;
  char buf[512];
  out += "# HELP samverkan_http_requests_total HTTP requests answered, by route and status class.\n";
  out += "# TYPE samverkan_http_requests_total counter\n";
  for (const auto& s : series_) {
    for (unsigned cls = 1; cls <= 5; ++cls) {
      uint64_t n = s.by_status_class[cls].load(std::memory_order_relaxed);
      if (n == 0) continue;
      std::snprintf(buf, sizeof buf,
                    "samverkan_http_requests_total{route=\"%s\",method=\"%s\",status=\"%uxx\"} %llu\n",
                    s.route.c_str(), s.method.c_str(), cls, static_cast<unsigned long long>(n));
      out += buf;
    }
  }
  out += "# HELP samverkan_http_request_duration_seconds Time from a request's last byte read to "
         "its response handed to the socket.\n";
  out += "# TYPE samverkan_http_request_duration_seconds histogram\n";
  for (const auto& s : series_) {
    uint64_t count = s.count.load(std::memory_order_relaxed);
    if (count == 0) continue;
    uint64_t cumulative = 0;
    for (size_t b = 0; b <= kBuckets.size(); ++b) {
      cumulative += s.buckets[b].load(std::memory_order_relaxed);
      if (b < kBuckets.size()) {
        std::snprintf(buf, sizeof buf,
                      "samverkan_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\","
                      "le=\"%g\"} %llu\n",
                      s.route.c_str(), s.method.c_str(), kBuckets[b],
                      static_cast<unsigned long long>(cumulative));
      } else {
        std::snprintf(buf, sizeof buf,
                      "samverkan_http_request_duration_seconds_bucket{route=\"%s\",method=\"%s\","
                      "le=\"+Inf\"} %llu\n",
                      s.route.c_str(), s.method.c_str(), static_cast<unsigned long long>(cumulative));
      }
      out += buf;
    }
    std::snprintf(buf, sizeof buf,
                  "samverkan_http_request_duration_seconds_sum{route=\"%s\",method=\"%s\"} %.6f\n"
                  "samverkan_http_request_duration_seconds_count{route=\"%s\",method=\"%s\"} %llu\n",
                  s.route.c_str(), s.method.c_str(),
                  s.sum_micros.load(std::memory_order_relaxed) / 1e6, s.route.c_str(),
                  s.method.c_str(), static_cast<unsigned long long>(count));
    out += buf;
  }
  for (const auto& g : gauges_) {
    std::snprintf(buf, sizeof buf, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", g.name.c_str(),
                  g.help.c_str(), g.name.c_str(), g.name.c_str(),
                  static_cast<long long>(g.value->load(std::memory_order_relaxed)));
    out += buf;
  }
  return out;
}

}  // namespace samverkan::web
