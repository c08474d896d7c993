#include "m4d/phrase_terms.h"

#include <algorithm>

#include "m4d/lang/stopwords.h"
#include "m4d/lang/word.h"
#include "m4d/schema.h"
#include "m4d/text.h"

namespace m4d {

namespace {

std::string joined(const std::vector<std::string>& words) {
  std::string key;
  for (const auto& w : words) key += (key.empty() ? "" : " ") + w;
  return key;
}

}  // namespace

PhraseTerms PhraseTerms::from_glossary(std::string_view glossary_tsv) {
  PhraseTerms set;
  for (std::string_view line : split_lines(glossary_tsv)) {
    if (line.empty() || line[0] == '#') continue;
    const auto tab = line.rfind('\t');
    if (tab == std::string_view::npos) continue;
    std::vector<std::string> words;
    bool positioned = true;
    for (const auto& w : lang::words_of(line.substr(tab + 1))) {
      positioned = positioned && !lang::is_positionless(w.lower());
      words.push_back(w.lower());
    }
    if (!positioned || words.size() < 2 || words.size() > kMaxWords) continue;
    set.first_words_.insert(words.front());
    set.keys_.insert(joined(words));
  }
  return set;
}

PhraseTerms PhraseTerms::load(std::string_view bytes) {
  PhraseTerms set;
  for (std::string_view key : split_lines(bytes)) {
    if (key.empty()) continue;
    set.keys_.emplace(key);
    set.first_words_.emplace(key.substr(0, key.find(' ')));
  }
  return set;
}

std::string PhraseTerms::bytes() const {
  std::vector<std::string> keys(keys_.begin(), keys_.end());
  std::sort(keys.begin(), keys.end());
  std::string out;
  for (const auto& k : keys) out += k + "\n";
  return out;
}

std::string PhraseTerms::term_of(const std::vector<std::string>& words) const {
  if (words.size() < 2 || words.size() > kMaxWords) return {};
  std::string key = joined(words);
  if (!keys_.contains(key)) return {};
  return std::string(schema::kPrefixPhrase) + key;
}

std::vector<std::string> PhraseTerms::terms_in(
    const std::vector<std::pair<std::uint32_t, std::string_view>>& words) const {
  std::vector<std::string> terms;
  if (keys_.empty()) return terms;
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (!first_words_.contains(words[i].second)) continue;
    std::string key(words[i].second);
    for (std::size_t n = 1; n < kMaxWords && i + n < words.size(); ++n) {
      if (words[i + n].first != words[i].first + n) break;
      key += ' ';
      key += words[i + n].second;
      if (keys_.contains(key)) terms.push_back(std::string(schema::kPrefixPhrase) + key);
    }
  }
  std::sort(terms.begin(), terms.end());
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return terms;
}

}  // namespace m4d
