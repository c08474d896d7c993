#include "response_cache.h"

namespace m4d::http {

std::optional<CachedResponse> ResponseCache::get(const std::string& key, const std::string& version) {
  if (max_bytes_ == 0) return std::nullopt;
  std::lock_guard lock(mutex_);
  const auto it = index_.find(key);
  if (it == index_.end() || it->second->version != version) {
    ++misses_;
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++hits_;
  return it->second->response;
}

void ResponseCache::put(const std::string& key, const std::string& version, CachedResponse response) {
  if (max_bytes_ == 0 || response.body.size() > max_bytes_ / 8) return;
  std::lock_guard lock(mutex_);
  if (const auto it = index_.find(key); it != index_.end()) {
    bytes_ -= it->second->bytes();
    lru_.erase(it->second);
    index_.erase(it);
  }
  lru_.push_front(Entry{key, version, std::move(response)});
  index_[key] = lru_.begin();
  bytes_ += lru_.front().bytes();
  evict_locked();
}

void ResponseCache::evict_locked() {
  while (bytes_ > max_bytes_ && !lru_.empty()) {
    bytes_ -= lru_.back().bytes();
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

std::size_t ResponseCache::hits() const {
  std::lock_guard lock(mutex_);
  return hits_;
}

std::size_t ResponseCache::misses() const {
  std::lock_guard lock(mutex_);
  return misses_;
}

}  // namespace m4d::http
