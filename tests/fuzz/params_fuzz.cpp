// Fuzz target: the query string of /api/search and /api/export (filters and
// parameters). Every input is either a valid request or an ApiError (400).
#include <httplib.h>

#include <cstdint>
#include <string>

#include "api_error.h"
#include "fuzz_support.h"
#include "params.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  (void)m4d::fuzz::bundled_taxonomy();
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  httplib::Request req;
  httplib::detail::parse_query_text(std::string(reinterpret_cast<const char*>(data), size), req.params);
  try {
    m4d::http::check_utf8(req);
    const auto r = m4d::http::search_request(req, m4d::fuzz::bundled_taxonomy());
    if (r.page < 1 || r.per_page < 1 || r.per_page > 100) __builtin_trap();
    (void)m4d::http::ui_lang(req);
    (void)m4d::http::one_of(req, "format", {"csv", "json"}, "csv");
  } catch (const m4d::http::ApiError& e) {
    if (e.status != 400) __builtin_trap();
  }
  return 0;
}
