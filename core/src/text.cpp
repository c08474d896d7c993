#include "m4d/text.h"

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>
#include <unicode/utf8.h>

#include <memory>

#include "m4d/errors.h"
#include "m4d/lang/language.h"
#include "m4d/lang/normalize.h"

namespace m4d {

namespace {
std::string to_utf8_string(const icu::UnicodeString& u) {
  std::string out;
  u.toUTF8String(out);
  return out;
}
}  // namespace

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

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    if (nl == std::string_view::npos) nl = text.size();
    std::string_view line = text.substr(pos, nl - pos);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    pos = nl + 1;
  }
  return lines;
}

std::string search_key(std::string_view s) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw RuntimeFailure("ICU normalisers unavailable");
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(s.data(), static_cast<int32_t>(s.size())));
  u.foldCase();
  icu::UnicodeString d = nfd->normalize(u, status);
  icu::UnicodeString stripped;
  for (int32_t i = 0; i < d.length();) {
    UChar32 c = d.char32At(i);
    // Drop combining marks (accents, Arabic harakat) and the Arabic tatweel;
    // unify Arabic alef forms (after NFD, hamza and madda are marks) and alef maqsura.
    if (u_charType(c) == U_NON_SPACING_MARK || c == 0x0640) {
      // dropped
    } else if (c == 0x0649) {
      stripped.append(static_cast<UChar32>(0x064A));
    } else if (c == 0x0671) {
      stripped.append(static_cast<UChar32>(0x0627));
    } else {
      stripped.append(c);
    }
    i += U16_LENGTH(c);
  }
  icu::UnicodeString out = nfc->normalize(stripped, status);
  if (U_FAILURE(status)) throw RuntimeFailure("ICU normalisation failed");
  return to_utf8_string(out);
}

namespace {

// Converts UTF-16 offsets of `u` back to UTF-8 byte offsets of the source.
class OffsetMap {
 public:
  explicit OffsetMap(std::string_view utf8) {
    const auto* p = reinterpret_cast<const uint8_t*>(utf8.data());
    const auto n = static_cast<int32_t>(utf8.size());
    int32_t i = 0;
    while (i < n) {
      const int32_t start = i;
      UChar32 c;
      U8_NEXT(p, i, n, c);
      byte_at_.push_back(static_cast<std::size_t>(start));
      if (c > 0xFFFF) byte_at_.push_back(static_cast<std::size_t>(start));
    }
    byte_at_.push_back(utf8.size());
  }
  std::size_t operator()(int32_t utf16) const { return byte_at_[static_cast<std::size_t>(utf16)]; }

 private:
  std::vector<std::size_t> byte_at_;
};

std::vector<WordSpan> spans(std::string_view text, bool words) {
  std::vector<WordSpan> out;
  if (text.empty()) return out;
  // Building a break iterator loads and compiles ICU's rules (more than the
  // segmentation of a short text costs): each thread keeps one of each kind.
  thread_local std::unique_ptr<icu::BreakIterator> word_iterator, sentence_iterator;
  std::unique_ptr<icu::BreakIterator>& it = words ? word_iterator : sentence_iterator;
  if (!it) {
    UErrorCode status = U_ZERO_ERROR;
    it.reset(words ? icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status)
                   : icu::BreakIterator::createSentenceInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) {
      it.reset();
      throw RuntimeFailure("ICU break iterator unavailable");
    }
  }
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  it->setText(u);
  OffsetMap map(text);
  int32_t start = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; start = end, end = it->next()) {
    if (words && it->getRuleStatus() == UBRK_WORD_NONE) continue;
    out.push_back({map(start), map(end)});
  }
  static const icu::UnicodeString kNoText;
  it->setText(kNoText);  // the iterator must not keep a reference to `u`
  return out;
}

}  // namespace

std::vector<WordSpan> split_words(std::string_view text) { return spans(text, true); }

std::string word_key(std::string_view word) {
  std::string key = search_key(word);
  return key.substr(lang::elision_length(key));
}

std::string folded_variants(std::string_view text) {
  std::string out;
  for (const auto& w : split_words(text)) {
    const std::string_view word = text.substr(w.begin, w.end - w.begin);
    const std::string key = word_key(word);
    if (key != fold_case(word) || lang::is_unspaced_script(word)) {
      if (!out.empty()) out += ' ';
      out += key;
    }
  }
  return out;
}

std::vector<WordSpan> split_sentences(std::string_view text) { return spans(text, false); }

}  // namespace m4d
