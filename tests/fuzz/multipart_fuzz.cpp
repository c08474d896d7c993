// Fuzz target: multipart uploads as the handler sees them once cpp-httplib
// has split the parts (Debian's cpp-httplib compiles its MIME parser into
// its library, out of reach): form fields and a PDF, extracted with poppler.
// Input: fields "name=value" separated by NUL bytes, then after a lone
// "\x01" the PDF's bytes. Every input is a draft, a 413 or an InvalidDocument.
#include <httplib.h>

#include <cstdint>
#include <string>
#include <string_view>

#include "api_error.h"
#include "bodies.h"

extern "C" int LLVMFuzzerInitialize(int*, char***) { return 0; }

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view in(reinterpret_cast<const char*>(data), size);
  const std::size_t split = in.find('\x01');
  std::string_view fields = in.substr(0, split);
  httplib::Request req;
  req.set_header("Content-Type", "multipart/form-data; boundary=fuzz");
  while (!fields.empty()) {
    const std::size_t end = fields.find('\0');
    const std::string_view field = fields.substr(0, end);
    const std::size_t eq = field.find('=');
    if (eq != std::string_view::npos && eq > 0)
      req.files.emplace(
          std::string(field.substr(0, eq)),
          httplib::MultipartFormData{std::string(field.substr(0, eq)), std::string(field.substr(eq + 1)), "", ""});
    fields = end == std::string_view::npos ? std::string_view() : fields.substr(end + 1);
  }
  if (split != std::string_view::npos)
    req.files.emplace(
        "file", httplib::MultipartFormData{"file", std::string(in.substr(split + 1)), "upload.pdf", "application/pdf"});
  try {
    (void)m4d::http::draft_from_body(req);
  } catch (const m4d::http::ApiError& e) {
    if (e.status != 413) __builtin_trap();
  } catch (const m4d::editing::InvalidDocument&) {
  }
  return 0;
}
