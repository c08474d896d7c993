#include "api_error.h"

namespace m4d::http {

nlohmann::json error_body(const ApiError& e) {
  nlohmann::json err = {{"code", e.code}, {"message", e.message}};
  if (!e.param.empty()) err["param"] = e.param;
  return nlohmann::json{{"error", err}};
}

void send_json(httplib::Response& res, int status, const nlohmann::json& body) {
  res.status = status;
  res.set_content(body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace),
                  "application/json; charset=utf-8");
}

}  // namespace m4d::http
