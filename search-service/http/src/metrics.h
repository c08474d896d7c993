#pragma once
// Private to the HTTP layer: request counts and latency histograms for /metrics.
#include <array>
#include <cstdint>
#include <cstdio>
#include <map>
#include <mutex>
#include <string>

#include "m4d/search/engine.h"

namespace m4d::http {

/// Request counts and latency histograms by route label and status. Thread-safe.
class Metrics {
 public:
  /// Counts a request of `route` that answered `status` after `seconds`.
  void observe(const std::string& route, int status, double seconds) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
    auto& h = latency_[route];
    for (std::size_t i = 0; i < kBuckets.size(); ++i)
      if (seconds <= kBuckets[i]) ++h.buckets[i];
    ++h.count;
    h.sum += seconds;
  }
  /// The Prometheus text of the counts, histograms and `index` gauges.
  std::string render(const search::IndexStats& index) const {
    std::lock_guard lock(mutex_);
    std::string out;
    out +=
        "# HELP m4d_http_requests_total HTTP requests by route and status.\n# TYPE m4d_http_requests_total counter\n";
    for (const auto& [key, n] : requests_)
      out += "m4d_http_requests_total{route=\"" + key.first + "\",status=\"" + std::to_string(key.second) + "\"} " +
             std::to_string(n) + "\n";
    out +=
        "# HELP m4d_http_request_duration_seconds Request latency by route.\n"
        "# TYPE m4d_http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        char le[32];
        std::snprintf(le, sizeof le, "%g", kBuckets[i]);
        out += "m4d_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"" + le + "\"} " +
               std::to_string(h.buckets[i]) + "\n";
      }
      out += "m4d_http_request_duration_seconds_bucket{route=\"" + route + "\",le=\"+Inf\"} " +
             std::to_string(h.count) + "\n";
      out += "m4d_http_request_duration_seconds_sum{route=\"" + route + "\"} " + std::to_string(h.sum) + "\n";
      out += "m4d_http_request_duration_seconds_count{route=\"" + route + "\"} " + std::to_string(h.count) + "\n";
    }
    out += "# HELP m4d_index_documents Units in the index.\n# TYPE m4d_index_documents gauge\nm4d_index_documents " +
           std::to_string(index.documents) + "\n";
    out +=
        "# HELP m4d_index_size_bytes Size of the index on disk.\n# TYPE m4d_index_size_bytes "
        "gauge\nm4d_index_size_bytes " +
        std::to_string(index.bytes) + "\n";
    out += "# HELP m4d_index_revision Revision of the index.\n# TYPE m4d_index_revision gauge\nm4d_index_revision " +
           std::to_string(index.revision) + "\n";
    return out;
  }

 private:
  static constexpr std::array<double, 11> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5};
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, int>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
};

}  // namespace m4d::http
