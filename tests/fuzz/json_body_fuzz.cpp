// Fuzz target: editors' JSON bodies (POST/PUT /api/documents, POST /api/tag).
// Every input is a draft, an ApiError (4xx) or an InvalidDocument (422).
#include <httplib.h>

#include <cstdint>
#include <string>

#include "api_error.h"
#include "bodies.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  httplib::Request req;
  req.set_header("Content-Type", "application/json");
  req.body.assign(reinterpret_cast<const char*>(data), size);
  try {
    (void)m4d::http::draft_from_json(req);
  } catch (const m4d::http::ApiError& e) {
    if (e.status < 400 || e.status >= 500) __builtin_trap();
  } catch (const m4d::editing::InvalidDocument&) {
  }
  return 0;
}
