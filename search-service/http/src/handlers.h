#pragma once
// Private to the HTTP layer: the API's routes and their handlers.
#include <vector>

#include "routes.h"
#include "service_state.h"

namespace m4d::http {

/// The routes of docs/API.md and docs/openapi.json over `state` (which must outlive them).
std::vector<Route> api_routes(ServiceState& state);

/// The OpenAPI 3.1 document (docs/openapi.json, embedded at build time).
const char* openapi_document();

}  // namespace m4d::http
