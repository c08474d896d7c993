#pragma once
// Private to the HTTP layer: what the handlers share, owned by HttpService.
#include <condition_variable>
#include <deque>
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
  /// on slow clients. When all are busy, requests wait in line and each
  /// engine given back goes to the longest waiter (first come, first served:
  /// no request is overtaken again and again).
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
  /// Engines kept: ServiceConfig::engines, by default one per core and one
  /// more (a core need not idle while an engine is handed on).
  std::size_t engine_pool_size() const;
  /// The version of the index the engines read (Engine::index_version), the
  /// response cache's key. Read with an engine of its own, so that a cache
  /// hit never waits in line behind searches.
  std::string index_version();
  /// How the engines are used right now (for /metrics).
  struct EngineUse {
    std::size_t busy;     ///< leased, or being made for a request
    std::size_t waiting;  ///< requests in line for one
  };
  EngineUse engine_use();

 private:
  struct Waiter {  // a request waiting in line for an engine
    std::condition_variable ready;
    bool served = false;                     // set with `engine` by give_back()
    std::unique_ptr<search::Engine> engine;  // null when a free slot was handed on
  };
  // Hands `engine` (null: a slot whose engine could not be made) to the first
  // waiter, or back to the pool.
  void give_back(std::unique_ptr<search::Engine> engine);

  std::mutex engines_mutex_;
  std::vector<std::unique_ptr<search::Engine>> idle_engines_;
  std::size_t engines_out_ = 0;  // leased or being made (a slot handed to a waiter stays counted)
  std::deque<Waiter*> waiting_;  // oldest first
  std::mutex version_mutex_;
  std::unique_ptr<search::Engine> version_engine_;  // index_version()'s, made on first use
};

}  // namespace m4d::http
