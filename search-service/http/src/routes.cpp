#include "routes.h"

#include "api_error.h"

namespace m4d::http {

namespace {

constexpr std::string_view kMethods[] = {"GET", "POST", "PUT", "DELETE", "PATCH"};

bool answers(const Route& route, std::string_view method) {
  for (const auto& op : route.operations)
    if (op.method == method) return true;
  return false;
}

void on(httplib::Server& server, std::string_view method, const std::string& pattern, Handler handler) {
  if (method == "GET")
    server.Get(pattern, std::move(handler));
  else if (method == "POST")
    server.Post(pattern, std::move(handler));
  else if (method == "PUT")
    server.Put(pattern, std::move(handler));
  else if (method == "DELETE")
    server.Delete(pattern, std::move(handler));
  else if (method == "PATCH")
    server.Patch(pattern, std::move(handler));
  else if (method == "OPTIONS")
    server.Options(pattern, std::move(handler));
}

}  // namespace

std::string allow_header(const Route& route) {
  std::string allow;
  for (std::string_view m : kMethods) {
    if (!answers(route, m)) continue;
    allow += (allow.empty() ? "" : ", ") + std::string(m);
    if (m == "GET") allow += ", HEAD";
  }
  return allow + (allow.empty() ? "" : ", ") + "OPTIONS";
}

std::string path_pattern(std::string_view path) {
  std::string out;
  for (std::size_t i = 0; i < path.size(); ++i) {
    if (path[i] == '{') {
      i = path.find('}', i);
      out += "([^/]+)";
    } else {
      out += path[i];
    }
  }
  return out;
}

void register_routes(httplib::Server& server, const std::vector<Route>& routes,
                     const std::function<Handler(const Route&, const Operation&)>& wrap) {
  for (const Route& route : routes) {
    const std::string pattern = path_pattern(route.path);
    const std::string allow = allow_header(route);
    for (const Operation& op : route.operations) on(server, op.method, pattern, wrap(route, op));
    on(server, "OPTIONS", pattern, [allow](const httplib::Request&, httplib::Response& res) {
      res.set_header("Allow", allow);
      res.status = 204;
    });
    for (std::string_view m : kMethods) {
      if (answers(route, m)) continue;
      on(server, m, pattern, [allow](const httplib::Request& req, httplib::Response& res) {
        res.set_header("Allow", allow);
        send_json(res, 405, error_body({405, "method_not_allowed", req.method + " is not allowed on " + req.path, ""}));
      });
    }
  }
}

}  // namespace m4d::http
