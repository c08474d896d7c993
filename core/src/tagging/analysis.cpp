#include "analysis.h"

#include <algorithm>
#include <cmath>

#include "m4d/lang/normalize.h"
#include "m4d/lang/stopwords.h"

namespace m4d::tagging {

namespace {

bool is_number(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

std::vector<Token> Analyzer::analyze(std::string_view text, const std::string& lang) const {
  std::vector<Token> out;
  for (const auto& w : split_words(text)) {
    std::string key = search_key(text.substr(w.begin, w.end - w.begin));
    key.erase(0, lang::elision_length(key));  // l'emploi -> emploi
    std::string s = lang::is_topic_stopword(key) || is_number(key) ? std::string() : stem_(key, lang);
    out.push_back({std::move(key), std::move(s), w.begin, w.end});
  }
  return out;
}

std::vector<std::string> Analyzer::phrase_stems(const std::string& phrase, const std::string& lang) const {
  std::vector<std::string> stems;
  for (const auto& t : analyze(phrase, lang))
    if (!t.stem.empty()) stems.push_back(t.stem);
  return stems;
}

std::map<std::string, PhraseHits> match_phrases(const std::vector<Token>& tokens, const std::vector<Phrase>& phrases) {
  std::unordered_map<std::string, std::vector<std::size_t>> positions;  // first stem -> token indexes
  for (std::size_t i = 0; i < tokens.size(); ++i)
    if (!tokens[i].stem.empty()) positions[tokens[i].stem].push_back(i);
  std::map<std::string, PhraseHits> hits;
  for (const auto& p : phrases) {
    if (p.stems.empty()) continue;
    auto it = positions.find(p.stems[0]);
    if (it == positions.end()) continue;
    int count = 0;
    std::vector<std::size_t> offsets;
    for (std::size_t start : it->second) {
      // Match the phrase's stems in order, skipping stopwords in the text.
      std::size_t i = start, k = 0;
      while (i < tokens.size() && k < p.stems.size()) {
        if (tokens[i].stem.empty()) {
          ++i;
          continue;
        }
        if (tokens[i].stem != p.stems[k]) break;
        ++i;
        ++k;
      }
      if (k == p.stems.size()) {
        ++count;
        if (offsets.size() < 4) offsets.push_back(tokens[start].begin);
      }
    }
    if (count == 0) continue;
    auto& h = hits[p.owner];
    h.raw += p.weight * (1 + std::log(count)) * (p.stems.size() > 1 ? 1.5 : 1.0);
    h.offsets.insert(h.offsets.end(), offsets.begin(), offsets.end());
  }
  return hits;
}

double cosine(const SparseVector& a, const SparseVector& b) {
  const SparseVector& small = a.size() < b.size() ? a : b;
  const SparseVector& large = a.size() < b.size() ? b : a;
  double dot = 0;
  for (const auto& [term, w] : small) {
    auto it = large.find(term);
    if (it != large.end()) dot += w * it->second;
  }
  return dot;
}

std::string sentence_at(std::string_view text, const std::vector<WordSpan>& sentences, std::size_t at) {
  for (const auto& s : sentences) {
    if (at >= s.begin && at < s.end) {
      std::string out = collapse_spaces(text.substr(s.begin, s.end - s.begin));
      if (out.size() > 400) out = out.substr(0, out.rfind(' ', 400)) + " \u2026";
      return out;
    }
  }
  return {};
}

}  // namespace m4d::tagging
