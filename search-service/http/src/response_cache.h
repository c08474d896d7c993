#pragma once
// Private to the HTTP layer: a bounded LRU cache of read responses.
//
// Every entry records the index version it was computed on (generation
// directory and Xapian revision, Engine::index_version()); a lookup only
// returns an entry of the version the caller is reading, so an editor's
// commit or a rebuild is visible to the very next request. Older entries are
// never served and age out of the LRU order. Thread-safe.
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace m4d::http {

/// A cached response.
struct CachedResponse {
  int status = 200;
  std::string content_type;
  std::string body;
};

/// Least-recently-used cache of responses, bounded in bytes.
class ResponseCache {
 public:
  /// `max_bytes` 0 disables the cache (get() always misses, put() stores nothing).
  explicit ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  /// False when built with a budget of 0: callers can skip building keys.
  bool enabled() const { return max_bytes_ > 0; }

  /// The response stored for `key` computed on `version`, or nullopt.
  std::optional<CachedResponse> get(const std::string& key, const std::string& version);
  /// Stores `response` for `key` on `version` (replacing any older one);
  /// responses larger than an eighth of the budget are not kept.
  void put(const std::string& key, const std::string& version, CachedResponse response);

  /// Lookups answered from the cache and lookups that missed, since start.
  std::size_t hits() const;
  std::size_t misses() const;

 private:
  struct Entry {
    std::string key;
    std::string version;
    CachedResponse response;
    std::size_t bytes() const { return key.size() + version.size() + response.body.size() + 128; }
  };
  void evict_locked();

  const std::size_t max_bytes_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::size_t bytes_ = 0, hits_ = 0, misses_ = 0;
};

}  // namespace m4d::http
