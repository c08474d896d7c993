#include "snippets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "m4d/lang/stopwords.h"
#include "m4d/schema.h"
#include "m4d/search/engine.h"

namespace m4d::search {

Xapian::Query snippet_query(const Xapian::Query& text) {
  std::vector<std::string> terms;
  for (auto t = text.get_unique_terms_begin(); t != text.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    if (schema::is_text_stem(term))
      terms.push_back("Z" + term.substr(3));
    else if (!term.empty() && !(term[0] >= 'A' && term[0] <= 'Z') && !lang::is_function_word(term))
      terms.push_back(term);  // a phrase's words, but not its "of" or "in"
  }
  return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

std::string leading_snippet(const std::string& text) {
  return html_escape(text.substr(0, text.rfind(' ', kSnippetLength))) + "\u2026";
}

std::vector<MarkedStem> window_stems(const Xapian::Query& asked, const Xapian::Database& db, const std::string& lang) {
  const Xapian::doccount docs = db.get_doccount();
  const std::string prefix = schema::stem_prefix(lang);
  std::map<std::string, double> idf;
  for (auto t = asked.get_unique_terms_begin(); t != asked.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    const bool stemmed = schema::is_text_stem(term);
    if (stemmed && !term.starts_with(prefix)) continue;
    std::string stem = stemmed ? term.substr(3) : term;
    if (stem.size() < 3 || lang::is_function_word(stem) || (!stemmed && term[0] >= 'A' && term[0] <= 'Z')) continue;
    const Xapian::doccount tf = db.get_termfreq(term);
    if (tf == 0) continue;
    double& w = idf[std::move(stem)];
    w = std::max(w, std::log((docs + 1.0) / (tf + 1.0)));
  }
  std::vector<MarkedStem> out;
  for (auto& [stem, w] : idf) out.push_back({stem, w});
  return out;
}

namespace {

const std::array<bool, 256> kWordByte = [] {
  std::array<bool, 256> t{};
  for (int c = 0; c < 256; ++c) t[c] = c >= 0x80 || std::isalnum(c) || c == '-';
  return t;
}();

bool is_word_byte(char c) { return kWordByte[static_cast<unsigned char>(c)]; }

// The first four bytes of `s` from `at` (at most `n`), ASCII lower-cased,
// zero-padded, the first byte most significant.
std::uint32_t head_of(std::string_view s, std::size_t at, std::size_t n) {
  std::uint32_t h = 0;
  for (std::size_t i = 0; i < 4; ++i) {
    auto c = i < n ? static_cast<unsigned char>(s[at + i]) : 0;
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    h = (h << 8) | c;
  }
  return h;
}

// std::lower_bound from `first`, probing 1, 2, 4... entries ahead first: the
// stems are looked for in order, so the next one is usually near the last.
template <typename It, typename T>
It gallop(It first, It last, const T& key) {
  for (std::ptrdiff_t step = 1;; step *= 2) {
    if (last - first <= step) return std::lower_bound(first, last, key);
    const It probe = first + step;
    if (!(*probe < key)) return std::lower_bound(first, probe, key);
    first = probe + 1;
  }
}

bool starts_sentence(const std::string& text, std::size_t i) {
  const char c = text[i - 1];
  return c == '\n' || (c == ' ' && i >= 2 && (text[i - 2] == '.' || text[i - 2] == '?' || text[i - 2] == '!'));
}

}  // namespace

WordStarts word_starts(const std::string& text) {
  WordStarts w;
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word_byte(text[i])) {
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_byte(text[end])) ++end;
    w.heads.emplace_back(head_of(text, i, end - i), static_cast<std::uint32_t>(i));
    i = end;
  }
  std::sort(w.heads.begin(), w.heads.end());
  for (std::size_t i = 1; i <= text.size(); ++i)
    if (starts_sentence(text, i)) w.sentences.push_back(static_cast<std::uint32_t>(i));
  return w;
}

std::pair<std::size_t, std::size_t> snippet_span(const std::string& text, const WordStarts& words,
                                                 const std::vector<MarkedStem>& stems) {
  // The end of a span starting at `from`: at most kSnippetLength bytes, cut
  // before a word that does not fit (never inside a UTF-8 sequence).
  auto span_from = [&](std::size_t from) {
    std::size_t to = std::min(text.size(), from + kSnippetLength);
    if (to < text.size()) {
      std::size_t cut = to;
      while (cut > from && is_word_byte(text[cut]) && is_word_byte(text[cut - 1])) --cut;
      if (cut > from) to = cut;
      while (to > from && (static_cast<unsigned char>(text[to]) & 0xC0) == 0x80) --to;
    }
    return std::make_pair(from, to);
  };
  if (text.size() <= kSnippetLength || stems.empty()) return span_from(0);

  // Where each stem starts a word: the words whose head falls in the stem's
  // head range, then the rest of the stem compared. The stems go in the
  // order of their ranges' starts, each range looked for after the last.
  std::vector<std::pair<std::uint32_t, std::size_t>> lows;  // (head range start, stem)
  lows.reserve(stems.size());
  for (std::size_t k = 0; k < stems.size(); ++k)
    lows.emplace_back(head_of(stems[k].text, 0, std::min<std::size_t>(stems[k].text.size(), 4)), k);
  std::sort(lows.begin(), lows.end());
  std::vector<std::pair<std::size_t, std::size_t>> found;  // (offset, stem)
  auto from = words.heads.begin();
  for (const auto& [low, k] : lows) {
    const std::string& stem = stems[k].text;
    const std::size_t n = std::min<std::size_t>(stem.size(), 4);
    const std::uint32_t high = n == 4 ? low : low | ((1u << (8 * (4 - n))) - 1);
    from = gallop(from, words.heads.end(), std::make_pair(low, std::uint32_t{0}));
    for (auto it = from; it != words.heads.end() && it->first <= high; ++it) {
      const std::size_t at = it->second;
      if (stem.size() <= 4 || text.compare(at + 4, stem.size() - 4, stem, 4, stem.size() - 4) == 0)
        found.emplace_back(at, k);
    }
  }
  if (found.empty()) return span_from(0);
  std::sort(found.begin(), found.end());
  // Candidate starts: the text's start, and for each match the start of its
  // sentence (after ". ", "? ", "! " or a line break), or a few words before
  // it when its sentence began more than half a snippet earlier.
  std::vector<std::size_t> starts = {0};
  std::size_t after = 0;  // the first sentence start after the match (the matches are in order)
  for (const auto& [at, k] : found) {
    while (after < words.sentences.size() && words.sentences[after] <= at) ++after;
    const std::size_t floor = at > kSnippetLength / 2 ? at - kSnippetLength / 2 : 0;
    // The last sentence start at or before the match, if after `floor`.
    std::size_t sentence = std::string::npos;
    if (after > 0 && words.sentences[after - 1] > floor) sentence = words.sentences[after - 1];
    if (sentence == std::string::npos) {
      const std::size_t space = text.rfind(' ', at - std::min<std::size_t>(at, kSnippetLength / 5));
      sentence = space == std::string::npos ? 0 : space + 1;
    }
    if (sentence != starts.back()) starts.push_back(sentence);  // matches in one sentence: one start
  }
  std::sort(starts.begin(), starts.end());
  starts.erase(std::unique(starts.begin(), starts.end()), starts.end());
  // The span holding the most idf of distinct stems; the earliest on a tie.
  std::pair<std::size_t, std::size_t> best = span_from(0);
  double best_weight = -1;
  std::vector<std::size_t> seen(stems.size(), 0);  // the count that last counted each stem
  std::size_t counts = 0;
  std::size_t first = 0;  // first occurrence at or after the start
  // The idf of the distinct stems occurring from `first` up to `end`.
  auto weight_before = [&](std::size_t end) {
    ++counts;
    double weight = 0;
    for (std::size_t f = first; f < found.size() && found[f].first < end; ++f)
      if (seen[found[f].second] != counts) {
        seen[found[f].second] = counts;
        weight += stems[found[f].second].idf;
      }
    return weight;
  };
  for (const std::size_t start : starts) {
    while (first < found.size() && found[first].first < start) ++first;
    if (first == found.size()) break;
    // The span ends at most kSnippetLength bytes on: a start whose bound
    // cannot beat the best needs no cut (which reads the text).
    const double most = weight_before(start + kSnippetLength);
    if (most <= best_weight) continue;
    const auto span = span_from(start);
    const double weight = span.second == start + kSnippetLength ? most : weight_before(span.second);
    if (weight > best_weight) {
      best_weight = weight;
      best = span;
    }
  }
  return best;
}

}  // namespace m4d::search
