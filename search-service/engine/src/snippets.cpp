#include "snippets.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <map>
#include <utility>

#include "m4d/lang/stemmer.h"
#include "m4d/lang/stopwords.h"
#include "m4d/schema.h"
#include "m4d/search/engine.h"

namespace m4d::search {

namespace {

// Xapian's snippet code stems words through this: the language library's
// memoised Snowball stemmers.
class LangStem : public Xapian::StemImplementation {
 public:
  explicit LangStem(std::string lang) : lang_(std::move(lang)) {}
  std::string operator()(const std::string& word) override { return lang::stem(word, lang_); }
  std::string get_description() const override { return "m4d::lang::stem(" + lang_ + ")"; }

 private:
  std::string lang_;
};

}  // namespace

Xapian::Stem snippet_stemmer(const std::string& lang) { return Xapian::Stem(new LangStem(lang)); }

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

std::vector<MarkedStem> window_stems(const Xapian::Query& asked, const Xapian::MSet& mset, Xapian::doccount docs,
                                     const std::string& lang) {
  const std::string prefix = schema::stem_prefix(lang);
  std::map<std::string, double> idf;
  for (auto t = asked.get_unique_terms_begin(); t != asked.get_unique_terms_end(); ++t) {
    const std::string& term = *t;
    const bool stemmed = schema::is_text_stem(term);
    if (stemmed && !term.starts_with(prefix)) continue;
    std::string stem = stemmed ? term.substr(3) : term;
    if (stem.size() < 3 || lang::is_function_word(stem) || (!stemmed && term[0] >= 'A' && term[0] <= 'Z')) continue;
    const Xapian::doccount tf = mset.get_termfreq(term);
    if (tf == 0) continue;
    double& w = idf[std::move(stem)];
    w = std::max(w, std::log((docs + 1.0) / (tf + 1.0)));
  }
  std::vector<MarkedStem> out;
  for (auto& [stem, w] : idf) out.push_back({stem, w});
  return out;
}

std::pair<std::size_t, std::size_t> snippet_span(const std::string& text, const std::vector<MarkedStem>& stems) {
  static const std::array<bool, 256> kWordByte = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c) t[c] = c >= 0x80 || std::isalnum(c) || c == '-';
    return t;
  }();
  auto is_word_byte = [](char c) { return kWordByte[static_cast<unsigned char>(c)]; };
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

  // One pass over the words: where each stem occurs (a word matches a stem it
  // starts with; the stem is lower case, the word may be capitalised), and
  // where sentences start.
  std::array<std::vector<std::size_t>, 256> by_lead;  // stems by their first byte
  for (std::size_t k = 0; k < stems.size(); ++k) by_lead[static_cast<unsigned char>(stems[k].text[0])].push_back(k);
  std::vector<std::pair<std::size_t, std::size_t>> found;  // (offset, stem)
  std::vector<std::size_t> starts = {0};                  // candidate span starts
  for (std::size_t i = 0; i < text.size();) {
    if (!is_word_byte(text[i])) {
      if (text[i] == '\n' || ((text[i] == '.' || text[i] == '?' || text[i] == '!') && i + 1 < text.size() &&
                              text[i + 1] == ' '))
        starts.push_back(i + (text[i] == '\n' ? 1 : 2));
      ++i;
      continue;
    }
    std::size_t end = i;
    while (end < text.size() && is_word_byte(text[end])) ++end;
    const std::string_view word(text.data() + i, end - i);
    const unsigned char lead = static_cast<unsigned char>(word[0]);
    for (std::size_t k : by_lead[lead >= 'A' && lead <= 'Z' ? lead - 'A' + 'a' : lead]) {
      const std::string& stem = stems[k].text;
      if (word.size() >= stem.size() && word.substr(1, stem.size() - 1) == std::string_view(stem).substr(1)) {
        // A sentence longer than a snippet: also start a few words before the match.
        if (i - starts.back() > kSnippetLength / 2) {
          const std::size_t space = text.rfind(' ', i - std::min<std::size_t>(i, kSnippetLength / 5));
          if (space != std::string::npos && space + 1 > starts.back()) starts.push_back(space + 1);
        }
        found.emplace_back(i, k);
      }
    }
    i = end;
  }
  if (found.empty()) return span_from(0);
  std::sort(starts.begin(), starts.end());
  // The span holding the most idf of distinct stems; the earliest on a tie.
  std::pair<std::size_t, std::size_t> best = span_from(0);
  double best_weight = -1;
  std::vector<std::size_t> seen(stems.size(), std::string::npos);  // start that last counted each stem
  std::size_t first = 0;                                          // first occurrence at or after the start
  for (const std::size_t start : starts) {
    while (first < found.size() && found[first].first < start) ++first;
    if (first == found.size()) break;
    const auto span = span_from(start);
    double weight = 0;
    for (std::size_t f = first; f < found.size() && found[f].first < span.second; ++f)
      if (seen[found[f].second] != start) {
        seen[found[f].second] = start;
        weight += stems[found[f].second].idf;
      }
    if (weight > best_weight) {
      best_weight = weight;
      best = span;
    }
  }
  return best;
}

}  // namespace m4d::search
