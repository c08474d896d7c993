#include "m4d/indexer/language.h"

#include <cld2/public/compact_lang_det.h>

#include <algorithm>
#include <cstdio>  // compact_lang_det.h uses FILE without including it

namespace m4d::indexer {

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

}  // namespace m4d::indexer
