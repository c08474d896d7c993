#include "json_writer.h"

#include <charconv>
#include <cmath>
#include <utility>

namespace m4d::http {

namespace {

// Bytes of the UTF-8 sequence starting at s[i], or 0 when it is not a valid one.
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  const auto b = static_cast<unsigned char>(s[i]);
  std::size_t n = 0;
  char32_t min = 0;
  if (b >= 0xC2 && b <= 0xDF) {
    n = 2;
    min = 0x80;
  } else if (b >= 0xE0 && b <= 0xEF) {
    n = 3;
    min = 0x800;
  } else if (b >= 0xF0 && b <= 0xF4) {
    n = 4;
    min = 0x10000;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  char32_t cp = b & (0x7F >> n);
  for (std::size_t k = 1; k < n; ++k) {
    const auto c = static_cast<unsigned char>(s[i + k]);
    if ((c & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (c & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

void JsonWriter::before_value() {
  if (after_key_) {
    after_key_ = false;
    return;
  }
  if (need_comma_) out_ += ',';
}

void JsonWriter::begin_object() {
  before_value();
  out_ += '{';
  need_comma_ = false;
}

void JsonWriter::end_object() {
  out_ += '}';
  need_comma_ = true;
}

void JsonWriter::begin_array() {
  before_value();
  out_ += '[';
  need_comma_ = false;
}

void JsonWriter::end_array() {
  out_ += ']';
  need_comma_ = true;
}

void JsonWriter::key(std::string_view k) {
  if (need_comma_) out_ += ',';
  quoted(k);
  out_ += ':';
  need_comma_ = false;
  after_key_ = true;
}

void JsonWriter::value(std::string_view s) {
  before_value();
  quoted(s);
  need_comma_ = true;
}

void JsonWriter::raw_value(std::string_view json) {
  before_value();
  out_ += json;
  need_comma_ = true;
}

void JsonWriter::value(std::uint64_t n) {
  before_value();
  char buf[24];
  out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
  need_comma_ = true;
}

void JsonWriter::value(int n) {
  before_value();
  char buf[16];
  out_.append(buf, std::to_chars(buf, buf + sizeof buf, n).ptr);
  need_comma_ = true;
}

void JsonWriter::value(double x) {
  if (!std::isfinite(x)) return null();
  before_value();
  char buf[64];
  // Plain decimals for the magnitudes the API writes (scores, milliseconds),
  // as nlohmann::json does between 1e-4 and 1e15.
  const bool plain = x == 0 || (std::fabs(x) >= 1e-4 && std::fabs(x) < 1e15);
  const char* end =
      std::to_chars(buf, buf + sizeof buf, x, plain ? std::chars_format::fixed : std::chars_format::scientific).ptr;
  const std::string_view text(buf, static_cast<std::size_t>(end - buf));
  out_ += text;
  if (plain && text.find('.') == std::string_view::npos) out_ += ".0";
  need_comma_ = true;
}

void JsonWriter::null() {
  before_value();
  out_ += "null";
  need_comma_ = true;
}

void JsonWriter::value(const std::vector<std::string>& strings) {
  begin_array();
  for (const auto& s : strings) value(s);
  end_array();
}

std::string JsonWriter::take() {
  need_comma_ = after_key_ = false;
  return std::exchange(out_, {});
}

void JsonWriter::quoted(std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  out_ += '"';
  std::size_t plain = 0;  // start of the bytes not yet copied
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\' && c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0x80) {
      if (const std::size_t n = utf8_sequence(s, i)) {
        i += n;
        continue;
      }
    }
    out_.append(s.substr(plain, i - plain));
    switch (c) {
      case '"':
        out_ += "\\\"";
        break;
      case '\\':
        out_ += "\\\\";
        break;
      case '\b':
        out_ += "\\b";
        break;
      case '\f':
        out_ += "\\f";
        break;
      case '\n':
        out_ += "\\n";
        break;
      case '\r':
        out_ += "\\r";
        break;
      case '\t':
        out_ += "\\t";
        break;
      default:
        if (c < 0x20) {
          out_ += "\\u00";
          out_ += kHex[c >> 4];
          out_ += kHex[c & 0xF];
        } else {
          out_ += "\uFFFD";  // a byte that starts no valid UTF-8 sequence
        }
    }
    plain = ++i;
  }
  out_.append(s.substr(plain));
  out_ += '"';
}

}  // namespace m4d::http
