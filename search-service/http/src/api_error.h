#pragma once
// Private to the HTTP layer: errors as the API reports them.
#include <httplib.h>

#include <nlohmann/json.hpp>
#include <string>

namespace m4d::http {

/// A request error: status, machine code, message and the parameter at fault.
struct ApiError {
  int status;
  std::string code;
  std::string message;
  std::string param;
};

/// The JSON body of `e`: {"error": {"code", "message", "param"?}}.
nlohmann::json error_body(const ApiError& e);

/// Sets `res` to `body` with `status`, as UTF-8 JSON (invalid UTF-8 replaced).
void send_json(httplib::Response& res, int status, const nlohmann::json& body);

}  // namespace m4d::http
