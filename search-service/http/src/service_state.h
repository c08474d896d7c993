#pragma once
// Private to the HTTP layer: what the handlers share, owned by HttpService.
#include <functional>
#include <memory>
#include <string>

#include "auth.h"
#include "json_mapping.h"
#include "m4d/editing/editor.h"
#include "m4d/http/http_service.h"
#include "m4d/search/engine.h"
#include "metrics.h"
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

  /// The calling worker thread's engine (Xapian databases are per thread).
  search::Engine& engine();
};

}  // namespace m4d::http
