#include "m4d/hyphenation.h"

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "m4d/text.h"

namespace m4d {

namespace {

bool is_word_char(UChar32 c) { return c >= 0 && (u_isalpha(c) || c == '\''); }

bool is_hyphen(UChar32 c) { return c == '-' || c == 0x2010 || c == 0x2011; }

}  // namespace

HyphenationResolver::HyphenationResolver(std::unordered_set<std::string> word_list)
    : word_list_(std::move(word_list)) {}

void HyphenationResolver::observe(std::string_view text) {
  // Tokens are maximal runs of letters joined by single hyphens; a hyphen
  // followed by a line break does not count (that is the ambiguous case).
  const auto* p = reinterpret_cast<const uint8_t*>(text.data());
  const auto n = static_cast<int32_t>(text.size());
  int32_t i = 0;
  std::string token;
  std::string part;
  auto flush_part = [&] {
    if (!part.empty()) ++counts_[fold_case(part)];
    part.clear();
  };
  auto flush = [&] {
    flush_part();
    if (token.find('-') != std::string::npos) ++counts_[fold_case(token)];
    token.clear();
  };
  while (i < n) {
    int32_t start = i;
    UChar32 c;
    U8_NEXT(p, i, n, c);
    if (is_word_char(c)) {
      std::string_view ch = text.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start));
      token.append(ch);
      part.append(ch);
      continue;
    }
    if (is_hyphen(c) && !part.empty() && i < n) {
      int32_t j = i;
      UChar32 next;
      U8_NEXT(p, j, n, next);
      if (next >= 0 && u_isalpha(next)) {
        flush_part();
        token.push_back('-');
        continue;
      }
    }
    flush();
  }
  flush();
}

std::string HyphenationResolver::join(std::string_view left, std::string_view right) const {
  std::string joined = std::string(left) + std::string(right);
  std::string hyphenated = std::string(left) + "-" + std::string(right);
  // A capitalised second half ("Cross-\nBorder", "Afro-\nColombian") is a compound.
  if (starts_with_uppercase(right)) return hyphenated;
  const std::string fj = fold_case(joined);
  const std::string fh = fold_case(hyphenated);
  auto count = [this](const std::string& key) {
    auto it = counts_.find(key);
    return it == counts_.end() ? 0 : it->second;
  };
  const int joined_seen = count(fj);
  const int hyphen_seen = count(fh);
  if (joined_seen != hyphen_seen) return joined_seen > hyphen_seen ? joined : hyphenated;
  if (word_list_.count(fj)) return joined;
  // Inflected forms the word list may lack ("stakeholders" -> "stakeholder").
  for (std::string_view suffix : {"s", "es", "ed", "ing", "ly"}) {
    if (fj.size() > suffix.size() + 3 && fj.ends_with(suffix) &&
        word_list_.count(fj.substr(0, fj.size() - suffix.size())))
      return joined;
  }
  const std::string fl = fold_case(left);
  const std::string fr = fold_case(right);
  const bool both_words = (word_list_.count(fl) || count(fl) > 0) && (word_list_.count(fr) || count(fr) > 0);
  return both_words && fl.size() > 2 && fr.size() > 2 ? hyphenated : joined;
}

}  // namespace m4d
