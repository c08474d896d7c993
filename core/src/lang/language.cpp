#include "m4d/lang/language.h"

#include <cld2/public/compact_lang_det.h>
#include <unicode/utf8.h>

#include <algorithm>
#include <cstdio>  // compact_lang_det.h uses FILE without including it
#include <map>

namespace m4d::lang {

const std::vector<std::string>& document_languages() {
  static const std::vector<std::string> langs = {"en", "fr", "es", "ar", "pt", "ru", "zh"};
  return langs;
}

bool is_document_language(std::string_view lang) {
  const auto& l = document_languages();
  return std::find(l.begin(), l.end(), lang) != l.end();
}

std::string detect_language(std::string_view text, const std::string& fallback) {
  // CLD2 reads at most this much; the start of a document is representative.
  constexpr std::size_t kMaxBytes = 64 * 1024;
  std::size_t n = std::min(text.size(), kMaxBytes);
  while (n < text.size() && n > 0 && (static_cast<unsigned char>(text[n]) & 0xC0) == 0x80) --n;  // whole characters
  bool reliable = false;
  CLD2::Language top3[3];
  int percent3[3];
  int text_bytes = 0;
  const CLD2::Language lang = CLD2::DetectLanguageSummary(text.data(), static_cast<int>(n), /*is_plain_text=*/true,
                                                          top3, percent3, &text_bytes, &reliable);
  if (!reliable || lang == CLD2::UNKNOWN_LANGUAGE) return fallback;
  std::string code = CLD2::LanguageCode(lang);
  if (code == "zh-Hant") code = "zh";
  return is_document_language(code) ? code : fallback;
}

UScriptCode language_script(std::string_view lang) {
  static const std::map<std::string_view, UScriptCode> scripts = {
      {"ar", USCRIPT_ARABIC},   {"fa", USCRIPT_ARABIC},   {"ur", USCRIPT_ARABIC},    {"ru", USCRIPT_CYRILLIC},
      {"uk", USCRIPT_CYRILLIC}, {"bg", USCRIPT_CYRILLIC}, {"el", USCRIPT_GREEK},     {"he", USCRIPT_HEBREW},
      {"zh", USCRIPT_HAN},      {"ja", USCRIPT_HAN},      {"hi", USCRIPT_DEVANAGARI}};
  const auto it = scripts.find(lang);
  return it == scripts.end() ? USCRIPT_LATIN : it->second;
}

UScriptCode word_script(std::string_view word) {
  const auto* p = reinterpret_cast<const uint8_t*>(word.data());
  const auto n = static_cast<int32_t>(word.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (c < 0) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(c, &status);
    if (U_SUCCESS(status) && script != USCRIPT_COMMON && script != USCRIPT_INHERITED) return script;
  }
  return USCRIPT_COMMON;
}

bool is_unspaced_script(std::string_view word) {
  switch (word_script(word)) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_THAI:
    case USCRIPT_LAO:
    case USCRIPT_KHMER:
    case USCRIPT_MYANMAR:
    case USCRIPT_TIBETAN:
      return true;
    default:
      return false;
  }
}

}  // namespace m4d::lang
