#include "m4d/text.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include "m4d/errors.h"

namespace m4d {

std::size_t utf8_error_offset(std::string_view s) {
  if (s.size() > static_cast<std::size_t>(INT32_MAX)) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  while (i < n) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::string_view::npos;
}

bool is_valid_utf8(std::string_view s) { return utf8_error_offset(s) == std::string_view::npos; }

std::string to_nfc(std::string_view s) {
  if (!is_valid_utf8(s)) throw InvalidInput("invalid UTF-8");
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw RuntimeFailure("ICU NFC normaliser unavailable");
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  if (nfc->isNormalized(u, status) && U_SUCCESS(status)) return std::string(s);
  status = U_ZERO_ERROR;
  icu::UnicodeString out = nfc->normalize(u, status);
  if (U_FAILURE(status)) throw RuntimeFailure("ICU NFC normalisation failed");
  std::string result;
  out.toUTF8String(result);
  return result;
}

std::string fold_case(std::string_view s) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  std::string result;
  u.toUTF8String(result);
  return result;
}

namespace {
UChar32 first_code_point(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  int32_t i = 0;
  UChar32 c = -1;
  if (!s.empty()) U8_NEXT(p, i, static_cast<int32_t>(s.size()), c);
  return c;
}
}  // namespace

bool starts_with_lowercase(std::string_view s) {
  UChar32 c = first_code_point(s);
  return c >= 0 && u_islower(c);
}

bool starts_with_uppercase(std::string_view s) {
  UChar32 c = first_code_point(s);
  return c >= 0 && (u_isupper(c) || u_istitle(c));
}

std::string collapse_spaces(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  bool pending_space = false;
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && (u_isUWhiteSpace(c) || c == 0x00A0)) {
      pending_space = !out.empty();
      continue;
    }
    if (pending_space) out.push_back(' ');
    pending_space = false;
    out.append(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
  }
  return out;
}

std::size_t count_letters(std::string_view s) {
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const auto n = static_cast<int32_t>(s.size());
  int32_t i = 0;
  std::size_t letters = 0;
  while (i < n) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c >= 0 && u_isalpha(c)) ++letters;
  }
  return letters;
}

}  // namespace m4d
