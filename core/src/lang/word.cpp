#include "m4d/lang/word.h"

#include <algorithm>

#include "m4d/lang/language.h"
#include "m4d/lang/normalize.h"
#include "m4d/lang/stemmer.h"
#include "m4d/text.h"

namespace m4d::lang {

Word::Word(std::string_view surface)
    : surface_(surface), lower_(lang::lower(surface)), key_(word_key(surface)), script_(word_script(surface)) {}

const std::vector<std::string>& Word::stems(const std::string& lang) const {
  for (const auto& [l, s] : stems_)
    if (l == lang) return s;
  std::vector<std::string> s;
  for (const std::string* form : {&lower_, &key_}) {
    if (form->empty()) continue;
    std::string st = stem(*form, lang);
    if (std::find(s.begin(), s.end(), st) == s.end()) s.push_back(std::move(st));
  }
  return stems_.emplace_back(lang, std::move(s)).second;
}

std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> out;
  for (const auto& w : split_words(text)) out.emplace_back(text.substr(w.begin, w.end - w.begin));
  return out;
}

}  // namespace m4d::lang
