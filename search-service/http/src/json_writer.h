#pragma once
// Private to the HTTP layer: JSON written straight into a string, for the
// answers served often enough that building a nlohmann::json tree first
// costs more than the search itself (/api/search, similar units).
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace m4d::http {

/// Appends JSON text to a string. Keys are written in the order the caller
/// gives them: callers give them sorted, as nlohmann::json orders them, so
/// both write the same bytes. Strings are escaped as nlohmann::json escapes
/// them; an invalid UTF-8 sequence becomes U+FFFD.
class JsonWriter {
 public:
  void begin_object();
  void end_object();
  void begin_array();
  void end_array();
  /// The key of the next value in the current object.
  void key(std::string_view k);
  void value(std::string_view s);
  void value(const char* s) { value(std::string_view(s)); }
  void value(const std::string& s) { value(std::string_view(s)); }
  void value(std::uint64_t n);
  void value(int n);
  /// Shortest decimal form that reads back as `x`, ".0" on whole numbers; null when not finite.
  void value(double x);
  void null();
  /// An array of strings.
  void value(const std::vector<std::string>& strings);
  /// `json`, one JSON value written by another JsonWriter (see Labels::json), as it is.
  void raw_value(std::string_view json);
  /// key(k), then value(v).
  template <typename T>
  void field(std::string_view k, const T& v) {
    key(k);
    value(v);
  }
  /// The text written so far; the writer is empty afterwards.
  std::string take();

 private:
  void before_value();
  void quoted(std::string_view s);

  std::string out_;
  bool need_comma_ = false;
  bool after_key_ = false;
};

}  // namespace m4d::http
