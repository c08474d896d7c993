#include "request_limits.h"

#include <algorithm>
#include <cstdio>

namespace m4d::http {

namespace {

bool all_digits(std::string_view s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c >= '0' && c <= '9'; });
}

bool has_control(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c < 0x20 || c == 0x7F; });
}

}  // namespace

bool UploadSlots::take(const httplib::Request& req) {
  const auto me = std::this_thread::get_id();
  const auto now = std::chrono::steady_clock::now();
  const std::string length = req.get_header_value("Content-Length");  // checked well-formed before
  const bool upload = !length.empty() && std::stoull(length) > kUploadBytes;
  std::lock_guard lock(mutex_);
  // A slot of this thread is stale (a thread serves one request at a time), and so is a very old one.
  std::erase_if(held_, [&](const Slot& s) { return s.owner == me || now - s.since > kUploadSlotLifetime; });
  if (!upload) return true;
  if (held_.size() >= static_cast<std::size_t>(kMaxConcurrentUploads)) return false;
  held_.push_back({me, now});
  return true;
}

void UploadSlots::give_back() {
  const auto me = std::this_thread::get_id();
  std::lock_guard lock(mutex_);
  std::erase_if(held_, [&](const Slot& s) { return s.owner == me; });
}

std::optional<ApiError> refuse_before_reading(httplib::Request& req) {
  if (has_control(req.path) || has_control(req.target))
    return ApiError{400, "bad_request", "control characters are not allowed in the URL", ""};
  for (const auto& [name, value] : req.params)
    if (name.find('\0') != std::string::npos || value.find('\0') != std::string::npos)
      return ApiError{400, "bad_request", "NUL is not allowed in a parameter", name};
  if (req.has_header("Content-Length")) {
    const std::string length = req.get_header_value("Content-Length");
    if (length.empty() || length.size() > 15 || !all_digits(length))
      return ApiError{400, "bad_request", "Content-Length must be a number of bytes", ""};
    // Too large and already on its way (no Expect: 100-continue, see
    // too_large_to_continue): cpp-httplib drains it before its 413, so that
    // the client can read the answer; a body that never comes costs one read timeout.
  }
  if (req.ranges.size() > kMaxRanges) {  // the whole file instead, once (200)
    req.ranges.clear();
    req.headers.erase("Range");
  }
  return std::nullopt;
}

std::optional<ApiError> too_large_to_continue(const httplib::Request& req) {
  const std::string length = req.get_header_value("Content-Length");
  if (length.empty() ||  // chunked: cpp-httplib's own limit applies while it reads
      (length.size() <= 15 && all_digits(length) && std::stoull(length) <= kMaxRequestBody))
    return std::nullopt;
  return ApiError{413, "payload_too_large",
                  "the request body is larger than " + std::to_string(kMaxRequestBody / (1024 * 1024)) + " MiB", ""};
}

std::string log_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (const char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c == '\\') {
      out += "\\\\";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7F) {
      char hex[5];
      std::snprintf(hex, sizeof hex, "\\x%02x", c);
      out += hex;
    } else {
      out.push_back(ch);
    }
  }
  return out;
}

}  // namespace m4d::http
