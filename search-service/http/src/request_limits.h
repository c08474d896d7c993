#pragma once
// Private to the HTTP layer: what a request may cost before a handler runs,
// and log lines that a request cannot forge.
#include <httplib.h>

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "api_error.h"

namespace m4d::http {

/// Any request body: above it the request is refused (room for a PDF upload).
inline constexpr std::size_t kMaxRequestBody = 21 * 1024 * 1024;
/// A body above this is an upload: at most kMaxConcurrentUploads are read at once.
inline constexpr std::size_t kUploadBytes = 1024 * 1024;
inline constexpr int kMaxConcurrentUploads = 4;
/// Byte ranges honoured in one Range request; more and the whole file is sent.
inline constexpr std::size_t kMaxRanges = 4;

/// Uploads being read: taken in the pre-routing handler (before the body is
/// read), given back when the request is logged. cpp-httplib does not log a
/// request whose answer could not be written (the client left), so a slot
/// is also given back when its worker thread takes the next request, and
/// any slot older than kUploadSlotLifetime is taken back. Thread-safe.
class UploadSlots {
 public:
  /// Takes a slot when the request declares an upload; false when all are taken.
  bool take(const httplib::Request& req);
  /// Gives back the slot this thread took, if any.
  void give_back();

 private:
  struct Slot {
    std::thread::id owner;
    std::chrono::steady_clock::time_point since;
  };
  std::mutex mutex_;
  std::vector<Slot> held_;
};
/// The longest an upload may hold its slot (a 21 MiB body at 0.6 Mbit/s).
inline constexpr std::chrono::seconds kUploadSlotLifetime{300};

/// Checks what can be checked before the body is read: a path or query
/// without control characters (NUL included), a well-formed Content-Length
/// within kMaxRequestBody. Drops a Range header that asks for more than
/// kMaxRanges ranges (the whole file is sent once). Returns the error to
/// answer, if any.
std::optional<ApiError> refuse_before_reading(httplib::Request& req);

/// For a request with "Expect: 100-continue": the 413 to answer instead of
/// "100 Continue" when its declared body is too large (or its length malformed).
std::optional<ApiError> too_large_to_continue(const httplib::Request& req);

/// `s` with control characters and backslashes escaped (\n, \x1b...), for one log line.
std::string log_escape(std::string_view s);

}  // namespace m4d::http
