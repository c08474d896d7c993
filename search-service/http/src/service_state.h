#pragma once
// Private to the HTTP layer: what the handlers share, owned by HttpService.
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "auth.h"
#include "idempotency.h"
#include "json_mapping.h"
#include "m4d/editing/editor.h"
#include "m4d/http/http_service.h"
#include "m4d/search/engine.h"
#include "metrics.h"
#include "request_limits.h"
#include "response_cache.h"

namespace m4d::http {

/// The service's shared state. Set up by HttpService::bind() before any
/// request; afterwards only the members documented as such change.
struct ServiceState {
  ServiceConfig config;
  std::function<void(const std::string&)> log;
  std::unique_ptr<const search::IndexResources> resources;  // taxonomy and expansion vocabulary of the index
  std::unique_ptr<Labels> labels;
  Metrics metrics;                          // thread-safe
  search::WriteGate write_gate;             // the editor's writer against the engines' reads
  std::unique_ptr<editing::Editor> editor;  // null when the index cannot be written (editing answers 503)
  std::string editor_unavailable;           // why editor is null
  EditorTokens tokens;
  std::unique_ptr<ResponseCache> cache;  // read responses of the current index version; thread-safe

  UploadSlots uploads;                            // thread-safe
  std::unique_ptr<IdempotencyStore> idempotency;  // answers by Idempotency-Key (set with the editor)

  /// An engine for the calling request, returned to the pool when the lease
  /// goes. The pool holds at most engine_pool_size() engines (each with its
  /// own Xapian database and unit cache), however many worker threads wait
  /// on slow clients; a request waits when all are busy.
  class EngineLease {
   public:
    EngineLease(ServiceState& s, std::unique_ptr<search::Engine> e) : state_(&s), engine_(std::move(e)) {}
    EngineLease(EngineLease&&) = default;
    EngineLease& operator=(EngineLease&&) = delete;
    ~EngineLease();
    search::Engine* operator->() const { return engine_.get(); }
    search::Engine& operator*() const { return *engine_; }

   private:
    ServiceState* state_;
    std::unique_ptr<search::Engine> engine_;
  };
  EngineLease engine();
  /// Engines kept: twice the cores, at least 4.
  static std::size_t engine_pool_size();

 private:
  std::mutex engines_mutex_;
  std::condition_variable engine_returned_;
  std::vector<std::unique_ptr<search::Engine>> idle_engines_;
  std::size_t engines_out_ = 0;
};

}  // namespace m4d::http
