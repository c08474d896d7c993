#pragma once
// Private to the HTTP layer: the route table. Routing, OPTIONS and 405
// answers with their Allow header, metric labels, the response cache policy
// and the OpenAPI document's paths all come from this one table.
#include <httplib.h>

#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace m4d::http {

/// Handles one request (may throw; see HttpService's error mapping).
using Handler = std::function<void(const httplib::Request&, httplib::Response&)>;

/// One method of a route.
struct Operation {
  std::string_view method;  ///< "GET", "POST", "PUT", "DELETE".
  Handler handler;
};

/// One path of the API.
struct Route {
  std::string_view path;  ///< As in docs/openapi.json: "/api/documents/{id}"; also the metric label.
  std::vector<Operation> operations;
  bool cacheable = false;  ///< GET answers depend only on the URL and the index version.
};

/// The methods `route` answers, as an Allow header: "GET, HEAD, OPTIONS".
std::string allow_header(const Route& route);

/// The request path pattern of `path` for cpp-httplib: "{id}" becomes "([^/]+)".
std::string path_pattern(std::string_view path);

/// Registers every route on `server`: each operation's handler, wrapped by
/// `wrap` (errors, cache, metric label); OPTIONS answers 204 with Allow; the
/// other methods of GET, POST, PUT, DELETE, PATCH answer 405 with Allow.
void register_routes(httplib::Server& server, const std::vector<Route>& routes,
                     const std::function<Handler(const Route&, const Operation&)>& wrap);

}  // namespace m4d::http
